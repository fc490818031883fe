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
last_event (VigieJournal  *self,
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
  if (!vigie_journal_seal_read (self->db, self->stmts, self->key, &seal, error) ||
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
  if (!vigie_journal_seal_all (self->db, self->stmts, self->key, &seal, error) ||
      !vigie_journal_seal_write (self->db, self->stmts, self->key, &seal, error))
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
      !vigie_journal_seal_read (self->db, self->stmts, self->key, &seal, error))
    goto failed;
  if (sqlite3_exec (self->db, guard, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  if (missing && last > 0 && seal.valid && seal.guard_restored == 0)
    {
      seal.guard_restored = MAX (seal.seq, 1);
      if (!vigie_journal_seal_write (self->db, self->stmts, self->key, &seal, error))
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
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  VigieJournalSeal seal;
  gboolean added = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA table_info (calls)", -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot read"));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (have, vigie_sqlite_dup_column (stmt, 1));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < G_N_ELEMENTS (summary_columns); i++)
    if (!g_hash_table_contains (have, summary_columns[i][0]))
      break;
    else if (i + 1 == G_N_ELEMENTS (summary_columns))
      return sqlite3_exec (self->db, sort_indexes, NULL, NULL, NULL) == SQLITE_OK ||
             set_sqlite_error (self, error, _("cannot create the tables"));

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, _("cannot begin"));
  if (!vigie_journal_seal_read (self->db, self->stmts, self->key, &seal, error))
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (summary_columns); i++)
    if (!g_hash_table_contains (have, summary_columns[i][0]))
      {
        g_autofree char *sql = g_strdup_printf ("ALTER TABLE calls ADD COLUMN %s %s",
                                                summary_columns[i][0], summary_columns[i][1]);

        if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
          {
            set_sqlite_error (self, error, _("cannot create the tables"));
            goto failed;
          }
        added = TRUE;
      }
  if (sqlite3_exec (self->db, sort_indexes, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  if (added &&
      sqlite3_exec (self->db, "DELETE FROM calls_fts; INSERT INTO calls_fts (rowid, caller_name) "
                              "SELECT rowid, caller_name FROM calls", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot create the tables"));
      goto failed;
    }
  if (added && seal.present && seal.valid &&
      (!vigie_journal_seal_all (self->db, self->stmts, self->key, &seal, error) ||
       !vigie_journal_seal_write (self->db, self->stmts, self->key, &seal, error)))
    goto failed;
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
      !migrate_summary (self, error) ||
      !seal_new_journal (self, key_created, error) ||
      !restore_guard (self, error))
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

typedef struct {
  const char *kind;
  const char *sql;          /* ?1 call id, ?2 time, ?3… the members */
  const char *members[8];
  gboolean    fts;          /* changes what full-text search reads */
} SummaryRule;

/* How each event moves the call's summary row. */
static const SummaryRule summary_rules[] = {
  { "call-received",
    "INSERT OR IGNORE INTO calls (call_id, received_at, client_id, client_name, caller_number, line, "
    "operator, script) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    { "client_id", "client_name", "from", "line", "operator", "script" }, FALSE },
  { "caller-identified",
    "UPDATE calls SET caller_name = COALESCE (?3, caller_name), vip = COALESCE (?4, vip) WHERE call_id = ?1",
    { "name", "vip" }, TRUE },
  { "caller-details",
    "UPDATE calls SET caller_name = COALESCE (?3, caller_name), vip = COALESCE (?4, vip) WHERE call_id = ?1",
    { "name", "vip" }, TRUE },
  { "answer",
    "UPDATE calls SET answers = CASE WHEN answers IS NULL THEN ?3 ELSE answers || ' · ' || ?3 END "
    "WHERE call_id = ?1 AND ?3 IS NOT NULL",
    { "value" }, TRUE },
  { "override",
    "UPDATE calls SET overridden = 1, override_reason = COALESCE (?3, override_reason) WHERE call_id = ?1",
    { "reason" }, FALSE },
  { "decision",
    "UPDATE calls SET decision = ?3, recommended = ?4, outcome = ?5, gravity = ?6, note = COALESCE (?7, note), "
    "override_reason = COALESCE (?8, override_reason), "
    "overridden = CASE WHEN ?8 IS NOT NULL OR (?4 IS NOT NULL AND ?3 IS NOT ?4) THEN 1 ELSE overridden END, "
    "decided_at = ?2, operator = COALESCE (operator, ?9) WHERE call_id = ?1",
    { "decision", "recommended", "outcome", "gravity", "note", "override_reason", "operator" }, TRUE },
  { "alert-attempt",
    "UPDATE calls SET alert_status = CASE WHEN alert_status IN ('acknowledged', 'not-urgent') THEN alert_status "
    "ELSE ?3 END, "
    "alert_delivered_at = CASE WHEN ?3 = 'delivered' THEN COALESCE (alert_delivered_at, ?2) "
    "ELSE alert_delivered_at END WHERE call_id = ?1",
    { "status" }, FALSE },
  { "alert-acknowledged",
    "UPDATE calls SET alert_status = COALESCE (?3, alert_status), acked_at = COALESCE (acked_at, ?2), "
    "acked_by = COALESCE (acked_by, ?4, ?5) WHERE call_id = ?1",
    { "status", "by", "source" }, FALSE },
  { "escalation-acknowledged",
    "UPDATE calls SET acked_at = COALESCE (acked_at, ?2), acked_by = COALESCE (acked_by, ?3, ?4) "
    "WHERE call_id = ?1",
    { "name", "person_id" }, FALSE },
  { "escalation-step",
    "UPDATE calls SET escalation_steps = COALESCE (escalation_steps, 0) + 1 WHERE call_id = ?1 "
    "AND ?3 IS NOT 'skipped'",
    { "status" }, FALSE },
  { "call-closed",
    "UPDATE calls SET closed_at = ?2 WHERE call_id = ?1",
    { NULL }, FALSE },
};

/* Binds a member as SQL wants it: booleans as 0/1, an object by its name
 * or id (an operator may be given either way), anything else as NULL. */
static void
bind_member (sqlite3_stmt *stmt,
             int           index,
             JsonObject   *object,
             const char   *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *inner = json_node_get_object (node);

      node = json_object_get_member (inner, "name");
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        node = json_object_get_member (inner, "id");
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      break;
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (node));
      break;
    default:
      sqlite3_bind_null (stmt, index);
    }
}

static gboolean
run_sql (VigieJournal  *self,
         const char    *sql,
         const char    *call_id,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!(stmt = vigie_sqlite_prepare_cached (self->stmts, self->db, sql)))
    return set_sqlite_error (self, error, _("cannot update the call summary"));
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  vigie_sqlite_release (self->stmts, stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot update the call summary"));
  return TRUE;
}

/* Keeps the calls summary (and its full-text index) in step with the
 * events, in the same transaction. */
static gboolean
update_summary (VigieJournal  *self,
                const char    *call_id,
                const char    *kind,
                const char    *at,
                JsonObject    *object,
                GError       **error)
{
  const SummaryRule *rule = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (summary_rules) && rule == NULL; i++)
    if (g_str_equal (summary_rules[i].kind, kind))
      rule = &summary_rules[i];
  if (rule == NULL)
    return TRUE;

  if (!(stmt = vigie_sqlite_prepare_cached (self->stmts, self->db, rule->sql)))
    return set_sqlite_error (self, error, _("cannot prepare"));
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  for (int i = 0; i < (int) G_N_ELEMENTS (rule->members) && rule->members[i]; i++)
    bind_member (stmt, i + 3, object, rule->members[i]);
  rc = sqlite3_step (stmt);
  vigie_sqlite_release (self->stmts, stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, _("cannot update the call summary"));

  if (rule->fts && sqlite3_changes (self->db) > 0 &&
      (!run_sql (self, "DELETE FROM calls_fts WHERE rowid = (SELECT rowid FROM calls WHERE call_id = ?1)",
                 call_id, error) ||
       !run_sql (self, "INSERT INTO calls_fts (rowid, caller_name, note, answers) "
                       "SELECT rowid, caller_name, note, answers FROM calls WHERE call_id = ?1",
                 call_id, error)))
    return FALSE;
  return TRUE;
}

static GDateTime *
clock_time (VigieJournal *self)
{
  gint64 us = self->clock (self->clock_data);
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return g_date_time_add (second, us % G_USEC_PER_SEC);
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

  text = data ? json_to_string (data, FALSE) : g_strdup ("{}");
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
      if (!update_summary (self, call_id, kind, at, data ? json_node_get_object (data) : NULL, error))
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

      sqlite3_update_hook (self->db, update_hook_cb, self);
      ok = hook (self->db, user_data, error);
      sqlite3_update_hook (self->db, NULL, NULL);
      if (!ok)
        goto failed;
    }

  /* Each call and outbox row written is sealed once, as it ends up. */
  if (!seal_touched (self, &seal, self->touched_calls, VIGIE_SEALED_CALLS, error) ||
      !seal_touched (self, &seal, self->touched_outbox, VIGIE_SEALED_OUTBOX, error))
    goto failed;

  if (seal_sound && !vigie_journal_seal_write (self->db, self->stmts, self->key, &seal, error))
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
  g_hash_table_remove_all (self->touched_calls);
  g_hash_table_remove_all (self->touched_outbox);
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
  g_free (call->line);
  g_free (call->operator_name);
  g_free (call->script);
  g_free (call->outcome);
  g_free (call->recommended);
  g_free (call->override_reason);
  g_free (call->note);
  g_free (call->answers);
  g_free (call->decided_at);
  g_free (call->alert_delivered_at);
  g_free (call->acked_at);
  g_free (call->acked_by);
  g_free (call->closed_at);
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

#define CALL_COLUMNS "SELECT " VIGIE_JOURNAL_CALL_COLUMNS " FROM calls "

/* Steps and finalizes @stmt, a query on VIGIE_JOURNAL_CALL_COLUMNS. */
GPtrArray *
_vigie_journal_read_calls (sqlite3       *db,
                           sqlite3_stmt  *stmt,
                           GError       **error)
{
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_journal_call_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigieJournalCall *call = g_new0 (VigieJournalCall, 1);
      int i = 0;

      call->call_id = vigie_sqlite_dup_column (stmt, i++);
      call->received_at = vigie_sqlite_dup_column (stmt, i++);
      call->client_id = vigie_sqlite_dup_column (stmt, i++);
      call->client_name = vigie_sqlite_dup_column (stmt, i++);
      call->caller_number = vigie_sqlite_dup_column (stmt, i++);
      call->caller_name = vigie_sqlite_dup_column (stmt, i++);
      call->decision = vigie_sqlite_dup_column (stmt, i++);
      call->alert_status = vigie_sqlite_dup_column (stmt, i++);
      call->line = vigie_sqlite_dup_column (stmt, i++);
      call->operator_name = vigie_sqlite_dup_column (stmt, i++);
      call->script = vigie_sqlite_dup_column (stmt, i++);
      call->vip = sqlite3_column_int (stmt, i++) != 0;
      call->outcome = vigie_sqlite_dup_column (stmt, i++);
      call->gravity = sqlite3_column_int (stmt, i++);
      call->recommended = vigie_sqlite_dup_column (stmt, i++);
      call->overridden = sqlite3_column_int (stmt, i++) != 0;
      call->override_reason = vigie_sqlite_dup_column (stmt, i++);
      call->note = vigie_sqlite_dup_column (stmt, i++);
      call->answers = vigie_sqlite_dup_column (stmt, i++);
      call->decided_at = vigie_sqlite_dup_column (stmt, i++);
      call->alert_delivered_at = vigie_sqlite_dup_column (stmt, i++);
      call->acked_at = vigie_sqlite_dup_column (stmt, i++);
      call->acked_by = vigie_sqlite_dup_column (stmt, i++);
      call->closed_at = vigie_sqlite_dup_column (stmt, i++);
      call->escalation_steps = sqlite3_column_int (stmt, i++);
      g_ptr_array_add (calls, call);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
                   _("Journal: cannot read: %s"), sqlite3_errmsg (db));
      return NULL;
    }

  return g_steal_pointer (&calls);
}

sqlite3 *
_vigie_journal_get_db (VigieJournal *self)
{
  return self->db;
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

  return _vigie_journal_read_calls (self->db, stmt, error);
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

  return _vigie_journal_read_calls (self->db, stmt, error);
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
