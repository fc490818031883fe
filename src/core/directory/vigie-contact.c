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
/* A missing text field is empty; one of another type is an error, not
 * silently empty: a typo in the directory must not hide a caller. */
static gboolean
get_text (const VigieJsonValue  *object,
          const char            *member,
          const char            *id,
          const char            *fallback,
          char                 **out,
          GError               **error)
{
  const VigieJsonValue *value = vigie_json_object_get (object, member);

  if (value == NULL || value->type == VIGIE_JSON_NULL)
    {
      *out = g_strdup (fallback);
      return TRUE;
    }
  if (value->type != VIGIE_JSON_STRING)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Contact “%s”: line %u: “%s” must be a string"), id, value->line, member);
      return FALSE;
    }
  *out = g_strdup (value->string);
  return TRUE;
}

static gboolean
load_vip (VigieContact          *self,
          const VigieJsonValue  *object,
          GError               **error)
{
  const VigieJsonValue *vip = vigie_json_object_get (object, "vip");

  if (vip != NULL && vip->type != VIGIE_JSON_BOOLEAN)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Contact “%s”: line %u: “vip” must be true or false"), self->id, vip->line);
      return FALSE;
    }
  self->vip = vip != NULL && vip->boolean;
  return TRUE;
}

static gboolean
add_phone (VigieContact          *self,
           GStrvBuilder          *phones,
           const VigieJsonValue  *raw,
           GError               **error)
{
  g_autofree char *phone = NULL;

  if (raw->type != VIGIE_JSON_STRING)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Contact “%s”: phones must be strings"), self->id);
      return FALSE;
    }
  if (!(phone = vigie_phone_normalize (raw->string, error)))
    {
      g_prefix_error (error, _("Contact “%s”: line %u: "), self->id, raw->line);
      return FALSE;
    }
  g_strv_builder_add (phones, phone);
  return TRUE;
}

/* Phone numbers, normalised once here. */
static gboolean
load_phones (VigieContact          *self,
             const VigieJsonValue  *object,
             GError               **error)
{
  g_autoptr(GStrvBuilder) phones = g_strv_builder_new ();
  const VigieJsonValue *array = vigie_json_object_get (object, "phones");

  if (array != NULL && array->type != VIGIE_JSON_ARRAY)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Contact “%s”: line %u: “phones” must be a list"), self->id, array->line);
      return FALSE;
    }
  for (guint i = 0; array && i < array->length; i++)
    if (!add_phone (self, phones, &array->elements[i], error))
      return FALSE;
  self->phones = g_strv_builder_end (phones);
  return TRUE;
}

static gboolean
load_texts (VigieContact          *self,
            const VigieJsonValue  *object,
            GError               **error)
{
  return get_text (object, "first_name", self->id, "", &self->first_name, error) &&
         get_text (object, "last_name", self->id, "", &self->last_name, error) &&
         get_text (object, "company", self->id, "", &self->company, error) &&
         get_text (object, "client", self->id, NULL, &self->client_id, error) &&
         get_text (object, "contract", self->id, "", &self->contract, error) &&
         get_text (object, "site", self->id, "", &self->site, error);
}

VigieContact *
vigie_contact_new_from_json (const VigieJsonValue  *object,
                             GError               **error)
{
  g_autoptr(VigieContact) self = NULL;
  const VigieJsonValue *id;

  g_return_val_if_fail (object != NULL, NULL);

  id = vigie_json_object_get (object, "id");
  if (object->type != VIGIE_JSON_OBJECT || id == NULL || id->type != VIGIE_JSON_STRING || *id->string == '\0')
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Line %u: a contact needs an “id”"), object->line);
      return NULL;
    }

  self = g_object_new (VIGIE_TYPE_CONTACT, NULL);
  self->id = g_strdup (id->string);
  if (!load_texts (self, object, error) || !load_vip (self, object, error) || !load_phones (self, object, error))
    return NULL;
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
