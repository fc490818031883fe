/* vigie-opening-hours.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client's opening hours, per day of the week plus public holidays
 * (closed unless stated). Instants are read in the time zone they carry,
 * which the caller sets to the client's, so a DST change moves nothing:
 * 08:00 stays 08:00 on the wall clock.
 */
#define G_LOG_DOMAIN "vigie-opening-hours"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigie-opening-hours.h"
#include "vigie-script-private.h"

typedef struct
{
  int start; /* minutes since midnight */
  int end;   /* exclusive; 1440 for midnight */
} Range;

struct _VigieOpeningHours
{
  GObject            parent_instance;

  VigieHolidayFlags  holidays;
  GArray            *days[8]; /* Range, sorted; [0] is public holidays */
};

G_DEFINE_FINAL_TYPE (VigieOpeningHours, vigie_opening_hours, G_TYPE_OBJECT)

/* A year and a bit: every weekday and every holiday has been seen. */
#define SEARCH_DAYS 370

static const char * const day_names[] = {
  "", "mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

static void
vigie_opening_hours_finalize (GObject *object)
{
  VigieOpeningHours *self = (VigieOpeningHours *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->days); i++)
    g_clear_pointer (&self->days[i], g_array_unref);

  G_OBJECT_CLASS (vigie_opening_hours_parent_class)->finalize (object);
}

static void
vigie_opening_hours_class_init (VigieOpeningHoursClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_opening_hours_finalize;
}

static void
vigie_opening_hours_init (VigieOpeningHours *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->days); i++)
    self->days[i] = g_array_new (FALSE, FALSE, sizeof (Range));
}

/**
 * vigie_opening_hours_new:
 * @holidays: which public holidays the client closes on
 *
 * Returns: (transfer full): opening hours with no range: always closed
 */
VigieOpeningHours *
vigie_opening_hours_new (VigieHolidayFlags holidays)
{
  VigieOpeningHours *self = g_object_new (VIGIE_TYPE_OPENING_HOURS, NULL);

  self->holidays = holidays;
  return self;
}

static int
compare_range (gconstpointer a,
               gconstpointer b)
{
  return ((const Range *) a)->start - ((const Range *) b)->start;
}

/**
 * vigie_opening_hours_add:
 * @self: opening hours
 * @day: 1 (Monday) to 7 (Sunday), or %VIGIE_OPENING_HOURS_HOLIDAY
 * @start_minute: opening, in minutes since midnight
 * @end_minute: closing, exclusive, up to 1440
 */
void
vigie_opening_hours_add (VigieOpeningHours *self,
                         guint              day,
                         int                start_minute,
                         int                end_minute)
{
  Range range = { start_minute, end_minute };

  g_return_if_fail (VIGIE_IS_OPENING_HOURS (self));
  g_return_if_fail (day <= 7);
  g_return_if_fail (0 <= start_minute && start_minute < end_minute && end_minute <= 1440);

  g_array_append_val (self->days[day], range);
  g_array_sort (self->days[day], compare_range);
}

/* 00:00 to 24:00, "24:00" being the end of the day. */
static gboolean
clock_ok (guint64 h,
          guint64 m)
{
  return m <= 59 && (h < 24 || (h == 24 && m == 0));
}

/* The minutes after "h" or ":": two digits; nothing at all after "h". */
static gboolean
parse_minutes (const char *text,
               gboolean    required,
               guint64    *minutes)
{
  *minutes = 0;
  if (*text == '\0' && !required)
    return TRUE;
  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != '\0')
    return FALSE;
  *minutes = (guint64) ((text[0] - '0') * 10 + (text[1] - '0'));
  return TRUE;
}

/**
 * vigie_opening_hours_parse_clock:
 * @text: "08:00", "8:30" or "08h30"; "24:00" is accepted as midnight
 * @hour: (out): 0 to 24
 * @minute: (out): 0 to 59
 *
 * Returns: %TRUE if @text is a time of day
 */
gboolean
vigie_opening_hours_parse_clock (const char *text,
                                 int        *hour,
                                 int        *minute)
{
  guint64 h, m = 0;
  char *end;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  h = g_ascii_strtoull (text, &end, 10);
  if (end - text > 2 || (*end != ':' && *end != 'h'))
    return FALSE;
  if (!parse_minutes (end + 1, end[0] == ':', &m))
    return FALSE;
  if (!clock_ok (h, m))
    return FALSE;
  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}

/**
 * vigie_opening_hours_parse_range:
 * @text: "08:00-12:00"; the end may be "24:00"
 * @start_minute: (out): minutes since midnight
 * @end_minute: (out): minutes since midnight, after @start_minute
 *
 * Returns: %TRUE if @text is a range within one day
 */
gboolean
vigie_opening_hours_parse_range (const char *text,
                                 int        *start_minute,
                                 int        *end_minute)
{
  g_auto(GStrv) parts = NULL;
  int h1, m1, h2, m2;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "-", 3);
  if (g_strv_length (parts) != 2)
    return FALSE;
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  if (!vigie_opening_hours_parse_clock (parts[0], &h1, &m1) ||
      !vigie_opening_hours_parse_clock (parts[1], &h2, &m2) || h1 == 24)
    return FALSE;
  *start_minute = h1 * 60 + m1;
  *end_minute = h2 * 60 + m2;
  return *start_minute < *end_minute;
}

static int
day_index (const char *name)
{
  for (guint i = 1; i < G_N_ELEMENTS (day_names); i++)
    if (g_ascii_strcasecmp (name, day_names[i]) == 0)
      return (int) i;
  return -1;
}

/**
 * vigie_opening_hours_parse_days:
 * @text: "mon", "mon-fri", "sat,sun" or "fri-mon" (wrapping)
 * @days: (out): bit N set for day N (1 = Monday … 7 = Sunday)
 *
 * Returns: %TRUE if @text names days of the week
 */
gboolean
vigie_opening_hours_parse_days (const char *text,
                                guint8     *days)
{
  g_auto(GStrv) items = NULL;
  guint8 result = 0;

  if (text == NULL || *text == '\0')
    return FALSE;
  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i]; i++)
    {
      g_auto(GStrv) bounds = g_strsplit (g_strstrip (items[i]), "-", 3);
      int from, to;

      if (g_strv_length (bounds) == 1)
        from = to = day_index (bounds[0]);
      else if (g_strv_length (bounds) == 2)
        {
          from = day_index (g_strstrip (bounds[0]));
          to = day_index (g_strstrip (bounds[1]));
        }
      else
        return FALSE;
      if (from < 0 || to < 0)
        return FALSE;
      for (int d = from;; d = d % 7 + 1)
        {
          result |= (guint8) (1u << d);
          if (d == to)
            break;
        }
    }
  *days = result;
  return TRUE;
}

static GArray *
ranges_for (VigieOpeningHours *self,
            GDateTime         *when)
{
  if (vigie_holidays_is_holiday (when, self->holidays))
    return self->days[VIGIE_OPENING_HOURS_HOLIDAY];
  return self->days[g_date_time_get_day_of_week (when)];
}

/**
 * vigie_opening_hours_is_open:
 * @self: opening hours
 * @when: an instant, in the client's time zone
 *
 * Returns: %TRUE if the client is open at @when
 */
gboolean
vigie_opening_hours_is_open (VigieOpeningHours *self,
                             GDateTime         *when)
{
  GArray *ranges;
  int minute;

  g_return_val_if_fail (VIGIE_IS_OPENING_HOURS (self), FALSE);

  ranges = ranges_for (self, when);
  minute = g_date_time_get_hour (when) * 60 + g_date_time_get_minute (when);
  for (guint i = 0; i < ranges->len; i++)
    {
      const Range *range = &g_array_index (ranges, Range, i);

      if (range->start <= minute && minute < range->end)
        return TRUE;
    }
  return FALSE;
}

/**
 * vigie_opening_hours_next_open:
 * @self: opening hours
 * @after: an instant, in the client's time zone
 *
 * Returns: (transfer full) (nullable): @after itself if open then, else the
 *   next opening, in @after's time zone; %NULL if the client never opens
 */
GDateTime *
vigie_opening_hours_next_open (VigieOpeningHours *self,
                               GDateTime         *after)
{
  GTimeZone *tz;

  g_return_val_if_fail (VIGIE_IS_OPENING_HOURS (self), NULL);

  if (vigie_opening_hours_is_open (self, after))
    return g_date_time_ref (after);

  tz = g_date_time_get_timezone (after);
  for (int offset = 0; offset < SEARCH_DAYS; offset++)
    {
      /* Noon never falls in a DST gap, so the calendar day is exact. */
      g_autoptr(GDateTime) noon = g_date_time_new (tz, g_date_time_get_year (after),
                                                   g_date_time_get_month (after),
                                                   g_date_time_get_day_of_month (after),
                                                   12, 0, 0);
      g_autoptr(GDateTime) day = g_date_time_add_days (noon, offset);
      GArray *ranges = ranges_for (self, day);

      for (guint i = 0; i < ranges->len; i++)
        {
          const Range *range = &g_array_index (ranges, Range, i);
          g_autoptr(GDateTime) start =
            g_date_time_new (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day),
                             range->start / 60, range->start % 60, 0);

          if (start != NULL && g_date_time_compare (start, after) > 0)
            return g_steal_pointer (&start);
        }
    }

  return NULL;
}

/* Reads the script's "opening_hours" object:
 *   { "mon-fri": ["08:00-12:00", "13:30-18:00"], "sat": "09:00-12:00" }
 * plus "holidays" for public holidays (closed when absent). */
VigieOpeningHours *
vigie_script_loader_load_opening_hours (VigieScriptLoader *loader,
                                        const VigieJsonValue *member,
                                        VigieHolidayFlags  holidays)
{
  g_autoptr(VigieOpeningHours) self = NULL;
  guint seen = 0;

  if (member->type != VIGIE_JSON_OBJECT)
    {
      vigie_script_loader_report_at (loader, member, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an object"), "opening_hours");
      return NULL;
    }

  self = vigie_opening_hours_new (holidays);
  for (guint k = 0; k < member->length; k++)
    {
      const char *key = member->members[k].name;
      const VigieJsonValue *value = &member->members[k].value;
      guint line = member->members[k].line, column = member->members[k].column;
      g_auto(GStrv) ranges = NULL;
      guint days;

      if (g_str_equal (key, "holidays"))
        days = 1u << VIGIE_OPENING_HOURS_HOLIDAY;
      else
        {
          guint8 parsed;

          if (!vigie_opening_hours_parse_days (key, &parsed))
            {
              vigie_script_loader_report (loader, line, column, NULL, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                          _("“%s” is not a day of the week: use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, or holidays"),
                                          key);
              continue;
            }
          days = parsed;
        }
      if (days & seen)
        {
          vigie_script_loader_report (loader, line, column, NULL, VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                      _("“%s” gives the hours of a day already given"), key);
          continue;
        }
      seen |= days;

      if (value->type == VIGIE_JSON_ARRAY && value->length == 0)
        continue; /* closed all day */
      if (!(ranges = vigie_script_loader_get_strv (loader, member, key, NULL)))
        continue;

      for (guint i = 0; ranges[i]; i++)
        {
          int start, end;

          if (!vigie_opening_hours_parse_range (ranges[i], &start, &end))
            {
              vigie_script_loader_report_at (loader, value, NULL, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                             _("“%s” is not a range of hours such as “08:00-18:00”"),
                                             ranges[i]);
              continue;
            }
          for (guint d = 0; d <= 7; d++)
            if (days & (1u << d))
              vigie_opening_hours_add (self, d, start, end);
        }
    }

  return g_steal_pointer (&self);
}
