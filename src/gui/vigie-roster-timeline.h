/* vigie-roster-timeline.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigie-roster.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_ROSTER_TIMELINE (vigie_roster_timeline_get_type ())

G_DECLARE_FINAL_TYPE (VigieRosterTimeline, vigie_roster_timeline, VIGIE, ROSTER_TIMELINE, GtkWidget)

GtkWidget *vigie_roster_timeline_new          (void);
void       vigie_roster_timeline_set          (VigieRosterTimeline *self,
                                               VigieRoster         *roster,
                                               GDateTime           *from,
                                               GDateTime           *now);
GPtrArray *vigie_roster_timeline_get_shifts   (VigieRosterTimeline *self);
void       vigie_roster_timeline_person_color (VigieRoster         *roster,
                                               const char          *person_id,
                                               GdkRGBA             *color);

G_END_DECLS
