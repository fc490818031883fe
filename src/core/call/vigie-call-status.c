/* vigie-call-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules the desk presents (status text and style, what may be
 * closed, acknowledged, resolved), decided here once from the call's state.
 */
#define G_LOG_DOMAIN "vigie-call"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-private.h"

/* @summary: (nullable): @message as the operator reads it, when it
 * holds details they need not (servers' codes). */
void
_vigie_call_set_alert_state_full (VigieCall       *self,
                                  VigieAlertState  state,
                                  const char      *message,
                                  const char      *summary)
{
  g_free (self->alert_summary);
  self->alert_summary = g_strdup (summary);
  if (g_strcmp0 (self->alert_message, message) != 0)
    {
      g_free (self->alert_message);
      self->alert_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ALERT_MESSAGE]);
    }

  if (self->alert_state != state)
    {
      self->alert_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ALERT_STATE]);
    }
  _vigie_call_update_derived (self);
}

void
_vigie_call_set_alert_state (VigieCall       *self,
                             VigieAlertState  state,
                             const char      *message)
{
  _vigie_call_set_alert_state_full (self, state, message, NULL);
}

void
_vigie_call_set_state (VigieCall      *self,
                       VigieCallState  state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_STATE]);
    }
  _vigie_call_update_derived (self);
}

void
_vigie_call_set_bool (VigieCall *self,
                      gboolean  *field,
                      gboolean   value,
                      guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[prop]);
}

static char *
dup_status_text (VigieCall   *self,
                 const char **style)
{
  switch (self->state)
    {
    case VIGIE_CALL_QUALIFYING:
      *style = self->hung_up ? "hung-up" : "qualifying";
      if (self->hung_up)
        return g_strdup (_("Caller hung up"));
      return g_strdup (self->decision ? _("To decide") : _("Qualifying"));

    case VIGIE_CALL_DECIDED:
    case VIGIE_CALL_CLOSED:
      switch (self->alert_state)
        {
        case VIGIE_ALERT_NONE:
          *style = "decided";
          return g_strdup (self->state == VIGIE_CALL_CLOSED ? _("Closed") : _("Logged"));
        case VIGIE_ALERT_SCHEDULED:
          *style = "scheduled";
          if (self->decision && vigie_decision_get_defer_until (self->decision))
            {
              g_autoptr(GDateTime) local = g_date_time_to_local (vigie_decision_get_defer_until (self->decision));
              g_autofree char *when = g_date_time_format (local, _("%a %d %b %H:%M"));

              return g_strdup_printf (_("Alert scheduled: %s"), when);
            }
          return g_strdup (_("Alert scheduled"));
        case VIGIE_ALERT_SENDING:
          if (self->attempt_failed || self->alert_overdue)
            {
              *style = "warning";
              return g_strdup (_("Alert not delivered yet"));
            }
          *style = "sending";
          return g_strdup (_("Alerting…"));
        case VIGIE_ALERT_DELIVERED:
          *style = self->alert_overdue ? "warning" : "success";
          return g_strdup (_("Alert delivered"));
        case VIGIE_ALERT_FAILED:
          *style = "failed";
          return g_strdup (_("Alert failed"));
        case VIGIE_ALERT_ACKNOWLEDGED:
          *style = "success";
          return g_strdup (_("Alert acknowledged"));
        case VIGIE_ALERT_RESOLVED:
          *style = "success";
          return g_strdup (_("Incident resolved"));
        default:
          g_assert_not_reached ();
        }

    default:
      g_assert_not_reached ();
    }
}

/* Every rule the desk used to decide in the view: the view now binds or
 * reads these properties, so a state cannot be shown two ways. */
void
_vigie_call_update_derived (VigieCall *self)
{
  const char *style = "qualifying";
  g_autofree char *text = dup_status_text (self, &style);
  gboolean alerting = self->alert_state == VIGIE_ALERT_SENDING || self->alert_state == VIGIE_ALERT_DELIVERED ||
                      self->alert_state == VIGIE_ALERT_FAILED;

  if (g_strcmp0 (text, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_STATUS_TEXT]);
    }
  if (g_strcmp0 (style, self->status_style) != 0)
    {
      g_free (self->status_style);
      self->status_style = g_strdup (style);
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_STATUS_STYLE]);
    }

  /* Enter closes a decided call unless its alert is still in doubt;
   * Ctrl+W closes anything (the call then waits in "needs attention"). */
  _vigie_call_set_bool (self, &self->can_close,
            self->state == VIGIE_CALL_DECIDED && self->alert_state != VIGIE_ALERT_SENDING &&
            self->alert_state != VIGIE_ALERT_FAILED, PROP_CAN_CLOSE);
  /* Only an alert that went (or is going) out can be acknowledged; a
   * scheduled one has reached nobody yet. */
  _vigie_call_set_bool (self, &self->can_acknowledge, self->state != VIGIE_CALL_QUALIFYING && alerting, PROP_CAN_ACKNOWLEDGE);
  _vigie_call_set_bool (self, &self->can_resolve, self->alert_state == VIGIE_ALERT_ACKNOWLEDGED, PROP_CAN_RESOLVE);
  _vigie_call_set_bool (self, &self->needs_attention,
            self->state != VIGIE_CALL_QUALIFYING &&
            (self->alert_state == VIGIE_ALERT_FAILED || self->alert_overdue ||
             (self->alert_state == VIGIE_ALERT_SENDING && self->attempt_failed) ||
             /* the whole cascade went by and nobody took it */
             (self->escalation_exhausted && self->alert_state != VIGIE_ALERT_ACKNOWLEDGED &&
              self->alert_state != VIGIE_ALERT_RESOLVED)),
            PROP_NEEDS_ATTENTION);
}

const char *
vigie_call_get_status_text (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->status_text;
}

const char *
vigie_call_get_status_style (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->status_style;
}

gboolean
vigie_call_get_can_close (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->can_close;
}

gboolean
vigie_call_get_can_acknowledge (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->can_acknowledge;
}

gboolean
vigie_call_get_can_resolve (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->can_resolve;
}

gboolean
vigie_call_get_needs_attention (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->needs_attention;
}
