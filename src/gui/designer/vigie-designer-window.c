/* vigie-designer-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script designer: one client's script as an outline and a graph,
 * the selected node's form, the rules, the cases as a table, and the
 * problems the engine's loader finds, live. Every edit goes through the
 * core's VigieScriptDocument (undo, validation, atomic files); the window
 * only presents it.
 */
#define G_LOG_DOMAIN "vigie-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-client.h"
#include "vigie-decision.h"
#include "vigie-designer-client-dialog.h"
#include "vigie-designer-graph.h"
#include "vigie-designer-play.h"
#include "vigie-designer-window.h"
#include "vigie-directory.h"
#include "vigie-script-cases.h"
#include "vigie-script-publish.h"

/* Outline items ---------------------------------------------------------- */

#define VIGIE_TYPE_OUTLINE_ITEM (vigie_outline_item_get_type ())
G_DECLARE_FINAL_TYPE (VigieOutlineItem, vigie_outline_item, VIGIE, OUTLINE_ITEM, GObject)

struct _VigieOutlineItem
{
  GObject     parent_instance;
  char       *id;
  char       *label;
  gboolean    is_link;
  GListStore *children;
  VigieOutlineItem *parent;  /* weak: the item that holds this one */
  guint       index;         /* in the parent's children, or among the roots */
};

G_DEFINE_FINAL_TYPE (VigieOutlineItem, vigie_outline_item, G_TYPE_OBJECT)

static void
vigie_outline_item_finalize (GObject *object)
{
  VigieOutlineItem *self = VIGIE_OUTLINE_ITEM (object);

  g_free (self->id);
  g_free (self->label);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (vigie_outline_item_parent_class)->finalize (object);
}

static void
vigie_outline_item_class_init (VigieOutlineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_outline_item_finalize;
}

static void
vigie_outline_item_init (VigieOutlineItem *self)
{
}

/* Case rows -------------------------------------------------------------- */

#define VIGIE_TYPE_CASE_ROW (vigie_case_row_get_type ())
G_DECLARE_FINAL_TYPE (VigieCaseRow, vigie_case_row, VIGIE, CASE_ROW, GObject)

struct _VigieCaseRow
{
  GObject  parent_instance;
  char    *columns[5];   /* name, answers, time, expected, result */
  gboolean passed;
};

G_DEFINE_FINAL_TYPE (VigieCaseRow, vigie_case_row, G_TYPE_OBJECT)

static void
vigie_case_row_finalize (GObject *object)
{
  VigieCaseRow *self = VIGIE_CASE_ROW (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_free (self->columns[i]);
  G_OBJECT_CLASS (vigie_case_row_parent_class)->finalize (object);
}

static void
vigie_case_row_class_init (VigieCaseRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_case_row_finalize;
}

static void
vigie_case_row_init (VigieCaseRow *self)
{
}

/* The window ------------------------------------------------------------- */

struct _VigieDesignerWindow
{
  AdwWindow            parent_instance;

  GtkDropDown         *client_dropdown;
  GtkListView         *outline_view;
  GtkScrolledWindow   *graph_scroller;
  GtkStack            *stack;
  GtkBox              *form_box;
  GtkBox              *case_form_box;
  GtkBox              *rules_box;
  GtkListBox          *problems_list;
  GtkColumnView       *cases_view;
  GtkLabel            *status_label;
  AdwToastOverlay     *toast_overlay;
  VigieDesignerGraph  *graph;

  char                *data_dir;
  GPtrArray           *client_ids;
  GPtrArray           *client_scripts;
  VigieScriptDocument *document;
  VigieScript         *checked;
  GPtrArray           *diagnostics;
  GPtrArray           *results;
  GListStore          *outline_roots;
  GtkSingleSelection  *outline_selection;
  GListStore          *cases_store;
  GtkSingleSelection  *cases_selection;
  char                *selected;
  int                  selected_case;
  GtkStringList       *ids_model;     /* "(none)" then every node id, shared by the target menus */
  GHashTable          *id_positions;  /* node id → position in ids_model */
  GHashTable          *outline_rows;  /* node id → its first VigieOutlineItem */
  GtkTreeListModel    *outline_tree;
  gboolean             applying;
  gboolean             syncing;
  gboolean             discarding;
  guint                forms_idle;
  guint                n_failed;
};

G_DEFINE_FINAL_TYPE (VigieDesignerWindow, vigie_designer_window, ADW_TYPE_WINDOW)

typedef struct
{
  char *node_id;   /* NULL: the root file (rules) */
  char *member;
  int   index;     /* in the member's array, or -1 */
  char *sub;       /* in that element, "when.keywords" for a nested one */
  int   kind;      /* how the text is read */
} Binding;

enum {
  VALUE_STRING,
  VALUE_NUMBER,
  VALUE_LIST,   /* comma-separated words */
};

static void refresh_all (VigieDesignerWindow *self);
static void build_form (VigieDesignerWindow *self);
static void build_case_form (VigieDesignerWindow *self);
static void build_rules (VigieDesignerWindow *self);

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

static void
toast (VigieDesignerWindow *self,
       const char          *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static JsonNode *
text_to_value (const char *text,
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

static char *
value_to_text (JsonNode *node)
{
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
  if (!JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return g_strdup (json_node_get_string (node));
    }
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

/* One edit of the document for one field of the form. */
static gboolean
apply (VigieDesignerWindow *self,
       Binding             *binding,
       JsonNode            *value,
       gboolean             rebuild)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->syncing || self->document == NULL)
    return FALSE;
  self->applying = !rebuild;
  if (binding->index < 0)
    ok = vigie_script_document_set_member (self->document, binding->node_id, binding->member, value, &error);
  else
    {
      JsonObject *object = binding_object (self, binding->node_id);
      JsonNode *member = object ? json_object_get_member (object, binding->member) : NULL;
      g_autoptr(JsonNode) copy = NULL;
      g_auto(GStrv) path = g_strsplit (binding->sub, ".", 2);
      JsonObject *element;

      if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
        {
          self->applying = FALSE;
          return FALSE;
        }
      copy = vigie_script_json_copy (member);
      element = json_array_get_object_element (json_node_get_array (copy), binding->index);
      if (path[1] != NULL)
        {
          if (!json_object_has_member (element, path[0]))
            json_object_set_object_member (element, path[0], json_object_new ());
          element = json_object_get_object_member (element, path[0]);
        }
      if (value)
        json_object_set_member (element, path[1] ? path[1] : path[0], vigie_script_json_copy (value));
      else if (json_object_has_member (element, path[1] ? path[1] : path[0]))
        json_object_remove_member (element, path[1] ? path[1] : path[0]);
      ok = vigie_script_document_set_member (self->document, binding->node_id, binding->member, copy, &error);
    }
  self->applying = FALSE;
  if (!ok)
    toast (self, error->message);
  return ok;
}

/* Entry rows ------------------------------------------------------------- */

static void
entry_apply_cb (AdwEntryRow         *row,
                VigieDesignerWindow *self)
{
  Binding *binding = g_object_get_data (G_OBJECT (row), "binding");
  g_autoptr(JsonNode) value = text_to_value (gtk_editable_get_text (GTK_EDITABLE (row)), binding->kind);
  /* Renaming changes every reference: the form follows. */
  gboolean rebuild = g_str_equal (binding->member, "id") || g_strcmp0 (binding->sub, "next") == 0;

  if (g_str_equal (binding->member, "id") && binding->index < 0 && binding->node_id)
    {
      g_autofree char *new_id = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
      g_autoptr(GError) error = NULL;

      if (!vigie_script_document_rename_node (self->document, binding->node_id, new_id, &error))
        toast (self, error->message);
      else
        vigie_designer_window_select_node (self, new_id);
      return;
    }
  apply (self, binding, value, rebuild);
}

static GtkWidget *
entry_row (VigieDesignerWindow *self,
           const char          *title,
           const char          *node_id,
           const char          *member,
           int                  index,
           const char          *sub,
           int                  kind)
{
  GtkWidget *row = adw_entry_row_new ();
  Binding *binding = bind (G_OBJECT (row), node_id, member, index, sub, kind);
  g_autofree char *text = value_to_text (binding_get (self, binding));

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
    value = text_to_value (values[selected], binding->kind);
  apply (self, binding, value, rebuild);
}

static GtkWidget *
combo_row (VigieDesignerWindow *self,
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
  g_autofree char *current = value_to_text (binding_get (self, binding));
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
      value = text_to_value (gtk_string_object_get_string (item), VALUE_STRING);
    }
  apply (self, binding, value, TRUE);
}

static void
rebuild_ids (VigieDesignerWindow *self)
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

static GtkWidget *
target_dropdown (VigieDesignerWindow *self,
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
  current = value_to_text (binding_get (self, binding));
  self->syncing = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              GPOINTER_TO_UINT (g_hash_table_lookup (self->id_positions, current)));
  self->syncing = FALSE;
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (target_selected_cb), self);
  return dropdown;
}

static GtkWidget *entry_row (VigieDesignerWindow *self, const char *title, const char *node_id,
                             const char *member, int index, const char *sub, int kind);

/* Past a few hundred nodes a menu of every id is slow to build and to
 * read: the id is typed instead, and the check says if it exists. */
#define MAX_MENU_TARGETS 300

static GtkWidget *
target_row (VigieDesignerWindow *self,
            const char          *title,
            const char          *node_id,
            const char          *member)
{
  GtkWidget *row;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->ids_model)) > MAX_MENU_TARGETS)
    return entry_row (self, title, node_id, member, -1, NULL, VALUE_STRING);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), target_dropdown (self, node_id, member, -1, NULL));
  return row;
}

/* Array elements: move, delete ------------------------------------------- */

static void
element_action_cb (GtkButton           *button,
                   VigieDesignerWindow *self)
{
  Binding *binding = g_object_get_data (G_OBJECT (button), "binding");
  const char *action = g_object_get_data (G_OBJECT (button), "action");
  JsonObject *object = binding_object (self, binding->node_id);
  JsonNode *member = object ? json_object_get_member (object, binding->member) : NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonArray) rebuilt = json_array_new ();
  JsonArray *array;
  guint n;
  int i = binding->index;
  g_autoptr(GError) error = NULL;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return;
  copy = vigie_script_json_copy (member);
  array = json_node_get_array (copy);
  n = json_array_get_length (array);
  for (guint k = 0; k < n; k++)
    {
      guint source = k;

      if (g_str_equal (action, "delete") && (int) k == i)
        continue;
      if (g_str_equal (action, "up") && i > 0 && (int) k == i - 1)
        source = i;
      else if (g_str_equal (action, "up") && i > 0 && (int) k == i)
        source = i - 1;
      else if (g_str_equal (action, "down") && i + 1 < (int) n && (int) k == i)
        source = i + 1;
      else if (g_str_equal (action, "down") && i + 1 < (int) n && (int) k == i + 1)
        source = i;
      json_array_add_element (rebuilt, vigie_script_json_copy (json_array_get_element (array, source)));
    }
  {
    g_autoptr(JsonNode) value = json_node_new (JSON_NODE_ARRAY);

    json_node_set_array (value, rebuilt);
    if (!vigie_script_document_set_member (self->document, binding->node_id, binding->member, value, &error))
      toast (self, error->message);
  }
}

static GtkWidget *
element_button (VigieDesignerWindow *self,
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
    toast (self, error->message);
}

static GtkWidget *
add_button (VigieDesignerWindow *self,
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

/* The node form ---------------------------------------------------------- */

static const char * const type_values[] = { "choice", "yesno", "number", "text", "info", "outcome", NULL };
static const char * const gravity_values[] = { "1", "2", "3", "4", NULL };
static const char * const urgency_values[] = { "", "immediate", "high", "normal", "low", NULL };
static const char * const decision_values[] = { "trigger", "defer", "log", NULL };
static const char * const defer_values[] = {
  "", "+30min", "+2h", "08:00", "next-business-day 08:00", "next-opening", NULL
};
static const char * const optional_values[] = { "", "true", NULL };
static const char * const placeholders[] = {
  "{caller}", "{number}", "{company}", "{site}", "{contract}", "{client}", "{note}", "{nature}",
  "{urgency}", "{gravity}", "{priority}", "{deferred_until}", NULL
};

static char *
sample_lookup (const char *name,
               gpointer    user_data)
{
  JsonObject *node = user_data;

  if (g_str_has_prefix (name, "answer:"))
    return g_strdup_printf (_("(answer to “%s”)"), name + strlen ("answer:"));
  if (g_str_equal (name, "caller"))
    return g_strdup ("Mme Claire Martin");
  if (g_str_equal (name, "number"))
    return g_strdup ("+33 6 12 34 56 78");
  if (g_str_equal (name, "company"))
    return g_strdup ("Résidence Les Tilleuls");
  if (g_str_equal (name, "site"))
    return g_strdup ("Bâtiment B, 12 rue des Lilas");
  if (g_str_equal (name, "contract"))
    return g_strdup ("Standard : heures ouvrées");
  if (g_str_equal (name, "client"))
    return g_strdup (_("the client"));
  if (g_str_equal (name, "note"))
    return g_strdup (_("Called back twice"));
  if (g_str_equal (name, "nature"))
    return g_strdup (json_object_get_string_member_with_default (node, "nature", "—"));
  if (g_str_equal (name, "urgency"))
    return g_strdup (json_object_get_string_member_with_default (node, "urgency", "—"));
  if (g_str_equal (name, "gravity") || g_str_equal (name, "priority"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (node, "gravity", 1));
  if (g_str_equal (name, "deferred_until"))
    return g_strdup ("2026-12-07 08:00");
  return NULL;
}

static void
update_preview (GtkLabel   *preview,
                const char *template_text,
                JsonObject *node)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (template_text == NULL || *template_text == '\0')
    {
      gtk_label_set_text (preview, _("No alert text: the on-call person gets the nature only."));
      return;
    }
  text = vigie_script_expand_template (template_text, sample_lookup, node, &error);
  if (text == NULL)
    {
      gtk_label_set_text (preview, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (preview), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (preview), "error");
  gtk_label_set_text (preview, text);
}

static void
alert_changed_cb (GtkEditable *editable,
                  GtkLabel    *preview)
{
  JsonObject *node = g_object_get_data (G_OBJECT (preview), "node");

  update_preview (preview, gtk_editable_get_text (editable), node);
}

static void
placeholder_cb (GtkButton *button,
                GtkWidget *row)
{
  int position = gtk_editable_get_position (GTK_EDITABLE (row));

  gtk_editable_insert_text (GTK_EDITABLE (row), gtk_button_get_label (button), -1, &position);
  gtk_widget_grab_focus (row);
  gtk_editable_set_position (GTK_EDITABLE (row), position);
}

static GtkWidget *
group (GtkBox     *box,
       const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (box, group);
  return group;
}

static void
build_choices (VigieDesignerWindow *self,
               JsonObject          *node,
               const char          *id)
{
  GtkWidget *choices = group (self->form_box, _("Choices"));
  JsonNode *member = json_object_get_member (node, "choices");
  JsonObject *template = json_object_new ();
  guint n = member && JSON_NODE_HOLDS_ARRAY (member) ? json_array_get_length (json_node_get_array (member)) : 0;

  json_object_set_string_member (template, "label", _("New choice"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (choices),
                                           add_button (self, _("_Add Choice"), id, "choices", template));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label = entry_row (self, _("Label"), id, "choices", (int) i, "label", VALUE_STRING);
      GtkWidget *key = entry_row (self, _("Key (for automation)"), id, "choices", (int) i, "key", VALUE_STRING);
      GtkWidget *next = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Choice %u leads to"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (next), title);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->ids_model)) > MAX_MENU_TARGETS)
        {
          GtkWidget *target = entry_row (self, title, id, "choices", (int) i, "next", VALUE_STRING);

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), target);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (next), "");
        }
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (next), target_dropdown (self, id, "choices", (int) i, "next"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (next),
                                 element_button (self, "go-up-symbolic", _("Move Up"), "up", id, "choices", (int) i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (next),
                                 element_button (self, "go-down-symbolic", _("Move Down"), "down", id, "choices", (int) i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (next),
                                 element_button (self, "user-trash-symbolic", _("Delete Choice"), "delete", id, "choices", (int) i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), key);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), next);
    }
}

static void
build_thresholds (VigieDesignerWindow *self,
                  JsonObject          *node,
                  const char          *id)
{
  GtkWidget *thresholds = group (self->form_box, _("Thresholds"));
  JsonNode *member = json_object_get_member (node, "thresholds");
  JsonObject *template = json_object_new ();
  guint n = member && JSON_NODE_HOLDS_ARRAY (member) ? json_array_get_length (json_node_get_array (member)) : 0;

  json_object_set_int_member (template, "below", 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (thresholds),
                                           add_button (self, _("_Add Threshold"), id, "thresholds", template));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *below = entry_row (self, _("Below"), id, "thresholds", (int) i, "below", VALUE_NUMBER);

      adw_entry_row_add_suffix (ADW_ENTRY_ROW (below), target_dropdown (self, id, "thresholds", (int) i, "next"));
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (below),
                                element_button (self, "user-trash-symbolic", _("Delete Threshold"), "delete", id, "thresholds", (int) i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (thresholds), below);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (thresholds), target_row (self, _("Otherwise"), id, "otherwise"));
}

static void
build_outcome (VigieDesignerWindow *self,
               JsonObject          *node,
               const char          *id)
{
  static const char *gravity_labels[5], *urgency_labels[6], *decision_labels[4], *defer_labels[7];
  GtkWidget *outcome = group (self->form_box, _("Outcome"));
  GtkWidget *alert = group (self->form_box, _("Alert"));
  GtkWidget *alert_row, *preview, *menu, *popover, *flow;

  gravity_labels[0] = _("1 — minor");
  gravity_labels[1] = _("2 — moderate");
  gravity_labels[2] = _("3 — serious");
  gravity_labels[3] = _("4 — critical");
  urgency_labels[0] = _("Not set");
  urgency_labels[1] = _("Immediate");
  urgency_labels[2] = _("High");
  urgency_labels[3] = _("Normal");
  urgency_labels[4] = _("Low");
  decision_labels[0] = _("Trigger the on-call person now");
  decision_labels[1] = _("Defer the alert");
  decision_labels[2] = _("Log only");
  defer_labels[0] = _("No deferral");
  defer_labels[1] = _("In 30 minutes");
  defer_labels[2] = _("In 2 hours");
  defer_labels[3] = _("At the next 08:00");
  defer_labels[4] = _("Next business day at 08:00");
  defer_labels[5] = _("When the client next opens");

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             entry_row (self, _("Nature"), id, "nature", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             combo_row (self, _("Decision"), decision_labels, decision_values, id, "decision", -1, NULL,
                                        VALUE_STRING, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             combo_row (self, _("Gravity"), gravity_labels, gravity_values, id, "gravity", -1, NULL,
                                        VALUE_NUMBER, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             combo_row (self, _("Urgency"), urgency_labels, urgency_values, id, "urgency", -1, NULL,
                                        VALUE_STRING, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             combo_row (self, _("Deferral"), defer_labels, defer_values, id, "defer", -1, NULL,
                                        VALUE_STRING, TRUE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             entry_row (self, _("Deferral rule (as written)"), id, "defer", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             entry_row (self, _("On-call roster"), id, "roster", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             entry_row (self, _("Escalation"), id, "escalation", -1, NULL, VALUE_STRING));

  alert_row = entry_row (self, _("Alert text"), id, "alert", -1, NULL, VALUE_STRING);
  menu = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "list-add-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Insert a Placeholder"));
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu, "flat");
  popover = gtk_popover_new ();
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
  for (guint i = 0; placeholders[i]; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (placeholders[i]);

      gtk_widget_add_css_class (button, "flat");
      g_signal_connect (button, "clicked", G_CALLBACK (placeholder_cb), alert_row);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), flow);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (alert_row), menu);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (alert), alert_row);

  preview = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (preview), TRUE);
  gtk_label_set_xalign (GTK_LABEL (preview), 0);
  gtk_widget_set_margin_top (preview, 6);
  gtk_widget_add_css_class (preview, "dim-label");
  g_object_set_data (G_OBJECT (preview), "node", node);
  update_preview (GTK_LABEL (preview), gtk_editable_get_text (GTK_EDITABLE (alert_row)), node);
  g_signal_connect (alert_row, "changed", G_CALLBACK (alert_changed_cb), preview);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (alert),
                                         _("Preview on a sample call:"));
  gtk_box_append (self->form_box, preview);
}

static void
node_action_cb (GtkButton           *button,
                VigieDesignerWindow *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "action");

  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

static GtkWidget *
action_button (VigieDesignerWindow *self,
               const char          *label,
               const char          *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (node_action_cb), self);
  return button;
}

static void
build_form (VigieDesignerWindow *self)
{
  static const char *type_labels[7];
  GtkWidget *child, *general, *actions, *flow;
  JsonObject *node;
  const char *type;

  type_labels[0] = _("Question with choices");
  type_labels[1] = _("Yes/no question");
  type_labels[2] = _("Number question");
  type_labels[3] = _("Free-text question");
  type_labels[4] = _("Instruction to read");
  type_labels[5] = _("Outcome");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form_box))))
    gtk_box_remove (self->form_box, child);
  if (self->document == NULL)
    return;

  actions = group (self->form_box, NULL);
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("Add _Question"), "designer.add-question"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("Add _Outcome"), "designer.add-outcome"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("Add _Instruction"), "designer.add-info"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("_Duplicate"), "designer.duplicate"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("Move _Up"), "designer.move-up"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("Move Do_wn"), "designer.move-down"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("_Start Here"), "designer.make-start"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("D_elete"), "designer.delete"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("Delete _Branch"), "designer.delete-branch"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button (self, _("Include a _Shared Branch"), "designer.include"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (actions), flow);

  node = vigie_script_document_lookup (self->document, self->selected);
  if (node == NULL)
    {
      GtkWidget *script = group (self->form_box, _("Script"));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (script),
                                 entry_row (self, _("Title"), NULL, "title", -1, NULL, VALUE_STRING));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (script),
                                 entry_row (self, _("Description"), NULL, "description", -1, NULL, VALUE_STRING));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (script),
                                 entry_row (self, _("Time zone"), NULL, "timezone", -1, NULL, VALUE_STRING));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (script), target_row (self, _("Start"), NULL, "start"));
      return;
    }

  type = json_object_get_string_member_with_default (node, "type", "");
  general = group (self->form_box, self->selected);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (general),
                                         vigie_script_document_get_node_file (self->document, self->selected));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             entry_row (self, _("Identifier"), self->selected, "id", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             combo_row (self, _("Kind"), type_labels, type_values, self->selected, "type", -1, NULL,
                                        VALUE_STRING, TRUE));
  if (!g_str_equal (type, "outcome"))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                               entry_row (self, g_str_equal (type, "info") ? _("Text to read") : _("Question"),
                                          self->selected, "text", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             entry_row (self, _("Comment for designers"), self->selected, "comment", -1, NULL, VALUE_STRING));

  if (g_str_equal (type, "choice"))
    build_choices (self, node, self->selected);
  else if (g_str_equal (type, "yesno"))
    {
      GtkWidget *answers = group (self->form_box, _("Answers"));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (answers), target_row (self, _("Yes leads to"), self->selected, "yes"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (answers), target_row (self, _("No leads to"), self->selected, "no"));
    }
  else if (g_str_equal (type, "number"))
    {
      GtkWidget *number = group (self->form_box, _("Number"));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (number),
                                 entry_row (self, _("Unit"), self->selected, "unit", -1, NULL, VALUE_STRING));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (number),
                                 entry_row (self, _("Minimum"), self->selected, "min", -1, NULL, VALUE_NUMBER));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (number),
                                 entry_row (self, _("Maximum"), self->selected, "max", -1, NULL, VALUE_NUMBER));
      build_thresholds (self, node, self->selected);
    }
  else if (g_str_equal (type, "text") || g_str_equal (type, "info"))
    {
      GtkWidget *next = group (self->form_box, NULL);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (next), target_row (self, _("Then"), self->selected, "next"));
      if (g_str_equal (type, "text"))
        {
          static const char *optional_labels[3];

          optional_labels[0] = _("An answer is required");
          optional_labels[1] = _("The answer may be left empty");
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (next),
                                     combo_row (self, _("Answer"), optional_labels, optional_values, self->selected,
                                                "optional", -1, NULL, VALUE_STRING, FALSE));
        }
    }
  else if (g_str_equal (type, "outcome"))
    build_outcome (self, node, self->selected);
}

/* Rules ------------------------------------------------------------------ */

/* A rule read out in the designer's words: "If a VIP calls, gravity at
 * least 3: trigger, priority +1". */
static char *
describe_rule (JsonObject *rule)
{
  JsonObject *when = json_object_has_member (rule, "when") ? json_object_get_object_member (rule, "when") : NULL;
  const char *force = json_object_get_string_member_with_default (rule, "force", NULL);
  gint64 priority = json_object_get_int_member_with_default (rule, "priority", 0);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  if (when && json_object_has_member (when, "keywords"))
    {
      g_autofree char *words = value_to_text (json_object_get_member (when, "keywords"));

      g_ptr_array_add (parts, g_strdup_printf (_("the note or the answers say %s"), words));
    }
  if (when && json_object_get_boolean_member_with_default (when, "vip", FALSE))
    g_ptr_array_add (parts, g_strdup (_("a VIP calls")));
  if (when && json_object_has_member (when, "contract"))
    {
      g_autofree char *contract = value_to_text (json_object_get_member (when, "contract"));

      g_ptr_array_add (parts, g_strdup_printf (_("contract %s"), contract));
    }
  if (when && json_object_has_member (when, "gravity_at_least"))
    g_ptr_array_add (parts, g_strdup_printf (_("gravity at least %d"),
                                             (int) json_object_get_int_member (when, "gravity_at_least")));
  if (when && json_object_has_member (when, "gravity_at_most"))
    g_ptr_array_add (parts, g_strdup_printf (_("gravity at most %d"),
                                             (int) json_object_get_int_member (when, "gravity_at_most")));
  if (when && json_object_has_member (when, "time"))
    g_ptr_array_add (parts, g_strdup_printf (_("between %s"), json_object_get_string_member (when, "time")));
  if (when && json_object_has_member (when, "open"))
    g_ptr_array_add (parts, g_strdup (json_object_get_boolean_member (when, "open") ? _("during opening hours")
                                                                                    : _("outside opening hours")));
  if (parts->len == 0)
    g_string_append (text, _("Always"));
  else
    {
      g_ptr_array_add (parts, NULL);
      {
        g_autofree char *joined = g_strjoinv (", ", (char **) parts->pdata);

        g_string_append_printf (text, _("If %s"), joined);
      }
    }
  if (force)
    {
      VigieDecisionKind kind = vigie_decision_kind_from_string (force);

      g_string_append (text, kind == VIGIE_DECISION_TRIGGER ? _(": trigger")
                             : kind == VIGIE_DECISION_DEFER ? _(": defer") : _(": log only"));
    }
  if (priority)
    g_string_append_printf (text, _(", priority %+d"), (int) priority);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
build_rules (VigieDesignerWindow *self)
{
  static const char *force_labels[5];
  static const char * const force_values[] = { "", "trigger", "defer", "log", NULL };
  static const char * const final_values[] = { "", "true", NULL };
  static const char *final_labels[3];
  GtkWidget *child, *rules;
  JsonObject *root;
  JsonNode *member;
  JsonObject *template;
  guint n;

  force_labels[0] = _("Do not change the decision");
  force_labels[1] = _("Trigger the on-call person now");
  force_labels[2] = _("Defer the alert");
  force_labels[3] = _("Log only");
  final_labels[0] = _("Later rules may still apply");
  final_labels[1] = _("Stop here: later rules do not apply");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rules_box))))
    gtk_box_remove (self->rules_box, child);
  if (self->document == NULL)
    return;

  root = vigie_script_document_get_root (self->document);
  member = json_object_get_member (root, "rules");
  n = member && JSON_NODE_HOLDS_ARRAY (member) ? json_array_get_length (json_node_get_array (member)) : 0;
  rules = group (self->rules_box, _("Keyword Rules"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (rules),
                                         _("Checked in this order once an outcome is reached. Keywords are "
                                           "words of the note or the answers; “électri*” matches any word "
                                           "starting so."));
  template = json_object_new ();
  json_object_set_string_member (template, "id", "mots-cles");
  json_object_set_object_member (template, "when", json_object_new ());
  json_object_set_array_member (json_object_get_object_member (template, "when"), "keywords", json_array_new ());
  json_object_set_string_member (template, "force", "trigger");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (rules),
                                           add_button (self, _("_Add Rule"), NULL, "rules", template));

  for (guint i = 0; i < n; i++)
    {
      JsonObject *rule = json_array_get_object_element (json_node_get_array (member), i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *summary = rule ? describe_rule (rule) : NULL;

      if (rule == NULL)
        continue;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     json_object_get_string_member_with_default (rule, "id", "?"));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                entry_row (self, _("Identifier"), NULL, "rules", (int) i, "id", VALUE_STRING));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                entry_row (self, _("Description"), NULL, "rules", (int) i, "description", VALUE_STRING));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                entry_row (self, _("Keywords, separated by commas"), NULL, "rules", (int) i,
                                           "when.keywords", VALUE_LIST));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                entry_row (self, _("Contract starts with"), NULL, "rules", (int) i,
                                           "when.contract", VALUE_STRING));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                combo_row (self, _("Then"), force_labels, force_values, NULL, "rules", (int) i, "force",
                                           VALUE_STRING, FALSE));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                entry_row (self, _("Priority change (−4 to +4)"), NULL, "rules", (int) i, "priority",
                                           VALUE_NUMBER));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                combo_row (self, _("Afterwards"), final_labels, final_values, NULL, "rules", (int) i,
                                           "final", VALUE_STRING, FALSE));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                                   element_button (self, "user-trash-symbolic", _("Delete Rule"), "delete", NULL, "rules", (int) i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (rules), expander);
    }
}

/* Cases ------------------------------------------------------------------ */

static JsonArray *
cases_array (VigieDesignerWindow *self)
{
  JsonNode *cases = vigie_script_document_get_cases (self->document);

  return json_object_get_array_member (json_node_get_object (cases), "cases");
}

static char *
answers_text (JsonObject *test_case)
{
  JsonNode *answers = json_object_get_member (test_case, "answers");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) names = NULL;

  if (answers == NULL || !JSON_NODE_HOLDS_OBJECT (answers))
    return g_strdup ("");
  names = json_object_get_members (json_node_get_object (answers));
  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *value = value_to_text (json_object_get_member (json_node_get_object (answers), l->data));

      g_string_append_printf (text, "%s%s=%s", text->len ? ", " : "", (char *) l->data, value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
decision_label (const char *decision)
{
  switch (vigie_decision_kind_from_string (decision))
    {
    case VIGIE_DECISION_TRIGGER: return _("Trigger");
    case VIGIE_DECISION_DEFER: return _("Defer");
    case VIGIE_DECISION_LOG: return _("Log only");
    case VIGIE_DECISION_NONE:
    default: return "—";
    }
}

static void
fill_cases (VigieDesignerWindow *self)
{
  JsonArray *array = self->document ? cases_array (self) : NULL;
  guint n = array ? json_array_get_length (array) : 0;

  g_list_store_remove_all (self->cases_store);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *test_case = json_array_get_object_element (array, i);
      VigieScriptCaseResult *result = self->results && i < self->results->len
                                      ? g_ptr_array_index (self->results, i) : NULL;
      g_autoptr(VigieCaseRow) row = g_object_new (VIGIE_TYPE_CASE_ROW, NULL);
      JsonObject *expect = test_case && json_object_has_member (test_case, "expect")
                           ? json_object_get_object_member (test_case, "expect") : NULL;

      if (test_case == NULL)
        continue;
      row->columns[0] = g_strdup (json_object_get_string_member_with_default (test_case, "name", ""));
      row->columns[1] = answers_text (test_case);
      row->columns[2] = g_strdup (json_object_get_string_member_with_default (test_case, "at", ""));
      row->columns[3] = g_strdup (expect ? decision_label (json_object_get_string_member_with_default (expect, "decision", NULL))
                                         : "—");
      if (result == NULL)
        row->columns[4] = g_strdup (_("Not run: the script has problems"));
      else if (result->passed)
        row->columns[4] = g_strdup_printf (_("Passes: %s"), decision_label (result->decision));
      else
        row->columns[4] = g_strdup_printf (_("Fails: %s"), result->failure);
      row->passed = result && result->passed;
      g_list_store_append (self->cases_store, row);
    }
  if (self->selected_case >= 0 && (guint) self->selected_case < n)
    gtk_single_selection_set_selected (self->cases_selection, self->selected_case);
}

static void
case_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
case_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  VigieCaseRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_text (GTK_LABEL (label), row->columns[column]);
  gtk_widget_set_tooltip_text (label, row->columns[column]);
  if (column == 4)
    {
      gtk_widget_remove_css_class (label, row->passed ? "error" : "success");
      gtk_widget_add_css_class (label, row->passed ? "success" : "error");
    }
}

/* The case form edits a copy of the cases, set back as one edit. */
static void
case_entry_apply_cb (AdwEntryRow         *row,
                     VigieDesignerWindow *self)
{
  const char *field = g_object_get_data (G_OBJECT (row), "field");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) cases = vigie_script_json_copy (vigie_script_document_get_cases (self->document));
  JsonArray *array = json_object_get_array_member (json_node_get_object (cases), "cases");
  JsonObject *test_case;

  if (self->selected_case < 0 || (guint) self->selected_case >= json_array_get_length (array))
    return;
  test_case = json_array_get_object_element (array, self->selected_case);
  if (g_str_equal (field, "answers"))
    {
      g_auto(GStrv) items = g_strsplit (text, ",", -1);
      JsonObject *answers = json_object_new ();

      for (guint i = 0; items[i]; i++)
        {
          char *equal = strchr (items[i], '=');

          if (equal == NULL)
            continue;
          *equal = '\0';
          g_strstrip (items[i]);
          json_object_set_string_member (answers, items[i], g_strstrip (equal + 1));
        }
      json_object_set_object_member (test_case, "answers", answers);
    }
  else if (g_str_has_prefix (field, "expect."))
    {
      JsonObject *expect;

      if (!json_object_has_member (test_case, "expect"))
        json_object_set_object_member (test_case, "expect", json_object_new ());
      expect = json_object_get_object_member (test_case, "expect");
      if (g_str_equal (field, "expect.fired_rules"))
        json_object_set_member (expect, "fired_rules", text_to_value (*text ? text : ",", VALUE_LIST));
      else if (*text == '\0')
        json_object_remove_member (expect, field + strlen ("expect."));
      else
        json_object_set_string_member (expect, field + strlen ("expect."), text);
    }
  else if (*text == '\0')
    json_object_remove_member (test_case, field);
  else
    json_object_set_string_member (test_case, field, text);
  vigie_script_document_set_cases (self->document, cases);
}

static GtkWidget *
case_entry (VigieDesignerWindow *self,
            const char          *title,
            const char          *field,
            const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "field", (gpointer) field);
  g_signal_connect (row, "apply", G_CALLBACK (case_entry_apply_cb), self);
  g_signal_connect (row, "entry-activated", G_CALLBACK (case_entry_apply_cb), self);
  return row;
}

static void
case_switch_cb (AdwActionRow        *row,
                GParamSpec          *pspec,
                VigieDesignerWindow *self)
{
  GtkSwitch *toggle = g_object_get_data (G_OBJECT (row), "switch");
  g_autoptr(JsonNode) cases = vigie_script_json_copy (vigie_script_document_get_cases (self->document));
  JsonArray *array = json_object_get_array_member (json_node_get_object (cases), "cases");

  if (self->syncing || self->selected_case < 0 || (guint) self->selected_case >= json_array_get_length (array))
    return;
  json_object_set_boolean_member (json_array_get_object_element (array, self->selected_case), "vip",
                                  gtk_switch_get_active (toggle));
  vigie_script_document_set_cases (self->document, cases);
}

static void
build_case_form (VigieDesignerWindow *self)
{
  GtkWidget *child, *form, *vip, *toggle, *buttons;
  JsonArray *array;
  JsonObject *test_case, *expect;
  g_autofree char *answers = NULL;
  g_autofree char *rules = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->case_form_box))))
    gtk_box_remove (self->case_form_box, child);
  if (self->document == NULL)
    return;

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons), action_button (self, _("_Add Case"), "designer.add-case"));
  gtk_box_append (GTK_BOX (buttons), action_button (self, _("_Delete Case"), "designer.delete-case"));
  gtk_box_append (self->case_form_box, buttons);

  array = cases_array (self);
  if (array == NULL || self->selected_case < 0 || (guint) self->selected_case >= json_array_get_length (array))
    return;
  test_case = json_array_get_object_element (array, self->selected_case);
  expect = json_object_has_member (test_case, "expect") ? json_object_get_object_member (test_case, "expect") : NULL;
  answers = answers_text (test_case);
  rules = expect && json_object_has_member (expect, "fired_rules")
          ? value_to_text (json_object_get_member (expect, "fired_rules")) : NULL;

  form = group (self->case_form_box, _("Case"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Name"), "name",
                                         json_object_get_string_member_with_default (test_case, "name", NULL)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Answers (question=answer, …)"), "answers", answers));
  vip = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (vip), _("The caller is a VIP"));
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  self->syncing = TRUE;
  gtk_switch_set_active (GTK_SWITCH (toggle), json_object_get_boolean_member_with_default (test_case, "vip", FALSE));
  self->syncing = FALSE;
  adw_action_row_add_suffix (ADW_ACTION_ROW (vip), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (vip), toggle);
  g_object_set_data (G_OBJECT (toggle), "switch", toggle);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (case_switch_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form), vip);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Contract"), "contract",
                                         json_object_get_string_member_with_default (test_case, "contract", NULL)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Operator's note"), "note",
                                         json_object_get_string_member_with_default (test_case, "note", NULL)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Time (2026-12-25T23:10+01:00)"), "at",
                                         json_object_get_string_member_with_default (test_case, "at", NULL)));

  form = group (self->case_form_box, _("Expected"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Decision (trigger, defer, log)"), "expect.decision",
                                         expect ? json_object_get_string_member_with_default (expect, "decision", NULL) : NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Outcome"), "expect.outcome",
                                         expect ? json_object_get_string_member_with_default (expect, "outcome", NULL) : NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Deferred until"), "expect.deferred_until",
                                         expect ? json_object_get_string_member_with_default (expect, "deferred_until", NULL) : NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Rules fired, in order"), "expect.fired_rules", rules));
}

static void
case_selected_cb (GtkSingleSelection  *selection,
                  GParamSpec          *pspec,
                  VigieDesignerWindow *self)
{
  guint position = gtk_single_selection_get_selected (selection);

  if (self->syncing)
    return;
  self->selected_case = position == GTK_INVALID_LIST_POSITION ? -1 : (int) position;
  build_case_form (self);
}

/* Outline ---------------------------------------------------------------- */

static VigieOutlineItem *
outline_item (VigieDesignerWindow *self,
              const char          *id,
              gboolean             is_link)
{
  VigieOutlineItem *item = g_object_new (VIGIE_TYPE_OUTLINE_ITEM, NULL);
  JsonObject *node = vigie_script_document_lookup (self->document, id);
  const char *type = node ? json_object_get_string_member_with_default (node, "type", "") : "";
  const char *text = node ? json_object_get_string_member_with_default (node, g_str_equal (type, "outcome") ? "nature" : "text", "")
                          : _("missing node");

  item->id = g_strdup (id);
  item->is_link = is_link;
  item->label = is_link ? g_strdup_printf ("→ %s", id) : g_strdup_printf ("%s — %s", id, text);
  return item;
}

/* Each node's first item, to expand the outline down to it on demand:
 * expanding all of a 2,000-node outline up front costs 90 ms. */
static void
count_row (VigieDesignerWindow *self,
           VigieOutlineItem    *item)
{
  if (!item->is_link && !g_hash_table_contains (self->outline_rows, item->id))
    g_hash_table_insert (self->outline_rows, g_strdup (item->id), item);
}

static void
outline_fill (VigieDesignerWindow *self,
              VigieOutlineItem    *item,
              GHashTable          *seen)
{
  JsonObject *node = vigie_script_document_lookup (self->document, item->id);
  g_auto(GStrv) targets = node ? vigie_script_document_get_targets (node) : g_new0 (char *, 1);

  for (guint i = 0; targets[i]; i++)
    {
      gboolean first = !g_hash_table_contains (seen, targets[i]);
      g_autoptr(VigieOutlineItem) child = outline_item (self, targets[i], !first);

      if (item->children == NULL)
        item->children = g_list_store_new (VIGIE_TYPE_OUTLINE_ITEM);
      child->parent = item;
      child->index = g_list_model_get_n_items (G_LIST_MODEL (item->children));
      g_list_store_append (item->children, child);
      count_row (self, child);
      if (first && vigie_script_document_lookup (self->document, targets[i]))
        {
          g_hash_table_add (seen, g_strdup (targets[i]));
          outline_fill (self, child, seen);
        }
    }
}

static void
rebuild_outline (VigieDesignerWindow *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *start;

  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);

  g_hash_table_remove_all (self->outline_rows);
  g_list_store_remove_all (self->outline_roots);
  if (self->document == NULL)
    return;
  start = vigie_script_document_get_start (self->document);
  if (start && vigie_script_document_lookup (self->document, start))
    {
      VigieOutlineItem *root = outline_item (self, start, FALSE);

      g_hash_table_add (seen, g_strdup (start));
      root->index = roots->len;
      count_row (self, root);
      outline_fill (self, root, seen);
      g_ptr_array_add (roots, root);
    }
  /* Nodes no path reaches are listed too: the problems say why. */
  for (guint i = 0; i < vigie_script_document_get_n_nodes (self->document); i++)
    {
      const char *id = json_object_get_string_member_with_default (vigie_script_document_get_node (self->document, i),
                                                                   "id", NULL);

      if (id && !g_hash_table_contains (seen, id))
        {
          VigieOutlineItem *item = outline_item (self, id, FALSE);

          g_hash_table_add (seen, g_strdup (id));
          item->index = roots->len;
          count_row (self, item);
          outline_fill (self, item, seen);
          g_ptr_array_add (roots, item);
        }
    }
  g_list_store_splice (self->outline_roots, 0, 0, roots->pdata, roots->len);
  /* The start and its answers open, for a first look. */
  if (roots->len > 0)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->outline_tree, 0);

      if (row)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static GListModel *
outline_children_cb (gpointer item,
                     gpointer user_data)
{
  VigieOutlineItem *outline = item;

  return outline->children && !outline->is_link ? G_LIST_MODEL (g_object_ref (outline->children)) : NULL;
}

static void
outline_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (item, expander);
}

static void
outline_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  VigieOutlineItem *outline = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (label), outline->label);
  if (outline->is_link)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
  g_object_unref (outline);
}

static void
sync_outline_selection (VigieDesignerWindow *self)
{
  VigieOutlineItem *item = self->selected ? g_hash_table_lookup (self->outline_rows, self->selected) : NULL;
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  g_autoptr(GtkTreeListRow) row = NULL;

  self->syncing = TRUE;
  for (VigieOutlineItem *up = item; up; up = up->parent)
    g_ptr_array_insert (path, 0, up);
  for (guint i = 0; i < path->len; i++)
    {
      VigieOutlineItem *step = g_ptr_array_index (path, i);
      GtkTreeListRow *next;

      if (row)
        gtk_tree_list_row_set_expanded (row, TRUE);
      next = row ? gtk_tree_list_row_get_child_row (row, step->index)
                 : gtk_tree_list_model_get_child_row (self->outline_tree, step->index);
      g_clear_object (&row);
      row = next;
      if (row == NULL)
        break;
    }
  if (row)
    {
      guint position = gtk_tree_list_row_get_position (row);

      gtk_single_selection_set_selected (self->outline_selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->outline_view), "list.scroll-to-item", "u", position);
    }
  else
    gtk_single_selection_set_selected (self->outline_selection, GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
}

static void
outline_selected_cb (GtkSingleSelection  *selection,
                     GParamSpec          *pspec,
                     VigieDesignerWindow *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  g_autoptr(VigieOutlineItem) item = NULL;

  if (self->syncing || row == NULL)
    return;
  item = gtk_tree_list_row_get_item (row);
  vigie_designer_window_select_node (self, item->id);
}

static void
graph_selected_cb (VigieDesignerGraph  *graph,
                   const char          *id,
                   VigieDesignerWindow *self)
{
  vigie_designer_window_select_node (self, id);
}

/* Problems --------------------------------------------------------------- */

static void
problem_activated_cb (GtkListBox          *list,
                      GtkListBoxRow       *row,
                      VigieDesignerWindow *self)
{
  const char *node_id = g_object_get_data (G_OBJECT (row), "node-id");

  if (node_id)
    {
      vigie_designer_window_select_node (self, node_id);
      vigie_designer_window_show_page (self, "node");
    }
}

static void
fill_problems (VigieDesignerWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))))
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; self->diagnostics && i < self->diagnostics->len; i++)
    {
      VigieScriptDiagnostic *diagnostic = g_ptr_array_index (self->diagnostics, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *where = g_strdup_printf ("%s:%u:%u%s%s", diagnostic->file ? diagnostic->file : "",
                                                diagnostic->line, diagnostic->column,
                                                diagnostic->node_id ? " · " : "",
                                                diagnostic->node_id ? diagnostic->node_id : "");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), diagnostic->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-error-symbolic");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), diagnostic->node_id != NULL);
      g_object_set_data_full (G_OBJECT (row), "node-id", g_strdup (diagnostic->node_id), g_free);
      gtk_list_box_append (self->problems_list, row);
    }
}

/* Refresh ---------------------------------------------------------------- */

static void
update_actions (VigieDesignerWindow *self)
{
  gboolean has_document = self->document != NULL;
  gboolean has_node = has_document && vigie_script_document_lookup (self->document, self->selected) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.undo",
                                 has_document && vigie_script_document_can_undo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.redo",
                                 has_document && vigie_script_document_can_redo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.publish",
                                 has_document && self->checked != NULL && self->n_failed == 0 &&
                                 self->results && self->results->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.play", self->checked != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.restore", has_document);
  for (const char * const *name = (const char *[]) { "designer.duplicate", "designer.delete", "designer.delete-branch",
                                                     "designer.move-up", "designer.move-down", "designer.make-start", NULL };
       *name; name++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), *name, has_node);
}

static void
update_status (VigieDesignerWindow *self)
{
  g_autofree char *text = NULL;
  guint n_problems = self->diagnostics ? self->diagnostics->len : 0;
  guint n_cases = self->results ? self->results->len : 0;

  if (self->document == NULL)
    text = g_strdup (_("Choose a client, or create one."));
  else if (n_problems > 0)
    text = g_strdup_printf (ngettext ("%u problem: the script cannot be published until it is fixed",
                                      "%u problems: the script cannot be published until they are fixed",
                                      n_problems), n_problems);
  else if (n_cases == 0)
    text = g_strdup (_("The script is valid; add a case to publish it"));
  else if (self->n_failed > 0)
    text = g_strdup_printf (ngettext ("The script is valid; %u case of %u fails",
                                      "The script is valid; %u cases of %u fail", self->n_failed),
                            self->n_failed, n_cases);
  else
    text = g_strdup_printf (ngettext ("The script is valid and its case passes",
                                      "The script is valid and its %u cases pass", n_cases), n_cases);
  gtk_label_set_text (self->status_label, text);
}

static void
validate (VigieDesignerWindow *self)
{
  g_clear_object (&self->checked);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->n_failed = 0;
  if (self->document == NULL)
    return;
  self->checked = vigie_script_document_check (self->document, &self->diagnostics);
  /* Cases run on every change, as the desk would decide. */
  if (self->checked)
    self->results = vigie_script_cases_run (self->checked, vigie_script_document_get_cases (self->document),
                                            &self->n_failed);
}

/* The forms are rebuilt after the edit's signal handlers have returned:
 * the combo or menu that made the edit is one of the widgets replaced. */
static gboolean
build_forms_idle (gpointer data)
{
  VigieDesignerWindow *self = data;

  self->forms_idle = 0;
  build_form (self);
  build_rules (self);
  build_case_form (self);
  return G_SOURCE_REMOVE;
}

static void
refresh_all (VigieDesignerWindow *self)
{
  validate (self);
  rebuild_ids (self);
  vigie_designer_graph_rebuild (self->graph);
  vigie_designer_graph_set_selected (self->graph, self->selected);
  rebuild_outline (self);
  sync_outline_selection (self);
  fill_problems (self);
  self->syncing = TRUE;
  fill_cases (self);
  self->syncing = FALSE;
  if (!self->applying && self->forms_idle == 0)
    self->forms_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, build_forms_idle, self, NULL);
  update_actions (self);
  update_status (self);
}

static void
document_changed_cb (VigieScriptDocument *document,
                     VigieDesignerWindow *self)
{
  refresh_all (self);
}

/* Actions ---------------------------------------------------------------- */

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);

  if (self->document)
    vigie_script_document_undo (self->document);
}

static void
redo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);

  if (self->document)
    vigie_script_document_redo (self->document);
}

/* A new node follows the selected one and fills its first empty link. */
static void
add_node (VigieDesignerWindow *self,
          JsonObject          *node)
{
  g_autoptr(GError) error = NULL;
  JsonObject *selected = vigie_script_document_lookup (self->document, self->selected);
  const char *file = self->selected ? vigie_script_document_get_node_file (self->document, self->selected) : NULL;
  g_autofree char *id = g_strdup (json_object_get_string_member (node, "id"));
  g_autofree char *from = g_strdup (self->selected);

  vigie_script_document_begin_group (self->document);
  if (vigie_script_document_add_node (self->document, file, from, node, &error) && selected)
    {
      const char *type = json_object_get_string_member_with_default (selected, "type", "");
      const char *slots_yesno[] = { "yes", "no", NULL };
      const char *slots_next[] = { "next", NULL };
      const char *slots_number[] = { "otherwise", NULL };
      const char **slots = g_str_equal (type, "yesno") ? slots_yesno
                         : g_str_equal (type, "number") ? slots_number
                         : g_str_equal (type, "text") || g_str_equal (type, "info") ? slots_next : NULL;

      selected = vigie_script_document_lookup (self->document, from);
      for (guint i = 0; slots && slots[i]; i++)
        if (!json_object_has_member (selected, slots[i]))
          {
            vigie_script_document_set_string (self->document, from, slots[i], id, NULL);
            break;
          }
      if (g_str_equal (type, "choice"))
        {
          JsonNode *choices = json_object_get_member (selected, "choices");
          g_autoptr(JsonNode) copy = choices && JSON_NODE_HOLDS_ARRAY (choices) ? vigie_script_json_copy (choices) : NULL;

          for (guint i = 0; copy && i < json_array_get_length (json_node_get_array (copy)); i++)
            {
              JsonObject *choice = json_array_get_object_element (json_node_get_array (copy), i);

              if (!json_object_has_member (choice, "next"))
                {
                  json_object_set_string_member (choice, "next", id);
                  vigie_script_document_set_member (self->document, from, "choices", copy, NULL);
                  break;
                }
            }
        }
    }
  g_free (self->selected);
  self->selected = error ? g_strdup (from) : g_strdup (id);
  vigie_script_document_end_group (self->document);
  if (error)
    toast (self, error->message);
}

static void
add_question_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonObject) node = json_object_new ();
  g_autofree char *id = vigie_script_document_unique_id (self->document, "question");

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "type", "yesno");
  json_object_set_string_member (node, "text", _("New question?"));
  add_node (self, node);
}

static void
add_outcome_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonObject) node = json_object_new ();
  g_autofree char *id = vigie_script_document_unique_id (self->document, "issue");

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "type", "outcome");
  json_object_set_string_member (node, "nature", _("New outcome"));
  json_object_set_int_member (node, "gravity", 2);
  json_object_set_string_member (node, "decision", "trigger");
  add_node (self, node);
}

static void
add_info_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonObject) node = json_object_new ();
  g_autofree char *id = vigie_script_document_unique_id (self->document, "consigne");

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "type", "info");
  json_object_set_string_member (node, "text", _("Read to the caller: …"));
  add_node (self, node);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = vigie_script_document_duplicate_node (self->document, self->selected, &error);

  if (id == NULL)
    toast (self, error->message);
  else
    vigie_designer_window_select_node (self, id);
}

static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (self->selected);
  gboolean ok;

  ok = g_str_equal (name, "designer.delete-branch")
       ? vigie_script_document_remove_branch (self->document, id, &error)
       : vigie_script_document_remove_node (self->document, id, &error);
  if (!ok)
    toast (self, error->message);
}

static void
move_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  const char *file = vigie_script_document_get_node_file (self->document, self->selected);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint position = 0;

  for (guint i = 0; i < vigie_script_document_get_n_nodes (self->document); i++)
    {
      const char *id = json_object_get_string_member_with_default (vigie_script_document_get_node (self->document, i),
                                                                   "id", NULL);

      if (id && g_strcmp0 (vigie_script_document_get_node_file (self->document, id), file) == 0)
        {
          if (g_strcmp0 (id, self->selected) == 0)
            position = ids->len;
          g_ptr_array_add (ids, (gpointer) id);
        }
    }
  if (g_str_equal (name, "designer.move-up") && position > 0)
    vigie_script_document_move_node (self->document, self->selected, g_ptr_array_index (ids, position - 1), &error);
  else if (g_str_equal (name, "designer.move-down") && position + 1 < ids->len)
    vigie_script_document_move_node (self->document, self->selected,
                                     position + 2 < ids->len ? g_ptr_array_index (ids, position + 2) : NULL, &error);
  if (error)
    toast (self, error->message);
}

static void
make_start_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);

  vigie_script_document_set_string (self->document, NULL, "start", self->selected, NULL);
}

static void
include_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     VigieDesignerWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "include") &&
      !vigie_script_document_add_include (self->document, gtk_editable_get_text (entry), &error))
    toast (self, error->message);
}

static void
include_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Include a Shared Branch"),
                                              _("A branch file beside the script, shared between clients, "
                                                "for example branches/gaz.json."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), "branches/");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "include", _("_Include"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "include");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (include_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_case_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonNode) cases = vigie_script_json_copy (vigie_script_document_get_cases (self->document));
  JsonArray *array = json_object_get_array_member (json_node_get_object (cases), "cases");
  JsonObject *test_case = json_object_new ();
  JsonObject *expect = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M%:z");
  g_autofree char *case_name = g_strdup_printf (_("Case %u"), json_array_get_length (array) + 1);

  json_object_set_string_member (test_case, "name", case_name);
  json_object_set_object_member (test_case, "answers", json_object_new ());
  json_object_set_string_member (test_case, "at", at);
  json_object_set_string_member (expect, "decision", "trigger");
  json_object_set_object_member (test_case, "expect", expect);
  json_array_add_object_element (array, test_case);
  self->selected_case = (int) json_array_get_length (array) - 1;
  vigie_script_document_set_cases (self->document, cases);
}

static void
delete_case_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonNode) cases = vigie_script_json_copy (vigie_script_document_get_cases (self->document));
  JsonArray *array = json_object_get_array_member (json_node_get_object (cases), "cases");

  if (self->selected_case < 0 || (guint) self->selected_case >= json_array_get_length (array))
    return;
  json_array_remove_element (array, self->selected_case);
  self->selected_case = -1;
  vigie_script_document_set_cases (self->document, cases);
}

static void
error_dialog (VigieDesignerWindow *self,
              const char          *heading,
              const char          *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
publish_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptVersion) version = vigie_script_publish (self->document, NULL, NULL, NULL, &error);
  g_autofree char *message = NULL;

  if (version == NULL)
    {
      error_dialog (self, _("Not Published"), error->message);
      return;
    }
  /* TRANSLATORS: version number, then the start of its SHA-256 */
  message = g_strdup_printf (_("Version %u published (%.12s); the desks use it from the next call"),
                             version->number, version->sha256);
  toast (self, message);
  update_status (self);
}

static void
restore_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     VigieDesignerWindow *self)
{
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "number"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptVersion) version = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(VigieScriptDocument) document = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "restore"))
    return;
  root = g_object_ref (vigie_script_document_get_file (self->document));
  if (!(version = vigie_script_restore_version (root, number, &error)) ||
      !(document = vigie_script_document_load (root, &error)))
    {
      error_dialog (self, _("Not Restored"), error->message);
      return;
    }
  g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_set_object (&self->document, document);
  g_signal_connect (self->document, "changed", G_CALLBACK (document_changed_cb), self);
  vigie_designer_graph_set_document (self->graph, self->document);
  refresh_all (self);
  message = g_strdup_printf (_("Version %u restored as version %u"), number, version->number);
  toast (self, message);
}

static void
restore_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  VigieScriptVersion *previous;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (vigie_script_document_get_file (self->document) == NULL ||
      !(versions = vigie_script_list_versions (vigie_script_document_get_file (self->document), &error)) ||
      versions->len < 2)
    {
      toast (self, error ? error->message : _("No earlier published version"));
      return;
    }
  previous = g_ptr_array_index (versions, versions->len - 2);
  body = g_strdup_printf (_("Version %u, published %s, becomes the one the desks use, if it is still valid "
                            "and its cases pass."), previous->number, previous->published_at);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore the Previous Version?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data (G_OBJECT (dialog), "number", GUINT_TO_POINTER (previous->number));
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
play_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  GtkWindow *play;

  if (self->checked == NULL)
    return;
  play = vigie_designer_play_new (GTK_WINDOW (self), self->checked);
  gtk_window_present (play);
}

static void load_clients (VigieDesignerWindow *self);

static void
client_created_cb (VigieDesignerClientDialog *dialog,
                   const char                *client_id,
                   VigieDesignerWindow       *self)
{
  g_autoptr(GError) error = NULL;

  load_clients (self);
  if (!vigie_designer_window_open_client (self, client_id, &error))
    toast (self, error->message);
}

static void
new_client_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  VigieDesignerClientDialog *dialog = vigie_designer_client_dialog_new (GTK_WINDOW (self), self->data_dir);

  g_signal_connect (dialog, "created", G_CALLBACK (client_created_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Clients ---------------------------------------------------------------- */

static void
switch_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    VigieDesignerWindow *self)
{
  const char *client_id = g_object_get_data (G_OBJECT (dialog), "client-id");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "discard"))
    {
      if (!vigie_designer_window_open_client (self, client_id, &error))
        toast (self, error->message);
      return;
    }
  /* Kept: the menu shows the client still being edited again. */
  if (self->document)
    {
      const char *id = vigie_script_document_get_id (self->document);
      guint index;

      self->syncing = TRUE;
      for (index = 0; index < self->client_ids->len; index++)
        if (g_strcmp0 (g_ptr_array_index (self->client_ids, index), id) == 0)
          gtk_drop_down_set_selected (self->client_dropdown, index);
      self->syncing = FALSE;
    }
}

static void
client_selected_cb (GtkDropDown         *dropdown,
                    GParamSpec          *pspec,
                    VigieDesignerWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION || selected >= self->client_ids->len)
    return;
  if (self->document && vigie_script_document_get_modified (self->document))
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Unpublished Changes?"),
                                       _("The desks keep the last published version of this script."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Editing"),
                                        "discard", _("_Discard"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
      g_object_set_data_full (G_OBJECT (dialog), "client-id",
                              g_strdup (g_ptr_array_index (self->client_ids, selected)), g_free);
      g_signal_connect (dialog, "response", G_CALLBACK (switch_response_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (!vigie_designer_window_open_client (self, g_ptr_array_index (self->client_ids, selected), &error))
    toast (self, error->message);
}

static void
load_clients (VigieDesignerWindow *self)
{
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autofree char *path = g_build_filename (self->data_dir, "clients.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GListModel *clients;

  g_ptr_array_set_size (self->client_ids, 0);
  g_ptr_array_set_size (self->client_scripts, 0);
  if (!vigie_directory_load_clients (directory, file, &error))
    toast (self, error->message);
  clients = vigie_directory_get_clients (directory);
  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);

      g_ptr_array_add (self->client_ids, g_strdup (vigie_client_get_id (client)));
      g_ptr_array_add (self->client_scripts, g_strdup (vigie_client_get_script (client)));
      gtk_string_list_append (names, vigie_client_get_name (client));
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->client_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->client_dropdown, GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
}

/* Closing ---------------------------------------------------------------- */

static void
discard_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     VigieDesignerWindow *self)
{
  if (g_str_equal (response, "discard"))
    {
      self->discarding = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

/* Edits reach the desks only by publishing: closing with unpublished
 * edits asks first. */
static gboolean
vigie_designer_window_close_request (GtkWindow *window)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (window);
  GtkWidget *dialog;

  if (self->discarding || self->document == NULL || !vigie_script_document_get_modified (self->document))
    return GTK_WINDOW_CLASS (vigie_designer_window_parent_class)->close_request (window);
  dialog = adw_message_dialog_new (window, _("Discard Unpublished Changes?"),
                                   _("The desks keep the last published version of this script."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
vigie_designer_window_dispose (GObject *object)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (object);

  if (self->document)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_clear_handle_id (&self->forms_idle, g_source_remove);
  g_clear_object (&self->document);
  g_clear_object (&self->checked);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_DESIGNER_WINDOW);
  G_OBJECT_CLASS (vigie_designer_window_parent_class)->dispose (object);
}

static void
vigie_designer_window_finalize (GObject *object)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (object);

  g_free (self->data_dir);
  g_free (self->selected);
  g_ptr_array_unref (self->client_ids);
  g_ptr_array_unref (self->client_scripts);
  g_clear_object (&self->outline_roots);
  g_clear_object (&self->ids_model);
  g_hash_table_unref (self->id_positions);
  g_hash_table_unref (self->outline_rows);
  g_clear_object (&self->cases_store);
  G_OBJECT_CLASS (vigie_designer_window_parent_class)->finalize (object);
}

static void
vigie_designer_window_class_init (VigieDesignerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_designer_window_dispose;
  object_class->finalize = vigie_designer_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = vigie_designer_window_close_request;

  g_type_ensure (VIGIE_TYPE_DESIGNER_GRAPH);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-designer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, client_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, outline_view);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, graph_scroller);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, form_box);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, case_form_box);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, rules_box);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, cases_view);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "designer.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "designer.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "designer.add-question", NULL, add_question_action);
  gtk_widget_class_install_action (widget_class, "designer.add-outcome", NULL, add_outcome_action);
  gtk_widget_class_install_action (widget_class, "designer.add-info", NULL, add_info_action);
  gtk_widget_class_install_action (widget_class, "designer.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "designer.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "designer.delete-branch", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "designer.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "designer.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "designer.make-start", NULL, make_start_action);
  gtk_widget_class_install_action (widget_class, "designer.include", NULL, include_action);
  gtk_widget_class_install_action (widget_class, "designer.add-case", NULL, add_case_action);
  gtk_widget_class_install_action (widget_class, "designer.delete-case", NULL, delete_case_action);
  gtk_widget_class_install_action (widget_class, "designer.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "designer.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "designer.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "designer.new-client", NULL, new_client_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "designer.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "designer.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "designer.redo", NULL);
}

static void
add_case_column (VigieDesignerWindow *self,
                 const char          *title,
                 guint                column,
                 gboolean             expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (case_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (case_bind_cb), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->cases_view, view_column);
  g_object_unref (view_column);
}

static void
vigie_designer_window_init (VigieDesignerWindow *self)
{
  GtkListItemFactory *factory;
  GtkTreeListModel *tree;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->client_ids = g_ptr_array_new_with_free_func (g_free);
  self->client_scripts = g_ptr_array_new_with_free_func (g_free);
  self->selected_case = -1;
  self->id_positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->outline_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ids_model = gtk_string_list_new (NULL);

  self->graph = VIGIE_DESIGNER_GRAPH (vigie_designer_graph_new ());
  gtk_scrolled_window_set_child (self->graph_scroller, GTK_WIDGET (self->graph));
  /* Edges of a wide graph must not spill over the outline and the form. */
  gtk_widget_set_overflow (GTK_WIDGET (self->graph_scroller), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self->graph, "node-selected", G_CALLBACK (graph_selected_cb), self);

  self->outline_roots = g_list_store_new (VIGIE_TYPE_OUTLINE_ITEM);
  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->outline_roots)), FALSE, FALSE,
                                  outline_children_cb, NULL, NULL);
  self->outline_tree = tree;
  self->outline_selection = gtk_single_selection_new (G_LIST_MODEL (tree));
  gtk_single_selection_set_autoselect (self->outline_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->outline_selection, TRUE);
  g_signal_connect (self->outline_selection, "notify::selected", G_CALLBACK (outline_selected_cb), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (outline_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (outline_bind_cb), NULL);
  gtk_list_view_set_factory (self->outline_view, factory);
  gtk_list_view_set_model (self->outline_view, GTK_SELECTION_MODEL (self->outline_selection));
  g_object_unref (factory);
  g_object_unref (self->outline_selection); /* the view holds it */

  self->cases_store = g_list_store_new (VIGIE_TYPE_CASE_ROW);
  self->cases_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->cases_store)));
  gtk_single_selection_set_autoselect (self->cases_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->cases_selection, TRUE);
  g_signal_connect (self->cases_selection, "notify::selected", G_CALLBACK (case_selected_cb), self);
  gtk_column_view_set_model (self->cases_view, GTK_SELECTION_MODEL (self->cases_selection));
  g_object_unref (self->cases_selection);
  add_case_column (self, _("Case"), 0, TRUE);
  add_case_column (self, _("Answers"), 1, TRUE);
  add_case_column (self, _("Time"), 2, FALSE);
  add_case_column (self, _("Expected"), 3, FALSE);
  add_case_column (self, _("Result"), 4, TRUE);

  g_signal_connect (self->client_dropdown, "notify::selected", G_CALLBACK (client_selected_cb), self);
  g_signal_connect (self->problems_list, "row-activated", G_CALLBACK (problem_activated_cb), self);
  refresh_all (self);
}

/**
 * vigie_designer_window_new:
 * @application: the application
 * @data_dir: the data folder the desks read (clients.json, scripts/)
 *
 * Returns: (transfer full): the designer
 */
VigieDesignerWindow *
vigie_designer_window_new (GtkApplication *application,
                           const char     *data_dir)
{
  VigieDesignerWindow *self = g_object_new (VIGIE_TYPE_DESIGNER_WINDOW, "application", application, NULL);

  self->data_dir = g_strdup (data_dir);
  load_clients (self);
  return self;
}

/**
 * vigie_designer_window_open_client:
 * @self: the designer
 * @client_id: a client of clients.json
 * @error: return location for a #GError
 *
 * Opens the client's script (and its cases) for editing.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_designer_window_open_client (VigieDesignerWindow  *self,
                                   const char           *client_id,
                                   GError              **error)
{
  g_autoptr(VigieScriptDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  guint index;

  g_return_val_if_fail (VIGIE_IS_DESIGNER_WINDOW (self), FALSE);

  if (!g_ptr_array_find_with_equal_func (self->client_ids, client_id, g_str_equal, &index))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no client “%s”"), client_id);
      return FALSE;
    }
  if (g_ptr_array_index (self->client_scripts, index) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This client has no script"));
      return FALSE;
    }
  path = g_build_filename (self->data_dir, (char *) g_ptr_array_index (self->client_scripts, index), NULL);
  file = g_file_new_for_path (path);
  if (!(document = vigie_script_document_load (file, error)))
    return FALSE;

  if (self->document)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_set_object (&self->document, document);
  g_signal_connect (self->document, "changed", G_CALLBACK (document_changed_cb), self);
  g_clear_pointer (&self->selected, g_free);
  self->selected = g_strdup (vigie_script_document_get_start (document));
  self->selected_case = -1;
  vigie_designer_graph_set_document (self->graph, self->document);

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->client_dropdown, index);
  self->syncing = FALSE;
  refresh_all (self);
  return TRUE;
}

VigieScriptDocument *
vigie_designer_window_get_document (VigieDesignerWindow *self)
{
  g_return_val_if_fail (VIGIE_IS_DESIGNER_WINDOW (self), NULL);
  return self->document;
}

/**
 * vigie_designer_window_select_node:
 * @self: the designer
 * @node_id: (nullable): a node, or %NULL for the script's own fields
 *
 * Selects the node in the outline and the graph and shows its form.
 */
void
vigie_designer_window_select_node (VigieDesignerWindow *self,
                                   const char          *node_id)
{
  graphene_rect_t area;

  g_return_if_fail (VIGIE_IS_DESIGNER_WINDOW (self));

  if (g_strcmp0 (self->selected, node_id) != 0)
    {
      g_free (self->selected);
      self->selected = g_strdup (node_id);
    }
  vigie_designer_graph_set_selected (self->graph, node_id);
  sync_outline_selection (self);
  if (vigie_designer_graph_get_node_area (self->graph, node_id, &area))
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (self->graph_scroller);
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (self->graph_scroller);

      gtk_adjustment_clamp_page (h, area.origin.x - 24, area.origin.x + area.size.width + 24);
      gtk_adjustment_clamp_page (v, area.origin.y - 24, area.origin.y + area.size.height + 24);
    }
  build_form (self);
  update_actions (self);
}

void
vigie_designer_window_select_case (VigieDesignerWindow *self,
                                   guint                index)
{
  g_return_if_fail (VIGIE_IS_DESIGNER_WINDOW (self));
  gtk_single_selection_set_selected (self->cases_selection, index);
}

void
vigie_designer_window_show_page (VigieDesignerWindow *self,
                                 const char          *name)
{
  g_return_if_fail (VIGIE_IS_DESIGNER_WINDOW (self));
  gtk_stack_set_visible_child_name (self->stack, name);
}

guint
vigie_designer_window_get_n_problems (VigieDesignerWindow *self)
{
  g_return_val_if_fail (VIGIE_IS_DESIGNER_WINDOW (self), 0);
  return self->diagnostics ? self->diagnostics->len : 0;
}

guint
vigie_designer_window_get_n_failed_cases (VigieDesignerWindow *self)
{
  g_return_val_if_fail (VIGIE_IS_DESIGNER_WINDOW (self), 0);
  return self->n_failed;
}

GtkWidget *
vigie_designer_window_get_graph (VigieDesignerWindow *self)
{
  g_return_val_if_fail (VIGIE_IS_DESIGNER_WINDOW (self), NULL);
  return GTK_WIDGET (self->graph);
}
