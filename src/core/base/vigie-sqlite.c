/* vigie-sqlite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal, the outbox, the rosters, escalation and reminders each keep
 * their own connection to the same SQLite file; they open it, bind, step
 * and report SQLite's errors the same way.
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

/**
 * vigie_sqlite_set_error:
 * @error: return location for a #GError
 * @db: the connection that failed
 * @domain: the caller's error domain
 * @code: the caller's error code for SQLite failures
 * @where: who and which file, for the message ("Outbox", "Rosters in PATH")
 * @what: what could not be done ("cannot read")
 *
 * Sets "@where: @what: SQLite's own message".
 *
 * Returns: %FALSE, so a caller can `return vigie_sqlite_set_error (…);`
 */
gboolean
vigie_sqlite_set_error (GError     **error,
                        sqlite3     *db,
                        GQuark       domain,
                        int          code,
                        const char  *where,
                        const char  *what)
{
  g_set_error (error, domain, code, _("%s: %s: %s"), where, what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
bind_valist (sqlite3_stmt *stmt,
             const char   *types,
             va_list       args)
{
  for (int i = 0; types[i]; i++)
    {
      int rc;

      switch (types[i])
        {
        case 's':
          rc = sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
          break;
        case 'i':
          rc = sqlite3_bind_int (stmt, i + 1, va_arg (args, gint32));
          break;
        case 'x':
          rc = sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;
        default:
          g_return_val_if_reached (FALSE);
        }
      if (rc != SQLITE_OK)
        return FALSE;
    }
  return TRUE;
}

/**
 * vigie_sqlite_bind:
 * @stmt: a prepared statement
 * @types: one letter per parameter, from ?1 on, as in #GVariant: `s` a
 *   string (`const char *`, %NULL binds NULL), `i` a `gint32`, `x` a
 *   `gint64`
 * @...: the values
 *
 * Binds every parameter, or says that one could not be (out of range,
 * too big, out of memory): a statement run with a parameter left unbound
 * would write NULL where a value was meant. The error is on the
 * statement's connection (sqlite3_errmsg()).
 *
 * Returns: %TRUE when every value is bound
 */
gboolean
vigie_sqlite_bind (sqlite3_stmt *stmt,
                   const char   *types,
                   ...)
{
  va_list args;
  gboolean ok;

  va_start (args, types);
  ok = bind_valist (stmt, types, args);
  va_end (args);
  return ok;
}

/**
 * vigie_sqlite_step:
 * @stmt: a query
 * @row: (out): whether a row came
 *
 * One step that tells "no row" from "could not read".
 *
 * Returns: %FALSE on an SQLite error
 */
gboolean
vigie_sqlite_step (sqlite3_stmt *stmt,
                   gboolean     *row)
{
  int rc = sqlite3_step (stmt);

  *row = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}
