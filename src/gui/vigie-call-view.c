/* vigie-call-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-call-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-view.h"
#include "vigie-roster-oncall.h"

struct _VigieCallView
{
  AdwBin       parent_instance;

  VigieCall   *call;
  guint        timer_id;

  GtkLabel    *client_label;
  GtkLabel    *line_label;
  GtkLabel    *timer_label;
  GtkLabel    *greeting_label;
  GtkLabel    *vip_label;
  AdwActionRow *name_row;
  AdwActionRow *number_row;
  AdwActionRow *company_row;
  AdwActionRow *contract_row;
  AdwActionRow *site_row;
  AdwEntryRow *note_row;
  GtkLabel    *script_title_label;
  GtkFlowBox  *breadcrumb_box;
  GtkLabel    *error_label;
  GtkLabel    *question_label;
  GtkBox      *choices_box;
  GtkBox      *outcome_box;
  GtkLabel    *recommendation_label;
  GtkLabel    *explanation_label;
  AdwComboRow *override_kind_row;
  AdwEntryRow *reason_row;
  GtkBox      *alert_box;
  GtkImage    *alert_icon;
  GtkLabel    *decision_label;
  GtkLabel    *alert_label;
};

G_DEFINE_FINAL_TYPE (VigieCallView, vigie_call_view, ADW_TYPE_BIN)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* On a French AZERTY keyboard the digit row gives these without Shift;
 * operators should not have to hold Shift to answer. */
static const guint azerty_digits[] = {
  GDK_KEY_ampersand, GDK_KEY_eacute, GDK_KEY_quotedbl, GDK_KEY_apostrophe,
  GDK_KEY_parenleft, GDK_KEY_minus, GDK_KEY_egrave, GDK_KEY_underscore, GDK_KEY_ccedilla,
};

static const char *
decision_label (VigieDecisionKind kind)
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

static void
show_error (VigieCallView *self,
            const GError  *error)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *overlay = root ? g_object_get_data (G_OBJECT (root), "vigie-toast-overlay") : NULL;

  g_warning ("%s", error->message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
}

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean has_value = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, has_value ? value : "—");
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
}

static void
choose (VigieCallView *self,
        guint          index)
{
  g_autoptr(GError) error = NULL;
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);

  if (runner == NULL || vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING ||
      vigie_script_runner_is_finished (runner))
    return;

  if (!vigie_call_answer (self->call, index, &error))
    show_error (self, error);
}

static void
choice_clicked_cb (GtkButton     *button,
                   VigieCallView *self)
{
  choose (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "choice")));
}

static void
crumb_clicked_cb (GtkButton     *button,
                  VigieCallView *self)
{
  guint keep = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);

  while (vigie_script_runner_get_n_steps (runner) > keep)
    {
      g_autoptr(GError) error = NULL;

      if (!vigie_call_back (self->call, &error))
        {
          if (error)
            show_error (self, error);
          break;
        }
    }
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)))
    {
      if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
make_choice_button (guint       index,
                    const char *label)
{
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *key = gtk_label_new (number);
  GtkWidget *text = gtk_label_new (label);

  gtk_widget_add_css_class (key, "choice-key");
  gtk_widget_add_css_class (key, "numeric");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "choice");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, number,
                                  -1);
  g_object_set_data (G_OBJECT (button), "choice", GUINT_TO_POINTER (index));

  return button;
}

static void
update_script (VigieCallView *self)
{
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);
  const VigieScriptNode *node;
  VigieDecision *decision;
  gboolean qualifying = vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING;

  clear_box (GTK_WIDGET (self->choices_box));
  clear_box (GTK_WIDGET (self->breadcrumb_box));

  if (runner == NULL)
    {
      gtk_label_set_label (self->error_label, vigie_call_get_script_error (self->call));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_label_set_label (self->question_label, _("No script for this call: take a message."));
      gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
      return;
    }

  gtk_label_set_label (self->script_title_label,
                       vigie_script_get_title (vigie_script_runner_get_script (runner)));

  for (guint i = 0; i < vigie_script_runner_get_n_steps (runner); i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (runner, i);
      const char *label = gettext (vigie_script_step_get_label (step));
      GtkWidget *crumb = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (crumb, "pill");
      gtk_widget_add_css_class (crumb, "crumb");
      gtk_widget_set_tooltip_text (crumb, step->node->text);
      gtk_widget_set_sensitive (crumb, qualifying);
      g_object_set_data (G_OBJECT (crumb), "step", GUINT_TO_POINTER (i));
      g_signal_connect (crumb, "clicked", G_CALLBACK (crumb_clicked_cb), self);
      gtk_flow_box_append (self->breadcrumb_box, crumb);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->breadcrumb_box),
                          vigie_script_runner_get_n_steps (runner) > 0);

  node = vigie_script_runner_get_current (runner);
  if (node->kind != VIGIE_NODE_OUTCOME)
    {
      gtk_label_set_label (self->question_label, node->text);
      gtk_widget_set_visible (GTK_WIDGET (self->question_label), TRUE);

      if (node->kind == VIGIE_NODE_INFO)
        gtk_box_append (self->choices_box, make_choice_button (0, _("Done, continue")));
      else
        for (guint i = 0; i < node->choices->len; i++)
          {
            VigieScriptChoice *choice = g_ptr_array_index (node->choices, i);
            const char *label = node->kind == VIGIE_NODE_YESNO ? gettext (choice->label) : choice->label;

            gtk_box_append (self->choices_box, make_choice_button (i, label));
          }

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box));
           child; child = gtk_widget_get_next_sibling (child))
        g_signal_connect (child, "clicked", G_CALLBACK (choice_clicked_cb), self);

      gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->question_label), FALSE);
  decision = vigie_call_get_decision (self->call);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), decision != NULL && qualifying);
  if (decision != NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *why = g_strjoinv ("\n", (char **) vigie_decision_get_explanation (decision));
      VigieDecisionKind kind = vigie_decision_get_recommended (decision);

      if (kind == VIGIE_DECISION_DEFER)
        {
          g_autofree char *when = g_date_time_format (vigie_decision_get_defer_until (decision),
                                                      _("%A %d %B at %H:%M"));
          title = g_strdup_printf (_("Recommended: defer until %s"), when);
        }
      else
        title = g_strdup_printf (_("Recommended: %s"), decision_label (kind));

      gtk_label_set_label (self->recommendation_label, title);
      gtk_label_set_label (self->explanation_label, why);
      adw_combo_row_set_selected (self->override_kind_row,
                                  kind == VIGIE_DECISION_TRIGGER ? 2 : 0);
    }
}

static void
update_alert (VigieCallView *self)
{
  VigieDecision *decision = vigie_call_get_decision (self->call);
  VigieCallState state = vigie_call_get_state (self->call);
  const char *icon = "dialog-information-symbolic";
  const char *message = vigie_call_get_alert_message (self->call);
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->alert_box), state != VIGIE_CALL_QUALIFYING);
  if (state == VIGIE_CALL_QUALIFYING || decision == NULL)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->alert_box), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->alert_box), "error");

  switch (vigie_call_get_alert_state (self->call))
    {
    case VIGIE_ALERT_SENDING:
      icon = "mail-send-symbolic";
      break;
    case VIGIE_ALERT_DELIVERED:
      icon = "emblem-ok-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->alert_box), "success");
      break;
    case VIGIE_ALERT_FAILED:
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->alert_box), "error");
      break;
    case VIGIE_ALERT_SCHEDULED:
      icon = "alarm-symbolic";
      break;
    case VIGIE_ALERT_NONE:
    default:
      message = _("Logged, no alert sent.");
      break;
    }

  if (vigie_decision_is_overridden (decision))
    title = g_strdup_printf (_("Decision: %s (override: %s)"),
                             decision_label (vigie_decision_get_final (decision)),
                             vigie_decision_get_reason (decision));
  else
    title = g_strdup_printf (_("Decision: %s"), decision_label (vigie_decision_get_final (decision)));

  gtk_image_set_from_icon_name (self->alert_icon, icon);
  gtk_label_set_label (self->decision_label, title);
  gtk_label_set_label (self->alert_label, message ? message : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
update_actions (VigieCallView *self)
{
  VigieCallState state = vigie_call_get_state (self->call);
  gboolean decidable = state == VIGIE_CALL_QUALIFYING && vigie_call_get_decision (self->call) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.confirm", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.override", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.back",
                                 state == VIGIE_CALL_QUALIFYING && vigie_call_get_runner (self->call) &&
                                 vigie_script_runner_get_n_steps (vigie_call_get_runner (self->call)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.close", state != VIGIE_CALL_CLOSED);
}

static void
update (VigieCallView *self)
{
  update_script (self);
  update_alert (self);
  update_actions (self);

  /* Keep the keyboard on the call: the buttons that had focus are gone. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

      if (focus == NULL || !GTK_IS_EDITABLE (focus))
        gtk_widget_grab_focus (GTK_WIDGET (self));
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  VigieCallView *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan elapsed = g_date_time_difference (now, vigie_call_get_received_at (self->call));
  g_autofree char *text = NULL;
  gint64 seconds = elapsed / G_USEC_PER_SEC;

  text = g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, seconds / 60, seconds % 60);
  gtk_label_set_label (self->timer_label, text);

  if (vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    {
      self->timer_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
runner_changed_cb (VigieCallView *self)
{
  update (self);
}

static void
call_notify_cb (VigieCallView *self)
{
  update (self);
}

static void
note_changed_cb (VigieCallView *self)
{
  vigie_call_set_note (self->call, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VigieCallView         *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    {
      choose (self, keyval - GDK_KEY_1);
      return GDK_EVENT_STOP;
    }
  if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    {
      choose (self, keyval - GDK_KEY_KP_1);
      return GDK_EVENT_STOP;
    }
  for (guint i = 0; i < G_N_ELEMENTS (azerty_digits); i++)
    if (keyval == azerty_digits[i])
      {
        choose (self, i);
        return GDK_EVENT_STOP;
      }

  if (keyval == GDK_KEY_BackSpace)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "call.back", NULL);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    {
      if (vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING)
        gtk_widget_activate_action (GTK_WIDGET (self), "call.confirm", NULL);
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
  VigieDecision *decision = vigie_call_get_decision (self->call);
  g_autoptr(GError) error = NULL;

  if (decision == NULL)
    return;
  if (!vigie_call_decide (self->call, vigie_decision_get_recommended (decision), NULL, &error))
    show_error (self, error);
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  static const VigieDecisionKind kinds[] = {
    VIGIE_DECISION_TRIGGER, VIGIE_DECISION_DEFER, VIGIE_DECISION_LOG
  };
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->override_kind_row);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  if (selected >= G_N_ELEMENTS (kinds))
    return;
  if (!vigie_call_decide (self->call, kinds[selected], reason, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      show_error (self, error);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!vigie_call_back (self->call, &error) && error != NULL)
    show_error (self, error);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!vigie_call_close (self->call, &error))
    {
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
vigie_call_view_dispose (GObject *object)
{
  VigieCallView *self = (VigieCallView *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->call != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->call, self);
      if (vigie_call_get_runner (self->call))
        g_signal_handlers_disconnect_by_data (vigie_call_get_runner (self->call), self);
    }
  g_clear_object (&self->call);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_CALL_VIEW);

  G_OBJECT_CLASS (vigie_call_view_parent_class)->dispose (object);
}

static void
vigie_call_view_class_init (VigieCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_call_view_dispose;

  g_type_ensure (VIGIE_TYPE_ROSTER_ONCALL);

  /**
   * VigieCallView::closed:
   *
   * The operator closed the call; the view can go.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-call-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, client_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, line_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, timer_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, vip_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, name_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, number_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, company_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, contract_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, site_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, note_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, script_title_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, breadcrumb_box);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, question_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, choices_box);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, recommendation_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, override_kind_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, reason_row);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, alert_box);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, alert_icon);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, decision_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallView, alert_label);

  gtk_widget_class_install_action (widget_class, "call.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "call.override", NULL, override_action);
  gtk_widget_class_install_action (widget_class, "call.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "call.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "call.close", NULL);
}

static void
vigie_call_view_init (VigieCallView *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_swapped (self->note_row, "changed", G_CALLBACK (note_changed_cb), self);
}

/**
 * vigie_call_view_new:
 * @call: the call to present
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
vigie_call_view_new (VigieCall *call)
{
  VigieCallView *self;
  VigieClient *client;
  VigieContact *caller;

  g_return_val_if_fail (VIGIE_IS_CALL (call), NULL);

  self = g_object_new (VIGIE_TYPE_CALL_VIEW, NULL);
  self->call = g_object_ref (call);

  client = vigie_call_get_client (call);
  caller = vigie_call_get_caller (call);

  if (client != NULL)
    {
      g_autofree char *line = g_strdup_printf (_("%s · line %s"),
                                               vigie_client_get_sector (client),
                                               vigie_call_get_line (call));
      g_autofree char *greeting = g_strdup_printf (_("To say: “%s”"), vigie_client_get_greeting (client));

      gtk_label_set_label (self->client_label, vigie_client_get_name (client));
      gtk_label_set_label (self->line_label, line);
      gtk_label_set_label (self->greeting_label, greeting);
    }
  else
    {
      g_autofree char *line = g_strdup_printf (_("Line %s"), vigie_call_get_line (call));

      gtk_label_set_label (self->client_label, _("Unknown line"));
      gtk_label_set_label (self->line_label, line);
      gtk_widget_set_visible (GTK_WIDGET (self->greeting_label), FALSE);
    }

  set_row (self->number_row,
           g_str_equal (vigie_call_get_from (call), "anonymous") ? _("Hidden number")
                                                                 : vigie_call_get_from (call));
  if (caller != NULL)
    {
      g_autofree char *name = vigie_contact_dup_display_name (caller);

      set_row (self->name_row, name);
      set_row (self->company_row, vigie_contact_get_company (caller));
      set_row (self->contract_row, vigie_contact_get_contract (caller));
      set_row (self->site_row, vigie_contact_get_site (caller));
      gtk_widget_set_visible (GTK_WIDGET (self->vip_label), vigie_contact_get_vip (caller));
    }
  else
    {
      set_row (self->name_row, _("Unknown caller"));
      gtk_widget_set_visible (GTK_WIDGET (self->company_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->contract_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->site_row), FALSE);
    }

  g_signal_connect_swapped (call, "notify::state", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::alert-state", G_CALLBACK (call_notify_cb), self);
  if (vigie_call_get_runner (call))
    g_signal_connect_swapped (vigie_call_get_runner (call), "changed",
                              G_CALLBACK (runner_changed_cb), self);

  tick_cb (self);
  self->timer_id = g_timeout_add_seconds (1, tick_cb, self);
  update (self);

  return GTK_WIDGET (self);
}

/**
 * vigie_call_view_get_call:
 * @self: a #VigieCallView
 *
 * Returns: (transfer none): the call
 */
VigieCall *
vigie_call_view_get_call (VigieCallView *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL_VIEW (self), NULL);
  return self->call;
}

/**
 * vigie_call_view_dup_title:
 * @self: a #VigieCallView
 *
 * Returns: (transfer full): a short title for the list of open calls
 */
char *
vigie_call_view_dup_title (VigieCallView *self)
{
  VigieClient *client = vigie_call_get_client (self->call);
  VigieContact *caller = vigie_call_get_caller (self->call);
  g_autofree char *who = caller ? vigie_contact_dup_display_name (caller)
                                : g_strdup (vigie_call_get_from (self->call));

  return g_strdup_printf ("%s\n%s", client ? vigie_client_get_name (client) : _("Unknown line"), who);
}
