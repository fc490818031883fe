/* vigie-journal-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Indicators per period and client, each one SQL question on the calls
 * summary (and the events, for the PBX's rings), so a test can ask the same
 * question by hand.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

typedef struct {
  sqlite3  *db;
  GError  **error;
  gboolean  failed;
} Asker;

static sqlite3_stmt *
ask (Asker      *asker,
     const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (asker->failed)
    return NULL;
  if (sqlite3_prepare_v2 (asker->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_journal_read_error (asker->db, asker->error);
      asker->failed = TRUE;
      return NULL;
    }
  return stmt;
}

static gint64
ask_count (Asker      *asker,
           const char *sql)
{
  sqlite3_stmt *stmt = ask (asker, sql);
  gint64 n = 0;

  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Nearest rank: the smallest value with at least p of the values at or
 * below it. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) ceil (p * sorted->len);
  return g_array_index (sorted, double, MAX (rank, 1) - 1);
}

static void
ask_durations (Asker                 *asker,
               const char            *sql,
               VigieJournalDurations *out)
{
  sqlite3_stmt *stmt = ask (asker, sql);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      double value = sqlite3_column_double (stmt, 0);
      g_array_append_val (values, value);
    }
  sqlite3_finalize (stmt);

  out->n = values->len;
  out->median = percentile (values, 0.5);
  out->p90 = percentile (values, 0.9);
}

/* The filter's period on the events' own time, quoted for SQL. */
static void
append_period (GString                  *sql,
               const VigieJournalFilter *filter)
{
  if (filter && filter->from)
    {
      char *text = sqlite3_mprintf (" AND at >= %Q", filter->from);
      g_string_append (sql, text);
      sqlite3_free (text);
    }
  if (filter && filter->to)
    {
      char *text = sqlite3_mprintf (" AND at < %Q", filter->to);
      g_string_append (sql, text);
      sqlite3_free (text);
    }
}

/* Seconds from column @from to column @to over the calls @where selects
 * (the triggered ones only if @triggers_only), sorted, as median and p90. */
static void
ask_delays (Asker                 *asker,
            const char            *from,
            const char            *to,
            const char            *where,
            gboolean               triggers_only,
            VigieJournalDurations *out)
{
  g_autofree char *sql = g_strdup_printf ("SELECT (julianday (%s) - julianday (%s)) * 86400 FROM calls%s "
                                          "%sAND %s IS NOT NULL ORDER BY 1", to, from, where,
                                          triggers_only ? "AND decision = 'trigger' " : "", to);

  ask_durations (asker, sql, out);
}

/**
 * vigie_journal_compute_stats:
 * @self: a #VigieJournal
 * @filter: (nullable): the calls to count (period, client… its sort is ignored)
 * @error: return location for a #GError
 *
 * Unanswered rings follow the period only: the PBX does not know clients.
 *
 * Returns: (transfer full) (nullable): the indicators, g_free() them
 */
static VigieJournalStats *
compute_stats (sqlite3                   *db,
               const VigieJournalFilter  *filter,
               GError                   **error)
{
  g_autofree VigieJournalStats *stats = g_new0 (VigieJournalStats, 1);
  g_autofree char *where = _vigie_journal_filter_where (filter);
  Asker asker = { db, error, FALSE };
  sqlite3_stmt *stmt;
  g_autofree char *sql = NULL;
  g_autoptr(GString) rings = g_string_new ("SELECT count (*) FROM (SELECT call_id FROM events "
                                           "WHERE kind = 'pbx-event'");

#define COUNT(condition) \
  (g_free (sql), sql = g_strdup_printf ("SELECT count (*) FROM calls%s%s", where, condition), ask_count (&asker, sql))

  stats->calls = COUNT ("");
  stats->triggered = COUNT (" AND decision = 'trigger'");
  stats->deferred = COUNT (" AND decision = 'defer'");
  stats->logged = COUNT (" AND decision = 'log'");
  stats->undecided = COUNT (" AND decision IS NULL");
  stats->overridden = COUNT (" AND overridden = 1");
  stats->vip = COUNT (" AND vip = 1");
  stats->not_acked = COUNT (" AND decision = 'trigger' AND acked_at IS NULL");
  stats->escalated = COUNT (" AND decision = 'trigger' AND escalation_steps > 1");
#undef COUNT

  g_free (sql);
  sql = g_strdup_printf ("SELECT CAST (strftime ('%%H', received_at, 'localtime') AS INTEGER), "
                         "(CAST (strftime ('%%w', received_at, 'localtime') AS INTEGER) + 6) %% 7 FROM calls%s",
                         where);
  stmt = ask (&asker, sql);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      int hour = sqlite3_column_int (stmt, 0);
      int weekday = sqlite3_column_int (stmt, 1);

      if (hour >= 0 && hour < 24)
        stats->by_hour[hour]++;
      if (weekday >= 0 && weekday < 7)
        stats->by_weekday[weekday]++;
    }
  sqlite3_finalize (stmt);

  ask_delays (&asker, "received_at", "decided_at", where, FALSE, &stats->to_decision);
  ask_delays (&asker, "decided_at", "alert_delivered_at", where, TRUE, &stats->to_delivery);
  ask_delays (&asker, "decided_at", "acked_at", where, TRUE, &stats->to_ack);

  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM (SELECT caller_number FROM calls%s AND caller_number IS NOT NULL "
                         "AND caller_number != 'anonymous' GROUP BY caller_number HAVING count (*) > 1)", where);
  stats->repeat_callers = ask_count (&asker, sql);

  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM events WHERE kind = 'alert-acknowledged' "
                         "AND json_extract (data, '$.status') = 'not-urgent' "
                         "AND call_id IN (SELECT call_id FROM calls%s)", where);
  stats->false_alarms = ask_count (&asker, sql);

  /* Interventions and satisfaction recorded on the calls (the operator's
   * entry, or the platforms'); a call's last score counts. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT coalesce (json_extract (data, '$.duration_s'), "
                         "(julianday (json_extract (data, '$.ended_at')) - julianday (json_extract (data, '$.started_at')))"
                         " * 86400) AS d FROM events WHERE kind = 'intervention-ended' "
                         "AND call_id IN (SELECT call_id FROM calls%s) AND d IS NOT NULL ORDER BY 1", where);
  ask_durations (&asker, sql, &stats->intervention);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*), coalesce (avg (score), 0) FROM (SELECT json_extract (data, '$.score') AS score, "
                         "max (seq) FROM events WHERE kind = 'satisfaction' "
                         "AND call_id IN (SELECT call_id FROM calls%s) GROUP BY call_id)", where);
  stmt = ask (&asker, sql);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      stats->satisfaction_n = sqlite3_column_int64 (stmt, 0);
      stats->satisfaction_mean = sqlite3_column_double (stmt, 1);
    }
  sqlite3_finalize (stmt);

  append_period (rings, filter);
  g_string_append (rings, " GROUP BY call_id HAVING sum (json_extract (data, '$.event') = 'ring') > 0 "
                          "AND sum (json_extract (data, '$.event') = 'answer') = 0)");
  stats->unanswered_rings = ask_count (&asker, rings->str);

  /* Rings from the telephony connectors (AMI, baresip, Wazo): journaled
   * "call-unanswered" once per call, by src/core/telephony/. */
  g_string_assign (rings, "SELECT count (DISTINCT call_id) FROM events WHERE kind = 'call-unanswered'");
  append_period (rings, filter);
  stats->unanswered_rings += ask_count (&asker, rings->str);

  if (asker.failed)
    return NULL;
  return g_steal_pointer (&stats);
}

VigieJournalStats *
vigie_journal_compute_stats (VigieJournal              *self,
                             const VigieJournalFilter  *filter,
                             GError                   **error)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);
  return compute_stats (_vigie_journal_get_db (self), filter, error);
}

typedef struct {
  char               *path;
  VigieJournalFilter  filter;
} StatsData;

static void
stats_data_free (StatsData *data)
{
  g_free (data->path);
  vigie_journal_filter_clear (&data->filter);
  g_free (data);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StatsData *data = task_data;
  GError *error = NULL;
  sqlite3 *db = vigie_sqlite_open (data->path, FALSE, NULL, _("Journal"),
                                   VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE, &error);
  VigieJournalStats *stats;

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  stats = compute_stats (db, &data->filter, &error);
  sqlite3_close (db);
  if (stats)
    g_task_return_pointer (task, stats, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * vigie_journal_compute_stats_async:
 *
 * vigie_journal_compute_stats() on its own connection, in a worker thread.
 */
void
vigie_journal_compute_stats_async (VigieJournal              *self,
                                   const VigieJournalFilter  *filter,
                                   GCancellable              *cancellable,
                                   GAsyncReadyCallback        callback,
                                   gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  StatsData *data = g_new0 (StatsData, 1);

  data->path = g_strdup (vigie_journal_get_path (self));
  if (filter)
    {
      data->filter.from = g_strdup (filter->from);
      data->filter.to = g_strdup (filter->to);
      data->filter.client_id = g_strdup (filter->client_id);
      data->filter.operator_name = g_strdup (filter->operator_name);
      data->filter.decision = g_strdup (filter->decision);
      data->filter.search = g_strdup (filter->search);
      data->filter.min_gravity = filter->min_gravity;
      data->filter.overridden = filter->overridden;
      data->filter.vip = filter->vip;
      data->filter.not_delivered_within = filter->not_delivered_within;
      data->filter.not_acked_within = filter->not_acked_within;
    }
  g_task_set_task_data (task, data, (GDestroyNotify) stats_data_free);
  g_task_run_in_thread (task, stats_thread);
}

/**
 * vigie_journal_compute_stats_finish:
 *
 * Returns: (transfer full) (nullable): the indicators, g_free() them
 */
VigieJournalStats *
vigie_journal_compute_stats_finish (VigieJournal  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
