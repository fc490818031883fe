/* vigie-designer-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-script-document.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_DESIGNER_WINDOW (vigie_designer_window_get_type ())

G_DECLARE_FINAL_TYPE (VigieDesignerWindow, vigie_designer_window, VIGIE, DESIGNER_WINDOW, AdwWindow)

VigieDesignerWindow *vigie_designer_window_new          (GtkApplication      *application,
                                                          const char          *data_dir);
gboolean             vigie_designer_window_open_client  (VigieDesignerWindow *self,
                                                          const char          *client_id,
                                                          GError             **error);
VigieScriptDocument *vigie_designer_window_get_document (VigieDesignerWindow *self);
void                 vigie_designer_window_select_node  (VigieDesignerWindow *self,
                                                          const char          *node_id);
void                 vigie_designer_window_select_case  (VigieDesignerWindow *self,
                                                          guint                index);
void                 vigie_designer_window_show_page    (VigieDesignerWindow *self,
                                                          const char          *name);
guint                vigie_designer_window_get_n_problems (VigieDesignerWindow *self);
guint                vigie_designer_window_get_n_failed_cases (VigieDesignerWindow *self);
GtkWidget           *vigie_designer_window_get_graph    (VigieDesignerWindow *self);

G_END_DECLS
