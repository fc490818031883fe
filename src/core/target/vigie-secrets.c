/* vigie-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tokens, routing keys and SMTP passwords of the alert targets. They live
 * in the user's keyring (Secret Service, through libsecret) when one
 * answers on the session bus, otherwise in a key file readable by the user
 * alone (0600). Never in clients.json, GSettings or the journal.
 *
 * libsecret (and libgcrypt below it) is opened with GModule when the
 * keyring is first used, not linked: the desk does not load it to start.
 */
#define G_LOG_DOMAIN "vigie-secrets"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <sys/stat.h>

#include "vigie-library.h"
#include "vigie-secrets.h"

/* The three libsecret calls the keyring backend makes. */
typedef struct {
  char     *(*lookup) (const SecretSchema *schema, GHashTable *attributes,
                       GCancellable *cancellable, GError **error);
  gboolean  (*store)  (const SecretSchema *schema, GHashTable *attributes,
                       const char *collection, const char *label, const char *password,
                       GCancellable *cancellable, GError **error);
  gboolean  (*clear)  (const SecretSchema *schema, GHashTable *attributes,
                       GCancellable *cancellable, GError **error);
} SecretApi;

struct _VigieSecrets
{
  GObject              parent_instance;

  VigieSecretsBackend  backend;  /* AUTO until the first use asks the bus */
  char                *path;   /* the key file, for the file backend */
  GHashTable          *cache;  /* "client/target/field" → keyring value */
  gboolean             loaded; /* libsecret opened (it stays), api filled */
  SecretApi            api;
};

G_DEFINE_FINAL_TYPE (VigieSecrets, vigie_secrets, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-secrets-error-quark, vigie_secrets_error)

static const SecretSchema target_schema = {
  "org.vigie.Vigie.TargetSecret", SECRET_SCHEMA_NONE,
  {
    { "client", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "target", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static gboolean
secret_service_available (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) names = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  if (owned)
    return TRUE;

  /* A keyring that D-Bus can start on demand counts too. */
  names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames",
                                       NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                       2000, NULL, NULL);
  if (names != NULL)
    {
      g_autofree const char **list = NULL;

      g_variant_get (names, "(^a&s)", &list);
      for (guint i = 0; list && list[i]; i++)
        if (g_str_equal (list[i], "org.freedesktop.secrets"))
          return TRUE;
    }

  return FALSE;
}

static gboolean
load_libsecret (VigieSecrets  *self,
                GError       **error)
{
  const VigieLibrarySymbol symbols[] = {
    { "secret_password_lookupv_sync", (gpointer *) &self->api.lookup },
    { "secret_password_storev_sync", (gpointer *) &self->api.store },
    { "secret_password_clearv_sync", (gpointer *) &self->api.clear },
  };
  g_autoptr(GError) local_error = NULL;

  if (self->loaded)
    return TRUE;
  if (!vigie_library_open ("libsecret-1.so.0", symbols, G_N_ELEMENTS (symbols), &local_error))
    {
      g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE,
                   _("The keyring cannot be used: %s"), local_error->message);
      return FALSE;
    }
  self->loaded = TRUE;
  return TRUE;
}

/* The bus is asked on the first use, not at start: finding a keyring
 * takes two synchronous D-Bus round trips the desk's first frame does
 * not need (secrets are read when an alert is sent). A keyring that
 * libsecret cannot reach from here leaves the file. */
static VigieSecretsBackend
resolve_backend (VigieSecrets *self)
{
  g_autoptr(GError) error = NULL;

  if (self->backend != VIGIE_SECRETS_BACKEND_AUTO)
    return self->backend;
  self->backend = VIGIE_SECRETS_BACKEND_FILE;
  if (secret_service_available ())
    {
      if (load_libsecret (self, &error))
        self->backend = VIGIE_SECRETS_BACKEND_KEYRING;
      else
        g_message ("%s", error->message);
    }
  return self->backend;
}

static GHashTable *
attributes_new (const char *client_id,
                const char *target_id,
                const char *field)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "client", (gpointer) client_id);
  g_hash_table_insert (attributes, (gpointer) "target", (gpointer) target_id);
  g_hash_table_insert (attributes, (gpointer) "field", (gpointer) field);
  return attributes;
}

static gboolean
check_name (const char  *what,
            const char  *value,
            GError     **error)
{
  if (value == NULL || *value == '\0' || strpbrk (value, "/[]=\n\r") != NULL)
    {
      g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_INVALID,
                   _("“%s” is not a valid %s for a secret"), value ? value : "", what);
      return FALSE;
    }
  return TRUE;
}

static char *
cache_key (const char *client_id,
           const char *target_id,
           const char *field)
{
  return g_strdup_printf ("%s/%s/%s", client_id, target_id, field);
}

static GKeyFile *
load_key_file (VigieSecrets  *self,
               GError       **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  if (g_stat (self->path, &st) == 0 && (st.st_mode & 0077) != 0)
    {
      /* Someone loosened it: close it again before reading secrets from it. */
      g_warning ("%s was readable by others; restricting it to its owner", self->path);
      if (g_chmod (self->path, 0600) != 0)
        {
          int saved = errno;
          g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE,
                       _("Cannot protect %s: %s"), self->path, g_strerror (saved));
          return NULL;
        }
    }

  if (!g_key_file_load_from_file (file, self->path, G_KEY_FILE_NONE, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE,
                   _("Cannot read the secrets file %s: %s"), self->path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&file);
}

static gboolean
save_key_file (VigieSecrets  *self,
               GKeyFile      *file,
               GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE,
                   _("Cannot create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  data = g_key_file_to_data (file, &length, NULL);
  /* Created 0600 from the start: never a moment where others could read it. */
  if (!g_file_set_contents_full (self->path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE,
                   _("Cannot write the secrets file %s: %s"), self->path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
vigie_secrets_finalize (GObject *object)
{
  VigieSecrets *self = (VigieSecrets *)object;

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (vigie_secrets_parent_class)->finalize (object);
}

static void
vigie_secrets_class_init (VigieSecretsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_secrets_finalize;
}

static void
vigie_secrets_init (VigieSecrets *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->path = g_build_filename (g_get_user_config_dir (), "vigie", "secrets.ini", NULL);
}

/**
 * vigie_secrets_new:
 * @backend: where to keep secrets; %VIGIE_SECRETS_BACKEND_AUTO asks the
 *   session bus for a Secret Service, on the first use. $VIGIE_SECRETS_BACKEND
 *   ("file" or "keyring") overrides the automatic choice.
 *
 * Returns: (transfer full): the secret store
 */
VigieSecrets *
vigie_secrets_new (VigieSecretsBackend backend)
{
  VigieSecrets *self = g_object_new (VIGIE_TYPE_SECRETS, NULL);
  const char *forced = g_getenv ("VIGIE_SECRETS_BACKEND");

  if (backend == VIGIE_SECRETS_BACKEND_AUTO && forced != NULL)
    {
      if (g_str_equal (forced, "file"))
        backend = VIGIE_SECRETS_BACKEND_FILE;
      else if (g_str_equal (forced, "keyring"))
        backend = VIGIE_SECRETS_BACKEND_KEYRING;
    }

  self->backend = backend;
  return self;
}

VigieSecretsBackend
vigie_secrets_get_backend (VigieSecrets *self)
{
  g_return_val_if_fail (VIGIE_IS_SECRETS (self), VIGIE_SECRETS_BACKEND_FILE);
  return resolve_backend (self);
}

/**
 * vigie_secrets_get_path:
 * @self: a #VigieSecrets
 *
 * Returns: (nullable): the key file of the file backend, %NULL with a keyring
 */
const char *
vigie_secrets_get_path (VigieSecrets *self)
{
  g_return_val_if_fail (VIGIE_IS_SECRETS (self), NULL);
  return resolve_backend (self) == VIGIE_SECRETS_BACKEND_FILE ? self->path : NULL;
}

static gboolean
check_names (const char  *client_id,
             const char  *target_id,
             const char  *field,
             GError     **error)
{
  return check_name (_("client"), client_id, error) &&
         check_name (_("target"), target_id, error) &&
         check_name (_("field"), field, error);
}

static char *
group_name (const char *client_id,
            const char *target_id)
{
  return g_strdup_printf ("%s/%s", client_id, target_id);
}

/* A keyring that did not answer, as a storage error; returns FALSE. */
static gboolean
keyring_failed (const GError  *local_error,
                GError       **error)
{
  g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE,
               _("The keyring did not answer: %s"), local_error->message);
  return FALSE;
}

/* The keyring's answers are cached (D-Bus round trips); the file is read
 * each time, so a token stored meanwhile by `vigie alert secret` counts. */
static char *
keyring_lookup (VigieSecrets  *self,
                const char    *client_id,
                const char    *target_id,
                const char    *field,
                GError       **error)
{
  g_autofree char *key = cache_key (client_id, target_id, field);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  const char *cached = g_hash_table_lookup (self->cache, key);
  char *value;

  if (cached != NULL)
    return g_strdup (cached);
  if (!load_libsecret (self, error))
    return NULL;
  attributes = attributes_new (client_id, target_id, field);
  value = self->api.lookup (&target_schema, attributes, NULL, &local_error);
  if (local_error != NULL)
    {
      keyring_failed (local_error, error);
      return NULL;
    }
  if (value != NULL)
    g_hash_table_insert (self->cache, g_steal_pointer (&key), g_strdup (value));
  return value;
}

static char *
file_lookup (VigieSecrets  *self,
             const char    *client_id,
             const char    *target_id,
             const char    *field,
             GError       **error)
{
  g_autoptr(GKeyFile) file = load_key_file (self, error);
  g_autofree char *group = group_name (client_id, target_id);

  return file ? g_key_file_get_string (file, group, field, NULL) : NULL;
}

static gboolean
keyring_store (VigieSecrets  *self,
               const char    *client_id,
               const char    *target_id,
               const char    *field,
               const char    *value,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = g_strdup_printf ("Vigie: %s / %s / %s", client_id, target_id, field);
  g_autoptr(GHashTable) attributes = NULL;

  if (!load_libsecret (self, error))
    return FALSE;
  attributes = attributes_new (client_id, target_id, field);
  if (!self->api.store (&target_schema, attributes, SECRET_COLLECTION_DEFAULT, label, value,
                        NULL, &local_error))
    {
      g_set_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE,
                   _("The keyring refused the secret: %s"), local_error->message);
      return FALSE;
    }
  g_hash_table_insert (self->cache, cache_key (client_id, target_id, field), g_strdup (value));
  return TRUE;
}

/* Sets @field in the key file, or with @value NULL removes it, and saves
 * the file if it changed. */
static gboolean
file_edit (VigieSecrets  *self,
           const char    *client_id,
           const char    *target_id,
           const char    *field,
           const char    *value,
           GError       **error)
{
  g_autoptr(GKeyFile) file = load_key_file (self, error);
  g_autofree char *group = group_name (client_id, target_id);

  if (file == NULL)
    return FALSE;
  if (value != NULL)
    g_key_file_set_string (file, group, field, value);
  else if (!g_key_file_remove_key (file, group, field, NULL))
    return TRUE;
  return save_key_file (self, file, error);
}

static gboolean
keyring_clear (VigieSecrets  *self,
               const char    *client_id,
               const char    *target_id,
               const char    *field,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  if (!load_libsecret (self, error))
    return FALSE;
  attributes = attributes_new (client_id, target_id, field);
  self->api.clear (&target_schema, attributes, NULL, &local_error);
  if (local_error != NULL)
    return keyring_failed (local_error, error);
  return TRUE;
}

/**
 * vigie_secrets_lookup:
 * @self: a #VigieSecrets
 * @client_id: the client
 * @target_id: the client's target
 * @field: the secret's name, e.g. "routing_key"
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with @error
 *   unset when none is stored
 */
char *
vigie_secrets_lookup (VigieSecrets  *self,
                      const char    *client_id,
                      const char    *target_id,
                      const char    *field,
                      GError       **error)
{
  g_return_val_if_fail (VIGIE_IS_SECRETS (self), NULL);

  if (!check_names (client_id, target_id, field, error))
    return NULL;
  if (resolve_backend (self) == VIGIE_SECRETS_BACKEND_KEYRING)
    return keyring_lookup (self, client_id, target_id, field, error);
  return file_lookup (self, client_id, target_id, field, error);
}

/**
 * vigie_secrets_store:
 * @self: a #VigieSecrets
 * @client_id: the client
 * @target_id: the client's target
 * @field: the secret's name
 * @value: the secret
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the secret is stored
 */
gboolean
vigie_secrets_store (VigieSecrets  *self,
                     const char    *client_id,
                     const char    *target_id,
                     const char    *field,
                     const char    *value,
                     GError       **error)
{
  g_return_val_if_fail (VIGIE_IS_SECRETS (self), FALSE);

  if (!check_names (client_id, target_id, field, error))
    return FALSE;
  if (value == NULL || *value == '\0')
    return vigie_secrets_clear (self, client_id, target_id, field, error);
  if (resolve_backend (self) == VIGIE_SECRETS_BACKEND_KEYRING)
    return keyring_store (self, client_id, target_id, field, value, error);
  return file_edit (self, client_id, target_id, field, value, error);
}

/**
 * vigie_secrets_clear:
 * @self: a #VigieSecrets
 * @client_id: the client
 * @target_id: the client's target
 * @field: the secret's name
 * @error: return location for a #GError
 *
 * Returns: %TRUE once no such secret is stored
 */
gboolean
vigie_secrets_clear (VigieSecrets  *self,
                     const char    *client_id,
                     const char    *target_id,
                     const char    *field,
                     GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (VIGIE_IS_SECRETS (self), FALSE);

  if (!check_names (client_id, target_id, field, error))
    return FALSE;
  if (resolve_backend (self) == VIGIE_SECRETS_BACKEND_KEYRING ? !keyring_clear (self, client_id, target_id, field, error)
                                                     : !file_edit (self, client_id, target_id, field, NULL, error))
    return FALSE;
  key = cache_key (client_id, target_id, field);
  g_hash_table_remove (self->cache, key);
  return TRUE;
}
