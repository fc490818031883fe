/* vigie-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal is append-only: triggers refuse UPDATE and DELETE on events,
 * and each row carries the SHA-256 of its content chained to the previous
 * row, so an edit made behind SQLite's back (or a dropped trigger) shows as
 * a broken chain in vigie_journal_verify(). The calls table is only a
 * summary index, rebuilt from events in the same transaction.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigie-journal.h"
#include "vigie-sqlite.h"

struct _VigieJournal
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (VigieJournal, vigie_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-journal-error-quark, vigie_journal_error)

enum {
  APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=FULL;"
  "PRAGMA foreign_keys=ON;"
  "CREATE TABLE IF NOT EXISTS events ("
  "  seq INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  call_id TEXT,"
  "  kind TEXT NOT NULL,"
  "  data TEXT NOT NULL CHECK (json_valid (data)),"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL UNIQUE);"
  "CREATE INDEX IF NOT EXISTS events_by_call ON events (call_id, seq);"
  "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
  "CREATE TABLE IF NOT EXISTS calls ("
  "  call_id TEXT PRIMARY KEY,"
  "  received_at TEXT NOT NULL,"
  "  client_id TEXT,"
  "  client_name TEXT,"
  "  caller_number TEXT,"
  "  caller_name TEXT,"
  "  decision TEXT,"
  "  alert_status TEXT);"
  "CREATE INDEX IF NOT EXISTS calls_by_time ON calls (received_at DESC);"
  "CREATE INDEX IF NOT EXISTS calls_by_caller ON calls (caller_number, received_at DESC);";

static gboolean
set_sqlite_error (VigieJournal  *self,
                  GError       **error,
                  const char    *what)
{
  g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
               _("Journal %s: %s: %s"), self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

static char *
compute_hash (const char *prev_hash,
              gint64      seq,
              const char *at,
              const char *call_id,
              const char *kind,
              const char *data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *seq_str = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *parts[] = { prev_hash, seq_str, at, call_id ? call_id : "", kind, data };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (checksum, (const guchar *) parts[i], -1);
      g_checksum_update (checksum, (const guchar *) "\x1f", 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static void
vigie_journal_finalize (GObject *object)
{
  VigieJournal *self = (VigieJournal *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (vigie_journal_parent_class)->finalize (object);
}

static void
vigie_journal_class_init (VigieJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_journal_finalize;

  /**
   * VigieJournal::appended:
   * @call_id: (nullable): the call the event belongs to
   * @kind: the event kind
   *
   * An event was committed.
   */
  signals[APPENDED] =
    g_signal_new ("appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
vigie_journal_init (VigieJournal *self)
{
}

/**
 * vigie_journal_open:
 * @path: the SQLite file; created with its folder if missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the journal
 */
VigieJournal *
vigie_journal_open (const char  *path,
                    GError     **error)
{
  g_autoptr(VigieJournal) self = g_object_new (VIGIE_TYPE_JOURNAL, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  self->path = g_strdup (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  if (!(self->db = vigie_sqlite_open (path, TRUE, schema, _("Journal"),
                                      VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE, error)))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
vigie_journal_get_path (VigieJournal *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);
  return self->path;
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  return json_object_get_string_member_with_default (object, member, NULL);
}

/* Keeps the calls summary in step with the events, in the same transaction. */
static gboolean
update_summary (VigieJournal  *self,
                const char    *call_id,
                const char    *kind,
                const char    *at,
                JsonObject    *object,
                GError       **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  const char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  int rc;

  if (g_str_equal (kind, "call-received"))
    {
      g_string_assign (sql, "INSERT OR IGNORE INTO calls (call_id, received_at, client_id, "
                            "client_name, caller_number) VALUES (?1, ?2, ?3, ?4, ?5)");
      a = at;
      b = string_member (object, "client_id");
      c = string_member (object, "client_name");
      d = string_member (object, "from");
    }
  else if (g_str_equal (kind, "caller-identified") || g_str_equal (kind, "caller-details"))
    {
      g_string_assign (sql, "UPDATE calls SET caller_name = ?2 WHERE call_id = ?1");
      a = string_member (object, "name");
    }
  else if (g_str_equal (kind, "decision"))
    {
      g_string_assign (sql, "UPDATE calls SET decision = ?2 WHERE call_id = ?1");
      a = string_member (object, "decision");
    }
  else if (g_str_equal (kind, "alert-attempt") || g_str_equal (kind, "alert-acknowledged"))
    {
      g_string_assign (sql, "UPDATE calls SET alert_status = ?2 WHERE call_id = ?1");
      a = string_member (object, "status");
    }
  else
    return TRUE;

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot prepare"));
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, a, -1, SQLITE_TRANSIENT);
  if (b) sqlite3_bind_text (stmt, 3, b, -1, SQLITE_TRANSIENT);
  if (c) sqlite3_bind_text (stmt, 4, c, -1, SQLITE_TRANSIENT);
  if (d) sqlite3_bind_text (stmt, 5, d, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot update the call summary"));
  return TRUE;
}

static gboolean
insert_event (VigieJournal  *self,
              const char    *call_id,
              const char    *kind,
              JsonNode      *data,
              GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *text = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 1;
  int rc;

  text = data ? json_to_string (data, FALSE) : g_strdup ("{}");

  if (sqlite3_prepare_v2 (self->db, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot append"));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (stmt, 0) + 1;
      prev_hash = vigie_sqlite_dup_column (stmt, 1);
    }
  else
    prev_hash = g_strdup (GENESIS_HASH);
  g_clear_pointer (&stmt, sqlite3_finalize);

  hash = compute_hash (prev_hash, seq, at, call_id, kind, text);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO events (seq, at, call_id, kind, data, prev_hash, hash) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot append"));
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, call_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot append"));

  if (call_id != NULL &&
      !update_summary (self, call_id, kind, at,
                       data ? json_node_get_object (data) : NULL, error))
    return FALSE;

  return TRUE;
}

/**
 * vigie_journal_append_many:
 * @self: a #VigieJournal
 * @entries: (array length=n_entries): the events, in order
 * @n_entries: how many
 * @hook: (nullable) (scope call): more writes to make in the same transaction
 * @user_data: data for @hook
 * @error: return location for a #GError
 *
 * Commits the events and whatever @hook writes (on the journal's own
 * connection) in one transaction: all of it is on disk, or none of it. The
 * outbox uses this so that a decision and its alerts land together.
 *
 * Returns: %TRUE if everything was committed
 */
gboolean
vigie_journal_append_many (VigieJournal            *self,
                           const VigieJournalEntry *entries,
                           guint                    n_entries,
                           VigieJournalHook         hook,
                           gpointer                 user_data,
                           GError                 **error)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (n_entries == 0 || entries != NULL, FALSE);

  for (guint i = 0; i < n_entries; i++)
    {
      g_return_val_if_fail (entries[i].kind != NULL, FALSE);
      g_return_val_if_fail (entries[i].data == NULL || JSON_NODE_HOLDS_OBJECT (entries[i].data), FALSE);
    }

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot begin"));

  for (guint i = 0; i < n_entries; i++)
    if (!insert_event (self, entries[i].call_id, entries[i].kind, entries[i].data, error))
      goto failed;

  if (hook != NULL && !hook (self->db, user_data, error))
    goto failed;

  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot append"));
      goto failed;
    }

  for (guint i = 0; i < n_entries; i++)
    g_signal_emit (self, signals[APPENDED], 0, entries[i].call_id, entries[i].kind);
  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/**
 * vigie_journal_append:
 * @self: a #VigieJournal
 * @call_id: (nullable): the call the event belongs to
 * @kind: the event kind, e.g. "call-received", "answer", "decision"
 * @data: (nullable): a JSON object with the event's details
 * @error: return location for a #GError
 *
 * Commits the event (fsync'd, WAL) before returning, so what the operator
 * saw happen is on disk.
 *
 * Returns: %TRUE if the event was committed
 */
gboolean
vigie_journal_append (VigieJournal  *self,
                      const char    *call_id,
                      const char    *kind,
                      JsonNode      *data,
                      GError       **error)
{
  VigieJournalEntry entry = { call_id, kind, data };

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  return vigie_journal_append_many (self, &entry, 1, NULL, NULL, error);
}

void
vigie_journal_event_free (VigieJournalEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->at);
  g_free (event->call_id);
  g_free (event->kind);
  g_free (event->data);
  g_free (event->hash);
  g_free (event);
}

void
vigie_journal_call_free (VigieJournalCall *call)
{
  if (call == NULL)
    return;
  g_free (call->call_id);
  g_free (call->received_at);
  g_free (call->client_id);
  g_free (call->client_name);
  g_free (call->caller_number);
  g_free (call->caller_name);
  g_free (call->decision);
  g_free (call->alert_status);
  g_free (call);
}

/**
 * vigie_journal_list_events:
 * @self: a #VigieJournal
 * @call_id: (nullable): only this call's events, or all when %NULL
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieJournalEvent): the events, oldest first
 */
GPtrArray *
vigie_journal_list_events (VigieJournal  *self,
                           const char    *call_id,
                           GError       **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_journal_event_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          call_id
                            ? "SELECT seq, at, call_id, kind, data, hash FROM events WHERE call_id = ?1 ORDER BY seq"
                            : "SELECT seq, at, call_id, kind, data, hash FROM events ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot read"));
      return NULL;
    }
  if (call_id)
    sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigieJournalEvent *event = g_new0 (VigieJournalEvent, 1);

      event->seq = sqlite3_column_int64 (stmt, 0);
      event->at = vigie_sqlite_dup_column (stmt, 1);
      event->call_id = vigie_sqlite_dup_column (stmt, 2);
      event->kind = vigie_sqlite_dup_column (stmt, 3);
      event->data = vigie_sqlite_dup_column (stmt, 4);
      event->hash = vigie_sqlite_dup_column (stmt, 5);
      g_ptr_array_add (events, event);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _("cannot read"));
      return NULL;
    }

  return g_steal_pointer (&events);
}

#define CALL_COLUMNS \
  "SELECT call_id, received_at, client_id, client_name, caller_number, " \
  "caller_name, decision, alert_status FROM calls "

/* Steps and finalizes @stmt, a query on CALL_COLUMNS. */
static GPtrArray *
read_calls (VigieJournal  *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_journal_call_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigieJournalCall *call = g_new0 (VigieJournalCall, 1);

      call->call_id = vigie_sqlite_dup_column (stmt, 0);
      call->received_at = vigie_sqlite_dup_column (stmt, 1);
      call->client_id = vigie_sqlite_dup_column (stmt, 2);
      call->client_name = vigie_sqlite_dup_column (stmt, 3);
      call->caller_number = vigie_sqlite_dup_column (stmt, 4);
      call->caller_name = vigie_sqlite_dup_column (stmt, 5);
      call->decision = vigie_sqlite_dup_column (stmt, 6);
      call->alert_status = vigie_sqlite_dup_column (stmt, 7);
      g_ptr_array_add (calls, call);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _("cannot read"));
      return NULL;
    }

  return g_steal_pointer (&calls);
}

/**
 * vigie_journal_list_calls:
 * @self: a #VigieJournal
 * @limit: how many calls at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieJournalCall): the latest calls, newest first
 */
GPtrArray *
vigie_journal_list_calls (VigieJournal  *self,
                          guint          limit,
                          GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          CALL_COLUMNS "ORDER BY received_at DESC, rowid DESC LIMIT ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot read"));
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, (int) MIN (limit, G_MAXINT));

  return read_calls (self, stmt, error);
}

/**
 * vigie_journal_list_calls_from:
 * @self: a #VigieJournal
 * @number: the caller's number, normalised as in the call-received event
 * @since: only calls received at or after this time
 * @except_call_id: (nullable): a call to leave out, usually the current one
 * @limit: how many calls at most
 * @error: return location for a #GError
 *
 * The caller's history for the screen pop. Hidden numbers have none.
 *
 * Returns: (transfer full) (element-type VigieJournalCall): the calls,
 *   newest first
 */
GPtrArray *
vigie_journal_list_calls_from (VigieJournal  *self,
                               const char    *number,
                               GDateTime     *since,
                               const char    *except_call_id,
                               guint          limit,
                               GError       **error)
{
  g_autoptr(GDateTime) since_utc = NULL;
  g_autofree char *since_text = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (since != NULL, NULL);

  if (number == NULL || g_str_equal (number, "anonymous"))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_journal_call_free);

  since_utc = g_date_time_to_utc (since);
  since_text = g_date_time_format (since_utc, "%Y-%m-%dT%H:%M:%S.%fZ");

  if (sqlite3_prepare_v2 (self->db,
                          CALL_COLUMNS "WHERE caller_number = ?1 AND received_at >= ?2 AND call_id IS NOT ?3 "
                          "ORDER BY received_at DESC, rowid DESC LIMIT ?4",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot read"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, since_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, except_call_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) MIN (limit, G_MAXINT));

  return read_calls (self, stmt, error);
}

/**
 * vigie_journal_verify:
 * @self: a #VigieJournal
 * @n_events: (out) (optional): how many events were checked
 * @error: return location for a #GError
 *
 * Recomputes the hash chain from the first event.
 *
 * Returns: %TRUE if no event was changed, removed or inserted
 */
gboolean
vigie_journal_verify (VigieJournal  *self,
                      gint64        *n_events,
                      GError       **error)
{
  g_autofree char *prev_hash = g_strdup (GENESIS_HASH);
  sqlite3_stmt *stmt = NULL;
  gint64 expected = 1;
  int rc;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT seq, at, call_id, kind, data, prev_hash, hash FROM events ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot read"));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      g_autofree char *hash = compute_hash (prev_hash, seq,
                                            (const char *) sqlite3_column_text (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2),
                                            (const char *) sqlite3_column_text (stmt, 3),
                                            (const char *) sqlite3_column_text (stmt, 4));

      if (seq != expected ||
          g_strcmp0 (prev_hash, (const char *) sqlite3_column_text (stmt, 5)) != 0 ||
          g_strcmp0 (hash, (const char *) sqlite3_column_text (stmt, 6)) != 0)
        {
          g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, seq != expected ? expected : seq);

          g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_TAMPERED,
                       _("Journal %s was altered at event %s"), self->path, at);
          sqlite3_finalize (stmt);
          return FALSE;
        }

      g_free (prev_hash);
      prev_hash = g_steal_pointer (&hash);
      expected++;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot read"));

  if (n_events)
    *n_events = expected - 1;
  return TRUE;
}
