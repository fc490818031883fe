/* vigie-journal-read.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the journal back: events (with their personal members joined
 * back, see vigie-journal-personal.c) and the calls summary.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

static void
read_error (VigieJournal  *self,
            GError       **error)
{
  _vigie_journal_sqlite_error (self, error, _("cannot read"));
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
 * What vigie_journal_append_async() queued is committed first: this
 * process reads what it wrote.
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

  vigie_journal_flush (self);
  if (sqlite3_prepare_v2 (_vigie_journal_get_db (self),
                          call_id
                            ? "SELECT e.seq, e.at, e.call_id, e.kind, e.data, e.hash, p.data, p.seq IS NOT NULL "
                              "FROM events e LEFT JOIN personal p ON p.seq = e.seq WHERE e.call_id = ?1 ORDER BY e.seq"
                            : "SELECT e.seq, e.at, e.call_id, e.kind, e.data, e.hash, p.data, p.seq IS NOT NULL "
                              "FROM events e LEFT JOIN personal p ON p.seq = e.seq ORDER BY e.seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      read_error (self, error);
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
      event->data = _vigie_journal_merge ((const char *) sqlite3_column_text (stmt, 4),
                                          (const char *) sqlite3_column_text (stmt, 6),
                                          sqlite3_column_int (stmt, 7) != 0);
      event->hash = vigie_sqlite_dup_column (stmt, 5);
      g_ptr_array_add (events, event);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      read_error (self, error);
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
      _vigie_journal_read_error (db, error);
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

  if (sqlite3_prepare_v2 (_vigie_journal_get_db (self),
                          CALL_COLUMNS "ORDER BY received_at DESC, rowid DESC LIMIT ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      read_error (self, error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, (int) MIN (limit, G_MAXINT));

  return _vigie_journal_read_calls (_vigie_journal_get_db (self), stmt, error);
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

  if (sqlite3_prepare_v2 (_vigie_journal_get_db (self),
                          CALL_COLUMNS "WHERE caller_number = ?1 AND received_at >= ?2 AND call_id IS NOT ?3 "
                          "ORDER BY received_at DESC, rowid DESC LIMIT ?4",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      read_error (self, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, since_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, except_call_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) MIN (limit, G_MAXINT));

  return _vigie_journal_read_calls (_vigie_journal_get_db (self), stmt, error);
}
