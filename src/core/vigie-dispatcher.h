/* vigie-dispatcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigie-journal.h"

G_BEGIN_DECLS

#define VIGIE_DISPATCH_ERROR (vigie_dispatch_error_quark ())

typedef enum {
  VIGIE_DISPATCH_ERROR_BAD_URL,
  VIGIE_DISPATCH_ERROR_REJECTED,
  VIGIE_DISPATCH_ERROR_SERVER,
} VigieDispatchError;

#define VIGIE_TYPE_DISPATCHER (vigie_dispatcher_get_type ())

G_DECLARE_FINAL_TYPE (VigieDispatcher, vigie_dispatcher, VIGIE, DISPATCHER, GObject)

GQuark           vigie_dispatch_error_quark   (void);
VigieDispatcher *vigie_dispatcher_new         (VigieJournal         *journal);
void             vigie_dispatcher_send_async  (VigieDispatcher      *self,
                                               const char           *call_id,
                                               const char           *url,
                                               JsonNode             *payload,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean         vigie_dispatcher_send_finish (VigieDispatcher      *self,
                                               GAsyncResult         *result,
                                               guint                *http_status,
                                               GError              **error);

G_END_DECLS
