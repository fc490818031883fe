/* test-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client's morning summary (issue 16, point 4) through the real
 * `vigie` desk and a real SMTP server (python3-aiosmtpd with STARTTLS,
 * tests/peers/smtp-peer.py): one mail per client and night, at the
 * client's hour, listing the night's logged and deferred calls (not the
 * triggered ones, not the previous night's), the unanswered rings on the
 * client's lines, and the journal's verification line whose head is the
 * journal's own; "summary-sent" journaled with the period. Killed (-9)
 * and started again, the desk does not send it again; with the SMTP
 * server down, it is retried and sent once the server is back.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

#include "vigie-journal.h"
#include "vigie-test-cli.h"
#include "vigie-test-desk.h"
#include "vigie-test-journal.h"
#include "vigie-test-smtp.h"
#include "vigie-test-util.h"

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

#define WAIT_FOR(cond) \
  G_STMT_START { \
    guint guard_ = g_timeout_add_seconds (60, guard_cb, (gpointer) #cond); \
    while (!(cond)) \
      { \
        g_usleep (100 * 1000); \
        g_main_context_iteration (NULL, FALSE); \
      } \
    g_source_remove (guard_); \
  } G_STMT_END

/* --- the data folder and its night --- */

/* The night being written: its journal, the journal's clock, its end. */
typedef struct {
  VigieJournal   *journal;
  VigieTestClock  clock;
  GDateTime      *end;
} Night;

static void
call (Night      *night,
      int         minutes_before,
      const char *call_id,
      const char *client_id,
      const char *caller_name,
      const char *decision,
      const char *note)
{
  g_autoptr(GDateTime) at = g_date_time_add_minutes (night->end, -minutes_before);
  g_autoptr(GDateTime) decided = g_date_time_add_seconds (at, 90);
  g_autofree char *received = g_strdup_printf ("{\"from\":\"+33612345678\",\"line\":\"+33800100200\","
                                               "\"client_id\":\"%s\",\"operator\":\"Sophie\"}", client_id);
  g_autofree char *identified = g_strdup_printf ("{\"known\":true,\"name\":\"%s\"}", caller_name);
  g_autofree char *decision_json = g_strdup_printf ("{\"recommended\":\"%s\",\"decision\":\"%s\","
                                                    "\"outcome\":\"fuite-legere\",\"nature\":\"Petite fuite\",\"gravity\":2,\"note\":\"%s\"}",
                                                    decision, decision, note);

  vigie_test_journal_append_at (night->journal, &night->clock, call_id, "call-received", received, at);
  vigie_test_journal_append_at (night->journal, &night->clock, call_id, "caller-identified", identified, at);
  vigie_test_journal_append_at (night->journal, &night->clock, call_id, "decision", decision_json, decided);
}

static void
ring (Night      *night,
      int         minutes_before,
      const char *call_id,
      const char *client_id,
      const char *from)
{
  g_autoptr(GDateTime) at = g_date_time_add_minutes (night->end, -minutes_before);
  g_autofree char *json = g_strdup_printf ("{\"connector\":\"ami\",\"from\":\"%s\",\"line\":\"+33800100200\","
                                           "\"client_id\":\"%s\",\"reason\":\"timeout\",\"alert\":false}",
                                           from, client_id);

  vigie_test_journal_append_at (night->journal, &night->clock, call_id, "call-unanswered", json, at);
}

/* The summary is due two minutes ago: the night ends then. */
static GDateTime *
night_end (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new_now (paris);
  g_autoptr(GDateTime) before = g_date_time_add_minutes (now, -2);

  return g_date_time_new (paris, g_date_time_get_year (before), g_date_time_get_month (before),
                          g_date_time_get_day_of_month (before), g_date_time_get_hour (before),
                          g_date_time_get_minute (before), 0);
}

typedef struct {
  guint  port;
  char  *ca;
  char  *hour;
} Mail;

/* Every client but the town hall mails its alerts and its summary. */
static void
set_mail (JsonObject *client,
          gpointer    data)
{
  Mail *mail = data;
  const char *id = json_object_get_string_member (client, "id");
  g_autofree char *targets = NULL;
  g_autofree char *summary = NULL;

  json_object_remove_member (client, "webhook");
  if (g_str_equal (id, "mairie-saint-aubin"))
    return;
  targets = g_strdup_printf ("[{\"id\": \"mail\", \"type\": \"mail\", \"url\": \"smtp://127.0.0.1:%u\","
                             " \"from\": \"astreinte@vigie.example\", \"to\": [\"exploitation@%s.example\"],"
                             " \"ca_file\": \"%s\"}]", mail->port, id, mail->ca);
  /* Hébergix's summary goes to its management, not the operations. */
  summary = g_str_equal (id, "hebergix")
    ? g_strdup_printf ("{\"hour\": \"%s\", \"to\": [\"direction@hebergix.example\"]}", mail->hour)
    : g_strdup_printf ("{\"hour\": \"%s\"}", mail->hour);
  json_object_set_member (client, "targets", json_from_string (targets, NULL));
  json_object_set_member (client, "summary", json_from_string (summary, NULL));
  json_object_set_string_member (client, "timezone", "Europe/Paris");
}

static void
write_clients (const char *dir,
               guint       port,
               GDateTime  *end)
{
  g_autofree char *ca = vigie_test_source_path ("tests", "peers", "ca.pem", NULL);
  g_autofree char *hour = g_date_time_format (end, "%H:%M");
  Mail mail = { port, ca, hour };

  vigie_test_edit_clients (dir, set_mail, &mail);
}

/* dupont-maintenance's night: two logged calls, one deferred, one
 * triggered (not in the summary), one logged the night before (not in
 * it either); two rings unanswered on its line, one the day before.
 * hebergix: one logged call, one ring. */
static char *
make_night (guint      port,
            GDateTime *end)
{
  char *dir = vigie_test_make_data_dir (NULL);
  g_autofree char *path = g_build_filename (dir, "journal.sqlite", NULL);
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  Night night = { NULL, { 0 }, end };

  write_clients (dir, port, end);
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  night.journal = journal;
  vigie_journal_set_clock (journal, vigie_test_clock_now, &night.clock);

  call (&night, 26 * 60, "old-1", "dupont-maintenance", "Ancien APPEL", "log", "la veille");
  call (&night, 9 * 60, "night-1", "dupont-maintenance", "Hélène FAURE", "log",
        "Goutte à goutte sous l'évier");
  call (&night, 7 * 60, "night-2", "dupont-maintenance", "Noël BOËL", "defer",
        "Chauffage faible, passage demain");
  call (&night, 6 * 60, "night-3", "dupont-maintenance", "Jérôme PÉRIER", "trigger",
        "Inondation");
  call (&night, 3 * 60, "night-4", "dupont-maintenance", "Karim SAÏDI", "log",
        "Question de facture");
  call (&night, 5 * 60, "night-5", "hebergix", "Agnès ROUX", "log", "Lenteur signalée");
  ring (&night, 25 * 60, "pbx-old", "dupont-maintenance", "+33611111111");
  ring (&night, 8 * 60, "pbx-1", "dupont-maintenance", "+33622222222");
  ring (&night, 4 * 60, "pbx-2", "dupont-maintenance", "+33633333333");
  ring (&night, 4 * 60, "pbx-3", "hebergix", "+33644444444");
  return dir;
}

/* --- the desk --- */

static GSubprocess *
desk_start (const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = vigie_test_desk_launcher (dir, G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *vigie = vigie_test_desk_path ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* The client's language. */
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "fr", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "fr_FR.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, vigie, NULL);
  g_assert_no_error (error);
  return process;
}

static void
desk_kill (GSubprocess *desk)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (desk, SIGKILL);
  g_subprocess_wait (desk, NULL, &error);
  g_assert_no_error (error);
}

static gint64
journal_count (const char *dir,
               const char *sql,
               const char *text)
{
  return vigie_test_journal_query_count (dir, sql, text);
}

static char *
journal_text (const char *dir,
              const char *sql,
              const char *text)
{
  return vigie_test_journal_query (dir, sql, text);
}

static gint64
sent_count (const char *dir,
            const char *client_id)
{
  return journal_count (dir, "SELECT count (*) FROM events WHERE kind = 'summary-sent' "
                             "AND json_extract (data, '$.client_id') = ?1", client_id);
}

static JsonObject *
mail_for (VigieTestSmtp *smtp,
          const char    *rcpt)
{
  for (guint i = 1; i <= vigie_test_smtp_count (smtp); i++)
    {
      g_autoptr(JsonObject) mail = vigie_test_smtp_mail (smtp, i);
      JsonArray *to = json_object_get_array_member (mail, "rcpt_tos");

      if (g_strcmp0 (json_array_get_string_element (to, 0), rcpt) == 0)
        return g_steal_pointer (&mail);
    }
  return NULL;
}

static void
assert_dupont_mail (VigieTestSmtp *smtp,
                    const char    *dir,
                    GDateTime     *end)
{
  g_autoptr(JsonObject) mail = mail_for (smtp, "exploitation@dupont-maintenance.example");
  g_autofree char *subject = NULL;
  g_autofree char *day = g_date_time_format (end, "%d/%m/%Y");
  g_autofree char *expected_subject = g_strdup_printf ("[Dupont Maintenance Immobilière] Compte rendu de la nuit du %s", day);
  g_autofree char *head = NULL;
  g_autofree char *seq_text = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *period_to = NULL;
  g_autoptr(GDateTime) end_utc = g_date_time_to_utc (end);
  g_autofree char *end_text = g_date_time_format (end_utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  const char *content;
  const char *line;
  gint64 seq = 0;

  g_assert_nonnull (mail);
  g_assert_true (json_object_get_boolean_member (mail, "tls"));
  content = json_object_get_string_member (mail, "content");
  g_test_message ("%s", content);
  subject = vigie_test_smtp_subject (content);
  g_assert_cmpstr (subject, ==, expected_subject);
  g_assert_nonnull (strstr (content, "Message-ID: <vigie-summary-dupont-maintenance-"));

  /* The night's logged and deferred calls, nothing else. */
  g_assert_nonnull (strstr (content, "2 appels consignés, sans alerte :"));
  g_assert_nonnull (strstr (content, "Hélène FAURE (+33612345678) — Petite fuite — Goutte à goutte sous l'évier"));
  g_assert_nonnull (strstr (content, "Karim SAÏDI"));
  g_assert_nonnull (strstr (content, "1 appel différé :"));
  g_assert_nonnull (strstr (content, "Noël BOËL (+33612345678) — Petite fuite — Chauffage faible, passage demain"));
  g_assert_null (strstr (content, "fuite-legere"));
  g_assert_null (strstr (content, "Jérôme PÉRIER"));
  g_assert_null (strstr (content, "Ancien APPEL"));
  g_assert_null (strstr (content, "Agnès ROUX"));
  g_assert_nonnull (strstr (content, "2 appels non répondus :"));
  g_assert_nonnull (strstr (content, "+33622222222"));
  g_assert_nonnull (strstr (content, "+33633333333"));
  g_assert_null (strstr (content, "+33611111111"));
  g_assert_null (strstr (content, "+33644444444"));

  /* The verification line names an event and its head as the journal
   * holds them. */
  line = strstr (content, "Journal vérifié : ");
  g_assert_nonnull (line);
  seq_text = g_strdup (strstr (line, "dernier événement ") + strlen ("dernier événement "));
  seq = g_ascii_strtoll (seq_text, NULL, 10);
  g_free (seq_text);
  seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_assert_cmpint (seq, >=, 22);  /* the hand-built night, at least */
  head = g_strndup (strstr (line, "empreinte ") + strlen ("empreinte "), 64);
  hash = journal_text (dir, "SELECT hash FROM events WHERE seq = CAST (?1 AS INTEGER)", seq_text);
  g_assert_cmpstr (head, ==, hash);
  g_assert_nonnull (strstr (content, "Conservez cette ligne"));

  /* The journal: sent once, with its period. */
  g_assert_cmpint (sent_count (dir, "dupont-maintenance"), ==, 1);
  period_to = journal_text (dir, "SELECT json_extract (data, '$.period.to') FROM events "
                                 "WHERE kind = 'summary-sent' AND json_extract (data, '$.client_id') = ?1",
                            "dupont-maintenance");
  g_assert_cmpstr (period_to, ==, end_text);
}

static void
test_summary_desk (void)
{
  g_autoptr(GDateTime) end = night_end ();
  VigieTestSmtp smtp = { 0 };
  g_autofree char *dir = NULL;
  g_autoptr(GSubprocess) desk = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autoptr(JsonObject) hebergix = NULL;
  const char *content;

  smtp.port = vigie_test_free_port ();
  vigie_test_smtp_start (&smtp, TRUE);
  dir = make_night (smtp.port, end);

  desk = desk_start (dir);
  WAIT_FOR (sent_count (dir, "dupont-maintenance") == 1 && sent_count (dir, "hebergix") == 1);
  g_assert_cmpuint (vigie_test_smtp_count (&smtp), ==, 2);
  assert_dupont_mail (&smtp, dir, end);

  /* Hébergix's summary goes to the address its "summary" names. */
  hebergix = mail_for (&smtp, "direction@hebergix.example");
  g_assert_nonnull (hebergix);
  content = json_object_get_string_member (hebergix, "content");
  g_assert_nonnull (strstr (content, "To: direction@hebergix.example\r\n"));
  g_assert_nonnull (strstr (content, "1 appel consigné, sans alerte :"));
  g_assert_nonnull (strstr (content, "Agnès ROUX"));
  g_assert_nonnull (strstr (content, "0 appel différé :"));
  g_assert_nonnull (strstr (content, "1 appel non répondu :"));
  g_assert_nonnull (strstr (content, "+33644444444"));

  /* Killed and started again: nothing is sent twice. */
  desk_kill (desk);
  again = desk_start (dir);
  /* The restarted desk is up once it has journaled its own start. */
  g_usleep (6 * G_USEC_PER_SEC);
  g_assert_cmpuint (vigie_test_smtp_count (&smtp), ==, 2);
  g_assert_cmpint (sent_count (dir, "dupont-maintenance"), ==, 1);
  g_assert_cmpint (sent_count (dir, "hebergix"), ==, 1);
  g_assert_cmpint (journal_count (dir, "SELECT count (*) FROM events WHERE kind = 'summary-queued'", NULL), ==, 2);
  desk_kill (again);
  vigie_test_smtp_stop (&smtp);
}

static void
test_summary_smtp_down (void)
{
  g_autoptr(GDateTime) end = night_end ();
  VigieTestSmtp smtp = { 0 };
  g_autofree char *dir = NULL;
  g_autoptr(GSubprocess) desk = NULL;

  smtp.port = vigie_test_free_port ();
  dir = make_night (smtp.port, end);

  /* Nobody listens: the summary waits in the outbox, retried. */
  desk = desk_start (dir);
  WAIT_FOR (journal_count (dir, "SELECT count (*) FROM events WHERE kind = 'alert-attempt' "
                                "AND json_extract (data, '$.status') = 'failed' "
                                "AND json_extract (data, '$.will_retry') "
                                "AND json_extract (data, '$.dedup_key') LIKE ?1",
                           "vigie-summary-dupont-maintenance-%") >= 1);
  g_assert_cmpint (sent_count (dir, "dupont-maintenance"), ==, 0);

  /* The server is back: sent, once. */
  vigie_test_smtp_start (&smtp, TRUE);
  WAIT_FOR (sent_count (dir, "dupont-maintenance") == 1 && sent_count (dir, "hebergix") == 1);
  g_usleep (3 * G_USEC_PER_SEC);
  g_assert_cmpuint (vigie_test_smtp_count (&smtp), ==, 2);
  assert_dupont_mail (&smtp, dir, end);
  desk_kill (desk);
  vigie_test_smtp_stop (&smtp);
}

/* `vigie alert …` as a French operator runs it: the summary is written in
 * the language of whoever queues it. */
static int
vigie_alert (const char   *dir,
             VigieTestRun *run,
             const char   *client,
             const char   *date)
{
  g_autofree char *lc_all = g_strdup (g_getenv ("LC_ALL"));
  int status;

  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  status = vigie_test_run_vigie (run, dir, NULL, VIGIE_TEST_RUN_MERGE_STDERR, "alert", "summary", client, date, NULL);
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", lc_all ? lc_all : "C.UTF-8", TRUE);
  g_test_message ("vigie alert summary: %s", run->out);
  return status;
}

/* `vigie alert summary` queues without a desk; the desk sends it, once. */
static void
test_summary_cli (void)
{
  g_autoptr(GDateTime) end = night_end ();
  VigieTestSmtp smtp = { 0 };
  g_autofree char *dir = NULL;
  g_auto(VigieTestRun) run1 = { 0 };
  g_auto(VigieTestRun) run2 = { 0 };
  g_auto(VigieTestRun) run3 = { 0 };
  g_autofree char *day = g_date_time_format (end, "%Y-%m-%d");
  g_autoptr(GSubprocess) desk = NULL;

  smtp.port = vigie_test_free_port ();
  dir = make_night (smtp.port, end);

  g_assert_cmpint (vigie_alert (dir, &run1, "dupont-maintenance", day), ==, 0);
  g_assert_nonnull (strstr (run1.out, "vigie-summary-dupont-maintenance-"));
  g_assert_nonnull (strstr (run1.out, "mis en file ; le poste l'envoie"));
  g_assert_cmpint (vigie_alert (dir, &run2, "dupont-maintenance", NULL), ==, 0);
  g_assert_nonnull (strstr (run2.out, "était déjà en file"));
  g_assert_cmpint (vigie_alert (dir, &run3, "dupont-maintenance", "2099-01-01"), ==, 1);
  g_assert_cmpint (journal_count (dir, "SELECT count (*) FROM events WHERE kind = 'summary-queued'", NULL), ==, 1);
  g_assert_cmpint (sent_count (dir, "dupont-maintenance"), ==, 0);

  vigie_test_smtp_start (&smtp, TRUE);
  desk = desk_start (dir);
  WAIT_FOR (sent_count (dir, "dupont-maintenance") == 1 && sent_count (dir, "hebergix") == 1);
  g_usleep (2 * G_USEC_PER_SEC);
  g_assert_cmpuint (vigie_test_smtp_count (&smtp), ==, 2);
  assert_dupont_mail (&smtp, dir, end);
  desk_kill (desk);
  vigie_test_smtp_stop (&smtp);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/summary/desk", test_summary_desk);
  g_test_add_func ("/summary/smtp-down", test_summary_smtp_down);
  g_test_add_func ("/summary/cli", test_summary_cli);
  return g_test_run ();
}
