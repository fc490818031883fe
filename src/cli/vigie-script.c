/* vigie-script.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie-script`: the qualification-script tool for designers and
 * automation. No display needed: it links the GTK-free core only.
 *
 *   vigie-script check [--data-dir DIR] FILE…
 *   vigie-script simulate FILE --answers ID=VALUE,… [--at ISO-8601] …
 *   vigie-script graph FILE
 *   vigie-script test CASES…
 */
#define G_LOG_DOMAIN "vigie-script-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vigie-decision.h"
#include "vigie-directory.h"
#include "vigie-roster.h"
#include "vigie-script-cases.h"
#include "vigie-script-runner.h"
#include "vigie-script.h"

enum {
  EXIT_OK = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

static void
print_diagnostics (GPtrArray *diagnostics)
{
  for (guint i = 0; diagnostics && i < diagnostics->len; i++)
    {
      g_autofree char *line = vigie_script_diagnostic_format (g_ptr_array_index (diagnostics, i));

      g_printerr ("%s\n", line);
    }
}

/* Read here rather than through a GFile, so errors name the file as the
 * user wrote it, relative paths included, as compilers do. */
static VigieScript *
load (const char *path)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  VigieScript *script;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s: error: %s\n", path, error->message);
      return NULL;
    }
  script = vigie_script_load_from_data (path, contents, length, &diagnostics, NULL);
  print_diagnostics (diagnostics);
  return script;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("vigie-script: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* Moves the position (@line, @column, columns counting characters as
 * editors do) over @p up to @end, or to the position (@to_line, @to_column)
 * when @end is NULL; returns where it stopped. */
static const char *
advance (const char *p,
         const char *end,
         guint       to_line,
         guint       to_column,
         guint      *line,
         guint      *column)
{
  for (; *p && (end ? p < end : (*line < to_line || (*line == to_line && *column < to_column))); p++)
    {
      if (*p == '\n')
        (*line)++, *column = 1;
      else if ((*p & 0xc0) != 0x80)
        (*column)++;
    }
  return p;
}

/* Where the outcome's "roster" value is written: the loader keeps only
 * the node's position, so the member is found again in the text, from
 * there on, the way an editor would. */
static void
roster_position (GHashTable            *texts,
                 const VigieScriptNode *node,
                 guint                 *line,
                 guint                 *column)
{
  const char *text = g_hash_table_lookup (texts, node->file);
  const char *p, *found;
  guint l = 1, c = 1;

  *line = node->line;
  *column = node->column;
  if (text == NULL)
    {
      char *contents = NULL;

      if (!g_file_get_contents (node->file, &contents, NULL, NULL))
        return;
      g_hash_table_insert (texts, g_strdup (node->file), contents);
      text = contents;
    }
  p = advance (text, NULL, node->line, node->column, &l, &c);
  if (!(found = strstr (p, "\"roster\"")))
    return;
  found += strlen ("\"roster\"");
  found += strspn (found, " \t:\n\r");
  advance (p, found, 0, 0, &l, &c);
  *line = l;
  *column = c;
}

/* An outcome naming a roster the client lacks would reach the client's
 * default roster instead: an error for the designer, at the value. */
static guint
check_rosters (VigieScript *script,
               const char  *client_id,
               VigieRoster *roster)
{
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) named = roster ? vigie_roster_list_named (roster) : g_new0 (char *, 1);
  g_autofree char *list = g_strjoinv (", ", named);
  guint n_errors = 0;

  for (guint i = 0; i < vigie_script_get_n_nodes (script); i++)
    {
      const VigieScriptNode *node = vigie_script_get_node (script, i);
      guint line, column;

      if (node->kind != VIGIE_NODE_OUTCOME || node->roster == NULL ||
          (roster != NULL && vigie_roster_has_named (roster, node->roster)))
        continue;
      roster_position (texts, node, &line, &column);
      if (roster == NULL)
        g_printerr (_("%s:%u:%u: error: outcome “%s” names the roster “%s”, but client “%s” has no roster\n"),
                    node->file, line, column, node->id, node->roster, client_id);
      else
        g_printerr (_("%s:%u:%u: error: outcome “%s” names the roster “%s”, which client “%s” does not have "
                      "(its rosters: %s)\n"),
                    node->file, line, column, node->id, node->roster, client_id, *list ? list : "—");
      n_errors++;
    }
  return n_errors;
}

typedef struct {
  VigieDirectory *directory;
  GHashTable     *rosters;  /* client id → VigieRoster */
  char           *dir;
} DataDir;

static void
data_dir_clear (DataDir *data)
{
  g_clear_object (&data->directory);
  g_clear_pointer (&data->rosters, g_hash_table_unref);
  g_clear_pointer (&data->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DataDir, data_dir_clear)

static gboolean
data_dir_load (DataDir     *data,
               const char  *dir,
               GError     **error)
{
  g_autofree char *clients_path = g_build_filename (dir, "clients.json", NULL);
  g_autofree char *rosters_path = g_build_filename (dir, "rosters", NULL);
  g_autoptr(GFile) clients = g_file_new_for_path (clients_path);
  g_autoptr(GDir) folder = NULL;
  const char *name;

  data->dir = g_canonicalize_filename (dir, NULL);
  data->directory = vigie_directory_new ();
  data->rosters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (!vigie_directory_load_clients (data->directory, clients, error))
    return FALSE;
  folder = g_dir_open (rosters_path, 0, NULL);
  while (folder && (name = g_dir_read_name (folder)))
    {
      g_autofree char *path = g_build_filename (rosters_path, name, NULL);
      VigieRoster *roster;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      if (!(roster = vigie_roster_load_file (path, error)))
        return FALSE;
      g_hash_table_replace (data->rosters, g_strdup (vigie_roster_get_client_id (roster)), roster);
    }
  return TRUE;
}

/* The client whose clients.json "script" is @path. */
static VigieClient *
data_dir_find_client (DataDir    *data,
                      const char *path)
{
  GListModel *clients = vigie_directory_get_clients (data->directory);
  g_autofree char *wanted = g_canonicalize_filename (path, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);
      g_autofree char *script = NULL;

      if (vigie_client_get_script (client) == NULL)
        continue;
      script = g_canonicalize_filename (vigie_client_get_script (client), data->dir);
      if (g_str_equal (script, wanted))
        return client;
    }
  return NULL;
}

/* Without FILE, every script the data folder's clients name. */
static void
add_client_scripts (GPtrArray  *files,
                    DataDir    *data,
                    const char *data_dir)
{
  GListModel *clients = vigie_directory_get_clients (data->directory);

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);

      if (vigie_client_get_script (client) != NULL)
        g_ptr_array_add (files, g_build_filename (data_dir, vigie_client_get_script (client), NULL));
    }
}

/* One script: loaded, and with a data folder, the rosters its outcomes
 * name checked against its client's. */
static gboolean
check_file (const char *file,
            DataDir    *data)
{
  g_autoptr(VigieScript) script = load (file);
  VigieClient *client;

  if (script == NULL)
    return FALSE;
  if (data->directory != NULL && (client = data_dir_find_client (data, file)) != NULL &&
      check_rosters (script, vigie_client_get_id (client),
                     g_hash_table_lookup (data->rosters, vigie_client_get_id (client))) > 0)
    return FALSE;
  /* TRANSLATORS: file name, then counts */
  g_print (_("%s: OK, %u nodes in %u files, %u rules\n"), file,
           vigie_script_get_n_nodes (script),
           g_strv_length ((char **) vigie_script_get_files (script)),
           vigie_script_get_rules (script)->len);
  return TRUE;
}

static int
run_check (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — validate qualification scripts"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data_dir = NULL;
  g_auto(DataDir) data = { 0 };
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Also check what the scripts name against this data folder (clients.json, rosters/); "
         "without FILE, checks every client's script"), N_("DIR") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Prints every error as file:line:column: error: message and exits "
                                  "with status 1 if any file has one."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (data_dir != NULL && !data_dir_load (&data, data_dir, &error))
    {
      g_printerr ("%s: error: %s\n", data_dir, error->message);
      return EXIT_INVALID;
    }
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, g_strdup (argv[i]));
  if (files->len == 0 && data.directory != NULL)
    add_client_scripts (files, &data, data_dir);
  if (files->len == 0)
    return usage_error (context, _("no file to check"));

  for (guint i = 0; i < files->len; i++)
    if (!check_file (g_ptr_array_index (files, i), &data))
      status = EXIT_INVALID;
  return status;
}

static gboolean
add_answer (GHashTable  *answers,
            const char  *item,
            GError     **error)
{
  const char *equal = strchr (item, '=');
  g_autofree char *id = NULL;

  if (equal == NULL || equal == item)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not ID=VALUE"), item);
      return FALSE;
    }
  id = g_strstrip (g_strndup (item, (gsize) (equal - item)));
  g_hash_table_insert (answers, g_steal_pointer (&id), g_strdup (equal + 1));
  return TRUE;
}

/* --answers lists (commas separate answers) and --answer items (one
 * answer, commas and all) into @answers. */
static gboolean
collect_answers (GHashTable  *answers,
                 GStrv        answer_lists,
                 GStrv        single_answers,
                 GError     **error)
{
  for (guint i = 0; answer_lists && answer_lists[i]; i++)
    {
      g_auto(GStrv) items = g_strsplit (answer_lists[i], ",", -1);

      for (guint j = 0; items[j]; j++)
        if (*g_strstrip (items[j]) && !add_answer (answers, items[j], error))
          return FALSE;
    }
  for (guint i = 0; single_answers && single_answers[i]; i++)
    if (!add_answer (answers, single_answers[i], error))
      return FALSE;
  return TRUE;
}

/* Answers the script's questions from @answers; warns about answers no
 * question asked for. */
static gboolean
answer_script (VigieScriptRunner *runner,
               GHashTable        *answers,
               const char        *path)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;

  while (!vigie_script_runner_is_finished (runner))
    {
      const VigieScriptNode *node = vigie_script_runner_get_current (runner);
      const char *value = g_hash_table_lookup (answers, node->id);

      if (node->kind != VIGIE_NODE_INFO && value == NULL)
        {
          g_printerr (_("%s: no answer for “%s”: %s\n"), path, node->id, node->text);
          return FALSE;
        }
      if (value != NULL)
        g_hash_table_add (used, node->id);
      if (!vigie_script_runner_answer_value (runner, value, &error))
        {
          g_printerr ("%s: %s\n", path, error->message);
          return FALSE;
        }
    }
  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (used, key))
      g_printerr (_("%s: warning: the answer for “%s” was not used\n"), path, (const char *) key);
  return TRUE;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* The decision as the desk journals it (vigie_decision_to_json), with what
 * a designer also wants: the script, the outcome's nature, the path taken.
 * "deferred_until" (or null) and null alert, roster and escalation keep the
 * shape docs/script-format.md and the cases files use; no operator has
 * confirmed anything, so "decision" is the engine's recommendation. */
static JsonNode *
simulation_to_json (VigieScript       *script,
                    VigieScriptRunner *runner,
                    VigieDecision     *decision)
{
  JsonNode *root = vigie_decision_to_json (decision);
  JsonObject *object = json_node_get_object (root);
  GDateTime *until = vigie_decision_get_defer_until (decision);
  g_autofree char *until_text = until ? g_date_time_format (until, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
  JsonArray *path = json_array_new ();

  json_object_set_string_member (object, "decision",
                                 vigie_decision_kind_to_string (vigie_decision_get_recommended (decision)));
  set_string_or_null (object, "script", vigie_script_get_id (script));
  set_string_or_null (object, "nature", vigie_script_runner_get_outcome (runner)->nature);
  set_string_or_null (object, "deferred_until", until_text);
  for (const char * const *name = (const char *[]) { "alert", "roster", "escalation", NULL }; *name; name++)
    if (!json_object_has_member (object, *name))
      json_object_set_null_member (object, *name);
  for (guint i = 0; i < vigie_script_runner_get_n_steps (runner); i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (runner, i);
      JsonObject *element = json_object_new ();

      set_string_or_null (element, "node", step->node->id);
      set_string_or_null (element, "answer", vigie_script_step_get_label (step));
      json_array_add_object_element (path, element);
    }
  json_object_set_array_member (object, "path", path);
  return root;
}

static void
print_json (JsonNode *root)
{
  g_autofree char *output = json_to_string (root, TRUE);

  g_print ("%s\n", output);
}

typedef struct {
  GStrv    answer_lists;
  GStrv    single_answers;
  char    *contract;
  char    *note;
  char    *at_text;
  char    *timezone;
  gboolean vip;
} SimulateOptions;

static void
simulate_options_clear (SimulateOptions *options)
{
  g_clear_pointer (&options->answer_lists, g_strfreev);
  g_clear_pointer (&options->single_answers, g_strfreev);
  g_clear_pointer (&options->contract, g_free);
  g_clear_pointer (&options->note, g_free);
  g_clear_pointer (&options->at_text, g_free);
  g_clear_pointer (&options->timezone, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimulateOptions, simulate_options_clear)

static GOptionContext *
simulate_context (SimulateOptions *options)
{
  GOptionContext *context = g_option_context_new (_("FILE — run a script without a display"));
  const GOptionEntry entries[] = {
    { "answers", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &options->answer_lists,
      N_("Answers, comma-separated: a choice's key, label or number, yes/no, a number or text"), N_("ID=VALUE,…") },
    { "answer", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->single_answers,
      N_("One answer whose value may hold commas"), N_("ID=VALUE") },
    { "caller-vip", 0, 0, G_OPTION_ARG_NONE, &options->vip, N_("The caller is a VIP"), NULL },
    { "contract", 0, 0, G_OPTION_ARG_STRING, &options->contract, N_("The caller's contract level"), N_("LEVEL") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &options->note, N_("The operator's note"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &options->at_text,
      N_("When the call happens, ISO 8601 with an offset (default: now)"), N_("2026-12-25T23:10+01:00") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &options->timezone,
      N_("The client's time zone when the script sets none (default: Europe/Paris)"), N_("ZONE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Answers the script's questions from --answers, then prints the "
                                  "engine's decision as JSON."));
  return context;
}

/* The options' checks: NULL when they hold, else what is wrong. */
static const char *
simulate_check_options (SimulateOptions *options,
                        GDateTime      **at)
{
  g_autoptr(GTimeZone) zone = NULL;

  /* ISO 8601 with a mandatory offset: a bare time would depend on this
   * machine's zone. */
  *at = options->at_text ? vigie_script_parse_instant (options->at_text) : g_date_time_new_now_utc ();
  if (*at == NULL)
    return _("--at needs an ISO 8601 time with an offset, e.g. 2026-12-25T23:10+01:00");
  if (options->timezone != NULL && !(zone = g_time_zone_new_identifier (options->timezone)))
    return _("unknown time zone");
  return NULL;
}

static int
run_simulate (int    argc,
              char **argv)
{
  g_auto(SimulateOptions) options = { 0 };
  g_autoptr(GOptionContext) context = simulate_context (&options);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(VigieScript) script = NULL;
  g_autoptr(VigieScriptRunner) runner = NULL;
  g_autoptr(VigieDecision) decision = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(JsonNode) root = NULL;
  VigieDecisionFacts facts = { 0 };
  const char *wrong;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("give exactly one script"));
  if (!collect_answers (answers, options.answer_lists, options.single_answers, &error))
    return usage_error (context, error->message);
  if ((wrong = simulate_check_options (&options, &at)))
    return usage_error (context, wrong);

  if (!(script = load (argv[1])))
    return EXIT_INVALID;
  runner = vigie_script_runner_new (script);
  if (!answer_script (runner, answers, argv[1]))
    return EXIT_INVALID;

  facts.now = at;
  facts.timezone = options.timezone;
  facts.vip = options.vip;
  facts.contract = options.contract;
  facts.note = options.note;
  if (!(decision = vigie_decision_evaluate (runner, &facts, &error)))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return EXIT_INVALID;
    }
  root = simulation_to_json (script, runner, decision);
  print_json (root);
  return EXIT_OK;
}

/* DOT strings: quote and backslash escaped, newlines as \n. */
static void
append_dot_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
shorten (const char *text,
         glong       max)
{
  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, max - 1);

    return g_strconcat (head, "…", NULL);
  }
}

static void
append_node (GString               *out,
             const VigieScriptNode *node,
             const char            *start_id)
{
  static const char * const decision_colors[] = {
    [VIGIE_DECISION_NONE] = "white",
    [VIGIE_DECISION_TRIGGER] = "#f66151",
    [VIGIE_DECISION_DEFER] = "#f8e45c",
    [VIGIE_DECISION_LOG] = "#deddda",
  };
  g_autofree char *text = shorten (node->kind == VIGIE_NODE_OUTCOME ? node->nature : node->text, 60);
  g_autofree char *label = NULL;
  const char *shape;

  switch (node->kind)
    {
    case VIGIE_NODE_OUTCOME:
      label = g_strdup_printf ("%s\n%s\n%s, gravity %d", node->id, text,
                               vigie_decision_kind_to_string (node->decision), node->gravity);
      shape = "shape=box, style=\"rounded,filled\", fillcolor=";
      break;
    case VIGIE_NODE_INFO:
      label = g_strdup_printf ("%s\n%s", node->id, text);
      shape = "shape=note";
      break;
    case VIGIE_NODE_NUMBER:
    case VIGIE_NODE_TEXT:
      label = g_strdup_printf ("%s\n%s\n[%s]", node->id, text,
                               node->kind == VIGIE_NODE_NUMBER ? "number" : "text");
      shape = "shape=parallelogram";
      break;
    case VIGIE_NODE_CHOICE:
    case VIGIE_NODE_YESNO:
    default:
      label = g_strdup_printf ("%s\n%s", node->id, text);
      shape = "shape=box";
      break;
    }

  g_string_append (out, "    ");
  append_dot_string (out, node->id);
  g_string_append (out, " [label=");
  append_dot_string (out, label);
  g_string_append_printf (out, ", %s", shape);
  if (node->kind == VIGIE_NODE_OUTCOME)
    append_dot_string (out, decision_colors[node->decision]);
  if (g_strcmp0 (node->id, start_id) == 0)
    g_string_append (out, ", penwidth=3");
  g_string_append (out, "];\n");
}

static char *
edge_label (const VigieScriptNode *node,
            guint                  index)
{
  guint n_choices = node->choices ? node->choices->len : 0;
  guint n_thresholds = node->thresholds ? node->thresholds->len : 0;

  if (index < n_choices)
    return shorten (((VigieScriptChoice *) g_ptr_array_index (node->choices, index))->label, 40);
  index -= n_choices;
  if (index < n_thresholds)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%g",
                       ((VigieScriptThreshold *) g_ptr_array_index (node->thresholds, index))->below);
      return g_strdup_printf ("< %s", number);
    }
  return g_strdup (node->kind == VIGIE_NODE_NUMBER ? "otherwise" : "");
}

/* One cluster per branch file, so shared branches stand out. */
static void
append_nodes (GString     *out,
              VigieScript *script)
{
  const char * const *files = vigie_script_get_files (script);
  guint n_files = g_strv_length ((char **) files);
  const char *start_id = vigie_script_get_start (script)->id;

  for (guint f = 0; f < n_files; f++)
    {
      g_autofree char *base = g_path_get_basename (files[f]);

      if (n_files > 1)
        {
          g_string_append_printf (out, "  subgraph cluster_%u {\n    label=", f);
          append_dot_string (out, base);
          g_string_append (out, ";\n    style=dashed;\n");
        }
      for (guint i = 0; i < vigie_script_get_n_nodes (script); i++)
        {
          const VigieScriptNode *node = vigie_script_get_node (script, i);

          if (g_strcmp0 (node->file, files[f]) == 0)
            append_node (out, node, start_id);
        }
      if (n_files > 1)
        g_string_append (out, "  }\n");
    }
}

static void
append_edges (GString     *out,
              VigieScript *script)
{
  for (guint i = 0; i < vigie_script_get_n_nodes (script); i++)
    {
      const VigieScriptNode *node = vigie_script_get_node (script, i);

      for (guint t = 0; t < vigie_script_node_get_n_targets (node); t++)
        {
          g_autofree char *label = edge_label (node, t);

          g_string_append (out, "  ");
          append_dot_string (out, node->id);
          g_string_append (out, " -> ");
          append_dot_string (out, vigie_script_node_get_target (node, t));
          if (*label)
            {
              g_string_append (out, " [label=");
              append_dot_string (out, label);
              g_string_append (out, "]");
            }
          g_string_append (out, ";\n");
        }
    }
}

static int
run_graph (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — print a script as a Graphviz graph"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_option_context_set_summary (context, _("Writes DOT to standard output: vigie-script graph FILE | dot -Tsvg > script.svg"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("give exactly one script"));
  if (!(script = load (argv[1])))
    return EXIT_INVALID;

  g_string_append (out, "digraph ");
  append_dot_string (out, vigie_script_get_id (script));
  g_string_append (out, " {\n  label=");
  append_dot_string (out, vigie_script_get_title (script));
  g_string_append (out, ";\n  labelloc=t;\n  node [fontname=\"Cantarell\", fontsize=10];\n"
                        "  edge [fontname=\"Cantarell\", fontsize=9];\n");
  append_nodes (out, script);
  append_edges (out, script);
  g_string_append (out, "}\n");

  g_print ("%s", out->str);
  return EXIT_OK;
}

static int
run_test (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASES… — run scripts' cases files"));
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_set_summary (context,
                                _("Runs every case of each cases file on its script (named by "
                                  "\"script\", else the script beside it) and exits with status 1 "
                                  "if a script is invalid or a case fails."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc < 2)
    return usage_error (context, _("no cases file"));

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) cases_file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GFile) script_file = NULL;
      g_autoptr(JsonNode) cases = NULL;
      g_autoptr(VigieScript) script = NULL;
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(GFile) cwd = g_file_new_for_path (".");
      g_autofree char *script_path = NULL;
      guint failed = 0;

      if (!(cases = vigie_script_cases_load (cases_file, &error)))
        {
          g_printerr ("%s: error: %s\n", argv[i], error->message);
          g_clear_error (&error);
          status = EXIT_INVALID;
          continue;
        }
      script_file = vigie_script_cases_get_script (cases_file, cases);
      /* As the user would write it, so messages name familiar paths. */
      script_path = g_file_get_relative_path (cwd, script_file);
      if (script_path == NULL)
        script_path = g_file_get_path (script_file);
      if (!(script = load (script_path)))
        {
          status = EXIT_INVALID;
          continue;
        }
      results = vigie_script_cases_run (script, cases, &failed);
      for (guint j = 0; j < results->len; j++)
        {
          VigieScriptCaseResult *result = g_ptr_array_index (results, j);

          if (result->passed)
            g_print (_("PASS %s\n"), result->name);
          else
            g_print (_("FAIL %s: %s\n"), result->name, result->failure);
        }
      /* TRANSLATORS: file name, cases passed, cases in all */
      g_print (_("%s: %u of %u cases pass\n"), argv[i], results->len - failed, results->len);
      if (failed > 0)
        status = EXIT_INVALID;
    }
  return status;
}

static int
print_usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage: vigie-script COMMAND [OPTION…] FILE…\n"
             "\n"
             "Commands:\n"
             "  check FILE…      validate scripts; errors as file:line:column: error: message\n"
             "                   (--data-dir DIR: also the rosters the outcomes name)\n"
             "  simulate FILE    run the engine on given answers and print the decision as JSON\n"
             "  graph FILE       print the script as a Graphviz DOT graph\n"
             "  test CASES…      run cases files: answers in, expected decisions out\n"
             "\n"
             "“vigie-script COMMAND --help” describes each command's options.\n"));
  return stream == stdout ? EXIT_OK : EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("VIGIE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return print_usage (stderr);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    return print_usage (stdout);
  if (g_str_equal (argv[1], "check"))
    return run_check (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "simulate"))
    return run_simulate (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "graph"))
    return run_graph (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "test"))
    return run_test (argc - 1, argv + 1);

  g_printerr (_("vigie-script: unknown command “%s”\n\n"), argv[1]);
  return print_usage (stderr);
}
