/* vigie-call-aftercare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After the intervention: the on-call person phones the centre back and
 * the operator types when the intervention started and ended, and the
 * caller's satisfaction (1–5). Journaled as `intervention-started`,
 * `intervention-ended` (read by the labour checks: work done at night
 * splits the rest, vigie_roster_store_collect_journal()) and
 * `satisfaction` (read by the indicators). The same event names serve the
 * platforms' own reports (ntfy actions, PagerDuty resolve), with another
 * `source`.
 */
#define G_LOG_DOMAIN "vigie-call"

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "vigie-call-private.h"
#include "vigie-client.h"
#include "vigie-time.h"

/* A typed "02:40" is the latest 02:40 at or before @now in @zone: the
 * on-call person reports an intervention just done, maybe past midnight. */
static GDateTime *
parse_clock (const char *text,
             GTimeZone  *zone,
             GDateTime  *now)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  g_autoptr(GDateTime) here = g_date_time_to_timezone (now, zone);
  g_autoptr(GDateTime) today = NULL;
  int hour, minute, n = 0;

  if (sscanf (t, "%d:%d%n", &hour, &minute, &n) != 2 || t[n] != '\0' ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return NULL;
  today = g_date_time_new (zone, g_date_time_get_year (here), g_date_time_get_month (here),
                           g_date_time_get_day_of_month (here), hour, minute, 0);
  if (today != NULL && g_date_time_compare (today, now) > 0)
    return g_date_time_add_days (today, -1);
  return g_steal_pointer (&today);
}

/**
 * vigie_call_parse_time:
 * @self: a #VigieCall
 * @text: a time as the operator types it: "02:40" (the latest such time,
 *   today or last night) or a full date and time ("29/11/2026 02:40")
 * @now: (nullable): the present, %NULL for the clock
 * @error: return location for a #GError
 *
 * Reads @text in the client's zone.
 *
 * Returns: (transfer full) (nullable): the instant, or %NULL with @error
 */
GDateTime *
vigie_call_parse_time (VigieCall   *self,
                       const char  *text,
                       GDateTime   *now,
                       GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) clock = NULL;
  GDateTime *when;

  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);

  zone = vigie_time_zone_new (self->client ? vigie_client_get_timezone (self->client) : NULL);
  clock = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  if (text != NULL && (when = parse_clock (text, zone, clock)) != NULL)
    return when;
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Type a time such as 02:40"));
      return NULL;
    }
  return vigie_time_parse (text, zone, error);
}

/**
 * vigie_call_record_intervention:
 * @self: a #VigieCall
 * @started: when the on-call person started the intervention
 * @ended: when it ended
 * @error: return location for a #GError
 *
 * Journals `intervention-started` and `intervention-ended` as the operator
 * entered them (`source` "operator"), with the person the alert went to.
 *
 * Returns: %TRUE if journaled (or held until the journal can write)
 */
gboolean
vigie_call_record_intervention (VigieCall  *self,
                                GDateTime  *started,
                                GDateTime  *ended,
                                GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *started_at = NULL;
  g_autofree char *ended_at = NULL;
  const char *person_id = self->recipient ? self->recipient->person_id : NULL;
  const char *person = self->recipient && self->recipient->name ? self->recipient->name : self->oncall_name;
  const char *client_id = self->client ? vigie_client_get_id (self->client) : NULL;
  JsonBuilder *builder;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (started != NULL && ended != NULL, FALSE);

  if (g_date_time_compare (started, ended) >= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The intervention must end after it started"));
      return FALSE;
    }
  /* A minute of grace for the clock the on-call person read. */
  if (g_date_time_difference (ended, now) > 60 * G_TIME_SPAN_SECOND)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The intervention cannot end in the future"));
      return FALSE;
    }
  /* Operators type minutes: the call's own minute is not "before" it. */
  if (g_date_time_difference (self->received_at, started) >= 60 * G_TIME_SPAN_SECOND)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The intervention cannot start before the call"));
      return FALSE;
    }

  started_at = g_date_time_format_iso8601 (started);
  ended_at = g_date_time_format_iso8601 (ended);

  builder = _vigie_call_begin_event ();
  _vigie_call_add_string (builder, "started_at", started_at);
  _vigie_call_add_string (builder, "client_id", client_id);
  _vigie_call_add_string (builder, "person_id", person_id);
  _vigie_call_add_string (builder, "person", person);
  _vigie_call_add_string (builder, "source", "operator");
  if (!_vigie_call_end_event (self, builder, "intervention-started", error))
    return FALSE;

  builder = _vigie_call_begin_event ();
  _vigie_call_add_string (builder, "started_at", started_at);
  _vigie_call_add_string (builder, "ended_at", ended_at);
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_int_value (builder, g_date_time_difference (ended, started) / G_TIME_SPAN_SECOND);
  _vigie_call_add_string (builder, "client_id", client_id);
  _vigie_call_add_string (builder, "person_id", person_id);
  _vigie_call_add_string (builder, "person", person);
  _vigie_call_add_string (builder, "source", "operator");
  return _vigie_call_end_event (self, builder, "intervention-ended", error);
}

/**
 * vigie_call_record_satisfaction:
 * @self: a #VigieCall
 * @score: the caller's satisfaction, 1 (very dissatisfied) to 5 (very satisfied)
 * @error: return location for a #GError
 *
 * Journals `satisfaction` with @score.
 *
 * Returns: %TRUE if journaled (or held until the journal can write)
 */
gboolean
vigie_call_record_satisfaction (VigieCall  *self,
                                guint       score,
                                GError    **error)
{
  JsonBuilder *builder;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (score < 1 || score > 5)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Satisfaction is a score from 1 to 5"));
      return FALSE;
    }
  builder = _vigie_call_begin_event ();
  json_builder_set_member_name (builder, "score");
  json_builder_add_int_value (builder, score);
  _vigie_call_add_string (builder, "client_id", self->client ? vigie_client_get_id (self->client) : NULL);
  return _vigie_call_end_event (self, builder, "satisfaction", error);
}
