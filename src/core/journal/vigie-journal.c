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

  /* During a transaction: outbox rows the hook wrote, to seal them. */
  GHashTable *touched_outbox;

  char    *operator_name;  /* who is signed in at the desk */
};

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
  "  PRIMARY KEY (tbl, rid)) WITHOUT ROWID;";

/* Apart from the schema: open() looks for them first (see restore_guard). */
static const char guard[] =
  "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;";

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

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->touched_outbox, g_hash_table_unref);
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
}

static gboolean
last_event (VigieJournal  *self,
            gint64        *seq,
            char         **hash,
            GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *seq = 0;
  *hash = g_strdup (GENESIS_HASH);
  if (sqlite3_prepare_v2 (self->db, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot read"));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      g_free (*hash);
      *hash = vigie_sqlite_dup_column (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot read"));
  return TRUE;
}

/* A journal written before the key existed gets one now: its events stay
 * as they are (unkeyed SHA-256) and the key chains everything after them.
 * A keyed journal whose seal is gone gets none here: that is for
 * vigie_journal_check() to report. */
static gboolean
seal_new_journal (VigieJournal  *self,
                  gboolean       key_created,
                  GError       **error)
{
  VigieJournalSeal seal;
  g_autofree char *head = NULL;
  gint64 last = 0;

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot begin"));
  if (!vigie_journal_seal_read (self->db, self->key, &seal, error) ||
      !last_event (self, &last, &head, error))
    goto failed;
  if (seal.present || (last > 0 && !key_created))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return TRUE;
    }

  seal.seq = last;
  g_strlcpy (seal.head, head, sizeof seal.head);
  seal.keyed_from = last + 1;
  if (!vigie_journal_seal_all (self->db, self->key, &seal, error) ||
      !vigie_journal_seal_write (self->db, self->key, &seal, error))
    goto failed;
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot seal"));
      goto failed;
    }

  return vigie_journal_anchor_write (self->path, self->key, seal.seq, seal.head, seal.keyed_from, error);

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Triggers found dropped on a journal with events are put back, and the
 * seal remembers it, so check() keeps reporting it once the guard is up
 * again. */
static gboolean
restore_guard (VigieJournal  *self,
               GError       **error)
{
  const char *names[] = { "events_no_update", "events_no_delete" };
  g_autofree char *head = NULL;
  VigieJournalSeal seal;
  gboolean missing = FALSE;
  gint64 last = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    missing |= !vigie_journal_table_exists (self->db, names[i]);

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot begin"));
  if (!last_event (self, &last, &head, error) ||
      !vigie_journal_seal_read (self->db, self->key, &seal, error))
    goto failed;
  if (sqlite3_exec (self->db, guard, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  if (missing && last > 0 && seal.valid && seal.guard_restored == 0)
    {
      seal.guard_restored = MAX (seal.seq, 1);
      if (!vigie_journal_seal_write (self->db, self->key, &seal, error))
        goto failed;
    }
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
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
      !seal_new_journal (self, key_created, error) ||
      !restore_guard (self, error))
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
insert_event (VigieJournal      *self,
              VigieJournalSeal  *seal,
              const char        *call_id,
              const char        *kind,
              JsonNode          *data,
              GError           **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 seq = seal->seq + 1;
  int rc;

  text = data ? json_to_string (data, FALSE) : g_strdup ("{}");
  hash = vigie_journal_hash_event (self->key, seal->head, seq, at, call_id, kind, text);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO events (seq, at, call_id, kind, data, prev_hash, hash) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot append"));
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, call_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, seal->head, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot append"));

  seal->seq = seq;
  g_strlcpy (seal->head, hash, sizeof seal->head);

  if (call_id != NULL &&
      (!update_summary (self, call_id, kind, at,
                        data ? json_node_get_object (data) : NULL, error) ||
       !vigie_journal_seal_row (self->db, self->key, seal, VIGIE_SEALED_CALLS, call_id, error)))
    return FALSE;

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

  if (!vigie_journal_seal_read (self->db, self->key, seal, error) ||
      !last_event (self, &last, &head, error))
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
  if (sqlite3_prepare_v2 (self->db, "SELECT hash FROM events WHERE seq = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, anchor->seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    agrees = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), anchor->head) == 0;
  sqlite3_finalize (stmt);
  return agrees;
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
  g_autoptr(GError) anchor_error = NULL;
  VigieJournalSeal seal;
  VigieJournalAnchor anchor;
  gboolean write_anchor;
  gboolean seal_sound;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (n_entries == 0 || entries != NULL, FALSE);

  for (guint i = 0; i < n_entries; i++)
    {
      g_return_val_if_fail (entries[i].kind != NULL, FALSE);
      g_return_val_if_fail (entries[i].data == NULL || JSON_NODE_HOLDS_OBJECT (entries[i].data), FALSE);
    }

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot begin"));

  if (!load_seal (self, &seal, error))
    goto failed;
  seal_sound = seal.present && seal.valid;

  for (guint i = 0; i < n_entries; i++)
    if (!insert_event (self, &seal, entries[i].call_id, entries[i].kind, entries[i].data, error))
      goto failed;

  if (hook != NULL)
    {
      gboolean ok;

      if (self->touched_outbox == NULL)
        self->touched_outbox = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      sqlite3_update_hook (self->db, update_hook_cb, self);
      ok = hook (self->db, user_data, error);
      sqlite3_update_hook (self->db, NULL, NULL);
      if (ok)
        {
          GHashTableIter iter;
          gpointer rid;

          g_hash_table_iter_init (&iter, self->touched_outbox);
          while (ok && g_hash_table_iter_next (&iter, &rid, NULL))
            ok = vigie_journal_seal_row (self->db, self->key, &seal, VIGIE_SEALED_OUTBOX, rid, error);
        }
      g_hash_table_remove_all (self->touched_outbox);
      if (!ok)
        goto failed;
    }

  if (seal_sound && !vigie_journal_seal_write (self->db, self->key, &seal, error))
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
  if (write_anchor &&
      !vigie_journal_anchor_write (self->path, self->key, seal.seq, seal.head, seal.keyed_from, &anchor_error))
    g_message ("%s", anchor_error->message);

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
