/* vigie-caller-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-call-section.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CALLER_CARD (vigie_caller_card_get_type ())

G_DECLARE_FINAL_TYPE (VigieCallerCard, vigie_caller_card, VIGIE, CALLER_CARD, GtkBox)

void     vigie_caller_card_set_history     (VigieCallerCard *self,
                                            GPtrArray       *calls);
gboolean vigie_caller_card_check_identity  (VigieCallerCard *self);
void     vigie_caller_card_focus_note      (VigieCallerCard *self);
void     vigie_caller_card_focus_identity  (VigieCallerCard *self);

G_END_DECLS
