/* test-escalation-webhook.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo's path end to end: an unacknowledged alert escalates step by
 * step to webhook targets served by the loopback peer (a real libsoup
 * server on 127.0.0.1),
 * through the dispatcher, until acknowledged. Time is injected.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-escalation-webhook.h"
#include "vigie-escalation.h"
#include "vigie-secrets.h"
#include "vigie-peer.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

static VigiePeerRequest *
request_at (VigiePeer *peer,
            guint      index)
{
  VIGIE_TEST_WAIT_FOR (peer->requests->len > index);
  return g_ptr_array_index (peer->requests, index);
}

static void
test_escalates_to_loopback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (&error);
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VigieRoster) roster = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieDispatcher) dispatcher = NULL;
  g_autoptr(VigieOutbox) outbox = NULL;
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autoptr(VigieSecrets) secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_FILE);
  g_autoptr(VigieClient) client = NULL;
  g_autoptr(JsonNode) client_json = NULL;
  g_autofree char *client_text = NULL;
  g_autoptr(VigieEscalation) engine = NULL;
  g_autoptr(VigieEscalationWebhook) sink = NULL;
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) t0 = g_date_time_new (paris, 2026, 12, 24, 23, 30, 0);
  g_autoptr(GDateTime) t1 = g_date_time_add_minutes (t0, 10);
  g_autoptr(GDateTime) t2 = g_date_time_add_minutes (t0, 12);
  g_autoptr(GDateTime) t3 = g_date_time_add_minutes (t0, 60);
  JsonObject *first, *second;

  g_assert_no_error (error);

  json = g_strdup_printf (
    "{\"client\": \"dupont\", \"people\": ["
    "  {\"id\": \"karim\", \"name\": \"Karim Haddad\", \"phone\": \"+33634679023\","
    "   \"targets\": [\"webhook:%s/alerts/dupont/karim\", \"sms:+33634679023\"]},"
    "  {\"id\": \"julien\", \"name\": \"Julien Martin\", \"phone\": \"+33612457801\","
    "   \"targets\": [\"webhook:%s/alerts/dupont/julien\"]}],"
    " \"rotations\": [{\"id\": \"main\", \"layer\": 2, \"start\": \"2026-12-21T08:00:00\", \"members\": [\"karim\"]},"
    "                 {\"id\": \"backup\", \"layer\": 1, \"start\": \"2026-12-21T08:00:00\", \"members\": [\"julien\"]}],"
    " \"escalation\": {\"loops\": 1, \"steps\": ["
    "  {\"target\": \"oncall\", \"delay\": 10, \"channels\": [\"webhook\", \"sms\"]},"
    "  {\"target\": \"rotation:backup\", \"delay\": 10, \"channels\": [\"webhook\"]}]}}", peer->base_url, peer->base_url);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  roster = vigie_roster_new_from_json (node, &error);
  g_assert_no_error (error);

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  /* Steps go out through the outbox to each person's own webhook from the
   * roster, not to the client's target (which got the desk's alert). */
  client_text = g_strdup_printf ("{\"id\": \"dupont\", \"name\": \"Dupont\", \"lines\": [\"0800000009\"],"
                                 " \"webhook\": \"%s/alerts/dupont\"}", peer->base_url);
  client_json = json_from_string (client_text, &error);
  g_assert_no_error (error);
  client = vigie_client_new_from_json (json_node_get_object (client_json), &error);
  g_assert_no_error (error);
  g_assert_true (vigie_directory_add_client (directory, client, &error));
  outbox = vigie_outbox_new (journal, &error);
  g_assert_no_error (error);
  dispatcher = vigie_dispatcher_new (outbox, directory, secrets);
  vigie_dispatcher_start (dispatcher);
  sink = vigie_escalation_webhook_new (dispatcher, directory);
  engine = vigie_escalation_open (path, journal, &error);
  g_assert_no_error (error);
  vigie_escalation_set_sink (engine, VIGIE_ALERT_SINK (sink));

  g_assert_true (vigie_escalation_start (engine, "call-42", roster, "call-42", VIGIE_ESCALATION_START_NONE, t0, &error));
  g_assert_cmpuint (vigie_escalation_run_due (engine, t0, &error), ==, 1);
  g_assert_cmpstr (request_at (peer, 0)->path, ==, "/alerts/dupont/karim");
  first = json_node_get_object (request_at (peer, 0)->body);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Karim Haddad");
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "escalation");
  g_assert_cmpint (json_object_get_int_member (first, "step"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "dedup_key"), ==, "call-42/escalation/0/0");

  /* Nobody acknowledges: ten minutes later, the backup. */
  g_assert_cmpuint (vigie_escalation_run_due (engine, t1, &error), ==, 1);
  g_assert_cmpstr (request_at (peer, 1)->path, ==, "/alerts/dupont/julien");
  second = json_node_get_object (request_at (peer, 1)->body);
  g_assert_cmpint (json_object_get_int_member (second, "step"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (second, "name"), ==, "Julien Martin");

  /* Julien takes it: nothing more, ever. */
  g_assert_true (vigie_escalation_acknowledge (engine, "call-42", "julien", t2, &error));
  g_assert_cmpuint (vigie_escalation_run_due (engine, t3, &error), ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (peer->requests->len, ==, 2);

  vigie_dispatcher_stop (dispatcher);
}

int
main (int   argc,
      char *argv[])
{
  /* The GNOME proxy settings are not installed in the build tree. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/escalation-webhook/escalates-to-loopback", test_escalates_to_loopback);

  return g_test_run ();
}
