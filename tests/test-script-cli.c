/* test-script-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The installed `vigie-script` program, run as a designer would.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "vigie-test-util.h"

static int
run (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (args, g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "cli", "vigie-script", NULL));
  va_start (ap, first);
  for (const char *arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* Relative paths in messages: run from the test data folder. */
  g_subprocess_launcher_set_cwd (launcher, g_getenv ("VIGIE_TEST_DATA"));
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_check_demo (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *d = vigie_test_source_path ("data", "demo", "scripts", "dupont-maintenance.json", NULL);
  g_autofree char *h = vigie_test_source_path ("data", "demo", "scripts", "hebergix.json", NULL);
  g_autofree char *m = vigie_test_source_path ("data", "demo", "scripts", "mairie-saint-aubin.json", NULL);

  g_assert_cmpint (run (&out, &err, "check", d, h, m, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "dupont-maintenance.json: OK, 26 nodes in 3 files, 5 rules"));
}

static void
test_check_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run (&out, &err, "check", "scripts/includes.json", "scripts/many-errors.json",
                        "scripts/cycle.json", NULL), ==, 1);
  lines = g_strsplit (err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7); /* six errors and the final newline */
  g_assert_true (g_str_has_prefix (lines[0], "scripts/many-errors.json:7:35: error: node “a” leads to “panne”"));
  g_assert_true (g_str_has_prefix (lines[4], "scripts/many-errors.json:10:5: error: node “seul” cannot be reached"));
  g_assert_true (g_str_has_prefix (lines[5], "scripts/cycle.json:6:62: error: "));
  g_assert_nonnull (strstr (out, "scripts/includes.json: OK"));
}

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_simulate (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *script = vigie_test_source_path ("data", "demo", "scripts", "dupont-maintenance.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;
  JsonArray *fired;

  /* Christmas night, Standard contract, a stopped leak: the example. */
  g_assert_cmpint (run (&out, &err, "simulate", script,
                        "--answers", "nature=fuite,fuite-active=non",
                        "--answer", "fuite-description=Sous l'évier, au 2e",
                        "--contract", "Standard : heures ouvrées",
                        "--at", "2026-12-25T23:10+01:00",
                        "--note", "Locataire âgé", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  result = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "fuite-arretee");
  g_assert_cmpstr (json_object_get_string_member (result, "decision"), ==, "defer");
  g_assert_cmpstr (json_object_get_string_member (result, "deferred_until"), ==, "2026-12-28T08:00:00+01:00");
  g_assert_cmpint (json_object_get_int_member (result, "gravity"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (result, "priority"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (result, "alert"), ==,
                   "Fuite arrêtée chez — (—) : Sous l'évier, au 2e. Passage à prévoir.");
  g_assert_cmpstr (json_object_get_string_member (result, "roster"), ==, "plomberie");

  /* The same caller as a VIP who smells gas, at 3 in the morning. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, "simulate", script,
                        "--answers", "nature=gaz,gaz-evacues=oui",
                        "--caller-vip", "--contract", "Standard",
                        "--at", "2026-07-14T01:00:00Z", NULL), ==, 0);
  result = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "gaz-alerte");
  g_assert_cmpstr (json_object_get_string_member (result, "decision"), ==, "trigger");
  g_assert_true (json_object_get_null_member (result, "deferred_until"));
  g_assert_cmpint (json_object_get_int_member (result, "priority"), ==, 5);
  fired = json_object_get_array_member (result, "fired_rules");
  g_assert_cmpuint (json_array_get_length (fired), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (fired, 0), ==, "vip-grave");
  g_assert_nonnull (strstr (json_array_get_string_element (json_object_get_array_member (result, "explanation"), 1),
                            "public holiday: Fête nationale"));
}

static void
test_simulate_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *script = vigie_test_source_path ("data", "demo", "scripts", "dupont-maintenance.json", NULL);

  g_assert_cmpint (run (&out, &err, "simulate", script, "--answers", "nature=chauffage", "--at",
                        "2026-01-07T10:00+01:00", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no answer for “chauffage-temperature”"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (&out, &err, "simulate", script, "--answers", "nature=chauffage,chauffage-temperature=300",
                        "--at", "2026-01-07T10:00+01:00", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "outside the expected range"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* A time without an offset would depend on the machine's zone. */
  g_assert_cmpint (run (&out, &err, "simulate", script, "--answers", "nature=gaz", "--at",
                        "2026-01-07T10:00", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, &err, "frobnicate", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, &err, "simulate", "scripts/cycle.json", "--answers", "a=1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "scripts/cycle.json:6:62: error:"));
}

static void
test_graph (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, "graph", "scripts/includes.json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "digraph \"includes\" {"));
  g_assert_true (g_str_has_suffix (out, "}\n"));
  /* One cluster per file; every edge with its choice label. */
  g_assert_nonnull (strstr (out, "subgraph cluster_2"));
  g_assert_nonnull (strstr (out, "\"nature\" -> \"a-consignes\" [label=\"Odeur de gaz\"];"));
  g_assert_nonnull (strstr (out, "\"a-consignes\" -> \"a-outcome\";"));
  g_assert_nonnull (strstr (out, "\"a-outcome\" [label=\"a-outcome\\nGaz\\ntrigger, gravity 4\""));
}

static void
test_cases_demo (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *d = vigie_test_source_path ("data", "demo", "scripts", "dupont-maintenance.cases.json", NULL);
  g_autofree char *h = vigie_test_source_path ("data", "demo", "scripts", "hebergix.cases.json", NULL);
  g_autofree char *m = vigie_test_source_path ("data", "demo", "scripts", "mairie-saint-aubin.cases.json", NULL);

  g_assert_cmpint (run (&out, &err, "test", d, h, m, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "PASS Personne bloquée dans la cabine\n"));
  g_assert_nonnull (strstr (out, "dupont-maintenance.cases.json: 8 of 8 cases pass"));
  g_assert_nonnull (strstr (out, "hebergix.cases.json: 6 of 6 cases pass"));
  g_assert_nonnull (strstr (out, "mairie-saint-aubin.cases.json: 6 of 6 cases pass"));
  g_assert_null (strstr (out, "FAIL"));
}

/* A wrong expectation and a missing answer fail, each with its reason. */
static void
test_cases_failing (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *script = vigie_test_source_path ("data", "demo", "scripts", "dupont-maintenance.json", NULL);
  g_autofree char *text = g_strdup_printf (
    "{ \"script\": \"%s\", \"cases\": [\n"
    "  { \"name\": \"ascenseur\", \"answers\": { \"nature\": \"ascenseur\", \"ascenseur-personne\": \"non\" },\n"
    "    \"at\": \"2026-12-04T21:00+01:00\",\n"
    "    \"expect\": { \"decision\": \"trigger\", \"deferred_until\": null } },\n"
    "  { \"name\": \"incomplet\", \"answers\": { \"nature\": \"fuite\" }, \"expect\": { \"decision\": \"log\" } },\n"
    "  { \"name\": \"juste\", \"answers\": { \"nature\": \"ascenseur\", \"ascenseur-personne\": \"oui\" },\n"
    "    \"expect\": { \"outcome\": \"ascenseur-bloque\", \"decision\": \"trigger\" } }\n"
    "] }\n", script);
  g_autofree char *path = vigie_test_write_file ("failing.cases.json", text);

  g_assert_cmpint (run (&out, &err, "test", path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "FAIL ascenseur: decision “defer” instead of “trigger”; "
                                 "deferred until 2026-12-07T08:00:00+01:00 instead of never\n"));
  g_assert_nonnull (strstr (out, "FAIL incomplet: no answer for “fuite-description”"));
  g_assert_nonnull (strstr (out, "PASS juste\n"));
  g_assert_nonnull (strstr (out, "failing.cases.json: 1 of 3 cases pass"));
}

/* With --data-dir, an outcome naming a roster its client lacks is an
 * error at the value itself (line 93, column 17), found again in the text
 * from the node's position, and without FILE every client's script is
 * checked. */
static void
test_check_rosters (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *dir = vigie_test_make_data_dir (NULL);
  g_autofree char *path = g_build_filename (dir, "scripts", "dupont-maintenance.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run (&out, &err, "check", "--data-dir", dir, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "dupont-maintenance.json: OK"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  text = g_string_new (contents);
  g_assert_cmpint (g_string_replace (text, "\"roster\": \"plomberie\"", "\"roster\": \"plomberi\"", 1), ==, 1);
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  g_assert_no_error (error);

  g_assert_cmpint (run (&out, &err, "check", "--data-dir", dir, NULL), ==, 1);
  expected = g_strdup_printf ("%s:93:17: error: outcome “fuite-grave” names the roster “plomberi”, which client "
                              "“dupont-maintenance” does not have (its rosters: technique, plomberie, ", path);
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (out, "hebergix.json: OK"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/script/cli/check-demo", test_check_demo);
  g_test_add_func ("/script/cli/check-errors", test_check_errors);
  g_test_add_func ("/script/cli/simulate", test_simulate);
  g_test_add_func ("/script/cli/simulate-errors", test_simulate_errors);
  g_test_add_func ("/script/cli/graph", test_graph);
  g_test_add_func ("/script/cli/cases-demo", test_cases_demo);
  g_test_add_func ("/script/cli/cases-failing", test_cases_failing);
  g_test_add_func ("/script/cli/check-rosters", test_check_rosters);

  return g_test_run ();
}
