/* vigie-designer-client-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIGIE_TYPE_DESIGNER_CLIENT_DIALOG (vigie_designer_client_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigieDesignerClientDialog, vigie_designer_client_dialog, VIGIE, DESIGNER_CLIENT_DIALOG, AdwWindow)

VigieDesignerClientDialog *vigie_designer_client_dialog_new (GtkWindow  *parent,
                                                             const char *data_dir);

G_END_DECLS
