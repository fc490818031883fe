/* test-roster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rosters: rotations across DST, hand-offs at midnight, layers, overrides
 * inside overrides, coverage gaps, the SQLite store.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-roster-store.h"
#include "vigie-test-roster.h"
#include "vigie-test-util.h"

/* The isolated XDG data folder is not created for us. */
static char *
make_data_dir (void)
{
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return vigie_test_make_data_dir (NULL);
}

static const char *
who (VigieRoster *roster,
     const char  *iso)
{
  g_autoptr(GDateTime) when = vigie_test_at (iso);
  const VigieRosterPerson *person = vigie_roster_who (roster, when, NULL, NULL);

  return person ? person->id : NULL;
}

static char *
describe (GPtrArray *shifts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < shifts->len; i++)
    {
      VigieShift *s = g_ptr_array_index (shifts, i);
      g_autofree char *a = g_date_time_format (s->start, "%d %H:%M");
      g_autofree char *b = g_date_time_format (s->end, "%d %H:%M");

      g_string_append_printf (out, "%s-%s %s;", a, b, s->person_id ? s->person_id : "GAP");
    }
  return g_string_free (out, FALSE);
}

static char *
timeline (VigieRoster *roster,
          const char  *from,
          const char  *to)
{
  g_autoptr(GDateTime) f = vigie_test_at (from);
  g_autoptr(GDateTime) t = vigie_test_at (to);
  g_autoptr(GPtrArray) shifts = vigie_roster_timeline (roster, f, t);

  return describe (shifts);
}

#define PEOPLE \
  "\"people\": [{\"id\": \"a\", \"name\": \"Anne Dubois\", \"phone\": \"+33600000001\"}," \
  "             {\"id\": \"b\", \"name\": \"Bruno Lemaire\", \"phone\": \"+33600000002\"}," \
  "             {\"id\": \"c\", \"name\": \"Chloé Marchand\", \"phone\": \"+33600000003\"}]"

static void
test_daily_across_dst (void)
{
  /* Hand-off at 08:00 local every day, on both DST Sundays of 2026. */
  g_autoptr(VigieRoster) roster = vigie_test_roster_from (
    "{\"client\": \"x\", \"timezone\": \"Europe/Paris\", " PEOPLE ","
    " \"rotations\": [{\"id\": \"r\", \"start\": \"2026-03-27T08:00:00\", \"turn\": \"daily\","
    "                  \"members\": [\"a\", \"b\", \"c\"]}]}");
  g_autofree char *spring = timeline (roster, "2026-03-28T00:00:00", "2026-03-31T00:00:00");
  g_autofree char *autumn = NULL;
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(GDateTime) f = vigie_test_at ("2026-03-28T08:00:00");
  g_autoptr(GDateTime) t = vigie_test_at ("2026-03-30T08:00:00");

  /* 27th a, 28th b, 29th c, 30th a: the 08:00 hand-off does not drift. */
  g_assert_cmpstr (spring, ==, "28 00:00-28 08:00 a;28 08:00-29 08:00 b;29 08:00-30 08:00 c;30 08:00-31 00:00 a;");
  g_assert_cmpstr (who (roster, "2026-03-29T07:59:59"), ==, "b");
  g_assert_cmpstr (who (roster, "2026-03-29T08:00:00"), ==, "c");

  /* The spring-forward turn lasts 23 real hours. */
  shifts = vigie_roster_timeline (roster, f, t);
  g_assert_cmpuint (shifts->len, ==, 2);
  g_assert_cmpint (g_date_time_difference (((VigieShift *) shifts->pdata[0])->end,
                                           ((VigieShift *) shifts->pdata[0])->start), ==, 23 * G_TIME_SPAN_HOUR);

  autumn = timeline (roster, "2026-10-24T08:00:00", "2026-10-26T08:00:00");
  /* 211 days after 27 March: (211 % 3) → b on the 24th. */
  g_assert_cmpstr (autumn, ==, "24 08:00-25 08:00 b;25 08:00-26 08:00 c;");
  g_assert_cmpstr (who (roster, "2026-10-25T02:30:00+01:00"), ==, "b");
  g_assert_cmpstr (who (roster, "2026-10-25T02:30:00+02:00"), ==, "b");
}

static void
test_weekly_nights_and_midnight (void)
{
  /* Weekly turns handed over at midnight, nights and weekends only. */
  g_autoptr(VigieRoster) roster = vigie_test_roster_from (
    "{\"client\": \"x\", \"coverage\": [\"nights\", \"weekends\"], " PEOPLE ","
    " \"night\": {\"start\": \"19:00\", \"end\": \"07:00\"},"
    " \"rotations\": [{\"id\": \"r\", \"start\": \"2026-11-02T00:00:00\", \"turn\": \"weekly\","
    "                  \"members\": [\"a\", \"b\"], \"when\": [\"nights\", \"weekends\"]}]}");
  g_autofree char *monday = timeline (roster, "2026-11-08T12:00:00", "2026-11-09T12:00:00");

  /* Sunday is a's weekend until midnight; Monday's small hours are b's. */
  g_assert_cmpstr (who (roster, "2026-11-08T23:59:59"), ==, "a");
  g_assert_cmpstr (who (roster, "2026-11-09T00:00:00"), ==, "b");
  g_assert_null (who (roster, "2026-11-09T12:00:00"));
  g_assert_cmpstr (monday, ==, "08 12:00-09 00:00 a;09 00:00-09 07:00 b;");
}

static void
test_layers_and_nested_overrides (void)
{
  g_autoptr(VigieRoster) roster = vigie_test_roster_from (
    "{\"client\": \"x\", " PEOPLE ","
    " \"rotations\": [{\"id\": \"base\", \"layer\": 1, \"start\": \"2026-12-07T08:00:00\", \"turn\": \"weekly\","
    "                  \"members\": [\"a\"]},"
    "                 {\"id\": \"weekend\", \"layer\": 2, \"start\": \"2026-12-07T08:00:00\", \"turn\": \"weekly\","
    "                  \"members\": [\"b\"], \"when\": [\"weekends\"]}],"
    " \"overrides\": [{\"id\": \"outer\", \"person\": \"c\", \"start\": \"2026-12-11T18:00:00\","
    "                  \"end\": \"2026-12-12T22:00:00\", \"created_at\": \"2026-11-01T10:00:00\"},"
    "                 {\"id\": \"inner\", \"person\": \"a\", \"start\": \"2026-12-12T10:00:00\","
    "                  \"end\": \"2026-12-12T14:00:00\", \"created_at\": \"2026-11-02T10:00:00\"}]}");
  g_autofree char *text = timeline (roster, "2026-12-11T12:00:00", "2026-12-13T12:00:00");
  g_autoptr(GDateTime) inside = vigie_test_at ("2026-12-12T11:00:00");
  VigieShiftSource source;
  const char *source_id;

  /* Rotation a, outer swap c, inner swap a, outer c again, weekend layer b. */
  g_assert_cmpstr (text, ==,
                   "11 12:00-11 18:00 a;11 18:00-12 10:00 c;12 10:00-12 14:00 a;"
                   "12 14:00-12 22:00 c;12 22:00-13 12:00 b;");
  g_assert_cmpstr (vigie_roster_who (roster, inside, &source, &source_id)->id, ==, "a");
  g_assert_cmpint (source, ==, VIGIE_SHIFT_OVERRIDE);
  g_assert_cmpstr (source_id, ==, "inner");

  /* A later, wider override covers the earlier one entirely. */
  {
    g_autoptr(GDateTime) s = vigie_test_at ("2026-12-11T00:00:00");
    g_autoptr(GDateTime) e = vigie_test_at ("2026-12-14T00:00:00");
    g_autoptr(GDateTime) made = vigie_test_at ("2026-11-03T10:00:00");
    g_autoptr(GError) error = NULL;

    g_assert_true (vigie_roster_add_override (roster, vigie_override_new ("wide", "b", s, e, NULL, NULL, made),
                                              &error));
    g_assert_no_error (error);
    g_assert_cmpstr (who (roster, "2026-12-12T11:00:00"), ==, "b");
    g_assert_true (vigie_roster_remove_override (roster, "wide", &error));
    g_assert_cmpstr (who (roster, "2026-12-12T11:00:00"), ==, "a");
    g_assert_false (vigie_roster_remove_override (roster, "wide", &error));
    g_assert_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_NOT_FOUND);
  }
}

static void
test_coverage_gaps (void)
{
  /* The client needs nights and weekends; the rotation covers weekends only. */
  g_autoptr(VigieRoster) roster = vigie_test_roster_from (
    "{\"client\": \"x\", \"coverage\": [\"nights\", \"weekends\"], " PEOPLE ","
    " \"rotations\": [{\"id\": \"r\", \"start\": \"2026-12-05T00:00:00\", \"turn\": \"weekly\","
    "                  \"members\": [\"a\"], \"when\": [\"weekends\"]}]}");
  g_autofree char *text = timeline (roster, "2026-12-04T12:00:00", "2026-12-07T12:00:00");

  /* Friday night is uncovered; Monday morning's night is too; Monday day
   * needs nobody and is left out. */
  g_assert_cmpstr (text, ==, "04 19:00-05 00:00 GAP;05 00:00-07 00:00 a;07 00:00-07 08:00 GAP;");
}

static void
test_holidays_and_hours (void)
{
  g_autoptr(VigieRoster) roster = vigie_test_roster_from (
    "{\"client\": \"x\", " PEOPLE ","
    " \"rotations\": [{\"id\": \"h\", \"start\": \"2026-01-01T00:00:00\", \"turn\": \"custom\","
    "                  \"turn_hours\": 12, \"members\": [\"a\", \"b\"], \"when\": [\"holidays\"]}]}");

  /* Ascension 2026 is Thursday 14 May (Easter 5 April + 39). */
  g_assert_nonnull (who (roster, "2026-05-14T10:00:00"));
  g_assert_null (who (roster, "2026-05-13T10:00:00"));
  /* 26 December only in Alsace-Moselle. */
  g_assert_null (who (roster, "2026-12-26T10:00:00"));
  vigie_roster_set_holiday_flags (roster, VIGIE_HOLIDAYS_ALSACE_MOSELLE);
  g_assert_nonnull (who (roster, "2026-12-26T10:00:00"));
  g_assert_nonnull (who (roster, "2026-04-03T10:00:00")); /* Good Friday */
  /* 12-hour turns count real hours: across the spring change the local
   * hand-off moves from 00:00/12:00 to 01:00/13:00. */
  g_assert_cmpstr (who (roster, "2026-01-01T11:59:59"), ==, "a");
  g_assert_cmpstr (who (roster, "2026-01-01T12:00:00"), ==, "b");
  vigie_roster_set_coverage (roster, VIGIE_ROSTER_WHEN_HOLIDAYS);
  {
    g_autofree char *text = timeline (roster, "2026-05-14T00:00:00", "2026-05-15T00:00:00");
    g_assert_cmpstr (text, ==, "14 00:00-14 01:00 b;14 01:00-14 13:00 a;14 13:00-15 00:00 b;");
  }
}

static void
test_json_round_trip (void)
{
  g_autofree char *path = vigie_test_source_path ("data", "demo", "rosters", "dupont-maintenance.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieRoster) roster = vigie_roster_load_file (path, &error);
  g_autoptr(VigieRoster) copy = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  copy = vigie_roster_copy (roster);
  a = timeline (roster, "2026-12-01T00:00:00", "2026-12-31T00:00:00");
  b = timeline (copy, "2026-12-01T00:00:00", "2026-12-31T00:00:00");
  g_assert_cmpstr (a, ==, b);
  g_assert_true (strstr (a, "karim-haddad") != NULL);
  /* The demo's Friday-night swap is in the timeline. */
  g_assert_cmpstr (who (roster, "2026-12-11T20:00:00"), ==, "karim-haddad");
  g_assert_cmpstr (who (roster, "2026-12-11T07:00:00"), ==, "julien-martin");
}

static void
test_bad_input (void)
{
  static const struct { const char *json; int code; } cases[] = {
    { "[]", VIGIE_ROSTER_ERROR_INVALID },
    { "{\"timezone\": \"Europe/Paris\"}", VIGIE_ROSTER_ERROR_INVALID },
    { "{\"client\": \"x\", \"timezone\": \"Mars/Olympus\"}", VIGIE_ROSTER_ERROR_INVALID },
    { "{\"client\": \"x\", " PEOPLE ", \"rotations\": [{\"id\": \"r\", \"start\": \"2026-01-01T00:00:00\","
      " \"members\": [\"zz\"]}]}", VIGIE_ROSTER_ERROR_UNKNOWN_PERSON },
    { "{\"client\": \"x\", " PEOPLE ", \"rotations\": [{\"id\": \"r\", \"start\": \"yesterday\","
      " \"members\": [\"a\"]}]}", VIGIE_ROSTER_ERROR_INVALID },
    { "{\"client\": \"x\", " PEOPLE ", \"rotations\": [{\"id\": \"r\", \"start\": \"2026-01-01T00:00:00\","
      " \"turn\": \"custom\", \"members\": [\"a\"]}]}", VIGIE_ROSTER_ERROR_INVALID },
    { "{\"client\": \"x\", " PEOPLE ", \"overrides\": [{\"person\": \"a\", \"start\": \"2026-01-02T00:00:00\","
      " \"end\": \"2026-01-01T00:00:00\"}]}", VIGIE_ROSTER_ERROR_INVALID },
    { "{\"client\": \"x\", " PEOPLE ", \"escalation\": {\"loops\": 10, \"steps\": [{\"target\": \"oncall\"}]}}",
      VIGIE_ROSTER_ERROR_INVALID },
    { "{\"client\": \"x\", " PEOPLE ", \"escalation\": {\"steps\": [{\"target\": \"rotation:none\"}]}}",
      VIGIE_ROSTER_ERROR_INVALID },
    { "{\"client\": \"x\", \"people\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"a\", \"name\": \"B\"}]}",
      VIGIE_ROSTER_ERROR_DUPLICATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(VigieRoster) roster = vigie_roster_new_from_json (node, &error);

      g_test_message ("case %u", i);
      g_assert_null (roster);
      g_assert_error (error, VIGIE_ROSTER_ERROR, cases[i].code);
      g_assert_true (strlen (error->message) > 10);
    }
}

static void
changed_cb (VigieRosterStore *store,
            const char       *client_id,
            guint            *count)
{
  (*count)++;
}

static void
test_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "journal.sqlite", NULL);
  g_autofree char *rosters = g_build_filename (dir, "rosters", NULL);
  g_autoptr(VigieJournal) journal = vigie_journal_open (db, &error);
  g_autoptr(VigieRosterStore) store = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GDateTime) s = vigie_test_at ("2026-12-18T18:00:00");
  g_autoptr(GDateTime) e = vigie_test_at ("2026-12-19T08:00:00");
  g_autoptr(GDateTime) made = vigie_test_at ("2026-12-18T17:30:00");
  g_auto(GStrv) clients = NULL;
  guint changes = 0;

  g_assert_no_error (error);
  store = vigie_roster_store_open (db, journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_roster_store_seed_dir (store, rosters, &error), ==, 3);
  g_assert_no_error (error);
  /* A second seeding leaves the centre's rosters alone. */
  g_assert_cmpuint (vigie_roster_store_seed_dir (store, rosters, &error), ==, 0);
  clients = vigie_roster_store_list_clients (store);
  g_assert_cmpuint (g_strv_length (clients), ==, 3);
  g_assert_cmpstr (clients[0], ==, "dupont-maintenance");

  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_true (vigie_roster_store_add_override (store, "hebergix",
                                                  vigie_override_new ("urgent", "olivier-roux", s, e,
                                                                      "Camille malade", "Claire (superviseure)", made),
                                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (who (vigie_roster_store_get (store, "hebergix"), "2026-12-18T20:00:00"), ==, "olivier-roux");

  /* An unknown person is refused, and the roster stays as it was. */
  g_assert_false (vigie_roster_store_add_override (store, "hebergix",
                                                   vigie_override_new (NULL, "nobody", s, e, NULL, "x", made),
                                                   &error));
  g_assert_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON);
  g_clear_error (&error);
  g_assert_cmpuint (vigie_roster_get_overrides (vigie_roster_store_get (store, "hebergix"))->len, ==, 2);
  g_assert_false (vigie_roster_store_add_override (store, "nobody",
                                                   vigie_override_new (NULL, "a", s, e, NULL, "x", made), &error));
  g_assert_error (error, VIGIE_ROSTER_STORE_ERROR, VIGIE_ROSTER_STORE_ERROR_NO_ROSTER);
  g_clear_error (&error);

  /* The change is journaled with its author. */
  events = vigie_journal_list_events (journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((VigieJournalEvent *) events->pdata[0])->kind, ==, "roster-changed");
  g_assert_true (strstr (((VigieJournalEvent *) events->pdata[0])->data, "Claire (superviseure)") != NULL);
  g_assert_true (strstr (((VigieJournalEvent *) events->pdata[0])->data, "override-added") != NULL);

  /* Reopened from the file, the swap is still there. */
  g_clear_object (&store);
  store = vigie_roster_store_open (db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (who (vigie_roster_store_get (store, "hebergix"), "2026-12-18T20:00:00"), ==, "olivier-roux");
  g_assert_true (vigie_roster_store_remove_override (store, "hebergix", "urgent", "Claire", &error));
  g_assert_cmpstr (who (vigie_roster_store_get (store, "hebergix"), "2026-12-18T20:00:00"), !=, "olivier-roux");
}

static void
test_interventions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "journal.sqlite", NULL);
  g_autoptr(VigieJournal) journal = vigie_journal_open (db, &error);
  g_autoptr(VigieRosterStore) store = vigie_roster_store_open (db, journal, &error);
  g_autoptr(GDateTime) a = vigie_test_at ("2026-12-10T02:00:00");
  g_autoptr(GDateTime) b = vigie_test_at ("2026-12-10T03:30:00");
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonNode) received = json_from_string ("{\"client_id\": \"dupont-maintenance\"}", NULL);
  g_autoptr(JsonNode) ack = json_from_string ("{\"person_id\": \"karim-haddad\"}", NULL);
  g_autoptr(JsonNode) ended = json_from_string ("{\"started_at\": \"2026-12-11T21:10:00+01:00\","
                                                " \"ended_at\": \"2026-12-11T23:40:00+01:00\"}", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (vigie_roster_store_add_intervention (store, "dupont-maintenance", "julien-martin", a, b,
                                                        "manual", NULL, "fuite", &error), >, 0);
  g_assert_no_error (error);
  /* The end before the start is refused. */
  g_assert_cmpint (vigie_roster_store_add_intervention (store, "dupont-maintenance", "julien-martin", b, a,
                                                        "manual", NULL, NULL, &error), ==, -1);
  g_assert_error (error, VIGIE_ROSTER_STORE_ERROR, VIGIE_ROSTER_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* From the journal: acknowledgement then recorded end, once. */
  g_assert_true (vigie_journal_append (journal, "call-1", "call-received", received, &error));
  g_assert_true (vigie_journal_append (journal, "call-1", "alert-acknowledged", ack, &error));
  g_assert_true (vigie_journal_append (journal, "call-1", "intervention-ended", ended, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_roster_store_collect_journal (store, journal, &error), ==, 1);
  g_assert_cmpuint (vigie_roster_store_collect_journal (store, journal, &error), ==, 0);

  list = vigie_roster_store_list_interventions (store, "dupont-maintenance", NULL, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((VigieIntervention *) list->pdata[1])->person_id, ==, "karim-haddad");
  g_assert_cmpstr (((VigieIntervention *) list->pdata[1])->source, ==, "journal");
  g_assert_cmpint (g_date_time_difference (((VigieIntervention *) list->pdata[1])->end,
                                           ((VigieIntervention *) list->pdata[1])->start),
                   ==, 150 * G_TIME_SPAN_MINUTE);
}

/* Named rosters (issue 10): a plumbing team of its own, the generalists
 * as its cascade's backup, and a default team. */
static void
test_named_rosters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VigieRoster) roster = NULL;
  g_autoptr(VigieRoster) plumbing = NULL;
  g_autoptr(VigieRoster) fallback = NULL;
  g_autoptr(VigieRoster) copy = NULL;
  g_autoptr(VigieRoster) missing = NULL;
  g_autoptr(GDateTime) night = vigie_test_at ("2026-12-01T23:00:00");
  g_autoptr(GDateTime) swap = vigie_test_at ("2026-12-02T23:00:00");
  g_auto(GStrv) names = NULL;
  const VigieRosterPerson *who;

  node = json_from_string (
    "{\"client\": \"dupont\","
    " \"people\": [{\"id\": \"alice\", \"name\": \"Alice\"}, {\"id\": \"bruno\", \"name\": \"Bruno\"},"
    "            {\"id\": \"chloe\", \"name\": \"Chloé\"}],"
    " \"rotations\": ["
    "  {\"id\": \"plombiers\", \"layer\": 1, \"start\": \"2026-01-05T08:00:00\", \"members\": [\"alice\"]},"
    "  {\"id\": \"principale\", \"layer\": 2, \"start\": \"2026-01-05T08:00:00\", \"members\": [\"bruno\"]}],"
    " \"overrides\": [{\"person\": \"chloe\", \"start\": \"2026-12-02T18:00:00\", \"end\": \"2026-12-03T08:00:00\","
    "                \"reason\": \"Chloé remplace Bruno\"}],"
    " \"escalation\": {\"steps\": [{\"target\": \"oncall\", \"delay\": 10}]},"
    " \"rosters\": ["
    "  {\"id\": \"technique\", \"name\": \"Technique\", \"default\": true, \"rotations\": [\"principale\"]},"
    "  {\"id\": \"plomberie\", \"name\": \"Plomberie\", \"rotations\": [\"plombiers\"],"
    "   \"escalation\": {\"steps\": [{\"target\": \"oncall\", \"delay\": 10},"
    "                                {\"target\": \"rotation:principale\", \"delay\": 5, \"delay_seconds\": 30}]}}]}", &error);
  g_assert_no_error (error);
  roster = vigie_roster_new_from_json (node, &error);
  g_assert_no_error (error);
  names = vigie_roster_list_named (roster);
  g_assert_cmpstrv (names, ((const char *[]) { "technique", "plomberie", NULL }));

  /* Plumbing names Alice, though the generalists' higher layer is on:
   * the rotation its cascade names as backup puts nobody on call. */
  plumbing = vigie_roster_dup_named (roster, "plomberie", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_roster_get_roster_name (plumbing), ==, "Plomberie");
  who = vigie_roster_who (plumbing, night, NULL, NULL);
  g_assert_cmpstr (who->id, ==, "alice");
  g_assert_cmpstr (vigie_roster_who_in_rotation (plumbing, "principale", night)->id, ==, "bruno");
  g_assert_cmpuint (((VigieEscalationStepDef *) g_ptr_array_index (vigie_roster_get_escalation (plumbing, NULL), 1))
                    ->delay_seconds, ==, 30);
  /* Chloé stands in for a generalist, not for a plumber. */
  g_assert_cmpstr (vigie_roster_who (plumbing, swap, NULL, NULL)->id, ==, "alice");

  /* No roster named: the default one, with the client's cascade. */
  fallback = vigie_roster_dup_named (roster, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_roster_get_roster_id (fallback), ==, "technique");
  g_assert_cmpstr (vigie_roster_who (fallback, night, NULL, NULL)->id, ==, "bruno");
  g_assert_cmpstr (vigie_roster_who (fallback, swap, NULL, NULL)->id, ==, "chloe");
  g_assert_cmpuint (vigie_roster_get_escalation (fallback, NULL)->len, ==, 1);

  missing = vigie_roster_dup_named (roster, "ascenseurs", &error);
  g_assert_null (missing);
  g_assert_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Written and read back (the store keeps rosters as JSON). */
  copy = vigie_roster_copy (roster);
  g_assert_true (vigie_roster_has_named (copy, "plomberie"));

  /* A named roster naming a rotation that does not exist is refused. */
  g_clear_pointer (&node, json_node_unref);
  node = json_from_string ("{\"client\": \"x\", \"rotations\": [], \"rosters\": [{\"id\": \"a\", \"rotations\": [\"nope\"]}]}",
                           &error);
  g_assert_null (vigie_roster_new_from_json (node, &error));
  g_assert_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/roster/daily-across-dst", test_daily_across_dst);
  g_test_add_func ("/roster/weekly-nights-midnight", test_weekly_nights_and_midnight);
  g_test_add_func ("/roster/layers-nested-overrides", test_layers_and_nested_overrides);
  g_test_add_func ("/roster/coverage-gaps", test_coverage_gaps);
  g_test_add_func ("/roster/holidays-and-hours", test_holidays_and_hours);
  g_test_add_func ("/roster/json-round-trip", test_json_round_trip);
  g_test_add_func ("/roster/bad-input", test_bad_input);
  g_test_add_func ("/roster/store", test_store);
  g_test_add_func ("/roster/interventions", test_interventions);
  g_test_add_func ("/roster/named-rosters", test_named_rosters);

  return g_test_run ();
}
