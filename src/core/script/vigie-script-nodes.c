/* vigie-script-nodes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A script's nodes as the loader reads them (choices, numbers, outcomes
 * and their targets, each error at file:line:column), and the checks of
 * the whole graph once every file is read: targets that exist, nodes
 * reachable from the start, placeholders that mean something.
 */
#define G_LOG_DOMAIN "vigie-script"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigie-deferral.h"
#include "vigie-script-private.h"

#define PACK(l, c) GSIZE_TO_POINTER (((gsize)(l) << 20) | ((gsize)(c) & 0xFFFFF))
#define UNPACK_LINE(p) ((guint) (GPOINTER_TO_SIZE (p) >> 20))
#define UNPACK_COLUMN(p) ((guint) (GPOINTER_TO_SIZE (p) & 0xFFFFF))

static const char * const choice_fields[] = { "id", "type", "text", "comment", "choices", NULL };
static const char * const yesno_fields[] = { "id", "type", "text", "comment", "yes", "no", NULL };
static const char * const info_fields[] = { "id", "type", "text", "comment", "next", NULL };
static const char * const number_fields[] = {
  "id", "type", "text", "comment", "unit", "min", "max", "thresholds", "otherwise", NULL
};
static const char * const text_fields[] = { "id", "type", "text", "comment", "next", "optional", NULL };
static const char * const outcome_fields[] = {
  "id", "type", "text", "comment", "nature", "gravity", "urgency", "decision", "defer",
  "alert", "escalation", "roster", NULL
};
static const char * const choice_item_fields[] = { "label", "next", "key", NULL };
static const char * const threshold_fields[] = { "below", "next", NULL };

static void
choice_free (gpointer data)
{
  VigieScriptChoice *choice = data;

  g_free (choice->label);
  g_free (choice->next);
  g_free (choice->key);
  g_free (choice);
}

static void
threshold_free (gpointer data)
{
  VigieScriptThreshold *threshold = data;

  g_free (threshold->next);
  g_free (threshold);
}

void
vigie_script_node_free (gpointer data)
{
  VigieScriptNode *node = data;

  g_free (node->id);
  g_free (node->text);
  g_clear_pointer (&node->choices, g_ptr_array_unref);
  g_clear_pointer (&node->thresholds, g_ptr_array_unref);
  g_free (node->next);
  g_free (node->unit);
  g_free (node->nature);
  g_free (node->urgency);
  g_free (node->defer);
  g_free (node->alert);
  g_free (node->escalation);
  g_free (node->roster);
  g_free (node->file);
  g_free (node);
}
static gboolean
get_number (VigieScriptLoader *loader,
            const VigieJsonValue *object,
            const char        *member,
            const char        *node_id,
            double            *value)
{
  const VigieJsonValue *node = vigie_json_object_get (object, member);

  if (node == NULL)
    return FALSE;
  if (!vigie_json_is_number (node))
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be a number"), member);
      return FALSE;
    }
  *value = vigie_json_get_number (node);
  return TRUE;
}

/* Takes a node target and remembers where it was written, for the
 * missing-node and cycle errors found once every file is read. */
static char *
take_target (VigieScriptLoader *loader,
             const VigieJsonValue *object,
             const char        *member,
             const char        *node_id)
{
  const char *value = vigie_script_loader_get_string (loader, object, member, node_id, TRUE);
  const VigieJsonValue *where = vigie_json_object_get (object, member);
  char *target;

  if (value == NULL)
    return NULL;
  target = g_strdup (value);
  g_hash_table_insert (loader->ref_positions, target, PACK (where->line, where->column));
  return target;
}

static void
load_choices (VigieScriptLoader *loader,
              VigieScriptNode   *node,
              const VigieJsonValue *object)
{
  const VigieJsonValue *value = vigie_json_object_get (object, "choices");
  g_autoptr(GHashTable) keys = NULL;
  const VigieJsonValue *array;

  if (value == NULL || (value->type == VIGIE_JSON_ARRAY &&
                        value->length == 0))
    {
      vigie_script_loader_report_at (loader, value ? value : object, node->id,
                                     VIGIE_SCRIPT_ERROR_NO_CHOICES,
                                     _("question “%s” has no choices"), node->id);
      return;
    }
  if (value->type != VIGIE_JSON_ARRAY)
    {
      vigie_script_loader_report_at (loader, value, node->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an array"), "choices");
      return;
    }

  keys = g_hash_table_new (g_str_hash, g_str_equal);
  array = value;
  for (guint i = 0; i < array->length; i++)
    {
      const VigieJsonValue *item = &array->elements[i];
      VigieScriptChoice *choice;
      const char *label, *key;
      char *next;

      if (item->type != VIGIE_JSON_OBJECT)
        {
          vigie_script_loader_report_at (loader, item, node->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                         _("a choice must be an object"));
          continue;
        }
      vigie_script_loader_check_fields (loader, item, node->id, choice_item_fields);
      label = vigie_script_loader_get_string (loader, item, "label", node->id, TRUE);
      key = vigie_script_loader_get_string (loader, item, "key", node->id, FALSE);
      next = take_target (loader, item, "next", node->id);
      if (label == NULL || next == NULL)
        {
          if (next != NULL)
            g_hash_table_remove (loader->ref_positions, next);
          g_free (next);
          continue;
        }

      if (key != NULL && !g_hash_table_add (keys, (gpointer) key))
        vigie_script_loader_report_at (loader, vigie_json_object_get (item, "key"), node->id,
                                       VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                       _("choice key “%s” is used twice in “%s”"), key, node->id);

      choice = g_new0 (VigieScriptChoice, 1);
      choice->label = g_strdup (label);
      choice->next = next;
      choice->key = g_strdup (key);
      g_ptr_array_add (node->choices, choice);
    }
}

static void
load_number (VigieScriptLoader *loader,
             VigieScriptNode   *node,
             const VigieJsonValue *object)
{
  const VigieJsonValue *value = vigie_json_object_get (object, "thresholds");

  node->thresholds = g_ptr_array_new_with_free_func (threshold_free);
  node->unit = g_strdup (vigie_script_loader_get_string (loader, object, "unit", node->id, FALSE));
  node->has_min = get_number (loader, object, "min", node->id, &node->min);
  node->has_max = get_number (loader, object, "max", node->id, &node->max);
  if (node->has_min && node->has_max && node->min >= node->max)
    vigie_script_loader_report_at (loader, vigie_json_object_get (object, "max"), node->id,
                                   VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("“max” must be greater than “min”"));
  node->next = take_target (loader, object, "otherwise", node->id);

  if (value == NULL)
    return;
  if (value->type != VIGIE_JSON_ARRAY)
    {
      vigie_script_loader_report_at (loader, value, node->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an array"), "thresholds");
      return;
    }

  for (guint i = 0; i < value->length; i++)
    {
      const VigieJsonValue *item = &value->elements[i];
      VigieScriptThreshold *threshold;
      double below;
      char *next;

      if (item->type != VIGIE_JSON_OBJECT)
        {
          vigie_script_loader_report_at (loader, item, node->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                         _("a threshold must be an object"));
          continue;
        }
      vigie_script_loader_check_fields (loader, item, node->id, threshold_fields);
      if (!get_number (loader, item, "below", node->id, &below))
        {
          if (!(vigie_json_object_get (item, "below") != NULL))
            vigie_script_loader_report_at (loader, item, node->id, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                                           _("missing field “%s”"), "below");
          continue;
        }
      next = take_target (loader, item, "next", node->id);
      if (next == NULL)
        continue;

      if (node->thresholds->len > 0 &&
          below <= ((VigieScriptThreshold *) g_ptr_array_index (node->thresholds,
                                                                node->thresholds->len - 1))->below)
        vigie_script_loader_report_at (loader, vigie_json_object_get (item, "below"), node->id,
                                       VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                       _("thresholds must be in increasing order"));

      threshold = g_new0 (VigieScriptThreshold, 1);
      threshold->below = below;
      threshold->next = next;
      g_ptr_array_add (node->thresholds, threshold);
    }
}

static void
load_outcome (VigieScriptLoader *loader,
              VigieScriptNode   *node,
              const VigieJsonValue *object)
{
  g_autoptr(GError) local_error = NULL;
  const char *decision;
  const VigieJsonValue *member;

  node->nature = g_strdup (vigie_script_loader_get_string (loader, object, "nature", node->id, FALSE));
  node->urgency = g_strdup (vigie_script_loader_get_string (loader, object, "urgency", node->id, FALSE));
  node->defer = g_strdup (vigie_script_loader_get_string (loader, object, "defer", node->id, FALSE));
  node->alert = g_strdup (vigie_script_loader_get_string (loader, object, "alert", node->id, FALSE));
  if (node->alert != NULL)
    {
      const VigieJsonValue *where = vigie_json_object_get (object, "alert");

      g_hash_table_insert (loader->ref_positions, node->alert, PACK (where->line, where->column));
    }
  node->escalation = g_strdup (vigie_script_loader_get_string (loader, object, "escalation", node->id, FALSE));
  node->roster = g_strdup (vigie_script_loader_get_string (loader, object, "roster", node->id, FALSE));

  node->gravity = 1;
  vigie_script_loader_get_int (loader, object, "gravity", node->id, 1, 4, &node->gravity);

  if (node->urgency != NULL && vigie_script_urgency_canonical (node->urgency) != NULL)
    {
      char *canonical = g_strdup (vigie_script_urgency_canonical (node->urgency));

      g_free (node->urgency);
      node->urgency = canonical;
    }
  else if (node->urgency != NULL)
    vigie_script_loader_report_at (loader, vigie_json_object_get (object, "urgency"), node->id,
                                   VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("urgency must be “immediate”, “high”, “normal” or “low”, not “%s”"),
                                   node->urgency);

  if (node->defer != NULL && !vigie_deferral_check (node->defer, NULL, &local_error))
    vigie_script_loader_report_at (loader, vigie_json_object_get (object, "defer"), node->id,
                                   VIGIE_SCRIPT_ERROR_INVALID_VALUE, "%s", local_error->message);

  if (!(vigie_json_object_get (object, "decision") != NULL))
    {
      vigie_script_loader_report_at (loader, object, node->id, VIGIE_SCRIPT_ERROR_NO_DECISION,
                                     _("outcome “%s” has no decision"), node->id);
      return;
    }

  decision = vigie_script_loader_get_string (loader, object, "decision", node->id, TRUE);
  if (decision == NULL)
    return;
  node->decision = vigie_decision_kind_from_string (decision);
  member = vigie_json_object_get (object, "decision");
  if (node->decision == VIGIE_DECISION_NONE)
    vigie_script_loader_report_at (loader, member, node->id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("decision must be “trigger”, “defer” or “log”, not “%s”"), decision);
  else if (node->decision == VIGIE_DECISION_DEFER && node->defer == NULL)
    vigie_script_loader_report_at (loader, object, node->id, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                                   _("a deferred outcome needs a “defer” rule"));
}

VigieScriptNode *
vigie_script_loader_load_node (VigieScriptLoader    *loader,
           const VigieJsonValue *object)
{
  VigieScriptNode *node;
  const char *id, *type;

  if (object->type != VIGIE_JSON_OBJECT)
    {
      vigie_script_loader_report_at (loader, object, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("a node must be an object"));
      return NULL;
    }

  id = vigie_script_loader_get_string (loader, object, "id", NULL, TRUE);
  type = vigie_script_loader_get_string (loader, object, "type", id, TRUE);
  if (id == NULL || type == NULL)
    return NULL;

  node = g_new0 (VigieScriptNode, 1);
  node->id = g_strdup (id);
  node->file = g_strdup (loader->path);
  node->line = object->line;
  node->column = object->column;
  node->text = g_strdup (vigie_script_loader_get_string (loader, object, "text", id,
                                                         !g_str_equal (type, "outcome")));

  if (g_str_equal (type, "choice"))
    {
      node->kind = VIGIE_NODE_CHOICE;
      node->choices = g_ptr_array_new_with_free_func (choice_free);
      vigie_script_loader_check_fields (loader, object, id, choice_fields);
      load_choices (loader, node, object);
    }
  else if (g_str_equal (type, "yesno"))
    {
      char *yes, *no;

      node->kind = VIGIE_NODE_YESNO;
      node->choices = g_ptr_array_new_with_free_func (choice_free);
      vigie_script_loader_check_fields (loader, object, id, yesno_fields);
      yes = take_target (loader, object, "yes", id);
      no = take_target (loader, object, "no", id);
      if (yes && no)
        {
          VigieScriptChoice *choice = g_new0 (VigieScriptChoice, 1);

          /* Stored untranslated: the desk translates the label when it shows it. */
          choice->label = g_strdup (N_("Yes"));
          choice->key = g_strdup ("yes");
          choice->next = yes;
          g_ptr_array_add (node->choices, choice);
          choice = g_new0 (VigieScriptChoice, 1);
          choice->label = g_strdup (N_("No"));
          choice->key = g_strdup ("no");
          choice->next = no;
          g_ptr_array_add (node->choices, choice);
        }
      else
        {
          /* Still owned by ref_positions' keys' owner: free here. */
          if (yes)
            g_hash_table_remove (loader->ref_positions, yes);
          if (no)
            g_hash_table_remove (loader->ref_positions, no);
          g_free (yes);
          g_free (no);
        }
    }
  else if (g_str_equal (type, "info"))
    {
      node->kind = VIGIE_NODE_INFO;
      vigie_script_loader_check_fields (loader, object, id, info_fields);
      node->next = take_target (loader, object, "next", id);
    }
  else if (g_str_equal (type, "number"))
    {
      node->kind = VIGIE_NODE_NUMBER;
      vigie_script_loader_check_fields (loader, object, id, number_fields);
      load_number (loader, node, object);
    }
  else if (g_str_equal (type, "text"))
    {
      node->kind = VIGIE_NODE_TEXT;
      vigie_script_loader_check_fields (loader, object, id, text_fields);
      node->next = take_target (loader, object, "next", id);
      node->optional = vigie_script_loader_get_bool (loader, object, "optional", id) == 1;
    }
  else if (g_str_equal (type, "outcome"))
    {
      node->kind = VIGIE_NODE_OUTCOME;
      vigie_script_loader_check_fields (loader, object, id, outcome_fields);
      load_outcome (loader, node, object);
    }
  else
    {
      vigie_script_loader_report_at (loader, vigie_json_object_get (object, "type"), id,
                                     VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                     _("unknown node type “%s”"), type);
      vigie_script_node_free (node);
      return NULL;
    }

  return node;
}
static void
ref_position (VigieScriptLoader     *loader,
              const VigieScriptNode *node,
              const char            *target,
              guint                 *line,
              guint                 *column)
{
  gpointer packed = g_hash_table_lookup (loader->ref_positions, target);

  *line = packed ? UNPACK_LINE (packed) : node->line;
  *column = packed ? UNPACK_COLUMN (packed) : node->column;
}

typedef struct
{
  const VigieScriptNode *node;
  guint                  index;
} Frame;

/* Depth-first, with an explicit stack: a long chain of questions must not
 * exhaust the C stack. State: absent unvisited, 1 on the path, 2 done. */
static void
walk_from (VigieScriptLoader     *loader,
           VigieScript           *self,
           const VigieScriptNode *start,
           GHashTable            *state)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  Frame first = { start, 0 };

  g_array_append_val (stack, first);
  g_hash_table_insert (state, (gpointer) start, GINT_TO_POINTER (1));

  while (stack->len > 0)
    {
      Frame *frame = &g_array_index (stack, Frame, stack->len - 1);
      const VigieScriptNode *node = frame->node;
      const VigieScriptNode *next;
      const char *target;
      int seen;

      if (frame->index >= vigie_script_node_get_n_targets (node))
        {
          g_hash_table_insert (state, (gpointer) node, GINT_TO_POINTER (2));
          g_array_set_size (stack, stack->len - 1);
          continue;
        }

      target = vigie_script_node_get_target (node, frame->index++);
      next = g_hash_table_lookup (self->by_id, target);
      if (next == NULL)
        continue;

      seen = GPOINTER_TO_INT (g_hash_table_lookup (state, next));
      if (seen == 1)
        {
          guint line, column;

          ref_position (loader, node, target, &line, &column);
          vigie_script_loader_report_in (loader, node->file, line, column, node->id, VIGIE_SCRIPT_ERROR_CYCLE,
                     _("node “%s” leads back to “%s”: the script would loop"), node->id, next->id);
        }
      else if (seen == 0)
        {
          Frame child = { next, 0 };

          g_hash_table_insert (state, (gpointer) next, GINT_TO_POINTER (1));
          g_array_append_val (stack, child);
        }
    }
}

typedef struct
{
  VigieScript *script;
  GString     *missing;
} TemplateCheck;

static char *
check_placeholder_cb (const char *name,
                      gpointer    user_data)
{
  static const char * const known[] = {
    "caller", "number", "company", "site", "contract", "client", "note",
    "nature", "gravity", "priority", "urgency", "deferred_until", NULL
  };
  TemplateCheck *check = user_data;

  if (g_str_has_prefix (name, "answer:"))
    {
      if (!g_hash_table_contains (check->script->by_id, name + strlen ("answer:")))
        g_string_assign (check->missing, name + strlen ("answer:"));
      return g_strdup ("");
    }
  return g_strv_contains (known, name) ? g_strdup ("") : NULL;
}

void
vigie_script_loader_check_graph (VigieScriptLoader *loader,
             VigieScript       *self,
             const VigieJsonValue *start_member)
{
  g_autoptr(GHashTable) state = g_hash_table_new (NULL, NULL);
  const VigieScriptNode *start;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const VigieScriptNode *node = g_ptr_array_index (self->nodes, i);

      for (guint t = 0; t < vigie_script_node_get_n_targets (node); t++)
        {
          const char *target = vigie_script_node_get_target (node, t);
          guint line, column;

          if (g_hash_table_contains (self->by_id, target))
            continue;
          ref_position (loader, node, target, &line, &column);
          vigie_script_loader_report_in (loader, node->file, line, column, node->id, VIGIE_SCRIPT_ERROR_MISSING_NODE,
                     _("node “%s” leads to “%s”, which does not exist"), node->id, target);
        }

      if (node->kind == VIGIE_NODE_OUTCOME && node->alert != NULL)
        {
          g_autoptr(GError) local_error = NULL;
          g_autofree char *expanded = NULL;
          TemplateCheck check = { self, g_string_new (NULL) };

          guint line, column;

          ref_position (loader, node, node->alert, &line, &column);
          expanded = vigie_script_expand_template (node->alert, check_placeholder_cb, &check, &local_error);
          if (expanded == NULL)
            vigie_script_loader_report_in (loader, node->file, line, column, node->id,
                       VIGIE_SCRIPT_ERROR_INVALID_VALUE, "%s", local_error->message);
          else if (check.missing->len > 0)
            vigie_script_loader_report_in (loader, node->file, line, column, node->id,
                       VIGIE_SCRIPT_ERROR_MISSING_NODE,
                       _("the alert of “%s” quotes the answer to “%s”, which does not exist"),
                       node->id, check.missing->str);
          g_string_free (check.missing, TRUE);
        }
    }

  start = self->start ? g_hash_table_lookup (self->by_id, self->start) : NULL;
  if (self->start != NULL && start == NULL)
    vigie_script_loader_report_at (loader, start_member, NULL, VIGIE_SCRIPT_ERROR_MISSING_NODE,
                                   _("start node “%s” does not exist"), self->start);

  if (start == NULL)
    return;

  walk_from (loader, self, start, state);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const VigieScriptNode *node = g_ptr_array_index (self->nodes, i);

      if (!g_hash_table_contains (state, node))
        vigie_script_loader_report_in (loader, node->file, node->line, node->column, node->id, VIGIE_SCRIPT_ERROR_UNREACHABLE,
                   _("node “%s” cannot be reached from the start"), node->id);
    }
}

