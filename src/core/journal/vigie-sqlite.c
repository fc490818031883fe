/* vigie-sqlite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal, the outbox, the rosters, escalation and reminders each keep
 * their own connection to the same SQLite file; they open it the same way.
 */
#define G_LOG_DOMAIN "vigie-sqlite"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-sqlite.h"

/**
 * vigie_sqlite_open:
 * @path: the SQLite file
 * @create: whether to create the file if missing
 * @schema: (nullable): SQL run once connected (CREATE … IF NOT EXISTS)
 * @owner: who opens it, for the error message ("Journal", "Outbox"…)
 * @domain: the caller's error domain
 * @code: the caller's error code for SQLite failures
 * @error: return location for a #GError
 *
 * Opens a serialized connection that waits up to 5 s for a writer on
 * another connection, then applies @schema.
 *
 * Returns: (transfer full) (nullable): the connection, closed with sqlite3_close()
 */
sqlite3 *
vigie_sqlite_open (const char  *path,
                   gboolean     create,
                   const char  *schema,
                   const char  *owner,
                   GQuark       domain,
                   int          code,
                   GError     **error)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, domain, code, _("%s %s: cannot open: %s"),
                   owner, path, db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);

  if (schema != NULL && sqlite3_exec (db, schema, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, domain, code, _("%s %s: cannot create the tables: %s"),
                   owner, path, message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/**
 * vigie_sqlite_dup_column:
 * @stmt: a statement on a row
 * @column: a column index
 *
 * Returns: (transfer full) (nullable): the column as text
 */
char *
vigie_sqlite_dup_column (sqlite3_stmt *stmt,
                         int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * vigie_sqlite_cache_new:
 *
 * Prepared statements kept for reuse, keyed by their SQL: the journal's
 * append path runs the same dozen statements for every event. Free it
 * before closing the connection.
 *
 * Returns: (transfer full): an empty cache
 */
static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

GHashTable *
vigie_sqlite_cache_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
}

/**
 * vigie_sqlite_prepare_cached:
 * @cache: (nullable): a cache from vigie_sqlite_cache_new(); %NULL to
 *   prepare a statement for one use
 * @db: the connection
 * @sql: one statement
 *
 * Returns: (transfer none) (nullable): the statement, ready to bind; give
 *   it back with vigie_sqlite_release()
 */
sqlite3_stmt *
vigie_sqlite_prepare_cached (GHashTable *cache,
                             sqlite3    *db,
                             const char *sql)
{
  sqlite3_stmt *stmt = cache ? g_hash_table_lookup (cache, sql) : NULL;

  if (stmt != NULL)
    return stmt;
  if (sqlite3_prepare_v3 (db, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  if (cache)
    g_hash_table_insert (cache, g_strdup (sql), stmt);
  return stmt;
}

/**
 * vigie_sqlite_release:
 * @cache: (nullable): the cache @stmt came from
 * @stmt: (nullable): a statement from vigie_sqlite_prepare_cached()
 */
void
vigie_sqlite_release (GHashTable   *cache,
                      sqlite3_stmt *stmt)
{
  if (stmt == NULL)
    return;
  if (cache == NULL)
    {
      sqlite3_finalize (stmt);
      return;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}
