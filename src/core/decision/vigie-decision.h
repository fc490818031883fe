/* vigie-decision.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-contact.h"
#include "vigie-deferral.h"
#include "vigie-opening-hours.h"
#include "vigie-script-runner.h"
#include "vigie-script.h"

G_BEGIN_DECLS

#define VIGIE_DECISION_ERROR (vigie_decision_error_quark ())

typedef enum {
  VIGIE_DECISION_ERROR_NO_REASON,
  VIGIE_DECISION_ERROR_BAD_RULE,
  VIGIE_DECISION_ERROR_ALREADY_DECIDED,
  VIGIE_DECISION_ERROR_NO_CALLBACK,
} VigieDecisionError;

/**
 * VigieDecisionFacts:
 * @now: the instant of the decision, in any time zone
 * @timezone: (nullable): the client's zone, used when the script sets none
 * @vip: the caller is flagged VIP
 * @contract: (nullable): the caller's contract level, e.g. "Gold 24/7"
 * @note: (nullable): the operator's note
 * @caller_name, @caller_number, @company, @site, @client_name: (nullable):
 *   for the alert text
 *
 * What the engine knows of a call besides the script's answers.
 */
typedef struct {
  GDateTime  *now;
  const char *timezone;
  gboolean    vip;
  const char *contract;
  const char *note;
  const char *caller_name;
  const char *caller_number;
  const char *company;
  const char *site;
  const char *client_name;
} VigieDecisionFacts;

#define VIGIE_DECISION_PRIORITY_MAX 5

#define VIGIE_TYPE_DECISION (vigie_decision_get_type ())

G_DECLARE_FINAL_TYPE (VigieDecision, vigie_decision, VIGIE, DECISION, GObject)

GQuark             vigie_decision_error_quark        (void);
VigieDecision     *vigie_decision_recommend          (const VigieScriptNode  *outcome,
                                                      VigieContact           *caller,
                                                      GDateTime              *now,
                                                      GError                **error);
VigieDecision     *vigie_decision_new_manual         (VigieDecisionKind       kind,
                                                      GDateTime              *defer_until,
                                                      const char             *note,
                                                      const char             *roster);
VigieDecision     *vigie_decision_evaluate           (VigieScriptRunner      *runner,
                                                      const VigieDecisionFacts *facts,
                                                      GError                **error);
VigieDecisionKind  vigie_decision_get_recommended    (VigieDecision          *self);
VigieDecisionKind  vigie_decision_get_final          (VigieDecision          *self);
gboolean           vigie_decision_is_overridden      (VigieDecision          *self);
const char        *vigie_decision_get_reason         (VigieDecision          *self);
GDateTime         *vigie_decision_get_defer_until    (VigieDecision          *self);
int                vigie_decision_get_gravity        (VigieDecision          *self);
const char        *vigie_decision_get_outcome_id     (VigieDecision          *self);
const char * const *vigie_decision_get_explanation   (VigieDecision          *self);
int                vigie_decision_get_priority       (VigieDecision          *self);
const char * const *vigie_decision_get_fired_rules   (VigieDecision          *self);
const char        *vigie_decision_get_alert_text     (VigieDecision          *self);
const char        *vigie_decision_get_roster         (VigieDecision          *self);
const char        *vigie_decision_get_escalation     (VigieDecision          *self);
gboolean           vigie_decision_confirm            (VigieDecision          *self,
                                                      GError                **error);
gboolean           vigie_decision_override           (VigieDecision          *self,
                                                      VigieDecisionKind       kind,
                                                      const char             *reason,
                                                      GDateTime              *defer_until,
                                                      GError                **error);
JsonNode          *vigie_decision_to_json            (VigieDecision          *self);

G_END_DECLS
