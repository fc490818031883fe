/* test-aftercare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the operator records after a call (issue 16), at its edges, through
 * the core: a typed "02:40" is today's when it is exactly 02:40 now; an
 * intervention must end after it starts, not more than a minute in the
 * future, and may start in the call's own minute but not the one before;
 * satisfaction is 1 to 5. Nothing refused is journaled. Mutation checks
 * found these edges unguarded (the binary test checks one far case each).
 */
#include "config.h"

#include "vigie-context.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"

typedef struct {
  char         *data_dir;
  VigieContext *context;
  VigieCall    *call;
} Desk;

static void
desk_open (Desk *desk)
{
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  desk->data_dir = vigie_test_make_data_dir (NULL);
  desk->context = vigie_context_new (desk->data_dir, &error);
  g_assert_no_error (error);
  /* Hébergix, in Europe/Paris. */
  desk->call = vigie_context_open_call (desk->context, "+33 6 98 76 54 32", "0800 300 400", "after-1", &error);
  g_assert_no_error (error);
}

static void
desk_close (Desk *desk)
{
  g_clear_object (&desk->call);
  g_clear_object (&desk->context);
  g_clear_pointer (&desk->data_dir, g_free);
}

static guint
n_events (Desk       *desk,
          const char *kind)
{
  return vigie_test_journal_count (vigie_context_get_journal (desk->context), "after-1", kind, NULL);
}

static void
test_typed_clock (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) now = g_date_time_new (paris, 2026, 11, 28, 2, 40, 0);
  g_autoptr(GDateTime) just_after = g_date_time_new (paris, 2026, 11, 28, 2, 40, 30);
  g_autoptr(GDateTime) before = g_date_time_new (paris, 2026, 11, 28, 2, 39, 59);
  g_autoptr(GError) error = NULL;
  Desk desk = { 0 };
  struct { GDateTime *now; int day; } cases[] = { { now, 28 }, { just_after, 28 }, { before, 27 } };

  desk_open (&desk);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = vigie_call_parse_time (desk.call, "02:40", cases[i].now, &error);
      g_autoptr(GDateTime) local = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (when);
      local = g_date_time_to_timezone (when, paris);
      /* The latest 02:40 at or before now: now itself counts. */
      g_assert_cmpint (g_date_time_get_day_of_month (local), ==, cases[i].day);
      g_assert_cmpint (g_date_time_get_hour (local), ==, 2);
      g_assert_cmpint (g_date_time_get_minute (local), ==, 40);
    }
  desk_close (&desk);
}

static void
test_intervention_edges (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) far_future = g_date_time_add_minutes (now, 5);
  g_autoptr(GDateTime) received = NULL, minute_before = NULL, in_the_minute = NULL, later = NULL;
  g_autoptr(GError) error = NULL;
  Desk desk = { 0 };

  desk_open (&desk);
  received = g_date_time_ref (vigie_call_get_received_at (desk.call));
  minute_before = g_date_time_add_seconds (received, -60);
  in_the_minute = g_date_time_add_seconds (received, -59);
  later = g_date_time_add_seconds (received, 30);

  /* Ends when it starts: no intervention. */
  g_assert_false (vigie_call_record_intervention (desk.call, later, later, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Ends five minutes from now: beyond the minute of grace. */
  g_assert_false (vigie_call_record_intervention (desk.call, later, far_future, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* A whole minute before the call: before it. */
  g_assert_false (vigie_call_record_intervention (desk.call, minute_before, later, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (n_events (&desk, "intervention-started"), ==, 0);
  g_assert_cmpuint (n_events (&desk, "intervention-ended"), ==, 0);

  /* Typed to the minute, the call's own minute is fine. */
  g_assert_true (vigie_call_record_intervention (desk.call, in_the_minute, later, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events (&desk, "intervention-started"), ==, 1);
  g_assert_cmpuint (n_events (&desk, "intervention-ended"), ==, 1);
  g_assert_cmpuint (vigie_test_journal_count (vigie_context_get_journal (desk.context), "after-1",
                                              "intervention-ended", "\"duration_s\":89"), ==, 1);
  desk_close (&desk);
}

static void
test_satisfaction_edges (void)
{
  g_autoptr(GError) error = NULL;
  Desk desk = { 0 };

  desk_open (&desk);
  for (guint score = 0; score <= 6; score++)
    {
      gboolean ok = vigie_call_record_satisfaction (desk.call, score, &error);

      if (score >= 1 && score <= 5)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          g_assert_false (ok);
          g_clear_error (&error);
        }
    }
  g_assert_cmpuint (n_events (&desk, "satisfaction"), ==, 5);
  g_assert_cmpuint (vigie_test_journal_count (vigie_context_get_journal (desk.context), "after-1",
                                              "satisfaction", "\"score\":6"), ==, 0);
  desk_close (&desk);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/aftercare/typed-clock", test_typed_clock);
  g_test_add_func ("/aftercare/intervention-edges", test_intervention_edges);
  g_test_add_func ("/aftercare/satisfaction-edges", test_satisfaction_edges);

  return g_test_run ();
}
