/* vigie-wazo-connector.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-pbx-route.h"
#include "vigie-telephony-connector.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_WAZO_CONNECTOR (vigie_wazo_connector_get_type ())

G_DECLARE_FINAL_TYPE (VigieWazoConnector, vigie_wazo_connector, VIGIE, WAZO_CONNECTOR, GObject)

VigieWazoConnector *vigie_wazo_connector_new         (const char          *id,
                                                      const char          *line);
gboolean            vigie_wazo_connector_handle_body (VigieWazoConnector  *self,
                                                      const char          *event_name,
                                                      const char          *body,
                                                      gsize                length,
                                                      char               **call_id,
                                                      GError             **error);
gboolean            vigie_wazo_route                 (VigiePbxEndpoint    *endpoint,
                                                      const char          *path,
                                                      const char          *body,
                                                      gsize                length,
                                                      char               **call_id,
                                                      GError             **error,
                                                      gpointer             user_data);

G_END_DECLS
