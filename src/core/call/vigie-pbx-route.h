/* vigie-pbx-route.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-pbx-endpoint.h"

G_BEGIN_DECLS

/**
 * VigiePbxRoute:
 * @endpoint: the endpoint
 * @path: the request's path ("/wazo/call_created")
 * @body: the request body (bounded by the endpoint)
 * @length: its length
 * @call_id: (out) (transfer full) (optional): the call the request is about
 * @error: return location for a #GError; the endpoint answers 400 with it
 * @user_data: data given to vigie_pbx_endpoint_add_route()
 *
 * Returns: %TRUE if the request was taken (HTTP 200)
 */
typedef gboolean (*VigiePbxRoute) (VigiePbxEndpoint  *endpoint,
                                   const char        *path,
                                   const char        *body,
                                   gsize              length,
                                   char             **call_id,
                                   GError           **error,
                                   gpointer           user_data);

void     vigie_pbx_endpoint_add_route (VigiePbxEndpoint  *self,
                                       const char        *prefix,
                                       VigiePbxRoute      route,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy);
gboolean vigie_pbx_route_matches      (VigiePbxEndpoint  *self,
                                       const char        *path);
gboolean vigie_pbx_route_dispatch     (VigiePbxEndpoint  *self,
                                       const char        *path,
                                       const char        *body,
                                       gsize              length,
                                       char             **call_id,
                                       GError           **error);

G_END_DECLS
