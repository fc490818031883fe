/* vigie-script-cases.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigie-script.h"

G_BEGIN_DECLS

/**
 * VigieScriptCaseResult:
 *
 * What one case gave, and whether it is what the designer expected.
 */
typedef struct {
  char     *name;
  gboolean  passed;
  char     *failure;        /* nullable: why it failed, in the user's language */
  char     *outcome;        /* nullable when the script could not be answered */
  char     *decision;
  char     *deferred_until; /* ISO 8601, nullable */
  GStrv     fired_rules;
  int       priority;
} VigieScriptCaseResult;

void        vigie_script_case_result_free (VigieScriptCaseResult *result);

char       *vigie_script_cases_path_for   (const char            *script_path);
JsonNode   *vigie_script_cases_load       (GFile                 *file,
                                           GError               **error);
GFile      *vigie_script_cases_get_script (GFile                 *cases_file,
                                           JsonNode              *cases);
VigieScriptCaseResult *vigie_script_case_run (VigieScript        *script,
                                              JsonObject         *test_case);
GPtrArray  *vigie_script_cases_run        (VigieScript           *script,
                                           JsonNode              *cases,
                                           guint                 *n_failed);
GDateTime  *vigie_script_parse_instant    (const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieScriptCaseResult, vigie_script_case_result_free)

G_END_DECLS
