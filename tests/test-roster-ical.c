/* test-roster-ical.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * iCalendar: export → import gives the same timeline; files written by
 * hand the way other calendars write them (VTIMEZONE, RRULE across DST,
 * EXDATE, RECURRENCE-ID, UTC with DURATION, all-day and floating times);
 * bad files refused with nothing changed; import from a URL served by a
 * real libsoup server on 127.0.0.1.
 */
#include "config.h"

#include <libsoup/soup.h>

#include "vigie-ical.h"
#include "vigie-test-roster.h"
#include "vigie-test-util.h"

#define PEOPLE \
  "\"people\": [{\"id\": \"a\", \"name\": \"Anne Dubois\", \"phone\": \"+33600000001\"}," \
  "             {\"id\": \"b\", \"name\": \"Bruno Lemaire\", \"phone\": \"+33600000002\"}," \
  "             {\"id\": \"c\", \"name\": \"Chloé Marchand\", \"phone\": \"+33600000003\"}]"

static VigieRoster *
people_only (void)
{
  return vigie_test_roster_from ("{\"client\": \"x\", \"coverage\": [\"nights\"], " PEOPLE "}");
}

static char *
describe (VigieRoster *roster,
          GDateTime   *from,
          GDateTime   *to,
          gboolean     with_gaps)
{
  g_autoptr(GPtrArray) shifts = vigie_roster_timeline (roster, from, to);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < shifts->len; i++)
    {
      VigieShift *s = g_ptr_array_index (shifts, i);
      g_autofree char *a = vigie_roster_format_time (s->start);
      g_autofree char *b = vigie_roster_format_time (s->end);

      if (s->person_id == NULL && !with_gaps)
        continue;
      g_string_append_printf (out, "%s %s %s\n", a, b, s->person_id ? s->person_id : "GAP");
    }
  return g_string_free (out, FALSE);
}

static char *
read_data (const char *name)
{
  g_autofree char *path = vigie_test_data_path (name);
  g_autoptr(GError) error = NULL;
  char *text = vigie_ical_fetch (path, &error);

  g_assert_no_error (error);
  return text;
}

/* The data file @name imported into @roster over [@from, @to); the test
 * fails if it does not import. */
static GPtrArray *
import_data (VigieRoster  *roster,
             const char   *name,
             GDateTime    *from,
             GDateTime    *to,
             char       ***added)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_data (name);
  GPtrArray *slots = vigie_ical_import (roster, text, from, to, added, &error);

  g_assert_no_error (error);
  return slots;
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vigie_test_source_path ("data", "demo", "rosters", "dupont-maintenance.json", NULL);
  g_autoptr(VigieRoster) source = vigie_roster_load_file (path, &error);
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");
  g_autoptr(GDateTime) stamp = vigie_test_at ("2026-11-23T10:00:00");
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(VigieRoster) target = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_auto(GStrv) added = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *mine = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  ics = vigie_ical_export (source, NULL, from, to, stamp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ics, "BEGIN:VTIMEZONE"));
  g_assert_nonnull (strstr (ics, "DTSTART;TZID=Europe/Paris:20261211T180000"));
  g_assert_nonnull (strstr (ics, "X-VIGIE-PERSON:karim-haddad"));

  /* The same people, no rotation and no override: only the calendar. */
  json = vigie_roster_to_json (source);
  object = json_node_get_object (json);
  json_object_set_array_member (object, "rotations", json_array_new ());
  json_object_set_array_member (object, "overrides", json_array_new ());
  json_object_remove_member (object, "escalation");
  json_object_remove_member (object, "rosters");  /* they name the rotations */
  target = vigie_roster_new_from_json (json, &error);
  g_assert_no_error (error);
  slots = vigie_ical_import (target, ics, from, to, &added, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (added), ==, 0);
  vigie_roster_set_slots (target, g_steal_pointer (&slots));

  expected = describe (source, from, to, TRUE);
  got = describe (target, from, to, TRUE);
  g_assert_cmpstr (got, ==, expected);
  g_assert_true (strlen (expected) > 200);

  /* One person's schedule holds that person only. */
  mine = vigie_ical_export (source, "karim-haddad", from, to, stamp, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (mine, "X-VIGIE-PERSON:julien-martin"));
  g_assert_nonnull (strstr (mine, "X-VIGIE-PERSON:karim-haddad"));
  g_assert_null (vigie_ical_export (source, "nobody", from, to, stamp, &error));
  g_assert_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON);
}

static void
test_weekly_with_exceptions (void)
{
  g_autoptr(VigieRoster) roster = people_only ();
  g_autoptr(GDateTime) from = vigie_test_at ("2026-10-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");
  g_auto(GStrv) added = NULL;
  g_autofree char *got = NULL;

  vigie_roster_set_slots (roster, import_data (roster, "ical/weekly-tz.ics", from, to, &added));
  got = describe (roster, from, to, FALSE);
  /* A person known only to the calendar is added. */
  g_assert_cmpstrv (added, ((const char *[]) { "paul-durand", NULL }));
  g_assert_cmpstr (vigie_roster_find_person (roster, "paul-durand")->name, ==, "Paul Durand");
  /* Six Fridays from 9 October, the 16th excluded, the 30th moved to Anne
   * on Saturday; the 23rd runs across the change to winter time. */
  g_assert_cmpstr (got, ==,
                   "2026-10-09T19:00:00+02:00 2026-10-12T08:00:00+02:00 paul-durand\n"
                   "2026-10-23T19:00:00+02:00 2026-10-26T08:00:00+01:00 paul-durand\n"
                   "2026-10-31T08:00:00+01:00 2026-11-02T08:00:00+01:00 a\n"
                   "2026-11-06T19:00:00+01:00 2026-11-09T08:00:00+01:00 paul-durand\n"
                   "2026-11-13T19:00:00+01:00 2026-11-16T08:00:00+01:00 paul-durand\n");
}

static void
test_utc_and_duration (void)
{
  g_autoptr(VigieRoster) roster = people_only ();
  g_autoptr(GDateTime) from = vigie_test_at ("2026-11-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");
  g_autoptr(GPtrArray) slots = NULL;

  slots = import_data (roster, "ical/utc-duration.ics", from, to, NULL);
  /* UNTIL is inclusive: 1 to 5 December, 14 hours each, matched by CN. */
  g_assert_cmpuint (slots->len, ==, 5);
  for (guint i = 0; i < slots->len; i++)
    {
      VigieRosterSlot *slot = g_ptr_array_index (slots, i);

      g_assert_cmpstr (slot->person_id, ==, "b");
      g_assert_cmpint (g_date_time_difference (slot->end, slot->start), ==, 14 * G_TIME_SPAN_HOUR);
      g_assert_cmpint (g_date_time_get_hour (slot->start), ==, 19);
    }
  g_assert_cmpint (g_date_time_get_day_of_month (((VigieRosterSlot *) slots->pdata[4])->start), ==, 5);
}

static void
test_allday_floating (void)
{
  g_autoptr(VigieRoster) roster = people_only ();
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-31T00:00:00");
  g_auto(GStrv) added = NULL;
  g_autofree char *got = NULL;

  vigie_roster_set_slots (roster, import_data (roster, "ical/allday-floating.ics", from, to, &added));
  got = describe (roster, from, to, FALSE);
  g_assert_cmpuint (g_strv_length (added), ==, 0);
  /* All day is local midnight to midnight; floating time is local time;
   * the cancelled event and the instant put nobody on call. */
  g_assert_cmpstr (got, ==,
                   "2026-12-25T00:00:00+01:00 2026-12-26T00:00:00+01:00 c\n"
                   "2026-12-31T19:00:00+01:00 2027-01-01T08:00:00+01:00 a\n");
}

static void
test_bad_files (void)
{
  static const struct { const char *name; int code; } cases[] = {
    { "ical/not-ical.csv", VIGIE_ICAL_ERROR_PARSE },
    { "ical/empty.ics", VIGIE_ICAL_ERROR_EMPTY },
    { "ical/no-dtstart.ics", VIGIE_ICAL_ERROR_INVALID_EVENT },
  };
  g_autoptr(GDateTime) from = vigie_test_at ("2026-12-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigieRoster) roster = people_only ();
      g_autofree char *text = read_data (cases[i].name);
      g_autoptr(GPtrArray) slots = vigie_ical_import (roster, text, from, to, NULL, &error);

      g_assert_null (slots);
      g_assert_error (error, VIGIE_ICAL_ERROR, cases[i].code);
      /* Zoé, met before the broken event, is not half-added. */
      g_assert_cmpuint (vigie_roster_get_people (roster)->len, ==, 3);
    }
}

/* A calendar server in its own thread: the fetch is synchronous. */

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  guint16       port;
  GMutex        lock;
  GCond         ready;
  char         *body;
} Server;

static void
handler (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Server *s = user_data;

  if (g_str_equal (path, "/astreintes.ics"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "text/calendar", SOUP_MEMORY_COPY, s->body, strlen (s->body));
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static gpointer
serve (gpointer data)
{
  Server *s = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  g_main_context_push_thread_default (s->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handler, s, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&s->lock);
  s->port = (guint16) g_uri_get_port (uris->data);
  g_cond_signal (&s->ready);
  g_mutex_unlock (&s->lock);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_main_loop_run (s->loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (s->context);
  return NULL;
}

static void
test_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieRoster) roster = people_only ();
  g_autoptr(GDateTime) from = vigie_test_at ("2026-10-01T00:00:00");
  g_autoptr(GDateTime) to = vigie_test_at ("2027-01-01T00:00:00");
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *url = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *text = NULL;
  Server s = { 0 };
  GThread *thread;

  s.body = read_data ("ical/weekly-tz.ics");
  s.context = g_main_context_new ();
  s.loop = g_main_loop_new (s.context, FALSE);
  g_mutex_init (&s.lock);
  g_cond_init (&s.ready);
  g_mutex_lock (&s.lock);
  thread = g_thread_new ("calendar-server", serve, &s);
  while (s.port == 0)
    g_cond_wait (&s.ready, &s.lock);
  g_mutex_unlock (&s.lock);

  url = g_strdup_printf ("http://127.0.0.1:%u/astreintes.ics", s.port);
  text = vigie_ical_fetch (url, &error);
  g_assert_no_error (error);
  slots = vigie_ical_import (roster, text, from, to, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, ==, 5);

  missing = g_strdup_printf ("http://127.0.0.1:%u/autre.ics", s.port);
  g_assert_null (vigie_ical_fetch (missing, &error));
  g_assert_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_FETCH);
  g_assert_nonnull (strstr (error->message, "404"));

  g_main_loop_quit (s.loop);
  g_main_context_wakeup (s.context);
  g_thread_join (thread);
  g_main_loop_unref (s.loop);
  g_main_context_unref (s.context);
  g_mutex_clear (&s.lock);
  g_cond_clear (&s.ready);
  g_free (s.body);
}

int
main (int   argc,
      char *argv[])
{
  /* The GNOME proxy settings are not installed in the build tree. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ical/round-trip", test_round_trip);
  g_test_add_func ("/ical/weekly-with-exceptions", test_weekly_with_exceptions);
  g_test_add_func ("/ical/utc-and-duration", test_utc_and_duration);
  g_test_add_func ("/ical/allday-floating", test_allday_floating);
  g_test_add_func ("/ical/bad-files", test_bad_files);
  g_test_add_func ("/ical/url", test_url);

  return g_test_run ();
}
