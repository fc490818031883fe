/* vigie-test-x11.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real input for the widget tests under Xvfb: key presses and clicks sent
 * through the X server (XTest), as a person's keyboard and mouse would.
 */
#pragma once

#include <gtk/gtk.h>
#include <X11/Xlib.h>

G_BEGIN_DECLS

gboolean  vigie_test_x_init  (void);
void      vigie_test_x_press (KeySym           keysym,
                              GdkModifierType  modifiers);
void      vigie_test_x_type  (const char      *text);
void      vigie_test_x_focus (GtkWindow       *window);
void      vigie_test_x_click (GtkWidget       *widget,
                              double           x,
                              double           y);

G_END_DECLS
