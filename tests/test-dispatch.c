/* test-dispatch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatcher against strict PagerDuty, GoAlert, ntfy and webhook peers
 * on loopback: contracts, retries, refusals, overdue alerts,
 * acknowledgements read back, resolve, deferred alerts across a restart.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-dispatch-fixture.h"
#include "vigie-test-cli.h"

#define PD_TARGET \
  "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\", \"api_url\": \"@PEER@\"," \
  "  \"links\": [{\"href\": \"https://astreinte.example/hebergix\", \"text\": \"Procédure\"}]}]"

static void
test_pagerduty_trigger (Fixture       *fixture,
                        gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  JsonObject *event, *payload, *details;
  VigiePeerRequest *request;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = vigie_peer_last (fixture->peer, "/v2/enqueue");
  g_assert_cmpuint (request->status, ==, 202);
  g_assert_cmpstr (request->content_type, ==, "application/json");
  event = body_of (request);
  g_assert_cmpstr (json_object_get_string_member (event, "routing_key"), ==, fixture->peer->routing_key);
  g_assert_cmpstr (json_object_get_string_member (event, "event_action"), ==, "trigger");
  g_assert_cmpstr (json_object_get_string_member (event, "dedup_key"), ==, key);
  payload = json_object_get_object_member (event, "payload");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (payload, "summary"), "[Hébergix] Panne majeure"));
  g_assert_cmpstr (json_object_get_string_member (payload, "source"), ==, "vigie/hebergix");
  /* Gravity 4 is PagerDuty's "critical" (docs/targets.md). */
  g_assert_cmpstr (json_object_get_string_member (payload, "severity"), ==, "critical");
  details = json_object_get_object_member (payload, "custom_details");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (details, "message"), "Plusieurs services ou clients hors ligne"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (details, "caller"), "number"),
                   ==, "+33698765432");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (event, "links")), ==, 1);

  g_assert_cmpuint (vigie_peer_n_accepted (fixture->peer, key), ==, 1);
  g_assert_cmpint (row_state (fixture, call, "pd", "trigger"), ==, VIGIE_OUTBOX_DELIVERED);
  g_assert_cmpuint (count_events (fixture, vigie_call_get_id (call), "decision"), ==, 1);
  g_assert_cmpuint (count_events (fixture, vigie_call_get_id (call), "alert-queued"), ==, 1);
  g_assert_cmpuint (count_events (fixture, vigie_call_get_id (call), "alert-attempt"), ==, 1);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Delivered to PagerDuty (202)"));
}

static void
test_pagerduty_acknowledge_resolve (Fixture       *fixture,
                                    gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  VigiePeerRequest *request;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  store_secret (fixture, "pd", "read_token", fixture->peer->read_token);

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  /* The on-call person acknowledges in PagerDuty: Vigie reads it back. */
  vigie_peer_pd_acknowledge (fixture->peer, key, "Karim Benali");
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_cmpstr (vigie_call_get_alert_message (call), ==, "Acknowledged by Karim Benali on pagerduty");
  request = vigie_peer_last (fixture->peer, "/incidents");
  g_assert_cmpstr (request->authorization, ==, "Token token=y_NbAkKc66ryYTWUXYEu");
  g_assert_cmpuint (count_events (fixture, vigie_call_get_id (call), "alert-acknowledged"), ==, 1);
  /* PagerDuty told us: no acknowledge event is sent back to it. */
  g_assert_null (row (fixture, call, "pd", "acknowledge"));

  g_assert_true (vigie_call_resolve (call, &error));
  g_assert_no_error (error);
  VIGIE_TEST_WAIT_FOR (row_state (fixture, call, "pd", "resolve") == VIGIE_OUTBOX_DELIVERED);
  request = vigie_peer_last (fixture->peer, "/v2/enqueue");
  g_assert_cmpstr (json_object_get_string_member (body_of (request), "event_action"), ==, "resolve");
  g_assert_cmpstr (json_object_get_string_member (body_of (request), "dedup_key"), ==, key);
  g_assert_false (json_object_has_member (body_of (request), "payload"));
  g_assert_cmpstr (g_hash_table_lookup (fixture->peer->incidents, key), ==, "resolved");
}

static void
test_operator_acknowledge (Fixture       *fixture,
                           gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  g_assert_true (vigie_call_acknowledge (call, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_ACKNOWLEDGED);
  /* The operator heard it first: PagerDuty is told, with the same key. */
  VIGIE_TEST_WAIT_FOR (row_state (fixture, call, "pd", "acknowledge") == VIGIE_OUTBOX_DELIVERED);
  g_assert_cmpstr (json_object_get_string_member (body_of (vigie_peer_last (fixture->peer, "/v2/enqueue")),
                                                  "event_action"), ==, "acknowledge");
  g_assert_cmpstr (g_hash_table_lookup (fixture->peer->incidents, key), ==, "acknowledged");
}

static void
test_pagerduty_rejected (Fixture       *fixture,
                         gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;

  /* A key of the right shape, but not this service's. */
  store_secret (fixture, "pd", "routing_key", "ffffffffffffffffffffffffffffffff");

  call = trigger_until (fixture, VIGIE_ALERT_FAILED);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_overdue (call));

  /* 400 is a configuration error: shown with the server's words, not retried. */
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "Invalid routing key"));
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Configuration error: PagerDuty answered 400"));
  g_assert_cmpuint (vigie_peer_count (fixture->peer, "/v2/enqueue", 0), ==, 1);
  entry = row (fixture, call, "pd", "trigger");
  g_assert_cmpint (entry->state, ==, VIGIE_OUTBOX_REJECTED);
  g_assert_cmpuint (entry->last_status, ==, 400);
  g_assert_cmpstr (vigie_call_get_oncall_phone (call), ==, "+33612345678");
  g_assert_cmpstr (g_ptr_array_index (fixture->overdue_phones, 0), ==, "+33612345678");
}

/* The operator triggers; the alert fails, its message holding each of
 * the words (NULL last), and the peer got @n requests under @prefix. */
static void
assert_trigger_fails (Fixture    *fixture,
                      const char *prefix,
                      guint       n,
                      const char *first_words,
                      ...)
{
  g_autoptr(VigieCall) call = trigger_until (fixture, VIGIE_ALERT_FAILED);
  va_list ap;

  va_start (ap, first_words);
  for (const char *words = first_words; words; words = va_arg (ap, const char *))
    g_assert_nonnull (strstr (vigie_call_get_alert_message (call), words));
  va_end (ap);
  g_assert_cmpuint (vigie_peer_count (fixture->peer, prefix, 0), ==, n);
}

static void
test_missing_secret (Fixture       *fixture,
                     gconstpointer  targets)
{
  assert_trigger_fails (fixture, "/", 0, "vigie alert secret hebergix pd routing_key", NULL);
}

static void
test_retry_500 (Fixture       *fixture,
                gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  fixture->peer->mode = VIGIE_PEER_FAIL_500;
  fixture->peer->fail_count = 3;

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  g_assert_cmpuint (vigie_peer_count (fixture->peer, "/v2/enqueue", 500), ==, 3);
  g_assert_cmpuint (vigie_peer_count (fixture->peer, "/v2/enqueue", 202), ==, 1);
  /* Every retry carried the same key. */
  for (guint i = 0; i < fixture->peer->requests->len; i++)
    g_assert_cmpstr (json_object_get_string_member (body_of (g_ptr_array_index (fixture->peer->requests, i)),
                                                    "dedup_key"), ==, key);
  entry = row (fixture, call, "pd", "trigger");
  g_assert_cmpuint (entry->attempts, ==, 4);
  g_assert_cmpuint (count_events (fixture, vigie_call_get_id (call), "alert-attempt"), ==, 4);
  g_assert_cmpuint (fixture->overdue->len, ==, 0);
}

static void
test_retry_429 (Fixture       *fixture,
                gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  VigiePeerRequest *first, *second;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  fixture->peer->mode = VIGIE_PEER_FAIL_429;
  fixture->peer->fail_count = 1;
  fixture->peer->retry_after = 2;

  call = trigger_until (fixture, VIGIE_ALERT_DELIVERED);

  g_assert_cmpuint (fixture->peer->requests->len, ==, 2);
  first = g_ptr_array_index (fixture->peer->requests, 0);
  second = g_ptr_array_index (fixture->peer->requests, 1);
  g_assert_cmpuint (first->status, ==, 429);
  /* Retry-After: 2 was honoured, although the backoff alone is 50 ms. */
  g_assert_cmpint (second->received_us - first->received_us, >=, 2 * G_USEC_PER_SEC - 100000);

  events = vigie_journal_list_events (vigie_context_get_journal (fixture->context), vigie_call_get_id (call), &error);
  g_assert_no_error (error);
  for (guint i = 0, n = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (!g_str_equal (event->kind, "alert-attempt"))
        continue;
      g_assert_nonnull (strstr (event->data, n == 0 ? "\"http_status\":429" : "\"http_status\":202"));
      g_assert_nonnull (strstr (event->data, "\"latency_ms\""));
      g_assert_nonnull (strstr (event->data, "\"target_id\":\"pd\""));
      n++;
    }
}

static void
test_down_then_back (Fixture       *fixture,
                     gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  vigie_dispatcher_set_overdue_delay (vigie_context_get_dispatcher (fixture->context), 1);
  vigie_peer_set_down (fixture->peer, TRUE);

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);

  /* No answer for the overdue delay: the desk is told to phone. */
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_overdue (call));
  g_assert_cmpstr (g_ptr_array_index (fixture->overdue, 0), ==, key);
  g_assert_cmpstr (g_ptr_array_index (fixture->overdue_phones, 0), ==, "+33612345678");
  entry = row (fixture, call, "pd", "trigger");
  g_assert_cmpint (entry->state, ==, VIGIE_OUTBOX_PENDING);
  g_assert_cmpuint (entry->attempts, >, 0);
  g_assert_cmpuint (entry->last_status, ==, 0);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_SENDING);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Not delivered yet, retrying: PagerDuty did not answer"));

  vigie_peer_set_down (fixture->peer, FALSE);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  g_assert_cmpuint (vigie_peer_n_accepted (fixture->peer, key), ==, 1);
  g_assert_cmpuint (fixture->overdue->len, ==, 1);
}

static void
test_slow (Fixture       *fixture,
           gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  vigie_dispatcher_set_timeout (vigie_context_get_dispatcher (fixture->context), 1);
  fixture->peer->mode = VIGIE_PEER_SLOW;
  fixture->peer->slow_ms = 2500;
  fixture->peer->fail_count = 1;

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  /* The timed-out request may still land later: the key folds it in. */
  VIGIE_TEST_WAIT_FOR (fixture->peer->requests->len >= 2);
  g_assert_cmpuint (vigie_peer_n_accepted (fixture->peer, key), ==, 1);
  {
    g_autoptr(VigieOutboxEntry) entry = row (fixture, call, "pd", "trigger");
    g_assert_cmpuint (entry->attempts, >=, 2);
  }
}

static void
test_goalert (Fixture       *fixture,
              gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *query = NULL;
  JsonObject *body;
  VigiePeerRequest *request;

  store_secret (fixture, "goalert", "token", fixture->peer->goalert_token);

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = vigie_peer_last (fixture->peer, "/api/v2/generic/incoming");
  query = g_strdup_printf ("token=%s", fixture->peer->goalert_token);
  g_assert_cmpstr (request->query, ==, query);
  body = body_of (request);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "summary"), "[Hébergix]"));
  g_assert_cmpint (g_utf8_strlen (json_object_get_string_member (body, "summary"), -1), <=, 160);
  g_assert_nonnull (strstr (json_object_get_string_member (body, "details"), "Plusieurs services"));
  g_assert_cmpstr (json_object_get_string_member (body, "dedup"), ==, key);
  g_assert_false (json_object_has_member (body, "action"));
  g_assert_cmpuint (vigie_peer_n_accepted (fixture->peer, key), ==, 1);

  g_assert_true (vigie_call_resolve (call, &error));
  g_assert_no_error (error);
  VIGIE_TEST_WAIT_FOR (row_state (fixture, call, "goalert", "resolve") == VIGIE_OUTBOX_DELIVERED);
  body = body_of (vigie_peer_last (fixture->peer, "/api/v2/generic/incoming"));
  g_assert_cmpstr (json_object_get_string_member (body, "action"), ==, "close");
  g_assert_cmpstr (g_hash_table_lookup (fixture->peer->incidents, key), ==, "resolved");
}

static void
test_goalert_bad_token (Fixture       *fixture,
                        gconstpointer  targets)
{
  store_secret (fixture, "goalert", "token", "not-the-key");
  assert_trigger_fails (fixture, "/api", 1, "401", "unauthorized", NULL);
}

static void
test_ntfy (Fixture       *fixture,
           gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *reply_url = NULL;
  JsonObject *body, *action;
  JsonArray *actions;
  VigiePeerRequest *request;

  fixture->peer->ntfy_token = g_strdup ("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
  store_secret (fixture, "ntfy", "token", fixture->peer->ntfy_token);
  /* The subscription to the reply topic started with the context: restart it with the token. */
  g_clear_object (&fixture->context);
  vigie_dispatch_fixture_open_context (fixture);

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = NULL;
  for (guint i = 0; i < fixture->peer->requests->len; i++)
    if (g_str_equal (((VigiePeerRequest *) g_ptr_array_index (fixture->peer->requests, i))->path, "/"))
      request = g_ptr_array_index (fixture->peer->requests, i);
  g_assert_nonnull (request);
  body = body_of (request);
  g_assert_cmpstr (request->authorization, ==, "Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
  body = body_of (request);
  g_assert_cmpstr (json_object_get_string_member (body, "topic"), ==, "hebergix-astreinte");
  /* JSON publishing keeps the accents that headers would mangle. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "title"), "[Hébergix] Panne majeure d'hébergement"));
  g_assert_nonnull (strstr (json_object_get_string_member (body, "message"), "Plusieurs services ou clients hors ligne"));
  g_assert_cmpint (json_object_get_int_member (body, "priority"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (body, "click"), ==, "https://astreinte.example");
  actions = json_object_get_array_member (body, "actions");
  g_assert_cmpuint (json_array_get_length (actions), ==, 3);
  action = json_array_get_object_element (actions, 0);
  g_assert_cmpstr (json_object_get_string_member (action, "action"), ==, "view");
  g_assert_cmpstr (json_object_get_string_member (action, "url"), ==, "tel:+33698765432");
  action = json_array_get_object_element (actions, 1);
  g_assert_cmpstr (json_object_get_string_member (action, "action"), ==, "http");
  reply_url = vigie_peer_url (fixture->peer, "/hebergix-acquittements");
  g_assert_cmpstr (json_object_get_string_member (action, "url"), ==, reply_url);
  ack = g_strdup_printf ("ack %s", key);
  g_assert_cmpstr (json_object_get_string_member (action, "body"), ==, ack);
  /* The false alarm's button (issue 16), to the same reply topic. */
  action = json_array_get_object_element (actions, 2);
  g_assert_cmpstr (json_object_get_string_member (action, "url"), ==, reply_url);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (action, "body"), "not-urgent "));

  /* The on-call person taps "I'm on it": the phone publishes to the reply topic. */
  vigie_peer_ntfy_publish (fixture->peer, "hebergix-acquittements", ack);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_cmpstr (vigie_call_get_alert_message (call), ==, "Acknowledged on ntfy");
  g_assert_cmpuint (count_events (fixture, vigie_call_get_id (call), "alert-acknowledged"), ==, 1);
}

static void
test_ntfy_unknown_ack_ignored (Fixture       *fixture,
                               gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ack = NULL;

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  /* Anyone can publish to a topic: a key Vigie never sent changes nothing. */
  vigie_peer_ntfy_publish (fixture->peer, "t-ack", "ack vigie-not-ours");
  vigie_peer_ntfy_publish (fixture->peer, "t-ack", "hello");
  ack = g_strdup_printf ("ack %s", key);
  vigie_peer_ntfy_publish (fixture->peer, "t-ack", ack);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_cmpuint (count_events (fixture, NULL, "alert-acknowledged"), ==, 1);
}

static void
test_webhook_template_unknown_placeholder (Fixture       *fixture,
                                           gconstpointer  targets)
{
  /* The shape of an SMS provider's REST API: form body, key in a header. */
  store_secret (fixture, "sms", "api_key", "sk_live_42");
  /* {{oncall_phone}} is not an alert member: a clear error, nothing sent. */
  assert_trigger_fails (fixture, "/", 0, "Unknown placeholder “{{oncall_phone}}”", NULL);
}

static void
test_webhook_template (Fixture       *fixture,
                       gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHashTable) form = NULL;
  VigiePeerRequest *request;

  store_secret (fixture, "sms", "api_key", "sk_live_42");
  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = vigie_peer_last (fixture->peer, "/hook/sms");
  g_assert_cmpstr (request->content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (request->idempotency_key, ==, key);
  form = soup_form_decode (request->raw);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (form, "text"), "[Hébergix] Panne majeure"));
  g_assert_true (g_str_has_suffix (g_hash_table_lookup (form, "text"), "— rappeler le +33698765432"));
  g_assert_cmpstr (g_hash_table_lookup (form, "ref"), ==, key);
}

static void
test_deferred_restart (Fixture       *fixture,
                       gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *key = NULL;
  VigieOutbox *outbox;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);

  /* "Lenteurs" is deferred by two hours. */
  call = decide (fixture, 2, VIGIE_DECISION_DEFER);
  key = vigie_call_dup_dedup_key (call);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_SCHEDULED);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Alert scheduled for "));
  entry = row (fixture, call, "pd", "trigger");
  g_assert_cmpint (entry->due_at, >, g_get_real_time () + (gint64) G_USEC_PER_SEC * 3600);

  /* Vigie stops before the due time… */
  g_clear_object (&call);
  g_clear_object (&fixture->context);
  g_assert_cmpuint (fixture->peer->requests->len, ==, 0);

  /* …the due time passes while it is down (moved by hand: no waiting two hours)… */
  {
    g_autofree char *journal = g_build_filename (fixture->data_dir, "journal.sqlite", NULL);
    g_autoptr(VigieJournal) j = vigie_journal_open (journal, &error);
    g_autoptr(VigieOutbox) o = vigie_outbox_new (j, &error);
    g_autoptr(JsonNode) alert = json_from_string ("{\"summary\": \"later\", \"gravity\": 2}", NULL);
    g_autoptr(VigieOutboxEntry) past = vigie_outbox_entry_new ("vigie-deferred-past", VIGIE_ALERT_ACTION_TRIGGER,
                                                              "hebergix", "pd", alert);

    g_assert_no_error (error);
    past->due_at = past->next_attempt_at = g_get_real_time () - G_USEC_PER_SEC;
    g_assert_true (vigie_outbox_enqueue (o, past, &error));
    g_assert_no_error (error);
  }

  /* …and on restart the alert now due leaves; the later one still waits. */
  vigie_dispatch_fixture_open_context (fixture);
  outbox = vigie_context_get_outbox (fixture->context);
  VIGIE_TEST_WAIT_FOR (vigie_peer_n_accepted (fixture->peer, "vigie-deferred-past") == 1);
  list = vigie_outbox_list_key (outbox, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((VigieOutboxEntry *) g_ptr_array_index (list, 0))->state, ==, VIGIE_OUTBOX_PENDING);
  g_assert_cmpuint (vigie_peer_n_received (fixture->peer, key), ==, 0);
}

/* Switchboards reuse call ids (their counters restart): a new call with
 * the id of a closed one, then again after a restart, is a new emergency
 * and is alerted each time. */
static VigieCall *
decide_call_id (Fixture    *fixture,
                const char *call_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = vigie_context_open_call (fixture->context, "+33 6 98 76 54 32",
                                                       "0800 300 400", call_id, &error);

  g_assert_no_error (error);
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&call);
}

static void
test_reused_call_id (Fixture       *fixture,
                     gconstpointer  targets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VigieCall) call = NULL;

      /* The third time, after a restart of the desk. */
      if (i == 2)
        {
          g_clear_object (&fixture->context);
          vigie_dispatch_fixture_open_context (fixture);
        }
      call = decide_call_id (fixture, "4242");
      g_assert_cmpstr (vigie_call_get_id (call), ==, "4242");
      VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
      g_ptr_array_add (keys, vigie_call_dup_dedup_key (call));
      g_assert_cmpuint (vigie_peer_n_accepted (fixture->peer, g_ptr_array_index (keys, i)), ==, 1);
      g_assert_cmpuint (vigie_peer_count (fixture->peer, "/v2/enqueue", 202), ==, i + 1);
      g_assert_true (vigie_call_close (call, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (g_ptr_array_index (keys, 0), !=, g_ptr_array_index (keys, 1));
  g_assert_cmpstr (g_ptr_array_index (keys, 1), !=, g_ptr_array_index (keys, 2));
  g_assert_cmpstr (g_ptr_array_index (keys, 0), !=, g_ptr_array_index (keys, 2));
  g_assert_cmpuint (count_events (fixture, "4242", "alert-queued"), ==, 3);

  /* A late acknowledgement of the first call does not silence a fourth. */
  {
    g_autoptr(VigieCall) call = decide_call_id (fixture, "4242");

    g_assert_true (vigie_dispatcher_acknowledge (vigie_context_get_dispatcher (fixture->context), "4242",
                                                 g_ptr_array_index (keys, 0), "pagerduty", "Karim", &error));
    g_assert_no_error (error);
    VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
    g_assert_cmpuint (vigie_peer_count (fixture->peer, "/v2/enqueue", 202), >=, 4);
  }
}

static void
test_two_targets_one_refuses (Fixture       *fixture,
                              gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  store_secret (fixture, "goalert", "token", "wrong");

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  VIGIE_TEST_WAIT_FOR (row_state (fixture, call, "goalert", "trigger") == VIGIE_OUTBOX_REJECTED &&
            row_state (fixture, call, "pd", "trigger") == VIGIE_OUTBOX_DELIVERED);
  /* One target took it: the on-call person is reached, no banner. */
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_DELIVERED);
  {
    g_autoptr(GPtrArray) overdue = vigie_outbox_list_overdue (vigie_context_get_outbox (fixture->context),
                                                              g_get_real_time (), 0, NULL);
    g_assert_cmpuint (overdue->len, ==, 0);
  }
  g_assert_false (vigie_call_get_alert_overdue (call));
}

static void
test_bad_configuration (void)
{
  static const struct {
    const char *targets;
    const char *message;
  } cases[] = {
    { "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"routing_key\": \"abc\"}]", "“routing_key” is a secret" },
    { "[{\"id\": \"x\", \"type\": \"pigeon\"}]", "unknown type “pigeon”" },
    { "[{\"id\": \"x\", \"type\": \"webhook\", \"url\": \"ftp://example.org\"}]", "is not a valid URL" },
    { "[{\"id\": \"x\", \"type\": \"ntfy\"}]", "ntfy needs a “topic”" },
    { "[{\"id\": \"x\", \"type\": \"mail\", \"url\": \"smtp://mail.example:587\"}]", "“from” and a “to” list" },
    { "[{\"id\": \"x\", \"type\": \"webhook\", \"url\": \"http://a.example\"}, {\"id\": \"x\", \"type\": \"webhook\", \"url\": \"http://b.example\"}]", "two targets are called “x”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700), vigie_test_make_data_dir (NULL));
      g_autoptr(VigieContext) context = NULL;

      vigie_peer_write_targets (dir, "hebergix", cases[i].targets, "+33612345678");
      context = vigie_context_new (dir, &error);
      g_assert_null (context);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].message);
    }
}

static void
test_no_target (Fixture       *fixture,
                gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_FAILED);
  g_assert_true (vigie_call_get_alert_overdue (call));
  g_assert_cmpstr (vigie_call_get_oncall_phone (call), ==, "+33612345678");
  g_assert_cmpuint (count_events (fixture, vigie_call_get_id (call), "decision"), ==, 1);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_send_test_alert (Fixture       *fixture,
                      gconstpointer  targets)
{
  g_autoptr(VigieTestResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  VigieDispatcher *dispatcher;
  VigieClient *client;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  dispatcher = vigie_context_get_dispatcher (fixture->context);
  client = vigie_directory_find_client (vigie_context_get_directory (fixture->context), "hebergix");

  vigie_dispatcher_test_async (dispatcher, vigie_client_find_target (client, "pd"), NULL,
                               store_result_cb, &async);
  VIGIE_TEST_WAIT_FOR (async != NULL);
  result = vigie_dispatcher_test_finish (dispatcher, async, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->verdict, ==, VIGIE_TARGET_VERDICT_DELIVERED);
  g_assert_cmpuint (result->status, ==, 202);
  g_assert_nonnull (strstr (result->message, "Event processed"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     body_of (vigie_peer_last (fixture->peer, "/v2/enqueue")), "payload"), "severity"), ==, "info");
  g_assert_cmpuint (count_events (fixture, NULL, "alert-test"), ==, 1);
  /* A test goes nowhere near the outbox. */
  g_assert_cmpint (vigie_outbox_count (vigie_context_get_outbox (fixture->context), VIGIE_OUTBOX_DELIVERED, NULL), ==, 0);
}

/* `vigie ARGS…` on the fixture's data folder, its stderr in @run's out. */
#define VIGIE(run, input, ...) \
  vigie_test_run_vigie ((run), fixture->data_dir, (input), VIGIE_TEST_RUN_MERGE_STDERR, __VA_ARGS__)

static void
test_cli (Fixture       *fixture,
          gconstpointer  targets)
{
  g_auto(VigieTestRun) run = { 0 };
  g_autofree char *secrets_path = NULL;
  GStatBuf st;


  /* No routing key yet: the test says so, exit status 1. */
  g_assert_cmpint (VIGIE (&run, NULL, "alert", "test", "hebergix", "pd", NULL), ==, 1);
  g_assert_nonnull (strstr (run.out, "pd (PagerDuty): refused (configuration error) — Target “pd” of client “hebergix” has no “routing_key”"));

  /* Stored from standard input, in the 0600 file (no keyring in tests). */
  g_assert_cmpint (VIGIE (&run, "R0UT1NGKEY0123456789abcdefABCDEF\n",
                            "alert", "secret", "hebergix", "pd", "routing_key", NULL), ==, 0);
  secrets_path = g_build_filename (g_get_user_config_dir (), "vigie", "secrets.ini", NULL);
  g_assert_cmpint (g_stat (secrets_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (VIGIE (&run, NULL, "alert", "test", "hebergix", "pd", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "pd (PagerDuty): delivered — 202 Event processed"));

  /* Every target of the client, each with the platform's answer. */
  g_assert_cmpint (VIGIE (&run, "", "alert", "test", "hebergix", NULL), ==, 1);
  g_assert_nonnull (strstr (run.out, "pd (PagerDuty): delivered"));
  g_assert_nonnull (strstr (run.out, "goalert (GoAlert): refused (configuration error)"));

  g_assert_cmpint (VIGIE (&run, NULL, "alert", "test", "nobody", NULL), ==, 1);
  g_assert_nonnull (strstr (run.out, "no client “nobody”"));
  g_assert_cmpint (VIGIE (&run, NULL, "alert", "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (run.out, "Usage: vigie alert test CLIENT"));
}

/* A platform that quotes the request in its 400: the routing key must
 * reach neither the append-only journal, nor the desk, nor the terminal. */
static void
test_answer_redacted (Fixture       *fixture,
                      gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(VigieTestRun) run = { 0 };

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  fixture->peer->echo_400 = TRUE;

  call = trigger_until (fixture, VIGIE_ALERT_FAILED);
  /* The peer did echo it… */
  g_assert_nonnull (strstr (vigie_peer_last (fixture->peer, "/v2/enqueue")->raw, fixture->peer->routing_key));
  /* …and Vigie kept only the mask. */
  g_assert_null (strstr (vigie_call_get_alert_message (call), fixture->peer->routing_key));
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "[secret]"));
  events = vigie_journal_list_events (vigie_context_get_journal (fixture->context), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    g_assert_null (strstr (((VigieJournalEvent *) g_ptr_array_index (events, i))->data, fixture->peer->routing_key));

  /* `vigie alert test` prints the answer, masked, and journals it so. */
  g_clear_object (&call);
  g_clear_object (&fixture->context);
  g_assert_cmpint (VIGIE (&run, NULL, "alert", "test", "hebergix", "pd", NULL), ==, 1);
  g_assert_nonnull (strstr (run.out, "[secret]"));
  g_assert_null (strstr (run.out, fixture->peer->routing_key));
  vigie_dispatch_fixture_open_context (fixture);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = vigie_journal_list_events (vigie_context_get_journal (fixture->context), NULL, &error);
  for (guint i = 0; i < events->len; i++)
    g_assert_null (strstr (((VigieJournalEvent *) g_ptr_array_index (events, i))->data, fixture->peer->routing_key));
}

/* One target hangs (its answer takes 8 s), another asks to be retried
 * in 3 s: the second is retried at 3 s, not when the first answers. */
static void
test_retry_after_while_other_hangs (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) hanging = vigie_peer_new (&error);
  g_autofree char *targets = NULL;
  g_autofree char *key = NULL;
  VigiePeerRequest *first = NULL, *second = NULL;

  g_assert_no_error (error);
  hanging->mode = VIGIE_PEER_SLOW;
  hanging->slow_ms = 8000;
  hanging->fail_count = -1;
  targets = g_strdup_printf ("[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\"},"
                             " {\"id\": \"hook\", \"type\": \"webhook\", \"url\": \"%s/hook\"}]",
                             hanging->base_url);
  vigie_dispatch_fixture_setup (&fixture, targets);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  vigie_dispatcher_set_timeout (vigie_context_get_dispatcher (fixture.context), 30);
  fixture.peer->mode = VIGIE_PEER_FAIL_429;
  fixture.peer->fail_count = 1;
  fixture.peer->retry_after = 3;

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_peer_n_accepted (fixture.peer, key) == 1);

  g_assert_cmpuint (fixture.peer->requests->len, ==, 2);
  first = g_ptr_array_index (fixture.peer->requests, 0);
  second = g_ptr_array_index (fixture.peer->requests, 1);
  g_assert_cmpuint (first->status, ==, 429);
  g_test_message ("retried after %.1f s", (second->received_us - first->received_us) / 1e6);
  g_assert_cmpint (second->received_us - first->received_us, >=, 3 * G_USEC_PER_SEC - 100000);
  g_assert_cmpint (second->received_us - first->received_us, <, 5 * G_USEC_PER_SEC);
  /* The other target was still waiting for its answer; it comes. */
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  g_assert_cmpuint (hanging->requests->len, ==, 1);
  g_assert_cmpuint (vigie_dispatcher_get_n_in_flight (vigie_context_get_dispatcher (fixture.context)), ==, 1);
  VIGIE_TEST_WAIT_FOR (row_state (&fixture, call, "hook", "trigger") == VIGIE_OUTBOX_DELIVERED);

  g_clear_object (&call);
  vigie_dispatch_fixture_teardown (&fixture, NULL);
}

int
main (int    argc,
      char **argv)
{
  vigie_test_init (&argc, &argv);

  vigie_dispatch_test_add ("/dispatch/pagerduty/trigger", PD_TARGET, test_pagerduty_trigger);
  vigie_dispatch_test_add ("/dispatch/pagerduty/acknowledge-resolve", PD_TARGET, test_pagerduty_acknowledge_resolve);
  vigie_dispatch_test_add ("/dispatch/pagerduty/rejected", PD_TARGET, test_pagerduty_rejected);
  vigie_dispatch_test_add ("/dispatch/operator-acknowledge", PD_TARGET, test_operator_acknowledge);
  vigie_dispatch_test_add ("/dispatch/missing-secret", PD_TARGET, test_missing_secret);
  vigie_dispatch_test_add ("/dispatch/retry/500", PD_TARGET, test_retry_500);
  vigie_dispatch_test_add ("/dispatch/retry/429-retry-after", PD_TARGET, test_retry_429);
  vigie_dispatch_test_add ("/dispatch/retry/down-overdue", PD_TARGET, test_down_then_back);
  vigie_dispatch_test_add ("/dispatch/retry/slow", PD_TARGET, test_slow);
  g_test_add_func ("/dispatch/retry/after-while-other-hangs", test_retry_after_while_other_hangs);
  vigie_dispatch_test_add ("/dispatch/goalert", "[{\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]", test_goalert);
  vigie_dispatch_test_add ("/dispatch/goalert/bad-token", "[{\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]", test_goalert_bad_token);
  vigie_dispatch_test_add ("/dispatch/ntfy", "[{\"id\": \"ntfy\", \"type\": \"ntfy\", \"url\": \"@PEER@\", \"topic\": \"hebergix-astreinte\","
                           "  \"reply_topic\": \"hebergix-acquittements\", \"click\": \"https://astreinte.example\"}]", test_ntfy);
  vigie_dispatch_test_add ("/dispatch/ntfy/unknown-ack", "[{\"id\": \"ntfy\", \"type\": \"ntfy\", \"url\": \"@PEER@\", \"topic\": \"t\","
                           "  \"reply_topic\": \"t-ack\"}]", test_ntfy_unknown_ack_ignored);
  vigie_dispatch_test_add ("/dispatch/webhook/template/unknown-placeholder",
                           "[{\"id\": \"sms\", \"type\": \"webhook\", \"url\": \"@PEER@/hook/sms\","
                           "  \"content_type\": \"application/x-www-form-urlencoded\","
                           "  \"headers\": {\"X-Api-Key\": \"{{secret:api_key}}\"},"
                           "  \"body\": \"to={{oncall_phone}}&text={{summary}} — rappeler le {{caller.number}}&ref={{dedup_key}}\"}]",
                           test_webhook_template_unknown_placeholder);
  vigie_dispatch_test_add ("/dispatch/webhook/template", "[{\"id\": \"sms\", \"type\": \"webhook\", \"url\": \"@PEER@/hook/sms\","
                           "  \"content_type\": \"application/x-www-form-urlencoded\","
                           "  \"headers\": {\"X-Api-Key\": \"{{secret:api_key}}\"},"
                           "  \"body\": \"text={{summary}} — rappeler le {{caller.number}}&ref={{dedup_key}}\"}]", test_webhook_template);
  vigie_dispatch_test_add ("/dispatch/deferred-restart", PD_TARGET, test_deferred_restart);
  vigie_dispatch_test_add ("/dispatch/two-targets", "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\"},"
                           " {\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]", test_two_targets_one_refuses);
  vigie_dispatch_test_add ("/dispatch/reused-call-id", PD_TARGET, test_reused_call_id);
  g_test_add_func ("/dispatch/bad-configuration", test_bad_configuration);
  vigie_dispatch_test_add ("/dispatch/no-target", "[]", test_no_target);
  vigie_dispatch_test_add ("/dispatch/test-alert", PD_TARGET, test_send_test_alert);
  vigie_dispatch_test_add ("/dispatch/cli", "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\"},"
                           " {\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]", test_cli);
  vigie_dispatch_test_add ("/dispatch/answer-redacted", PD_TARGET, test_answer_redacted);

  return g_test_run ();
}
