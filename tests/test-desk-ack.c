/* test-desk-ack.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 16, point 2, through the real binary: with the desk running,
 * `vigie acknowledge --call-id ID --not-urgent` (the on-call person
 * phoned back: a false alarm) journals the acknowledgement with the
 * "not-urgent" verdict the indicators count, and `vigie journal stats`
 * says one false alarm.
 */
#include "config.h"

#include <signal.h>

#include "vigie-journal.h"
#include "vigie-test-cli.h"
#include "vigie-test-desk.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

static gint64
count (const char *dir,
       const char *sql)
{
  return vigie_test_journal_query_count (dir, sql, NULL);
}

/* A night call that was triggered: its decision names the alert's key and
 * the person alerted, as the desk journals it. */
static void
journal_triggered_call (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "journal.sqlite", NULL);
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) received = json_from_string ("{\"from\":\"+33698765432\",\"line\":\"+33800300400\","
                                                   "\"client_id\":\"hebergix\",\"client_name\":\"Hébergix\"}", NULL);
  g_autoptr(JsonNode) decision = json_from_string ("{\"decision\":\"trigger\",\"recommended\":\"trigger\","
                                                   "\"gravity\":4,\"dedup_key\":\"vigie-night-9-test\","
                                                   "\"recipient\":{\"person_id\":\"camille-moreau\","
                                                   "\"name\":\"Camille Moreau\"}}", NULL);

  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (vigie_journal_append (journal, "night-9", "call-received", received, &error));
  g_assert_true (vigie_journal_append (journal, "night-9", "decision", decision, &error));
  g_assert_no_error (error);
}

static void
test_acknowledge_not_urgent (void)
{
  g_autofree char *dir = vigie_test_make_data_dir (NULL);
  g_autoptr(GSubprocessLauncher) launcher = vigie_test_desk_launcher (dir, G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *path = vigie_test_desk_path ();
  g_autoptr(GSubprocess) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(VigieTestRun) ack = { 0 };
  g_auto(VigieTestRun) stats = { 0 };

  journal_triggered_call (dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  desk = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_assert_true (vigie_test_wait_until (vigie_test_desk_is_up (NULL), 30000));

  g_assert_cmpint (vigie_test_run_vigie (&ack, dir, NULL, VIGIE_TEST_RUN_C_LOCALE, "acknowledge", "--call-id", "night-9",
                                         "--not-urgent", NULL), ==, 0);
  g_assert_cmpint (count (dir, "SELECT count (*) FROM events WHERE kind = 'alert-acknowledged' AND call_id = 'night-9' "
                               "AND json_extract (data, '$.status') = 'not-urgent' "
                               "AND json_extract (data, '$.verdict') = 'not-urgent' "
                               "AND json_extract (data, '$.by') = 'Camille Moreau' "
                               "AND json_extract (data, '$.source') = 'operator'"), ==, 1);
  g_assert_cmpint (count (dir, "SELECT count (*) FROM calls WHERE call_id = 'night-9' AND alert_status = 'not-urgent' "
                               "AND acked_at IS NOT NULL"), ==, 1);

  g_subprocess_send_signal (desk, SIGKILL);
  g_subprocess_wait (desk, NULL, NULL);

  /* The supervisor's figure, from the command line. */
  g_assert_cmpint (vigie_test_run_vigie (&stats, dir, NULL, VIGIE_TEST_RUN_C_LOCALE, "journal", "stats", NULL), ==, 0);
  g_assert_nonnull (strstr (stats.out, "False alarms: 1\n"));
  g_assert_cmpint (count (dir, "SELECT count (*) FROM events WHERE kind = 'alert-acknowledged' "
                               "AND json_extract (data, '$.status') = 'not-urgent'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/desk-ack/not-urgent", test_acknowledge_not_urgent);
  return g_test_run ();
}
