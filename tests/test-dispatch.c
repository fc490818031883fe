/* test-dispatch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatcher against strict PagerDuty, GoAlert, ntfy and webhook peers
 * on loopback: contracts, retries, refusals, overdue alerts,
 * acknowledgements read back, resolve, deferred alerts across a restart.
 */
#include "config.h"

#include "vigie-peer-fixture.h"

#define PD_TARGET \
  "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\", \"api_url\": \"@PEER@\"," \
  "  \"links\": [{\"href\": \"https://astreinte.example/hebergix\", \"text\": \"Procédure\"}]}]"

static void
test_pagerduty_trigger (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  JsonObject *event, *payload, *details;
  VigiePeerRequest *request;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = vigie_peer_last (fixture.peer, "/v2/enqueue");
  g_assert_cmpuint (request->status, ==, 202);
  g_assert_cmpstr (request->content_type, ==, "application/json");
  event = body_of (request);
  g_assert_cmpstr (json_object_get_string_member (event, "routing_key"), ==, fixture.peer->routing_key);
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

  g_assert_cmpuint (vigie_peer_n_accepted (fixture.peer, key), ==, 1);
  g_assert_cmpint (row_state (&fixture, call, "pd", "trigger"), ==, VIGIE_OUTBOX_DELIVERED);
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "decision"), ==, 1);
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "alert-queued"), ==, 1);
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "alert-attempt"), ==, 1);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Delivered to PagerDuty (202)"));

  teardown (&fixture);
}

static void
test_pagerduty_acknowledge_resolve (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  VigiePeerRequest *request;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  store_secret (&fixture, "pd", "read_token", fixture.peer->read_token);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  /* The on-call person acknowledges in PagerDuty: Vigie reads it back. */
  vigie_peer_pd_acknowledge (fixture.peer, key, "Karim Benali");
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_cmpstr (vigie_call_get_alert_message (call), ==, "Acknowledged by Karim Benali on pagerduty");
  request = vigie_peer_last (fixture.peer, "/incidents");
  g_assert_cmpstr (request->authorization, ==, "Token token=y_NbAkKc66ryYTWUXYEu");
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "alert-acknowledged"), ==, 1);
  /* PagerDuty told us: no acknowledge event is sent back to it. */
  g_assert_null (row (&fixture, call, "pd", "acknowledge"));

  g_assert_true (vigie_call_resolve (call, &error));
  g_assert_no_error (error);
  WAIT_FOR (row_state (&fixture, call, "pd", "resolve") == VIGIE_OUTBOX_DELIVERED);
  request = vigie_peer_last (fixture.peer, "/v2/enqueue");
  g_assert_cmpstr (json_object_get_string_member (body_of (request), "event_action"), ==, "resolve");
  g_assert_cmpstr (json_object_get_string_member (body_of (request), "dedup_key"), ==, key);
  g_assert_false (json_object_has_member (body_of (request), "payload"));
  g_assert_cmpstr (g_hash_table_lookup (fixture.peer->incidents, key), ==, "resolved");

  teardown (&fixture);
}

static void
test_operator_acknowledge (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  g_assert_true (vigie_call_acknowledge (call, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_ACKNOWLEDGED);
  /* The operator heard it first: PagerDuty is told, with the same key. */
  WAIT_FOR (row_state (&fixture, call, "pd", "acknowledge") == VIGIE_OUTBOX_DELIVERED);
  g_assert_cmpstr (json_object_get_string_member (body_of (vigie_peer_last (fixture.peer, "/v2/enqueue")),
                                                  "event_action"), ==, "acknowledge");
  g_assert_cmpstr (g_hash_table_lookup (fixture.peer->incidents, key), ==, "acknowledged");

  teardown (&fixture);
}

static void
test_pagerduty_rejected (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;

  setup (&fixture, PD_TARGET);
  /* A key of the right shape, but not this service's. */
  store_secret (&fixture, "pd", "routing_key", "ffffffffffffffffffffffffffffffff");

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  WAIT_FOR (vigie_call_get_alert_overdue (call));

  /* 400 is a configuration error: shown with the server's words, not retried. */
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "Invalid routing key"));
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Configuration error: PagerDuty answered 400"));
  g_assert_cmpuint (vigie_peer_count (fixture.peer, "/v2/enqueue", 0), ==, 1);
  entry = row (&fixture, call, "pd", "trigger");
  g_assert_cmpint (entry->state, ==, VIGIE_OUTBOX_REJECTED);
  g_assert_cmpuint (entry->last_status, ==, 400);
  g_assert_cmpstr (vigie_call_get_oncall_phone (call), ==, "+33612345678");
  g_assert_cmpstr (g_ptr_array_index (fixture.overdue_phones, 0), ==, "+33612345678");

  teardown (&fixture);
}

static void
test_missing_secret (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;

  setup (&fixture, PD_TARGET);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "vigie alert secret hebergix pd routing_key"));
  g_assert_cmpuint (vigie_peer_count (fixture.peer, "/", 0), ==, 0);

  teardown (&fixture);
}

static void
test_retry_500 (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  fixture.peer->mode = VIGIE_PEER_FAIL_500;
  fixture.peer->fail_count = 3;

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  g_assert_cmpuint (vigie_peer_count (fixture.peer, "/v2/enqueue", 500), ==, 3);
  g_assert_cmpuint (vigie_peer_count (fixture.peer, "/v2/enqueue", 202), ==, 1);
  /* Every retry carried the same key. */
  for (guint i = 0; i < fixture.peer->requests->len; i++)
    g_assert_cmpstr (json_object_get_string_member (body_of (g_ptr_array_index (fixture.peer->requests, i)),
                                                    "dedup_key"), ==, key);
  entry = row (&fixture, call, "pd", "trigger");
  g_assert_cmpuint (entry->attempts, ==, 4);
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "alert-attempt"), ==, 4);
  g_assert_cmpuint (fixture.overdue->len, ==, 0);

  teardown (&fixture);
}

static void
test_retry_429 (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  VigiePeerRequest *first, *second;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  fixture.peer->mode = VIGIE_PEER_FAIL_429;
  fixture.peer->fail_count = 1;
  fixture.peer->retry_after = 2;

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  g_assert_cmpuint (fixture.peer->requests->len, ==, 2);
  first = g_ptr_array_index (fixture.peer->requests, 0);
  second = g_ptr_array_index (fixture.peer->requests, 1);
  g_assert_cmpuint (first->status, ==, 429);
  /* Retry-After: 2 was honoured, although the backoff alone is 50 ms. */
  g_assert_cmpint (second->received_us - first->received_us, >=, 2 * G_USEC_PER_SEC - 100000);

  events = vigie_journal_list_events (vigie_context_get_journal (fixture.context), vigie_call_get_id (call), &error);
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

  teardown (&fixture);
}

static void
test_down_then_back (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  vigie_dispatcher_set_overdue_delay (vigie_context_get_dispatcher (fixture.context), 1);
  vigie_peer_set_down (fixture.peer, TRUE);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);

  /* No answer for the overdue delay: the desk is told to phone. */
  WAIT_FOR (vigie_call_get_alert_overdue (call));
  g_assert_cmpstr (g_ptr_array_index (fixture.overdue, 0), ==, key);
  g_assert_cmpstr (g_ptr_array_index (fixture.overdue_phones, 0), ==, "+33612345678");
  entry = row (&fixture, call, "pd", "trigger");
  g_assert_cmpint (entry->state, ==, VIGIE_OUTBOX_PENDING);
  g_assert_cmpuint (entry->attempts, >, 0);
  g_assert_cmpuint (entry->last_status, ==, 0);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_SENDING);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Not delivered yet, retrying: PagerDuty did not answer"));

  vigie_peer_set_down (fixture.peer, FALSE);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  g_assert_cmpuint (vigie_peer_n_accepted (fixture.peer, key), ==, 1);
  g_assert_cmpuint (fixture.overdue->len, ==, 1);

  teardown (&fixture);
}

static void
test_slow (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  vigie_dispatcher_set_timeout (vigie_context_get_dispatcher (fixture.context), 1);
  fixture.peer->mode = VIGIE_PEER_SLOW;
  fixture.peer->slow_ms = 2500;
  fixture.peer->fail_count = 1;

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  /* The timed-out request may still land later: the key folds it in. */
  WAIT_FOR (fixture.peer->requests->len >= 2);
  g_assert_cmpuint (vigie_peer_n_accepted (fixture.peer, key), ==, 1);
  {
    g_autoptr(VigieOutboxEntry) entry = row (&fixture, call, "pd", "trigger");
    g_assert_cmpuint (entry->attempts, >=, 2);
  }

  teardown (&fixture);
}

static void
test_goalert (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *query = NULL;
  JsonObject *body;
  VigiePeerRequest *request;

  setup (&fixture, "[{\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]");
  store_secret (&fixture, "goalert", "token", fixture.peer->goalert_token);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = vigie_peer_last (fixture.peer, "/api/v2/generic/incoming");
  query = g_strdup_printf ("token=%s", fixture.peer->goalert_token);
  g_assert_cmpstr (request->query, ==, query);
  body = body_of (request);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "summary"), "[Hébergix]"));
  g_assert_cmpint (g_utf8_strlen (json_object_get_string_member (body, "summary"), -1), <=, 160);
  g_assert_nonnull (strstr (json_object_get_string_member (body, "details"), "Plusieurs services"));
  g_assert_cmpstr (json_object_get_string_member (body, "dedup"), ==, key);
  g_assert_false (json_object_has_member (body, "action"));
  g_assert_cmpuint (vigie_peer_n_accepted (fixture.peer, key), ==, 1);

  g_assert_true (vigie_call_resolve (call, &error));
  g_assert_no_error (error);
  WAIT_FOR (row_state (&fixture, call, "goalert", "resolve") == VIGIE_OUTBOX_DELIVERED);
  body = body_of (vigie_peer_last (fixture.peer, "/api/v2/generic/incoming"));
  g_assert_cmpstr (json_object_get_string_member (body, "action"), ==, "close");
  g_assert_cmpstr (g_hash_table_lookup (fixture.peer->incidents, key), ==, "resolved");

  teardown (&fixture);
}

static void
test_goalert_bad_token (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;

  setup (&fixture, "[{\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]");
  store_secret (&fixture, "goalert", "token", "not-the-key");

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "401"));
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "unauthorized"));
  g_assert_cmpuint (vigie_peer_count (fixture.peer, "/api", 0), ==, 1);

  teardown (&fixture);
}

static void
test_ntfy (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *reply_url = NULL;
  JsonObject *body, *action;
  JsonArray *actions;
  VigiePeerRequest *request;

  setup (&fixture, "[{\"id\": \"ntfy\", \"type\": \"ntfy\", \"url\": \"@PEER@\", \"topic\": \"hebergix-astreinte\","
                   "  \"reply_topic\": \"hebergix-acquittements\", \"click\": \"https://astreinte.example\"}]");
  fixture.peer->ntfy_token = g_strdup ("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
  store_secret (&fixture, "ntfy", "token", fixture.peer->ntfy_token);
  /* The subscription to the reply topic started with the context: restart it with the token. */
  g_clear_object (&fixture.context);
  open_context (&fixture);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = NULL;
  for (guint i = 0; i < fixture.peer->requests->len; i++)
    if (g_str_equal (((VigiePeerRequest *) g_ptr_array_index (fixture.peer->requests, i))->path, "/"))
      request = g_ptr_array_index (fixture.peer->requests, i);
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
  reply_url = vigie_peer_url (fixture.peer, "/hebergix-acquittements");
  g_assert_cmpstr (json_object_get_string_member (action, "url"), ==, reply_url);
  ack = g_strdup_printf ("ack %s", key);
  g_assert_cmpstr (json_object_get_string_member (action, "body"), ==, ack);
  /* The false alarm's button (issue 16), to the same reply topic. */
  action = json_array_get_object_element (actions, 2);
  g_assert_cmpstr (json_object_get_string_member (action, "url"), ==, reply_url);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (action, "body"), "not-urgent "));

  /* The on-call person taps "I'm on it": the phone publishes to the reply topic. */
  vigie_peer_ntfy_publish (fixture.peer, "hebergix-acquittements", ack);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_cmpstr (vigie_call_get_alert_message (call), ==, "Acknowledged on ntfy");
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "alert-acknowledged"), ==, 1);

  teardown (&fixture);
}

static void
test_ntfy_unknown_ack_ignored (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ack = NULL;

  setup (&fixture, "[{\"id\": \"ntfy\", \"type\": \"ntfy\", \"url\": \"@PEER@\", \"topic\": \"t\","
                   "  \"reply_topic\": \"t-ack\"}]");
  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  /* Anyone can publish to a topic: a key Vigie never sent changes nothing. */
  vigie_peer_ntfy_publish (fixture.peer, "t-ack", "ack vigie-not-ours");
  vigie_peer_ntfy_publish (fixture.peer, "t-ack", "hello");
  ack = g_strdup_printf ("ack %s", key);
  vigie_peer_ntfy_publish (fixture.peer, "t-ack", ack);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_cmpuint (count_events (&fixture, NULL, "alert-acknowledged"), ==, 1);

  teardown (&fixture);
}

static void
test_webhook_template (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHashTable) form = NULL;
  VigiePeerRequest *request;

  /* The shape of an SMS provider's REST API: form body, key in a header. */
  setup (&fixture, "[{\"id\": \"sms\", \"type\": \"webhook\", \"url\": \"@PEER@/hook/sms\","
                   "  \"content_type\": \"application/x-www-form-urlencoded\","
                   "  \"headers\": {\"X-Api-Key\": \"{{secret:api_key}}\"},"
                   "  \"body\": \"to={{oncall_phone}}&text={{summary}} — rappeler le {{caller.number}}&ref={{dedup_key}}\"}]");
  store_secret (&fixture, "sms", "api_key", "sk_live_42");

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  /* {{oncall_phone}} is not an alert member: a clear error, nothing sent. */
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "Unknown placeholder “{{oncall_phone}}”"));
  g_assert_cmpuint (fixture.peer->requests->len, ==, 0);
  teardown (&fixture);

  memset (&fixture, 0, sizeof fixture);
  setup (&fixture, "[{\"id\": \"sms\", \"type\": \"webhook\", \"url\": \"@PEER@/hook/sms\","
                   "  \"content_type\": \"application/x-www-form-urlencoded\","
                   "  \"headers\": {\"X-Api-Key\": \"{{secret:api_key}}\"},"
                   "  \"body\": \"text={{summary}} — rappeler le {{caller.number}}&ref={{dedup_key}}\"}]");
  store_secret (&fixture, "sms", "api_key", "sk_live_42");
  call = (g_object_unref (call), decide (&fixture, 0, VIGIE_DECISION_TRIGGER));
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  request = vigie_peer_last (fixture.peer, "/hook/sms");
  g_assert_cmpstr (request->content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (request->idempotency_key, ==, key);
  form = soup_form_decode (request->raw);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (form, "text"), "[Hébergix] Panne majeure"));
  g_assert_true (g_str_has_suffix (g_hash_table_lookup (form, "text"), "— rappeler le +33698765432"));
  g_assert_cmpstr (g_hash_table_lookup (form, "ref"), ==, key);

  teardown (&fixture);
}

static void
test_deferred_restart (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *key = NULL;
  VigieOutbox *outbox;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);

  /* "Lenteurs" is deferred by two hours. */
  call = decide (&fixture, 2, VIGIE_DECISION_DEFER);
  key = vigie_call_dup_dedup_key (call);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_SCHEDULED);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Alert scheduled for "));
  entry = row (&fixture, call, "pd", "trigger");
  g_assert_cmpint (entry->due_at, >, g_get_real_time () + (gint64) G_USEC_PER_SEC * 3600);

  /* Vigie stops before the due time… */
  g_clear_object (&call);
  g_clear_object (&fixture.context);
  g_assert_cmpuint (fixture.peer->requests->len, ==, 0);

  /* …the due time passes while it is down (moved by hand: no waiting two hours)… */
  {
    g_autofree char *journal = g_build_filename (fixture.data_dir, "journal.sqlite", NULL);
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
  open_context (&fixture);
  outbox = vigie_context_get_outbox (fixture.context);
  WAIT_FOR (vigie_peer_n_accepted (fixture.peer, "vigie-deferred-past") == 1);
  list = vigie_outbox_list_key (outbox, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((VigieOutboxEntry *) g_ptr_array_index (list, 0))->state, ==, VIGIE_OUTBOX_PENDING);
  g_assert_cmpuint (vigie_peer_n_received (fixture.peer, key), ==, 0);

  teardown (&fixture);
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
test_reused_call_id (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VigieCall) call = NULL;

      /* The third time, after a restart of the desk. */
      if (i == 2)
        {
          g_clear_object (&fixture.context);
          open_context (&fixture);
        }
      call = decide_call_id (&fixture, "4242");
      g_assert_cmpstr (vigie_call_get_id (call), ==, "4242");
      WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
      g_ptr_array_add (keys, vigie_call_dup_dedup_key (call));
      g_assert_cmpuint (vigie_peer_n_accepted (fixture.peer, g_ptr_array_index (keys, i)), ==, 1);
      g_assert_cmpuint (vigie_peer_count (fixture.peer, "/v2/enqueue", 202), ==, i + 1);
      g_assert_true (vigie_call_close (call, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (g_ptr_array_index (keys, 0), !=, g_ptr_array_index (keys, 1));
  g_assert_cmpstr (g_ptr_array_index (keys, 1), !=, g_ptr_array_index (keys, 2));
  g_assert_cmpstr (g_ptr_array_index (keys, 0), !=, g_ptr_array_index (keys, 2));
  g_assert_cmpuint (count_events (&fixture, "4242", "alert-queued"), ==, 3);

  /* A late acknowledgement of the first call does not silence a fourth. */
  {
    g_autoptr(VigieCall) call = decide_call_id (&fixture, "4242");

    g_assert_true (vigie_dispatcher_acknowledge (vigie_context_get_dispatcher (fixture.context), "4242",
                                                 g_ptr_array_index (keys, 0), "pagerduty", "Karim", &error));
    g_assert_no_error (error);
    WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
    g_assert_cmpuint (vigie_peer_count (fixture.peer, "/v2/enqueue", 202), >=, 4);
  }

  teardown (&fixture);
}

static void
test_two_targets_one_refuses (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;

  setup (&fixture, "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\"},"
                   " {\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]");
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  store_secret (&fixture, "goalert", "token", "wrong");

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  WAIT_FOR (row_state (&fixture, call, "goalert", "trigger") == VIGIE_OUTBOX_REJECTED &&
            row_state (&fixture, call, "pd", "trigger") == VIGIE_OUTBOX_DELIVERED);
  /* One target took it: the on-call person is reached, no banner. */
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_DELIVERED);
  {
    g_autoptr(GPtrArray) overdue = vigie_outbox_list_overdue (vigie_context_get_outbox (fixture.context),
                                                              g_get_real_time (), 0, NULL);
    g_assert_cmpuint (overdue->len, ==, 0);
  }
  g_assert_false (vigie_call_get_alert_overdue (call));

  teardown (&fixture);
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
test_no_target (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;

  setup (&fixture, "[]");
  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_FAILED);
  g_assert_true (vigie_call_get_alert_overdue (call));
  g_assert_cmpstr (vigie_call_get_oncall_phone (call), ==, "+33612345678");
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "decision"), ==, 1);

  teardown (&fixture);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_send_test_alert (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieTestResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  VigieDispatcher *dispatcher;
  VigieClient *client;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  dispatcher = vigie_context_get_dispatcher (fixture.context);
  client = vigie_directory_find_client (vigie_context_get_directory (fixture.context), "hebergix");

  vigie_dispatcher_test_async (dispatcher, vigie_client_find_target (client, "pd"), NULL,
                               store_result_cb, &async);
  WAIT_FOR (async != NULL);
  result = vigie_dispatcher_test_finish (dispatcher, async, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->verdict, ==, VIGIE_TARGET_VERDICT_DELIVERED);
  g_assert_cmpuint (result->status, ==, 202);
  g_assert_nonnull (strstr (result->message, "Event processed"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     body_of (vigie_peer_last (fixture.peer, "/v2/enqueue")), "payload"), "severity"), ==, "info");
  g_assert_cmpuint (count_events (&fixture, NULL, "alert-test"), ==, 1);
  /* A test goes nowhere near the outbox. */
  g_assert_cmpint (vigie_outbox_count (vigie_context_get_outbox (fixture.context), VIGIE_OUTBOX_DELIVERED, NULL), ==, 0);

  teardown (&fixture);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs `vigie ARGS…` on the fixture's data directory, serving the peer
 * meanwhile; returns its exit status and standard output. */
static int
run_cli (Fixture     *fixture,
         const char  *input,
         char       **output,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL));
  va_start (args, output);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "VIGIE_DATA_DIR", fixture->data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, communicate_cb, &result);
  WAIT_FOR (result != NULL);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, result, output, &err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_cli (void)
{
  Fixture fixture = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *secrets_path = NULL;
  GStatBuf st;

  setup (&fixture, "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\"},"
                   " {\"id\": \"goalert\", \"type\": \"goalert\", \"url\": \"@PEER@/api/v2/generic/incoming\"}]");

  /* No routing key yet: the test says so, exit status 1. */
  g_assert_cmpint (run_cli (&fixture, NULL, &out, "alert", "test", "hebergix", "pd", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "pd (PagerDuty): refused (configuration error) — Target “pd” of client “hebergix” has no “routing_key”"));
  g_clear_pointer (&out, g_free);

  /* Stored from standard input, in the 0600 file (no keyring in tests). */
  g_assert_cmpint (run_cli (&fixture, "R0UT1NGKEY0123456789abcdefABCDEF\n", &out,
                            "alert", "secret", "hebergix", "pd", "routing_key", NULL), ==, 0);
  secrets_path = g_build_filename (g_get_user_config_dir (), "vigie", "secrets.ini", NULL);
  g_assert_cmpint (g_stat (secrets_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&fixture, NULL, &out, "alert", "test", "hebergix", "pd", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "pd (PagerDuty): delivered — 202 Event processed"));
  g_clear_pointer (&out, g_free);

  /* Every target of the client, each with the platform's answer. */
  g_assert_cmpint (run_cli (&fixture, "", &out, "alert", "test", "hebergix", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "pd (PagerDuty): delivered"));
  g_assert_nonnull (strstr (out, "goalert (GoAlert): refused (configuration error)"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&fixture, NULL, &out, "alert", "test", "nobody", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "no client “nobody”"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&fixture, NULL, &out, "alert", "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (out, "Usage: vigie alert test CLIENT"));

  teardown (&fixture);
}

/* A platform that quotes the request in its 400: the routing key must
 * reach neither the append-only journal, nor the desk, nor the terminal. */
static void
test_answer_redacted (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  fixture.peer->echo_400 = TRUE;

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  /* The peer did echo it… */
  g_assert_nonnull (strstr (vigie_peer_last (fixture.peer, "/v2/enqueue")->raw, fixture.peer->routing_key));
  /* …and Vigie kept only the mask. */
  g_assert_null (strstr (vigie_call_get_alert_message (call), fixture.peer->routing_key));
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "[secret]"));
  events = vigie_journal_list_events (vigie_context_get_journal (fixture.context), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    g_assert_null (strstr (((VigieJournalEvent *) g_ptr_array_index (events, i))->data, fixture.peer->routing_key));

  /* `vigie alert test` prints the answer, masked, and journals it so. */
  g_clear_object (&call);
  g_clear_object (&fixture.context);
  g_assert_cmpint (run_cli (&fixture, NULL, &out, "alert", "test", "hebergix", "pd", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "[secret]"));
  g_assert_null (strstr (out, fixture.peer->routing_key));
  open_context (&fixture);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = vigie_journal_list_events (vigie_context_get_journal (fixture.context), NULL, &error);
  for (guint i = 0; i < events->len; i++)
    g_assert_null (strstr (((VigieJournalEvent *) g_ptr_array_index (events, i))->data, fixture.peer->routing_key));

  teardown (&fixture);
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
  setup (&fixture, targets);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  vigie_dispatcher_set_timeout (vigie_context_get_dispatcher (fixture.context), 30);
  fixture.peer->mode = VIGIE_PEER_FAIL_429;
  fixture.peer->fail_count = 1;
  fixture.peer->retry_after = 3;

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  WAIT_FOR (vigie_peer_n_accepted (fixture.peer, key) == 1);

  g_assert_cmpuint (fixture.peer->requests->len, ==, 2);
  first = g_ptr_array_index (fixture.peer->requests, 0);
  second = g_ptr_array_index (fixture.peer->requests, 1);
  g_assert_cmpuint (first->status, ==, 429);
  g_test_message ("retried after %.1f s", (second->received_us - first->received_us) / 1e6);
  g_assert_cmpint (second->received_us - first->received_us, >=, 3 * G_USEC_PER_SEC - 100000);
  g_assert_cmpint (second->received_us - first->received_us, <, 5 * G_USEC_PER_SEC);
  /* The other target was still waiting for its answer; it comes. */
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  g_assert_cmpuint (hanging->requests->len, ==, 1);
  g_assert_cmpuint (vigie_dispatcher_get_n_in_flight (vigie_context_get_dispatcher (fixture.context)), ==, 1);
  WAIT_FOR (row_state (&fixture, call, "hook", "trigger") == VIGIE_OUTBOX_DELIVERED);

  g_clear_object (&call);
  teardown (&fixture);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dispatch/pagerduty/trigger", test_pagerduty_trigger);
  g_test_add_func ("/dispatch/pagerduty/acknowledge-resolve", test_pagerduty_acknowledge_resolve);
  g_test_add_func ("/dispatch/pagerduty/rejected", test_pagerduty_rejected);
  g_test_add_func ("/dispatch/operator-acknowledge", test_operator_acknowledge);
  g_test_add_func ("/dispatch/missing-secret", test_missing_secret);
  g_test_add_func ("/dispatch/retry/500", test_retry_500);
  g_test_add_func ("/dispatch/retry/429-retry-after", test_retry_429);
  g_test_add_func ("/dispatch/retry/down-overdue", test_down_then_back);
  g_test_add_func ("/dispatch/retry/slow", test_slow);
  g_test_add_func ("/dispatch/retry/after-while-other-hangs", test_retry_after_while_other_hangs);
  g_test_add_func ("/dispatch/goalert", test_goalert);
  g_test_add_func ("/dispatch/goalert/bad-token", test_goalert_bad_token);
  g_test_add_func ("/dispatch/ntfy", test_ntfy);
  g_test_add_func ("/dispatch/ntfy/unknown-ack", test_ntfy_unknown_ack_ignored);
  g_test_add_func ("/dispatch/webhook/template", test_webhook_template);
  g_test_add_func ("/dispatch/deferred-restart", test_deferred_restart);
  g_test_add_func ("/dispatch/two-targets", test_two_targets_one_refuses);
  g_test_add_func ("/dispatch/reused-call-id", test_reused_call_id);
  g_test_add_func ("/dispatch/bad-configuration", test_bad_configuration);
  g_test_add_func ("/dispatch/no-target", test_no_target);
  g_test_add_func ("/dispatch/test-alert", test_send_test_alert);
  g_test_add_func ("/dispatch/cli", test_cli);
  g_test_add_func ("/dispatch/answer-redacted", test_answer_redacted);

  return g_test_run ();
}
