/* test-roster-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie roster …` run as a user would, on a fresh copy of the demo data:
 * JSON out, exit status 0/1/2, iCalendar through files.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigie-test-cli.h"
#include "vigie-test-util.h"

static char *data_dir;

/* Each test gets its own copy of the demo data, in its own XDG folders. */
static void
fresh_data (void)
{
  g_free (data_dir);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  data_dir = vigie_test_make_data_dir (NULL);
}

/* `vigie roster ARGS…` on the test's data folder. */
#define ROSTER(run, ...) \
  vigie_test_run_vigie ((run), data_dir, NULL, VIGIE_TEST_RUN_NO_G_DEBUG, "roster", __VA_ARGS__)

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_who (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_auto(VigieTestRun) day = { 0 };
  g_auto(VigieTestRun) unknown = { 0 };
  g_auto(VigieTestRun) bad = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) day_node = NULL;
  JsonObject *root, *on_call, *cascade;
  JsonArray *steps;

  fresh_data ();

  ROSTER (&r, "who", "dupont-maintenance", "--at", "2026-12-24T23:30+01:00", NULL);
  g_assert_cmpint (r.status, ==, 0);
  node = parse (r.out);
  root = json_node_get_object (node);
  on_call = json_object_get_object_member (root, "on_call");
  g_assert_cmpstr (json_object_get_string_member (on_call, "id"), ==, "karim-haddad");
  g_assert_cmpstr (json_object_get_string_member (on_call, "phone"), ==, "+33634679023");
  /* Christmas Eve night, Christmas Day, the weekend: until Monday 08:00. */
  g_assert_cmpstr (json_object_get_string_member (on_call, "until"), ==, "2026-12-28T08:00:00+01:00");
  cascade = json_object_get_object_member (root, "escalation");
  g_assert_cmpint (json_object_get_int_member (cascade, "loops"), ==, 3);
  steps = json_object_get_array_member (cascade, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 0), "person_id"),
                   ==, "karim-haddad");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 2), "person_id"),
                   ==, "nathalie-petit");

  /* A weekday morning needs no one: exit 1, nobody, no gap. */
  ROSTER (&day, "who", "dupont-maintenance", "--at", "2026-12-02T11:00+01:00", NULL);
  g_assert_cmpint (day.status, ==, 1);
  day_node = parse (day.out);
  g_assert_true (json_object_get_null_member (json_node_get_object (day_node), "on_call"));
  g_assert_false (json_object_get_boolean_member (json_node_get_object (day_node), "coverage_gap"));

  ROSTER (&unknown, "who", "boulangerie-martin", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "unknown client"));
  ROSTER (&bad, "who", "hebergix", "--at", "Noël", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "Noël"));
}

static void
test_check (void)
{
  g_auto(VigieTestRun) r = { 0 };
  g_auto(VigieTestRun) clean = { 0 };
  g_auto(VigieTestRun) missing = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonArray *warnings;
  gboolean notice = FALSE;

  fresh_data ();

  ROSTER (&r, "check", "dupont-maintenance", "--from", "2026-12-01", "--to", "2027-01-01", NULL);
  g_assert_cmpint (r.status, ==, 1);
  node = parse (r.out);
  warnings = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (warnings); i++)
    {
      JsonObject *w = json_array_get_object_element (warnings, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (w, "article"), "L31"));
      if (g_str_equal (json_object_get_string_member (w, "rule"), "notice"))
        {
          /* The demo's swap, decided nine days before. */
          notice = TRUE;
          g_assert_cmpstr (json_object_get_string_member (w, "article"), ==, "L3121-12");
          g_assert_cmpstr (json_object_get_string_member (w, "severity"), ==, "exceptional");
          g_assert_cmpstr (json_object_get_string_member (w, "person"), ==, "karim-haddad");
        }
    }
  g_assert_true (notice);

  ROSTER (&clean, "check", "hebergix", "--from", "2027-03-01", "--to", "2027-03-08", NULL);
  g_assert_cmpint (clean.status, ==, 0);
  g_assert_cmpstr (g_strstrip (clean.out), ==, "[]");

  ROSTER (&missing, "check", "hebergix", "--from", "2027-03-01", NULL);
  g_assert_cmpint (missing.status, ==, 2);
}

static char *
timeline_of (const char *client)
{
  g_auto(VigieTestRun) r = { 0 };

  ROSTER (&r, "timeline", client, "--from", "2026-12-01", "--to", "2027-01-01", NULL);
  g_assert_cmpint (r.status, ==, 0);
  return g_steal_pointer (&r.out);
}

static char *
people_and_times (const char *json)
{
  g_autoptr(JsonNode) node = parse (json);
  JsonArray *array = json_node_get_array (node);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *s = json_array_get_object_element (array, i);

      g_string_append_printf (out, "%s %s %s\n", json_object_get_string_member (s, "start"),
                              json_object_get_string_member (s, "end"),
                              json_object_get_string_member (s, "person"));
    }
  return g_string_free (out, FALSE);
}

static void
test_export_import (void)
{
  g_auto(VigieTestRun) exported = { 0 };
  g_auto(VigieTestRun) imported = { 0 };
  g_auto(VigieTestRun) broken = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *raw_before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *raw_after = NULL;
  g_autofree char *after_broken = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *bad = vigie_test_data_path ("ical/no-dtstart.ics");

  fresh_data ();
  raw_before = timeline_of ("mairie-saint-aubin");
  before = people_and_times (raw_before);

  ROSTER (&exported, "export", "mairie-saint-aubin", "--from", "2026-12-01", "--to", "2027-01-01", NULL);
  g_assert_cmpint (exported.status, ==, 0);
  g_assert_true (g_str_has_prefix (exported.out, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (exported.out, "SUMMARY:On call: Bernard Garnier"));
  ics = vigie_test_write_file ("mairie.ics", exported.out);

  ROSTER (&imported, "import", "mairie-saint-aubin", ics, "--from", "2026-12-01", "--to", "2027-01-01",
         "--author", "test", NULL);
  g_assert_cmpint (imported.status, ==, 0);
  g_assert_nonnull (strstr (imported.out, "Imported"));
  raw_after = timeline_of ("mairie-saint-aubin");
  after = people_and_times (raw_after);
  g_assert_cmpstr (after, ==, before);
  /* Now the calendar layer carries them. */
  g_assert_nonnull (strstr (raw_after, "\"calendar\""));

  ROSTER (&broken, "import", "mairie-saint-aubin", bad, NULL);
  g_assert_cmpint (broken.status, ==, 2);
  g_assert_nonnull (strstr (broken.err, "DTSTART"));
  after_broken = timeline_of ("mairie-saint-aubin");
  g_assert_cmpstr (after_broken, ==, raw_after);
}

static void
test_statement (void)
{
  g_auto(VigieTestRun) added = { 0 };
  g_auto(VigieTestRun) csv = { 0 };
  g_auto(VigieTestRun) pdf = { 0 };
  g_auto(VigieTestRun) fair = { 0 };
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "releve.pdf", NULL);
  g_autofree char *contents = NULL;

  fresh_data ();

  ROSTER (&added, "intervention", "hebergix", "--person", "antoine-girard",
         "--from", "2026-12-27T03:00+01:00", "--to", "2026-12-27T05:00+01:00", "--note", "baie en panne", NULL);
  g_assert_cmpint (added.status, ==, 0);

  ROSTER (&csv, "statement", "hebergix", "--person", "antoine-girard", "--month", "2026-12", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "Kind,Start,End,Hours,Call\r\n"));
  g_assert_nonnull (strstr (csv.out, "Intervention,2026-12-27T03:00:00+01:00,2026-12-27T05:00:00+01:00,2.00,"));
  g_assert_nonnull (strstr (csv.out, "Total interventions,,,2.00,"));

  ROSTER (&pdf, "statement", "hebergix", "--person", "antoine-girard", "--month", "2026-12", "--pdf", path, NULL);
  g_assert_cmpint (pdf.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  ROSTER (&fair, "fairness", "hebergix", "--from", "2026-12-01", "--to", "2027-01-01", NULL);
  g_assert_cmpint (fair.status, ==, 0);
  g_assert_nonnull (strstr (fair.out, "Antoine Girard,"));
  g_assert_nonnull (strstr (fair.out, "Léa Fontaine,"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/roster-cli/who", test_who);
  g_test_add_func ("/roster-cli/check", test_check);
  g_test_add_func ("/roster-cli/export-import", test_export_import);
  g_test_add_func ("/roster-cli/statement", test_statement);

  return g_test_run ();
}
