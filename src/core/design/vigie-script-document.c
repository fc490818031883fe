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
#include "vigie-script-document-private.h"

#define MAX_UNDO 200

G_DEFINE_FINAL_TYPE (VigieScriptDocument, vigie_script_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-script-document-error-quark, vigie_script_document_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* The index ------------------------------------------------------------- */

JsonArray *
_vigie_doc_file_nodes (DocFile *file)
{
  return vigie_json_member_array (json_node_get_object (file->root), "nodes");
}

void
_vigie_doc_reindex (VigieScriptDocument *self)
{
  g_ptr_array_set_size (self->nodes, 0);
  g_hash_table_remove_all (self->by_id);
  for (guint f = 0; f < self->files->len; f++)
    {
      JsonArray *nodes = _vigie_doc_file_nodes (g_ptr_array_index (self->files, f));

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
  _vigie_doc_reindex (self);
  self->serial = ++self->next_serial;
  g_signal_emit (self, signals[CHANGED], 0);
}

GPtrArray *
_vigie_doc_copy_files (GPtrArray *files)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (doc_file_free);

  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (copy, doc_file_copy (g_ptr_array_index (files, i)));
  return copy;
}

/* Called before every change: one undo step per edit, or per group. */
void
_vigie_doc_will_change (VigieScriptDocument *self)
{
  Snapshot *snapshot;

  if (self->group_depth > 0 && self->group_saved)
    return;
  if (self->group_depth > 0)
    self->group_saved = TRUE;

  snapshot = g_new0 (Snapshot, 1);
  snapshot->files = _vigie_doc_copy_files (self->files);
  snapshot->cases = vigie_script_json_copy (self->cases);
  snapshot->serial = self->serial;
  g_ptr_array_add (self->undo, snapshot);
  if (self->undo->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
}

void
_vigie_doc_did_change (VigieScriptDocument *self)
{
  if (self->group_depth == 0)
    changed (self);
}

DocFile *
_vigie_doc_root_file (VigieScriptDocument *self)
{
  return g_ptr_array_index (self->files, 0);
}

JsonArray *
_vigie_doc_ensure_nodes (DocFile *file)
{
  JsonObject *root = json_node_get_object (file->root);

  if (_vigie_doc_file_nodes (file) == NULL)
    json_object_set_array_member (root, "nodes", json_array_new ());
  return _vigie_doc_file_nodes (file);
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
  _vigie_doc_reindex (self);
  self->saved_serial = G_MAXUINT; /* never saved: modified */
  return self;
}

gboolean
_vigie_doc_load_file (VigieScriptDocument  *self,
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
          if (!_vigie_doc_load_file (self, folder, child, error))
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

  if (!_vigie_doc_load_file (self, folder, root, error))
    return NULL;
  self->file = g_object_ref (root);
  _vigie_doc_reindex (self);

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
  g_free (_vigie_doc_root_file (self)->path);
  _vigie_doc_root_file (self)->path = g_steal_pointer (&base);
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
  return json_node_get_object (_vigie_doc_root_file (self)->root);
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

/* Where the node is: %NULL for a %NULL or unknown id. */
NodeRef *
_vigie_doc_find_ref (VigieScriptDocument *self,
                     const char          *node_id)
{
  return node_id != NULL ? g_hash_table_lookup (self->by_id, node_id) : NULL;
}

DocFile *
_vigie_doc_ref_file (VigieScriptDocument *self,
                     const NodeRef       *ref)
{
  return g_ptr_array_index (self->files, ref->file);
}

JsonObject *
vigie_script_document_lookup (VigieScriptDocument *self,
                              const char          *node_id)
{
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  if (!(ref = _vigie_doc_find_ref (self, node_id)))
    return NULL;
  return json_array_get_object_element (_vigie_doc_file_nodes (_vigie_doc_ref_file (self, ref)), ref->index);
}

const char *
vigie_script_document_get_node_file (VigieScriptDocument *self,
                                     const char          *node_id)
{
  NodeRef *ref;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), NULL);
  ref = _vigie_doc_find_ref (self, node_id);
  return ref != NULL ? _vigie_doc_ref_file (self, ref)->path : NULL;
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
add_next_cb (JsonArray *array,
             guint      index,
             JsonNode  *element,
             gpointer   user_data)
{
  if (JSON_NODE_HOLDS_OBJECT (element))
    add_target (user_data, json_node_get_object (element), "next");
}

/* A node's choices or thresholds, each with its "next". */
static void
add_array_targets (GPtrArray  *targets,
                   JsonObject *node,
                   const char *member)
{
  JsonArray *array = vigie_json_member_array (node, member);

  if (array != NULL)
    json_array_foreach_element (array, add_next_cb, targets);
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
  _vigie_doc_reindex (self);
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

      diagnostic->file = g_strdup (_vigie_doc_root_file (self)->path);
      diagnostic->code = VIGIE_SCRIPT_ERROR_NOT_FOUND;
      diagnostic->message = g_strdup (error->message);
      found = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_diagnostic_free);
      g_ptr_array_add (found, diagnostic);
    }
  else
    {
      root = g_file_resolve_relative_path (folder, _vigie_doc_root_file (self)->path);
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

/**
 * vigie_script_document_check_valid:
 * @self: a document
 * @headline: what refusing means, the first line of the error
 * @error: return location for a #GError
 *
 * The engine's loader is the judge: on errors, @error gives @headline and
 * then every problem, one a line.
 *
 * Returns: (transfer full) (nullable): the script, %NULL if it has errors
 */
VigieScript *
vigie_script_document_check_valid (VigieScriptDocument  *self,
                                   const char           *headline,
                                   GError              **error)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  VigieScript *script = vigie_script_document_check (self, &diagnostics);
  g_autoptr(GString) message = NULL;

  if (script != NULL)
    return script;
  message = g_string_new (headline);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *line = vigie_script_diagnostic_format (g_ptr_array_index (diagnostics, i));

      g_string_append_printf (message, "\n%s", line);
    }
  g_set_error_literal (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                       message->str);
  return NULL;
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
  g_autoptr(VigieScript) script = NULL;
  g_autoptr(GFile) root = NULL;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  script = vigie_script_document_check_valid (self, _("the script has errors, nothing was written:"), error);
  if (script == NULL || !write_files (self, folder, error))
    return FALSE;
  root = g_file_resolve_relative_path (folder, _vigie_doc_root_file (self)->path);
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
  _vigie_doc_will_change (self);
  json_node_unref (self->cases);
  self->cases = vigie_script_json_copy (cases);
  _vigie_doc_did_change (self);
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
