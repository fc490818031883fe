/* vigie-roster-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a step of a cascade needs the operator (a phone call to make), the
 * desk shows the number to dial and asks "reached / no answer"; a desktop
 * notification says the same when Vigie is not in front. AdwBanner is
 * libadwaita 1.3: this is a revealer in its place.
 */
#define G_LOG_DOMAIN "vigie-roster-banner"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "vigie-roster-banner.h"

typedef struct {
  char *alert_id;
  char *person_id;
  char *name;
  char *phone;
  guint step;
  guint n_steps;
} Pending;

struct _VigieRosterBanner
{
  AdwBin           parent_instance;

  VigieEscalation *escalation;
  GQueue           pending;

  GtkRevealer     *revealer;
  GtkLabel        *label;
};

G_DEFINE_FINAL_TYPE (VigieRosterBanner, vigie_roster_banner, ADW_TYPE_BIN)

static void
pending_free (Pending *p)
{
  g_free (p->alert_id);
  g_free (p->person_id);
  g_free (p->name);
  g_free (p->phone);
  g_free (p);
}

static void
update (VigieRosterBanner *self)
{
  Pending *p = g_queue_peek_head (&self->pending);
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->revealer, p != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "banner.reached", p != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "banner.no-answer", p != NULL);
  if (p == NULL)
    {
      gtk_label_set_label (self->label, "");
      return;
    }
  text = g_strdup_printf (_("Escalation, step %u of %u: call %s now on %s"), p->step, p->n_steps, p->name,
                          p->phone);
  gtk_label_set_label (self->label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
notify_operator (const char *text)
{
  NotifyNotification *notification;
  g_autoptr(GError) error = NULL;

  if (!notify_is_initted () && !notify_init ("Vigie"))
    return;
  notification = notify_notification_new (C_("roster", "Call to make"), text, "call-start-symbolic");
  notify_notification_set_urgency (notification, NOTIFY_URGENCY_CRITICAL);
  /* No notification server (a kiosk, the tests): the banner is enough. */
  if (!notify_notification_show (notification, &error))
    g_debug ("Notification not shown: %s", error->message);
  g_object_unref (notification);
}

static void
step_due_cb (VigieEscalation           *escalation,
             const VigieEscalationStep *step,
             VigieRosterBanner         *self)
{
  Pending *p;

  if (!step->needs_operator)
    return;
  p = g_new0 (Pending, 1);
  p->alert_id = g_strdup (step->alert_id);
  p->person_id = g_strdup (step->person_id);
  p->name = g_strdup (step->name);
  p->phone = g_strdup (step->phone);
  p->step = step->step_index + 1;
  p->n_steps = step->n_steps;
  g_queue_push_tail (&self->pending, p);
  update (self);
  notify_operator (gtk_label_get_label (self->label));
}

static void
changed_cb (VigieEscalation   *escalation,
            const char        *alert_id,
            VigieRosterBanner *self)
{
  g_autoptr(VigieEscalationInfo) info = vigie_escalation_get_info (escalation, alert_id, NULL);

  /* Acknowledged elsewhere (the person's own app): nothing left to dial. */
  if (info == NULL || info->state == VIGIE_ESCALATION_RUNNING)
    return;
  for (GList *l = self->pending.head; l; )
    {
      GList *next = l->next;
      Pending *p = l->data;

      if (g_str_equal (p->alert_id, alert_id))
        {
          g_queue_delete_link (&self->pending, l);
          pending_free (p);
        }
      l = next;
    }
  update (self);
}

static void
reached_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VigieRosterBanner *self = VIGIE_ROSTER_BANNER (widget);
  Pending *p = g_queue_pop_head (&self->pending);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  if (p == NULL)
    return;
  if (self->escalation && !vigie_escalation_acknowledge (self->escalation, p->alert_id, p->person_id, now, &error))
    g_warning ("%s", error->message);
  pending_free (p);
  update (self);
}

static void
no_answer_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VigieRosterBanner *self = VIGIE_ROSTER_BANNER (widget);
  Pending *p = g_queue_pop_head (&self->pending);

  /* The cascade moves on by itself when the step's delay runs out. */
  if (p)
    pending_free (p);
  update (self);
}

static void
vigie_roster_banner_dispose (GObject *object)
{
  VigieRosterBanner *self = (VigieRosterBanner *)object;

  if (self->escalation)
    g_signal_handlers_disconnect_by_data (self->escalation, self);
  g_clear_object (&self->escalation);
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_free);
  /* The revealer is the bin's own child: AdwBin disposes of it. */

  G_OBJECT_CLASS (vigie_roster_banner_parent_class)->dispose (object);
}

static void
vigie_roster_banner_class_init (VigieRosterBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_roster_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-roster-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieRosterBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterBanner, label);
  gtk_widget_class_install_action (widget_class, "banner.reached", NULL, reached_action);
  gtk_widget_class_install_action (widget_class, "banner.no-answer", NULL, no_answer_action);
}

static void
vigie_roster_banner_init (VigieRosterBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->pending);
  update (self);
}

/**
 * vigie_roster_banner_set_escalation:
 * @self: a #VigieRosterBanner
 * @escalation: the engine whose operator steps to show
 */
void
vigie_roster_banner_set_escalation (VigieRosterBanner *self,
                                    VigieEscalation   *escalation)
{
  g_return_if_fail (VIGIE_IS_ROSTER_BANNER (self));

  if (self->escalation)
    g_signal_handlers_disconnect_by_data (self->escalation, self);
  g_set_object (&self->escalation, escalation);
  g_signal_connect (escalation, "step-due", G_CALLBACK (step_due_cb), self);
  g_signal_connect (escalation, "changed", G_CALLBACK (changed_cb), self);
}

guint
vigie_roster_banner_get_pending (VigieRosterBanner *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_BANNER (self), 0);
  return self->pending.length;
}

const char *
vigie_roster_banner_get_text (VigieRosterBanner *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_BANNER (self), NULL);
  return gtk_label_get_label (self->label);
}
