/* vigie-call-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-call.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CALL_ROW (vigie_call_row_get_type ())

G_DECLARE_FINAL_TYPE (VigieCallRow, vigie_call_row, VIGIE, CALL_ROW, GtkBox)

GtkWidget     *vigie_call_row_new         (void);
void           vigie_call_row_set_call    (VigieCallRow *self,
                                           VigieCall    *call);
VigieCall     *vigie_call_row_get_call    (VigieCallRow *self);
void           vigie_call_row_refresh     (VigieCallRow *self);
void           vigie_call_row_set_waiting (VigieCallRow *self,
                                           gboolean      waiting);
gboolean       vigie_call_row_get_waiting (VigieCallRow *self);

G_END_DECLS
