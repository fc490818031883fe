/* vigie-script-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-script-runner"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-script-runner.h"

struct _VigieScriptRunner
{
  GObject                parent_instance;

  VigieScript           *script;
  const VigieScriptNode *current;
  GArray                *steps; /* VigieScriptStep */
};

G_DEFINE_FINAL_TYPE (VigieScriptRunner, vigie_script_runner, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vigie_script_runner_finalize (GObject *object)
{
  VigieScriptRunner *self = (VigieScriptRunner *)object;

  g_clear_object (&self->script);
  g_clear_pointer (&self->steps, g_array_unref);

  G_OBJECT_CLASS (vigie_script_runner_parent_class)->finalize (object);
}

static void
vigie_script_runner_class_init (VigieScriptRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_script_runner_finalize;

  /**
   * VigieScriptRunner::changed:
   *
   * The current node changed: an answer was given or taken back.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
clear_step (gpointer data)
{
  VigieScriptStep *step = data;

  g_clear_pointer (&step->value, g_free);
}

static void
vigie_script_runner_init (VigieScriptRunner *self)
{
  self->steps = g_array_new (FALSE, FALSE, sizeof (VigieScriptStep));
  g_array_set_clear_func (self->steps, clear_step);
}

static void
move_on (VigieScriptRunner *self,
         guint              choice,
         char              *value,
         const char        *next)
{
  VigieScriptStep step;

  step.node = self->current;
  step.choice = choice;
  step.value = value;
  g_array_append_val (self->steps, step);
  self->current = vigie_script_lookup (self->script, next);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * vigie_script_runner_new:
 * @script: a validated script
 *
 * Returns: (transfer full): a runner standing on the script's start node
 */
VigieScriptRunner *
vigie_script_runner_new (VigieScript *script)
{
  VigieScriptRunner *self;

  g_return_val_if_fail (VIGIE_IS_SCRIPT (script), NULL);

  self = g_object_new (VIGIE_TYPE_SCRIPT_RUNNER, NULL);
  self->script = g_object_ref (script);
  self->current = vigie_script_get_start (script);

  return self;
}

/**
 * vigie_script_runner_get_script:
 * @self: a #VigieScriptRunner
 *
 * Returns: (transfer none): the script
 */
VigieScript *
vigie_script_runner_get_script (VigieScriptRunner *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), NULL);
  return self->script;
}

/**
 * vigie_script_runner_get_current:
 * @self: a #VigieScriptRunner
 *
 * Returns: (transfer none): the node to show now
 */
const VigieScriptNode *
vigie_script_runner_get_current (VigieScriptRunner *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), NULL);
  return self->current;
}

/**
 * vigie_script_runner_answer:
 * @self: a #VigieScriptRunner
 * @choice: index of the choice taken; 0 to go past an information step
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the runner moved on
 */
gboolean
vigie_script_runner_answer (VigieScriptRunner  *self,
                            guint               choice,
                            GError            **error)
{
  const char *next = NULL;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), FALSE);

  switch (self->current->kind)
    {
    case VIGIE_NODE_CHOICE:
    case VIGIE_NODE_YESNO:
      if (choice < self->current->choices->len)
        next = ((VigieScriptChoice *) g_ptr_array_index (self->current->choices, choice))->next;
      break;
    case VIGIE_NODE_INFO:
      if (choice == 0)
        next = self->current->next;
      break;
    case VIGIE_NODE_NUMBER:
    case VIGIE_NODE_TEXT:
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_NEEDS_VALUE,
                   _("“%s” needs a typed answer"), self->current->id);
      return FALSE;
    case VIGIE_NODE_OUTCOME:
    default:
      break;
    }

  if (next == NULL)
    {
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                   _("“%s” has no choice %u"), self->current->id, choice + 1);
      return FALSE;
    }

  move_on (self, choice, NULL, next);
  return TRUE;
}

static gboolean
find_choice_by_name (const VigieScriptNode *node,
                     const char            *value,
                     guint                 *index)
{
  for (guint i = 0; i < node->choices->len; i++)
    {
      VigieScriptChoice *choice = g_ptr_array_index (node->choices, i);

      if (g_strcmp0 (choice->key, value) == 0 || g_utf8_collate (choice->label, value) == 0)
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* "oui", "n", "true"… on a yes/no question. */
static gboolean
find_yes_no (const VigieScriptNode *node,
             const char            *value,
             guint                 *index)
{
  static const char * const yes_words[] = { "yes", "oui", "y", "o", "true", NULL };
  static const char * const no_words[] = { "no", "non", "n", "false", NULL };
  g_autofree char *lower = NULL;

  if (node->kind != VIGIE_NODE_YESNO)
    return FALSE;
  lower = g_utf8_strdown (value, -1);
  if (!g_strv_contains (yes_words, lower) && !g_strv_contains (no_words, lower))
    return FALSE;
  *index = g_strv_contains (yes_words, lower) ? 0 : 1;
  return TRUE;
}

/* The number on the operator's keypad, from 1. */
static gboolean
find_choice_by_number (const VigieScriptNode *node,
                       const char            *value,
                       guint                 *index)
{
  char *end;
  guint64 number = g_ascii_strtoull (value, &end, 10);

  if (end == value || *end != '\0' || number < 1 || number > node->choices->len)
    return FALSE;
  *index = (guint) number - 1;
  return TRUE;
}

static gboolean
find_choice (const VigieScriptNode *node,
             const char            *value,
             guint                 *index)
{
  return find_choice_by_name (node, value, index) ||
         find_yes_no (node, value, index) ||
         find_choice_by_number (node, value, index);
}

/* A number within "min"/"max" follows the first threshold it is below,
 * else "otherwise". */
static gboolean
answer_number (VigieScriptRunner      *self,
               const VigieScriptNode  *node,
               char                   *text,
               GError                **error)
{
  g_autofree char *owned = text;
  double number;
  guint index;

  if (!vigie_script_parse_number (text, &number))
    {
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                   _("“%s” is not a number"), text);
      return FALSE;
    }
  if ((node->has_min && number < node->min) || (node->has_max && number > node->max))
    {
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                   _("%s is outside the expected range, %g to %g"), text,
                   node->has_min ? node->min : -G_MAXDOUBLE,
                   node->has_max ? node->max : G_MAXDOUBLE);
      return FALSE;
    }
  for (index = 0; index < node->thresholds->len; index++)
    if (number < ((VigieScriptThreshold *) g_ptr_array_index (node->thresholds, index))->below)
      break;
  move_on (self, index, g_steal_pointer (&owned), vigie_script_node_get_target (node, index));
  return TRUE;
}

/**
 * vigie_script_runner_answer_value:
 * @self: a #VigieScriptRunner
 * @value: the answer as text: a number ("38,5") for a number question,
 *   the caller's words for a free-text one, a choice's key, label or
 *   number (from 1) for a choice, "yes"/"no" for a yes/no question;
 *   ignored for an information step
 * @error: return location for a #GError
 *
 * A number outside the question's "min"/"max", a required text left empty
 * or an unknown choice is refused and the runner stays where it is.
 *
 * Returns: %TRUE if the runner moved on
 */
gboolean
vigie_script_runner_answer_value (VigieScriptRunner  *self,
                                  const char         *value,
                                  GError            **error)
{
  const VigieScriptNode *node;
  g_autofree char *text = NULL;
  guint index;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), FALSE);

  node = self->current;
  text = g_strstrip (g_strdup (value ? value : ""));

  switch (node->kind)
    {
    case VIGIE_NODE_INFO:
      return vigie_script_runner_answer (self, 0, error);

    case VIGIE_NODE_CHOICE:
    case VIGIE_NODE_YESNO:
      if (!find_choice (node, text, &index))
        {
          g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                       _("“%s” is not one of the choices of “%s”"), text, node->id);
          return FALSE;
        }
      return vigie_script_runner_answer (self, index, error);

    case VIGIE_NODE_NUMBER:
      return answer_number (self, node, g_steal_pointer (&text), error);

    case VIGIE_NODE_TEXT:
      if (*text == '\0' && !node->optional)
        {
          g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                       _("“%s” needs an answer"), node->id);
          return FALSE;
        }
      move_on (self, 0, g_steal_pointer (&text), node->next);
      return TRUE;

    case VIGIE_NODE_OUTCOME:
    default:
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                   _("“%s” is an outcome: there is nothing to answer"), node->id);
      return FALSE;
    }
}

/**
 * vigie_script_runner_back:
 * @self: a #VigieScriptRunner
 *
 * Takes back the last answer.
 *
 * Returns: %FALSE if there was no answer to take back
 */
gboolean
vigie_script_runner_back (VigieScriptRunner *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), FALSE);

  if (self->steps->len == 0)
    return FALSE;
  return vigie_script_runner_rewind_to (self, self->steps->len - 1);
}

/**
 * vigie_script_runner_rewind_to:
 * @self: a #VigieScriptRunner
 * @n_steps: how many answers to keep
 *
 * Goes back to the question answered by step @n_steps, so an operator can
 * revise an earlier answer from the breadcrumb.
 *
 * Returns: %TRUE if the runner moved
 */
gboolean
vigie_script_runner_rewind_to (VigieScriptRunner *self,
                               guint              n_steps)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), FALSE);

  if (n_steps >= self->steps->len)
    return FALSE;

  self->current = g_array_index (self->steps, VigieScriptStep, n_steps).node;
  g_array_set_size (self->steps, n_steps);
  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

guint
vigie_script_runner_get_n_steps (VigieScriptRunner *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), 0);
  return self->steps->len;
}

/**
 * vigie_script_runner_get_step:
 * @self: a #VigieScriptRunner
 * @index: a step index
 *
 * Returns: (transfer none): the step
 */
const VigieScriptStep *
vigie_script_runner_get_step (VigieScriptRunner *self,
                              guint              index)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, VigieScriptStep, index);
}

/**
 * vigie_script_step_get_label:
 * @step: a step
 *
 * Returns: the label of the choice taken (untranslated for yes/no)
 */
const char *
vigie_script_step_get_label (const VigieScriptStep *step)
{
  if (step->value != NULL)
    return step->value;
  if (step->node->choices == NULL)
    return N_("Read to the caller");
  return ((VigieScriptChoice *) g_ptr_array_index (step->node->choices, step->choice))->label;
}

gboolean
vigie_script_runner_is_finished (VigieScriptRunner *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), FALSE);
  return self->current->kind == VIGIE_NODE_OUTCOME;
}

/**
 * vigie_script_runner_get_outcome:
 * @self: a #VigieScriptRunner
 *
 * Returns: (transfer none) (nullable): the outcome reached, if any
 */
const VigieScriptNode *
vigie_script_runner_get_outcome (VigieScriptRunner *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (self), NULL);
  return vigie_script_runner_is_finished (self) ? self->current : NULL;
}
