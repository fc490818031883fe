/* test-desk-night.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 11, "open calls slow the desk down", through the real `vigie`
 * binary under Xvfb: 50 calls rung over the switchboard endpoint stay
 * open; the operator moves between them with the keyboard (Alt+number,
 * Ctrl+Page Down, sent through XTest), answers on some, leaves one
 * mid-script for long enough that its view is recycled, comes back and
 * finishes it. The journal must hold each answer and the decision
 * against the call it was given on, and the desk (VIGIE_DEBUG=views)
 * must never keep more than a handful of call views alive.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define TOKEN "night-desk-token-1234"
#define N_CALLS 50
/* Kept views (VIGIE_WINDOW's VIEWS_KEPT) plus the one built ahead. */
#define MAX_VIEWS 5

static struct {
  GTestDBus   *bus;
  GSubprocess *vigie;
  char        *log_path;
  char        *data_dir;   /* the desk's, with its journal */
  char        *system_data_dirs;  /* before the test isolated them */
  guint16      port;
  Display     *xdisplay;
  Window       xid;
} night;

/* The last "views:" line the desk printed. */
static char *
last_views_line (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (night.log_path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    if (strstr (lines[i - 1], "views: "))
      return g_strdup (strstr (lines[i - 1], "views: "));
  return NULL;
}

static gboolean
parse_views (const char *line,
             guint      *kept,
             guint      *alive,
             guint      *open,
             char      **on_screen)
{
  const char *p = line ? strchr (line + strlen ("views: "), ':') : NULL;
  char shown[128] = "";

  return p != NULL &&
         sscanf (p, ": %u kept, %u alive, %u calls open, on screen %127s", kept, alive, open, shown) == 4 &&
         (*on_screen = g_strdup (shown)) != NULL;
}

typedef struct {
  guint kept, alive, open;
  char *on_screen;
} Views;

static void
views_clear (Views *views)
{
  g_clear_pointer (&views->on_screen, g_free);
}

/* Whether the desk's last word says @call_id is on screen with @open
 * calls open. */
static gboolean
views_show (Views      *views,
            const char *call_id,
            guint       open)
{
  g_autofree char *line = last_views_line ();

  views_clear (views);
  return parse_views (line, &views->kept, &views->alive, &views->open, &views->on_screen) &&
         views->open == open && g_str_equal (views->on_screen, call_id);
}

/* Waits until the desk says @call_id is on screen with @open calls open. */
static void
wait_views (Views      *views,
            const char *call_id,
            guint       open)
{
  if (!vigie_test_wait_until (views_show (views, call_id, open), 30000))
    {
      g_autofree char *line = last_views_line ();

      g_error ("The desk never showed %s with %u calls open (last: %s)", call_id, open, line);
    }
  g_test_message ("%u calls open, %s on screen: %u views kept, %u alive", views->open, views->on_screen,
                  views->kept, views->alive);
  /* Bounded, whatever the number of open calls. */
  g_assert_cmpuint (views->alive, <=, MAX_VIEWS);
  g_assert_cmpuint (views->kept, <=, MAX_VIEWS - 1);
}

static void
ring (SoupSession *session,
      const char  *call_id,
      guint        i)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/call?event=ring&from=%%2B336710%05u&line=0800100200"
                                          "&call_id=%s&token=" TOKEN, night.port, i, call_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

  if (error != NULL)
    {
      g_autofree char *text = NULL;

      g_file_get_contents (night.log_path, &text, NULL, NULL);
      g_printerr ("--- vigie ---\n%s\n", text ? text : "");
    }
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

/* --- X: the desk's window and the keyboard ---------------------------- */

/* A mapped top-level window of the process @pid, large enough to be the
 * desk (not a tooltip or a menu). */
static gboolean
is_desk_window (Window window,
                GPid   pid)
{
  Atom pid_atom = XInternAtom (night.xdisplay, "_NET_WM_PID", False);
  Atom type;
  int format;
  unsigned long n_items, after;
  unsigned char *data = NULL;
  XWindowAttributes attributes;
  gboolean found;

  if (XGetWindowProperty (night.xdisplay, window, pid_atom, 0, 1, False, XA_CARDINAL, &type, &format,
                          &n_items, &after, &data) != Success || data == NULL)
    return FALSE;
  found = n_items == 1 && *(unsigned long *) data == (unsigned long) pid &&
          XGetWindowAttributes (night.xdisplay, window, &attributes) && attributes.map_state == IsViewable &&
          attributes.width > 300;
  XFree (data);
  return found;
}

static Window
find_window (Window  window,
             GPid    pid)
{
  Window root, parent, *children = NULL, found = 0;
  unsigned int n = 0;

  if (is_desk_window (window, pid))
    return window;
  if (XQueryTree (night.xdisplay, window, &root, &parent, &children, &n))
    {
      for (unsigned int i = 0; i < n && !found; i++)
        found = find_window (children[i], pid);
      XFree (children);
    }
  return found;
}

static void
press (KeySym keysym,
       KeySym modifier)
{
  KeyCode code = XKeysymToKeycode (night.xdisplay, keysym);
  KeyCode mod = modifier ? XKeysymToKeycode (night.xdisplay, modifier) : 0;

  g_assert_cmpuint (code, !=, 0);
  /* No window manager: the desk gets the keyboard from us. */
  XSetInputFocus (night.xdisplay, night.xid, RevertToParent, CurrentTime);
  if (mod)
    XTestFakeKeyEvent (night.xdisplay, mod, True, CurrentTime);
  XTestFakeKeyEvent (night.xdisplay, code, True, CurrentTime);
  XTestFakeKeyEvent (night.xdisplay, code, False, CurrentTime);
  if (mod)
    XTestFakeKeyEvent (night.xdisplay, mod, False, CurrentTime);
  XSync (night.xdisplay, False);
}

/* The view drops keys for a moment after the screen changed under them
 * (VIGIE_CALL_VIEW_HOLD_MS, 800 ms): wait as a person reading would. */
static void
wait_hold (void)
{
  vigie_test_run_for (1100);
}

/* Alt+N: the Nth call in the list. */
static void
switch_to (guint       n,
           const char *call_id,
           Views      *views)
{
  press (XK_1 + n - 1, XK_Alt_L);
  wait_views (views, call_id, N_CALLS);
  wait_hold ();
}

/* --- The journal ------------------------------------------------------ */

/* Every row of @sql's one column, each followed by a newline. */
static char *
journal_rows (const char *sql)
{
  g_autofree char *rows = g_strdup_printf ("SELECT group_concat (r, char (10)) || char (10) FROM (%s)", sql);

  return vigie_test_journal_query (night.data_dir, rows, NULL);
}

/* Polls the journal until @sql gives @expected (or 10 s went by). */
static void
wait_sql (const char *sql,
          const char *expected)
{
  g_autofree char *rows = NULL;

  vigie_test_wait_until ((g_free (rows), rows = journal_rows (sql), g_strcmp0 (rows, expected) == 0), 10000);
  g_assert_cmpstr (rows, ==, expected);
}

/* Every answer and decision, in order: "call|kind|node or decision". */
static void
wait_journal (const char *expected)
{
  wait_sql ("SELECT call_id || '|' || kind || '|' || coalesce(json_extract(data, '$.node'), "
            "json_extract(data, '$.decision'), '') AS r "
            "FROM events WHERE kind IN ('answer', 'decision') ORDER BY seq", expected);
}

/* --- The test --------------------------------------------------------- */

static void start_desk (void);
static void stop_desk  (void);

static void
test_night_many_open_calls (void)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(GString) expected = g_string_new ("");
  Views views = { 0, };
  GPid pid;

  start_desk ();
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autofree char *id = g_strdup_printf ("night-%u", i);

      ring (session, id, i);
    }
  /* The first call came forward; the 49 others wait in the list. */
  wait_views (&views, "night-0", N_CALLS);

  pid = g_ascii_strtoll (g_subprocess_get_identifier (night.vigie), NULL, 10);
  vigie_test_wait_until ((night.xid = find_window (DefaultRootWindow (night.xdisplay), pid)) != 0, 10000);
  g_assert_true (night.xid != 0);
  XRaiseWindow (night.xdisplay, night.xid);
  wait_hold ();

  /* On the first call: "Ascenseur en panne" (choice 2). */
  press (XK_2, 0);
  g_string_append (expected, "night-0|answer|nature\n");
  wait_journal (expected->str);

  /* Alt+3 → the third call: "Fuite d'eau" (choice 1). */
  switch_to (3, "night-2", &views);
  press (XK_1, 0);
  g_string_append (expected, "night-2|answer|nature\n");
  wait_journal (expected->str);

  /* Ctrl+Page Down → the fourth: "Ascenseur", left mid-script. */
  press (XK_Page_Down, XK_Control_L);
  wait_views (&views, "night-3", N_CALLS);
  wait_hold ();
  press (XK_2, 0);
  g_string_append (expected, "night-3|answer|nature\n");
  wait_journal (expected->str);

  /* Six other calls, one after the other: night-3's view is recycled. */
  for (guint n = 4; n <= 9; n++)
    {
      g_autofree char *id = g_strdup_printf ("night-%u", n - 1);

      switch_to (n, id, &views);
    }

  /* Back to night-3 (Alt+4): its state was in the call. "No one in the
   * cabin" (2) → an outcome; Enter confirms the recommendation. */
  switch_to (4, "night-3", &views);
  press (XK_2, 0);
  g_string_append (expected, "night-3|answer|ascenseur-personne\n");
  wait_journal (expected->str);
  wait_hold ();
  press (XK_Return, 0);
  wait_sql ("SELECT call_id AS r FROM events WHERE kind = 'decision'", "night-3\n");

  /* And night-2, still where it was left: Backspace takes its answer back. */
  switch_to (3, "night-2", &views);
  press (XK_BackSpace, 0);
  wait_sql ("SELECT call_id AS r FROM events WHERE kind = 'answer-withdrawn'", "night-2\n");
  views_clear (&views);
  stop_desk ();
}

static void
write_settings (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *text = g_strdup_printf ("[org/vigie/Vigie]\npbx-endpoint-enabled=true\n"
                                           "pbx-endpoint-port=uint16 %u\npbx-endpoint-token='" TOKEN "'\n"
                                           "operator-name='Nuit'\n", night.port);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static gboolean
listening (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", night.port, NULL, NULL);

  return connection != NULL;
}

/* The desk dies with the test, even when an assertion aborts it. */
static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Inside the test: its isolated XDG folders are the desk's. */
static void
start_desk (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *vigie = NULL;

  night.port = 30000 + g_random_int_range (0, 20000);
  write_settings ();
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  night.log_path = g_build_filename (g_get_user_data_dir (), "vigie.log", NULL);
  night.data_dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
  vigie = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  /* GTK finds its icons' MIME type through the system's folders. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", night.system_data_dirs, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "VIGIE_DEBUG", "views", TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, night.log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, night.log_path);
  night.vigie = g_subprocess_launcher_spawn (launcher, &error, vigie, NULL);
  g_assert_no_error (error);
  if (!vigie_test_wait_until (listening (), 30000))
    {
      g_autofree char *text = NULL;

      g_file_get_contents (night.log_path, &text, NULL, NULL);
      g_error ("The desk does not listen on %u:\n%s", night.port, text ? text : "");
    }
}

static void
stop_desk (void)
{
  g_autofree char *text = NULL;

  g_subprocess_send_signal (night.vigie, SIGTERM);
  g_subprocess_wait (night.vigie, NULL, NULL);
  g_clear_object (&night.vigie);
  if (g_test_failed () && g_file_get_contents (night.log_path, &text, NULL, NULL))
    g_printerr ("--- vigie ---\n%s\n", text);
  g_clear_pointer (&night.log_path, g_free);
  g_clear_pointer (&night.data_dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  night.system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS") ? g_getenv ("XDG_DATA_DIRS")
                                                                 : "/usr/local/share:/usr/share");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("DISPLAY") == NULL || !(night.xdisplay = XOpenDisplay (NULL)))
    {
      g_test_skip ("No X display: the desk needs one (make check runs Xvfb)");
      return g_test_run ();
    }

  /* A bus of our own: another Vigie must not take the calls. */
  night.bus = vigie_test_dbus_up ();

  g_test_add_func ("/desk-night/many-open-calls", test_night_many_open_calls);
  status = g_test_run ();

  g_test_dbus_down (night.bus);
  g_object_unref (night.bus);
  XCloseDisplay (night.xdisplay);
  return status;
}
