/* vigie-test-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "vigie-test-journal.h"

static gboolean
event_matches (VigieJournalEvent *event,
               const char        *kind,
               const char        *containing)
{
  return g_str_equal (event->kind, kind) &&
         (containing == NULL || (event->data && strstr (event->data, containing)));
}

/**
 * vigie_test_journal_count:
 * @journal: the journal
 * @call_id: (nullable): one call's events, or NULL for all
 * @kind: the event kind ("decision", "alert-attempt"…)
 * @containing: (nullable): only events whose data holds this text
 *
 * Returns: how many events match.
 */
guint
vigie_test_journal_count (VigieJournal *journal,
                          const char   *call_id,
                          const char   *kind,
                          const char   *containing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (journal, call_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (event_matches (g_ptr_array_index (events, i), kind, containing))
      n++;
  return n;
}

/* The data (JSON payload) of the last event of @kind, or NULL. */
char *
vigie_test_journal_last_data (VigieJournal *journal,
                              const char   *call_id,
                              const char   *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (journal, call_id, &error);

  g_assert_no_error (error);
  for (guint i = events->len; i > 0; i--)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i - 1);

      if (g_str_equal (event->kind, kind))
        return g_strdup (event->data);
    }
  return NULL;
}

/**
 * vigie_test_journal_query:
 * @data_dir: the data folder whose journal.sqlite another process writes
 * @sql: one statement; ?1 is bound to @call_id
 * @call_id: (nullable): the parameter
 *
 * Opens the journal read-only (never locking the writer out for long)
 * and runs @sql.
 *
 * Returns: (nullable): the first column of the first row.
 */
char *
vigie_test_journal_query (const char *data_dir,
                          const char *sql,
                          const char *call_id)
{
  g_autofree char *path = g_build_filename (data_dir, "journal.sqlite", NULL);
  g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    g_assert_cmpint (sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* vigie_test_journal_query() for a COUNT(*): 0 when there is no row. */
guint
vigie_test_journal_query_count (const char *data_dir,
                                const char *sql,
                                const char *call_id)
{
  g_autofree char *value = vigie_test_journal_query (data_dir, sql, call_id);

  return value ? (guint) g_ascii_strtoull (value, NULL, 10) : 0;
}

gint64
vigie_test_clock_now (gpointer clock)
{
  return ((VigieTestClock *) clock)->now;
}

/**
 * vigie_test_journal_append_at:
 * @journal: the journal
 * @clock: (nullable): the journal's clock, set to @time first
 * @call_id: its call
 * @kind: its kind
 * @json: its data
 * @time: (nullable): when the event happens (with @clock)
 *
 * Appends an event; the test fails if @json is not JSON or the journal
 * refuses it. vigie_test_journal_append() is the same without a clock.
 */
void
vigie_test_journal_append_at (VigieJournal   *journal,
                              VigieTestClock *clock,
                              const char     *call_id,
                              const char     *kind,
                              const char     *json,
                              GDateTime      *time)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  if (clock != NULL)
    {
      g_assert_nonnull (time);
      clock->now = g_date_time_to_unix (time) * G_USEC_PER_SEC;
    }
  g_assert_true (vigie_journal_append (journal, call_id, kind, data, &error));
  g_assert_no_error (error);
}
