/* test-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "vigie-journal.h"
#include "vigie-test-util.h"

static char *
journal_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigie", "journal.sqlite", NULL);
}

static JsonNode *
object_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static void
append (VigieJournal *journal,
        const char   *call_id,
        const char   *kind,
        const char   *json)
{
  g_autoptr(JsonNode) data = object_from (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigie_journal_append (journal, call_id, kind, data, &error));
  g_assert_no_error (error);
}

static void
write_two_calls (VigieJournal *journal)
{
  append (journal, "call-1", "call-received",
          "{\"from\":\"+33612345678\",\"line\":\"+33800100200\",\"client_id\":\"dupont-maintenance\",\"client_name\":\"Dupont\"}");
  append (journal, "call-1", "caller-identified", "{\"known\":true,\"name\":\"Claire MOREAU\"}");
  append (journal, "call-1", "answer", "{\"node\":\"nature\",\"answer\":\"Fuite d'eau\"}");
  append (journal, "call-1", "decision", "{\"decision\":\"trigger\",\"recommended\":\"trigger\"}");
  append (journal, "call-1", "alert-attempt", "{\"status\":\"delivered\",\"http_status\":202}");
  append (journal, "call-2", "call-received",
          "{\"from\":\"anonymous\",\"line\":\"+33240506070\",\"client_id\":\"mairie\",\"client_name\":\"Mairie\"}");
  append (journal, "call-2", "caller-identified", "{\"known\":false}");
}

static void
test_append_read (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  VigieJournalCall *call;
  VigieJournalEvent *event;
  gint64 n = 0;

  {
    g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

    g_assert_no_error (error);
    write_two_calls (journal);
  }

  /* Everything is on disk: read it back through a new connection. */
  {
    g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_no_error (error);
    events = vigie_journal_list_events (journal, "call-1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 5);
    event = g_ptr_array_index (events, 2);
    g_assert_cmpint (event->seq, ==, 3);
    g_assert_cmpstr (event->kind, ==, "answer");
    g_assert_cmpstr (event->data, ==, "{\"node\":\"nature\",\"answer\":\"Fuite d'eau\"}");
    g_assert_cmpuint (strlen (event->hash), ==, 64);
    g_assert_true (g_str_has_suffix (event->at, "Z"));

    calls = vigie_journal_list_calls (journal, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (calls->len, ==, 2);
    call = g_ptr_array_index (calls, 0);  /* newest first */
    g_assert_cmpstr (call->call_id, ==, "call-2");
    g_assert_null (call->caller_name);
    g_assert_null (call->decision);
    call = g_ptr_array_index (calls, 1);
    g_assert_cmpstr (call->call_id, ==, "call-1");
    g_assert_cmpstr (call->client_name, ==, "Dupont");
    g_assert_cmpstr (call->caller_number, ==, "+33612345678");
    g_assert_cmpstr (call->caller_name, ==, "Claire MOREAU");
    g_assert_cmpstr (call->decision, ==, "trigger");
    g_assert_cmpstr (call->alert_status, ==, "delivered");

    g_assert_true (vigie_journal_verify (journal, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpint (n, ==, 7);

    /* WAL mode, as promised to the supervisors' concurrent readers. */
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

static void
exec_sql (const char *path,
          const char *sql,
          gboolean    should_fail)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (should_fail)
    {
      g_assert_cmpint (rc, !=, SQLITE_OK);
      g_assert_nonnull (strstr (message, "append-only"));
    }
  else
    g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);
}

static void
test_append_only (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

  write_two_calls (journal);
  exec_sql (path, "UPDATE events SET data = '{\"decision\":\"log\"}' WHERE seq = 4", TRUE);
  exec_sql (path, "DELETE FROM events WHERE seq = 4", TRUE);
  g_assert_true (vigie_journal_verify (journal, NULL, &error));
  g_assert_no_error (error);
}

static void
test_tamper_edit (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

  write_two_calls (journal);
  /* Someone with the file in hand drops the guard and rewrites history. */
  exec_sql (path,
            "DROP TRIGGER events_no_update;"
            "UPDATE events SET data = '{\"decision\":\"log\",\"recommended\":\"trigger\"}' WHERE seq = 4;",
            FALSE);
  g_assert_false (vigie_journal_verify (journal, NULL, &error));
  g_assert_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "event 4"));
}

static void
test_tamper_delete (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

  write_two_calls (journal);
  exec_sql (path, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 5;", FALSE);
  g_assert_false (vigie_journal_verify (journal, NULL, &error));
  g_assert_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "event 5"));
}

static void
test_not_a_database (void)
{
  g_autofree char *path = vigie_test_write_file ("garbage.sqlite", "this is not a database, just text");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autofree char *contents = NULL;

  g_assert_null (journal);
  g_assert_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE);
  g_assert_nonnull (strstr (error->message, path));
  /* The file is left as it was: nothing lost. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "this is not a database, just text");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/journal/append-read", test_append_read);
  g_test_add_func ("/journal/append-only", test_append_only);
  g_test_add_func ("/journal/tamper-edit", test_tamper_edit);
  g_test_add_func ("/journal/tamper-delete", test_tamper_delete);
  g_test_add_func ("/journal/not-a-database", test_not_a_database);

  return g_test_run ();
}
