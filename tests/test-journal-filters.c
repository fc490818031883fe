/* test-journal-filters.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal page's filters and the indicators, on the sample journal
 * (tests/journal-sample.c): which calls each filter keeps, at its edges
 * (a period's end is exclusive, "gravity 3 or more" keeps the 3s, "no
 * decision" keeps the undecided), and a call scored twice counting its
 * last score. Mutation checks of vigie-journal-query.c and -stats.c found
 * these passing test-journal-cli, -erase and -view.
 */
#include "config.h"

#include "journal-sample.h"
#include "vigie-test-util.h"

/* The sample journal, in the test's own data folder. */
static VigieJournal *
sample (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  VigieJournal *journal;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  if ((journal = vigie_journal_open (path, &error)))
    journal_sample_write (journal);
  g_assert_no_error (error);
  return journal;
}

/* The ids the filter keeps, oldest first, joined: "call-a call-b". */
static char *
kept (VigieJournal       *journal,
      VigieJournalFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  filter->ascending = TRUE;
  calls = vigie_journal_query_calls (journal, filter, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < calls->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "", ((VigieJournalCall *) g_ptr_array_index (calls, i))->call_id);
  g_assert_cmpint (vigie_journal_count_calls (journal, filter, &error), ==, calls->len);
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
test_filters (void)
{
  g_autoptr(VigieJournal) journal = sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournalCall) b = vigie_journal_get_call (journal, "call-b", &error);
  VigieJournalFilter filter = { 0 };
  char *ids;

  g_assert_no_error (error);
  g_assert_nonnull (b);

  /* Everything: five calls (the PBX rings are no calls). */
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-a call-b call-c call-d call-e");
  g_free (ids);

  /* A period ending at call b's very time: b belongs to the next one. */
  filter.to = b->received_at;
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-a");
  g_free (ids);
  filter.to = NULL;
  filter.from = b->received_at;
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-b call-c call-d call-e");
  g_free (ids);
  filter.from = NULL;

  /* Gravity 3 or more: the 4 and the 3. */
  filter.min_gravity = 3;
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-a call-e");
  g_free (ids);
  filter.min_gravity = 0;

  /* "none": the call nobody decided. */
  filter.decision = (char *) "none";
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-d");
  g_free (ids);
  filter.decision = (char *) "log";
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-c");
  g_free (ids);
  filter.decision = NULL;

  /* VIP callers: Hélène's two calls. */
  filter.vip = TRUE;
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-a call-b");
  g_free (ids);
  filter.vip = FALSE;

  /* Overridden: b, whose operator raised a "log" to a trigger. */
  filter.overridden = TRUE;
  ids = kept (journal, &filter);
  g_assert_cmpstr (ids, ==, "call-b");
  g_free (ids);
}

/* A caller asked twice (the operator corrected the score): the last one
 * counts, once per call. */
static void
test_last_satisfaction (void)
{
  g_autoptr(VigieJournal) journal = sample ();
  g_autoptr(GError) error = NULL;
  g_autofree VigieJournalStats *stats = NULL;
  static const char * const scores[] = { "{\"score\": 2}", "{\"score\": 5}" };

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      g_autoptr(JsonNode) data = json_from_string (scores[i], &error);

      g_assert_no_error (error);
      g_assert_true (vigie_journal_append (journal, "call-c", "satisfaction", data, &error));
      g_assert_no_error (error);
    }
  stats = vigie_journal_compute_stats (journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats->satisfaction_n, ==, 1);
  g_assert_cmpfloat (stats->satisfaction_mean, ==, 5.0);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/journal-filters/filters", test_filters);
  g_test_add_func ("/journal-filters/last-satisfaction", test_last_satisfaction);

  return g_test_run ();
}
