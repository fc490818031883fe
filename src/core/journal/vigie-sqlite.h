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

G_END_DECLS
