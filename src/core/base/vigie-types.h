/* vigie-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _VigieCall          VigieCall;
typedef struct _VigieClient        VigieClient;
typedef struct _VigieContact       VigieContact;
typedef struct _VigieContext       VigieContext;
typedef struct _VigieDecision      VigieDecision;
typedef struct _VigieDirectory     VigieDirectory;
typedef struct _VigieDispatcher    VigieDispatcher;
typedef struct _VigieJournal       VigieJournal;
typedef struct _VigieMailer        VigieMailer;
typedef struct _VigieOpeningHours  VigieOpeningHours;
typedef struct _VigieOutbox        VigieOutbox;
typedef struct _VigieScript        VigieScript;
typedef struct _VigieScriptRunner  VigieScriptRunner;
typedef struct _VigieSecrets       VigieSecrets;
typedef struct _VigieTarget        VigieTarget;

/**
 * VigieDecisionKind:
 * @VIGIE_DECISION_NONE: no decision yet
 * @VIGIE_DECISION_TRIGGER: alert the on-call person now
 * @VIGIE_DECISION_DEFER: alert later, at a computed time
 * @VIGIE_DECISION_LOG: record only, no alert
 */
typedef enum {
  VIGIE_DECISION_NONE,
  VIGIE_DECISION_TRIGGER,
  VIGIE_DECISION_DEFER,
  VIGIE_DECISION_LOG,
} VigieDecisionKind;

const char        *vigie_decision_kind_to_string   (VigieDecisionKind  kind);
const char        *vigie_decision_kind_to_label    (VigieDecisionKind  kind);
VigieDecisionKind  vigie_decision_kind_from_string (const char        *str);

G_END_DECLS
