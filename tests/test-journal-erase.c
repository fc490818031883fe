/* test-journal-erase.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Personal data over time (GDPR): an erased caller appears nowhere in the
 * file (every table, the full-text index, the raw bytes), the journal
 * still verifies, tampering with personal rows is named, a journal made
 * before the split (tests/data/journal-v1) opens and erases, retention
 * erases per client, and `vigie journal erase` does it from the command
 * line.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "journal-sample.h"
#include "vigie-context.h"
#include "vigie-test-cli.h"

#define HELENE_NUMBER "+33612345678"

/* What call-a and call-b (Hélène FAURE, +33612345678) hold that is hers. */
static const char * const helene[] = {
  HELENE_NUMBER, "612345678", "FAURE", "Hélène", "Fuite d'eau; sous l", "Personne âgée seule", "bâtiment B",
};

static char *
tmp_journal (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "erase", NULL);
  static guint n;
  g_autofree char *name = g_strdup_printf ("journal-%u.sqlite", n++);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

static VigieJournal *
sample_journal (char **path)
{
  g_autoptr(GError) error = NULL;
  VigieJournal *journal;

  *path = tmp_journal ();
  journal = vigie_journal_open (*path, &error);
  g_assert_no_error (error);
  journal_sample_write (journal);
  return journal;
}

static void
sql (const char *path,
     const char *statements)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, statements, NULL, NULL, &message);
  if (message)
    g_test_message ("%s: %s", statements, message);
  g_assert_null (message);
  sqlite3_close (db);
}

/* Every row of every table, FTS shadow tables included, as text and as
 * bytes, plus the full-text index's own word list. */
static GString *
dump_tables (const char *path)
{
  GString *all = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND sql NOT LIKE 'CREATE VIRTUAL%'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 8);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) g_ptr_array_index (tables, i));

      g_assert_cmpint (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const void *blob = sqlite3_column_blob (stmt, c);

            g_string_append_len (all, blob, sqlite3_column_bytes (stmt, c));
            g_string_append_c (all, '\n');
          }
      sqlite3_finalize (stmt);
    }

  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE temp.words USING fts5vocab (main, calls_fts, row)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT term FROM temp.words", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (all, "term %s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return all;
}

static gboolean
contains_folded (GString    *haystack,
                 const char *needle)
{
  g_autofree char *folded = g_utf8_casefold (needle, -1);

  return g_strstr_len (haystack->str, haystack->len, needle) != NULL ||
         g_strstr_len (haystack->str, haystack->len, folded) != NULL;
}

/* The database file and its WAL, byte for byte. */
static GString *
dump_file (const char *path)
{
  GString *all = g_string_new (NULL);
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (name, &contents, &length, NULL))
        g_string_append_len (all, contents, length);
    }
  return all;
}

static void
assert_verifies (VigieJournal *journal,
                 gint64        n_expected)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (vigie_journal_verify (journal, &n, &error));
  g_assert_no_error (error);
  if (n_expected > 0)
    g_assert_cmpint (n, ==, n_expected);
}

static void
assert_damage (const char         *path,
               VigieJournalDamage  kind,
               const char         *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autoptr(VigieJournalReport) report = NULL;

  g_assert_no_error (error);
  report = vigie_journal_check (journal, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", report->message ? report->message : "(intact)");
  g_assert_cmpstr (vigie_journal_damage_to_string (report->damage), ==, vigie_journal_damage_to_string (kind));
  g_assert_nonnull (strstr (report->message, words));
}

static void
test_split (void)
{
  g_autofree char *path = NULL;
  g_autoptr(VigieJournal) journal = sample_journal (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) raw = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  /* The chained rows hold no name, number or note; readers get them back. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat (data, '\n') FROM events", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  raw = g_string_new ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    g_assert_null (strstr (raw->str, helene[i]));
  g_assert_nonnull (strstr (raw->str, "{\"personal\":\""));

  events = vigie_journal_list_events (journal, "call-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, 0))->kind, ==, "call-received");
  g_assert_nonnull (strstr (((VigieJournalEvent *) g_ptr_array_index (events, 0))->data,
                            "\"from\":\"" HELENE_NUMBER "\""));
  g_assert_nonnull (strstr (((VigieJournalEvent *) g_ptr_array_index (events, 0))->data,
                            "\"client_id\":\"dupont-maintenance\""));
  g_assert_null (strstr (((VigieJournalEvent *) g_ptr_array_index (events, 0))->data, "personal"));
  assert_verifies (journal, 31);
}

static void
test_erase_caller (void)
{
  g_autofree char *path = NULL;
  g_autoptr(VigieJournal) journal = sample_journal (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) before = dump_tables (path);
  g_autoptr(GString) tables = NULL;
  g_autoptr(GString) file = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(VigieJournalCall) call = NULL;
  VigieJournalFilter filter = { 0 };
  guint n = 0;

  /* She is there before. */
  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    g_assert_true (contains_folded (before, helene[i]));

  g_assert_true (vigie_journal_erase_caller (journal, HELENE_NUMBER, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  assert_verifies (journal, 32);

  /* Nowhere in any table, nor in the index's words, nor in the bytes. */
  tables = dump_tables (path);
  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    {
      g_test_message ("looking for %s", helene[i]);
      g_assert_false (contains_folded (tables, helene[i]));
    }
  g_assert_null (strstr (tables->str, "term faure"));
  g_assert_null (strstr (tables->str, "term helene"));
  g_clear_object (&journal);
  file = dump_file (path);
  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    g_assert_false (contains_folded (file, helene[i]));

  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  assert_verifies (journal, 32);

  /* The others are untouched; her calls keep their decisions and times. */
  g_assert_true (contains_folded (tables, "PÉRIER"));
  g_assert_true (contains_folded (tables, "+33240506070"));
  call = vigie_journal_get_call (journal, "call-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->decision, ==, "trigger");
  g_assert_nonnull (call->decided_at);
  g_assert_null (call->caller_number);
  g_assert_null (call->caller_name);
  g_assert_null (call->note);

  /* Search, timeline and exports do not find her. */
  filter.search = (char *) "faure";
  g_assert_cmpint (vigie_journal_count_calls (journal, &filter, &error), ==, 0);
  filter.search = (char *) "perier";
  g_assert_cmpint (vigie_journal_count_calls (journal, &filter, &error), ==, 1);
  events = vigie_journal_list_events (journal, "call-a", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      for (guint j = 0; j < G_N_ELEMENTS (helene); j++)
        g_assert_null (strstr (event->data, helene[j]));
    }
  g_assert_nonnull (strstr (((VigieJournalEvent *) g_ptr_array_index (events, 0))->data, "\"erased\":true"));
  calls = vigie_journal_query_calls (journal, NULL, 0, 100, &error);
  g_assert_no_error (error);
  vigie_journal_export_json (calls, json);
  vigie_journal_export_csv (calls, ';', json);
  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    g_assert_null (strstr (json->str, helene[i]));

  /* The erasure is journaled: how many, not whose. */
  g_clear_pointer (&events, g_ptr_array_unref);
  events = vigie_journal_list_events (journal, NULL, &error);
  {
    VigieJournalEvent *last = g_ptr_array_index (events, events->len - 1);

    g_assert_cmpstr (last->kind, ==, "erasure");
    g_assert_null (last->call_id);
    g_assert_nonnull (strstr (last->data, "\"calls\":2"));
    g_assert_nonnull (strstr (last->data, "\"reason\":\"request\""));
  }

  /* Appending goes on, and a second request finds nothing more. */
  g_assert_true (vigie_journal_append (journal, "call-f", "call-received",
                                       json_from_string ("{\"from\":\"+33600000001\"}", NULL), &error));
  g_assert_true (vigie_journal_erase_caller (journal, HELENE_NUMBER, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  assert_verifies (journal, 33);
}

static void
test_tamper (void)
{
  g_autofree char *path = NULL;
  g_autoptr(VigieJournal) journal = sample_journal (&path);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_strconcat (path, ".clean", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  guint n;
  const struct {
    const char         *sql;
    VigieJournalDamage  kind;
    const char         *words;
  } cases[] = {
    /* Her number changed in her personal row. */
    { "DROP TRIGGER personal_erase_only; UPDATE personal SET data = replace (data, '+3361234', '+3361299') WHERE seq = 1",
      VIGIE_JOURNAL_DAMAGE_PERSONAL, "personal data of event 1 was edited" },
    /* A new salt cannot make another text match. */
    { "DROP TRIGGER personal_erase_only; UPDATE personal SET salt = '00000000000000000000000000000000', data = '{\"from\":\"x\"}' WHERE seq = 1",
      VIGIE_JOURNAL_DAMAGE_PERSONAL, "personal data of event 1 was edited" },
    /* The hash the event carries, edited: the chain breaks. */
    { "DROP TRIGGER events_no_update; UPDATE events SET data = replace (data, substr (data, 14, 4), 'ffff') WHERE seq = 1",
      VIGIE_JOURNAL_DAMAGE_EDITED, "event 1 was edited" },
    { "DROP TRIGGER personal_no_delete; DELETE FROM personal WHERE seq = 2",
      VIGIE_JOURNAL_DAMAGE_PERSONAL, "personal data of event 2 was removed" },
    /* Erased behind the journal's back, made to look like an erasure. */
    { "DROP TRIGGER personal_erase_only; UPDATE personal SET salt = NULL, data = NULL, erased_by = 5 WHERE seq = 2",
      VIGIE_JOURNAL_DAMAGE_PERSONAL, "erased without being journaled" },
    { "INSERT INTO personal (seq, call_id, salt, data) VALUES (6, 'call-a', 'aa', '{\"note\":\"x\"}')",
      VIGIE_JOURNAL_DAMAGE_PERSONAL, "personal data was added to event 6" },
    { "INSERT INTO personal (seq, call_id, salt, data) VALUES (999, 'call-a', 'aa', '{\"note\":\"x\"}')",
      VIGIE_JOURNAL_DAMAGE_PERSONAL, "event 999, which does not exist" },
    /* An erased row no longer marked erased: the erasure event's count
     * disagrees (a mutation check found this unguarded). */
    { "DROP TRIGGER personal_erase_only; UPDATE personal SET erased_by = NULL WHERE call_id = 'call-c'",
      VIGIE_JOURNAL_DAMAGE_PERSONAL, "was restored or altered" },
  };

  /* The triggers refuse the plain edits. */
  g_assert_true (vigie_journal_erase_call (journal, "call-c", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_clear_object (&journal);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM personal WHERE seq = 1", NULL, NULL, NULL), !=, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE personal SET data = '{}' WHERE seq = 1", NULL, NULL, NULL), !=, SQLITE_OK);
    /* Checkpointed, so a copy of the file alone is the whole journal. */
    g_assert_cmpint (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);

      g_test_message ("case %u: %s", i, cases[i].sql);
      g_unlink (wal);
      g_assert_true (g_file_set_contents (path, contents, length, NULL));
      sql (path, cases[i].sql);
      assert_damage (path, cases[i].kind, cases[i].words);
    }
}

static void
copy_fixture (const char *path)
{
  const char *suffixes[] = { "", ".key", ".anchor" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat ("journal.db", suffixes[i], NULL);
      g_autofree char *from = g_build_filename (g_getenv ("VIGIE_TEST_DATA"), "journal-v1", name, NULL);
      g_autofree char *to = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
      g_chmod (to, 0600);
    }
}

static char *
query_text (const char *path,
            const char *select)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* A journal written by the code before the split: it opens, verifies,
 * erases a caller from its old rows, verifies again. */
static void
test_migrate (void)
{
  g_autofree char *path = tmp_journal ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *first = NULL;
  g_autoptr(GString) tables = NULL;
  g_autoptr(GString) file = NULL;
  g_autofree char *old_data = NULL;
  gint64 n_events = 0;
  guint n = 0;

  copy_fixture (path);
  number = query_text (path, "SELECT caller_number FROM calls ORDER BY received_at LIMIT 1");
  name = query_text (path, "SELECT caller_name FROM calls ORDER BY received_at LIMIT 1");
  g_assert_nonnull (number);
  g_assert_nonnull (name);
  /* The old layout: personal members inline in the chained rows. */
  old_data = query_text (path, "SELECT data FROM events WHERE seq = 1");
  g_assert_nonnull (strstr (old_data, number));
  g_assert_null (query_text (path, "SELECT name FROM sqlite_master WHERE name = 'personal'"));

  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (vigie_journal_verify (journal, &n_events, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_events, ==, 80);

  g_assert_true (vigie_journal_erase_caller (journal, number, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 1);
  assert_verifies (journal, 81);

  tables = dump_tables (path);
  g_assert_false (contains_folded (tables, number));
  first = g_strndup (name, strchr (name, ' ') - name);
  g_test_message ("erased %s (%s)", number, name);
  g_assert_false (contains_folded (tables, name));
  g_clear_object (&journal);
  file = dump_file (path);
  g_assert_false (contains_folded (file, number));
  g_assert_false (contains_folded (file, name));

  /* New events after the old ones are split; all of it verifies. */
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (vigie_journal_append (journal, "new-1", "call-received",
                                       json_from_string ("{\"from\":\"+33600000002\"}", NULL), &error));
  g_assert_no_error (error);
  assert_verifies (journal, 82);
  g_clear_object (&journal);

  /* A redacted old event edited, or its redaction forged: named. */
  {
    g_autofree char *seq = query_text (path, "SELECT seq FROM redactions LIMIT 1");
    g_autofree char *edit = g_strdup_printf ("DROP TRIGGER events_no_update; UPDATE events SET "
                                             "data = replace (data, 'true', 'false') WHERE seq = %s", seq);
    g_autofree char *contents = NULL;
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    gsize length = 0;

    g_assert_nonnull (seq);
    sql (path, "PRAGMA wal_checkpoint (TRUNCATE)");
    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    sql (path, edit);
    assert_damage (path, VIGIE_JOURNAL_DAMAGE_EDITED, "was edited");

    g_unlink (wal);
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
    sql (path, "UPDATE redactions SET erased_by = erased_by + 1");
    assert_damage (path, VIGIE_JOURNAL_DAMAGE_EDITED, "was edited");
  }
}

static void
test_retention (void)
{
  g_autofree char *path = NULL;
  g_autoptr(VigieJournal) journal = sample_journal (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) retention = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-20T00:00:00Z", NULL);
  g_autoptr(VigieJournalCall) a = NULL;
  g_autoptr(VigieJournalCall) c = NULL;
  g_autoptr(GPtrArray) events = NULL;
  guint n = 0;

  /* Dupont keeps 30 days, the others keep everything. */
  g_hash_table_insert (retention, (gpointer) "dupont-maintenance", GINT_TO_POINTER (30));
  g_assert_true (vigie_journal_erase_expired (journal, retention, 0, now, 0, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);    /* call-a, b, d (its hidden number is kept apart too) and e */
  assert_verifies (journal, 32);

  a = vigie_journal_get_call (journal, "call-a", &error);
  c = vigie_journal_get_call (journal, "call-c", &error);
  g_assert_null (a->caller_name);
  g_assert_cmpstr (c->caller_name, ==, "Jérôme PÉRIER");
  events = vigie_journal_list_events (journal, NULL, &error);
  g_assert_nonnull (strstr (((VigieJournalEvent *) g_ptr_array_index (events, events->len - 1))->data,
                            "\"reason\":\"retention\""));

  /* Run again: nothing left to do, nothing journaled. */
  g_assert_true (vigie_journal_erase_expired (journal, retention, 0, now, 0, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  /* The default covers the rest, and the ring no call came of. */
  g_assert_true (vigie_journal_erase_expired (journal, retention, 20, now, 0, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_clear_pointer (&c, vigie_journal_call_free);
  c = vigie_journal_get_call (journal, "call-c", &error);
  g_assert_null (c->caller_name);
  assert_verifies (journal, 33);
  {
    g_autoptr(GString) tables = dump_tables (path);

    g_assert_false (contains_folded (tables, "+33611112222"));
    g_assert_false (contains_folded (tables, "PÉRIER"));
  }
}

/* What the desk does at start: batches at idle until nothing is due. */
static void
test_retention_scheduled (void)
{
  g_autofree char *path = NULL;
  g_autoptr(VigieJournal) journal = sample_journal (&path);
  g_autoptr(GHashTable) retention = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournalCall) a = NULL;
  g_autoptr(VigieJournalCall) c = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The sample's calls are from November 2026: a day's retention covers them. */
  g_hash_table_insert (retention, (gpointer) "dupont-maintenance", GINT_TO_POINTER (1));
  vigie_journal_set_retention (journal, retention, 0);
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&a, vigie_journal_call_free);
      a = vigie_journal_get_call (journal, "call-a", &error);
      g_assert_no_error (error);
      if (a->caller_name == NULL)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_null (a->caller_name);
  c = vigie_journal_get_call (journal, "call-c", &error);
  g_assert_cmpstr (c->caller_name, ==, "Jérôme PÉRIER");
  assert_verifies (journal, 32);
  vigie_journal_set_retention (journal, NULL, 0);
}

#define vigie_cli(data_dir, run, ...) \
  vigie_test_run_vigie ((run), (data_dir), NULL, VIGIE_TEST_RUN_NO_DISPLAY, "journal", __VA_ARGS__)

/* A data-subject request through the real binary, the number as a
 * person would type it. */
static void
test_cli (void)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
  g_autofree char *path = g_build_filename (data_dir, "journal.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(VigieTestRun) run = { 0 };

  g_assert_true (vigie_context_install_demo (data_dir, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);

    g_assert_no_error (error);
    journal_sample_write (journal);
  }

  vigie_cli (data_dir, &run, "show", "call-a", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "FAURE"));

  vigie_cli (data_dir, &run, "erase", "--caller", "06 12 34 56 78", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Personal data of 2 calls erased"));

  vigie_cli (data_dir, &run, "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "32 events checked, intact"));

  vigie_cli (data_dir, &run, "show", "call-a", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    g_assert_null (strstr (run.out, helene[i]));
  g_assert_nonnull (strstr (run.out, "trigger"));

  vigie_cli (data_dir, &run, "export", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "PÉRIER"));
  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    g_assert_null (strstr (run.out, helene[i]));

  /* A hidden number cannot be erased by number; its call can. */
  vigie_cli (data_dir, &run, "erase", "--caller", "anonymous", NULL);
  g_assert_cmpint (run.status, !=, 0);
  vigie_cli (data_dir, &run, "erase", "--call", "call-e", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Personal data of 1 call erased"));
  vigie_cli (data_dir, &run, "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/journal-erase/split", test_split);
  g_test_add_func ("/journal-erase/caller", test_erase_caller);
  g_test_add_func ("/journal-erase/tamper", test_tamper);
  g_test_add_func ("/journal-erase/migrate", test_migrate);
  g_test_add_func ("/journal-erase/retention", test_retention);
  g_test_add_func ("/journal-erase/retention-scheduled", test_retention_scheduled);
  g_test_add_func ("/journal-erase/cli", test_cli);
  return g_test_run ();
}
