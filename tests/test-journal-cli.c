/* test-journal-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie journal verify | show | export | stats` through the real binary on
 * the hand-built journal (journal-sample.c), and the indicators against
 * values computed by hand.
 */
#include "config.h"

#include <sqlite3.h>

#include "journal-sample.h"
#include "vigie-context.h"
#include "vigie-test-cli.h"
#include "vigie-test-util.h"

static char *data_dir;

static char *
journal_file (void)
{
  return g_build_filename (data_dir, "journal.sqlite", NULL);
}

static void
fresh_journal (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;

  g_free (data_dir);
  data_dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
  /* A data folder as the desk makes it: the demo first, then the journal. */
  g_assert_true (vigie_context_install_demo (data_dir, NULL, &error));
  g_assert_no_error (error);
  path = journal_file ();
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  journal_sample_write (journal);
}

/* `vigie journal ARGS…` on the test's data folder; these commands must
 * not need a display. */
#define JOURNAL(run, ...) \
  vigie_test_run_vigie ((run), data_dir, NULL, VIGIE_TEST_RUN_NO_DISPLAY, "journal", __VA_ARGS__)

static void
test_verify (void)
{
  g_auto(VigieTestRun) ok = { 0 };
  g_auto(VigieTestRun) bad = { 0 };
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;

  fresh_journal ();
  JOURNAL (&ok, "verify", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "31 events checked, intact"));

  path = journal_file ();
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER events_no_update;"
                                     "UPDATE events SET data = '{\"decision\":\"log\"}' WHERE seq = 5",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  JOURNAL (&bad, "verify", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.out, "event 5 was edited"));
  g_assert_nonnull (strstr (bad.out, "damage: edited"));
  g_assert_nonnull (strstr (bad.out, "first bad event: 5"));
}

static void
test_show (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_auto(VigieTestRun) missing = { 0 };

  fresh_journal ();
  JOURNAL (&r, "show", "call-b", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "operator: Karim"));
  g_assert_nonnull (strstr (r.out, "decision: trigger (recommended log), overridden"));
  g_assert_nonnull (strstr (r.out, "reason:   Personne âgée seule"));
  g_assert_nonnull (strstr (r.out, "Service Unavailable"));
  g_assert_nonnull (strstr (r.out, "script:   nuit-v3"));

  JOURNAL (&missing, "show", "call-z", NULL);
  g_assert_cmpint (missing.status, ==, 1);
}

/* RFC 4180, the reader side. */
static GPtrArray *
parse_csv (const char *text,
           char        separator)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (*p == '"')
        {
          for (p++; *p; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *++p);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      else if (*p == separator)
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        g_string_append_c (field, *p++);
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static const char *
cell (GPtrArray  *rows,
      guint       r,
      const char *column)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);

  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (g_ptr_array_index (header, i), column))
      return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, r), i);
  g_assert_not_reached ();
}

static void
test_export_csv (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_auto(VigieTestRun) comma = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) comma_rows = NULL;

  fresh_journal ();
  JOURNAL (&r, "export", "--from", "2026-11-01", "--to", "2026-11-30", "--client", "dupont-maintenance",
         "--format", "csv", "--separator", ";", NULL);
  g_assert_cmpint (r.status, ==, 0);
  rows = parse_csv (r.out, ';');
  g_assert_cmpuint (rows->len, ==, 1 + 4);  /* header, a b d e, oldest first */
  g_assert_cmpstr (cell (rows, 1, "call_id"), ==, "call-a");
  g_assert_cmpstr (cell (rows, 1, "received_at"), ==, "2026-11-02 22:00:00");
  g_assert_cmpstr (cell (rows, 1, "caller_name"), ==, "Hélène FAURE");
  g_assert_cmpstr (cell (rows, 1, "note"), ==, "Fuite d'eau; sous l'évier \"urgent\"\nligne 2");
  g_assert_cmpstr (cell (rows, 1, "answers"), ==, "bâtiment B");
  g_assert_cmpstr (cell (rows, 1, "acked_by"), ==, "Marc");
  g_assert_cmpstr (cell (rows, 1, "vip"), ==, "1");
  g_assert_cmpstr (cell (rows, 2, "call_id"), ==, "call-b");
  g_assert_cmpstr (cell (rows, 2, "overridden"), ==, "1");
  g_assert_cmpstr (cell (rows, 2, "override_reason"), ==, "Personne âgée seule");
  g_assert_cmpstr (cell (rows, 3, "call_id"), ==, "call-d");
  g_assert_cmpstr (cell (rows, 3, "decision"), ==, "");
  g_assert_cmpstr (cell (rows, 4, "call_id"), ==, "call-e");

  /* The default separator, and the question: VIP calls not
   * acknowledged within 15 minutes, who decided and why. */
  JOURNAL (&comma, "export", "--vip", "--not-acked-within", "15", NULL);
  g_assert_cmpint (comma.status, ==, 0);
  comma_rows = parse_csv (comma.out, ',');
  g_assert_cmpuint (comma_rows->len, ==, 1 + 2);
  g_assert_cmpstr (cell (comma_rows, 1, "call_id"), ==, "call-a");
  g_assert_cmpstr (cell (comma_rows, 1, "operator"), ==, "Sophie");
  g_assert_cmpstr (cell (comma_rows, 2, "call_id"), ==, "call-b");
  g_assert_cmpstr (cell (comma_rows, 2, "operator"), ==, "Karim");
  g_assert_cmpstr (cell (comma_rows, 2, "acked_at"), ==, "");
}

static void
test_export_json (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_auto(VigieTestRun) search = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) found = NULL;
  JsonArray *calls;
  JsonObject *a;

  fresh_journal ();
  JOURNAL (&r, "export", "--format", "json", "--to", "2026-11-03", NULL);
  g_assert_cmpint (r.status, ==, 0);
  node = json_from_string (r.out, NULL);
  g_assert_nonnull (node);
  calls = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (calls), ==, 3);  /* a, b, c: up to the end of 3 Nov */
  a = json_array_get_object_element (calls, 0);
  g_assert_cmpstr (json_object_get_string_member (a, "call_id"), ==, "call-a");
  g_assert_cmpstr (json_object_get_string_member (a, "note"), ==, "Fuite d'eau; sous l'évier \"urgent\"\nligne 2");
  g_assert_true (json_object_get_boolean_member (a, "vip"));
  g_assert_cmpint (json_object_get_int_member (a, "gravity"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (a, "escalation_steps"), ==, 2);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (calls, 2), "acked_at"));

  /* Full-text search with accents folded. */
  JOURNAL (&search, "export", "--format", "json", "--search", "EVIER", NULL);
  found = json_from_string (search.out, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
}

static void
test_bad_usage (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_auto(VigieTestRun) date = { 0 };

  fresh_journal ();
  JOURNAL (&r, "export", "--format", "xml", NULL);
  g_assert_cmpint (r.status, ==, 2);
  JOURNAL (&date, "export", "--from", "yesterday", NULL);
  g_assert_cmpint (date.status, ==, 2);
  g_assert_nonnull (strstr (date.err, "yesterday"));
}

static void
assert_durations (JsonObject *stats,
                  const char *name,
                  gint64      n,
                  double      median,
                  double      p90)
{
  JsonObject *d = json_object_get_object_member (stats, name);

  g_assert_cmpint (json_object_get_int_member (d, "n"), ==, n);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (d, "median_s"), median, 0.01);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (d, "p90_s"), p90, 0.01);
}

/* Each figure against the value worked out by hand from journal-sample.c. */
static void
test_stats (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *s;
  JsonArray *hours, *days;
  const int expected_hours[24] = { [2] = 1, [3] = 1, [22] = 1, [23] = 1 };
  const int expected_days[7] = { 1, 1, 1, 1, 0, 0, 0 };

  fresh_journal ();
  JOURNAL (&r, "stats", "--from", "2026-11-01", "--to", "2026-11-30", "--client", "dupont-maintenance",
         "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  node = json_from_string (r.out, NULL);
  g_assert_nonnull (node);
  s = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (s, "calls"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (s, "triggered"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (s, "deferred"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (s, "logged"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (s, "undecided"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "overridden"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "vip"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (s, "not_acked"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "escalated"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "repeat_callers"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "unanswered_rings"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (s, "false_alarms"), ==, 1);
  assert_durations (s, "to_decision", 3, 120, 300);
  assert_durations (s, "to_delivery", 3, 30, 100);
  assert_durations (s, "to_ack", 2, 510, 1080);

  hours = json_object_get_array_member (s, "by_hour");
  for (guint i = 0; i < 24; i++)
    g_assert_cmpint (json_array_get_int_element (hours, i), ==, expected_hours[i]);
  days = json_object_get_array_member (s, "by_weekday");
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (json_array_get_int_element (days, i), ==, expected_days[i]);
}

/* The same figures asked of the core, with another filter. */
static void
test_stats_core (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autofree VigieJournalStats *all = NULL;
  g_autofree VigieJournalStats *mairie = NULL;
  VigieJournalFilter filter = { 0 };

  fresh_journal ();
  path = journal_file ();
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);

  all = vigie_journal_compute_stats (journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (all->calls, ==, 5);
  g_assert_cmpint (all->logged, ==, 1);
  g_assert_cmpint (all->to_decision.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (all->to_decision.median, 90, 0.01);  /* 60 90 120 300 */
  g_assert_cmpfloat_with_epsilon (all->to_decision.p90, 300, 0.01);

  filter.client_id = g_strdup ("mairie-nantes");
  mairie = vigie_journal_compute_stats (journal, &filter, &error);
  vigie_journal_filter_clear (&filter);
  g_assert_no_error (error);
  g_assert_cmpint (mairie->calls, ==, 1);
  g_assert_cmpint (mairie->by_hour[9], ==, 1);
  g_assert_cmpint (mairie->by_weekday[1], ==, 1);
  g_assert_cmpint (mairie->repeat_callers, ==, 0);
  g_assert_cmpint (mairie->triggered, ==, 0);
}

static void
test_report (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_auto(VigieTestRun) bad = { 0 };
  g_autofree char *pdf = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  fresh_journal ();
  pdf = g_build_filename (data_dir, "rapport.pdf", NULL);
  JOURNAL (&r, "report", "--client", "dupont-maintenance", "--month", "2026-11", "--output", pdf, NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* Calls a, b and e were triggered; the verification line with the
   * head, for the client to keep. */
  g_assert_nonnull (strstr (r.out, "3 triggered calls"));
  g_assert_nonnull (strstr (r.out, "Journal verified: 31 events intact; last event 31, head "));
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (length, >, 2000);

  JOURNAL (&bad, "report", "--client", "dupont-maintenance", "--month", "novembre", "--output", pdf, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "novembre"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/journal-cli/verify", test_verify);
  g_test_add_func ("/journal-cli/show", test_show);
  g_test_add_func ("/journal-cli/export-csv", test_export_csv);
  g_test_add_func ("/journal-cli/export-json", test_export_json);
  g_test_add_func ("/journal-cli/bad-usage", test_bad_usage);
  g_test_add_func ("/journal-cli/stats", test_stats);
  g_test_add_func ("/journal-cli/stats-core", test_stats_core);
  g_test_add_func ("/journal-cli/report", test_report);

  return g_test_run ();
}
