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

#include "vigie-call.h"
#include "vigie-context.h"
#include "vigie-journal.h"
#include "vigie-script-runner.h"
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

  /* The file holds the edit, with its SHA-256 in the version. */
  after = read_root (fixture);
  g_assert_nonnull (strstr (after, "Personne bloquée dans la cabine d'un ascenseur"));
  sha = vigie_script_compute_sha256 (after, strlen (after));
  g_assert_cmpuint (published->number, ==, 2);

  versions = vigie_script_list_versions (fixture->root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpuint (((VigieScriptVersion *) g_ptr_array_index (versions, 0))->number, ==, 1);
  g_assert_cmpstr (((VigieScriptVersion *) g_ptr_array_index (versions, 1))->sha256, ==, published->sha256);
  g_assert_cmpstr (g_hash_table_lookup (((VigieScriptVersion *) g_ptr_array_index (versions, 1))->files,
                                        "dupont-maintenance.json"), ==, sha);

  /* A desk loading the folder runs the published script. */
  desk = vigie_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  script = vigie_context_get_script (desk, "dupont-maintenance", NULL);
  g_assert_nonnull (script);
  g_assert_cmpstr (vigie_script_lookup (script, "ascenseur-bloque")->nature, ==,
                   "Personne bloquée dans la cabine d'un ascenseur");

  /* The version's hash is the one the journal records for a call on it. */
  {
    g_autoptr(VigieCall) call = vigie_context_open_call (desk, "+33 6 98 76 54 32", "0800 100 200", "c-publish", &error);
    g_autoptr(GPtrArray) events = NULL;
    g_autofree char *expected = g_strdup_printf ("\"script_sha256\":\"%s\"", published->sha256);
    gboolean found = FALSE;

    g_assert_no_error (error);
    events = vigie_journal_list_events (vigie_context_get_journal (desk), "c-publish", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < events->len; i++)
      {
        VigieJournalEvent *event = g_ptr_array_index (events, i);

        if (g_str_equal (event->kind, "call-received"))
          found = strstr (event->data, expected) != NULL;
      }
    g_assert_true (found);
  }

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

static JsonObject *
lift_client (const char *id,
             const char *line)
{
  JsonObject *client = json_object_new ();
  JsonArray *lines = json_array_new ();

  json_object_set_string_member (client, "id", id);
  json_object_set_string_member (client, "name", "Ascenseurs Durand");
  json_array_add_string_element (lines, line);
  json_object_set_array_member (client, "lines", lines);
  json_object_set_string_member (client, "timezone", "Europe/Paris");
  return client;
}

static void
test_add_client (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *clients_path = g_build_filename (fixture->data_dir, "clients.json", NULL);
  g_autofree char *script_path = g_build_filename (fixture->data_dir, "scripts", "ascenseurs-durand.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad_id = lift_client ("Ascenseurs Durand", "01 23 45 67 89");
  g_autoptr(JsonObject) taken_line = lift_client ("ascenseurs-durand", "0800 100 200");
  g_autoptr(JsonObject) good = lift_client ("ascenseurs-durand", "01 23 45 67 89");
  g_autoptr(JsonObject) again = lift_client ("ascenseurs-durand", "01 23 45 67 00");
  g_autoptr(VigieContext) desk = NULL;
  g_autoptr(VigieCall) call = NULL;

  g_file_get_contents (clients_path, &before, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (vigie_script_add_client (fixture->data_dir, bad_id, "Personne bloquée ?", &error));
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);
  /* The directory's own loader refuses a line another client answers. */
  g_assert_false (vigie_script_add_client (fixture->data_dir, taken_line, "Personne bloquée ?", &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  g_file_get_contents (clients_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (script_path, G_FILE_TEST_EXISTS));

  g_assert_true (vigie_script_add_client (fixture->data_dir, good, "Personne bloquée dans la cabine ?", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (script_path, G_FILE_TEST_EXISTS));
  g_assert_false (vigie_script_add_client (fixture->data_dir, again, "Encore ?", &error));
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_DUPLICATE_ID);
  g_clear_error (&error);

  desk = vigie_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  call = vigie_context_open_call (desk, "+33 6 98 76 54 32", "01 23 45 67 89", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigie_script_runner_get_current (vigie_call_get_runner (call))->text, ==,
                   "Personne bloquée dans la cabine ?");
}

/* Cases are edited in the same undo history as the script. */
static void
test_cases_undo (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptDocument) document = vigie_script_document_load (fixture->root, &error);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) edited = NULL;

  g_assert_no_error (error);
  before = vigie_script_json_copy (vigie_script_document_get_cases (document));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (before), "cases")), ==, 8);
  edited = vigie_script_json_copy (before);
  json_array_remove_element (json_object_get_array_member (json_node_get_object (edited), "cases"), 0);
  vigie_script_document_set_cases (document, edited);
  vigie_script_document_set_string (document, "fuite-grave", "nature", "Fuite grave", &error);
  g_assert_no_error (error);
  g_assert_true (vigie_script_document_undo (document));
  g_assert_true (json_node_equal (vigie_script_document_get_cases (document), edited));
  g_assert_true (vigie_script_document_undo (document));
  g_assert_true (json_node_equal (vigie_script_document_get_cases (document), before));
  g_assert_true (vigie_script_document_redo (document));
  g_assert_true (json_node_equal (vigie_script_document_get_cases (document), edited));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/script-publish/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/script-publish/publish-and-restore", Fixture, NULL, fixture_set_up,
              test_publish_and_restore, fixture_tear_down);

  g_test_add ("/script-publish/add-client", Fixture, NULL, fixture_set_up, test_add_client, fixture_tear_down);
  g_test_add ("/script-publish/cases-undo", Fixture, NULL, fixture_set_up, test_cases_undo, fixture_tear_down);

  return g_test_run ();
}
