/* vigie-roster-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-context.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_ROSTER_VIEW (vigie_roster_view_get_type ())

G_DECLARE_FINAL_TYPE (VigieRosterView, vigie_roster_view, VIGIE, ROSTER_VIEW, AdwBin)

void     vigie_roster_view_set_context       (VigieRosterView *self,
                                              VigieContext    *context);
void     vigie_roster_view_set_now           (VigieRosterView *self,
                                              GDateTime       *now);
gboolean vigie_roster_view_select_client     (VigieRosterView *self,
                                              const char      *client_id);
const char *vigie_roster_view_get_now_text  (VigieRosterView *self);
guint    vigie_roster_view_get_warning_count (VigieRosterView *self);

G_END_DECLS
