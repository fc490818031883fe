/* vigie-dispatcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigie-directory.h"
#include "vigie-journal.h"
#include "vigie-outbox.h"
#include "vigie-secrets.h"
#include "vigie-target.h"

G_BEGIN_DECLS

#define VIGIE_DISPATCH_ERROR (vigie_dispatch_error_quark ())

typedef enum {
  VIGIE_DISPATCH_ERROR_BAD_URL,
  VIGIE_DISPATCH_ERROR_REJECTED,
  VIGIE_DISPATCH_ERROR_SERVER,
  VIGIE_DISPATCH_ERROR_NO_TARGET,
} VigieDispatchError;

/**
 * VigieTestResult:
 *
 * What a platform answered to a test alert.
 */
typedef struct {
  char               *target_id;
  char               *target_label;
  VigieTargetVerdict  verdict;
  guint               status;      /* HTTP or SMTP status, 0 without answer */
  char               *message;     /* the platform's answer, or the error */
  gint64              latency_us;
} VigieTestResult;

#define VIGIE_TYPE_DISPATCHER (vigie_dispatcher_get_type ())

G_DECLARE_FINAL_TYPE (VigieDispatcher, vigie_dispatcher, VIGIE, DISPATCHER, GObject)

GQuark           vigie_dispatch_error_quark          (void);
void             vigie_test_result_free              (VigieTestResult      *result);

VigieDispatcher *vigie_dispatcher_new                (VigieOutbox          *outbox,
                                                      VigieDirectory       *directory,
                                                      VigieSecrets         *secrets);
VigieOutbox     *vigie_dispatcher_get_outbox         (VigieDispatcher      *self);
VigieSecrets    *vigie_dispatcher_get_secrets        (VigieDispatcher      *self);
void             vigie_dispatcher_start              (VigieDispatcher      *self);
void             vigie_dispatcher_stop               (VigieDispatcher      *self);
void             vigie_dispatcher_kick               (VigieDispatcher      *self);
guint            vigie_dispatcher_get_n_in_flight    (VigieDispatcher      *self);
void             vigie_dispatcher_set_retry_policy   (VigieDispatcher      *self,
                                                      guint                 base_ms,
                                                      guint                 max_ms);
void             vigie_dispatcher_set_max_in_flight (VigieDispatcher    *self,
                                                      guint                 max);
void             vigie_dispatcher_set_timeout        (VigieDispatcher      *self,
                                                      guint                 seconds);
void             vigie_dispatcher_set_overdue_delay  (VigieDispatcher      *self,
                                                      guint                 seconds);
guint            vigie_dispatcher_get_overdue_delay  (VigieDispatcher      *self);
void             vigie_dispatcher_set_ack_poll_interval (VigieDispatcher   *self,
                                                      guint                 milliseconds);
void             vigie_dispatcher_set_tls_database   (VigieDispatcher      *self,
                                                      GTlsDatabase         *database);

GPtrArray       *vigie_dispatcher_plan_alerts        (VigieDispatcher      *self,
                                                      VigieClient          *client,
                                                      const char           *call_id,
                                                      const char           *dedup_key,
                                                      JsonNode             *alert,
                                                      gint64                due_at_us);
gboolean         vigie_dispatcher_acknowledge        (VigieDispatcher      *self,
                                                      const char           *call_id,
                                                      const char           *dedup_key,
                                                      const char           *source,
                                                      const char           *by,
                                                      GError              **error);
gboolean         vigie_dispatcher_acknowledge_verdict (VigieDispatcher *self,
                                                      const char           *call_id,
                                                      const char           *dedup_key,
                                                      const char           *source,
                                                      const char           *by,
                                                      const char           *verdict,
                                                      GError              **error);
gboolean         vigie_dispatcher_record_intervention (VigieDispatcher *self,
                                                      const char           *call_id,
                                                      const char           *dedup_key,
                                                      gboolean              started,
                                                      const char           *source,
                                                      const char           *by,
                                                      GError              **error);
gboolean         vigie_dispatcher_resolve            (VigieDispatcher      *self,
                                                      const char           *call_id,
                                                      const char           *dedup_key,
                                                      GError              **error);
gboolean         vigie_dispatcher_is_acknowledged    (VigieDispatcher      *self,
                                                      const char           *dedup_key);

JsonNode        *vigie_dispatcher_build_test_alert   (VigieClient          *client);
void             vigie_dispatcher_test_async         (VigieDispatcher      *self,
                                                      VigieTarget          *target,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
VigieTestResult *vigie_dispatcher_test_finish        (VigieDispatcher      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieTestResult, vigie_test_result_free)

G_END_DECLS
