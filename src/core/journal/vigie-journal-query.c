/* vigie-journal-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The supervisors' questions, asked of the calls summary: one SQL text
 * per filter (values quoted in), so the journal page, the CLI and the
 * benchmark that runs the same text through the sqlite3 command line ask
 * exactly the same thing.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

void
vigie_journal_filter_clear (VigieJournalFilter *filter)
{
  g_clear_pointer (&filter->from, g_free);
  g_clear_pointer (&filter->to, g_free);
  g_clear_pointer (&filter->client_id, g_free);
  g_clear_pointer (&filter->operator_name, g_free);
  g_clear_pointer (&filter->decision, g_free);
  g_clear_pointer (&filter->search, g_free);
  memset (filter, 0, sizeof *filter);
}

static void
append_quoted (GString    *sql,
               const char *format,
               const char *value)
{
  char *text = sqlite3_mprintf (format, value);

  g_string_append (sql, text);
  sqlite3_free (text);
}

/* Each word becomes a quoted FTS5 string, the last one a prefix, so what
 * people type is never read as FTS syntax. */
static char *
fts_query (const char *search)
{
  g_auto(GStrv) words = g_strsplit_set (search, " \t\n,;:.!?()\"'*", -1);
  g_autoptr(GString) query = g_string_new (NULL);
  guint last = 0;

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      last = i;
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (query, "%s\"%s\"%s", query->len ? " " : "", words[i], i == last ? "*" : "");
  return query->len ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

static const char *
sort_column (VigieJournalSort sort)
{
  switch (sort)
    {
    case VIGIE_JOURNAL_SORT_CLIENT: return "client_name";
    case VIGIE_JOURNAL_SORT_CALLER: return "caller_name";
    case VIGIE_JOURNAL_SORT_OPERATOR: return "operator";
    case VIGIE_JOURNAL_SORT_DECISION: return "decision";
    case VIGIE_JOURNAL_SORT_GRAVITY: return "gravity";
    case VIGIE_JOURNAL_SORT_ALERT: return "alert_status";
    case VIGIE_JOURNAL_SORT_TIME:
    default: return "received_at";
    }
}

/**
 * vigie_journal_filter_to_sql:
 * @filter: (nullable): what to select; %NULL for every call
 * @count: count the calls instead of listing them
 * @offset: rows to skip
 * @limit: rows at most, 0 for all
 *
 * Returns: (transfer full): the SQL, on the calls table, that the query
 *   functions run
 */
/* " WHERE …" for @filter, on the calls table. */
char *
_vigie_journal_filter_where (const VigieJournalFilter *filter)
{
  static const VigieJournalFilter all = { 0 };
  g_autoptr(GString) sql = g_string_new (" WHERE 1");
  g_autofree char *match = NULL;

  if (filter == NULL)
    filter = &all;

  if (filter->from)
    append_quoted (sql, " AND received_at >= %Q", filter->from);
  if (filter->to)
    append_quoted (sql, " AND received_at < %Q", filter->to);
  /* "+column": no index for the filters, so SQLite walks the order's
   * index (time, or the sorted column) and stops at the page's last row
   * instead of collecting every match to sort it. */
  if (filter->client_id)
    append_quoted (sql, " AND +client_id = %Q", filter->client_id);
  if (filter->operator_name)
    append_quoted (sql, " AND +operator = %Q", filter->operator_name);
  if (filter->decision && g_str_equal (filter->decision, "none"))
    g_string_append (sql, " AND +decision IS NULL");
  else if (filter->decision)
    append_quoted (sql, " AND +decision = %Q", filter->decision);
  if (filter->min_gravity > 0)
    g_string_append_printf (sql, " AND +gravity >= %d", filter->min_gravity);
  if (filter->overridden)
    g_string_append (sql, " AND +overridden = 1");
  if (filter->vip)
    g_string_append (sql, " AND +vip = 1");
  if (filter->not_delivered_within > 0)
    g_string_append_printf (sql, " AND decision = 'trigger' AND (alert_delivered_at IS NULL OR "
                                 "(julianday (alert_delivered_at) - julianday (decided_at)) * 1440 > %d)",
                            filter->not_delivered_within);
  if (filter->not_acked_within > 0)
    g_string_append_printf (sql, " AND decision = 'trigger' AND (acked_at IS NULL OR "
                                 "(julianday (acked_at) - julianday (decided_at)) * 1440 > %d)",
                            filter->not_acked_within);
  if (filter->search && (match = fts_query (filter->search)))
    append_quoted (sql, " AND rowid IN (SELECT rowid FROM calls_fts WHERE calls_fts MATCH %Q)", match);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

char *
vigie_journal_filter_to_sql (const VigieJournalFilter *filter,
                             gboolean                  count,
                             guint                     offset,
                             guint                     limit)
{
  static const VigieJournalFilter all = { 0 };
  g_autofree char *where = _vigie_journal_filter_where (filter);
  g_autoptr(GString) sql = g_string_new (count ? "SELECT count (*) FROM calls"
                                               : "SELECT " VIGIE_JOURNAL_CALL_COLUMNS " FROM calls");

  if (filter == NULL)
    filter = &all;
  g_string_append (sql, where);

  if (!count)
    {
      const char *direction = filter->ascending ? "ASC" : "DESC";

      /* One direction throughout, so an index (column, received_at)
       * serves the order read forwards or backwards. calls_by_time is
       * (received_at DESC), its rowids ascending: the other way, SQLite
       * sorts every row up to OFFSET (60 ms at row 13,000 of a 1M
       * journal, 400 ms at 100,000, on each page the list reads). */
      if (filter->sort == VIGIE_JOURNAL_SORT_TIME)
        g_string_append_printf (sql, " ORDER BY received_at %s, rowid %s", direction,
                                filter->ascending ? "DESC" : "ASC");
      else
        g_string_append_printf (sql, " ORDER BY %s %s, received_at %s, rowid %s",
                                sort_column (filter->sort), direction, direction, direction);
      if (limit > 0)
        g_string_append_printf (sql, " LIMIT %u OFFSET %u", limit, offset);
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/**
 * vigie_journal_query_calls:
 * @self: a #VigieJournal
 * @filter: (nullable): what to select
 * @offset: rows to skip
 * @limit: rows at most, 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieJournalCall): the calls
 */
GPtrArray *
vigie_journal_query_calls (VigieJournal              *self,
                           const VigieJournalFilter  *filter,
                           guint                      offset,
                           guint                      limit,
                           GError                   **error)
{
  g_autofree char *sql = vigie_journal_filter_to_sql (filter, FALSE, offset, limit);
  sqlite3 *db = _vigie_journal_get_db (self);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_journal_read_error (db, error);
      return NULL;
    }
  return _vigie_journal_read_calls (db, stmt, error);
}

/**
 * vigie_journal_count_calls:
 *
 * Returns: how many calls @filter selects, -1 on error
 */
gint64
vigie_journal_count_calls (VigieJournal              *self,
                           const VigieJournalFilter  *filter,
                           GError                   **error)
{
  g_autofree char *sql = vigie_journal_filter_to_sql (filter, TRUE, 0, 0);
  sqlite3 *db = _vigie_journal_get_db (self);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    _vigie_journal_read_error (db, error);
  sqlite3_finalize (stmt);
  return n;
}

/**
 * vigie_journal_get_call:
 * @self: a #VigieJournal
 * @call_id: the call
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the call's summary; %NULL without
 *   error when there is no such call
 */
VigieJournalCall *
vigie_journal_get_call (VigieJournal  *self,
                        const char    *call_id,
                        GError       **error)
{
  sqlite3 *db = _vigie_journal_get_db (self);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) calls = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT " VIGIE_JOURNAL_CALL_COLUMNS " FROM calls WHERE call_id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_journal_read_error (db, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_TRANSIENT);
  if (!(calls = _vigie_journal_read_calls (db, stmt, error)) || calls->len == 0)
    return NULL;
  return g_ptr_array_steal_index (calls, 0);
}

/**
 * vigie_journal_list_clients:
 * @self: a #VigieJournal
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type GStrv): the clients that have
 *   calls, each { id, name, %NULL }, by name
 */
GPtrArray *
vigie_journal_list_clients (VigieJournal  *self,
                            GError       **error)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3 *db = _vigie_journal_get_db (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* One probe per client down the client_name index, not a scan. */
  if (sqlite3_prepare_v2 (db,
                          "WITH RECURSIVE names (name) AS ("
                          "  SELECT min (client_name) FROM calls"
                          "  UNION ALL"
                          "  SELECT (SELECT min (client_name) FROM calls WHERE client_name > names.name) FROM names"
                          "  WHERE names.name IS NOT NULL) "
                          "SELECT (SELECT client_id FROM calls WHERE client_name = names.name LIMIT 1), name "
                          "FROM names WHERE name IS NOT NULL", -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_journal_read_error (db, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **pair = g_new0 (char *, 3);

      pair[0] = vigie_sqlite_dup_column (stmt, 0);
      pair[1] = vigie_sqlite_dup_column (stmt, 1);
      if (pair[0] == NULL)
        pair[0] = g_strdup (pair[1]);
      g_ptr_array_add (clients, pair);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vigie_journal_read_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&clients);
}

/**
 * vigie_journal_list_operators:
 *
 * Returns: (transfer full): the operators who took calls, by name
 */
GStrv
vigie_journal_list_operators (VigieJournal  *self,
                              GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3 *db = _vigie_journal_get_db (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "WITH RECURSIVE names (name) AS ("
                          "  SELECT min (operator) FROM calls"
                          "  UNION ALL"
                          "  SELECT (SELECT min (operator) FROM calls WHERE operator > names.name) FROM names"
                          "  WHERE names.name IS NOT NULL) "
                          "SELECT name FROM names WHERE name IS NOT NULL", -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_journal_read_error (db, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vigie_journal_read_error (db, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *sql = task_data;
  GError *error = NULL;
  sqlite3 *db = vigie_sqlite_open (vigie_journal_get_path (source_object), FALSE, NULL, _("Journal"),
                                   VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE, &error);
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    g_task_return_int (task, sqlite3_column_int64 (stmt, 0));
  else
    g_task_return_new_error (task, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
                             _("Journal: cannot read: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/**
 * vigie_journal_count_calls_async:
 *
 * vigie_journal_count_calls() on its own connection, in a worker thread:
 * a count reads every matching row, the page shows its first rows before.
 */
void
vigie_journal_count_calls_async (VigieJournal              *self,
                                 const VigieJournalFilter  *filter,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vigie_journal_count_calls_async);
  g_task_set_task_data (task, vigie_journal_filter_to_sql (filter, TRUE, 0, 0), g_free);
  g_task_run_in_thread (task, count_thread);
}

gint64
vigie_journal_count_calls_finish (VigieJournal  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
