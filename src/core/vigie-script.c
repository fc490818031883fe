/* vigie-script.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-script"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vigie-json-positions.h"
#include "vigie-script.h"

struct _VigieScript
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *path;
  char       *start;
  GPtrArray  *nodes;    /* VigieScriptNode*, in file order */
  GHashTable *by_id;    /* id → VigieScriptNode* */
};

G_DEFINE_FINAL_TYPE (VigieScript, vigie_script, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-script-error-quark, vigie_script_error)

typedef struct
{
  const char         *path;
  VigieJsonPositions *positions;
  GPtrArray          *diagnostics;
} Loader;

static const char * const top_fields[] = {
  "$schema", "format", "id", "title", "description", "start", "nodes", NULL
};
static const char * const common_fields[] = { "id", "type", "text", "comment", NULL };
static const char * const choice_fields[] = { "choices", NULL };
static const char * const yesno_fields[] = { "yes", "no", NULL };
static const char * const info_fields[] = { "next", NULL };
static const char * const outcome_fields[] = {
  "nature", "gravity", "urgency", "decision", "defer", "alert", "escalation", NULL
};
static const char * const choice_item_fields[] = { "label", "next", "key", NULL };

static void
choice_free (gpointer data)
{
  VigieScriptChoice *choice = data;

  g_free (choice->label);
  g_free (choice->next);
  g_free (choice);
}

static void
node_free (gpointer data)
{
  VigieScriptNode *node = data;

  g_free (node->id);
  g_free (node->text);
  g_clear_pointer (&node->choices, g_ptr_array_unref);
  g_free (node->next);
  g_free (node->nature);
  g_free (node->urgency);
  g_free (node->defer);
  g_free (node->alert);
  g_free (node->escalation);
  g_free (node->file);
  g_free (node);
}

void
vigie_script_diagnostic_free (VigieScriptDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->file);
  g_free (diagnostic->node_id);
  g_free (diagnostic->message);
  g_free (diagnostic);
}

/**
 * vigie_script_diagnostic_format:
 * @diagnostic: a diagnostic
 *
 * Returns: (transfer full): `file:line:col: error: message`, the form
 * editors and compilers use
 */
char *
vigie_script_diagnostic_format (const VigieScriptDiagnostic *diagnostic)
{
  if (diagnostic->line == 0)
    return g_strdup_printf ("%s: error: %s", diagnostic->file, diagnostic->message);
  return g_strdup_printf ("%s:%u:%u: error: %s",
                          diagnostic->file, diagnostic->line, diagnostic->column,
                          diagnostic->message);
}

G_GNUC_PRINTF (6, 7)
static void
report (Loader           *loader,
        guint             line,
        guint             column,
        const char       *node_id,
        VigieScriptError  code,
        const char       *format,
        ...)
{
  VigieScriptDiagnostic *diagnostic = g_new0 (VigieScriptDiagnostic, 1);
  va_list args;

  va_start (args, format);
  diagnostic->message = g_strdup_vprintf (format, args);
  va_end (args);
  diagnostic->file = g_strdup (loader->path);
  diagnostic->line = line;
  diagnostic->column = column;
  diagnostic->node_id = g_strdup (node_id);
  diagnostic->code = code;
  g_ptr_array_add (loader->diagnostics, diagnostic);
}

static void
node_position (Loader   *loader,
               JsonNode *node,
               guint    *line,
               guint    *column)
{
  vigie_json_positions_node (loader->positions, node, line, column);
}

static void
check_fields (Loader             *loader,
              JsonObject         *object,
              const char         *node_id,
              const char * const *allowed,
              const char * const *more)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      guint line, column;

      if (g_strv_contains (allowed, name) || (more && g_strv_contains (more, name)))
        continue;
      vigie_json_positions_member (loader->positions, object, name, &line, &column);
      report (loader, line, column, node_id, VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD,
              _("unknown field “%s”"), name);
    }
}

/* Returns the string, NULL when absent (reported if @required) or of the wrong type. */
static const char *
get_string (Loader     *loader,
            JsonObject *object,
            JsonNode   *object_node,
            const char *member,
            const char *node_id,
            gboolean    required)
{
  JsonNode *value = json_object_get_member (object, member);
  guint line, column;

  if (value == NULL)
    {
      if (required)
        {
          node_position (loader, object_node, &line, &column);
          report (loader, line, column, node_id, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                  _("missing field “%s”"), member);
        }
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      node_position (loader, value, &line, &column);
      report (loader, line, column, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
              _("field “%s” must be a string"), member);
      return NULL;
    }

  return json_node_get_string (value);
}

static void
load_choices (Loader          *loader,
              VigieScriptNode *node,
              JsonObject      *object,
              JsonNode        *object_node)
{
  JsonNode *value = json_object_get_member (object, "choices");
  JsonArray *array;
  guint line, column;

  if (value == NULL || (JSON_NODE_HOLDS_ARRAY (value) &&
                        json_array_get_length (json_node_get_array (value)) == 0))
    {
      node_position (loader, value ? value : object_node, &line, &column);
      report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_NO_CHOICES,
              _("question “%s” has no choices"), node->id);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      node_position (loader, value, &line, &column);
      report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
              _("field “%s” must be an array"), "choices");
      return;
    }

  array = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *item_object;
      VigieScriptChoice *choice;
      const char *label, *next;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          node_position (loader, item, &line, &column);
          report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                  _("a choice must be an object"));
          continue;
        }
      item_object = json_node_get_object (item);
      check_fields (loader, item_object, node->id, choice_item_fields, NULL);
      label = get_string (loader, item_object, item, "label", node->id, TRUE);
      next = get_string (loader, item_object, item, "next", node->id, TRUE);
      if (label == NULL || next == NULL)
        continue;

      choice = g_new0 (VigieScriptChoice, 1);
      choice->label = g_strdup (label);
      choice->next = g_strdup (next);
      g_ptr_array_add (node->choices, choice);
    }
}

static void
load_outcome (Loader          *loader,
              VigieScriptNode *node,
              JsonObject      *object,
              JsonNode        *object_node)
{
  JsonNode *gravity = json_object_get_member (object, "gravity");
  const char *decision;
  guint line, column;

  node->nature = g_strdup (get_string (loader, object, object_node, "nature", node->id, FALSE));
  node->urgency = g_strdup (get_string (loader, object, object_node, "urgency", node->id, FALSE));
  node->defer = g_strdup (get_string (loader, object, object_node, "defer", node->id, FALSE));
  node->alert = g_strdup (get_string (loader, object, object_node, "alert", node->id, FALSE));
  node->escalation = g_strdup (get_string (loader, object, object_node, "escalation", node->id, FALSE));

  if (gravity == NULL)
    node->gravity = 1;
  else if (!JSON_NODE_HOLDS_VALUE (gravity) || json_node_get_value_type (gravity) != G_TYPE_INT64)
    {
      node_position (loader, gravity, &line, &column);
      report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
              _("field “%s” must be an integer"), "gravity");
    }
  else if (json_node_get_int (gravity) < 1 || json_node_get_int (gravity) > 4)
    {
      node_position (loader, gravity, &line, &column);
      report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
              _("gravity must be between 1 and 4"));
    }
  else
    node->gravity = (int) json_node_get_int (gravity);

  if (!json_object_has_member (object, "decision"))
    {
      node_position (loader, object_node, &line, &column);
      report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_NO_DECISION,
              _("outcome “%s” has no decision"), node->id);
      return;
    }

  decision = get_string (loader, object, object_node, "decision", node->id, TRUE);
  if (decision == NULL)
    return;
  node->decision = vigie_decision_kind_from_string (decision);
  if (node->decision == VIGIE_DECISION_NONE)
    {
      node_position (loader, json_object_get_member (object, "decision"), &line, &column);
      report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
              _("decision must be “trigger”, “defer” or “log”, not “%s”"), decision);
    }
  else if (node->decision == VIGIE_DECISION_DEFER && node->defer == NULL)
    {
      node_position (loader, object_node, &line, &column);
      report (loader, line, column, node->id, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
              _("a deferred outcome needs a “defer” rule"));
    }
}

static VigieScriptNode *
load_node (Loader   *loader,
           JsonNode *json)
{
  VigieScriptNode *node;
  JsonObject *object;
  const char *id, *type;
  guint line, column;

  node_position (loader, json, &line, &column);
  if (!JSON_NODE_HOLDS_OBJECT (json))
    {
      report (loader, line, column, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
              _("a node must be an object"));
      return NULL;
    }

  object = json_node_get_object (json);
  id = get_string (loader, object, json, "id", NULL, TRUE);
  type = get_string (loader, object, json, "type", id, TRUE);
  if (id == NULL || type == NULL)
    return NULL;

  node = g_new0 (VigieScriptNode, 1);
  node->id = g_strdup (id);
  node->file = g_strdup (loader->path);
  node->line = line;
  node->column = column;
  node->text = g_strdup (get_string (loader, object, json, "text", id,
                                     !g_str_equal (type, "outcome")));

  if (g_str_equal (type, "choice"))
    {
      node->kind = VIGIE_NODE_CHOICE;
      node->choices = g_ptr_array_new_with_free_func (choice_free);
      check_fields (loader, object, id, common_fields, choice_fields);
      load_choices (loader, node, object, json);
    }
  else if (g_str_equal (type, "yesno"))
    {
      const char *yes, *no;

      node->kind = VIGIE_NODE_YESNO;
      node->choices = g_ptr_array_new_with_free_func (choice_free);
      check_fields (loader, object, id, common_fields, yesno_fields);
      yes = get_string (loader, object, json, "yes", id, TRUE);
      no = get_string (loader, object, json, "no", id, TRUE);
      if (yes && no)
        {
          VigieScriptChoice *choice = g_new0 (VigieScriptChoice, 1);

          /* Stored untranslated: the desk translates the label when it shows it. */
          choice->label = g_strdup (N_("Yes"));
          choice->next = g_strdup (yes);
          g_ptr_array_add (node->choices, choice);
          choice = g_new0 (VigieScriptChoice, 1);
          choice->label = g_strdup (N_("No"));
          choice->next = g_strdup (no);
          g_ptr_array_add (node->choices, choice);
        }
    }
  else if (g_str_equal (type, "info"))
    {
      node->kind = VIGIE_NODE_INFO;
      check_fields (loader, object, id, common_fields, info_fields);
      node->next = g_strdup (get_string (loader, object, json, "next", id, TRUE));
    }
  else if (g_str_equal (type, "outcome"))
    {
      node->kind = VIGIE_NODE_OUTCOME;
      check_fields (loader, object, id, common_fields, outcome_fields);
      load_outcome (loader, node, object, json);
    }
  else
    {
      node_position (loader, json_object_get_member (object, "type"), &line, &column);
      report (loader, line, column, id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
              _("unknown node type “%s”"), type);
      node_free (node);
      return NULL;
    }

  return node;
}

static void
foreach_target (const VigieScriptNode *node,
                void                 (*func) (const VigieScriptNode *node,
                                              const char            *target,
                                              gpointer               user_data),
                gpointer               user_data)
{
  if (node->choices != NULL)
    for (guint i = 0; i < node->choices->len; i++)
      func (node, ((VigieScriptChoice *) g_ptr_array_index (node->choices, i))->next, user_data);
  if (node->next != NULL)
    func (node, node->next, user_data);
}

typedef struct
{
  Loader      *loader;
  VigieScript *script;
} CheckRefs;

static void
check_ref_cb (const VigieScriptNode *node,
              const char            *target,
              gpointer               user_data)
{
  CheckRefs *check = user_data;

  if (!g_hash_table_contains (check->script->by_id, target))
    report (check->loader, node->line, node->column, node->id, VIGIE_SCRIPT_ERROR_MISSING_NODE,
            _("node “%s” leads to “%s”, which does not exist"), node->id, target);
}

typedef struct
{
  VigieScript *script;
  GHashTable  *state; /* node → 1 visiting, 2 done */
  GQueue       stack;
  Loader      *loader;
} Walk;

static void visit (Walk *walk, const VigieScriptNode *node);

static void
visit_cb (const VigieScriptNode *node,
          const char            *target,
          gpointer               user_data)
{
  Walk *walk = user_data;
  const VigieScriptNode *next = g_hash_table_lookup (walk->script->by_id, target);
  int state;

  if (next == NULL)
    return;

  state = GPOINTER_TO_INT (g_hash_table_lookup (walk->state, next));
  if (state == 1)
    report (walk->loader, node->line, node->column, node->id, VIGIE_SCRIPT_ERROR_CYCLE,
            _("node “%s” leads back to “%s”: the script would loop"), node->id, next->id);
  else if (state == 0)
    visit (walk, next);
}

static void
visit (Walk                  *walk,
       const VigieScriptNode *node)
{
  g_hash_table_insert (walk->state, (gpointer)node, GINT_TO_POINTER (1));
  foreach_target (node, visit_cb, walk);
  g_hash_table_insert (walk->state, (gpointer)node, GINT_TO_POINTER (2));
}

static void
check_graph (Loader      *loader,
             VigieScript *self,
             JsonObject  *root,
             JsonNode    *root_node)
{
  CheckRefs refs = { loader, self };
  Walk walk = { self, g_hash_table_new (NULL, NULL), G_QUEUE_INIT, loader };
  const VigieScriptNode *start;
  guint line, column;

  for (guint i = 0; i < self->nodes->len; i++)
    foreach_target (g_ptr_array_index (self->nodes, i), check_ref_cb, &refs);

  start = self->start ? g_hash_table_lookup (self->by_id, self->start) : NULL;
  if (self->start != NULL && start == NULL)
    {
      node_position (loader, json_object_get_member (root, "start"), &line, &column);
      report (loader, line, column, NULL, VIGIE_SCRIPT_ERROR_MISSING_NODE,
              _("start node “%s” does not exist"), self->start);
    }

  if (start != NULL)
    {
      visit (&walk, start);
      for (guint i = 0; i < self->nodes->len; i++)
        {
          const VigieScriptNode *node = g_ptr_array_index (self->nodes, i);

          if (!g_hash_table_contains (walk.state, node))
            report (loader, node->line, node->column, node->id, VIGIE_SCRIPT_ERROR_UNREACHABLE,
                    _("node “%s” cannot be reached from the start"), node->id);
        }
    }

  g_hash_table_unref (walk.state);
}

static gboolean
parse_syntax_error (const char *message,
                    guint      *line,
                    guint      *column,
                    const char **rest)
{
  /* json-glib writes "<data>:LINE:COL: Parse error: …" */
  g_autoptr(GRegex) regex = g_regex_new ("^[^:]*:(\\d+):(\\d+): (?:Parse error: )?", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *line_str = NULL;
  g_autofree char *column_str = NULL;
  int end;

  if (!g_regex_match (regex, message, 0, &match))
    return FALSE;
  line_str = g_match_info_fetch (match, 1);
  column_str = g_match_info_fetch (match, 2);
  *line = (guint) g_ascii_strtoull (line_str, NULL, 10);
  *column = (guint) g_ascii_strtoull (column_str, NULL, 10);
  g_match_info_fetch_pos (match, 0, NULL, &end);
  *rest = message + end;
  return TRUE;
}

/* json-glib points at the end of the token read before the offending one,
 * unless the offending one is a lone character it names; step to the
 * offending token so the editor's cursor lands on it. */
static void
refine_syntax_position (const char *contents,
                        gsize       length,
                        const char *message,
                        guint      *line,
                        guint      *column)
{
  const char *p = contents, *end = contents + length;
  guint l = 1, c = 1;
  const char *named;

  while (p < end && (l < *line || (l == *line && c < *column)))
    {
      if (*p == '\n')
        {
          if (l == *line)
            break;
          l++, c = 1;
        }
      else if (((guchar) *p & 0xC0) != 0x80)
        c++;
      p++;
    }
  if (p >= end)
    return;

  named = strstr (message, "unexpected character `");
  if (named != NULL && named[strlen ("unexpected character `")] == *p)
    return;

  do
    {
      if (*p == '\n')
        l++, c = 1;
      else if (((guchar) *p & 0xC0) != 0x80)
        c++;
      p++;
    }
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'));

  if (p < end)
    {
      *line = l;
      *column = c;
    }
}

static void
vigie_script_finalize (GObject *object)
{
  VigieScript *self = (VigieScript *)object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->path);
  g_free (self->start);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);

  G_OBJECT_CLASS (vigie_script_parent_class)->finalize (object);
}

static void
vigie_script_class_init (VigieScriptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_script_finalize;
}

static void
vigie_script_init (VigieScript *self)
{
  self->nodes = g_ptr_array_new_with_free_func (node_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

static VigieScript *
load_script (Loader       *loader,
             const char   *contents,
             gsize         length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(VigieScript) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *root_node, *nodes;
  const char *value;
  guint line, column;

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      const char *rest = local_error->message;

      line = column = 0;
      if (parse_syntax_error (local_error->message, &line, &column, &rest))
        refine_syntax_position (contents, length, rest, &line, &column);
      else
        line = 1, column = 1;
      report (loader, line, column, NULL, VIGIE_SCRIPT_ERROR_SYNTAX,
              _("invalid JSON: %s"), rest);
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  loader->positions = vigie_json_positions_new (contents, length, root_node);

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      report (loader, 1, 1, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
              _("a script must be a JSON object"));
      return NULL;
    }

  root = json_node_get_object (root_node);
  self = g_object_new (VIGIE_TYPE_SCRIPT, NULL);
  self->path = g_strdup (loader->path);

  check_fields (loader, root, NULL, top_fields, NULL);
  self->id = g_strdup (get_string (loader, root, root_node, "id", NULL, TRUE));
  value = get_string (loader, root, root_node, "title", NULL, FALSE);
  self->title = g_strdup (value ? value : self->id);
  self->start = g_strdup (get_string (loader, root, root_node, "start", NULL, TRUE));

  nodes = json_object_get_member (root, "nodes");
  if (nodes == NULL || !JSON_NODE_HOLDS_ARRAY (nodes))
    {
      node_position (loader, nodes ? nodes : root_node, &line, &column);
      report (loader, line, column, NULL,
              nodes ? VIGIE_SCRIPT_ERROR_WRONG_TYPE : VIGIE_SCRIPT_ERROR_MISSING_FIELD,
              nodes ? _("field “%s” must be an array") : _("missing field “%s”"), "nodes");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (nodes)); i++)
    {
      JsonNode *json = json_array_get_element (json_node_get_array (nodes), i);
      VigieScriptNode *node = load_node (loader, json);
      VigieScriptNode *previous;

      if (node == NULL)
        continue;

      if ((previous = g_hash_table_lookup (self->by_id, node->id)))
        {
          report (loader, node->line, node->column, node->id, VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                  _("node id “%s” is already used at line %u"), node->id, previous->line);
          node_free (node);
          continue;
        }

      g_ptr_array_add (self->nodes, node);
      g_hash_table_insert (self->by_id, node->id, node);
    }

  check_graph (loader, self, root, root_node);

  return g_steal_pointer (&self);
}

/**
 * vigie_script_load:
 * @file: a JSON branch file
 * @diagnostics: (out) (optional) (transfer full) (element-type VigieScriptDiagnostic):
 *   every problem found, in file order
 * @error: return location for a #GError
 *
 * Loads and validates a script. All the errors of the file are collected, not
 * only the first, so a designer fixes them in one pass; @error then carries
 * them all, one per line.
 *
 * Returns: (transfer full) (nullable): the script, or %NULL if it has errors
 */
VigieScript *
vigie_script_load (GFile      *file,
                   GPtrArray **diagnostics,
                   GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_diagnostic_free);
  g_autoptr(VigieScript) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  Loader loader = { NULL, NULL, found };
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  loader.path = path ? path : g_file_peek_path (file);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    report (&loader, 0, 0, NULL, VIGIE_SCRIPT_ERROR_NOT_FOUND, "%s", local_error->message);
  else
    self = load_script (&loader, contents, length);

  g_clear_pointer (&loader.positions, vigie_json_positions_free);

  if (found->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      for (guint i = 0; i < found->len; i++)
        {
          g_autofree char *line = vigie_script_diagnostic_format (g_ptr_array_index (found, i));

          if (i > 0)
            g_string_append_c (message, '\n');
          g_string_append (message, line);
        }
      g_set_error_literal (error, VIGIE_SCRIPT_ERROR,
                           found->len == 1
                             ? ((VigieScriptDiagnostic *) g_ptr_array_index (found, 0))->code
                             : VIGIE_SCRIPT_ERROR_INVALID,
                           message->str);
      g_clear_object (&self);
    }

  if (diagnostics != NULL)
    *diagnostics = g_steal_pointer (&found);

  return g_steal_pointer (&self);
}

const char *
vigie_script_get_id (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return self->id;
}

const char *
vigie_script_get_title (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return self->title;
}

const char *
vigie_script_get_path (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return self->path;
}

/**
 * vigie_script_get_start:
 * @self: a #VigieScript
 *
 * Returns: (transfer none): the first node
 */
const VigieScriptNode *
vigie_script_get_start (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return g_hash_table_lookup (self->by_id, self->start);
}

/**
 * vigie_script_lookup:
 * @self: a #VigieScript
 * @node_id: a node id
 *
 * Returns: (transfer none) (nullable): the node
 */
const VigieScriptNode *
vigie_script_lookup (VigieScript *self,
                     const char  *node_id)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return g_hash_table_lookup (self->by_id, node_id);
}

guint
vigie_script_get_n_nodes (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), 0);
  return self->nodes->len;
}
