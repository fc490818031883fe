/* vigie-script.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a qualification script: a root branch file and the branch files it
 * includes, validated as a whole. Every problem is collected with its
 * file:line:column, so a designer fixes them all in one pass, and a broken
 * file only ever yields diagnostics, never a crash.
 */
#define G_LOG_DOMAIN "vigie-script"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigie-deferral.h"
#include "vigie-rules.h"
#include "vigie-script-private.h"

struct _VigieScript
{
  GObject            parent_instance;

  char              *id;
  char              *title;
  char              *path;
  char              *start;
  char              *timezone;
  VigieHolidayFlags  holidays;
  GPtrArray         *nodes;    /* VigieScriptNode*, in file order */
  GHashTable        *by_id;    /* id → VigieScriptNode* */
  GPtrArray         *files;    /* root first, then includes, NULL-terminated */
  GPtrArray         *rules;    /* VigieRule* */
  VigieOpeningHours *opening_hours;
};

G_DEFINE_FINAL_TYPE (VigieScript, vigie_script, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-script-error-quark, vigie_script_error)

/* Real scripts nest five or six levels; a hostile file must not make
 * the checks that follow walk absurd depths. */
#define MAX_DEPTH 64
#define MAX_INCLUDE_DEPTH 16
/* A 10,000-node script is about 3 MB. */
#define MAX_FILE_SIZE (32 * 1024 * 1024)

#define PACK(l, c) GSIZE_TO_POINTER (((gsize)(l) << 20) | ((gsize)(c) & 0xFFFFF))
#define UNPACK_LINE(p) ((guint) (GPOINTER_TO_SIZE (p) >> 20))
#define UNPACK_COLUMN(p) ((guint) (GPOINTER_TO_SIZE (p) & 0xFFFFF))

static const char * const root_fields[] = {
  "$schema", "format", "id", "title", "description", "start", "nodes", "include",
  "rules", "opening_hours", "timezone", "holidays", NULL
};
static const char * const branch_fields[] = {
  "$schema", "format", "id", "title", "description", "nodes", "include", NULL
};
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
static const char * const urgencies[] = { "immediate", "high", "normal", "low", NULL };

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

static void
node_free (gpointer data)
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

static void
report_va (VigieScriptLoader *loader,
           const char        *file,
           guint              line,
           guint              column,
           const char        *node_id,
           VigieScriptError   code,
           const char        *format,
           va_list            args) G_GNUC_PRINTF (7, 0);

static void
report_va (VigieScriptLoader *loader,
           const char        *file,
           guint              line,
           guint              column,
           const char        *node_id,
           VigieScriptError   code,
           const char        *format,
           va_list            args)
{
  VigieScriptDiagnostic *diagnostic = g_new0 (VigieScriptDiagnostic, 1);

  diagnostic->message = g_strdup_vprintf (format, args);
  diagnostic->file = g_strdup (file);
  diagnostic->line = line;
  diagnostic->column = column;
  diagnostic->node_id = g_strdup (node_id);
  diagnostic->code = code;
  g_ptr_array_add (loader->diagnostics, diagnostic);
}

void
vigie_script_loader_report (VigieScriptLoader *loader,
                            guint              line,
                            guint              column,
                            const char        *node_id,
                            VigieScriptError   code,
                            const char        *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  report_va (loader, loader->path, line, column, node_id, code, format, args);
  va_end (args);
}

void
vigie_script_loader_report_at (VigieScriptLoader *loader,
                               const VigieJsonValue *where,
                               const char        *node_id,
                               VigieScriptError   code,
                               const char        *format,
                               ...)
{
  guint line = 0, column = 0;
  va_list args;

  if (where != NULL)
    line = where->line, column = where->column;
  va_start (args, format);
  report_va (loader, loader->path, line, column, node_id, code, format, args);
  va_end (args);
}

/* For the whole-script checks, which run once every file has been read. */
G_GNUC_PRINTF (7, 8)
static void
report_in (VigieScriptLoader *loader,
           const char        *file,
           guint              line,
           guint              column,
           const char        *node_id,
           VigieScriptError   code,
           const char        *format,
           ...)
{
  va_list args;

  va_start (args, format);
  report_va (loader, file, line, column, node_id, code, format, args);
  va_end (args);
}

/* JSON allows a name twice in an object; a script must not: which one
 * the designer meant is anyone's guess. */
static void
check_duplicate_member (VigieScriptLoader    *loader,
                        const VigieJsonValue *object,
                        guint                 index,
                        const char           *node_id)
{
  const VigieJsonMember *member = &object->members[index];

  for (guint j = 0; j < index; j++)
    if (strcmp (object->members[j].name, member->name) == 0)
      {
        vigie_script_loader_report (loader, member->line, member->column, node_id,
                                    VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                    _("field “%s” is given twice (first at line %u)"),
                                    member->name, object->members[j].line);
        return;
      }
}

void
vigie_script_loader_check_fields (VigieScriptLoader  *loader,
                                  const VigieJsonValue *object,
                                  const char         *node_id,
                                  const char * const *allowed)
{
  for (guint i = 0; i < object->length; i++)
    {
      const VigieJsonMember *member = &object->members[i];

      if (!g_strv_contains (allowed, member->name))
        vigie_script_loader_report (loader, member->line, member->column, node_id,
                                    VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD,
                                    _("unknown field “%s”"), member->name);
      check_duplicate_member (loader, object, i, node_id);
    }
}

/* Returns the string, NULL when absent (reported if @required) or of the wrong type. */
const char *
vigie_script_loader_get_string (VigieScriptLoader *loader,
                                const VigieJsonValue *object,
                                const char        *member,
                                const char        *node_id,
                                gboolean           required)
{
  const VigieJsonValue *value = vigie_json_object_get (object, member);

  if (value == NULL)
    {
      if (required)
        vigie_script_loader_report_at (loader, object, node_id, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                                       _("missing field “%s”"), member);
      return NULL;
    }

  if (value->type != VIGIE_JSON_STRING)
    {
      vigie_script_loader_report_at (loader, value, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be a string"), member);
      return NULL;
    }

  return value->string;
}

/* Returns FALSE when absent or invalid (reported); @value untouched then. */
gboolean
vigie_script_loader_get_int (VigieScriptLoader *loader,
                             const VigieJsonValue *object,
                             const char        *member,
                             const char        *node_id,
                             int                min,
                             int                max,
                             int               *value)
{
  const VigieJsonValue *node = vigie_json_object_get (object, member);
  gint64 v;

  if (node == NULL)
    return FALSE;
  if (node->type != VIGIE_JSON_INTEGER)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an integer"), member);
      return FALSE;
    }
  v = node->integer;
  if (v < min || v > max)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                     _("field “%s” must be between %d and %d"), member, min, max);
      return FALSE;
    }
  *value = (int) v;
  return TRUE;
}

/* -1 when absent or invalid (reported), else 0 or 1. */
int
vigie_script_loader_get_bool (VigieScriptLoader *loader,
                              const VigieJsonValue *object,
                              const char        *member,
                              const char        *node_id)
{
  const VigieJsonValue *node = vigie_json_object_get (object, member);

  if (node == NULL)
    return -1;
  if (node->type != VIGIE_JSON_BOOLEAN)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be true or false"), member);
      return -1;
    }
  return node->boolean ? 1 : 0;
}

/* A string or an array of strings; NULL when absent or invalid (reported). */
GStrv
vigie_script_loader_get_strv (VigieScriptLoader *loader,
                              const VigieJsonValue *object,
                              const char        *member,
                              const char        *node_id)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const VigieJsonValue *node = vigie_json_object_get (object, member);
  const VigieJsonValue *array;

  if (node == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  if (node->type == VIGIE_JSON_STRING)
    {
      g_strv_builder_add (builder, node->string);
      return g_strv_builder_end (builder);
    }
  if (node->type != VIGIE_JSON_ARRAY || node->length == 0)
    {
      vigie_script_loader_report_at (loader, node, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be a string or a non-empty array of strings"),
                                     member);
      return NULL;
    }
  array = node;
  for (guint i = 0; i < array->length; i++)
    {
      const VigieJsonValue *item = &array->elements[i];

      if (item->type != VIGIE_JSON_STRING)
        {
          vigie_script_loader_report_at (loader, item, node_id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                         _("field “%s” must hold strings only"), member);
          return NULL;
        }
      g_strv_builder_add (builder, item->string);
    }
  return g_strv_builder_end (builder);
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
  if (node->urgency != NULL && !g_strv_contains (urgencies, node->urgency))
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

static VigieScriptNode *
load_node (VigieScriptLoader    *loader,
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
      node_free (node);
      return NULL;
    }

  return node;
}

/**
 * vigie_script_node_get_n_targets:
 * @node: a node
 *
 * Returns: how many nodes @node may lead to: its choices, its thresholds,
 *   then its next (or otherwise) node
 */
guint
vigie_script_node_get_n_targets (const VigieScriptNode *node)
{
  return (node->choices ? node->choices->len : 0) +
         (node->thresholds ? node->thresholds->len : 0) +
         (node->next ? 1 : 0);
}

/**
 * vigie_script_node_get_target:
 * @node: a node
 * @index: below vigie_script_node_get_n_targets()
 *
 * Returns: the id of the @index-th node @node leads to
 */
const char *
vigie_script_node_get_target (const VigieScriptNode *node,
                              guint                  index)
{
  guint n_choices = node->choices ? node->choices->len : 0;
  guint n_thresholds = node->thresholds ? node->thresholds->len : 0;

  if (index < n_choices)
    return ((VigieScriptChoice *) g_ptr_array_index (node->choices, index))->next;
  index -= n_choices;
  if (index < n_thresholds)
    return ((VigieScriptThreshold *) g_ptr_array_index (node->thresholds, index))->next;
  index -= n_thresholds;
  return index == 0 ? node->next : NULL;
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
          report_in (loader, node->file, line, column, node->id, VIGIE_SCRIPT_ERROR_CYCLE,
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

static void
check_graph (VigieScriptLoader *loader,
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
          report_in (loader, node->file, line, column, node->id, VIGIE_SCRIPT_ERROR_MISSING_NODE,
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
            report_in (loader, node->file, line, column, node->id,
                       VIGIE_SCRIPT_ERROR_INVALID_VALUE, "%s", local_error->message);
          else if (check.missing->len > 0)
            report_in (loader, node->file, line, column, node->id,
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
        report_in (loader, node->file, node->line, node->column, node->id, VIGIE_SCRIPT_ERROR_UNREACHABLE,
                   _("node “%s” cannot be reached from the start"), node->id);
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
  g_free (self->timezone);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_object (&self->opening_hours);

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
  self->files = g_ptr_array_new_with_free_func (g_free);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_rule_free);
}

static void load_file (VigieScriptLoader *loader,
                               VigieScript       *self,
                       const char        *contents,
                       gsize              length,
                       gboolean           is_root);

static void
load_nodes (VigieScriptLoader *loader,
            VigieScript       *self,
            const VigieJsonValue *nodes)
{
  const VigieJsonValue *array = nodes;

  for (guint i = 0; i < array->length; i++)
    {
      VigieScriptNode *node = load_node (loader, &array->elements[i]);
      VigieScriptNode *previous;

      if (node == NULL)
        continue;

      if ((previous = g_hash_table_lookup (self->by_id, node->id)))
        {
          if (g_strcmp0 (previous->file, node->file) == 0)
            vigie_script_loader_report (loader, node->line, node->column, node->id,
                                        VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                        _("node id “%s” is already used at line %u"),
                                        node->id, previous->line);
          else
            {
              g_autofree char *base = g_path_get_basename (previous->file);

              vigie_script_loader_report (loader, node->line, node->column, node->id,
                                          VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                          _("node id “%s” is already used in %s:%u"),
                                          node->id, base, previous->line);
            }
          node_free (node);
          continue;
        }

      g_ptr_array_add (self->nodes, node);
      g_hash_table_insert (self->by_id, node->id, node);
    }
}

static void
load_includes (VigieScriptLoader *loader,
               VigieScript       *self,
               const VigieJsonValue *includes)
{
  g_autofree char *dir = g_path_get_dirname (loader->path);
  const VigieJsonValue *array;

  if (includes->type != VIGIE_JSON_ARRAY)
    {
      vigie_script_loader_report_at (loader, includes, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an array"), "include");
      return;
    }

  array = includes;
  for (guint i = 0; i < array->length; i++)
    {
      const VigieJsonValue *item = &array->elements[i];
      g_autoptr(GError) local_error = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *path = NULL;
      g_autofree char *display = NULL;
      const char *relative;
      const char *saved_path;
      gsize length;

      if (item->type != VIGIE_JSON_STRING)
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                         _("an include must be a file name"));
          continue;
        }
      relative = item->string;
      if (*relative == '\0' || g_path_is_absolute (relative))
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                         _("an include must be a path relative to this file"));
          continue;
        }

      display = g_str_equal (dir, ".") ? g_strdup (relative) : g_build_filename (dir, relative, NULL);
      path = g_canonicalize_filename (display, NULL);
      if (g_ptr_array_find_with_equal_func (loader->stack, path, g_str_equal, NULL))
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_INCLUDE_LOOP,
                                         _("including “%s” loops back to a file that includes it"),
                                         relative);
          continue;
        }
      /* A branch shared by two includes is read once. */
      if (g_hash_table_contains (loader->loaded, path))
        continue;
      if (loader->stack->len >= MAX_INCLUDE_DEPTH)
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_INCLUDE_LOOP,
                                         _("includes nest deeper than %d files"), MAX_INCLUDE_DEPTH);
          continue;
        }
      /* Includes stay in the root script's folder, and are regular files
       * of bounded size: not ../../../../etc/passwd, not a FIFO. */
      {
        g_autofree char *root = g_path_get_dirname (g_ptr_array_index (loader->stack, 0));
        g_autofree char *real = vigie_json_resolve_under (root, path, &local_error);

        if (real != NULL)
          vigie_json_read_file (real, MAX_FILE_SIZE, &contents, &length, &local_error);
      }
      if (contents == NULL)
        {
          vigie_script_loader_report_at (loader, item, NULL, VIGIE_SCRIPT_ERROR_NOT_FOUND,
                                         _("cannot include “%s”: %s"), relative, local_error->message);
          continue;
        }

      saved_path = loader->path;
      g_hash_table_add (loader->loaded, g_strdup (path));
      g_ptr_array_add (loader->stack, g_strdup (path));
      g_ptr_array_add (self->files, g_strdup (display));
      g_ptr_array_add (loader->paths, g_steal_pointer (&display));
      loader->path = g_ptr_array_index (loader->paths, loader->paths->len - 1);

      load_file (loader, self, contents, length, FALSE);

      loader->path = saved_path;
      g_ptr_array_remove_index (loader->stack, loader->stack->len - 1);
    }
}

static VigieHolidayFlags
load_holidays (VigieScriptLoader    *loader,
               const VigieJsonValue *root)
{
  const char *value = vigie_script_loader_get_string (loader, root, "holidays", NULL, FALSE);

  if (value == NULL || g_str_equal (value, "france"))
    return VIGIE_HOLIDAYS_FRANCE;
  if (g_str_equal (value, "alsace-moselle"))
    return VIGIE_HOLIDAYS_ALSACE_MOSELLE;
  vigie_script_loader_report_at (loader, vigie_json_object_get (root, "holidays"), NULL,
                                 VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                 _("holidays must be “france” or “alsace-moselle”, not “%s”"), value);
  return VIGIE_HOLIDAYS_FRANCE;
}

static void
load_file (VigieScriptLoader *loader,
           VigieScript       *self,
           const char        *contents,
           gsize              length,
           gboolean           is_root)
{
  g_autoptr(VigieJsonDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  const VigieJsonValue *root, *nodes, *member;
  const char *value;
  guint line = 1, column = 1;
  gsize blank = 0;
  int format;


  while (blank < length && strchr (" \t\r\n", contents[blank]) && contents[blank] != '\0')
    blank++;
  if (blank == length)
    {
      vigie_script_loader_report (loader, 1, 1, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                  _("the file is empty: a script must be a JSON object"));
      return;
    }

  document = vigie_json_document_parse (contents, length, MAX_DEPTH, &line, &column, &local_error);
  if (document == NULL)
    {
      vigie_script_loader_report (loader, line, column, NULL, VIGIE_SCRIPT_ERROR_SYNTAX,
                                  _("invalid JSON: %s"), local_error->message);
      return;
    }

  root = vigie_json_document_get_root (document);
  if (root->type != VIGIE_JSON_OBJECT)
    {
      vigie_script_loader_report (loader, root->line, root->column, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                  _("a script must be a JSON object"));
      return;
    }

  if (is_root)
    vigie_script_loader_check_fields (loader, root, NULL, root_fields);
  else
    for (guint i = 0; i < root->length; i++)
      {
        const VigieJsonMember *m = &root->members[i];

        if (!g_strv_contains (branch_fields, m->name))
          vigie_script_loader_report (loader, m->line, m->column, NULL, VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD,
                                      g_strv_contains (root_fields, m->name)
                                        ? _("field “%s” belongs in the root file, not in an included branch")
                                        : _("unknown field “%s”"),
                                      m->name);
        check_duplicate_member (loader, root, i, NULL);
      }

  /* Only version 1 exists; a later one must not be half-understood. */
  vigie_script_loader_get_int (loader, root, "format", NULL, 1, 1, &format);

  if (is_root)
    {
      self->id = g_strdup (vigie_script_loader_get_string (loader, root, "id", NULL, TRUE));
      value = vigie_script_loader_get_string (loader, root, "title", NULL, FALSE);
      self->title = g_strdup (value ? value : self->id);
      self->start = g_strdup (vigie_script_loader_get_string (loader, root, "start", NULL, TRUE));
    }
  else
    {
      vigie_script_loader_get_string (loader, root, "id", NULL, FALSE);
      vigie_script_loader_get_string (loader, root, "title", NULL, FALSE);
    }
  vigie_script_loader_get_string (loader, root, "description", NULL, FALSE);

  nodes = vigie_json_object_get (root, "nodes");
  if (nodes == NULL || nodes->type != VIGIE_JSON_ARRAY)
    vigie_script_loader_report_at (loader, nodes ? nodes : root, NULL,
                                   nodes ? VIGIE_SCRIPT_ERROR_WRONG_TYPE : VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                                   nodes ? _("field “%s” must be an array") : _("missing field “%s”"),
                                   "nodes");
  else
    load_nodes (loader, self, nodes);

  if ((member = vigie_json_object_get (root, "include")))
    load_includes (loader, self, member);

  if (!is_root)
    return;

  self->holidays = load_holidays (loader, root);

  if ((value = vigie_script_loader_get_string (loader, root, "timezone", NULL, FALSE)))
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (value);

      if (tz == NULL)
        vigie_script_loader_report_at (loader, vigie_json_object_get (root, "timezone"), NULL,
                                       VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                       _("unknown time zone “%s”"), value);
      else
        {
          g_free (self->timezone);
          self->timezone = g_strdup (value);
        }
    }

  if ((member = vigie_json_object_get (root, "opening_hours")))
    self->opening_hours = vigie_script_loader_load_opening_hours (loader, member, self->holidays);

  if ((member = vigie_json_object_get (root, "rules")))
    {
      g_autoptr(GPtrArray) rules = vigie_rules_load (loader, member, self->by_id,
                                                     self->opening_hours != NULL);

      for (guint i = 0; rules && i < rules->len; i++)
        g_ptr_array_add (self->rules, g_ptr_array_steal_index (rules, i--));
    }

  /* Opening-hours deferrals need opening hours; checked where written. */
  if (self->opening_hours == NULL)
    for (guint i = 0; i < self->nodes->len; i++)
      {
        const VigieScriptNode *node = g_ptr_array_index (self->nodes, i);
        gboolean needs_hours = FALSE;

        if (node->defer != NULL && vigie_deferral_check (node->defer, &needs_hours, NULL) && needs_hours)
          report_in (loader, node->file, node->line, node->column, node->id,
                     VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                     _("“%s” needs the script's “opening_hours”"), node->defer);
      }

  check_graph (loader, self, vigie_json_object_get (root, "start"));
}

static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const VigieScriptDiagnostic *da = *(VigieScriptDiagnostic * const *) a;
  const VigieScriptDiagnostic *db = *(VigieScriptDiagnostic * const *) b;
  int by_file = g_strcmp0 (da->file, db->file);

  if (by_file != 0)
    return by_file;
  if (da->line != db->line)
    return da->line < db->line ? -1 : 1;
  if (da->column != db->column)
    return da->column < db->column ? -1 : 1;
  return 0;
}

static VigieScript *
finish (VigieScriptLoader  *loader,
        VigieScript        *script,
        GPtrArray         **diagnostics,
        GError            **error)
{
  g_autoptr(VigieScript) self = script;
  GPtrArray *found = loader->diagnostics;

  g_clear_pointer (&loader->ref_positions, g_hash_table_unref);
  g_clear_pointer (&loader->stack, g_ptr_array_unref);
  g_clear_pointer (&loader->loaded, g_hash_table_unref);
  g_clear_pointer (&loader->paths, g_ptr_array_unref);

  /* Stable: within a line, the order the checks found them. */
  g_ptr_array_sort (found, compare_diagnostics);

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
    *diagnostics = g_ptr_array_ref (found);
  g_ptr_array_unref (found);

  return g_steal_pointer (&self);
}

static void
loader_init (VigieScriptLoader *loader,
             const char        *path)
{
  loader->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_script_diagnostic_free);
  loader->ref_positions = g_hash_table_new_full (NULL, NULL, NULL, NULL);
  loader->stack = g_ptr_array_new_with_free_func (g_free);
  loader->loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader->paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (loader->stack, g_canonicalize_filename (path, NULL));
  g_hash_table_add (loader->loaded, g_canonicalize_filename (path, NULL));
  g_ptr_array_add (loader->paths, g_strdup (path));
  loader->path = g_ptr_array_index (loader->paths, 0);
}

/**
 * vigie_script_load_from_data:
 * @path: the file name @contents was read from; includes are resolved
 *   relative to it
 * @contents: the root branch file's text
 * @length: its length in bytes
 * @diagnostics: (out) (optional) (transfer full) (element-type VigieScriptDiagnostic):
 *   every problem found, by file and position
 * @error: return location for a #GError
 *
 * Like vigie_script_load(), for text already in memory.
 *
 * Returns: (transfer full) (nullable): the script, or %NULL if it has errors
 */
VigieScript *
vigie_script_load_from_data (const char  *path,
                             const char  *contents,
                             gsize        length,
                             GPtrArray  **diagnostics,
                             GError     **error)
{
  VigieScriptLoader loader = { 0 };
  VigieScript *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (contents != NULL || length == 0, NULL);

  loader_init (&loader, path);
  self = g_object_new (VIGIE_TYPE_SCRIPT, NULL);
  self->path = g_strdup (path);
  g_ptr_array_add (self->files, g_strdup (path));

  load_file (&loader, self, contents ? contents : "", length, TRUE);

  return finish (&loader, self, diagnostics, error);
}

/**
 * vigie_script_load:
 * @file: a JSON branch file, the root of the script
 * @diagnostics: (out) (optional) (transfer full) (element-type VigieScriptDiagnostic):
 *   every problem found, by file and position
 * @error: return location for a #GError
 *
 * Loads and validates a script and the branch files it includes. All the
 * errors are collected, not only the first, so a designer fixes them in one
 * pass; @error then carries them all, one per line.
 *
 * Returns: (transfer full) (nullable): the script, or %NULL if it has errors
 */
VigieScript *
vigie_script_load (GFile      *file,
                   GPtrArray **diagnostics,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    path = g_file_get_uri (file);

  if (!vigie_json_read_file (path, MAX_FILE_SIZE, &contents, &length, &local_error))
    {
      VigieScriptLoader loader = { 0 };

      loader_init (&loader, path);
      vigie_script_loader_report (&loader, 0, 0, NULL, VIGIE_SCRIPT_ERROR_NOT_FOUND,
                                  "%s", local_error->message);
      return finish (&loader, NULL, diagnostics, error);
    }

  return vigie_script_load_from_data (path, contents, length, diagnostics, error);
}

/**
 * vigie_script_urgency_canonical:
 * @urgency: an urgency as written, English or French ("immédiate")
 *
 * Returns: (nullable): "immediate", "high", "normal" or "low", or %NULL
 *   if @urgency is none of them
 */
const char *
vigie_script_urgency_canonical (const char *urgency)
{
  static const char * const french[] = { "immédiate", "haute", "normale", "basse", NULL };

  for (guint i = 0; urgencies[i]; i++)
    if (g_strcmp0 (urgency, urgencies[i]) == 0 || g_strcmp0 (urgency, french[i]) == 0)
      return urgencies[i];
  return NULL;
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

/**
 * vigie_script_get_node:
 * @self: a #VigieScript
 * @index: below vigie_script_get_n_nodes()
 *
 * Returns: (transfer none): the node, root file first, in file order
 */
const VigieScriptNode *
vigie_script_get_node (VigieScript *self,
                       guint        index)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, index);
}

/**
 * vigie_script_get_files:
 * @self: a #VigieScript
 *
 * Returns: (transfer none): the root file then every included file
 */
const char * const *
vigie_script_get_files (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);

  if (self->files->len == 0 || g_ptr_array_index (self->files, self->files->len - 1) != NULL)
    g_ptr_array_add (self->files, NULL);
  return (const char * const *) self->files->pdata;
}

/**
 * vigie_script_get_rules:
 * @self: a #VigieScript
 *
 * Returns: (transfer none) (element-type VigieRule): the keyword rules, in order
 */
GPtrArray *
vigie_script_get_rules (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return self->rules;
}

/**
 * vigie_script_get_opening_hours:
 * @self: a #VigieScript
 *
 * Returns: (transfer none) (nullable): the client's opening hours
 */
VigieOpeningHours *
vigie_script_get_opening_hours (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return self->opening_hours;
}

/**
 * vigie_script_get_timezone:
 * @self: a #VigieScript
 *
 * Returns: (nullable): the time zone the script sets for its client, if
 *   any; the engine then falls back to the client's, then Europe/Paris
 */
const char *
vigie_script_get_timezone (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), NULL);
  return self->timezone;
}

VigieHolidayFlags
vigie_script_get_holidays (VigieScript *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT (self), VIGIE_HOLIDAYS_FRANCE);
  return self->holidays;
}

/**
 * vigie_script_expand_template:
 * @template_text: text with `{name}` placeholders; `{{` and `}}` are braces
 * @lookup: (scope call): gives each placeholder's value
 * @user_data: for @lookup
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if a brace is
 *   unbalanced or a placeholder unknown
 */
char *
vigie_script_expand_template (const char           *template_text,
                              VigieTemplateLookup   lookup,
                              gpointer              user_data,
                              GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = template_text;

  while (*p)
    {
      const char *close;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (p[0] == '{' && p[1] == '{')
        {
          g_string_append_c (out, '{');
          p += 2;
          continue;
        }
      if (p[0] == '}' && p[1] == '}')
        {
          g_string_append_c (out, '}');
          p += 2;
          continue;
        }
      if (*p == '}')
        {
          g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                       _("unbalanced “}” in the alert text; write “}}” for a brace"));
          return NULL;
        }
      if (*p != '{')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      close = strchr (p + 1, '}');
      if (close == NULL || memchr (p + 1, '{', (gsize) (close - p - 1)) != NULL)
        {
          g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                       _("unclosed “{” in the alert text; write “{{” for a brace"));
          return NULL;
        }
      name = g_strndup (p + 1, (gsize) (close - p - 1));
      value = lookup (name, user_data);
      if (value == NULL)
        {
          g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                       _("unknown placeholder “{%s}” in the alert text"), name);
          return NULL;
        }
      g_string_append (out, value);
      p = close + 1;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * vigie_script_parse_number:
 * @text: a number as an operator types it: "38.5", "38,5", " -3 "
 * @value: (out): the number
 *
 * Returns: %TRUE if @text is a finite number and nothing else
 */
gboolean
vigie_script_parse_number (const char *text,
                           double     *value)
{
  g_autofree char *copy = NULL;
  char *end;
  double v;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return FALSE;
  g_strdelimit (copy, ",", '.');
  v = g_ascii_strtod (copy, &end);
  /* strtod also reads "inf", "nan" and hexadecimal: not an operator's number. */
  if (*end != '\0' || !isfinite (v) || copy[strspn (copy, "0123456789.+-eE")] != '\0')
    return FALSE;
  *value = v;
  return TRUE;
}
