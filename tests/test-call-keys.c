/* test-call-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 12's key hazards on the real `vigie` binary (its own bus and data
 * folders, under the test's X server), with key presses sent through
 * XTest as a keyboard would, and the journal as the witness:
 *
 * - a key pressed just after a new call pops lands on the call being
 *   qualified, not on the new one;
 * - a double press on the last question does not decide (nor does the
 *   Enter that follows).
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <glib/gstdio.h>

#include "vigie-context.h"
#include "vigie-test-desk.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"

/* The desk's own input hold after a new screen (vigie-call-view.h). */
#define HOLD_MS 800

typedef struct {
  VigieTestDesk run;
  Display     *xdisplay;
} Desk;

static Desk desk;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The first column of the first row of @sql (?1: @call_id), or NULL. */
static char *
query (const char *sql,
       const char *call_id)
{
  return vigie_test_journal_query (desk.run.data_dir, sql, call_id);
}

/* --- the keyboard --- */

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
pause_ms (guint ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ms, timeout_cb, &timed_out);

  while (!never (NULL) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
}

/* The desk's window: the largest viewable top-level (the only client). */
static Window
desk_window (void)
{
  Window root = DefaultRootWindow (desk.xdisplay), parent, *children = NULL, best = None;
  unsigned int n = 0;
  int best_area = 0;

  XQueryTree (desk.xdisplay, root, &root, &parent, &children, &n);
  for (unsigned int i = 0; i < n; i++)
    {
      XWindowAttributes attributes;

      if (XGetWindowAttributes (desk.xdisplay, children[i], &attributes) &&
          attributes.map_state == IsViewable && attributes.width * attributes.height > best_area)
        {
          best = children[i];
          best_area = attributes.width * attributes.height;
        }
    }
  if (children)
    XFree (children);
  return best;
}

static gboolean
has_window (gpointer data)
{
  return desk_window () != None;
}

static void
focus_desk (void)
{
  Window window;

  g_assert_true (vigie_test_desk_wait (has_window, NULL, 20));
  window = desk_window ();
  XRaiseWindow (desk.xdisplay, window);
  XSetInputFocus (desk.xdisplay, window, RevertToParent, CurrentTime);
  XSync (desk.xdisplay, False);
  pause_ms (300);
}

/* One key, pressed and released, as fast as a finger: no wait after it. */
static void
press_now (KeySym keysym)
{
  KeyCode code = XKeysymToKeycode (desk.xdisplay, keysym);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (desk.xdisplay, code, True, CurrentTime);
  XTestFakeKeyEvent (desk.xdisplay, code, False, CurrentTime);
  XFlush (desk.xdisplay);
}

/* A key, then the time for the desk to act on it. */
static void
press (KeySym keysym)
{
  press_now (keysym);
  pause_ms (250);
}

static guint
count (const char *call_id,
       const char *kind)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM events WHERE call_id = ?1 AND kind = '%s'", kind);
  g_autofree char *value = query (sql, call_id);

  return value ? (guint) g_ascii_strtoull (value, NULL, 10) : 0;
}

/* --- the tests --- */

/* The operator answers the Dupont call (a lift out of order); a third
 * call of the night pops and the operator's "2" (nobody stuck inside),
 * already on its way, follows at once: it is the Dupont caller's answer,
 * and the new call has none. */
static void
test_key_during_pop (void)
{
  VIGIE ("call", "--from", "06 12 34 56 78", "--line", "0800 100 200", "--call-id", "k1");
  focus_desk ();
  pause_ms (HOLD_MS + 200);
  press (XK_2);   /* lift out of order */
  g_assert_cmpuint (count ("k1", "answer"), ==, 1);
  pause_ms (HOLD_MS + 200);

  VIGIE ("call", "--from", "06 98 76 54 32", "--line", "0800 100 200", "--call-id", "k2");
  press (XK_2);
  pause_ms (HOLD_MS);
  g_assert_cmpuint (count ("k1", "answer"), ==, 2);
  g_assert_cmpuint (count ("k2", "answer"), ==, 0);
  g_assert_cmpuint (count ("k1", "decision"), ==, 0);

  VIGIE ("close", "--call-id", "k1");
  VIGIE ("close", "--call-id", "k2");
}

/* A noise complaint at the town hall: "4", then "Done, continue" pressed
 * twice and Enter. The second "1" must not pick a decision, nor Enter
 * apply one: the journal holds no decision. */
static void
test_double_press (void)
{
  VIGIE ("call", "--from", "06 20 30 40 50", "--line", "02 40 50 60 70", "--call-id", "dp");
  focus_desk ();
  pause_ms (HOLD_MS + 200);
  press (XK_4);
  pause_ms (HOLD_MS + 200);
  press_now (XK_1);
  press_now (XK_1);
  press (XK_Return);
  pause_ms (HOLD_MS);
  g_assert_cmpuint (count ("dp", "answer"), ==, 2);
  g_assert_cmpuint (count ("dp", "decision"), ==, 0);
  g_assert_cmpuint (count ("dp", "override"), ==, 0);

  /* Read, then the recommendation and Enter: decided, deliberately. */
  pause_ms (HOLD_MS + 200);
  press (XK_3);
  press (XK_Return);
  g_assert_cmpuint (count ("dp", "decision"), ==, 1);
  VIGIE ("close", "--call-id", "dp");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Folders of its own, shared with the desk it starts. */
  desk.run.folders = vigie_test_desk_folders ("vigie-call-keys-XXXXXX");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("No X display: the desk needs one (make check runs Xvfb)");
      return g_test_run ();
    }

  vigie_test_desk_begin (&desk.run);
  desk.xdisplay = XOpenDisplay (NULL);
  g_assert_nonnull (desk.xdisplay);
  g_assert_true (vigie_context_install_demo (desk.run.data_dir, NULL, &error));
  g_assert_no_error (error);
  desk.run.vigie = vigie_test_desk_spawn (desk.run.log_path);

  g_test_add_func ("/call-keys/key-during-pop", test_key_during_pop);
  g_test_add_func ("/call-keys/double-press", test_double_press);
  status = g_test_run ();

  vigie_test_desk_stop (&desk.run.vigie);
  XCloseDisplay (desk.xdisplay);
  return vigie_test_desk_end (&desk.run, status);
}
