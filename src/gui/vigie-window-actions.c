/* vigie-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk window's win.* actions and their keys: going from call to
 * call (Alt+number, Ctrl+Page Up/Down, Ctrl+Tab), the toast's "no
 * call-back", signing in, the shortcuts window.
 */
#define G_LOG_DOMAIN "vigie-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-window-private.h"

static Slot *
slot_at (VigieWindow *self,
         int          position)
{
  g_autoptr(VigieCall) call = NULL;

  if (position < 0 || !(call = g_list_model_get_item (G_LIST_MODEL (self->calls), position)))
    return NULL;
  return g_hash_table_lookup (self->slots, call);
}

static void
move_call (VigieWindow *self,
           int          delta)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  Slot *next;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  if ((next = slot_at (self, (int) selected + delta)))
    _vigie_window_show_call (self, next);
}

static void
show_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VigieWindow *self = VIGIE_WINDOW (widget);
  Slot *slot = slot_at (self, g_variant_get_int32 (param) - 1);

  if (slot != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "desk");
      _vigie_window_show_call (self, slot);
    }
}

static void
next_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  move_call (VIGIE_WINDOW (widget), 1);
}

static void
previous_call_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  move_call (VIGIE_WINDOW (widget), -1);
}

/* From the toast that asked for a call-back number. */
static void
no_callback_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GtkWidget *view = vigie_window_get_call_view (VIGIE_WINDOW (widget), g_variant_get_string (param, NULL));

  if (view != NULL)
    gtk_widget_activate_action (view, "call.no-callback", NULL);
}

void
_vigie_window_update_operator (VigieWindow *self)
{
  const char *name = self->context ? vigie_context_get_operator (self->context) : NULL;
  g_autofree char *tooltip = name ? g_strdup_printf (_("Operator: %s — change operator"), name) : NULL;

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->operator_button), tooltip ? tooltip : _("Sign in"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->operator_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip ? tooltip : _("Sign in"), -1);
}

/* Shift start or change of operator: the name goes to the journal, then
 * with every answer, decision, acknowledgement and roster change. */
static void
signin_cb (VigieWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *message = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->signin_entry));
  GtkWidget *view;

  if (self->context == NULL)
    return;
  if (!vigie_context_sign_in (self->context, name, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->signin_entry), "error");
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->signin_entry), "error");
  g_settings_set_string (settings, "operator-name", vigie_context_get_operator (self->context));
  gtk_revealer_set_reveal_child (self->signin_revealer, FALSE);
  _vigie_window_update_operator (self);
  message = g_strdup_printf (_("Signed in: %s"), vigie_context_get_operator (self->context));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));

  /* Back to the call on screen, if any. */
  if ((view = gtk_stack_get_visible_child (self->calls_stack)))
    gtk_widget_grab_focus (view);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VigieWindow *self = VIGIE_WINDOW (widget);

  /* A change of operator: the newcomer types their name. */
  gtk_editable_set_text (GTK_EDITABLE (self->signin_entry), "");
  gtk_revealer_set_reveal_child (self->signin_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->signin_entry));
}

/* Ctrl+?: GtkApplication would build the shortcuts window with every
 * desk window (gtk/help-overlay.ui); it is built when first asked for. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  VigieWindow *self = VIGIE_WINDOW (widget);

  if (self->help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/vigie/Vigie/ui/help-overlay.ui");

      self->help_overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (self->help_overlay, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (self->help_overlay, TRUE);
    }
  gtk_window_present (self->help_overlay);
}

void
_vigie_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.next-call", NULL, next_call_action);
  gtk_widget_class_install_action (widget_class, "win.no-callback", "s", no_callback_action);
  gtk_widget_class_install_action (widget_class, "win.previous-call", NULL, previous_call_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_CONTROL_MASK, "win.next-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.previous-call", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-call", "i", show_call_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_bind_template_callback (widget_class, signin_cb);
  /* Alt+number: the list's rows; on AZERTY the digit row without Shift. */
  for (int i = 0; i < 9; i++)
    {
      static const guint azerty[] = {
        GDK_KEY_ampersand, GDK_KEY_eacute, GDK_KEY_quotedbl, GDK_KEY_apostrophe,
        GDK_KEY_parenleft, GDK_KEY_minus, GDK_KEY_egrave, GDK_KEY_underscore, GDK_KEY_ccedilla,
      };

      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-call", "i", i + 1);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, GDK_ALT_MASK, "win.show-call", "i", i + 1);
      gtk_widget_class_add_binding_action (widget_class, azerty[i], GDK_ALT_MASK, "win.show-call", "i", i + 1);
    }
}
