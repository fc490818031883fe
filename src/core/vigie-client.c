/* vigie-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-client"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-client.h"
#include "vigie-directory.h"
#include "vigie-phone.h"

struct _VigieClient
{
  GObject parent_instance;

  char  *id;
  char  *name;
  char  *sector;
  char  *greeting;
  char  *script;
  char  *timezone;
  char  *webhook;
  char **lines;
};

G_DEFINE_FINAL_TYPE (VigieClient, vigie_client, G_TYPE_OBJECT)

static void
vigie_client_finalize (GObject *object)
{
  VigieClient *self = (VigieClient *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->sector);
  g_free (self->greeting);
  g_free (self->script);
  g_free (self->timezone);
  g_free (self->webhook);
  g_strfreev (self->lines);

  G_OBJECT_CLASS (vigie_client_parent_class)->finalize (object);
}

static void
vigie_client_class_init (VigieClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_client_finalize;
}

static void
vigie_client_init (VigieClient *self)
{
}

/**
 * vigie_client_new_from_json:
 * @object: one entry of the `clients` array of clients.json
 * @error: return location for a #GError
 *
 * Dialled lines are normalised here, once, so the screen pop only compares
 * strings.
 *
 * Returns: (transfer full) (nullable): the client
 */
VigieClient *
vigie_client_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(VigieClient) self = NULL;
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  JsonArray *array;
  const char *id;
  const char *name;

  id = json_object_get_string_member_with_default (object, "id", NULL);
  name = json_object_get_string_member_with_default (object, "name", NULL);
  if (id == NULL || name == NULL)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("A client needs an “id” and a “name”"));
      return NULL;
    }

  self = g_object_new (VIGIE_TYPE_CLIENT, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->sector = g_strdup (json_object_get_string_member_with_default (object, "sector", ""));
  self->greeting = g_strdup (json_object_get_string_member_with_default (object, "greeting", ""));
  self->script = g_strdup (json_object_get_string_member_with_default (object, "script", NULL));
  self->timezone = g_strdup (json_object_get_string_member_with_default (object, "timezone", "Europe/Paris"));
  self->webhook = g_strdup (json_object_get_string_member_with_default (object, "webhook", NULL));

  array = json_object_has_member (object, "lines") ? json_object_get_array_member (object, "lines") : NULL;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      const char *raw = json_array_get_string_element (array, i);
      g_autofree char *line = NULL;

      if (raw == NULL || !(line = vigie_phone_normalize (raw, error)))
        {
          g_prefix_error (error, _("Client “%s”: "), id);
          if (raw == NULL)
            g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                         _("Client “%s”: lines must be strings"), id);
          return NULL;
        }
      g_strv_builder_add (lines, line);
    }
  self->lines = g_strv_builder_end (lines);

  return g_steal_pointer (&self);
}

const char *
vigie_client_get_id (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->id;
}

const char *
vigie_client_get_name (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->name;
}

const char *
vigie_client_get_sector (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->sector;
}

const char *
vigie_client_get_greeting (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->greeting;
}

/**
 * vigie_client_get_script:
 * @self: a #VigieClient
 *
 * Returns: (nullable): the script path, relative to the data directory
 */
const char *
vigie_client_get_script (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->script;
}

const char *
vigie_client_get_timezone (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->timezone;
}

/**
 * vigie_client_get_webhook:
 * @self: a #VigieClient
 *
 * Returns: (nullable): the URL alerts are POSTed to
 */
const char *
vigie_client_get_webhook (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->webhook;
}

const char * const *
vigie_client_get_lines (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return (const char * const *)self->lines;
}
