/* vigie-sqlite.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

sqlite3 *vigie_sqlite_open       (const char    *path,
                                  gboolean       create,
                                  const char    *schema,
                                  const char    *owner,
                                  GQuark         domain,
                                  int            code,
                                  GError       **error);
char    *vigie_sqlite_dup_column (sqlite3_stmt  *stmt,
                                  int            column);
GHashTable   *vigie_sqlite_cache_new      (void);
sqlite3_stmt *vigie_sqlite_prepare_cached (GHashTable    *cache,
                                           sqlite3       *db,
                                           const char    *sql);
void          vigie_sqlite_release        (GHashTable    *cache,
                                           sqlite3_stmt  *stmt);

gboolean      vigie_sqlite_set_error      (GError       **error,
                                           sqlite3       *db,
                                           GQuark         domain,
                                           int            code,
                                           const char    *where,
                                           const char    *what);
gboolean      vigie_sqlite_bind           (sqlite3_stmt  *stmt,
                                           const char    *types,
                                           ...);

/**
 * vigie_sqlite_run:
 * @stmt: a prepared statement that returns no row (INSERT, UPDATE…)
 * @types: as for vigie_sqlite_bind()
 * @...: the values
 *
 * Binds and runs @stmt to the end. A macro, so that the values pass
 * straight to vigie_sqlite_bind().
 *
 * Returns: %TRUE when every value was bound and the statement ran
 */
#define vigie_sqlite_run(stmt, ...) \
  G_GNUC_EXTENSION ({ \
    sqlite3_stmt *vigie_stmt_ = (stmt); \
    vigie_sqlite_bind (vigie_stmt_, __VA_ARGS__) && sqlite3_step (vigie_stmt_) == SQLITE_DONE; \
  })

gboolean      vigie_sqlite_step           (sqlite3_stmt  *stmt,
                                           gboolean      *row);

G_END_DECLS
