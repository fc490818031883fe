/* test-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The walking skeleton's script loading: the demo scripts load, and broken
 * files are reported at the right file:line:column.
 */
#include "config.h"

#include "vigie-script.h"
#include "vigie-test-util.h"

static void
test_demo_scripts (void)
{
  static const char *names[] = { "dupont-maintenance", "hebergix", "mairie-saint-aubin" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file_name = g_strconcat (names[i], ".json", NULL);
      g_autofree char *path = vigie_test_source_path ("data", "demo", "scripts", file_name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VigieScript) script = vigie_script_load (file, &diagnostics, &error);
      const VigieScriptNode *start;

      g_assert_no_error (error);
      g_assert_nonnull (script);
      g_assert_cmpuint (diagnostics->len, ==, 0);
      g_assert_cmpstr (vigie_script_get_id (script), ==, names[i]);
      start = vigie_script_get_start (script);
      g_assert_nonnull (start);
      g_assert_true (start->kind == VIGIE_NODE_CHOICE);
      g_assert_cmpuint (start->choices->len, >=, 3);
      g_assert_cmpuint (vigie_script_get_n_nodes (script), >=, 10);
    }
}

static GPtrArray *
load_broken (const char *name,
             const char *contents,
             GError    **error)
{
  g_autofree char *path = vigie_test_write_file (name, contents);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GPtrArray *diagnostics = NULL;
  g_autoptr(VigieScript) script = vigie_script_load (file, &diagnostics, error);

  g_assert_null (script);
  return diagnostics;
}

static void
assert_diagnostic (GPtrArray        *diagnostics,
                   guint             index,
                   VigieScriptError  code,
                   guint             line,
                   guint             column,
                   const char       *node_id,
                   const char       *message_part)
{
  const VigieScriptDiagnostic *d;

  g_assert_cmpuint (index, <, diagnostics->len);
  d = g_ptr_array_index (diagnostics, index);
  g_assert_cmpint (d->code, ==, code);
  g_assert_cmpuint (d->line, ==, line);
  g_assert_cmpuint (d->column, ==, column);
  g_assert_cmpstr (d->node_id, ==, node_id);
  g_assert_nonnull (strstr (d->message, message_part));
}

static void
test_syntax_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diagnostics =
    load_broken ("syntax.json",
                 "{\n"
                 "  \"id\": \"s\",\n"
                 "  \"start\": \"a\"\n"
                 "  \"nodes\": []\n"
                 "}\n", &error);

  g_assert_cmpuint (diagnostics->len, ==, 1);
  assert_diagnostic (diagnostics, 0, VIGIE_SCRIPT_ERROR_SYNTAX, 4, 3, NULL, "invalid JSON");
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "syntax.json:4:3: error: "));
}

static void
test_not_found (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/script.json");
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load (file, &diagnostics, &error);

  g_assert_null (script);
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/script.json: error: "));
}

static void
test_positions_count_characters (void)
{
  g_autoptr(GError) error = NULL;
  /* "é" is two bytes but one column. */
  g_autoptr(GPtrArray) diagnostics =
    load_broken ("utf8.json",
                 "{ \"id\": \"é\", \"start\": \"a\", \"nodes\": [ { \"id\": \"a\", \"type\": \"outcome\", \"décision\": \"log\" } ] }\n",
                 &error);

  g_assert_cmpuint (diagnostics->len, ==, 2);
  /* In file order. */
  assert_diagnostic (diagnostics, 0, VIGIE_SCRIPT_ERROR_NO_DECISION, 1, 39, "a", "no decision");
  assert_diagnostic (diagnostics, 1, VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD, 1, 71, "a", "“décision”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/loader/demo-scripts", test_demo_scripts);
  g_test_add_func ("/loader/syntax-error", test_syntax_error);
  g_test_add_func ("/loader/not-found", test_not_found);
  g_test_add_func ("/loader/utf8-columns", test_positions_count_characters);

  return g_test_run ();
}
