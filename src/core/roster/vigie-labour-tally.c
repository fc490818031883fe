/* vigie-labour-tally.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The month's tally per person (on-call hours at night, on weekends and
 * holidays, interventions) and the CSV files built from it: fairness
 * across the team and one person's statement.
 */
#define G_LOG_DOMAIN "vigie-labour"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-labour-private.h"


/**
 * vigie_labour_month_bounds:
 * @roster: the roster, for its time zone
 * @year: year
 * @month: 1 to 12
 * @from: (out) (transfer full): the first local midnight of the month
 * @to: (out) (transfer full): the first of the next month
 */
void
vigie_labour_month_bounds (VigieRoster  *roster,
                           int           year,
                           int           month,
                           GDateTime   **from,
                           GDateTime   **to)
{
  GTimeZone *tz = vigie_roster_get_timezone (roster);

  *from = g_date_time_new (tz, year, month, 1, 0, 0, 0);
  *to = month == 12 ? g_date_time_new (tz, year + 1, 1, 1, 0, 0, 0)
                    : g_date_time_new (tz, year, month + 1, 1, 0, 0, 0);
}

typedef struct {
  double night;
  double weekend;
  double holiday;
} Breakdown;

/* Splits [s, e) by local day: hours at night, on weekends, on holidays;
 * and marks the nights, weekends and holidays touched. */
static void
breakdown (VigieRoster *roster,
           gint64       s,
           gint64       e,
           Breakdown   *out,
           GHashTable  *nights,
           GHashTable  *weekends,
           GHashTable  *holidays)
{
  int ns, ne;
  GDate day, last, first;

  vigie_roster_get_night (roster, &ns, &ne);
  _vigie_labour_local_date (roster, s, &day);
  first = day;
  _vigie_labour_local_date (roster, e - 1, &last);
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      GDate next = day;
      gint64 a, b, piece;
      GDateWeekday wd = g_date_get_weekday (&day);

      g_date_add_days (&next, 1);
      a = _vigie_labour_local_midnight (roster, &day, 0);
      b = _vigie_labour_local_midnight (roster, &next, 0);
      piece = _vigie_labour_overlap (s, e, a, b);
      if (piece == 0)
        continue;
      if (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
        {
          GDate sat = day;

          if (wd == G_DATE_SUNDAY)
            g_date_subtract_days (&sat, 1);
          out->weekend += piece / 3600.0;
          g_hash_table_add (weekends, GUINT_TO_POINTER (g_date_get_julian (&sat)));
        }
      if (_vigie_labour_is_holiday_date (roster, &day))
        {
          out->holiday += piece / 3600.0;
          g_hash_table_add (holidays, GUINT_TO_POINTER (g_date_get_julian (&day)));
        }

      /* Tonight's window, which may run into tomorrow; last night's tail
       * was counted with yesterday. */
      {
        gint64 n_start = _vigie_labour_local_midnight (roster, &day, ns);
        gint64 n_end = ns > ne ? _vigie_labour_local_midnight (roster, &next, ne) : _vigie_labour_local_midnight (roster, &day, ne);
        gint64 tonight = _vigie_labour_overlap (s, e, n_start, n_end);

        if (ns > ne && g_date_compare (&day, &first) == 0)
          out->night += _vigie_labour_overlap (s, e, a, _vigie_labour_local_midnight (roster, &day, ne)) / 3600.0;
        out->night += tonight / 3600.0;
        /* A night counts once the person covered at least half of it. */
        if (tonight > 0 && tonight * 2 >= n_end - n_start)
          g_hash_table_add (nights, GUINT_TO_POINTER (g_date_get_julian (&day)));
      }
    }
}

/**
 * vigie_labour_tally:
 * @roster: the roster
 * @interventions: (element-type VigieIntervention) (nullable): interventions
 * @from: start of the period
 * @to: end of the period
 *
 * Returns: (transfer full) (element-type VigieLabourTally): one tally per person
 */
GPtrArray *
vigie_labour_tally (VigieRoster *roster,
                    GPtrArray   *interventions,
                    GDateTime   *from,
                    GDateTime   *to)
{
  GPtrArray *tallies = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_labour_tally_free);
  g_autoptr(GPtrArray) timeline = vigie_roster_timeline (roster, from, to);
  GPtrArray *people = vigie_roster_get_people (roster);
  gint64 f = g_date_time_to_unix (from);
  gint64 t = g_date_time_to_unix (to);

  for (guint i = 0; i < people->len; i++)
    {
      const VigieRosterPerson *person = g_ptr_array_index (people, i);
      VigieLabourTally *tally = g_new0 (VigieLabourTally, 1);
      g_autoptr(GHashTable) nights = g_hash_table_new (g_direct_hash, g_direct_equal);
      g_autoptr(GHashTable) weekends = g_hash_table_new (g_direct_hash, g_direct_equal);
      g_autoptr(GHashTable) holidays = g_hash_table_new (g_direct_hash, g_direct_equal);
      Breakdown b = { 0 };

      tally->person_id = g_strdup (person->id);
      tally->name = g_strdup (person->name);
      for (guint j = 0; j < timeline->len; j++)
        {
          VigieShift *shift = g_ptr_array_index (timeline, j);
          gint64 s = g_date_time_to_unix (shift->start);
          gint64 e = g_date_time_to_unix (shift->end);

          if (g_strcmp0 (shift->person_id, person->id) != 0)
            continue;
          tally->n_shifts++;
          tally->oncall_hours += (e - s) / 3600.0;
          breakdown (roster, s, e, &b, nights, weekends, holidays);
        }
      for (guint j = 0; interventions && j < interventions->len; j++)
        {
          VigieIntervention *item = g_ptr_array_index (interventions, j);
          gint64 piece;

          if (g_strcmp0 (item->person_id, person->id) != 0)
            continue;
          piece = _vigie_labour_overlap (g_date_time_to_unix (item->start), g_date_time_to_unix (item->end), f, t);
          if (piece == 0)
            continue;
          tally->n_interventions++;
          tally->intervention_hours += piece / 3600.0;
        }
      tally->night_hours = b.night;
      tally->weekend_hours = b.weekend;
      tally->holiday_hours = b.holiday;
      tally->nights = g_hash_table_size (nights);
      tally->weekends = g_hash_table_size (weekends);
      tally->holidays = g_hash_table_size (holidays);
      g_ptr_array_add (tallies, tally);
    }
  return tallies;
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (text && strpbrk (text, ",\"\n"))
    {
      g_autoptr(GString) quoted = g_string_new (text);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (out, "\"%s\"", quoted->str);
    }
  else
    g_string_append (out, text ? text : "");
}

static void
csv_row (GString *out,
         ...)
{
  va_list args;
  const char *field;
  gboolean first = TRUE;

  va_start (args, out);
  while ((field = va_arg (args, const char *)) != (const char *) 1)
    {
      if (!first)
        g_string_append_c (out, ',');
      csv_field (out, field);
      first = FALSE;
    }
  va_end (args);
  g_string_append (out, "\r\n");
}

#define END ((const char *) 1)

/* CSV is read by programs: a dot, whatever the locale. */
static char *
hours_text (double hours)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", hours));
}

/**
 * vigie_labour_fairness_csv:
 * @tallies: (element-type VigieLabourTally): from vigie_labour_tally()
 *
 * Returns: (transfer full): the fairness report as CSV (RFC 4180)
 */
char *
vigie_labour_fairness_csv (GPtrArray *tallies)
{
  GString *out = g_string_new (NULL);

  csv_row (out, C_("roster", "Person"), C_("roster", "On-call hours"), C_("roster", "Shifts"), C_("roster", "Nights"), C_("roster", "Weekends"),
           C_("roster", "Public holidays"), C_("roster", "Interventions"), C_("roster", "Intervention hours"), END);
  for (guint i = 0; i < tallies->len; i++)
    {
      VigieLabourTally *t = g_ptr_array_index (tallies, i);
      g_autofree char *h = hours_text (t->oncall_hours);
      g_autofree char *s = g_strdup_printf ("%u", t->n_shifts);
      g_autofree char *n = g_strdup_printf ("%u", t->nights);
      g_autofree char *w = g_strdup_printf ("%u", t->weekends);
      g_autofree char *p = g_strdup_printf ("%u", t->holidays);
      g_autofree char *iv = g_strdup_printf ("%u", t->n_interventions);
      g_autofree char *ih = hours_text (t->intervention_hours);

      csv_row (out, t->name, h, s, n, w, p, iv, ih, END);
    }
  return g_string_free (out, FALSE);
}

/**
 * _vigie_labour_statement_init:
 *
 * Checks the person and the month, then gathers the month's shifts and
 * tallies. Clear with _vigie_labour_statement_clear() in every case.
 */
gboolean
_vigie_labour_statement_init (VigieLabourStatement  *statement,
                              VigieRoster           *roster,
                              const char            *person_id,
                              GPtrArray             *interventions,
                              int                    year,
                              int                    month,
                              GError               **error)
{
  memset (statement, 0, sizeof *statement);
  if (!(statement->person = vigie_roster_find_person (roster, person_id)))
    {
      g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON,
                   C_("roster", "Unknown person “%s”"), person_id ? person_id : "");
      return FALSE;
    }
  if (month < 1 || month > 12)
    {
      g_set_error (error, VIGIE_LABOUR_ERROR, VIGIE_LABOUR_ERROR_INVALID, C_("roster", "The month is 1 to 12"));
      return FALSE;
    }
  vigie_labour_month_bounds (roster, year, month, &statement->from, &statement->to);
  statement->shifts = vigie_roster_person_timeline (roster, person_id, statement->from, statement->to);
  statement->tallies = vigie_labour_tally (roster, interventions, statement->from, statement->to);
  for (guint i = 0; i < statement->tallies->len; i++)
    if (g_str_equal (((VigieLabourTally *) g_ptr_array_index (statement->tallies, i))->person_id, person_id))
      statement->tally = g_ptr_array_index (statement->tallies, i);
  return TRUE;
}

void
_vigie_labour_statement_clear (VigieLabourStatement *statement)
{
  g_clear_pointer (&statement->from, g_date_time_unref);
  g_clear_pointer (&statement->to, g_date_time_unref);
  g_clear_pointer (&statement->shifts, g_ptr_array_unref);
  g_clear_pointer (&statement->tallies, g_ptr_array_unref);
  statement->tally = NULL;
}

/* Whether @item is the person's and overlaps the month. */
gboolean
_vigie_labour_statement_shows (VigieLabourStatement *statement,
                               VigieIntervention    *item)
{
  return g_strcmp0 (item->person_id, statement->person->id) == 0 &&
         g_date_time_compare (item->end, statement->from) > 0 &&
         g_date_time_compare (item->start, statement->to) < 0;
}

static void
csv_intervention (GString           *out,
                  VigieRoster       *roster,
                  VigieIntervention *item)
{
  g_autoptr(GDateTime) ls = g_date_time_to_timezone (item->start, vigie_roster_get_timezone (roster));
  g_autoptr(GDateTime) le = g_date_time_to_timezone (item->end, vigie_roster_get_timezone (roster));
  g_autofree char *s = vigie_roster_format_time (ls);
  g_autofree char *e = vigie_roster_format_time (le);
  g_autofree char *h = hours_text (g_date_time_difference (le, ls) / (double) G_TIME_SPAN_HOUR);

  csv_row (out, C_("roster", "Intervention"), s, e, h, item->call_id, END);
}

/**
 * vigie_labour_statement_csv:
 * @roster: the roster
 * @person_id: the person
 * @interventions: (element-type VigieIntervention) (nullable): interventions
 * @year: year
 * @month: 1 to 12
 * @error: return location for a #GError
 *
 * The monthly statement the employer hands over (astreinte hours and
 * interventions), one line per shift and per intervention, then totals.
 *
 * Returns: (transfer full) (nullable): CSV text
 */
char *
vigie_labour_statement_csv (VigieRoster  *roster,
                            const char   *person_id,
                            GPtrArray    *interventions,
                            int           year,
                            int           month,
                            GError      **error)
{
  VigieLabourStatement statement;
  GString *out;

  if (!_vigie_labour_statement_init (&statement, roster, person_id, interventions, year, month, error))
    {
      _vigie_labour_statement_clear (&statement);
      return NULL;
    }

  out = g_string_new (NULL);
  csv_row (out, C_("roster", "Kind"), C_("roster", "Start"), C_("roster", "End"), C_("roster", "Hours"), C_("roster", "Call"), END);
  for (guint i = 0; i < statement.shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (statement.shifts, i);
      g_autofree char *s = vigie_roster_format_time (shift->start);
      g_autofree char *e = vigie_roster_format_time (shift->end);
      g_autofree char *h = hours_text (g_date_time_difference (shift->end, shift->start) /
                                                    (double) G_TIME_SPAN_HOUR);
      csv_row (out, C_("roster", "On call"), s, e, h, "", END);
    }
  for (guint i = 0; interventions && i < interventions->len; i++)
    if (_vigie_labour_statement_shows (&statement, g_ptr_array_index (interventions, i)))
      csv_intervention (out, roster, g_ptr_array_index (interventions, i));
  if (statement.tally)
    {
      g_autofree char *oc = hours_text (statement.tally->oncall_hours);
      g_autofree char *ih = hours_text (statement.tally->intervention_hours);

      csv_row (out, C_("roster", "Total on call"), "", "", oc, "", END);
      csv_row (out, C_("roster", "Total interventions"), "", "", ih, "", END);
    }
  _vigie_labour_statement_clear (&statement);
  return g_string_free (out, FALSE);
}

