/* test-alert-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words of an alert as the on-call person reads them (GoAlert's
 * summary and details, received by a loopback peer): a summary that fits
 * is not cut; the details name whom the roster alerted and through which
 * roster; a caller with no number is said to be one the person cannot
 * call back. Mutation checks of vigie-target-alert.c found all three
 * unguarded (the cut was tested only far beyond its limit).
 */
#include "config.h"

#include <string.h>

#include "vigie-peer.h"
#include "vigie-secrets.h"
#include "vigie-target.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define SMS_CHARS 160

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
}

/* What GoAlert receives for @alert_json: its JSON body. */
static JsonObject *
goalert_receives (const char *alert_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (&error);
  g_autofree char *target_json = NULL;
  g_autoptr(JsonNode) target_node = NULL;
  g_autoptr(JsonNode) alert_node = json_from_string (alert_json, &error);
  g_autoptr(VigieTarget) target = NULL;
  g_autoptr(VigieSecrets) secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_FILE);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  VigiePeerRequest *request;

  g_assert_no_error (error);
  target_json = g_strdup_printf ("{\"id\": \"g\", \"type\": \"goalert\", \"url\": \"%s/api/v2/generic/incoming\"}",
                                 peer->base_url);
  target_node = json_from_string (target_json, &error);
  g_assert_no_error (error);
  target = vigie_target_new_from_json ("hebergix", json_node_get_object (target_node), &error);
  g_assert_no_error (error);
  g_assert_true (vigie_secrets_store (secrets, "hebergix", "g", "token", "t0ken", &error));
  g_assert_no_error (error);

  message = vigie_target_build_message (target, VIGIE_ALERT_ACTION_TRIGGER, "text-1",
                                        json_node_get_object (alert_node), secrets, &error);
  g_assert_no_error (error);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, sent_cb, NULL);
  VIGIE_TEST_WAIT_FOR (peer->requests->len == 1);
  request = g_ptr_array_index (peer->requests, 0);
  g_assert_nonnull (request->body);
  return json_object_ref (json_node_get_object (request->body));
}

/* One SMS exactly: sent whole, no "…". One more character: cut. */
static void
test_summary_fits (void)
{
  for (guint extra = 0; extra < 2; extra++)
    {
      g_autoptr(GString) summary = g_string_new (NULL);
      g_autofree char *alert = NULL;
      g_autoptr(JsonObject) body = NULL;
      const char *sent;

      for (guint i = 0; i < SMS_CHARS + extra; i++)
        g_string_append (summary, i % 2 ? "é" : "x");
      alert = g_strdup_printf ("{\"summary\": \"%s\"}", summary->str);
      body = goalert_receives (alert);
      sent = json_object_get_string_member (body, "summary");
      g_assert_cmpint (g_utf8_strlen (sent, -1), ==, SMS_CHARS);
      if (extra == 0)
        g_assert_cmpstr (sent, ==, summary->str);
      else
        g_assert_true (g_str_has_suffix (sent, "…"));
    }
}

static void
test_details_recipient (void)
{
  g_autoptr(JsonObject) with_roster = goalert_receives (
    "{\"summary\": \"Fuite\", \"caller\": {\"number\": \"+33698765432\"},"
    " \"recipient\": {\"name\": \"Alice Aubert\", \"roster_name\": \"Plomberie\"}}");
  g_autoptr(JsonObject) without_roster = goalert_receives (
    "{\"summary\": \"Fuite\", \"caller\": {\"number\": \"+33698765432\"},"
    " \"recipient\": {\"name\": \"Alice Aubert\"}}");
  const char *details = json_object_get_string_member (with_roster, "details");

  g_test_message ("%s", details);
  g_assert_nonnull (strstr (details, "On call: Alice Aubert (Plomberie)\n"));
  g_assert_nonnull (strstr (details, "Call back: +33698765432\n"));
  g_assert_null (strstr (details, "not possible"));
  details = json_object_get_string_member (without_roster, "details");
  g_assert_nonnull (strstr (details, "On call: Alice Aubert\n"));
}

/* A hidden number: the person reads that calling back is not possible,
 * rather than finding no number and wondering. */
static void
test_details_no_number (void)
{
  g_autoptr(JsonObject) body = goalert_receives ("{\"summary\": \"Fuite\", \"caller\": {\"name\": \"Anonyme\"}}");
  const char *details = json_object_get_string_member (body, "details");

  g_test_message ("%s", details);
  g_assert_nonnull (strstr (details, "Caller: Anonyme\n"));
  g_assert_nonnull (strstr (details, "Call back: not possible (no number)\n"));
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/alert-text/summary-fits", test_summary_fits);
  g_test_add_func ("/alert-text/details-recipient", test_details_recipient);
  g_test_add_func ("/alert-text/details-no-number", test_details_no_number);

  return g_test_run ();
}
