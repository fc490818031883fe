/* test-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The durable outbox on a real SQLite file: one transaction with the
 * journal, idempotent queuing, due times, attempts, cancellation (the API
 * escalation drives), overdue alerts, and what survives a reopen.
 */
#include "config.h"

#include <sqlite3.h>

#include "vigie-outbox.h"
#include "vigie-test-journal.h"

typedef struct {
  char         *path;
  VigieJournal *journal;
  VigieOutbox  *outbox;
} Fixture;

static void
fixture_open (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->journal = vigie_journal_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->outbox = vigie_outbox_new (fixture->journal, &error);
  g_assert_no_error (error);
}

static void
fixture_close (Fixture *fixture)
{
  g_clear_object (&fixture->outbox);
  g_clear_object (&fixture->journal);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->path = g_build_filename (g_get_user_data_dir (), "vigie", "journal.sqlite", NULL);
  fixture_open (fixture);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  fixture_close (fixture);
  g_free (fixture->path);
}

static VigieOutboxEntry *
entry_new (const char       *key,
           const char       *target,
           VigieAlertAction  action,
           gint64            due)
{
  g_autoptr(JsonNode) alert = json_from_string ("{\"summary\": \"Fuite d'eau — bâtiment B\", \"gravity\": 3}", NULL);
  VigieOutboxEntry *entry = vigie_outbox_entry_new (key, action, "dupont-maintenance", target, alert);

  entry->call_id = g_strdup ("call-1");
  entry->recipient = g_strdup ("Karim Benali");
  entry->recipient_phone = g_strdup ("+33612345678");
  if (due)
    entry->due_at = entry->next_attempt_at = due;
  return entry;
}

static guint
count_kind (Fixture    *fixture,
            const char *kind)
{
  return vigie_test_journal_count (fixture->journal, NULL, kind, NULL);
}

static void
test_commit (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  g_autoptr(JsonNode) decision = json_from_string ("{\"decision\": \"trigger\"}", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (entries, entry_new ("vigie-call-1", "pd", VIGIE_ALERT_ACTION_TRIGGER, 0));
  g_ptr_array_add (entries, entry_new ("vigie-call-1", "sms", VIGIE_ALERT_ACTION_TRIGGER, 0));
  g_assert_true (vigie_outbox_commit (fixture->outbox, "call-1", "decision", decision, entries, &error));
  g_assert_no_error (error);

  g_assert_cmpint (((VigieOutboxEntry *) g_ptr_array_index (entries, 0))->id, >, 0);
  g_assert_cmpuint (count_kind (fixture, "decision"), ==, 1);
  g_assert_cmpuint (count_kind (fixture, "alert-queued"), ==, 2);
  rows = vigie_outbox_list_call (fixture->outbox, "call-1", &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (vigie_outbox_count (fixture->outbox, VIGIE_OUTBOX_PENDING, NULL), ==, 2);
  g_assert_true (vigie_journal_verify (fixture->journal, NULL, &error));

  /* Queuing the same alert again changes nothing. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  {
    g_autoptr(VigieOutboxEntry) again = entry_new ("vigie-call-1", "pd", VIGIE_ALERT_ACTION_TRIGGER, 0);

    g_assert_true (vigie_outbox_enqueue (fixture->outbox, again, &error));
    g_assert_cmpint (again->id, ==, ((VigieOutboxEntry *) g_ptr_array_index (entries, 0))->id);
  }
  g_assert_cmpint (vigie_outbox_count (fixture->outbox, VIGIE_OUTBOX_PENDING, NULL), ==, 2);
}

static void
test_commit_all_or_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  g_autoptr(JsonNode) decision = json_from_string ("{\"decision\": \"trigger\"}", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* A bad alert: refused before anything is written. */
  g_ptr_array_add (entries, entry_new ("", "pd", VIGIE_ALERT_ACTION_TRIGGER, 0));
  g_assert_false (vigie_outbox_commit (fixture->outbox, "call-1", "decision", decision, entries, &error));
  g_assert_error (error, VIGIE_OUTBOX_ERROR, VIGIE_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_kind (fixture, "decision"), ==, 0);

  /* The outbox write fails inside the transaction (a trigger makes it
   * fail on purpose): the decision event is rolled back with it. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER boom BEFORE INSERT ON outbox WHEN NEW.target_id = 'boom' "
                                     "BEGIN SELECT RAISE (ABORT, 'disk full, say'); END;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_ptr_array_set_size (entries, 0);
  g_ptr_array_add (entries, entry_new ("vigie-call-1", "pd", VIGIE_ALERT_ACTION_TRIGGER, 0));
  g_ptr_array_add (entries, entry_new ("vigie-call-1", "boom", VIGIE_ALERT_ACTION_TRIGGER, 0));
  g_assert_false (vigie_outbox_commit (fixture->outbox, "call-1", "decision", decision, entries, &error));
  g_assert_error (error, VIGIE_OUTBOX_ERROR, VIGIE_OUTBOX_ERROR_SQLITE);
  g_assert_nonnull (strstr (error->message, "disk full, say"));
  g_assert_cmpuint (count_kind (fixture, "decision"), ==, 0);
  g_assert_cmpuint (count_kind (fixture, "alert-queued"), ==, 0);
  g_assert_cmpint (vigie_outbox_count (fixture->outbox, VIGIE_OUTBOX_PENDING, NULL), ==, 0);
  g_assert_cmpint (((VigieOutboxEntry *) g_ptr_array_index (entries, 0))->id, ==, 0);
}

static void
test_due_and_attempts (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  gint64 later = now + (gint64) 2 * 3600 * G_USEC_PER_SEC;
  g_autoptr(VigieOutboxEntry) soon = entry_new ("vigie-a", "pd", VIGIE_ALERT_ACTION_TRIGGER, now - 1);
  g_autoptr(VigieOutboxEntry) deferred = entry_new ("vigie-b", "pd", VIGIE_ALERT_ACTION_TRIGGER, later);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  VigieOutboxAttempt attempt = { 0 };
  gint64 next = 0;

  g_assert_true (vigie_outbox_enqueue (fixture->outbox, soon, &error));
  g_assert_true (vigie_outbox_enqueue (fixture->outbox, deferred, &error));
  g_assert_no_error (error);

  due = vigie_outbox_list_due (fixture->outbox, now, 0, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((VigieOutboxEntry *) g_ptr_array_index (due, 0))->dedup_key, ==, "vigie-a");
  g_clear_pointer (&due, g_ptr_array_unref);
  due = vigie_outbox_list_due (fixture->outbox, later, 0, &error);
  g_assert_cmpuint (due->len, ==, 2);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* A 503: still pending, next attempt later, journaled. */
  attempt = (VigieOutboxAttempt) { soon, "pagerduty", now, 12345, 503, VIGIE_TARGET_VERDICT_RETRY,
                                   (char *) "PagerDuty answered 503", now + 4 * G_USEC_PER_SEC };
  g_assert_true (vigie_outbox_record_attempts (fixture->outbox, &attempt, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (soon->attempts, ==, 1);
  g_assert_true (vigie_outbox_get_next_attempt (fixture->outbox, &next, &error));
  g_assert_cmpint (next, ==, now + 4 * G_USEC_PER_SEC);
  due = vigie_outbox_list_due (fixture->outbox, now, 0, &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  attempt = (VigieOutboxAttempt) { soon, "pagerduty", now + 4 * G_USEC_PER_SEC, 9000, 202,
                                   VIGIE_TARGET_VERDICT_DELIVERED, (char *) "202 Event processed", 0 };
  g_assert_true (vigie_outbox_record_attempts (fixture->outbox, &attempt, 1, &error));
  g_assert_cmpint (vigie_outbox_count (fixture->outbox, VIGIE_OUTBOX_DELIVERED, NULL), ==, 1);

  events = vigie_journal_list_events (fixture->journal, "call-1", &error);
  {
    VigieJournalEvent *last = g_ptr_array_index (events, events->len - 1);
    VigieJournalEvent *first = g_ptr_array_index (events, events->len - 2);

    g_assert_cmpstr (first->kind, ==, "alert-attempt");
    g_assert_nonnull (strstr (first->data, "\"http_status\":503"));
    g_assert_nonnull (strstr (first->data, "\"will_retry\":true"));
    g_assert_nonnull (strstr (first->data, "\"latency_ms\":12.345"));
    g_assert_nonnull (strstr (last->data, "\"status\":\"delivered\""));
    g_assert_nonnull (strstr (last->data, "\"attempt\":2"));
  }

  /* Everything is still there after a reopen (a restart). */
  fixture_close (fixture);
  fixture_open (fixture);
  g_assert_cmpint (vigie_outbox_count (fixture->outbox, VIGIE_OUTBOX_DELIVERED, NULL), ==, 1);
  g_assert_cmpint (vigie_outbox_count (fixture->outbox, VIGIE_OUTBOX_PENDING, NULL), ==, 1);
  g_assert_true (vigie_outbox_get_next_attempt (fixture->outbox, &next, &error));
  g_assert_cmpint (next, ==, later);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 now = g_get_real_time ();
  guint n = 0;

  /* Escalation: step 1 now, step 2 in ten minutes, plus an acknowledge message. */
  g_ptr_array_add (entries, entry_new ("vigie-call-1-step1", "pd", VIGIE_ALERT_ACTION_TRIGGER, 0));
  g_ptr_array_add (entries, entry_new ("vigie-call-1-step2", "pd", VIGIE_ALERT_ACTION_TRIGGER, now + 600 * G_USEC_PER_SEC));
  g_ptr_array_add (entries, entry_new ("vigie-call-1-step1", "pd", VIGIE_ALERT_ACTION_ACKNOWLEDGE, 0));
  g_assert_true (vigie_outbox_commit (fixture->outbox, "call-1", NULL, NULL, entries, &error));

  g_assert_true (vigie_outbox_cancel (fixture->outbox, "call-1", NULL, "acknowledged", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  rows = vigie_outbox_list_call (fixture->outbox, "call-1", &error);
  for (guint i = 0; i < rows->len; i++)
    {
      VigieOutboxEntry *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (row->state, ==, row->action == VIGIE_ALERT_ACTION_TRIGGER ? VIGIE_OUTBOX_CANCELLED
                                                                                 : VIGIE_OUTBOX_PENDING);
    }
  g_assert_cmpuint (count_kind (fixture, "alert-cancelled"), ==, 1);

  /* Nothing left to cancel: fine, and says so. */
  g_assert_true (vigie_outbox_cancel (fixture->outbox, NULL, "vigie-call-1-step2", "acknowledged", &n, &error));
  g_assert_cmpuint (n, ==, 0);
}

static void
test_overdue (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  gint64 two_minutes = 120 * G_USEC_PER_SEC;
  g_autoptr(VigieOutboxEntry) old = entry_new ("vigie-old", "pd", VIGIE_ALERT_ACTION_TRIGGER, now - 3 * two_minutes);
  g_autoptr(VigieOutboxEntry) fresh = entry_new ("vigie-fresh", "pd", VIGIE_ALERT_ACTION_TRIGGER, now - G_USEC_PER_SEC);
  g_autoptr(VigieOutboxEntry) refused = entry_new ("vigie-refused", "pd", VIGIE_ALERT_ACTION_TRIGGER, now);
  g_autoptr(VigieOutboxEntry) taken = entry_new ("vigie-taken", "pd", VIGIE_ALERT_ACTION_TRIGGER, now - 3 * two_minutes);
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  VigieOutboxAttempt attempts[2] = {
    { refused, "pagerduty", now, 1000, 400, VIGIE_TARGET_VERDICT_REJECTED, (char *) "Invalid routing key", 0 },
    { taken, "pagerduty", now, 1000, 202, VIGIE_TARGET_VERDICT_DELIVERED, (char *) "202", 0 },
  };

  old->created_at = now - 3 * two_minutes;
  taken->created_at = now - 3 * two_minutes;
  g_assert_true (vigie_outbox_enqueue (fixture->outbox, old, &error));
  g_assert_true (vigie_outbox_enqueue (fixture->outbox, fresh, &error));
  g_assert_true (vigie_outbox_enqueue (fixture->outbox, refused, &error));
  g_assert_true (vigie_outbox_enqueue (fixture->outbox, taken, &error));
  g_assert_true (vigie_outbox_record_attempts (fixture->outbox, attempts, 2, &error));
  g_assert_no_error (error);

  overdue = vigie_outbox_list_overdue (fixture->outbox, now, two_minutes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 2);
  {
    VigieOutboxOverdue *first = g_ptr_array_index (overdue, 0);
    VigieOutboxOverdue *second = g_ptr_array_index (overdue, 1);

    g_assert_cmpstr (first->dedup_key, ==, "vigie-old");
    g_assert_false (first->rejected);
    g_assert_cmpstr (first->recipient_phone, ==, "+33612345678");
    /* Refused for good: no point waiting two minutes. */
    g_assert_cmpstr (second->dedup_key, ==, "vigie-refused");
    g_assert_true (second->rejected);
    g_assert_cmpstr (second->last_error, ==, "Invalid routing key");
  }

  /* Fixed configuration: the refused alert goes out again, same key. */
  {
    guint n = 0;
    g_autoptr(GPtrArray) due = NULL;

    g_assert_true (vigie_outbox_retry_rejected (fixture->outbox, "dupont-maintenance", "pd", &n, &error));
    g_assert_cmpuint (n, ==, 1);
    due = vigie_outbox_list_due (fixture->outbox, g_get_real_time (), 0, &error);
    g_assert_cmpuint (due->len, ==, 3);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/outbox/commit", Fixture, NULL, setup, test_commit, teardown);
  g_test_add ("/outbox/commit-all-or-nothing", Fixture, NULL, setup, test_commit_all_or_nothing, teardown);
  g_test_add ("/outbox/due-and-attempts", Fixture, NULL, setup, test_due_and_attempts, teardown);
  g_test_add ("/outbox/cancel", Fixture, NULL, setup, test_cancel, teardown);
  g_test_add ("/outbox/overdue", Fixture, NULL, setup, test_overdue, teardown);

  return g_test_run ();
}
