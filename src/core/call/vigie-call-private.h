/* vigie-call-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call's state, shared by the files that make up VigieCall
 * (vigie-call.c, vigie-call-aftercare.c, …).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-call.h"
#include "vigie-caller-identity.h"
#include "vigie-catalog.h"
#include "vigie-escalation.h"
#include "vigie-phone.h"
#include "vigie-recipient.h"

G_BEGIN_DECLS

struct _VigieCall
{
  GObject            parent_instance;

  VigieJournal      *journal;
  VigieDispatcher   *dispatcher;
  GCancellable      *cancellable;

  char              *id;
  char              *alert_key;
  char              *from;
  char              *line;
  GDateTime         *received_at;
  VigieClient       *client;
  VigieContact      *caller;
  VigieScriptRunner *runner;
  char              *script_error;
  char              *note;
  VigieDecision     *decision;

  VigieCallState     state;
  VigieAlertState    alert_state;
  char              *alert_message;   /* with the servers' codes: details */
  char              *alert_summary;   /* (nullable): the same for the operator, without them */

  /* desk: identity captured by the operator, defer time they chose */
  VigieCallerIdentity *identity;
  GDateTime         *defer_override;
  gboolean           alert_overdue;
  char              *oncall_name;
  char              *oncall_phone;
  gboolean           no_callback;

  /* addressing: the rosters, the cascade, and who the alert went to */
  VigieRosterStore  *rosters;
  VigieEscalation   *escalation;
  VigieRecipient    *recipient;
  char              *recipient_summary;
  char              *escalation_status;

  /* derived state, the rules the desk presents (update_derived ()) */
  gboolean           hung_up;
  gboolean           attempt_failed;   /* an attempt failed, retries pending */
  GDateTime         *default_deferral; /* the recommendation's time, kept */
  char              *status_text;
  char              *status_style;
  gboolean           can_close;
  gboolean           can_acknowledge;
  gboolean           can_resolve;
  gboolean           needs_attention;
  gboolean           escalation_exhausted;

  /* The journal refused to write (disk full): the rows wait here, in
   * order, and are written when space returns. */
  GPtrArray         *backlog;        /* Held */
  char              *journal_error;
  guint              backlog_retry_id;
};

typedef struct {
  char     *kind;
  JsonNode *data;
} Held;

enum {
  PROP_0,
  PROP_STATE,
  PROP_ALERT_STATE,
  PROP_ALERT_OVERDUE,
  PROP_NOTE,
  PROP_DECISION,
  PROP_ONCALL_NAME,
  PROP_ONCALL_PHONE,
  PROP_RECIPIENT_SUMMARY,
  PROP_ESCALATION_STATUS,
  PROP_STATUS_TEXT,
  PROP_STATUS_STYLE,
  PROP_CAN_CLOSE,
  PROP_CAN_ACKNOWLEDGE,
  PROP_CAN_RESOLVE,
  PROP_NEEDS_ATTENTION,
  PROP_HUNG_UP,
  PROP_DEFAULT_DEFERRAL,
  PROP_ALERT_MESSAGE,
  PROP_JOURNAL_ERROR,
  N_PROPS
};

extern GParamSpec *_vigie_call_properties[N_PROPS];

void         _vigie_call_held_free         (Held            *held);
gboolean     _vigie_call_journal_or_hold   (VigieCall       *self,
                                            const char      *kind,
                                            JsonNode        *data,
                                            GError         **error);
void         _vigie_call_hold_rows_internal (VigieCall      *self,
                                            const char      *kind,
                                            JsonNode        *data,
                                            const GError    *why);
gboolean     _vigie_call_backlog_retry_cb  (gpointer         user_data);
void         _vigie_call_update_derived    (VigieCall       *self);
void         _vigie_call_set_bool          (VigieCall       *self,
                                            gboolean        *field,
                                            gboolean         value,
                                            guint            prop);
void         _vigie_call_set_alert_state_full (VigieCall    *self,
                                            VigieAlertState  state,
                                            const char      *message,
                                            const char      *summary);
void         _vigie_call_set_alert_state   (VigieCall       *self,
                                            VigieAlertState  state,
                                            const char      *message);
void         _vigie_call_set_state         (VigieCall       *self,
                                            VigieCallState   state);
void         _vigie_call_set_string_prop   (VigieCall       *self,
                                            char           **field,
                                            const char      *value,
                                            guint            prop);
void         _vigie_call_refresh_alert_state (VigieCall     *self);
gboolean     _vigie_call_refresh_decision  (VigieCall       *self,
                                            GError         **error);
gboolean     _vigie_call_check_qualifying  (VigieCall       *self,
                                            GError         **error);
void         _vigie_call_outbox_changed_cb (VigieCall       *self,
                                            const char      *call_id,
                                            const char      *dedup_key,
                                            VigieOutbox     *outbox);
void         _vigie_call_overdue_cb        (VigieCall       *self,
                                            const char      *call_id,
                                            const char      *dedup_key,
                                            const char      *phone,
                                            const char      *last_error,
                                            VigieDispatcher *dispatcher);
void         _vigie_call_acknowledged_cb   (VigieCall       *self,
                                            const char      *call_id,
                                            const char      *dedup_key,
                                            const char      *source,
                                            const char      *by,
                                            VigieDispatcher *dispatcher);
void         _vigie_call_escalation_changed_cb (VigieCall   *self,
                                            const char      *alert_id,
                                            VigieEscalation *escalation);
JsonBuilder *_vigie_call_begin_event (void);
void         _vigie_call_add_string  (JsonBuilder  *builder,
                                      const char   *name,
                                      const char   *value);
gboolean     _vigie_call_end_event   (VigieCall    *self,
                                      JsonBuilder  *builder,
                                      const char   *kind,
                                      GError      **error);

G_END_DECLS
