/* vigie-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal is append-only: triggers refuse UPDATE and DELETE on events,
 * and each row carries the HMAC-SHA-256 of its content chained to the
 * previous row, so an edit made behind SQLite's back (or a dropped
 * trigger) shows in vigie_journal_check(). The calls table is only a
 * summary index, rebuilt from events in the same transaction. Each
 * transaction also rewrites the seal and, once committed, the anchor
 * beside the file (see vigie-journal-seal.c).
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

struct _VigieJournal
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  guint8   key[VIGIE_JOURNAL_KEY_SIZE];

  VigieJournalClock clock;
  gpointer          clock_data;
  GHashTable       *stmts;     /* the append path's prepared statements */

  /* During a transaction: outbox rows the hook wrote, to seal them. */
  GHashTable *touched_outbox;
  GHashTable *touched_calls;

  char    *operator_name;  /* who is signed in at the desk */

  gint64   anchor_synced_at;
  gboolean anchor_dirty;
  guint    anchor_sync_id;

  VigieJournalQueue *queue;  /* vigie_journal_append_async() */
};

#define ANCHOR_SYNC_US G_USEC_PER_SEC

G_DEFINE_FINAL_TYPE (VigieJournal, vigie_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-journal-error-quark, vigie_journal_error)

enum {
  APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define GENESIS_HASH VIGIE_JOURNAL_GENESIS_HASH

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
  "CREATE INDEX IF NOT EXISTS calls_by_caller ON calls (caller_number, received_at DESC);"
  "CREATE VIRTUAL TABLE IF NOT EXISTS calls_fts USING fts5 ("
  "  caller_name, note, answers,"
  "  tokenize='unicode61 remove_diacritics 2');"
  "CREATE TABLE IF NOT EXISTS journal_seal ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq INTEGER NOT NULL,"
  "  head TEXT NOT NULL,"
  "  keyed_from INTEGER NOT NULL,"
  "  calls_count INTEGER NOT NULL,"
  "  calls_sum TEXT NOT NULL,"
  "  outbox_count INTEGER NOT NULL,"
  "  outbox_sum TEXT NOT NULL,"
  "  mac TEXT NOT NULL,"
  "  guard_restored INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS row_seals ("
  "  tbl TEXT NOT NULL,"
  "  rid TEXT NOT NULL,"
  "  mac TEXT NOT NULL,"
  "  PRIMARY KEY (tbl, rid)) WITHOUT ROWID;"
  /* The caller's personal members of each event (see
   * vigie-journal-personal.c); salt, data and number go at erasure. */
  "CREATE TABLE IF NOT EXISTS personal ("
  "  seq INTEGER PRIMARY KEY,"
  "  call_id TEXT,"
  "  salt TEXT,"
  "  data TEXT,"
  "  number TEXT,"
  "  erased_by INTEGER);"
  "CREATE INDEX IF NOT EXISTS personal_by_call ON personal (call_id);"
  "CREATE INDEX IF NOT EXISTS personal_by_number ON personal (number) WHERE number IS NOT NULL;"
  /* Events written before the split whose personal members were erased. */
  "CREATE TABLE IF NOT EXISTS redactions ("
  "  seq INTEGER PRIMARY KEY,"
  "  erased_by INTEGER NOT NULL,"
  "  mac TEXT NOT NULL);"
  /* Calls already erased, so retention does not look at them again. */
  "CREATE TABLE IF NOT EXISTS erased_calls ("
  "  call_id TEXT PRIMARY KEY,"
  "  erased_by INTEGER NOT NULL) WITHOUT ROWID;";

static gboolean
set_sqlite_error (VigieJournal  *self,
                  GError       **error,
                  const char    *what)
{
  g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
               _("Journal %s: %s: %s"), self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

static void
vigie_journal_finalize (GObject *object)
{
  VigieJournal *self = (VigieJournal *)object;

  g_clear_handle_id (&self->anchor_sync_id, g_source_remove);
  if (self->anchor_dirty)
    vigie_journal_anchor_sync (self->path);
  g_clear_pointer (&self->queue, _vigie_journal_queue_free);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->touched_outbox, g_hash_table_unref);
  g_clear_pointer (&self->touched_calls, g_hash_table_unref);
  g_free (self->path);
  g_free (self->operator_name);

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
  self->stmts = vigie_sqlite_cache_new ();
  self->touched_outbox = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->touched_calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
anchor_sync_cb (gpointer user_data)
{
  VigieJournal *self = user_data;

  self->anchor_sync_id = 0;
  if (self->anchor_dirty)
    {
      vigie_journal_anchor_sync (self->path);
      self->anchor_dirty = FALSE;
      self->anchor_synced_at = g_get_monotonic_time ();
    }
  return G_SOURCE_REMOVE;
}

gboolean
_vigie_journal_last_event (VigieJournal  *self,
            gint64        *seq,
            char         **hash,
            GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *seq = 0;
  *hash = g_strdup (GENESIS_HASH);
  if (!(stmt = vigie_sqlite_prepare_cached (self->stmts, self->db, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")))
    return set_sqlite_error (self, error, _("cannot read"));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      g_free (*hash);
      *hash = vigie_sqlite_dup_column (stmt, 1);
    }
  vigie_sqlite_release (self->stmts, stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot read"));
  return TRUE;
}

/**
 * vigie_journal_open:
 * @path: the SQLite file; created with its folder if missing
 * @error: return location for a #GError
 *
 * The key is `@path.key` (created 0600 with a new journal, or when an
 * older journal is first opened) and the anchor `@path.anchor`.
 *
 * Returns: (transfer full) (nullable): the journal
 */
VigieJournal *
vigie_journal_open (const char  *path,
                    GError     **error)
{
  g_autoptr(VigieJournal) self = g_object_new (VIGIE_TYPE_JOURNAL, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *key_path = vigie_journal_key_path (path);
  gboolean key_created = FALSE;

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

  /* A sealed journal whose key is gone cannot be extended: making a new
   * key would hide whatever was done to it. */
  if (!g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      sqlite3_stmt *stmt = NULL;
      gboolean sealed = FALSE;

      if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM journal_seal", -1, &stmt, NULL) == SQLITE_OK)
        sealed = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (sealed)
        {
          g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_KEY,
                       _("Journal key %s is missing: the journal cannot be checked or extended without it"),
                       key_path);
          return NULL;
        }
    }

  if (!vigie_journal_key_load (path, TRUE, self->key, &key_created, error) ||
      !_vigie_journal_migrate (self, key_created, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * vigie_journal_set_clock:
 * @self: a #VigieJournal
 * @clock: (nullable): what stamps events; %NULL for the system clock
 * @user_data: data for @clock
 *
 * For benchmarks and tests that build a journal spread over months.
 */
void
vigie_journal_set_clock (VigieJournal      *self,
                         VigieJournalClock  clock,
                         gpointer           user_data)
{
  g_return_if_fail (VIGIE_IS_JOURNAL (self));
  self->clock = clock;
  self->clock_data = user_data;
}

const char *
vigie_journal_get_path (VigieJournal *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);
  return self->path;
}

static GDateTime *
clock_time (VigieJournal *self)
{
  gint64 us = self->clock (self->clock_data);
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return g_date_time_add (second, us % G_USEC_PER_SEC);
}

/* The event's stored text: its personal members go to their own row
 * (same transaction) and the text carries their salted hash. */
static gboolean
event_text (VigieJournal  *self,
            gint64         seq,
            const char    *call_id,
            const char    *kind,
            JsonNode      *data,
            char         **text,
            GError       **error)
{
  g_autoptr(JsonObject) public_data = NULL;
  g_autoptr(JsonObject) personal = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *personal_text = NULL;
  sqlite3_stmt *stmt;
  char hash[65];
  gboolean ok;

  if (data == NULL)
    {
      *text = g_strdup ("{}");
      return TRUE;
    }
  _vigie_journal_split (kind, json_node_get_object (data), &public_data, &personal);
  if (personal == NULL)
    {
      *text = json_to_string (data, FALSE);
      return TRUE;
    }

  node = json_node_init_object (json_node_alloc (), personal);
  personal_text = json_to_string (node, FALSE);
  salt = _vigie_journal_new_salt ();
  _vigie_journal_personal_hash (salt, personal_text, hash);

  if (!(stmt = vigie_sqlite_prepare_cached (self->stmts, self->db,
                                            "INSERT INTO personal (seq, call_id, salt, data, number) "
                                            "VALUES (?1, ?2, ?3, ?4, ?5)")))
    return set_sqlite_error (self, error, _("cannot append"));
  ok = vigie_sqlite_run (stmt, "xssss", seq, call_id, salt, personal_text,
                         _vigie_journal_personal_number (personal));
  vigie_sqlite_release (self->stmts, stmt);
  if (!ok)
    return set_sqlite_error (self, error, _("cannot append"));

  *text = _vigie_journal_with_ref (public_data, hash);
  return TRUE;
}

static gboolean
insert_event (VigieJournal      *self,
              VigieJournalSeal  *seal,
              const char        *call_id,
              const char        *kind,
              JsonNode          *data,
              GError           **error)
{
  g_autoptr(GDateTime) now = self->clock ? clock_time (self) : g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 seq = seal->seq + 1;
  int rc;

  if (!event_text (self, seq, call_id, kind, data, &text, error))
    return FALSE;
  hash = vigie_journal_hash_event (self->key, seal->head, seq, at, call_id, kind, text);

  if (!(stmt = vigie_sqlite_prepare_cached (self->stmts, self->db, "INSERT INTO events (seq, at, call_id, kind, data, prev_hash, hash) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")))
    return set_sqlite_error (self, error, _("cannot append"));
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, call_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, seal->head, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  vigie_sqlite_release (self->stmts, g_steal_pointer (&stmt));
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot append"));

  seal->seq = seq;
  g_strlcpy (seal->head, hash, sizeof seal->head);

  if (call_id != NULL)
    {
      if (!_vigie_journal_update_summary (self, call_id, kind, at, data ? json_node_get_object (data) : NULL, error))
        return FALSE;
      g_hash_table_add (self->touched_calls, g_strdup (call_id));
    }

  return TRUE;
}

/* Where the next event goes. The seal is the journal's own word for it;
 * when events run past the seal (rows added behind its back) the chain
 * goes on after them so appending still works, and check() reports them.
 * When events stop short of the seal (the newest removed) the chain goes
 * on from the seal, leaving the gap visible. */
static gboolean
load_seal (VigieJournal      *self,
           VigieJournalSeal  *seal,
           GError           **error)
{
  g_autofree char *head = NULL;
  gint64 last = 0;

  if (!vigie_journal_seal_read (self->db, self->stmts, self->key, seal, error) ||
      !_vigie_journal_last_event (self, &last, &head, error))
    return FALSE;

  /* A missing or forged seal is left as it is, for check() to report:
   * rewriting it would launder whatever was done to the tables. */
  if (!seal->present || !seal->valid)
    {
      VigieJournalAnchor anchor;

      vigie_journal_anchor_read (self->path, self->key, &anchor);
      seal->keyed_from = anchor.valid ? anchor.keyed_from : 1;
    }

  if (!seal->present || !seal->valid || last > seal->seq)
    {
      seal->seq = last;
      g_strlcpy (seal->head, head, sizeof seal->head);
    }
  return TRUE;
}

static gboolean
seal_touched (VigieJournal      *self,
              VigieJournalSeal  *seal,
              GHashTable        *touched,
              VigieSealedTable   table,
              GError           **error)
{
  GHashTableIter iter;
  gpointer rid;
  gboolean ok = TRUE;

  g_hash_table_iter_init (&iter, touched);
  while (ok && g_hash_table_iter_next (&iter, &rid, NULL))
    ok = vigie_journal_seal_row (self->db, self->stmts, self->key, seal, table, rid, error);
  g_hash_table_remove_all (touched);
  return ok;
}

static void
update_hook_cb (void          *user_data,
                int            op,
                const char    *database,
                const char    *table,
                sqlite3_int64  rowid)
{
  VigieJournal *self = user_data;

  if (g_str_equal (table, "outbox"))
    g_hash_table_add (self->touched_outbox, g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) rowid));
}

/* Whether the anchor may move forward: not when the event it names is no
 * longer the one it recorded (an older copy was put back), so the
 * evidence stays for check(). */
static gboolean
anchor_agrees (VigieJournal       *self,
               VigieJournalAnchor *anchor)
{
  sqlite3_stmt *stmt = NULL;
  gboolean agrees = FALSE;

  if (!anchor->present)
    return TRUE;
  if (!anchor->valid)
    return FALSE;
  if (anchor->seq == 0)
    return TRUE;
  if (!(stmt = vigie_sqlite_prepare_cached (self->stmts, self->db, "SELECT hash FROM events WHERE seq = ?1")))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, anchor->seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    agrees = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), anchor->head) == 0;
  vigie_sqlite_release (self->stmts, stmt);
  return agrees;
}

static gboolean
entries_valid (const VigieJournalEntry *entries,
               guint                    n_entries)
{
  for (guint i = 0; i < n_entries; i++)
    if (entries[i].kind == NULL || (entries[i].data != NULL && !JSON_NODE_HOLDS_OBJECT (entries[i].data)))
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
  VigieJournalSeal seal;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (n_entries == 0 || entries != NULL, FALSE);
  g_return_val_if_fail (entries_valid (entries, n_entries), FALSE);

  /* What vigie_journal_append_async() queued comes first. */
  _vigie_journal_queue_flush (self, &self->queue);

  if (!_vigie_journal_begin (self, &seal, error))
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    if (!_vigie_journal_insert (self, &seal, entries[i].call_id, entries[i].kind, entries[i].data, error))
      goto failed;

  if (hook != NULL)
    {
      gboolean ok;

      sqlite3_update_hook (self->db, update_hook_cb, self);
      ok = hook (self->db, user_data, error);
      sqlite3_update_hook (self->db, NULL, NULL);
      if (!ok)
        goto failed;
    }

  if (!_vigie_journal_commit (self, &seal, error))
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    g_signal_emit (self, signals[APPENDED], 0, entries[i].call_id, entries[i].kind);
  return TRUE;

failed:
  _vigie_journal_rollback (self);
  return FALSE;
}

/* The write transaction's steps, shared with erasure
 * (vigie-journal-erase.c). */

gboolean
_vigie_journal_begin (VigieJournal      *self,
                      VigieJournalSeal  *seal,
                      GError           **error)
{
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot begin"));
  if (!load_seal (self, seal, error))
    {
      _vigie_journal_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
_vigie_journal_insert (VigieJournal      *self,
                       VigieJournalSeal  *seal,
                       const char        *call_id,
                       const char        *kind,
                       JsonNode          *data,
                       GError           **error)
{
  return insert_event (self, seal, call_id, kind, data, error);
}

void
_vigie_journal_touch (VigieJournal     *self,
                      VigieSealedTable  table,
                      const char       *rid)
{
  g_hash_table_add (table == VIGIE_SEALED_CALLS ? self->touched_calls : self->touched_outbox, g_strdup (rid));
}

void
_vigie_journal_rollback (VigieJournal *self)
{
  g_hash_table_remove_all (self->touched_calls);
  g_hash_table_remove_all (self->touched_outbox);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The commit is durable (WAL, synchronous=FULL); the anchor only has to
 * be on disk within a second: one fsync per commit, not two. */
static void
move_anchor (VigieJournal     *self,
             VigieJournalSeal *seal)
{
  g_autoptr(GError) anchor_error = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean sync = now - self->anchor_synced_at >= ANCHOR_SYNC_US;

  if (!vigie_journal_anchor_write (self->path, self->key, seal->seq, seal->head, seal->keyed_from,
                                   sync, &anchor_error))
    {
      g_message ("%s", anchor_error->message);
      return;
    }
  if (sync)
    self->anchor_synced_at = now;
  self->anchor_dirty = !sync;
  if (self->anchor_dirty && self->anchor_sync_id == 0)
    self->anchor_sync_id = g_timeout_add (ANCHOR_SYNC_US / 1000, anchor_sync_cb, self);
}

/* Seals what the transaction touched, commits, then moves the anchor; on
 * failure the transaction is rolled back. */
gboolean
_vigie_journal_commit (VigieJournal      *self,
                       VigieJournalSeal  *seal,
                       GError           **error)
{
  VigieJournalAnchor anchor;
  gboolean seal_sound = seal->present && seal->valid;
  gboolean write_anchor;

  /* Each call and outbox row written is sealed once, as it ends up. */
  if (!seal_touched (self, seal, self->touched_calls, VIGIE_SEALED_CALLS, error) ||
      !seal_touched (self, seal, self->touched_outbox, VIGIE_SEALED_OUTBOX, error))
    goto failed;

  if (seal_sound && !vigie_journal_seal_write (self->db, self->stmts, self->key, seal, error))
    goto failed;

  vigie_journal_anchor_read (self->path, self->key, &anchor);
  write_anchor = seal_sound && anchor_agrees (self, &anchor);

  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot append"));
      goto failed;
    }

  /* After the commit: an anchor ahead of the file would read as a
   * rollback. A crash in between leaves it one transaction behind, which
   * check() accepts. */
  if (write_anchor)
    move_anchor (self, seal);
  return TRUE;

failed:
  _vigie_journal_rollback (self);
  return FALSE;
}

void
_vigie_journal_emit_appended (VigieJournal *self,
                              const char   *call_id,
                              const char   *kind)
{
  g_signal_emit (self, signals[APPENDED], 0, call_id, kind);
}

VigieJournalQueue **
_vigie_journal_get_queue (VigieJournal *self)
{
  return &self->queue;
}

GHashTable *
_vigie_journal_get_stmts (VigieJournal *self)
{
  return self->stmts;
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

/**
 * vigie_journal_append_built:
 * @self: a #VigieJournal
 * @builder: a #JsonBuilder inside the event's object, which this closes
 * @call_id: (nullable): the call the event belongs to
 * @kind: the event kind
 * @error: return location for a #GError
 *
 * vigie_journal_append() of the object @builder was writing.
 *
 * Returns: %TRUE if the event was committed
 */
gboolean
vigie_journal_append_built (VigieJournal  *self,
                            JsonBuilder   *builder,
                            const char    *call_id,
                            const char    *kind,
                            GError       **error)
{
  g_autoptr(JsonNode) data = NULL;

  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  return vigie_journal_append (self, call_id, kind, data, error);
}

sqlite3 *
_vigie_journal_get_db (VigieJournal *self)
{
  return self->db;
}

/**
 * vigie_journal_verify:
 * @self: a #VigieJournal
 * @n_events: (out) (optional): how many events were checked
 * @error: return location for a #GError
 *
 * A full vigie_journal_check(), on the calling thread: for tools and
 * tests. The desk uses vigie_journal_check_async().
 *
 * Returns: %TRUE if no damage was found; else the error
 *   (%VIGIE_JOURNAL_ERROR_TAMPERED) names the first bad event and the kind
 *   of damage
 */
gboolean
vigie_journal_verify (VigieJournal  *self,
                      gint64        *n_events,
                      GError       **error)
{
  g_autoptr(VigieJournalReport) report = NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);

  if (!(report = vigie_journal_check (self, 0, NULL, NULL, error)))
    return FALSE;
  if (n_events)
    *n_events = report->n_events;
  if (report->damage != VIGIE_JOURNAL_DAMAGE_NONE)
    {
      g_set_error_literal (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_TAMPERED, report->message);
      return FALSE;
    }
  return TRUE;
}

/* For vigie-journal-check.c. */
const guint8 *
_vigie_journal_get_key (VigieJournal *self)
{
  return self->key;
}

/**
 * vigie_journal_set_operator:
 * @self: a #VigieJournal
 * @name: (nullable): the operator signed in at the desk, for this session
 *
 * Who is at the desk: the events of calls, decisions, acknowledgements
 * and roster changes name them.
 */
void
vigie_journal_set_operator (VigieJournal *self,
                            const char   *name)
{
  g_return_if_fail (VIGIE_IS_JOURNAL (self));

  g_free (self->operator_name);
  self->operator_name = g_strdup (name);
}

/**
 * vigie_journal_get_operator:
 * @self: a #VigieJournal
 *
 * Returns: (nullable): the operator signed in, %NULL before sign-in
 */
const char *
vigie_journal_get_operator (VigieJournal *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);

  return self->operator_name;
}
