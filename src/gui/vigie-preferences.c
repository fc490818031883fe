/* vigie-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences → Telephony: one expander row per connector of
 * telephony.json, its switch enabling it, its settings applied one by one
 * (checked by vigie-telephony-config.c, as `vigie telephony` does), the
 * AMI password into VigieSecrets, and the link's state live. Writing the
 * file is enough: the desk watches it and reconnects.
 */
#define G_LOG_DOMAIN "vigie-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-preferences.h"
#include "vigie-telephony-config.h"

struct _VigiePreferences
{
  AdwPreferencesWindow  parent_instance;

  VigieContext         *context;
  VigieTelephony       *telephony;
  GPtrArray            *rows;          /* the connectors' expander rows */

  AdwPreferencesGroup  *connectors_group;
  AdwComboRow          *kind_row;
  AdwEntryRow          *id_row;
};

G_DEFINE_FINAL_TYPE (VigiePreferences, vigie_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const kinds[] = { "baresip", "ami", "wazo" };

static void rebuild (VigiePreferences *self);

static void
toast (VigiePreferences *self,
       const char       *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* Loads, changes one connector with @change, checks and saves. */
static gboolean
edit (VigiePreferences *self,
      const char       *id,
      const char       *key,
      const char       *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = vigie_telephony_config_load (vigie_context_get_data_dir (self->context), &error);
  JsonObject *connector;

  if (config == NULL ||
      !(connector = vigie_telephony_config_ensure (config, id, NULL, &error)) ||
      !vigie_telephony_config_set (connector, key, value, &error) ||
      !vigie_telephony_config_check (connector, &error) ||
      !vigie_telephony_config_save (vigie_context_get_data_dir (self->context), config, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
state_text (VigiePreferences *self,
            const char       *id,
            const char       *kind,
            gboolean          enabled)
{
  VigieTelephonyConnector *connector = vigie_telephony_find_connector (self->telephony, id);
  const char *kind_name = g_str_equal (kind, "baresip") ? _("Softphone (baresip)")
                        : g_str_equal (kind, "ami") ? _("Asterisk (AMI)") : _("Wazo (webhooks)");
  const char *state;

  if (!enabled)
    state = _("Off");
  else if (connector == NULL)
    state = _("Not running");
  else
    switch (vigie_telephony_connector_get_state (connector))
      {
      case VIGIE_TELEPHONY_CONNECTED:
        state = _("Connected");
        break;
      case VIGIE_TELEPHONY_CONNECTING:
        if (vigie_telephony_connector_get_status (connector) != NULL)
          return g_strdup_printf (_("%s — not connected: %s"), kind_name,
                                  vigie_telephony_connector_get_status (connector));
        state = _("Connecting…");
        break;
      case VIGIE_TELEPHONY_DISCONNECTED:
      default:
        state = _("Disconnected");
        break;
      }
  return g_strdup_printf ("%s — %s", kind_name, state);
}

static void
update_states (VigiePreferences *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->rows, i);
      const char *id = g_object_get_data (G_OBJECT (row), "vigie-id");
      const char *kind = g_object_get_data (G_OBJECT (row), "vigie-kind");
      g_autofree char *text = state_text (self, id, kind, adw_expander_row_get_enable_expansion (row));

      adw_expander_row_set_subtitle (row, text);
    }
}

static void
setting_applied_cb (AdwEntryRow      *row,
                    VigiePreferences *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "vigie-id");
  const char *key = g_object_get_data (G_OBJECT (row), "vigie-key");

  if (edit (self, id, key, gtk_editable_get_text (GTK_EDITABLE (row))))
    toast (self, _("Saved; the desk reconnects"));
}

static void
password_applied_cb (AdwEntryRow      *row,
                     VigiePreferences *self)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (row), "vigie-id");
  VigieSecrets *secrets = vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (self->context));
  const char *value = gtk_editable_get_text (GTK_EDITABLE (row));

  if (!(*value ? vigie_secrets_store (secrets, "telephony", id, "secret", value, &error)
               : vigie_secrets_clear (secrets, "telephony", id, "secret", &error)))
    {
      toast (self, error->message);
      return;
    }
  /* Never shown back; the connector picks it up on its next start. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  toast (self, *value ? _("Password stored") : _("Password removed"));
  vigie_telephony_reload (self->telephony, NULL);
}

static void
enabled_cb (AdwExpanderRow   *row,
            GParamSpec       *pspec,
            VigiePreferences *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "vigie-id");

  edit (self, id, "enabled", adw_expander_row_get_enable_expansion (row) ? "true" : "false");
  update_states (self);
}

static void
remove_cb (GtkButton        *button,
           VigiePreferences *self)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (button), "vigie-id");
  g_autoptr(JsonObject) config = vigie_telephony_config_load (vigie_context_get_data_dir (self->context), &error);

  if (config == NULL || !vigie_telephony_config_remove (config, id) ||
      !vigie_telephony_config_save (vigie_context_get_data_dir (self->context), config, &error))
    {
      toast (self, error ? error->message : _("No such connector"));
      return;
    }
  rebuild (self);
}

static char *
setting_text (JsonObject *connector,
              const char *key)
{
  JsonNode *node = json_object_get_member (connector, key);

  if (node == NULL)
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) items = NULL;
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i)))
          g_strv_builder_add (builder, json_array_get_string_element (array, i));
      items = g_strv_builder_end (builder);
      return g_strjoinv (", ", items);
    }
  return g_strdup ("");
}

static void
add_setting (VigiePreferences *self,
             AdwExpanderRow   *expander,
             JsonObject       *connector,
             const char       *id,
             const char       *key,
             const char       *title)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *text = setting_text (connector, key);
  g_autofree char *name = g_strdup_printf ("%s-%s", id, key);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), "vigie-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (row), "vigie-key", (gpointer) key);
  g_signal_connect (row, "apply", G_CALLBACK (setting_applied_cb), self);
  adw_expander_row_add_row (expander, row);
}

static void
add_connector_row (VigiePreferences *self,
                   JsonObject       *connector)
{
  const char *id = vigie_telephony_config_get_string (connector, "id");
  const char *kind = vigie_telephony_config_get_string (connector, "kind");
  JsonNode *enabled = json_object_get_member (connector, "enabled");
  GtkWidget *expander, *remove;
  AdwExpanderRow *row;

  if (id == NULL || kind == NULL || !g_strv_contains (vigie_telephony_config_kinds (), kind))
    return;

  expander = adw_expander_row_new ();
  row = ADW_EXPANDER_ROW (expander);
  gtk_widget_set_name (expander, id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), id);
  adw_expander_row_set_show_enable_switch (row, TRUE);
  adw_expander_row_set_enable_expansion (row, enabled == NULL || !JSON_NODE_HOLDS_VALUE (enabled) ||
                                              json_node_get_value_type (enabled) != G_TYPE_BOOLEAN ||
                                              json_node_get_boolean (enabled));
  g_object_set_data_full (G_OBJECT (row), "vigie-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (row), "vigie-kind", g_strdup (kind), g_free);

  if (!g_str_equal (kind, "wazo"))
    {
      add_setting (self, row, connector, id, "host", _("Host"));
      add_setting (self, row, connector, id, "port", _("Port"));
    }
  add_setting (self, row, connector, id, "line", _("Line when the telephone does not say"));
  if (g_str_equal (kind, "ami"))
    {
      GtkWidget *password = adw_password_entry_row_new ();
      g_autofree char *name = g_strdup_printf ("%s-password", id);

      add_setting (self, row, connector, id, "username", _("Manager account"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password), _("Password (kept in the keyring)"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (password), TRUE);
      gtk_widget_set_name (password, name);
      g_object_set_data_full (G_OBJECT (password), "vigie-id", g_strdup (id), g_free);
      g_signal_connect (password, "apply", G_CALLBACK (password_applied_cb), self);
      adw_expander_row_add_row (row, password);
      add_setting (self, row, connector, id, "extensions", _("Operator's extensions (comma-separated)"));
      add_setting (self, row, connector, id, "queues", _("Operator's queues (comma-separated)"));
    }

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this connector"));
  g_object_set_data_full (G_OBJECT (remove), "vigie-id", g_strdup (id), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_cb), self);
  adw_expander_row_add_action (row, remove);

  g_signal_connect (row, "notify::enable-expansion", G_CALLBACK (enabled_cb), self);
  adw_preferences_group_add (self->connectors_group, expander);
  g_ptr_array_add (self->rows, expander);
}

static void
rebuild (VigiePreferences *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = vigie_telephony_config_load (vigie_context_get_data_dir (self->context), &error);
  JsonArray *array;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->connectors_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (config == NULL)
    {
      toast (self, error->message);
      return;
    }
  array = vigie_telephony_config_connectors (config);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      add_connector_row (self, json_array_get_object_element (array, i));
  update_states (self);
}

static void
add_cb (VigiePreferences *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = vigie_telephony_config_load (vigie_context_get_data_dir (self->context), &error);
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (config != NULL && vigie_telephony_config_find (config, id) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("A connector “%s” exists already"), id);

      toast (self, message);
      return;
    }
  /* An AMI needs a host and an account before it may be saved: the
   * row is added disabled-looking until they are given. */
  if (config == NULL ||
      !vigie_telephony_config_ensure (config, id, kinds[MIN (kind, G_N_ELEMENTS (kinds) - 1)], &error) ||
      (kind == 1 && (!vigie_telephony_config_set (vigie_telephony_config_find (config, id), "host", "127.0.0.1", &error) ||
                     !vigie_telephony_config_set (vigie_telephony_config_find (config, id), "username", "vigie", &error))) ||
      !vigie_telephony_config_save (vigie_context_get_data_dir (self->context), config, &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), "");
  rebuild (self);
}

static void
vigie_preferences_dispose (GObject *object)
{
  VigiePreferences *self = (VigiePreferences *)object;

  if (self->telephony != NULL)
    g_signal_handlers_disconnect_by_data (self->telephony, self);
  g_clear_object (&self->telephony);
  g_clear_object (&self->context);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vigie_preferences_parent_class)->dispose (object);
}

static void
vigie_preferences_class_init (VigiePreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, VigiePreferences, connectors_group);
  gtk_widget_class_bind_template_child (widget_class, VigiePreferences, kind_row);
  gtk_widget_class_bind_template_child (widget_class, VigiePreferences, id_row);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);
}

static void
vigie_preferences_init (VigiePreferences *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vigie_preferences_new:
 * @parent: (nullable): the desk window
 * @context: the loaded data (where telephony.json lives)
 * @telephony: the running telephony, for the connectors' states
 *
 * Returns: (transfer full): the preferences window
 */
VigiePreferences *
vigie_preferences_new (GtkWindow      *parent,
                       VigieContext   *context,
                       VigieTelephony *telephony)
{
  VigiePreferences *self = g_object_new (VIGIE_TYPE_PREFERENCES,
                                         "transient-for", parent,
                                         "modal", FALSE,
                                         NULL);

  self->context = g_object_ref (context);
  self->telephony = g_object_ref (telephony);
  g_signal_connect_swapped (telephony, "connector-changed", G_CALLBACK (update_states), self);
  rebuild (self);
  return self;
}
