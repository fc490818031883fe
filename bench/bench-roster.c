/* bench-roster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speed of the roster code on the demo rosters: the desk asks "who is on
 * call" during every call and the Rosters page recomputes 14 days and the
 * labour checks on every change. Prints one line per measure.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-escalation.h"
#include "vigie-ical.h"
#include "vigie-labour.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

#define MEASURE(label, n, body)                                                  \
  G_STMT_START {                                                                 \
    double t0 = now_ms ();                                                       \
    for (guint i_ = 0; i_ < (n); i_++)                                           \
      { body; }                                                                  \
    double dt = now_ms () - t0;                                                  \
    g_print ("%-44s %9.3f ms/op  (%u ops, %.0f ms)\n", label, dt / (n), (guint) (n), dt); \
  } G_STMT_END

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("VIGIE_SOURCE_DIR"), "data", "demo", "rosters",
                                            "dupont-maintenance.json", NULL);
  g_autoptr(VigieRoster) roster = vigie_roster_load_file (path, &error);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) from = g_date_time_new (paris, 2026, 12, 1, 0, 0, 0);
  g_autoptr(GDateTime) to14 = g_date_time_add_days (from, 14);
  g_autoptr(GDateTime) to31 = g_date_time_add_days (from, 31);
  g_autoptr(GDateTime) to365 = g_date_time_add_days (from, 365);
  g_autoptr(GPtrArray) interventions = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_intervention_free);
  g_autofree char *ics = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigie-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "journal.sqlite", NULL);
  g_autoptr(VigieEscalation) engine = NULL;
  VigieLabourRules rules;

  if (roster == NULL)
    g_error ("%s", error->message);

  /* A night call-out every other night of the month. */
  for (int d = 0; d < 31; d += 2)
    {
      VigieIntervention *item = g_new0 (VigieIntervention, 1);
      g_autoptr(GDateTime) day = g_date_time_add_days (from, d);

      item->person_id = g_strdup (d % 3 == 0 ? "julien-martin" : "karim-haddad");
      item->start = g_date_time_add_hours (day, 2);
      item->end = g_date_time_add_minutes (item->start, 95);
      g_ptr_array_add (interventions, item);
    }
  vigie_labour_rules_init (&rules);

  MEASURE ("who is on call (one instant)", 100000, {
    g_autoptr(GDateTime) at = g_date_time_add_minutes (from, (int) (i_ % 40000));
    vigie_roster_who (roster, at, NULL, NULL);
  });
  MEASURE ("timeline, 14 days", 2000, {
    g_autoptr(GPtrArray) t = vigie_roster_timeline (roster, from, to14);
  });
  MEASURE ("timeline, 365 days", 20, {
    g_autoptr(GPtrArray) t = vigie_roster_timeline (roster, from, to365);
  });
  MEASURE ("labour checks, 31 days, 4 people", 50, {
    g_autoptr(GPtrArray) w = vigie_labour_check (roster, &rules, interventions, from, to31);
  });
  MEASURE ("fairness tally, 31 days", 200, {
    g_autoptr(GPtrArray) t = vigie_labour_tally (roster, interventions, from, to31);
  });
  MEASURE ("iCalendar export, 31 days", 200, {
    g_free (ics);
    ics = vigie_ical_export (roster, NULL, from, to31, from, NULL);
  });
  MEASURE ("iCalendar import, 31 days", 200, {
    g_autoptr(VigieRoster) copy = vigie_roster_copy (roster);
    g_autoptr(GPtrArray) slots = vigie_ical_import (copy, ics, from, to31, NULL, NULL);
  });

  engine = vigie_escalation_open (db, NULL, &error);
  if (engine == NULL)
    g_error ("%s", error->message);
  MEASURE ("escalation start (SQLite, fsync)", 200, {
    g_autofree char *id = g_strdup_printf ("alert-%u", i_);
    vigie_escalation_start (engine, id, roster, NULL, VIGIE_ESCALATION_START_NONE, from, NULL);
  });
  MEASURE ("escalation run_due, 200 running alerts", 1, {
    vigie_escalation_run_due (engine, from, NULL);
  });

  g_clear_object (&engine);
  g_remove (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
  return 0;
}
