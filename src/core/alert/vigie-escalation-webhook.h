/* vigie-escalation-webhook.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-directory.h"
#include "vigie-dispatcher.h"
#include "vigie-escalation-sink.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_ESCALATION_WEBHOOK (vigie_escalation_webhook_get_type ())

G_DECLARE_FINAL_TYPE (VigieEscalationWebhook, vigie_escalation_webhook, VIGIE, ESCALATION_WEBHOOK, GObject)

VigieEscalationWebhook *vigie_escalation_webhook_new           (VigieDispatcher *dispatcher,
                                                                 VigieDirectory  *directory);
JsonNode               *vigie_escalation_webhook_build_payload (const VigieEscalationStep *step);

G_END_DECLS
