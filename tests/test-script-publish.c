/* test-script-publish.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Publishing a script into a data folder: refused (nothing written) when
 * invalid or when a case fails; written with its hash recorded when both
 * hold; the previous version restorable; a desk loading the folder gets
 * the published script.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vigie-context.h"
#include "vigie-script-cases.h"
#include "vigie-script-publish.h"
#include "vigie-test-util.h"

typedef struct
{
  char  *data_dir;
  char  *root_path;
  GFile *root;
  char  *original;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = vigie_test_make_data_dir ("http://127.0.0.1:9/alerts");
  fixture->root_path = g_build_filename (fixture->data_dir, "scripts", "dupont-maintenance.json", NULL);
  fixture->root = g_file_new_for_path (fixture->root_path);
  g_file_get_contents (fixture->root_path, &fixture->original, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->data_dir);
  g_free (fixture->root_path);
  g_object_unref (fixture->root);
  g_free (fixture->original);
}

static JsonNode *
load_cases (Fixture *fixture)
{
  g_autofree char *path = vigie_script_cases_path_for (fixture->root_path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  JsonNode *cases = vigie_script_cases_load (file, &error);

  g_assert_no_error (error);
  return cases;
}

static char *
read_root (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (fixture->root_path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptDocument) document = vigie_script_document_load (fixture->root, &error);
  g_autoptr(JsonNode) cases = load_cases (fixture);
  g_autoptr(JsonNode) no_cases = vigie_script_json_parse ("{\"cases\": []}", -1, NULL);
  g_autoptr(VigieScriptVersion) version = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);

  /* Valid, but the lift case expects a deferral: a case fails. */
  vigie_script_document_set_string (document, "ascenseur-seul", "decision", "trigger", &error);
  g_assert_no_error (error);
  version = vigie_script_publish (document, cases, NULL, &results, &error);
  g_assert_null (version);
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_CASES_FAILED);
  g_assert_nonnull (strstr (error->message, "Ascenseur à l'arrêt, personne dedans"));
  g_assert_nonnull (results);
  g_clear_error (&error);
  vigie_script_document_undo (document);

  /* Invalid: a link to nowhere. */
  vigie_script_document_set_string (document, "ascenseur-personne", "yes", "nulle-part", &error);
  g_assert_no_error (error);
  version = vigie_script_publish (document, cases, NULL, NULL, &error);
  g_assert_null (version);
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nulle-part"));
  g_clear_error (&error);
  vigie_script_document_undo (document);

  /* Without a single case. */
  version = vigie_script_publish (document, no_cases, NULL, NULL, &error);
  g_assert_null (version);
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_CASES_FAILED);
  g_clear_error (&error);

  after = read_root (fixture);
  g_assert_cmpstr (after, ==, fixture->original);
  versions = vigie_script_list_versions (fixture->root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 0);
}

static void
test_publish_and_restore (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptDocument) document = vigie_script_document_load (fixture->root, &error);
  g_autoptr(JsonNode) cases = load_cases (fixture);
  g_autoptr(VigieScriptVersion) published = NULL;
  g_autoptr(VigieScriptVersion) restored = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(VigieContext) desk = NULL;
  g_autoptr(JsonNode) original_tree = NULL;
  g_autoptr(JsonNode) restored_tree = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *restored_text = NULL;
  VigieScript *script;

  g_assert_no_error (error);
  vigie_script_document_set_string (document, "ascenseur-bloque", "nature",
                                    "Personne bloquée dans la cabine d'un ascenseur", &error);
  g_assert_no_error (error);
  published = vigie_script_publish (document, cases, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (published);

  /* The file holds the edit; its SHA-256 is the version's. */
  after = read_root (fixture);
  g_assert_nonnull (strstr (after, "Personne bloquée dans la cabine d'un ascenseur"));
  sha = vigie_script_compute_sha256 (after, strlen (after));
  g_assert_cmpstr (published->sha256, ==, sha);
  g_assert_cmpuint (published->number, ==, 2);

  versions = vigie_script_list_versions (fixture->root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpuint (((VigieScriptVersion *) g_ptr_array_index (versions, 0))->number, ==, 1);
  g_assert_cmpstr (((VigieScriptVersion *) g_ptr_array_index (versions, 1))->sha256, ==, sha);
  g_assert_cmpstr (g_hash_table_lookup (((VigieScriptVersion *) g_ptr_array_index (versions, 1))->files,
                                        "dupont-maintenance.json"), ==, sha);

  /* A desk loading the folder runs the published script. */
  desk = vigie_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  script = vigie_context_get_script (desk, "dupont-maintenance", NULL);
  g_assert_nonnull (script);
  g_assert_cmpstr (vigie_script_lookup (script, "ascenseur-bloque")->nature, ==,
                   "Personne bloquée dans la cabine d'un ascenseur");

  /* Version 1, the file as it was, comes back as version 3. */
  restored = vigie_script_restore_version (fixture->root, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restored->number, ==, 3);
  g_assert_nonnull (strstr (restored->note, "1"));
  restored_text = read_root (fixture);
  original_tree = vigie_script_json_parse (fixture->original, -1, NULL);
  restored_tree = vigie_script_json_parse (restored_text, -1, NULL);
  g_assert_true (json_node_equal (original_tree, restored_tree));

  g_assert_false (vigie_script_restore_version (fixture->root, 9, &error));
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/script-publish/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/script-publish/publish-and-restore", Fixture, NULL, fixture_set_up,
              test_publish_and_restore, fixture_tear_down);

  return g_test_run ();
}
