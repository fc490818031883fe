/* vigie-script-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script designer's editing model: the JSON of a root branch file and
 * of the branch files it includes, as trees the designer changes in place.
 * Fields the designer never touches stay as they were; every edit can be
 * undone; the engine's own loader is the only judge of validity; files are
 * written pretty-printed in one key order, atomically.
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
#include "vigie-script-cases.h"
#include "vigie-script-document.h"

#define MAX_UNDO 200

typedef struct
{
  char     *path;   /* relative to the root file's folder */
  JsonNode *root;   /* an object */
} DocFile;

typedef struct
{
  GPtrArray *files; /* DocFile* */
  JsonNode  *cases;
  guint      serial;
} Snapshot;

typedef struct
{
  guint file;
  guint index;
} NodeRef;

struct _VigieScriptDocument
{
  GObject     parent_instance;

  GFile      *file;        /* the root file, nullable until saved */
  GPtrArray  *files;       /* DocFile*, root first */
  JsonNode   *cases;       /* the cases file beside the root, an object */
  GPtrArray  *nodes;       /* JsonObject*, borrowed from files, in file order */
  GHashTable *by_id;       /* node id → NodeRef* */
  GPtrArray  *undo;        /* Snapshot* */
  GPtrArray  *redo;        /* Snapshot* */
  guint       group_depth;
  gboolean    group_saved;
  guint       serial;      /* of the current state */
  guint       next_serial;
  guint       saved_serial;
};

G_DEFINE_FINAL_TYPE (VigieScriptDocument, vigie_script_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-script-document-error-quark, vigie_script_document_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* json-glib 1.6 has no json_object_get_object_member_with_default(). */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *member = json_object_get_member (object, name);

  return member && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
}

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

static void
doc_file_free (gpointer data)
{
  DocFile *file = data;

  g_free (file->path);
  json_node_unref (file->root);
  g_free (file);
}

static DocFile *
doc_file_copy (const DocFile *file)
{
  DocFile *copy = g_new0 (DocFile, 1);

  copy->path = g_strdup (file->path);
  copy->root = vigie_script_json_copy (file->root);
  return copy;
}

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_ptr_array_unref (snapshot->files);
  g_clear_pointer (&snapshot->cases, json_node_unref);
  g_free (snapshot);
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

/* The index ------------------------------------------------------------- */

static JsonArray *
file_nodes (DocFile *file)
{
  JsonObject *root = json_node_get_object (file->root);
  JsonNode *nodes = json_object_get_member (root, "nodes");

  if (nodes == NULL || !JSON_NODE_HOLDS_ARRAY (nodes))
    return NULL;
  return json_node_get_array (nodes);
}

static void
reindex (VigieScriptDocument *self)
{
  g_ptr_array_set_size (self->nodes, 0);
  g_hash_table_remove_all (self->by_id);
  for (guint f = 0; f < self->files->len; f++)
    {
      JsonArray *nodes = file_nodes (g_ptr_array_index (self->files, f));

      for (guint i = 0; nodes && i < json_array_get_length (nodes); i++)
        {
          JsonNode *element = json_array_get_element (nodes, i);
          JsonObject *node;
          const char *id;
          NodeRef *ref;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          node = json_node_get_object (element);
          g_ptr_array_add (self->nodes, node);
          id = json_object_get_string_member_with_default (node, "id", NULL);
          if (id == NULL || g_hash_table_contains (self->by_id, id))
            continue;
          ref = g_new (NodeRef, 1);
          ref->file = f;
          ref->index = i;
          g_hash_table_insert (self->by_id, g_strdup (id), ref);
        }
    }
}

static void
changed (VigieScriptDocument *self)
{
  reindex (self);
  self->serial = ++self->next_serial;
  g_signal_emit (self, signals[CHANGED], 0);
}

static GPtrArray *
copy_files (GPtrArray *files)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (doc_file_free);

  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (copy, doc_file_copy (g_ptr_array_index (files, i)));
  return copy;
}

/* Called before every change: one undo step per edit, or per group. */
static void
will_change (VigieScriptDocument *self)
{
  Snapshot *snapshot;

  if (self->group_depth > 0 && self->group_saved)
    return;
  if (self->group_depth > 0)
    self->group_saved = TRUE;

  snapshot = g_new0 (Snapshot, 1);
  snapshot->files = copy_files (self->files);
  snapshot->cases = vigie_script_json_copy (self->cases);
  snapshot->serial = self->serial;
  g_ptr_array_add (self->undo, snapshot);
  if (self->undo->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
}

static void
did_change (VigieScriptDocument *self)
{
  if (self->group_depth == 0)
    changed (self);
}

static gboolean
find (VigieScriptDocument  *self,
      const char           *node_id,
      NodeRef             **ref,
      GError              **error)
{
  *ref = node_id ? g_hash_table_lookup (self->by_id, node_id) : NULL;
  if (*ref == NULL)
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_NOT_FOUND,
                   _("there is no node “%s”"), node_id ? node_id : "");
      return FALSE;
    }
  return TRUE;
}

static DocFile *
root_file (VigieScriptDocument *self)
{
  return g_ptr_array_index (self->files, 0);
}

static JsonArray *
ensure_nodes (DocFile *file)
{
  JsonObject *root = json_node_get_object (file->root);

  if (file_nodes (file) == NULL)
    json_object_set_array_member (root, "nodes", json_array_new ());
  return file_nodes (file);
}

/* GObject --------------------------------------------------------------- */

static void
vigie_script_document_finalize (GObject *object)
{
  VigieScriptDocument *self = (VigieScriptDocument *) object;

  g_clear_object (&self->file);
  g_ptr_array_unref (self->files);
  g_clear_pointer (&self->cases, json_node_unref);
  g_ptr_array_unref (self->nodes);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (vigie_script_document_parent_class)->finalize (object);
}

static void
vigie_script_document_class_init (VigieScriptDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigie_script_document_finalize;

  /**
   * VigieScriptDocument::changed:
   *
   * Emitted after every edit, undo and redo.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigie_script_document_init (VigieScriptDocument *self)
{
  self->files = g_ptr_array_new_with_free_func (doc_file_free);
  self->nodes = g_ptr_array_new ();
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->undo = g_ptr_array_new_with_free_func (snapshot_free);
  self->redo = g_ptr_array_new_with_free_func (snapshot_free);
  self->cases = vigie_script_json_parse ("{\"format\": 1, \"cases\": []}", -1, NULL);
}

/* Public API ------------------------------------------------------------ */

/**
 * vigie_script_document_new:
 * @script_id: the new script's id, also its file name
 *
 * Returns: (transfer full): a root file with only its id and format
 */
VigieScriptDocument *
vigie_script_document_new (const char *script_id)
{
  VigieScriptDocument *self = g_object_new (VIGIE_TYPE_SCRIPT_DOCUMENT, NULL);
  JsonObject *root = json_object_new ();
  DocFile *file = g_new0 (DocFile, 1);

  g_return_val_if_fail (script_id != NULL, NULL);

  json_object_set_string_member (root, "$schema", "https://vigie.org/schema/vigie-script-1.json");
  json_object_set_int_member (root, "format", 1);
  json_object_set_string_member (root, "id", script_id);
  json_object_set_array_member (root, "nodes", json_array_new ());
  file->path = g_strconcat (script_id, ".json", NULL);
  file->root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (file->root, root);
  g_ptr_array_add (self->files, file);
  reindex (self);
  self->saved_serial = G_MAXUINT; /* never saved: modified */
  return self;
}

static gboolean
load_file (VigieScriptDocument  *self,
           GFile                *folder,
           GFile                *file,
           GError              **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *relative = g_file_get_relative_path (folder, file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) dir = g_file_get_parent (file);
  JsonNode *root;
  JsonNode *includes;
  DocFile *doc_file;
  gsize length;

  if (relative == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   _("“%s” is outside the script's folder: the designer edits a script and "
                     "the branches beside it or below"), name);
      return FALSE;
    }
  for (guint i = 0; i < self->files->len; i++)
    if (g_str_equal (((DocFile *) g_ptr_array_index (self->files, i))->path, relative))
      return TRUE; /* read once, as the loader does; loops are the loader's to report */

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;
  if (!(root = vigie_script_json_parse (contents, (gssize) length, &local_error)))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   "%s:%s", relative, local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   _("%s: a branch file is a JSON object"), relative);
      return FALSE;
    }

  doc_file = g_new0 (DocFile, 1);
  doc_file->path = g_steal_pointer (&relative);
  doc_file->root = root;
  g_ptr_array_add (self->files, doc_file);

  includes = json_object_get_member (json_node_get_object (root), "include");
  if (includes && JSON_NODE_HOLDS_ARRAY (includes))
    {
      JsonArray *array = json_node_get_array (includes);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *path = json_array_get_string_element (array, i);
          g_autoptr(GFile) child = NULL;

          if (path == NULL || *path == '\0' || g_path_is_absolute (path))
            continue; /* the loader says why */
          child = g_file_resolve_relative_path (dir, path);
          if (!load_file (self, folder, child, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * vigie_script_document_load:
 * @root: a script's root file
 * @error: return location for a #GError
 *
 * Opens a script and the branch files it includes for editing. The script
 * need not be valid, only well-formed JSON; included files must lie in
 * the root file's folder or below it.
 *
 * Returns: (transfer full) (nullable): the document
 */
VigieScriptDocument *
vigie_script_document_load (GFile   *root,
                            GError **error)
{
  g_autoptr(VigieScriptDocument) self = g_object_new (VIGIE_TYPE_SCRIPT_DOCUMENT, NULL);
  g_autoptr(GFile) folder = g_file_get_parent (root);

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  if (!load_file (self, folder, root, error))
    return NULL;
  self->file = g_object_ref (root);
  reindex (self);

  {
    g_autofree char *root_path = g_file_get_path (root);
    g_autofree char *cases_path = root_path ? vigie_script_cases_path_for (root_path) : NULL;
    g_autoptr(GFile) cases_file = cases_path ? g_file_new_for_path (cases_path) : NULL;
    g_autoptr(GError) local_error = NULL;
    JsonNode *cases;

    if (cases_file && g_file_query_exists (cases_file, NULL))
      {
        if (!(cases = vigie_script_cases_load (cases_file, &local_error)))
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return NULL;
          }
        json_node_unref (self->cases);
        self->cases = cases;
      }
  }
  return g_steal_pointer (&self);
}

GFile *
vigie_script_document_get_file (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  return self->file;
}

/**
 * vigie_script_document_set_file:
 * @self: a document
 * @root: where the root file is to be saved; branch files keep their
 *   paths relative to it
 */
void
vigie_script_document_set_file (VigieScriptDocument *self,
                                GFile               *root)
{
  g_autofree char *base = NULL;

  g_return_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (root));

  g_set_object (&self->file, root);
  base = g_file_get_basename (root);
  g_free (root_file (self)->path);
  root_file (self)->path = g_steal_pointer (&base);
  self->saved_serial = G_MAXUINT;
}

guint
vigie_script_document_get_n_files (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), 0);
  return self->files->len;
}

const char *
vigie_script_document_get_file_path (VigieScriptDocument *self,
                                     guint                index)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);
  return ((DocFile *) g_ptr_array_index (self->files, index))->path;
}

/**
 * vigie_script_document_to_data:
 * @self: a document
 * @file_index: 0 for the root file, then the branch files
 *
 * Returns: (transfer full): the file's text as it would be saved
 */
char *
vigie_script_document_to_data (VigieScriptDocument *self,
                               guint                file_index)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  g_return_val_if_fail (file_index < self->files->len, NULL);
  return vigie_script_json_to_data (((DocFile *) g_ptr_array_index (self->files, file_index))->root);
}

/**
 * vigie_script_document_get_root:
 * @self: a document
 *
 * Returns: (transfer none): the root file's object; change it only
 *   through the document's edits
 */
JsonObject *
vigie_script_document_get_root (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  return json_node_get_object (root_file (self)->root);
}

const char *
vigie_script_document_get_id (VigieScriptDocument *self)
{
  return json_object_get_string_member_with_default (vigie_script_document_get_root (self), "id", NULL);
}

const char *
vigie_script_document_get_start (VigieScriptDocument *self)
{
  return json_object_get_string_member_with_default (vigie_script_document_get_root (self), "start", NULL);
}

guint
vigie_script_document_get_n_nodes (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), 0);
  return self->nodes->len;
}

/**
 * vigie_script_document_get_node:
 * @self: a document
 * @index: from 0, root file's nodes first
 *
 * Returns: (transfer none): the node's object, valid until the next edit
 */
JsonObject *
vigie_script_document_get_node (VigieScriptDocument *self,
                                guint                index)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, index);
}

JsonObject *
vigie_script_document_lookup (VigieScriptDocument *self,
                              const char          *node_id)
{
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  if (node_id == NULL || !(ref = g_hash_table_lookup (self->by_id, node_id)))
    return NULL;
  return json_array_get_object_element (file_nodes (g_ptr_array_index (self->files, ref->file)),
                                        ref->index);
}

const char *
vigie_script_document_get_node_file (VigieScriptDocument *self,
                                     const char          *node_id)
{
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  if (node_id == NULL || !(ref = g_hash_table_lookup (self->by_id, node_id)))
    return NULL;
  return ((DocFile *) g_ptr_array_index (self->files, ref->file))->path;
}

static void
add_target (GPtrArray  *targets,
            JsonObject *object,
            const char *member)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);

  if (value != NULL)
    g_ptr_array_add (targets, g_strdup (value));
}

static void
add_array_targets (GPtrArray  *targets,
                   JsonObject *node,
                   const char *member)
{
  JsonNode *array = json_object_get_member (node, member);

  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (array)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (array), i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        add_target (targets, json_node_get_object (element), "next");
    }
}

/**
 * vigie_script_document_get_targets:
 * @node: a node's object
 *
 * Returns: (transfer full): the ids the node leads to, in the order the
 *   operator sees them (choices, yes then no, thresholds then otherwise, next)
 */
GStrv
vigie_script_document_get_targets (JsonObject *node)
{
  GPtrArray *targets = g_ptr_array_new ();

  add_array_targets (targets, node, "choices");
  add_target (targets, node, "yes");
  add_target (targets, node, "no");
  add_array_targets (targets, node, "thresholds");
  add_target (targets, node, "otherwise");
  add_target (targets, node, "next");
  g_ptr_array_add (targets, NULL);
  return (GStrv) g_ptr_array_free (targets, FALSE);
}

/**
 * vigie_script_document_begin_group:
 * @self: a document
 *
 * Makes the edits until the matching end_group() one undo step and one
 * #VigieScriptDocument::changed signal.
 */
void
vigie_script_document_begin_group (VigieScriptDocument *self)
{
  g_return_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self));
  if (self->group_depth++ == 0)
    self->group_saved = FALSE;
}

void
vigie_script_document_end_group (VigieScriptDocument *self)
{
  g_return_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self));
  g_return_if_fail (self->group_depth > 0);
  if (--self->group_depth == 0 && self->group_saved)
    changed (self);
}

static JsonObject *
object_for (VigieScriptDocument  *self,
            const char           *node_id,
            GError              **error)
{
  NodeRef *ref;

  if (node_id == NULL)
    return vigie_script_document_get_root (self);
  if (!find (self, node_id, &ref, error))
    return NULL;
  return json_array_get_object_element (file_nodes (g_ptr_array_index (self->files, ref->file)),
                                        ref->index);
}

/**
 * vigie_script_document_set_member:
 * @self: a document
 * @node_id: (nullable): a node, or %NULL for the root file's own fields
 * @member: the field
 * @value: (nullable) (transfer none): the new value, copied; %NULL removes
 *   the field
 * @error: return location for a #GError
 *
 * One undoable edit. Setting a node's "id" renames it everywhere.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_set_member (VigieScriptDocument  *self,
                                  const char           *node_id,
                                  const char           *member,
                                  JsonNode             *value,
                                  GError              **error)
{
  JsonObject *object;
  JsonNode *old;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (node_id != NULL && g_str_equal (member, "id"))
    {
      if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                       _("a node's id is a name"));
          return FALSE;
        }
      return vigie_script_document_rename_node (self, node_id, json_node_get_string (value), error);
    }

  if (!(object = object_for (self, node_id, error)))
    return FALSE;
  old = json_object_get_member (object, member);
  if (old == NULL && value == NULL)
    return TRUE;
  if (old != NULL && value != NULL && json_node_equal (old, value))
    return TRUE;

  will_change (self);
  /* The edit may come from a copy of a different snapshot's object. */
  object = object_for (self, node_id, NULL);
  if (value == NULL)
    json_object_remove_member (object, member);
  else
    json_object_set_member (object, member, vigie_script_json_copy (value));
  did_change (self);
  return TRUE;
}

gboolean
vigie_script_document_set_string (VigieScriptDocument  *self,
                                  const char           *node_id,
                                  const char           *member,
                                  const char           *value,
                                  GError              **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (value != NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value);
    }
  return vigie_script_document_set_member (self, node_id, member, node, error);
}

gboolean
vigie_script_document_set_int (VigieScriptDocument  *self,
                               const char           *node_id,
                               const char           *member,
                               gint64                value,
                               GError              **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return vigie_script_document_set_member (self, node_id, member, node, error);
}

static DocFile *
file_by_path (VigieScriptDocument *self,
              const char          *path)
{
  if (path == NULL)
    return root_file (self);
  for (guint i = 0; i < self->files->len; i++)
    if (g_str_equal (((DocFile *) g_ptr_array_index (self->files, i))->path, path))
      return g_ptr_array_index (self->files, i);
  return NULL;
}

/**
 * vigie_script_document_add_node:
 * @self: a document
 * @file_path: (nullable): the branch file to add it to; %NULL for the root
 * @after_id: (nullable): the node it follows in that file; %NULL: at the end
 * @node: (transfer none): the node, copied; its "id" must be new
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_add_node (VigieScriptDocument  *self,
                                const char           *file_path,
                                const char           *after_id,
                                JsonObject           *node,
                                GError              **error)
{
  const char *id = json_object_get_string_member_with_default (node, "id", NULL);
  JsonArray *nodes, *copy;
  DocFile *file;
  JsonNode *element;
  guint position;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   _("a node needs an id"));
      return FALSE;
    }
  if (g_hash_table_contains (self->by_id, id))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_DUPLICATE_ID,
                   _("node id “%s” is already used"), id);
      return FALSE;
    }
  if (!(file = file_by_path (self, file_path)))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_NOT_FOUND,
                   _("the script includes no file “%s”"), file_path);
      return FALSE;
    }

  will_change (self);
  file = file_by_path (self, file_path);
  nodes = ensure_nodes (file);
  position = json_array_get_length (nodes);
  if (after_id != NULL)
    {
      NodeRef *ref = g_hash_table_lookup (self->by_id, after_id);

      if (ref != NULL && g_ptr_array_index (self->files, ref->file) == file)
        position = ref->index + 1;
    }

  /* JsonArray has no insert: rebuild it. */
  copy = json_array_sized_new (json_array_get_length (nodes) + 1);
  for (guint i = 0; i <= json_array_get_length (nodes); i++)
    {
      if (i == position)
        {
          element = json_node_new (JSON_NODE_OBJECT);
          json_node_set_object (element, node);
          json_array_add_element (copy, vigie_script_json_copy (element));
          json_node_unref (element);
        }
      if (i < json_array_get_length (nodes))
        json_array_add_element (copy, vigie_script_json_copy (json_array_get_element (nodes, i)));
    }
  json_object_set_array_member (json_node_get_object (file->root), "nodes", copy);
  if (vigie_script_document_get_start (self) == NULL && file == root_file (self))
    json_object_set_string_member (vigie_script_document_get_root (self), "start", id);
  did_change (self);
  return TRUE;
}

static void
remove_ids (VigieScriptDocument *self,
            GHashTable          *ids)
{
  for (guint f = 0; f < self->files->len; f++)
    {
      DocFile *file = g_ptr_array_index (self->files, f);
      JsonArray *nodes = file_nodes (file);

      if (nodes == NULL)
        continue;
      for (guint i = json_array_get_length (nodes); i > 0; i--)
        {
          JsonObject *node = json_array_get_object_element (nodes, i - 1);
          const char *id = node ? json_object_get_string_member_with_default (node, "id", NULL) : NULL;

          if (id && g_hash_table_contains (ids, id))
            json_array_remove_element (nodes, i - 1);
        }
    }
}

/**
 * vigie_script_document_remove_node:
 * @self: a document
 * @node_id: the node to delete; the nodes leading to it keep their link,
 *   which the check then reports
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_remove_node (VigieScriptDocument  *self,
                                   const char           *node_id,
                                   GError              **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  if (!find (self, node_id, &ref, error))
    return FALSE;
  will_change (self);
  g_hash_table_add (ids, (gpointer) node_id);
  remove_ids (self, ids);
  did_change (self);
  return TRUE;
}

static void
mark_reachable (VigieScriptDocument *self,
                const char          *id,
                const char          *avoid,
                GHashTable          *seen)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (stack, g_strdup (id));
  while (stack->len > 0)
    {
      g_autofree char *current = g_ptr_array_steal_index (stack, stack->len - 1);
      JsonObject *node;
      g_auto(GStrv) targets = NULL;

      if (g_strcmp0 (current, avoid) == 0 || g_hash_table_contains (seen, current))
        continue;
      if (!(node = vigie_script_document_lookup (self, current)))
        continue;
      g_hash_table_add (seen, g_strdup (current));
      targets = vigie_script_document_get_targets (node);
      for (guint i = 0; targets[i]; i++)
        g_ptr_array_add (stack, g_strdup (targets[i]));
    }
}

/**
 * vigie_script_document_remove_branch:
 * @self: a document
 * @node_id: the first node of the branch
 * @error: return location for a #GError
 *
 * Deletes @node_id and every node reached only through it; nodes also
 * reached another way from the start stay.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_remove_branch (VigieScriptDocument  *self,
                                     const char           *node_id,
                                     GError              **error)
{
  g_autoptr(GHashTable) branch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) doomed = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  if (!find (self, node_id, &ref, error))
    return FALSE;

  mark_reachable (self, node_id, NULL, branch);
  if (vigie_script_document_get_start (self) != NULL)
    mark_reachable (self, vigie_script_document_get_start (self), node_id, kept);
  g_hash_table_iter_init (&iter, branch);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (kept, key))
      g_hash_table_add (doomed, key);

  will_change (self);
  remove_ids (self, doomed);
  did_change (self);
  return TRUE;
}

/**
 * vigie_script_document_move_node:
 * @self: a document
 * @node_id: the node to move within its file
 * @before_id: (nullable): the node of the same file it is to precede;
 *   %NULL: to the end of the file
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_move_node (VigieScriptDocument  *self,
                                 const char           *node_id,
                                 const char           *before_id,
                                 GError              **error)
{
  g_autoptr(JsonArray) rebuilt = NULL;
  NodeRef *ref, *before = NULL;
  JsonArray *nodes;
  JsonNode *moving;
  DocFile *file;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  if (!find (self, node_id, &ref, error))
    return FALSE;
  if (before_id != NULL && !find (self, before_id, &before, error))
    return FALSE;
  if (before != NULL && before->file != ref->file)
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   _("“%s” and “%s” are in different files"), node_id, before_id);
      return FALSE;
    }
  if (g_strcmp0 (node_id, before_id) == 0)
    return TRUE;

  will_change (self);
  ref = g_hash_table_lookup (self->by_id, node_id);
  before = before_id ? g_hash_table_lookup (self->by_id, before_id) : NULL;
  file = g_ptr_array_index (self->files, ref->file);
  nodes = file_nodes (file);
  moving = json_array_get_element (nodes, ref->index);
  rebuilt = json_array_new ();
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      if (before && i == before->index)
        json_array_add_element (rebuilt, vigie_script_json_copy (moving));
      if (i != ref->index)
        json_array_add_element (rebuilt, vigie_script_json_copy (json_array_get_element (nodes, i)));
    }
  if (before == NULL)
    json_array_add_element (rebuilt, vigie_script_json_copy (moving));
  json_object_set_array_member (json_node_get_object (file->root), "nodes", g_steal_pointer (&rebuilt));
  did_change (self);
  return TRUE;
}

/**
 * vigie_script_document_unique_id:
 * @self: a document
 * @base: the wished id
 *
 * Returns: (transfer full): @base, or @base-2, @base-3… whichever is free
 */
char *
vigie_script_document_unique_id (VigieScriptDocument *self,
                                 const char          *base)
{
  char *id = g_strdup (base);

  for (guint n = 2; g_hash_table_contains (self->by_id, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
  return id;
}

/**
 * vigie_script_document_duplicate_node:
 * @self: a document
 * @node_id: the node to copy
 * @error: return location for a #GError
 *
 * The copy follows the original in its file, under a free id, and leads
 * where the original leads.
 *
 * Returns: (transfer full) (nullable): the copy's id
 */
char *
vigie_script_document_duplicate_node (VigieScriptDocument  *self,
                                      const char           *node_id,
                                      GError              **error)
{
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *id = NULL;
  JsonObject *node;
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  if (!find (self, node_id, &ref, error))
    return NULL;
  node = vigie_script_document_lookup (self, node_id);
  original = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (original, node);
  copy = vigie_script_json_copy (original);
  {
    g_autofree char *base = g_strconcat (node_id, "-copie", NULL);

    id = vigie_script_document_unique_id (self, base);
  }
  json_object_set_string_member (json_node_get_object (copy), "id", id);
  if (!vigie_script_document_add_node (self, ((DocFile *) g_ptr_array_index (self->files, ref->file))->path,
                                       node_id, json_node_get_object (copy), error))
    return NULL;
  return g_steal_pointer (&id);
}

static void
rename_in (JsonObject *object,
           const char *member,
           const char *old_id,
           const char *new_id)
{
  if (g_strcmp0 (json_object_get_string_member_with_default (object, member, NULL), old_id) == 0)
    json_object_set_string_member (object, member, new_id);
}

static void
rename_in_array (JsonObject *node,
                 const char *member,
                 const char *old_id,
                 const char *new_id)
{
  JsonNode *array = json_object_get_member (node, member);

  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (array)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (array), i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        rename_in (json_node_get_object (element), "next", old_id, new_id);
      else if (g_strcmp0 (json_node_get_string (element), old_id) == 0)
        json_node_set_string (element, new_id);
    }
}

/**
 * vigie_script_document_rename_node:
 * @self: a document
 * @old_id: a node
 * @new_id: its new id, free
 * @error: return location for a #GError
 *
 * Renames the node and every reference to it: start, links, rules'
 * "outcome" conditions and {answer:…} placeholders.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_rename_node (VigieScriptDocument  *self,
                                   const char           *old_id,
                                   const char           *new_id,
                                   GError              **error)
{
  g_autofree char *old_copy = g_strdup (old_id);
  g_autofree char *old_placeholder = g_strdup_printf ("{answer:%s}", old_id);
  g_autofree char *new_placeholder = g_strdup_printf ("{answer:%s}", new_id);
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  if (!find (self, old_id, &ref, error))
    return FALSE;
  if (g_str_equal (old_id, new_id))
    return TRUE;
  if (*new_id == '\0' || g_hash_table_contains (self->by_id, new_id))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_DUPLICATE_ID,
                   *new_id ? _("node id “%s” is already used") : _("a node needs an id"), new_id);
      return FALSE;
    }

  will_change (self);
  old_id = old_copy;
  for (guint f = 0; f < self->files->len; f++)
    {
      DocFile *file = g_ptr_array_index (self->files, f);
      JsonObject *root = json_node_get_object (file->root);
      JsonArray *nodes = file_nodes (file);
      JsonNode *rules = json_object_get_member (root, "rules");

      rename_in (root, "start", old_id, new_id);
      for (guint i = 0; nodes && i < json_array_get_length (nodes); i++)
        {
          JsonObject *node = json_array_get_object_element (nodes, i);
          const char *alert;

          if (node == NULL)
            continue;
          rename_in (node, "id", old_id, new_id);
          rename_in (node, "yes", old_id, new_id);
          rename_in (node, "no", old_id, new_id);
          rename_in (node, "next", old_id, new_id);
          rename_in (node, "otherwise", old_id, new_id);
          rename_in_array (node, "choices", old_id, new_id);
          rename_in_array (node, "thresholds", old_id, new_id);
          alert = json_object_get_string_member_with_default (node, "alert", NULL);
          if (alert && strstr (alert, old_placeholder))
            {
              g_autoptr(GString) text = g_string_new (alert);

              g_string_replace (text, old_placeholder, new_placeholder, 0);
              json_object_set_string_member (node, "alert", text->str);
            }
        }
      for (guint i = 0; rules && JSON_NODE_HOLDS_ARRAY (rules) &&
                        i < json_array_get_length (json_node_get_array (rules)); i++)
        {
          JsonObject *rule = json_array_get_object_element (json_node_get_array (rules), i);
          JsonObject *when = rule ? object_member (rule, "when") : NULL;
          JsonNode *outcome = when ? json_object_get_member (when, "outcome") : NULL;

          if (outcome && JSON_NODE_HOLDS_ARRAY (outcome))
            rename_in_array (when, "outcome", old_id, new_id);
          else if (outcome)
            rename_in (when, "outcome", old_id, new_id);
        }
    }
  did_change (self);
  return TRUE;
}

/**
 * vigie_script_document_add_include:
 * @self: a document
 * @path: a branch file, relative to the root file's folder; read from
 *   there if it exists, else created empty
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_add_include (VigieScriptDocument  *self,
                                   const char           *path,
                                   GError              **error)
{
  g_autoptr(GPtrArray) before = NULL;
  JsonObject *root;
  JsonArray *includes;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  if (*path == '\0' || g_path_is_absolute (path) || strstr (path, ".."))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   _("an include must be a path relative to this file"));
      return FALSE;
    }
  if (file_by_path (self, path) != NULL)
    return TRUE;

  will_change (self);
  before = copy_files (self->files);
  root = vigie_script_document_get_root (self);
  if (!json_object_has_member (root, "include"))
    json_object_set_array_member (root, "include", json_array_new ());
  includes = json_object_get_array_member (root, "include");
  json_array_add_string_element (includes, path);

  {
    g_autoptr(GFile) folder = self->file ? g_file_get_parent (self->file) : NULL;
    g_autoptr(GFile) child = folder ? g_file_resolve_relative_path (folder, path) : NULL;

    if (child && g_file_query_exists (child, NULL))
      {
        if (!load_file (self, folder, child, error))
          {
            g_ptr_array_unref (self->files);
            self->files = g_steal_pointer (&before);
            g_ptr_array_remove_index (self->undo, self->undo->len - 1);
            reindex (self);
            return FALSE;
          }
      }
    else
      {
        DocFile *file = g_new0 (DocFile, 1);
        JsonObject *object = json_object_new ();

        json_object_set_int_member (object, "format", 1);
        json_object_set_array_member (object, "nodes", json_array_new ());
        file->path = g_strdup (path);
        file->root = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (file->root, object);
        g_ptr_array_add (self->files, file);
      }
  }
  did_change (self);
  return TRUE;
}

gboolean
vigie_script_document_can_undo (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  return self->undo->len > 0;
}

gboolean
vigie_script_document_can_redo (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  return self->redo->len > 0;
}

static gboolean
step (VigieScriptDocument *self,
      GPtrArray           *from,
      GPtrArray           *to)
{
  Snapshot *current, *target;

  if (from->len == 0 || self->group_depth > 0)
    return FALSE;
  current = g_new0 (Snapshot, 1);
  current->files = g_steal_pointer (&self->files);
  current->cases = g_steal_pointer (&self->cases);
  current->serial = self->serial;
  g_ptr_array_add (to, current);

  target = g_ptr_array_steal_index (from, from->len - 1);
  self->files = g_steal_pointer (&target->files);
  self->cases = g_steal_pointer (&target->cases);
  reindex (self);
  self->serial = target->serial;
  g_free (target);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
vigie_script_document_undo (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  return step (self, self->undo, self->redo);
}

gboolean
vigie_script_document_redo (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  return step (self, self->redo, self->undo);
}

/**
 * vigie_script_document_get_modified:
 * @self: a document
 *
 * Returns: whether the files differ from what was last saved (undoing
 *   back to the saved state makes it unmodified again)
 */
gboolean
vigie_script_document_get_modified (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  return self->serial != self->saved_serial;
}

static gboolean
write_files (VigieScriptDocument  *self,
             GFile                *folder,
             GError              **error)
{
  for (guint i = 0; i < self->files->len; i++)
    {
      DocFile *file = g_ptr_array_index (self->files, i);
      g_autoptr(GFile) target = g_file_resolve_relative_path (folder, file->path);
      g_autofree char *data = vigie_script_json_to_data (file->root);

      if (!vigie_script_write_atomically (target, data, strlen (data), error))
        return FALSE;
    }
  return TRUE;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                               NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)))
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

/**
 * vigie_script_document_check:
 * @self: a document
 * @diagnostics: (out) (optional) (transfer full) (element-type VigieScriptDiagnostic):
 *   every problem, files named relative to the root file's folder
 *
 * Validates the document as it stands with the engine's loader, the one
 * the desk uses, on a private copy of its files.
 *
 * Returns: (transfer full) (nullable): the script the desk would run, or
 *   %NULL if it has errors
 */
VigieScript *
vigie_script_document_check (VigieScriptDocument  *self,
                             GPtrArray           **diagnostics)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) root = NULL;
  VigieScript *script = NULL;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);

  if (!(dir = g_dir_make_tmp ("vigie-designer-XXXXXX", &error)) ||
      !write_files (self, (folder = g_file_new_for_path (dir)), &error))
    {
      VigieScriptDiagnostic *diagnostic = g_new0 (VigieScriptDiagnostic, 1);

      diagnostic->file = g_strdup (root_file (self)->path);
      diagnostic->code = VIGIE_SCRIPT_ERROR_NOT_FOUND;
      diagnostic->message = g_strdup (error->message);
      found = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_diagnostic_free);
      g_ptr_array_add (found, diagnostic);
    }
  else
    {
      root = g_file_resolve_relative_path (folder, root_file (self)->path);
      script = vigie_script_load (root, &found, NULL);
      prefix = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
      for (guint i = 0; found && i < found->len; i++)
        {
          VigieScriptDiagnostic *diagnostic = g_ptr_array_index (found, i);

          if (diagnostic->file && g_str_has_prefix (diagnostic->file, prefix))
            {
              char *relative = g_strdup (diagnostic->file + strlen (prefix));

              g_free (diagnostic->file);
              diagnostic->file = relative;
            }
        }
    }
  if (folder)
    remove_tree (folder);

  if (diagnostics)
    *diagnostics = found ? g_ptr_array_ref (found)
                         : g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_diagnostic_free);
  return script;
}

static gboolean
refuse_invalid (VigieScriptDocument  *self,
                GError              **error)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(VigieScript) script = vigie_script_document_check (self, &diagnostics);
  g_autoptr(GString) message = NULL;

  if (script != NULL)
    return TRUE;
  message = g_string_new (_("the script has errors, nothing was written:"));
  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *line = vigie_script_diagnostic_format (g_ptr_array_index (diagnostics, i));

      g_string_append_printf (message, "\n%s", line);
    }
  g_set_error_literal (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                       message->str);
  return FALSE;
}

/**
 * vigie_script_document_save_to_folder:
 * @self: a document
 * @folder: where the root file and its branches go
 * @error: return location for a #GError
 *
 * Writes every file, each atomically, only if the script is valid: an
 * invalid script is never written.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_save_to_folder (VigieScriptDocument  *self,
                                      GFile                *folder,
                                      GError              **error)
{
  g_autoptr(GFile) root = NULL;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (!refuse_invalid (self, error) || !write_files (self, folder, error))
    return FALSE;
  root = g_file_resolve_relative_path (folder, root_file (self)->path);
  g_set_object (&self->file, root);
  self->saved_serial = self->serial;
  return TRUE;
}

/**
 * vigie_script_document_save:
 * @self: a document with a file (loaded, or given one)
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_document_save (VigieScriptDocument  *self,
                            GError              **error)
{
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  if (self->file == NULL)
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_NO_FILE,
                   _("the script has no file yet"));
      return FALSE;
    }
  folder = g_file_get_parent (self->file);
  return vigie_script_document_save_to_folder (self, folder, error);
}

/**
 * vigie_script_document_get_cases:
 * @self: a document
 *
 * Returns: (transfer none): the script's cases, an object with "cases";
 *   change them only through vigie_script_document_set_cases()
 */
JsonNode *
vigie_script_document_get_cases (VigieScriptDocument *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  return self->cases;
}

/**
 * vigie_script_document_set_cases:
 * @self: a document
 * @cases: (transfer none): the new cases, copied
 *
 * One undoable edit, like the script's.
 */
void
vigie_script_document_set_cases (VigieScriptDocument *self,
                                 JsonNode            *cases)
{
  g_return_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self));
  g_return_if_fail (cases != NULL && JSON_NODE_HOLDS_OBJECT (cases));

  if (json_node_equal (cases, self->cases))
    return;
  will_change (self);
  json_node_unref (self->cases);
  self->cases = vigie_script_json_copy (cases);
  did_change (self);
}

/**
 * vigie_script_document_mark_saved:
 * @self: a document
 *
 * Records that the files on disk now hold the current state (after a
 * publication, which writes them itself).
 */
void
vigie_script_document_mark_saved (VigieScriptDocument *self)
{
  g_return_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self));
  self->saved_serial = self->serial;
}
