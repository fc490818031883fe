/* fuzz-script.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for the script loader: any bytes must give a script
 * or diagnostics, never a crash, a leak or a GLib critical. A script that
 * loads is also run to an outcome and decided, so the runner and the
 * engine see every shape the loader accepts.
 */
#include "config.h"

#include <stdint.h>

#include "vigie-decision.h"
#include "vigie-script-runner.h"
#include "vigie-script.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run (VigieScript *script)
{
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-03-29T01:30:00+01:00", NULL);
  g_autoptr(VigieDecision) decision = NULL;
  VigieDecisionFacts facts = { 0 };
  static const char * const values[] = { "1", "2", "yes", "-3,5", "12", "fuite de gaz", "99999" };

  /* Validated scripts are acyclic: this ends within n_nodes answers. */
  for (guint i = 0; !vigie_script_runner_is_finished (runner); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert (i <= vigie_script_get_n_nodes (script) * G_N_ELEMENTS (values));
      if (!vigie_script_runner_answer_value (runner, values[i % G_N_ELEMENTS (values)], &error) &&
          vigie_script_runner_get_current (runner)->kind == VIGIE_NODE_INFO)
        g_assert_not_reached ();
    }

  facts.now = now;
  facts.vip = TRUE;
  facts.contract = "Standard : heures ouvrées";
  facts.note = "Personne bloquée, odeur de gaz";
  decision = vigie_decision_evaluate (runner, &facts, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = NULL;

  /* Includes resolve under a directory that does not exist. */
  script = vigie_script_load_from_data ("/nonexistent/vigie-fuzz/root.json", (const char *) data, size,
                                        &diagnostics, &error);
  g_assert ((script == NULL) == (error != NULL));
  g_assert (script != NULL || diagnostics->len > 0);
  if (script != NULL)
    run (script);

  return 0;
}
