/* vigie-designer-window-fields.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The designer's form rows: each one bound to a member of a node (or of
 * the root file), read from the document and written back as one edit.
 */
#define G_LOG_DOMAIN "vigie-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-designer-window-private.h"
#include "vigie-json.h"

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  g_free (binding->node_id);
  g_free (binding->member);
  g_free (binding->sub);
  g_free (binding);
}

static Binding *
bind (GObject    *widget,
      const char *node_id,
      const char *member,
      int         index,
      const char *sub,
      int         kind)
{
  Binding *binding = g_new0 (Binding, 1);

  binding->node_id = g_strdup (node_id);
  binding->member = g_strdup (member);
  binding->index = index;
  binding->sub = g_strdup (sub);
  binding->kind = kind;
  g_object_set_data_full (widget, "binding", binding, binding_free);
  return binding;
}


JsonNode *
_vigie_designer_text_to_value (const char *text,
                               int         kind)
{
  JsonNode *node;

  if (text == NULL || *text == '\0')
    return NULL;
  if (kind == VALUE_NUMBER)
    {
      double number;

      if (!vigie_script_parse_number (text, &number))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      if (number == (double) (gint64) number)
        json_node_set_int (node, (gint64) number);
      else
        json_node_set_double (node, number);
      return node;
    }
  if (kind == VALUE_LIST)
    {
      g_auto(GStrv) words = g_strsplit (text, ",", -1);
      JsonArray *array = json_array_new ();

      for (guint i = 0; words[i]; i++)
        if (*g_strstrip (words[i]))
          json_array_add_string_element (array, words[i]);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      return node;
    }
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, text);
  return node;
}

char *
_vigie_designer_value_to_text (JsonNode *node)
{
  char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) words = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *word = json_array_get_string_element (array, i);

          if (word)
            g_strv_builder_add (builder, word);
        }
      words = g_strv_builder_end (builder);
      return g_strjoinv (", ", words);
    }
  text = vigie_json_scalar_to_text (node, "true", "false");
  return text ? text : g_strdup ("");
}

static JsonObject *
binding_object (VigieDesignerWindow *self,
                const char          *node_id)
{
  return node_id ? vigie_script_document_lookup (self->document, node_id)
                 : vigie_script_document_get_root (self->document);
}

static JsonNode *
binding_get (VigieDesignerWindow *self,
             Binding             *binding)
{
  JsonObject *object = binding_object (self, binding->node_id);
  JsonNode *member;
  JsonObject *element;
  g_auto(GStrv) path = NULL;

  if (object == NULL || !(member = json_object_get_member (object, binding->member)))
    return NULL;
  if (binding->index < 0)
    return member;
  if (!JSON_NODE_HOLDS_ARRAY (member) ||
      binding->index >= (int) json_array_get_length (json_node_get_array (member)) ||
      !(element = json_array_get_object_element (json_node_get_array (member), binding->index)))
    return NULL;
  path = g_strsplit (binding->sub, ".", 2);
  if (path[1] != NULL)
    {
      JsonNode *inner = json_object_get_member (element, path[0]);

      if (inner == NULL || !JSON_NODE_HOLDS_OBJECT (inner))
        return NULL;
      return json_object_get_member (json_node_get_object (inner), path[1]);
    }
  return json_object_get_member (element, binding->sub);
}

/* A copy of the array member with @value set (or, NULL, removed) at
 * the binding's element and sub-member; NULL if the member is no array. */
static JsonNode *
element_with_value (VigieDesignerWindow *self,
                    Binding             *binding,
                    JsonNode            *value)
{
  JsonObject *object = binding_object (self, binding->node_id);
  JsonNode *member = object ? json_object_get_member (object, binding->member) : NULL;
  g_auto(GStrv) path = g_strsplit (binding->sub, ".", 2);
  const char *name = path[1] ? path[1] : path[0];
  JsonNode *copy;
  JsonObject *element;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return NULL;
  copy = vigie_script_json_copy (member);
  element = json_array_get_object_element (json_node_get_array (copy), binding->index);
  if (path[1] != NULL)
    {
      if (!json_object_has_member (element, path[0]))
        json_object_set_object_member (element, path[0], json_object_new ());
      element = json_object_get_object_member (element, path[0]);
    }
  if (value)
    json_object_set_member (element, name, vigie_script_json_copy (value));
  else if (json_object_has_member (element, name))
    json_object_remove_member (element, name);
  return copy;
}

/* One edit of the document for one field of the form. */
static gboolean
apply (VigieDesignerWindow *self,
       Binding             *binding,
       JsonNode            *value,
       gboolean             rebuild)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) copy = NULL;
  gboolean ok;

  if (self->syncing || self->document == NULL)
    return FALSE;
  if (binding->index >= 0 && !(copy = element_with_value (self, binding, value)))
    return FALSE;
  self->applying = !rebuild;
  ok = vigie_script_document_set_member (self->document, binding->node_id, binding->member,
                                         copy ? copy : value, &error);
  self->applying = FALSE;
  if (!ok)
    _vigie_designer_window_toast (self, error->message);
  return ok;
}

/* Entry rows ------------------------------------------------------------- */

static void
entry_apply_cb (AdwEntryRow         *row,
                VigieDesignerWindow *self)
{
  Binding *binding = g_object_get_data (G_OBJECT (row), "binding");
  g_autoptr(JsonNode) value = _vigie_designer_text_to_value (gtk_editable_get_text (GTK_EDITABLE (row)), binding->kind);
  /* Renaming changes every reference: the form follows. */
  gboolean rebuild = g_str_equal (binding->member, "id") || g_strcmp0 (binding->sub, "next") == 0;

  if (g_str_equal (binding->member, "id") && binding->index < 0 && binding->node_id)
    {
      g_autofree char *new_id = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
      g_autoptr(GError) error = NULL;

      if (!vigie_script_document_rename_node (self->document, binding->node_id, new_id, &error))
        _vigie_designer_window_toast (self, error->message);
      else
        vigie_designer_window_select_node (self, new_id);
      return;
    }
  apply (self, binding, value, rebuild);
}

GtkWidget *
_vigie_designer_entry_row (VigieDesignerWindow *self,
                           const char          *title,
                           const char          *node_id,
                           const char          *member,
                           int                  index,
                           const char          *sub,
                           int                  kind)
{
  GtkWidget *row = adw_entry_row_new ();
  Binding *binding = bind (G_OBJECT (row), node_id, member, index, sub, kind);
  g_autofree char *text = _vigie_designer_value_to_text (binding_get (self, binding));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect (row, "apply", G_CALLBACK (entry_apply_cb), self);
  g_signal_connect (row, "entry-activated", G_CALLBACK (entry_apply_cb), self);
  return row;
}

/* Combo rows: a readable label for each value the file holds. */
/* The fields each kind of node may hold, as the loader accepts them:
 * changing a node's kind drops the others in the same undo step. */
static const char * const *
kind_fields (const char *type)
{
  static const char * const choice[] = { "id", "type", "text", "comment", "choices", NULL };
  static const char * const yesno[] = { "id", "type", "text", "comment", "yes", "no", NULL };
  static const char * const info[] = { "id", "type", "text", "comment", "next", NULL };
  static const char * const number[] = {
    "id", "type", "text", "comment", "unit", "min", "max", "thresholds", "otherwise", NULL
  };
  static const char * const text[] = { "id", "type", "text", "comment", "next", "optional", NULL };
  static const char * const outcome[] = {
    "id", "type", "text", "comment", "nature", "gravity", "urgency", "decision", "defer", "roster",
    "escalation", "alert", NULL
  };

  if (g_strcmp0 (type, "choice") == 0)
    return choice;
  if (g_strcmp0 (type, "yesno") == 0)
    return yesno;
  if (g_strcmp0 (type, "info") == 0)
    return info;
  if (g_strcmp0 (type, "number") == 0)
    return number;
  if (g_strcmp0 (type, "text") == 0)
    return text;
  return outcome;
}

static void
change_kind (VigieDesignerWindow *self,
             const char          *node_id,
             const char          *type)
{
  JsonObject *node = vigie_script_document_lookup (self->document, node_id);
  g_autoptr(GList) names = node ? json_object_get_members (node) : NULL;
  const char * const *allowed = kind_fields (type);

  vigie_script_document_begin_group (self->document);
  vigie_script_document_set_string (self->document, node_id, "type", type, NULL);
  for (GList *l = names; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      vigie_script_document_set_member (self->document, node_id, l->data, NULL, NULL);
  if (g_str_equal (type, "outcome") && !json_object_has_member (node, "decision"))
    vigie_script_document_set_string (self->document, node_id, "decision", "log", NULL);
  if (g_str_equal (type, "choice") && !json_object_has_member (node, "choices"))
    {
      g_autoptr(JsonNode) choices = vigie_script_json_parse ("[{\"label\": \"1\"}]", -1, NULL);

      vigie_script_document_set_member (self->document, node_id, "choices", choices, NULL);
    }
  vigie_script_document_end_group (self->document);
}

static void
combo_selected_cb (AdwComboRow         *row,
                   GParamSpec          *pspec,
                   VigieDesignerWindow *self)
{
  Binding *binding = g_object_get_data (G_OBJECT (row), "binding");
  const char * const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(JsonNode) value = NULL;
  gboolean rebuild = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "rebuild"));

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION || values[selected] == NULL)
    return;
  if (g_str_equal (binding->member, "type") && binding->node_id && binding->index < 0)
    {
      change_kind (self, binding->node_id, values[selected]);
      return;
    }
  if (*values[selected] != '\0')
    value = _vigie_designer_text_to_value (values[selected], binding->kind);
  apply (self, binding, value, rebuild);
}

GtkWidget *
_vigie_designer_combo_row (VigieDesignerWindow *self,
                           const char          *title,
                           const char * const  *labels,
                           const char * const  *values,
                           const char          *node_id,
                           const char          *member,
                           int                  index,
                           const char          *sub,
                           int                  kind,
                           gboolean             rebuild)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  Binding *binding = bind (G_OBJECT (row), node_id, member, index, sub, kind);
  g_autofree char *current = _vigie_designer_value_to_text (binding_get (self, binding));
  guint selected = 0;

  for (guint i = 0; values[i]; i++)
    {
      gtk_string_list_append (model, labels[i]);
      if (g_strcmp0 (values[i], current) == 0)
        selected = i;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  self->syncing = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  self->syncing = FALSE;
  g_object_set_data (G_OBJECT (row), "values", (gpointer) values);
  g_object_set_data (G_OBJECT (row), "rebuild", GINT_TO_POINTER (rebuild));
  g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected_cb), self);
  return row;
}

/* A target: one of the script's nodes, or none yet. */
static void
target_selected_cb (GtkDropDown         *dropdown,
                    GParamSpec          *pspec,
                    VigieDesignerWindow *self)
{
  Binding *binding = g_object_get_data (G_OBJECT (dropdown), "binding");
  guint selected = gtk_drop_down_get_selected (dropdown);
  GListModel *model = gtk_drop_down_get_model (dropdown);
  g_autoptr(GtkStringObject) item = NULL;
  g_autoptr(JsonNode) value = NULL;

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected > 0)
    {
      item = g_list_model_get_item (model, selected);
      value = _vigie_designer_text_to_value (gtk_string_object_get_string (item), VALUE_STRING);
    }
  apply (self, binding, value, TRUE);
}

void
_vigie_designer_window_rebuild_ids (VigieDesignerWindow *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_hash_table_remove_all (self->id_positions);
  g_ptr_array_add (ids, (gpointer) _("(none)"));
  for (guint i = 0; self->document && i < vigie_script_document_get_n_nodes (self->document); i++)
    {
      const char *id = json_object_get_string_member_with_default (vigie_script_document_get_node (self->document, i),
                                                                   "id", NULL);

      if (id == NULL || g_hash_table_contains (self->id_positions, id))
        continue;
      g_hash_table_insert (self->id_positions, g_strdup (id), GUINT_TO_POINTER (ids->len));
      g_ptr_array_add (ids, (gpointer) id);
    }
  g_ptr_array_add (ids, NULL);
  g_clear_object (&self->ids_model);
  self->ids_model = gtk_string_list_new ((const char * const *) ids->pdata);
}

GtkWidget *
_vigie_designer_target_dropdown (VigieDesignerWindow *self,
                                 const char          *node_id,
                                 const char          *member,
                                 int                  index,
                                 const char          *sub)
{
  GtkWidget *dropdown;
  Binding *binding;
  g_autofree char *current = NULL;

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->ids_model)), NULL);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  binding = bind (G_OBJECT (dropdown), node_id, member, index, sub, VALUE_STRING);
  current = _vigie_designer_value_to_text (binding_get (self, binding));
  self->syncing = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              GPOINTER_TO_UINT (g_hash_table_lookup (self->id_positions, current)));
  self->syncing = FALSE;
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (target_selected_cb), self);
  return dropdown;
}


GtkWidget *
_vigie_designer_target_row (VigieDesignerWindow *self,
                            const char          *title,
                            const char          *node_id,
                            const char          *member)
{
  GtkWidget *row;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->ids_model)) > MAX_MENU_TARGETS)
    return _vigie_designer_entry_row (self, title, node_id, member, -1, NULL, VALUE_STRING);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), _vigie_designer_target_dropdown (self, node_id, member, -1, NULL));
  return row;
}

/* Array elements: move, delete ------------------------------------------- */

/* Where the element at @k of the rebuilt array comes from when @action
 * ("up", "down", "delete") applies to the element @i of @n; -1: none. */
static int
element_source (const char *action,
                int         i,
                int         k,
                int         n)
{
  int other = g_str_equal (action, "up") ? i - 1 : g_str_equal (action, "down") ? i + 1 : i;

  if (g_str_equal (action, "delete"))
    return k == i ? -1 : k;
  if (other < 0 || other >= n)
    return k;
  /* Moving swaps the element with its neighbour. */
  return k == i ? other : k == other ? i : k;
}

static void
element_action_cb (GtkButton           *button,
                   VigieDesignerWindow *self)
{
  Binding *binding = g_object_get_data (G_OBJECT (button), "binding");
  const char *action = g_object_get_data (G_OBJECT (button), "action");
  JsonObject *object = binding_object (self, binding->node_id);
  JsonNode *member = object ? json_object_get_member (object, binding->member) : NULL;
  g_autoptr(JsonArray) rebuilt = json_array_new ();
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  int n;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return;
  array = json_node_get_array (member);
  n = (int) json_array_get_length (array);
  for (int k = 0; k < n; k++)
    {
      int source = element_source (action, binding->index, k, n);

      if (source >= 0)
        json_array_add_element (rebuilt, vigie_script_json_copy (json_array_get_element (array, source)));
    }
  value = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (value, rebuilt);
  if (!vigie_script_document_set_member (self->document, binding->node_id, binding->member, value, &error))
    _vigie_designer_window_toast (self, error->message);
}

GtkWidget *
_vigie_designer_element_button (VigieDesignerWindow *self,
                                const char          *icon,
                                const char          *tooltip,
                                const char          *action,
                                const char          *node_id,
                                const char          *member,
                                int                  index)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  bind (G_OBJECT (button), node_id, member, index, NULL, VALUE_STRING);
  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (element_action_cb), self);
  return button;
}

static void
add_element_cb (GtkButton           *button,
                VigieDesignerWindow *self)
{
  Binding *binding = g_object_get_data (G_OBJECT (button), "binding");
  JsonObject *template = g_object_get_data (G_OBJECT (button), "template");
  JsonObject *object = binding_object (self, binding->node_id);
  JsonNode *member = object ? json_object_get_member (object, binding->member) : NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) element = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;

  copy = member && JSON_NODE_HOLDS_ARRAY (member) ? vigie_script_json_copy (member) : NULL;
  if (copy == NULL)
    {
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, json_array_new ());
    }
  json_node_set_object (element, template);
  json_array_add_element (json_node_get_array (copy), vigie_script_json_copy (element));
  if (!vigie_script_document_set_member (self->document, binding->node_id, binding->member, copy, &error))
    _vigie_designer_window_toast (self, error->message);
}

GtkWidget *
_vigie_designer_add_button (VigieDesignerWindow *self,
                            const char          *label,
                            const char          *node_id,
                            const char          *member,
                            JsonObject          *template)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "flat");
  bind (G_OBJECT (button), node_id, member, -1, NULL, VALUE_STRING);
  g_object_set_data_full (G_OBJECT (button), "template", template, (GDestroyNotify) json_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (add_element_cb), self);
  return button;
}
