/* vigie-test-journal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the journal holds, as the tests read it: through the process's own
 * VigieJournal, or straight from the SQLite file of another process (the
 * real `vigie` beside the test), read-only.
 */
#pragma once

#include <glib.h>

#include "vigie-journal.h"

G_BEGIN_DECLS

/* A journal clock the test sets: vigie_journal_set_clock (journal,
 * vigie_test_clock_now, &clock). */
typedef struct {
  gint64 now;   /* µs since the epoch */
} VigieTestClock;

gint64 vigie_test_clock_now         (gpointer      clock);
void   vigie_test_journal_append_at (VigieJournal   *journal,
                                     VigieTestClock *clock,
                                     const char     *call_id,
                                     const char     *kind,
                                     const char     *json,
                                     GDateTime      *time);
#define vigie_test_journal_append(journal, call_id, kind, json) \
  vigie_test_journal_append_at ((journal), NULL, (call_id), (kind), (json), NULL)

guint  vigie_test_journal_count     (VigieJournal *journal,
                                     const char   *call_id,
                                     const char   *kind,
                                     const char   *containing);
char  *vigie_test_journal_last_data (VigieJournal *journal,
                                     const char   *call_id,
                                     const char   *kind);

char  *vigie_test_journal_query       (const char *data_dir,
                                       const char *sql,
                                       const char *call_id);
guint  vigie_test_journal_query_count (const char *data_dir,
                                       const char *sql,
                                       const char *call_id);

G_END_DECLS
