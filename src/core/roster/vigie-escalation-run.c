/* vigie-escalation-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running cascades: the step that is due fires (handed to the sink before
 * it is marked done), the cascade moves on or is exhausted; an
 * acknowledgement or a cancellation stops it; the optional one-second timer.
 */
#define G_LOG_DOMAIN "vigie-escalation"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "vigie-escalation-private.h"
#include "vigie-json.h"
#include "vigie-sqlite.h"

/* Delay before retrying a step the sink refused. */
#define RETRY_SECONDS 60
static gboolean
update_state (VigieEscalation  *self,
              const char       *alert_id,
              const char       *state,
              guint             next_step,
              guint             next_loop,
              GDateTime        *next_due,
              GError          **error)
{
  g_autofree char *due = next_due ? _vigie_escalation_utc_text (next_due) : NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Only a running cascade moves: an acknowledgement that landed in
   * between is never overwritten. */
  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE escalations SET state = ?2, next_step = ?3, next_loop = ?4, next_due = ?5 "
                          "WHERE alert_id = ?1 AND state = 'running'", -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot update"));
  rc = vigie_sqlite_bind (stmt, "ssiis", alert_id, state, (gint32) next_step, (gint32) next_loop, due)
       ? sqlite3_step (stmt) : SQLITE_ERROR;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot update"));
  return TRUE;
}

static char **
json_strv (JsonObject *object,
           const char *name)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  JsonArray *array = json_object_has_member (object, name) ? json_object_get_array_member (object, name) : NULL;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    g_ptr_array_add (items, g_strdup (json_array_get_string_element (array, i)));
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static void
fill_step (VigieEscalationStep *step,
           VigieEscalationInfo *info,
           JsonObject          *def,
           GStrv                targets,
           GStrv                channels)
{
  step->alert_id = info->alert_id;
  step->client_id = info->client_id;
  step->call_id = info->call_id;
  step->step_index = info->next_step;
  step->n_steps = info->n_steps;
  step->loop = info->next_loop;
  step->n_loops = info->n_loops;
  step->person_id = json_object_get_string_member_with_default (def, "person_id", NULL);
  step->name = json_object_get_string_member_with_default (def, "name", NULL);
  step->phone = json_object_get_string_member_with_default (def, "phone", NULL);
  step->targets = (const char * const *) targets;
  step->channels = (const char * const *) channels;
  step->due_at = info->next_due;
  step->needs_operator = g_strv_contains ((const char * const *) channels, "phone") && step->phone != NULL;
}

/* The sink refused the step: logged, tried again a little later. */
static gboolean
retry_later (VigieEscalation      *self,
             VigieEscalationInfo  *info,
             VigieEscalationStep  *step,
             const GError         *sink_error,
             GDateTime            *now,
             GError              **error)
{
  g_autoptr(GDateTime) retry = g_date_time_add_seconds (now, RETRY_SECONDS);

  g_warning ("Alert %s, step %u: %s", info->alert_id, info->next_step + 1, sink_error->message);
  if (!_vigie_escalation_log_event (self, info->alert_id, now, (int) info->next_step, (int) info->next_loop,
                                    step->person_id, "refused", sink_error->message, error))
    return FALSE;
  return update_state (self, info->alert_id, "running", info->next_step, info->next_loop, retry, error);
}

/* Moves the cascade on after a step; a skipped step is followed at once. */
static gboolean
schedule_next (VigieEscalation      *self,
               VigieEscalationInfo  *info,
               JsonObject           *def,
               GDateTime            *now,
               gboolean              skipped,
               GError              **error)
{
  g_autoptr(GDateTime) next_due = NULL;
  guint next_step = info->next_step + 1;
  guint next_loop = info->next_loop;

  if (next_step >= info->n_steps)
    {
      next_step = 0;
      next_loop++;
    }
  if (next_loop >= info->n_loops)
    {
      /* The last step still gets its delay to answer before the cascade
       * is declared exhausted. */
      next_due = g_date_time_add_seconds (now, _vigie_escalation_step_delay_seconds (def));
      return update_state (self, info->alert_id, "running", info->n_steps, next_loop - 1, next_due, error);
    }
  next_due = skipped ? g_date_time_ref (now)
                     : g_date_time_add_seconds (now, _vigie_escalation_step_delay_seconds (def));
  return update_state (self, info->alert_id, "running", next_step, next_loop, next_due, error);
}

static void
journal_step (VigieEscalation      *self,
              VigieEscalationInfo  *info,
              VigieEscalationStep  *step,
              const char           *event,
              GStrv                 channels)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  vigie_json_builder_add_nullable (builder, "alert_id", info->alert_id);
  vigie_json_builder_add_nullable (builder, "client_id", info->client_id);
  _vigie_escalation_member_int (builder, "step", info->next_step + 1);
  _vigie_escalation_member_int (builder, "loop", info->next_loop + 1);
  vigie_json_builder_add_nullable (builder, "person_id", step->person_id);
  vigie_json_builder_add_nullable (builder, "name", step->name);
  vigie_json_builder_add_nullable (builder, "status", event);
  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  for (guint i = 0; channels[i]; i++)
    json_builder_add_string_value (builder, channels[i]);
  json_builder_end_array (builder);
  _vigie_escalation_journal_event (self, info->call_id, "escalation-step", builder);
}

/* Fires the step the cascade is at, then moves it on. */
static gboolean
fire (VigieEscalation      *self,
      VigieEscalationInfo  *info,
      GDateTime            *now,
      GError              **error)
{
  JsonArray *steps = json_object_get_array_member (json_node_get_object (info->policy), "steps");
  JsonObject *def;
  g_auto(GStrv) targets = NULL;
  g_auto(GStrv) channels = NULL;
  g_autoptr(GError) sink_error = NULL;
  VigieEscalationStep step = { 0 };
  const char *event;
  gboolean skipped;

  if (info->n_steps == 0 || info->next_step >= info->n_steps)
    return update_state (self, info->alert_id, "exhausted", info->next_step, info->next_loop, NULL, error);

  def = json_array_get_object_element (steps, info->next_step);
  targets = json_strv (def, "targets");
  channels = json_strv (def, "channels");
  fill_step (&step, info, def, targets, channels);

  /* Nobody behind the step (a gap in a backup rotation): go straight on. */
  skipped = step.name == NULL;
  if (!skipped && self->sink != NULL &&
      !vigie_alert_sink_deliver (self->sink, &step, &sink_error))
    return retry_later (self, info, &step, sink_error, now, error);

  event = skipped ? "skipped" : "sent";
  if (!_vigie_escalation_log_event (self, info->alert_id, now, (int) info->next_step, (int) info->next_loop,
                                    step.person_id, event, NULL, error) ||
      !schedule_next (self, info, def, now, skipped, error))
    return FALSE;
  journal_step (self, info, &step, event, channels);
  if (!skipped)
    _vigie_escalation_emit_step_due (self, &step);
  _vigie_escalation_emit_changed (self, info->alert_id);
  return TRUE;
}

static gboolean
exhaust (VigieEscalation      *self,
         VigieEscalationInfo  *info,
         GDateTime            *now,
         GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!update_state (self, info->alert_id, "exhausted", info->next_step, info->next_loop, NULL, error) ||
      !_vigie_escalation_log_event (self, info->alert_id, now, -1, (int) info->next_loop, NULL, "exhausted", NULL, error))
    return FALSE;

  json_builder_begin_object (builder);
  vigie_json_builder_add_nullable (builder, "alert_id", info->alert_id);
  vigie_json_builder_add_nullable (builder, "client_id", info->client_id);
  _vigie_escalation_journal_event (self, info->call_id, "escalation-exhausted", builder);
  _vigie_escalation_emit_changed (self, info->alert_id);
  return TRUE;
}

/* The running cascade due first at @at: SQLITE_ROW with @info,
 * SQLITE_DONE when none is due, anything else on error. */
static int
first_due (VigieEscalation      *self,
           const char           *at,
           VigieEscalationInfo **info,
           GError              **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT " INFO_COLUMNS " FROM escalations "
                          "WHERE state = 'running' AND next_due <= ?1 ORDER BY next_due, alert_id LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot read")), SQLITE_ERROR;
  rc = vigie_sqlite_bind (stmt, "s", at) ? sqlite3_step (stmt) : SQLITE_ERROR;
  if (rc == SQLITE_ROW)
    *info = _vigie_escalation_read_info (self, stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot read"));
  return rc;
}

typedef enum {
  RUN_FIRED,    /* a step went to the sink */
  RUN_ON,       /* nothing sent, the next cascade may be due */
  RUN_STOP,     /* a refused step is due again now: wait for the next tick */
  RUN_FAILED,
} RunResult;

static RunResult
run_one (VigieEscalation     *self,
         VigieEscalationInfo *info,
         GDateTime           *now,
         GError             **error)
{
  g_autoptr(VigieEscalationInfo) after = NULL;

  if (info->next_step >= info->n_steps)
    return exhaust (self, info, now, error) ? RUN_ON : RUN_FAILED;
  if (!fire (self, info, now, error))
    return RUN_FAILED;
  after = vigie_escalation_get_info (self, info->alert_id, NULL);
  /* A refused step is rescheduled, not counted. */
  if (after && (after->next_step != info->next_step || after->next_loop != info->next_loop))
    return RUN_FIRED;
  if (after && after->next_due && g_date_time_compare (after->next_due, now) <= 0)
    return RUN_STOP;
  return RUN_ON;
}

/**
 * vigie_escalation_run_due:
 * @self: a #VigieEscalation
 * @now: the current time
 * @error: return location for a #GError
 *
 * Fires every step due at @now, oldest first. After a long stop, an
 * overdue cascade fires its current step and the next one comes a full
 * delay later: people are not all called at once on restart.
 *
 * Returns: how many steps were handed to the sink
 */
guint
vigie_escalation_run_due (VigieEscalation  *self,
                          GDateTime        *now,
                          GError          **error)
{
  g_autofree char *at = _vigie_escalation_utc_text (now);
  guint fired = 0;
  /* Bounded: each pass moves a cascade on by one step. */
  guint guard = 10000;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), 0);

  while (guard-- > 0)
    {
      g_autoptr(VigieEscalationInfo) info = NULL;
      int rc = first_due (self, at, &info, error);
      RunResult result;

      if (rc != SQLITE_ROW)
        break;
      result = run_one (self, info, now, error);
      if (result == RUN_FAILED || result == RUN_STOP)
        break;
      fired += result == RUN_FIRED;
    }
  return fired;
}

/**
 * vigie_escalation_acknowledge:
 * @self: a #VigieEscalation
 * @alert_id: the alert
 * @person_id: (nullable): who took it
 * @now: the current time
 * @error: return location for a #GError
 *
 * Stops the cascade. Acknowledging twice is harmless.
 *
 * Returns: %FALSE if the alert is unknown
 */
gboolean
vigie_escalation_acknowledge (VigieEscalation  *self,
                              const char       *alert_id,
                              const char       *person_id,
                              GDateTime        *now,
                              GError          **error)
{
  g_autoptr(VigieEscalationInfo) info = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *at = _vigie_escalation_utc_text (now);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), FALSE);

  if (!(info = vigie_escalation_get_info (self, alert_id, error)))
    return FALSE;
  if (info->state == VIGIE_ESCALATION_ACKNOWLEDGED)
    return TRUE;

  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE escalations SET state = 'acknowledged', next_due = NULL, "
                          "acknowledged_by = ?2, acknowledged_at = ?3 WHERE alert_id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot acknowledge"));
  rc = vigie_sqlite_bind (stmt, "sss", alert_id, person_id, at) ? sqlite3_step (stmt) : SQLITE_ERROR;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot acknowledge"));
  if (!_vigie_escalation_log_event (self, alert_id, now, (int) info->next_step, (int) info->next_loop, person_id,
                  "acknowledged", NULL, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  vigie_json_builder_add_nullable (builder, "alert_id", alert_id);
  vigie_json_builder_add_nullable (builder, "client_id", info->client_id);
  vigie_json_builder_add_nullable (builder, "person_id", person_id);
  vigie_json_builder_add_nullable (builder, "status", "acknowledged");
  _vigie_escalation_journal_event (self, info->call_id, "escalation-acknowledged", builder);
  _vigie_escalation_emit_changed (self, alert_id);
  return TRUE;
}

gboolean
vigie_escalation_cancel (VigieEscalation  *self,
                         const char       *alert_id,
                         const char       *reason,
                         GError          **error)
{
  g_autoptr(VigieEscalationInfo) info = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), FALSE);

  if (!(info = vigie_escalation_get_info (self, alert_id, error)))
    return FALSE;
  if (info->state != VIGIE_ESCALATION_RUNNING)
    return TRUE;
  now = self->clock (self->clock_data);
  if (!update_state (self, alert_id, "cancelled", info->next_step, info->next_loop, NULL, error) ||
      !_vigie_escalation_log_event (self, alert_id, now, -1, -1, NULL, "cancelled", reason, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  vigie_json_builder_add_nullable (builder, "alert_id", alert_id);
  vigie_json_builder_add_nullable (builder, "reason", reason);
  _vigie_escalation_journal_event (self, info->call_id, "escalation-cancelled", builder);
  _vigie_escalation_emit_changed (self, alert_id);
  return TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  VigieEscalation *self = user_data;
  g_autoptr(GDateTime) now = self->clock (self->clock_data);
  g_autoptr(GError) error = NULL;

  vigie_escalation_run_due (self, now, &error);
  if (error)
    g_warning ("%s", error->message);
  return G_SOURCE_CONTINUE;
}

/**
 * vigie_escalation_start_timer:
 * @self: a #VigieEscalation
 * @interval_seconds: how often to look for due steps
 *
 * For the application: runs due steps from the main loop, on the clock
 * set with vigie_escalation_set_clock().
 */
void
vigie_escalation_start_timer (VigieEscalation *self,
                              guint            interval_seconds)
{
  g_return_if_fail (VIGIE_IS_ESCALATION (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add_seconds (MAX (1, interval_seconds), tick_cb, self);
}

