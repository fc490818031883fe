/* vigie-script-document-edit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The designer's edits: members set, nodes added, removed, moved,
 * duplicated and renamed (every reference follows), includes added. Each
 * is one undo step (vigie-script-document.c keeps the history).
 */
#define G_LOG_DOMAIN "vigie-script-document"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-json.h"
#include "vigie-script-document-private.h"

static gboolean
find (VigieScriptDocument  *self,
      const char           *node_id,
      NodeRef             **ref,
      GError              **error)
{
  *ref = _vigie_doc_find_ref (self, node_id);
  if (*ref == NULL)
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_NOT_FOUND,
                   _("there is no node “%s”"), node_id ? node_id : "");
      return FALSE;
    }
  return TRUE;
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
  return vigie_script_document_lookup (self, node_id);
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

  _vigie_doc_will_change (self);
  /* The edit may come from a copy of a different snapshot's object. */
  object = object_for (self, node_id, NULL);
  if (value == NULL)
    json_object_remove_member (object, member);
  else
    json_object_set_member (object, member, vigie_script_json_copy (value));
  _vigie_doc_did_change (self);
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
    return _vigie_doc_root_file (self);
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

  _vigie_doc_will_change (self);
  file = file_by_path (self, file_path);
  nodes = _vigie_doc_ensure_nodes (file);
  position = json_array_get_length (nodes);
  if (after_id != NULL)
    {
      NodeRef *ref = _vigie_doc_find_ref (self, after_id);

      if (ref != NULL && _vigie_doc_ref_file (self, ref) == file)
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
  if (vigie_script_document_get_start (self) == NULL && file == _vigie_doc_root_file (self))
    json_object_set_string_member (vigie_script_document_get_root (self), "start", id);
  _vigie_doc_did_change (self);
  return TRUE;
}

static void
remove_ids (VigieScriptDocument *self,
            GHashTable          *ids)
{
  for (guint f = 0; f < self->files->len; f++)
    {
      DocFile *file = g_ptr_array_index (self->files, f);
      JsonArray *nodes = _vigie_doc_file_nodes (file);

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
  _vigie_doc_will_change (self);
  g_hash_table_add (ids, (gpointer) node_id);
  remove_ids (self, ids);
  _vigie_doc_did_change (self);
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

  _vigie_doc_will_change (self);
  remove_ids (self, doomed);
  _vigie_doc_did_change (self);
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

  _vigie_doc_will_change (self);
  ref = _vigie_doc_find_ref (self, node_id);
  before = _vigie_doc_find_ref (self, before_id);
  file = _vigie_doc_ref_file (self, ref);
  nodes = _vigie_doc_file_nodes (file);
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
  _vigie_doc_did_change (self);
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
  if (!vigie_script_document_add_node (self, _vigie_doc_ref_file (self, ref)->path,
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

typedef struct
{
  const char *old_id;
  const char *new_id;
} Rename;

/* An element of a node's choices or thresholds, or of a rule's outcome list. */
static void
rename_element_cb (JsonArray *array,
                   guint      index,
                   JsonNode  *element,
                   gpointer   user_data)
{
  const Rename *rename = user_data;

  if (JSON_NODE_HOLDS_OBJECT (element))
    rename_in (json_node_get_object (element), "next", rename->old_id, rename->new_id);
  else if (g_strcmp0 (json_node_get_string (element), rename->old_id) == 0)
    json_node_set_string (element, rename->new_id);
}

static void
rename_in_array (JsonObject *object,
                 const char *member,
                 const char *old_id,
                 const char *new_id)
{
  JsonArray *array = vigie_json_member_array (object, member);
  Rename rename = { old_id, new_id };

  if (array != NULL)
    json_array_foreach_element (array, rename_element_cb, &rename);
}

static void
rename_in_node (JsonObject *node,
                const char *old_id,
                const char *new_id,
                const char *old_placeholder,
                const char *new_placeholder)
{
  static const char * const links[] = { "id", "yes", "no", "next", "otherwise" };
  const char *alert;

  for (guint k = 0; k < G_N_ELEMENTS (links); k++)
    rename_in (node, links[k], old_id, new_id);
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

/* A rule's "outcome" condition: one id or a list. */
static void
rename_in_rule (JsonObject *rule,
                const char *old_id,
                const char *new_id)
{
  JsonObject *when = rule ? vigie_json_member_object (rule, "when") : NULL;
  JsonNode *outcome = when ? json_object_get_member (when, "outcome") : NULL;

  if (outcome && JSON_NODE_HOLDS_ARRAY (outcome))
    rename_in_array (when, "outcome", old_id, new_id);
  else if (outcome)
    rename_in (when, "outcome", old_id, new_id);
}

static void
rename_in_file (DocFile    *file,
                const char *old_id,
                const char *new_id)
{
  g_autofree char *old_placeholder = g_strdup_printf ("{answer:%s}", old_id);
  g_autofree char *new_placeholder = g_strdup_printf ("{answer:%s}", new_id);
  JsonObject *root = json_node_get_object (file->root);
  JsonArray *nodes = _vigie_doc_file_nodes (file);
  JsonArray *array = vigie_json_member_array (root, "rules");

  rename_in (root, "start", old_id, new_id);
  for (guint i = 0; nodes && i < json_array_get_length (nodes); i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);

      if (node != NULL)
        rename_in_node (node, old_id, new_id, old_placeholder, new_placeholder);
    }
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    rename_in_rule (json_array_get_object_element (array, i), old_id, new_id);
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

  _vigie_doc_will_change (self);
  /* @old_id may be the node's own string, which the renaming frees. */
  for (guint f = 0; f < self->files->len; f++)
    rename_in_file (g_ptr_array_index (self->files, f), old_copy, new_id);
  _vigie_doc_did_change (self);
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

  _vigie_doc_will_change (self);
  before = _vigie_doc_copy_files (self->files);
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
        if (!_vigie_doc_load_file (self, folder, child, error))
          {
            g_ptr_array_unref (self->files);
            self->files = g_steal_pointer (&before);
            g_ptr_array_remove_index (self->undo, self->undo->len - 1);
            _vigie_doc_reindex (self);
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
  _vigie_doc_did_change (self);
  return TRUE;
}

