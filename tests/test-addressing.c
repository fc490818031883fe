/* test-addressing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 10 through the real `vigie` binary, in its own session bus and
 * data folders, under the test's X server: calls played from the command
 * line as the switchboard and the operator would, alerts received by
 * loopback peers in this process.
 *
 * The roster names Alice (her own webhook peer) for the `plomberie`
 * roster and Bruno (his own peer) as the backup, with steps of a few
 * seconds: the trigger reaches Alice only; unacknowledged, step 2 reaches
 * Bruno; an acknowledgement stops the cascade; a kill -9 between the steps
 * and the cascade resumes without a duplicate; a hidden-number caller's
 * typed call-back number reaches a strict PagerDuty peer.
 */
#include "config.h"

#include <signal.h>

#include <glib/gstdio.h>

#include "vigie-context.h"
#include "vigie-peer.h"
#include "vigie-secrets.h"
#include "vigie-test-cli.h"
#include "vigie-test-desk.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define STEP_SECONDS 4

typedef struct {
  VigieTestDesk run;
  guint        n_starts;
  VigiePeer   *alice;   /* Alice's own webhook */
  VigiePeer   *bruno;   /* Bruno's own webhook */
  VigiePeer   *ops;     /* the client-wide target of Dupont */
  VigiePeer   *pd;      /* Hébergix's PagerDuty */
} Night;

static Night night;

/* --- the application and its command line --- */

static void
start_vigie (void)
{
  g_autofree char *log = g_strdup_printf ("%s.%u", night.run.log_path, ++night.n_starts);

  night.run.vigie = vigie_test_desk_spawn (log);
}

static void
kill_vigie (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (night.run.vigie, SIGKILL);
  g_assert_true (g_subprocess_wait (night.run.vigie, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&night.run.vigie);
  g_assert_true (vigie_test_wait_until (!vigie_test_desk_is_up (NULL), 10000));
}

/* --- what the journal and the cascade hold (read-only, beside the app) --- */

/* --- peers --- */

static const char *
member_at (JsonObject *object,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i + 1]; i++)
    object = json_object_get_object_member (object, parts[i]);
  return json_object_get_string_member_with_default (object, parts[g_strv_length (parts) - 1], NULL);
}

/* --- data --- */

/* The demo, with Dupont's roster replaced by two people each with a peer
 * of their own, and the other clients' people without webhooks. */
static void
make_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dupont = NULL;
  g_autofree char *clients = NULL;
  g_autofree char *roster = NULL;
  g_autoptr(VigieSecrets) secrets = NULL;

  g_assert_true (vigie_context_install_demo (night.run.data_dir, NULL, &error));
  g_assert_no_error (error);

  dupont = vigie_test_desk_dupont_client (night.ops->base_url);
  clients = g_strdup_printf (
    "{\"clients\": [%s,"
    " {\"id\": \"hebergix\", \"name\": \"Hébergix\", \"lines\": [\"0800 300 400\"],"
    "  \"script\": \"scripts/hebergix.json\", \"timezone\": \"Europe/Paris\","
    "  \"targets\": [{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"%s/v2/enqueue\"}],"
    "  \"oncall\": {\"name\": \"Sophie Marchand\", \"phone\": \"+33 6 23 45 67 89\"}},"
    " {\"id\": \"mairie-saint-aubin\", \"name\": \"Mairie de Saint-Aubin-sur-Loire\", \"lines\": [\"02 40 50 60 70\"],"
    "  \"script\": \"scripts/mairie-saint-aubin.json\", \"timezone\": \"Europe/Paris\","
    "  \"targets\": [{\"id\": \"ops\", \"type\": \"webhook\", \"url\": \"%s/alerts/mairie-saint-aubin\"}],"
    "  \"oncall\": {\"name\": \"Élu de permanence\", \"phone\": \"+33 6 34 56 78 90\"}}]}",
    dupont, night.pd->base_url, night.ops->base_url);
  vigie_test_desk_write_json (night.run.data_dir, "clients.json", clients);

  /* The other demo people keep their phones, not `make run`'s receiver
   * (before Dupont's roster of this test's own is written). */
  vigie_test_strip_person_webhooks (night.run.data_dir);

  /* Both rotations run round the clock so the test does not depend on
   * the hour; the backup is a rotation of its own. */
  roster = g_strdup_printf (
    "{\"client\": \"dupont-maintenance\", \"timezone\": \"Europe/Paris\","
    " \"people\": ["
    "  {\"id\": \"alice\", \"name\": \"Alice Aubert\", \"phone\": \"+33611111111\","
    "   \"targets\": [\"webhook:%s/alerts/alice\", \"sms:+33611111111\", \"phone:+33611111111\"]},"
    "  {\"id\": \"bruno\", \"name\": \"Bruno Besson\", \"phone\": \"+33622222222\","
    "   \"targets\": [\"webhook:%s/alerts/bruno\", \"phone:+33622222222\"]},"
    "  {\"id\": \"chloe\", \"name\": \"Chloé Carré\", \"phone\": \"+33633333333\","
    "   \"targets\": [\"phone:+33633333333\"]}],"
    " \"rotations\": ["
    "  {\"id\": \"plombiers\", \"name\": \"Plombiers\", \"layer\": 2, \"start\": \"2026-01-05T08:00:00\","
    "   \"turn\": \"weekly\", \"members\": [\"alice\"]},"
    "  {\"id\": \"renfort\", \"name\": \"Renfort\", \"layer\": 1, \"start\": \"2026-01-05T08:00:00\","
    "   \"turn\": \"weekly\", \"members\": [\"bruno\"]},"
    "  {\"id\": \"technique\", \"name\": \"Technique\", \"layer\": 1, \"start\": \"2026-01-05T08:00:00\","
    "   \"turn\": \"weekly\", \"members\": [\"chloe\"]}],"
    " \"escalation\": {\"loops\": 1, \"steps\": [{\"target\": \"oncall\", \"delay\": 10, \"channels\": [\"phone\"]}]},"
    " \"rosters\": ["
    "  {\"id\": \"technique\", \"name\": \"Astreinte technique\", \"default\": true, \"rotations\": [\"technique\"]},"
    "  {\"id\": \"plomberie\", \"name\": \"Plomberie\", \"rotations\": [\"plombiers\"],"
    "   \"escalation\": {\"loops\": 2, \"steps\": ["
    "    {\"target\": \"oncall\", \"delay\": 1, \"delay_seconds\": %d, \"channels\": [\"webhook\", \"sms\"]},"
    "    {\"target\": \"rotation:renfort\", \"delay\": 1, \"delay_seconds\": %d, \"channels\": [\"webhook\"]}]}}]}",
    night.alice->base_url, night.bruno->base_url, STEP_SECONDS, STEP_SECONDS);
  vigie_test_desk_write_json (night.run.data_dir, "rosters/dupont-maintenance.json", roster);

  /* Read by the desk from the same file: VIGIE_SECRETS_BACKEND=file. */
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_FILE);
  g_assert_true (vigie_secrets_store (secrets, "hebergix", "pd", "routing_key", night.pd->routing_key, &error));
  g_assert_no_error (error);
}

/* A water leak on the electrical board: fuite-grave, roster plomberie. */
static void
leak_call (const char *call_id)
{
  VIGIE ("call", "--from", "06 98 76 54 32", "--line", "0800 100 200", "--call-id", call_id);
  VIGIE ("answer", "--call-id", call_id, "1");
  VIGIE ("answer", "--call-id", call_id, "Plafond de la cuisine, l'eau coule sur le tableau");
  VIGIE ("answer", "--call-id", call_id, "1", "1");
  VIGIE ("decide", "--call-id", call_id);
  VIGIE ("close", "--call-id", call_id);
}

/* --- the tests --- */

static void
test_roster_addresses_and_escalates (void)
{
  g_autofree char *value = NULL;
  JsonObject *body;

  leak_call ("leak-1");

  /* The trigger reaches Alice's own peer, and the client's target. */
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (night.alice, "/alerts/alice") >= 1, 10000));
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (night.ops, "/alerts/dupont-maintenance") >= 1, 10000));
  body = vigie_peer_last_body (night.alice, "/alerts/alice");
  g_assert_cmpstr (member_at (body, "recipient.name"), ==, "Alice Aubert");
  g_assert_cmpstr (member_at (body, "recipient.roster"), ==, "plomberie");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "recipient"), "step"), ==, 1);
  g_assert_cmpstr (member_at (body, "recipient.next"), ==, "Bruno Besson");
  g_assert_cmpstr (member_at (body, "caller.number"), ==, "+33698765432");
  g_assert_cmpstr (member_at (vigie_peer_last_body (night.ops, "/alerts/"), "recipient.name"), ==, "Alice Aubert");
  g_assert_cmpuint (vigie_peer_count (night.bruno, "/", 0), ==, 0);

  /* The journal says the same: person, roster, step. */
  value = vigie_test_journal_query (night.run.data_dir, "SELECT json_extract (data, '$.recipient.name') || '/' || json_extract (data, '$.recipient.roster')"
                 " || '/' || json_extract (data, '$.recipient.step') FROM events"
                 " WHERE call_id = ?1 AND kind = 'decision'", "leak-1");
  g_assert_cmpstr (value, ==, "Alice Aubert/plomberie/1");
  g_clear_pointer (&value, g_free);
  g_assert_cmpuint (vigie_test_journal_query_count (night.run.data_dir, "SELECT count(*) FROM escalations WHERE call_id = ?1 AND state = 'running'",
                                 "leak-1"), ==, 1);

  /* Nobody acknowledges: step 2, Bruno's own peer, with the call's facts. */
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (night.bruno, "/alerts/bruno") >= 1, (STEP_SECONDS + 6) * 1000));
  body = vigie_peer_last_body (night.bruno, "/alerts/bruno");
  g_assert_cmpstr (member_at (body, "escalation_step.name"), ==, "Bruno Besson");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "escalation_step"), "step"), ==, 2);
  g_assert_cmpstr (member_at (body, "recipient.name"), ==, "Bruno Besson");
  g_assert_cmpstr (member_at (body, "caller.number"), ==, "+33698765432");
  g_assert_cmpstr (member_at (body, "client.id"), ==, "dupont-maintenance");
  g_assert_cmpuint (vigie_peer_count (night.alice, "/", 0), ==, 1);
  value = vigie_test_journal_query (night.run.data_dir, "SELECT json_extract (data, '$.name') FROM events WHERE call_id = ?1"
                 " AND kind = 'escalation-step' AND json_extract (data, '$.step') = 2", "leak-1");
  g_assert_cmpstr (value, ==, "Bruno Besson");
  g_clear_pointer (&value, g_free);

  /* Bruno phones the desk back: the cascade stops (its next step, Alice
   * again in the second loop, never goes). */
  VIGIE ("acknowledge", "--call-id", "leak-1", "--by", "Bruno Besson");
  g_assert_cmpuint (vigie_test_journal_query_count (night.run.data_dir, "SELECT count(*) FROM escalations WHERE call_id = ?1 AND state = 'acknowledged'",
                                 "leak-1"), ==, 1);
  value = vigie_test_journal_query (night.run.data_dir, "SELECT json_extract (data, '$.by') FROM events WHERE call_id = ?1"
                 " AND kind = 'alert-acknowledged'", "leak-1");
  g_assert_cmpstr (value, ==, "Bruno Besson");
  vigie_test_run_for ((2 * STEP_SECONDS + 2) * 1000);
  g_assert_cmpuint (vigie_peer_count (night.alice, "/", 0), ==, 1);
  g_assert_cmpuint (vigie_peer_count (night.bruno, "/", 0), ==, 1);
}

static void
test_cascade_survives_kill (void)
{
  guint alice_before = vigie_peer_count (night.alice, "/", 0);
  guint bruno_before = vigie_peer_count (night.bruno, "/", 0);

  leak_call ("leak-2");
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (night.alice, "/alerts/alice") >= alice_before + 1, 10000));
  /* Alice's delivery is on disk before the crash. */
  while (vigie_test_journal_query_count (night.run.data_dir, "SELECT count(*) FROM events WHERE call_id = ?1 AND kind = 'alert-attempt'"
                      " AND json_extract (data, '$.target_id') LIKE 'webhook:%/alerts/alice'"
                      " AND json_extract (data, '$.status') = 'delivered'", "leak-2") == 0)
    vigie_test_run_for (1000);

  kill_vigie ();
  start_vigie ();

  /* Step 2 is due a few seconds after the trigger: once, after the restart. */
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (night.bruno, "/alerts/bruno") >= bruno_before + 1, (STEP_SECONDS + 10) * 1000));
  VIGIE ("acknowledge", "--call-id", "leak-2", "--by", "Bruno Besson");
  vigie_test_run_for ((STEP_SECONDS + 2) * 1000);
  g_assert_cmpuint (vigie_peer_count (night.alice, "/", 0), ==, alice_before + 1);
  g_assert_cmpuint (vigie_peer_count (night.bruno, "/", 0), ==, bruno_before + 1);
  g_assert_cmpuint (vigie_test_journal_query_count (night.run.data_dir, "SELECT count(*) FROM events WHERE call_id = ?1 AND kind = 'escalation-step'",
                                 "leak-2"), ==, 1);
  g_assert_cmpuint (vigie_test_journal_query_count (night.run.data_dir, "SELECT count(*) FROM escalations WHERE call_id = ?1 AND state = 'acknowledged'",
                                 "leak-2"), ==, 1);
}

static void
test_deferred_cascade (void)
{
  g_autofree char *due = NULL;
  g_autofree char *deferred = NULL;

  /* The leak is stopped: deferred to the next business morning. The
   * cascade waits for that time plus the first step's delay, and nothing
   * leaves now. */
  VIGIE ("call", "--from", "06 98 76 54 32", "--line", "0800 100 200", "--call-id", "leak-3");
  VIGIE ("answer", "--call-id", "leak-3", "1");
  VIGIE ("answer", "--call-id", "leak-3", "Sous l'évier, robinet fermé");
  VIGIE ("answer", "--call-id", "leak-3", "2");
  VIGIE ("decide", "--call-id", "leak-3");
  VIGIE ("close", "--call-id", "leak-3");
  deferred = vigie_test_journal_query (night.run.data_dir, "SELECT json_extract (data, '$.defer_until') FROM events WHERE call_id = ?1 AND kind = 'decision'",
                    "leak-3");
  g_assert_nonnull (deferred);
  due = vigie_test_journal_query (night.run.data_dir, "SELECT next_due FROM escalations WHERE call_id = ?1 AND state = 'running'", "leak-3");
  g_assert_nonnull (due);
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (deferred, NULL);
    g_autoptr(GDateTime) next = g_date_time_new_from_iso8601 (due, NULL);

    g_assert_cmpint (g_date_time_difference (next, at) / G_USEC_PER_SEC, ==, STEP_SECONDS);
  }
  vigie_test_run_for ((STEP_SECONDS + 2) * 1000);
  g_assert_cmpuint (vigie_test_journal_query_count (night.run.data_dir, "SELECT count(*) FROM events WHERE call_id = ?1 AND kind = 'escalation-step'",
                                 "leak-3"), ==, 0);
}

static void
test_hidden_number_call_back (void)
{
  g_auto(VigieTestRun) run = { 0 };
  JsonObject *event, *details;

  VIGIE ("call", "--from", "anonymous", "--line", "0800 300 400", "--call-id", "hidden-1");
  VIGIE ("answer", "--call-id", "hidden-1", "1", "1");

  /* No call-back number: the trigger is refused, nothing leaves. */
  g_assert_cmpint (vigie_test_run_vigie (&run, NULL, NULL, VIGIE_TEST_RUN_DEFAULT, "decide", "--call-id", "hidden-1", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "call-back"));
  g_assert_cmpuint (vigie_peer_count (night.pd, "/", 0), ==, 0);

  VIGIE ("identify", "--call-id", "hidden-1", "--last-name", "Garnier", "--first-name", "Hugo",
         "--callback", "07 61 22 33 44");
  VIGIE ("decide", "--call-id", "hidden-1");
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (night.pd, "/v2/enqueue") >= 1, 10000));

  /* The strict peer took it (202) with the typed number and name. */
  event = vigie_peer_last_body (night.pd, "/v2/enqueue");
  g_assert_cmpstr (json_object_get_string_member (event, "event_action"), ==, "trigger");
  details = json_object_get_object_member (json_object_get_object_member (event, "payload"), "custom_details");
  g_assert_cmpstr (member_at (details, "caller.number"), ==, "+33761223344");
  g_assert_cmpstr (member_at (details, "caller.presented"), ==, "anonymous");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (event, "payload"),
                                                           "summary"), "Hugo GARNIER"));
  g_assert_cmpuint (vigie_peer_count (night.pd, "/v2/enqueue", 202), ==, 1);
  VIGIE ("close", "--call-id", "hidden-1");
}

static void
test_no_callback_recorded (void)
{
  g_autofree char *value = NULL;

  /* Road blocked and dangerous, from a hidden number with no number to
   * give: the operator says so, it is journaled, the alert leaves. */
  VIGIE ("call", "--from", "anonymous", "--line", "02 40 50 60 70", "--call-id", "hidden-2");
  VIGIE ("answer", "--call-id", "hidden-2", "1", "1");
  VIGIE ("decide", "--call-id", "hidden-2", "--no-callback", "Cabine publique, pas de numéro");
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (night.ops, "/alerts/mairie-saint-aubin") >= 1, 10000));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                   vigie_peer_last_body (night.ops, "/alerts/mairie-saint-aubin"), "caller"), "no_callback"));
  value = vigie_test_journal_query (night.run.data_dir, "SELECT json_extract (data, '$.reason') FROM events WHERE call_id = ?1"
                 " AND kind = 'no-callback'", "hidden-2");
  g_assert_cmpstr (value, ==, "Cabine publique, pas de numéro");
  VIGIE ("close", "--call-id", "hidden-2");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Folders of its own, shared with the desk it starts. */
  night.run.folders = vigie_test_desk_folders ("vigie-addressing-XXXXXX");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("No X display: the desk needs one (make check runs Xvfb)");
      return g_test_run ();
    }

  vigie_test_desk_begin (&night.run);
  night.alice = vigie_peer_new (&error);
  night.bruno = vigie_peer_new (&error);
  night.ops = vigie_peer_new (&error);
  night.pd = vigie_peer_new (&error);
  g_assert_no_error (error);
  make_data ();
  start_vigie ();

  g_test_add_func ("/addressing/roster-addresses-and-escalates", test_roster_addresses_and_escalates);
  g_test_add_func ("/addressing/cascade-survives-kill", test_cascade_survives_kill);
  g_test_add_func ("/addressing/deferred-cascade", test_deferred_cascade);
  g_test_add_func ("/addressing/hidden-number-call-back", test_hidden_number_call_back);
  g_test_add_func ("/addressing/no-callback-recorded", test_no_callback_recorded);
  status = g_test_run ();

  /* Each start of the desk has a log of its own. */
  vigie_test_desk_stop (&night.run.vigie);
  if (status != 0)
    for (guint i = 1; i <= night.n_starts; i++)
      {
        g_autofree char *log = g_strdup_printf ("%s.%u", night.run.log_path, i);
        g_autofree char *title = g_strdup_printf ("vigie run %u", i);

        vigie_test_desk_show_log (log, title);
      }
  vigie_peer_free (night.alice);
  vigie_peer_free (night.bruno);
  vigie_peer_free (night.ops);
  vigie_peer_free (night.pd);
  return vigie_test_desk_end (&night.run, status);
}
