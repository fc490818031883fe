/* vigie-journal-migrate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What vigie_journal_open() does to a journal written by an older Vigie
 * (the tables it lacks come from the schema's CREATE … IF NOT EXISTS):
 * the summary's new columns, a first seal and key, the guard triggers.
 * Events are never rewritten: the chain of an older journal stays as it
 * was, and its personal data is erased by redaction
 * (vigie-journal-erase.c).
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

/* Apart from the schema: open() looks for them first (see restore_guard). */
static const char guard[] =
  "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS personal_no_delete BEFORE DELETE ON personal"
  "  BEGIN SELECT RAISE (ABORT, 'personal data is erased, not deleted'); END;"
  "CREATE TRIGGER IF NOT EXISTS personal_erase_only BEFORE UPDATE ON personal"
  "  WHEN NEW.data IS NOT NULL OR NEW.salt IS NOT NULL OR NEW.seq IS NOT OLD.seq"
  "    OR NEW.call_id IS NOT OLD.call_id OR NEW.erased_by IS NULL"
  "  BEGIN SELECT RAISE (ABORT, 'personal data is erased, not edited'); END;";

/* A journal written before the key existed gets one now: its events stay
 * as they are (unkeyed SHA-256) and the key chains everything after them.
 * A keyed journal whose seal is gone gets none here: that is for
 * vigie_journal_check() to report. */
static gboolean
seal_new_journal (VigieJournal  *self,
                  gboolean       key_created,
                  GError       **error)
{
  sqlite3 *db = _vigie_journal_get_db (self);
  GHashTable *stmts = _vigie_journal_get_stmts (self);
  const guint8 *key = _vigie_journal_get_key (self);
  VigieJournalSeal seal;
  g_autofree char *head = NULL;
  gint64 last = 0;

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return _vigie_journal_sqlite_error (self, error, _("cannot begin"));
  if (!vigie_journal_seal_read (db, stmts, key, &seal, error) ||
      !_vigie_journal_last_event (self, &last, &head, error))
    goto failed;
  if (seal.present || (last > 0 && !key_created))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return TRUE;
    }

  seal.seq = last;
  g_strlcpy (seal.head, head, sizeof seal.head);
  seal.keyed_from = last + 1;
  if (!vigie_journal_seal_all (db, stmts, key, &seal, error) ||
      !vigie_journal_seal_write (db, stmts, key, &seal, error))
    goto failed;
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      _vigie_journal_sqlite_error (self, error, _("cannot seal"));
      goto failed;
    }

  return vigie_journal_anchor_write (vigie_journal_get_path (self), key, seal.seq, seal.head, seal.keyed_from, TRUE, error);

failed:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Inside restore_guard()'s transaction. */
static gboolean
put_guard_back (VigieJournal  *self,
                gboolean       missing,
                GError       **error)
{
  sqlite3 *db = _vigie_journal_get_db (self);
  GHashTable *stmts = _vigie_journal_get_stmts (self);
  const guint8 *key = _vigie_journal_get_key (self);
  g_autofree char *head = NULL;
  VigieJournalSeal seal;
  gint64 last = 0;

  if (!_vigie_journal_last_event (self, &last, &head, error) ||
      !vigie_journal_seal_read (db, stmts, key, &seal, error))
    return FALSE;
  if (sqlite3_exec (db, guard, NULL, NULL, NULL) != SQLITE_OK)
    return _vigie_journal_sqlite_error (self, error, _("cannot create the tables"));
  if (!missing || last == 0 || !seal.valid || seal.guard_restored != 0)
    return TRUE;
  seal.guard_restored = MAX (seal.seq, 1);
  return vigie_journal_seal_write (db, stmts, key, &seal, error);
}

/* Triggers found dropped on a journal with events are put back, and the
 * seal remembers it, so check() keeps reporting it once the guard is up
 * again. */
static gboolean
restore_guard (VigieJournal  *self,
               GError       **error)
{
  sqlite3 *db = _vigie_journal_get_db (self);
  const char *names[] = { "events_no_update", "events_no_delete" };
  gboolean missing = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    missing |= !vigie_journal_table_exists (db, names[i]);

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return _vigie_journal_sqlite_error (self, error, _("cannot begin"));
  if (!put_guard_back (self, missing, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      _vigie_journal_sqlite_error (self, error, _("cannot create the tables"));
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Columns the summary gained after its first version, added in place. */
static const char * const summary_columns[][2] = {
  { "line", "TEXT" },
  { "operator", "TEXT" },
  { "script", "TEXT" },
  { "vip", "INTEGER NOT NULL DEFAULT 0" },
  { "outcome", "TEXT" },
  { "gravity", "INTEGER" },
  { "recommended", "TEXT" },
  { "overridden", "INTEGER NOT NULL DEFAULT 0" },
  { "override_reason", "TEXT" },
  { "note", "TEXT" },
  { "answers", "TEXT" },
  { "decided_at", "TEXT" },
  { "alert_delivered_at", "TEXT" },
  { "acked_at", "TEXT" },
  { "acked_by", "TEXT" },
  { "closed_at", "TEXT" },
  { "escalation_steps", "INTEGER NOT NULL DEFAULT 0" },
};

/* The journal page sorts by these: an index each keeps the first rows of
 * a sorted million-call journal a short read. */
static const char sort_indexes[] =
  "CREATE INDEX IF NOT EXISTS calls_by_client ON calls (client_name, received_at);"
  "CREATE INDEX IF NOT EXISTS calls_by_caller_name ON calls (caller_name, received_at);"
  "CREATE INDEX IF NOT EXISTS calls_by_operator ON calls (operator, received_at);"
  "CREATE INDEX IF NOT EXISTS calls_by_decision ON calls (decision, received_at);"
  "CREATE INDEX IF NOT EXISTS calls_by_gravity ON calls (gravity, received_at);"
  "CREATE INDEX IF NOT EXISTS calls_by_alert ON calls (alert_status, received_at);";

/* Older journals get the new summary columns (empty for past calls), the
 * full-text index of what they have, and their rows sealed again under
 * the new column list, if the seal held. */
static gboolean
migrate_summary (VigieJournal  *self,
                 GError       **error)
{
  sqlite3 *db = _vigie_journal_get_db (self);
  GHashTable *stmts = _vigie_journal_get_stmts (self);
  const guint8 *key = _vigie_journal_get_key (self);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  VigieJournalSeal seal;
  gboolean added = FALSE;

  if (sqlite3_prepare_v2 (db, "PRAGMA table_info (calls)", -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_journal_sqlite_error (self, error, _("cannot read"));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (have, vigie_sqlite_dup_column (stmt, 1));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < G_N_ELEMENTS (summary_columns); i++)
    if (!g_hash_table_contains (have, summary_columns[i][0]))
      break;
    else if (i + 1 == G_N_ELEMENTS (summary_columns))
      return sqlite3_exec (db, sort_indexes, NULL, NULL, NULL) == SQLITE_OK ||
             _vigie_journal_sqlite_error (self, error, _("cannot create the tables"));

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return _vigie_journal_sqlite_error (self, error, _("cannot begin"));
  if (!vigie_journal_seal_read (db, stmts, key, &seal, error))
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (summary_columns); i++)
    if (!g_hash_table_contains (have, summary_columns[i][0]))
      {
        g_autofree char *sql = g_strdup_printf ("ALTER TABLE calls ADD COLUMN %s %s",
                                                summary_columns[i][0], summary_columns[i][1]);

        if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
          {
            _vigie_journal_sqlite_error (self, error, _("cannot create the tables"));
            goto failed;
          }
        added = TRUE;
      }
  if (sqlite3_exec (db, sort_indexes, NULL, NULL, NULL) != SQLITE_OK)
    {
      _vigie_journal_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  if (added &&
      sqlite3_exec (db, "DELETE FROM calls_fts; INSERT INTO calls_fts (rowid, caller_name) "
                              "SELECT rowid, caller_name FROM calls", NULL, NULL, NULL) != SQLITE_OK)
    {
      _vigie_journal_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  if (added && seal.present && seal.valid &&
      (!vigie_journal_seal_all (db, stmts, key, &seal, error) ||
       !vigie_journal_seal_write (db, stmts, key, &seal, error)))
    goto failed;
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      _vigie_journal_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  return TRUE;

failed:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
_vigie_journal_migrate (VigieJournal  *self,
                        gboolean       key_created,
                        GError       **error)
{
  return migrate_summary (self, error) &&
         seal_new_journal (self, key_created, error) &&
         restore_guard (self, error);
}
