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
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define STEP_SECONDS 4

typedef struct {
  GTestDBus   *bus;
  GSubprocess *vigie;
  char        *data_dir;
  char        *log_path;
  guint        n_starts;
  VigiePeer   *alice;   /* Alice's own webhook */
  VigiePeer   *bruno;   /* Bruno's own webhook */
  VigiePeer   *ops;     /* the client-wide target of Dupont */
  VigiePeer   *pd;      /* Hébergix's PagerDuty */
} Night;

static Night night;

/* --- the application and its command line --- */

static gboolean
has_owner (gpointer data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.vigie.Vigie"), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static gboolean
has_no_owner (gpointer data)
{
  return !has_owner (data);
}

static char *
vigie_path (void)
{
  return g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL);
}

static void
start_vigie (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vigie_path ();
  g_autofree char *log = g_strdup_printf ("%s.%u", night.log_path, ++night.n_starts);

  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  night.vigie = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_assert_true (vigie_test_wait_until (has_owner (NULL), 30000));
}

static void
kill_vigie (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (night.vigie, SIGKILL);
  g_assert_true (g_subprocess_wait (night.vigie, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&night.vigie);
  g_assert_true (vigie_test_wait_until (has_no_owner (NULL), 10000));
}

/* `vigie ARG…` as the switchboard or the operator would, while the peers
 * keep answering; its folders are the test's own (set in main). */
#define VIGIE(...) \
  G_STMT_START { \
    g_auto(VigieTestRun) run_ = { 0 }; \
    g_assert_cmpint (vigie_test_run_vigie (&run_, NULL, NULL, VIGIE_TEST_RUN_DEFAULT, __VA_ARGS__, NULL), ==, 0); \
  } G_STMT_END

/* --- what the journal and the cascade hold (read-only, beside the app) --- */

/* --- peers --- */

typedef struct {
  VigiePeer  *peer;
  const char *prefix;
  guint       count;
} Count;

static gboolean
peer_has (gpointer data)
{
  Count *c = data;
  return vigie_peer_count (c->peer, c->prefix, 200) + vigie_peer_count (c->peer, c->prefix, 202) >= c->count;
}

static JsonObject *
last_body (VigiePeer  *peer,
           const char *prefix)
{
  VigiePeerRequest *request = vigie_peer_last (peer, prefix);

  g_assert_nonnull (request);
  g_assert_nonnull (request->body);
  return json_node_get_object (request->body);
}

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

static void
write_json (const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (night.data_dir, name, NULL);
  g_autoptr(JsonNode) check = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* The demo, with Dupont's roster replaced by two people each with a peer
 * of their own, and the other clients' people without webhooks. */
static void
make_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *clients = NULL;
  g_autofree char *roster = NULL;
  g_autoptr(VigieSecrets) secrets = NULL;

  g_assert_true (vigie_context_install_demo (night.data_dir, NULL, &error));
  g_assert_no_error (error);

  clients = g_strdup_printf (
    "{\"clients\": ["
    " {\"id\": \"dupont-maintenance\", \"name\": \"Dupont Maintenance Immobilière\", \"lines\": [\"0800 100 200\"],"
    "  \"script\": \"scripts/dupont-maintenance.json\", \"timezone\": \"Europe/Paris\","
    "  \"targets\": [{\"id\": \"ops\", \"type\": \"webhook\", \"url\": \"%s/alerts/dupont-maintenance\"}],"
    "  \"oncall\": {\"name\": \"Karim Benali\", \"phone\": \"+33 6 12 34 56 78\"}},"
    " {\"id\": \"hebergix\", \"name\": \"Hébergix\", \"lines\": [\"0800 300 400\"],"
    "  \"script\": \"scripts/hebergix.json\", \"timezone\": \"Europe/Paris\","
    "  \"targets\": [{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"%s/v2/enqueue\"}],"
    "  \"oncall\": {\"name\": \"Sophie Marchand\", \"phone\": \"+33 6 23 45 67 89\"}},"
    " {\"id\": \"mairie-saint-aubin\", \"name\": \"Mairie de Saint-Aubin-sur-Loire\", \"lines\": [\"02 40 50 60 70\"],"
    "  \"script\": \"scripts/mairie-saint-aubin.json\", \"timezone\": \"Europe/Paris\","
    "  \"targets\": [{\"id\": \"ops\", \"type\": \"webhook\", \"url\": \"%s/alerts/mairie-saint-aubin\"}],"
    "  \"oncall\": {\"name\": \"Élu de permanence\", \"phone\": \"+33 6 34 56 78 90\"}}]}",
    night.ops->base_url, night.pd->base_url, night.ops->base_url);
  write_json ("clients.json", clients);

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
  write_json ("rosters/dupont-maintenance.json", roster);

  /* The other demo people keep their phones, not `make run`'s receiver. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "rosters/hebergix.json" : "rosters/mairie-saint-aubin.json";
      g_autofree char *path = g_build_filename (night.data_dir, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GRegex) webhook = g_regex_new ("\"webhook:[^\"]*\", ", 0, 0, NULL);
      g_autofree char *stripped = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, &error));
      stripped = g_regex_replace_literal (webhook, text, -1, 0, "", 0, &error);
      g_assert_no_error (error);
      write_json (name, stripped);
    }

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
  Count alice1 = { night.alice, "/alerts/alice", 1 };
  Count bruno1 = { night.bruno, "/alerts/bruno", 1 };
  Count ops1 = { night.ops, "/alerts/dupont-maintenance", 1 };
  g_autofree char *value = NULL;
  JsonObject *body;

  leak_call ("leak-1");

  /* The trigger reaches Alice's own peer, and the client's target. */
  g_assert_true (vigie_test_wait_until (peer_has (&alice1), 10000));
  g_assert_true (vigie_test_wait_until (peer_has (&ops1), 10000));
  body = last_body (night.alice, "/alerts/alice");
  g_assert_cmpstr (member_at (body, "recipient.name"), ==, "Alice Aubert");
  g_assert_cmpstr (member_at (body, "recipient.roster"), ==, "plomberie");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "recipient"), "step"), ==, 1);
  g_assert_cmpstr (member_at (body, "recipient.next"), ==, "Bruno Besson");
  g_assert_cmpstr (member_at (body, "caller.number"), ==, "+33698765432");
  g_assert_cmpstr (member_at (last_body (night.ops, "/alerts/"), "recipient.name"), ==, "Alice Aubert");
  g_assert_cmpuint (vigie_peer_count (night.bruno, "/", 0), ==, 0);

  /* The journal says the same: person, roster, step. */
  value = vigie_test_journal_query (night.data_dir, "SELECT json_extract (data, '$.recipient.name') || '/' || json_extract (data, '$.recipient.roster')"
                 " || '/' || json_extract (data, '$.recipient.step') FROM events"
                 " WHERE call_id = ?1 AND kind = 'decision'", "leak-1");
  g_assert_cmpstr (value, ==, "Alice Aubert/plomberie/1");
  g_clear_pointer (&value, g_free);
  g_assert_cmpuint (vigie_test_journal_query_count (night.data_dir, "SELECT count(*) FROM escalations WHERE call_id = ?1 AND state = 'running'",
                                 "leak-1"), ==, 1);

  /* Nobody acknowledges: step 2, Bruno's own peer, with the call's facts. */
  g_assert_true (vigie_test_wait_until (peer_has (&bruno1), (STEP_SECONDS + 6) * 1000));
  body = last_body (night.bruno, "/alerts/bruno");
  g_assert_cmpstr (member_at (body, "escalation_step.name"), ==, "Bruno Besson");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "escalation_step"), "step"), ==, 2);
  g_assert_cmpstr (member_at (body, "recipient.name"), ==, "Bruno Besson");
  g_assert_cmpstr (member_at (body, "caller.number"), ==, "+33698765432");
  g_assert_cmpstr (member_at (body, "client.id"), ==, "dupont-maintenance");
  g_assert_cmpuint (vigie_peer_count (night.alice, "/", 0), ==, 1);
  value = vigie_test_journal_query (night.data_dir, "SELECT json_extract (data, '$.name') FROM events WHERE call_id = ?1"
                 " AND kind = 'escalation-step' AND json_extract (data, '$.step') = 2", "leak-1");
  g_assert_cmpstr (value, ==, "Bruno Besson");
  g_clear_pointer (&value, g_free);

  /* Bruno phones the desk back: the cascade stops (its next step, Alice
   * again in the second loop, never goes). */
  VIGIE ("acknowledge", "--call-id", "leak-1", "--by", "Bruno Besson");
  g_assert_cmpuint (vigie_test_journal_query_count (night.data_dir, "SELECT count(*) FROM escalations WHERE call_id = ?1 AND state = 'acknowledged'",
                                 "leak-1"), ==, 1);
  value = vigie_test_journal_query (night.data_dir, "SELECT json_extract (data, '$.by') FROM events WHERE call_id = ?1"
                 " AND kind = 'alert-acknowledged'", "leak-1");
  g_assert_cmpstr (value, ==, "Bruno Besson");
  vigie_test_run_for ((2 * STEP_SECONDS + 2) * 1000);
  g_assert_cmpuint (vigie_peer_count (night.alice, "/", 0), ==, 1);
  g_assert_cmpuint (vigie_peer_count (night.bruno, "/", 0), ==, 1);
}

static void
test_cascade_survives_kill (void)
{
  Count alice = { night.alice, "/alerts/alice", vigie_peer_count (night.alice, "/", 0) + 1 };
  Count bruno = { night.bruno, "/alerts/bruno", vigie_peer_count (night.bruno, "/", 0) + 1 };
  guint alice_before = alice.count - 1, bruno_before = bruno.count - 1;

  leak_call ("leak-2");
  g_assert_true (vigie_test_wait_until (peer_has (&alice), 10000));
  /* Alice's delivery is on disk before the crash. */
  while (vigie_test_journal_query_count (night.data_dir, "SELECT count(*) FROM events WHERE call_id = ?1 AND kind = 'alert-attempt'"
                      " AND json_extract (data, '$.target_id') LIKE 'webhook:%/alerts/alice'"
                      " AND json_extract (data, '$.status') = 'delivered'", "leak-2") == 0)
    vigie_test_run_for (1000);

  kill_vigie ();
  start_vigie ();

  /* Step 2 is due a few seconds after the trigger: once, after the restart. */
  g_assert_true (vigie_test_wait_until (peer_has (&bruno), (STEP_SECONDS + 10) * 1000));
  VIGIE ("acknowledge", "--call-id", "leak-2", "--by", "Bruno Besson");
  vigie_test_run_for ((STEP_SECONDS + 2) * 1000);
  g_assert_cmpuint (vigie_peer_count (night.alice, "/", 0), ==, alice_before + 1);
  g_assert_cmpuint (vigie_peer_count (night.bruno, "/", 0), ==, bruno_before + 1);
  g_assert_cmpuint (vigie_test_journal_query_count (night.data_dir, "SELECT count(*) FROM events WHERE call_id = ?1 AND kind = 'escalation-step'",
                                 "leak-2"), ==, 1);
  g_assert_cmpuint (vigie_test_journal_query_count (night.data_dir, "SELECT count(*) FROM escalations WHERE call_id = ?1 AND state = 'acknowledged'",
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
  deferred = vigie_test_journal_query (night.data_dir, "SELECT json_extract (data, '$.defer_until') FROM events WHERE call_id = ?1 AND kind = 'decision'",
                    "leak-3");
  g_assert_nonnull (deferred);
  due = vigie_test_journal_query (night.data_dir, "SELECT next_due FROM escalations WHERE call_id = ?1 AND state = 'running'", "leak-3");
  g_assert_nonnull (due);
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (deferred, NULL);
    g_autoptr(GDateTime) next = g_date_time_new_from_iso8601 (due, NULL);

    g_assert_cmpint (g_date_time_difference (next, at) / G_USEC_PER_SEC, ==, STEP_SECONDS);
  }
  vigie_test_run_for ((STEP_SECONDS + 2) * 1000);
  g_assert_cmpuint (vigie_test_journal_query_count (night.data_dir, "SELECT count(*) FROM events WHERE call_id = ?1 AND kind = 'escalation-step'",
                                 "leak-3"), ==, 0);
}

static void
test_hidden_number_call_back (void)
{
  Count pd = { night.pd, "/v2/enqueue", 1 };
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
  g_assert_true (vigie_test_wait_until (peer_has (&pd), 10000));

  /* The strict peer took it (202) with the typed number and name. */
  event = last_body (night.pd, "/v2/enqueue");
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
  Count ops = { night.ops, "/alerts/mairie-saint-aubin", 1 };
  g_autofree char *value = NULL;

  /* Road blocked and dangerous, from a hidden number with no number to
   * give: the operator says so, it is journaled, the alert leaves. */
  VIGIE ("call", "--from", "anonymous", "--line", "02 40 50 60 70", "--call-id", "hidden-2");
  VIGIE ("answer", "--call-id", "hidden-2", "1", "1");
  VIGIE ("decide", "--call-id", "hidden-2", "--no-callback", "Cabine publique, pas de numéro");
  g_assert_true (vigie_test_wait_until (peer_has (&ops), 10000));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                   last_body (night.ops, "/alerts/mairie-saint-aubin"), "caller"), "no_callback"));
  value = vigie_test_journal_query (night.data_dir, "SELECT json_extract (data, '$.reason') FROM events WHERE call_id = ?1"
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
  g_autofree char *tmp = vigie_test_use_private_home ("vigie-addressing-XXXXXX");

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("No X display: the desk needs one (make check runs Xvfb)");
      return g_test_run ();
    }

  /* A bus of our own: another Vigie must not take the calls. */
  night.bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  {
    /* GTestDBus unsets DISPLAY (against X11 autolaunch); the desk needs it. */
    g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

    g_test_dbus_up (night.bus);
    g_setenv ("DISPLAY", display, TRUE);
  }

  night.alice = vigie_peer_new (&error);
  night.bruno = vigie_peer_new (&error);
  night.ops = vigie_peer_new (&error);
  night.pd = vigie_peer_new (&error);
  g_assert_no_error (error);

  night.data_dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
  night.log_path = g_build_filename (g_get_user_data_dir (), "vigie.log", NULL);
  g_mkdir_with_parents (night.data_dir, 0700);
  make_data ();
  start_vigie ();

  g_test_add_func ("/addressing/roster-addresses-and-escalates", test_roster_addresses_and_escalates);
  g_test_add_func ("/addressing/cascade-survives-kill", test_cascade_survives_kill);
  g_test_add_func ("/addressing/deferred-cascade", test_deferred_cascade);
  g_test_add_func ("/addressing/hidden-number-call-back", test_hidden_number_call_back);
  g_test_add_func ("/addressing/no-callback-recorded", test_no_callback_recorded);
  status = g_test_run ();

  if (night.vigie)
    {
      g_subprocess_send_signal (night.vigie, SIGTERM);
      g_subprocess_wait (night.vigie, NULL, NULL);
      g_clear_object (&night.vigie);
    }
  if (status != 0)
    for (guint i = 1; i <= night.n_starts; i++)
      {
        g_autofree char *log = g_strdup_printf ("%s.%u", night.log_path, i);
        g_autofree char *text = NULL;

        if (g_file_get_contents (log, &text, NULL, NULL))
          g_printerr ("--- vigie run %u ---\n%s\n", i, text);
      }
  vigie_peer_free (night.alice);
  vigie_peer_free (night.bruno);
  vigie_peer_free (night.ops);
  vigie_peer_free (night.pd);
  g_test_dbus_down (night.bus);
  g_object_unref (night.bus);
  if (status == 0)
    {
      const char *rm[] = { "rm", "-rf", tmp, NULL };
      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return status;
}
