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
#include "vigie-escalation.h"
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

JsonBuilder *_vigie_call_begin_event (void);
void         _vigie_call_add_string  (JsonBuilder  *builder,
                                      const char   *name,
                                      const char   *value);
gboolean     _vigie_call_end_event   (VigieCall    *self,
                                      JsonBuilder  *builder,
                                      const char   *kind,
                                      GError      **error);

G_END_DECLS
