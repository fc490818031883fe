/* vigie-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CLIENT (vigie_client_get_type ())

G_DECLARE_FINAL_TYPE (VigieClient, vigie_client, VIGIE, CLIENT, GObject)

VigieClient        *vigie_client_new_from_json  (JsonObject   *object,
                                                 GError      **error);
const char         *vigie_client_get_id         (VigieClient  *self);
const char         *vigie_client_get_name       (VigieClient  *self);
const char         *vigie_client_get_sector     (VigieClient  *self);
const char         *vigie_client_get_greeting   (VigieClient  *self);
const char         *vigie_client_get_script     (VigieClient  *self);
const char         *vigie_client_get_timezone   (VigieClient  *self);
const char         *vigie_client_get_language   (VigieClient  *self);
const char         *vigie_client_get_webhook    (VigieClient  *self);
const char * const *vigie_client_get_lines      (VigieClient  *self);
GPtrArray          *vigie_client_get_targets    (VigieClient  *self);
VigieTarget        *vigie_client_find_target    (VigieClient  *self,
                                                 const char   *target_id);
const char         *vigie_client_get_oncall_name  (VigieClient *self);
const char         *vigie_client_get_oncall_phone (VigieClient *self);
guint               vigie_client_get_ring_timeout (VigieClient *self);
gboolean            vigie_client_get_alert_unanswered (VigieClient *self);
guint               vigie_client_get_retention_days (VigieClient *self);
JsonObject         *vigie_client_get_summary      (VigieClient *self);

G_END_DECLS
