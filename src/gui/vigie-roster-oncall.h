/* vigie-roster-oncall.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-roster-store.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_ROSTER_ONCALL (vigie_roster_oncall_get_type ())

G_DECLARE_FINAL_TYPE (VigieRosterOncall, vigie_roster_oncall, VIGIE, ROSTER_ONCALL, AdwBin)

GtkWidget  *vigie_roster_oncall_new          (void);
void        vigie_roster_oncall_show         (VigieRosterOncall *self,
                                              VigieRosterStore  *store,
                                              const char        *client_id,
                                              GDateTime         *now);
const char *vigie_roster_oncall_get_now_text (VigieRosterOncall *self);
char       *vigie_roster_oncall_format_when  (GDateTime         *when,
                                              GTimeZone         *tz);

G_END_DECLS
