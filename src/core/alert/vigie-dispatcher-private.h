/* vigie-dispatcher-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the dispatcher's files share: vigie-dispatcher.c (the object,
 * scheduling), -send.c (attempts and their recording), -ack.c
 * (acknowledgements and their read-back), -test.c (test alerts).
 */
#pragma once

#include <libsoup/soup.h>

#include "vigie-dispatcher.h"
#include "vigie-mailer.h"
#include "vigie-summary.h"

G_BEGIN_DECLS

struct _VigieDispatcher
{
  GObject          parent_instance;

  VigieOutbox     *outbox;
  VigieDirectory  *directory;
  VigieSecrets    *secrets;
  VigieMailer     *mailer;
  VigieSummary    *summary;         /* the clients' morning mails */
  SoupSession     *session;
  SoupSession     *stream_session;  /* long-lived ntfy subscriptions */
  GCancellable    *cancellable;

  GHashTable      *in_flight;       /* row id (gint64 *) → VigieOutboxEntry */
  GPtrArray       *finished;        /* Finished, waiting to be committed */
  GHashTable      *overdue_seen;    /* dedup keys already announced */
  GHashTable      *acknowledged;    /* dedup keys */
  GHashTable      *polls;           /* dedup key → Poll (PagerDuty read-back) */
  GHashTable      *subscriptions;   /* "url topic" → Subscription (ntfy) */
  GHashTable      *person_targets;  /* "client\ntarget id" → VigieTarget */

  guint            pump_id;
  guint            timer_id;
  guint            flush_id;
  guint            overdue_id;
  guint            poll_id;

  gboolean         started;
  guint            max_in_flight;
  guint            retry_base_ms;
  guint            retry_max_ms;
  guint            overdue_delay_s;
  guint            ack_poll_ms;
  gint64           started_at;
};

typedef struct {
  VigieOutboxEntry   *entry;
  VigieTargetKind     kind;
  gint64              at;
  gint64              latency_us;
  guint               status;
  VigieTargetVerdict  verdict;
  char               *message;
  gint64              next_attempt_at;
} Finished;

typedef struct {
  VigieDispatcher  *self;    /* strong: answers may come after dispose */
  VigieOutboxEntry *entry;
  VigieTarget      *target;
  SoupMessage      *message;
  gint64            started;
} Attempt;

typedef struct {
  char        *call_id;
  char        *dedup_key;
  VigieTarget *target;
  gint64       until;
  gboolean     busy;
} Poll;

typedef struct {
  VigieDispatcher  *self;
  char             *key;
  VigieTarget      *target;
  GDataInputStream *stream;
  SoupMessage      *message;
  guint             retry_id;
} Subscription;

void         _vigie_dispatcher_pump              (VigieDispatcher   *self);
gboolean     _vigie_dispatcher_flush_cb          (gpointer           user_data);
void         _vigie_dispatcher_start_attempt     (VigieDispatcher   *self,
                                                  VigieOutboxEntry  *entry);
VigieTarget *_vigie_dispatcher_find_target       (VigieDispatcher   *self,
                                                  const char        *client_id,
                                                  const char        *target_id);
VigieMail   *_vigie_dispatcher_build_mail        (VigieDispatcher   *self,
                                                  VigieTarget       *target,
                                                  VigieAlertAction   action,
                                                  const char        *dedup_key,
                                                  JsonObject        *alert,
                                                  GError           **error);
void         _vigie_dispatcher_finished_free     (Finished          *finished);
void         _vigie_dispatcher_poll_free         (Poll              *poll);
void         _vigie_dispatcher_subscription_free (Subscription      *sub);
void         _vigie_dispatcher_subscribe         (VigieDispatcher   *self,
                                                  VigieTarget       *target);
gboolean     _vigie_dispatcher_poll_timer_cb     (gpointer           user_data);
gboolean     _vigie_dispatcher_wants_replies     (VigieTarget       *target);
void         _vigie_dispatcher_follow_acknowledgement (VigieDispatcher  *self,
                                                  VigieOutboxEntry  *entry);

G_END_DECLS
