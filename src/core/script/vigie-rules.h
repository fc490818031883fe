/* vigie-rules.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vigie-types.h"

G_BEGIN_DECLS

/**
 * VigieRule:
 *
 * A keyword rule of a client's script. Conditions left unset match
 * anything; tri-state conditions are -1 (any), 0 (false) or 1 (true).
 * Read-only, owned by its #VigieScript.
 */
typedef struct {
  char              *id;
  char              *description;
  /* conditions, all of which must hold */
  int                vip;
  int                weekend;
  int                holiday;
  int                open;
  GStrv              contracts;     /* matched as a word prefix, case- and accent-blind */
  GStrv              keywords;      /* normalised; a trailing '*' matches a word prefix */
  GStrv              outcomes;
  GStrv              urgencies;
  guint              decisions;     /* bit (1 << VigieDecisionKind); 0: any */
  guint8             days;          /* bit N for day N, 1 = Monday; 0: any */
  int                time_from;     /* minutes; -1: any; may wrap past midnight */
  int                time_to;
  int                gravity_min;   /* 0: any */
  int                gravity_max;
  int                priority_min;
  int                priority_max;
  /* effects */
  int                priority;      /* added to the priority */
  VigieDecisionKind  force;         /* NONE: keep */
  char              *defer;         /* when forcing a deferral */
  gboolean           final;         /* no later rule is looked at */
  /* where it was written */
  char              *file;
  guint              line;
  guint              column;
} VigieRule;

/**
 * VigieRuleFacts:
 *
 * What the rules look at. @text is the operator's note and the answers,
 * normalised with vigie_rules_normalize().
 */
typedef struct {
  GDateTime         *now;           /* in the client's time zone */
  gboolean           vip;
  const char        *contract;
  const char        *text;
  gboolean           open;
  gboolean           holiday;
  const char        *outcome_id;
  const char        *urgency;
  int                gravity;
  int                priority;
  VigieDecisionKind  decision;
} VigieRuleFacts;

void      vigie_rule_free           (VigieRule            *rule);
gboolean  vigie_rule_matches        (const VigieRule      *rule,
                                     const VigieRuleFacts *facts);
char     *vigie_rules_normalize     (const char           *text);
gboolean  vigie_rules_text_contains (const char           *normalized_text,
                                     const char           *normalized_keyword);

G_END_DECLS
