/* test-labour.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labour-law warnings on crafted rosters: a technician working 08:00–16:00
 * on weekdays, on call every night, with interventions placed to break
 * each rule on purpose.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-labour-pdf.h"
#include "vigie-labour.h"
#include "vigie-test-roster.h"
#include "vigie-test-util.h"

static VigieRoster *
technician_roster (const char *labour,
                   const char *overrides)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"client\": \"dupont\", \"coverage\": [\"nights\", \"weekends\", \"holidays\"],"
    " \"people\": [{\"id\": \"t\", \"name\": \"Théo Girard\", \"phone\": \"+33611111111\","
    "              \"work\": {\"start\": \"08:00\", \"end\": \"16:00\", \"days\": [1, 2, 3, 4, 5]}},"
    "             {\"id\": \"u\", \"name\": \"Ugo Renaud\", \"phone\": \"+33622222222\", \"work\": null}],"
    " \"rotations\": [{\"id\": \"r\", \"start\": \"2026-09-07T08:00:00\", \"members\": [\"t\"],"
    "                  \"when\": [\"nights\", \"weekends\", \"holidays\"]}],"
    " \"overrides\": [%s], \"labour\": %s}", overrides ? overrides : "", labour ? labour : "{}");
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  VigieRoster *roster;

  g_assert_no_error (error);
  roster = vigie_roster_new_from_json (node, &error);
  g_assert_no_error (error);
  return roster;
}

static void
add_intervention (GPtrArray  *list,
                  const char *person,
                  const char *start,
                  const char *end)
{
  VigieIntervention *item = g_new0 (VigieIntervention, 1);

  item->person_id = g_strdup (person);
  item->start = vigie_test_at (start);
  item->end = vigie_test_at (end);
  item->source = g_strdup ("manual");
  g_ptr_array_add (list, item);
}

static GPtrArray *
new_list (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_intervention_free);
}

/* The week of Monday 7 December 2026, with the client's settings. */
static GPtrArray *
check_week (VigieRoster *roster,
            GPtrArray   *interventions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-07T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2026-12-14T00:00:00");
  VigieLabourRules rules;

  vigie_labour_rules_init (&rules);
  g_assert_true (vigie_labour_rules_load_json (&rules, vigie_roster_get_labour_settings (roster), &error));
  g_assert_no_error (error);
  return vigie_labour_check (roster, &rules, interventions, from, to);
}

static char *
rules_of (GPtrArray *warnings)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < warnings->len; i++)
    {
      VigieLabourWarning *w = g_ptr_array_index (warnings, i);
      g_string_append_printf (out, "%s%s %s %s %s", i ? ";" : "", w->person_id, w->rule, w->article,
                              vigie_labour_severity_to_string (w->severity));
    }
  return g_string_free (out, FALSE);
}

/* The week's warnings as "person rule article severity;…" (@interventions
 * NULL: none). */
static char *
week_rules (VigieRoster *roster,
            GPtrArray   *interventions)
{
  g_autoptr(GPtrArray) none = new_list ();
  g_autoptr(GPtrArray) warnings = check_week (roster, interventions ? interventions : none);

  return rules_of (warnings);
}

#define RELAXED "{\"max_weekends_per_month\": 5}"

static void
test_oncall_is_rest (void)
{
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED, NULL);
  g_autofree char *text = week_rules (roster, NULL);

  /* On call every night of the week, never called: all of it is rest. */
  g_assert_cmpstr (text, ==, "");
}

static void
test_night_intervention_restarts_rest (void)
{
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED, NULL);
  g_autoptr(GPtrArray) list = new_list ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = NULL;
  VigieLabourWarning *w;

  /* Called out from 02:00 to 03:30 (travel included) on Tuesday night. */
  add_intervention (list, "t", "2026-12-08T02:00:00", "2026-12-08T03:30:00");
  warnings = check_week (roster, list);
  text = rules_of (warnings);
  g_assert_cmpstr (text, ==, "t daily-rest L3131-1 warning");
  w = g_ptr_array_index (warnings, 0);
  /* The full 11 hours run again from 03:30: back at work at 14:30 at the earliest. */
  g_assert_nonnull (strstr (w->message, "14:30"));
  g_assert_nonnull (strstr (w->message, "03:30"));
  g_assert_cmpint (g_date_time_get_hour (w->start), ==, 8);
  g_assert_cmpint (g_date_time_get_day_of_month (w->start), ==, 7);
}

static void
test_long_day (void)
{
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED, NULL);
  g_autoptr(GPtrArray) list = new_list ();
  g_autofree char *text = NULL;

  /* 8 h at work, then 17:00–20:00 on a call-out: 11 h in the day. */
  add_intervention (list, "t", "2026-12-08T17:00:00", "2026-12-08T20:00:00");
  text = week_rules (roster, list);
  g_assert_cmpstr (text, ==, "t daily-work L3121-18 warning");
}

static void
test_weekly_rest (void)
{
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED, NULL);
  g_autoptr(GPtrArray) list = new_list ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = NULL;

  /* Called out on Saturday and on Sunday afternoon: no 35 hours in a row. */
  add_intervention (list, "t", "2026-12-12T14:00:00", "2026-12-12T16:00:00");
  add_intervention (list, "t", "2026-12-13T14:00:00", "2026-12-13T16:00:00");
  text = week_rules (roster, list);
  g_assert_cmpstr (text, ==, "t weekly-rest L3132-2 warning");

  /* One Sunday call-out leaves Friday 16:00 → Sunday 14:00: 46 hours. */
  g_ptr_array_remove_index (list, 0);
  warnings = check_week (roster, list);
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_weekly_and_average_work (void)
{
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED, NULL);
  g_autoptr(GPtrArray) list = new_list ();
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) saturday = vigie_test_at ("2026-12-12T09:00:00");

  /* Two hours every evening: 50 hours in the week. */
  for (int d = 7; d <= 11; d++)
    {
      g_autofree char *s = g_strdup_printf ("2026-12-%02dT18:00:00", d);
      g_autofree char *e = g_strdup_printf ("2026-12-%02dT20:00:00", d);
      add_intervention (list, "t", s, e);
    }
  text = week_rules (roster, list);
  g_assert_cmpstr (text, ==, "t weekly-work L3121-20 warning");

  /* Six hours every Saturday for twelve weeks: 46 h a week on average. */
  g_ptr_array_set_size (list, 0);
  for (int k = 0; k < 13; k++)
    {
      VigieIntervention *item = g_new0 (VigieIntervention, 1);

      item->person_id = g_strdup ("t");
      item->start = g_date_time_add_weeks (saturday, -k);
      item->end = g_date_time_add_hours (item->start, 6);
      g_ptr_array_add (list, item);
    }
  g_clear_pointer (&text, g_free);
  text = week_rules (roster, list);
  g_assert_cmpstr (text, ==, "t average-work L3121-22 warning");
}

static void
test_notice (void)
{
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED,
    "{\"id\": \"late\", \"person\": \"u\", \"start\": \"2026-12-10T19:00:00\", \"end\": \"2026-12-11T08:00:00\","
    " \"created_at\": \"2026-12-09T10:00:00\"},"
    "{\"id\": \"short\", \"person\": \"u\", \"start\": \"2026-12-12T19:00:00\", \"end\": \"2026-12-13T08:00:00\","
    " \"created_at\": \"2026-12-01T10:00:00\"},"
    "{\"id\": \"fine\", \"person\": \"u\", \"start\": \"2026-12-08T19:00:00\", \"end\": \"2026-12-09T08:00:00\","
    " \"created_at\": \"2026-11-01T10:00:00\"}");
  g_autofree char *text = week_rules (roster, NULL);

  /* Told the day before: non-compliant; nine days ahead: exceptional. */
  g_assert_cmpstr (text, ==, "u notice L3121-12 non-compliant;u notice L3121-12 exceptional");
}

/* Exactly the minimum clear day (the 9th, between the change on the 8th
 * and the shift on the 10th) is compliant, though exceptional. (A
 * mutation check found this boundary unguarded.) */
static void
test_notice_one_clear_day (void)
{
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED,
    "{\"id\": \"edge\", \"person\": \"u\", \"start\": \"2026-12-10T19:00:00\", \"end\": \"2026-12-11T08:00:00\","
    " \"created_at\": \"2026-12-08T10:00:00\"}");
  g_autofree char *text = week_rules (roster, NULL);

  g_assert_cmpstr (text, ==, "u notice L3121-12 exceptional");
}

static void
test_settings (void)
{
  g_autoptr(VigieRoster) strict = technician_roster ("{\"daily_rest_hours\": 12, \"max_weekends_per_month\": 5}", NULL);
  g_autoptr(VigieRoster) usual = technician_roster (RELAXED, NULL);
  g_autoptr(GPtrArray) list = new_list ();
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = json_from_string ("{\"daily_rest\": 11}", NULL);
  g_autoptr(JsonNode) zero = json_from_string ("{\"notice_days\": 0}", NULL);
  VigieLabourRules rules;

  /* Back home at 21:00, at work at 08:00: 11 h of rest. */
  add_intervention (list, "t", "2026-12-08T19:00:00", "2026-12-08T21:00:00");
  a = check_week (usual, list);
  b = check_week (strict, list);
  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 1);
  g_assert_cmpstr (((VigieLabourWarning *) b->pdata[0])->rule, ==, "daily-rest");

  vigie_labour_rules_init (&rules);
  g_assert_false (vigie_labour_rules_load_json (&rules, json_node_get_object (bad), &error));
  g_assert_error (error, VIGIE_LABOUR_ERROR, VIGIE_LABOUR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigie_labour_rules_load_json (&rules, json_node_get_object (zero), &error));
  g_assert_error (error, VIGIE_LABOUR_ERROR, VIGIE_LABOUR_ERROR_INVALID);
  g_assert_cmpuint (rules.notice_days, ==, 15);
}

static void
test_weekends_per_month (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "{\"client\": \"x\", \"people\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"}],"
    " \"rotations\": [{\"id\": \"r\", \"start\": \"2026-11-30T08:00:00\", \"members\": [\"a\", \"b\"],"
    "                  \"when\": [\"weekends\"]}], \"labour\": {\"max_weekends_per_month\": 1}}", NULL);
  g_autoptr(VigieRoster) roster = vigie_roster_new_from_json (node, &error);
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = NULL;
  VigieLabourRules rules;

  g_assert_no_error (error);
  vigie_labour_rules_init (&rules);
  g_assert_true (vigie_labour_rules_load_json (&rules, vigie_roster_get_labour_settings (roster), &error));
  warnings = vigie_labour_check (roster, &rules, NULL, from, to);
  text = rules_of (warnings);
  /* Two weekends each in December, one allowed. */
  g_assert_cmpstr (text, ==, "a weekends L3121-11 warning;b weekends L3121-11 warning");
  g_assert_nonnull (strstr (((VigieLabourWarning *) warnings->pdata[0])->message, "2 weekends"));
}

static void
test_tally_statement (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "{\"client\": \"x\", \"people\": [{\"id\": \"a\", \"name\": \"Anne Dubois\"}, {\"id\": \"b\", \"name\": \"B\"}],"
    " \"rotations\": [{\"id\": \"r\", \"start\": \"2026-11-30T08:00:00\", \"members\": [\"a\"]}]}", NULL);
  g_autoptr(VigieRoster) roster = vigie_roster_new_from_json (node, &error);
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");
  g_autoptr(GPtrArray) list = new_list ();
  g_autoptr(GPtrArray) tallies = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *fairness = NULL;
  g_autofree char *pdf = g_build_filename (g_get_tmp_dir (), "statement.pdf", NULL);
  g_autofree char *contents = NULL;
  VigieLabourTally *a;
  gsize length;

  g_assert_no_error (error);
  add_intervention (list, "a", "2026-12-25T03:00:00", "2026-12-25T05:30:00");
  tallies = vigie_labour_tally (roster, list, from, to);
  a = g_ptr_array_index (tallies, 0);
  g_assert_cmpfloat_with_epsilon (a->oncall_hours, 31 * 24, 0.001);
  /* 8 h of the 30 November night, 30 full nights of 13 h, 5 h on the 31st. */
  g_assert_cmpfloat_with_epsilon (a->night_hours, 8 + 30 * 13 + 5, 0.001);
  g_assert_cmpuint (a->nights, ==, 30);
  g_assert_cmpuint (a->weekends, ==, 4);
  g_assert_cmpfloat_with_epsilon (a->weekend_hours, 8 * 24, 0.001);
  g_assert_cmpuint (a->holidays, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->holiday_hours, 24, 0.001);
  g_assert_cmpuint (a->n_interventions, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->intervention_hours, 2.5, 0.001);
  g_assert_cmpfloat_with_epsilon (((VigieLabourTally *) tallies->pdata[1])->oncall_hours, 0, 0.001);

  fairness = vigie_labour_fairness_csv (tallies);
  g_assert_nonnull (strstr (fairness, "Anne Dubois,744.00,1,30,4,1,1,2.50\r\n"));

  csv = vigie_labour_statement_csv (roster, "a", list, 2026, 12, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csv, "On call,2026-12-01T00:00:00+01:00,2027-01-01T00:00:00+01:00,744.00,\r\n"));
  g_assert_nonnull (strstr (csv, "Intervention,2026-12-25T03:00:00+01:00,2026-12-25T05:30:00+01:00,2.50,"));
  g_assert_null (vigie_labour_statement_csv (roster, "zz", list, 2026, 12, &error));
  g_assert_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON);
  g_clear_error (&error);

  g_assert_true (vigie_labour_statement_pdf (roster, "Dupont Maintenance", "a", list, 2026, 12, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_false (vigie_labour_statement_pdf (roster, NULL, "a", list, 2026, 12, "/nonexistent/dir/x.pdf", &error));
  g_assert_nonnull (error);
}

static void
test_check_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
  g_autofree char *db = g_build_filename (dir, "journal.sqlite", NULL);
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieRosterStore) store = NULL;
  g_autoptr(VigieRoster) roster = technician_roster (RELAXED, NULL);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-07T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2026-12-14T00:00:00");
  g_autoptr(JsonNode) received = json_from_string ("{\"client_id\": \"dupont\"}", NULL);
  g_autoptr(JsonNode) ack = json_from_string ("{\"person_id\": \"t\"}", NULL);
  g_autoptr(JsonNode) ended = json_from_string ("{\"started_at\": \"2026-12-08T02:00:00+01:00\","
                                                " \"ended_at\": \"2026-12-08T03:30:00+01:00\"}", NULL);

  g_mkdir_with_parents (dir, 0700);
  journal = vigie_journal_open (db, &error);
  g_assert_no_error (error);
  store = vigie_roster_store_open (db, journal, &error);
  g_assert_no_error (error);
  g_assert_true (vigie_roster_store_save (store, roster, "test", "created", NULL, &error));

  /* The intervention recorded on a call reaches the check. */
  g_assert_true (vigie_journal_append (journal, "call-1", "call-received", received, &error));
  g_assert_true (vigie_journal_append (journal, "call-1", "alert-acknowledged", ack, &error));
  g_assert_true (vigie_journal_append (journal, "call-1", "intervention-ended", ended, &error));
  g_assert_cmpuint (vigie_roster_store_collect_journal (store, journal, &error), ==, 1);
  warnings = vigie_labour_check_store (store, "dupont", from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (((VigieLabourWarning *) warnings->pdata[0])->article, ==, "L3131-1");

  g_assert_null (vigie_labour_check_store (store, "nobody", from, to, &error));
  g_assert_error (error, VIGIE_ROSTER_STORE_ERROR, VIGIE_ROSTER_STORE_ERROR_NO_ROSTER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/labour/oncall-is-rest", test_oncall_is_rest);
  g_test_add_func ("/labour/night-intervention-restarts-rest", test_night_intervention_restarts_rest);
  g_test_add_func ("/labour/long-day", test_long_day);
  g_test_add_func ("/labour/weekly-rest", test_weekly_rest);
  g_test_add_func ("/labour/weekly-and-average-work", test_weekly_and_average_work);
  g_test_add_func ("/labour/notice", test_notice);
  g_test_add_func ("/labour/notice-one-clear-day", test_notice_one_clear_day);
  g_test_add_func ("/labour/settings", test_settings);
  g_test_add_func ("/labour/weekends-per-month", test_weekends_per_month);
  g_test_add_func ("/labour/tally-statement", test_tally_statement);
  g_test_add_func ("/labour/check-store", test_check_store);

  return g_test_run ();
}
