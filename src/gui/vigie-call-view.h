/* vigie-call-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-call.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CALL_VIEW (vigie_call_view_get_type ())

G_DECLARE_FINAL_TYPE (VigieCallView, vigie_call_view, VIGIE, CALL_VIEW, AdwBin)

GtkWidget  *vigie_call_view_new            (VigieCall     *call);
void        vigie_call_view_set_call       (VigieCallView *self,
                                            VigieCall     *call);
VigieCall  *vigie_call_view_get_call       (VigieCallView *self);
gboolean    vigie_call_view_record_aftercare (VigieCallView  *self,
                                              const char     *started,
                                              const char     *ended,
                                              const char     *score,
                                              GError        **error);
char       *vigie_call_view_dup_title      (VigieCallView *self);
char       *vigie_call_view_dup_caller     (VigieCallView *self);
const char *vigie_call_view_get_status     (VigieCallView *self);
char       *vigie_call_view_dup_elapsed    (VigieCallView *self);
void        vigie_call_view_set_history    (VigieCallView *self,
                                            GPtrArray     *calls);
void        vigie_call_view_set_line_state (VigieCallView *self,
                                            gboolean       answered,
                                            gboolean       hung_up);
void        vigie_call_view_hold_input     (VigieCallView *self);

/* How long keys are dropped after the screen under them changed: longer
 * than a double press, shorter than reading a recommendation. */
#define VIGIE_CALL_VIEW_HOLD_MS 800
void        vigie_call_view_set_line_controls (VigieCallView *self,
                                               GtkWidget     *controls);

G_END_DECLS
