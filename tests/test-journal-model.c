/* test-journal-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Journal page's model over a journal of many pages: walked as a long
 * scroll would (down to the end, back up, jumps), it holds only a bounded
 * number of pages however far it went, and the rows it reads again after
 * dropping them are the rows it read first, and the journal's.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-journal-model.h"

#define N_CALLS 2100
/* The model's promise: a handful of pages of 200 rows, whatever the walk. */
#define MAX_PAGES 8

typedef struct {
  gint64 now;
} Clock;

/* A minute later at each event. */
static gint64
clock_cb (gpointer user_data)
{
  return ((Clock *) user_data)->now += 60 * G_USEC_PER_SEC;
}

/* N_CALLS calls, a minute apart (so the newest-first order is total), one
 * hundred per commit. */
static void
write_journal (VigieJournal *journal)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-01-05T08:00:00Z", NULL);
  Clock clock = { g_date_time_to_unix (start) * G_USEC_PER_SEC };

  vigie_journal_set_clock (journal, clock_cb, &clock);
  for (guint first = 0; first < N_CALLS; first += 100)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (VigieJournalEntry));
      g_autoptr(GError) error = NULL;

      for (guint i = first; i < first + 100 && i < N_CALLS; i++)
        {
          g_autofree char *received = g_strdup_printf ("{\"from\":\"+3361%07u\",\"client_id\":\"c%u\","
                                                       "\"client_name\":\"Client %u\",\"operator\":\"Nadia\"}",
                                                       i, i % 7, i % 7);
          VigieJournalEntry entry = { NULL, "call-received", json_from_string (received, NULL) };

          g_ptr_array_add (ids, g_strdup_printf ("call-%05u", i));
          g_ptr_array_add (nodes, entry.data);
          entry.call_id = g_ptr_array_index (ids, ids->len - 1);
          g_array_append_val (entries, entry);
        }
      g_assert_true (vigie_journal_append_many (journal, (VigieJournalEntry *) entries->data, entries->len,
                                                NULL, NULL, &error));
      g_assert_no_error (error);
    }
  vigie_journal_set_clock (journal, NULL, NULL);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The call id at @position, as the list reads it; the model's pages stay
 * within their bound after every read. */
static char *
read_id (VigieJournalModel *model,
         guint              position)
{
  g_autoptr(VigieJournalItem) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  g_assert_nonnull (vigie_journal_item_get_call (item));
  g_assert_cmpuint (vigie_journal_model_get_n_pages_held (model), <=, MAX_PAGES);
  return g_strdup (vigie_journal_item_get_call (item)->call_id);
}

/* Reads positions @from to @to (either way), growing the model as the list
 * does (its next page comes in an idle), and checks each against @expected. */
static void
walk (VigieJournalModel *model,
      GPtrArray         *expected,
      guint              from,
      guint              to)
{
  int step = from <= to ? 1 : -1;

  for (guint i = from;; i += step)
    {
      g_autofree char *id = NULL;

      while (i >= g_list_model_get_n_items (G_LIST_MODEL (model)) && !vigie_journal_model_get_complete (model))
        g_assert_true (g_main_context_iteration (NULL, TRUE));
      id = read_id (model, i);
      g_assert_cmpstr (id, ==, ((VigieJournalCall *) g_ptr_array_index (expected, i))->call_id);
      drain ();
      if (i == to)
        break;
    }
}

static void
test_bounded (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieJournalModel) model = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  VigieJournalFilter filter = { .sort = VIGIE_JOURNAL_SORT_TIME, .ascending = FALSE };

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  write_journal (journal);
  /* What the journal lists, read in one go: what every walk must see. */
  all = vigie_journal_query_calls (journal, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, N_CALLS);

  model = vigie_journal_model_new (journal);
  g_assert_true (vigie_journal_model_set_filter (model, &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, N_CALLS);

  /* Halfway down, back to the top (the last page read is dropped), then on
   * to the end: the next pages follow the dropped one. */
  walk (model, all, 0, 1100);
  g_assert_false (vigie_journal_model_get_complete (model));
  walk (model, all, 1100, 0);
  walk (model, all, 0, N_CALLS - 1);
  g_assert_true (vigie_journal_model_get_complete (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CALLS);

  /* Every row once more, bottom up, against what the first walk read. */
  for (guint i = 0; i < N_CALLS; i++)
    g_ptr_array_add (first, read_id (model, i));
  for (guint i = N_CALLS; i-- > 0;)
    {
      g_autofree char *again = read_id (model, i);

      g_assert_cmpstr (again, ==, g_ptr_array_index (first, i));
    }

  /* Jumps, as a scrollbar dragged end to end. */
  for (guint i = 0; i < 40; i++)
    {
      guint position = (i * 977) % N_CALLS;
      g_autofree char *again = read_id (model, position);

      g_assert_cmpstr (again, ==, g_ptr_array_index (first, position));
    }
  g_assert_cmpuint (vigie_journal_model_get_n_pages_held (model), >, 0);
  g_assert_cmpuint (vigie_journal_model_get_n_pages_held (model), <=, MAX_PAGES);

  vigie_journal_filter_clear (&filter);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/journal-model/bounded", test_bounded);
  return g_test_run ();
}
