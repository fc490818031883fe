/* test-desk-alert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Failure seen at once (issue 10), on the real desk window under X at
 * 1024×600: the on-call person's own target and the client's are down;
 * the first failed attempt turns the call's state to the warning colour
 * with the server's words; the "phone the on-call person" banner names
 * the roster's person and number and sits above the fold; the call, once
 * closed, waits in "needs attention" until the target is back and the
 * alert delivered.
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "vigie-application.h"
#include "vigie-call-view.h"
#include "vigie-peer.h"
#include "vigie-test-desk.h"
#include "vigie-test-gui.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"
#include "vigie-window.h"

typedef struct {
  VigieApplication *app;
  VigieWindow      *window;
  VigiePeer        *alice;  /* the roster person's own webhook */
  VigiePeer        *ops;    /* the client-wide target */
  char             *data_dir;
} Desk;

static Desk desk;

static gboolean
is_warning (gpointer call)
{
  return g_strcmp0 (vigie_call_get_status_style (call), "warning") == 0;
}

static gboolean
is_overdue (gpointer call)
{
  return vigie_call_get_alert_overdue (call);
}

static gboolean
is_delivered (gpointer call)
{
  return vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED;
}

static gboolean
attention_empty (gpointer data)
{
  return vigie_window_get_attention_count (desk.window) == 0;
}

static gboolean
alice_got_it (gpointer data)
{
  return vigie_peer_count (desk.alice, "/alerts/alice", 200) > 0;
}

static void
test_failure_seen_at_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  GtkWidget *view, *state, *banner;
  graphene_rect_t bounds;
  gint64 decided_at;

  vigie_peer_set_down (desk.alice, TRUE);
  vigie_peer_set_down (desk.ops, TRUE);

  call = vigie_application_open_call (desk.app, "06 98 76 54 32", "0800 100 200", "down-1", &error);
  g_assert_no_error (error);
  desk.window = VIGIE_WINDOW (vigie_application_get_desk (desk.app));
  gtk_window_set_default_size (GTK_WINDOW (desk.window), 1024, 600);
  gtk_window_present (GTK_WINDOW (desk.window));
  vigie_test_settle ();

  /* A leak on the electrical board: the plomberie roster, Alice. */
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_answer_text (call, "Plafond de la cuisine", &error));
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, NULL, &error));
  g_assert_no_error (error);
  decided_at = g_get_monotonic_time ();
  g_assert_cmpstr (vigie_call_get_oncall_name (call), ==, "Alice Aubert");

  /* The first failed attempt is enough: before the first retry (2 s),
   * the state is a warning, in the words of the failure. */
  g_assert_true (vigie_test_wait_until (is_warning (call), 1900));
  g_assert_cmpint (g_get_monotonic_time () - decided_at, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpstr (vigie_call_get_status_text (call), ==, "Alert not delivered yet");
  g_assert_nonnull (strstr (vigie_call_get_alert_message (call), "did not answer"));
  g_assert_true (vigie_call_get_needs_attention (call));
  view = vigie_window_get_call_view (desk.window, "down-1");
  vigie_test_settle ();
  state = vigie_test_find_label (view, "Alert not delivered yet");
  g_assert_nonnull (state);
  g_assert_true (gtk_widget_has_css_class (state, "warning"));
  g_assert_nonnull (vigie_test_find_label (view, "Not delivered yet, retrying:"));
  /* States never contradict each other. */
  g_assert_null (vigie_test_find_label (view, "Alert delivered"));
  g_assert_null (vigie_test_find_label (view, "Alerting…"));

  /* Overdue: the banner names the roster's person and number, and is in
   * the window at 1024×600 without scrolling. */
  g_assert_true (vigie_test_wait_until (is_overdue (call), 15000));
  vigie_test_settle ();
  vigie_test_settle ();
  banner = vigie_test_find_label (view, "Alert not delivered — phone Alice Aubert: +33611111111");
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_compute_bounds (banner, GTK_WIDGET (desk.window), &bounds));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (desk.window)), <=, 600);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (desk.window)));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  vigie_test_save_screenshot (GTK_WIDGET (desk.window), "screenshots/desk-alert-down-1024x600.png");

  /* Closed while the alert is stuck: the call waits in "needs attention". */
  gtk_widget_activate_action (view, "call.close", NULL);
  vigie_test_settle ();
  g_assert_null (vigie_window_get_call_view (desk.window, "down-1"));
  g_assert_cmpuint (vigie_window_get_attention_count (desk.window), ==, 1);
  g_assert_nonnull (vigie_test_find_label (GTK_WIDGET (desk.window), "Dupont Maintenance Immobilière — "));
  vigie_test_save_screenshot (GTK_WIDGET (desk.window), "screenshots/desk-alert-needs-attention-1024x600.png");

  /* The targets are back: delivered, and off the list. */
  vigie_peer_set_down (desk.alice, FALSE);
  vigie_peer_set_down (desk.ops, FALSE);
  vigie_dispatcher_kick (vigie_context_get_dispatcher (vigie_application_get_context (desk.app)));
  g_assert_true (vigie_test_wait_until (is_delivered (call), 20000));
  g_assert_true (vigie_test_wait_until (attention_empty (NULL), 2000));
  g_assert_true (vigie_test_wait_until (alice_got_it (NULL), 20000));
  g_assert_cmpuint (vigie_peer_count (desk.alice, "/alerts/alice", 200), ==, 1);
}

static void
test_no_callback_from_the_desk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GtkWidget *view;
  gboolean journaled = FALSE;

  /* A hidden number and nothing typed: Enter is refused, the desk asks. */
  call = vigie_application_open_call (desk.app, "anonymous", "0800 100 200", "hidden-desk", &error);
  g_assert_no_error (error);
  vigie_test_settle ();
  view = vigie_window_get_call_view (desk.window, "hidden-desk");
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_answer_text (call, "Plafond de la cuisine", &error));
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_no_error (error);
  vigie_test_settle ();
  gtk_widget_activate_action (view, "call.confirm", NULL);
  vigie_test_settle ();
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_QUALIFYING);

  /* Ctrl+Shift+N (or the toast's button): none possible, journaled, sent. */
  gtk_widget_activate_action (view, "call.no-callback", NULL);
  vigie_test_settle ();
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_DECIDED);
  g_assert_true (vigie_call_get_no_callback (call));
  events = vigie_journal_list_events (vigie_context_get_journal (vigie_application_get_context (desk.app)),
                                      "hidden-desk", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    journaled |= g_str_equal (((VigieJournalEvent *) g_ptr_array_index (events, i))->kind, "no-callback");
  g_assert_true (journaled);
  gtk_widget_activate_action (view, "call.close", NULL);
  vigie_test_settle ();
}

static void
write_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dupont = NULL;
  g_autofree char *clients = NULL;
  g_autofree char *roster = NULL;
  g_autofree char *clients_path = g_build_filename (desk.data_dir, "clients.json", NULL);
  g_autofree char *roster_path = g_build_filename (desk.data_dir, "rosters", "dupont-maintenance.json", NULL);

  g_assert_true (vigie_context_install_demo (desk.data_dir, NULL, &error));
  g_assert_no_error (error);
  dupont = vigie_test_desk_dupont_client (desk.ops->base_url);
  clients = g_strdup_printf ("{\"clients\": [%s]}", dupont);
  g_assert_true (g_file_set_contents (clients_path, clients, -1, &error));
  roster = g_strdup_printf (
    "{\"client\": \"dupont-maintenance\", \"timezone\": \"Europe/Paris\","
    " \"people\": [{\"id\": \"alice\", \"name\": \"Alice Aubert\", \"phone\": \"+33611111111\","
    "              \"targets\": [\"webhook:%s/alerts/alice\", \"phone:+33611111111\"]}],"
    " \"rotations\": [{\"id\": \"plombiers\", \"layer\": 1, \"start\": \"2026-01-05T08:00:00\","
    "                  \"turn\": \"weekly\", \"members\": [\"alice\"]}],"
    " \"rosters\": [{\"id\": \"plomberie\", \"name\": \"Plomberie\", \"default\": true, \"rotations\": [\"plombiers\"]}]}",
    desk.alice->base_url);
  g_assert_true (g_file_set_contents (roster_path, roster, -1, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *tmp = vigie_test_use_private_home ("vigie-desk-alert-XXXXXX");
  int status;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  vigie_test_bind_gettext ();
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (vigie_test_log_writer, NULL, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display: run under Xvfb (make check)");
      return g_test_run ();
    }
  adw_init ();

  desk.alice = vigie_peer_new (&error);
  desk.ops = vigie_peer_new (&error);
  g_assert_no_error (error);
  desk.data_dir = g_build_filename (tmp, "data", NULL);
  write_data ();

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "data-directory", desk.data_dir);
  g_settings_set_uint (settings, "alert-overdue-delay", 10);

  desk.app = vigie_application_new ();
  g_application_set_flags (G_APPLICATION (desk.app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (desk.app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (desk.app));

  g_test_add_func ("/desk-alert/failure-seen-at-once", test_failure_seen_at_once);
  g_test_add_func ("/desk-alert/no-callback", test_no_callback_from_the_desk);
  status = g_test_run ();

  g_application_release (G_APPLICATION (desk.app));
  if (vigie_application_get_desk (desk.app))
    gtk_window_destroy (vigie_application_get_desk (desk.app));
  g_clear_object (&desk.app);
  vigie_peer_free (desk.alice);
  vigie_peer_free (desk.ops);
  g_free (desk.data_dir);
  vigie_test_desk_remove (tmp);
  return status;
}
