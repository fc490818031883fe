/* vigie-journal-erase.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Erasing a caller's personal data (GDPR): after a client's retention
 * period, or on a data-subject request. Everything goes in one
 * transaction journaled as an "erasure" event that says how many calls
 * and rows, never whose: the personal rows lose salt and data, events
 * written before the split are redacted (vigie-journal-personal.c), the
 * calls summary, its full-text index and the delivered alerts' payloads
 * lose the caller's fields. Decisions, times and the chain stay, and
 * vigie_journal_check() still passes.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

#define RETENTION_BATCH 200
#define RETENTION_PERIOD_S (24 * 3600)

typedef struct {
  VigieJournal     *journal;
  sqlite3          *db;
  GHashTable       *stmts;
  VigieJournalSeal *seal;
  gint64            erasure;      /* the erasure event's seq */
  gboolean          guard_down;
  guint             n_calls;
  guint             n_rows;
} Eraser;

static gboolean
sql_failed (Eraser     *eraser,
            GError    **error)
{
  return vigie_sqlite_set_error (error, eraser->db, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
                                 _("Journal"), _("cannot erase"));
}

/* Runs @sql (one statement) with ?1 = @call_id, ?2 = the erasure. */
static gboolean
run (Eraser      *eraser,
     const char  *sql,
     const char  *call_id,
     int         *changes,
     GError     **error)
{
  sqlite3_stmt *stmt = vigie_sqlite_prepare_cached (eraser->stmts, eraser->db, sql);
  gboolean ok = stmt != NULL && vigie_sqlite_bind (stmt, "s", call_id) &&
                (sqlite3_bind_parameter_count (stmt) < 2 || sqlite3_bind_int64 (stmt, 2, eraser->erasure) == SQLITE_OK) &&
                sqlite3_step (stmt) == SQLITE_DONE;

  vigie_sqlite_release (eraser->stmts, stmt);
  if (!ok)
    return sql_failed (eraser, error);
  if (changes)
    *changes = sqlite3_changes (eraser->db);
  return TRUE;
}

typedef struct {
  gint64  seq;
  char   *data;
  char   *mac;
} Redaction;

static void
redaction_free (Redaction *redaction)
{
  g_free (redaction->data);
  g_free (redaction->mac);
  g_free (redaction);
}

/* An event written before the split, without its personal members, or
 * NULL when it has none. Refuses an event that no longer matches its
 * hash: redacting it would hide the damage. */
static Redaction *
redact_row (Eraser        *eraser,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  gint64 seq = sqlite3_column_int64 (stmt, 0);
  const char *at = (const char *) sqlite3_column_text (stmt, 1);
  const char *call_id = (const char *) sqlite3_column_text (stmt, 2);
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);
  const char *data = (const char *) sqlite3_column_text (stmt, 4);
  const char *prev = (const char *) sqlite3_column_text (stmt, 5);
  const char *hash = (const char *) sqlite3_column_text (stmt, 6);
  const guint8 *key = _vigie_journal_get_key (eraser->journal);
  g_autoptr(JsonNode) node = json_from_string (data, NULL);
  g_autoptr(JsonObject) public_data = NULL;
  g_autoptr(JsonObject) personal = NULL;
  g_autoptr(JsonObject) redacted = json_object_new ();
  g_autoptr(JsonNode) redacted_node = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GList) names = NULL;
  Redaction *redaction;
  char mac[65];

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  _vigie_journal_split (kind, json_node_get_object (node), &public_data, &personal);
  if (personal == NULL)
    return NULL;

  expected = vigie_journal_hash_event (seq >= eraser->seal->keyed_from ? key : NULL, prev, seq, at,
                                       call_id, kind, data);
  if (g_strcmp0 (expected, hash) != 0)
    {
      g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_TAMPERED,
                   _("Journal: event %lld does not match its hash; run “vigie journal verify” "
                     "before erasing"), (long long) seq);
      return NULL;
    }

  json_object_set_boolean_member (redacted, "erased", TRUE);
  names = json_object_get_members (public_data);
  for (GList *l = names; l; l = l->next)
    json_object_set_member (redacted, l->data, json_node_copy (json_object_get_member (public_data, l->data)));
  redacted_node = json_node_init_object (json_node_alloc (), redacted);

  redaction = g_new0 (Redaction, 1);
  redaction->seq = seq;
  redaction->data = json_to_string (redacted_node, FALSE);
  _vigie_journal_redaction_mac (key, seq, prev, hash, at, call_id, kind, redaction->data, eraser->erasure, mac);
  redaction->mac = g_strdup (mac);
  return redaction;
}

static gboolean
apply_redactions (Eraser     *eraser,
                  GPtrArray  *redactions,
                  GError    **error)
{
  if (redactions->len == 0)
    return TRUE;

  /* The guard comes down for this transaction only: nobody sees the
   * journal without it. */
  if (!eraser->guard_down)
    {
      if (sqlite3_exec (eraser->db, "DROP TRIGGER IF EXISTS events_no_update", NULL, NULL, NULL) != SQLITE_OK)
        return sql_failed (eraser, error);
      eraser->guard_down = TRUE;
    }

  for (guint i = 0; i < redactions->len; i++)
    {
      Redaction *redaction = g_ptr_array_index (redactions, i);
      sqlite3_stmt *update = vigie_sqlite_prepare_cached (eraser->stmts, eraser->db,
                                                          "UPDATE events SET data = ?1 WHERE seq = ?2");
      sqlite3_stmt *insert = NULL;
      gboolean ok = update != NULL && vigie_sqlite_run (update, "sx", redaction->data, redaction->seq);

      vigie_sqlite_release (eraser->stmts, update);
      if (ok)
        {
          insert = vigie_sqlite_prepare_cached (eraser->stmts, eraser->db,
                                                "INSERT INTO redactions (seq, erased_by, mac) VALUES (?1, ?2, ?3)");
          ok = insert != NULL && vigie_sqlite_run (insert, "xxs", redaction->seq, eraser->erasure, redaction->mac);
          vigie_sqlite_release (eraser->stmts, insert);
        }
      if (!ok)
        return sql_failed (eraser, error);
    }
  eraser->n_rows += redactions->len;
  return TRUE;
}

/* Events of @call_id written before the split, with personal members. */
static gboolean
redact_legacy (Eraser      *eraser,
               const char  *call_id,
               GError     **error)
{
  g_autoptr(GPtrArray) redactions = g_ptr_array_new_with_free_func ((GDestroyNotify) redaction_free);
  sqlite3_stmt *stmt;
  gboolean row = FALSE;
  gboolean ok;

  stmt = vigie_sqlite_prepare_cached (eraser->stmts, eraser->db,
                                      "SELECT seq, at, call_id, kind, data, prev_hash, hash FROM events "
                                      "WHERE call_id = ?1 AND substr (data, 1, 13) != '{\"personal\":\"' "
                                      "AND seq NOT IN (SELECT seq FROM redactions) ORDER BY seq");
  if (stmt == NULL || !vigie_sqlite_bind (stmt, "s", call_id))
    {
      vigie_sqlite_release (eraser->stmts, stmt);
      return sql_failed (eraser, error);
    }
  while ((ok = vigie_sqlite_step (stmt, &row)) && row)
    {
      GError *local_error = NULL;
      Redaction *redaction = redact_row (eraser, stmt, &local_error);

      if (local_error != NULL)
        {
          vigie_sqlite_release (eraser->stmts, stmt);
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (redaction != NULL)
        g_ptr_array_add (redactions, redaction);
    }
  vigie_sqlite_release (eraser->stmts, stmt);
  if (!ok)
    return sql_failed (eraser, error);

  return apply_redactions (eraser, redactions, error);
}

/* Delivered alerts keep where they went and when, not who called. */
static gboolean
erase_outbox (Eraser      *eraser,
              const char  *call_id,
              GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row = FALSE;
  gboolean ok;

  if (!vigie_journal_table_exists (eraser->db, "outbox"))
    return TRUE;
  if (!run (eraser, "UPDATE outbox SET payload = json_remove (payload, '$.caller', '$.answers', '$.note', "
                    "'$.override_reason', '$.summary', '$.message') WHERE call_id = ?1 AND state != 'pending'",
            call_id, NULL, error))
    return FALSE;

  stmt = vigie_sqlite_prepare_cached (eraser->stmts, eraser->db,
                                      "SELECT id FROM outbox WHERE call_id = ?1 AND state != 'pending'");
  if (stmt == NULL || !vigie_sqlite_bind (stmt, "s", call_id))
    {
      vigie_sqlite_release (eraser->stmts, stmt);
      return sql_failed (eraser, error);
    }
  while ((ok = vigie_sqlite_step (stmt, &row)) && row)
    _vigie_journal_touch (eraser->journal, VIGIE_SEALED_OUTBOX, (const char *) sqlite3_column_text (stmt, 0));
  vigie_sqlite_release (eraser->stmts, stmt);
  return ok || sql_failed (eraser, error);
}

static gboolean
erase_call (Eraser      *eraser,
            const char  *call_id,
            GError     **error)
{
  guint rows_before = eraser->n_rows;
  int personal = 0, summary = 0;

  if (!run (eraser, "UPDATE personal SET salt = NULL, data = NULL, number = NULL, erased_by = ?2 "
                    "WHERE call_id = ?1 AND data IS NOT NULL", call_id, &personal, error) ||
      !redact_legacy (eraser, call_id, error) ||
      !run (eraser, "DELETE FROM calls_fts WHERE rowid = (SELECT rowid FROM calls WHERE call_id = ?1)",
            call_id, NULL, error) ||
      !run (eraser, "UPDATE calls SET caller_number = NULL, caller_name = NULL, note = NULL, answers = NULL, "
                    "override_reason = NULL WHERE call_id = ?1", call_id, &summary, error) ||
      !erase_outbox (eraser, call_id, error) ||
      !run (eraser, "INSERT OR REPLACE INTO erased_calls (call_id, erased_by) VALUES (?1, ?2)",
            call_id, NULL, error))
    return FALSE;

  eraser->n_rows += personal;
  if (summary > 0)
    _vigie_journal_touch (eraser->journal, VIGIE_SEALED_CALLS, call_id);
  if (summary > 0 || eraser->n_rows > rows_before)
    eraser->n_calls++;
  return TRUE;
}

/* Old text may stay in the full-text index's segments and in free pages
 * until they are rewritten: merge the index and clear the WAL. */
static void
purge (sqlite3 *db)
{
  sqlite3_exec (db, "PRAGMA secure_delete = ON;"
                    "INSERT INTO calls_fts (calls_fts) VALUES ('optimize');"
                    "PRAGMA wal_checkpoint (TRUNCATE);", NULL, NULL, NULL);
}

/* Every call's rows, then the guard back up: still inside the
 * transaction. */
static gboolean
erase_all (Eraser     *eraser,
           GPtrArray  *call_ids,
           GError    **error)
{
  static const char guard[] =
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events"
    "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;";

  for (guint i = 0; i < call_ids->len; i++)
    if (!erase_call (eraser, g_ptr_array_index (call_ids, i), error))
      return FALSE;
  if (eraser->guard_down && sqlite3_exec (eraser->db, guard, NULL, NULL, NULL) != SQLITE_OK)
    return sql_failed (eraser, error);
  return TRUE;
}

/* The erasure event: how many calls and rows, and why; never whose.
 * With nothing erased, none: the calls are only marked (erased by 0). */
static gboolean
journal_erasure (Eraser      *eraser,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) event = NULL;

  if (eraser->n_calls == 0)
    return run (eraser, "UPDATE erased_calls SET erased_by = 0 WHERE erased_by = ?2 AND ?1 IS NULL",
                NULL, NULL, error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "calls");
  json_builder_add_int_value (builder, eraser->n_calls);
  json_builder_set_member_name (builder, "events");
  json_builder_add_int_value (builder, eraser->n_rows);
  json_builder_end_object (builder);
  event = json_builder_get_root (builder);

  if (!_vigie_journal_insert (eraser->journal, eraser->seal, NULL, "erasure", event, error))
    return FALSE;
  g_assert (eraser->seal->seq == eraser->erasure);
  return TRUE;
}

/* Erases @call_ids in one transaction journaled as one "erasure" event.
 * Calls with nothing personal are marked all the same (erased by 0), so
 * retention moves on past them, and nothing is journaled. */
static gboolean
erase_calls (VigieJournal  *self,
             GPtrArray     *call_ids,
             const char    *reason,
             gboolean       purge_now,
             guint         *n_calls,
             GError       **error)
{
  VigieJournalSeal seal;
  Eraser eraser = { self, _vigie_journal_get_db (self), _vigie_journal_get_stmts (self), &seal, 0 };

  if (n_calls)
    *n_calls = 0;
  if (call_ids->len == 0)
    return TRUE;

  /* Freed pages are zeroed, so the erased text does not linger in the
   * file (Debian's SQLite does it by default; others may not). Left on. */
  sqlite3_exec (eraser.db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
  if (!_vigie_journal_begin (self, &seal, error))
    return FALSE;
  eraser.erasure = seal.seq + 1;

  if (!erase_all (&eraser, call_ids, error) || !journal_erasure (&eraser, reason, error))
    {
      _vigie_journal_rollback (self);
      return FALSE;
    }
  /* On failure the commit rolls back itself. */
  if (!_vigie_journal_commit (self, &seal, error))
    return FALSE;
  if (eraser.n_calls == 0)
    return TRUE;

  if (purge_now)
    purge (eraser.db);
  if (n_calls)
    *n_calls = eraser.n_calls;
  _vigie_journal_emit_appended (self, NULL, "erasure");
  return TRUE;
}

static GPtrArray *
select_ids (VigieJournal  *self,
            const char    *sql,
            const char    *types,
            const char    *a,
            const char    *b,
            GPtrArray     *ids,
            GError       **error)
{
  sqlite3 *db = _vigie_journal_get_db (self);
  sqlite3_stmt *stmt = NULL;
  gboolean row = FALSE, ok;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      !vigie_sqlite_bind (stmt, types, a, b))
    {
      sqlite3_finalize (stmt);
      vigie_sqlite_set_error (error, db, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
                              _("Journal"), _("cannot read"));
      return NULL;
    }
  while ((ok = vigie_sqlite_step (stmt, &row)) && row)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (id != NULL && !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (id));
    }
  sqlite3_finalize (stmt);
  if (!ok)
    {
      vigie_sqlite_set_error (error, db, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
                              _("Journal"), _("cannot read"));
      return NULL;
    }
  return ids;
}

/**
 * vigie_journal_erase_caller:
 * @self: a #VigieJournal
 * @number: the caller's number, normalised as the journal holds it
 *   (vigie_phone_normalize())
 * @n_calls: (out) (optional): how many calls had data erased
 * @error: return location for a #GError
 *
 * A data-subject request: erases the personal data of every call from
 * @number (the number, name, address, typed answers, notes, free text)
 * and journals it as one "erasure" event. Calls from a hidden number
 * cannot be told apart and are refused.
 *
 * Returns: %TRUE when done (also when nothing was found)
 */
gboolean
vigie_journal_erase_caller (VigieJournal  *self,
                            const char    *number,
                            guint         *n_calls,
                            GError       **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  if (n_calls)
    *n_calls = 0;
  if (*number == '\0' || g_str_equal (number, "anonymous"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A hidden number cannot be erased by number: erase its calls one by one"));
      return FALSE;
    }

  quoted = g_strdup_printf ("\"%s\"", number);
  if (!select_ids (self, "SELECT call_id FROM calls WHERE caller_number = ?1", "s", number, NULL, ids, error) ||
      !select_ids (self, "SELECT call_id FROM personal WHERE number = ?1", "s", number, NULL, ids, error) ||
      /* Events written before the split hold the number inline. */
      !select_ids (self, "SELECT DISTINCT call_id FROM events WHERE call_id IS NOT NULL AND instr (data, ?2) > 0 "
                         "AND ?1 IN (json_extract (data, '$.from'), json_extract (data, '$.number'), "
                         "json_extract (data, '$.callback'), json_extract (data, '$.caller_number'))",
                   "ss", number, quoted, ids, error))
    return FALSE;

  return erase_calls (self, ids, "request", TRUE, n_calls, error);
}

/**
 * vigie_journal_erase_call:
 * @self: a #VigieJournal
 * @call_id: a call
 * @n_calls: (out) (optional): 1 when something was erased
 * @error: return location for a #GError
 *
 * Erases one call's personal data (a caller from a hidden number).
 *
 * Returns: %TRUE when done
 */
gboolean
vigie_journal_erase_call (VigieJournal  *self,
                          const char    *call_id,
                          guint         *n_calls,
                          GError       **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  g_ptr_array_add (ids, g_strdup (call_id));
  return erase_calls (self, ids, "request", TRUE, n_calls, error);
}

static char *
cutoff (GDateTime *now,
        int        days)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autoptr(GDateTime) then = g_date_time_add_days (utc, -days);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* One CASE over the clients: a single pass over the calls by time. */
static GString *
expired_calls_sql (GHashTable *retention,
                   const char *default_cutoff,
                   GDateTime  *now,
                   guint       limit)
{
  GString *sql = g_string_new ("SELECT call_id FROM calls c WHERE received_at < ");
  g_autoptr(GString) cases = g_string_new (NULL);
  GHashTableIter iter;
  gpointer client, days;
  char *text;

  if (retention != NULL)
    g_hash_table_iter_init (&iter, retention);
  while (retention != NULL && g_hash_table_iter_next (&iter, &client, &days))
    if (GPOINTER_TO_INT (days) > 0)
      {
        g_autofree char *until = cutoff (now, GPOINTER_TO_INT (days));

        text = sqlite3_mprintf (" WHEN %Q THEN %Q", client, until);
        g_string_append (cases, text);
        sqlite3_free (text);
      }
  /* SQL's CASE needs one WHEN at least: without, the default alone. */
  if (cases->len > 0)
    g_string_append_printf (sql, "CASE client_id%s ELSE ", cases->str);
  text = sqlite3_mprintf ("%Q%s AND NOT EXISTS (SELECT 1 FROM erased_calls e WHERE e.call_id = c.call_id) "
                          "ORDER BY received_at", default_cutoff, cases->len > 0 ? " END" : "");
  g_string_append (sql, text);
  sqlite3_free (text);
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);
  return sql;
}

/**
 * vigie_journal_erase_expired:
 * @self: a #VigieJournal
 * @retention: (nullable) (element-type utf8 gint): client id → days
 *   (GINT_TO_POINTER); 0 or absent: @default_days
 * @default_days: days for other clients and for rings no call came of;
 *   0 or less keeps them
 * @now: the time retention counts from
 * @limit: how many calls at most in this run (0: all); a limited run
 *   leaves the full-text index's merge to the caller (the desk does it
 *   once, after its last batch, in a worker thread)
 * @n_calls: (out) (optional): how many calls were erased
 * @error: return location for a #GError
 *
 * Erases the personal data of calls older than their client's retention
 * period, journaled as one "erasure" event.
 *
 * Returns: %TRUE when done
 */
gboolean
vigie_journal_erase_expired (VigieJournal  *self,
                             GHashTable    *retention,
                             int            default_days,
                             GDateTime     *now,
                             guint          limit,
                             guint         *n_calls,
                             GError       **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = NULL;
  g_autofree char *default_cutoff = default_days > 0 ? cutoff (now, default_days) : NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  sql = expired_calls_sql (retention, default_cutoff, now, limit);
  if (!select_ids (self, sql->str, "", NULL, NULL, ids, error))
    return FALSE;

  /* Rings no call came of: personal rows without a summary row. */
  if (default_cutoff != NULL && (limit == 0 || ids->len < limit))
    {
      g_string_printf (sql, "SELECT DISTINCT p.call_id FROM personal p JOIN events e ON e.seq = p.seq "
                            "WHERE p.data IS NOT NULL AND p.call_id IS NOT NULL AND e.at < ?1 "
                            "AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.call_id = p.call_id)");
      if (limit > 0)
        g_string_append_printf (sql, " LIMIT %u", limit - ids->len);
      if (!select_ids (self, sql->str, "s", default_cutoff, NULL, ids, error))
        return FALSE;
    }

  return erase_calls (self, ids, "retention", limit == 0, n_calls, error);
}

typedef struct {
  GHashTable *retention;
  int         default_days;
  guint       idle_id;
  guint       daily_id;
  gboolean    erased;
} Retention;

static void
purge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = vigie_sqlite_open (task_data, FALSE, NULL, _("Journal"), VIGIE_JOURNAL_ERROR,
                                   VIGIE_JOURNAL_ERROR_SQLITE, &error);

  if (db == NULL)
    g_message ("%s", error->message);
  else
    purge (db);
  g_clear_pointer (&db, sqlite3_close);
  g_task_return_boolean (task, TRUE);
}

/* The full-text index's merge, on its own connection, off the desk's
 * thread: it rewrites the whole index. */
static void
purge_async (VigieJournal *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

  g_task_set_task_data (task, g_strdup (vigie_journal_get_path (self)), g_free);
  g_task_run_in_thread (task, purge_thread);
}

static void
retention_free (gpointer data)
{
  Retention *retention = data;

  g_clear_handle_id (&retention->idle_id, g_source_remove);
  g_clear_handle_id (&retention->daily_id, g_source_remove);
  g_clear_pointer (&retention->retention, g_hash_table_unref);
  g_free (retention);
}

/* A batch per idle turn: a first run on a journal never erased before
 * does not hold the desk up. */
static gboolean
retention_idle_cb (gpointer user_data)
{
  VigieJournal *self = user_data;
  Retention *retention = g_object_get_data (G_OBJECT (self), "vigie-retention");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!vigie_journal_erase_expired (self, retention->retention, retention->default_days, now,
                                    RETENTION_BATCH, &n, &error))
    {
      g_message ("Personal data past retention not erased: %s", error->message);
      n = 0;
    }
  else if (n > 0)
    g_debug ("Retention: personal data of %u calls erased", n);
  if (n > 0)
    {
      retention->erased = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (retention->erased)
    purge_async (self);
  retention->erased = FALSE;
  retention->idle_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
retention_daily_cb (gpointer user_data)
{
  VigieJournal *self = user_data;
  Retention *retention = g_object_get_data (G_OBJECT (self), "vigie-retention");

  if (retention->idle_id == 0)
    retention->idle_id = g_idle_add_full (G_PRIORITY_LOW, retention_idle_cb, self, NULL);
  return G_SOURCE_CONTINUE;
}

/**
 * vigie_journal_set_retention:
 * @self: a #VigieJournal
 * @retention: (nullable) (transfer none) (element-type utf8 gint): client
 *   id → days (GINT_TO_POINTER), copied
 * @default_days: for other clients; 0 keeps their calls' personal data
 *
 * Erases personal data past retention now (in batches, when the main
 * loop is idle) and then daily, for as long as @self lives. Calling it
 * again replaces the policy (clients.json reloaded).
 */
void
vigie_journal_set_retention (VigieJournal *self,
                             GHashTable   *retention,
                             int           default_days)
{
  Retention *policy;
  GHashTableIter iter;
  gpointer key, value;
  gboolean any = default_days > 0;

  g_return_if_fail (VIGIE_IS_JOURNAL (self));

  policy = g_new0 (Retention, 1);
  policy->retention = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  policy->default_days = default_days;
  if (retention != NULL)
    {
      g_hash_table_iter_init (&iter, retention);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_insert (policy->retention, g_strdup (key), value);
          any |= GPOINTER_TO_INT (value) > 0;
        }
    }
  if (!any)
    {
      g_object_set_data (G_OBJECT (self), "vigie-retention", NULL);
      retention_free (policy);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "vigie-retention", policy, retention_free);
  policy->idle_id = g_idle_add_full (G_PRIORITY_LOW, retention_idle_cb, self, NULL);
  policy->daily_id = g_timeout_add_seconds (RETENTION_PERIOD_S, retention_daily_cb, self);
}
