/* test-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One rule's conditions, each alone, on vigie_rule_matches(): the ranges
 * (gravity, priority), the urgency list and the time window's ends,
 * which no decision test reaches (disabling any of them passed the whole
 * suite).
 */
#include "config.h"

#include "vigie-rules.h"

/* A rule that matches anything, and facts on a Wednesday at noon. */
static void
any_rule (VigieRule      *rule,
          VigieRuleFacts *facts,
          GDateTime      *now)
{
  *rule = (VigieRule) { .vip = -1, .weekend = -1, .holiday = -1, .open = -1, .time_from = -1 };
  *facts = (VigieRuleFacts) { .now = now, .outcome_id = "fuite", .gravity = 3, .priority = 0,
                              .decision = VIGIE_DECISION_TRIGGER };
}

static void
test_gravity_range (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  VigieRule rule;
  VigieRuleFacts facts;

  any_rule (&rule, &facts, now);
  g_assert_true (vigie_rule_matches (&rule, &facts));
  rule.gravity_min = 2;
  rule.gravity_max = 3;
  for (int gravity = 1; gravity <= 4; gravity++)
    {
      facts.gravity = gravity;
      g_assert_cmpint (vigie_rule_matches (&rule, &facts), ==, gravity >= 2 && gravity <= 3);
    }
}

static void
test_priority_range (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  VigieRule rule;
  VigieRuleFacts facts;

  any_rule (&rule, &facts, now);
  rule.priority_min = -2;
  rule.priority_max = 1;
  for (int priority = -4; priority <= 4; priority++)
    {
      facts.priority = priority;
      g_assert_cmpint (vigie_rule_matches (&rule, &facts), ==, priority >= -2 && priority <= 1);
    }
  /* 0 is no bound. */
  rule.priority_min = 0;
  facts.priority = -40;
  g_assert_true (vigie_rule_matches (&rule, &facts));
}

static void
test_urgencies (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  char *urgencies[] = { (char *) "immediate", (char *) "today", NULL };
  VigieRule rule;
  VigieRuleFacts facts;

  any_rule (&rule, &facts, now);
  rule.urgencies = urgencies;
  facts.urgency = "today";
  g_assert_true (vigie_rule_matches (&rule, &facts));
  facts.urgency = "tomorrow";
  g_assert_false (vigie_rule_matches (&rule, &facts));
  /* A call with no urgency does not meet a rule that asks for one. */
  facts.urgency = NULL;
  g_assert_false (vigie_rule_matches (&rule, &facts));
}

static gboolean
matches_at (VigieRule      *rule,
            VigieRuleFacts *facts,
            int             hour,
            int             minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, hour, minute, 0);

  facts->now = now;
  return vigie_rule_matches (rule, facts);
}

/* "08:00-18:00" holds from 08:00 up to, not including, 18:00; a window
 * past midnight likewise. */
static void
test_time_window (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  VigieRule rule;
  VigieRuleFacts facts;

  any_rule (&rule, &facts, now);
  rule.time_from = 8 * 60;
  rule.time_to = 18 * 60;
  g_assert_false (matches_at (&rule, &facts, 7, 59));
  g_assert_true (matches_at (&rule, &facts, 8, 0));
  g_assert_true (matches_at (&rule, &facts, 17, 59));
  g_assert_false (matches_at (&rule, &facts, 18, 0));

  rule.time_from = 22 * 60;
  rule.time_to = 6 * 60;
  g_assert_false (matches_at (&rule, &facts, 21, 59));
  g_assert_true (matches_at (&rule, &facts, 22, 0));
  g_assert_true (matches_at (&rule, &facts, 0, 0));
  g_assert_true (matches_at (&rule, &facts, 5, 59));
  g_assert_false (matches_at (&rule, &facts, 6, 0));
  g_assert_false (matches_at (&rule, &facts, 12, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/gravity-range", test_gravity_range);
  g_test_add_func ("/rules/priority-range", test_priority_range);
  g_test_add_func ("/rules/urgencies", test_urgencies);
  g_test_add_func ("/rules/time-window", test_time_window);

  return g_test_run ();
}
