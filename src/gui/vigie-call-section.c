/* vigie-call-section.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interface every part of the call view implements, and the small
 * helpers they share.
 */
#define G_LOG_DOMAIN "vigie-call-section"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-section.h"

G_DEFINE_INTERFACE (VigieCallSection, vigie_call_section, GTK_TYPE_WIDGET)

static void
vigie_call_section_default_init (VigieCallSectionInterface *iface)
{
}

/**
 * vigie_call_section_set_call:
 * @self: a #VigieCallSection
 * @call: the call the view presents
 */
void
vigie_call_section_set_call (VigieCallSection *self,
                             VigieCall        *call)
{
  g_return_if_fail (VIGIE_IS_CALL_SECTION (self));
  g_return_if_fail (VIGIE_IS_CALL (call));

  if (VIGIE_CALL_SECTION_GET_IFACE (self)->set_call)
    VIGIE_CALL_SECTION_GET_IFACE (self)->set_call (self, call);
}

/**
 * vigie_call_section_update:
 * @self: a #VigieCallSection
 *
 * Shows the call as it is now.
 */
void
vigie_call_section_update (VigieCallSection *self)
{
  g_return_if_fail (VIGIE_IS_CALL_SECTION (self));

  if (VIGIE_CALL_SECTION_GET_IFACE (self)->update)
    VIGIE_CALL_SECTION_GET_IFACE (self)->update (self);
}

/**
 * vigie_call_section_show_error:
 * @widget: any widget of the desk
 * @message: what went wrong, in the operator's words
 *
 * A toast on the window (and the log, for tests and supervisors).
 */
void
vigie_call_section_show_error (GtkWidget  *widget,
                               const char *message)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GtkWidget *overlay = root ? g_object_get_data (G_OBJECT (root), "vigie-toast-overlay") : NULL;

  g_message ("%s", message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* A revealer measures its child even while hidden: keep a hidden child
 * out of the layout, the screen pop's included. */
void
vigie_call_section_reveal (GtkRevealer *revealer,
                           gboolean     show)
{
  if (show)
    gtk_widget_set_visible (gtk_revealer_get_child (revealer), TRUE);
  gtk_revealer_set_reveal_child (revealer, show);
}

static void
child_revealed_cb (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (gtk_revealer_get_child (revealer), FALSE);
}

/* Hides the child again once the revealer has closed. */
void
vigie_call_section_watch_revealer (GtkRevealer *revealer)
{
  g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (child_revealed_cb), NULL);
}

void
vigie_call_section_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

/* gtk_widget_set_tooltip_text() on a visible widget asks the X server
 * where the pointer is, even for a widget not on screen yet: one round
 * trip per button, milliseconds each on a busy display, on the screen
 * pop's path. A widget not yet shown skips that query. */
void
vigie_call_section_set_new_tooltip (GtkWidget  *widget,
                                    const char *text)
{
  g_assert (gtk_widget_get_parent (widget) == NULL);

  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, TRUE);
}

/**
 * vigie_call_section_decision_label:
 * @kind: a decision
 *
 * Returns: the decision in the operator's words
 */
const char *
vigie_call_section_decision_label (VigieDecisionKind kind)
{
  switch (kind)
    {
    case VIGIE_DECISION_TRIGGER: return _("Trigger now");
    case VIGIE_DECISION_DEFER:   return _("Defer");
    case VIGIE_DECISION_LOG:     return _("Log only");
    case VIGIE_DECISION_NONE:
    default:                     return "";
    }
}
