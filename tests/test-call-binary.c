/* test-call-binary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call, through the real `vigie` binary in its own session bus and
 * data folders, under the test's X server, played from the command line
 * as the switchboard and the operator would:
 *
 * - the alert a client reads is in the client's language (`language` in
 *   clients.json, French by default), whatever the desk's own locale: an
 *   English-speaking client (only in this test's data) gets English words
 *   at its loopback peer, a French one French (issue 12);
 * - after the intervention, the operator records its start and end as the
 *   on-call person phones them in, and the caller's satisfaction: the
 *   journal holds `intervention-started`, `intervention-ended` and
 *   `satisfaction`, and the labour checks count the intervention (issue 16).
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>

#include <string.h>

#include <glib/gstdio.h>

#include "vigie-context.h"
#include "vigie-peer.h"
#include "vigie-test-desk.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

typedef struct {
  VigieTestDesk run;
  VigiePeer   *peer;
} Desk;

static Desk desk;

/* The first column of the first row of @sql (?1: @call_id), or NULL. */
static char *
query (const char *sql,
       const char *call_id)
{
  return vigie_test_journal_query (desk.run.data_dir, sql, call_id);
}

/* --- the peer --- */

/* The answer given at step @index of the alert's answers. */
static const char *
answer_at (JsonObject *body,
           guint       index)
{
  JsonArray *answers = json_object_get_array_member (body, "answers");

  g_assert_cmpuint (json_array_get_length (answers), >, index);
  return json_object_get_string_member (json_array_get_object_element (answers, index), "answer");
}

/* --- data --- */

/* The demo's Dupont (French by default, no `language`) and, in this test
 * only, an English-speaking client on the same script, both alerting the
 * loopback peer; the demo people keep their phones, not `make run`'s
 * receiver. */
static void
make_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dupont = NULL;
  g_autofree char *clients = NULL;

  g_assert_true (vigie_context_install_demo (desk.run.data_dir, NULL, &error));
  g_assert_no_error (error);

  dupont = vigie_test_desk_dupont_client (desk.peer->base_url);
  clients = g_strdup_printf (
    "{\"clients\": [%s,"
    " {\"id\": \"acme-facilities\", \"name\": \"Acme Facilities\", \"lines\": [\"0800 900 900\"],"
    "  \"language\": \"en\","
    "  \"script\": \"scripts/dupont-maintenance.json\", \"timezone\": \"Europe/Paris\","
    "  \"targets\": [{\"id\": \"ops\", \"type\": \"webhook\", \"url\": \"%s/alerts/acme-facilities\"}],"
    "  \"oncall\": {\"name\": \"Jane Smith\", \"phone\": \"+44 20 7946 0000\"}}]}",
    dupont, desk.peer->base_url);
  vigie_test_desk_write_json (desk.run.data_dir, "clients.json", clients);
  vigie_test_strip_person_webhooks (desk.run.data_dir);
}

/* A water leak on the electrical board: two yes/no answers, a trigger. */
static void
leak_call (const char *line,
           const char *call_id)
{
  VIGIE ("call", "--from", "06 98 76 54 32", "--line", line, "--call-id", call_id);
  VIGIE ("answer", "--call-id", call_id, "1");
  VIGIE ("answer", "--call-id", call_id, "Plafond de la cuisine, l'eau coule sur le tableau");
  VIGIE ("answer", "--call-id", call_id, "1", "1");
  VIGIE ("decide", "--call-id", call_id);
}

/* --- the tests --- */

static void
test_alert_language (void)
{
  g_autofree char *value = NULL;
  JsonObject *body;

  leak_call ("0800 100 200", "lang-fr");
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (desk.peer, "/alerts/dupont-maintenance") >= 1, 15000));
  body = vigie_peer_last_body (desk.peer, "/alerts/dupont-maintenance");
  g_assert_cmpstr (json_object_get_string_member (body, "language"), ==, "fr");
  g_assert_cmpstr (answer_at (body, 2), ==, "Oui");
  g_assert_cmpstr (answer_at (body, 3), ==, "Oui");

  leak_call ("0800 900 900", "lang-en");
  g_assert_true (vigie_test_wait_until (vigie_peer_count_accepted (desk.peer, "/alerts/acme-facilities") >= 1, 15000));
  body = vigie_peer_last_body (desk.peer, "/alerts/acme-facilities");
  g_assert_cmpstr (json_object_get_string_member (body, "language"), ==, "en");
  g_assert_cmpstr (answer_at (body, 2), ==, "Yes");
  g_assert_cmpstr (answer_at (body, 3), ==, "Yes");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "client"), "id"), ==,
                   "acme-facilities");

  /* The journal keeps what the operator saw: the same call, the same
   * decision, whatever language the client reads. */
  value = query ("SELECT json_extract (data, '$.decision') FROM events WHERE call_id = ?1 AND kind = 'decision'",
                 "lang-en");
  g_assert_cmpstr (value, ==, "trigger");

  VIGIE ("close", "--call-id", "lang-fr");
  VIGIE ("close", "--call-id", "lang-en");
}

/* The on-call person phones back: the intervention started this minute
 * (typed as a clock time) and ended a minute later (typed as a date and
 * time); the caller gives 4 out of 5. The journal holds the three events
 * with the person the alert went to, and the labour checks count the
 * intervention as work done. */
static void
test_intervention_and_satisfaction (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *started = NULL;
  g_autofree char *ended = NULL;
  g_autofree char *value = NULL;
  g_autofree char *person = NULL;
  g_autofree char *name = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *line = NULL;

  leak_call ("0800 100 200", "aftercare-1");

  /* Before the call: refused, nothing journaled. */
  g_assert_cmpint (vigie_test_desk_command (&err, "intervention", "--call-id", "aftercare-1", "--started", "01/01/2026 02:00",
                              "--ended", "01/01/2026 03:00", NULL), !=, 0);
  /* In the desk's language: the operator reads it. */
  g_assert_nonnull (strstr (err, g_strcmp0 (g_getenv ("LANGUAGE"), "fr") == 0 ? "avant l’appel" : "before the call"));
  value = query ("SELECT count (*) FROM events WHERE call_id = ?1 AND kind LIKE 'intervention-%'", "aftercare-1");
  g_assert_cmpstr (value, ==, "0");
  g_clear_pointer (&value, g_free);

  /* A score out of range: refused. */
  g_assert_cmpint (vigie_test_desk_command (NULL, "intervention", "--call-id", "aftercare-1", "--satisfaction", "7", NULL), !=, 0);

  /* The on-call person took the call, then phones back once done. */
  VIGIE ("acknowledge", "--call-id", "aftercare-1");
    now = g_date_time_new_now (paris);
  start = g_date_time_new (paris, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                           g_date_time_get_minute (now), 0);
  end = g_date_time_add_minutes (start, 1);
  started = g_date_time_format (start, "%H:%M");
  ended = g_date_time_format (end, "%d/%m/%Y %H:%M");
  VIGIE ("intervention", "--call-id", "aftercare-1", "--started", started, "--ended", ended,
         "--satisfaction", "4");

  value = query ("SELECT json_extract (data, '$.started_at') FROM events WHERE call_id = ?1"
                 " AND kind = 'intervention-started'", "aftercare-1");
  g_assert_nonnull (value);
  {
    g_autoptr(GDateTime) journaled = g_date_time_new_from_iso8601 (value, NULL);
    g_assert_nonnull (journaled);
    g_assert_cmpint (g_date_time_compare (journaled, start), ==, 0);
  }
  g_clear_pointer (&value, g_free);
  value = query ("SELECT json_extract (data, '$.ended_at') || '|' || json_extract (data, '$.duration_s') || '|'"
                 " || json_extract (data, '$.source') || '|' || json_extract (data, '$.client_id')"
                 " FROM events WHERE call_id = ?1 AND kind = 'intervention-ended'", "aftercare-1");
  g_assert_nonnull (value);
  {
    g_auto(GStrv) parts = g_strsplit (value, "|", -1);
    g_autoptr(GDateTime) journaled = g_date_time_new_from_iso8601 (parts[0], NULL);

    g_assert_nonnull (journaled);
    g_assert_cmpint (g_date_time_compare (journaled, end), ==, 0);
    g_assert_cmpstr (parts[1], ==, "60");
    g_assert_cmpstr (parts[2], ==, "operator");
    g_assert_cmpstr (parts[3], ==, "dupont-maintenance");
  }
  g_clear_pointer (&value, g_free);
  value = query ("SELECT json_extract (data, '$.score') FROM events WHERE call_id = ?1 AND kind = 'satisfaction'",
                 "aftercare-1");
  g_assert_cmpstr (value, ==, "4");
  g_clear_pointer (&value, g_free);

  /* The person the alert went to, named on the intervention. */
  person = query ("SELECT json_extract (data, '$.recipient.person_id') FROM events WHERE call_id = ?1"
                  " AND kind = 'decision'", "aftercare-1");
  g_assert_nonnull (person);
  value = query ("SELECT json_extract (data, '$.person_id') FROM events WHERE call_id = ?1"
                 " AND kind = 'intervention-ended'", "aftercare-1");
  g_assert_cmpstr (value, ==, person);
  g_clear_pointer (&value, g_free);
  name = query ("SELECT json_extract (data, '$.recipient.name') FROM events WHERE call_id = ?1"
                " AND kind = 'decision'", "aftercare-1");
  g_assert_nonnull (name);

  /* The labour checks count it: one intervention for that person. */
  {
    g_autoptr(GDateTime) day_before = g_date_time_add_days (now, -1);
    g_autoptr(GDateTime) day_after = g_date_time_add_days (now, 1);
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = vigie_test_desk_path ();
    g_auto(GStrv) lines = NULL;

    from = g_date_time_format (day_before, "%Y-%m-%d");
    to = g_date_time_format (day_after, "%Y-%m-%d");
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                path, "roster", "fairness", "dupont-maintenance", "--from", from, "--to", to, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
    g_assert_no_error (error);
    g_test_message ("fairness: %s %s", out, err);
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
    /* Person,On-call hours,Shifts,Nights,Weekends,Public holidays,Interventions,… */
    lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i] && line == NULL; i++)
      if (g_str_has_prefix (lines[i], name) && lines[i][strlen (name)] == ',')
        line = g_strdup (lines[i]);
    g_assert_nonnull (line);
    {
      g_auto(GStrv) columns = g_strsplit (line, ",", -1);

      g_assert_cmpuint (g_strv_length (columns), >=, 7);
      g_assert_cmpstr (columns[6], ==, "1");
    }
  }

  /* The indicators read them: one intervention of 60 s, satisfaction 4/5. */
  {
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *path = vigie_test_desk_path ();
    g_autofree char *stats = NULL;
    JsonObject *object;
    JsonObject *intervention;

    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                path, "journal", "stats", "--client", "dupont-maintenance", "--format", "json", NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &stats, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
    root = json_from_string (stats, &error);
    g_assert_no_error (error);
    object = json_node_get_object (root);
    intervention = json_object_get_object_member (object, "intervention");
    g_assert_nonnull (intervention);
    g_assert_cmpint (json_object_get_int_member (intervention, "n"), ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (intervention, "median_s"), ==, 60.0);
    g_assert_cmpint (json_object_get_int_member (object, "satisfaction_n"), ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (object, "satisfaction_mean"), ==, 4.0);
  }

  VIGIE ("close", "--call-id", "aftercare-1");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Folders of its own, shared with the desk it starts. */
  desk.run.folders = vigie_test_desk_folders ("vigie-call-binary-XXXXXX");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("No X display: the desk needs one (make check runs Xvfb)");
      return g_test_run ();
    }

  vigie_test_desk_begin (&desk.run);
  desk.peer = vigie_peer_new (&error);
  g_assert_no_error (error);
  make_data ();
  desk.run.vigie = vigie_test_desk_spawn (desk.run.log_path);

  g_test_add_func ("/call-binary/alert-language", test_alert_language);
  g_test_add_func ("/call-binary/intervention-and-satisfaction", test_intervention_and_satisfaction);
  status = g_test_run ();

  vigie_test_desk_stop (&desk.run.vigie);
  vigie_peer_free (desk.peer);
  return vigie_test_desk_end (&desk.run, status);
}
