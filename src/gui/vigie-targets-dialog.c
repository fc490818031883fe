/* vigie-targets-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Alert targets, client by client: where each alert goes, its secrets
 * (stored in the keyring or the 0600 file, never shown back) and a "send a
 * test alert" button that shows the platform's own answer.
 */
#define G_LOG_DOMAIN "vigie-targets-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-targets-dialog.h"

struct _VigieTargetsDialog
{
  AdwPreferencesWindow  parent_instance;

  VigieContext         *context;
  GCancellable         *cancellable;

  AdwPreferencesPage   *page;
  GtkLabel             *secrets_label;
};

G_DEFINE_FINAL_TYPE (VigieTargetsDialog, vigie_targets_dialog, ADW_TYPE_PREFERENCES_WINDOW)

static const char *
secret_title (const char *field)
{
  if (g_str_equal (field, "routing_key"))
    return _("Integration key (routing key)");
  if (g_str_equal (field, "read_token"))
    return _("REST API token, to read acknowledgements");
  if (g_str_equal (field, "token"))
    return _("Access token");
  if (g_str_equal (field, "reply_token"))
    return _("Token for the reply topic");
  if (g_str_equal (field, "password"))
    return _("SMTP password");
  return field;
}

static void
test_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AdwActionRow) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieTestResult) test = vigie_dispatcher_test_finish (VIGIE_DISPATCHER (object), result, &error);
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "button");
  g_autofree char *text = NULL;

  if (test == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (button, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (test == NULL)
    text = g_strdup (error->message);
  else if (test->verdict == VIGIE_TARGET_VERDICT_DELIVERED)
    text = g_strdup_printf (_("Delivered — %s (%d ms)"), test->message, (int) (test->latency_us / 1000));
  else
    text = g_strdup_printf (_("Not delivered — %s"), test->message);
  gtk_widget_add_css_class (GTK_WIDGET (row), test && test->verdict == VIGIE_TARGET_VERDICT_DELIVERED
                                               ? "success" : "error");
  adw_action_row_set_subtitle (row, text);
}

static void
test_clicked_cb (GtkButton   *button,
                 AdwActionRow *row)
{
  VigieTargetsDialog *self = VIGIE_TARGETS_DIALOG (gtk_widget_get_root (GTK_WIDGET (button)));
  VigieTarget *target = g_object_get_data (G_OBJECT (row), "target");

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  adw_action_row_set_subtitle (row, _("Sending…"));
  vigie_dispatcher_test_async (vigie_context_get_dispatcher (self->context), target, self->cancellable,
                               test_cb, g_object_ref (row));
}

static void
secret_apply_cb (AdwEntryRow *entry)
{
  VigieTargetsDialog *self = VIGIE_TARGETS_DIALOG (gtk_widget_get_root (GTK_WIDGET (entry)));
  VigieTarget *target = g_object_get_data (G_OBJECT (entry), "target");
  const char *field = g_object_get_data (G_OBJECT (entry), "field");
  VigieSecrets *secrets = vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (self->context));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!vigie_secrets_store (secrets, vigie_target_get_client_id (target), vigie_target_get_id (target),
                            field, gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  title = g_strdup_printf (_("%s (stored)"), secret_title (field));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Secret stored")));
}

static GtkWidget *
target_row (VigieTargetsDialog *self,
            VigieTarget        *target)
{
  VigieSecrets *secrets = vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (self->context));
  const char * const *fields = vigie_target_kind_secret_fields (vigie_target_get_kind (target));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", vigie_target_kind_get_label (vigie_target_get_kind (target)),
                                               vigie_target_get_url (target));
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *test_row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Send a _Test Alert"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), vigie_target_get_label (target));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  for (guint i = 0; fields[i]; i++)
    {
      GtkWidget *entry = adw_password_entry_row_new ();
      g_autofree char *stored = vigie_secrets_lookup (secrets, vigie_target_get_client_id (target),
                                                      vigie_target_get_id (target), fields[i], NULL);
      g_autofree char *title = stored ? g_strdup_printf (_("%s (stored)"), secret_title (fields[i]))
                                      : g_strdup (secret_title (fields[i]));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
      g_object_set_data_full (G_OBJECT (entry), "target", g_object_ref (target), g_object_unref);
      g_object_set_data (G_OBJECT (entry), "field", (gpointer) fields[i]);
      g_signal_connect (entry, "apply", G_CALLBACK (secret_apply_cb), NULL);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), entry);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (test_row), _("Test alert"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (test_row), _("Sends a harmless alert now and shows the platform's answer"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (test_row), button);
  g_object_set_data_full (G_OBJECT (test_row), "target", g_object_ref (target), g_object_unref);
  g_object_set_data (G_OBJECT (test_row), "button", button);
  g_signal_connect (button, "clicked", G_CALLBACK (test_clicked_cb), test_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), test_row);

  return expander;
}

static void
fill (VigieTargetsDialog *self)
{
  GListModel *clients = vigie_directory_get_clients (vigie_context_get_directory (self->context));
  VigieSecrets *secrets = vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (self->context));

  if (vigie_secrets_get_backend (secrets) == VIGIE_SECRETS_BACKEND_KEYRING)
    gtk_label_set_label (self->secrets_label, _("Tokens and keys are kept in your keyring."));
  else
    {
      g_autofree char *text = g_strdup_printf (_("No keyring answered: tokens and keys are kept in %s, "
                                                 "readable by you alone."), vigie_secrets_get_path (secrets));
      gtk_label_set_label (self->secrets_label, text);
    }

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);
      GPtrArray *targets = vigie_client_get_targets (client);
      GtkWidget *group = adw_preferences_group_new ();
      g_autofree char *description = NULL;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), vigie_client_get_name (client));
      if (vigie_client_get_oncall_phone (client))
        description = g_strdup_printf (_("If no alert gets through: phone %s"), vigie_client_get_oncall_phone (client));
      else if (targets->len == 0)
        description = g_strdup (_("No alert target: add one to clients.json"));
      if (description)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

      for (guint j = 0; j < targets->len; j++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), target_row (self, g_ptr_array_index (targets, j)));
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
    }
}

static void
vigie_targets_dialog_dispose (GObject *object)
{
  VigieTargetsDialog *self = (VigieTargetsDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_TARGETS_DIALOG);

  G_OBJECT_CLASS (vigie_targets_dialog_parent_class)->dispose (object);
}

static void
vigie_targets_dialog_finalize (GObject *object)
{
  VigieTargetsDialog *self = (VigieTargetsDialog *)object;

  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigie_targets_dialog_parent_class)->finalize (object);
}

static void
vigie_targets_dialog_class_init (VigieTargetsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_targets_dialog_dispose;
  object_class->finalize = vigie_targets_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-targets-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieTargetsDialog, page);
  gtk_widget_class_bind_template_child (widget_class, VigieTargetsDialog, secrets_label);
}

static void
vigie_targets_dialog_init (VigieTargetsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * vigie_targets_dialog_new:
 * @parent: (nullable): the desk window
 * @context: the desk's context
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
VigieTargetsDialog *
vigie_targets_dialog_new (GtkWindow    *parent,
                          VigieContext *context)
{
  VigieTargetsDialog *self;

  g_return_val_if_fail (VIGIE_IS_CONTEXT (context), NULL);

  self = g_object_new (VIGIE_TYPE_TARGETS_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->context = g_object_ref (context);
  fill (self);
  return self;
}
