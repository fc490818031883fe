/* test-journal-append.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Group commit: events queued with vigie_journal_append_async() go in one
 * transaction; each callback runs once its event is committed (another
 * connection sees it), in order, also against vigie_journal_append().
 */
#include "config.h"

#include <sqlite3.h>

#include "vigie-journal.h"

typedef struct {
  char  *path;
  guint  n_done;
  gint64 seen_at_first;   /* events another connection saw in the first callback */
  GPtrArray *order;
} Fixture;

static gint64
count_events (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM events", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
appended_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigie_journal_append_finish (VIGIE_JOURNAL (source), result, &error));
  g_assert_no_error (error);
  if (f->n_done++ == 0)
    f->seen_at_first = count_events (f->path);
}

static void
test_group_commit (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL), 0, 0, NULL };
  g_autoptr(VigieJournal) journal = vigie_journal_open (f.path, &error);
  g_autoptr(GPtrArray) events = NULL;
  gint64 n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *call = g_strdup_printf ("call-%u", i % 3);
      g_autoptr(JsonNode) data = json_from_string ("{\"from\":\"+33612345678\",\"note\":\"x\"}", NULL);

      vigie_journal_append_async (journal, call, i % 2 ? "answer" : "decision", data, appended_cb, &f);
    }
  /* Nothing is committed before the main loop runs. */
  g_assert_cmpint (count_events (f.path), ==, 0);
  while (f.n_done < 10)
    g_main_context_iteration (NULL, TRUE);
  /* One transaction: when the first caller hears back, all ten are on disk. */
  g_assert_cmpint (f.seen_at_first, ==, 10);

  /* A synchronous append after queued ones: the queued ones come first. */
  {
    g_autoptr(JsonNode) data = json_from_string ("{\"n\":1}", NULL);

    f.n_done = 0;
    vigie_journal_append_async (journal, "call-q", "queued", data, appended_cb, &f);
    g_assert_true (vigie_journal_append (journal, "call-s", "direct", data, &error));
    g_assert_no_error (error);
    while (f.n_done < 1)
      g_main_context_iteration (NULL, TRUE);
  }
  events = vigie_journal_list_events (journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 12);
  g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, 10))->kind, ==, "queued");
  g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, 11))->kind, ==, "direct");
  g_assert_true (vigie_journal_verify (journal, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 12);
  g_free (f.path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/journal-append/group-commit", test_group_commit);
  return g_test_run ();
}
