/* vigie-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The durable outbox: every alert waits here, in the journal's own SQLite
 * file, until a target took it. Rows are written on the journal's
 * connection inside the journal's transaction (vigie_journal_append_many),
 * so "decision + its alerts" and "attempt + its journal event" are each
 * one commit: a crash leaves either both or neither. Reads use a second
 * connection on the same WAL file, which only sees committed rows.
 */
#define G_LOG_DOMAIN "vigie-outbox"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "vigie-outbox-private.h"
#include "vigie-sqlite.h"

G_DEFINE_FINAL_TYPE (VigieOutbox, vigie_outbox, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-outbox-error-quark, vigie_outbox_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  dedup_key TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('trigger', 'acknowledge', 'resolve')),"
  "  call_id TEXT,"
  "  client_id TEXT NOT NULL,"
  "  target_id TEXT NOT NULL,"
  "  recipient TEXT,"
  "  recipient_phone TEXT,"
  "  payload TEXT NOT NULL CHECK (json_valid (payload)),"
  "  created_at INTEGER NOT NULL,"
  "  due_at INTEGER NOT NULL,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (state IN ('pending', 'delivered', 'rejected', 'cancelled')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_status INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  last_attempt_at INTEGER,"
  "  delivered_at INTEGER,"
  "  UNIQUE (dedup_key, target_id, action));"
  "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);"
  "CREATE INDEX IF NOT EXISTS outbox_by_call ON outbox (call_id);";

static const char * const state_names[] = { "pending", "delivered", "rejected", "cancelled" };

#define ENTRY_COLUMNS \
  "id, dedup_key, action, call_id, client_id, target_id, recipient, recipient_phone, payload, " \
  "created_at, due_at, next_attempt_at, state, attempts, last_status, last_error, delivered_at"

const char *
vigie_outbox_state_to_string (VigieOutboxState state)
{
  g_return_val_if_fail (state <= VIGIE_OUTBOX_CANCELLED, NULL);
  return state_names[state];
}

static VigieOutboxState
state_from_string (const char *str)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state_names[i], str) == 0)
      return i;
  return VIGIE_OUTBOX_PENDING;
}

gboolean
_vigie_outbox_set_sqlite_error (sqlite3     *db,
                  GError     **error,
                  const char  *what)
{
  return vigie_sqlite_set_error (error, db, VIGIE_OUTBOX_ERROR, VIGIE_OUTBOX_ERROR_SQLITE, _("Outbox"), what);
}

char *
_vigie_outbox_format_us (gint64 us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return time ? g_date_time_format_iso8601 (time) : g_strdup ("");
}

/**
 * vigie_outbox_entry_new:
 * @dedup_key: the alert's stable key
 * @action: what to tell the target
 * @client_id: the client
 * @target_id: the client's target
 * @payload: the alert, a JSON object
 *
 * Due now; set @due_at for a deferred alert, @call_id, @recipient and
 * @recipient_phone as known, then vigie_outbox_enqueue().
 *
 * Returns: (transfer full): an entry
 */
VigieOutboxEntry *
vigie_outbox_entry_new (const char       *dedup_key,
                        VigieAlertAction  action,
                        const char       *client_id,
                        const char       *target_id,
                        JsonNode         *payload)
{
  VigieOutboxEntry *entry = g_new0 (VigieOutboxEntry, 1);

  entry->dedup_key = g_strdup (dedup_key);
  entry->action = action;
  entry->client_id = g_strdup (client_id);
  entry->target_id = g_strdup (target_id);
  entry->payload = payload ? json_node_copy (payload) : NULL;
  entry->created_at = g_get_real_time ();
  entry->due_at = entry->created_at;
  entry->next_attempt_at = entry->due_at;
  return entry;
}

VigieOutboxEntry *
vigie_outbox_entry_copy (const VigieOutboxEntry *entry)
{
  VigieOutboxEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->dedup_key = g_strdup (entry->dedup_key);
  copy->call_id = g_strdup (entry->call_id);
  copy->client_id = g_strdup (entry->client_id);
  copy->target_id = g_strdup (entry->target_id);
  copy->recipient = g_strdup (entry->recipient);
  copy->recipient_phone = g_strdup (entry->recipient_phone);
  copy->payload = entry->payload ? json_node_copy (entry->payload) : NULL;
  copy->last_error = g_strdup (entry->last_error);
  return copy;
}

void
vigie_outbox_entry_free (VigieOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->dedup_key);
  g_free (entry->call_id);
  g_free (entry->client_id);
  g_free (entry->target_id);
  g_free (entry->recipient);
  g_free (entry->recipient_phone);
  g_clear_pointer (&entry->payload, json_node_unref);
  g_free (entry->last_error);
  g_free (entry);
}

void
vigie_outbox_overdue_free (VigieOutboxOverdue *overdue)
{
  if (overdue == NULL)
    return;
  g_free (overdue->dedup_key);
  g_free (overdue->call_id);
  g_free (overdue->recipient);
  g_free (overdue->recipient_phone);
  g_free (overdue->last_error);
  g_free (overdue);
}

static VigieOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  VigieOutboxEntry *entry = g_new0 (VigieOutboxEntry, 1);
  const char *payload = (const char *) sqlite3_column_text (stmt, 8);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->dedup_key = vigie_sqlite_dup_column (stmt, 1);
  vigie_alert_action_from_string ((const char *) sqlite3_column_text (stmt, 2), &entry->action);
  entry->call_id = vigie_sqlite_dup_column (stmt, 3);
  entry->client_id = vigie_sqlite_dup_column (stmt, 4);
  entry->target_id = vigie_sqlite_dup_column (stmt, 5);
  entry->recipient = vigie_sqlite_dup_column (stmt, 6);
  entry->recipient_phone = vigie_sqlite_dup_column (stmt, 7);
  entry->payload = json_from_string (payload, NULL);
  if (entry->payload == NULL)
    entry->payload = json_node_init_object (json_node_alloc (), json_object_new ());
  entry->created_at = sqlite3_column_int64 (stmt, 9);
  entry->due_at = sqlite3_column_int64 (stmt, 10);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 11);
  entry->state = state_from_string ((const char *) sqlite3_column_text (stmt, 12));
  entry->attempts = (guint) sqlite3_column_int (stmt, 13);
  entry->last_status = (guint) sqlite3_column_int (stmt, 14);
  entry->last_error = vigie_sqlite_dup_column (stmt, 15);
  entry->delivered_at = sqlite3_column_int64 (stmt, 16);
  return entry;
}

static GPtrArray *
query_entries (VigieOutbox  *self,
               const char   *where,
               const char   *text,
               gint64        number,
               guint         limit,
               GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  g_autofree char *sql = g_strdup_printf ("SELECT " ENTRY_COLUMNS " FROM outbox WHERE %s "
                                          "ORDER BY next_attempt_at, id LIMIT ?3", where);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
      return NULL;
    }
  /* An unbound ?1 reads as NULL, as a NULL text does. */
  if (!vigie_sqlite_bind (stmt, "sxx", text, number, limit ? (gint64) limit : (gint64) -1))
    {
      _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

static void
vigie_outbox_finalize (GObject *object)
{
  VigieOutbox *self = (VigieOutbox *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (vigie_outbox_parent_class)->finalize (object);
}

static void
vigie_outbox_class_init (VigieOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_outbox_finalize;

  /**
   * VigieOutbox::changed:
   * @call_id: (nullable): the call whose alerts changed
   * @dedup_key: (nullable): the alert that changed, %NULL for several
   *
   * Rows were queued, cancelled or attempted (committed).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
vigie_outbox_init (VigieOutbox *self)
{
}

/**
 * vigie_outbox_new:
 * @journal: the journal; the outbox lives in the same SQLite file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the outbox
 */
VigieOutbox *
vigie_outbox_new (VigieJournal  *journal,
                  GError       **error)
{
  g_autoptr(VigieOutbox) self = g_object_new (VIGIE_TYPE_OUTBOX, NULL);

  g_return_val_if_fail (VIGIE_IS_JOURNAL (journal), NULL);

  self->journal = g_object_ref (journal);
  if (!(self->db = vigie_sqlite_open (vigie_journal_get_path (journal), FALSE, schema, _("Outbox"),
                                      VIGIE_OUTBOX_ERROR, VIGIE_OUTBOX_ERROR_SQLITE, error)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * vigie_outbox_get_journal:
 * @self: a #VigieOutbox
 *
 * Returns: (transfer none): the journal
 */
VigieJournal *
vigie_outbox_get_journal (VigieOutbox *self)
{
  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), NULL);
  return self->journal;
}

/**
 * vigie_outbox_list_due:
 * @self: a #VigieOutbox
 * @now_us: the current time (µs since the epoch)
 * @limit: at most this many, 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieOutboxEntry): the pending
 *   alerts whose next attempt is due, oldest first
 */
GPtrArray *
vigie_outbox_list_due (VigieOutbox  *self,
                       gint64        now_us,
                       guint         limit,
                       GError      **error)
{
  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), NULL);
  return query_entries (self, "state = 'pending' AND next_attempt_at <= ?2 AND (?1 IS NULL OR 1)",
                        NULL, now_us, limit, error);
}

/**
 * vigie_outbox_list_call:
 * @self: a #VigieOutbox
 * @call_id: a call
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieOutboxEntry): all of the
 *   call's alerts, whatever their state
 */
GPtrArray *
vigie_outbox_list_call (VigieOutbox  *self,
                        const char   *call_id,
                        GError      **error)
{
  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), NULL);
  return query_entries (self, "call_id = ?1 AND ?2 = ?2", call_id, 0, 0, error);
}

/**
 * vigie_outbox_list_key:
 * @self: a #VigieOutbox
 * @dedup_key: an alert's key
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieOutboxEntry): every row of
 *   that alert (one per target and action)
 */
GPtrArray *
vigie_outbox_list_key (VigieOutbox  *self,
                       const char   *dedup_key,
                       GError      **error)
{
  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), NULL);
  return query_entries (self, "dedup_key = ?1 AND ?2 = ?2", dedup_key, 0, 0, error);
}

/**
 * vigie_outbox_list_overdue:
 * @self: a #VigieOutbox
 * @now_us: the current time
 * @delay_us: how long an alert may stay undelivered after its due time
 * @error: return location for a #GError
 *
 * An alert is overdue when none of its targets took it and either it has
 * been due for @delay_us, or every target refused it. Acknowledged
 * (cancelled) alerts never are. Only the last day is looked at.
 *
 * Returns: (transfer full) (element-type VigieOutboxOverdue): the alerts
 *   to phone about
 */
GPtrArray *
vigie_outbox_list_overdue (VigieOutbox  *self,
                           gint64        now_us,
                           gint64        delay_us,
                           GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_overdue_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT dedup_key, MAX (call_id), MAX (recipient), MAX (recipient_phone), "
                          "  MAX (last_error), MIN (due_at), SUM (state = 'pending') = 0 "
                          "FROM outbox WHERE action = 'trigger' AND created_at >= ?3 "
                          "  AND json_extract (payload, '$.kind') IS NOT 'summary' "
                          "GROUP BY dedup_key "
                          "HAVING SUM (state = 'delivered') = 0 AND SUM (state = 'cancelled') = 0 "
                          "  AND (MIN (due_at) <= ?1 - ?2 OR SUM (state = 'pending') = 0) "
                          "ORDER BY MIN (due_at)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
      return NULL;
    }
  if (!vigie_sqlite_bind (stmt, "xxx", now_us, delay_us, now_us - (gint64) 24 * 3600 * G_USEC_PER_SEC))
    {
      _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigieOutboxOverdue *overdue = g_new0 (VigieOutboxOverdue, 1);

      overdue->dedup_key = vigie_sqlite_dup_column (stmt, 0);
      overdue->call_id = vigie_sqlite_dup_column (stmt, 1);
      overdue->recipient = vigie_sqlite_dup_column (stmt, 2);
      overdue->recipient_phone = vigie_sqlite_dup_column (stmt, 3);
      overdue->last_error = vigie_sqlite_dup_column (stmt, 4);
      overdue->due_at = sqlite3_column_int64 (stmt, 5);
      overdue->rejected = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (list, overdue);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * vigie_outbox_get_next_attempt:
 * @self: a #VigieOutbox
 * @when_us: (out): when the next pending alert becomes due
 * @error: return location for a #GError
 *
 * Returns: %FALSE if nothing is pending (or on error)
 */
gboolean
vigie_outbox_get_next_attempt (VigieOutbox  *self,
                               gint64       *when_us,
                               GError      **error)
{
  return vigie_outbox_get_next_attempt_after (self, G_MININT64, when_us, error);
}

/**
 * vigie_outbox_get_next_attempt_after:
 * @self: a #VigieOutbox
 * @after_us: only attempts due later than this
 * @when_us: (out): when the next pending alert becomes due after @after_us
 * @error: return location for a #GError
 *
 * For timers: a row already due (in flight, perhaps hanging) must not hide
 * the next one to wake for, such as a Retry-After on another target.
 *
 * Returns: %FALSE if nothing is pending after @after_us (or on error)
 */
gboolean
vigie_outbox_get_next_attempt_after (VigieOutbox  *self,
                                     gint64        after_us,
                                     gint64       *when_us,
                                     GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  gboolean row;

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "SELECT MIN (next_attempt_at) FROM outbox WHERE state = 'pending' "
                          "AND next_attempt_at > ?1", -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
  if (!vigie_sqlite_bind (stmt, "x", after_us) || !vigie_sqlite_step (stmt, &row))
    _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
  else if (row && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      *when_us = sqlite3_column_int64 (stmt, 0);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

/**
 * vigie_outbox_count:
 * @self: a #VigieOutbox
 * @state: a state
 * @error: return location for a #GError
 *
 * Returns: how many rows are in @state, -1 on error
 */
gint64
vigie_outbox_count (VigieOutbox       *self,
                    VigieOutboxState   state,
                    GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), -1);

  if (sqlite3_prepare_v2 (self->db, "SELECT COUNT (*) FROM outbox WHERE state = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
      return -1;
    }
  if (vigie_sqlite_bind (stmt, "s", state_names[state]) && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _vigie_outbox_set_sqlite_error (self->db, error, _("cannot read"));
  sqlite3_finalize (stmt);
  return count;
}
