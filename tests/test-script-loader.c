/* test-script-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every validation error kind, each on its own small file under
 * tests/data/scripts/, with the exact file:line:column asserted; then
 * includes, hostile input, and the demo scripts.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-context.h"
#include "vigie-script.h"
#include "vigie-test-util.h"

typedef struct
{
  const char       *file;      /* under tests/data/scripts/ */
  VigieScriptError  code;
  const char       *in_file;   /* where the error is, NULL: @file */
  guint             line;
  guint             column;
  const char       *node_id;
  const char       *message;   /* a fragment of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  /* At the offending token, not where json-glib stopped reading. */
  { "syntax.json", VIGIE_SCRIPT_ERROR_SYNTAX, NULL, 4, 3, NULL, "invalid JSON" },
  { "unknown-field.json", VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD, NULL, 5, 56, "a", "“colour”" },
  { "wrong-type.json", VIGIE_SCRIPT_ERROR_WRONG_TYPE, NULL, 8, 18, "a", "“gravity” must be an integer" },
  { "duplicate-id.json", VIGIE_SCRIPT_ERROR_DUPLICATE_ID, NULL, 7, 5, "b", "already used at line 6" },
  { "missing-node.json", VIGIE_SCRIPT_ERROR_MISSING_NODE, NULL, 10, 13, "a", "“nulle-part”" },
  { "unreachable.json", VIGIE_SCRIPT_ERROR_UNREACHABLE, NULL, 6, 5, "orphelin", "cannot be reached" },
  { "cycle.json", VIGIE_SCRIPT_ERROR_CYCLE, NULL, 6, 62, "b", "leads back to “a”" },
  { "no-choices.json", VIGIE_SCRIPT_ERROR_NO_CHOICES, NULL, 5, 74, "a", "has no choices" },
  { "no-decision.json", VIGIE_SCRIPT_ERROR_NO_DECISION, NULL, 5, 5, "a", "has no decision" },
  { "include-loop.json", VIGIE_SCRIPT_ERROR_INCLUDE_LOOP, "include-loop-branch.json", 6, 5, NULL, "loops back" },
  { "include-not-found.json", VIGIE_SCRIPT_ERROR_NOT_FOUND, NULL, 4, 15, NULL, "branches/absente.json" },
  { "include-duplicate.json", VIGIE_SCRIPT_ERROR_DUPLICATE_ID, "branches/common-b.json", 4, 5, "b-outcome",
    "already used in include-duplicate.json:7" },
  { "branch-root-field.json", VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD, "branches/with-rules.json", 5, 3, NULL,
    "belongs in the root file" },
  { "missing-field.json", VIGIE_SCRIPT_ERROR_MISSING_FIELD, NULL, 5, 5, "a", "missing field “text”" },
  { "bad-defer.json", VIGIE_SCRIPT_ERROR_INVALID_VALUE, NULL, 5, 67, "a", "not a deferral rule" },
  { "bad-template.json", VIGIE_SCRIPT_ERROR_INVALID_VALUE, NULL, 6, 16, "a", "“{appelant}”" },
  { "threshold-order.json", VIGIE_SCRIPT_ERROR_INVALID_VALUE, NULL, 11, 20, "t", "increasing order" },
  { "bad-rule.json", VIGIE_SCRIPT_ERROR_INVALID_VALUE, NULL, 5, 54, "vip", "“wake-everyone”" },
  { "bad-opening-hours.json", VIGIE_SCRIPT_ERROR_INVALID_VALUE, NULL, 5, 16, NULL, "“18:00-13:30”" },
  { "needs-opening-hours.json", VIGIE_SCRIPT_ERROR_INVALID_VALUE, NULL, 5, 5, "a", "opening_hours" },
  { "rule-missing-outcome.json", VIGIE_SCRIPT_ERROR_MISSING_NODE, NULL, 5, 39, "r", "“fuite”" },
};

static char *
script_path (const char *name)
{
  g_autofree char *dir = vigie_test_data_path ("scripts");

  return g_build_filename (dir, name, NULL);
}

static void
test_error_kind (gconstpointer data)
{
  const ErrorCase *test = data;
  g_autofree char *path = script_path (test->file);
  g_autofree char *where = script_path (test->in_file ? test->in_file : test->file);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = NULL;
  g_autofree char *expected_prefix = NULL;
  const VigieScriptDiagnostic *diagnostic;

  script = vigie_script_load (file, &diagnostics, &error);
  g_assert_null (script);
  g_assert_error (error, VIGIE_SCRIPT_ERROR, (int) test->code);
  g_assert_nonnull (diagnostics);
  g_assert_cmpuint (diagnostics->len, ==, 1);

  diagnostic = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpint (diagnostic->code, ==, test->code);
  g_assert_cmpstr (diagnostic->file, ==, where);
  g_assert_cmpuint (diagnostic->line, ==, test->line);
  g_assert_cmpuint (diagnostic->column, ==, test->column);
  g_assert_cmpstr (diagnostic->node_id, ==, test->node_id);
  g_assert_nonnull (strstr (diagnostic->message, test->message));

  /* The form editors jump to. */
  expected_prefix = g_strdup_printf ("%s:%u:%u: error: ", where, test->line, test->column);
  g_assert_true (g_str_has_prefix (error->message, expected_prefix));
}

static void
test_root_not_found (void)
{
  g_autofree char *path = script_path ("does-not-exist.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load (file, &diagnostics, &error);
  const VigieScriptDiagnostic *diagnostic;

  g_assert_null (script);
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_NOT_FOUND);
  g_assert_cmpuint (diagnostics->len, ==, 1);
  diagnostic = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpstr (diagnostic->file, ==, path);
  g_assert_cmpuint (diagnostic->line, ==, 0);
  g_assert_true (g_str_has_prefix (error->message, path));
}

/* All the errors of a file at once, in file order. */
static void
test_many_errors (void)
{
  static const struct { VigieScriptError code; guint line, column; } expected[] = {
    { VIGIE_SCRIPT_ERROR_MISSING_NODE, 7, 35 },
    { VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD, 7, 44 },
    { VIGIE_SCRIPT_ERROR_INVALID_VALUE, 9, 52 },
    { VIGIE_SCRIPT_ERROR_NO_DECISION, 10, 5 },
    { VIGIE_SCRIPT_ERROR_UNREACHABLE, 10, 5 },
  };
  g_autofree char *path = script_path ("many-errors.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load (file, &diagnostics, &error);
  g_auto(GStrv) lines = NULL;

  g_assert_null (script);
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID);
  g_assert_cmpuint (diagnostics->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const VigieScriptDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      g_assert_cmpint (diagnostic->code, ==, expected[i].code);
      g_assert_cmpuint (diagnostic->line, ==, expected[i].line);
      g_assert_cmpuint (diagnostic->column, ==, expected[i].column);
    }
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (expected));
}

static void
test_includes (void)
{
  g_autofree char *path = script_path ("includes.json");
  g_autofree char *branch_a = script_path ("branches/common-a.json");
  g_autofree char *branch_b = script_path ("branches/common-b.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load (file, NULL, &error);
  const char * const *files;

  g_assert_no_error (error);
  g_assert_nonnull (script);
  g_assert_cmpuint (vigie_script_get_n_nodes (script), ==, 4);

  /* common-b is included twice (root and common-a) and read once. */
  files = vigie_script_get_files (script);
  g_assert_cmpuint (g_strv_length ((char **) files), ==, 3);
  g_assert_cmpstr (files[0], ==, path);
  g_assert_cmpstr (files[1], ==, branch_a);
  g_assert_cmpstr (files[2], ==, g_strrstr (files[2], "/") ? files[2] : NULL);
  g_assert_true (g_str_has_suffix (files[2], "common-b.json"));

  g_assert_cmpstr (vigie_script_lookup (script, "a-outcome")->file, ==, branch_a);
  g_assert_cmpuint (vigie_script_lookup (script, "a-outcome")->line, ==, 6);
  g_assert_true (g_str_has_suffix (vigie_script_lookup (script, "b-outcome")->file, "common-b.json"));
  g_assert_cmpint (vigie_script_lookup (script, "a-outcome")->decision, ==, VIGIE_DECISION_TRIGGER);
  (void) branch_b;
}

static void
assert_fails_cleanly (const char       *contents,
                      gssize            length,
                      VigieScriptError  code)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = NULL;
  gboolean found = FALSE;

  script = vigie_script_load_from_data ("hostile.json", contents,
                                        length < 0 ? strlen (contents) : (gsize) length,
                                        &diagnostics, &error);
  g_assert_null (script);
  g_assert_nonnull (error);
  g_assert_cmpuint (diagnostics->len, >=, 1);
  for (guint i = 0; i < diagnostics->len; i++)
    if (((VigieScriptDiagnostic *) g_ptr_array_index (diagnostics, i))->code == code)
      found = TRUE;
  g_assert_true (found);
}

static void
test_hostile_input (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);

  assert_fails_cleanly ("", 0, VIGIE_SCRIPT_ERROR_WRONG_TYPE);
  assert_fails_cleanly ("[1, 2, 3]", -1, VIGIE_SCRIPT_ERROR_WRONG_TYPE);
  assert_fails_cleanly ("\"nodes\"", -1, VIGIE_SCRIPT_ERROR_WRONG_TYPE);
  assert_fails_cleanly ("{\"id\": \"x\", \"start\": \"a\", \"nodes\": {}}", -1, VIGIE_SCRIPT_ERROR_WRONG_TYPE);
  assert_fails_cleanly ("{\"id\": \"x\", \"start\": \"a\", \"nodes\": [42, null, []]}", -1,
                        VIGIE_SCRIPT_ERROR_WRONG_TYPE);
  assert_fails_cleanly ("{\"id\": \"x\", \"format\": 2, \"start\": \"a\", \"nodes\": "
                        "[{\"id\": \"a\", \"type\": \"outcome\", \"decision\": \"log\"}]}", -1,
                        VIGIE_SCRIPT_ERROR_INVALID_VALUE);
  assert_fails_cleanly ("\xff\xfe{\x01", 4, VIGIE_SCRIPT_ERROR_SYNTAX);
  assert_fails_cleanly ("{\"include\": [\"/etc/passwd\"], \"id\": \"x\", \"start\": \"a\", \"nodes\": "
                        "[{\"id\": \"a\", \"type\": \"outcome\", \"decision\": \"log\"}]}", -1,
                        VIGIE_SCRIPT_ERROR_INVALID_VALUE);

  /* Nesting that would exhaust the stack of a recursive parser. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_fails_cleanly (deep->str, (gssize) deep->len, VIGIE_SCRIPT_ERROR_SYNTAX);
}

/* A long chain of questions: the graph walk must not recurse per node. */
static void
test_long_chain (void)
{
  g_autoptr(GString) text = g_string_new ("{\"id\": \"chain\", \"start\": \"n0\", \"nodes\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = NULL;
  const guint n = 50000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "{\"id\": \"n%u\", \"type\": \"info\", \"text\": \"étape %u\", \"next\": \"n%u\"},",
                            i, i, i + 1);
  g_string_append_printf (text, "{\"id\": \"n%u\", \"type\": \"outcome\", \"decision\": \"log\"}]}", n);

  script = vigie_script_load_from_data ("chain.json", text->str, text->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_script_get_n_nodes (script), ==, n + 1);
}

static void
test_demo_scripts (void)
{
  static const char * const names[] = {
    "dupont-maintenance.json", "hebergix.json", "mairie-saint-aubin.json"
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = vigie_test_source_path ("data", "demo", "scripts", names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VigieScript) script = vigie_script_load (file, &diagnostics, &error);

      g_assert_no_error (error);
      g_assert_nonnull (script);
      g_assert_cmpuint (diagnostics->len, ==, 0);
      g_assert_cmpuint (vigie_script_get_rules (script)->len, >, 0);
      g_assert_nonnull (vigie_script_get_opening_hours (script));
      /* Every demo client shares at least one common branch. */
      g_assert_cmpuint (g_strv_length ((char **) vigie_script_get_files (script)), >=, 2);
    }
}

/* A broken script costs its client the script, nothing more. */
static void
test_broken_client_isolated (void)
{
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700),
                          vigie_test_make_data_dir (NULL));
  g_autofree char *broken = g_build_filename (dir, "scripts", "hebergix.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = NULL;
  const char *message = NULL;

  g_assert_true (g_file_set_contents (broken, "{ \"id\": \"hebergix\",\n  \"start\": oops }", -1, &error));
  g_test_expect_message ("vigie-context", G_LOG_LEVEL_WARNING, "*hebergix.json:2:*");
  context = vigie_context_new (dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_assert_null (vigie_context_get_script (context, "hebergix", &message));
  g_assert_nonnull (strstr (message, "hebergix.json:2:"));
  g_assert_nonnull (vigie_context_get_script (context, "dupont-maintenance", &message));
  g_assert_null (message);
  g_assert_nonnull (vigie_context_get_script (context, "mairie-saint-aubin", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/script/loader/error/%s", error_cases[i].file);

      g_test_add_data_func (name, &error_cases[i], test_error_kind);
    }
  g_test_add_func ("/script/loader/error/root-not-found", test_root_not_found);
  g_test_add_func ("/script/loader/many-errors", test_many_errors);
  g_test_add_func ("/script/loader/includes", test_includes);
  g_test_add_func ("/script/loader/hostile-input", test_hostile_input);
  g_test_add_func ("/script/loader/long-chain", test_long_chain);
  g_test_add_func ("/script/loader/demo-scripts", test_demo_scripts);
  g_test_add_func ("/script/loader/broken-client-isolated", test_broken_client_isolated);

  return g_test_run ();
}
