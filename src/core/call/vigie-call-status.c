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
dup_scheduled_text (VigieCall *self)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (self->decision == NULL || vigie_decision_get_defer_until (self->decision) == NULL)
    return g_strdup (_("Alert scheduled"));
  local = g_date_time_to_local (vigie_decision_get_defer_until (self->decision));
  when = g_date_time_format (local, _("%a %d %b %H:%M"));
  return g_strdup_printf (_("Alert scheduled: %s"), when);
}

/* A decided or closed call's status: its alert's. */
static char *
dup_alert_status_text (VigieCall   *self,
                       const char **style)
{
  gboolean in_doubt = self->attempt_failed || self->alert_overdue;

  switch (self->alert_state)
    {
    case VIGIE_ALERT_NONE:
      *style = "decided";
      return g_strdup (self->state == VIGIE_CALL_CLOSED ? _("Closed") : _("Logged"));
    case VIGIE_ALERT_SCHEDULED:
      *style = "scheduled";
      return dup_scheduled_text (self);
    case VIGIE_ALERT_SENDING:
      *style = in_doubt ? "warning" : "sending";
      return g_strdup (in_doubt ? _("Alert not delivered yet") : _("Alerting…"));
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
      return dup_alert_status_text (self, style);

    default:
      g_assert_not_reached ();
    }
}

/* A decided call whose alert went wrong, or whose whole cascade went by
 * with nobody taking it. */
static gboolean
compute_needs_attention (VigieCall *self)
{
  gboolean taken = self->alert_state == VIGIE_ALERT_ACKNOWLEDGED || self->alert_state == VIGIE_ALERT_RESOLVED;

  if (self->state == VIGIE_CALL_QUALIFYING)
    return FALSE;
  if (self->alert_state == VIGIE_ALERT_FAILED || self->alert_overdue)
    return TRUE;
  if (self->alert_state == VIGIE_ALERT_SENDING && self->attempt_failed)
    return TRUE;
  return self->escalation_exhausted && !taken;
}

static void
set_status (VigieCall  *self,
            char      **field,
            const char *value,
            guint       prop)
{
  if (g_strcmp0 (value, *field) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[prop]);
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

  set_status (self, &self->status_text, text, PROP_STATUS_TEXT);
  set_status (self, &self->status_style, style, PROP_STATUS_STYLE);

  /* Enter closes a decided call unless its alert is still in doubt;
   * Ctrl+W closes anything (the call then waits in "needs attention"). */
  _vigie_call_set_bool (self, &self->can_close,
            self->state == VIGIE_CALL_DECIDED && self->alert_state != VIGIE_ALERT_SENDING &&
            self->alert_state != VIGIE_ALERT_FAILED, PROP_CAN_CLOSE);
  /* Only an alert that went (or is going) out can be acknowledged; a
   * scheduled one has reached nobody yet. */
  _vigie_call_set_bool (self, &self->can_acknowledge, self->state != VIGIE_CALL_QUALIFYING && alerting, PROP_CAN_ACKNOWLEDGE);
  _vigie_call_set_bool (self, &self->can_resolve, self->alert_state == VIGIE_ALERT_ACKNOWLEDGED, PROP_CAN_RESOLVE);
  _vigie_call_set_bool (self, &self->needs_attention, compute_needs_attention (self), PROP_NEEDS_ATTENTION);
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
