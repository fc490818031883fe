/* test-decision-defer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which deferral a rule that forces "defer" brings: its own, else the
 * outcome's, else the next opening or business day; the units of a delay;
 * clock times. (Found by mutation checks: skipping the outcome's
 * deferral, reading "+30 min" as hours, or taking "08:" for 08:00 each
 * passed every other test.)
 */
#include "config.h"

#include <string.h>

#include "vigie-decision.h"
#include "vigie-opening-hours.h"
#include "vigie-script-runner.h"

static VigieDecision *
decide (const char *rule)
{
  g_autofree char *text = g_strdup_printf (
    "{ \"id\": \"t\", \"start\": \"q\", \"timezone\": \"Europe/Paris\",\n"
    "  \"rules\": [ %s ],\n"
    "  \"nodes\": [\n"
    "    { \"id\": \"q\", \"type\": \"yesno\", \"text\": \"Fuite ?\", \"yes\": \"fuite\", \"no\": \"fuite\" },\n"
    "    { \"id\": \"fuite\", \"type\": \"outcome\", \"gravity\": 2, \"decision\": \"trigger\", \"defer\": \"+2h\" }\n"
    "  ] }\n", rule);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load_from_data ("defer.json", text, strlen (text), NULL, &error);
  g_autoptr(VigieScriptRunner) runner = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-01T23:00:00+01:00", NULL);
  VigieDecisionFacts facts = { 0 };
  VigieDecision *decision;

  g_assert_no_error (error);
  runner = vigie_script_runner_new (script);
  g_assert_true (vigie_script_runner_answer_value (runner, "yes", &error));
  g_assert_no_error (error);
  facts.now = now;
  decision = vigie_decision_evaluate (runner, &facts, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigie_decision_get_recommended (decision), ==, VIGIE_DECISION_DEFER);
  return decision;
}

static void
assert_until (VigieDecision *decision,
              const char    *expected)
{
  g_autofree char *text = g_date_time_format (vigie_decision_get_defer_until (decision), "%Y-%m-%d %H:%M %z");

  g_assert_cmpstr (text, ==, expected);
}

static void
test_outcome_deferral (void)
{
  g_autoptr(VigieDecision) decision = decide ("{ \"id\": \"nuit\", \"force\": \"defer\" }");

  /* The outcome's "+2h", not the next business day. */
  assert_until (decision, "2026-12-02 01:00 +0100");
}

static void
test_rule_deferral (void)
{
  g_autoptr(VigieDecision) decision = decide ("{ \"id\": \"nuit\", \"force\": \"defer\", \"defer\": \"08:00\" }");

  assert_until (decision, "2026-12-02 08:00 +0100");
}

/* Each unit of a delay means what it says. */
static void
test_delay_units (void)
{
  g_autoptr(VigieDecision) minutes = decide ("{ \"id\": \"nuit\", \"force\": \"defer\", \"defer\": \"+30 min\" }");
  g_autoptr(VigieDecision) days = decide ("{ \"id\": \"nuit\", \"force\": \"defer\", \"defer\": \"+1 d\" }");

  assert_until (minutes, "2026-12-01 23:30 +0100");
  assert_until (days, "2026-12-02 23:00 +0100");
}

/* Clock times as designers type them; "08:" is a typo, not 08:00. */
static void
test_clock_times (void)
{
  static const struct { const char *text; gboolean ok; int hour, minute; } cases[] = {
    { "08:00", TRUE, 8, 0 }, { "8h30", TRUE, 8, 30 }, { "08h", TRUE, 8, 0 }, { "24:00", TRUE, 24, 0 },
    { "08:", FALSE }, { "8h3", FALSE }, { "24:30", FALSE }, { "08:60", FALSE }, { "123:00", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int hour = -1, minute = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (vigie_opening_hours_parse_clock (cases[i].text, &hour, &minute), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpint (hour, ==, cases[i].hour);
          g_assert_cmpint (minute, ==, cases[i].minute);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/decision-defer/outcome", test_outcome_deferral);
  g_test_add_func ("/decision-defer/rule", test_rule_deferral);
  g_test_add_func ("/decision-defer/delay-units", test_delay_units);
  g_test_add_func ("/decision-defer/clock-times", test_clock_times);
  return g_test_run ();
}
