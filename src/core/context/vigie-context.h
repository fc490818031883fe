/* vigie-context.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-call.h"
#include "vigie-call-list.h"
#include "vigie-directory.h"
#include "vigie-dispatcher.h"
#include "vigie-escalation.h"
#include "vigie-outbox.h"
#include "vigie-secrets.h"
#include "vigie-journal.h"
#include "vigie-roster-reminders.h"
#include "vigie-roster-store.h"
#include "vigie-script.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CONTEXT (vigie_context_get_type ())

G_DECLARE_FINAL_TYPE (VigieContext, vigie_context, VIGIE, CONTEXT, GObject)

/* The lock a desk holds on its data folder (one desk per folder). */
#define VIGIE_CONTEXT_LOCK_NAME ".vigie-desk.lock"
/* Where the switchboard token is kept in #VigieSecrets (owner, target, field). */
#define VIGIE_CONTEXT_PBX_SECRET_OWNER "vigie"

char            *vigie_context_dup_default_data_dir (void);
gboolean         vigie_context_install_demo      (const char    *data_dir,
                                                  gboolean      *installed,
                                                  GError       **error);
VigieContext    *vigie_context_new               (const char    *data_dir,
                                                  GError       **error);
const char      *vigie_context_get_data_dir      (VigieContext  *self);
gboolean         vigie_context_check_sender      (VigieContext  *self,
                                                  GError       **error);
char            *vigie_context_dup_pbx_token     (VigieContext  *self,
                                                  const char    *legacy,
                                                  gboolean      *stored,
                                                  GError       **error);
VigieDirectory  *vigie_context_get_directory     (VigieContext  *self);
VigieJournal    *vigie_context_get_journal       (VigieContext  *self);
VigieDispatcher *vigie_context_get_dispatcher    (VigieContext  *self);
VigieEscalation *vigie_context_get_escalation    (VigieContext  *self);
VigieOutbox     *vigie_context_get_outbox        (VigieContext  *self);
VigieRosterStore *vigie_context_get_roster_store (VigieContext  *self);
VigieRosterReminders *vigie_context_get_reminders (VigieContext *self);
void             vigie_context_start_escalation  (VigieContext  *self);
VigieScript     *vigie_context_get_script        (VigieContext  *self,
                                                  const char    *client_id,
                                                  const char   **error_message);
char            *vigie_context_dup_load_errors   (VigieContext  *self);
void             vigie_context_reload            (VigieContext  *self);
gboolean         vigie_context_sign_in           (VigieContext  *self,
                                                  const char    *operator_name,
                                                  GError       **error);
const char      *vigie_context_get_operator      (VigieContext  *self);
void             vigie_context_watch             (VigieContext  *self);
VigieCallList   *vigie_context_get_open_calls    (VigieContext  *self);
VigieCall       *vigie_context_open_call         (VigieContext  *self,
                                                  const char    *from,
                                                  const char    *line,
                                                  const char    *call_id,
                                                  GError       **error);

G_END_DECLS
