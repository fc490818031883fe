/* test-targets-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb: the targets dialog sends a test alert to a PagerDuty peer
 * and shows its answer; a secret entered there lands in the 0600 file;
 * the call view shows the live alert state, the "not delivered — phone"
 * banner with the number, and the operator's acknowledgement.
 * Screenshots go to the build directory.
 */
#include "config.h"

#include <adwaita.h>

#include "vigie-call-view.h"
#include "vigie-dispatch-fixture.h"
#include "vigie-test-gui.h"
#include "vigie-test-wait.h"
#include "vigie-targets-dialog.h"

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)))
        return found;
    }
  return NULL;
}

/* The revealer whose label says @text. */
static GtkWidget *
find_label_revealer (GtkWidget  *root,
                     const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0)
        return gtk_widget_get_ancestor (child, GTK_TYPE_REVEALER);
      if ((found = find_label_revealer (child, text)))
        return found;
    }
  return NULL;
}

static void
test_dialog (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  VigieTargetsDialog *dialog;
  GtkWidget *button, *row, *entry;
  g_autofree char *value = NULL;

  vigie_dispatch_fixture_setup (&fixture, "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\"}]");

  dialog = vigie_targets_dialog_new (NULL, fixture.context);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  /* The routing key, typed into its password row and applied. */
  entry = find_type (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (entry);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (entry)), ==, "Integration key (routing key)");
  gtk_editable_set_text (GTK_EDITABLE (entry), fixture.peer->routing_key);
  g_signal_emit_by_name (entry, "apply");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (entry)), ==, "Integration key (routing key) (stored)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  value = vigie_secrets_lookup (vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (fixture.context)),
                                "hebergix", "pd", "routing_key", &error);
  g_assert_cmpstr (value, ==, fixture.peer->routing_key);

  /* "Send a test alert": the platform's answer appears on the row. */
  button = find_button (GTK_WIDGET (dialog), "Send a _Test Alert");
  g_assert_nonnull (button);
  row = gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW);
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_is_sensitive (button));
  VIGIE_TEST_WAIT_FOR (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Delivered"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "202 Event processed"));
  g_assert_true (gtk_widget_has_css_class (row, "success"));
  g_assert_cmpuint (vigie_peer_count (fixture.peer, "/v2/enqueue", 202), ==, 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (entry, ADW_TYPE_EXPANDER_ROW)), TRUE);
  vigie_test_run_for (400);
  vigie_test_save_screenshot (GTK_WIDGET (dialog), "targets-dialog.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  vigie_dispatch_fixture_teardown (&fixture, NULL);
}

static void
test_call_view_banner (void)
{
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  GtkWidget *window, *view, *revealer, *button;

  vigie_dispatch_fixture_setup (&fixture, "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\"}]");
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  vigie_dispatcher_set_overdue_delay (vigie_context_get_dispatcher (fixture.context), 1);
  vigie_peer_set_down (fixture.peer, TRUE);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  view = vigie_call_view_new (call);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_overdue (call));
  gtk_test_widget_wait_for_draw (view);
  /* The banner: its label carries who to phone and the number, and it is
   * shown; without a roster it is the client's last-resort contact. */
  revealer = find_label_revealer (view, "Alert not delivered — phone Karim Benali (last-resort contact, "
                                        "nobody in the roster): +33612345678");
  g_assert_nonnull (revealer);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  VIGIE_TEST_WAIT_FOR (gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)));
  gtk_test_widget_wait_for_draw (view);
  vigie_test_save_screenshot (window, "call-view-overdue.png");

  /* The on-call person rang back: the operator records it. */
  button = find_button (view, "On-Call Person _Answered");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_ACKNOWLEDGED);
  g_assert_false (vigie_call_get_alert_overdue (call));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  /* The same button now closes the incident on the platforms. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Incident _Resolved");
  gtk_test_widget_wait_for_draw (view);
  vigie_test_save_screenshot (window, "call-view-acknowledged.png");
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_RESOLVED);
  VIGIE_TEST_WAIT_FOR (!gtk_widget_is_sensitive (button));
  g_assert_cmpuint (count_events (&fixture, vigie_call_get_id (call), "alert-resolved"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  vigie_dispatch_fixture_teardown (&fixture, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_autofree char *home = g_dir_make_tmp ("vigie-ui-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);

  /* The user's own directories stay untouched. G_TEST_OPTION_ISOLATE_DIRS
   * would also hide the system data dirs, where GTK finds its icons'
   * MIME types. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/targets-dialog/test-alert", test_dialog);
  g_test_add_func ("/targets-dialog/call-view-banner", test_call_view_banner);

  return g_test_run ();
}
