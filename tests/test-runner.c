/* test-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigie-decision.h"
#include "vigie-script-runner.h"
#include "vigie-test-util.h"

static VigieScript *
load_demo (const char *name)
{
  g_autofree char *file_name = g_strconcat (name, ".json", NULL);
  /* A frozen copy of the first demo script: the demo keeps evolving. */
  g_autofree char *path = vigie_test_source_path ("tests", "data", "skeleton", file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VigieScript *script = vigie_script_load (file, NULL, &error);

  g_assert_no_error (error);
  return script;
}

static const char *
current_id (VigieScriptRunner *runner)
{
  return vigie_script_runner_get_current (runner)->id;
}

static void
count_cb (VigieScriptRunner *runner,
          guint             *count)
{
  (*count)++;
}

static void
test_navigation (void)
{
  g_autoptr(VigieScript) script = load_demo ("dupont-maintenance");
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  g_signal_connect (runner, "changed", G_CALLBACK (count_cb), &changes);

  g_assert_cmpstr (current_id (runner), ==, "nature");
  g_assert_false (vigie_script_runner_back (runner));
  g_assert_false (vigie_script_runner_is_finished (runner));

  g_assert_true (vigie_script_runner_answer (runner, 0, &error));
  g_assert_cmpstr (current_id (runner), ==, "fuite-active");
  g_assert_true (vigie_script_runner_answer (runner, 0, &error)); /* yes */
  g_assert_cmpstr (current_id (runner), ==, "fuite-electricite");
  g_assert_cmpuint (vigie_script_runner_get_n_steps (runner), ==, 2);
  g_assert_cmpstr (vigie_script_step_get_label (vigie_script_runner_get_step (runner, 1)), ==, "Yes");

  g_assert_true (vigie_script_runner_back (runner));
  g_assert_cmpstr (current_id (runner), ==, "fuite-active");
  g_assert_true (vigie_script_runner_answer (runner, 1, &error)); /* no */
  g_assert_no_error (error);
  g_assert_true (vigie_script_runner_is_finished (runner));
  g_assert_cmpstr (vigie_script_runner_get_outcome (runner)->id, ==, "fuite-arretee");
  g_assert_cmpint (vigie_script_runner_get_outcome (runner)->decision, ==, VIGIE_DECISION_DEFER);

  /* An outcome takes no answer. */
  g_assert_false (vigie_script_runner_answer (runner, 0, &error));
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* Revising the first answer from the breadcrumb. */
  g_assert_true (vigie_script_runner_rewind_to (runner, 0));
  g_assert_cmpstr (current_id (runner), ==, "nature");
  g_assert_cmpuint (vigie_script_runner_get_n_steps (runner), ==, 0);
  g_assert_false (vigie_script_runner_rewind_to (runner, 0));

  /* No such choice: the runner stays put. */
  g_assert_false (vigie_script_runner_answer (runner, 9, &error));
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE);
  g_assert_cmpstr (current_id (runner), ==, "nature");
  g_clear_error (&error);

  /* Gas: an information step, then the outcome. */
  g_assert_true (vigie_script_runner_answer (runner, 3, &error));
  g_assert_cmpint (vigie_script_runner_get_current (runner)->kind, ==, VIGIE_NODE_INFO);
  g_assert_false (vigie_script_runner_answer (runner, 1, &error));
  g_clear_error (&error);
  g_assert_true (vigie_script_runner_answer (runner, 0, &error));
  g_assert_cmpstr (vigie_script_runner_get_outcome (runner)->id, ==, "gaz-grdf");

  g_assert_cmpuint (changes, ==, 7);
}

static GDateTime *
paris (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");

  g_assert_nonnull (tz);
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static void
assert_time (GDateTime  *when,
             const char *expected)
{
  g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M%:z");

  g_assert_cmpstr (iso, ==, expected);
}

static void
test_defer_rules (void)
{
  g_autoptr(GDateTime) friday_night = paris (2026, 11, 27, 23, 10);
  g_autoptr(GDateTime) saturday_dst = paris (2026, 3, 28, 23, 0);
  g_autoptr(GError) error = NULL;
  GDateTime *when;

  when = vigie_deferral_compute ("+2h", friday_night, &error);
  assert_time (when, "2026-11-28T01:10+01:00");
  g_date_time_unref (when);

  when = vigie_deferral_compute ("+30min", friday_night, &error);
  assert_time (when, "2026-11-27T23:40+01:00");
  g_date_time_unref (when);

  /* Next occurrence of 08:00 is tomorrow morning. */
  when = vigie_deferral_compute ("08:00", friday_night, &error);
  assert_time (when, "2026-11-28T08:00+01:00");
  g_date_time_unref (when);

  /* Friday night → Monday, over the weekend. */
  when = vigie_deferral_compute ("next-business-day 08:00", friday_night, &error);
  assert_time (when, "2026-11-30T08:00+01:00");
  g_date_time_unref (when);

  /* Across the spring DST change (29 March 2026): Monday is in summer time. */
  when = vigie_deferral_compute ("next-business-day 08:30", saturday_dst, &error);
  assert_time (when, "2026-03-30T08:30+02:00");
  g_date_time_unref (when);
  g_assert_no_error (error);

  g_assert_null (vigie_deferral_compute ("tomorrow-ish", friday_night, &error));
  g_assert_error (error, VIGIE_DEFERRAL_ERROR, VIGIE_DEFERRAL_ERROR_BAD_RULE);
  g_clear_error (&error);
  g_assert_null (vigie_deferral_compute ("25:00", friday_night, &error));
  g_assert_error (error, VIGIE_DEFERRAL_ERROR, VIGIE_DEFERRAL_ERROR_BAD_RULE);
}

static VigieContact *
make_contact (gboolean vip)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"id\":\"c\",\"last_name\":\"Test\",\"vip\":%s}",
                                           vip ? "true" : "false");
  g_autoptr(VigieJsonDocument) document = vigie_json_document_parse (json, strlen (json), 8, NULL, NULL, &error);
  VigieContact *contact;

  g_assert_no_error (error);
  contact = vigie_contact_new_from_json (vigie_json_document_get_root (document), &error);
  g_assert_no_error (error);
  return contact;
}

static void
test_decision (void)
{
  g_autoptr(VigieScript) script = load_demo ("dupont-maintenance");
  g_autoptr(GDateTime) now = paris (2026, 11, 27, 23, 10);
  g_autoptr(VigieContact) vip = make_contact (TRUE);
  g_autoptr(VigieContact) plain = make_contact (FALSE);
  g_autoptr(GError) error = NULL;
  const VigieScriptNode *grave = vigie_script_lookup (script, "fuite-grave");
  const VigieScriptNode *chauffage = vigie_script_lookup (script, "chauffage-normal");
  const VigieScriptNode *acces = vigie_script_lookup (script, "acces-consigne");
  g_autoptr(VigieDecision) d1 = vigie_decision_recommend (grave, plain, now, &error);
  g_autoptr(VigieDecision) d2 = vigie_decision_recommend (chauffage, plain, now, &error);
  g_autoptr(VigieDecision) d3 = vigie_decision_recommend (acces, vip, now, &error);
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;

  g_assert_no_error (error);

  g_assert_cmpint (vigie_decision_get_recommended (d1), ==, VIGIE_DECISION_TRIGGER);
  g_assert_cmpint (vigie_decision_get_gravity (d1), ==, 4);
  g_assert_null (vigie_decision_get_defer_until (d1));
  g_assert_cmpint (vigie_decision_get_final (d1), ==, VIGIE_DECISION_NONE);
  g_assert_true (vigie_decision_confirm (d1, &error));
  g_assert_cmpint (vigie_decision_get_final (d1), ==, VIGIE_DECISION_TRIGGER);
  g_assert_false (vigie_decision_is_overridden (d1));
  g_assert_false (vigie_decision_confirm (d1, &error));
  g_assert_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_ALREADY_DECIDED);
  g_clear_error (&error);

  g_assert_cmpint (vigie_decision_get_recommended (d2), ==, VIGIE_DECISION_DEFER);
  assert_time (vigie_decision_get_defer_until (d2), "2026-11-28T08:00+01:00");
  g_assert_cmpuint (g_strv_length ((char **) vigie_decision_get_explanation (d2)), ==, 2);

  /* Override: a reason is required, blanks do not count. */
  g_assert_false (vigie_decision_override (d2, VIGIE_DECISION_TRIGGER, "   ", NULL, &error));
  g_assert_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON);
  g_clear_error (&error);
  g_assert_cmpint (vigie_decision_get_final (d2), ==, VIGIE_DECISION_NONE);
  g_assert_true (vigie_decision_override (d2, VIGIE_DECISION_TRIGGER,
                                          " Bébé de 3 mois dans le logement ", NULL, &error));
  g_assert_cmpint (vigie_decision_get_final (d2), ==, VIGIE_DECISION_TRIGGER);
  g_assert_true (vigie_decision_is_overridden (d2));
  g_assert_cmpstr (vigie_decision_get_reason (d2), ==, "Bébé de 3 mois dans le logement");
  g_assert_null (vigie_decision_get_defer_until (d2));

  json = vigie_decision_to_json (d2);
  object = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (object, "recommended"), ==, "defer");
  g_assert_cmpstr (json_object_get_string_member (object, "decision"), ==, "trigger");
  g_assert_cmpstr (json_object_get_string_member (object, "override_reason"), ==, "Bébé de 3 mois dans le logement");
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "chauffage-normal");

  /* A gravity-1 issue stays "log only" even for a VIP. */
  g_assert_cmpint (vigie_decision_get_recommended (d3), ==, VIGIE_DECISION_LOG);
}

static void
test_vip_rule (void)
{
  g_autoptr(VigieScript) script = load_demo ("dupont-maintenance");
  g_autoptr(GDateTime) now = paris (2026, 11, 27, 23, 10);
  g_autoptr(VigieContact) vip = make_contact (TRUE);
  g_autoptr(GError) error = NULL;
  /* Heating failure with fragile occupants is gravity 3 (trigger anyway);
   * use a gravity-3 deferred outcome by copying one. */
  VigieScriptNode outcome = *vigie_script_lookup (script, "chauffage-normal");
  g_autoptr(VigieDecision) decision = NULL;
  const char * const *why;

  outcome.gravity = 3;
  decision = vigie_decision_recommend (&outcome, vip, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigie_decision_get_recommended (decision), ==, VIGIE_DECISION_TRIGGER);
  why = vigie_decision_get_explanation (decision);
  g_assert_cmpuint (g_strv_length ((char **) why), ==, 2);
  /* The outcome by its nature, never its id: operators read it. */
  g_assert_nonnull (strstr (why[0], "Panne de chauffage, gravity 3"));
  g_assert_null (strstr (why[0], "chauffage-normal"));
  g_assert_nonnull (strstr (why[1], "VIP"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/runner/navigation", test_navigation);
  g_test_add_func ("/decision/defer-rules", test_defer_rules);
  g_test_add_func ("/decision/confirm-override", test_decision);
  g_test_add_func ("/decision/vip-rule", test_vip_rule);

  return g_test_run ();
}
