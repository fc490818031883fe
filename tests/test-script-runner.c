/* test-script-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed answers (number thresholds, free text, choices by key) in the
 * runner, and through a VigieCall on the demo data: journaled, refused
 * without losing anything when invalid.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-context.h"
#include "vigie-script-runner.h"
#include "vigie-test-util.h"

static const char *script_text =
  "{ \"id\": \"r\", \"start\": \"temp\", \"nodes\": [\n"
  "  { \"id\": \"temp\", \"type\": \"number\", \"text\": \"Température ?\", \"unit\": \"°C\",\n"
  "    \"min\": -10, \"max\": 40,\n"
  "    \"thresholds\": [ { \"below\": 14, \"next\": \"froid\" }, { \"below\": 19.5, \"next\": \"frais\" } ],\n"
  "    \"otherwise\": \"desc\" },\n"
  "  { \"id\": \"desc\", \"type\": \"text\", \"text\": \"Décrivez\", \"next\": \"option\" },\n"
  "  { \"id\": \"option\", \"type\": \"text\", \"text\": \"Autre chose ?\", \"optional\": true, \"next\": \"choix\" },\n"
  "  { \"id\": \"choix\", \"type\": \"choice\", \"text\": \"Où ?\", \"choices\": [\n"
  "    { \"key\": \"cuisine\", \"label\": \"Cuisine\", \"next\": \"oui-non\" },\n"
  "    { \"label\": \"Salle de bains\", \"next\": \"oui-non\" } ] },\n"
  "  { \"id\": \"oui-non\", \"type\": \"yesno\", \"text\": \"Grave ?\", \"yes\": \"froid\", \"no\": \"frais\" },\n"
  "  { \"id\": \"froid\", \"type\": \"outcome\", \"gravity\": 3, \"decision\": \"trigger\" },\n"
  "  { \"id\": \"frais\", \"type\": \"outcome\", \"gravity\": 1, \"decision\": \"log\" }\n"
  "] }\n";

static VigieScript *
load_test_script (void)
{
  g_autoptr(GError) error = NULL;
  VigieScript *script = vigie_script_load_from_data ("runner.json", script_text, strlen (script_text), NULL, &error);

  g_assert_no_error (error);
  return script;
}

static const char *
outcome_for (VigieScript *script,
             const char  *temperature)
{
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigie_script_runner_answer_value (runner, temperature, &error));
  g_assert_no_error (error);
  return vigie_script_runner_get_current (runner)->id;
}

static void
test_number_thresholds (void)
{
  g_autoptr(VigieScript) script = load_test_script ();

  g_assert_cmpstr (outcome_for (script, "-10"), ==, "froid");
  g_assert_cmpstr (outcome_for (script, "13.9"), ==, "froid");
  g_assert_cmpstr (outcome_for (script, "14"), ==, "frais");      /* "below" is strict */
  g_assert_cmpstr (outcome_for (script, " 19,4 "), ==, "frais");  /* French decimal comma */
  g_assert_cmpstr (outcome_for (script, "19.5"), ==, "desc");
  g_assert_cmpstr (outcome_for (script, "40"), ==, "desc");
}

static void
test_number_refused (void)
{
  static const char * const bad[] = { "", "chaud", "41", "-10.5", "nan", "inf", "0x10", "12 °C", "1e400" };
  g_autoptr(VigieScript) script = load_test_script ();
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vigie_script_runner_answer_value (runner, bad[i], &error));
      g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE);
      /* Nothing moved, nothing recorded. */
      g_assert_cmpstr (vigie_script_runner_get_current (runner)->id, ==, "temp");
      g_assert_cmpuint (vigie_script_runner_get_n_steps (runner), ==, 0);
    }
}

static void
test_text_and_choices (void)
{
  g_autoptr(VigieScript) script = load_test_script ();
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);
  g_autoptr(GError) error = NULL;

  g_assert_false (vigie_script_runner_answer (runner, 0, &error));
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_NEEDS_VALUE);
  g_clear_error (&error);

  g_assert_true (vigie_script_runner_answer_value (runner, "21", &error));
  g_assert_cmpstr (vigie_script_runner_get_current (runner)->id, ==, "desc");

  /* A required text cannot be left empty. */
  g_assert_false (vigie_script_runner_answer_value (runner, "   ", &error));
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (vigie_script_runner_answer_value (runner, "  Radiateur froid  ", &error));
  g_assert_true (vigie_script_runner_answer_value (runner, "", &error)); /* optional */

  g_assert_false (vigie_script_runner_answer_value (runner, "garage", &error));
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (vigie_script_runner_answer_value (runner, "3", &error));
  g_clear_error (&error);
  g_assert_true (vigie_script_runner_answer_value (runner, "Salle de bains", &error));
  g_assert_cmpuint (vigie_script_runner_get_step (runner, 3)->choice, ==, 1);
  g_assert_true (vigie_script_runner_back (runner));
  g_assert_true (vigie_script_runner_answer_value (runner, "cuisine", &error));
  g_assert_cmpuint (vigie_script_runner_get_step (runner, 3)->choice, ==, 0);

  g_assert_true (vigie_script_runner_answer_value (runner, "Oui", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_script_runner_get_outcome (runner)->id, ==, "froid");

  g_assert_cmpstr (vigie_script_step_get_label (vigie_script_runner_get_step (runner, 0)), ==, "21");
  g_assert_cmpstr (vigie_script_step_get_label (vigie_script_runner_get_step (runner, 1)), ==, "Radiateur froid");
  g_assert_cmpstr (vigie_script_step_get_label (vigie_script_runner_get_step (runner, 2)), ==, "");
  g_assert_cmpstr (vigie_script_step_get_label (vigie_script_runner_get_step (runner, 4)), ==, "Yes");

  /* Rewinding drops the typed values with their steps. */
  g_assert_true (vigie_script_runner_rewind_to (runner, 1));
  g_assert_cmpstr (vigie_script_runner_get_current (runner)->id, ==, "desc");
  g_assert_true (vigie_script_runner_answer_value (runner, "Autre", &error));
  g_assert_cmpstr (vigie_script_step_get_label (vigie_script_runner_get_step (runner, 1)), ==, "Autre");
}

static gboolean
journal_has (VigieJournal *journal,
             const char   *call_id,
             const char   *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (journal, call_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (strstr (((VigieJournalEvent *) g_ptr_array_index (events, i))->data, fragment))
      return TRUE;
  return FALSE;
}

/* The desk's path: the demo heating branch asks a number; the VIP rule of
 * the demo script decides, whatever the time of day. */
static void
test_call_answer_text (void)
{
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700),
                          vigie_test_make_data_dir (NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = vigie_context_new (dir, &error);
  g_autoptr(VigieCall) call = NULL;
  VigieJournal *journal;
  VigieDecision *decision;
  const char * const *fired;

  g_assert_no_error (error);
  journal = vigie_context_get_journal (context);
  call = vigie_context_open_call (context, "+33 6 12 34 56 78", "0800 100 200", "call-temp", &error);
  g_assert_no_error (error);

  g_assert_true (vigie_call_answer (call, 2, &error)); /* heating */
  g_assert_cmpint (vigie_script_runner_get_current (vigie_call_get_runner (call))->kind, ==, VIGIE_NODE_NUMBER);

  g_assert_false (vigie_call_answer (call, 0, &error));
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_NEEDS_VALUE);
  g_clear_error (&error);
  g_assert_false (vigie_call_answer_text (call, "très froid", &error));
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (journal_has (journal, "call-temp", "très froid"));
  g_assert_null (vigie_call_get_decision (call));

  vigie_call_set_note (call, "Radiateurs froids depuis ce matin");
  g_assert_true (vigie_call_answer_text (call, "12,5", &error));
  g_assert_no_error (error);
  g_assert_true (journal_has (journal, "call-temp", "\"value\":\"12,5\""));

  decision = vigie_call_get_decision (call);
  g_assert_nonnull (decision);
  g_assert_cmpstr (vigie_decision_get_outcome_id (decision), ==, "chauffage-froid");
  g_assert_cmpint (vigie_decision_get_recommended (decision), ==, VIGIE_DECISION_TRIGGER);
  fired = vigie_decision_get_fired_rules (decision);
  g_assert_cmpstr (fired[0], ==, "vip-grave");
  g_assert_null (fired[1]);
  g_assert_nonnull (strstr (vigie_decision_get_alert_text (decision), "Claire MOREAU"));
  g_assert_nonnull (strstr (vigie_decision_get_alert_text (decision), "12,5 °C"));

  g_assert_true (vigie_call_back (call, &error));
  g_assert_null (vigie_call_get_decision (call));
  g_assert_true (vigie_call_answer_text (call, "18", &error));
  g_assert_cmpstr (vigie_script_runner_get_current (vigie_call_get_runner (call))->id, ==, "chauffage-vulnerable");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/script/runner/number-thresholds", test_number_thresholds);
  g_test_add_func ("/script/runner/number-refused", test_number_refused);
  g_test_add_func ("/script/runner/text-and-choices", test_text_and_choices);
  g_test_add_func ("/script/runner/call-answer-text", test_call_answer_text);

  return g_test_run ();
}
