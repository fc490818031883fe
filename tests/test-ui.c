/* test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk under a real X server: a remote `vigie call` opens the call in
 * this process's primary instance, real key presses (XTest) answer the
 * script and confirm, the alert reaches a libsoup server, and a screenshot
 * of the window is saved in the build tree.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <locale.h>

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#endif

#include "vigie-application.h"
#include "vigie-call-view.h"
#include "vigie-peer.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"
#include "vigie-window.h"

static void
remote_exited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

typedef struct
{
  VigieCall *call;
  guint      steps;
} StepWait;

static gboolean
steps_reached (gpointer data)
{
  StepWait *wait = data;
  return vigie_script_runner_get_n_steps (vigie_call_get_runner (wait->call)) == wait->steps;
}

static gboolean
call_decided (gpointer data)
{
  return vigie_call_get_state (data) == VIGIE_CALL_DECIDED &&
         vigie_call_get_alert_state (data) != VIGIE_ALERT_SENDING;
}

#ifdef HAVE_XTEST
static void
press_key (GtkWidget *window,
           KeySym     keysym)
{
  GdkDisplay *display = gtk_widget_get_display (window);
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
  KeyCode code = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (code, !=, 0);
  /* No window manager under Xvfb: give the window the keyboard ourselves. */
  XSetInputFocus (xdisplay, xid, RevertToParent, CurrentTime);
  XTestFakeKeyEvent (xdisplay, code, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, code, False, CurrentTime);
  XFlush (xdisplay);
}
#endif

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The view drops keys for a moment after the recommendation appears:
 * wait as a person reading it would. */
static void
wait_hold (void)
{
  gboolean done = FALSE;

  g_timeout_add (VIGIE_CALL_VIEW_HOLD_MS + 100, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
answer_with_key (GtkWidget *window,
                 VigieCall *call,
                 guint      keysym,
                 guint      expected_steps)
{
  StepWait wait = { call, expected_steps };

#ifdef HAVE_XTEST
  press_key (window, keysym);
#endif
  vigie_test_wait_for (steps_reached, &wait, 30000, "the key press to answer");
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guchar *pixels = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 600);
  g_assert_cmpint (height, >, 400);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  /* A blank or single-colour window is a failure, not a screenshot. */
  pixels = g_malloc (width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  for (int i = 0; i < width * height; i += 7)
    g_hash_table_add (colours, GUINT_TO_POINTER (((guint32 *) pixels)[i]));
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);
}

static gboolean
window_has_call (gpointer data)
{
  GtkWindow *window = vigie_application_get_desk (data);

  return window != NULL && vigie_window_get_call_view (VIGIE_WINDOW (window), "ui-call-1") != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (window));
}

static void
test_call_by_keyboard (void)
{
  g_autoptr(VigieApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (NULL);
  g_autoptr(GSubprocess) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s/alerts", peer->base_url);
  g_autofree char *data_dir = vigie_test_make_frozen_data_dir (url);
  g_autofree char *vigie = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL);
  gboolean remote_exited = FALSE;
  GtkWindow *window;
  GtkWidget *view;
  VigieCall *call;

  /* The clients' webhooks answer as a platform queueing the alert does. */
  peer->webhook_status = 202;
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "data-directory", data_dir);

  app = vigie_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  /* The switchboard's command, run as another process: it must reach us. */
  remote = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             vigie, "call", "--from", "06 12 34 56 78", "--line", "0800 100 200",
                             "--call-id", "ui-call-1", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (remote, NULL, remote_exited_cb, &remote_exited);
  vigie_test_wait_for (window_has_call, app, 30000, "the remote call to open");
  vigie_test_wait_for (flag_set, &remote_exited, 30000, "the remote command to exit");
  g_assert_true (g_subprocess_get_successful (remote));

  window = vigie_application_get_desk (app);
  gtk_window_set_default_size (window, 1280, 800);
  view = vigie_window_get_call_view (VIGIE_WINDOW (window), "ui-call-1");
  call = vigie_call_view_get_call (VIGIE_CALL_VIEW (view));
  g_assert_cmpstr (vigie_contact_get_id (vigie_call_get_caller (call)), ==, "moreau-claire");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_window_get_focus (window) == view);

#ifndef HAVE_XTEST
  g_test_skip ("XTest is not available: key presses cannot be simulated");
  return;
#else
  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (window))))
    {
      g_test_skip ("Not an X11 display");
      return;
    }

  answer_with_key (GTK_WIDGET (window), call, XK_1, 1);       /* Fuite d'eau */
  answer_with_key (GTK_WIDGET (window), call, XK_1, 2);       /* coule encore : oui */
  answer_with_key (GTK_WIDGET (window), call, XK_1, 3);       /* électricité : oui */
  wait_hold ();
  g_assert_cmpstr (vigie_script_runner_get_outcome (vigie_call_get_runner (call))->id, ==, "fuite-grave");
  answer_with_key (GTK_WIDGET (window), call, XK_BackSpace, 2); /* revise */
  answer_with_key (GTK_WIDGET (window), call, XK_2, 3);       /* électricité : non */
  wait_hold ();
  g_assert_cmpstr (vigie_script_runner_get_outcome (vigie_call_get_runner (call))->id, ==, "fuite-contenue");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), g_getenv ("LANGUAGE") ? "desk-recommendation-fr.png" : "desk-recommendation.png");

  press_key (GTK_WIDGET (window), XK_Return);
  vigie_test_wait_for (call_decided, call, 30000, "the decision and the alert");
  g_assert_cmpint (vigie_decision_get_final (vigie_call_get_decision (call)), ==, VIGIE_DECISION_TRIGGER);
  g_assert_cmpint (vigie_call_get_alert_state (call), ==, VIGIE_ALERT_DELIVERED);
  g_assert_cmpuint (vigie_peer_count (peer, "/alerts/", 0), ==, 1);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), g_getenv ("LANGUAGE") ? "desk-delivered-fr.png" : "desk-delivered.png");
#endif

  gtk_window_destroy (window);
}

/* Runs `vigie ARGS…` as the switchboard would, against our primary
 * instance; returns its exit status and what it printed on stderr. */
static int
run_remote (const char * const *argv,
            char              **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) remote = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_autoptr(GBytes) bytes = NULL;
  gboolean exited = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_async (remote, NULL, remote_exited_cb, &exited);
  vigie_test_wait_for (flag_set, &exited, 30000, "the remote command to exit");
  bytes = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (remote), 65536, NULL, &error);
  g_assert_no_error (error);
  *err = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_subprocess_get_exit_status (remote);
}

/* A newline, ESC, U+202E or invalid UTF-8 in a number, or a 10,000
 * character call id, could paint a fake line in the call list: the
 * command line and tel: links are refused before anything is shown. */
static void
test_hostile_call (void)
{
  g_autoptr(VigieApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = vigie_test_make_frozen_data_dir ("http://127.0.0.1:9/alerts");
  g_autofree char *vigie = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL);
  g_autoptr(GString) long_id = g_string_new (NULL);
  const char *from_newline[] = { vigie, "call", "--from", "06 12 34 56 78\nVIP : Préfet", "--line", "0800 100 200",
                                 "--call-id", "ui-hostile-1", NULL };
  const char *from_rlo[] = { vigie, "call", "--from", "\xe2\x80\xae" "87 65 43 21 60", "--line", "0800 100 200",
                             "--call-id", "ui-hostile-2", NULL };
  const char *from_esc[] = { vigie, "call", "--from", "\x1b[2J06 12 34 56 78", "--line", "0800 100 200",
                             "--call-id", "ui-hostile-3", NULL };
  const char *tel_invalid[] = { vigie, "tel:%FF%FE;line=0800100200;call-id=ui-hostile-4", NULL };
  const char *tel_newline[] = { vigie, "tel:0612345678%0AVIP;line=0800100200;call-id=ui-hostile-5", NULL };
  const char *long_call_id[] = { vigie, "call", "--from", "06 12 34 56 78", "--line", "0800 100 200",
                                 "--call-id", NULL, NULL };
  const char *good[] = { vigie, "call", "--from", "06 12 34 56 78", "--line", "0800 100 200",
                         "--call-id", "ui-hostile-ok", NULL };
  const char * const *hostile[] = { from_newline, from_rlo, from_esc, tel_invalid, tel_newline, long_call_id };
  GtkWindow *window;

  /* Its own process: one application registers per process. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (long_id, 'a' + i % 26);
  long_call_id[7] = long_id->str;

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "data-directory", data_dir);
  app = vigie_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_remote (hostile[i], &err), ==, 1);
      g_test_message ("%s", err);
      g_assert_cmpuint (strlen (err), >, 0);
      /* The message quotes no control character back to the terminal. */
      g_assert_null (strchr (err, '\x1b'));
    }
  window = vigie_application_get_desk (app);
  for (guint i = 1; window != NULL && i <= 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("ui-hostile-%u", i);

      g_assert_null (vigie_window_get_call_view (VIGIE_WINDOW (window), id));
    }

  /* A plain call still pops. */
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_remote (good, &err), ==, 0);
    window = vigie_application_get_desk (app);
    g_assert_nonnull (vigie_window_get_call_view (VIGIE_WINDOW (window), "ui-hostile-ok"));
    gtk_window_destroy (window);
  }
}

/* Only in the French run: in the C locale it could not fail. */
static void
test_translation (void)
{
  g_assert_cmpstr (_("Caller"), ==, "Appelant");
  g_assert_cmpstr (_("Trigger now"), ==, "Déclencher l’astreinte");
}

static void
skip_no_display (void)
{
  g_test_skip ("No display");
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_bind_gettext ();
  /* Private user dirs, but the system's XDG_DATA_DIRS stay. */
  g_free (vigie_test_use_private_home ("vigie-ui-XXXXXX"));

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_message ("No display");
      g_test_add_func ("/ui/call-by-keyboard", skip_no_display);
      return g_test_run ();
    }

  if (g_getenv ("LANGUAGE") != NULL)
    g_test_add_func ("/ui/translation", test_translation);
  /* First: its subprocess registers the application before this process does. */
  g_test_add_func ("/ui/hostile-call", test_hostile_call);
  g_test_add_func ("/ui/call-by-keyboard", test_call_by_keyboard);

  return g_test_run ();
}
