/* vigie-caller-identity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-contact.h"
#include "vigie-journal.h"

G_BEGIN_DECLS

#define VIGIE_IDENTITY_ERROR (vigie_identity_error_quark ())

typedef enum {
  VIGIE_IDENTITY_ERROR_INVALID,
  VIGIE_IDENTITY_ERROR_TOO_LONG,
} VigieIdentityError;

/**
 * VigieCallerField:
 * @VIGIE_CALLER_LAST_NAME: family name (required)
 * @VIGIE_CALLER_FIRST_NAME: given name
 * @VIGIE_CALLER_COMPANY: company or residence
 * @VIGIE_CALLER_CALLBACK: number to call back on (required, validated)
 * @VIGIE_CALLER_SITE: address of the site concerned
 *
 * What the seed services call "identification complète de l'appelant".
 */
typedef enum {
  VIGIE_CALLER_LAST_NAME,
  VIGIE_CALLER_FIRST_NAME,
  VIGIE_CALLER_COMPANY,
  VIGIE_CALLER_CALLBACK,
  VIGIE_CALLER_SITE,
  VIGIE_CALLER_N_FIELDS,
} VigieCallerField;

#define VIGIE_TYPE_CALLER_IDENTITY (vigie_caller_identity_get_type ())

G_DECLARE_FINAL_TYPE (VigieCallerIdentity, vigie_caller_identity, VIGIE, CALLER_IDENTITY, GObject)

GQuark               vigie_identity_error_quark          (void);
const char          *vigie_caller_field_to_string        (VigieCallerField      field);
VigieCallerIdentity *vigie_caller_identity_new           (VigieContact         *contact,
                                                          const char           *from);
const char          *vigie_caller_identity_get           (VigieCallerIdentity  *self,
                                                          VigieCallerField      field);
gboolean             vigie_caller_identity_set           (VigieCallerIdentity  *self,
                                                          VigieCallerField      field,
                                                          const char           *value,
                                                          GError              **error);
gboolean             vigie_caller_identity_is_edited     (VigieCallerIdentity  *self,
                                                          VigieCallerField      field);
gboolean             vigie_caller_identity_is_complete   (VigieCallerIdentity  *self);
char                *vigie_caller_identity_dup_name      (VigieCallerIdentity  *self);
gboolean             vigie_caller_identity_commit        (VigieCallerIdentity  *self,
                                                          VigieJournal         *journal,
                                                          const char           *call_id,
                                                          GError              **error);

G_END_DECLS
