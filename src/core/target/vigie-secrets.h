/* vigie-secrets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_SECRETS_ERROR (vigie_secrets_error_quark ())

typedef enum {
  VIGIE_SECRETS_ERROR_INVALID,
  VIGIE_SECRETS_ERROR_STORAGE,
} VigieSecretsError;

/**
 * VigieSecretsBackend:
 * @VIGIE_SECRETS_BACKEND_AUTO: the keyring when a Secret Service answers, else the file
 * @VIGIE_SECRETS_BACKEND_KEYRING: libsecret (Secret Service)
 * @VIGIE_SECRETS_BACKEND_FILE: a 0600 key file in the user config directory
 */
typedef enum {
  VIGIE_SECRETS_BACKEND_AUTO,
  VIGIE_SECRETS_BACKEND_KEYRING,
  VIGIE_SECRETS_BACKEND_FILE,
} VigieSecretsBackend;

#define VIGIE_TYPE_SECRETS (vigie_secrets_get_type ())

G_DECLARE_FINAL_TYPE (VigieSecrets, vigie_secrets, VIGIE, SECRETS, GObject)

GQuark               vigie_secrets_error_quark  (void);
VigieSecrets        *vigie_secrets_new          (VigieSecretsBackend   backend);
VigieSecretsBackend  vigie_secrets_get_backend  (VigieSecrets         *self);
const char          *vigie_secrets_get_path     (VigieSecrets         *self);
char                *vigie_secrets_lookup       (VigieSecrets         *self,
                                                 const char           *client_id,
                                                 const char           *target_id,
                                                 const char           *field,
                                                 GError              **error);
gboolean             vigie_secrets_store        (VigieSecrets         *self,
                                                 const char           *client_id,
                                                 const char           *target_id,
                                                 const char           *field,
                                                 const char           *value,
                                                 GError              **error);
gboolean             vigie_secrets_clear        (VigieSecrets         *self,
                                                 const char           *client_id,
                                                 const char           *target_id,
                                                 const char           *field,
                                                 GError              **error);

G_END_DECLS
