/* vigie-decision-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-call-section.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_DECISION_BAR (vigie_decision_bar_get_type ())

G_DECLARE_FINAL_TYPE (VigieDecisionBar, vigie_decision_bar, VIGIE, DECISION_BAR, AdwBin)

VigieDecisionKind vigie_decision_bar_get_chosen   (VigieDecisionBar   *self);
void              vigie_decision_bar_choose       (VigieDecisionBar   *self,
                                                   VigieDecisionKind   kind);
void              vigie_decision_bar_cancel       (VigieDecisionBar   *self);
void              vigie_decision_bar_reset        (VigieDecisionBar   *self);
gboolean          vigie_decision_bar_collect      (VigieDecisionBar   *self,
                                                   VigieDecisionKind  *kind,
                                                   GDateTime         **when,
                                                   char              **reason);
void              vigie_decision_bar_refused      (VigieDecisionBar   *self,
                                                   const char         *message);
gboolean          vigie_decision_bar_has_focus    (VigieDecisionBar   *self,
                                                   GtkWidget          *focus);

G_END_DECLS
