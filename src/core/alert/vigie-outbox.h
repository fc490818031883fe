/* vigie-outbox.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-journal.h"
#include "vigie-target.h"

G_BEGIN_DECLS

#define VIGIE_OUTBOX_ERROR (vigie_outbox_error_quark ())

typedef enum {
  VIGIE_OUTBOX_ERROR_SQLITE,
  VIGIE_OUTBOX_ERROR_INVALID,
} VigieOutboxError;

/**
 * VigieOutboxState:
 * @VIGIE_OUTBOX_PENDING: waiting for its due time or its next attempt
 * @VIGIE_OUTBOX_DELIVERED: the platform took it
 * @VIGIE_OUTBOX_REJECTED: the platform refused it (configuration error)
 * @VIGIE_OUTBOX_CANCELLED: no longer needed (acknowledged, call resolved)
 */
typedef enum {
  VIGIE_OUTBOX_PENDING,
  VIGIE_OUTBOX_DELIVERED,
  VIGIE_OUTBOX_REJECTED,
  VIGIE_OUTBOX_CANCELLED,
} VigieOutboxState;

/**
 * VigieOutboxEntry:
 * @id: the row id, 0 before enqueueing
 * @dedup_key: the alert's identity: the same on every retry, after a
 *   restart, and on every target of the same alert
 * @action: trigger, acknowledge or resolve
 * @call_id: (nullable): the call the alert belongs to
 * @client_id: the client whose target receives it
 * @target_id: the target, by its id in clients.json
 * @recipient: (nullable): the on-call person, for escalation
 * @recipient_phone: (nullable): the number to phone if it is not delivered
 * @payload: the alert (a JSON object, see vigie_call_build_alert())
 * @created_at: when it was queued (µs since the epoch, UTC)
 * @due_at: when it may leave (µs); later than @created_at when deferred
 * @next_attempt_at: when the next attempt may start (µs)
 *
 * One alert for one target: a row of the outbox.
 */
typedef struct {
  gint64            id;
  char             *dedup_key;
  VigieAlertAction  action;
  char             *call_id;
  char             *client_id;
  char             *target_id;
  char             *recipient;
  char             *recipient_phone;
  JsonNode         *payload;
  gint64            created_at;
  gint64            due_at;
  gint64            next_attempt_at;
  VigieOutboxState  state;
  guint             attempts;
  guint             last_status;
  char             *last_error;
  gint64            delivered_at;
} VigieOutboxEntry;

/**
 * VigieOutboxAttempt:
 *
 * What one attempt gave, for vigie_outbox_record_attempts().
 */
typedef struct {
  VigieOutboxEntry   *entry;        /* borrowed */
  const char         *target_kind;
  gint64              at;           /* µs since the epoch */
  gint64              latency_us;
  guint               status;       /* HTTP or SMTP status, 0 without answer */
  VigieTargetVerdict  verdict;
  char               *message;      /* the platform's answer or the error */
  gint64              next_attempt_at;
} VigieOutboxAttempt;

/**
 * VigieOutboxOverdue:
 *
 * An alert (all its targets) that no target took in time.
 */
typedef struct {
  char   *dedup_key;
  char   *call_id;
  char   *recipient;
  char   *recipient_phone;
  char   *last_error;
  gint64  due_at;
  gboolean rejected;  /* every target refused it: no retry will help */
} VigieOutboxOverdue;

#define VIGIE_TYPE_OUTBOX (vigie_outbox_get_type ())

G_DECLARE_FINAL_TYPE (VigieOutbox, vigie_outbox, VIGIE, OUTBOX, GObject)

GQuark            vigie_outbox_error_quark       (void);
const char       *vigie_outbox_state_to_string   (VigieOutboxState     state);

VigieOutboxEntry *vigie_outbox_entry_new         (const char          *dedup_key,
                                                  VigieAlertAction     action,
                                                  const char          *client_id,
                                                  const char          *target_id,
                                                  JsonNode            *payload);
VigieOutboxEntry *vigie_outbox_entry_copy        (const VigieOutboxEntry *entry);
void              vigie_outbox_entry_free        (VigieOutboxEntry    *entry);
void              vigie_outbox_overdue_free      (VigieOutboxOverdue  *overdue);

VigieOutbox      *vigie_outbox_new               (VigieJournal        *journal,
                                                  GError             **error);
VigieJournal     *vigie_outbox_get_journal       (VigieOutbox         *self);
gboolean          vigie_outbox_commit            (VigieOutbox         *self,
                                                  const char          *call_id,
                                                  const char          *kind,
                                                  JsonNode            *data,
                                                  GPtrArray           *entries,
                                                  GError             **error);
gboolean          vigie_outbox_enqueue           (VigieOutbox         *self,
                                                  VigieOutboxEntry    *entry,
                                                  GError             **error);
gboolean          vigie_outbox_cancel            (VigieOutbox         *self,
                                                  const char          *call_id,
                                                  const char          *dedup_key,
                                                  const char          *reason,
                                                  guint               *n_cancelled,
                                                  GError             **error);
gboolean          vigie_outbox_retry_rejected    (VigieOutbox         *self,
                                                  const char          *client_id,
                                                  const char          *target_id,
                                                  guint               *n_retried,
                                                  GError             **error);
GPtrArray        *vigie_outbox_list_due          (VigieOutbox         *self,
                                                  gint64               now_us,
                                                  guint                limit,
                                                  GError             **error);
GPtrArray        *vigie_outbox_list_call         (VigieOutbox         *self,
                                                  const char          *call_id,
                                                  GError             **error);
GPtrArray        *vigie_outbox_list_key          (VigieOutbox         *self,
                                                  const char          *dedup_key,
                                                  GError             **error);
GPtrArray        *vigie_outbox_list_overdue      (VigieOutbox         *self,
                                                  gint64               now_us,
                                                  gint64               delay_us,
                                                  GError             **error);
gboolean          vigie_outbox_get_next_attempt  (VigieOutbox         *self,
                                                  gint64              *when_us,
                                                  GError             **error);
gboolean          vigie_outbox_get_next_attempt_after (VigieOutbox    *self,
                                                  gint64               after_us,
                                                  gint64              *when_us,
                                                  GError             **error);
gint64            vigie_outbox_count             (VigieOutbox         *self,
                                                  VigieOutboxState     state,
                                                  GError             **error);
gboolean          vigie_outbox_record_attempts   (VigieOutbox         *self,
                                                  VigieOutboxAttempt  *attempts,
                                                  guint                n_attempts,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieOutboxEntry, vigie_outbox_entry_free)

G_END_DECLS
