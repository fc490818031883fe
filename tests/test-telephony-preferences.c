/* test-telephony-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences → Telephony under Xvfb: a connector added from the window
 * lands in telephony.json, a wrong setting is refused with a toast and
 * leaves the file alone, the AMI password goes to VigieSecrets (never the
 * file, never shown back), the switch disables a connector, the bin
 * removes it, and the link's state is shown live from the running
 * telephony (a loopback listener stands for baresip's ctrl_tcp).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "vigie-preferences.h"
#include "vigie-telephony-config.h"
#include "vigie-test-gui.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

static gboolean
says_connected (gpointer data)
{
  const char *subtitle = adw_expander_row_get_subtitle (data);

  return subtitle && (strstr (subtitle, "Connected") || strstr (subtitle, "Connecté"));
}

static char *
config_text (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "telephony.json", NULL);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text ? text : g_strdup ("");
}

static void
apply (GtkWidget  *row,
       const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
test_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = vigie_test_make_data_dir (NULL);
  g_autoptr(VigieContext) context = NULL;
  g_autoptr(VigieTelephony) telephony = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *port_text = NULL;
  VigiePreferences *prefs;
  GtkWidget *id_row, *row, *port_row, *password_row;
  guint16 port;

  context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  telephony = vigie_telephony_new (context);
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  port_text = g_strdup_printf ("%u", port);

  prefs = vigie_preferences_new (NULL, context, telephony);
  gtk_window_present (GTK_WINDOW (prefs));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));

  /* Add a softphone from the window (the combo's first kind). */
  id_row = vigie_test_find_named (GTK_WIDGET (prefs), "connector-id");
  g_assert_nonnull (id_row);
  apply (id_row, "softphone");
  row = vigie_test_find_named (GTK_WIDGET (prefs), "softphone");
  g_assert_nonnull (row);
  config = vigie_telephony_config_load (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_telephony_config_get_string (vigie_telephony_config_find (config, "softphone"), "kind"),
                   ==, "baresip");

  /* A wrong port is refused; the file stays as it was. */
  port_row = vigie_test_find_named (GTK_WIDGET (prefs), "softphone-port");
  g_assert_nonnull (port_row);
  before = config_text (data_dir);
  apply (port_row, "99999");
  after = config_text (data_dir);
  g_assert_cmpstr (before, ==, after);

  /* The right port and a line: the running telephony connects, the row says so. */
  apply (port_row, port_text);
  apply (vigie_test_find_named (GTK_WIDGET (prefs), "softphone-host"), "127.0.0.1");
  apply (vigie_test_find_named (GTK_WIDGET (prefs), "softphone-line"), "0800 100 200");
  g_assert_true (vigie_telephony_reload (telephony, &error));
  g_assert_no_error (error);
  vigie_test_wait_for (says_connected, row, 20000, "the row to show the connection");

  /* Asterisk chosen in the combo, for the screenshot. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (vigie_test_find_named (GTK_WIDGET (prefs), "connector-kind")), 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  {
    /* Let the expander's animation finish before the screenshot. */
    gint64 until = g_get_monotonic_time () + 600 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
  vigie_test_save_screenshot (GTK_WIDGET (prefs), g_getenv ("LANGUAGE") ? "screenshots/telephony-preferences-edit-fr.png"
                                                            : "screenshots/telephony-preferences-edit.png");
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* The password row, through a fresh window showing an AMI connector. */
  config = (json_object_unref (config), vigie_telephony_config_load (data_dir, &error));
  g_assert_nonnull (vigie_telephony_config_ensure (config, "pbx", "ami", &error));
  g_assert_true (vigie_telephony_config_set (vigie_telephony_config_find (config, "pbx"), "host", "127.0.0.1", &error));
  g_assert_true (vigie_telephony_config_set (vigie_telephony_config_find (config, "pbx"), "username", "vigie", &error));
  g_assert_true (vigie_telephony_config_save (data_dir, config, &error));
  prefs = vigie_preferences_new (NULL, context, telephony);
  gtk_window_present (GTK_WINDOW (prefs));
  password_row = vigie_test_find_named (GTK_WIDGET (prefs), "pbx-password");
  g_assert_nonnull (password_row);
  apply (password_row, "s3cret-ami");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  secret = vigie_secrets_lookup (vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (context)),
                                 "telephony", "pbx", "secret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "s3cret-ami");
  after = (g_free (after), config_text (data_dir));
  g_assert_null (strstr (after, "s3cret"));

  /* The switch disables the softphone, the bin removes the AMI. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (vigie_test_find_named (GTK_WIDGET (prefs), "softphone")), FALSE);
  config = (json_object_unref (config), vigie_telephony_config_load (data_dir, &error));
  g_assert_false (json_object_get_boolean_member (vigie_telephony_config_find (config, "softphone"), "enabled"));
  {
    GtkWidget *pbx = vigie_test_find_named (GTK_WIDGET (prefs), "pbx");
    GtkWidget *bin = NULL;
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, pbx);
    while (stack->len > 0 && bin == NULL)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (w)), "user-trash-symbolic") == 0)
          bin = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_assert_nonnull (bin);
    g_signal_emit_by_name (bin, "clicked");
  }
  config = (json_object_unref (config), vigie_telephony_config_load (data_dir, &error));
  g_assert_null (vigie_telephony_config_find (config, "pbx"));
  g_assert_null (vigie_test_find_named (GTK_WIDGET (prefs), "pbx"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  vigie_telephony_stop (telephony);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("vigie-ui-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VIGIE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/telephony/preferences", test_preferences);
  return g_test_run ();
}
