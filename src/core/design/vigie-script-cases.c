/* vigie-script-cases.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A script's cases: calls written down by its designer (answers, VIP,
 * contract, note, time) with the decision each must give. They run
 * through the same runner and engine as the desk, on every save, before
 * a publication and in CI (`vigie-script test`).
 */
#define G_LOG_DOMAIN "vigie-script-cases"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigie-decision.h"
#include "vigie-json.h"
#include "vigie-script-cases.h"
#include "vigie-script-document.h"
#include "vigie-script-runner.h"

void
vigie_script_case_result_free (VigieScriptCaseResult *result)
{
  if (result == NULL)
    return;
  g_free (result->name);
  g_free (result->failure);
  g_free (result->outcome);
  g_free (result->decision);
  g_free (result->deferred_until);
  g_strfreev (result->fired_rules);
  g_free (result);
}

/**
 * vigie_script_cases_path_for:
 * @script_path: a script's root file, "scripts/dupont.json"
 *
 * Returns: (transfer full): its cases file beside it, "scripts/dupont.cases.json"
 */
char *
vigie_script_cases_path_for (const char *script_path)
{
  if (g_str_has_suffix (script_path, ".json"))
    return g_strdup_printf ("%.*s.cases.json", (int) (strlen (script_path) - 5), script_path);
  return g_strconcat (script_path, ".cases.json", NULL);
}

/**
 * vigie_script_cases_load:
 * @file: a cases file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): its tree, an object with "cases"
 */
JsonNode *
vigie_script_cases_load (GFile   *file,
                         GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonNode *cases;
  gsize length;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  if (!(root = vigie_script_json_parse (contents, (gssize) length, &local_error)))
    {
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_SYNTAX, "%s:%s", name, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(cases = json_object_get_member (json_node_get_object (root), "cases")) ||
      !JSON_NODE_HOLDS_ARRAY (cases))
    {
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                   _("%s: a cases file is an object with a “cases” array"), name);
      return NULL;
    }
  return g_steal_pointer (&root);
}

/**
 * vigie_script_cases_get_script:
 * @cases_file: where @cases was read
 * @cases: its tree
 *
 * Returns: (transfer full): the script the cases are for: the file named
 *   by "script", relative to @cases_file, else the one it is beside
 */
GFile *
vigie_script_cases_get_script (GFile    *cases_file,
                               JsonNode *cases)
{
  g_autoptr(GFile) dir = g_file_get_parent (cases_file);
  g_autofree char *base = g_file_get_basename (cases_file);
  const char *script = json_object_get_string_member_with_default (json_node_get_object (cases),
                                                                   "script", NULL);

  if (script != NULL)
    return g_file_resolve_relative_path (dir, script);
  if (g_str_has_suffix (base, ".cases.json"))
    base[strlen (base) - strlen (".cases.json")] = '\0';
  {
    g_autofree char *name = g_strconcat (base, ".json", NULL);

    return g_file_get_child (dir, name);
  }
}

/**
 * vigie_script_parse_instant:
 * @text: ISO 8601 with an offset or Z; seconds may be left out
 *
 * A bare time would depend on this machine's zone: an offset is required.
 *
 * Returns: (transfer full) (nullable): the instant
 */
GDateTime *
vigie_script_parse_instant (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *t = strchr (text, 'T');
  const char *offset;
  g_autofree char *with_seconds = NULL;
  GDateTime *result;

  if (t == NULL)
    return NULL;
  offset = t + strcspn (t, "Z+-");
  if (*offset == '\0')
    return NULL;
  if ((result = g_date_time_new_from_iso8601 (text, utc)))
    return result;
  if (offset - t != 6) /* "Thh:mm" */
    return NULL;
  with_seconds = g_strdup_printf ("%.*s:00%s", (int) (offset - text), text, offset);
  return g_date_time_new_from_iso8601 (with_seconds, utc);
}

static char *
member_text (JsonNode *node)
{
  return vigie_json_scalar_to_text (node, "yes", "no");
}

static GStrv
string_list (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        const char *s = json_array_get_string_element (json_node_get_array (node), i);

        if (s)
          g_strv_builder_add (builder, s);
      }
  else if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_string (node))
    g_strv_builder_add (builder, json_node_get_string (node));
  return g_strv_builder_end (builder);
}

static gboolean
same_instant (const char *expected,
              const char *actual)
{
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  if (expected == NULL || actual == NULL)
    return expected == actual;
  a = vigie_script_parse_instant (expected);
  b = vigie_script_parse_instant (actual);
  return a && b && g_date_time_equal (a, b);
}

static void
fail (VigieScriptCaseResult *result,
      const char            *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
fail (VigieScriptCaseResult *result,
      const char            *format,
      ...)
{
  GString *failure = g_string_new (result->failure);
  va_list args;

  /* Every failure of the case is told, one after the other. */
  if (result->failure != NULL)
    g_string_append (failure, "; ");
  va_start (args, format);
  g_string_append_vprintf (failure, format, args);
  va_end (args);
  result->passed = FALSE;
  g_free (result->failure);
  result->failure = g_string_free (failure, FALSE);
}

static void
compare_decision (VigieScriptCaseResult *result,
                  JsonNode              *member)
{
  VigieDecisionKind kind = vigie_decision_kind_from_string (json_node_get_string (member));

  if (g_strcmp0 (vigie_decision_kind_to_string (kind), result->decision) != 0)
    fail (result, _("decision “%s” instead of “%s”"), result->decision, json_node_get_string (member));
}

static void
compare_deferral (VigieScriptCaseResult *result,
                  JsonNode              *member)
{
  g_autofree char *expected = member_text (member);

  if (!same_instant (expected, result->deferred_until))
    fail (result, _("deferred until %s instead of %s"),
          result->deferred_until ? result->deferred_until : _("never"),
          expected ? expected : _("never"));
}

static void
compare_rules (VigieScriptCaseResult *result,
               JsonNode              *member)
{
  g_auto(GStrv) expected = string_list (member);
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  if (g_strv_equal ((const char * const *) expected, (const char * const *) result->fired_rules))
    return;
  got = g_strjoinv (", ", result->fired_rules);
  want = g_strjoinv (", ", expected);
  fail (result, _("rules fired: [%s] instead of [%s]"), got, want);
}

static void
compare (VigieScriptCaseResult *result,
         JsonObject            *expect)
{
  JsonNode *member;

  if (expect == NULL)
    {
      fail (result, _("the case expects nothing: add “expect”"));
      return;
    }
  if ((member = json_object_get_member (expect, "outcome")) &&
      g_strcmp0 (json_node_get_string (member), result->outcome) != 0)
    fail (result, _("outcome “%s” instead of “%s”"), result->outcome, json_node_get_string (member));
  if ((member = json_object_get_member (expect, "decision")))
    compare_decision (result, member);
  if ((member = json_object_get_member (expect, "deferred_until")))
    compare_deferral (result, member);
  if ((member = json_object_get_member (expect, "fired_rules")))
    compare_rules (result, member);
  if ((member = json_object_get_member (expect, "priority")) &&
      json_node_get_int (member) != result->priority)
    fail (result, _("priority %d instead of %d"), result->priority, (int) json_node_get_int (member));
}

/**
 * vigie_script_case_run:
 * @script: a valid script
 * @test_case: one element of a cases file's "cases"
 *
 * Answers the script as the case says (information steps are passed),
 * runs the engine and compares with "expect".
 *
 * Returns: (transfer full): the result, never %NULL
 */
VigieScriptCaseResult *
vigie_script_case_run (VigieScript *script,
                       JsonObject  *test_case)
{
  g_autoptr(VigieScriptCaseResult) result = g_new0 (VigieScriptCaseResult, 1);
  g_autoptr(VigieScriptRunner) runner = vigie_script_runner_new (script);
  g_autoptr(VigieDecision) decision = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answers = vigie_json_member_object (test_case, "answers");
  const char *at_text = json_object_get_string_member_with_default (test_case, "at", NULL);
  VigieDecisionFacts facts = { 0 };

  result->name = g_strdup (json_object_get_string_member_with_default (test_case, "name", ""));
  result->passed = TRUE;
  result->fired_rules = g_new0 (char *, 1);

  if (at_text && !(at = vigie_script_parse_instant (at_text)))
    {
      fail (result, _("“%s” is not a time with an offset, e.g. 2026-12-25T23:10+01:00"), at_text);
      return g_steal_pointer (&result);
    }
  if (at == NULL)
    at = g_date_time_new_now_utc ();

  while (!vigie_script_runner_is_finished (runner))
    {
      const VigieScriptNode *node = vigie_script_runner_get_current (runner);
      g_autofree char *value = answers ? member_text (json_object_get_member (answers, node->id)) : NULL;

      if (node->kind != VIGIE_NODE_INFO && value == NULL)
        {
          fail (result, _("no answer for “%s”: %s"), node->id, node->text);
          return g_steal_pointer (&result);
        }
      if (!vigie_script_runner_answer_value (runner, value, &error))
        {
          fail (result, "%s", error->message);
          return g_steal_pointer (&result);
        }
    }

  facts.now = at;
  facts.timezone = json_object_get_string_member_with_default (test_case, "timezone", NULL);
  facts.vip = json_object_get_boolean_member_with_default (test_case, "vip", FALSE);
  facts.contract = json_object_get_string_member_with_default (test_case, "contract", NULL);
  facts.note = json_object_get_string_member_with_default (test_case, "note", NULL);
  if (!(decision = vigie_decision_evaluate (runner, &facts, &error)))
    {
      fail (result, "%s", error->message);
      return g_steal_pointer (&result);
    }

  result->outcome = g_strdup (vigie_decision_get_outcome_id (decision));
  result->decision = g_strdup (vigie_decision_kind_to_string (vigie_decision_get_recommended (decision)));
  if (vigie_decision_get_defer_until (decision))
    result->deferred_until = g_date_time_format (vigie_decision_get_defer_until (decision),
                                                 "%Y-%m-%dT%H:%M:%S%:z");
  g_strfreev (result->fired_rules);
  result->fired_rules = g_strdupv ((char **) vigie_decision_get_fired_rules (decision));
  result->priority = vigie_decision_get_priority (decision);

  compare (result, vigie_json_member_object (test_case, "expect"));
  return g_steal_pointer (&result);
}

/**
 * vigie_script_cases_run:
 * @script: a valid script
 * @cases: a cases file's tree
 * @n_failed: (out) (optional): how many failed
 *
 * Returns: (transfer full) (element-type VigieScriptCaseResult): one
 *   result a case, in order
 */
GPtrArray *
vigie_script_cases_run (VigieScript *script,
                        JsonNode    *cases,
                        guint       *n_failed)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_case_result_free);
  JsonArray *array = json_object_get_array_member (json_node_get_object (cases), "cases");
  guint failed = 0;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *test_case = json_array_get_object_element (array, i);
      VigieScriptCaseResult *result;

      if (test_case == NULL)
        {
          result = g_new0 (VigieScriptCaseResult, 1);
          result->name = g_strdup_printf ("%u", i + 1);
          result->fired_rules = g_new0 (char *, 1);
          fail (result, _("a case is an object"));
        }
      else
        result = vigie_script_case_run (script, test_case);
      if (!result->passed)
        failed++;
      g_ptr_array_add (results, result);
    }
  if (n_failed)
    *n_failed = failed;
  return results;
}
