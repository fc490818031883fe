/* vigie-alert-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-call-section.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_ALERT_PANEL (vigie_alert_panel_get_type ())

G_DECLARE_FINAL_TYPE (VigieAlertPanel, vigie_alert_panel, VIGIE, ALERT_PANEL, GtkBox)

const char *vigie_alert_panel_get_title    (VigieAlertPanel *self);
void        vigie_alert_panel_show_message (VigieAlertPanel *self,
                                            const char      *message);
gboolean    vigie_alert_panel_record_aftercare (VigieAlertPanel  *self,
                                                GError          **error);
void        vigie_alert_panel_enter_aftercare  (VigieAlertPanel  *self,
                                                const char       *started,
                                                const char       *ended,
                                                const char       *score);

G_END_DECLS
