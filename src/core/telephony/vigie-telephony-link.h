/* vigie-telephony-link.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-telephony-connector.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_TELEPHONY_LINK (vigie_telephony_link_get_type ())

G_DECLARE_FINAL_TYPE (VigieTelephonyLink, vigie_telephony_link, VIGIE, TELEPHONY_LINK, GObject)

VigieTelephonyLink *vigie_telephony_link_new          (const char          *host,
                                                       guint16              port);
void                vigie_telephony_link_start        (VigieTelephonyLink  *self);
void                vigie_telephony_link_stop         (VigieTelephonyLink  *self);
void                vigie_telephony_link_drop         (VigieTelephonyLink  *self,
                                                       const GError        *error);
gboolean            vigie_telephony_link_is_connected (VigieTelephonyLink  *self);
void                vigie_telephony_link_start_for    (VigieTelephonyLink      *self,
                                                       VigieTelephonyConnector *connector);
void                vigie_telephony_link_stop_for     (VigieTelephonyLink      *self,
                                                       VigieTelephonyConnector *connector);
VigieTelephonyLink *vigie_telephony_link_new_for      (const char          *host,
                                                       guint16              port,
                                                       gpointer             owner,
                                                       GCallback            received,
                                                       GCallback            connected,
                                                       GCallback            disconnected);
void                vigie_telephony_link_release      (VigieTelephonyLink     **link,
                                                       gpointer                 owner);
gboolean            vigie_telephony_link_send         (VigieTelephonyLink  *self,
                                                       GBytes              *bytes,
                                                       GError             **error);
void                vigie_telephony_link_set_partial  (VigieTelephonyLink  *self,
                                                       gboolean             partial);
void                vigie_telephony_link_set_message_timeout (VigieTelephonyLink *self,
                                                       guint                timeout_ms);
void                vigie_telephony_link_set_backoff_scale (VigieTelephonyLink *self,
                                                       guint                percent);

G_END_DECLS
