/* vigie-test-roster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigie-test-roster.h"

/* The roster @json describes; the test fails if it does not load. */
VigieRoster *
vigie_test_roster_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  VigieRoster *roster;

  g_assert_no_error (error);
  roster = vigie_roster_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (roster);
  return roster;
}

/* @iso read on Paris time (unless it names its own offset). */
GDateTime *
vigie_test_at (const char *iso)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  GDateTime *when = g_date_time_new_from_iso8601 (iso, paris);

  g_assert_nonnull (when);
  return when;
}
