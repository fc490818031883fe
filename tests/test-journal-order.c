/* test-journal-order.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Journal page reads its list a page at a time (LIMIT … OFFSET …):
 * every sort it offers must walk an index, never sort the rows up to the
 * offset in a temporary B-tree (at a million events that made each page
 * 60–400 ms deep in the list, on the main thread). And the order stays
 * total: calls received at the same instant come page after page exactly
 * once.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigie-journal.h"
#include "vigie-test-journal.h"

#define N_CALLS 30

/* N_CALLS calls, three per instant, so the order needs its tie-break. */
static VigieJournal *
write_journal (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-03-02T22:00:00Z", NULL);
  VigieTestClock clock = { g_date_time_to_unix (start) * G_USEC_PER_SEC };

  g_assert_no_error (error);
  vigie_journal_set_clock (journal, vigie_test_clock_now, &clock);
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autofree char *id = g_strdup_printf ("call-%02u", i);
      g_autofree char *received = g_strdup_printf ("{\"from\":\"+336100000%02u\",\"client_id\":\"c%u\","
                                                   "\"client_name\":\"Client %u\",\"operator\":\"Op %u\"}",
                                                   i, i % 4, i % 4, i % 3);
      g_autoptr(JsonNode) data = json_from_string (received, NULL);

      if (i % 3 == 0)
        clock.now += 60 * G_USEC_PER_SEC;
      g_assert_true (vigie_journal_append (journal, id, "call-received", data, &error));
      g_assert_no_error (error);
    }
  vigie_journal_set_clock (journal, NULL, NULL);
  return g_steal_pointer (&journal);
}

static void
test_plans (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "plans.sqlite", NULL);
  g_autoptr(VigieJournal) journal = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  journal = write_journal (path);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  for (VigieJournalSort sort = VIGIE_JOURNAL_SORT_TIME; sort <= VIGIE_JOURNAL_SORT_ALERT; sort++)
    for (guint ascending = 0; ascending < 2; ascending++)
      {
        VigieJournalFilter filter = { .sort = sort, .ascending = ascending };
        g_autofree char *sql = vigie_journal_filter_to_sql (&filter, FALSE, 13000, 200);
        g_autofree char *explain = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sql);
        g_autoptr(GString) plan = g_string_new (NULL);
        sqlite3_stmt *stmt = NULL;

        g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
        sqlite3_finalize (stmt);
        g_test_message ("%s\n%s", sql, plan->str);
        g_assert_nonnull (strstr (plan->str, "USING INDEX"));
        g_assert_null (strstr (plan->str, "TEMP B-TREE"));
      }
  sqlite3_close (db);
}

static void
test_pages (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "pages.sqlite", NULL);
  g_autoptr(VigieJournal) journal = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  journal = write_journal (path);

  for (VigieJournalSort sort = VIGIE_JOURNAL_SORT_TIME; sort <= VIGIE_JOURNAL_SORT_ALERT; sort++)
    for (guint ascending = 0; ascending < 2; ascending++)
      {
        VigieJournalFilter filter = { .sort = sort, .ascending = ascending };
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) all = vigie_journal_query_calls (journal, &filter, 0, 0, &error);
        g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

        g_assert_no_error (error);
        g_assert_cmpuint (all->len, ==, N_CALLS);
        /* Pages of 4 (instants hold 3 calls, so pages cut through them). */
        for (guint offset = 0; offset < N_CALLS; offset += 4)
          {
            g_autoptr(GPtrArray) page = vigie_journal_query_calls (journal, &filter, offset, 4, &error);

            g_assert_no_error (error);
            g_assert_cmpuint (page->len, ==, MIN (4, N_CALLS - offset));
            for (guint i = 0; i < page->len; i++)
              {
                const VigieJournalCall *call = g_ptr_array_index (page, i);

                g_assert_cmpstr (call->call_id, ==, ((VigieJournalCall *) g_ptr_array_index (all, offset + i))->call_id);
                g_assert_true (g_hash_table_add (seen, g_strdup (call->call_id)));
              }
          }
        g_assert_cmpuint (g_hash_table_size (seen), ==, N_CALLS);
        /* Newest first is newest first, whatever the tie-break. */
        if (sort == VIGIE_JOURNAL_SORT_TIME)
          for (guint i = 1; i < all->len; i++)
            {
              int order = g_strcmp0 (((VigieJournalCall *) g_ptr_array_index (all, i - 1))->received_at,
                                     ((VigieJournalCall *) g_ptr_array_index (all, i))->received_at);

              g_assert_true (ascending ? order <= 0 : order >= 0);
            }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/journal-order/plans", test_plans);
  g_test_add_func ("/journal-order/pages", test_pages);
  return g_test_run ();
}
