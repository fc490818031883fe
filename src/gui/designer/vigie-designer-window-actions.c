/* vigie-designer-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The designer's actions: edits of the nodes, publishing, restoring,
 * playing the script, creating a client.
 */
#define G_LOG_DOMAIN "vigie-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-designer-client-dialog.h"
#include "vigie-designer-play.h"
#include "vigie-designer-window-private.h"
#include "vigie-script-publish.h"

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

/* The links a node of @type leads on by, in the order they are filled. */
static const char * const *
link_slots (const char *type)
{
  static const char * const yesno[] = { "yes", "no", NULL };
  static const char * const next[] = { "next", NULL };
  static const char * const number[] = { "otherwise", NULL };
  static const char * const none[] = { NULL };

  if (g_str_equal (type, "yesno"))
    return yesno;
  if (g_str_equal (type, "number"))
    return number;
  if (g_str_equal (type, "text") || g_str_equal (type, "info"))
    return next;
  return none;
}

/* The first choice of @from without a "next" now leads to @id. */
static void
link_first_free_choice (VigieDesignerWindow *self,
                        JsonObject          *from_node,
                        const char          *from,
                        const char          *id)
{
  JsonNode *choices = json_object_get_member (from_node, "choices");
  g_autoptr(JsonNode) copy = NULL;
  JsonArray *array;

  if (choices == NULL || !JSON_NODE_HOLDS_ARRAY (choices))
    return;
  copy = vigie_script_json_copy (choices);
  array = json_node_get_array (copy);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *choice = json_array_get_object_element (array, i);

      if (!json_object_has_member (choice, "next"))
        {
          json_object_set_string_member (choice, "next", id);
          vigie_script_document_set_member (self->document, from, "choices", copy, NULL);
          return;
        }
    }
}

/* @from's first empty link now leads to @id. */
static void
link_new_node (VigieDesignerWindow *self,
               const char          *from,
               const char          *type,
               const char          *id)
{
  JsonObject *from_node = vigie_script_document_lookup (self->document, from);

  for (const char * const *slot = link_slots (type); *slot; slot++)
    if (!json_object_has_member (from_node, *slot))
      {
        vigie_script_document_set_string (self->document, from, *slot, id, NULL);
        break;
      }
  if (g_str_equal (type, "choice"))
    link_first_free_choice (self, from_node, from, id);
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
  g_autofree char *type = selected ? g_strdup (json_object_get_string_member_with_default (selected, "type", "")) : NULL;

  vigie_script_document_begin_group (self->document);
  if (vigie_script_document_add_node (self->document, file, from, node, &error) && type)
    link_new_node (self, from, type, id);
  g_free (self->selected);
  self->selected = error ? g_strdup (from) : g_strdup (id);
  vigie_script_document_end_group (self->document);
  if (error)
    _vigie_designer_window_toast (self, error->message);
}

/* A node of @type under a free id made from @prefix. */
static JsonObject *
new_node (VigieDesignerWindow *self,
          const char          *prefix,
          const char          *type)
{
  JsonObject *node = json_object_new ();
  g_autofree char *id = vigie_script_document_unique_id (self->document, prefix);

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "type", type);
  return node;
}

static void
add_question_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonObject) node = new_node (self, "question", "yesno");

  json_object_set_string_member (node, "text", _("New question?"));
  add_node (self, node);
}

static void
add_outcome_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonObject) node = new_node (self, "issue", "outcome");

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
  g_autoptr(JsonObject) node = new_node (self, "consigne", "info");

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
    _vigie_designer_window_toast (self, error->message);
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
    _vigie_designer_window_toast (self, error->message);
}

/* The nodes of @file, in their order there; @position: where @id is. */
static GPtrArray *
nodes_of_file (VigieScriptDocument *document,
               const char          *file,
               const char          *id,
               guint               *position)
{
  GPtrArray *ids = g_ptr_array_new ();

  *position = 0;
  for (guint i = 0; i < vigie_script_document_get_n_nodes (document); i++)
    {
      const char *node_id = json_object_get_string_member_with_default (vigie_script_document_get_node (document, i),
                                                                        "id", NULL);

      if (node_id == NULL || g_strcmp0 (vigie_script_document_get_node_file (document, node_id), file) != 0)
        continue;
      if (g_strcmp0 (node_id, id) == 0)
        *position = ids->len;
      g_ptr_array_add (ids, (gpointer) node_id);
    }
  return ids;
}

static void
move_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  const char *file = vigie_script_document_get_node_file (self->document, self->selected);
  g_autoptr(GError) error = NULL;
  guint position;
  g_autoptr(GPtrArray) ids = nodes_of_file (self->document, file, self->selected, &position);

  if (g_str_equal (name, "designer.move-up") && position > 0)
    vigie_script_document_move_node (self->document, self->selected, g_ptr_array_index (ids, position - 1), &error);
  else if (g_str_equal (name, "designer.move-down") && position + 1 < ids->len)
    vigie_script_document_move_node (self->document, self->selected,
                                     position + 2 < ids->len ? g_ptr_array_index (ids, position + 2) : NULL, &error);
  if (error)
    _vigie_designer_window_toast (self, error->message);
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
    _vigie_designer_window_toast (self, error->message);
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
  _vigie_designer_window_toast (self, message);
  _vigie_designer_window_update_status (self);
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
  _vigie_designer_window_set_document (self, document);
  _vigie_designer_window_refresh (self);
  message = g_strdup_printf (_("Version %u restored as version %u"), number, version->number);
  _vigie_designer_window_toast (self, message);
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
      _vigie_designer_window_toast (self, error ? error->message : _("No earlier published version"));
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


static void
client_created_cb (VigieDesignerClientDialog *dialog,
                   const char                *client_id,
                   VigieDesignerWindow       *self)
{
  g_autoptr(GError) error = NULL;

  _vigie_designer_window_load_clients (self);
  if (!vigie_designer_window_open_client (self, client_id, &error))
    _vigie_designer_window_toast (self, error->message);
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

void
_vigie_designer_window_actions_class_init (GtkWidgetClass *widget_class)
{
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
  gtk_widget_class_install_action (widget_class, "designer.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "designer.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "designer.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "designer.new-client", NULL, new_client_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "designer.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "designer.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "designer.redo", NULL);
}
