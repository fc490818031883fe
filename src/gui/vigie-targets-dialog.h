/* vigie-targets-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-context.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_TARGETS_DIALOG (vigie_targets_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigieTargetsDialog, vigie_targets_dialog, VIGIE, TARGETS_DIALOG, AdwPreferencesWindow)

VigieTargetsDialog *vigie_targets_dialog_new (GtkWindow    *parent,
                                              VigieContext *context);

G_END_DECLS
