/* vigie-labour.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * French labour-law checks on on-call rosters (see docs/labour-rules.md).
 * On-call time without intervention is rest (L3121-10); work is the
 * person's regular hours plus interventions, travel included. Rest is the
 * time between two pieces of work, so an intervention in the night splits
 * the rest in two and a full daily rest runs again from its end.
 *
 * These are warnings: nothing here ever refuses a roster change.
 */
#define G_LOG_DOMAIN "vigie-labour"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-labour-private.h"

G_DEFINE_QUARK (vigie-labour-error-quark, vigie_labour_error)


typedef struct {
  gint64 s;
  gint64 e;
  gint64 intervention_end; /* 0 when the span holds no intervention */
} Span;

void
vigie_labour_rules_init (VigieLabourRules *rules)
{
  rules->notice_days = 15;
  rules->notice_min_clear_days = 1;
  rules->daily_rest_hours = 11;
  rules->weekly_rest_hours = 35;
  rules->max_daily_work_hours = 10;
  rules->max_weekly_work_hours = 48;
  rules->max_average_weekly_hours = 44;
  rules->average_weeks = 12;
  rules->max_weekends_per_month = 2;
}

/**
 * vigie_labour_rules_load_json:
 * @rules: rules, already initialised
 * @object: (nullable): thresholds to change, by name (see the struct)
 * @error: return location for a #GError
 *
 * Returns: %FALSE on an unknown name or a value out of range
 */
gboolean
vigie_labour_rules_load_json (VigieLabourRules  *rules,
                              JsonObject        *object,
                              GError           **error)
{
  static const struct { const char *name; gsize offset; guint max; } fields[] = {
    { "notice_days", G_STRUCT_OFFSET (VigieLabourRules, notice_days), 365 },
    { "notice_min_clear_days", G_STRUCT_OFFSET (VigieLabourRules, notice_min_clear_days), 365 },
    { "daily_rest_hours", G_STRUCT_OFFSET (VigieLabourRules, daily_rest_hours), 24 },
    { "weekly_rest_hours", G_STRUCT_OFFSET (VigieLabourRules, weekly_rest_hours), 168 },
    { "max_daily_work_hours", G_STRUCT_OFFSET (VigieLabourRules, max_daily_work_hours), 24 },
    { "max_weekly_work_hours", G_STRUCT_OFFSET (VigieLabourRules, max_weekly_work_hours), 168 },
    { "max_average_weekly_hours", G_STRUCT_OFFSET (VigieLabourRules, max_average_weekly_hours), 168 },
    { "average_weeks", G_STRUCT_OFFSET (VigieLabourRules, average_weeks), 52 },
    { "max_weekends_per_month", G_STRUCT_OFFSET (VigieLabourRules, max_weekends_per_month), 5 },
  };
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (object == NULL)
    return TRUE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          gint64 v;

          if (!g_str_equal (fields[i].name, name))
            continue;
          found = TRUE;
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
              (v = json_node_get_int (value)) < 1 || v > fields[i].max)
            {
              g_set_error (error, VIGIE_LABOUR_ERROR, VIGIE_LABOUR_ERROR_INVALID,
                           _("Labour setting “%s” must be a whole number from 1 to %u"),
                           name, fields[i].max);
              return FALSE;
            }
          G_STRUCT_MEMBER (guint, rules, fields[i].offset) = (guint) v;
        }
      if (!found)
        {
          g_set_error (error, VIGIE_LABOUR_ERROR, VIGIE_LABOUR_ERROR_INVALID,
                       _("Unknown labour setting “%s”"), name);
          return FALSE;
        }
    }
  return TRUE;
}

const char *
vigie_labour_severity_to_string (VigieLabourSeverity severity)
{
  switch (severity)
    {
    case VIGIE_LABOUR_EXCEPTIONAL:   return "exceptional";
    case VIGIE_LABOUR_NON_COMPLIANT: return "non-compliant";
    case VIGIE_LABOUR_WARNING:
    default:                         return "warning";
    }
}

void
vigie_labour_warning_free (VigieLabourWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->rule);
  g_free (warning->article);
  g_free (warning->person_id);
  g_clear_pointer (&warning->start, g_date_time_unref);
  g_clear_pointer (&warning->end, g_date_time_unref);
  g_free (warning->message);
  g_free (warning);
}

void
vigie_labour_tally_free (VigieLabourTally *tally)
{
  if (tally == NULL)
    return;
  g_free (tally->person_id);
  g_free (tally->name);
  g_free (tally);
}

/* Time helpers: unix seconds, local calendar through the roster's zone. */

static GDateTime *
local_time (VigieRoster *roster,
            gint64       t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  return g_date_time_to_timezone (utc, vigie_roster_get_timezone (roster));
}

gint64
_vigie_labour_local_midnight (VigieRoster *roster,
                GDate       *day,
                int          minutes)
{
  g_autoptr(GDateTime) when = g_date_time_new (vigie_roster_get_timezone (roster),
                                               g_date_get_year (day), g_date_get_month (day),
                                               g_date_get_day (day), minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (when);
}

void
_vigie_labour_local_date (VigieRoster *roster,
            gint64       t,
            GDate       *date)
{
  g_autoptr(GDateTime) local = local_time (roster, t);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

static char *
format_local (VigieRoster *roster,
              gint64       t)
{
  g_autoptr(GDateTime) local = local_time (roster, t);
  /* TRANSLATORS: date and time in a labour warning, strftime format */
  return g_date_time_format (local, C_("roster", "%a %d/%m %H:%M"));
}

gboolean
_vigie_labour_is_holiday_date (VigieRoster *roster,
                 GDate       *day)
{
  return vigie_holidays_lookup (g_date_get_year (day), g_date_get_month (day), g_date_get_day (day),
                                vigie_roster_get_holiday_flags (roster)) != NULL;
}

static gint
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a, *y = b;
  return x->s < y->s ? -1 : x->s > y->s;
}

/* Regular hours and interventions of one person, merged, over [from, to). */
/* The person's regular hours on each working day that is no holiday. */
static void
add_regular_hours (GArray                  *raw,
                   VigieRoster             *roster,
                   const VigieRosterPerson *person,
                   gint64                   from,
                   gint64                   to)
{
  GDate day, last;

  if (person->work_start < 0)
    return;
  _vigie_labour_local_date (roster, from, &day);
  _vigie_labour_local_date (roster, to, &last);
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      Span span = { 0 };

      if (!(person->work_days & (1u << g_date_get_weekday (&day))) || _vigie_labour_is_holiday_date (roster, &day))
        continue;
      span.s = _vigie_labour_local_midnight (roster, &day, person->work_start);
      span.e = _vigie_labour_local_midnight (roster, &day, person->work_end);
      g_array_append_val (raw, span);
    }
}

static void
add_interventions (GArray                  *raw,
                   const VigieRosterPerson *person,
                   GPtrArray               *interventions)
{
  for (guint i = 0; interventions && i < interventions->len; i++)
    {
      VigieIntervention *item = g_ptr_array_index (interventions, i);
      Span span;

      if (g_strcmp0 (item->person_id, person->id) != 0)
        continue;
      span.s = g_date_time_to_unix (item->start);
      span.e = g_date_time_to_unix (item->end);
      span.intervention_end = span.e;
      g_array_append_val (raw, span);
    }
}

static GArray *
merge_spans (GArray *raw)
{
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (Span));

  g_array_sort (raw, compare_spans);
  for (guint i = 0; i < raw->len; i++)
    {
      Span *span = &g_array_index (raw, Span, i);
      Span *top = merged->len ? &g_array_index (merged, Span, merged->len - 1) : NULL;

      if (top != NULL && span->s <= top->e)
        {
          top->e = MAX (top->e, span->e);
          top->intervention_end = MAX (top->intervention_end, span->intervention_end);
        }
      else
        g_array_append_val (merged, *span);
    }
  return merged;
}

static GArray *
work_spans (VigieRoster             *roster,
            const VigieRosterPerson *person,
            GPtrArray               *interventions,
            gint64                   from,
            gint64                   to)
{
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (Span));

  add_regular_hours (raw, roster, person, from, to);
  add_interventions (raw, person, interventions);
  return merge_spans (raw);
}

gint64
_vigie_labour_overlap (gint64 a1,
         gint64 a2,
         gint64 b1,
         gint64 b2)
{
  return MAX (0, MIN (a2, b2) - MAX (a1, b1));
}

static void
warn (GPtrArray           *warnings,
      VigieRoster         *roster,
      const char          *rule,
      const char          *article,
      VigieLabourSeverity  severity,
      const char          *person_id,
      gint64               start,
      gint64               end,
      char                *message)
{
  VigieLabourWarning *warning = g_new0 (VigieLabourWarning, 1);

  warning->rule = g_strdup (rule);
  warning->article = g_strdup (article);
  warning->severity = severity;
  warning->person_id = g_strdup (person_id);
  warning->start = local_time (roster, start);
  warning->end = local_time (roster, end);
  warning->message = message;
  g_ptr_array_add (warnings, warning);
}

/* One person's checks over [from, to): where the warnings go and what
 * they are drawn from. */
typedef struct {
  GPtrArray               *warnings;
  VigieRoster             *roster;
  const VigieLabourRules  *rules;
  const VigieRosterPerson *person;
  GArray                  *spans;
  gint64                   from;
  gint64                   to;
} PersonCheck;

/* A warning about the person checked. */
static void
warn_person (const PersonCheck *c,
             const char        *rule,
             const char        *article,
             gint64             start,
             gint64             end,
             char              *message)
{
  warn (c->warnings, c->roster, rule, article, VIGIE_LABOUR_WARNING, c->person->id, start, end, message);
}

static void
check_daily_rest (const PersonCheck *c)
{
  gint64 rest = c->rules->daily_rest_hours * HOUR;
  gint64 max_stretch = (24 - MIN (c->rules->daily_rest_hours, 24u)) * HOUR;
  guint first = 0;

  for (guint i = 0; i < c->spans->len; i++)
    {
      Span *span = &g_array_index (c->spans, Span, i);
      gboolean last = i + 1 == c->spans->len;
      gint64 gap = last ? G_MAXINT64 : g_array_index (c->spans, Span, i + 1).s - span->e;
      gint64 start, end;

      if (gap < rest)
        continue;

      /* [start, end) ran without a full daily rest. */
      start = g_array_index (c->spans, Span, first).s;
      end = span->e;
      if (end - start > max_stretch && _vigie_labour_overlap (start, end, c->from, c->to) > 0)
        {
          g_autofree char *s = format_local (c->roster, start);
          g_autofree char *e = format_local (c->roster, end);
          char *message = NULL;

          for (guint j = first; j < i; j++)
            {
              Span *w = &g_array_index (c->spans, Span, j);

              if (w->intervention_end > 0 && g_array_index (c->spans, Span, j + 1).s - w->e < rest)
                {
                  g_autofree char *ie = format_local (c->roster, w->intervention_end);
                  g_autofree char *resume = format_local (c->roster, w->intervention_end + rest);

                  message = g_strdup_printf (_("%s: no %u consecutive hours of rest between %s and %s. "
                                               "The rest runs again from the end of the intervention "
                                               "(%s): work should not resume before %s."),
                                             c->person->name, c->rules->daily_rest_hours, s, e, ie, resume);
                  break;
                }
            }
          if (message == NULL)
            message = g_strdup_printf (_("%s: no %u consecutive hours of rest between %s and %s."),
                                       c->person->name, c->rules->daily_rest_hours, s, e);
          warn_person (c, "daily-rest", "L3131-1", start, end, message);
        }
      if (!last)
        first = i + 1;
    }
}

static gint64
week_start (VigieRoster *roster,
            gint64       t)
{
  GDate day;

  _vigie_labour_local_date (roster, t, &day);
  g_date_subtract_days (&day, g_date_get_weekday (&day) - 1);
  return _vigie_labour_local_midnight (roster, &day, 0);
}

static gint64
next_week (VigieRoster *roster,
           gint64       monday)
{
  GDate day;

  _vigie_labour_local_date (roster, monday, &day);
  g_date_add_days (&day, 7);
  return _vigie_labour_local_midnight (roster, &day, 0);
}

static gint64
work_between (GArray *spans,
              gint64  a,
              gint64  b)
{
  gint64 total = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = &g_array_index (spans, Span, i);
      total += _vigie_labour_overlap (span->s, span->e, a, b);
    }
  return total;
}

static void
check_weeks (const PersonCheck *c)
{
  for (gint64 w = week_start (c->roster, c->from); w < c->to; w = next_week (c->roster, w))
    {
      gint64 w_end = next_week (c->roster, w);
      gint64 longest = 0;
      gint64 worked = work_between (c->spans, w, w_end);
      gint64 cumulated = 0;
      gint64 a = w;

      /* Weekly rest: the longest rest that starts this week; a rest
       * coming from the week before counts only for its part inside. */
      for (guint i = 0; i <= c->spans->len; i++)
        {
          gint64 gs = i == 0 ? G_MININT64 / 2 : g_array_index (c->spans, Span, i - 1).e;
          gint64 ge = i == c->spans->len ? G_MAXINT64 / 2 : g_array_index (c->spans, Span, i).s;

          if (gs >= w && gs < w_end)
            longest = MAX (longest, ge - gs);
          else
            longest = MAX (longest, _vigie_labour_overlap (gs, ge, w, w_end));
        }

      if (longest < c->rules->weekly_rest_hours * HOUR)
        warn_person (c, "weekly-rest", "L3132-2", w, w_end,
                     g_strdup_printf (_("%s: no weekly rest of %u consecutive hours this week (longest rest: %.1f h)."),
                                      c->person->name, c->rules->weekly_rest_hours, longest / 3600.0));

      if (worked > c->rules->max_weekly_work_hours * HOUR)
        warn_person (c, "weekly-work", "L3121-20", w, w_end,
                     g_strdup_printf (_("%s: %.1f h of work this week, more than %u h."),
                                      c->person->name, worked / 3600.0, c->rules->max_weekly_work_hours));

      for (guint k = 0; k < c->rules->average_weeks; k++)
        {
          GDate day;
          gint64 b;

          _vigie_labour_local_date (c->roster, a, &day);
          if (k > 0)
            g_date_subtract_days (&day, 7);
          a = _vigie_labour_local_midnight (c->roster, &day, 0);
          b = next_week (c->roster, a);
          cumulated += work_between (c->spans, a, b);
        }
      if (cumulated > (gint64) c->rules->max_average_weekly_hours * c->rules->average_weeks * HOUR)
        warn_person (c, "average-work", "L3121-22", w, w_end,
                     g_strdup_printf (_("%s: %.1f h of work a week on average over %u weeks, more than %u h."),
                                      c->person->name, cumulated / 3600.0 / c->rules->average_weeks,
                                      c->rules->average_weeks, c->rules->max_average_weekly_hours));
    }
}

static void
check_days (const PersonCheck *c)
{
  GDate day, last;

  _vigie_labour_local_date (c->roster, c->from, &day);
  _vigie_labour_local_date (c->roster, c->to - 1, &last);
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      gint64 a = _vigie_labour_local_midnight (c->roster, &day, 0);
      GDate next = day;
      gint64 b, worked;

      g_date_add_days (&next, 1);
      b = _vigie_labour_local_midnight (c->roster, &next, 0);
      worked = work_between (c->spans, a, b);
      if (worked > c->rules->max_daily_work_hours * HOUR)
        warn_person (c, "daily-work", "L3121-18", a, b,
                     g_strdup_printf (_("%s: %.1f h of work in the day, more than %u h."),
                                      c->person->name, worked / 3600.0, c->rules->max_daily_work_hours));
    }
}

static void
check_weekends (const PersonCheck *c)
{
  GDate month, last;

  _vigie_labour_local_date (c->roster, c->from, &month);
  g_date_set_day (&month, 1);
  _vigie_labour_local_date (c->roster, c->to - 1, &last);

  for (; g_date_compare (&month, &last) <= 0; g_date_add_months (&month, 1))
    {
      g_autoptr(GDateTime) a = NULL;
      g_autoptr(GDateTime) b = NULL;
      g_autoptr(GPtrArray) shifts = NULL;
      g_autoptr(GHashTable) saturdays = g_hash_table_new (g_direct_hash, g_direct_equal);

      vigie_labour_month_bounds (c->roster, g_date_get_year (&month), g_date_get_month (&month), &a, &b);
      shifts = vigie_roster_person_timeline (c->roster, c->person->id, a, b);
      for (guint i = 0; i < shifts->len; i++)
        {
          VigieShift *shift = g_ptr_array_index (shifts, i);
          gint64 s = g_date_time_to_unix (shift->start);
          gint64 e = g_date_time_to_unix (shift->end);
          GDate d, end_day;

          _vigie_labour_local_date (c->roster, s, &d);
          _vigie_labour_local_date (c->roster, e - 1, &end_day);
          for (; g_date_compare (&d, &end_day) <= 0; g_date_add_days (&d, 1))
            {
              GDateWeekday wd = g_date_get_weekday (&d);

              if (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
                {
                  GDate sat = d;

                  if (wd == G_DATE_SUNDAY)
                    g_date_subtract_days (&sat, 1);
                  g_hash_table_add (saturdays, GUINT_TO_POINTER (g_date_get_julian (&sat)));
                }
            }
        }
      if (g_hash_table_size (saturdays) > c->rules->max_weekends_per_month)
        warn_person (c, "weekends", "L3121-11",
                     g_date_time_to_unix (a), g_date_time_to_unix (b),
                     g_strdup_printf (_("%s: on call %u weekends this month, more than %u."),
                                      c->person->name, g_hash_table_size (saturdays), c->rules->max_weekends_per_month));
    }
}

static int
clear_days_between (VigieRoster *roster,
                    GDateTime   *made,
                    GDateTime   *start)
{
  GDate a, b;

  _vigie_labour_local_date (roster, g_date_time_to_unix (made), &a);
  _vigie_labour_local_date (roster, g_date_time_to_unix (start), &b);
  /* Neither the day of the change nor the day of the shift counts. */
  return g_date_days_between (&a, &b) - 1;
}

/* An override made too late before it starts. */
static void
check_override_notice (GPtrArray              *warnings,
                       VigieRoster            *roster,
                       const VigieLabourRules *rules,
                       VigieOverride          *o,
                       gint64                  from,
                       gint64                  to)
{
  const VigieRosterPerson *person = vigie_roster_find_person (roster, o->person_id);
  gint64 s = g_date_time_to_unix (o->start);
  gint64 e = g_date_time_to_unix (o->end);
  int clear = clear_days_between (roster, o->created_at, o->start);
  g_autofree char *when = format_local (roster, s);

  if (person == NULL || _vigie_labour_overlap (s, e, from, to) == 0)
    return;
  if (clear < (int) rules->notice_min_clear_days)
    warn (warnings, roster, "notice", "L3121-12", VIGIE_LABOUR_NON_COMPLIANT, person->id, s, e,
          g_strdup_printf (_("%s: on call from %s, told less than %u clear day ahead."),
                           person->name, when, rules->notice_min_clear_days));
  else if (g_date_time_difference (o->start, o->created_at) < (GTimeSpan) rules->notice_days * G_TIME_SPAN_DAY)
    warn (warnings, roster, "notice", "L3121-12", VIGIE_LABOUR_EXCEPTIONAL, person->id, s, e,
          g_strdup_printf (_("%s: on call from %s, told less than %u days ahead: an exceptional change."),
                           person->name, when, rules->notice_days));
}

/* The first shift of each person a rotation notified late puts on call. */
static void
check_rotation_notice (GPtrArray              *warnings,
                       VigieRoster            *roster,
                       const VigieLabourRules *rules,
                       VigieRotation          *r,
                       gint64                  from,
                       gint64                  to)
{
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 limit;

  if (r->notified_at == NULL)
    return;
  limit = g_date_time_to_unix (r->notified_at) + rules->notice_days * DAY;
  if (limit <= from)
    return;
  a = g_date_time_new_from_unix_utc (from);
  b = g_date_time_new_from_unix_utc (MIN (to, limit));
  shifts = vigie_roster_timeline (roster, a, b);
  for (guint j = 0; j < shifts->len; j++)
    {
      VigieShift *shift = g_ptr_array_index (shifts, j);
      const VigieRosterPerson *person;
      int clear;
      g_autofree char *when = NULL;

      if (shift->source != VIGIE_SHIFT_ROTATION || g_strcmp0 (shift->source_id, r->id) != 0 ||
          g_hash_table_contains (seen, shift->person_id))
        continue;
      person = vigie_roster_find_person (roster, shift->person_id);
      g_hash_table_add (seen, shift->person_id);
      clear = clear_days_between (roster, r->notified_at, shift->start);
      when = format_local (roster, g_date_time_to_unix (shift->start));
      warn (warnings, roster, "notice", "L3121-12",
            clear < (int) rules->notice_min_clear_days ? VIGIE_LABOUR_NON_COMPLIANT : VIGIE_LABOUR_EXCEPTIONAL,
            person->id, g_date_time_to_unix (shift->start), g_date_time_to_unix (shift->end),
            g_strdup_printf (_("%s: rotation “%s” on call from %s, notified less than %u days ahead."),
                             person->name, r->name, when, rules->notice_days));
    }
}

static void
check_notice (GPtrArray              *warnings,
              VigieRoster            *roster,
              const VigieLabourRules *rules,
              gint64                  from,
              gint64                  to)
{
  GPtrArray *overrides = vigie_roster_get_overrides (roster);
  GPtrArray *rotations = vigie_roster_get_rotations (roster);

  for (guint i = 0; i < overrides->len; i++)
    check_override_notice (warnings, roster, rules, g_ptr_array_index (overrides, i), from, to);
  for (guint i = 0; i < rotations->len; i++)
    check_rotation_notice (warnings, roster, rules, g_ptr_array_index (rotations, i), from, to);
}

static gint
compare_warnings (gconstpointer a,
                  gconstpointer b)
{
  const VigieLabourWarning *x = *(VigieLabourWarning **) a;
  const VigieLabourWarning *y = *(VigieLabourWarning **) b;
  int c = g_date_time_compare (x->start, y->start);

  if (c == 0)
    c = g_strcmp0 (x->person_id, y->person_id);
  if (c == 0)
    c = g_strcmp0 (x->rule, y->rule);
  return c;
}

/**
 * vigie_labour_check:
 * @roster: the roster
 * @rules: the thresholds
 * @interventions: (element-type VigieIntervention) (nullable): the
 *   interventions; for the 12-week average, include those of the 12 weeks
 *   before @from
 * @from: start of the period checked
 * @to: end of the period
 *
 * Returns: (transfer full) (element-type VigieLabourWarning): the
 *   warnings, by start time
 */
GPtrArray *
vigie_labour_check (VigieRoster            *roster,
                    const VigieLabourRules *rules,
                    GPtrArray              *interventions,
                    GDateTime              *from,
                    GDateTime              *to)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_labour_warning_free);
  GPtrArray *people = vigie_roster_get_people (roster);
  gint64 f = g_date_time_to_unix (from);
  gint64 t = g_date_time_to_unix (to);
  gint64 history = (gint64) (rules->average_weeks + 1) * 7 * DAY;

  if (f >= t)
    return warnings;

  for (guint i = 0; i < people->len; i++)
    {
      const VigieRosterPerson *person = g_ptr_array_index (people, i);
      g_autoptr(GArray) spans = work_spans (roster, person, interventions, f - history, t + 8 * DAY);
      PersonCheck check = { warnings, roster, rules, person, spans, f, t };

      check_daily_rest (&check);
      check_days (&check);
      check_weeks (&check);
      check_weekends (&check);
    }
  check_notice (warnings, roster, rules, f, t);

  g_ptr_array_sort (warnings, compare_warnings);
  return warnings;
}

/**
 * vigie_labour_check_store:
 * @store: the rosters and interventions
 * @client_id: the client
 * @from: start of the period
 * @to: end of the period
 * @error: return location for a #GError
 *
 * Runs vigie_labour_check() with the client's own thresholds and the
 * interventions recorded for it.
 *
 * Returns: (transfer full) (nullable) (element-type VigieLabourWarning): the warnings
 */
GPtrArray *
vigie_labour_check_store (VigieRosterStore  *store,
                          const char        *client_id,
                          GDateTime         *from,
                          GDateTime         *to,
                          GError           **error)
{
  VigieLabourRules rules;
  g_autoptr(GPtrArray) interventions = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;
  VigieRoster *roster;

  if (!(roster = vigie_roster_store_lookup (store, client_id, error)))
    return NULL;
  vigie_labour_rules_init (&rules);
  if (!vigie_labour_rules_load_json (&rules, vigie_roster_get_labour_settings (roster), error))
    return NULL;
  since = g_date_time_add_weeks (from, -(int) rules.average_weeks - 1);
  until = g_date_time_add_days (to, 8);
  if (!(interventions = vigie_roster_store_list_interventions (store, client_id, NULL, since, until, error)))
    return NULL;
  return vigie_labour_check (roster, &rules, interventions, from, to);
}

/**
 * vigie_labour_warnings_to_json:
 * @warnings: (element-type VigieLabourWarning): warnings
 *
 * Returns: (transfer full): a JSON array, one object per warning
 */
JsonNode *
vigie_labour_warnings_to_json (GPtrArray *warnings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < warnings->len; i++)
    {
      VigieLabourWarning *w = g_ptr_array_index (warnings, i);
      g_autofree char *start = vigie_roster_format_time (w->start);
      g_autofree char *end = vigie_roster_format_time (w->end);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, w->rule);
      json_builder_set_member_name (builder, "article");
      json_builder_add_string_value (builder, w->article);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, vigie_labour_severity_to_string (w->severity));
      json_builder_set_member_name (builder, "person");
      json_builder_add_string_value (builder, w->person_id);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, end);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, w->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}
