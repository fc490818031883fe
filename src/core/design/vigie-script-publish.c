/* vigie-script-publish.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Publishing a script: what the desks will use. Only a valid script whose
 * cases all pass is written into the data folder, each file atomically,
 * the branches before the root file so a desk reloading on the root's
 * change finds them ready. Every version is kept beside the script, under
 * .versions/<script>/<number>/, with its SHA-256 in history.json, so the
 * previous one can be restored, through the same checks.
 */
#define G_LOG_DOMAIN "vigie-script-publish"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigie-directory.h"
#include "vigie-script-cases.h"
#include "vigie-script-publish.h"

void
vigie_script_version_free (VigieScriptVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->published_at);
  g_free (version->sha256);
  g_free (version->note);
  g_clear_pointer (&version->files, g_hash_table_unref);
  g_free (version);
}

/**
 * vigie_script_compute_sha256:
 * @data: bytes
 * @length: their number
 *
 * Returns: (transfer full): the SHA-256 in lowercase hexadecimal
 */
char *
vigie_script_compute_sha256 (const char *data,
                             gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static char *
stem_of (GFile *root)
{
  g_autofree char *base = g_file_get_basename (root);

  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - 5] = '\0';
  return g_steal_pointer (&base);
}

static GFile *
history_dir (GFile *root)
{
  g_autoptr(GFile) folder = g_file_get_parent (root);
  g_autofree char *stem = stem_of (root);
  g_autofree char *relative = g_build_filename (".versions", stem, NULL);

  return g_file_resolve_relative_path (folder, relative);
}

static VigieScriptVersion *
version_from_json (JsonObject *object)
{
  VigieScriptVersion *version = g_new0 (VigieScriptVersion, 1);
  JsonNode *files = json_object_get_member (object, "files");

  version->number = (guint) json_object_get_int_member_with_default (object, "number", 0);
  version->published_at = g_strdup (json_object_get_string_member_with_default (object, "published_at", NULL));
  version->sha256 = g_strdup (json_object_get_string_member_with_default (object, "sha256", NULL));
  version->note = g_strdup (json_object_get_string_member_with_default (object, "note", NULL));
  version->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (files && JSON_NODE_HOLDS_OBJECT (files))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (files));

      for (GList *l = names; l; l = l->next)
        g_hash_table_insert (version->files, g_strdup (l->data),
                             g_strdup (json_object_get_string_member (json_node_get_object (files), l->data)));
    }
  return version;
}

static JsonNode *
version_to_json (VigieScriptVersion *version)
{
  JsonObject *object = json_object_new ();
  JsonObject *files = json_object_new ();
  g_autoptr(GList) names = g_hash_table_get_keys (version->files);
  JsonNode *node;

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  json_object_set_int_member (object, "number", version->number);
  json_object_set_string_member (object, "published_at", version->published_at);
  json_object_set_string_member (object, "sha256", version->sha256);
  if (version->note)
    json_object_set_string_member (object, "note", version->note);
  for (GList *l = names; l; l = l->next)
    json_object_set_string_member (files, l->data, g_hash_table_lookup (version->files, l->data));
  json_object_set_object_member (object, "files", files);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/**
 * vigie_script_list_versions:
 * @root: a script's root file in the data folder
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieScriptVersion): the
 *   published versions, oldest first; empty if never published
 */
GPtrArray *
vigie_script_list_versions (GFile   *root,
                            GError **error)
{
  g_autoptr(GFile) dir = history_dir (root);
  g_autoptr(GFile) file = g_file_get_child (dir, "history.json");
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_version_free);
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  JsonNode *list;
  gsize length;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return g_steal_pointer (&versions);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!(history = vigie_script_json_parse (contents, (gssize) length, error)))
    return NULL;
  list = JSON_NODE_HOLDS_OBJECT (history) ? json_object_get_member (json_node_get_object (history), "versions") : NULL;
  for (guint i = 0; list && JSON_NODE_HOLDS_ARRAY (list) && i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonObject *object = json_array_get_object_element (json_node_get_array (list), i);

      if (object)
        g_ptr_array_add (versions, version_from_json (object));
    }
  return g_steal_pointer (&versions);
}

static gboolean
write_history (GFile      *root,
               GPtrArray  *versions,
               GError    **error)
{
  g_autoptr(GFile) dir = history_dir (root);
  g_autoptr(GFile) file = g_file_get_child (dir, "history.json");
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *list = json_array_new ();
  g_autofree char *data = NULL;

  for (guint i = 0; i < versions->len; i++)
    json_array_add_element (list, version_to_json (g_ptr_array_index (versions, i)));
  json_object_set_array_member (object, "versions", list);
  json_node_take_object (node, object);
  data = vigie_script_json_to_data (node);
  return vigie_script_write_atomically (file, data, strlen (data), error);
}

typedef struct
{
  char  *path;   /* relative to the script's folder */
  char  *data;
} Output;

static void
output_free (gpointer data)
{
  Output *output = data;

  g_free (output->path);
  g_free (output->data);
  g_free (output);
}

static void
add_output (GPtrArray  *outputs,
            const char *path,
            char       *data)
{
  Output *output = g_new0 (Output, 1);

  output->path = g_strdup (path);
  output->data = data;
  g_ptr_array_add (outputs, output);
}

static gboolean
archive (GFile       *version_dir,
         GPtrArray   *outputs,
         GError     **error)
{
  for (guint i = 0; i < outputs->len; i++)
    {
      Output *output = g_ptr_array_index (outputs, i);
      g_autoptr(GFile) file = g_file_resolve_relative_path (version_dir, output->path);

      if (!vigie_script_write_atomically (file, output->data, strlen (output->data), error))
        return FALSE;
    }
  return TRUE;
}

/* The hash the desk journals with every call (vigie-context.c): over the
 * script's files in load order, each as its path from the data folder, a
 * NUL, its SHA-256 and a newline. The data folder is the scripts folder's
 * parent when it holds clients.json. */
static char *
script_hash (GFile     *folder,
             GPtrArray *outputs,
             guint      n_script_files)
{
  g_autoptr(GChecksum) all = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFile) data_dir = g_file_get_parent (folder);
  g_autoptr(GFile) clients = data_dir ? g_file_get_child (data_dir, "clients.json") : NULL;
  g_autofree char *prefix = NULL;

  if (clients && g_file_query_exists (clients, NULL))
    {
      g_autofree char *base = g_file_get_basename (folder);

      prefix = g_strconcat (base, G_DIR_SEPARATOR_S, NULL);
    }
  for (guint i = 0; i < n_script_files && i < outputs->len; i++)
    {
      Output *output = g_ptr_array_index (outputs, i);
      g_autofree char *sum = vigie_script_compute_sha256 (output->data, strlen (output->data));
      g_autofree char *relative = g_strconcat (prefix ? prefix : "", output->path, NULL);

      g_checksum_update (all, (const guchar *) relative, -1);
      g_checksum_update (all, (const guchar *) "\0", 1);
      g_checksum_update (all, (const guchar *) sum, -1);
      g_checksum_update (all, (const guchar *) "\n", 1);
    }
  return g_strdup (g_checksum_get_string (all));
}

static VigieScriptVersion *
new_version (guint       number,
             GPtrArray  *outputs,
             const char *note)
{
  VigieScriptVersion *version = g_new0 (VigieScriptVersion, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  version->number = number;
  version->published_at = g_date_time_format_iso8601 (now);
  version->note = g_strdup (note);
  version->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < outputs->len; i++)
    {
      Output *output = g_ptr_array_index (outputs, i);
      char *sha = vigie_script_compute_sha256 (output->data, strlen (output->data));

      g_hash_table_insert (version->files, g_strdup (output->path), sha);
    }
  return version;
}

/* The files as they are before the first publication become version 1,
 * so even that one can be undone. */
static gboolean
archive_first (GFile       *root,
               GFile       *folder,
               GPtrArray   *paths,
               GPtrArray   *versions,
               GError     **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (output_free);
  g_autoptr(GFile) dir = history_dir (root);
  g_autoptr(GFile) version_dir = g_file_get_child (dir, "1");

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GFile) file = g_file_resolve_relative_path (folder, g_ptr_array_index (paths, i));
      char *contents = NULL;

      if (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL))
        add_output (outputs, g_ptr_array_index (paths, i), contents);
      else if (i == 0)
        return TRUE; /* a new script: nothing to keep */
    }
  if (!archive (version_dir, outputs, error))
    return FALSE;
  {
    VigieScriptVersion *first = new_version (1, outputs, _("as it was before the first publication"));

    first->sha256 = script_hash (folder, outputs, paths->len - 1);
    g_ptr_array_add (versions, first);
  }
  return TRUE;
}

static void
set_cases_error (GError    **error,
                 GPtrArray  *results,
                 guint       failed)
{
  g_autoptr(GString) message = g_string_new (NULL);

  g_string_printf (message,
                   ngettext ("%u case fails, the script was not published:",
                             "%u cases fail, the script was not published:", failed), failed);
  for (guint i = 0; i < results->len; i++)
    {
      VigieScriptCaseResult *result = g_ptr_array_index (results, i);

      if (!result->passed)
        g_string_append_printf (message, "\n%s: %s", result->name, result->failure);
    }
  g_set_error_literal (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_CASES_FAILED,
                       message->str);
}

/* At least one case, and every case passing. */
static gboolean
run_cases_for_publication (VigieScript  *script,
                           JsonNode     *cases,
                           GPtrArray   **results,
                           GError      **error)
{
  g_autoptr(GPtrArray) case_results = NULL;
  JsonNode *list = cases && JSON_NODE_HOLDS_OBJECT (cases)
                   ? json_object_get_member (json_node_get_object (cases), "cases") : NULL;
  guint failed = 0;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) || json_array_get_length (json_node_get_array (list)) == 0)
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_CASES_FAILED,
                   _("a script is published with at least one case that shows what it decides"));
      return FALSE;
    }
  case_results = vigie_script_cases_run (script, cases, &failed);
  if (results)
    *results = g_ptr_array_ref (case_results);
  if (failed > 0)
    {
      set_cases_error (error, case_results, failed);
      return FALSE;
    }
  return TRUE;
}

/* The files to write, root first: the branches, then the cases file. */
static GPtrArray *
publication_outputs (VigieScriptDocument *document,
                     GFile               *root,
                     JsonNode            *cases,
                     GPtrArray           *paths)
{
  GPtrArray *outputs = g_ptr_array_new_with_free_func (output_free);
  g_autofree char *root_base = g_file_get_basename (root);
  g_autoptr(JsonNode) cases_copy = vigie_script_json_copy (cases);
  char *cases_path = vigie_script_cases_path_for (root_base);

  json_object_set_string_member (json_node_get_object (cases_copy), "script", root_base);
  for (guint i = 0; i < vigie_script_document_get_n_files (document); i++)
    {
      add_output (outputs, vigie_script_document_get_file_path (document, i),
                  vigie_script_document_to_data (document, i));
      g_ptr_array_add (paths, (gpointer) vigie_script_document_get_file_path (document, i));
    }
  add_output (outputs, cases_path, vigie_script_json_to_data (cases_copy));
  g_ptr_array_add (paths, cases_path);
  return outputs;
}

/* Reverse order puts the cases then the branches before… the root is
 * index 0, so it goes last. Unchanged files are left alone: no event for
 * the desk's watcher. */
static gboolean
write_outputs (GFile      *folder,
               GPtrArray  *outputs,
               GError    **error)
{
  for (guint k = outputs->len; k > 0; k--)
    {
      Output *output = g_ptr_array_index (outputs, k - 1);
      g_autoptr(GFile) file = g_file_resolve_relative_path (folder, output->path);
      g_autofree char *current = NULL;
      gsize length;

      if (g_file_load_contents (file, NULL, &current, &length, NULL, NULL) &&
          length == strlen (output->data) && memcmp (current, output->data, length) == 0)
        continue;
      if (!vigie_script_write_atomically (file, output->data, strlen (output->data), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * vigie_script_publish:
 * @document: a script with a file in the data folder
 * @cases: (nullable): the script's cases (an object with "cases"), at
 *   least one; %NULL: the document's
 * @note: (nullable): said in the history
 * @results: (out) (optional) (transfer full) (element-type VigieScriptCaseResult):
 *   what each case gave, also when they fail
 * @error: return location for a #GError
 *
 * Checks the script with the engine's loader, runs its cases, then writes
 * the files that changed (branches, cases, root last), each atomically,
 * and records the version. Nothing is written if the script is invalid or
 * a case fails.
 *
 * Returns: (transfer full) (nullable): the version published
 */
VigieScriptVersion *
vigie_script_publish (VigieScriptDocument  *document,
                      JsonNode             *cases,
                      const char           *note,
                      GPtrArray           **results,
                      GError              **error)
{
  g_autoptr(VigieScript) script = NULL;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (NULL);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) version_dir = NULL;
  g_autofree char *number_text = NULL;
  g_autofree char *cases_path = NULL;
  VigieScriptVersion *version;
  GFile *root;
  guint number;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_DOCUMENT (document), NULL);

  if (cases == NULL)
    cases = vigie_script_document_get_cases (document);
  if (!(root = vigie_script_document_get_file (document)))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_NO_FILE,
                   _("the script has no file yet"));
      return NULL;
    }
  if (!(script = vigie_script_document_check_valid (document,
                                                    _("the script has errors, it was not published:"),
                                                    error)) ||
      !run_cases_for_publication (script, cases, results, error))
    return NULL;

  /* Root first in the archive and the history (its hash is the version's),
   * written last in the data folder. */
  outputs = publication_outputs (document, root, cases, paths);
  cases_path = g_ptr_array_index (paths, paths->len - 1);

  folder = g_file_get_parent (root);
  if (!(versions = vigie_script_list_versions (root, error)))
    return NULL;
  if (versions->len == 0 && !archive_first (root, folder, paths, versions, error))
    return NULL;

  number = versions->len ? ((VigieScriptVersion *) g_ptr_array_index (versions, versions->len - 1))->number + 1 : 1;
  dir = history_dir (root);
  number_text = g_strdup_printf ("%u", number);
  version_dir = g_file_get_child (dir, number_text);
  if (!archive (version_dir, outputs, error) || !write_outputs (folder, outputs, error))
    return NULL;

  vigie_script_document_mark_saved (document);
  version = new_version (number, outputs, note);
  version->sha256 = script_hash (folder, outputs, vigie_script_document_get_n_files (document));
  g_ptr_array_add (versions, version);
  if (!write_history (root, versions, error))
    return NULL;
  g_ptr_array_steal_index (versions, versions->len - 1);
  return version;
}

/**
 * vigie_script_restore_version:
 * @root: a script's root file in the data folder
 * @number: a version from vigie_script_list_versions()
 * @error: return location for a #GError
 *
 * Publishes an earlier version again, through the same checks: it must
 * still be valid and its cases still pass.
 *
 * Returns: (transfer full) (nullable): the new version, a copy of @number
 */
VigieScriptVersion *
vigie_script_restore_version (GFile    *root,
                              guint     number,
                              GError  **error)
{
  g_autoptr(GFile) dir = history_dir (root);
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  g_autoptr(GFile) version_dir = g_file_get_child (dir, number_text);
  g_autofree char *base = g_file_get_basename (root);
  g_autofree char *cases_base = vigie_script_cases_path_for (base);
  g_autoptr(GFile) archived = g_file_get_child (version_dir, base);
  g_autoptr(GFile) archived_cases = g_file_get_child (version_dir, cases_base);
  g_autoptr(VigieScriptDocument) document = NULL;
  g_autoptr(JsonNode) cases = NULL;
  g_autofree char *note = NULL;

  if (!g_file_query_exists (archived, NULL))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_NOT_FOUND,
                   _("there is no version %u of this script"), number);
      return NULL;
    }
  if (!(document = vigie_script_document_load (archived, error)))
    return NULL;
  /* A version from before the first publication may have no cases: the
   * current ones then judge it. */
  if (!g_file_query_exists (archived_cases, NULL))
    {
      g_autoptr(GFile) folder = g_file_get_parent (root);

      g_clear_object (&archived_cases);
      archived_cases = g_file_get_child (folder, cases_base);
    }
  if (!(cases = vigie_script_cases_load (archived_cases, error)))
    return NULL;
  vigie_script_document_set_file (document, root);
  note = g_strdup_printf (_("restored from version %u"), number);
  return vigie_script_publish (document, cases, note, NULL, error);
}

static gboolean
valid_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_new_client (const char  *id,
                  const char  *timezone,
                  const char  *first_question,
                  GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;

  if (!valid_id (id))
    return invalid (error, _("a client's identifier is made of lowercase letters, digits and hyphens"));
  if (timezone && !(zone = g_time_zone_new_identifier (timezone)))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
                   _("unknown time zone “%s”"), timezone);
      return FALSE;
    }
  if (first_question == NULL || *first_question == '\0')
    return invalid (error, _("the script needs a first question"));
  return TRUE;
}

/* clients.json's "clients" list, with no client called @id yet. */
static JsonArray *
clients_list (JsonNode    *clients,
              const char  *id,
              GError     **error)
{
  JsonArray *list = JSON_NODE_HOLDS_OBJECT (clients) && json_object_has_member (json_node_get_object (clients), "clients")
                    ? json_object_get_array_member (json_node_get_object (clients), "clients") : NULL;

  if (list == NULL)
    {
      invalid (error, _("clients.json has no “clients” list"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *other = json_array_get_object_element (list, i);

      if (other && g_strcmp0 (json_object_get_string_member_with_default (other, "id", NULL), id) == 0)
        {
          g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_DUPLICATE_ID,
                       _("there is already a client “%s”"), id);
          return NULL;
        }
    }
  return list;
}

/* The directory's loader judges the whole file, as the desk will. */
static gboolean
check_clients_data (const char  *data,
                    GError     **error)
{
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autofree char *temp_dir = NULL;
  g_autofree char *temp_path = NULL;
  g_autoptr(GFile) temp_file = NULL;
  gboolean ok;

  if (!(temp_dir = g_dir_make_tmp ("vigie-client-XXXXXX", error)))
    return FALSE;
  temp_path = g_build_filename (temp_dir, "clients.json", NULL);
  temp_file = g_file_new_for_path (temp_path);
  ok = g_file_set_contents (temp_path, data, -1, error) &&
       vigie_directory_load_clients (directory, temp_file, error);
  g_unlink (temp_path);
  g_rmdir (temp_dir);
  return ok;
}

static JsonObject *
new_node (const char *id,
          const char *type)
{
  JsonObject *node = json_object_new ();

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "type", type);
  return node;
}

/* One yes/no question: yes triggers, no logs. */
static VigieScriptDocument *
first_script (JsonObject  *client,
              const char  *id,
              const char  *timezone,
              const char  *first_question,
              GError     **error)
{
  g_autoptr(VigieScriptDocument) document = vigie_script_document_new (id);
  g_autoptr(JsonObject) question = new_node ("question", "yesno");
  g_autoptr(JsonObject) yes = new_node ("declencher", "outcome");
  g_autoptr(JsonObject) no = new_node ("consigner", "outcome");

  vigie_script_document_set_string (document, NULL, "title",
                                    json_object_get_string_member_with_default (client, "name", id), NULL);
  if (timezone)
    vigie_script_document_set_string (document, NULL, "timezone", timezone, NULL);
  json_object_set_string_member (question, "text", first_question);
  json_object_set_string_member (question, "yes", "declencher");
  json_object_set_string_member (question, "no", "consigner");
  json_object_set_string_member (yes, "nature", first_question);
  json_object_set_int_member (yes, "gravity", 3);
  json_object_set_string_member (yes, "decision", "trigger");
  json_object_set_int_member (no, "gravity", 1);
  json_object_set_string_member (no, "decision", "log");
  if (!vigie_script_document_add_node (document, NULL, NULL, question, error) ||
      !vigie_script_document_add_node (document, NULL, NULL, yes, error) ||
      !vigie_script_document_add_node (document, NULL, NULL, no, error))
    return NULL;
  return g_steal_pointer (&document);
}

/**
 * vigie_script_add_client:
 * @data_dir: the data folder the desks read
 * @client: the new client as clients.json holds it (id, name, lines,
 *   greeting, timezone, targets or webhook, oncall…); "script" is set here
 * @first_question: the script's first yes/no question
 * @error: return location for a #GError
 *
 * Adds a client and its first script in one step, with the checks the
 * desk applies when it reads the files: the client is read back by the
 * directory's own loader together with every other client (a line
 * already taken is refused), the script by the script loader. The script
 * is written first, then clients.json, each atomically: a desk never
 * sees a client without its script.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_script_add_client (const char  *data_dir,
                         JsonObject  *client,
                         const char  *first_question,
                         GError     **error)
{
  g_autofree char *clients_path = g_build_filename (data_dir, "clients.json", NULL);
  g_autoptr(GFile) clients_file = g_file_new_for_path (clients_path);
  g_autoptr(GFile) scripts = NULL;
  g_autoptr(JsonNode) clients = NULL;
  g_autoptr(JsonNode) element = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(VigieScriptDocument) document = NULL;
  g_autoptr(GFile) script_file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data = NULL;
  g_autofree char *script_relative = NULL;
  g_autofree char *script_name = NULL;
  const char *id = json_object_get_string_member_with_default (client, "id", NULL);
  const char *timezone = json_object_get_string_member_with_default (client, "timezone", NULL);
  JsonArray *list;
  gsize length;

  if (!check_new_client (id, timezone, first_question, error))
    return FALSE;
  if (!g_file_load_contents (clients_file, NULL, &contents, &length, NULL, error) ||
      !(clients = vigie_script_json_parse (contents, (gssize) length, error)) ||
      !(list = clients_list (clients, id, error)))
    return FALSE;

  script_relative = g_strdup_printf ("scripts/%s.json", id);
  json_object_set_string_member (client, "script", script_relative);
  json_node_set_object (element, client);
  json_array_add_element (list, vigie_script_json_copy (element));
  data = vigie_script_json_to_data (clients);
  if (!check_clients_data (data, error))
    return FALSE;
  if (!(document = first_script (client, id, timezone, first_question, error)))
    return FALSE;

  scripts = g_file_new_build_filename (data_dir, "scripts", NULL);
  script_name = g_strdup_printf ("%s.json", id);
  script_file = g_file_get_child (scripts, script_name);
  if (g_file_query_exists (script_file, NULL))
    {
      g_set_error (error, VIGIE_SCRIPT_DOCUMENT_ERROR, VIGIE_SCRIPT_DOCUMENT_ERROR_DUPLICATE_ID,
                   _("a script “%s” already exists"), script_relative);
      return FALSE;
    }
  vigie_script_document_set_file (document, script_file);
  if (!vigie_script_document_save (document, error))
    return FALSE;
  return vigie_script_write_atomically (clients_file, data, strlen (data), error);
}
