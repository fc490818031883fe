/* vigie-deferral.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words of an outcome: its decision (trigger, defer, log, and the
 * designers' French) and its deferral rule ("+2h", "08:00",
 * "next-business-day 08:00", "next-opening"). The script loader checks
 * them, the decision engine computes with them: their own module, so the
 * script does not depend on the decision.
 */
#define G_LOG_DOMAIN "vigie-deferral"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigie-deferral.h"

G_DEFINE_QUARK (vigie-deferral-error-quark, vigie_deferral_error)

static const char * const kind_names[] = {
  [VIGIE_DECISION_NONE] = "none",
  [VIGIE_DECISION_TRIGGER] = "trigger",
  [VIGIE_DECISION_DEFER] = "defer",
  [VIGIE_DECISION_LOG] = "log",
};

const char *
vigie_decision_kind_to_string (VigieDecisionKind kind)
{
  g_return_val_if_fail (kind <= VIGIE_DECISION_LOG, "none");
  return kind_names[kind];
}

/* The designers' own words are accepted too (docs/script-format.md). */
static const char * const french_kind_names[] = {
  [VIGIE_DECISION_NONE] = NULL,
  [VIGIE_DECISION_TRIGGER] = "déclencher",
  [VIGIE_DECISION_DEFER] = "différer",
  [VIGIE_DECISION_LOG] = "consigner",
};

VigieDecisionKind
vigie_decision_kind_from_string (const char *str)
{
  for (guint i = VIGIE_DECISION_TRIGGER; i <= VIGIE_DECISION_LOG; i++)
    if (g_strcmp0 (str, kind_names[i]) == 0 || g_strcmp0 (str, french_kind_names[i]) == 0)
      return i;
  return VIGIE_DECISION_NONE;
}

typedef enum {
  DEFER_DELAY,
  DEFER_CLOCK,
  DEFER_NEXT_BUSINESS_DAY,
  DEFER_NEXT_OPENING,
} DeferKind;

typedef struct
{
  DeferKind kind;
  int       amount;
  char      unit;   /* 'h', 'm' (minutes) or 'd' */
  int       hour;
  int       minute;
} DeferRule;

static gboolean
parse_clock (const char *text,
             int        *hour,
             int        *minute)
{
  return vigie_opening_hours_parse_clock (text, hour, minute) && *hour < 24;
}

/* "next business day" and "next-business-day" alike: lower case, inner
 * hyphens as spaces. */
static char *
compact_rule (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  GString *compact = g_string_new (NULL);
  char *clean = g_strstrip (lower);

  for (const char *p = clean; *p; p++)
    g_string_append_c (compact, *p == '-' && p != clean ? ' ' : *p);
  return g_string_free (compact, FALSE);
}

/* "2h", " 30 min", "1 d" after the "+". */
static gboolean
parse_delay (const char *p,
             DeferRule  *rule)
{
  static const struct { const char *word; char unit; } units[] = {
    { "h", 'h' }, { "min", 'm' }, { "d", 'd' },
  };
  guint64 amount;
  char *end;

  while (*p == ' ')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  amount = g_ascii_strtoull (p, &end, 10);
  while (*end == ' ')
    end++;
  if (amount == 0 || amount > 1000)
    return FALSE;
  rule->kind = DEFER_DELAY;
  rule->amount = (int) amount;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (end, units[i].word))
      {
        rule->unit = units[i].unit;
        return TRUE;
      }
  return FALSE;
}

/* Accepts the forms designers write: "+2h", "+2 h", "+30 min", "+1 d",
 * "08:00", "next-business-day 08:00", "next business day 08:00",
 * "next-opening", "next opening hours". */
static gboolean
parse_defer (const char *text,
             DeferRule  *rule)
{
  g_autofree char *clean = compact_rule (text);

  if (clean[0] == '+')
    return parse_delay (clean + 1, rule);
  if (g_str_equal (clean, "next opening") || g_str_equal (clean, "next opening hours"))
    {
      rule->kind = DEFER_NEXT_OPENING;
      return TRUE;
    }
  if (g_str_has_prefix (clean, "next business day "))
    {
      rule->kind = DEFER_NEXT_BUSINESS_DAY;
      return parse_clock (g_strstrip (clean + strlen ("next business day ")), &rule->hour, &rule->minute);
    }
  rule->kind = DEFER_CLOCK;
  return parse_clock (clean, &rule->hour, &rule->minute);
}

/**
 * vigie_deferral_describe:
 * @rule: a deferral rule, as the designer wrote it
 *
 * Returns: (transfer full): the rule as a sentence for the operator and
 *   the supervisor ("next business day at 08:00", in their language);
 *   @rule itself when it is not one the engine understands
 */
char *
vigie_deferral_describe (const char *rule)
{
  DeferRule parsed = { 0 };

  g_return_val_if_fail (rule != NULL, NULL);

  if (!parse_defer (rule, &parsed))
    return g_strdup (rule);

  switch (parsed.kind)
    {
    case DEFER_DELAY:
      if (parsed.unit == 'h')
        return g_strdup_printf (ngettext ("in %d hour", "in %d hours", parsed.amount), parsed.amount);
      if (parsed.unit == 'm')
        return g_strdup_printf (ngettext ("in %d minute", "in %d minutes", parsed.amount), parsed.amount);
      return g_strdup_printf (ngettext ("in %d day", "in %d days", parsed.amount), parsed.amount);
    case DEFER_CLOCK:
      return g_strdup_printf (_("next %02d:%02d"), parsed.hour, parsed.minute);
    case DEFER_NEXT_BUSINESS_DAY:
      return g_strdup_printf (_("next business day at %02d:%02d"), parsed.hour, parsed.minute);
    case DEFER_NEXT_OPENING:
      return g_strdup (_("next opening hours"));
    default:
      return g_strdup (rule);
    }
}

/**
 * vigie_deferral_check:
 * @rule: a deferral rule
 * @needs_opening_hours: (out) (optional): whether it needs the client's
 *   opening hours
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @rule is a deferral rule the engine understands
 */
gboolean
vigie_deferral_check (const char  *rule,
                            gboolean    *needs_opening_hours,
                            GError     **error)
{
  DeferRule parsed = { 0 };

  g_return_val_if_fail (rule != NULL, FALSE);

  if (!parse_defer (rule, &parsed))
    {
      g_set_error (error, VIGIE_DEFERRAL_ERROR, VIGIE_DEFERRAL_ERROR_BAD_RULE,
                   _("“%s” is not a deferral rule: write “+2h”, “+30min”, “+1d”, “08:00”, "
                     "“next-business-day 08:00” or “next-opening”"), rule);
      return FALSE;
    }
  if (needs_opening_hours)
    *needs_opening_hours = parsed.kind == DEFER_NEXT_OPENING;
  return TRUE;
}

static gboolean
is_business_day (GDateTime         *day,
                 VigieHolidayFlags  holidays)
{
  return g_date_time_get_day_of_week (day) < 6 && !vigie_holidays_is_holiday (day, holidays);
}

/**
 * vigie_deferral_compute_full:
 * @rule: a deferral rule, see vigie_deferral_check()
 * @now: the current time, in the client's time zone
 * @hours: (nullable): the client's opening hours, for "next-opening"
 * @holidays: which public holidays are not business days
 * @error: return location for a #GError
 *
 * Delays ("+2h") count real time, so they stay exact across a DST change;
 * times of day ("08:00") are wall-clock times in @now's zone. Business
 * days are Monday to Friday, public holidays excepted.
 *
 * Returns: (transfer full) (nullable): when the deferred alert fires
 */
GDateTime *
vigie_deferral_compute_full (const char         *rule,
                                   GDateTime          *now,
                                   VigieOpeningHours  *hours,
                                   VigieHolidayFlags   holidays,
                                   GError            **error)
{
  DeferRule parsed = { 0 };
  GTimeZone *tz;

  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!vigie_deferral_check (rule, NULL, error))
    return NULL;
  parse_defer (rule, &parsed);
  tz = g_date_time_get_timezone (now);

  switch (parsed.kind)
    {
    case DEFER_DELAY:
      if (parsed.unit == 'h')
        return g_date_time_add_hours (now, parsed.amount);
      if (parsed.unit == 'm')
        return g_date_time_add_minutes (now, parsed.amount);
      return g_date_time_add_days (now, parsed.amount);

    case DEFER_CLOCK:
      {
        g_autoptr(GDateTime) today =
          g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), parsed.hour, parsed.minute, 0);
        g_autoptr(GDateTime) noon = NULL;
        g_autoptr(GDateTime) tomorrow = NULL;

        if (g_date_time_compare (today, now) > 0)
          return g_steal_pointer (&today);
        noon = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 12, 0, 0);
        tomorrow = g_date_time_add_days (noon, 1);
        return g_date_time_new (tz, g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                g_date_time_get_day_of_month (tomorrow), parsed.hour, parsed.minute, 0);
      }

    case DEFER_NEXT_BUSINESS_DAY:
      {
        /* Noon never falls in a DST gap: the calendar day is exact. */
        g_autoptr(GDateTime) noon =
          g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 12, 0, 0);
        g_autoptr(GDateTime) day = g_date_time_add_days (noon, 1);

        while (!is_business_day (day, holidays))
          {
            GDateTime *next = g_date_time_add_days (day, 1);

            g_date_time_unref (day);
            day = next;
          }
        return g_date_time_new (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day), parsed.hour, parsed.minute, 0);
      }

    case DEFER_NEXT_OPENING:
    default:
      {
        GDateTime *when;

        if (hours == NULL)
          {
            g_set_error (error, VIGIE_DEFERRAL_ERROR, VIGIE_DEFERRAL_ERROR_BAD_RULE,
                         _("“%s” needs the client's opening hours"), rule);
            return NULL;
          }
        if (!(when = vigie_opening_hours_next_open (hours, now)))
          g_set_error (error, VIGIE_DEFERRAL_ERROR, VIGIE_DEFERRAL_ERROR_BAD_RULE,
                       _("The client is never open: “%s” cannot be computed"), rule);
        return when;
      }
    }
}

/**
 * vigie_deferral_compute:
 * @rule: a deferral rule: "+2h", "+30min", "08:00" (next occurrence) or
 *   "next-business-day 08:00"
 * @now: the current time, in the client's time zone
 * @error: return location for a #GError
 *
 * Like vigie_deferral_compute_full() with the French public holidays
 * and no opening hours.
 *
 * Returns: (transfer full) (nullable): when the deferred alert fires
 */
GDateTime *
vigie_deferral_compute (const char  *rule,
                              GDateTime   *now,
                              GError     **error)
{
  return vigie_deferral_compute_full (rule, now, NULL, VIGIE_HOLIDAYS_FRANCE, error);
}
