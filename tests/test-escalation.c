/* test-escalation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cascades driven with injected time and a fake sink, on a real SQLite
 * file: three steps then acknowledgement, a restart in the middle, loops
 * running out, a sink refusing, a policy changed while an alert runs.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-escalation.h"
#include "vigie-roster-reminders.h"
#include "vigie-test-util.h"

/* A sink that records what it is handed, and can refuse. */

#define FAKE_TYPE_SINK (fake_sink_get_type ())
G_DECLARE_FINAL_TYPE (FakeSink, fake_sink, FAKE, SINK, GObject)

struct _FakeSink
{
  GObject    parent_instance;
  GPtrArray *seen;     /* "step/loop person" */
  gboolean   refuse;
};

static void fake_sink_iface_init (VigieAlertSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeSink, fake_sink, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_ALERT_SINK, fake_sink_iface_init))

static gboolean
fake_deliver (VigieAlertSink             *sink,
              const VigieEscalationStep  *step,
              GError                    **error)
{
  FakeSink *self = FAKE_SINK (sink);

  if (self->refuse)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "outbox full");
      return FALSE;
    }
  g_ptr_array_add (self->seen, g_strdup_printf ("%u/%u %s%s%s", step->step_index + 1, step->loop + 1,
                                                step->person_id ? step->person_id : step->phone,
                                                step->needs_operator ? " dial " : "",
                                                step->needs_operator ? step->phone : ""));
  return TRUE;
}

static gboolean
fake_remind (VigieAlertSink            *sink,
             const VigieShiftReminder  *reminder,
             GError                   **error)
{
  FakeSink *self = FAKE_SINK (sink);
  g_autofree char *start = g_date_time_format (reminder->shift_start, "%d %H:%M");

  if (self->refuse)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "outbox full");
      return FALSE;
    }
  g_ptr_array_add (self->seen, g_strdup_printf ("%s %s %s", reminder->person_id, reminder->kind, start));
  return TRUE;
}

static void
fake_sink_iface_init (VigieAlertSinkInterface *iface)
{
  iface->deliver = fake_deliver;
  iface->remind = fake_remind;
}

static void
fake_sink_finalize (GObject *object)
{
  g_ptr_array_unref (FAKE_SINK (object)->seen);
  G_OBJECT_CLASS (fake_sink_parent_class)->finalize (object);
}

static void
fake_sink_class_init (FakeSinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_sink_finalize;
}

static void
fake_sink_init (FakeSink *self)
{
  self->seen = g_ptr_array_new_with_free_func (g_free);
}

static char *
seen (FakeSink *sink)
{
  g_ptr_array_add (sink->seen, NULL);
  {
    char *text = g_strjoinv (";", (char **) sink->seen->pdata);
    g_ptr_array_remove_index (sink->seen, sink->seen->len - 1);
    return text;
  }
}

static const char roster_json[] =
  "{\"client\": \"dupont\", \"timezone\": \"Europe/Paris\","
  " \"people\": ["
  "  {\"id\": \"a\", \"name\": \"Anne Dubois\", \"phone\": \"+33600000001\","
  "   \"targets\": [\"webhook:http://127.0.0.1:1/a\", \"sms:+33600000001\"]},"
  "  {\"id\": \"b\", \"name\": \"Bruno Lemaire\", \"phone\": \"+33600000002\","
  "   \"targets\": [\"webhook:http://127.0.0.1:1/b\"]},"
  "  {\"id\": \"m\", \"name\": \"Marc Perrin\", \"phone\": \"+33600000009\", \"targets\": []}],"
  " \"rotations\": ["
  "  {\"id\": \"main\", \"layer\": 2, \"start\": \"2026-12-07T08:00:00\", \"members\": [\"a\", \"b\"]},"
  "  {\"id\": \"backup\", \"layer\": 1, \"start\": \"2026-12-07T08:00:00\", \"members\": [\"b\", \"a\"]}],"
  " \"escalation\": {\"loops\": 2, \"steps\": ["
  "  {\"target\": \"oncall\", \"delay\": 5, \"channels\": [\"webhook\", \"sms\"]},"
  "  {\"target\": \"rotation:backup\", \"delay\": 10, \"channels\": [\"webhook\"]},"
  "  {\"target\": \"person:m\", \"delay\": 15, \"channels\": [\"phone\"]}]}}";

typedef struct {
  char            *path;
  VigieJournal    *journal;
  VigieEscalation *engine;
  FakeSink        *sink;
  VigieRoster     *roster;
  GDateTime       *t0;
} Fixture;

static void
open_engine (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->engine);
  g_clear_object (&f->sink);
  f->engine = vigie_escalation_open (f->path, f->journal, &error);
  g_assert_no_error (error);
  f->sink = g_object_new (FAKE_TYPE_SINK, NULL);
  vigie_escalation_set_sink (f->engine, VIGIE_ALERT_SINK (f->sink));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (roster_json, NULL);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  f->path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);
  f->journal = vigie_journal_open (f->path, &error);
  g_assert_no_error (error);
  f->roster = vigie_roster_new_from_json (node, &error);
  g_assert_no_error (error);
  f->t0 = g_date_time_new (paris, 2026, 12, 9, 2, 10, 0);
  open_engine (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->sink);
  g_clear_object (&f->journal);
  g_clear_object (&f->roster);
  g_clear_pointer (&f->t0, g_date_time_unref);
  g_free (f->path);
}

static guint
run (Fixture *f,
     int      minutes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_add_minutes (f->t0, minutes);
  guint fired = vigie_escalation_run_due (f->engine, now, &error);

  g_assert_no_error (error);
  return fired;
}

static void
test_three_steps_restart_ack (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieEscalationInfo) info = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GDateTime) ack_time = g_date_time_add_minutes (f->t0, 17);
  g_autofree char *text = NULL;
  guint steps = 0;

  g_assert_true (vigie_escalation_start (f->engine, "alert-1", f->roster, "call-1",
                                         VIGIE_ESCALATION_START_NONE, f->t0, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (run (f, 0), ==, 1);       /* the on-call person, at once */
  g_assert_cmpuint (run (f, 4), ==, 0);
  g_assert_cmpuint (run (f, 5), ==, 1);       /* the backup, 5 min later */
  text = seen (f->sink);
  g_assert_cmpstr (text, ==, "1/1 a;2/1 b");
  g_clear_pointer (&text, g_free);

  /* Vigie stops and starts again: the state is in the file. */
  open_engine (f);
  g_assert_cmpuint (run (f, 14), ==, 0);
  info = vigie_escalation_get_info (f->engine, "alert-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, VIGIE_ESCALATION_RUNNING);
  g_assert_cmpuint (info->next_step, ==, 2);
  g_clear_pointer (&info, vigie_escalation_info_free);
  g_assert_cmpuint (run (f, 15), ==, 1);      /* the manager, by phone */
  text = seen (f->sink);
  g_assert_cmpstr (text, ==, "3/1 m dial +33600000009");

  /* Someone takes the call: nothing more goes out. */
  g_assert_true (vigie_escalation_acknowledge (f->engine, "alert-1", "m", ack_time, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_escalation_acknowledge (f->engine, "alert-1", "m", ack_time, &error));
  g_assert_cmpuint (run (f, 30), ==, 0);
  g_assert_cmpuint (run (f, 600), ==, 0);
  g_assert_cmpuint (f->sink->seen->len, ==, 1);
  info = vigie_escalation_get_info (f->engine, "alert-1", &error);
  g_assert_cmpint (info->state, ==, VIGIE_ESCALATION_ACKNOWLEDGED);
  g_assert_cmpstr (info->acknowledged_by, ==, "m");
  g_assert_null (vigie_escalation_get_next_due (f->engine));

  /* Journaled on the call: start, three steps, acknowledgement. */
  events = vigie_journal_list_events (f->journal, "call-1", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((VigieJournalEvent *) events->pdata[i])->kind, "escalation-step"))
      steps++;
  g_assert_cmpuint (events->len, ==, 5);
  g_assert_cmpuint (steps, ==, 3);
  g_assert_cmpstr (((VigieJournalEvent *) events->pdata[4])->kind, ==, "escalation-acknowledged");
}

static void
test_loops_run_out (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieEscalationInfo) info = NULL;
  g_autofree char *text = NULL;
  guint fired = 0;

  g_assert_true (vigie_escalation_start (f->engine, "alert-2", f->roster, NULL,
                                         VIGIE_ESCALATION_START_NONE, f->t0, &error));
  /* Tick every minute for two hours. */
  for (int m = 0; m <= 120; m++)
    fired += run (f, m);
  g_assert_cmpuint (fired, ==, 6);
  text = seen (f->sink);
  g_assert_cmpstr (text, ==, "1/1 a;2/1 b;3/1 m dial +33600000009;1/2 a;2/2 b;3/2 m dial +33600000009");
  info = vigie_escalation_get_info (f->engine, "alert-2", &error);
  g_assert_cmpint (info->state, ==, VIGIE_ESCALATION_EXHAUSTED);
  {
    g_autoptr(GPtrArray) running = vigie_escalation_list_running (f->engine, &error);
    g_assert_cmpuint (running->len, ==, 0);
  }
}

static void
test_policy_frozen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_escalation_step_def_free);
  VigieEscalationStepDef *only = g_new0 (VigieEscalationStepDef, 1);
  g_autofree char *text = NULL;

  g_assert_true (vigie_escalation_start (f->engine, "alert-3", f->roster, NULL,
                                         VIGIE_ESCALATION_START_NONE, f->t0, &error));
  g_assert_cmpuint (run (f, 0), ==, 1);

  /* The client now wants the manager only: the running alert keeps its cascade. */
  only->target = g_strdup ("person:m");
  only->channels = g_strsplit ("phone", ",", -1);
  g_ptr_array_add (steps, only);
  g_assert_true (vigie_roster_set_escalation (f->roster, g_steal_pointer (&steps), 1, &error));
  g_assert_cmpuint (run (f, 5), ==, 1);
  text = seen (f->sink);
  g_assert_cmpstr (text, ==, "1/1 a;2/1 b");

  /* A new alert takes the new policy. */
  g_assert_true (vigie_escalation_start (f->engine, "alert-4", f->roster, NULL,
                                         VIGIE_ESCALATION_START_NONE, f->t0, &error));
  g_assert_cmpuint (run (f, 6), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->sink->seen, 2), ==, "1/1 m dial +33600000009");
}

static void
test_refused_and_errors (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieRoster) bare = vigie_roster_new ("nobody", NULL);
  g_autoptr(VigieEscalationInfo) info = NULL;

  g_assert_true (vigie_escalation_start (f->engine, "alert-5", f->roster, NULL,
                                         VIGIE_ESCALATION_START_NONE, f->t0, &error));
  /* The outbox refuses: the step waits a minute and is not lost. */
  f->sink->refuse = TRUE;
  g_test_expect_message ("vigie-escalation", G_LOG_LEVEL_WARNING, "*outbox full*");
  g_assert_cmpuint (run (f, 0), ==, 0);
  g_test_assert_expected_messages ();
  info = vigie_escalation_get_info (f->engine, "alert-5", &error);
  g_assert_cmpuint (info->next_step, ==, 0);
  f->sink->refuse = FALSE;
  g_assert_cmpuint (run (f, 0), ==, 0);
  g_assert_cmpuint (run (f, 1), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->sink->seen, 0), ==, "1/1 a");

  /* Starting twice, or without a policy, is an error that changes nothing. */
  g_assert_false (vigie_escalation_start (f->engine, "alert-5", f->roster, NULL,
                                          VIGIE_ESCALATION_START_NONE, f->t0, &error));
  g_assert_error (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (vigie_escalation_start (f->engine, "alert-6", bare, NULL,
                                          VIGIE_ESCALATION_START_NONE, f->t0, &error));
  g_assert_error (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NO_POLICY);
  g_clear_error (&error);
  g_assert_false (vigie_escalation_acknowledge (f->engine, "alert-7", NULL, f->t0, &error));
  g_assert_error (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NOT_FOUND);
}

static void
test_first_step_sent (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) expected = g_date_time_add_minutes (f->t0, 5);

  /* The desk already alerted the on-call person: the backup comes next. */
  g_assert_true (vigie_escalation_start (f->engine, "alert-8", f->roster, NULL,
                                         VIGIE_ESCALATION_START_FIRST_SENT, f->t0, &error));
  g_assert_no_error (error);
  due = vigie_escalation_get_next_due (f->engine);
  g_assert_true (g_date_time_equal (due, expected));
  g_assert_cmpuint (run (f, 4), ==, 0);
  g_assert_cmpuint (run (f, 5), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->sink->seen, 0), ==, "2/1 b");
}

static GDateTime *
fixed_clock (gpointer user_data)
{
  return g_date_time_ref (user_data);
}

static void
test_watch_journal (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieRosterStore) store = vigie_roster_store_open (f->path, NULL, &error);
  g_autoptr(JsonNode) received = json_from_string ("{\"client_id\": \"dupont\"}", NULL);
  g_autoptr(JsonNode) decision = json_from_string ("{\"decision\": \"trigger\"}", NULL);
  g_autoptr(JsonNode) ack = json_from_string ("{\"person_id\": \"a\", \"status\": \"acknowledged\"}", NULL);
  g_autoptr(VigieEscalationInfo) info = NULL;

  g_assert_no_error (error);
  g_assert_true (vigie_roster_store_save (store, f->roster, "test", "created", NULL, &error));
  vigie_escalation_set_clock (f->engine, fixed_clock, f->t0);
  vigie_escalation_watch_journal (f->engine, f->journal, store);

  g_assert_true (vigie_journal_append (f->journal, "call-9", "call-received", received, &error));
  g_assert_true (vigie_journal_append (f->journal, "call-9", "decision", decision, &error));
  g_assert_no_error (error);
  info = vigie_escalation_get_info (f->engine, "call-9", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, VIGIE_ESCALATION_RUNNING);
  g_assert_cmpuint (info->next_step, ==, 1);
  g_clear_pointer (&info, vigie_escalation_info_free);

  g_assert_true (vigie_journal_append (f->journal, "call-9", "alert-acknowledged", ack, &error));
  info = vigie_escalation_get_info (f->engine, "call-9", &error);
  g_assert_cmpint (info->state, ==, VIGIE_ESCALATION_ACKNOWLEDGED);
  g_assert_cmpstr (info->acknowledged_by, ==, "a");
  g_assert_cmpuint (run (f, 60), ==, 0);
}

static void
test_reminders (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieRosterStore) store = vigie_roster_store_open (f->path, NULL, &error);
  g_autoptr(VigieRosterReminders) reminders = vigie_roster_reminders_open (f->path, &error);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) from = g_date_time_new (paris, 2026, 12, 12, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new (paris, 2026, 12, 16, 0, 0, 0);
  g_autoptr(GDateTime) evening = g_date_time_new (paris, 2026, 12, 13, 18, 0, 0);
  g_autoptr(GDateTime) morning = g_date_time_new (paris, 2026, 12, 14, 7, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new (paris, 2026, 12, 14, 7, 30, 0);
  g_autoptr(GPtrArray) due = NULL;

  g_assert_no_error (error);
  /* Weekly hand-over on Monday 14 at 08:00 from a to b: b is told on
   * Sunday evening and at 07:00; nobody is told on the other days. */
  due = vigie_roster_list_reminders (f->roster, from, to, 60, 18 * 60);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (((VigieReminderDue *) due->pdata[0])->kind, ==, "evening-before");
  g_assert_cmpstr (((VigieReminderDue *) due->pdata[0])->person_id, ==, "b");
  g_assert_true (g_date_time_equal (((VigieReminderDue *) due->pdata[1])->remind_at, morning));

  g_assert_true (vigie_roster_store_save (store, f->roster, "test", "created", NULL, &error));
  vigie_roster_reminders_set_sink (reminders, VIGIE_ALERT_SINK (f->sink));
  /* A sink that refuses does not mark the reminder as sent: the next run
   * tries again. */
  f->sink->refuse = TRUE;
  g_test_expect_message ("vigie-roster-reminders", G_LOG_LEVEL_WARNING, "*outbox full*");
  g_assert_cmpuint (vigie_roster_reminders_run (reminders, store, evening, &error), ==, 0);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  f->sink->refuse = FALSE;
  g_assert_cmpuint (vigie_roster_reminders_run (reminders, store, evening, &error), ==, 1);
  g_assert_cmpuint (vigie_roster_reminders_run (reminders, store, evening, &error), ==, 0);
  /* Restarted, it does not repeat itself. */
  g_clear_object (&reminders);
  reminders = vigie_roster_reminders_open (f->path, &error);
  vigie_roster_reminders_set_sink (reminders, VIGIE_ALERT_SINK (f->sink));
  g_assert_cmpuint (vigie_roster_reminders_run (reminders, store, evening, &error), ==, 0);
  g_assert_cmpuint (vigie_roster_reminders_run (reminders, store, later, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (f->sink->seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->sink->seen, 0), ==, "b evening-before 14 08:00");
  g_assert_cmpstr (g_ptr_array_index (f->sink->seen, 1), ==, "b before 14 08:00");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/escalation/three-steps-restart-ack", Fixture, NULL,
              fixture_setup, test_three_steps_restart_ack, fixture_teardown);
  g_test_add ("/escalation/loops-run-out", Fixture, NULL,
              fixture_setup, test_loops_run_out, fixture_teardown);
  g_test_add ("/escalation/policy-frozen", Fixture, NULL,
              fixture_setup, test_policy_frozen, fixture_teardown);
  g_test_add ("/escalation/refused-and-errors", Fixture, NULL,
              fixture_setup, test_refused_and_errors, fixture_teardown);
  g_test_add ("/escalation/first-step-sent", Fixture, NULL,
              fixture_setup, test_first_step_sent, fixture_teardown);
  g_test_add ("/escalation/watch-journal", Fixture, NULL,
              fixture_setup, test_watch_journal, fixture_teardown);
  g_test_add ("/escalation/shift-reminders", Fixture, NULL,
              fixture_setup, test_reminders, fixture_teardown);

  return g_test_run ();
}
