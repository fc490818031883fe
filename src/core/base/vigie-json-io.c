/* vigie-json-io.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strict parser's neighbours: reading a data file safely (regular
 * files only, bounded, confined to the data folder), and the bridge to
 * json-glib for the code that builds or walks JSON after it was checked.
 */
#define G_LOG_DOMAIN "vigie-json"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <glib/gi18n.h>

#include "vigie-json.h"

/**
 * vigie_json_read_file:
 * @path: a data file
 * @max_size: the largest size accepted, in bytes
 * @contents: (out): the bytes, nul-terminated
 * @length: (out): their number
 * @error: return location for a #GError
 *
 * Reads a file the desk was given: only a regular file (a FIFO would block
 * the start-up for ever, a device never ends), not through a symbolic
 * link at the last step, and no larger than @max_size, checked before and
 * while reading. Every message names the file.
 */
gboolean
vigie_json_read_file (const char  *path,
                      gsize        max_size,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize used = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ELOOP)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                     _("%s is a symbolic link; give the file itself"), path);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Cannot read %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a regular file"), path);
      close (fd);
      return FALSE;
    }
  if ((guint64) st.st_size > max_size)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("%s is too large (%s; at most %s)"), path, size, limit);
      close (fd);
      return FALSE;
    }

  /* One byte more than allowed tells a file that grew while read. */
  buffer = g_malloc ((gsize) st.st_size + 2);
  for (;;)
    {
      gssize n = read (fd, buffer + used, (gsize) st.st_size + 1 - used);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot read %s: %s"), path, g_strerror (saved_errno));
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      used += n;
      if (used > (gsize) st.st_size)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("%s changed while it was read"), path);
          close (fd);
          return FALSE;
        }
    }
  close (fd);
  buffer[used] = '\0';
  *contents = g_steal_pointer (&buffer);
  *length = used;
  return TRUE;
}

/**
 * vigie_json_resolve_under:
 * @root: the folder a path must stay in
 * @path: a path, relative to @root when not absolute
 * @error: return location for a #GError
 *
 * Resolves @path (symbolic links included) and checks it stays inside
 * @root: "../../../../etc/passwd" or a link out of the data folder is
 * refused without being read.
 *
 * Returns: (transfer full) (nullable): the resolved path
 */
char *
vigie_json_resolve_under (const char  *root,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *real_root = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *real = NULL;

  g_return_val_if_fail (root != NULL && path != NULL, NULL);

  joined = g_path_is_absolute (path) ? g_strdup (path) : g_build_filename (root, path, NULL);
  real_root = realpath (root, NULL);
  real = realpath (joined, NULL);
  if (real_root == NULL || real == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s"), joined, g_strerror (saved_errno));
      return NULL;
    }
  if (!g_str_has_prefix (real, real_root) ||
      (real[strlen (real_root)] != '/' && !g_str_equal (real_root, "/")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("“%s” leads out of the folder %s: only files inside it are read"), path, root);
      return NULL;
    }
  return g_steal_pointer (&real);
}

/**
 * vigie_json_to_node:
 * @value: a parsed value
 *
 * For loaders built on json-glib's object model: the strict parse (and its
 * depth limit) has been done, this only copies.
 *
 * Returns: (transfer full): the same value as a #JsonNode
 */
JsonNode *
vigie_json_to_node (const VigieJsonValue *value)
{
  JsonNode *node;

  g_return_val_if_fail (value != NULL, NULL);

  switch (value->type)
    {
    case VIGIE_JSON_NULL:
      return json_node_new (JSON_NODE_NULL);
    case VIGIE_JSON_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, value->boolean);
      return node;
    case VIGIE_JSON_INTEGER:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, value->integer);
      return node;
    case VIGIE_JSON_DOUBLE:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, value->number);
      return node;
    case VIGIE_JSON_STRING:
      {
        g_autofree char *text = g_strndup (value->string, value->length);

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        return node;
      }
    case VIGIE_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->length);

        for (guint i = 0; i < value->length; i++)
          json_array_add_element (array, vigie_json_to_node (&value->elements[i]));
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    case VIGIE_JSON_OBJECT:
    default:
      {
        JsonObject *object = json_object_new ();

        for (guint i = 0; i < value->length; i++)
          json_object_set_member (object, value->members[i].name, vigie_json_to_node (&value->members[i].value));
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;
      }
    }
}

/**
 * vigie_json_builder_add_string:
 * @builder: a builder inside an object
 * @member: the member's name
 * @value: (nullable): its value; %NULL adds nothing at all
 */
void
vigie_json_builder_add_string (JsonBuilder *builder,
                               const char  *member,
                               const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/**
 * vigie_json_builder_add_nullable:
 * @builder: a builder inside an object
 * @member: the member's name
 * @value: (nullable): its value; %NULL is written as JSON null
 */
void
vigie_json_builder_add_nullable (JsonBuilder *builder,
                                 const char  *member,
                                 const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * vigie_json_member_object:
 * @object: a json-glib object
 * @name: a member's name
 *
 * json-glib 1.6 has no json_object_get_object_member_with_default().
 *
 * Returns: (transfer none) (nullable): the member, %NULL when it is absent
 *   or not an object
 */
JsonObject *
vigie_json_member_object (JsonObject *object,
                          const char *name)
{
  JsonNode *member = json_object_get_member (object, name);

  return member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
}

/**
 * vigie_json_member_array:
 * @object: a json-glib object
 * @name: a member's name
 *
 * Returns: (transfer none) (nullable): the member, %NULL when it is absent
 *   or not an array
 */
JsonArray *
vigie_json_member_array (JsonObject *object,
                         const char *name)
{
  JsonNode *member = json_object_get_member (object, name);

  return member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
}

/**
 * vigie_json_scalar_to_text:
 * @node: (nullable): a json-glib node
 * @true_text: how %TRUE reads
 * @false_text: how %FALSE reads
 *
 * A string, a number (integers without a decimal point, other numbers as
 * "%g" in the C locale) or a boolean, as text.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for a missing or
 *   null node, an array or an object
 */
char *
vigie_json_scalar_to_text (JsonNode   *node,
                           const char *true_text,
                           const char *false_text)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? true_text : false_text);
    case G_TYPE_STRING:
    default:
      return g_strdup (json_node_get_string (node));
    }
}
