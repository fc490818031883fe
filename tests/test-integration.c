/* test-integration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One call carried end to end through the core: screen pop, script,
 * decision, alert POSTed to a real HTTP server on loopback, journal.
 */
#include "config.h"

#include "vigie-context.h"
#include "vigie-peer.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

typedef struct {
  VigiePeer    *peer;       /* the clients' webhooks */
  char         *base_url;
  char         *dir;        /* the frozen demo, alerting the peer */
  VigieContext *context;    /* on @dir, unless the test opens it itself */
  GPtrArray    *events;     /* read by journal_kinds() */
  char        **kinds;
} Fixture;

#define OPEN_CONTEXT GINT_TO_POINTER (TRUE)

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->peer = vigie_peer_new (&error);
  g_assert_no_error (error);
  fixture->peer->webhook_status = 202;
  fixture->base_url = g_strdup_printf ("%s/alerts", fixture->peer->base_url);
  fixture->dir = vigie_test_make_frozen_data_dir (fixture->base_url);
  if (data == OPEN_CONTEXT)
    {
      fixture->context = vigie_context_new (fixture->dir, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
  g_clear_pointer (&fixture->kinds, g_strfreev);
  g_clear_object (&fixture->context);
  g_clear_pointer (&fixture->peer, vigie_peer_free);
  g_free (fixture->base_url);
  g_free (fixture->dir);
}

/* The @index-th request the webhooks received. */
static VigiePeerRequest *
request_at (Fixture *fixture,
            guint    index)
{
  g_assert_cmpuint (fixture->peer->requests->len, >, index);
  return g_ptr_array_index (fixture->peer->requests, index);
}

static void
wait_for_alert (VigieCall *call)
{
  vigie_test_wait_until (vigie_call_get_alert_state (call) != VIGIE_ALERT_SENDING, 20000);
  g_assert_cmpint (vigie_call_get_alert_state (call), !=, VIGIE_ALERT_SENDING);
}

/* Water on the wiring: a leak, still running, reaching the electricity. */
static void
answer_leak (VigieCall *call)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigie_call_answer (call, 0, &error));   /* Fuite d'eau */
  g_assert_true (vigie_call_answer (call, 0, &error));   /* coule encore : oui */
  g_assert_true (vigie_call_answer (call, 0, &error));   /* électricité : oui */
  g_assert_no_error (error);
}

/* The kinds of @call_id's journal events, in order; the events too, in
 * fixture->events. */
static char **
journal_kinds (Fixture    *fixture,
               const char *call_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) kinds = g_strv_builder_new ();

  g_clear_pointer (&fixture->events, g_ptr_array_unref);
  g_clear_pointer (&fixture->kinds, g_strfreev);
  fixture->events = vigie_journal_list_events (vigie_context_get_journal (fixture->context), call_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < fixture->events->len; i++)
    g_strv_builder_add (kinds, ((VigieJournalEvent *) g_ptr_array_index (fixture->events, i))->kind);
  fixture->kinds = g_strv_builder_end (kinds);
  return fixture->kinds;
}
static JsonObject *
event_data (GPtrArray  *events,
            guint       index,
            JsonNode  **holder)
{
  g_autoptr(GError) error = NULL;

  *holder = json_from_string (((VigieJournalEvent *) g_ptr_array_index (events, index))->data, &error);
  g_assert_no_error (error);
  return json_node_get_object (*holder);
}

static void
test_trigger_delivered (Fixture       *fixture,
                        gconstpointer  data)
{
  VigieContext *context = fixture->context;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonNode) attempt_json = NULL;
  char **kinds;
  g_autofree char *received = NULL;
  g_autofree char *key = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *recipient = NULL;
  const char * const expected_kinds[] = {
    "call-received", "caller-identified", "answer", "answer", "answer", "decision", "alert-queued",
    "alert-attempt", NULL
  };
  JsonObject *attempt;

  call = vigie_context_open_call (context, "06 12 34 56 78", "0800 100 200", "it-call-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_client_get_id (vigie_call_get_client (call)), ==, "dupont-maintenance");
  g_assert_cmpstr (vigie_contact_get_id (vigie_call_get_caller (call)), ==, "moreau-claire");

  answer_leak (call);
  g_assert_cmpint (vigie_decision_get_recommended (vigie_call_get_decision (call)), ==, VIGIE_DECISION_TRIGGER);

  vigie_call_set_note (call, "Eau au plafond du local compteurs, bât. A");
  g_assert_true (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_SENDING);
  wait_for_alert (call);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_DELIVERED);
  g_assert_cmpstr (vigie_call_get_alert_message (call), ==, "Delivered to Webhook (202)");
  /* The operator reads who got it; the server's code is a detail. */
  g_assert_cmpstr (vigie_call_get_alert_summary (call), ==, "Delivered to Webhook");

  /* The exact body the on-call platform received. The recipient is
   * whoever the demo roster names now (the rotation turns weekly). */
  {
    g_autoptr(JsonNode) body = json_from_string (request_at (fixture, 0)->raw, &error);
    JsonObject *r;
    VigieRoster *roster = vigie_roster_store_get (vigie_context_get_roster_store (context), "dupont-maintenance");
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    const VigieRosterPerson *who = vigie_roster_who (roster, now, NULL, NULL);

    g_assert_no_error (error);
    r = json_object_get_object_member (json_node_get_object (body), "recipient");
    g_assert_nonnull (r);
    if (who != NULL)
      {
        g_assert_cmpstr (json_object_get_string_member (r, "source"), ==, "roster");
        g_assert_cmpstr (json_object_get_string_member (r, "name"), ==, who->name);
        g_assert_cmpint (json_object_get_int_member (r, "step"), ==, 1);
      }
    else
      g_assert_cmpstr (json_object_get_string_member (r, "source"), ==, "gap");
    recipient = json_to_string (json_object_get_member (json_node_get_object (body), "recipient"), FALSE);
  }
  g_assert_cmpuint (fixture->peer->requests->len, ==, 1);
  g_assert_cmpstr (request_at (fixture, 0)->path, ==, "/alerts/dupont-maintenance");
  g_assert_cmpstr (vigie_peer_last (fixture->peer, "/alerts/")->content_type, ==, "application/json");
  /* The key names this call's alert, not only the reusable call id. */
  key = vigie_call_dup_dedup_key (call);
  g_assert_true (g_str_has_prefix (key, "vigie-it-call-1-"));
  g_assert_cmpstr (vigie_peer_last (fixture->peer, "/alerts/")->idempotency_key, ==, key);
  received = g_date_time_format_iso8601 (vigie_call_get_received_at (call));
  expected = g_strdup_printf (
    "{\"dedup_key\":\"%s\",\"call_id\":\"it-call-1\",\"received_at\":\"%s\","
    "\"summary\":\"[Dupont Maintenance Immobilière] Dégât des eaux en cours, risque électrique — Claire MOREAU\","
    "\"language\":\"fr\","
    "\"client\":{\"id\":\"dupont-maintenance\",\"name\":\"Dupont Maintenance Immobilière\",\"line\":\"+33800100200\"},"
    "\"caller\":{\"number\":\"+33612345678\",\"presented\":\"+33612345678\",\"known\":true,\"name\":\"Claire MOREAU\","
    "\"company\":\"Syndic Résidence Les Tilleuls\",\"contract\":\"Gold 24/7\","
    "\"site\":\"Résidence Les Tilleuls, 14 rue des Lilas, 44000 Nantes\",\"vip\":true},"
    "\"recipient\":%s,"
    "\"answers\":["
    "{\"question\":\"Quelle est la nature du problème ?\",\"answer\":\"Fuite d'eau ou dégât des eaux\"},"
    "{\"question\":\"L'eau coule-t-elle encore en ce moment ?\",\"answer\":\"Oui\"},"
    "{\"question\":\"L'eau atteint-elle des installations électriques ou plusieurs logements ?\",\"answer\":\"Oui\"}],"
    "\"outcome\":\"fuite-grave\",\"nature\":\"Dégât des eaux en cours, risque électrique\",\"urgency\":\"immediate\","
    "\"gravity\":4,\"decision\":\"trigger\",\"override_reason\":null,"
    "\"note\":\"Eau au plafond du local compteurs, bât. A\","
    "\"message\":\"Fuite active touchant l'électricité ou plusieurs logements : intervention immédiate.\","
    "\"roster\":null,\"escalation\":null,\"action\":\"trigger\"}",
    key, received, recipient);
  g_assert_cmpstr (request_at (fixture, 0)->raw, ==, expected);

  /* The journal rows, in order, with the HTTP status. */
  kinds = journal_kinds (fixture, "it-call-1");
  g_assert_cmpstrv (kinds, expected_kinds);
  attempt = event_data (fixture->events, 7, &attempt_json);
  g_assert_cmpstr (json_object_get_string_member (attempt, "status"), ==, "delivered");
  g_assert_cmpint (json_object_get_int_member (attempt, "http_status"), ==, 202);
  g_assert_cmpstr (json_object_get_string_member (attempt, "dedup_key"), ==, key);
  g_assert_cmpstr (json_object_get_string_member (attempt, "target"), ==, "webhook");
  g_assert_true (vigie_journal_verify (vigie_context_get_journal (context), NULL, &error));
}

static void
test_trigger_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  VigieContext *context = fixture->context;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonNode) holder = NULL;
  char **kinds;
  JsonObject *attempt;

  /* A 4xx is a configuration error: no retry, the operator sees the server's words.
   * (Retries on 5xx and 429 are covered by test-dispatch.) */
  fixture->peer->webhook_status = 400;
  fixture->peer->webhook_answer = "{\"error\":\"boom\"}";
  call = vigie_context_open_call (context, "06 98 76 54 32", "0800100200", NULL, &error);
  g_assert_no_error (error);
  answer_leak (call);
  g_assert_true (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, NULL, &error));
  g_assert_no_error (error);
  wait_for_alert (call);

  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_FAILED);
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "400"));
  kinds = journal_kinds (fixture, vigie_call_get_id (call));
  g_assert_cmpstr (kinds[g_strv_length (kinds) - 1], ==, "alert-attempt");
  attempt = event_data (fixture->events, fixture->events->len - 1, &holder);
  g_assert_cmpstr (json_object_get_string_member (attempt, "status"), ==, "failed");
  g_assert_cmpint (json_object_get_int_member (attempt, "http_status"), ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (attempt, "error"), "boom"));
}

static void
test_override_and_unknown_caller (Fixture       *fixture,
                                  gconstpointer  data)
{
  VigieContext *context = fixture->context;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonNode) holder = NULL;
  g_autoptr(JsonNode) body = NULL;
  char **kinds;
  JsonObject *override, *caller;

  call = vigie_context_open_call (context, "anonymous", "0800 100 200", "it-call-3", &error);
  g_assert_no_error (error);
  g_assert_null (vigie_call_get_caller (call));
  g_assert_cmpstr (vigie_call_get_from (call), ==, "anonymous");

  g_assert_true (vigie_call_answer (call, 2, &error));   /* chauffage */
  g_assert_true (vigie_call_answer (call, 1, &error));   /* pas de personne fragile */
  g_assert_cmpint (vigie_decision_get_recommended (vigie_call_get_decision (call)), ==, VIGIE_DECISION_DEFER);

  /* No reason, no override; nothing is sent or journaled as a decision. */
  g_assert_false (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, "", &error));
  g_assert_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON);
  g_clear_error (&error);
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_QUALIFYING);

  /* Hidden number, no call-back typed: the operator must give one or
   * say that none is possible (issue 10). */
  g_assert_false (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, "Nuit à -8 °C, l'appelant décrit un logement à 12 °C", &error));
  g_assert_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_CALLBACK);
  g_clear_error (&error);
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_QUALIFYING);
  g_assert_true (vigie_call_set_no_callback (call, "Appelant sans téléphone", &error));
  g_assert_no_error (error);

  g_assert_true (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, "Nuit à -8 °C, l'appelant décrit un logement à 12 °C", &error));
  g_assert_no_error (error);
  wait_for_alert (call);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_DELIVERED);

  kinds = journal_kinds (fixture, "it-call-3");
  g_assert_cmpstr (kinds[4], ==, "no-callback");
  g_assert_cmpstr (kinds[5], ==, "override");
  g_assert_cmpstr (kinds[6], ==, "decision");
  override = event_data (fixture->events, 5, &holder);
  g_assert_cmpstr (json_object_get_string_member (override, "recommended"), ==, "defer");
  g_assert_cmpstr (json_object_get_string_member (override, "decision"), ==, "trigger");

  body = json_from_string (request_at (fixture, 0)->raw, &error);
  g_assert_no_error (error);
  caller = json_object_get_object_member (json_node_get_object (body), "caller");
  g_assert_false (json_object_get_boolean_member (caller, "known"));
  g_assert_true (json_object_get_null_member (caller, "number"));
  g_assert_true (json_object_get_boolean_member (caller, "no_callback"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "override_reason"), ==,
                   "Nuit à -8 °C, l'appelant décrit un logement à 12 °C");

  g_assert_true (vigie_call_close (call, &error));
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_CLOSED);
}

static void
test_broken_script_keeps_others (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *script = g_build_filename (fixture->dir, "scripts", "hebergix.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = NULL;
  g_autoptr(VigieCall) broken = NULL;
  g_autoptr(VigieCall) fine = NULL;
  g_autofree char *expected = NULL;
  const char *message = NULL;

  g_assert_true (g_file_set_contents (script, "{\n  \"id\": \"hebergix\",\n  \"start\": 12,,\n}\n", -1, &error));
  g_test_expect_message ("vigie-context", G_LOG_LEVEL_WARNING, "*hebergix.json:3:15: error: invalid JSON*");
  context = vigie_context_new (fixture->dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_assert_null (vigie_context_get_script (context, "hebergix", &message));
  expected = g_strdup_printf ("%s:3:15: error: ", script);
  g_assert_true (g_str_has_prefix (message, expected));
  g_assert_nonnull (vigie_context_get_script (context, "dupont-maintenance", NULL));
  g_assert_nonnull (vigie_context_get_script (context, "mairie-saint-aubin", NULL));

  broken = vigie_context_open_call (context, "+33711223344", "0800300400", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (vigie_call_get_runner (broken));
  g_assert_true (g_str_has_prefix (vigie_call_get_script_error (broken), expected));

  fine = vigie_context_open_call (context, "+33612345678", "0800100200", NULL, &error);
  g_assert_nonnull (vigie_call_get_runner (fine));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/integration/trigger-delivered", Fixture, OPEN_CONTEXT, fixture_setup, test_trigger_delivered, fixture_teardown);
  g_test_add ("/integration/trigger-refused", Fixture, OPEN_CONTEXT, fixture_setup, test_trigger_refused, fixture_teardown);
  g_test_add ("/integration/override-unknown-caller", Fixture, OPEN_CONTEXT, fixture_setup, test_override_and_unknown_caller, fixture_teardown);
  g_test_add ("/integration/broken-script", Fixture, NULL, fixture_setup, test_broken_script_keeps_others, fixture_teardown);

  return g_test_run ();
}
