/* vigie-escalation-sink.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-escalation-sink"

#include "config.h"

#include "vigie-escalation-sink.h"

G_DEFINE_INTERFACE (VigieAlertSink, vigie_alert_sink, G_TYPE_OBJECT)

static void
vigie_alert_sink_default_init (VigieAlertSinkInterface *iface)
{
}

/**
 * vigie_alert_sink_deliver:
 * @self: a #VigieAlertSink
 * @step: the due step
 * @error: return location for a #GError
 *
 * Hands the step over. Returning %TRUE means the sink took charge of it
 * (queued durably, or sent); on %FALSE the engine retries later.
 *
 * Returns: %TRUE if the sink accepted the step
 */
gboolean
vigie_alert_sink_deliver (VigieAlertSink             *self,
                          const VigieEscalationStep  *step,
                          GError                    **error)
{
  g_return_val_if_fail (VIGIE_IS_ALERT_SINK (self), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);

  return VIGIE_ALERT_SINK_GET_IFACE (self)->deliver (self, step, error);
}

/**
 * vigie_alert_sink_remind:
 * @self: a #VigieAlertSink
 * @reminder: the reminder
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the sink took the reminder (or takes none)
 */
gboolean
vigie_alert_sink_remind (VigieAlertSink            *self,
                         const VigieShiftReminder  *reminder,
                         GError                   **error)
{
  VigieAlertSinkInterface *iface;

  g_return_val_if_fail (VIGIE_IS_ALERT_SINK (self), FALSE);

  iface = VIGIE_ALERT_SINK_GET_IFACE (self);
  return iface->remind ? iface->remind (self, reminder, error) : TRUE;
}
