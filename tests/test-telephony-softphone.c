/* test-telephony-softphone.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real telephony, end to end: SIPp (Debian's sip-tester) places a real SIP
 * call over loopback to a real baresip started here with its own config
 * and its ctrl_tcp module; the desk, running in this process, pops the
 * call from baresip's event with the caller identified, nobody typing.
 * The operator's pick-up and hang-up buttons drive baresip through the
 * same socket, and SIPp only succeeds if the BYE reaches it. A second
 * caller gives up before anyone answers: the ring is journaled
 * unanswered and the client's on-call person is alerted with the number.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <signal.h>
#include <sys/prctl.h>
#include <gdk/x11/gdkx.h>

#include "vigie-application.h"
#include "vigie-call-view.h"
#include "vigie-preferences.h"
#include "vigie-peer.h"
#include "vigie-test-gui.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"
#include "vigie-window.h"

typedef struct {
  char        *dir;
  guint16      sip_port;
  guint16      ctrl_port;
  GSubprocess *process;
} Baresip;

/* baresip and SIPp die with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static guint16
free_port (GSocketType type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, 0, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_open (gpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", GPOINTER_TO_UINT (data), NULL, NULL);

  return connection != NULL;
}

static gboolean
port_free (GSocketType type,
           guint16     port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return socket != NULL && g_socket_bind (socket, address, FALSE, NULL);
}

/* baresip 1.0 listens on UDP, TCP and TLS (the next port) whatever
 * sip_transports says: all three must be free. */
static guint16
free_sip_port (void)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      guint16 port = free_port (G_SOCKET_TYPE_DATAGRAM);

      if (port < 65535 && port_free (G_SOCKET_TYPE_STREAM, port) && port_free (G_SOCKET_TYPE_STREAM, port + 1) &&
          port_free (G_SOCKET_TYPE_DATAGRAM, port + 1))
        return port;
    }
  g_error ("No free SIP port");
}

typedef struct {
  guint16      port;
  GSubprocess *process;
} Startup;

static gboolean
process_exited (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "vigie-exited"));
}

static void
process_wait_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_object_set_data (object, "vigie-exited", GINT_TO_POINTER (TRUE));
}

static gboolean
baresip_up_or_gone (gpointer data)
{
  Startup *startup = data;

  return process_exited (startup->process) ||
         port_open (GUINT_TO_POINTER (startup->port));
}

/* baresip with its own config: SIP on loopback, no sound card, the
 * ctrl_tcp module, one account that never registers. A port taken
 * between the choice and baresip's bind (a busy machine) means another
 * try with other ports. */
static void
baresip_start (Baresip *baresip)
{
  g_autoptr(GError) error = NULL;

  baresip->dir = g_dir_make_tmp ("vigie-baresip-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autofree char *config = NULL;
      g_autofree char *config_path = g_build_filename (baresip->dir, "config", NULL);
      g_autofree char *accounts_path = g_build_filename (baresip->dir, "accounts", NULL);
      g_autofree char *log_path = g_build_filename (baresip->dir, "baresip.log", NULL);
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
      Startup startup;

      baresip->sip_port = free_sip_port ();
      baresip->ctrl_port = free_port (G_SOCKET_TYPE_STREAM);
      config = g_strdup_printf ("poll_method\t\tpoll\n"
                                "sip_listen\t\t127.0.0.1:%u\n"
                                "audio_player\t\taubridge,nil\n"
                                "audio_source\t\taubridge,nil\n"
                                "audio_alert\t\taubridge,nil\n"
                                "module_path\t\t/usr/lib/baresip/modules\n"
                                "module\t\t\tg711.so\n"
                                "module\t\t\taubridge.so\n"
                                "module\t\t\tmenu.so\n"
                                "module\t\t\tctrl_tcp.so\n"
                                "module_app\t\taccount.so\n"
                                "ctrl_tcp_listen\t\t127.0.0.1:%u\n",
                                baresip->sip_port, baresip->ctrl_port);
      g_assert_true (g_file_set_contents (config_path, config, -1, &error));
      g_assert_true (g_file_set_contents (accounts_path, "<sip:operator@127.0.0.1>;regint=0\n", -1, &error));
      g_assert_no_error (error);

      g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
      g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
      g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
      baresip->process = g_subprocess_launcher_spawn (launcher, &error, "baresip", "-f", baresip->dir, NULL);
      g_assert_no_error (error);
      startup.port = baresip->ctrl_port;
      startup.process = baresip->process;
      g_subprocess_wait_async (baresip->process, NULL, process_wait_cb, NULL);
      vigie_test_wait_for (baresip_up_or_gone, &startup, 30000, "baresip's control socket");
      if (!process_exited (baresip->process))
        return;
      g_test_message ("baresip did not start (ports %u, %u taken?), trying again",
                      baresip->sip_port, baresip->ctrl_port);
      g_clear_object (&baresip->process);
    }
  g_error ("baresip did not start; see %s/baresip.log", baresip->dir);
}

static void
baresip_stop (Baresip *baresip)
{
  if (baresip->process != NULL)
    {
      if (!process_exited (baresip->process))
        g_subprocess_send_signal (baresip->process, SIGTERM);
      while (!process_exited (baresip->process))
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (&baresip->process);
  g_free (baresip->dir);
}

static GSubprocess *
sipp_call (Baresip    *baresip,
           const char *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vigie_test_data_path (scenario);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", baresip->sip_port);
  g_autofree char *local_port = g_strdup_printf ("%u", free_port (G_SOCKET_TYPE_DATAGRAM));
  /* Not SIPp's default 6000: another run on the machine may hold it. */
  g_autofree char *media_port = g_strdup_printf ("%u", free_sip_port ());
  g_autofree char *sipp_dir = g_build_filename (baresip->dir, "sipp", NULL);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  GSubprocess *process;

  g_mkdir_with_parents (sipp_dir, 0700);
  g_subprocess_launcher_set_cwd (launcher, sipp_dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, "sipp", "-sf", path, "-s", "operator", remote,
                                         "-m", "1", "-i", "127.0.0.1", "-p", local_port, "-mp", media_port,
                                         "-timeout", "40s", "-timeout_error", "-nostdin", NULL);
  g_assert_no_error (error);
  return process;
}

typedef struct {
  VigieJournal *journal;
  const char   *kind;
  const char   *call_id;
} JournalWait;

static JsonObject *
find_event (VigieJournal *journal,
            const char   *call_id,
            const char   *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (journal, call_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, kind))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          g_assert_true (json_parser_load_from_data (parser, event->data, -1, NULL));
          return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
        }
    }
  return NULL;
}

static gboolean
journal_has (gpointer data)
{
  JournalWait *wait = data;
  g_autoptr(JsonObject) found = find_event (wait->journal, wait->call_id, wait->kind);

  return found != NULL;
}

static void
wait_journal (VigieJournal *journal,
              const char   *call_id,
              const char   *kind)
{
  JournalWait wait = { journal, kind, call_id };
  g_autofree char *what = g_strdup_printf ("“%s” in the journal", kind);

  vigie_test_wait_for (journal_has, &wait, 30000, what);
}

static GHashTable *seen_calls;

/* A call the test has not met yet is on the desk, in front. */
static gboolean
has_current_call (gpointer data)
{
  GtkWindow *window = vigie_application_get_desk (data);
  GtkWidget *view = VIGIE_IS_WINDOW (window) ? vigie_window_get_current_call_view (VIGIE_WINDOW (window)) : NULL;
  const char *id = view ? vigie_call_get_id (vigie_call_view_get_call (VIGIE_CALL_VIEW (view))) : NULL;

  if (id == NULL || g_hash_table_contains (seen_calls, id) || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;
  g_hash_table_add (seen_calls, g_strdup (id));
  return TRUE;
}

/* The connector is set up the way a centre scripts its desks, with
 * `vigie telephony add`, while the desk runs: it must pick it up live. */
static void
run_cli (const char *data_dir,
         const char *verb,
         const char *first,
         const char *second,
         const char *third)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vigie = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) cli = NULL;

  g_subprocess_launcher_setenv (launcher, "VIGIE_DATA_DIR", data_dir, TRUE);
  cli = g_subprocess_launcher_spawn (launcher, &error, vigie, "telephony", verb, "softphone",
                                     first, second, third, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (cli, NULL, &error));
  g_assert_no_error (error);
}

/* Hébergix asks to be told of a call unanswered after one second;
 * Dupont Maintenance gives its operators 30 seconds and no alert. */
static void
set_unanswered_option (JsonObject *client,
                       gpointer    data)
{
  JsonObject *unanswered = json_object_new ();
  gboolean hebergix = g_str_equal (json_object_get_string_member (client, "id"), "hebergix");

  json_object_set_int_member (unanswered, "delay", hebergix ? 1 : 30);
  json_object_set_boolean_member (unanswered, "alert", hebergix);
  json_object_set_object_member (client, "unanswered", unanswered);
}

typedef struct {
  VigieApplication *app;
  VigiePeer        *alerts;    /* the clients' webhooks */
  Baresip           baresip;
  VigieJournal     *journal;
  char             *data_dir;
} Desk;

static Desk desk;

/* A call that popped while another is being qualified joins the list
 * without taking the view (the operator's call keeps the keyboard). */
static char *new_call_id;

static gboolean
has_new_call_view (gpointer data)
{
  GtkWindow *window = vigie_application_get_desk (data);
  g_autoptr(GPtrArray) events = vigie_journal_list_events (desk.journal, NULL, NULL);

  for (guint i = 0; events && i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, "call-received") && event->call_id &&
          !g_hash_table_contains (seen_calls, event->call_id) &&
          vigie_window_get_call_view (VIGIE_WINDOW (window), event->call_id) != NULL)
        {
          g_hash_table_add (seen_calls, g_strdup (event->call_id));
          g_free (new_call_id);
          new_call_id = g_strdup (event->call_id);
          return TRUE;
        }
    }
  return FALSE;
}


static void
desk_start (Desk *d)
{
  if (d->app != NULL)
    return;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = NULL;
  g_autofree char *data_dir = NULL;

  d->alerts = vigie_peer_new (&error);
  g_assert_no_error (error);
  d->alerts->webhook_status = 202;
  url = g_strdup_printf ("%s/alerts", d->alerts->base_url);
  data_dir = vigie_test_make_data_dir (url);

  baresip_start (&d->baresip);
  vigie_test_edit_clients (data_dir, set_unanswered_option, NULL);
  g_settings_set_string (settings, "data-directory", data_dir);

  d->app = vigie_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (d->app), NULL, &error));
  g_assert_no_error (error);
  d->journal = vigie_context_get_journal (vigie_application_get_context (d->app));
  {
    g_autofree char *port = g_strdup_printf ("port=%u", d->baresip.ctrl_port);

    run_cli (data_dir, "add", "baresip", port, "line=0800 100 200");
  }
  d->data_dir = g_strdup (data_dir);
  wait_journal (d->journal, NULL, "telephony-connected");
}

static void
desk_stop (Desk *d)
{
  GtkWindow *window = vigie_application_get_desk (d->app);

  if (window != NULL)
    gtk_window_destroy (window);
  baresip_stop (&d->baresip);
  g_clear_object (&d->app);
  g_clear_pointer (&d->data_dir, g_free);
  g_clear_pointer (&d->alerts, vigie_peer_free);
}

static gboolean
window_sized (gpointer data)
{
  return gtk_widget_get_width (data) >= 1000 && gtk_widget_get_height (data) >= 580;
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
test_softphone_call (void)
{
  g_autoptr(GSubprocess) sipp = NULL;
  g_autoptr(JsonObject) ring = NULL;
  g_autoptr(JsonObject) received = NULL;
  g_autoptr(JsonObject) hangup = NULL;
  g_autoptr(JsonObject) unanswered = NULL;
  GtkWindow *window;
  GtkWidget *view, *pick_up, *hang_up;
  VigieCall *call;
  const char *call_id;

  if (!g_find_program_in_path ("baresip") || !g_find_program_in_path ("sipp"))
    {
      g_test_skip ("baresip or sipp (sip-tester) is not installed");
      return;
    }

  desk_start (&desk);
  sipp = sipp_call (&desk.baresip, "sipp/caller-hung-up-by-operator.xml");
  g_subprocess_wait_async (sipp, NULL, process_wait_cb, NULL);

  /* The call pops by itself, caller identified from the SIP From. */
  vigie_test_wait_for (has_current_call, desk.app, 30000, "the SIP call to pop on the desk");
  window = vigie_application_get_desk (desk.app);
  gtk_window_set_default_size (window, 1024, 600);
  view = vigie_window_get_current_call_view (VIGIE_WINDOW (window));
  call = vigie_call_view_get_call (VIGIE_CALL_VIEW (view));
  call_id = vigie_call_get_id (call);
  g_assert_cmpstr (vigie_call_get_from (call), ==, "+33612345678");
  g_assert_cmpstr (vigie_call_get_line (call), ==, "+33800100200");
  g_assert_nonnull (vigie_call_get_caller (call));
  g_assert_cmpstr (vigie_contact_get_id (vigie_call_get_caller (call)), ==, "moreau-claire");

  ring = find_event (desk.journal, call_id, "telephony-ring");
  g_assert_nonnull (ring);
  g_assert_cmpstr (json_object_get_string_member (ring, "connector"), ==, "softphone");
  g_assert_cmpstr (json_object_get_string_member (ring, "from"), ==, "0612345678");
  g_assert_cmpstr (json_object_get_string_member (ring, "caller_name"), ==, "Jean Dupont");
  received = find_event (desk.journal, call_id, "call-received");
  g_assert_nonnull (received);
  g_assert_cmpstr (json_object_get_string_member (received, "client_id"), ==, "dupont-maintenance");

  /* The operator picks up from the call view: baresip answers the INVITE. */
  pick_up = vigie_test_find_named (view, "pick-up");
  hang_up = vigie_test_find_named (view, "hang-up");
  g_assert_nonnull (pick_up);
  g_assert_nonnull (hang_up);
  vigie_test_wait_for (window_sized, window, 30000, "the window to take its size");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_is_drawable (pick_up));
  vigie_test_save_screenshot (GTK_WIDGET (window), g_getenv ("LANGUAGE") ? "screenshots/telephony-ringing-fr.png" : "screenshots/telephony-ringing.png");
  g_assert_true (gtk_widget_activate (pick_up));
  wait_journal (desk.journal, call_id, "telephony-answered");
  vigie_test_wait_for (widget_hidden, pick_up, 30000, "the pick-up button to go");
  g_assert_true (gtk_widget_get_visible (hang_up));

  /* Then hangs up: the BYE must reach SIPp, whose scenario waits for it. */
  g_assert_true (gtk_widget_activate (hang_up));
  vigie_test_wait_for (process_exited, sipp, 30000, "SIPp to receive the BYE and exit");
  g_assert_true (g_subprocess_get_if_exited (sipp));
  g_assert_cmpint (g_subprocess_get_exit_status (sipp), ==, 0);
  wait_journal (desk.journal, call_id, "telephony-hangup");
  hangup = find_event (desk.journal, call_id, "telephony-hangup");
  g_assert_true (json_object_get_boolean_member (hangup, "answered"));
  g_assert_null ((unanswered = find_event (desk.journal, call_id, "call-unanswered")));
  vigie_test_wait_for (widget_hidden, gtk_widget_get_parent (hang_up), 30000, "the line buttons to go");
  /* The call stays on the desk for the qualification. */
  g_assert_true (vigie_window_get_call_view (VIGIE_WINDOW (window), call_id) == view);
  g_assert_cmpint (vigie_call_get_state (call), ==, VIGIE_CALL_QUALIFYING);
}

static gboolean
alert_received (gpointer data)
{
  return ((Desk *) data)->alerts->requests->len > 0;
}

static GtkWindow *
find_preferences (GtkApplication *app)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VIGIE_IS_PREFERENCES (window))
        return GTK_WINDOW (window);
    }
  return NULL;
}

/* No window manager under Xvfb: give the preferences the keyboard focus
 * ourselves, as a click would. */
static gboolean
preferences_shown (gpointer data)
{
  GtkWindow *prefs = find_preferences (data);

  if (prefs == NULL || !gtk_widget_get_mapped (GTK_WIDGET (prefs)))
    return FALSE;
  if (GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (prefs))))
    {
      Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (prefs)));

      XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (prefs))),
                      RevertToParent, CurrentTime);
      XFlush (xdisplay);
    }
  return gtk_window_is_active (prefs);
}

static gboolean
subtitle_connected (gpointer data)
{
  const char *subtitle = adw_expander_row_get_subtitle (data);

  return subtitle != NULL && (strstr (subtitle, "Connected") || strstr (subtitle, "Connecté"));
}

static gboolean
reconnected (gpointer data)
{
  Desk *d = data;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (d->journal, NULL, NULL);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((VigieJournalEvent *) g_ptr_array_index (events, i))->kind, "telephony-connected"))
      n++;
  return n >= 2;
}

static void
test_softphone_unanswered (void)
{
  g_autoptr(GSubprocess) sipp = NULL;
  g_autoptr(JsonObject) unanswered = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *alert;
  GtkWindow *window, *prefs;
  GtkWidget *view;
  const char *call_id;

  if (!g_find_program_in_path ("baresip") || !g_find_program_in_path ("sipp"))
    {
      g_test_skip ("baresip or sipp (sip-tester) is not installed");
      return;
    }

  desk_start (&desk);
  /* The operator finished the previous call: a new call comes forward
   * by itself only on an empty desk (issue 12). */
  if (VIGIE_IS_WINDOW (vigie_application_get_desk (desk.app)))
    {
      GtkWidget *previous = vigie_window_get_current_call_view (VIGIE_WINDOW (vigie_application_get_desk (desk.app)));

      if (previous != NULL)
        gtk_widget_activate_action (previous, "call.close", NULL);
    }
  /* The softphone now takes Hébergix's line (set live, by script). */
  run_cli (desk.data_dir, "set", "line=0800 300 400", NULL, NULL);
  vigie_test_wait_for (reconnected, &desk, 30000, "the softphone to reconnect with the new line");

  /* Preferences (main menu) show the softphone connected, and keep the
   * focus: the next call must still find the desk behind them. */
  g_action_group_activate_action (G_ACTION_GROUP (desk.app), "preferences", NULL);
  vigie_test_wait_for (preferences_shown, desk.app, 30000, "the preferences to open and take the focus");
  prefs = find_preferences (GTK_APPLICATION (desk.app));
  {
    GtkWidget *row = vigie_test_find_named (GTK_WIDGET (prefs), "softphone");

    g_assert_nonnull (row);
    vigie_test_wait_for (subtitle_connected, row, 30000, "the softphone's row to say it is connected");
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
  vigie_test_save_screenshot (GTK_WIDGET (prefs), g_getenv ("LANGUAGE") ? "screenshots/telephony-preferences-fr.png" : "screenshots/telephony-preferences.png");

  /* Rings 2.5 s, nobody answers, the caller gives up. */
  sipp = sipp_call (&desk.baresip, "sipp/caller-gives-up.xml");
  g_subprocess_wait_async (sipp, NULL, process_wait_cb, NULL);
  vigie_test_wait_for (has_new_call_view, desk.app, 30000, "the SIP call to pop on the desk");
  window = vigie_application_get_desk (desk.app);
  view = vigie_window_get_call_view (VIGIE_WINDOW (window), new_call_id);
  call_id = vigie_call_get_id (vigie_call_view_get_call (VIGIE_CALL_VIEW (view)));

  /* The client's delay is one second: journaled before the caller gives up. */
  wait_journal (desk.journal, call_id, "call-unanswered");
  unanswered = find_event (desk.journal, call_id, "call-unanswered");
  g_assert_cmpstr (json_object_get_string_member (unanswered, "reason"), ==, "timeout");
  g_assert_cmpstr (json_object_get_string_member (unanswered, "from"), ==, "+33698765432");
  g_assert_cmpstr (json_object_get_string_member (unanswered, "client_id"), ==, "hebergix");
  g_assert_true (json_object_get_boolean_member (unanswered, "alert"));
  g_assert_null (find_event (desk.journal, call_id, "telephony-answered"));

  /* The on-call person is alerted with the caller's number. */
  vigie_test_wait_for (alert_received, &desk, 30000, "the unanswered-call alert");
  g_assert_true (json_parser_load_from_data (parser, ((VigiePeerRequest *) g_ptr_array_index (desk.alerts->requests, 0))->raw,
                                             -1, &error));
  g_assert_no_error (error);
  alert = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (alert, "decision"), ==, "unanswered");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "caller"), "number"),
                   ==, "+33698765432");
  g_assert_nonnull (strstr (json_object_get_string_member (alert, "summary"), "+33698765432"));

  vigie_test_wait_for (process_exited, sipp, 30000, "SIPp to give up");
  gtk_window_destroy (prefs);
  g_assert_cmpint (g_subprocess_get_exit_status (sipp), ==, 0);
  wait_journal (desk.journal, call_id, "telephony-hangup");
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_bind_gettext ();
  g_free (vigie_test_use_private_home ("vigie-tel-XXXXXX"));

  g_test_init (&argc, &argv, NULL);
  seen_calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/telephony/softphone-call", (GTestFunc) g_test_skip);
      g_test_add_func ("/telephony/softphone-unanswered", (GTestFunc) g_test_skip);
      return g_test_run ();
    }

  g_test_add_func ("/telephony/softphone-call", test_softphone_call);
  g_test_add_func ("/telephony/softphone-unanswered", test_softphone_unanswered);
  {
    int status = g_test_run ();

    if (desk.app != NULL)
      desk_stop (&desk);
    return status;
  }
}
