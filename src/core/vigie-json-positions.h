/* vigie-json-positions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _VigieJsonPositions VigieJsonPositions;

VigieJsonPositions *vigie_json_positions_new    (const char         *text,
                                                 gsize               length,
                                                 JsonNode           *root);
void                vigie_json_positions_free   (VigieJsonPositions *self);
gboolean            vigie_json_positions_node   (VigieJsonPositions *self,
                                                 JsonNode           *node,
                                                 guint              *line,
                                                 guint              *column);
gboolean            vigie_json_positions_member (VigieJsonPositions *self,
                                                 JsonObject         *object,
                                                 const char         *member,
                                                 guint              *line,
                                                 guint              *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieJsonPositions, vigie_json_positions_free)

G_END_DECLS
