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
