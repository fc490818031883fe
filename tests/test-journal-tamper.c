/* test-journal-tamper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every kind of damage made from outside, with the sqlite3 command line or
 * by replacing the file, as someone holding the file but not the key
 * would: each must be found and named by vigie_journal_check().
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigie-journal.h"
#include "vigie-outbox.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"

#define N_EVENTS 13

static char *
journal_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigie", "journal.sqlite", NULL);
}

static void
enqueue (VigieOutbox *outbox,
         const char  *call_id)
{
  g_autoptr(JsonNode) payload = json_from_string ("{\"title\":\"Fuite\"}", NULL);
  g_autofree char *key = g_strdup_printf ("vigie-%s", call_id);
  g_autoptr(VigieOutboxEntry) entry = vigie_outbox_entry_new (key, VIGIE_ALERT_ACTION_TRIGGER,
                                                              "dupont", "webhook", payload);
  g_autoptr(GError) error = NULL;

  entry->call_id = g_strdup (call_id);
  g_assert_true (vigie_outbox_enqueue (outbox, vigie_outbox_entry_copy (entry), &error));
  g_assert_no_error (error);
}

/* 13 events: 11 for two calls, one alert-queued per outbox row. */
static void
write_journal (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autoptr(VigieOutbox) outbox = NULL;

  g_assert_no_error (error);
  outbox = vigie_outbox_new (journal, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *call = g_strdup_printf ("call-%u", i);

      vigie_test_journal_append (journal, call, "call-received",
              "{\"from\":\"+33612345678\",\"line\":\"+33800100200\",\"client_id\":\"dupont\",\"client_name\":\"Dupont\"}");
      vigie_test_journal_append (journal, call, "caller-identified", "{\"known\":true,\"name\":\"Claire MOREAU\"}");
      vigie_test_journal_append (journal, call, "answer", "{\"node\":\"nature\",\"answer\":\"Fuite d'eau\"}");
      vigie_test_journal_append (journal, call, "decision", "{\"decision\":\"trigger\",\"recommended\":\"trigger\"}");
      enqueue (outbox, call);
      vigie_test_journal_append (journal, call, "alert-attempt", "{\"status\":\"delivered\",\"http_status\":202}");
    }
  vigie_test_journal_append (journal, "call-3", "call-received",
          "{\"from\":\"anonymous\",\"line\":\"+33240506070\",\"client_id\":\"mairie\",\"client_name\":\"Mairie\"}");
}

static void
sqlite_cli (const char *path,
            const char *sql)
{
  const char *argv[] = { "sqlite3", path, sql, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sqlite3 %s: %s", sql, err);
}

static VigieJournalReport *
check_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  VigieJournalReport *report;

  g_assert_no_error (error);
  report = vigie_journal_check (journal, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  if (report->message)
    g_test_message ("%s", report->message);
  return report;
}

static void
assert_damage (const char         *path,
               VigieJournalDamage  kind,
               gint64              seq,
               const char         *words)
{
  g_autoptr(VigieJournalReport) report = check_file (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

  g_assert_cmpstr (vigie_journal_damage_to_string (report->damage), ==, vigie_journal_damage_to_string (kind));
  g_assert_cmpint (report->seq, ==, seq);
  g_assert_nonnull (report->message);
  g_assert_nonnull (strstr (report->message, words));

  /* The old entry point says the same. */
  g_assert_false (vigie_journal_verify (journal, NULL, &error));
  g_assert_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_TAMPERED);
  g_assert_cmpstr (error->message, ==, report->message);
}

static char *
written (void)
{
  g_autofree char *path = journal_path ();

  write_journal (path);
  return g_steal_pointer (&path);
}

/* Changes made behind the journal's back, and what the check says. */
typedef struct {
  const char         *path;    /* the test's name */
  VigieJournalDamage  damage;
  gint64              seq;
  const char         *words;
  const char         *sql;
} Tamper;

static const Tamper tampers[] = {
  { "/journal-tamper/edit", VIGIE_JOURNAL_DAMAGE_EDITED, 4,
    "event 4 was edited",
    "DROP TRIGGER events_no_update;"
      "UPDATE events SET data = '{\"decision\":\"log\",\"recommended\":\"trigger\"}' WHERE seq = 4;" },
  { "/journal-tamper/delete-middle", VIGIE_JOURNAL_DAMAGE_REMOVED, 5,
    "event 5 was removed",
    "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 5;" },
  { "/journal-tamper/delete-newest", VIGIE_JOURNAL_DAMAGE_TRUNCATED, 12,
    "newest events were removed",
    "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq > 11;" },
  { "/journal-tamper/triggers-dropped", VIGIE_JOURNAL_DAMAGE_TRIGGERS, 0,
    "triggers were dropped",
    "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;" },
  { "/journal-tamper/summary-edited", VIGIE_JOURNAL_DAMAGE_SUMMARY, 0,
    "calls summary of call call-2 was edited",
    "UPDATE calls SET decision = 'log' WHERE call_id = 'call-2';" },
  { "/journal-tamper/outbox-edited", VIGIE_JOURNAL_DAMAGE_OUTBOX, 0,
    "outbox row 1 was edited",
    "UPDATE outbox SET state = 'delivered', delivered_at = 1 WHERE id = 1;" },
  { "/journal-tamper/outbox-row-added", VIGIE_JOURNAL_DAMAGE_OUTBOX, 0,
    "outbox row 3 was added",
    "INSERT INTO outbox (dedup_key, action, client_id, target_id, payload, created_at, due_at, "
      "next_attempt_at) VALUES ('vigie-x', 'trigger', 'dupont', 'webhook', '{}', 1, 1, 1);" },
};

/* Runs @sql on the journal file behind its back; the check must find
 * @damage at @seq, its message holding @words. */
static void
tamper_with (const char         *path,
             const char         *sql,
             VigieJournalDamage  damage,
             gint64              seq,
             const char         *words)
{
  sqlite_cli (path, sql);
  assert_damage (path, damage, seq, words);
}

static void
test_tamper (gconstpointer data)
{
  const Tamper *tamper = data;
  g_autofree char *path = written ();

  tamper_with (path, tamper->sql, tamper->damage, tamper->seq, tamper->words);
}

static void
test_intact (void)
{
  g_autofree char *path = written ();
  g_autoptr(VigieJournalReport) report = check_file (path);
  g_autoptr(VigieJournalReport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  struct stat st;
  g_autofree char *key = g_strconcat (path, ".key", NULL);

  g_assert_cmpint (report->damage, ==, VIGIE_JOURNAL_DAMAGE_NONE);
  g_assert_null (report->message);
  g_assert_cmpint (report->n_events, ==, N_EVENTS);
  g_assert_cmpint (report->last_seq, ==, N_EVENTS);
  g_assert_cmpint (report->keyed_from, ==, 1);

  /* The key is the user's alone. */
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Incremental: only what came after. */
  vigie_test_journal_append (journal, "call-3", "caller-identified", "{\"known\":false}");
  again = vigie_journal_check (journal, report->last_seq, report->last_hash, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->damage, ==, VIGIE_JOURNAL_DAMAGE_NONE);
  g_assert_cmpint (again->n_events, ==, 1);
  g_assert_cmpint (again->last_seq, ==, N_EVENTS + 1);
}

static void
test_delete_newest_then_append (void)
{
  g_autofree char *path = written ();

  sqlite_cli (path, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq > 11;");
  /* The desk goes on working; the gap stays visible. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

    g_assert_no_error (error);
    vigie_test_journal_append (journal, "call-4", "call-received", "{\"from\":\"+33611111111\"}");
  }
  assert_damage (path, VIGIE_JOURNAL_DAMAGE_REMOVED, 12, "events 12 to 13 were removed");
}

static void
test_insert_middle (void)
{
  g_autofree char *path = written ();

  /* Shift the later events by one and slip a row in at 3, chained to 2. */
  tamper_with (path, "DROP TRIGGER events_no_update;"
                     "UPDATE events SET seq = seq + 1000 WHERE seq >= 3;"
                     "UPDATE events SET seq = seq - 999 WHERE seq >= 1000;"
                     "INSERT INTO events (seq, at, call_id, kind, data, prev_hash, hash) "
                     "SELECT 3, at, call_id, 'answer', '{\"node\":\"nature\",\"answer\":\"Rien\"}', hash, "
                     "'ffff' || substr (hash, 5) FROM events WHERE seq = 2;",
               VIGIE_JOURNAL_DAMAGE_INSERTED, 3, "event 3 was inserted");
}

static char *
sha256_chain (const char *prev,
              gint64      seq,
              const char *at,
              const char *call_id,
              const char *kind,
              const char *data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *seq_str = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *parts[] = { prev, seq_str, at, call_id ? call_id : "", kind, data };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (checksum, (const guchar *) parts[i], -1);
      g_checksum_update (checksum, (const guchar *) "\x1f", 1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static char *
head_of (const char *path,
         gint64     *seq)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *hash;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *seq = sqlite3_column_int64 (stmt, 0);
  hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return hash;
}

static void
test_forged_row (void)
{
  g_autofree char *path = written ();
  gint64 seq = 0;
  g_autofree char *prev = head_of (path, &seq);
  const char *at = "2026-11-28T03:00:00.000000Z";
  const char *data = "{\"decision\":\"log\"}";
  /* A hash that is right by the old, unkeyed rule. */
  g_autofree char *hash = sha256_chain (prev, seq + 1, at, "call-3", "decision", data);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO events (seq, at, call_id, kind, data, prev_hash, hash) "
                                          "VALUES (%" G_GINT64_FORMAT ", '%s', 'call-3', 'decision', '%s', '%s', '%s');",
                                          seq + 1, at, data, prev, hash);

  tamper_with (path, sql,
               VIGIE_JOURNAL_DAMAGE_INSERTED, N_EVENTS + 1, "was inserted");
}

/* Rewrites every hash by the unkeyed rule, after editing event 4. */
static void
rechain (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prev = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
  g_autoptr(GString) sql = g_string_new ("DROP TRIGGER events_no_update;"
                                         "UPDATE events SET data = '{\"decision\":\"log\"}' WHERE seq = 4;");

  sqlite_cli (path, sql->str);
  g_string_assign (sql, "");
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, at, call_id, kind, data FROM events ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      char *hash = sha256_chain (prev, seq, (const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2),
                                 (const char *) sqlite3_column_text (stmt, 3),
                                 (const char *) sqlite3_column_text (stmt, 4));

      g_string_append_printf (sql, "UPDATE events SET prev_hash = '%s', hash = '%s' WHERE seq = %" G_GINT64_FORMAT ";",
                              prev, hash, seq);
      g_free (prev);
      prev = hash;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  /* The hashes are unique: move them all aside first. */
  g_string_prepend (sql, "UPDATE events SET hash = 'x' || hash;");
  sqlite_cli (path, sql->str);
}

static void
test_rechain_without_key (void)
{
  g_autofree char *path = written ();

  rechain (path);
  assert_damage (path, VIGIE_JOURNAL_DAMAGE_EDITED, 1, "recomputed without the journal's key");
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static void
test_older_copy (void)
{
  g_autofree char *path = written ();
  g_autofree char *saved = g_strconcat (path, ".saved", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  /* Closed, so the file holds everything (WAL checkpointed). */
  copy_file (path, saved);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

    vigie_test_journal_append (journal, "call-3", "caller-identified", "{\"known\":false}");
    vigie_test_journal_append (journal, "call-3", "decision", "{\"decision\":\"log\"}");
  }
  g_unlink (wal);
  g_unlink (shm);
  copy_file (saved, path);
  assert_damage (path, VIGIE_JOURNAL_DAMAGE_ROLLED_BACK, N_EVENTS + 1, "older copy was put back");

  /* Writing on to the old copy does not wipe the evidence. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

    for (guint i = 0; i < 4; i++)
      vigie_test_journal_append (journal, "call-5", "note", "{\"note\":\"rien\"}");
  }
  assert_damage (path, VIGIE_JOURNAL_DAMAGE_ROLLED_BACK, N_EVENTS + 2, "history was replaced");
}

static void
test_summary_row_removed (void)
{
  g_autofree char *path = written ();

  tamper_with (path, "DELETE FROM calls WHERE call_id = 'call-1';",
               VIGIE_JOURNAL_DAMAGE_SUMMARY, 0, "call call-1 was removed");
  /* And with its seal row too: the digest still sees it. */
  tamper_with (path, "DELETE FROM row_seals WHERE rid = 'call-1';",
               VIGIE_JOURNAL_DAMAGE_SUMMARY, 0, "a row of the calls summary was removed");
}

static void
test_seal_and_anchor (void)
{
  g_autofree char *path = written ();
  g_autofree char *anchor = g_strconcat (path, ".anchor", NULL);
  g_autofree char *saved = g_strconcat (path, ".anchor.saved", NULL);

  copy_file (anchor, saved);
  g_assert_cmpint (g_unlink (anchor), ==, 0);
  assert_damage (path, VIGIE_JOURNAL_DAMAGE_SEAL, 0, "anchor");
  copy_file (saved, anchor);

  tamper_with (path, "UPDATE journal_seal SET seq = seq - 1;",
               VIGIE_JOURNAL_DAMAGE_SEAL, 0, "seal was altered");
  tamper_with (path, "DELETE FROM journal_seal;",
               VIGIE_JOURNAL_DAMAGE_SEAL, 0, "seal was removed");
}

static void
test_key_missing (void)
{
  g_autofree char *path = written ();
  g_autofree char *key = g_strconcat (path, ".key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;

  g_assert_cmpint (g_unlink (key), ==, 0);
  journal = vigie_journal_open (path, &error);
  g_assert_null (journal);
  g_assert_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_KEY);
}

/* A journal written before keys: its events stay readable and verified
 * (unkeyed), the key chains what comes after. */
/* Three events by the old, unkeyed rule (before the journal had a key),
 * then one appended by today's code, which keys the chain from then on. */
static char *
write_legacy_journal (void)
{
  g_autofree char *path = journal_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GString) sql = g_string_new (
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, call_id TEXT, kind TEXT NOT NULL,"
    "  data TEXT NOT NULL CHECK (json_valid (data)), prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
    "CREATE TABLE calls (call_id TEXT PRIMARY KEY, received_at TEXT NOT NULL, client_id TEXT, client_name TEXT,"
    "  caller_number TEXT, caller_name TEXT, decision TEXT, alert_status TEXT);");
  g_autofree char *prev = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
  const char *datas[] = { "{\"from\":\"+33612345678\",\"client_name\":\"Dupont\"}", "{\"known\":false}", "{\"decision\":\"log\"}" };
  const char *kinds[] = { "call-received", "caller-identified", "decision" };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      char *hash = sha256_chain (prev, i + 1, "2025-01-01T00:00:00.000000Z", "old-1", kinds[i], datas[i]);

      g_string_append_printf (sql, "INSERT INTO events VALUES (%u, '2025-01-01T00:00:00.000000Z', 'old-1', '%s', '%s', '%s', '%s');",
                              i + 1, kinds[i], datas[i], prev, hash);
      g_free (prev);
      prev = hash;
    }
  g_string_append (sql, "INSERT INTO calls VALUES ('old-1', '2025-01-01T00:00:00.000000Z', 'dupont', 'Dupont', "
                        "'+33612345678', NULL, 'log', NULL);");
  sqlite_cli (path, sql->str);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
    g_autoptr(GPtrArray) calls = NULL;

    g_assert_no_error (error);
    calls = vigie_journal_list_calls (journal, 10, &error);
    g_assert_cmpuint (calls->len, ==, 1);
    vigie_test_journal_append (journal, "new-1", "call-received", "{\"from\":\"+33611111111\"}");
  }
  return g_steal_pointer (&path);
}

static void
test_migration (void)
{
  g_autofree char *path = write_legacy_journal ();

  {
    g_autoptr(VigieJournalReport) report = check_file (path);

    g_assert_cmpint (report->damage, ==, VIGIE_JOURNAL_DAMAGE_NONE);
    g_assert_cmpint (report->n_events, ==, 4);
    g_assert_cmpint (report->keyed_from, ==, 4);
  }

  /* The old events are still covered: the first keyed one chains them. */
  tamper_with (path, "DROP TRIGGER events_no_update; UPDATE events SET data = '{\"decision\":\"trigger\"}' WHERE seq = 3;",
               VIGIE_JOURNAL_DAMAGE_EDITED, 3, "event 3 was edited");
}

/* An unkeyed event edited and its own hash recomputed (anyone can, there
 * is no key): only the next event's link to it tells. */
static void
test_legacy_row_rehashed (void)
{
  g_autofree char *path = write_legacy_journal ();
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT prev_hash FROM events WHERE seq = 2", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  prev = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  hash = sha256_chain (prev, 2, "2025-01-01T00:00:00.000000Z", "old-1", "caller-identified", "{\"known\":true}");
  sql = g_strdup_printf ("DROP TRIGGER events_no_update;"
                         "UPDATE events SET data = '{\"known\":true}', hash = '%s' WHERE seq = 2;", hash);
  tamper_with (path, sql,
               VIGIE_JOURNAL_DAMAGE_REMOVED, 3, "the event before event 3 is not the one it was chained to");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/journal-tamper/intact", test_intact);
  for (guint i = 0; i < G_N_ELEMENTS (tampers); i++)
    g_test_add_data_func (tampers[i].path, &tampers[i], test_tamper);
  g_test_add_func ("/journal-tamper/delete-newest-then-append", test_delete_newest_then_append);
  g_test_add_func ("/journal-tamper/insert-middle", test_insert_middle);
  g_test_add_func ("/journal-tamper/forged-row", test_forged_row);
  g_test_add_func ("/journal-tamper/rechain-without-key", test_rechain_without_key);
  g_test_add_func ("/journal-tamper/older-copy", test_older_copy);
  g_test_add_func ("/journal-tamper/summary-row-removed", test_summary_row_removed);
  g_test_add_func ("/journal-tamper/seal-and-anchor", test_seal_and_anchor);
  g_test_add_func ("/journal-tamper/key-missing", test_key_missing);
  g_test_add_func ("/journal-tamper/migration", test_migration);
  g_test_add_func ("/journal-tamper/legacy-row-rehashed", test_legacy_row_rehashed);

  return g_test_run ();
}
