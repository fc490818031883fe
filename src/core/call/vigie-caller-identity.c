/* vigie-caller-identity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller's identity as the operator captures it during the call:
 * pre-filled from the directory and the presented number, corrected or
 * completed by hand, validated field by field, and journaled whenever it
 * changed so the supervisor sees what the operator was told.
 */
#define G_LOG_DOMAIN "vigie-caller-identity"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-caller-identity.h"
#include "vigie-phone.h"

#define MAX_LENGTH 200

struct _VigieCallerIdentity
{
  GObject   parent_instance;

  char     *values[VIGIE_CALLER_N_FIELDS];
  gboolean  edited[VIGIE_CALLER_N_FIELDS];
  gboolean  dirty;      /* changed since the last journal entry */
};

G_DEFINE_FINAL_TYPE (VigieCallerIdentity, vigie_caller_identity, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-identity-error-quark, vigie_identity_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const field_names[] = {
  "last_name", "first_name", "company", "callback", "site",
};

const char *
vigie_caller_field_to_string (VigieCallerField field)
{
  g_return_val_if_fail (field < VIGIE_CALLER_N_FIELDS, NULL);
  return field_names[field];
}

static void
vigie_caller_identity_finalize (GObject *object)
{
  VigieCallerIdentity *self = (VigieCallerIdentity *)object;

  for (guint i = 0; i < VIGIE_CALLER_N_FIELDS; i++)
    g_free (self->values[i]);

  G_OBJECT_CLASS (vigie_caller_identity_parent_class)->finalize (object);
}

static void
vigie_caller_identity_class_init (VigieCallerIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_caller_identity_finalize;

  /**
   * VigieCallerIdentity::changed:
   * @field: the #VigieCallerField that changed
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
vigie_caller_identity_init (VigieCallerIdentity *self)
{
}

static char *
dup_nonempty (const char *value)
{
  return value && *value ? g_strdup (value) : NULL;
}

/**
 * vigie_caller_identity_new:
 * @contact: (nullable): the caller found in the directory
 * @from: (nullable): the presented number, normalised, or "anonymous"
 *
 * Returns: (transfer full): an identity pre-filled with what is known
 */
VigieCallerIdentity *
vigie_caller_identity_new (VigieContact *contact,
                           const char   *from)
{
  VigieCallerIdentity *self = g_object_new (VIGIE_TYPE_CALLER_IDENTITY, NULL);

  if (contact != NULL)
    {
      self->values[VIGIE_CALLER_LAST_NAME] = dup_nonempty (vigie_contact_get_last_name (contact));
      self->values[VIGIE_CALLER_FIRST_NAME] = dup_nonempty (vigie_contact_get_first_name (contact));
      self->values[VIGIE_CALLER_COMPANY] = dup_nonempty (vigie_contact_get_company (contact));
      self->values[VIGIE_CALLER_SITE] = dup_nonempty (vigie_contact_get_site (contact));
    }
  /* The presented number is the best guess for a call-back, unless hidden
   * or an internal extension. */
  if (from != NULL && !vigie_phone_is_anonymous (from) && vigie_phone_is_dialable (from))
    self->values[VIGIE_CALLER_CALLBACK] = g_strdup (from);

  self->dirty = TRUE;
  return self;
}

/**
 * vigie_caller_identity_get:
 * @self: a #VigieCallerIdentity
 * @field: which field
 *
 * Returns: (nullable): the value; the call-back number in E.164
 */
const char *
vigie_caller_identity_get (VigieCallerIdentity *self,
                           VigieCallerField     field)
{
  g_return_val_if_fail (VIGIE_IS_CALLER_IDENTITY (self), NULL);
  g_return_val_if_fail (field < VIGIE_CALLER_N_FIELDS, NULL);
  return self->values[field];
}

/* A call-back number is stored dialable, in E.164. */
static gboolean
normalize_callback (char   **number,
                    GError **error)
{
  g_autoptr(GError) phone_error = NULL;
  g_autofree char *e164 = vigie_phone_normalize (*number, &phone_error);

  if (e164 == NULL || !vigie_phone_is_dialable (e164))
    {
      g_set_error (error, VIGIE_IDENTITY_ERROR, VIGIE_IDENTITY_ERROR_INVALID,
                   _("“%s” is not a phone number to call back"), *number);
      return FALSE;
    }
  g_free (*number);
  *number = g_steal_pointer (&e164);
  return TRUE;
}

/**
 * vigie_caller_identity_set:
 * @self: a #VigieCallerIdentity
 * @field: which field
 * @value: (nullable): what the operator typed; blank clears the field
 * @error: return location for a #GError
 *
 * Trims @value; a call-back number must be a full phone number and is
 * stored in E.164. On error the previous value is kept.
 */
gboolean
vigie_caller_identity_set (VigieCallerIdentity  *self,
                           VigieCallerField      field,
                           const char           *value,
                           GError              **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (VIGIE_IS_CALLER_IDENTITY (self), FALSE);
  g_return_val_if_fail (field < VIGIE_CALLER_N_FIELDS, FALSE);

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, VIGIE_IDENTITY_ERROR, VIGIE_IDENTITY_ERROR_INVALID, _("Invalid text"));
      return FALSE;
    }

  clean = g_strstrip (g_strdup (value ? value : ""));
  /* Pasted text may carry line breaks; one line per field. */
  g_strdelimit (clean, "\r\n\t", ' ');

  if (g_utf8_strlen (clean, -1) > MAX_LENGTH)
    {
      g_set_error (error, VIGIE_IDENTITY_ERROR, VIGIE_IDENTITY_ERROR_TOO_LONG,
                   _("At most %d characters"), MAX_LENGTH);
      return FALSE;
    }

  if (field == VIGIE_CALLER_CALLBACK && *clean != '\0' && !normalize_callback (&clean, error))
    return FALSE;

  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);

  if (g_strcmp0 (self->values[field], clean) == 0)
    return TRUE;

  g_free (self->values[field]);
  self->values[field] = g_steal_pointer (&clean);
  self->edited[field] = TRUE;
  self->dirty = TRUE;
  g_signal_emit (self, signals[CHANGED], 0, (guint) field);

  return TRUE;
}

gboolean
vigie_caller_identity_is_edited (VigieCallerIdentity *self,
                                 VigieCallerField     field)
{
  g_return_val_if_fail (VIGIE_IS_CALLER_IDENTITY (self), FALSE);
  g_return_val_if_fail (field < VIGIE_CALLER_N_FIELDS, FALSE);
  return self->edited[field];
}

/**
 * vigie_caller_identity_is_complete:
 * @self: a #VigieCallerIdentity
 *
 * Returns: %TRUE when the name and a call-back number are known, the
 *   least an on-call person needs to act
 */
gboolean
vigie_caller_identity_is_complete (VigieCallerIdentity *self)
{
  g_return_val_if_fail (VIGIE_IS_CALLER_IDENTITY (self), FALSE);
  return self->values[VIGIE_CALLER_LAST_NAME] != NULL && self->values[VIGIE_CALLER_CALLBACK] != NULL;
}

/**
 * vigie_caller_identity_dup_name:
 * @self: a #VigieCallerIdentity
 *
 * Returns: (transfer full) (nullable): "First LAST", as the directory
 *   writes names, or %NULL when no name is known
 */
char *
vigie_caller_identity_dup_name (VigieCallerIdentity *self)
{
  const char *first, *last;
  g_autofree char *upper = NULL;

  g_return_val_if_fail (VIGIE_IS_CALLER_IDENTITY (self), NULL);

  first = self->values[VIGIE_CALLER_FIRST_NAME];
  last = self->values[VIGIE_CALLER_LAST_NAME];
  if (last == NULL)
    return g_strdup (first);
  upper = g_utf8_strup (last, -1);
  if (first == NULL)
    return g_steal_pointer (&upper);
  return g_strdup_printf ("%s %s", first, upper);
}

/**
 * vigie_caller_identity_commit:
 * @self: a #VigieCallerIdentity
 * @journal: the journal
 * @call_id: the call
 * @error: return location for a #GError
 *
 * Journals a "caller-details" event if anything changed since the last
 * one; cheap to call before every decision and on close.
 */
gboolean
vigie_caller_identity_commit (VigieCallerIdentity  *self,
                              VigieJournal         *journal,
                              const char           *call_id,
                              GError              **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (VIGIE_IS_CALLER_IDENTITY (self), FALSE);
  g_return_val_if_fail (VIGIE_IS_JOURNAL (journal), FALSE);

  if (!self->dirty)
    return TRUE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  for (guint i = 0; i < VIGIE_CALLER_N_FIELDS; i++)
    {
      json_builder_set_member_name (builder, field_names[i]);
      if (self->values[i])
        json_builder_add_string_value (builder, self->values[i]);
      else
        json_builder_add_null_value (builder);
    }
  name = vigie_caller_identity_dup_name (self);
  json_builder_set_member_name (builder, "name");
  if (name)
    json_builder_add_string_value (builder, name);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, vigie_caller_identity_is_complete (self));
  json_builder_set_member_name (builder, "edited");
  json_builder_begin_array (builder);
  for (guint i = 0; i < VIGIE_CALLER_N_FIELDS; i++)
    if (self->edited[i])
      json_builder_add_string_value (builder, field_names[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);

  if (!vigie_journal_append (journal, call_id, "caller-details", data, error))
    return FALSE;

  self->dirty = FALSE;
  return TRUE;
}
