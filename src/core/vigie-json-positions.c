/* vigie-json-positions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib gives a tree without source positions, yet script designers
 * need file:line:column for semantic errors (unknown field, missing node).
 * This walks the already-validated text once, in step with the tree, and
 * records where each value and each member key starts. Columns count
 * characters, from 1, as editors do.
 */
#define G_LOG_DOMAIN "vigie-json"

#include "config.h"

#include <string.h>

#include "vigie-json-positions.h"

struct _VigieJsonPositions
{
  GHashTable *nodes;   /* JsonNode* → packed position */
  GHashTable *members; /* "object-pointer/name" → packed position */
};

typedef struct
{
  const char         *p;
  const char         *end;
  guint               line;
  guint               column;
  VigieJsonPositions *self;
} Scanner;

#define PACK(l, c) GSIZE_TO_POINTER (((gsize)(l) << 20) | ((gsize)(c) & 0xFFFFF))

static void
advance (Scanner *s)
{
  if (s->p >= s->end)
    return;
  if (*s->p == '\n')
    {
      s->line++;
      s->column = 1;
    }
  else if (((guchar)*s->p & 0xC0) != 0x80)
    s->column++; /* continuation bytes belong to the character already counted */
  s->p++;
}

static void
skip_blank (Scanner *s)
{
  while (s->p < s->end)
    {
      if (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n')
        advance (s);
      else if (*s->p == '/' && s->p + 1 < s->end && s->p[1] == '/')
        while (s->p < s->end && *s->p != '\n')
          advance (s);
      else if (*s->p == '/' && s->p + 1 < s->end && s->p[1] == '*')
        {
          advance (s);
          advance (s);
          while (s->p + 1 < s->end && !(s->p[0] == '*' && s->p[1] == '/'))
            advance (s);
          advance (s);
          advance (s);
        }
      else
        break;
    }
}

static char *
scan_string (Scanner *s)
{
  g_autoptr(GString) out = g_string_new (NULL);

  advance (s); /* opening quote */
  while (s->p < s->end && *s->p != '"')
    {
      if (*s->p == '\\' && s->p + 1 < s->end)
        {
          advance (s);
          switch (*s->p)
            {
            case 'n': g_string_append_c (out, '\n'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 'b': g_string_append_c (out, '\b'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'u':
              if (s->p + 4 < s->end)
                {
                  char hex[5] = { s->p[1], s->p[2], s->p[3], s->p[4], 0 };
                  g_string_append_unichar (out, (gunichar) g_ascii_strtoull (hex, NULL, 16));
                  for (guint i = 0; i < 4; i++)
                    advance (s);
                }
              break;
            default: g_string_append_c (out, *s->p); break;
            }
          advance (s);
        }
      else
        {
          g_string_append_c (out, *s->p);
          advance (s);
        }
    }
  advance (s); /* closing quote */

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
scan_value (Scanner  *s,
            JsonNode *node)
{
  skip_blank (s);
  if (s->p >= s->end)
    return;

  if (node != NULL)
    g_hash_table_insert (s->self->nodes, node, PACK (s->line, s->column));

  if (*s->p == '{')
    {
      JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      advance (s);
      for (;;)
        {
          g_autofree char *key = NULL;
          guint line, column;

          skip_blank (s);
          if (s->p >= s->end || *s->p == '}')
            break;
          if (*s->p != '"')
            return;
          line = s->line;
          column = s->column;
          key = scan_string (s);
          if (object != NULL)
            g_hash_table_insert (s->self->members,
                                 g_strdup_printf ("%p/%s", (gpointer)object, key),
                                 PACK (line, column));
          skip_blank (s);
          if (s->p < s->end && *s->p == ':')
            advance (s);
          scan_value (s, object && json_object_has_member (object, key)
                         ? json_object_get_member (object, key) : NULL);
          skip_blank (s);
          if (s->p < s->end && *s->p == ',')
            advance (s);
          else if (s->p < s->end && *s->p != '}')
            return; /* not JSON json-glib accepted: stop rather than spin */
        }
      advance (s);
    }
  else if (*s->p == '[')
    {
      JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      guint index = 0;

      advance (s);
      for (;;)
        {
          skip_blank (s);
          if (s->p >= s->end || *s->p == ']')
            break;
          scan_value (s, array && index < json_array_get_length (array)
                         ? json_array_get_element (array, index) : NULL);
          index++;
          skip_blank (s);
          if (s->p < s->end && *s->p == ',')
            advance (s);
          else if (s->p < s->end && *s->p != ']')
            return; /* not JSON json-glib accepted: stop rather than spin */
        }
      advance (s);
    }
  else if (*s->p == '"')
    g_free (scan_string (s));
  else
    /* memchr, not strchr: a NUL byte must not count as a delimiter. */
    while (s->p < s->end && !memchr (",]} \t\r\n", *s->p, 7))
      advance (s);
}

/**
 * vigie_json_positions_new:
 * @text: the JSON text @root was parsed from
 * @length: length of @text in bytes
 * @root: the tree json-glib built from @text
 *
 * Returns: (transfer full): the positions of every node of @root
 */
VigieJsonPositions *
vigie_json_positions_new (const char *text,
                          gsize       length,
                          JsonNode   *root)
{
  VigieJsonPositions *self = g_new0 (VigieJsonPositions, 1);
  Scanner s = { text, text + length, 1, 1, self };

  self->nodes = g_hash_table_new (NULL, NULL);
  self->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A UTF-8 byte order mark is not a column. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    s.p += 3;

  scan_value (&s, root);

  return self;
}

void
vigie_json_positions_free (VigieJsonPositions *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->nodes);
  g_hash_table_unref (self->members);
  g_free (self);
}

static gboolean
unpack (gpointer  packed,
        guint    *line,
        guint    *column)
{
  gsize v = GPOINTER_TO_SIZE (packed);

  if (v == 0)
    {
      *line = *column = 0;
      return FALSE;
    }
  *line = (guint)(v >> 20);
  *column = (guint)(v & 0xFFFFF);
  return TRUE;
}

/**
 * vigie_json_positions_node:
 * @self: positions
 * @node: a node of the tree
 * @line: (out): 1-based line of the node's first character
 * @column: (out): 1-based column
 *
 * Returns: %TRUE if @node was found
 */
gboolean
vigie_json_positions_node (VigieJsonPositions *self,
                           JsonNode           *node,
                           guint              *line,
                           guint              *column)
{
  return unpack (g_hash_table_lookup (self->nodes, node), line, column);
}

/**
 * vigie_json_positions_member:
 * @self: positions
 * @object: an object of the tree
 * @member: a member name of @object
 * @line: (out): 1-based line of the member's key
 * @column: (out): 1-based column of the key's opening quote
 *
 * Returns: %TRUE if the member was found
 */
gboolean
vigie_json_positions_member (VigieJsonPositions *self,
                             JsonObject         *object,
                             const char         *member,
                             guint              *line,
                             guint              *column)
{
  g_autofree char *key = g_strdup_printf ("%p/%s", (gpointer)object, member);

  return unpack (g_hash_table_lookup (self->members, key), line, column);
}
