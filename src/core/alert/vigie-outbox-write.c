/* vigie-outbox-write.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox's writes, each inside the journal's transaction
 * (vigie_journal_append_many() and a hook): queueing with "alert-queued",
 * cancelling and re-queueing with their events, and recording attempts
 * with "alert-attempt" (and a summary's "summary-sent").
 */
#define G_LOG_DOMAIN "vigie-outbox"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "vigie-outbox-private.h"
#include "vigie-sqlite.h"

static gboolean
check_entry (const VigieOutboxEntry  *entry,
             GError                 **error)
{
  if (entry->dedup_key == NULL || *entry->dedup_key == '\0' || strlen (entry->dedup_key) > 255 ||
      entry->client_id == NULL || entry->target_id == NULL ||
      entry->payload == NULL || !JSON_NODE_HOLDS_OBJECT (entry->payload))
    {
      g_set_error (error, VIGIE_OUTBOX_ERROR, VIGIE_OUTBOX_ERROR_INVALID,
                   _("An alert needs a dedup key (at most 255 bytes), a client, a target and a JSON object"));
      return FALSE;
    }
  return TRUE;
}

/* The members every outbox event opens with: which alert, for whom, where. */
static void
add_entry_members (JsonBuilder            *builder,
                   const VigieOutboxEntry *entry)
{
  json_builder_set_member_name (builder, "dedup_key");
  json_builder_add_string_value (builder, entry->dedup_key);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, vigie_alert_action_to_string (entry->action));
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, entry->client_id);
  json_builder_set_member_name (builder, "target_id");
  json_builder_add_string_value (builder, entry->target_id);
}

static JsonNode *
queued_event (const VigieOutboxEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *due = _vigie_outbox_format_us (entry->due_at);

  json_builder_begin_object (builder);
  add_entry_members (builder, entry);
  json_builder_set_member_name (builder, "recipient");
  json_builder_add_string_value (builder, entry->recipient);
  json_builder_set_member_name (builder, "due_at");
  json_builder_add_string_value (builder, due);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

typedef struct {
  GPtrArray *entries;
} InsertData;

static gboolean
insert_hook (sqlite3   *db,
             gpointer   user_data,
             GError   **error)
{
  InsertData *data = user_data;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *find = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db,
                          "INSERT OR IGNORE INTO outbox (dedup_key, action, call_id, client_id, target_id, "
                          "recipient, recipient_phone, payload, created_at, due_at, next_attempt_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT id FROM outbox WHERE dedup_key = ?1 AND target_id = ?2 AND action = ?3",
                          -1, &find, NULL) != SQLITE_OK)
    {
      _vigie_outbox_set_sqlite_error (db, error, _("cannot queue the alert"));
      goto out;
    }

  for (guint i = 0; i < data->entries->len; i++)
    {
      VigieOutboxEntry *entry = g_ptr_array_index (data->entries, i);
      g_autofree char *payload = json_to_string (entry->payload, FALSE);
      const char *action = vigie_alert_action_to_string (entry->action);

      gboolean row;

      sqlite3_reset (stmt);
      if (!vigie_sqlite_run (stmt, "ssssssssxx", entry->dedup_key, action, entry->call_id, entry->client_id,
                             entry->target_id, entry->recipient, entry->recipient_phone, payload,
                             entry->created_at, entry->due_at))
        {
          _vigie_outbox_set_sqlite_error (db, error, _("cannot queue the alert"));
          goto out;
        }

      /* Queuing the same alert twice is harmless: the first row stands. */
      sqlite3_reset (find);
      if (!vigie_sqlite_bind (find, "sss", entry->dedup_key, entry->target_id, action) ||
          !vigie_sqlite_step (find, &row))
        {
          _vigie_outbox_set_sqlite_error (db, error, _("cannot queue the alert"));
          goto out;
        }
      if (row)
        entry->id = sqlite3_column_int64 (find, 0);
    }
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  sqlite3_finalize (find);
  return ok;
}

/**
 * vigie_outbox_commit:
 * @self: a #VigieOutbox
 * @call_id: (nullable): the call of @kind
 * @kind: (nullable): a journal event to commit with the alerts, e.g. "decision"
 * @data: (nullable): that event's data
 * @entries: (element-type VigieOutboxEntry): the alerts to queue; their
 *   @id is set
 * @error: return location for a #GError
 *
 * Commits the event, one "alert-queued" event per alert and the outbox
 * rows in one transaction, before anything is sent.
 *
 * Returns: %TRUE if all of it was committed; on error nothing was
 */
gboolean
vigie_outbox_commit (VigieOutbox  *self,
                     const char   *call_id,
                     const char   *kind,
                     JsonNode     *data,
                     GPtrArray    *entries,
                     GError      **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GArray) journal = g_array_new (FALSE, TRUE, sizeof (VigieJournalEntry));
  InsertData insert = { entries };

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  for (guint i = 0; i < entries->len; i++)
    if (!check_entry (g_ptr_array_index (entries, i), error))
      return FALSE;

  if (kind != NULL)
    {
      VigieJournalEntry event = { call_id, kind, data };
      g_array_append_val (journal, event);
    }
  for (guint i = 0; i < entries->len; i++)
    {
      VigieOutboxEntry *entry = g_ptr_array_index (entries, i);
      VigieJournalEntry event = { entry->call_id, "alert-queued", queued_event (entry) };

      g_ptr_array_add (events, event.data);
      g_array_append_val (journal, event);
    }

  if (!vigie_journal_append_many (self->journal, (VigieJournalEntry *) journal->data, journal->len,
                                  insert_hook, &insert, error))
    {
      for (guint i = 0; i < entries->len; i++)
        ((VigieOutboxEntry *) g_ptr_array_index (entries, i))->id = 0;
      return FALSE;
    }

  if (entries->len > 0)
    g_signal_emit_by_name (self, "changed", call_id,
                   entries->len == 1 ? ((VigieOutboxEntry *) g_ptr_array_index (entries, 0))->dedup_key : NULL);
  return TRUE;
}

/**
 * vigie_outbox_enqueue:
 * @self: a #VigieOutbox
 * @entry: the alert; its @id is set
 * @error: return location for a #GError
 *
 * Queues one alert (escalation uses this for each step, with its due
 * time). Queuing the same dedup key, target and action again does nothing.
 *
 * Returns: %TRUE once the alert is committed
 */
gboolean
vigie_outbox_enqueue (VigieOutbox       *self,
                      VigieOutboxEntry  *entry,
                      GError           **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  g_ptr_array_add (entries, entry);
  return vigie_outbox_commit (self, NULL, NULL, NULL, entries, error);
}

typedef struct {
  const char *call_id;
  const char *dedup_key;
  const char *client_id;
  const char *target_id;
  const char *from_state;
  const char *to_state;
  guint       changed;
} UpdateData;

static gboolean
set_state_hook (sqlite3   *db,
                gpointer   user_data,
                GError   **error)
{
  UpdateData *data = user_data;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db,
                          "UPDATE outbox SET state = ?5, next_attempt_at = MIN (next_attempt_at, ?6) "
                          "WHERE state = ?4 AND (?1 IS NULL OR call_id = ?1) "
                          "AND (?2 IS NULL OR dedup_key = ?2) AND (?3 IS NULL OR client_id = ?3) "
                          "AND (?7 IS NULL OR target_id = ?7) "
                          "AND (?5 != 'cancelled' OR action = 'trigger')",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_outbox_set_sqlite_error (db, error, _("cannot update"));
  ok = vigie_sqlite_run (stmt, "sssssxs", data->call_id, data->dedup_key, data->client_id, data->from_state,
                         data->to_state, g_get_real_time (), data->target_id);
  data->changed = (guint) sqlite3_changes (db);
  sqlite3_finalize (stmt);

  return ok ? TRUE : _vigie_outbox_set_sqlite_error (db, error, _("cannot update"));
}

/* Moves rows from one state to another in the commit that journals why. */
static gboolean
move_rows (VigieOutbox  *self,
           UpdateData   *update,
           const char   *kind,
           const char   *name1,
           const char   *value1,
           const char   *name2,
           const char   *value2,
           guint        *n_moved,
           GError      **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) data = NULL;
  VigieJournalEntry event;

  /* Members kept even when NULL: the journal says "any". */
  json_object_set_string_member (object, name1, value1);
  json_object_set_string_member (object, name2, value2);
  data = json_node_init_object (json_node_alloc (), object);
  event = (VigieJournalEntry) { update->call_id, kind, data };
  if (!vigie_journal_append_many (self->journal, &event, 1, set_state_hook, update, error))
    return FALSE;

  if (n_moved)
    *n_moved = update->changed;
  if (update->changed > 0)
    g_signal_emit_by_name (self, "changed", update->call_id, update->dedup_key);
  return TRUE;
}

/**
 * vigie_outbox_cancel:
 * @self: a #VigieOutbox
 * @call_id: (nullable): only this call's alerts
 * @dedup_key: (nullable): only this alert
 * @reason: why, for the journal ("acknowledged", "resolved"…)
 * @n_cancelled: (out) (optional): how many rows were cancelled
 * @error: return location for a #GError
 *
 * Cancels the pending triggers (not acknowledge/resolve messages) of a call
 * or of one alert: on acknowledgement, escalation's later steps stop here.
 * At least one of @call_id and @dedup_key must be given.
 *
 * Returns: %TRUE on success, even if nothing was pending
 */
gboolean
vigie_outbox_cancel (VigieOutbox  *self,
                     const char   *call_id,
                     const char   *dedup_key,
                     const char   *reason,
                     guint        *n_cancelled,
                     GError      **error)
{
  UpdateData update = { call_id, dedup_key, NULL, NULL, "pending", "cancelled", 0 };

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (call_id != NULL || dedup_key != NULL, FALSE);

  return move_rows (self, &update, "alert-cancelled", "dedup_key", dedup_key, "reason", reason,
                    n_cancelled, error);
}

/**
 * vigie_outbox_retry_rejected:
 * @self: a #VigieOutbox
 * @client_id: the client whose configuration was fixed
 * @target_id: (nullable): only this target
 * @n_retried: (out) (optional): how many alerts go out again
 * @error: return location for a #GError
 *
 * After a configuration error was fixed: puts the refused alerts back in
 * the queue, due now, with the same dedup keys.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_outbox_retry_rejected (VigieOutbox  *self,
                             const char   *client_id,
                             const char   *target_id,
                             guint        *n_retried,
                             GError      **error)
{
  UpdateData update = { NULL, NULL, client_id, target_id, "rejected", "pending", 0 };

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (client_id != NULL, FALSE);

  return move_rows (self, &update, "alert-requeued", "client_id", client_id, "target_id", target_id,
                    n_retried, error);
}

typedef struct {
  VigieOutboxAttempt *attempts;
  guint               n_attempts;
} RecordData;

static gboolean
record_hook (sqlite3   *db,
             gpointer   user_data,
             GError   **error)
{
  RecordData *data = user_data;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  /* A row cancelled while its request was in flight stays cancelled;
   * the attempt is journaled all the same. */
  if (sqlite3_prepare_v2 (db,
                          "UPDATE outbox SET attempts = attempts + 1, last_status = ?2, last_error = ?3, "
                          "  last_attempt_at = ?4, next_attempt_at = ?5, "
                          "  delivered_at = CASE WHEN ?6 = 'delivered' THEN ?4 ELSE delivered_at END, "
                          "  state = CASE WHEN state = 'pending' THEN ?6 ELSE state END "
                          "WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_outbox_set_sqlite_error (db, error, _("cannot record the attempt"));

  for (guint i = 0; ok && i < data->n_attempts; i++)
    {
      VigieOutboxAttempt *attempt = &data->attempts[i];
      const char *state = attempt->verdict == VIGIE_TARGET_VERDICT_DELIVERED ? "delivered"
                          : attempt->verdict == VIGIE_TARGET_VERDICT_REJECTED ? "rejected" : "pending";

      sqlite3_reset (stmt);
      ok = vigie_sqlite_run (stmt, "xisxxs", attempt->entry->id, (gint32) attempt->status,
                             attempt->verdict == VIGIE_TARGET_VERDICT_DELIVERED ? NULL : attempt->message,
                             attempt->at, attempt->next_attempt_at, state);
    }
  sqlite3_finalize (stmt);

  return ok ? TRUE : _vigie_outbox_set_sqlite_error (db, error, _("cannot record the attempt"));
}

static JsonNode *
attempt_event (VigieOutboxAttempt *attempt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  VigieOutboxEntry *entry = attempt->entry;
  const char *status = attempt->verdict == VIGIE_TARGET_VERDICT_DELIVERED ? "delivered" : "failed";

  json_builder_begin_object (builder);
  add_entry_members (builder, entry);
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, attempt->target_kind);
  json_builder_set_member_name (builder, "attempt");
  json_builder_add_int_value (builder, entry->attempts + 1);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, attempt->status);
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_double_value (builder, attempt->latency_us / 1000.0);
  if (attempt->verdict != VIGIE_TARGET_VERDICT_DELIVERED)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, attempt->message);
      json_builder_set_member_name (builder, "will_retry");
      json_builder_add_boolean_value (builder, attempt->verdict == VIGIE_TARGET_VERDICT_RETRY);
    }
  else
    {
      json_builder_set_member_name (builder, "answer");
      json_builder_add_string_value (builder, attempt->message);
    }
  if (attempt->verdict == VIGIE_TARGET_VERDICT_RETRY)
    {
      g_autofree char *next = _vigie_outbox_format_us (attempt->next_attempt_at);

      json_builder_set_member_name (builder, "next_attempt_at");
      json_builder_add_string_value (builder, next);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
summary_sent_event (VigieOutboxAttempt *attempt)
{
  JsonObject *payload = attempt->entry->payload ? json_node_get_object (attempt->entry->payload) : NULL;
  JsonNode *period = payload ? json_object_get_member (payload, "period") : NULL;
  g_autoptr(JsonObject) data = NULL;

  if (payload == NULL || attempt->verdict != VIGIE_TARGET_VERDICT_DELIVERED ||
      attempt->entry->state != VIGIE_OUTBOX_PENDING ||
      g_strcmp0 (json_object_get_string_member_with_default (payload, "kind", NULL), "summary") != 0)
    return NULL;
  data = json_object_new ();
  json_object_set_string_member (data, "dedup_key", attempt->entry->dedup_key);
  json_object_set_string_member (data, "client_id", attempt->entry->client_id);
  json_object_set_string_member (data, "target_id", attempt->entry->target_id);
  json_object_set_string_member (data, "night", json_object_get_string_member_with_default (payload, "night", NULL));
  if (period)
    json_object_set_member (data, "period", json_node_copy (period));
  return json_node_init_object (json_node_alloc (), data);
}

/**
 * vigie_outbox_record_attempts:
 * @self: a #VigieOutbox
 * @attempts: (array length=n_attempts): what the attempts gave
 * @n_attempts: how many
 * @error: return location for a #GError
 *
 * Journals every attempt ("alert-attempt": time, target, status, latency,
 * error) and moves the rows on, all in one transaction. The entries'
 * fields are updated to match.
 *
 * Returns: %TRUE once committed
 */
gboolean
vigie_outbox_record_attempts (VigieOutbox         *self,
                              VigieOutboxAttempt  *attempts,
                              guint                n_attempts,
                              GError             **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (VigieJournalEntry));
  RecordData record = { attempts, n_attempts };

  g_return_val_if_fail (VIGIE_IS_OUTBOX (self), FALSE);

  for (guint i = 0; i < n_attempts; i++)
    {
      JsonNode *node = attempt_event (&attempts[i]);
      VigieJournalEntry event = { attempts[i].entry->call_id, "alert-attempt", node };

      g_ptr_array_add (nodes, node);
      g_array_append_val (events, event);
      /* A summary's delivery is journaled in the same commit as its row,
       * so a restart knows it was sent (vigie-summary.c). */
      if ((node = summary_sent_event (&attempts[i])))
        {
          VigieJournalEntry sent = { NULL, "summary-sent", node };

          g_ptr_array_add (nodes, node);
          g_array_append_val (events, sent);
        }
    }

  if (!vigie_journal_append_many (self->journal, (VigieJournalEntry *) events->data, events->len,
                                  record_hook, &record, error))
    return FALSE;

  for (guint i = 0; i < n_attempts; i++)
    {
      VigieOutboxEntry *entry = attempts[i].entry;

      entry->attempts++;
      entry->last_status = attempts[i].status;
      entry->next_attempt_at = attempts[i].next_attempt_at;
      g_free (entry->last_error);
      entry->last_error = attempts[i].verdict == VIGIE_TARGET_VERDICT_DELIVERED ? NULL : g_strdup (attempts[i].message);
      if (entry->state == VIGIE_OUTBOX_PENDING)
        entry->state = attempts[i].verdict == VIGIE_TARGET_VERDICT_DELIVERED ? VIGIE_OUTBOX_DELIVERED
                       : attempts[i].verdict == VIGIE_TARGET_VERDICT_REJECTED ? VIGIE_OUTBOX_REJECTED
                       : VIGIE_OUTBOX_PENDING;
      if (attempts[i].verdict == VIGIE_TARGET_VERDICT_DELIVERED)
        entry->delivered_at = attempts[i].at;
      g_signal_emit_by_name (self, "changed", entry->call_id, entry->dedup_key);
    }
  return TRUE;
}

