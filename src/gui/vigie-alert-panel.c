/* vigie-alert-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The alert panel, once the call is decided: the decision (and the
 * override's reason), who was alerted (the roster's person, the roster,
 * who comes next), how the alert and its cascade are going, and the
 * acknowledgement and resolution button. What is shown and what may be
 * done are the call's own properties; the "phone the on-call person"
 * banner is the call view's, above the fold.
 */
#define G_LOG_DOMAIN "vigie-alert-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-alert-panel.h"
#include "vigie-time.h"

struct _VigieAlertPanel
{
  GtkBox             parent_instance;

  VigieCall         *call;
  char              *target;         /* who the alert goes to */
  char              *title;          /* the decision, as shown */

  GtkBox            *alert_box;
  GtkImage          *alert_icon;
  GtkLabel          *decision_label;
  GtkLabel          *target_label;
  GtkLabel          *escalation_label;
  GtkLabel          *alert_label;
  GtkButton         *acknowledge_button;
  GtkWidget         *aftercare_box;
  GtkEditable       *started_entry;
  GtkEditable       *ended_entry;
  GtkEditable       *satisfaction_entry;
  GtkLabel          *aftercare_label;
};

static void section_iface_init (VigieCallSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieAlertPanel, vigie_alert_panel, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_CALL_SECTION, section_iface_init))

/* The alert box's colour and icon follow the alert; NULL in @message
 * means "logged only". */
static const char *
style_alert_box (VigieAlertPanel  *self,
                 const char      **message)
{
  GtkWidget *box = GTK_WIDGET (self->alert_box);
  const char *status_style = vigie_call_get_status_style (self->call);

  gtk_widget_remove_css_class (box, "success");
  gtk_widget_remove_css_class (box, "error");
  gtk_widget_remove_css_class (box, "sending");
  gtk_widget_remove_css_class (box, "warning");

  switch (vigie_call_get_alert_state (self->call))
    {
    case VIGIE_ALERT_SENDING:
      /* A failed attempt shows at once, in the server's words. */
      gtk_widget_add_css_class (box, status_style);
      return g_str_equal (status_style, "warning") ? "dialog-warning-symbolic" : "mail-send-symbolic";
    case VIGIE_ALERT_DELIVERED:
      gtk_widget_add_css_class (box, "success");
      return "emblem-ok-symbolic";
    case VIGIE_ALERT_FAILED:
      gtk_widget_add_css_class (box, "error");
      return "dialog-warning-symbolic";
    case VIGIE_ALERT_SCHEDULED:
      return "alarm-symbolic";
    case VIGIE_ALERT_ACKNOWLEDGED:
    case VIGIE_ALERT_RESOLVED:
      gtk_widget_add_css_class (box, "success");
      return "emblem-default-symbolic";
    case VIGIE_ALERT_NONE:
    default:
      *message = _("Logged, no alert sent.");
      return "dialog-information-symbolic";
    }
}

static char *
dup_decision_title (VigieDecision *decision)
{
  VigieDecisionKind final = vigie_decision_get_final (decision);

  if (vigie_decision_is_overridden (decision))
    return g_strdup_printf (_("Decision: %s (override: %s)"), vigie_call_section_decision_label (final),
                            vigie_decision_get_reason (decision));
  return g_strdup_printf (_("Decision: %s"), vigie_call_section_decision_label (final));
}

/* Whom the alert went to; NULL for a call only logged. */
static char *
dup_target (VigieAlertPanel *self,
            VigieDecision   *decision)
{
  const char *recipient = vigie_call_get_recipient_summary (self->call);

  if (vigie_decision_get_final (decision) == VIGIE_DECISION_LOG)
    return NULL;
  if (recipient == NULL)
    recipient = self->target ? self->target : _("the client's on-call service");
  return g_strdup_printf (_("Alerted: %s"), recipient);
}

/* One button, in step with the alert: answered, then resolved; the
 * intervention form waits for the acknowledgement. */
static void
update_visibility (VigieAlertPanel *self,
                   gboolean         shown)
{
  VigieAlertState alert_state = vigie_call_get_alert_state (self->call);

  if (vigie_call_get_can_resolve (self->call))
    {
      gtk_button_set_label (self->acknowledge_button, _("Incident _Resolved"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->acknowledge_button), "call.resolve");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->acknowledge_button),
                          vigie_call_get_can_acknowledge (self->call) || vigie_call_get_can_resolve (self->call));
  gtk_widget_set_visible (GTK_WIDGET (self->alert_box), shown);
  gtk_widget_set_visible (self->aftercare_box,
                          alert_state == VIGIE_ALERT_ACKNOWLEDGED || alert_state == VIGIE_ALERT_RESOLVED);
}

static void
vigie_alert_panel_update (VigieCallSection *section)
{
  VigieAlertPanel *self = VIGIE_ALERT_PANEL (section);
  VigieDecision *decision = vigie_call_get_decision (self->call);
  const char *message = vigie_call_get_alert_summary (self->call);
  const char *details = vigie_call_get_alert_message (self->call);
  const char *escalation = vigie_call_get_escalation_status (self->call);
  g_autofree char *title = NULL;
  g_autofree char *target = NULL;
  const char *icon;

  update_visibility (self, vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING && decision != NULL);
  if (vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING || decision == NULL)
    {
      g_clear_pointer (&self->title, g_free);
      return;
    }

  icon = style_alert_box (self, &message);
  title = dup_decision_title (decision);
  target = dup_target (self, decision);
  gtk_label_set_label (self->escalation_label, escalation ? escalation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->escalation_label), escalation != NULL);

  gtk_image_set_from_icon_name (self->alert_icon, icon);
  gtk_label_set_label (self->decision_label, title);
  gtk_label_set_label (self->target_label, target ? target : "");
  gtk_widget_set_visible (GTK_WIDGET (self->target_label), target != NULL);
  gtk_label_set_label (self->alert_label, message ? message : "");
  /* The servers' codes, for whoever asks. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->alert_label),
                               details && g_strcmp0 (details, message) != 0 ? details : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_free (self->title);
  self->title = g_steal_pointer (&title);
}

static void
vigie_alert_panel_set_call (VigieCallSection *section,
                            VigieCall        *call)
{
  VigieAlertPanel *self = VIGIE_ALERT_PANEL (section);
  VigieClient *client = vigie_call_get_client (call);

  g_return_if_fail (self->call == NULL);

  self->call = g_object_ref (call);
  if (client != NULL)
    {
      /* The client's name, not a host: the operator phones people. */
      self->target = g_strdup_printf (_("%s's on-call service"), vigie_client_get_name (client));
    }
}

static void
section_iface_init (VigieCallSectionInterface *iface)
{
  iface->set_call = vigie_alert_panel_set_call;
  iface->update = vigie_alert_panel_update;
}

static void
show_aftercare (VigieAlertPanel *self,
                const char      *text,
                gboolean         failed)
{
  gtk_label_set_label (self->aftercare_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->aftercare_label), TRUE);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->aftercare_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->aftercare_label), "error");
}

/* Enter in any field records what is filled: both times, the score, or
 * all three; a field left empty is not recorded. */
static void
aftercare_activate_cb (VigieAlertPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (!vigie_alert_panel_record_aftercare (self, &error))
    show_aftercare (self, error->message, TRUE);
}

static void
vigie_alert_panel_dispose (GObject *object)
{
  VigieAlertPanel *self = (VigieAlertPanel *)object;

  g_clear_object (&self->call);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_ALERT_PANEL);

  G_OBJECT_CLASS (vigie_alert_panel_parent_class)->dispose (object);
}

static void
vigie_alert_panel_finalize (GObject *object)
{
  VigieAlertPanel *self = (VigieAlertPanel *)object;

  g_free (self->target);
  g_free (self->title);

  G_OBJECT_CLASS (vigie_alert_panel_parent_class)->finalize (object);
}

static void
vigie_alert_panel_class_init (VigieAlertPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_alert_panel_dispose;
  object_class->finalize = vigie_alert_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-alert-panel.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VigieAlertPanel, name)
  BIND (alert_box);
  BIND (alert_icon);
  BIND (decision_label);
  BIND (target_label);
  BIND (escalation_label);
  BIND (alert_label);
  BIND (acknowledge_button);
  BIND (aftercare_box);
  BIND (started_entry);
  BIND (ended_entry);
  BIND (satisfaction_entry);
  BIND (aftercare_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, aftercare_activate_cb);
}

static void
vigie_alert_panel_init (VigieAlertPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vigie_alert_panel_get_title:
 * @self: a #VigieAlertPanel
 *
 * Returns: (nullable): the decision as shown, %NULL while the call is
 *   not decided
 */
const char *
vigie_alert_panel_get_title (VigieAlertPanel *self)
{
  g_return_val_if_fail (VIGIE_IS_ALERT_PANEL (self), NULL);

  return self->title;
}

/* A field the operator must fix: the error says why, the focus goes there. */
static gboolean
refuse (VigieAlertPanel  *self,
        GtkWidget        *field,
        GError          **error,
        const char       *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  gtk_widget_grab_focus (field);
  return FALSE;
}

static gboolean
record_score (VigieAlertPanel  *self,
              guint             score,
              GString          *done,
              GError          **error)
{
  if (!vigie_call_record_satisfaction (self->call, score, error))
    return FALSE;
  if (done->len > 0)
    g_string_append (done, " · ");
  g_string_append_printf (done, _("Satisfaction recorded: %u/5"), score);
  gtk_editable_set_text (self->satisfaction_entry, "");
  return TRUE;
}

static gboolean
record_times (VigieAlertPanel  *self,
              const char       *started_text,
              const char       *ended_text,
              GString          *done,
              GError          **error)
{
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) ended = NULL;
  g_autoptr(GDateTime) started_local = NULL;
  g_autoptr(GDateTime) ended_local = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GTimeSpan minutes;

  if (*started_text == '\0' || *ended_text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Type when the intervention started and when it ended"));
      gtk_widget_grab_focus (GTK_WIDGET (*started_text == '\0' ? self->started_entry : self->ended_entry));
      return FALSE;
    }
  if (!(started = vigie_call_parse_time (self->call, started_text, NULL, error)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->started_entry));
      return FALSE;
    }
  if (!(ended = vigie_call_parse_time (self->call, ended_text, NULL, error)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->ended_entry));
      return FALSE;
    }
  if (!vigie_call_record_intervention (self->call, started, ended, error))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->started_entry));
      return FALSE;
    }
  zone = vigie_time_zone_new (vigie_call_get_client (self->call)
                              ? vigie_client_get_timezone (vigie_call_get_client (self->call)) : NULL);
  started_local = g_date_time_to_timezone (started, zone);
  ended_local = g_date_time_to_timezone (ended, zone);
  from = g_date_time_format (started_local, "%H:%M");
  to = g_date_time_format (ended_local, "%H:%M");
  minutes = g_date_time_difference (ended, started) / G_TIME_SPAN_MINUTE;
  g_string_append_printf (done, _("Intervention recorded: %s – %s (%d h %02d)"),
                          from, to, (int) (minutes / 60), (int) (minutes % 60));
  return TRUE;
}

/**
 * vigie_alert_panel_record_aftercare:
 * @self: a #VigieAlertPanel
 * @error: return location for a #GError
 *
 * Records what the operator typed after the intervention: its start and
 * end, the caller's satisfaction, or both; the fields are emptied once
 * journaled.
 *
 * Returns: %TRUE if something was recorded
 */
gboolean
vigie_alert_panel_record_aftercare (VigieAlertPanel  *self,
                                    GError          **error)
{
  g_autofree char *started_text = g_strstrip (g_strdup (gtk_editable_get_text (self->started_entry)));
  g_autofree char *ended_text = g_strstrip (g_strdup (gtk_editable_get_text (self->ended_entry)));
  g_autofree char *score_text = g_strstrip (g_strdup (gtk_editable_get_text (self->satisfaction_entry)));
  g_autoptr(GString) done = g_string_new (NULL);
  gboolean has_times = *started_text != '\0' || *ended_text != '\0';
  guint64 score = 0;

  g_return_val_if_fail (VIGIE_IS_ALERT_PANEL (self), FALSE);

  if (!has_times && *score_text == '\0')
    return refuse (self, GTK_WIDGET (self->started_entry), error,
                   _("Type the intervention's times or the satisfaction score"));
  if (*score_text != '\0' && !g_ascii_string_to_unsigned (score_text, 10, 1, 5, &score, NULL))
    return refuse (self, GTK_WIDGET (self->satisfaction_entry), error, _("Satisfaction is a score from 1 to 5"));
  if (has_times && !record_times (self, started_text, ended_text, done, error))
    return FALSE;
  gtk_editable_set_text (self->started_entry, "");
  gtk_editable_set_text (self->ended_entry, "");
  if (score > 0 && !record_score (self, (guint) score, done, error))
    return FALSE;
  show_aftercare (self, done->str, FALSE);
  return TRUE;
}

/**
 * vigie_alert_panel_enter_aftercare:
 * @self: a #VigieAlertPanel
 * @started: (nullable): the start as typed
 * @ended: (nullable): the end as typed
 * @score: (nullable): the satisfaction as typed
 *
 * Fills the fields as the operator would type them (the command line's
 * `vigie intervention`).
 */
void
vigie_alert_panel_enter_aftercare (VigieAlertPanel *self,
                                   const char      *started,
                                   const char      *ended,
                                   const char      *score)
{
  g_return_if_fail (VIGIE_IS_ALERT_PANEL (self));

  gtk_editable_set_text (self->started_entry, started ? started : "");
  gtk_editable_set_text (self->ended_entry, ended ? ended : "");
  gtk_editable_set_text (self->satisfaction_entry, score ? score : "");
}

/**
 * vigie_alert_panel_show_message:
 * @self: a #VigieAlertPanel
 * @message: news of the alert (an acknowledgement that failed…)
 */
void
vigie_alert_panel_show_message (VigieAlertPanel *self,
                                const char      *message)
{
  g_return_if_fail (VIGIE_IS_ALERT_PANEL (self));

  gtk_label_set_label (self->alert_label, message);
}
