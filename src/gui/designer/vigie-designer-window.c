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
#include "vigie-designer-window-private.h"
#include "vigie-directory.h"
#include "vigie-script-cases.h"

/* The window ------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (VigieDesignerWindow, vigie_designer_window, ADW_TYPE_WINDOW)

void
_vigie_designer_window_toast (VigieDesignerWindow *self,
                              const char          *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
graph_selected_cb (VigieDesignerGraph  *graph,
                   const char          *id,
                   VigieDesignerWindow *self)
{
  vigie_designer_window_select_node (self, id);
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

void
_vigie_designer_window_update_status (VigieDesignerWindow *self)
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
  _vigie_designer_window_build_form (self);
  _vigie_designer_window_build_rules (self);
  _vigie_designer_window_build_case_form (self);
  return G_SOURCE_REMOVE;
}

void
_vigie_designer_window_refresh (VigieDesignerWindow *self)
{
  validate (self);
  _vigie_designer_window_rebuild_ids (self);
  vigie_designer_graph_rebuild (self->graph);
  vigie_designer_graph_set_selected (self->graph, self->selected);
  _vigie_designer_window_rebuild_outline (self);
  _vigie_designer_window_sync_outline (self);
  _vigie_designer_window_fill_problems (self);
  self->syncing = TRUE;
  _vigie_designer_window_fill_cases (self);
  self->syncing = FALSE;
  if (!self->applying && self->forms_idle == 0)
    self->forms_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, build_forms_idle, self, NULL);
  update_actions (self);
  _vigie_designer_window_update_status (self);
}

static void
document_changed_cb (VigieScriptDocument *document,
                     VigieDesignerWindow *self)
{
  _vigie_designer_window_refresh (self);
}

/* The document edited from now on: the graph follows it and every change
 * refreshes the window. */
void
_vigie_designer_window_set_document (VigieDesignerWindow *self,
                                     VigieScriptDocument *document)
{
  if (self->document)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_set_object (&self->document, document);
  g_signal_connect (self->document, "changed", G_CALLBACK (document_changed_cb), self);
  vigie_designer_graph_set_document (self->graph, self->document);
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
        _vigie_designer_window_toast (self, error->message);
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
    _vigie_designer_window_toast (self, error->message);
}

void
_vigie_designer_window_load_clients (VigieDesignerWindow *self)
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
    _vigie_designer_window_toast (self, error->message);
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

  _vigie_designer_window_actions_class_init (widget_class);
  _vigie_designer_window_cases_class_init (widget_class);
}

static void
vigie_designer_window_init (VigieDesignerWindow *self)
{
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

  _vigie_designer_window_outline_init (self);
  _vigie_designer_window_cases_init (self);

  g_signal_connect (self->client_dropdown, "notify::selected", G_CALLBACK (client_selected_cb), self);
  _vigie_designer_window_refresh (self);
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
  _vigie_designer_window_load_clients (self);
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

  g_clear_pointer (&self->selected, g_free);
  self->selected = g_strdup (vigie_script_document_get_start (document));
  self->selected_case = -1;
  _vigie_designer_window_set_document (self, document);

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->client_dropdown, index);
  self->syncing = FALSE;
  _vigie_designer_window_refresh (self);
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
  _vigie_designer_window_sync_outline (self);
  if (vigie_designer_graph_get_node_area (self->graph, node_id, &area))
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (self->graph_scroller);
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (self->graph_scroller);

      gtk_adjustment_clamp_page (h, area.origin.x - 24, area.origin.x + area.size.width + 24);
      gtk_adjustment_clamp_page (v, area.origin.y - 24, area.origin.y + area.size.height + 24);
    }
  _vigie_designer_window_build_form (self);
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
