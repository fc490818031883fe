/* vigie-contact.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-contact"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-contact.h"
#include "vigie-directory.h"
#include "vigie-phone.h"

struct _VigieContact
{
  GObject parent_instance;

  char     *id;
  char     *first_name;
  char     *last_name;
  char     *company;
  char     *client_id;
  char     *contract;
  char     *site;
  char    **phones;
  gboolean  vip;
};

G_DEFINE_FINAL_TYPE (VigieContact, vigie_contact, G_TYPE_OBJECT)

static void
vigie_contact_finalize (GObject *object)
{
  VigieContact *self = (VigieContact *)object;

  g_free (self->id);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->company);
  g_free (self->client_id);
  g_free (self->contract);
  g_free (self->site);
  g_strfreev (self->phones);

  G_OBJECT_CLASS (vigie_contact_parent_class)->finalize (object);
}

static void
vigie_contact_class_init (VigieContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_contact_finalize;
}

static void
vigie_contact_init (VigieContact *self)
{
}

/**
 * vigie_contact_new_from_json:
 * @object: one entry of the `contacts` array of directory.json
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the contact
 */
VigieContact *
vigie_contact_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(VigieContact) self = NULL;
  g_autoptr(GStrvBuilder) phones = g_strv_builder_new ();
  JsonArray *array;
  const char *id;

  id = json_object_get_string_member_with_default (object, "id", NULL);
  if (id == NULL)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("A contact needs an “id”"));
      return NULL;
    }

  self = g_object_new (VIGIE_TYPE_CONTACT, NULL);
  self->id = g_strdup (id);
  self->first_name = g_strdup (json_object_get_string_member_with_default (object, "first_name", ""));
  self->last_name = g_strdup (json_object_get_string_member_with_default (object, "last_name", ""));
  self->company = g_strdup (json_object_get_string_member_with_default (object, "company", ""));
  self->client_id = g_strdup (json_object_get_string_member_with_default (object, "client", NULL));
  self->contract = g_strdup (json_object_get_string_member_with_default (object, "contract", ""));
  self->site = g_strdup (json_object_get_string_member_with_default (object, "site", ""));
  self->vip = json_object_get_boolean_member_with_default (object, "vip", FALSE);

  array = json_object_has_member (object, "phones") ? json_object_get_array_member (object, "phones") : NULL;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      const char *raw = json_array_get_string_element (array, i);
      g_autofree char *phone = NULL;

      if (raw == NULL)
        {
          g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                       _("Contact “%s”: phones must be strings"), id);
          return NULL;
        }
      if (!(phone = vigie_phone_normalize (raw, error)))
        {
          g_prefix_error (error, _("Contact “%s”: "), id);
          return NULL;
        }
      g_strv_builder_add (phones, phone);
    }
  self->phones = g_strv_builder_end (phones);

  return g_steal_pointer (&self);
}

const char *
vigie_contact_get_id (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return self->id;
}

const char *
vigie_contact_get_first_name (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return self->first_name;
}

const char *
vigie_contact_get_last_name (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return self->last_name;
}

/**
 * vigie_contact_dup_display_name:
 * @self: a #VigieContact
 *
 * Returns: (transfer full): "First LAST", as operators read a caller card
 */
char *
vigie_contact_dup_display_name (VigieContact *self)
{
  g_autofree char *last = NULL;

  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);

  last = g_utf8_strup (self->last_name, -1);
  if (*self->first_name == '\0')
    return g_steal_pointer (&last);
  return g_strdup_printf ("%s %s", self->first_name, last);
}

const char *
vigie_contact_get_company (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return self->company;
}

/**
 * vigie_contact_get_client_id:
 * @self: a #VigieContact
 *
 * Returns: (nullable): the client this contact belongs to
 */
const char *
vigie_contact_get_client_id (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return self->client_id;
}

const char *
vigie_contact_get_contract (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return self->contract;
}

const char *
vigie_contact_get_site (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return self->site;
}

gboolean
vigie_contact_get_vip (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), FALSE);
  return self->vip;
}

const char * const *
vigie_contact_get_phones (VigieContact *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTACT (self), NULL);
  return (const char * const *)self->phones;
}
