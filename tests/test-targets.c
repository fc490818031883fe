/* test-targets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The platforms' wire contracts, built without any network: the gravity
 * table, every request body, templates, answer classification with
 * Retry-After, the mail, and the secret store's 0600 file fallback.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-peer.h"
#include "vigie-secrets.h"
#include "vigie-target.h"
#include "vigie-test-wait.h"

static const char alert_json[] =
  "{\"call_id\": \"c-1\", \"received_at\": \"2026-03-14T02:17:00Z\","
  " \"summary\": \"[Hébergix] Panne majeure d'hébergement — Jérôme Faure\","
  " \"client\": {\"id\": \"hebergix\", \"name\": \"Hébergix\"},"
  " \"caller\": {\"number\": \"+33698765432\", \"name\": \"Jérôme Faure\"},"
  " \"answers\": [{\"question\": \"Quel est le type d'incident ?\", \"answer\": \"Site inaccessible\"}],"
  " \"nature\": \"Panne majeure\", \"gravity\": 4, \"message\": \"Tout est tombé \\\"vraiment\\\"\"}";

static VigieTarget *
target_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  VigieTarget *target;

  g_assert_no_error (error);
  target = vigie_target_new_from_json ("hebergix", json_node_get_object (node), &error);
  g_assert_no_error (error);
  return target;
}

static JsonObject *
alert (void)
{
  g_autoptr(JsonNode) node = json_from_string (alert_json, NULL);
  return json_object_ref (json_node_get_object (node));
}

static VigieSecrets *
file_secrets (void)
{
  return vigie_secrets_new (VIGIE_SECRETS_BACKEND_FILE);
}

static void
test_gravity_table (void)
{
  static const char * const pd[] = { "info", "warning", "error", "critical" };
  static const int ntfy[] = { 2, 3, 4, 5 };

  for (int g = 1; g <= 4; g++)
    {
      g_assert_cmpstr (vigie_gravity_to_pagerduty (g), ==, pd[g - 1]);
      g_assert_cmpint (vigie_gravity_to_ntfy (g), ==, ntfy[g - 1]);
      g_assert_cmpstr (vigie_gravity_to_severity_label (g), ==, pd[g - 1]);
    }
  /* Out of range clamps rather than inventing a severity. */
  g_assert_cmpstr (vigie_gravity_to_pagerduty (0), ==, "info");
  g_assert_cmpstr (vigie_gravity_to_pagerduty (9), ==, "critical");
  g_assert_cmpstr (vigie_gravity_to_mail_priority (4), ==, "1 (Highest)");
}

static void
test_classify (void)
{
  g_autoptr(VigieTarget) target = target_new ("{\"id\": \"pd\", \"type\": \"pagerduty\"}");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  static const char pd_answer[] = "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Invalid routing key\"]}";
  g_autoptr(GBytes) pd_400 = g_bytes_new_static (pd_answer, strlen (pd_answer));
  gint64 now = (gint64) 1800000000 * G_USEC_PER_SEC;
  gint64 retry_at = -1;
  g_autofree char *message = NULL;

  g_assert_cmpint (vigie_target_classify (target, 202, NULL, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_DELIVERED);
  g_assert_cmpint (vigie_target_classify (target, 204, NULL, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_DELIVERED);
  for (guint status = 500; status < 505; status++)
    g_assert_cmpint (vigie_target_classify (target, status, NULL, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_RETRY);
  g_assert_cmpint (vigie_target_classify (target, 0, NULL, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_RETRY);
  g_assert_cmpint (vigie_target_classify (target, 408, NULL, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_RETRY);
  for (guint status = 400; status < 408; status++)
    g_assert_cmpint (vigie_target_classify (target, status, NULL, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_REJECTED);
  g_assert_cmpint (vigie_target_classify (target, 413, NULL, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_REJECTED);

  /* The server's own words reach the operator. */
  g_assert_cmpint (vigie_target_classify (target, 400, NULL, pd_400, now, &retry_at, &message), ==, VIGIE_TARGET_VERDICT_REJECTED);
  g_assert_cmpstr (message, ==, "PagerDuty answered 400 Bad Request: Event object is invalid; Invalid routing key");

  /* Retry-After in seconds… */
  soup_message_headers_replace (headers, "Retry-After", "30");
  g_assert_cmpint (vigie_target_classify (target, 429, headers, NULL, now, &retry_at, NULL), ==, VIGIE_TARGET_VERDICT_RETRY);
  g_assert_cmpint (retry_at, ==, now + 30 * G_USEC_PER_SEC);
  /* …or as an HTTP date (1800000120 s = Fri, 15 Jan 2027 08:02:00 GMT)… */
  soup_message_headers_replace (headers, "Retry-After", "Fri, 15 Jan 2027 08:02:00 GMT");
  vigie_target_classify (target, 503, headers, NULL, now, &retry_at, NULL);
  g_assert_cmpint (retry_at, ==, now + 120 * G_USEC_PER_SEC);
  /* …capped at an hour, and ignored when unreadable. */
  soup_message_headers_replace (headers, "Retry-After", "999999");
  vigie_target_classify (target, 429, headers, NULL, now, &retry_at, NULL);
  g_assert_cmpint (retry_at, ==, now + (gint64) 3600 * G_USEC_PER_SEC);
  soup_message_headers_replace (headers, "Retry-After", "soon");
  vigie_target_classify (target, 429, headers, NULL, now, &retry_at, NULL);
  g_assert_cmpint (retry_at, ==, 0);
}

static void
test_template (void)
{
  g_autoptr(JsonObject) a = alert ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *form = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(JsonNode) parsed = NULL;

  /* In a JSON body, values are escaped inside the template's quotes. */
  json = vigie_target_expand_template ("{\"text\": \"{{message}}\", \"n\": {{gravity}}, \"a\": \"{{action}}\"}",
                                       a, "trigger", "application/json", NULL, NULL, &error);
  g_assert_no_error (error);
  parsed = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (parsed), "text"), ==, "Tout est tombé \"vraiment\"");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (parsed), "n"), ==, 4);

  form = vigie_target_expand_template ("to=x&text={{client.name}} {{caller.number}}", a, "trigger",
                                       "application/x-www-form-urlencoded", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (form, ==, "to=x&text=H%C3%A9bergix %2B33698765432");

  missing = vigie_target_expand_template ("{{caller.mood}}", a, "trigger", NULL, NULL, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (vigie_target_expand_template ("{{summary", a, "trigger", NULL, NULL, NULL, &error));
  g_assert_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID);
}

static void
test_pagerduty_actions (void)
{
  g_autoptr(VigieTarget) target = target_new ("{\"id\": \"pd\", \"type\": \"pagerduty\"}");
  g_autoptr(VigieSecrets) secrets = file_secrets ();
  g_autoptr(JsonObject) a = alert ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) missing = NULL;

  g_assert_cmpstr (vigie_target_get_url (target), ==, "https://events.pagerduty.com/v2/enqueue");
  g_assert_true (vigie_target_supports (target, VIGIE_ALERT_ACTION_ACKNOWLEDGE));
  g_assert_true (vigie_target_supports (target, VIGIE_ALERT_ACTION_RESOLVE));

  missing = vigie_target_build_message (target, VIGIE_ALERT_ACTION_TRIGGER, "k", a, secrets, &error);
  g_assert_null (missing);
  g_assert_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_MISSING_SECRET);
}

static void
test_supports (void)
{
  g_autoptr(VigieTarget) ntfy = target_new ("{\"id\": \"n\", \"type\": \"ntfy\", \"topic\": \"t\"}");
  g_autoptr(VigieTarget) goalert = target_new ("{\"id\": \"g\", \"type\": \"goalert\", \"url\": \"https://goalert.example/api/v2/generic/incoming\"}");
  g_autoptr(VigieTarget) am = target_new ("{\"id\": \"a\", \"type\": \"alertmanager\", \"url\": \"http://127.0.0.1:9093\"}");
  g_autoptr(VigieTarget) hook = target_new ("{\"id\": \"w\", \"type\": \"webhook\", \"url\": \"https://sms.example/send\"}");
  g_autoptr(VigieTarget) hook2 = target_new ("{\"id\": \"w2\", \"type\": \"webhook\", \"url\": \"https://sms.example/send\", \"send_resolve\": true}");
  g_autoptr(VigieTarget) mail = target_new ("{\"id\": \"m\", \"type\": \"mail\", \"url\": \"smtp://mail.example:587\", \"from\": \"a@b.example\", \"to\": [\"c@d.example\"]}");

  g_assert_cmpstr (vigie_target_get_url (ntfy), ==, "https://ntfy.sh");
  g_assert_false (vigie_target_supports (ntfy, VIGIE_ALERT_ACTION_RESOLVE));
  g_assert_false (vigie_target_supports (ntfy, VIGIE_ALERT_ACTION_ACKNOWLEDGE));
  g_assert_true (vigie_target_supports (goalert, VIGIE_ALERT_ACTION_RESOLVE));
  g_assert_false (vigie_target_supports (goalert, VIGIE_ALERT_ACTION_ACKNOWLEDGE));
  g_assert_true (vigie_target_supports (am, VIGIE_ALERT_ACTION_RESOLVE));
  g_assert_false (vigie_target_supports (hook, VIGIE_ALERT_ACTION_RESOLVE));
  g_assert_true (vigie_target_supports (hook2, VIGIE_ALERT_ACTION_RESOLVE));
  g_assert_false (vigie_target_supports (mail, VIGIE_ALERT_ACTION_RESOLVE));
  g_assert_true (vigie_target_supports (mail, VIGIE_ALERT_ACTION_TRIGGER));
}

static void
test_mail_message (void)
{
  g_autoptr(VigieTarget) mail = target_new ("{\"id\": \"m\", \"type\": \"mail\", \"url\": \"smtp://mail.example:587\","
                                            " \"from\": \"astreinte@vigie.example\", \"to\": [\"a@hebergix.example\", \"b@hebergix.example\"]}");
  g_autoptr(JsonObject) a = alert ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 3, 14, 3, 17, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vigie_target_build_mail (mail, VIGIE_ALERT_ACTION_TRIGGER, "vigie-c-1", a, now, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "Date: Sat, 14 Mar 2026 03:17:00 +0100\r\n"
                                         "From: astreinte@vigie.example\r\n"
                                         "To: a@hebergix.example, b@hebergix.example\r\n"
                                         "Subject: =?UTF-8?B?"));
  g_assert_nonnull (strstr (text, "\r\nMessage-ID: <vigie-c-1@vigie.invalid>\r\n"));
  g_assert_nonnull (strstr (text, "\r\n\r\n[Hébergix] Panne majeure d'hébergement — Jérôme Faure\r\n"));
  /* Every line ends in CRLF: no bare LF reaches the SMTP server. */
  for (const char *p = text; (p = strchr (p, '\n')); p++)
    g_assert_cmpint (p[-1], ==, '\r');

  g_assert_null (vigie_target_build_mail (mail, VIGIE_ALERT_ACTION_RESOLVE, "k", a, now, &error));
  g_assert_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_UNSUPPORTED);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
}

/* Sends @message to the loopback peer and returns the JSON it received:
 * the body as the platform would read it. */
static JsonNode *
sent_body (SoupMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (&error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GUri) to = NULL;
  VigiePeerRequest *request;

  g_assert_no_error (error);
  to = soup_uri_copy (soup_message_get_uri (message), SOUP_URI_PORT, peer->port, SOUP_URI_NONE);
  soup_message_set_uri (message, to);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, sent_cb, NULL);
  VIGIE_TEST_WAIT_FOR (peer->requests->len == 1 && soup_message_get_status (message) != SOUP_STATUS_NONE);

  request = g_ptr_array_index (peer->requests, 0);
  g_assert_nonnull (request->body);
  return json_node_copy (request->body);
}

static void
test_summary_cut (void)
{
  g_autoptr(VigieTarget) target = target_new ("{\"id\": \"g\", \"type\": \"goalert\", \"url\": \"http://127.0.0.1:1/api/v2/generic/incoming\"}");
  g_autoptr(VigieSecrets) secrets = file_secrets ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(JsonObject) a = json_object_new ();
  g_autoptr(SoupMessage) message = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append (summary, "é—");
  json_object_set_string_member (a, "summary", summary->str);
  g_assert_true (vigie_secrets_store (secrets, "hebergix", "g", "token", "tok en/&", &error));
  g_assert_no_error (error);

  message = vigie_target_build_message (target, VIGIE_ALERT_ACTION_TRIGGER, "k", a, secrets, &error);
  g_assert_no_error (error);
  /* The token is escaped into the query, as GoAlert reads it. */
  g_assert_cmpstr (g_uri_get_query (soup_message_get_uri (message)), ==, "token=tok%20en%2F%26");

  /* GoAlert texts the summary: 200 characters are cut to one SMS (160),
   * on a character boundary, and the cut is shown. The body is read where
   * GoAlert would read it, on a loopback server. */
  {
    g_autoptr(JsonNode) parsed = sent_body (message);
    g_autofree char *prefix = NULL;
    const char *sent;

    sent = json_object_get_string_member (json_node_get_object (parsed), "summary");
    g_assert_true (g_utf8_validate (sent, -1, NULL));
    g_assert_cmpint (g_utf8_strlen (sent, -1), ==, 160);
    g_assert_true (g_str_has_suffix (sent, "…"));
    prefix = g_utf8_substring (summary->str, 0, 159);
    g_assert_true (g_str_has_prefix (sent, prefix));
  }
}

/* ntfy shows the summary as the notification's title, capped at 250
 * characters; the whole text stays in the message. */
static void
test_ntfy_title_cut (void)
{
  g_autoptr(VigieTarget) target = target_new ("{\"id\": \"n\", \"type\": \"ntfy\", \"topic\": \"t\", \"url\": \"http://127.0.0.1:1\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(JsonObject) a = json_object_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *prefix = NULL;
  const char *title;

  for (guint i = 0; i < 150; i++)
    g_string_append (summary, "é—");
  json_object_set_string_member (a, "summary", summary->str);
  message = vigie_target_build_message (target, VIGIE_ALERT_ACTION_TRIGGER, "k", a, NULL, &error);
  g_assert_no_error (error);

  parsed = sent_body (message);
  title = json_object_get_string_member (json_node_get_object (parsed), "title");
  g_assert_cmpint (g_utf8_strlen (title, -1), ==, 250);
  g_assert_true (g_str_has_suffix (title, "…"));
  prefix = g_utf8_substring (summary->str, 0, 249);
  g_assert_true (g_str_has_prefix (title, prefix));
}

/* A webhook's configured headers are templates too, secrets included;
 * a header that is not a string is skipped. */
static void
test_webhook_headers (void)
{
  g_autoptr(VigieTarget) hook = target_new ("{\"id\": \"w\", \"type\": \"webhook\", \"url\": \"https://sms.example/send\","
                                            " \"headers\": {\"X-Api-Key\": \"{{secret:api_key}}\", \"X-Severity\": \"{{severity}}\","
                                            " \"X-Count\": 3}}");
  g_autoptr(VigieSecrets) secrets = file_secrets ();
  g_autoptr(JsonObject) a = alert ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  g_assert_true (vigie_secrets_store (secrets, "hebergix", "w", "api_key", "k-123", &error));
  g_assert_no_error (error);
  message = vigie_target_build_message (hook, VIGIE_ALERT_ACTION_TRIGGER, "vigie-c-1", a, secrets, &error);
  g_assert_no_error (error);
  headers = soup_message_get_request_headers (message);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Api-Key"), ==, "k-123");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Severity"), ==, "critical");
  g_assert_null (soup_message_headers_get_one (headers, "X-Count"));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Idempotency-Key"), ==, "vigie-c-1");
}

static void
test_secrets_file (void)
{
  g_autoptr(VigieSecrets) secrets = file_secrets ();
  g_autoptr(VigieSecrets) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_cmpint (vigie_secrets_get_backend (secrets), ==, VIGIE_SECRETS_BACKEND_FILE);
  g_assert_null (vigie_secrets_lookup (secrets, "hebergix", "pd", "routing_key", &error));
  g_assert_no_error (error);

  g_assert_true (vigie_secrets_store (secrets, "hebergix", "pd", "routing_key", "R0UT1NG=KEY#1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (vigie_secrets_get_path (secrets), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Another process (a fresh store) reads it back. */
  again = file_secrets ();
  value = vigie_secrets_lookup (again, "hebergix", "pd", "routing_key", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "R0UT1NG=KEY#1");

  /* A file someone opened up is closed again before use. */
  g_assert_cmpint (g_chmod (vigie_secrets_get_path (secrets), 0644), ==, 0);
  g_clear_object (&again);
  g_clear_pointer (&value, g_free);
  again = file_secrets ();
  g_test_expect_message ("vigie-secrets", G_LOG_LEVEL_WARNING, "*readable by others*");
  value = vigie_secrets_lookup (again, "hebergix", "pd", "routing_key", &error);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (value, ==, "R0UT1NG=KEY#1");
  g_assert_cmpint (g_stat (vigie_secrets_get_path (secrets), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (vigie_secrets_clear (secrets, "hebergix", "pd", "routing_key", &error));
  g_assert_true (g_file_get_contents (vigie_secrets_get_path (secrets), &contents, NULL, &error));
  g_assert_null (strstr (contents, "R0UT1NG"));

  /* Names that would corrupt the key file are refused. */
  g_assert_false (vigie_secrets_store (secrets, "a/b", "pd", "x", "v", &error));
  g_assert_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/targets/gravity-table", test_gravity_table);
  g_test_add_func ("/targets/classify", test_classify);
  g_test_add_func ("/targets/template", test_template);
  g_test_add_func ("/targets/pagerduty-actions", test_pagerduty_actions);
  g_test_add_func ("/targets/supports", test_supports);
  g_test_add_func ("/targets/mail-message", test_mail_message);
  g_test_add_func ("/targets/goalert-token-escaped", test_summary_cut);
  g_test_add_func ("/targets/ntfy-title-cut", test_ntfy_title_cut);
  g_test_add_func ("/targets/webhook-headers", test_webhook_headers);
  g_test_add_func ("/targets/secrets-file", test_secrets_file);

  return g_test_run ();
}
