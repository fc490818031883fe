/* vigie-holidays.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * French public holidays, computed rather than listed so that no table
 * expires: fixed dates plus those hanging off Easter Sunday.
 */
#define G_LOG_DOMAIN "vigie-holidays"

#include "config.h"

#include "vigie-holidays.h"

/**
 * vigie_holidays_easter:
 * @year: a Gregorian year
 * @month: (out): 3 or 4
 * @day: (out): day of the month
 *
 * Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 */
void
vigie_holidays_easter (int  year,
                       int *month,
                       int *day)
{
  int a = year % 19;
  int b = year / 100;
  int c = year % 100;
  int d = b / 4;
  int e = b % 4;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4;
  int k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;

  *month = (h + l - 7 * m + 114) / 31;
  *day = ((h + l - 7 * m + 114) % 31) + 1;
}

static gboolean
is_easter_offset (int year,
                  int month,
                  int day,
                  int offset)
{
  g_autoptr(GDateTime) easter = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  int em, ed;

  vigie_holidays_easter (year, &em, &ed);
  easter = g_date_time_new_utc (year, em, ed, 12, 0, 0);
  shifted = g_date_time_add_days (easter, offset);

  return g_date_time_get_month (shifted) == month &&
         g_date_time_get_day_of_month (shifted) == day;
}

/**
 * vigie_holidays_lookup:
 * @year: year
 * @month: 1 to 12
 * @day: 1 to 31
 * @flags: which regional extras apply
 *
 * Returns: (nullable): the holiday's French name, or %NULL on a working day
 */
const char *
vigie_holidays_lookup (int               year,
                       int               month,
                       int               day,
                       VigieHolidayFlags flags)
{
  static const struct { int month, day; const char *name; } fixed[] = {
    { 1, 1, "Jour de l'an" },
    { 5, 1, "Fête du Travail" },
    { 5, 8, "Victoire 1945" },
    { 7, 14, "Fête nationale" },
    { 8, 15, "Assomption" },
    { 11, 1, "Toussaint" },
    { 11, 11, "Armistice 1918" },
    { 12, 25, "Noël" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (fixed[i].month == month && fixed[i].day == day)
      return fixed[i].name;

  if (is_easter_offset (year, month, day, 1))
    return "Lundi de Pâques";
  if (is_easter_offset (year, month, day, 39))
    return "Ascension";
  if (is_easter_offset (year, month, day, 50))
    return "Lundi de Pentecôte";

  if (flags & VIGIE_HOLIDAYS_ALSACE_MOSELLE)
    {
      if (month == 12 && day == 26)
        return "Saint-Étienne";
      if (is_easter_offset (year, month, day, -2))
        return "Vendredi saint";
    }

  return NULL;
}

/**
 * vigie_holidays_is_holiday:
 * @when: an instant, in the time zone whose calendar day counts
 * @flags: which regional extras apply
 *
 * Returns: %TRUE if @when falls on a public holiday
 */
gboolean
vigie_holidays_is_holiday (GDateTime         *when,
                           VigieHolidayFlags  flags)
{
  return vigie_holidays_lookup (g_date_time_get_year (when),
                                g_date_time_get_month (when),
                                g_date_time_get_day_of_month (when),
                                flags) != NULL;
}
