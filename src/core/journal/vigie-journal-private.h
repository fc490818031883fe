/* vigie-journal-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What vigie-journal.c (writing) and vigie-journal-seal.c (keying,
 * sealing, checking) share.
 */
#pragma once

#include <sqlite3.h>

#include "vigie-journal.h"

G_BEGIN_DECLS

#define VIGIE_JOURNAL_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define VIGIE_JOURNAL_KEY_SIZE 32

/* Tables whose rows the journal seals one by one (they change in place). */
typedef enum {
  VIGIE_SEALED_CALLS,
  VIGIE_SEALED_OUTBOX,
  VIGIE_N_SEALED
} VigieSealedTable;

/* The journal's own statement of where it stands, written in every
 * transaction and MAC'd: the last event, and a keyed multiset digest
 * (count, sum of row MACs) of each sealed table. */
typedef struct {
  gboolean present;
  gboolean valid;          /* its MAC checks out */
  gint64   seq;
  char     head[65];
  gint64   keyed_from;
  gint64   guard_restored;  /* the triggers were found dropped after this event */
  gint64   count[VIGIE_N_SEALED];
  guint64  sum[VIGIE_N_SEALED];
} VigieJournalSeal;

/* The copy kept outside the database. */
typedef struct {
  gboolean present;        /* the file exists */
  gboolean valid;          /* a slot with a good MAC was found */
  gint64   seq;
  char     head[65];
  gint64   keyed_from;
} VigieJournalAnchor;

char     *vigie_journal_anchor_path  (const char        *journal_path);
char     *vigie_journal_key_path     (const char        *journal_path);
gboolean  vigie_journal_key_load     (const char        *journal_path,
                                      gboolean           create,
                                      guint8             key[VIGIE_JOURNAL_KEY_SIZE],
                                      gboolean          *created,
                                      GError           **error);
char     *vigie_journal_hash_event   (const guint8      *key,
                                      const char        *prev_hash,
                                      gint64             seq,
                                      const char        *at,
                                      const char        *call_id,
                                      const char        *kind,
                                      const char        *data);
gboolean  vigie_journal_seal_read    (sqlite3           *db,
                                      GHashTable        *stmts,
                                      const guint8      *key,
                                      VigieJournalSeal  *seal,
                                      GError           **error);
gboolean  vigie_journal_seal_write   (sqlite3           *db,
                                      GHashTable        *stmts,
                                      const guint8      *key,
                                      VigieJournalSeal  *seal,
                                      GError           **error);
gboolean  vigie_journal_seal_row     (sqlite3           *db,
                                      GHashTable        *stmts,
                                      const guint8      *key,
                                      VigieJournalSeal  *seal,
                                      VigieSealedTable   table,
                                      const char        *rid,
                                      GError           **error);
gboolean  vigie_journal_seal_all     (sqlite3           *db,
                                      GHashTable        *stmts,
                                      const guint8      *key,
                                      VigieJournalSeal  *seal,
                                      GError           **error);
void      vigie_journal_anchor_read  (const char        *journal_path,
                                      const guint8      *key,
                                      VigieJournalAnchor *anchor);
gboolean  vigie_journal_anchor_write (const char        *journal_path,
                                      const guint8      *key,
                                      gint64             seq,
                                      const char        *head,
                                      gint64             keyed_from,
                                      gboolean           sync,
                                      GError           **error);
void      vigie_journal_anchor_sync  (const char        *journal_path);
#define VIGIE_JOURNAL_CALL_COLUMNS \
  "call_id, received_at, client_id, client_name, caller_number, caller_name, decision, alert_status, " \
  "line, operator, script, vip, outcome, gravity, recommended, overridden, override_reason, note, answers, " \
  "decided_at, alert_delivered_at, acked_at, acked_by, closed_at, escalation_steps"

const guint8 *_vigie_journal_get_key (VigieJournal *self);
sqlite3      *_vigie_journal_get_db  (VigieJournal *self);
char         *_vigie_journal_filter_where (const VigieJournalFilter *filter);
GPtrArray    *_vigie_journal_read_calls (sqlite3       *db,
                                         sqlite3_stmt  *stmt,
                                         GError       **error);
gboolean  vigie_journal_check_rows   (sqlite3                 *db,
                                      const guint8            *key,
                                      const VigieJournalSeal  *seal,
                                      GCancellable            *cancellable,
                                      VigieSealedTable        *bad_table,
                                      char                   **bad_row,
                                      const char             **what,
                                      GError                 **error);
gboolean  vigie_journal_table_exists (sqlite3           *db,
                                      const char        *name);

/* The write transaction (vigie-journal.c), for erasure. */
gboolean     _vigie_journal_begin          (VigieJournal      *self,
                                            VigieJournalSeal  *seal,
                                            GError           **error);
gboolean     _vigie_journal_insert         (VigieJournal      *self,
                                            VigieJournalSeal  *seal,
                                            const char        *call_id,
                                            const char        *kind,
                                            JsonNode          *data,
                                            GError           **error);
void         _vigie_journal_touch          (VigieJournal      *self,
                                            VigieSealedTable   table,
                                            const char        *rid);
gboolean     _vigie_journal_commit         (VigieJournal      *self,
                                            VigieJournalSeal  *seal,
                                            GError           **error);
void         _vigie_journal_rollback       (VigieJournal      *self);
void         _vigie_journal_emit_appended  (VigieJournal      *self,
                                            const char        *call_id,
                                            const char        *kind);
GHashTable  *_vigie_journal_get_stmts      (VigieJournal      *self);

gboolean     _vigie_journal_last_event     (VigieJournal      *self,
                                            gint64            *seq,
                                            char             **hash,
                                            GError           **error);

gboolean     _vigie_journal_sqlite_error   (VigieJournal      *self,
                                            GError           **error,
                                            const char        *what);
gboolean     _vigie_journal_read_error     (sqlite3           *db,
                                            GError           **error);

void         _vigie_journal_hash_fields    (GHmac             *hmac,
                                            const char * const fields[6],
                                            char               out[65]);

/* vigie-journal-queue.c */
typedef struct _VigieJournalQueue VigieJournalQueue;
GPtrArray   *_vigie_journal_queue_take     (VigieJournalQueue **queue);
GArray      *_vigie_journal_queue_entries  (GPtrArray          *queued);
void         _vigie_journal_queue_complete (GPtrArray          *queued,
                                            const GError       *error);
void         _vigie_journal_queue_free     (VigieJournalQueue  *queue);
VigieJournalQueue **_vigie_journal_get_queue (VigieJournal     *self);

/* vigie-journal-migrate.c */
gboolean     _vigie_journal_migrate        (VigieJournal      *self,
                                            gboolean           key_created,
                                            GError           **error);

/* vigie-journal-summary.c */
gboolean     _vigie_journal_update_summary (VigieJournal      *self,
                                            const char        *call_id,
                                            const char        *kind,
                                            const char        *at,
                                            JsonObject        *object,
                                            GError           **error);

/* vigie-journal-personal.c */
void         _vigie_journal_split          (const char   *kind,
                                            JsonObject   *data,
                                            JsonObject  **public_data,
                                            JsonObject  **personal);
const char  *_vigie_journal_personal_number (JsonObject  *personal);
void         _vigie_journal_personal_hash  (const char   *salt,
                                            const char   *text,
                                            char          out[65]);
char        *_vigie_journal_new_salt       (void);
gboolean     _vigie_journal_personal_ref   (const char   *data,
                                            char          hash[65]);
char        *_vigie_journal_with_ref       (JsonObject   *public_data,
                                            const char   *hash);
char        *_vigie_journal_merge          (const char   *stored,
                                            const char   *personal,
                                            gboolean      has_row);
void         _vigie_journal_redaction_mac  (const guint8 *key,
                                            gint64        seq,
                                            const char   *prev_hash,
                                            const char   *hash,
                                            const char   *at,
                                            const char   *call_id,
                                            const char   *kind,
                                            const char   *data,
                                            gint64        erased_by,
                                            char          out[65]);

G_END_DECLS
