/* test-desk-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's core pieces, without a display: the arrival's journal rows,
 * caller identity capture, the caller's previous calls, the operator's
 * own defer time.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "vigie-context.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"

static VigieContext *
make_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  VigieContext *context;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  dir = vigie_test_make_data_dir (NULL);
  context = vigie_context_new (dir, &error);
  g_assert_no_error (error);
  return context;
}

static guint
count_events (VigieJournal *journal,
              const char   *call_id,
              const char   *kind)
{
  return vigie_test_journal_count (journal, call_id, kind, NULL);
}

static char *
last_event_data (VigieJournal *journal,
                 const char   *call_id,
                 const char   *kind)
{
  return vigie_test_journal_last_data (journal, call_id, kind);
}

/* The screen pop journals the arrival in one transaction: both rows, in
 * order, side by side; a journal that refuses the second loses the call
 * whole, with an error, never half of it, and the chain stays valid. */
static void
test_arrival_journaled (void)
{
  g_autoptr(VigieContext) context = make_context ();
  VigieJournal *journal = vigie_context_get_journal (context);
  g_autofree char *path = g_build_filename (vigie_context_get_data_dir (context), "journal.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(VigieCall) refused = NULL;
  g_autoptr(VigieCall) again = NULL;
  g_autoptr(GPtrArray) events = NULL;
  VigieJournalEvent *received, *identified;
  sqlite3 *db = NULL;
  gint64 n_events = 0;

  call = vigie_context_open_call (context, "+33 6 12 34 56 78", "0800 100 200", "arrival", &error);
  g_assert_no_error (error);
  events = vigie_journal_list_events (journal, "arrival", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  received = g_ptr_array_index (events, 0);
  identified = g_ptr_array_index (events, 1);
  g_assert_cmpstr (received->kind, ==, "call-received");
  g_assert_cmpstr (identified->kind, ==, "caller-identified");
  g_assert_cmpint (identified->seq, ==, received->seq + 1);
  g_assert_nonnull (strstr (identified->data, "\"known\":true"));

  /* Another program on the file refuses caller-identified rows. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER refuse BEFORE INSERT ON events "
                                     "WHEN NEW.kind = 'caller-identified' "
                                     "BEGIN SELECT RAISE(ABORT, 'refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* The call is still shown (issue 11: a full disk must not hide an
   * emergency), says why, and nothing of it is on disk: never the arrival
   * without its identification. */
  refused = vigie_context_open_call (context, "+33 6 12 34 56 78", "0800 100 200", "refused", &error);
  g_assert_no_error (error);
  g_assert_nonnull (refused);
  g_assert_nonnull (vigie_call_get_journal_error (refused));
  g_test_message ("refused: %s", vigie_call_get_journal_error (refused));
  g_clear_pointer (&events, g_ptr_array_unref);
  events = vigie_journal_list_events (journal, "refused", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_false (vigie_call_flush_journal (refused, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (count_events (journal, "refused", "call-received"), ==, 0);

  /* Once the file takes rows again, the held call is journaled whole and
   * the chain still verifies. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER refuse", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (vigie_call_flush_journal (refused, &error));
  g_assert_no_error (error);
  g_assert_null (vigie_call_get_journal_error (refused));
  again = vigie_context_open_call (context, "+33 6 12 34 56 78", "0800 100 200", "again", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_null (vigie_call_get_journal_error (again));
  g_assert_cmpuint (count_events (journal, "refused", "call-received"), ==, 1);
  g_assert_cmpuint (count_events (journal, "refused", "caller-identified"), ==, 1);
  g_assert_cmpuint (count_events (journal, "again", "call-received"), ==, 1);
  g_assert_true (vigie_journal_verify (journal, &n_events, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_events, >=, 4);
}

static void
test_identity_prefilled (void)
{
  g_autoptr(VigieContext) context = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) known = vigie_context_open_call (context, "06 12 34 56 78", "0800 100 200", "k", &error);
  g_autoptr(VigieCall) hidden = NULL;
  g_autoptr(VigieCall) extension = NULL;
  VigieCallerIdentity *identity;
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  identity = vigie_call_get_identity (known);
  g_assert_true (identity == vigie_call_get_identity (known));
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_LAST_NAME), ==, "Moreau");
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_FIRST_NAME), ==, "Claire");
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_COMPANY), ==, "Syndic Résidence Les Tilleuls");
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_CALLBACK), ==, "+33612345678");
  g_assert_true (g_str_has_prefix (vigie_caller_identity_get (identity, VIGIE_CALLER_SITE), "Résidence Les Tilleuls"));
  g_assert_true (vigie_caller_identity_is_complete (identity));
  name = vigie_caller_identity_dup_name (identity);
  g_assert_cmpstr (name, ==, "Claire MOREAU");

  hidden = vigie_context_open_call (context, "anonymous", "0800 100 200", "h", &error);
  g_assert_no_error (error);
  identity = vigie_call_get_identity (hidden);
  for (guint i = 0; i < VIGIE_CALLER_N_FIELDS; i++)
    g_assert_null (vigie_caller_identity_get (identity, i));
  g_assert_false (vigie_caller_identity_is_complete (identity));

  /* An internal extension is not a number to call back. */
  extension = vigie_context_open_call (context, "2001", "0800 100 200", "x", &error);
  g_assert_no_error (error);
  g_assert_null (vigie_caller_identity_get (vigie_call_get_identity (extension), VIGIE_CALLER_CALLBACK));
}

static void
changed_cb (VigieCallerIdentity *identity,
            guint                field,
            GArray              *fields)
{
  g_array_append_val (fields, field);
}

static void
test_identity_validation (void)
{
  g_autoptr(VigieContext) context = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = vigie_context_open_call (context, "anonymous", "0800 300 400", "v", &error);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *long_text = g_strnfill (201, 'a');
  VigieCallerIdentity *identity;

  g_assert_no_error (error);
  identity = vigie_call_get_identity (call);
  g_signal_connect (identity, "changed", G_CALLBACK (changed_cb), changed);

  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_CALLBACK, " 06.98.76.54.32 ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_CALLBACK), ==, "+33698765432");

  /* Bad input: clear error, nothing lost. */
  g_assert_false (vigie_caller_identity_set (identity, VIGIE_CALLER_CALLBACK, "06 98 76", &error));
  g_assert_error (error, VIGIE_IDENTITY_ERROR, VIGIE_IDENTITY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“06 98 76” is not a phone number to call back");
  g_clear_error (&error);
  g_assert_false (vigie_caller_identity_set (identity, VIGIE_CALLER_CALLBACK, "2001", &error));
  g_assert_error (error, VIGIE_IDENTITY_ERROR, VIGIE_IDENTITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigie_caller_identity_set (identity, VIGIE_CALLER_LAST_NAME, long_text, &error));
  g_assert_error (error, VIGIE_IDENTITY_ERROR, VIGIE_IDENTITY_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_assert_false (vigie_caller_identity_set (identity, VIGIE_CALLER_LAST_NAME, "\xff\xfe", &error));
  g_assert_error (error, VIGIE_IDENTITY_ERROR, VIGIE_IDENTITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_CALLBACK), ==, "+33698765432");
  g_assert_null (vigie_caller_identity_get (identity, VIGIE_CALLER_LAST_NAME));

  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_LAST_NAME, "  Durand\n", &error));
  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_FIRST_NAME, "Éloïse", &error));
  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_SITE, "12 rue de la Paix\n75002 Paris", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_LAST_NAME), ==, "Durand");
  g_assert_cmpstr (vigie_caller_identity_get (identity, VIGIE_CALLER_SITE), ==, "12 rue de la Paix 75002 Paris");
  /* Setting the same value again is not a change. */
  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_LAST_NAME, "Durand", &error));
  g_assert_cmpuint (changed->len, ==, 4);
  g_assert_true (vigie_caller_identity_is_edited (identity, VIGIE_CALLER_LAST_NAME));
  g_assert_false (vigie_caller_identity_is_edited (identity, VIGIE_CALLER_COMPANY));
  g_assert_true (vigie_caller_identity_is_complete (identity));

  /* Blank clears. */
  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_FIRST_NAME, "   ", &error));
  g_assert_null (vigie_caller_identity_get (identity, VIGIE_CALLER_FIRST_NAME));
}

static void
test_identity_journaled (void)
{
  g_autoptr(VigieContext) context = make_context ();
  VigieJournal *journal = vigie_context_get_journal (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = vigie_context_open_call (context, "anonymous", "0800 300 400", "j", &error);
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *data = NULL;
  VigieCallerIdentity *identity;

  g_assert_no_error (error);
  identity = vigie_call_get_identity (call);
  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_LAST_NAME, "Durand", &error));
  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_FIRST_NAME, "Paul", &error));
  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_CALLBACK, "0033 6 98 76 54 32", &error));

  g_assert_true (vigie_call_commit_identity (call, &error));
  g_assert_no_error (error);
  /* Nothing new: nothing written. */
  g_assert_true (vigie_call_commit_identity (call, &error));
  g_assert_cmpuint (count_events (journal, "j", "caller-details"), ==, 1);

  data = last_event_data (journal, "j", "caller-details");
  g_assert_nonnull (strstr (data, "\"last_name\":\"Durand\""));
  g_assert_nonnull (strstr (data, "\"callback\":\"+33698765432\""));
  g_assert_nonnull (strstr (data, "\"company\":null"));
  g_assert_nonnull (strstr (data, "\"complete\":true"));
  g_assert_nonnull (strstr (data, "\"edited\":[\"last_name\",\"first_name\",\"callback\"]"));

  /* The journal page shows the name the operator took down. */
  calls = vigie_journal_list_calls (journal, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((VigieJournalCall *) g_ptr_array_index (calls, 0))->caller_name, ==, "Paul DURAND");

  g_assert_true (vigie_caller_identity_set (identity, VIGIE_CALLER_COMPANY, "Pages & Co", &error));
  g_assert_true (vigie_call_commit_identity (call, &error));
  g_assert_cmpuint (count_events (journal, "j", "caller-details"), ==, 2);
}

static void
test_previous_calls (void)
{
  g_autoptr(VigieContext) context = make_context ();
  VigieJournal *journal = vigie_context_get_journal (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(GPtrArray) history = NULL;
  const char *ids[] = { "p1", "p2", "p3" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(VigieCall) call = vigie_context_open_call (context, "+33 6 12 34 56 78", "0800 100 200",
                                                           ids[i], &error);
      g_assert_no_error (error);
    }
  {
    g_autoptr(VigieCall) other = vigie_context_open_call (context, "06 98 76 54 32", "0800 100 200", "o", &error);
    g_autoptr(VigieCall) hidden = vigie_context_open_call (context, "anonymous", "0800 100 200", "a", &error);
    g_assert_no_error (error);
  }

  /* The current call is not its own history; newest first. */
  history = vigie_journal_list_calls_from (journal, "+33612345678", month_ago, "p3", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((VigieJournalCall *) g_ptr_array_index (history, 0))->call_id, ==, "p2");
  g_assert_cmpstr (((VigieJournalCall *) g_ptr_array_index (history, 1))->call_id, ==, "p1");
  g_assert_cmpstr (((VigieJournalCall *) g_ptr_array_index (history, 0))->client_name, ==,
                   "Dupont Maintenance Immobilière");
  g_clear_pointer (&history, g_ptr_array_unref);

  history = vigie_journal_list_calls_from (journal, "+33612345678", month_ago, NULL, 1, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Outside the window. */
  history = vigie_journal_list_calls_from (journal, "+33612345678", later, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Hidden numbers share no history. */
  history = vigie_journal_list_calls_from (journal, "anonymous", month_ago, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
}

static void
test_defer_time (void)
{
  g_autoptr(VigieContext) context = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = vigie_context_open_call (context, "+33 7 99 99 99 99", "0800 300 400", "d", &error);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) chosen = g_date_time_new (paris, 2030, 3, 4, 7, 30, 0);
  g_autofree char *data = NULL;
  VigieDecision *decision;

  g_assert_no_error (error);
  /* Hébergix: site inaccessible → a single site → not production → defer. */
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_answer (call, 1, &error));
  g_assert_true (vigie_call_answer (call, 1, &error));
  g_assert_no_error (error);
  decision = vigie_call_get_decision (call);
  g_assert_nonnull (decision);
  g_assert_cmpint (vigie_decision_get_recommended (decision), ==, VIGIE_DECISION_DEFER);

  vigie_call_set_defer_until (call, chosen);
  g_assert_false (vigie_call_decide (call, VIGIE_DECISION_DEFER, NULL, &error));
  g_assert_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON);
  g_clear_error (&error);
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_QUALIFYING);

  g_assert_true (vigie_call_decide (call, VIGIE_DECISION_DEFER, "Technicien sur place dès 7 h 30", &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (vigie_decision_get_defer_until (decision), chosen));
  data = last_event_data (vigie_context_get_journal (context), "d", "decision");
  g_assert_nonnull (strstr (data, "2030-03-04T07:30:00"));
}

/* The note is read by the keyword rules: typed after the outcome, it
 * must change the recommendation, and the decision carries it. */
static void
test_note_after_outcome (void)
{
  g_autoptr(VigieContext) context = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = vigie_context_open_call (context, "+33 7 99 99 99 99", "0800 300 400", "n", &error);
  VigieDecision *decision;
  const char * const *fired;

  g_assert_no_error (error);
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_answer (call, 1, &error));
  g_assert_true (vigie_call_answer (call, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigie_decision_get_recommended (vigie_call_get_decision (call)), ==, VIGIE_DECISION_DEFER);

  vigie_call_set_note (call, "Le client parle d'une demande de RANÇON sur l'écran");
  decision = vigie_call_get_decision (call);
  g_assert_cmpint (vigie_decision_get_recommended (decision), ==, VIGIE_DECISION_TRIGGER);
  fired = vigie_decision_get_fired_rules (decision);
  g_assert_nonnull (fired);
  g_assert_true (g_strv_contains (fired, "rancongiciel"));

  /* Words removed again: back to the script's own recommendation. */
  vigie_call_set_note (call, "Rien de plus");
  g_assert_cmpint (vigie_decision_get_recommended (vigie_call_get_decision (call)), ==, VIGIE_DECISION_DEFER);

  vigie_call_set_note (call, "chiffrés par un ransomware");
  g_assert_true (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (vigie_context_get_journal (context), "n", "decision"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/desk-core/arrival-journaled", test_arrival_journaled);
  g_test_add_func ("/desk-core/identity/prefilled", test_identity_prefilled);
  g_test_add_func ("/desk-core/identity/validation", test_identity_validation);
  g_test_add_func ("/desk-core/identity/journaled", test_identity_journaled);
  g_test_add_func ("/desk-core/previous-calls", test_previous_calls);
  g_test_add_func ("/desk-core/defer-time", test_defer_time);
  g_test_add_func ("/desk-core/note-after-outcome", test_note_after_outcome);

  return g_test_run ();
}
