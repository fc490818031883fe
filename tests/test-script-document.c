/* test-script-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script designer's model, without a display: a demo script rebuilt
 * from scratch through it loads and decides as the original on its cases;
 * an invalid script is never written; a save killed between writing and
 * renaming leaves the previous file; undo/redo; untouched fields and key
 * order; renames follow references; branches removed whole.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "vigie-script-cases.h"
#include "vigie-script-document.h"
#include "vigie-test-util.h"

static char *
demo_path (const char *name)
{
  return vigie_test_source_path ("data", "demo", "scripts", name, NULL);
}

static JsonNode *
read_json (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  JsonNode *node;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  node = vigie_script_json_parse (contents, -1, &error);
  g_assert_no_error (error);
  return node;
}

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-document-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
copy_into (const char *dir,
           const char *relative)
{
  g_autofree char *source = demo_path (relative);
  g_autofree char *target = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (target);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0700);
  g_file_get_contents (source, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (target, contents, -1, &error);
  g_assert_no_error (error);
}

static GPtrArray *
run_cases (const char *script_path,
           JsonNode   *cases)
{
  g_autoptr(GFile) file = g_file_new_for_path (script_path);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(VigieScript) script = vigie_script_load (file, &diagnostics, NULL);
  guint failed = 0;
  GPtrArray *results;

  g_assert_nonnull (script);
  results = vigie_script_cases_run (script, cases, &failed);
  for (guint i = 0; i < results->len; i++)
    {
      VigieScriptCaseResult *result = g_ptr_array_index (results, i);

      if (!result->passed)
        g_test_message ("%s: %s", result->name, result->failure);
    }
  g_assert_cmpuint (failed, ==, 0);
  return results;
}

/* Every root field through set_member, every node through add_node, the
 * shared branch through add_include: nothing copied as a whole file. */
static void
test_build_from_scratch (void)
{
  g_autofree char *original_path = demo_path ("hebergix.json");
  g_autofree char *cases_path = demo_path ("hebergix.cases.json");
  g_autoptr(JsonNode) original = read_json (original_path);
  g_autoptr(JsonNode) cases = read_json (cases_path);
  g_autoptr(JsonNode) rebuilt = NULL;
  g_autofree char *dir = make_folder ();
  g_autofree char *root_path = g_build_filename (dir, "hebergix.json", NULL);
  g_autoptr(GFile) root_file = g_file_new_for_path (root_path);
  g_autoptr(VigieScriptDocument) document = vigie_script_document_new ("hebergix");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(VigieScript) checked = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *original_text = NULL;
  JsonObject *object = json_node_get_object (original);
  JsonArray *nodes = json_object_get_array_member (object, "nodes");
  g_autoptr(GList) members = json_object_get_members (object);

  copy_into (dir, "branches/personne-danger.json");
  vigie_script_document_set_file (document, root_file);

  for (GList *l = members; l; l = l->next)
    {
      if (g_str_equal (l->data, "nodes") || g_str_equal (l->data, "include"))
        continue;
      g_assert_true (vigie_script_document_set_member (document, NULL, l->data,
                                                       json_object_get_member (object, l->data), &error));
      g_assert_no_error (error);
    }
  g_assert_true (vigie_script_document_add_include (document, "branches/personne-danger.json", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_script_document_get_n_files (document), ==, 2);

  /* While nodes are missing, the check says so and save refuses. */
  checked = vigie_script_document_check (document, &diagnostics);
  g_assert_null (checked);
  g_assert_cmpuint (diagnostics->len, >, 0);

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      vigie_script_document_add_node (document, NULL, NULL, json_array_get_object_element (nodes, i), &error);
      g_assert_no_error (error);
    }

  vigie_script_document_save (document, &error);
  g_assert_no_error (error);
  g_assert_false (vigie_script_document_get_modified (document));

  /* The same tree, and the same behaviour on every case. */
  rebuilt = read_json (root_path);
  g_assert_true (json_node_equal (rebuilt, original));
  before = run_cases (original_path, cases);
  after = run_cases (root_path, cases);
  g_assert_cmpuint (before->len, ==, after->len);
  g_assert_cmpuint (before->len, >=, 5);
  for (guint i = 0; i < before->len; i++)
    {
      VigieScriptCaseResult *a = g_ptr_array_index (before, i);
      VigieScriptCaseResult *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (a->outcome, ==, b->outcome);
      g_assert_cmpstr (a->decision, ==, b->decision);
      g_assert_cmpstr (a->deferred_until, ==, b->deferred_until);
      g_assert_true (g_strv_equal ((const char * const *) a->fired_rules,
                                   (const char * const *) b->fired_rules));
    }

  /* hebergix.json is in the designer's own layout: byte for byte. */
  g_file_get_contents (root_path, &saved, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (original_path, &original_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, original_text);

}

static const char *invalid_edit_target = "nulle-part";

static void
test_invalid_not_written (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *root_path = g_build_filename (dir, "dupont-maintenance.json", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(VigieScriptDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(VigieScript) script = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean found = FALSE;

  copy_into (dir, "dupont-maintenance.json");
  copy_into (dir, "branches/gaz.json");
  copy_into (dir, "branches/personne-danger.json");
  g_file_get_contents (root_path, &before, NULL, &error);
  g_assert_no_error (error);

  document = vigie_script_document_load (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_script_document_get_n_files (document), ==, 3);
  script = vigie_script_document_check (document, &diagnostics);
  g_assert_nonnull (script);
  g_assert_cmpuint (diagnostics->len, ==, 0);
  g_clear_object (&script);
  g_clear_pointer (&diagnostics, g_ptr_array_unref);

  /* A yes/no answer leading nowhere, and a French keyword the loader
   * knows: only the first is an error. */
  vigie_script_document_set_string (document, "fuite-active", "no", invalid_edit_target, &error);
  g_assert_no_error (error);
  script = vigie_script_document_check (document, &diagnostics);
  g_assert_null (script);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      VigieScriptDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (g_strcmp0 (diagnostic->node_id, "fuite-active") == 0 &&
          diagnostic->code == VIGIE_SCRIPT_ERROR_MISSING_NODE)
        {
          g_assert_cmpstr (diagnostic->file, ==, "dupont-maintenance.json");
          g_assert_cmpuint (diagnostic->line, >, 0);
          found = TRUE;
        }
    }
  g_assert_true (found);

  g_assert_false (vigie_script_document_save (document, &error));
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, invalid_edit_target));
  g_clear_error (&error);
  g_file_get_contents (root_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, before);

  /* Undone, it saves again. */
  g_assert_true (vigie_script_document_undo (document));
  vigie_script_document_save (document, &error);
  g_assert_no_error (error);
}

/* The child: loads PATH, turns it into a large script, saves it. */
static int
save_child (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptDocument) document = vigie_script_document_load (file, &error);
  g_autofree char *long_text = NULL;

  if (document == NULL)
    return 2;
  /* A long text makes the write last long enough to be caught. */
  long_text = g_strnfill (16 * 1024 * 1024, 'x');
  vigie_script_document_set_string (document, "a", "comment", long_text, NULL);
  if (!vigie_script_document_save (document, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

static char *
find_temp (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing && (name = g_dir_read_name (listing)))
    if (g_str_has_prefix (name, ".small.json."))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static void
test_killed_mid_write (void)
{
  static const char *small =
    "{\n  \"format\": 1,\n  \"id\": \"small\",\n  \"start\": \"a\",\n  \"nodes\": [\n"
    "    { \"id\": \"a\", \"type\": \"outcome\", \"decision\": \"log\" }\n  ]\n}\n";
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "small.json", NULL);
  g_autofree char *after = NULL;
  g_autofree char *temp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  goffset temp_size = 0;

  g_file_set_contents (path, small, -1, &error);
  g_assert_no_error (error);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                            "/proc/self/exe",
                            "--save-child", path, NULL);
  g_assert_no_error (error);

  /* Kill it once the temporary file holds data, before the rename. */
  while (g_timer_elapsed (timer, NULL) < 20)
    {
      GStatBuf st;

      if (temp == NULL)
        temp = find_temp (dir);
      if (temp && g_stat (temp, &st) == 0 && st.st_size > 0)
        {
          temp_size = st.st_size;
          break;
        }
      /* A writer that writes in place is caught in the act too. */
      if (g_stat (path, &st) == 0 && st.st_size != (goffset) strlen (small))
        {
          temp_size = st.st_size;
          break;
        }
      g_usleep (200);
    }
  g_assert_cmpint (g_timer_elapsed (timer, NULL), <, 20);
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* Killed with a part written: the previous file, whole. */
  g_file_get_contents (path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, small);
  g_test_message ("killed with %" G_GOFFSET_FORMAT " bytes in %s", temp_size, temp ? temp : path);
}

static void
test_undo_redo (void)
{
  g_autofree char *path = demo_path ("mairie-saint-aubin.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptDocument) document = vigie_script_document_load (file, &error);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) node = json_object_new ();
  g_autofree char *copy = NULL;
  guint n_edits;

  g_assert_no_error (error);
  g_assert_false (vigie_script_document_can_undo (document));
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  vigie_script_document_set_string (document, "voirie-danger", "nature", "Danger sur la route", &error);
  g_assert_no_error (error);
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  json_object_set_string_member (node, "id", "test-ajout");
  json_object_set_string_member (node, "type", "outcome");
  json_object_set_string_member (node, "decision", "log");
  vigie_script_document_add_node (document, NULL, "motif", node, &error);
  g_assert_no_error (error);
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  vigie_script_document_rename_node (document, "voirie-danger", "voirie-grave", &error);
  g_assert_no_error (error);
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  copy = vigie_script_document_duplicate_node (document, "bruit", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copy, ==, "bruit-copie");
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  vigie_script_document_move_node (document, "bruit-copie", "motif", &error);
  g_assert_no_error (error);
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  vigie_script_document_begin_group (document);
  vigie_script_document_set_int (document, "alarme-levee", "gravity", 1, &error);
  vigie_script_document_set_string (document, "alarme-levee", "urgency", "low", &error);
  vigie_script_document_end_group (document);
  g_assert_no_error (error);
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  vigie_script_document_remove_node (document, "test-ajout", &error);
  g_assert_no_error (error);
  g_ptr_array_add (states, vigie_script_document_to_data (document, 0));

  n_edits = states->len - 1;
  for (guint i = 1; i < states->len; i++)
    g_assert_cmpstr (g_ptr_array_index (states, i), !=, g_ptr_array_index (states, i - 1));

  for (guint i = n_edits; i > 0; i--)
    {
      g_autofree char *now = NULL;

      g_assert_true (vigie_script_document_undo (document));
      now = vigie_script_document_to_data (document, 0);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (vigie_script_document_undo (document));
  g_assert_false (vigie_script_document_get_modified (document));
  for (guint i = 1; i <= n_edits; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (vigie_script_document_redo (document));
      now = vigie_script_document_to_data (document, 0);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }
  g_assert_false (vigie_script_document_redo (document));
  g_assert_true (vigie_script_document_get_modified (document));

  /* A new edit after an undo forgets the redo steps. */
  vigie_script_document_undo (document);
  vigie_script_document_set_string (document, "motif", "text", "Motif ?", &error);
  g_assert_no_error (error);
  g_assert_false (vigie_script_document_can_redo (document));
}

static void
test_references_and_order (void)
{
  static const char *text =
    "{\"nodes\": [{\"next\": \"fin\", \"text\": \"Dites\", \"type\": \"text\", \"id\": \"q\", \"x-couleur\": \"bleu\"},\n"
    " {\"alert\": \"Vu : {answer:q}\", \"decision\": \"trigger\", \"type\": \"outcome\", \"id\": \"fin\"}],\n"
    " \"start\": \"q\", \"id\": \"ordre\", \"description\": \"garde-moi\", \"format\": 1,\n"
    " \"rules\": [{\"when\": {\"outcome\": \"fin\", \"vip\": true}, \"id\": \"r\", \"priority\": 1}]}\n";
  g_autofree char *dir = make_folder ();
  g_autofree char *path = g_build_filename (dir, "ordre.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptDocument) document = NULL;
  g_autofree char *data = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  document = vigie_script_document_load (file, &error);
  g_assert_no_error (error);

  g_assert_true (vigie_script_document_rename_node (document, "q", "question", &error));
  g_assert_true (vigie_script_document_rename_node (document, "fin", "alerte", &error));
  g_assert_false (vigie_script_document_rename_node (document, "alerte", "question", &error));
  g_assert_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_DUPLICATE_ID);
  g_clear_error (&error);

  data = vigie_script_document_to_data (document, 0);
  g_assert_cmpstr (data, ==,
    "{\n"
    "  \"format\": 1,\n"
    "  \"id\": \"ordre\",\n"
    "  \"description\": \"garde-moi\",\n"
    "  \"start\": \"question\",\n"
    "  \"rules\": [\n"
    "    {\n"
    "      \"id\": \"r\",\n"
    "      \"when\": {\n"
    "        \"outcome\": \"alerte\",\n"
    "        \"vip\": true\n"
    "      },\n"
    "      \"priority\": 1\n"
    "    }\n"
    "  ],\n"
    "  \"nodes\": [\n"
    "    {\n"
    "      \"id\": \"question\",\n"
    "      \"type\": \"text\",\n"
    "      \"text\": \"Dites\",\n"
    "      \"next\": \"alerte\",\n"
    "      \"x-couleur\": \"bleu\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"alerte\",\n"
    "      \"type\": \"outcome\",\n"
    "      \"decision\": \"trigger\",\n"
    "      \"alert\": \"Vu : {answer:question}\"\n"
    "    }\n"
    "  ]\n"
    "}\n");
}

static void
test_remove_branch (void)
{
  g_autofree char *path = demo_path ("dupont-maintenance.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScriptDocument) document = vigie_script_document_load (file, &error);
  JsonObject *nature;
  g_autoptr(JsonNode) choices = NULL;
  JsonArray *array;
  g_autoptr(VigieScript) script = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_before;

  g_assert_no_error (error);
  n_before = vigie_script_document_get_n_nodes (document);

  /* Delete the lift branch and its choice: one step, still valid. */
  vigie_script_document_begin_group (document);
  nature = vigie_script_document_lookup (document, "nature");
  choices = vigie_script_json_copy (json_object_get_member (nature, "choices"));
  array = json_node_get_array (choices);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "next"),
                     "ascenseur-personne"))
      json_array_remove_element (array, i);
  vigie_script_document_set_member (document, "nature", "choices", choices, &error);
  g_assert_no_error (error);
  vigie_script_document_remove_branch (document, "ascenseur-personne", &error);
  g_assert_no_error (error);
  vigie_script_document_end_group (document);

  g_assert_cmpuint (vigie_script_document_get_n_nodes (document), ==, n_before - 3);
  g_assert_null (vigie_script_document_lookup (document, "ascenseur-bloque"));
  g_assert_nonnull (vigie_script_document_lookup (document, "fuite-grave"));
  script = vigie_script_document_check (document, &diagnostics);
  g_assert_nonnull (script);

  /* A node other branches reach stays: danger-description is reached from
   * danger-consignes too. */
  vigie_script_document_undo (document);
  g_assert_cmpuint (vigie_script_document_get_n_nodes (document), ==, n_before);
  vigie_script_document_remove_branch (document, "danger-consignes", &error);
  g_assert_no_error (error);
  g_assert_nonnull (vigie_script_document_lookup (document, "danger-description"));
  g_assert_null (vigie_script_document_lookup (document, "danger-consignes"));
}

/* Designers write their own words: the loader accepts them. */
static void
test_french_keywords (void)
{
  static const char *text =
    "{ \"id\": \"fr\", \"start\": \"q\", \"nodes\": [\n"
    "  { \"id\": \"q\", \"type\": \"yesno\", \"text\": \"Personne bloquée dans la cabine ?\",\n"
    "    \"yes\": \"vite\", \"no\": \"demain\" },\n"
    "  { \"id\": \"vite\", \"type\": \"outcome\", \"gravity\": 4, \"urgency\": \"immédiate\",\n"
    "    \"decision\": \"déclencher\" },\n"
    "  { \"id\": \"demain\", \"type\": \"outcome\", \"urgency\": \"basse\", \"decision\": \"différer\",\n"
    "    \"defer\": \"next-business-day 08:00\" } ],\n"
    " \"rules\": [ { \"id\": \"r\", \"when\": { \"urgency\": \"basse\", \"decision\": \"différer\" },\n"
    "   \"force\": \"consigner\" } ] }\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load_from_data ("fr.json", text, strlen (text), NULL, &error);
  g_autoptr(JsonNode) cases = vigie_script_json_parse (
    "{ \"cases\": [ { \"name\": \"dedans\", \"answers\": { \"q\": \"oui\" },\n"
    "  \"at\": \"2026-12-04T21:00+01:00\", \"expect\": { \"decision\": \"déclencher\" } },\n"
    " { \"name\": \"personne\", \"answers\": { \"q\": \"non\" },\n"
    "  \"at\": \"2026-12-04T21:00+01:00\", \"expect\": { \"decision\": \"log\", \"fired_rules\": [\"r\"] } } ] }",
    -1, NULL);
  g_autoptr(GPtrArray) results = NULL;
  guint failed = 99;

  g_assert_no_error (error);
  g_assert_cmpint (vigie_script_lookup (script, "vite")->decision, ==, VIGIE_DECISION_TRIGGER);
  g_assert_cmpstr (vigie_script_lookup (script, "vite")->urgency, ==, "immediate");
  g_assert_cmpint (vigie_script_lookup (script, "demain")->decision, ==, VIGIE_DECISION_DEFER);
  results = vigie_script_cases_run (script, cases, &failed);
  g_assert_cmpuint (failed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--save-child"))
    return save_child (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/script-document/build-from-scratch", test_build_from_scratch);
  g_test_add_func ("/script-document/invalid-not-written", test_invalid_not_written);
  g_test_add_func ("/script-document/killed-mid-write", test_killed_mid_write);
  g_test_add_func ("/script-document/undo-redo", test_undo_redo);
  g_test_add_func ("/script-document/references-and-order", test_references_and_order);
  g_test_add_func ("/script-document/remove-branch", test_remove_branch);
  g_test_add_func ("/script-document/french-keywords", test_french_keywords);

  return g_test_run ();
}
