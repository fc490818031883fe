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

GtkWidget *vigie_call_view_new      (VigieCall     *call);
VigieCall *vigie_call_view_get_call (VigieCallView *self);
char      *vigie_call_view_dup_title (VigieCallView *self);

G_END_DECLS
