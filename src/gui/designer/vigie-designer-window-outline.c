/* vigie-designer-window-outline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outline (the script as a tree from its start) and the problems list.
 */
#define G_LOG_DOMAIN "vigie-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-designer-window-private.h"

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

void
_vigie_designer_window_rebuild_outline (VigieDesignerWindow *self)
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

void
_vigie_designer_window_sync_outline (VigieDesignerWindow *self)
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

void
_vigie_designer_window_fill_problems (VigieDesignerWindow *self)
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

void
_vigie_designer_window_outline_init (VigieDesignerWindow *self)
{
  GtkListItemFactory *factory;
  GtkTreeListModel *tree;

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
  g_signal_connect (self->problems_list, "row-activated", G_CALLBACK (problem_activated_cb), self);
}
