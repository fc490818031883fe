/* vigie-baresip-connector.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-telephony-connector.h"
#include "vigie-telephony-link.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_BARESIP_CONNECTOR (vigie_baresip_connector_get_type ())

G_DECLARE_FINAL_TYPE (VigieBaresipConnector, vigie_baresip_connector, VIGIE, BARESIP_CONNECTOR, GObject)

VigieBaresipConnector *vigie_baresip_connector_new      (const char            *id,
                                                         const char            *host,
                                                         guint16                port,
                                                         const char            *line);
void                   vigie_baresip_connector_map_account (VigieBaresipConnector *self,
                                                         const char            *account,
                                                         const char            *line);
VigieTelephonyLink    *vigie_baresip_connector_get_link (VigieBaresipConnector *self);
gboolean               vigie_baresip_connector_handle_message (VigieBaresipConnector *self,
                                                         const char            *json,
                                                         gsize                  length,
                                                         GError               **error);
char                  *vigie_sip_uri_user               (const char            *uri);

G_END_DECLS
