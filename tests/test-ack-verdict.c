/* test-ack-verdict.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 16, points 2 and 3, against the strict ntfy and PagerDuty peers:
 * the on-call person's "Not urgent" answer (ntfy's third button, the
 * operator's `vigie acknowledge --not-urgent`) is journaled as a false
 * alarm the indicators count, once even when the reply topic replays it;
 * the intervention's start and end from ntfy's follow-up buttons, and its
 * end from a PagerDuty incident resolved, are journaled with the person and
 * when it started, so the labour checks count the night's work.
 */
#include "config.h"

#include "vigie-dispatch-fixture.h"
#include "vigie-roster-store.h"

#define NTFY_TARGET \
  "[{\"id\": \"ntfy\", \"type\": \"ntfy\", \"url\": \"@PEER@\", \"topic\": \"hebergix-astreinte\"," \
  "  \"reply_topic\": \"hebergix-acquittements\"}]"

#define PD_TARGET \
  "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\", \"api_url\": \"@PEER@\"}]"

static guint
count_kind (Fixture    *fixture,
            const char *call_id,
            const char *kind,
            const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (vigie_context_get_journal (fixture->context),
                                                           call_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, kind) && (needle == NULL || strstr (event->data, needle)))
        n++;
    }
  return n;
}

static JsonObject *
event_data (Fixture    *fixture,
            const char *call_id,
            const char *kind,
            char      **at)
{
  g_autoptr(GPtrArray) events = vigie_journal_list_events (vigie_context_get_journal (fixture->context),
                                                           call_id, NULL);

  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, kind))
        {
          g_autoptr(JsonNode) node = json_from_string (event->data, NULL);

          if (at)
            *at = g_strdup (event->at);
          return json_object_ref (json_node_get_object (node));
        }
    }
  return NULL;
}

/* The ntfy messages posted to the alert topic, in order. */
static JsonObject *
ntfy_post (Fixture *fixture,
           guint    n)
{
  for (guint i = 0; i < fixture->peer->requests->len; i++)
    {
      VigiePeerRequest *request = g_ptr_array_index (fixture->peer->requests, i);

      if (g_str_equal (request->path, "/") && request->body && n-- == 0)
        return json_node_get_object (request->body);
    }
  return NULL;
}

static const char *
action_body (JsonObject *post,
             guint       i)
{
  JsonArray *actions = json_object_get_array_member (post, "actions");

  return json_object_get_string_member (json_array_get_object_element (actions, i), "body");
}

static gboolean
delivered (Fixture    *fixture,
           const char *key)
{
  g_autoptr(GPtrArray) list = vigie_outbox_list_key (vigie_context_get_outbox (fixture->context), key, NULL);

  return list->len > 0 && ((VigieOutboxEntry *) g_ptr_array_index (list, 0))->state == VIGIE_OUTBOX_DELIVERED;
}

static void
publish (Fixture    *fixture,
         const char *verb,
         const char *key)
{
  g_autofree char *text = g_strdup_printf ("%s %s", verb, key);

  vigie_peer_ntfy_publish (fixture->peer, "hebergix-acquittements", text);
}

static void
test_ntfy_not_urgent (Fixture       *fixture,
                      gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autofree VigieJournalStats *stats = NULL;
  g_autofree char *key = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *post;

  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  /* Three buttons: call back, I'm on it, not urgent. */
  post = ntfy_post (fixture, 0);
  g_assert_nonnull (post);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (post, "actions")), ==, 3);
  expected = g_strdup_printf ("not-urgent %s", key);
  g_assert_cmpstr (action_body (post, 2), ==, expected);

  publish (fixture, "not-urgent", key);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_ACKNOWLEDGED);
  VIGIE_TEST_WAIT_FOR (count_kind (fixture, vigie_call_get_id (call), "alert-acknowledged", NULL) == 1);
  data = event_data (fixture, vigie_call_get_id (call), "alert-acknowledged", NULL);
  g_assert_cmpstr (json_object_get_string_member (data, "status"), ==, "not-urgent");
  g_assert_cmpstr (json_object_get_string_member (data, "verdict"), ==, "not-urgent");
  g_assert_cmpstr (json_object_get_string_member (data, "source"), ==, "ntfy");

  /* Replayed (a restart reads the topic ten minutes back): counted once. */
  publish (fixture, "not-urgent", key);
  publish (fixture, "ack", key);
  VIGIE_TEST_WAIT_FOR (ntfy_post (fixture, 1) != NULL);  /* the follow-up, after the acknowledgement */
  g_assert_cmpuint (count_kind (fixture, vigie_call_get_id (call), "alert-acknowledged", NULL), ==, 1);
  /* The follow-up's own attempt leaves the call's summary saying so. */
  VIGIE_TEST_WAIT_FOR (count_kind (fixture, vigie_call_get_id (call), "alert-attempt", "\"acknowledge\"") == 1);
  {
    g_autoptr(VigieJournalCall) summary = vigie_journal_get_call (vigie_context_get_journal (fixture->context),
                                                                  vigie_call_get_id (call), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (summary->alert_status, ==, "not-urgent");
  }

  stats = vigie_journal_compute_stats (vigie_context_get_journal (fixture->context), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats->false_alarms, ==, 1);

}

/* The operator's path: acknowledged first (the person phoned back), then
 * marked not urgent; one plain acknowledgement, one false alarm. */
static void
test_operator_not_urgent (Fixture       *fixture,
                          gconstpointer  targets)
{
  g_autoptr(VigieCall) call = NULL;
  g_autofree VigieJournalStats *stats = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  VigieDispatcher *dispatcher;

  dispatcher = vigie_context_get_dispatcher (fixture->context);
  call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);

  g_assert_true (vigie_call_acknowledge (call, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_dispatcher_acknowledge_verdict (dispatcher, vigie_call_get_id (call), key, "operator",
                                                       "Sophie", "not-urgent", &error));
  g_assert_no_error (error);
  g_assert_true (vigie_dispatcher_acknowledge_verdict (dispatcher, vigie_call_get_id (call), key, "operator",
                                                       "Sophie", "not-urgent", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_kind (fixture, vigie_call_get_id (call), "alert-acknowledged", "\"acknowledged\""), ==, 1);
  g_assert_cmpuint (count_kind (fixture, vigie_call_get_id (call), "alert-acknowledged", "\"not-urgent\""), ==, 1);

  stats = vigie_journal_compute_stats (vigie_context_get_journal (fixture->context), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats->false_alarms, ==, 1);
  g_assert_cmpint (stats->not_acked, ==, 0);

}

/* A triggered call whose alert names its roster person, queued as the
 * call does (decision and alerts in one commit). */
static char *
queue_night_call (Fixture    *fixture,
                  const char *call_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) received = json_from_string ("{\"from\":\"+33698765432\",\"line\":\"+33800300400\","
                                                   "\"client_id\":\"hebergix\"}", NULL);
  g_autoptr(JsonNode) decision = json_from_string ("{\"decision\":\"trigger\",\"gravity\":4}", NULL);
  g_autoptr(JsonNode) alert = json_from_string ("{\"summary\":\"[Hébergix] Serveur arrêté\",\"gravity\":4,"
                                                "\"caller\":{\"number\":\"+33698765432\"},"
                                                "\"recipient\":{\"person_id\":\"camille-moreau\","
                                                "\"name\":\"Camille Moreau\"}}", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  VigieDispatcher *dispatcher = vigie_context_get_dispatcher (fixture->context);
  VigieClient *client = vigie_directory_find_client (vigie_context_get_directory (fixture->context), "hebergix");
  char *key = g_strdup_printf ("vigie-%s-test", call_id);

  g_assert_true (vigie_journal_append (vigie_context_get_journal (fixture->context), call_id, "call-received",
                                       received, &error));
  g_assert_no_error (error);
  entries = vigie_dispatcher_plan_alerts (dispatcher, client, call_id, key, alert, g_get_real_time ());
  g_assert_true (vigie_outbox_commit (vigie_dispatcher_get_outbox (dispatcher), call_id, "decision", decision,
                                      entries, &error));
  g_assert_no_error (error);
  return key;
}

/* The journal's interventions, collected once (one new) and listed for
 * Camille Moreau, the person alerted, from yesterday to tomorrow. */
static GPtrArray *
camille_interventions (Fixture *fixture)
{
  VigieRosterStore *store = vigie_context_get_roster_store (fixture->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day_before = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) day_after = g_date_time_add_days (now, 1);
  GPtrArray *interventions;

  g_assert_cmpuint (vigie_roster_store_collect_journal (store, vigie_context_get_journal (fixture->context), &error),
                    ==, 1);
  g_assert_no_error (error);
  interventions = vigie_roster_store_list_interventions (store, "hebergix", "camille-moreau", day_before, day_after, &error);
  g_assert_no_error (error);
  return interventions;
}

static void
test_ntfy_intervention (Fixture       *fixture,
                        gconstpointer  targets)
{
  g_autofree char *key = NULL;
  g_autofree char *started_at = NULL;
  g_autofree char *start_body = NULL;
  g_autofree char *end_body = NULL;
  g_autoptr(JsonObject) ended = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(GPtrArray) interventions = NULL;
  VigieIntervention *intervention;
  JsonObject *follow_up;

  key = queue_night_call (fixture, "night-7");
  VIGIE_TEST_WAIT_FOR (delivered (fixture, key));

  /* Arrived: acknowledged and started; the follow-up carries the buttons. */
  publish (fixture, "start", key);
  VIGIE_TEST_WAIT_FOR (count_kind (fixture, "night-7", "intervention-started", NULL) == 1);
  g_assert_cmpuint (count_kind (fixture, "night-7", "alert-acknowledged", "\"camille-moreau\""), ==, 1);
  VIGIE_TEST_WAIT_FOR (ntfy_post (fixture, 1) != NULL);
  follow_up = ntfy_post (fixture, 1);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (follow_up, "title"), "Taken: [Hébergix]"));
  start_body = g_strdup_printf ("start %s", key);
  end_body = g_strdup_printf ("end %s", key);
  g_assert_cmpstr (action_body (follow_up, 0), ==, start_body);
  g_assert_cmpstr (action_body (follow_up, 1), ==, end_body);

  g_usleep (1100 * 1000);  /* an intervention lasts */
  publish (fixture, "end", key);
  VIGIE_TEST_WAIT_FOR (count_kind (fixture, "night-7", "intervention-ended", NULL) == 1);
  started = event_data (fixture, "night-7", "intervention-started", &started_at);
  ended = event_data (fixture, "night-7", "intervention-ended", NULL);
  g_assert_cmpstr (json_object_get_string_member (ended, "person_id"), ==, "camille-moreau");
  g_assert_cmpstr (json_object_get_string_member (ended, "client_id"), ==, "hebergix");
  g_assert_cmpstr (json_object_get_string_member (ended, "source"), ==, "ntfy");
  g_assert_cmpstr (json_object_get_string_member (ended, "started_at"), ==, started_at);

  /* Replayed: nothing more. */
  publish (fixture, "end", key);
  publish (fixture, "start", key);
  publish (fixture, "ack", key);
  g_usleep (300 * 1000);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_kind (fixture, "night-7", "intervention-ended", NULL), ==, 1);
  g_assert_cmpuint (count_kind (fixture, "night-7", "intervention-started", NULL), ==, 1);

  /* The labour checks count it, for the person alerted. */
  interventions = camille_interventions (fixture);
  g_assert_cmpuint (interventions->len, ==, 1);
  intervention = g_ptr_array_index (interventions, 0);
  g_assert_cmpstr (intervention->call_id, ==, "night-7");
  g_assert_cmpint (g_date_time_difference (intervention->end, intervention->start), >=, G_USEC_PER_SEC);

}

static void
test_pagerduty_resolved (Fixture       *fixture,
                         gconstpointer  targets)
{
  g_autofree char *key = NULL;
  g_autofree char *acked_at = NULL;
  g_autoptr(JsonObject) ended = NULL;
  g_autoptr(GPtrArray) interventions = NULL;

  store_secret (fixture, "pd", "routing_key", fixture->peer->routing_key);
  store_secret (fixture, "pd", "read_token", fixture->peer->read_token);
  key = queue_night_call (fixture, "night-8");
  VIGIE_TEST_WAIT_FOR (vigie_peer_n_accepted (fixture->peer, key) == 1);

  vigie_peer_pd_acknowledge (fixture->peer, key, "Camille Moreau");
  VIGIE_TEST_WAIT_FOR (count_kind (fixture, "night-8", "alert-acknowledged", NULL) == 1);
  g_usleep (1100 * 1000);
  g_assert_cmpuint (count_kind (fixture, "night-8", "intervention-ended", NULL), ==, 0);

  /* Resolved in PagerDuty: the intervention is over. */
  g_hash_table_insert (fixture->peer->incidents, g_strdup (key), g_strdup ("resolved"));
  VIGIE_TEST_WAIT_FOR (count_kind (fixture, "night-8", "intervention-ended", NULL) == 1);
  {
    g_autoptr(JsonObject) ack = event_data (fixture, "night-8", "alert-acknowledged", &acked_at);
    g_assert_cmpstr (json_object_get_string_member (ack, "person_id"), ==, "camille-moreau");
  }
  ended = event_data (fixture, "night-8", "intervention-ended", NULL);
  g_assert_cmpstr (json_object_get_string_member (ended, "source"), ==, "pagerduty");
  g_assert_cmpstr (json_object_get_string_member (ended, "name"), ==, "Camille Moreau");
  g_assert_cmpstr (json_object_get_string_member (ended, "started_at"), ==, acked_at);

  interventions = camille_interventions (fixture);
  g_assert_cmpuint (interventions->len, ==, 1);

}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  vigie_dispatch_test_add ("/ack/ntfy-not-urgent", NTFY_TARGET, test_ntfy_not_urgent);
  vigie_dispatch_test_add ("/ack/operator-not-urgent", NTFY_TARGET, test_operator_not_urgent);
  vigie_dispatch_test_add ("/ack/ntfy-intervention", NTFY_TARGET, test_ntfy_intervention);
  vigie_dispatch_test_add ("/ack/pagerduty-resolved", PD_TARGET, test_pagerduty_resolved);
  return g_test_run ();
}
