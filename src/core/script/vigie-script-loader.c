/* vigie-script-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a qualification script: a root branch file and the branch files it
 * includes, validated as a whole. Every problem is collected with its
 * file:line:column, so a designer fixes them all in one pass, and a broken
 * file only ever yields diagnostics, never a crash. The nodes themselves
 * are read and their graph checked in vigie-script-nodes.c.
 */
#define G_LOG_DOMAIN "vigie-script"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigie-deferral.h"
#include "vigie-rules.h"
#include "vigie-script-private.h"

/* Real scripts nest five or six levels; a hostile file must not make
 * the checks that follow walk absurd depths. */
#define MAX_DEPTH 64
#define MAX_INCLUDE_DEPTH 16
/* A 10,000-node script is about 3 MB. */
#define MAX_FILE_SIZE (32 * 1024 * 1024)

static const char * const root_fields[] = {
  "$schema", "format", "id", "title", "description", "start", "nodes", "include",
  "rules", "opening_hours", "timezone", "holidays", NULL
};
static const char * const branch_fields[] = {
  "$schema", "format", "id", "title", "description", "nodes", "include", NULL
};

/* The one place a diagnostic is made: vigie_script_loader_report() and
 * _report_at() point into the file being read, the whole-script checks
 * (which run once every file has been read) into the node's own. */
void
vigie_script_loader_report_in (VigieScriptLoader *loader,
                               const char        *file,
                               guint              line,
                               guint              column,
                               const char        *node_id,
                               VigieScriptError   code,
                               const char        *format,
                               ...)
{
  VigieScriptDiagnostic *diagnostic = g_new0 (VigieScriptDiagnostic, 1);
  va_list args;

  va_start (args, format);
  diagnostic->message = g_strdup_vprintf (format, args);
  va_end (args);
  diagnostic->file = g_strdup (file);
  diagnostic->line = line;
  diagnostic->column = column;
  diagnostic->node_id = g_strdup (node_id);
  diagnostic->code = code;
  g_ptr_array_add (loader->diagnostics, diagnostic);
}

/* JSON allows a name twice in an object; a script must not: which one
 * the designer meant is anyone's guess. */
static void
check_duplicate_member (VigieScriptLoader    *loader,
                        const VigieJsonValue *object,
                        guint                 index,
                        const char           *node_id)
{
  const VigieJsonMember *member = &object->members[index];

  for (guint j = 0; j < index; j++)
    if (strcmp (object->members[j].name, member->name) == 0)
      {
        vigie_script_loader_report (loader, member->line, member->column, node_id,
                                    VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                    _("field “%s” is given twice (first at line %u)"),
                                    member->name, object->members[j].line);
        return;
      }
}

void
vigie_script_loader_check_fields (VigieScriptLoader  *loader,
                                  const VigieJsonValue *object,
                                  const char         *node_id,
                                  const char * const *allowed)
{
  for (guint i = 0; i < object->length; i++)
    {
      const VigieJsonMember *member = &object->members[i];

      if (!g_strv_contains (allowed, member->name))
        vigie_script_loader_report (loader, member->line, member->column, node_id,
                                    VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD,
                                    _("unknown field “%s”"), member->name);
      check_duplicate_member (loader, object, i, node_id);
    }
}

/* Returns the string, NULL when absent (reported if @required) or of the wrong type. */
const char *
vigie_script_loader_get_string (VigieScriptLoader *loader,
                                const VigieJsonValue *object,
                                const char        *member,
                                const char        *node_id,
                                gboolean           required)
{
  const VigieJsonValue *value = vigie_json_object_get (object, member);

  if (value == NULL)
    {
      if (required)
        vigie_script_loader_report_at (loader, object, node_id, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                                       _("missing field “%s”"), member);
      return NULL;
    }

  if (value->type != VIGIE_JSON_STRING)
    {
      vigie_script_loader_report_at (loader, value, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be a string"), member);
      return NULL;
    }

  return value->string;
}

/* Returns FALSE when absent or invalid (reported); @value untouched then. */
gboolean
vigie_script_loader_get_int (VigieScriptLoader *loader,
                             const VigieJsonValue *object,
                             const char        *member,
                             const char        *node_id,
                             int                min,
                             int                max,
                             int               *value)
{
  const VigieJsonValue *node = vigie_json_object_get (object, member);
  gint64 v;

  if (node == NULL)
    return FALSE;
  if (node->type != VIGIE_JSON_INTEGER)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an integer"), member);
      return FALSE;
    }
  v = node->integer;
  if (v < min || v > max)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                     _("field “%s” must be between %d and %d"), member, min, max);
      return FALSE;
    }
  *value = (int) v;
  return TRUE;
}

/* -1 when absent or invalid (reported), else 0 or 1. */
int
vigie_script_loader_get_bool (VigieScriptLoader *loader,
                              const VigieJsonValue *object,
                              const char        *member,
                              const char        *node_id)
{
  const VigieJsonValue *node = vigie_json_object_get (object, member);

  if (node == NULL)
    return -1;
  if (node->type != VIGIE_JSON_BOOLEAN)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be true or false"), member);
      return -1;
    }
  return node->boolean ? 1 : 0;
}

/* A string or an array of strings; NULL when absent or invalid (reported). */
GStrv
vigie_script_loader_get_strv (VigieScriptLoader *loader,
                              const VigieJsonValue *object,
                              const char        *member,
                              const char        *node_id)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const VigieJsonValue *node = vigie_json_object_get (object, member);
  const VigieJsonValue *array;

  if (node == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  if (node->type == VIGIE_JSON_STRING)
    {
      g_strv_builder_add (builder, node->string);
      return g_strv_builder_end (builder);
    }
  if (node->type != VIGIE_JSON_ARRAY || node->length == 0)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be a string or a non-empty array of strings"),
                                     member);
      return NULL;
    }
  array = node;
  for (guint i = 0; i < array->length; i++)
    {
      const VigieJsonValue *item = &array->elements[i];

      if (item->type != VIGIE_JSON_STRING)
        {
          vigie_script_loader_report_at (loader, item, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                         _("field “%s” must hold strings only"), member);
          return NULL;
        }
      g_strv_builder_add (builder, item->string);
    }
  return g_strv_builder_end (builder);
}

static void load_file (VigieScriptLoader *loader,
                               VigieScript       *self,
                       const char        *contents,
                       gsize              length,
                       gboolean           is_root);

static void
load_nodes (VigieScriptLoader *loader,
            VigieScript       *self,
            const VigieJsonValue *nodes)
{
  const VigieJsonValue *array = nodes;

  for (guint i = 0; i < array->length; i++)
    {
      VigieScriptNode *node = vigie_script_loader_load_node (loader, &array->elements[i]);
      VigieScriptNode *previous;

      if (node == NULL)
        continue;

      if ((previous = g_hash_table_lookup (self->by_id, node->id)))
        {
          if (g_strcmp0 (previous->file, node->file) == 0)
            vigie_script_loader_report (loader, node->line, node->column, node->id,
                                        VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                        _("node id “%s” is already used at line %u"),
                                        node->id, previous->line);
          else
            {
              g_autofree char *base = g_path_get_basename (previous->file);

              vigie_script_loader_report (loader, node->line, node->column, node->id,
                                          VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                          _("node id “%s” is already used in %s:%u"),
                                          node->id, base, previous->line);
            }
          vigie_script_node_free (node);
          continue;
        }

      g_ptr_array_add (self->nodes, node);
      g_hash_table_insert (self->by_id, node->id, node);
    }
}

static void
load_includes (VigieScriptLoader *loader,
               VigieScript       *self,
               const VigieJsonValue *includes)
{
  g_autofree char *dir = g_path_get_dirname (loader->path);
  const VigieJsonValue *array;

  if (includes->type != VIGIE_JSON_ARRAY)
    {
      vigie_script_loader_report_at (loader, includes, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an array"), "include");
      return;
    }

  array = includes;
  for (guint i = 0; i < array->length; i++)
    {
      const VigieJsonValue *item = &array->elements[i];
      g_autoptr(GError) local_error = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *path = NULL;
      g_autofree char *display = NULL;
      const char *relative;
      const char *saved_path;
      gsize length;

      if (item->type != VIGIE_JSON_STRING)
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                         _("an include must be a file name"));
          continue;
        }
      relative = item->string;
      if (*relative == '\0' || g_path_is_absolute (relative))
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                         _("an include must be a path relative to this file"));
          continue;
        }

      display = g_str_equal (dir, ".") ? g_strdup (relative) : g_build_filename (dir, relative, NULL);
      path = g_canonicalize_filename (display, NULL);
      if (g_ptr_array_find_with_equal_func (loader->stack, path, g_str_equal, NULL))
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_INCLUDE_LOOP,
                                         _("including “%s” loops back to a file that includes it"),
                                         relative);
          continue;
        }
      /* A branch shared by two includes is read once. */
      if (g_hash_table_contains (loader->loaded, path))
        continue;
      if (loader->stack->len >= MAX_INCLUDE_DEPTH)
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_INCLUDE_LOOP,
                                         _("includes nest deeper than %d files"), MAX_INCLUDE_DEPTH);
          continue;
        }
      /* Includes stay in the root script's folder, and are regular files
       * of bounded size: not ../../../../etc/passwd, not a FIFO. */
      {
        g_autofree char *root = g_path_get_dirname (g_ptr_array_index (loader->stack, 0));
        g_autofree char *real = vigie_json_resolve_under (root, path, &local_error);

        if (real != NULL)
          vigie_json_read_file (real, MAX_FILE_SIZE, &contents, &length, &local_error);
      }
      if (contents == NULL)
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_NOT_FOUND,
                                         _("cannot include “%s”: %s"), relative, local_error->message);
          continue;
        }

      saved_path = loader->path;
      g_hash_table_add (loader->loaded, g_strdup (path));
      g_ptr_array_add (loader->stack, g_strdup (path));
      g_ptr_array_add (self->files, g_strdup (display));
      g_ptr_array_add (loader->paths, g_steal_pointer (&display));
      loader->path = g_ptr_array_index (loader->paths, loader->paths->len - 1);

      load_file (loader, self, contents, length, FALSE);

      loader->path = saved_path;
      g_ptr_array_remove_index (loader->stack, loader->stack->len - 1);
    }
}

static VigieHolidayFlags
load_holidays (VigieScriptLoader    *loader,
               const VigieJsonValue *root)
{
  const char *value = vigie_script_loader_get_string (loader, root, "holidays", NULL, FALSE);

  if (value == NULL || g_str_equal (value, "france"))
    return VIGIE_HOLIDAYS_FRANCE;
  if (g_str_equal (value, "alsace-moselle"))
    return VIGIE_HOLIDAYS_ALSACE_MOSELLE;
  vigie_script_loader_report_at (loader, vigie_json_object_get (root, "holidays"), NULL,
                                 VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                 _("holidays must be “france” or “alsace-moselle”, not “%s”"), value);
  return VIGIE_HOLIDAYS_FRANCE;
}

/* The file's root object, or %NULL (reported) when it is empty, not JSON
 * or not an object. */
static VigieJsonDocument *
parse_root (VigieScriptLoader *loader,
            const char        *contents,
            gsize              length)
{
  g_autoptr(VigieJsonDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  const VigieJsonValue *root;
  guint line = 1, column = 1;
  gsize blank = 0;

  while (blank < length && strchr (" \t\r\n", contents[blank]) && contents[blank] != '\0')
    blank++;
  if (blank == length)
    {
      vigie_script_loader_report (loader, 1, 1, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                  _("the file is empty: a script must be a JSON object"));
      return NULL;
    }
  document = vigie_json_document_parse (contents, length, MAX_DEPTH, &line, &column, &local_error);
  if (document == NULL)
    {
      vigie_script_loader_report (loader, line, column, NULL, VIGIE_SCRIPT_ERROR_SYNTAX,
                                  _("invalid JSON: %s"), local_error->message);
      return NULL;
    }
  root = vigie_json_document_get_root (document);
  if (root->type != VIGIE_JSON_OBJECT)
    {
      vigie_script_loader_report (loader, root->line, root->column, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                  _("a script must be a JSON object"));
      return NULL;
    }
  return g_steal_pointer (&document);
}

/* An included branch holds nodes; what configures the script is the root's. */
static void
check_branch_fields (VigieScriptLoader    *loader,
                     const VigieJsonValue *root)
{
  for (guint i = 0; i < root->length; i++)
    {
      const VigieJsonMember *m = &root->members[i];

      if (!g_strv_contains (branch_fields, m->name))
        vigie_script_loader_report (loader, m->line, m->column, NULL, VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD,
                                    g_strv_contains (root_fields, m->name)
                                      ? _("field “%s” belongs in the root file, not in an included branch")
                                      : _("unknown field “%s”"),
                                    m->name);
      check_duplicate_member (loader, root, i, NULL);
    }
}

static void
load_header (VigieScriptLoader    *loader,
             VigieScript          *self,
             const VigieJsonValue *root,
             gboolean              is_root)
{
  const char *value;
  int format;

  /* Only version 1 exists; a later one must not be half-understood. */
  vigie_script_loader_get_int (loader, root, "format", NULL, 1, 1, &format);
  if (is_root)
    {
      self->id = g_strdup (vigie_script_loader_get_string (loader, root, "id", NULL, TRUE));
      value = vigie_script_loader_get_string (loader, root, "title", NULL, FALSE);
      self->title = g_strdup (value ? value : self->id);
      self->start = g_strdup (vigie_script_loader_get_string (loader, root, "start", NULL, TRUE));
    }
  else
    {
      vigie_script_loader_get_string (loader, root, "id", NULL, FALSE);
      vigie_script_loader_get_string (loader, root, "title", NULL, FALSE);
    }
  vigie_script_loader_get_string (loader, root, "description", NULL, FALSE);
}

static void
load_timezone (VigieScriptLoader    *loader,
               VigieScript          *self,
               const VigieJsonValue *root)
{
  const char *value = vigie_script_loader_get_string (loader, root, "timezone", NULL, FALSE);
  g_autoptr(GTimeZone) tz = NULL;

  if (value == NULL)
    return;
  if (!(tz = g_time_zone_new_identifier (value)))
    {
      vigie_script_loader_report_at (loader, vigie_json_object_get (root, "timezone"), NULL,
                                     VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                     _("unknown time zone “%s”"), value);
      return;
    }
  g_free (self->timezone);
  self->timezone = g_strdup (value);
}

static void
load_rules (VigieScriptLoader    *loader,
            VigieScript          *self,
            const VigieJsonValue *member)
{
  g_autoptr(GPtrArray) rules = vigie_rules_load (loader, member, self->by_id,
                                                 self->opening_hours != NULL);

  for (guint i = 0; rules && i < rules->len; i++)
    g_ptr_array_add (self->rules, g_ptr_array_steal_index (rules, i--));
}

/* Opening-hours deferrals need opening hours; checked where written. */
static void
check_deferrals_need_hours (VigieScriptLoader *loader,
                            VigieScript       *self)
{
  for (guint i = 0; self->opening_hours == NULL && i < self->nodes->len; i++)
    {
      const VigieScriptNode *node = g_ptr_array_index (self->nodes, i);
      gboolean needs_hours = FALSE;

      if (node->defer != NULL && vigie_deferral_check (node->defer, &needs_hours, NULL) && needs_hours)
        vigie_script_loader_report_in (loader, node->file, node->line, node->column, node->id,
                                       VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                       _("“%s” needs the script's “opening_hours”"), node->defer);
    }
}

/* What only the root file configures: holidays, time zone, opening
 * hours, rules; then the checks of the whole graph. */
static void
load_root_settings (VigieScriptLoader    *loader,
                    VigieScript          *self,
                    const VigieJsonValue *root)
{
  const VigieJsonValue *member;

  self->holidays = load_holidays (loader, root);
  load_timezone (loader, self, root);
  if ((member = vigie_json_object_get (root, "opening_hours")))
    self->opening_hours = vigie_script_loader_load_opening_hours (loader, member, self->holidays);
  if ((member = vigie_json_object_get (root, "rules")))
    load_rules (loader, self, member);
  check_deferrals_need_hours (loader, self);
  vigie_script_loader_check_graph (loader, self, vigie_json_object_get (root, "start"));
}

static void
load_file (VigieScriptLoader *loader,
           VigieScript       *self,
           const char        *contents,
           gsize              length,
           gboolean           is_root)
{
  g_autoptr(VigieJsonDocument) document = NULL;
  const VigieJsonValue *root, *nodes, *member;

  if (!(document = parse_root (loader, contents, length)))
    return;
  root = vigie_json_document_get_root (document);
  if (is_root)
    vigie_script_loader_check_fields (loader, root, NULL, root_fields);
  else
    check_branch_fields (loader, root);
  load_header (loader, self, root, is_root);

  nodes = vigie_json_object_get (root, "nodes");
  if (nodes == NULL || nodes->type != VIGIE_JSON_ARRAY)
    vigie_script_loader_report_at (loader, nodes ? nodes : root, NULL,
                                   nodes ? VIGIE_SCRIPT_ERROR_WRONG_TYPE : VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                                   nodes ? _("field “%s” must be an array") : _("missing field “%s”"),
                                   "nodes");
  else
    load_nodes (loader, self, nodes);

  if ((member = vigie_json_object_get (root, "include")))
    load_includes (loader, self, member);
  if (is_root)
    load_root_settings (loader, self, root);
}

static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const VigieScriptDiagnostic *da = *(VigieScriptDiagnostic * const *) a;
  const VigieScriptDiagnostic *db = *(VigieScriptDiagnostic * const *) b;
  int by_file = g_strcmp0 (da->file, db->file);

  if (by_file != 0)
    return by_file;
  if (da->line != db->line)
    return da->line < db->line ? -1 : 1;
  if (da->column != db->column)
    return da->column < db->column ? -1 : 1;
  return 0;
}

static VigieScript *
finish (VigieScriptLoader  *loader,
        VigieScript        *script,
        GPtrArray         **diagnostics,
        GError            **error)
{
  g_autoptr(VigieScript) self = script;
  GPtrArray *found = loader->diagnostics;

  g_clear_pointer (&loader->ref_positions, g_hash_table_unref);
  g_clear_pointer (&loader->stack, g_ptr_array_unref);
  g_clear_pointer (&loader->loaded, g_hash_table_unref);
  g_clear_pointer (&loader->paths, g_ptr_array_unref);

  /* Stable: within a line, the order the checks found them. */
  g_ptr_array_sort (found, compare_diagnostics);

  if (found->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      for (guint i = 0; i < found->len; i++)
        {
          g_autofree char *line = vigie_script_diagnostic_format (g_ptr_array_index (found, i));

          if (i > 0)
            g_string_append_c (message, '\n');
          g_string_append (message, line);
        }
      g_set_error_literal (error, VIGIE_SCRIPT_ERROR,
                           found->len == 1
                             ? ((VigieScriptDiagnostic *) g_ptr_array_index (found, 0))->code
                             : VIGIE_SCRIPT_ERROR_INVALID,
                           message->str);
      g_clear_object (&self);
    }

  if (diagnostics != NULL)
    *diagnostics = g_ptr_array_ref (found);
  g_ptr_array_unref (found);

  return g_steal_pointer (&self);
}

static void
loader_init (VigieScriptLoader *loader,
             const char        *path)
{
  loader->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_diagnostic_free);
  loader->ref_positions = g_hash_table_new_full (NULL, NULL, NULL, NULL);
  loader->stack = g_ptr_array_new_with_free_func (g_free);
  loader->loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader->paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (loader->stack, g_canonicalize_filename (path, NULL));
  g_hash_table_add (loader->loaded, g_canonicalize_filename (path, NULL));
  g_ptr_array_add (loader->paths, g_strdup (path));
  loader->path = g_ptr_array_index (loader->paths, 0);
}

/**
 * vigie_script_load_from_data:
 * @path: the file name @contents was read from; includes are resolved
 *   relative to it
 * @contents: the root branch file's text
 * @length: its length in bytes
 * @diagnostics: (out) (optional) (transfer full) (element-type VigieScriptDiagnostic):
 *   every problem found, by file and position
 * @error: return location for a #GError
 *
 * Like vigie_script_load(), for text already in memory.
 *
 * Returns: (transfer full) (nullable): the script, or %NULL if it has errors
 */
VigieScript *
vigie_script_load_from_data (const char  *path,
                             const char  *contents,
                             gsize        length,
                             GPtrArray  **diagnostics,
                             GError     **error)
{
  VigieScriptLoader loader = { 0 };
  VigieScript *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (contents != NULL || length == 0, NULL);

  loader_init (&loader, path);
  self = g_object_new (VIGIE_TYPE_SCRIPT, NULL);
  self->path = g_strdup (path);
  g_ptr_array_add (self->files, g_strdup (path));

  load_file (&loader, self, contents ? contents : "", length, TRUE);

  return finish (&loader, self, diagnostics, error);
}

/**
 * vigie_script_load:
 * @file: a JSON branch file, the root of the script
 * @diagnostics: (out) (optional) (transfer full) (element-type VigieScriptDiagnostic):
 *   every problem found, by file and position
 * @error: return location for a #GError
 *
 * Loads and validates a script and the branch files it includes. All the
 * errors are collected, not only the first, so a designer fixes them in one
 * pass; @error then carries them all, one per line.
 *
 * Returns: (transfer full) (nullable): the script, or %NULL if it has errors
 */
VigieScript *
vigie_script_load (GFile      *file,
                   GPtrArray **diagnostics,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    path = g_file_get_uri (file);

  if (!vigie_json_read_file (path, MAX_FILE_SIZE, &contents, &length, &local_error))
    {
      VigieScriptLoader loader = { 0 };

      loader_init (&loader, path);
      vigie_script_loader_report (&loader, 0, 0, NULL, VIGIE_SCRIPT_ERROR_NOT_FOUND,
                                  "%s", local_error->message);
      return finish (&loader, NULL, diagnostics, error);
    }

  return vigie_script_load_from_data (path, contents, length, diagnostics, error);
}

