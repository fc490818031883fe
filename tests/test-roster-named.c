/* test-roster-named.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The default team when no named roster is marked "default": the
 * rotations no team claims, or every rotation when each one belongs to a
 * team. (Found by a mutation check: replacing the "all of them" fallback
 * by an empty list passed every other test.)
 */
#include "config.h"

#include "vigie-roster.h"
#include "vigie-test-roster.h"

#define PEOPLE_AND_ROTATIONS \
  " \"people\": [{\"id\": \"alice\", \"name\": \"Alice\"}, {\"id\": \"bruno\", \"name\": \"Bruno\"}," \
  "            {\"id\": \"chloe\", \"name\": \"Chloé\"}]," \
  " \"rotations\": [" \
  "  {\"id\": \"plombiers\", \"layer\": 1, \"start\": \"2026-01-05T08:00:00\", \"members\": [\"alice\"]}," \
  "  {\"id\": \"principale\", \"layer\": 2, \"start\": \"2026-01-05T08:00:00\", \"members\": [\"bruno\"]}," \
  "  {\"id\": \"ascenseurs\", \"layer\": 3, \"start\": \"2026-01-05T08:00:00\", \"members\": [\"chloe\"]}],"

static const char *
default_on_call (VigieRoster *roster)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) night = g_date_time_new (paris, 2026, 12, 1, 23, 0, 0);
  g_autoptr(VigieRoster) fallback = vigie_roster_dup_named (roster, NULL, &error);
  const VigieRosterPerson *who;

  g_assert_no_error (error);
  g_assert_null (vigie_roster_get_roster_id (fallback));
  who = vigie_roster_who (fallback, night, NULL, NULL);
  return who ? g_intern_string (who->id) : NULL;
}

/* Teams for plumbing and lifts, none marked default: the rotation no
 * team claims serves the outcomes that name none, though the lifts'
 * layer is higher. */
static void
test_unclaimed_rotations (void)
{
  g_autoptr(VigieRoster) roster = vigie_test_roster_from (
    "{\"client\": \"dupont\"," PEOPLE_AND_ROTATIONS
    " \"rosters\": ["
    "  {\"id\": \"plomberie\", \"rotations\": [\"plombiers\"]},"
    "  {\"id\": \"ascenseurs\", \"rotations\": [\"ascenseurs\"]}]}");

  g_assert_cmpstr (default_on_call (roster), ==, "bruno");
}

/* Every rotation belongs to a team and none is the default: all of them,
 * the highest layer on call first — never nobody. */
static void
test_every_rotation_claimed (void)
{
  g_autoptr(VigieRoster) roster = vigie_test_roster_from (
    "{\"client\": \"dupont\"," PEOPLE_AND_ROTATIONS
    " \"rosters\": ["
    "  {\"id\": \"plomberie\", \"rotations\": [\"plombiers\"]},"
    "  {\"id\": \"generalistes\", \"rotations\": [\"principale\"]},"
    "  {\"id\": \"ascenseurs\", \"rotations\": [\"ascenseurs\"]}]}");

  g_assert_cmpstr (default_on_call (roster), ==, "chloe");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/roster-named/unclaimed-rotations", test_unclaimed_rotations);
  g_test_add_func ("/roster-named/every-rotation-claimed", test_every_rotation_claimed);
  return g_test_run ();
}
