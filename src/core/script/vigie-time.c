/* vigie-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The times operators type and read, in one place: always read and
 * written in the client's zone (a deferral typed for a client in
 * Indian/Reunion fires at 08:00 in Saint-Denis, not in Paris), the zone
 * named when it is not the desk's own.
 *
 * Accepted: 24/12/2026 08:00, 24/12/2026 (midnight), 2026-12-24 08:00,
 * 2026-12-24T08:00, 2026-12-24 (midnight), and ISO 8601 with an offset
 * (2026-12-24T08:00+04:00, seconds optional), which wins over the zone.
 */
#define G_LOG_DOMAIN "vigie-time"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "vigie-time.h"

#define FORMAT "%d/%m/%Y %H:%M"

/**
 * vigie_time_zone_new:
 * @identifier: (nullable): an IANA zone such as "Indian/Reunion"
 *
 * Returns: (transfer full): that zone, or the desk's own when @identifier
 *   is %NULL or unknown
 */
GTimeZone *
vigie_time_zone_new (const char *identifier)
{
  GTimeZone *zone = identifier ? g_time_zone_new_identifier (identifier) : NULL;

  return zone ? zone : g_time_zone_new_local ();
}

static gboolean
date_ok (int year,
         int month,
         int day)
{
  return year >= 1970 && year <= 9999 && month >= 1 && month <= 12 &&
         day >= 1 && day <= g_date_get_days_in_month (month, year);
}

static GDateTime *
new_checked (GTimeZone *zone,
             int        year,
             int        month,
             int        day,
             int        hour,
             int        minute)
{
  if (!date_ok (year, month, day) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return NULL;
  return g_date_time_new (zone, year, month, day, hour, minute, 0);
}

/* "24/12/2026 08:00" or "24/12/2026"; FALSE if @t has neither shape
 * (@when is %NULL too when it has one but is no real date). */
static gboolean
parse_slashes (const char  *t,
               GTimeZone   *zone,
               GDateTime  **when)
{
  int day, month, year, hour = 0, minute = 0, n = 0;

  if (sscanf (t, "%d/%d/%d %d:%d%n", &day, &month, &year, &hour, &minute, &n) == 5 && t[n] == '\0')
    return *when = new_checked (zone, year, month, day, hour, minute), TRUE;
  n = 0;
  if (sscanf (t, "%d/%d/%d%n", &day, &month, &year, &n) == 3 && t[n] == '\0')
    return *when = new_checked (zone, year, month, day, 0, 0), TRUE;
  return FALSE;
}

/* "2026-12-24", "2026-12-24 08:00" or "2026-12-24T08:00", likewise. */
static gboolean
parse_dashes (const char  *t,
              GTimeZone   *zone,
              GDateTime  **when)
{
  int day, month, year, hour = 0, minute = 0, n = 0;
  gsize length = strlen (t);

  if (length == 10 && sscanf (t, "%d-%d-%d%n", &year, &month, &day, &n) == 3 && t[n] == '\0')
    return *when = new_checked (zone, year, month, day, 0, 0), TRUE;
  n = 0;
  if (length == 16 && (t[10] == ' ' || t[10] == 'T') &&
      sscanf (t, "%d-%d-%d%*c%d:%d%n", &year, &month, &day, &hour, &minute, &n) == 5 && t[n] == '\0')
    return *when = new_checked (zone, year, month, day, hour, minute), TRUE;
  return FALSE;
}

static gboolean
is_hh_mm (const char *time)
{
  return strlen (time) >= 6 && g_ascii_isdigit (time[1]) && g_ascii_isdigit (time[2]) && time[3] == ':' &&
         g_ascii_isdigit (time[4]) && g_ascii_isdigit (time[5]) && time[6] != ':';
}

/* Full ISO 8601, with an offset or not; the seconds may be left out. */
static GDateTime *
parse_iso8601 (const char *t,
               GTimeZone  *zone)
{
  const char *time = strchr (t, 'T');
  g_autofree char *with_seconds = NULL;

  if (time == NULL)
    return NULL;
  /* GLib wants the seconds: 23:30+01:00 → 23:30:00+01:00. */
  if (is_hh_mm (time))
    with_seconds = g_strdup_printf ("%.*s:00%s", (int) (time + 6 - t), t, time + 6);
  return g_date_time_new_from_iso8601 (with_seconds ? with_seconds : t, zone);
}

/**
 * vigie_time_parse:
 * @text: what the operator typed
 * @zone: the client's zone, where a time without offset is read
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the instant, or %NULL with @error
 */
GDateTime *
vigie_time_parse (const char  *text,
                  GTimeZone   *zone,
                  GError     **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  GDateTime *when = NULL;

  g_return_val_if_fail (zone != NULL, NULL);

  if (!parse_slashes (t, zone, &when) && !parse_dashes (t, zone, &when))
    when = parse_iso8601 (t, zone);
  if (when == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("“%s” is not a date and time such as 24/12/2026 08:00"), text ? text : "");
  return when;
}

/**
 * vigie_time_format:
 * @when: an instant
 * @zone: the client's zone
 *
 * Returns: (transfer full): @when as operators read and type it, in
 *   @zone: "24/12/2026 08:00"
 */
char *
vigie_time_format (GDateTime *when,
                   GTimeZone *zone)
{
  g_autoptr(GDateTime) there = NULL;

  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  there = g_date_time_to_timezone (when, zone);
  return g_date_time_format (there, FORMAT);
}

/**
 * vigie_time_describe_zone:
 * @when: an instant
 * @zone: the client's zone
 *
 * Returns: (transfer full) (nullable): the zone's name (or its offset)
 *   when its time at @when differs from the desk's, %NULL when they agree
 */
char *
vigie_time_describe_zone (GDateTime *when,
                          GTimeZone *zone)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GDateTime) here = NULL;
  const char *name;

  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  there = g_date_time_to_timezone (when, zone);
  here = g_date_time_to_timezone (when, local);
  if (g_date_time_get_utc_offset (there) == g_date_time_get_utc_offset (here))
    return NULL;
  name = g_time_zone_get_identifier (zone);
  if (name != NULL && *name != '\0' && !g_ascii_isdigit (*name) && *name != '+' && *name != '-')
    return g_strdup (name);
  return g_date_time_format (there, "UTC%:z");
}
