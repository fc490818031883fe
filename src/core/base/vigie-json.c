/* vigie-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A strict RFC 8259 parser that keeps where every value and member name
 * starts. Script designers need file:line:column on semantic errors
 * (unknown field, missing node), which no JSON library in Debian records,
 * and a 10,000-node script must load in milliseconds: json-glib plus a
 * second pass for positions took over 100 ms. One pass, no recursion (a
 * hostile file cannot exhaust the stack), the whole tree in a few large
 * blocks freed at once.
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

G_DEFINE_QUARK (vigie-json-error-quark, vigie_json_error)

#define BLOCK_SIZE (64 * 1024)

struct _VigieJsonDocument
{
  GSList         *blocks;
  char           *cursor;
  gsize           left;
  VigieJsonValue  root;
};

typedef struct
{
  VigieJsonType type;
  guint         line;
  guint         column;
  guint         start;       /* first pending child in the parser's stacks */
  const char   *name;        /* objects: the member whose value is being read */
  guint         name_line;
  guint         name_column;
  GHashTable   *seen;        /* big objects: the names so far, for duplicates */
} Frame;

typedef struct
{
  VigieJsonDocument *doc;
  const char        *p;
  const char        *end;
  const char        *line_start;
  guint              line;
  guint              continuation; /* UTF-8 continuation bytes since line_start */
  GArray            *frames;
  GArray            *elements;     /* VigieJsonValue, of open arrays */
  GArray            *members;      /* VigieJsonMember, of open objects */
  guint              max_depth;
  gboolean           refuse_duplicates;
  guint              error_line;
  guint              error_column;
} Parser;

static gpointer
doc_alloc (VigieJsonDocument *doc,
           gsize              size)
{
  gpointer result;

  size = (size + 7) & ~(gsize) 7;
  if (size > doc->left)
    {
      gsize block = MAX (BLOCK_SIZE, size);

      doc->cursor = g_malloc (block);
      doc->left = block;
      doc->blocks = g_slist_prepend (doc->blocks, doc->cursor);
    }
  result = doc->cursor;
  doc->cursor += size;
  doc->left -= size;
  return result;
}

static inline guint
column_at (Parser     *parser,
           const char *p)
{
  return (guint) (p - parser->line_start) - parser->continuation + 1;
}

/* Describes the offending text for a message: one character, or the byte. */
static char *
describe (Parser     *parser,
          const char *p)
{
  gsize n;

  if (p >= parser->end)
    return g_strdup (_("the end of the file"));
  if ((guchar) *p < 0x80)
    {
      if (g_ascii_isalnum (*p))
        {
          for (n = 1; n < 24 && p + n < parser->end && g_ascii_isalnum (p[n]); n++)
            ;
          return g_strdup_printf ("“%.*s”", (int) n, p);
        }
      if (g_ascii_isgraph (*p))
        return g_strdup_printf ("“%c”", *p);
      return g_strdup_printf (_("the control character 0x%02X"), (guchar) *p);
    }
  for (n = 1; n < 4 && p + n < parser->end && ((guchar) p[n] & 0xC0) == 0x80; n++)
    ;
  if (g_utf8_validate_len (p, n, NULL))
    return g_strdup_printf ("“%.*s”", (int) n, p);
  return g_strdup_printf (_("the byte 0x%02X, which is not UTF-8"), (guchar) *p);
}

G_GNUC_PRINTF (5, 6)
static gboolean
fail (Parser          *parser,
      const char      *where,
      VigieJsonError   code,
      GError         **error,
      const char      *format,
      ...)
{
  va_list args;

  parser->error_line = parser->line;
  parser->error_column = column_at (parser, MIN (where, parser->end));
  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (VIGIE_JSON_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
fail_expected (Parser      *parser,
               const char  *expected,
               GError     **error)
{
  g_autofree char *found = describe (parser, parser->p);

  if (parser->p + 1 < parser->end && parser->p[0] == '/' && (parser->p[1] == '/' || parser->p[1] == '*'))
    return fail (parser, parser->p, VIGIE_JSON_ERROR_SYNTAX, error, _("comments are not allowed in JSON"));
  /* TRANSLATORS: "expected a value, found “x”" */
  return fail (parser, parser->p, VIGIE_JSON_ERROR_SYNTAX, error, _("expected %s, found %s"), expected, found);
}

static inline void
skip_blank (Parser *parser)
{
  const char *p = parser->p;

  while (p < parser->end)
    {
      if (*p == '\n')
        {
          parser->line++;
          parser->line_start = p + 1;
          parser->continuation = 0;
        }
      else if (*p != ' ' && *p != '\t' && *p != '\r')
        break;
      p++;
    }
  parser->p = p;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* At the opening quote; leaves parser->p past the closing one. */
static gboolean
parse_string (Parser      *parser,
              const char **out,
              guint       *out_length,
              GError     **error)
{
  const char *start = parser->p + 1, *p = start;
  gboolean escapes = FALSE, wide = FALSE;
  char *copy, *q;

  for (;;)
    {
      guchar c;

      if (p >= parser->end)
        return fail (parser, parser->p, VIGIE_JSON_ERROR_SYNTAX, error,
                     _("this string is not closed: a double quote is missing"));
      c = (guchar) *p;
      if (c == '"')
        break;
      if (c == '\\')
        {
          escapes = TRUE;
          p += 2;
          continue;
        }
      if (c < 0x20)
        return fail (parser, p, VIGIE_JSON_ERROR_SYNTAX, error,
                     c == '\n' ? _("this string is not closed before the end of the line")
                               : _("a control character in a string must be written as an escape such as \\t"));
      if (c >= 0x80)
        {
          wide = TRUE;
          if ((c & 0xC0) == 0x80)
            parser->continuation++;
        }
      p++;
    }

  if (wide)
    {
      const char *bad = NULL;

      if (!g_utf8_validate_len (start, (gsize) (p - start), &bad))
        {
          /* Columns before the bad byte must not count what follows it. */
          for (const char *r = bad; r < p; r++)
            if (((guchar) *r & 0xC0) == 0x80)
              parser->continuation--;
          return fail (parser, bad, VIGIE_JSON_ERROR_ENCODING, error,
                       _("the text is not valid UTF-8 (byte 0x%02X); save the file as UTF-8"), (guchar) *bad);
        }
    }

  copy = q = doc_alloc (parser->doc, (gsize) (p - start) + 1);
  if (!escapes)
    {
      memcpy (copy, start, (gsize) (p - start));
      q += p - start;
    }
  else
    for (const char *r = start; r < p; )
      {
        if (*r != '\\')
          {
            *q++ = *r++;
            continue;
          }
        switch (r[1])
          {
          case '"': *q++ = '"'; break;
          case '\\': *q++ = '\\'; break;
          case '/': *q++ = '/'; break;
          case 'b': *q++ = '\b'; break;
          case 'f': *q++ = '\f'; break;
          case 'n': *q++ = '\n'; break;
          case 'r': *q++ = '\r'; break;
          case 't': *q++ = '\t'; break;
          case 'u':
            {
              int unit = p - r >= 6 ? hex4 (r + 2) : -1;
              gunichar ch = (gunichar) unit;

              if (unit < 0)
                return fail (parser, r, VIGIE_JSON_ERROR_SYNTAX, error,
                             _("“\\u” must be followed by four hexadecimal digits"));
              if (unit >= 0xD800 && unit < 0xDC00)
                {
                  int low = p - r >= 12 && r[6] == '\\' && r[7] == 'u' ? hex4 (r + 8) : -1;

                  if (low < 0xDC00 || low >= 0xE000)
                    return fail (parser, r, VIGIE_JSON_ERROR_SYNTAX, error,
                                 _("a “\\u” surrogate must come in a high and low pair"));
                  ch = 0x10000 + (((gunichar) unit - 0xD800) << 10) + ((gunichar) low - 0xDC00);
                  r += 6;
                }
              else if (unit >= 0xDC00 && unit < 0xE000)
                return fail (parser, r, VIGIE_JSON_ERROR_SYNTAX, error,
                             _("a “\\u” surrogate must come in a high and low pair"));
              else if (unit == 0)
                return fail (parser, r, VIGIE_JSON_ERROR_SYNTAX, error,
                             _("“\\u0000” is not allowed in a string"));
              q += g_unichar_to_utf8 (ch, q);
              r += 6;
              continue;
            }
          default:
            {
              g_autofree char *found = describe (parser, r + 1);

              return fail (parser, r, VIGIE_JSON_ERROR_SYNTAX, error,
                           _("unknown escape in a string: “\\” followed by %s"), found);
            }
          }
        r += 2;
      }
  *q = '\0';

  *out = copy;
  *out_length = (guint) (q - copy);
  parser->p = p + 1;
  return TRUE;
}

static gboolean
parse_number (Parser          *parser,
              VigieJsonValue  *value,
              GError         **error)
{
  const char *start = parser->p, *p = start;
  gboolean integer = TRUE;
  char buffer[64];
  gsize length;

  if (p < parser->end && *p == '-')
    p++;
  if (p < parser->end && *p == '0')
    p++;
  else if (p < parser->end && *p >= '1' && *p <= '9')
    while (p < parser->end && g_ascii_isdigit (*p))
      p++;
  else
    return fail (parser, start, VIGIE_JSON_ERROR_SYNTAX, error, _("invalid number"));
  if (p < parser->end && *p == '.')
    {
      integer = FALSE;
      if (++p >= parser->end || !g_ascii_isdigit (*p))
        return fail (parser, start, VIGIE_JSON_ERROR_SYNTAX, error, _("invalid number: a digit must follow the decimal point"));
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < parser->end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      if (++p < parser->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= parser->end || !g_ascii_isdigit (*p))
        return fail (parser, start, VIGIE_JSON_ERROR_SYNTAX, error, _("invalid number: the exponent has no digits"));
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < parser->end && (g_ascii_isalnum (*p) || *p == '.'))
    return fail (parser, start, VIGIE_JSON_ERROR_SYNTAX, error, _("invalid number"));

  length = (gsize) (p - start);
  if (length >= sizeof buffer)
    integer = FALSE;
  else
    {
      memcpy (buffer, start, length);
      buffer[length] = '\0';
    }

  if (integer)
    {
      errno = 0;
      value->integer = g_ascii_strtoll (buffer, NULL, 10);
      value->type = VIGIE_JSON_INTEGER;
      if (errno == ERANGE)
        integer = FALSE;
    }
  if (!integer)
    {
      g_autofree char *copy = g_strndup (start, length);

      value->number = g_ascii_strtod (copy, NULL);
      value->type = VIGIE_JSON_DOUBLE;
    }
  parser->p = p;
  return TRUE;
}

static gboolean
parse_literal (Parser          *parser,
               VigieJsonValue  *value,
               GError         **error)
{
  static const struct { const char *word; VigieJsonType type; gboolean boolean; } literals[] = {
    { "true", VIGIE_JSON_BOOLEAN, TRUE },
    { "false", VIGIE_JSON_BOOLEAN, FALSE },
    { "null", VIGIE_JSON_NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i].word);

      if ((gsize) (parser->end - parser->p) >= n && memcmp (parser->p, literals[i].word, n) == 0 &&
          (parser->p + n == parser->end || !g_ascii_isalnum (parser->p[n])))
        {
          value->type = literals[i].type;
          value->boolean = literals[i].boolean;
          parser->p += n;
          return TRUE;
        }
    }
  return fail_expected (parser, _("a value"), error);
}

static void
push_frame (Parser        *parser,
            VigieJsonType  type)
{
  Frame frame = {
    .type = type,
    .line = parser->line,
    .column = column_at (parser, parser->p),
    .start = type == VIGIE_JSON_ARRAY ? parser->elements->len : parser->members->len,
  };

  g_array_append_val (parser->frames, frame);
  parser->p++;
}

/* Moves a closed container's children from the stack into the document. */
static void
pop_frame (Parser         *parser,
           VigieJsonValue *value)
{
  Frame *frame = &g_array_index (parser->frames, Frame, parser->frames->len - 1);
  GArray *stack = frame->type == VIGIE_JSON_ARRAY ? parser->elements : parser->members;
  gsize size = g_array_get_element_size (stack);
  guint n = stack->len - frame->start;
  gpointer children = NULL;

  if (n > 0)
    {
      children = doc_alloc (parser->doc, size * n);
      memcpy (children, stack->data + size * frame->start, size * n);
      g_array_set_size (stack, frame->start);
    }

  memset (value, 0, sizeof *value);
  value->type = frame->type;
  value->line = frame->line;
  value->column = frame->column;
  value->length = n;
  if (frame->type == VIGIE_JSON_ARRAY)
    value->elements = children;
  else
    value->members = children;
  g_clear_pointer (&frame->seen, g_hash_table_unref);
  g_array_set_size (parser->frames, parser->frames->len - 1);
  parser->p++;
}

/* After a member's opening quote: reads its name and the colon. */
static gboolean
parse_name (Parser  *parser,
            GError **error)
{
  Frame *frame = &g_array_index (parser->frames, Frame, parser->frames->len - 1);
  guint length;

  if (parser->p >= parser->end || *parser->p != '"')
    return fail_expected (parser, _("a field name in double quotes"), error);
  frame->name_line = parser->line;
  frame->name_column = column_at (parser, parser->p);
  if (!parse_string (parser, &frame->name, &length, error))
    return FALSE;

  /* A field given twice would silently keep one of its values. (The
   * script loader reports them itself, with both places.) */
  if (parser->refuse_duplicates)
  {
    guint n = parser->members->len - frame->start;
    gboolean twice = FALSE;

    if (frame->seen == NULL && n < 16)
      {
        for (guint i = frame->start; i < parser->members->len && !twice; i++)
          twice = strcmp (g_array_index (parser->members, VigieJsonMember, i).name, frame->name) == 0;
      }
    else
      {
        if (frame->seen == NULL)
          {
            frame->seen = g_hash_table_new (g_str_hash, g_str_equal);
            for (guint i = frame->start; i < parser->members->len; i++)
              g_hash_table_add (frame->seen, (gpointer) g_array_index (parser->members, VigieJsonMember, i).name);
          }
        twice = !g_hash_table_add (frame->seen, (gpointer) frame->name);
      }
    if (twice)
      {
        g_set_error (error, VIGIE_JSON_ERROR, VIGIE_JSON_ERROR_SYNTAX,
                     _("the field “%s” is given twice: keep one"), frame->name);
        parser->error_line = frame->name_line;
        parser->error_column = frame->name_column;
        return FALSE;
      }
  }
  skip_blank (parser);
  if (parser->p >= parser->end || *parser->p != ':')
    return fail_expected (parser, _("“:” after the field name"), error);
  parser->p++;
  return TRUE;
}

static gboolean
parse (Parser  *parser,
       GError **error)
{
  VigieJsonValue value;

  /* Editors on some systems start UTF-8 files with a byte order mark. */
  if (parser->end - parser->p >= 3 && memcmp (parser->p, "\xEF\xBB\xBF", 3) == 0)
    {
      parser->p += 3;
      parser->continuation += 3;
    }

next_value:
  skip_blank (parser);
  memset (&value, 0, sizeof value);
  value.line = parser->line;
  value.column = column_at (parser, parser->p);
  if (parser->p >= parser->end)
    return fail_expected (parser, _("a value"), error);

  switch (*parser->p)
    {
    case '{':
    case '[':
      {
        VigieJsonType type = *parser->p == '{' ? VIGIE_JSON_OBJECT : VIGIE_JSON_ARRAY;

        if (parser->frames->len >= parser->max_depth)
          return fail (parser, parser->p, VIGIE_JSON_ERROR_DEPTH, error,
                       _("nested deeper than %u levels"), parser->max_depth);
        push_frame (parser, type);
        skip_blank (parser);
        if (parser->p < parser->end && *parser->p == (type == VIGIE_JSON_OBJECT ? '}' : ']'))
          {
            pop_frame (parser, &value);
            break;
          }
        if (type == VIGIE_JSON_OBJECT && !parse_name (parser, error))
          return FALSE;
        goto next_value;
      }

    case '"':
      value.type = VIGIE_JSON_STRING;
      if (!parse_string (parser, &value.string, &value.length, error))
        return FALSE;
      break;

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!parse_number (parser, &value, error))
        return FALSE;
      break;

    default:
      if (!parse_literal (parser, &value, error))
        return FALSE;
      break;
    }

  /* A value is complete: hand it to its container, closing as many as end here. */
  for (;;)
    {
      Frame *frame;
      char closer;

      if (parser->frames->len == 0)
        {
          parser->doc->root = value;
          skip_blank (parser);
          if (parser->p < parser->end)
            return fail_expected (parser, _("the end of the file after the document"), error);
          return TRUE;
        }

      frame = &g_array_index (parser->frames, Frame, parser->frames->len - 1);
      if (frame->type == VIGIE_JSON_ARRAY)
        g_array_append_val (parser->elements, value);
      else
        {
          VigieJsonMember member = {
            .name = frame->name,
            .line = frame->name_line,
            .column = frame->name_column,
            .value = value,
          };

          g_array_append_val (parser->members, member);
        }

      closer = frame->type == VIGIE_JSON_ARRAY ? ']' : '}';
      skip_blank (parser);
      if (parser->p < parser->end && *parser->p == ',')
        {
          guint comma_line = parser->line, comma_column = column_at (parser, parser->p);

          parser->p++;
          skip_blank (parser);
          if (parser->p < parser->end && *parser->p == closer)
            {
              g_set_error (error, VIGIE_JSON_ERROR, VIGIE_JSON_ERROR_SYNTAX,
                           _("a comma before “%c” is not allowed: remove it"), closer);
              parser->error_line = comma_line;
              parser->error_column = comma_column;
              return FALSE;
            }
          if (frame->type == VIGIE_JSON_OBJECT && !parse_name (parser, error))
            return FALSE;
          goto next_value;
        }
      if (parser->p < parser->end && *parser->p == closer)
        {
          pop_frame (parser, &value);
          continue;
        }
      return fail_expected (parser,
                            frame->type == VIGIE_JSON_ARRAY ? _("“,” or “]”") : _("“,” or “}”"),
                            error);
    }
}

/**
 * vigie_json_document_parse:
 * @text: JSON text, UTF-8
 * @length: its length in bytes
 * @max_depth: how deep arrays and objects may nest
 * @error_line: (out) (optional): on error, where it is
 * @error_column: (out) (optional): on error, where it is, in characters
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error
 */
static VigieJsonDocument *
document_parse (const char  *text,
                gsize        length,
                guint        max_depth,
                gboolean     refuse_duplicates,
                guint       *error_line,
                guint       *error_column,
                GError     **error)
{
  g_autoptr(VigieJsonDocument) doc = g_new0 (VigieJsonDocument, 1);
  Parser parser = {
    .doc = doc,
    .p = text,
    .end = text + length,
    .line_start = text,
    .line = 1,
    .max_depth = max_depth,
    .refuse_duplicates = refuse_duplicates,
  };
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  parser.frames = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 16);
  parser.elements = g_array_sized_new (FALSE, FALSE, sizeof (VigieJsonValue), 256);
  parser.members = g_array_sized_new (FALSE, FALSE, sizeof (VigieJsonMember), 256);
  if (text == NULL)
    parser.p = parser.end = parser.line_start = "";

  ok = parse (&parser, error);

  for (guint i = 0; i < parser.frames->len; i++)
    g_clear_pointer (&g_array_index (parser.frames, Frame, i).seen, g_hash_table_unref);
  g_array_unref (parser.frames);
  g_array_unref (parser.elements);
  g_array_unref (parser.members);
  if (!ok)
    {
      if (error_line)
        *error_line = parser.error_line;
      if (error_column)
        *error_column = parser.error_column;
      return NULL;
    }
  return g_steal_pointer (&doc);
}

VigieJsonDocument *
vigie_json_document_parse (const char  *text,
                           gsize        length,
                           guint        max_depth,
                           guint       *error_line,
                           guint       *error_column,
                           GError     **error)
{
  return document_parse (text, length, max_depth, FALSE, error_line, error_column, error);
}

const VigieJsonValue *
vigie_json_document_get_root (VigieJsonDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->root;
}

void
vigie_json_document_free (VigieJsonDocument *self)
{
  if (self == NULL)
    return;
  g_slist_free_full (self->blocks, g_free);
  g_free (self);
}

/**
 * vigie_json_object_get_member:
 * @object: (nullable): a value
 * @name: a member name
 *
 * Objects in scripts hold a handful of members: a scan beats hashing.
 *
 * Returns: (nullable): the first member called @name, or %NULL when absent
 *   or @object is not an object
 */
const VigieJsonMember *
vigie_json_object_get_member (const VigieJsonValue *object,
                              const char           *name)
{
  if (object == NULL || object->type != VIGIE_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < object->length; i++)
    if (strcmp (object->members[i].name, name) == 0)
      return &object->members[i];
  return NULL;
}

const VigieJsonValue *
vigie_json_object_get (const VigieJsonValue *object,
                       const char           *name)
{
  const VigieJsonMember *member = vigie_json_object_get_member (object, name);

  return member ? &member->value : NULL;
}

gboolean
vigie_json_is_number (const VigieJsonValue *value)
{
  return value != NULL && (value->type == VIGIE_JSON_INTEGER || value->type == VIGIE_JSON_DOUBLE);
}

double
vigie_json_get_number (const VigieJsonValue *value)
{
  g_return_val_if_fail (vigie_json_is_number (value), 0.0);

  return value->type == VIGIE_JSON_INTEGER ? (double) value->integer : value->number;
}

/**
 * vigie_json_load_file:
 * @path: a data file
 * @max_size: the largest size accepted, in bytes
 * @max_depth: how deep arrays and objects may nest
 * @error: return location for a #GError
 *
 * vigie_json_read_file() then the strict parse, a field given twice
 * refused too; the error reads "path:line:column: message".
 *
 * Returns: (transfer full) (nullable): the document
 */
VigieJsonDocument *
vigie_json_load_file (const char  *path,
                      gsize        max_size,
                      guint        max_depth,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  VigieJsonDocument *document;
  guint line = 0, column = 0;
  gsize length;

  if (!vigie_json_read_file (path, max_size, &contents, &length, error))
    return NULL;
  if (!(document = document_parse (contents, length, max_depth, TRUE, &line, &column, &local_error)))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s:%u:%u: %s",
                   path, line, column, local_error->message);
      return NULL;
    }
  /* The document's strings point into its own blocks, not @contents. */
  return document;
}
