/* vigie-script-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-call-section.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_SCRIPT_PANE (vigie_script_pane_get_type ())

G_DECLARE_FINAL_TYPE (VigieScriptPane, vigie_script_pane, VIGIE, SCRIPT_PANE, GtkBox)

void        vigie_script_pane_choose      (VigieScriptPane *self,
                                           guint            index);
const char *vigie_script_pane_get_summary (VigieScriptPane *self);

G_END_DECLS
