/* vigie-designer-client-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new client in one place: name, lines, greeting, time zone, alert
 * target, on-call person and the first question of its script. The core
 * checks it as the desk reads the files (vigie_script_add_client()).
 */
#define G_LOG_DOMAIN "vigie-designer-client"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-designer-client-dialog.h"
#include "vigie-script-publish.h"

struct _VigieDesignerClientDialog
{
  AdwWindow    parent_instance;

  GtkEditable *name_row;
  GtkEditable *id_row;
  GtkEditable *lines_row;
  GtkEditable *greeting_row;
  GtkEditable *timezone_row;
  GtkEditable *webhook_row;
  GtkEditable *oncall_name_row;
  GtkEditable *oncall_phone_row;
  GtkEditable *question_row;
  GtkLabel    *error_label;

  char        *data_dir;
  gboolean     id_edited;
};

G_DEFINE_FINAL_TYPE (VigieDesignerClientDialog, vigie_designer_client_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "Ascenseurs Durand & Fils" → "ascenseurs-durand-fils" */
static char *
id_from_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *id = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  return g_string_free (id, FALSE);
}

static void
name_changed_cb (GtkEditable               *name,
                 VigieDesignerClientDialog *self)
{
  g_autofree char *id = NULL;

  if (self->id_edited)
    return;
  id = id_from_name (gtk_editable_get_text (name));
  g_signal_handlers_block_matched (self->id_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_editable_set_text (self->id_row, id);
  g_signal_handlers_unblock_matched (self->id_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
id_changed_cb (GtkEditable               *id,
               VigieDesignerClientDialog *self)
{
  self->id_edited = TRUE;
}

static void
set_text (JsonObject  *object,
          const char  *member,
          GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  if (*text)
    json_object_set_string_member (object, member, text);
}

static void
create_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  VigieDesignerClientDialog *self = VIGIE_DESIGNER_CLIENT_DIALOG (widget);
  g_autoptr(JsonObject) client = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (gtk_editable_get_text (self->lines_row), ",", -1);
  JsonArray *array = json_array_new ();
  g_autofree char *id = g_strdup (gtk_editable_get_text (self->id_row));

  json_object_set_string_member (client, "id", id);
  set_text (client, "name", self->name_row);
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]))
      json_array_add_string_element (array, lines[i]);
  json_object_set_array_member (client, "lines", array);
  set_text (client, "greeting", self->greeting_row);
  set_text (client, "timezone", self->timezone_row);
  set_text (client, "webhook", self->webhook_row);
  if (*gtk_editable_get_text (self->oncall_name_row) || *gtk_editable_get_text (self->oncall_phone_row))
    {
      JsonObject *oncall = json_object_new ();

      set_text (oncall, "name", self->oncall_name_row);
      set_text (oncall, "phone", self->oncall_phone_row);
      json_object_set_object_member (client, "oncall", oncall);
    }

  if (!vigie_script_add_client (self->data_dir, client, gtk_editable_get_text (self->question_row), &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
vigie_designer_client_dialog_finalize (GObject *object)
{
  VigieDesignerClientDialog *self = VIGIE_DESIGNER_CLIENT_DIALOG (object);

  g_free (self->data_dir);
  G_OBJECT_CLASS (vigie_designer_client_dialog_parent_class)->finalize (object);
}

static void
vigie_designer_client_dialog_class_init (VigieDesignerClientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vigie_designer_client_dialog_finalize;

  /**
   * VigieDesignerClientDialog::created:
   * @id: the new client's identifier
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-designer-client-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, lines_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, greeting_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, webhook_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, oncall_name_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, oncall_phone_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, question_row);
  gtk_widget_class_bind_template_child (widget_class, VigieDesignerClientDialog, error_label);
  gtk_widget_class_install_action (widget_class, "client.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigie_designer_client_dialog_init (VigieDesignerClientDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  g_signal_connect (self->id_row, "changed", G_CALLBACK (id_changed_cb), self);
}

/**
 * vigie_designer_client_dialog_new:
 * @parent: the designer
 * @data_dir: the data folder the desks read
 *
 * Returns: (transfer full): the dialog; #VigieDesignerClientDialog::created
 *   says the client and its script are on disk
 */
VigieDesignerClientDialog *
vigie_designer_client_dialog_new (GtkWindow  *parent,
                                  const char *data_dir)
{
  VigieDesignerClientDialog *self = g_object_new (VIGIE_TYPE_DESIGNER_CLIENT_DIALOG,
                                                  "transient-for", parent, NULL);

  self->data_dir = g_strdup (data_dir);
  return self;
}
