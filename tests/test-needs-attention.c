/* test-needs-attention.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A call the operator closed while its alert's cascade still ran: when
 * the whole cascade goes by with nobody acknowledging, the call comes
 * back into "needs attention" (the operator must phone the people), and
 * leaves it only once someone takes it. Through the core, on the real
 * clock, with each person's webhook a loopback peer. A mutation check
 * (that case of compute_needs_attention() dropped) passed every test.
 */
#include "config.h"

#include "vigie-dispatch-fixture.h"

#define TARGETS "[{\"id\": \"ops\", \"type\": \"webhook\", \"url\": \"@PEER@/alerts/hebergix\"}]"

/* Two people, one step each, a second apiece, one loop. */
static void
write_roster (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fixture->data_dir, "rosters", NULL);
  g_autofree char *path = g_build_filename (dir, "hebergix.json", NULL);
  g_autofree char *text = g_strdup_printf (
    "{\"client\": \"hebergix\", \"timezone\": \"Europe/Paris\","
    " \"people\": ["
    "  {\"id\": \"paul\", \"name\": \"Paul Premier\", \"phone\": \"+33611111111\","
    "   \"targets\": [\"webhook:%s/alerts/paul\"]},"
    "  {\"id\": \"sarah\", \"name\": \"Sarah Second\", \"phone\": \"+33622222222\","
    "   \"targets\": [\"webhook:%s/alerts/sarah\"]}],"
    " \"rotations\": ["
    "  {\"id\": \"first\", \"name\": \"First\", \"layer\": 2, \"start\": \"2026-01-05T08:00:00\","
    "   \"turn\": \"weekly\", \"members\": [\"paul\"]},"
    "  {\"id\": \"backup\", \"name\": \"Backup\", \"layer\": 1, \"start\": \"2026-01-05T08:00:00\","
    "   \"turn\": \"weekly\", \"members\": [\"sarah\"]}],"
    " \"rosters\": ["
    "  {\"id\": \"astreinte\", \"name\": \"Astreinte\", \"default\": true, \"rotations\": [\"first\"],"
    "   \"escalation\": {\"loops\": 1, \"steps\": ["
    "    {\"target\": \"oncall\", \"delay\": 1, \"delay_seconds\": 1, \"channels\": [\"webhook\"]},"
    "    {\"target\": \"rotation:backup\", \"delay\": 1, \"delay_seconds\": 1, \"channels\": [\"webhook\"]}]}}]}",
    fixture->peer->base_url, fixture->peer->base_url);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  vigie_dispatch_fixture_setup (fixture, TARGETS);
  /* The fixture clears the rosters: this test's own, then the desk's
   * cascade on the real clock. */
  write_roster (fixture);
  g_clear_object (&fixture->context);
  vigie_dispatch_fixture_open_context (fixture);
  vigie_context_start_escalation (fixture->context);
}

static guint
n_exhausted (Fixture   *fixture,
             VigieCall *call)
{
  return count_events (fixture, vigie_call_get_id (call), "escalation-exhausted");
}

/* A triggered call whose alert reached Paul. */
static VigieCall *
delivered_call (Fixture *fixture)
{
  VigieCall *call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);

  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  return call;
}

/* Triggered, delivered, closed: out of "needs attention" while the
 * cascade runs; back in when it has gone by unanswered. */
static void
test_cascade_went_by (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = delivered_call (fixture);

  g_assert_true (vigie_call_close (call, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_CLOSED);
  g_assert_false (vigie_call_get_needs_attention (call));

  /* Paul (the alert itself), then Sarah a second later, then a second
   * for her to answer: nobody does. */
  VIGIE_TEST_WAIT_FOR (vigie_peer_count (fixture->peer, "/alerts/sarah", 200) == 1);
  VIGIE_TEST_WAIT_FOR (n_exhausted (fixture, call) == 1);
  g_assert_cmpuint (vigie_peer_count (fixture->peer, "/alerts/paul", 200), >=, 1);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_DELIVERED);
  g_assert_cmpstr (vigie_call_get_escalation_status (call), ==,
                   "Escalation exhausted: nobody acknowledged — phone the on-call people");
  g_assert_true (vigie_call_get_needs_attention (call));

  /* The operator reaches someone by phone: taken, no longer waiting. */
  g_assert_true (vigie_call_acknowledge (call, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_false (vigie_call_get_needs_attention (call));
  /* The run-out cascade is marked acknowledged too (so "taken" in
   * compute_needs_attention() is a second guard, not the only one). */
  VIGIE_TEST_WAIT_FOR (g_str_has_prefix (vigie_call_get_escalation_status (call), "Escalation stopped: acknowledged"));
  g_assert_false (vigie_call_get_needs_attention (call));
}

/* Acknowledged while the cascade runs: it stops, and never asks for
 * attention. */
static void
test_cascade_acknowledged (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = delivered_call (fixture);

  g_assert_true (vigie_call_acknowledge (call, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_call_close (call, &error));
  g_assert_no_error (error);
  vigie_test_run_for (4000);
  g_assert_cmpuint (n_exhausted (fixture, call), ==, 0);
  g_assert_cmpuint (vigie_peer_count (fixture->peer, "/alerts/sarah", 0), ==, 0);
  g_assert_false (vigie_call_get_needs_attention (call));
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add ("/needs-attention/cascade-went-by", Fixture, NULL, setup, test_cascade_went_by,
              vigie_dispatch_fixture_teardown);
  g_test_add ("/needs-attention/cascade-acknowledged", Fixture, NULL, setup, test_cascade_acknowledged,
              vigie_dispatch_fixture_teardown);

  return g_test_run ();
}
