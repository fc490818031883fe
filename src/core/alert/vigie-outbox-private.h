/* vigie-outbox-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by vigie-outbox.c (the object, its rows, its reads) and
 * vigie-outbox-write.c (what is written in the journal's transaction).
 */
#pragma once

#include <sqlite3.h>

#include "vigie-outbox.h"

G_BEGIN_DECLS

struct _VigieOutbox
{
  GObject       parent_instance;

  VigieJournal *journal;
  sqlite3      *db;      /* reads only */
};

gboolean  _vigie_outbox_set_sqlite_error (sqlite3     *db,
                                          GError     **error,
                                          const char  *what);
char     *_vigie_outbox_format_us        (gint64       us);

G_END_DECLS
