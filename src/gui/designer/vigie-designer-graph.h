/* vigie-designer-graph.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigie-script-document.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_DESIGNER_GRAPH (vigie_designer_graph_get_type ())

G_DECLARE_FINAL_TYPE (VigieDesignerGraph, vigie_designer_graph, VIGIE, DESIGNER_GRAPH, GtkWidget)

GtkWidget  *vigie_designer_graph_new          (void);
void        vigie_designer_graph_set_document (VigieDesignerGraph  *self,
                                               VigieScriptDocument *document);
void        vigie_designer_graph_rebuild      (VigieDesignerGraph  *self);
const char *vigie_designer_graph_get_selected (VigieDesignerGraph  *self);
void        vigie_designer_graph_set_selected (VigieDesignerGraph  *self,
                                               const char          *node_id);
gboolean    vigie_designer_graph_get_node_area (VigieDesignerGraph *self,
                                                const char         *node_id,
                                                graphene_rect_t    *area);

G_END_DECLS
