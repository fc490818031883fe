/* vigie-call.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-caller-identity.h"
#include "vigie-client.h"
#include "vigie-contact.h"
#include "vigie-decision.h"
#include "vigie-dispatcher.h"
#include "vigie-journal.h"
#include "vigie-escalation.h"
#include "vigie-recipient.h"
#include "vigie-roster-store.h"
#include "vigie-script-runner.h"

G_BEGIN_DECLS

typedef enum {
  VIGIE_CALL_QUALIFYING,
  VIGIE_CALL_DECIDED,
  VIGIE_CALL_CLOSED,
} VigieCallState;

typedef enum {
  VIGIE_ALERT_NONE,
  VIGIE_ALERT_SCHEDULED,
  VIGIE_ALERT_SENDING,
  VIGIE_ALERT_DELIVERED,
  VIGIE_ALERT_FAILED,
  VIGIE_ALERT_ACKNOWLEDGED,
  VIGIE_ALERT_RESOLVED,
} VigieAlertState;

#define VIGIE_TYPE_CALL (vigie_call_get_type ())

G_DECLARE_FINAL_TYPE (VigieCall, vigie_call, VIGIE, CALL, GObject)

VigieCall         *vigie_call_new               (VigieJournal      *journal,
                                                 VigieDispatcher   *dispatcher,
                                                 const char        *call_id,
                                                 const char        *from,
                                                 const char        *line,
                                                 VigieClient       *client,
                                                 VigieContact      *caller,
                                                 VigieScript       *script,
                                                 const char        *script_error);
const char        *vigie_call_get_id            (VigieCall         *self);
const char        *vigie_call_get_from          (VigieCall         *self);
const char        *vigie_call_get_line          (VigieCall         *self);
GDateTime         *vigie_call_get_received_at   (VigieCall         *self);
VigieClient       *vigie_call_get_client        (VigieCall         *self);
VigieContact      *vigie_call_get_caller        (VigieCall         *self);
VigieScriptRunner *vigie_call_get_runner        (VigieCall         *self);
const char        *vigie_call_get_script_error  (VigieCall         *self);
VigieCallState     vigie_call_get_state         (VigieCall         *self);
VigieAlertState    vigie_call_get_alert_state   (VigieCall         *self);
const char        *vigie_call_get_alert_message (VigieCall         *self);
const char        *vigie_call_get_alert_summary (VigieCall         *self);
gboolean           vigie_call_get_alert_overdue (VigieCall         *self);
const char        *vigie_call_get_oncall_phone  (VigieCall         *self);
gboolean           vigie_call_acknowledge       (VigieCall         *self,
                                                 GError           **error);
gboolean           vigie_call_resolve           (VigieCall         *self,
                                                 GError           **error);
GDateTime         *vigie_call_parse_time        (VigieCall         *self,
                                                 const char        *text,
                                                 GDateTime         *now,
                                                 GError           **error);
gboolean           vigie_call_record_intervention (VigieCall       *self,
                                                 GDateTime         *started,
                                                 GDateTime         *ended,
                                                 GError           **error);
gboolean           vigie_call_record_satisfaction (VigieCall       *self,
                                                 guint              score,
                                                 GError           **error);
VigieDecision     *vigie_call_get_decision      (VigieCall         *self);
const char        *vigie_call_get_note          (VigieCall         *self);
void               vigie_call_set_note          (VigieCall         *self,
                                                 const char        *note);
gboolean           vigie_call_answer            (VigieCall         *self,
                                                 guint              choice,
                                                 GError           **error);
gboolean           vigie_call_answer_text       (VigieCall         *self,
                                                 const char        *value,
                                                 GError           **error);
gboolean           vigie_call_back              (VigieCall         *self,
                                                 GError           **error);
gboolean           vigie_call_decide            (VigieCall         *self,
                                                 VigieDecisionKind  kind,
                                                 const char        *reason,
                                                 GError           **error);
gboolean           vigie_call_decide_manual     (VigieCall         *self,
                                                 VigieDecisionKind  kind,
                                                 GDateTime         *defer_until,
                                                 const char        *note,
                                                 GError           **error);
gboolean           vigie_call_close             (VigieCall         *self,
                                                 GError           **error);
char              *vigie_call_dup_dedup_key     (VigieCall         *self);
JsonNode          *vigie_call_build_alert       (VigieCall         *self);

/* desk: caller identity capture, operator-chosen defer time */
VigieCallerIdentity *vigie_call_get_identity    (VigieCall         *self);
gboolean           vigie_call_commit_identity   (VigieCall         *self,
                                                 GError           **error);
void               vigie_call_set_defer_until   (VigieCall         *self,
                                                 GDateTime         *when);

/* addressing through the rosters */
void               vigie_call_set_rosters       (VigieCall         *self,
                                                 VigieRosterStore  *rosters,
                                                 VigieEscalation   *escalation);
const char        *vigie_call_get_oncall_name   (VigieCall         *self);
const char        *vigie_call_get_recipient_summary (VigieCall     *self);
const char        *vigie_call_get_escalation_status (VigieCall     *self);
VigieRecipientSource vigie_call_get_recipient_source (VigieCall    *self);

/* the state the desk presents */
void               vigie_call_set_hung_up       (VigieCall         *self,
                                                 gboolean           hung_up);
const char        *vigie_call_get_status_text   (VigieCall         *self);
const char        *vigie_call_get_status_style  (VigieCall         *self);
gboolean           vigie_call_get_can_close     (VigieCall         *self);
gboolean           vigie_call_get_can_acknowledge (VigieCall       *self);
gboolean           vigie_call_get_can_resolve   (VigieCall         *self);
gboolean           vigie_call_get_needs_attention (VigieCall       *self);
GDateTime         *vigie_call_get_default_deferral (VigieCall      *self);
gboolean           vigie_call_needs_reason      (VigieCall         *self,
                                                 VigieDecisionKind  kind,
                                                 GDateTime         *deferral);

/* reaching the caller */
char              *vigie_call_dup_callback_number (VigieCall       *self);
gboolean           vigie_call_set_no_callback   (VigieCall         *self,
                                                 const char        *reason,
                                                 GError           **error);
gboolean           vigie_call_get_no_callback   (VigieCall         *self);

/* a full disk: rows held in memory until the journal takes them */
void                vigie_call_hold_rows            (VigieCall               *self,
                                                     const VigieJournalEntry *entries,
                                                     guint                    n_entries,
                                                     const GError            *why);
gboolean            vigie_call_flush_journal        (VigieCall               *self,
                                                     GError                 **error);
const char         *vigie_call_get_journal_error    (VigieCall               *self);

G_END_DECLS
