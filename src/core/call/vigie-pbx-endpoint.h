/* vigie-pbx-endpoint.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-journal.h"

G_BEGIN_DECLS

#define VIGIE_PBX_ERROR (vigie_pbx_error_quark ())

/**
 * VigiePbxError:
 * @VIGIE_PBX_ERROR_BAD_REQUEST: the request is malformed (HTTP 400)
 * @VIGIE_PBX_ERROR_UNAUTHORIZED: missing or wrong token (HTTP 401)
 * @VIGIE_PBX_ERROR_UNKNOWN_CALL: no such call on the desk (HTTP 404)
 * @VIGIE_PBX_ERROR_NO_TOKEN: the endpoint refuses to listen without a token
 */
typedef enum {
  VIGIE_PBX_ERROR_BAD_REQUEST,
  VIGIE_PBX_ERROR_UNAUTHORIZED,
  VIGIE_PBX_ERROR_UNKNOWN_CALL,
  VIGIE_PBX_ERROR_NO_TOKEN,
} VigiePbxError;

typedef enum {
  VIGIE_PBX_EVENT_RING,
  VIGIE_PBX_EVENT_ANSWER,
  VIGIE_PBX_EVENT_HANGUP,
} VigiePbxEvent;

/**
 * VigiePbxRequest:
 * @event: ring, answer or hang-up
 * @call_id: (nullable): the PBX's call id; required for answer and hang-up
 * @from: (nullable): the caller's number as the PBX wrote it
 * @line: (nullable): the dialled number; required for ring
 *
 * A call event, checked for the token and the required fields.
 */
typedef struct {
  VigiePbxEvent  event;
  const char    *call_id;
  const char    *from;
  const char    *line;
} VigiePbxRequest;

#define VIGIE_TYPE_PBX_ENDPOINT (vigie_pbx_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (VigiePbxEndpoint, vigie_pbx_endpoint, VIGIE, PBX_ENDPOINT, GObject)

/**
 * VigiePbxHandler:
 * @endpoint: the endpoint
 * @request: the event
 * @call_id: (out) (transfer full) (optional): the call id the desk uses
 * @error: return location for a #GError; %VIGIE_PBX_ERROR_UNKNOWN_CALL
 *   gives HTTP 404, any other error HTTP 400 with its message
 * @user_data: data given to vigie_pbx_endpoint_set_handler()
 *
 * Returns: %TRUE if the desk took the event
 */
typedef gboolean (*VigiePbxHandler) (VigiePbxEndpoint       *endpoint,
                                     const VigiePbxRequest  *request,
                                     char                  **call_id,
                                     GError                **error,
                                     gpointer                user_data);

GQuark            vigie_pbx_error_quark        (void);
const char       *vigie_pbx_event_to_string    (VigiePbxEvent     event);
VigiePbxEndpoint *vigie_pbx_endpoint_new       (VigieJournal     *journal,
                                                const char       *token);
void              vigie_pbx_endpoint_set_handler (VigiePbxEndpoint *self,
                                                VigiePbxHandler   handler,
                                                gpointer          user_data,
                                                GDestroyNotify    destroy);
gboolean          vigie_pbx_endpoint_listen    (VigiePbxEndpoint *self,
                                                guint             port,
                                                GError          **error);
guint             vigie_pbx_endpoint_get_port  (VigiePbxEndpoint *self);
void              vigie_pbx_endpoint_stop      (VigiePbxEndpoint *self);

G_END_DECLS
