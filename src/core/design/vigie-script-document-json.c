/* vigie-script-document-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The designer's JSON: parsed by the loader's strict parser, copied deeply
 * for undo, written pretty-printed in the order of docs/script-format.md
 * (unknown fields after, as they came), atomically.
 */
#define G_LOG_DOMAIN "vigie-script-document"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigie-json.h"
#include "vigie-script-document.h"

typedef enum {
  CTX_OTHER,
  CTX_ROOT,
  CTX_NODE,
  CTX_CHOICE,
  CTX_THRESHOLD,
  CTX_RULE,
  CTX_WHEN,
  CTX_CASES,
  CTX_CASE,
} KeyContext;

/* The order of docs/script-format.md; unknown fields follow, as they came. */
static const char * const root_order[] = {
  "$schema", "format", "id", "title", "description", "start", "include", "timezone",
  "holidays", "opening_hours", "rules", "nodes", NULL
};
static const char * const node_order[] = {
  "id", "type", "text", "comment", "choices", "yes", "no", "unit", "min", "max", "thresholds",
  "otherwise", "optional", "next", "nature", "gravity", "urgency", "decision", "defer", "alert",
  "roster", "escalation", NULL
};
static const char * const choice_order[] = { "key", "label", "next", NULL };
static const char * const threshold_order[] = { "below", "next", NULL };
static const char * const rule_order[] = {
  "id", "description", "when", "priority", "force", "defer", "final", NULL
};
static const char * const cases_order[] = { "$schema", "format", "script", "cases", NULL };
static const char * const case_order[] = {
  "name", "answers", "vip", "contract", "note", "at", "timezone", "expect", NULL
};

/**
 * vigie_script_json_copy:
 * @node: a tree
 *
 * json_node_copy() shares objects and arrays; undo and editors need
 * copies that share nothing.
 *
 * Returns: (transfer full): a deep copy
 */
JsonNode *
vigie_script_json_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *out = json_object_new ();
        g_autoptr(GList) names = json_object_get_members (object);

        for (GList *l = names; l; l = l->next)
          json_object_set_member (out, l->data, vigie_script_json_copy (json_object_get_member (object, l->data)));
        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (copy, out);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *out = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (out, vigie_script_json_copy (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, out);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* JSON reading ---------------------------------------------------------- */

/**
 * vigie_script_json_parse:
 * @text: JSON text in UTF-8
 * @length: its length, or -1 if nul-terminated
 * @error: return location for a #GError
 *
 * Parses with the loader's strict parser, so the designer opens exactly
 * what the desk would accept as JSON, and keeps member order.
 *
 * Returns: (transfer full) (nullable): the tree
 */
JsonNode *
vigie_script_json_parse (const char  *text,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(VigieJsonDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  guint line = 0, column = 0;

  if (length < 0)
    length = strlen (text);
  document = vigie_json_document_parse (text, (gsize) length, 64, &line, &column, &local_error);
  if (document == NULL)
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   "%u:%u: %s", line, column, local_error->message);
      return NULL;
    }
  return vigie_json_to_node (vigie_json_document_get_root (document));
}

/* JSON writing ---------------------------------------------------------- */

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest of two precisions that reads back the same number. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (out, buffer);
}

static void
indent (GString *out,
        guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static KeyContext
member_context (KeyContext  parent,
                const char *name)
{
  switch (parent)
    {
    case CTX_ROOT:
      if (g_str_equal (name, "nodes"))
        return CTX_NODE;
      if (g_str_equal (name, "rules"))
        return CTX_RULE;
      if (g_str_equal (name, "cases"))
        return CTX_CASE;
      return CTX_OTHER;
    case CTX_NODE:
      if (g_str_equal (name, "choices"))
        return CTX_CHOICE;
      if (g_str_equal (name, "thresholds"))
        return CTX_THRESHOLD;
      return CTX_OTHER;
    case CTX_RULE:
      return g_str_equal (name, "when") ? CTX_WHEN : CTX_OTHER;
    case CTX_CASES:
      return g_str_equal (name, "cases") ? CTX_CASE : CTX_OTHER;
    case CTX_CHOICE:
    case CTX_THRESHOLD:
    case CTX_WHEN:
    case CTX_CASE:
    case CTX_OTHER:
    default:
      return CTX_OTHER;
    }
}

static const char * const *
context_order (KeyContext context)
{
  switch (context)
    {
    case CTX_ROOT: return root_order;
    case CTX_NODE: return node_order;
    case CTX_CHOICE: return choice_order;
    case CTX_THRESHOLD: return threshold_order;
    case CTX_RULE: return rule_order;
    case CTX_WHEN: return NULL; /* conditions stay in the designer's order */
    case CTX_CASES: return cases_order;
    case CTX_CASE: return case_order;
    case CTX_OTHER:
    default: return NULL;
    }
}

static void append_node (GString *out, JsonNode *node, KeyContext context, guint depth);

static void
append_member (GString    *out,
               JsonObject *object,
               const char *name,
               KeyContext  context,
               guint       depth,
               gboolean   *first)
{
  if (!*first)
    g_string_append (out, ",\n");
  *first = FALSE;
  indent (out, depth);
  append_string (out, name);
  g_string_append (out, ": ");
  append_node (out, json_object_get_member (object, name), member_context (context, name), depth);
}

static void
append_node (GString    *out,
             JsonNode   *node,
             KeyContext  context,
             guint       depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        const char * const *order = context_order (context);
        g_autoptr(GList) names = json_object_get_members (object);
        gboolean first = TRUE;

        if (names == NULL)
          {
            g_string_append (out, "{}");
            return;
          }
        g_string_append (out, "{\n");
        for (guint i = 0; order && order[i]; i++)
          if (json_object_has_member (object, order[i]))
            append_member (out, object, order[i], context, depth + 1, &first);
        for (GList *l = names; l; l = l->next)
          if (order == NULL || !g_strv_contains (order, l->data))
            append_member (out, object, l->data, context, depth + 1, &first);
        g_string_append_c (out, '\n');
        indent (out, depth);
        g_string_append_c (out, '}');
        return;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        if (n == 0)
          {
            g_string_append (out, "[]");
            return;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < n; i++)
          {
            indent (out, depth + 1);
            append_node (out, json_array_get_element (array, i), context, depth + 1);
            g_string_append (out, i + 1 < n ? ",\n" : "\n");
          }
        indent (out, depth);
        g_string_append_c (out, ']');
        return;
      }
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          return;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          return;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          return;
        case G_TYPE_STRING:
        default:
          append_string (out, json_node_get_string (node) ? json_node_get_string (node) : "");
          return;
        }
    }
}

/**
 * vigie_script_json_to_data:
 * @node: a script, branch or cases file's tree
 *
 * Two-space indentation, one member or element a line, known fields in
 * the order of the format's documentation and the others after them in
 * their own order: the same tree always gives the same bytes.
 *
 * Returns: (transfer full): the text, ending with a newline
 */
char *
vigie_script_json_to_data (JsonNode *node)
{
  GString *out = g_string_new (NULL);
  KeyContext context = CTX_ROOT;

  if (JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "cases"))
    context = CTX_CASES;
  append_node (out, node, context, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/**
 * vigie_script_write_atomically:
 * @file: where to write
 * @data: the bytes
 * @length: their number
 * @error: return location for a #GError
 *
 * Writes a temporary file beside @file, flushes it to the disk, then
 * renames it over @file and flushes the folder: a reader (the desk) sees
 * the old file or the new one, never a part, even if the process dies or
 * the power fails in the middle.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_write_atomically (GFile       *file,
                               const char  *data,
                               gsize        length,
                               GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  gsize written = 0;
  int fd, dir_fd;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("not a local file"));
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot create folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  temp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    goto fail_errno;

  while (written < length)
    {
      gssize n = write (fd, data + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          errno = saved;
          goto fail_unlink;
        }
      written += (gsize) n;
    }
  if (fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      goto fail_unlink;
    }
  if (close (fd) != 0)
    goto fail_unlink;
  if (g_rename (temp, path) != 0)
    goto fail_unlink;

  /* The rename itself must reach the disk too. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

fail_unlink:
  {
    int saved = errno;

    g_unlink (temp);
    errno = saved;
  }
fail_errno:
  {
    int saved = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _("cannot write “%s”: %s"), path, g_strerror (saved));
  }
  return FALSE;
}

