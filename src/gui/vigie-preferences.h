/* vigie-preferences.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-telephony.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_PREFERENCES (vigie_preferences_get_type ())

G_DECLARE_FINAL_TYPE (VigiePreferences, vigie_preferences, VIGIE, PREFERENCES, AdwPreferencesWindow)

VigiePreferences *vigie_preferences_new (GtkWindow      *parent,
                                         VigieContext   *context,
                                         VigieTelephony *telephony);

G_END_DECLS
