/* test-journal-group-commit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Group commit under failure (issue 16, durable append): a commit that
 * cannot be written (a full disk, here a zero file-size limit) reaches
 * every queued caller as an error and writes nothing; a synchronous
 * append takes the queued events into its own commit, in order; and when
 * that commit fails for the synchronous caller's own reason, the queued
 * events are still written apart: one caller's failure is not another's.
 */
#include "config.h"

#include <signal.h>
#include <sys/resource.h>

#include "vigie-journal.h"
#include "vigie-test-journal.h"

typedef struct {
  guint n_ok;
  guint n_failed;
} Outcomes;

static void
appended_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcomes *outcomes = user_data;
  g_autoptr(GError) error = NULL;

  if (vigie_journal_append_finish (VIGIE_JOURNAL (source), result, &error))
    outcomes->n_ok++;
  else
    {
      g_assert_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE);
      outcomes->n_failed++;
    }
}

static VigieJournal *
open_journal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);
  VigieJournal *journal;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  return journal;
}

static void
queue (VigieJournal *journal,
       const char   *call_id,
       guint         n,
       Outcomes     *outcomes)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) data = json_from_string ("{\"event\":\"ring\"}", NULL);

      vigie_journal_append_async (journal, call_id, "pbx-event", data, appended_cb, outcomes);
    }
}

/* A full disk for this process: no file may grow (a zero file-size
 * limit, the signal ignored so a write fails instead); or room again. */
static void
disk_full (gboolean full)
{
  struct rlimit limit;

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  limit.rlim_cur = full ? 0 : limit.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
}

static void
test_full_disk (void)
{
  g_autoptr(VigieJournal) journal = open_journal ();
  g_autoptr(GError) error = NULL;
  Outcomes outcomes = { 0 };

  g_assert_true (vigie_journal_append (journal, NULL, "operator-signed-in", NULL, &error));
  g_assert_no_error (error);

  disk_full (TRUE);
  queue (journal, "full", 5, &outcomes);
  while (outcomes.n_ok + outcomes.n_failed < 5)
    g_main_context_iteration (NULL, TRUE);
  disk_full (FALSE);

  /* Every caller heard it, as an error; nothing was written. */
  g_assert_cmpuint (outcomes.n_failed, ==, 5);
  g_assert_cmpuint (outcomes.n_ok, ==, 0);
  g_assert_cmpuint (vigie_test_journal_count (journal, "full", "pbx-event", NULL), ==, 0);

  /* Space returns: the next ones are written. */
  queue (journal, "after", 3, &outcomes);
  while (outcomes.n_ok < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (vigie_test_journal_count (journal, "after", "pbx-event", NULL), ==, 3);
  g_assert_true (vigie_journal_verify (journal, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
refusing_hook (struct sqlite3 *db,
               gpointer  user_data,
               GError  **error)
{
  g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE, "the outbox refused");
  return FALSE;
}

static void
test_sync_takes_queue (void)
{
  g_autoptr(VigieJournal) journal = open_journal ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) data = json_from_string ("{\"n\":1}", NULL);
  VigieJournalEntry entry = { "sync", "decision", data };
  Outcomes outcomes = { 0 };

  /* Queued, then a synchronous append: one commit, the queued first. */
  queue (journal, "queued", 3, &outcomes);
  g_assert_true (vigie_journal_append (journal, "sync", "answer", data, &error));
  g_assert_no_error (error);
  events = vigie_journal_list_events (journal, NULL, &error);
  g_assert_cmpuint (events->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, i))->call_id, ==, "queued");
  g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, 3))->call_id, ==, "sync");
  while (outcomes.n_ok < 3)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* The synchronous commit fails for its own reason: the queued events
   * are written apart, and told so; the refused one is not written. */
  queue (journal, "innocent", 2, &outcomes);
  g_assert_false (vigie_journal_append_many (journal, &entry, 1, refusing_hook, NULL, &error));
  g_assert_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE);
  while (outcomes.n_ok + outcomes.n_failed < 5)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (outcomes.n_ok, ==, 5);
  g_assert_cmpuint (outcomes.n_failed, ==, 0);
  g_assert_cmpuint (vigie_test_journal_count (journal, "innocent", "pbx-event", NULL), ==, 2);
  g_assert_cmpuint (vigie_test_journal_count (journal, "sync", "decision", NULL), ==, 0);
  g_clear_error (&error);
  g_assert_true (vigie_journal_verify (journal, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/journal-group-commit/full-disk", test_full_disk);
  g_test_add_func ("/journal-group-commit/sync-takes-queue", test_sync_takes_queue);
  return g_test_run ();
}
