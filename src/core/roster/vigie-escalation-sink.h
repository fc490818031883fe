/* vigie-escalation-sink.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The narrow seam between the escalation engine and whatever carries the
 * alert out (the dispatch outbox): one call per due step.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * VigieEscalationStep:
 *
 * One due step of a running cascade, as handed to a #VigieAlertSink.
 * Everything is borrowed for the duration of the call.
 */
typedef struct {
  const char         *alert_id;
  const char         *client_id;
  const char         *call_id;     /* (nullable) */
  guint               step_index;  /* 0-based, in the cascade */
  guint               n_steps;
  guint               loop;        /* 0-based */
  guint               n_loops;
  const char         *person_id;   /* (nullable): %NULL for a fixed number */
  const char         *name;
  const char         *phone;       /* (nullable) */
  const char * const *targets;     /* the person's targets for these channels */
  const char * const *channels;
  GDateTime          *due_at;
  gboolean            needs_operator; /* a phone call the operator must make */
} VigieEscalationStep;

/**
 * VigieShiftReminder:
 *
 * A notice to the incoming on-call person before the shift.
 */
typedef struct {
  const char         *client_id;
  const char         *person_id;
  const char         *name;
  const char * const *targets;   /* all the person's alert targets */
  GDateTime          *shift_start;
  GDateTime          *shift_end;
  const char         *kind;      /* "before" or "evening-before" */
  GDateTime          *remind_at;
} VigieShiftReminder;

#define VIGIE_TYPE_ALERT_SINK (vigie_alert_sink_get_type ())

G_DECLARE_INTERFACE (VigieAlertSink, vigie_alert_sink, VIGIE, ALERT_SINK, GObject)

struct _VigieAlertSinkInterface
{
  GTypeInterface parent_iface;

  gboolean (*deliver) (VigieAlertSink             *self,
                       const VigieEscalationStep  *step,
                       GError                    **error);
  /* Optional: sinks without it get no shift reminders. */
  gboolean (*remind)  (VigieAlertSink             *self,
                       const VigieShiftReminder   *reminder,
                       GError                    **error);
};

gboolean vigie_alert_sink_deliver (VigieAlertSink             *self,
                                   const VigieEscalationStep  *step,
                                   GError                    **error);
gboolean vigie_alert_sink_remind  (VigieAlertSink             *self,
                                   const VigieShiftReminder   *reminder,
                                   GError                    **error);

G_END_DECLS
