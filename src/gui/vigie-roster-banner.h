/* vigie-roster-banner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-escalation.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_ROSTER_BANNER (vigie_roster_banner_get_type ())

G_DECLARE_FINAL_TYPE (VigieRosterBanner, vigie_roster_banner, VIGIE, ROSTER_BANNER, AdwBin)

void        vigie_roster_banner_set_escalation (VigieRosterBanner *self,
                                                VigieEscalation   *escalation);
guint       vigie_roster_banner_get_pending    (VigieRosterBanner *self);
const char *vigie_roster_banner_get_text       (VigieRosterBanner *self);

G_END_DECLS
