/* test-decision.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision engine with injected instants: midnight, weekends, DST
 * changes, French public holidays, opening hours, rule order and forcing.
 * No test reads the clock.
 */
#include "config.h"

#include "vigie-decision.h"
#include "vigie-holidays.h"
#include "vigie-script-runner.h"
#include "vigie-test-util.h"

/* One question leading to outcomes of every kind; each test brings its
 * own rules. Opening hours: weekdays 08:00-12:00 and 13:30-18:00,
 * Saturday morning. */
static const char script_head[] =
  "{\n"
  "  \"id\": \"test\",\n"
  "  \"start\": \"q\",\n"
  ;
static const char script_middle[] =
  "  \"opening_hours\": { \"mon-fri\": [\"08:00-12:00\", \"13:30-18:00\"], \"sat\": \"09:00-12:00\" },\n"
  "  \"rules\": [ "
  ;
static const char script_tail[] =
  " ],\n"
  "  \"nodes\": [\n"
  "    { \"id\": \"q\", \"type\": \"choice\", \"text\": \"Quel problème ?\", \"choices\": [\n"
  "      { \"key\": \"grave\", \"label\": \"Grave\", \"next\": \"grave\" },\n"
  "      { \"key\": \"serieux\", \"label\": \"Sérieux\", \"next\": \"serieux\" },\n"
  "      { \"key\": \"moyen\", \"label\": \"Moyen\", \"next\": \"moyen\" },\n"
  "      { \"key\": \"mineur\", \"label\": \"Mineur\", \"next\": \"mineur\" },\n"
  "      { \"key\": \"matin\", \"label\": \"Matin\", \"next\": \"matin\" },\n"
  "      { \"key\": \"ouvre\", \"label\": \"Jour ouvré\", \"next\": \"ouvre\" },\n"
  "      { \"key\": \"info\", \"label\": \"Info\", \"next\": \"info\" },\n"
  "      { \"key\": \"desc\", \"label\": \"Décrire\", \"next\": \"desc\" }\n"
  "    ] },\n"
  "    { \"id\": \"desc\", \"type\": \"text\", \"text\": \"Décrivez\", \"next\": \"serieux\" },\n"
  "    { \"id\": \"grave\", \"type\": \"outcome\", \"nature\": \"Grave\", \"gravity\": 4, \"decision\": \"trigger\",\n"
  "      \"roster\": \"technique\", \"escalation\": \"immediate\",\n"
  "      \"alert\": \"{caller} ({site}), {company}: {nature} p{priority} g{gravity}, note {note}, {{ok}}\" },\n"
  "    { \"id\": \"serieux\", \"type\": \"outcome\", \"nature\": \"Sérieux\", \"gravity\": 3, \"decision\": \"trigger\",\n"
  "      \"alert\": \"Description : {answer:desc}\" },\n"
  "    { \"id\": \"moyen\", \"type\": \"outcome\", \"gravity\": 2, \"decision\": \"trigger\" },\n"
  "    { \"id\": \"mineur\", \"type\": \"outcome\", \"gravity\": 1, \"decision\": \"defer\", \"defer\": \"+2h\" },\n"
  "    { \"id\": \"matin\", \"type\": \"outcome\", \"gravity\": 2, \"decision\": \"defer\", \"defer\": \"08:00\" },\n"
  "    { \"id\": \"ouvre\", \"type\": \"outcome\", \"gravity\": 2, \"decision\": \"defer\",\n"
  "      \"defer\": \"next business day 08:00\" },\n"
  "    { \"id\": \"info\", \"type\": \"outcome\", \"gravity\": 1, \"decision\": \"log\" }\n"
  "  ]\n"
  "}\n";

static VigieScript *
make_script (const char *root_extra,
             const char *rules)
{
  g_autofree char *text = g_strconcat (script_head, root_extra ? root_extra : "", script_middle,
                                       rules ? rules : "", script_tail, NULL);
  g_autoptr(GError) error = NULL;
  VigieScript *script = vigie_script_load_from_data ("decision.json", text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  return script;
}

static GDateTime *
at (const char *iso)
{
  GDateTime *when = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (when);
  return when;
}

typedef struct
{
  gboolean    vip;
  const char *contract;
  const char *note;
  const char *text_answer;
} Caller;

static VigieDecision *
decide (VigieScript  *script,
        const char   *answer,
        const char   *iso,
        const Caller *caller)
{
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);
  g_autoptr(GDateTime) now = at (iso);
  g_autoptr(GError) error = NULL;
  VigieDecisionFacts facts = { 0 };
  VigieDecision *decision;

  g_assert_true (vigie_script_runner_answer_value (runner, answer, &error));
  g_assert_no_error (error);
  if (!vigie_script_runner_is_finished (runner))
    {
      g_assert_true (vigie_script_runner_answer_value (runner, caller ? caller->text_answer : "", &error));
      g_assert_no_error (error);
    }

  facts.now = now;
  if (caller)
    {
      facts.vip = caller->vip;
      facts.contract = caller->contract;
      facts.note = caller->note;
    }
  decision = vigie_decision_evaluate (runner, &facts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decision);
  return decision;
}

static void
assert_fired (VigieDecision *decision,
              const char    *expected)
{
  g_autofree char *joined = g_strjoinv (",", (char **) vigie_decision_get_fired_rules (decision));

  g_assert_cmpstr (joined, ==, expected);
}

static void
assert_defer_until (VigieDecision *decision,
                    const char    *expected_local)
{
  g_autofree char *text = NULL;

  g_assert_cmpint (vigie_decision_get_recommended (decision), ==, VIGIE_DECISION_DEFER);
  g_assert_nonnull (vigie_decision_get_defer_until (decision));
  text = g_date_time_format (vigie_decision_get_defer_until (decision), "%Y-%m-%d %H:%M %z");
  g_assert_cmpstr (text, ==, expected_local);
}

static void
test_no_rules (void)
{
  g_autoptr(VigieScript) script = make_script (NULL, NULL);
  g_autoptr(VigieDecision) decision = decide (script, "grave", "2026-01-07T15:00:00+01:00", NULL);
  const char * const *why = vigie_decision_get_explanation (decision);

  g_assert_cmpint (vigie_decision_get_recommended (decision), ==, VIGIE_DECISION_TRIGGER);
  g_assert_cmpint (vigie_decision_get_gravity (decision), ==, 4);
  g_assert_cmpint (vigie_decision_get_priority (decision), ==, 4);
  g_assert_cmpstr (vigie_decision_get_outcome_id (decision), ==, "grave");
  g_assert_cmpstr (vigie_decision_get_roster (decision), ==, "technique");
  g_assert_cmpstr (vigie_decision_get_escalation (decision), ==, "immediate");
  assert_fired (decision, "");
  g_assert_cmpuint (g_strv_length ((char **) why), ==, 2);
  g_assert_true (g_str_has_prefix (why[0], "Outcome: Grave, gravity 4, recommends “Trigger now”"));
  g_assert_cmpstr (why[1], ==, "At Wed 2026-01-07 15:00 CET (Europe/Paris), within opening hours");
}

/* The issue's own example: a VIP with gravity 3 or more always triggers. */
static void
test_vip_forcing (void)
{
  g_autoptr(VigieScript) script =
    make_script (NULL,
                 "{ \"id\": \"vip\", \"when\": { \"vip\": true, \"gravity_at_least\": 3 },"
                 "  \"priority\": 1, \"force\": \"trigger\", \"final\": true },"
                 "{ \"id\": \"tout-consigner\", \"force\": \"log\" }");
  Caller vip = { TRUE, "Gold 24/7", NULL, NULL };
  Caller plain = { FALSE, "Gold 24/7", NULL, NULL };
  g_autoptr(VigieDecision) vip_serious = decide (script, "serieux", "2026-01-07T23:00:00+01:00", &vip);
  g_autoptr(VigieDecision) plain_serious = decide (script, "serieux", "2026-01-07T23:00:00+01:00", &plain);
  g_autoptr(VigieDecision) vip_minor = decide (script, "moyen", "2026-01-07T23:00:00+01:00", &vip);

  g_assert_cmpint (vigie_decision_get_recommended (vip_serious), ==, VIGIE_DECISION_TRIGGER);
  g_assert_cmpint (vigie_decision_get_priority (vip_serious), ==, 4);
  assert_fired (vip_serious, "vip"); /* final: the log-everything rule never ran */

  g_assert_cmpint (vigie_decision_get_recommended (plain_serious), ==, VIGIE_DECISION_LOG);
  assert_fired (plain_serious, "tout-consigner");

  g_assert_cmpint (vigie_decision_get_recommended (vip_minor), ==, VIGIE_DECISION_LOG);
  assert_fired (vip_minor, "tout-consigner");
}

/* Rules apply in file order; a later force wins; conditions see the
 * decision and priority as earlier rules left them. */
static void
test_rule_order (void)
{
  g_autoptr(VigieScript) defer_then_log =
    make_script (NULL,
                 "{ \"id\": \"a\", \"force\": \"defer\", \"defer\": \"+1h\" },"
                 "{ \"id\": \"b\", \"force\": \"log\" }");
  g_autoptr(VigieScript) log_then_defer =
    make_script (NULL,
                 "{ \"id\": \"b\", \"force\": \"log\" },"
                 "{ \"id\": \"a\", \"force\": \"defer\", \"defer\": \"+1h\" }");
  g_autoptr(VigieScript) chained =
    make_script (NULL,
                 "{ \"id\": \"differer\", \"force\": \"defer\", \"defer\": \"+1h\" },"
                 "{ \"id\": \"si-differe\", \"when\": { \"decision\": \"defer\" }, \"priority\": 1 },"
                 "{ \"id\": \"si-declenche\", \"when\": { \"decision\": \"trigger\" }, \"priority\": 1 },"
                 "{ \"id\": \"si-prioritaire\", \"when\": { \"priority_at_least\": 4 }, \"force\": \"trigger\" }");
  g_autoptr(VigieDecision) d1 = decide (defer_then_log, "grave", "2026-01-07T15:00:00+01:00", NULL);
  g_autoptr(VigieDecision) d2 = decide (log_then_defer, "grave", "2026-01-07T15:00:00+01:00", NULL);
  g_autoptr(VigieDecision) d3 = decide (chained, "serieux", "2026-01-07T15:00:00+01:00", NULL);
  const char * const *why;

  g_assert_cmpint (vigie_decision_get_recommended (d1), ==, VIGIE_DECISION_LOG);
  g_assert_null (vigie_decision_get_defer_until (d1));
  assert_fired (d1, "a,b");

  assert_defer_until (d2, "2026-01-07 16:00 +0100");
  assert_fired (d2, "b,a");

  /* gravity 3: deferred, +1 → 4, then forced back to trigger at 4. */
  g_assert_cmpint (vigie_decision_get_recommended (d3), ==, VIGIE_DECISION_TRIGGER);
  g_assert_cmpint (vigie_decision_get_priority (d3), ==, 4);
  assert_fired (d3, "differer,si-differe,si-prioritaire");

  why = vigie_decision_get_explanation (d3);
  g_assert_cmpuint (g_strv_length ((char **) why), ==, 5);
  g_assert_true (g_str_has_prefix (why[0], "Outcome: Sérieux, gravity 3"));
  g_assert_true (g_str_has_prefix (why[1], "At "));
  g_assert_cmpstr (why[2], ==, "Rule “differer”: forces “Defer”");
  g_assert_cmpstr (why[3], ==, "Rule “si-differe”: priority +1 (3 → 4)");
  g_assert_cmpstr (why[4], ==, "Rule “si-prioritaire”: forces “Trigger now”");
}

static void
test_priority_bounds (void)
{
  g_autoptr(VigieScript) up =
    make_script (NULL, "{ \"id\": \"p1\", \"priority\": 4 }, { \"id\": \"p2\", \"priority\": 4 }");
  g_autoptr(VigieScript) down = make_script (NULL, "{ \"id\": \"m\", \"priority\": -4 }");
  g_autoptr(VigieDecision) high = decide (up, "moyen", "2026-01-07T15:00:00+01:00", NULL);
  g_autoptr(VigieDecision) low = decide (down, "grave", "2026-01-07T15:00:00+01:00", NULL);

  g_assert_cmpint (vigie_decision_get_priority (high), ==, VIGIE_DECISION_PRIORITY_MAX);
  g_assert_cmpint (vigie_decision_get_priority (low), ==, 1);
  /* Priority is not gravity: the outcome's gravity is what it was. */
  g_assert_cmpint (vigie_decision_get_gravity (low), ==, 4);
}

static gboolean
fires (VigieScript  *script,
       const char   *answer,
       const char   *iso,
       const Caller *caller)
{
  g_autoptr(VigieDecision) decision = decide (script, answer, iso, caller);

  return vigie_decision_get_fired_rules (decision)[0] != NULL;
}

static void
test_keywords (void)
{
  g_autoptr(VigieScript) whole = make_script (NULL, "{ \"id\": \"k\", \"when\": { \"keywords\": [\"gaz\", \"bloqué\", \"porte fermée\"] }, \"priority\": 1 }");
  g_autoptr(VigieScript) prefix = make_script (NULL, "{ \"id\": \"k\", \"when\": { \"keywords\": \"fuite*\" }, \"priority\": 1 }");
  const char *when = "2026-01-07T15:00:00+01:00";
  Caller c = { 0 };

  c.note = "Odeur de GAZ dans l'escalier";
  g_assert_true (fires (whole, "moyen", when, &c));
  c.note = "Tondeuse à gazon en panne";
  g_assert_false (fires (whole, "moyen", when, &c));
  c.note = "Enfant BLOQUE dans la cabine";
  g_assert_true (fires (whole, "moyen", when, &c));
  c.note = "Enfant Bloqué.";
  g_assert_true (fires (whole, "moyen", when, &c));
  c.note = "La porte  fermée"; /* two spaces: not the phrase */
  g_assert_false (fires (whole, "moyen", when, &c));
  c.note = "porte fermée à clé";
  g_assert_true (fires (whole, "moyen", when, &c));
  c.note = NULL;
  g_assert_false (fires (whole, "moyen", when, &c));

  /* The answers count too: a free-text answer and the choice labels. */
  c.text_answer = "ça sent le gaz";
  g_assert_true (fires (whole, "desc", when, &c));

  c.text_answer = NULL;
  c.note = "Fuites au plafond";
  g_assert_true (fires (prefix, "moyen", when, &c));
  c.note = "Une fuite";
  g_assert_true (fires (prefix, "moyen", when, &c));
  c.note = "Refuite"; /* a word prefix, not any substring */
  g_assert_false (fires (prefix, "moyen", when, &c));
}

static void
test_contract (void)
{
  g_autoptr(VigieScript) script =
    make_script (NULL, "{ \"id\": \"std\", \"when\": { \"contract\": [\"Standard\", \"Élu\"] }, \"priority\": 1 }");
  const char *when = "2026-01-07T15:00:00+01:00";
  Caller c = { 0 };

  c.contract = "Standard : heures ouvrées";
  g_assert_true (fires (script, "moyen", when, &c));
  c.contract = "STANDARD";
  g_assert_true (fires (script, "moyen", when, &c));
  c.contract = "Élu d'astreinte";
  g_assert_true (fires (script, "moyen", when, &c));
  c.contract = "Gold 24/7";
  g_assert_false (fires (script, "moyen", when, &c));
  c.contract = "Standardiste";
  g_assert_false (fires (script, "moyen", when, &c));
  c.contract = NULL;
  g_assert_false (fires (script, "moyen", when, &c));
}

/* A window across midnight: 22:00 included, 07:00 excluded. */
static void
test_midnight (void)
{
  g_autoptr(VigieScript) script =
    make_script (NULL, "{ \"id\": \"nuit\", \"when\": { \"time\": \"22:00-07:00\" }, \"priority\": -1 }");

  g_assert_false (fires (script, "moyen", "2026-01-07T21:59:00+01:00", NULL));
  g_assert_true (fires (script, "moyen", "2026-01-07T22:00:00+01:00", NULL));
  g_assert_true (fires (script, "moyen", "2026-01-07T23:59:59+01:00", NULL));
  g_assert_true (fires (script, "moyen", "2026-01-08T00:00:00+01:00", NULL));
  g_assert_true (fires (script, "moyen", "2026-01-08T06:59:00+01:00", NULL));
  g_assert_false (fires (script, "moyen", "2026-01-08T07:00:00+01:00", NULL));
}

static void
test_weekend_and_days (void)
{
  g_autoptr(VigieScript) weekend = make_script (NULL, "{ \"id\": \"we\", \"when\": { \"weekend\": true }, \"priority\": 1 }");
  g_autoptr(VigieScript) days = make_script (NULL, "{ \"id\": \"d\", \"when\": { \"days\": [\"fri-sun\"] }, \"priority\": 1 }");

  g_assert_false (fires (weekend, "moyen", "2026-01-09T23:59:00+01:00", NULL)); /* Friday */
  g_assert_true (fires (weekend, "moyen", "2026-01-10T00:00:00+01:00", NULL));  /* Saturday */
  g_assert_true (fires (weekend, "moyen", "2026-01-11T23:59:00+01:00", NULL));  /* Sunday */
  g_assert_false (fires (weekend, "moyen", "2026-01-12T00:00:00+01:00", NULL)); /* Monday */

  g_assert_false (fires (days, "moyen", "2026-01-08T12:00:00+01:00", NULL));    /* Thursday */
  g_assert_true (fires (days, "moyen", "2026-01-09T12:00:00+01:00", NULL));
  g_assert_true (fires (days, "moyen", "2026-01-11T12:00:00+01:00", NULL));
  g_assert_false (fires (days, "moyen", "2026-01-12T12:00:00+01:00", NULL));
}

static void
test_holidays (void)
{
  g_autoptr(VigieScript) france = make_script (NULL, "{ \"id\": \"ferie\", \"when\": { \"holiday\": true }, \"priority\": 1 }");
  g_autoptr(VigieScript) alsace = make_script ("\"holidays\": \"alsace-moselle\",",
                                               "{ \"id\": \"ferie\", \"when\": { \"holiday\": true }, \"priority\": 1 }");
  int month, day;

  vigie_holidays_easter (2026, &month, &day);
  g_assert_cmpint (month, ==, 4);
  g_assert_cmpint (day, ==, 5);

  g_assert_true (fires (france, "moyen", "2026-04-06T10:00:00+02:00", NULL));  /* Easter Monday */
  g_assert_true (fires (france, "moyen", "2026-05-14T10:00:00+02:00", NULL));  /* Ascension */
  g_assert_true (fires (france, "moyen", "2026-05-25T10:00:00+02:00", NULL));  /* Whit Monday */
  g_assert_true (fires (france, "moyen", "2026-07-14T23:30:00+02:00", NULL));
  g_assert_false (fires (france, "moyen", "2026-07-15T00:30:00+02:00", NULL));
  /* 14 July 23:30 UTC is already the 15th in Paris. */
  g_assert_false (fires (france, "moyen", "2026-07-14T23:30:00Z", NULL));
  g_assert_false (fires (france, "moyen", "2026-04-03T10:00:00+02:00", NULL)); /* Good Friday */
  g_assert_false (fires (france, "moyen", "2026-12-26T10:00:00+01:00", NULL));

  g_assert_true (fires (alsace, "moyen", "2026-04-03T10:00:00+02:00", NULL));
  g_assert_true (fires (alsace, "moyen", "2026-12-26T10:00:00+01:00", NULL));
}

static void
test_defer_business_day (void)
{
  g_autoptr(VigieScript) script = make_script (NULL, NULL);
  g_autoptr(VigieDecision) ascension = decide (script, "ouvre", "2026-05-13T20:00:00+02:00", NULL);
  g_autoptr(VigieDecision) christmas = decide (script, "ouvre", "2026-12-24T20:00:00+01:00", NULL);
  g_autoptr(VigieDecision) weekend = decide (script, "ouvre", "2026-07-10T20:00:00+02:00", NULL);
  g_autoptr(VigieDecision) new_year = decide (script, "ouvre", "2026-12-31T23:59:00+01:00", NULL);
  g_autoptr(VigieDecision) morning = decide (script, "matin", "2026-01-07T07:30:00+01:00", NULL);
  g_autoptr(VigieDecision) evening = decide (script, "matin", "2026-01-07T08:00:00+01:00", NULL);
  const char * const *why = vigie_decision_get_explanation (christmas);

  assert_defer_until (ascension, "2026-05-15 08:00 +0200");
  assert_defer_until (christmas, "2026-12-28 08:00 +0100");
  assert_defer_until (weekend, "2026-07-13 08:00 +0200");
  assert_defer_until (new_year, "2027-01-04 08:00 +0100");
  assert_defer_until (morning, "2026-01-07 08:00 +0100");
  assert_defer_until (evening, "2026-01-08 08:00 +0100");

  g_assert_cmpstr (why[1], ==, "At Thu 2026-12-24 20:00 CET (Europe/Paris), outside opening hours");
  g_assert_cmpstr (why[2], ==, "Deferred until Mon 2026-12-28 08:00 CET (next business day at 08:00)");
}

static void
test_defer_next_opening (void)
{
  g_autoptr(VigieScript) script =
    make_script (NULL,
                 "{ \"id\": \"standard\", \"when\": { \"contract\": \"Standard\", \"open\": false },"
                 "  \"force\": \"defer\", \"defer\": \"next opening hours\" }");
  Caller standard = { FALSE, "Standard : heures ouvrées", NULL, NULL };
  g_autoptr(VigieDecision) friday = decide (script, "moyen", "2026-01-09T18:30:00+01:00", &standard);
  g_autoptr(VigieDecision) saturday = decide (script, "moyen", "2026-01-10T12:30:00+01:00", &standard);
  g_autoptr(VigieDecision) easter = decide (script, "moyen", "2026-04-05T20:00:00+02:00", &standard);
  g_autoptr(VigieDecision) lunch = decide (script, "moyen", "2026-01-12T12:15:00+01:00", &standard);
  g_autoptr(VigieDecision) open = decide (script, "moyen", "2026-01-12T10:00:00+01:00", &standard);

  assert_defer_until (friday, "2026-01-10 09:00 +0100");
  assert_defer_until (saturday, "2026-01-12 08:00 +0100");
  assert_defer_until (easter, "2026-04-07 08:00 +0200"); /* Easter Monday is closed */
  assert_defer_until (lunch, "2026-01-12 13:30 +0100");
  assert_fired (friday, "standard");

  /* Open: the rule does not apply, the outcome's trigger stands. */
  g_assert_cmpint (vigie_decision_get_recommended (open), ==, VIGIE_DECISION_TRIGGER);
  assert_fired (open, "");
}

/* Last Sunday of March 2026 at 02:00 CET the clocks go to 03:00 CEST; last
 * Sunday of October at 03:00 CEST they go back to 02:00 CET. */
static void
test_dst (void)
{
  g_autoptr(VigieScript) script = make_script (NULL, NULL);
  g_autoptr(VigieScript) night =
    make_script (NULL, "{ \"id\": \"nuit\", \"when\": { \"time\": \"22:00-07:00\" }, \"priority\": -1 }");
  g_autoptr(VigieScript) standard =
    make_script (NULL,
                 "{ \"id\": \"standard\", \"when\": { \"contract\": \"Standard\", \"open\": false },"
                 "  \"force\": \"defer\", \"defer\": \"next-opening\" }");
  Caller std = { FALSE, "Standard", NULL, NULL };
  g_autoptr(VigieDecision) spring = decide (script, "mineur", "2026-03-29T01:30:00+01:00", NULL);
  g_autoptr(VigieDecision) autumn = decide (script, "mineur", "2026-10-25T01:30:00+02:00", NULL);
  g_autoptr(VigieDecision) morning = decide (script, "matin", "2026-03-28T23:00:00+01:00", NULL);
  g_autoptr(VigieDecision) opening = decide (standard, "moyen", "2026-03-28T13:00:00+01:00", &std);
  g_autoptr(GDateTime) spring_at = at ("2026-03-29T01:30:00+01:00");
  g_autoptr(GDateTime) autumn_at = at ("2026-10-25T01:30:00+02:00");

  /* "+2h" is two real hours, whatever the wall clock does. */
  assert_defer_until (spring, "2026-03-29 04:30 +0200");
  g_assert_cmpint (g_date_time_difference (vigie_decision_get_defer_until (spring), spring_at), ==, 2 * G_TIME_SPAN_HOUR);
  assert_defer_until (autumn, "2026-10-25 02:30 +0100");
  g_assert_cmpint (g_date_time_difference (vigie_decision_get_defer_until (autumn), autumn_at), ==, 2 * G_TIME_SPAN_HOUR);

  /* "08:00" is 08:00 on the new wall clock: 06:00 UTC, seven hours later. */
  assert_defer_until (morning, "2026-03-29 08:00 +0200");
  assert_defer_until (opening, "2026-03-30 08:00 +0200");

  /* 05:30 UTC is 06:30 in winter but 07:30 after the change. */
  g_assert_true (fires (night, "moyen", "2026-03-28T05:30:00Z", NULL));
  g_assert_false (fires (night, "moyen", "2026-03-29T05:30:00Z", NULL));
}

static void
test_timezone (void)
{
  g_autoptr(VigieScript) paris =
    make_script (NULL, "{ \"id\": \"nuit\", \"when\": { \"time\": \"22:00-07:00\" }, \"priority\": -1 }");
  g_autoptr(VigieScript) reunion =
    make_script ("\"timezone\": \"Indian/Reunion\",",
                 "{ \"id\": \"nuit\", \"when\": { \"time\": \"22:00-07:00\" }, \"priority\": -1 }");
  g_autoptr(VigieDecision) decision = NULL;

  /* The instant may come in any zone; the rules read the client's. */
  g_assert_true (fires (paris, "moyen", "2026-01-09T21:30:00Z", NULL));
  g_assert_false (fires (paris, "moyen", "2026-01-09T20:30:00Z", NULL));
  g_assert_false (fires (reunion, "moyen", "2026-01-09T17:30:00Z", NULL));
  g_assert_true (fires (reunion, "moyen", "2026-01-09T18:30:00Z", NULL));

  decision = decide (reunion, "matin", "2026-01-09T18:30:00Z", NULL);
  assert_defer_until (decision, "2026-01-10 08:00 +0400");
}

static void
test_alert_text (void)
{
  g_autoptr(VigieScript) script = make_script (NULL, "{ \"id\": \"p\", \"priority\": 1 }");
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);
  g_autoptr(VigieDecision) decision = NULL;
  g_autoptr(VigieDecision) described = NULL;
  g_autoptr(GDateTime) now = at ("2026-01-07T15:00:00+01:00");
  g_autoptr(GError) error = NULL;
  VigieDecisionFacts facts = { 0 };
  Caller c = { FALSE, NULL, NULL, "Eau au plafond, {pas un champ}" };

  g_assert_true (vigie_script_runner_answer_value (runner, "1", &error));
  facts.now = now;
  facts.caller_name = "Claire Moreau";
  facts.company = "Syndic Les Tilleuls";
  decision = vigie_decision_evaluate (runner, &facts, &error);
  g_assert_no_error (error);
  /* Unknown values show as a dash, never as a hole or "(null)". */
  g_assert_cmpstr (vigie_decision_get_alert_text (decision), ==,
                   "Claire Moreau (—), Syndic Les Tilleuls: Grave p5 g4, note —, {ok}");

  /* A quoted answer is copied, braces and all, not re-expanded. */
  described = decide (script, "desc", "2026-01-07T15:00:00+01:00", &c);
  g_assert_cmpstr (vigie_decision_get_alert_text (described), ==,
                   "Description : Eau au plafond, {pas un champ}");
}

static void
test_to_json (void)
{
  g_autoptr(VigieScript) script = make_script (NULL, "{ \"id\": \"p\", \"priority\": 1 }");
  g_autoptr(VigieDecision) decision = decide (script, "mineur", "2026-01-07T15:00:00+01:00", NULL);
  g_autoptr(JsonNode) json = vigie_decision_to_json (decision);
  JsonObject *object = json_node_get_object (json);

  g_assert_cmpint (json_object_get_int_member (object, "priority"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "gravity"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "recommended"), ==, "defer");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "fired_rules"), 0), ==, "p");
  g_assert_true (json_object_has_member (object, "defer_until"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/decision/no-rules", test_no_rules);
  g_test_add_func ("/decision/vip-forcing", test_vip_forcing);
  g_test_add_func ("/decision/rule-order", test_rule_order);
  g_test_add_func ("/decision/priority-bounds", test_priority_bounds);
  g_test_add_func ("/decision/keywords", test_keywords);
  g_test_add_func ("/decision/contract", test_contract);
  g_test_add_func ("/decision/midnight", test_midnight);
  g_test_add_func ("/decision/weekend-and-days", test_weekend_and_days);
  g_test_add_func ("/decision/holidays", test_holidays);
  g_test_add_func ("/decision/defer-business-day", test_defer_business_day);
  g_test_add_func ("/decision/defer-next-opening", test_defer_next_opening);
  g_test_add_func ("/decision/dst", test_dst);
  g_test_add_func ("/decision/timezone", test_timezone);
  g_test_add_func ("/decision/alert-text", test_alert_text);
  g_test_add_func ("/decision/to-json", test_to_json);

  return g_test_run ();
}
