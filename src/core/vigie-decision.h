/* vigie-decision.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-contact.h"
#include "vigie-script.h"

G_BEGIN_DECLS

#define VIGIE_DECISION_ERROR (vigie_decision_error_quark ())

typedef enum {
  VIGIE_DECISION_ERROR_NO_REASON,
  VIGIE_DECISION_ERROR_BAD_RULE,
  VIGIE_DECISION_ERROR_ALREADY_DECIDED,
} VigieDecisionError;

#define VIGIE_TYPE_DECISION (vigie_decision_get_type ())

G_DECLARE_FINAL_TYPE (VigieDecision, vigie_decision, VIGIE, DECISION, GObject)

GQuark             vigie_decision_error_quark        (void);
VigieDecision     *vigie_decision_recommend          (const VigieScriptNode  *outcome,
                                                      VigieContact           *caller,
                                                      GDateTime              *now,
                                                      GError                **error);
GDateTime         *vigie_decision_compute_defer      (const char             *rule,
                                                      GDateTime              *now,
                                                      GError                **error);
VigieDecisionKind  vigie_decision_get_recommended    (VigieDecision          *self);
VigieDecisionKind  vigie_decision_get_final          (VigieDecision          *self);
gboolean           vigie_decision_is_overridden      (VigieDecision          *self);
const char        *vigie_decision_get_reason         (VigieDecision          *self);
GDateTime         *vigie_decision_get_defer_until    (VigieDecision          *self);
int                vigie_decision_get_gravity        (VigieDecision          *self);
const char        *vigie_decision_get_outcome_id     (VigieDecision          *self);
const char * const *vigie_decision_get_explanation   (VigieDecision          *self);
gboolean           vigie_decision_confirm            (VigieDecision          *self,
                                                      GError                **error);
gboolean           vigie_decision_override           (VigieDecision          *self,
                                                      VigieDecisionKind       kind,
                                                      const char             *reason,
                                                      GDateTime              *defer_until,
                                                      GError                **error);
JsonNode          *vigie_decision_to_json            (VigieDecision          *self);

G_END_DECLS
