/* vigie-recipient.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-roster-store.h"

G_BEGIN_DECLS

/**
 * VigieRecipientSource:
 * @VIGIE_RECIPIENT_ROSTER: the roster names this person now (first step)
 * @VIGIE_RECIPIENT_GAP: nobody on call on the first step: the cascade's
 *   next step with someone behind it takes the alert at once
 * @VIGIE_RECIPIENT_FALLBACK: no roster could name anybody: the client's
 *   fixed `oncall` contact of clients.json, as a last resort
 * @VIGIE_RECIPIENT_NONE: nobody at all
 */
typedef enum {
  VIGIE_RECIPIENT_ROSTER,
  VIGIE_RECIPIENT_GAP,
  VIGIE_RECIPIENT_FALLBACK,
  VIGIE_RECIPIENT_NONE,
} VigieRecipientSource;

/**
 * VigieRecipient:
 *
 * Who an alert goes to, decided at the moment of the decision.
 */
typedef struct {
  VigieRecipientSource  source;
  char                 *client_id;
  char                 *roster_asked;   /* (nullable): the outcome's roster */
  char                 *roster_id;      /* (nullable): the named roster used, %NULL: default */
  char                 *roster_name;    /* (nullable): its label */
  gboolean              roster_missing; /* the client lacks roster_asked: default used */
  char                 *person_id;      /* (nullable) */
  char                 *name;           /* (nullable) */
  char                 *phone;          /* (nullable) */
  char                **targets;        /* the person's targets on the step's channels */
  char                **channels;
  guint                 step;           /* 1-based step of the cascade; 0 without one */
  guint                 n_steps;
  char                 *next_name;      /* (nullable): who the cascade tries next */
  guint                 next_after_s;   /* seconds before that */
  JsonNode             *policy;         /* (nullable): the frozen cascade */
} VigieRecipient;

VigieRecipient *vigie_recipient_resolve        (VigieRosterStore     *store,
                                                const char           *client_id,
                                                const char           *roster_id,
                                                const char           *fallback_name,
                                                const char           *fallback_phone,
                                                GDateTime            *at);
JsonNode       *vigie_recipient_to_json        (const VigieRecipient *self);
char           *vigie_recipient_dup_summary    (const VigieRecipient *self);
const char     *vigie_recipient_source_to_string (VigieRecipientSource source);
void            vigie_recipient_free           (VigieRecipient       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieRecipient, vigie_recipient_free)

G_END_DECLS
