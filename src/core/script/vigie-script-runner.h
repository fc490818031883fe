/* vigie-script-runner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-script.h"

G_BEGIN_DECLS

/**
 * VigieScriptStep:
 *
 * One answer given: the node asked and the choice taken. For a number
 * question @choice is the threshold that matched (or the number of
 * thresholds for "otherwise") and @value the number as typed; for a
 * free-text question @value is the text.
 */
typedef struct {
  const VigieScriptNode *node;
  guint                  choice;
  char                  *value;
} VigieScriptStep;

#define VIGIE_TYPE_SCRIPT_RUNNER (vigie_script_runner_get_type ())

G_DECLARE_FINAL_TYPE (VigieScriptRunner, vigie_script_runner, VIGIE, SCRIPT_RUNNER, GObject)

VigieScriptRunner     *vigie_script_runner_new         (VigieScript       *script);
VigieScript           *vigie_script_runner_get_script  (VigieScriptRunner *self);
const VigieScriptNode *vigie_script_runner_get_current (VigieScriptRunner *self);
gboolean               vigie_script_runner_answer      (VigieScriptRunner *self,
                                                        guint              choice,
                                                        GError           **error);
gboolean               vigie_script_runner_answer_value (VigieScriptRunner *self,
                                                        const char        *value,
                                                        GError           **error);
gboolean               vigie_script_runner_back        (VigieScriptRunner *self);
gboolean               vigie_script_runner_rewind_to   (VigieScriptRunner *self,
                                                        guint              n_steps);
guint                  vigie_script_runner_get_n_steps (VigieScriptRunner *self);
const VigieScriptStep *vigie_script_runner_get_step    (VigieScriptRunner *self,
                                                        guint              index);
const char            *vigie_script_step_get_label     (const VigieScriptStep *step);
gboolean               vigie_script_runner_is_finished (VigieScriptRunner *self);
const VigieScriptNode *vigie_script_runner_get_outcome (VigieScriptRunner *self);

G_END_DECLS
