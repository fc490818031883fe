/* vigie-script.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A loaded qualification script: its nodes, rules, opening hours and
 * files, read-only once vigie-script-loader.c has built and validated it.
 */
#define G_LOG_DOMAIN "vigie-script"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigie-deferral.h"
#include "vigie-rules.h"
#include "vigie-script-private.h"


G_DEFINE_FINAL_TYPE (VigieScript, vigie_script, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-script-error-quark, vigie_script_error)

static const char * const urgencies[] = { "immediate", "high", "normal", "low", NULL };


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
  self->nodes = g_ptr_array_new_with_free_func (vigie_script_node_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->files = g_ptr_array_new_with_free_func (g_free);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_rule_free);
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

static gboolean
template_error (GError     **error,
                const char  *message)
{
  g_set_error_literal (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE, message);
  return FALSE;
}

/* The placeholder that starts at @p ("{name}"), expanded into @out;
 * @p moves past it. */
static gboolean
expand_placeholder (GString              *out,
                    const char          **p,
                    VigieTemplateLookup   lookup,
                    gpointer              user_data,
                    GError              **error)
{
  const char *open = *p;
  const char *close = strchr (open + 1, '}');
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (close == NULL || memchr (open + 1, '{', (gsize) (close - open - 1)) != NULL)
    return template_error (error, _("unclosed “{” in the alert text; write “{{” for a brace"));
  name = g_strndup (open + 1, (gsize) (close - open - 1));
  if (!(value = lookup (name, user_data)))
    {
      g_set_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                   _("unknown placeholder “{%s}” in the alert text"), name);
      return FALSE;
    }
  g_string_append (out, value);
  *p = close + 1;
  return TRUE;
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
      /* "{{" and "}}" are braces. */
      if ((p[0] == '{' || p[0] == '}') && p[1] == p[0])
        {
          g_string_append_c (out, *p);
          p += 2;
        }
      else if (*p == '}')
        {
          template_error (error, _("unbalanced “}” in the alert text; write “}}” for a brace"));
          return NULL;
        }
      else if (*p != '{')
        g_string_append_c (out, *p++);
      else if (!expand_placeholder (out, &p, lookup, user_data, error))
        return NULL;
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

