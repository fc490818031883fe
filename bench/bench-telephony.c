/* bench-telephony.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ring → caller card painted, through the real softphone path: SIPp places
 * N calls over loopback to a real baresip; each CALL_INCOMING event on
 * baresip's ctrl_tcp socket pops the call on the desk running in this
 * process. The time from the event (the JSON read and parsed) to the end
 * of the first frame painting the call is what the desk journals as
 * "screen-pop"; the figures are read back from the journal. The previous
 * call is closed before the next ring, as an operator would.
 *
 *   xvfb-run -a build/bench/bench-telephony [N]      (default 30)
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "vigie-application.h"
#include "vigie-baresip-connector.h"
#include "vigie-netstring.h"
#include "vigie-call-view.h"
#include "vigie-window.h"

typedef struct {
  char        *dir;
  guint16      sip_port;
  guint16      ctrl_port;
  GSubprocess *process;
} Baresip;

static void
iterate_until (gboolean (*done) (gpointer), gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

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

  if (error) g_error ("%s", error->message);
  if (!(g_socket_bind (socket, any, FALSE, &error))) g_error ("%s", error->message);
  if (error) g_error ("%s", error->message);
  bound = g_socket_get_local_address (socket, &error);
  if (error) g_error ("%s", error->message);
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

/* baresip with its own config: UDP SIP on loopback, no sound card, the
 * ctrl_tcp module, one account that never registers. */
static void
baresip_start (Baresip *baresip)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *accounts_path = NULL;
  g_autofree char *log_path = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);

  baresip->dir = g_dir_make_tmp ("vigie-baresip-XXXXXX", &error);
  if (error) g_error ("%s", error->message);
  baresip->sip_port = free_port (G_SOCKET_TYPE_DATAGRAM);
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
  config_path = g_build_filename (baresip->dir, "config", NULL);
  accounts_path = g_build_filename (baresip->dir, "accounts", NULL);
  log_path = g_build_filename (baresip->dir, "baresip.log", NULL);
  if (!(g_file_set_contents (config_path, config, -1, &error))) g_error ("%s", error->message);
  if (!(g_file_set_contents (accounts_path, "<sip:operator@127.0.0.1>;regint=0\n", -1, &error))) g_error ("%s", error->message);
  if (error) g_error ("%s", error->message);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  baresip->process = g_subprocess_launcher_spawn (launcher, &error, "baresip", "-f", baresip->dir, NULL);
  if (error) g_error ("%s", error->message);
  iterate_until (port_open, GUINT_TO_POINTER (baresip->ctrl_port), "baresip's control socket");
}

static void
baresip_stop (Baresip *baresip)
{
  if (baresip->process != NULL)
    {
      g_subprocess_send_signal (baresip->process, SIGTERM);
      g_subprocess_wait (baresip->process, NULL, NULL);
    }
  g_clear_object (&baresip->process);
  g_free (baresip->dir);
}

static GHashTable *seen;

static gboolean
has_new_call (gpointer data)
{
  GtkWindow *window = vigie_application_get_desk (data);
  GtkWidget *view = VIGIE_IS_WINDOW (window) ? vigie_window_get_current_call_view (VIGIE_WINDOW (window)) : NULL;
  const char *id = view ? vigie_call_get_id (vigie_call_view_get_call (VIGIE_CALL_VIEW (view))) : NULL;

  if (id == NULL || g_hash_table_contains (seen, id))
    return FALSE;
  g_hash_table_add (seen, g_strdup (id));
  return TRUE;
}

typedef struct {
  VigieJournal *journal;
  const char   *call_id;
  double        ms;
} PopWait;

static gboolean
pop_journaled (gpointer data)
{
  PopWait *wait = data;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (wait->journal, wait->call_id, NULL);

  for (guint i = 0; events && i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, "screen-pop"))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          json_parser_load_from_data (parser, event->data, -1, NULL);
          wait->ms = json_object_get_double_member (json_node_get_object (json_parser_get_root (parser)), "ms");
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
exited (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "exited"));
}

static void
wait_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_object_set_data (object, "exited", GINT_TO_POINTER (TRUE));
}

/* The connector's own share: netstring framing + JSON + call tracking for
 * one CALL_INCOMING and its CALL_CLOSED, no desk attached. */
static double
parse_cost_us (void)
{
  g_autoptr(VigieBaresipConnector) connector = vigie_baresip_connector_new ("bench", "127.0.0.1", 4444, "0800100200");
  g_autoptr(VigieNetstringReader) reader = vigie_netstring_reader_new (16384);
  const guint n = 20000;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *in = g_strdup_printf ("{\"event\":true,\"type\":\"%s\",\"class\":\"call\","
                                             "\"accountaor\":\"sip:operator@127.0.0.1\",\"direction\":\"incoming\","
                                             "\"peeruri\":\"sip:0612345678@127.0.0.1:5090\","
                                             "\"peerdisplayname\":\"Claire\",\"id\":\"1-%u@host\",\"param\":\"x\"}",
                                             i % 2 ? "CALL_CLOSED" : "CALL_INCOMING", i / 2);
      g_autoptr(GBytes) frame = vigie_netstring_encode (in, -1);
      g_autoptr(GBytes) message = NULL;
      gsize size;
      const guint8 *data = g_bytes_get_data (frame, &size);

      vigie_netstring_reader_feed (reader, data, size);
      if (vigie_netstring_reader_next (reader, &message, NULL) != VIGIE_NETSTRING_MESSAGE ||
          !vigie_baresip_connector_handle_message (connector, g_bytes_get_data (message, NULL),
                                                   g_bytes_get_size (message), NULL))
        g_error ("bench message refused");
    }
  return (double) (g_get_monotonic_time () - start) / n;
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *home = g_dir_make_tmp ("vigie-bench-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (home, "data", NULL);
  g_autofree char *config = NULL;
  g_autofree char *json = NULL;
  g_autofree char *scenario = g_build_filename (g_getenv ("VIGIE_SOURCE_DIR") ? g_getenv ("VIGIE_SOURCE_DIR") : ".",
                                                "bench", "sipp-ring.xml", NULL);
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 30;
  Baresip baresip = { 0 };
  VigieJournal *journal;
  double sum = 0;

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  gtk_init ();
  adw_init ();
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_find_program_in_path ("baresip") || !g_find_program_in_path ("sipp"))
    {
      g_printerr ("bench-telephony: needs baresip and sipp (Debian: baresip-core, sip-tester)\n");
      return 77;
    }
  if (!vigie_context_install_demo (data_dir, NULL, &error))
    g_error ("%s", error->message);
  baresip_start (&baresip);
  config = g_build_filename (data_dir, "telephony.json", NULL);
  json = g_strdup_printf ("{\"connectors\": [{\"id\": \"softphone\", \"kind\": \"baresip\", \"port\": %u,"
                          " \"line\": \"0800 100 200\"}]}", baresip.ctrl_port);
  if (!g_file_set_contents (config, json, -1, &error))
    g_error ("%s", error->message);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "data-directory", data_dir);
  app = vigie_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  journal = vigie_context_get_journal (vigie_application_get_context (app));
  g_application_activate (G_APPLICATION (app));

  for (guint i = 0; i < n + 3; i++)
    {
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", baresip.sip_port);
      g_autofree char *local = g_strdup_printf ("%u", free_port (G_SOCKET_TYPE_DATAGRAM));
      g_autofree char *media = g_strdup_printf ("%u", free_port (G_SOCKET_TYPE_DATAGRAM));
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_autoptr(GSubprocess) sipp = NULL;
      GtkWindow *window;
      GtkWidget *view;
      PopWait wait = { journal, NULL, 0 };

      g_subprocess_launcher_set_cwd (launcher, baresip.dir);
      g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
      sipp = g_subprocess_launcher_spawn (launcher, &error, "sipp", "-sf", scenario, "-s", "operator", remote,
                                          "-m", "1", "-i", "127.0.0.1", "-p", local, "-mp", media,
                                          "-timeout", "20s", NULL);
      if (sipp == NULL)
        g_error ("%s", error->message);
      g_subprocess_wait_async (sipp, NULL, wait_cb, NULL);
      iterate_until (has_new_call, app, "the call to pop");
      window = vigie_application_get_desk (app);
      view = vigie_window_get_current_call_view (VIGIE_WINDOW (window));
      wait.call_id = vigie_call_get_id (vigie_call_view_get_call (VIGIE_CALL_VIEW (view)));
      iterate_until (pop_journaled, &wait, "the screen pop to be journaled");
      iterate_until (exited, sipp, "SIPp to hang up");
      gtk_widget_activate_action (view, "call.close", NULL);
      if (i >= 3)   /* warm-up calls are not counted */
        {
          g_array_append_val (times, wait.ms);
          sum += wait.ms;
        }
    }

  g_array_sort (times, compare);
  g_print ("ctrl_tcp event read by the connector (netstring + JSON + tracking): %.1f µs\n", parse_cost_us ());
  g_print ("bench-telephony: %u calls through baresip ctrl_tcp (3 warm-up not counted)\n", n);
  g_print ("CALL_INCOMING event -> caller card painted (journaled screen-pop):\n");
  g_print ("  min %.1f ms  median %.1f ms  mean %.1f ms  p95 %.1f ms  max %.1f ms\n",
           g_array_index (times, double, 0), g_array_index (times, double, times->len / 2), sum / times->len,
           g_array_index (times, double, MIN (times->len - 1, (guint) (times->len * 0.95))),
           g_array_index (times, double, times->len - 1));

  gtk_window_destroy (vigie_application_get_desk (app));
  baresip_stop (&baresip);
  return 0;
}
