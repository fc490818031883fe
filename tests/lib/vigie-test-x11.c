/* vigie-test-x11.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "vigie-test-gui.h"
#include "vigie-test-x11.h"

static Display *
xdisplay (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/**
 * vigie_test_x_init:
 *
 * Returns: %TRUE when GTK runs on an X server that has XTest, so real
 *   key presses can be sent (else the test is skipped, visibly)
 */
gboolean
vigie_test_x_init (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  int major, minor, event_base, error_base;

  return display != NULL && GDK_IS_X11_DISPLAY (display) &&
         XTestQueryExtension (gdk_x11_display_get_xdisplay (display), &event_base, &error_base, &major, &minor);
}

/* A keycode for @keysym, and whether it is on the Shift level. Xvfb's US
 * layout has no "é": a free keycode is given one, as xdotool does. */
static KeyCode
keycode_for (Display  *x,
             KeySym    keysym,
             gboolean *shift)
{
  KeyCode code = XKeysymToKeycode (x, keysym);
  int min, max, per_code;
  KeySym *map;

  *shift = FALSE;
  if (code != 0)
    {
      *shift = XkbKeycodeToKeysym (x, code, 0, 0) != keysym &&
               XkbKeycodeToKeysym (x, code, 0, 1) == keysym;
      return code;
    }
  XDisplayKeycodes (x, &min, &max);
  map = XGetKeyboardMapping (x, (KeyCode) min, max - min + 1, &per_code);
  for (int c = max; c >= min; c--)
    {
      gboolean empty = TRUE;

      for (int j = 0; j < per_code; j++)
        if (map[(c - min) * per_code + j] != NoSymbol)
          empty = FALSE;
      if (empty)
        {
          KeySym syms[2] = { keysym, keysym };

          XChangeKeyboardMapping (x, c, 2, syms, 1);
          XSync (x, False);
          XFree (map);
          vigie_test_settle ();
          return (KeyCode) c;
        }
    }
  XFree (map);
  g_error ("No free keycode for keysym 0x%lx", (unsigned long) keysym);
}

static void
modifier_keys (Display         *x,
               GdkModifierType  modifiers,
               Bool             down)
{
  static const struct { GdkModifierType mask; KeySym keysym; } keys[] = {
    { GDK_CONTROL_MASK, XK_Control_L }, { GDK_ALT_MASK, XK_Alt_L }, { GDK_SHIFT_MASK, XK_Shift_L },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (modifiers & keys[i].mask)
      XTestFakeKeyEvent (x, XKeysymToKeycode (x, keys[i].keysym), down, CurrentTime);
}

static void
send_key (KeySym          keysym,
          GdkModifierType modifiers)
{
  Display *x = xdisplay ();
  gboolean shift;
  KeyCode code = keycode_for (x, keysym, &shift);

  if (shift)
    modifiers |= GDK_SHIFT_MASK;
  modifier_keys (x, modifiers, True);
  XTestFakeKeyEvent (x, code, True, CurrentTime);
  XTestFakeKeyEvent (x, code, False, CurrentTime);
  modifier_keys (x, modifiers, False);
  XFlush (x);
}

/**
 * vigie_test_x_press:
 * @keysym: the key (a capital or a shifted sign gets Shift by itself)
 * @modifiers: Control, Alt and Shift held around it
 *
 * Presses and releases the key through the X server, then lets GTK settle.
 */
void
vigie_test_x_press (KeySym          keysym,
                    GdkModifierType modifiers)
{
  send_key (keysym, modifiers);
  vigie_test_settle ();
}

/* Types @text (UTF-8); the X server keeps the keys in order, GTK settles
 * once they are all sent. */
void
vigie_test_x_type (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    send_key (gdk_unicode_to_keyval (g_utf8_get_char (p)), 0);
  vigie_test_settle ();
}

/* Raises @window and gives it the keyboard, as a click on it would. */
void
vigie_test_x_focus (GtkWindow *window)
{
  Display *x = xdisplay ();
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));

  XRaiseWindow (x, xid);
  XSetInputFocus (x, xid, RevertToParent, CurrentTime);
  XSync (x, False);
  vigie_test_settle ();
}

/* A real click at (@x, @y) of @widget, through the X server. */
void
vigie_test_x_click (GtkWidget *widget,
                    double     x,
                    double     y)
{
  Display *display = xdisplay ();
  GtkNative *native = gtk_widget_get_native (widget);
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  graphene_point_t point;
  double nx, ny;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (display, xid, DefaultRootWindow (display), (int) (point.x + nx), (int) (point.y + ny),
                         &root_x, &root_y, &child);
  XTestFakeMotionEvent (display, -1, root_x, root_y, CurrentTime);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XFlush (display);
  vigie_test_settle ();
}
