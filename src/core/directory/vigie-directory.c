/* vigie-directory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-directory"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vigie-directory.h"
#include "vigie-phone.h"

struct _VigieDirectory
{
  GObject     parent_instance;

  GListStore *clients;
  GHashTable *clients_by_id;    /* id → VigieClient */
  GHashTable *clients_by_line;  /* E.164 line → VigieClient */
  GHashTable *contacts_by_phone; /* E.164 number → GPtrArray of VigieContact */
  guint       n_contacts;
};

G_DEFINE_FINAL_TYPE (VigieDirectory, vigie_directory, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-directory-error-quark, vigie_directory_error)

/* clients.json is a few hundred kilobytes for a large centre; the
 * directory 100,000 contacts in about 30 MB. */
#define MAX_CLIENTS_SIZE (8 * 1024 * 1024)
#define MAX_CONTACTS_SIZE (64 * 1024 * 1024)

G_GNUC_PRINTF (4, 5)
static gboolean
fail_at (GError              **error,
         const char           *path,
         const VigieJsonValue *where,
         const char           *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID, "%s:%u:%u: %s",
               path, where->line, where->column, message);
  return FALSE;
}

/* @value, when there, is an array whose elements all have @type. */
static gboolean
check_list (const char            *path,
            const VigieJsonValue  *value,
            VigieJsonType          type,
            const char            *message,
            GError               **error)
{
  if (value == NULL)
    return TRUE;
  if (value->type != VIGIE_JSON_ARRAY)
    return fail_at (error, path, value, "%s", message);
  for (guint i = 0; i < value->length; i++)
    if (value->elements[i].type != type)
      return fail_at (error, path, &value->elements[i], "%s", message);
  return TRUE;
}

/* The members of @object named in @names, when there, are strings. */
static gboolean
check_texts (const char            *path,
             const VigieJsonValue  *object,
             const char * const    *names,
             GError               **error)
{
  const VigieJsonValue *value;

  for (guint i = 0; names[i]; i++)
    if ((value = vigie_json_object_get (object, names[i])) != NULL && value->type != VIGIE_JSON_STRING)
      return fail_at (error, path, value, _("“%s” must be a text in double quotes"), names[i]);
  return TRUE;
}

static gboolean
check_oncall (const char            *path,
              const VigieJsonValue  *value,
              GError               **error)
{
  static const char * const names[] = { "name", "phone", NULL };

  if (value == NULL)
    return TRUE;
  if (value->type != VIGIE_JSON_OBJECT)
    return fail_at (error, path, value, _("“oncall” must be an object with “name” and “phone”"));
  return check_texts (path, value, names, error);
}

/* @zone gets the checked zone: held until the client holds its own, the
 * client's lookup is answered by GLib's zone cache instead of tzdata. */
static gboolean
check_timezone (const char            *path,
                const VigieJsonValue  *value,
                GTimeZone            **zone,
                GError               **error)
{
  g_autofree char *name = NULL;

  if (value == NULL)
    return TRUE;
  name = g_strndup (value->string, value->length);
  if (!(*zone = g_time_zone_new_identifier (name)))
    return fail_at (error, path, value, _("“%s” is not a time zone (e.g. “Europe/Paris”)"), name);
  return TRUE;
}

/* Wrong types are errors with their place, never a client quietly
 * missing its lines: "lines": "0800 100 200" is refused. */
static gboolean
check_client (const char            *path,
              const VigieJsonValue  *client,
              guint                  index,
              GTimeZone            **zone,
              GError               **error)
{
  static const char * const texts[] = { "id", "name", "sector", "greeting", "script", "timezone", "webhook", NULL };

  if (client->type != VIGIE_JSON_OBJECT)
    return fail_at (error, path, client, _("clients[%u] is not an object"), index);
  return check_texts (path, client, texts, error) &&
         check_list (path, vigie_json_object_get (client, "lines"), VIGIE_JSON_STRING,
                     _("“lines” must be a list of numbers in quotes, e.g. [\"0800 100 200\"]"), error) &&
         check_oncall (path, vigie_json_object_get (client, "oncall"), error) &&
         check_list (path, vigie_json_object_get (client, "targets"), VIGIE_JSON_OBJECT,
                     _("“targets” must be a list of objects"), error) &&
         check_timezone (path, vigie_json_object_get (client, "timezone"), zone, error);
}

/* Reads @path with the strict parser and returns its @member array. */
static const VigieJsonValue *
load_array (GFile              *file,
            const char         *member,
            gsize               max_size,
            VigieJsonDocument **out_document,
            GError            **error)
{
  g_autoptr(VigieJsonDocument) document = NULL;
  g_autofree char *path = g_file_get_path (file);
  const VigieJsonValue *array;

  if (!(document = vigie_json_load_file (path, max_size, 16, error)))
    return NULL;
  array = vigie_json_object_get (vigie_json_document_get_root (document), member);
  if (array == NULL || array->type != VIGIE_JSON_ARRAY)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("%s: expected an object with a “%s” array"), path, member);
      return NULL;
    }
  *out_document = g_steal_pointer (&document);
  return array;
}

static void
vigie_directory_finalize (GObject *object)
{
  VigieDirectory *self = (VigieDirectory *)object;

  g_clear_object (&self->clients);
  g_clear_pointer (&self->clients_by_id, g_hash_table_unref);
  g_clear_pointer (&self->clients_by_line, g_hash_table_unref);
  g_clear_pointer (&self->contacts_by_phone, g_hash_table_unref);

  G_OBJECT_CLASS (vigie_directory_parent_class)->finalize (object);
}

static void
vigie_directory_class_init (VigieDirectoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_directory_finalize;
}

static void
vigie_directory_init (VigieDirectory *self)
{
  self->clients = g_list_store_new (VIGIE_TYPE_CLIENT);
  self->clients_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->clients_by_line = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->contacts_by_phone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_ptr_array_unref);
}

VigieDirectory *
vigie_directory_new (void)
{
  return g_object_new (VIGIE_TYPE_DIRECTORY, NULL);
}

/**
 * vigie_directory_add_client:
 * @self: a #VigieDirectory
 * @client: the client to add
 * @error: return location for a #GError
 *
 * Fails when the id or one of the lines is already taken: a dialled line
 * must select exactly one client.
 */
gboolean
vigie_directory_add_client (VigieDirectory  *self,
                            VigieClient     *client,
                            GError         **error)
{
  const char * const *lines;

  g_return_val_if_fail (VIGIE_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (VIGIE_IS_CLIENT (client), FALSE);

  if (g_hash_table_contains (self->clients_by_id, vigie_client_get_id (client)))
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_DUPLICATE,
                   _("Client “%s” is defined twice"), vigie_client_get_id (client));
      return FALSE;
    }

  lines = vigie_client_get_lines (client);
  for (guint i = 0; lines[i]; i++)
    {
      VigieClient *owner = g_hash_table_lookup (self->clients_by_line, lines[i]);

      if (owner != NULL)
        {
          g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_DUPLICATE,
                       _("Line %s belongs to both “%s” and “%s”"),
                       lines[i], vigie_client_get_id (owner), vigie_client_get_id (client));
          return FALSE;
        }
    }

  for (guint i = 0; lines[i]; i++)
    g_hash_table_insert (self->clients_by_line, g_strdup (lines[i]), g_object_ref (client));
  g_hash_table_insert (self->clients_by_id, (char *)vigie_client_get_id (client), g_object_ref (client));
  g_list_store_append (self->clients, client);

  return TRUE;
}

void
vigie_directory_add_contact (VigieDirectory *self,
                             VigieContact   *contact)
{
  const char * const *phones;

  g_return_if_fail (VIGIE_IS_DIRECTORY (self));
  g_return_if_fail (VIGIE_IS_CONTACT (contact));

  phones = vigie_contact_get_phones (contact);
  for (guint i = 0; phones[i]; i++)
    {
      GPtrArray *list = g_hash_table_lookup (self->contacts_by_phone, phones[i]);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (self->contacts_by_phone, g_strdup (phones[i]), list);
        }
      g_ptr_array_add (list, g_object_ref (contact));
    }
  self->n_contacts++;
}

typedef gboolean (*LoadElement) (VigieDirectory        *self,
                                 const char            *path,
                                 const VigieJsonValue  *element,
                                 guint                  index,
                                 GError               **error);

/* Reads @file's @member array with the strict parser, element by element. */
static gboolean
load_each (VigieDirectory  *self,
           GFile           *file,
           const char      *member,
           gsize            max_size,
           LoadElement      load,
           GError         **error)
{
  g_autoptr(VigieJsonDocument) document = NULL;
  g_autofree char *path = NULL;
  const VigieJsonValue *array;

  g_return_val_if_fail (VIGIE_IS_DIRECTORY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (!(array = load_array (file, member, max_size, &document, error)))
    return FALSE;
  for (guint i = 0; i < array->length; i++)
    if (!load (self, path, &array->elements[i], i, error))
      return FALSE;
  return TRUE;
}

static gboolean
load_client (VigieDirectory        *self,
             const char            *path,
             const VigieJsonValue  *element,
             guint                  index,
             GError               **error)
{
  g_autoptr(VigieClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (!check_client (path, element, index, &zone, error))
    return FALSE;
  node = vigie_json_to_node (element);
  if (!(client = vigie_client_new_from_json (json_node_get_object (node), error)) ||
      !vigie_directory_add_client (self, client, error))
    {
      g_prefix_error (error, "%s:%u:%u: ", path, element->line, element->column);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_contact (VigieDirectory        *self,
              const char            *path,
              const VigieJsonValue  *element,
              guint                  index,
              GError               **error)
{
  g_autoptr(VigieContact) contact = vigie_contact_new_from_json (element, error);

  if (contact == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  vigie_directory_add_contact (self, contact);
  return TRUE;
}

/**
 * vigie_directory_load_clients:
 * @self: a #VigieDirectory
 * @file: a clients.json file
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every client was loaded
 */
gboolean
vigie_directory_load_clients (VigieDirectory  *self,
                              GFile           *file,
                              GError         **error)
{
  return load_each (self, file, "clients", MAX_CLIENTS_SIZE, load_client, error);
}

/**
 * vigie_directory_load_contacts:
 * @self: a #VigieDirectory
 * @file: a directory.json file
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every contact was loaded
 */
gboolean
vigie_directory_load_contacts (VigieDirectory  *self,
                               GFile           *file,
                               GError         **error)
{
  /* 100,000 contacts: json-glib took 0.8 s to parse them, this 0.1 s. */
  return load_each (self, file, "contacts", MAX_CONTACTS_SIZE, load_contact, error);
}

/**
 * vigie_directory_get_clients:
 * @self: a #VigieDirectory
 *
 * Returns: (transfer none): a #GListModel of #VigieClient
 */
GListModel *
vigie_directory_get_clients (VigieDirectory *self)
{
  g_return_val_if_fail (VIGIE_IS_DIRECTORY (self), NULL);
  return G_LIST_MODEL (self->clients);
}

guint
vigie_directory_get_n_contacts (VigieDirectory *self)
{
  g_return_val_if_fail (VIGIE_IS_DIRECTORY (self), 0);
  return self->n_contacts;
}

/**
 * vigie_directory_find_client:
 * @self: a #VigieDirectory
 * @client_id: a client id
 *
 * Returns: (transfer none) (nullable): the client
 */
VigieClient *
vigie_directory_find_client (VigieDirectory *self,
                             const char     *client_id)
{
  g_return_val_if_fail (VIGIE_IS_DIRECTORY (self), NULL);
  return client_id ? g_hash_table_lookup (self->clients_by_id, client_id) : NULL;
}

/**
 * vigie_directory_lookup_line:
 * @self: a #VigieDirectory
 * @dialled: the number the caller dialled, in any accepted form
 *
 * Returns: (transfer none) (nullable): the client that owns the line
 */
VigieClient *
vigie_directory_lookup_line (VigieDirectory *self,
                             const char     *dialled)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (VIGIE_IS_DIRECTORY (self), NULL);

  if (dialled == NULL || !(line = vigie_phone_normalize (dialled, NULL)))
    return NULL;
  return g_hash_table_lookup (self->clients_by_line, line);
}

/**
 * vigie_directory_lookup_caller:
 * @self: a #VigieDirectory
 * @number: the caller's number, in any accepted form
 * @client: (nullable): the client whose line was dialled
 *
 * When several contacts share a number (a switchboard), the one that
 * belongs to @client wins.
 *
 * Returns: (transfer none) (nullable): the caller's contact
 */
VigieContact *
vigie_directory_lookup_caller (VigieDirectory *self,
                               const char     *number,
                               VigieClient    *client)
{
  g_autofree char *normalized = NULL;
  GPtrArray *list;

  g_return_val_if_fail (VIGIE_IS_DIRECTORY (self), NULL);

  if (vigie_phone_is_anonymous (number) || !(normalized = vigie_phone_normalize (number, NULL)))
    return NULL;
  if (!(list = g_hash_table_lookup (self->contacts_by_phone, normalized)))
    return NULL;

  if (client != NULL)
    for (guint i = 0; i < list->len; i++)
      if (g_strcmp0 (vigie_contact_get_client_id (g_ptr_array_index (list, i)),
                     vigie_client_get_id (client)) == 0)
        return g_ptr_array_index (list, i);

  return g_ptr_array_index (list, 0);
}

/**
 * vigie_directory_take_contents:
 * @self: the directory everybody holds
 * @other: a directory freshly loaded from new files
 *
 * Live data: @self takes @other's clients and contacts in one step, so
 * those who hold @self (the dispatcher, the escalation sink) see the new
 * version from their next lookup; @other is left empty. Calls keep the
 * client and contact objects they were opened with.
 */
void
vigie_directory_take_contents (VigieDirectory *self,
                               VigieDirectory *other)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (VIGIE_IS_DIRECTORY (self));
  g_return_if_fail (VIGIE_IS_DIRECTORY (other));

  n = g_list_model_get_n_items (G_LIST_MODEL (other->clients));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (clients, g_list_model_get_item (G_LIST_MODEL (other->clients), i));

#define SWAP(field) G_STMT_START { gpointer tmp = self->field; self->field = other->field; other->field = tmp; } G_STMT_END
  SWAP (clients_by_id);
  SWAP (clients_by_line);
  SWAP (contacts_by_phone);
#undef SWAP
  self->n_contacts = other->n_contacts;
  g_list_store_splice (self->clients, 0, g_list_model_get_n_items (G_LIST_MODEL (self->clients)),
                       clients->pdata, clients->len);
  g_list_store_remove_all (other->clients);
  g_hash_table_remove_all (other->clients_by_id);
  g_hash_table_remove_all (other->clients_by_line);
  g_hash_table_remove_all (other->contacts_by_phone);
  other->n_contacts = 0;
}
