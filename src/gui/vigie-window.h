/* vigie-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-context.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_WINDOW (vigie_window_get_type ())

G_DECLARE_FINAL_TYPE (VigieWindow, vigie_window, VIGIE, WINDOW, AdwApplicationWindow)

VigieWindow *vigie_window_new          (AdwApplication *application,
                                        VigieContext   *context);
void         vigie_window_add_call     (VigieWindow    *self,
                                        VigieCall      *call);
void         vigie_window_add_call_timed (VigieWindow  *self,
                                         VigieCall    *call,
                                         gint64        requested_at);
GtkWidget   *vigie_window_get_call_view (VigieWindow   *self,
                                        const char     *call_id);
GtkWidget   *vigie_window_get_current_call_view (VigieWindow *self);
VigieCall   *vigie_window_get_call     (VigieWindow    *self,
                                        const char     *call_id);
void         vigie_window_set_line_state (VigieWindow  *self,
                                         VigieCall    *call,
                                         gboolean      answered,
                                         gboolean      hung_up);
void         vigie_window_show_page    (VigieWindow    *self,
                                        const char     *name);
void         vigie_window_add_toast    (VigieWindow    *self,
                                        const char     *message);

guint        vigie_window_get_attention_count (VigieWindow *self);

G_END_DECLS
