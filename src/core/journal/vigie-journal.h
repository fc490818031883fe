/* vigie-journal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_JOURNAL_ERROR (vigie_journal_error_quark ())

typedef enum {
  VIGIE_JOURNAL_ERROR_SQLITE,
  VIGIE_JOURNAL_ERROR_TAMPERED,
} VigieJournalError;

/**
 * VigieJournalEvent:
 *
 * One row of the journal, as written.
 */
typedef struct {
  gint64  seq;
  char   *at;       /* ISO 8601, UTC, microseconds */
  char   *call_id;
  char   *kind;
  char   *data;     /* a JSON object */
  char   *hash;
} VigieJournalEvent;

/**
 * VigieJournalCall:
 *
 * The summary of one call, for the journal page.
 */
typedef struct {
  char *call_id;
  char *received_at;
  char *client_id;
  char *client_name;
  char *caller_number;
  char *caller_name;
  char *decision;
  char *alert_status;
} VigieJournalCall;

/**
 * VigieJournalEntry:
 *
 * One event to append with vigie_journal_append_many().
 */
typedef struct {
  const char *call_id;
  const char *kind;
  JsonNode   *data;
} VigieJournalEntry;

struct sqlite3;

/**
 * VigieJournalHook:
 * @db: the journal's connection, inside the open transaction
 * @user_data: the hook's data
 * @error: return location for a #GError
 *
 * Returns: %FALSE to roll the whole transaction back
 */
typedef gboolean (*VigieJournalHook) (struct sqlite3  *db,
                                      gpointer         user_data,
                                      GError         **error);

#define VIGIE_TYPE_JOURNAL (vigie_journal_get_type ())

G_DECLARE_FINAL_TYPE (VigieJournal, vigie_journal, VIGIE, JOURNAL, GObject)

GQuark        vigie_journal_error_quark  (void);
VigieJournal *vigie_journal_open         (const char    *path,
                                          GError       **error);
const char   *vigie_journal_get_path     (VigieJournal  *self);
gboolean      vigie_journal_append       (VigieJournal  *self,
                                          const char    *call_id,
                                          const char    *kind,
                                          JsonNode      *data,
                                          GError       **error);
gboolean      vigie_journal_append_many  (VigieJournal             *self,
                                          const VigieJournalEntry  *entries,
                                          guint                     n_entries,
                                          VigieJournalHook          hook,
                                          gpointer                  user_data,
                                          GError                  **error);
GPtrArray    *vigie_journal_list_events  (VigieJournal  *self,
                                          const char    *call_id,
                                          GError       **error);
GPtrArray    *vigie_journal_list_calls   (VigieJournal  *self,
                                          guint          limit,
                                          GError       **error);
GPtrArray    *vigie_journal_list_calls_from (VigieJournal  *self,
                                          const char    *number,
                                          GDateTime     *since,
                                          const char    *except_call_id,
                                          guint          limit,
                                          GError       **error);
gboolean      vigie_journal_verify       (VigieJournal  *self,
                                          gint64        *n_events,
                                          GError       **error);

void          vigie_journal_event_free   (VigieJournalEvent *event);
void          vigie_journal_call_free    (VigieJournalCall  *call);

G_END_DECLS
