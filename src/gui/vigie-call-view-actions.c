/* vigie-call-view-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call view's actions (call.*) and its keyboard: digits answer (and,
 * at the end, pick Trigger / Defer / Log only), Enter confirms, Backspace
 * goes back, Escape returns to the question from any field. Which action
 * is enabled follows the call's state only.
 */
#define G_LOG_DOMAIN "vigie-call-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-view-private.h"

/* On a French AZERTY keyboard the digit row gives these without Shift;
 * operators should not have to hold Shift to answer. */
static const guint azerty_digits[] = {
  GDK_KEY_ampersand, GDK_KEY_eacute, GDK_KEY_quotedbl, GDK_KEY_apostrophe,
  GDK_KEY_parenleft, GDK_KEY_minus, GDK_KEY_egrave, GDK_KEY_underscore, GDK_KEY_ccedilla,
};

static const VigieDecisionKind bar_kinds[] = {
  VIGIE_DECISION_TRIGGER, VIGIE_DECISION_DEFER, VIGIE_DECISION_LOG
};

static gboolean
is_editing (VigieCallView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_DROP_DOWN (focus) ||
                           gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) != NULL);
}

static int
digit_of (guint keyval)
{
  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    return keyval - GDK_KEY_1;
  if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    return keyval - GDK_KEY_KP_1;
  for (guint i = 0; i < G_N_ELEMENTS (azerty_digits); i++)
    if (keyval == azerty_digits[i])
      return i;
  return -1;
}

/* Modifiers alone, and the window's keys to move between calls. */
static gboolean
is_navigation (guint           keyval,
               GdkModifierType state)
{
  switch (keyval)
    {
    case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R:
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R:
    case GDK_KEY_ISO_Level3_Shift: case GDK_KEY_Meta_L: case GDK_KEY_Super_L:
      return TRUE;
    default:
      break;
    }
  if ((state & GDK_CONTROL_MASK) &&
      (keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_Page_Down ||
       keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab ||
       keyval == GDK_KEY_KP_Page_Up || keyval == GDK_KEY_KP_Page_Down))
    return TRUE;
  return (state & GDK_ALT_MASK) && digit_of (keyval) >= 0;
}

/* A dropdown's list handles its own keys. */
static gboolean
focus_in_popover (VigieCallView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

/* Escape drops a chosen decision and goes back to the question. */
static void
on_escape (VigieCallView *self)
{
  if (vigie_decision_bar_get_chosen (self->decision_bar) != VIGIE_DECISION_NONE)
    vigie_decision_bar_cancel (self->decision_bar);
  _vigie_call_view_focus_question (self);
}

/* Enter applies the decision while qualifying, then closes the call. */
static gboolean
enter_goes_through (VigieCallView *self,
                    guint          keyval,
                    gboolean       editing)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter)
    return FALSE;
  return !editing || vigie_decision_bar_has_focus (self->decision_bar, focus);
}

static void
on_enter (VigieCallView *self)
{
  if (vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING)
    gtk_widget_activate_action (GTK_WIDGET (self), "call.apply-decision", NULL);
  else if (vigie_call_get_can_close (self->call))
    gtk_widget_activate_action (GTK_WIDGET (self), "call.close", NULL);
}

/* A digit answers the question, or once the script is done, picks a decision. */
static void
on_digit (VigieCallView *self,
          int            digit)
{
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);

  if (runner != NULL && !vigie_script_runner_is_finished (runner))
    vigie_script_pane_choose (self->script_pane, digit);
  else if (digit < (int) G_N_ELEMENTS (bar_kinds))
    vigie_decision_bar_choose (self->decision_bar, bar_kinds[digit]);
}

gboolean
_vigie_call_view_key_pressed_cb (GtkEventControllerKey *controller,
                                 guint                  keyval,
                                 guint                  keycode,
                                 GdkModifierType        state,
                                 VigieCallView         *self)
{
  gboolean editing = is_editing (self);
  int digit;

  /* The screen just changed under the operator's fingers: only moving
   * between calls goes through. */
  if (_vigie_call_view_is_held (self) && !is_navigation (keyval, state))
    {
      g_debug ("Key %s dropped: the view just changed", gdk_keyval_name (keyval));
      return GDK_EVENT_STOP;
    }
  if (focus_in_popover (self))
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Escape)
    {
      on_escape (self);
      return GDK_EVENT_STOP;
    }
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;
  if (enter_goes_through (self, keyval, editing))
    {
      on_enter (self);
      return GDK_EVENT_STOP;
    }
  if (editing)
    return GDK_EVENT_PROPAGATE;
  if ((digit = digit_of (keyval)) >= 0)
    {
      on_digit (self, digit);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_BackSpace)
    {
      vigie_decision_bar_reset (self->decision_bar);
      gtk_widget_activate_action (GTK_WIDGET (self), "call.back", NULL);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);

  vigie_decision_bar_reset (self->decision_bar);
  gtk_widget_activate_action (widget, "call.apply-decision", NULL);
}

static void
choose_decision_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);

  vigie_decision_bar_choose (self->decision_bar,
                             vigie_decision_kind_from_string (g_variant_get_string (param, NULL)));
}

static void
refused (VigieCallView *self,
         GError        *error)
{
  if (g_error_matches (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_CALLBACK))
    {
      /* Ask for a number, or for the operator's word that none exists. */
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *overlay = root ? g_object_get_data (G_OBJECT (root), "vigie-toast-overlay") : NULL;
      g_autofree char *text = g_strdup_printf (_("%s (Ctrl+I to type it, Ctrl+Shift+N if none)"), error->message);
      AdwToast *toast = adw_toast_new (text);

      g_message ("%s", error->message);
      adw_toast_set_button_label (toast, _("_No Call-Back Possible"));
      adw_toast_set_action_name (toast, "win.no-callback");
      adw_toast_set_action_target (toast, "s", vigie_call_get_id (self->call));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      else
        g_object_unref (g_object_ref_sink (toast));
      return;
    }
  vigie_decision_bar_refused (self->decision_bar, error->message);
}

static void
apply_decision_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *reason = NULL;
  VigieDecisionKind kind;

  if (!vigie_decision_bar_collect (self->decision_bar, &kind, &when, &reason))
    return;
  if (!vigie_caller_card_check_identity (self->caller_card))
    return;

  if (vigie_call_get_runner (self->call) == NULL)
    {
      if (!vigie_call_decide_manual (self->call, kind, when, reason, &error))
        {
          refused (self, error);
          return;
        }
    }
  else
    {
      vigie_call_set_defer_until (self->call, when);
      if (!vigie_call_decide (self->call, kind, reason, &error))
        {
          vigie_call_set_defer_until (self->call, NULL);
          refused (self, error);
          return;
        }
    }

  vigie_decision_bar_reset (self->decision_bar);
  _vigie_call_view_focus_question (self);
}

/* The caller cannot be called back (hidden number, none given): the
 * operator says so, it is journaled, and the decision goes through. */
static void
no_callback_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    return;
  if (!vigie_call_set_no_callback (self->call, _("No call-back possible (recorded by the operator)"), &error))
    {
      vigie_call_section_show_error (widget, error->message);
      return;
    }
  gtk_widget_activate_action (widget, "call.apply-decision", NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!vigie_call_back (self->call, &error) && error != NULL)
    vigie_call_section_show_error (widget, error->message);
  g_clear_handle_id (&self->update_id, g_source_remove);
  _vigie_call_view_update (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  /* Whatever was captured is kept, decided or not. */
  if (!vigie_call_commit_identity (self->call, &error) ||
      !vigie_call_close (self->call, &error))
    {
      vigie_call_section_show_error (widget, error->message);
      return;
    }
  _vigie_call_view_emit_closed (self);
}

static void
focus_note_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  vigie_caller_card_focus_note (VIGIE_CALL_VIEW (widget)->caller_card);
}

static void
focus_identity_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  vigie_caller_card_focus_identity (VIGIE_CALL_VIEW (widget)->caller_card);
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  /* "resolve" goes to the platforms that support it. */
  if (!vigie_call_resolve (self->call, &error))
    vigie_alert_panel_show_message (self->alert_panel, error->message);
  _vigie_call_view_update (self);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  /* The on-call person rang back or answered the operator. */
  if (!vigie_call_acknowledge (self->call, &error))
    vigie_alert_panel_show_message (self->alert_panel, error->message);
  _vigie_call_view_update (self);
}

void
_vigie_call_view_actions_update (VigieCallView *self)
{
  VigieCallState state = vigie_call_get_state (self->call);
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);
  gboolean decidable = state == VIGIE_CALL_QUALIFYING &&
                       (vigie_call_get_decision (self->call) != NULL || runner == NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.confirm", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.choose-decision", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.apply-decision", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.back",
                                 state == VIGIE_CALL_QUALIFYING && runner &&
                                 vigie_script_runner_get_n_steps (runner) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.close", state != VIGIE_CALL_CLOSED);
  /* The call's rules (Text Editor's window asks the page the same way). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.acknowledge", vigie_call_get_can_acknowledge (self->call));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.resolve", vigie_call_get_can_resolve (self->call));
}

void
_vigie_call_view_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "call.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "call.choose-decision", "s", choose_decision_action);
  gtk_widget_class_install_action (widget_class, "call.apply-decision", NULL, apply_decision_action);
  gtk_widget_class_install_action (widget_class, "call.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "call.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "call.focus-note", NULL, focus_note_action);
  gtk_widget_class_install_action (widget_class, "call.focus-identity", NULL, focus_identity_action);
  gtk_widget_class_install_action (widget_class, "call.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "call.resolve", NULL, resolve_action);
  gtk_widget_class_install_action (widget_class, "call.no-callback", NULL, no_callback_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "call.no-callback", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "call.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "call.focus-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "call.focus-identity", NULL);
}
