/* vigie-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keyword rules: read from the script's "rules" array, matched against
 * the facts of a call. The decision engine (vigie-decision.c) applies
 * them in order and explains each one that fires.
 */
#define G_LOG_DOMAIN "vigie-rules"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigie-deferral.h"
#include "vigie-opening-hours.h"
#include "vigie-rules.h"
#include "vigie-script-private.h"

static const char * const rule_fields[] = {
  "id", "description", "comment", "when", "priority", "force", "defer", "final", NULL
};
static const char * const when_fields[] = {
  "vip", "contract", "keywords", "outcome", "urgency", "decision", "days", "time",
  "weekend", "holiday", "open", "gravity_at_least", "gravity_at_most",
  "priority_at_least", "priority_at_most", NULL
};

void
vigie_rule_free (VigieRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->id);
  g_free (rule->description);
  g_strfreev (rule->contracts);
  g_strfreev (rule->keywords);
  g_strfreev (rule->outcomes);
  g_strfreev (rule->urgencies);
  g_free (rule->defer);
  g_free (rule->file);
  g_free (rule);
}

/**
 * vigie_rules_normalize:
 * @text: (nullable): French text
 *
 * Operators type fast: "BLOQUÉ", "bloque" and "Bloqué" must all match.
 *
 * Returns: (transfer full): @text in lower case, without accents
 */
char *
vigie_rules_normalize (const char *text)
{
  g_autofree char *ascii = NULL;

  if (text == NULL)
    return g_strdup ("");
  /* "C": GLib's own transliteration table, whatever the user's locale. */
  ascii = g_str_to_ascii (text, "C");
  return g_ascii_strdown (ascii, -1);
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c);
}

/**
 * vigie_rules_text_contains:
 * @normalized_text: normalised text
 * @normalized_keyword: a normalised word or phrase; with a trailing '*'
 *   it matches any word starting with it ("fuite*": "fuites")
 *
 * Returns: %TRUE if the keyword occurs as whole words in the text
 */
gboolean
vigie_rules_text_contains (const char *normalized_text,
                           const char *normalized_keyword)
{
  gsize length = strlen (normalized_keyword);
  gboolean prefix = length > 0 && normalized_keyword[length - 1] == '*';
  g_autofree char *stem = g_strndup (normalized_keyword, prefix ? length - 1 : length);

  length = strlen (stem);
  if (length == 0)
    return FALSE;

  for (const char *p = normalized_text; (p = strstr (p, stem)) != NULL; p++)
    {
      if (p != normalized_text && is_word_char (p[-1]))
        continue;
      if (prefix || !is_word_char (p[length]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
contract_matches (const char         *contract,
                  const char * const *wanted)
{
  g_autofree char *normalized = vigie_rules_normalize (contract);

  for (guint i = 0; wanted[i]; i++)
    {
      g_autofree char *level = vigie_rules_normalize (wanted[i]);
      gsize length = strlen (level);

      if (strncmp (normalized, level, length) == 0 && !is_word_char (normalized[length]))
        return TRUE;
    }
  return FALSE;
}

/* -1: any; 0 or 1: the fact must be that. */
static gboolean
tristate_matches (int      wanted,
                  gboolean fact)
{
  return wanted < 0 || wanted == !!fact;
}

static gboolean
flags_match (const VigieRule      *rule,
             const VigieRuleFacts *facts)
{
  int day = g_date_time_get_day_of_week (facts->now);

  return tristate_matches (rule->vip, facts->vip) &&
         tristate_matches (rule->weekend, day >= 6) &&
         tristate_matches (rule->holiday, facts->holiday) &&
         tristate_matches (rule->open, facts->open);
}

/* Contract, outcome, urgency and decision: each list, when set, must
 * hold the call's. */
static gboolean
choices_match (const VigieRule      *rule,
               const VigieRuleFacts *facts)
{
  if (rule->contracts && (facts->contract == NULL ||
                          !contract_matches (facts->contract, (const char * const *) rule->contracts)))
    return FALSE;
  if (rule->outcomes && !g_strv_contains ((const char * const *) rule->outcomes, facts->outcome_id))
    return FALSE;
  if (rule->urgencies && (facts->urgency == NULL ||
                          !g_strv_contains ((const char * const *) rule->urgencies, facts->urgency)))
    return FALSE;
  return rule->decisions == 0 || (rule->decisions & (1u << facts->decision)) != 0;
}

/* The days, then the time window, which may wrap past midnight. */
static gboolean
when_matches (const VigieRule *rule,
              GDateTime       *now)
{
  int day = g_date_time_get_day_of_week (now);
  int minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);

  if (rule->days && !(rule->days & (1u << day)))
    return FALSE;
  if (rule->time_from < 0)
    return TRUE;
  if (rule->time_from < rule->time_to)
    return rule->time_from <= minute && minute < rule->time_to;
  return minute >= rule->time_from || minute < rule->time_to;
}

/* A bound of 0 is no bound. */
static gboolean
in_range (int value,
          int min,
          int max)
{
  return (min == 0 || value >= min) && (max == 0 || value <= max);
}

static gboolean
keywords_match (GStrv       keywords,
                const char *text)
{
  if (keywords == NULL)
    return TRUE;
  for (guint i = 0; keywords[i]; i++)
    if (vigie_rules_text_contains (text ? text : "", keywords[i]))
      return TRUE;
  return FALSE;
}

/**
 * vigie_rule_matches:
 * @rule: a rule
 * @facts: the call's facts
 *
 * Returns: %TRUE if every condition of @rule holds
 */
gboolean
vigie_rule_matches (const VigieRule      *rule,
                    const VigieRuleFacts *facts)
{
  return flags_match (rule, facts) &&
         choices_match (rule, facts) &&
         when_matches (rule, facts->now) &&
         in_range (facts->gravity, rule->gravity_min, rule->gravity_max) &&
         in_range (facts->priority, rule->priority_min, rule->priority_max) &&
         keywords_match (rule->keywords, facts->text);
}

static gboolean
parse_time_window (const char *text,
                   int        *from,
                   int        *to)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", 3);
  int h1, m1, h2, m2;

  if (g_strv_length (parts) != 2 ||
      !vigie_opening_hours_parse_clock (g_strstrip (parts[0]), &h1, &m1) ||
      !vigie_opening_hours_parse_clock (g_strstrip (parts[1]), &h2, &m2))
    return FALSE;
  *from = (h1 * 60 + m1) % 1440;
  *to = (h2 * 60 + m2) % 1440;
  return *from != *to;
}

static void
canonical_urgencies (GStrv urgencies)
{
  for (guint i = 0; urgencies && urgencies[i]; i++)
    if (vigie_script_urgency_canonical (urgencies[i]))
      {
        char *canonical = g_strdup (vigie_script_urgency_canonical (urgencies[i]));

        g_free (urgencies[i]);
        urgencies[i] = canonical;
      }
}

static void
load_keywords (VigieScriptLoader    *loader,
               VigieRule            *rule,
               const VigieJsonValue *object)
{
  if (!(rule->keywords = vigie_script_loader_get_strv (loader, object, "keywords", rule->id)))
    return;
  for (guint i = 0; rule->keywords[i]; i++)
    {
      char *normalized = vigie_rules_normalize (g_strstrip (rule->keywords[i]));

      g_free (rule->keywords[i]);
      rule->keywords[i] = normalized;
      if (*normalized == '\0' || g_str_equal (normalized, "*"))
        vigie_script_loader_report_at (loader, vigie_json_object_get (object, "keywords"), rule->id,
                                       VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                       _("rule “%s” has an empty keyword"), rule->id);
    }
}

static void
load_outcomes (VigieScriptLoader    *loader,
               VigieRule            *rule,
               const VigieJsonValue *object,
               GHashTable           *nodes_by_id)
{
  if (!(rule->outcomes = vigie_script_loader_get_strv (loader, object, "outcome", rule->id)))
    return;
  for (guint i = 0; rule->outcomes[i]; i++)
    {
      const VigieScriptNode *node = g_hash_table_lookup (nodes_by_id, rule->outcomes[i]);

      if (node == NULL || node->kind != VIGIE_NODE_OUTCOME)
        vigie_script_loader_report_at (loader, vigie_json_object_get (object, "outcome"), rule->id,
                                       VIGIE_SCRIPT_ERROR_MISSING_NODE,
                                       _("rule “%s” names outcome “%s”, which does not exist"),
                                       rule->id, rule->outcomes[i]);
    }
}

static void
load_decisions (VigieScriptLoader    *loader,
                VigieRule            *rule,
                const VigieJsonValue *object)
{
  g_auto(GStrv) decisions = vigie_script_loader_get_strv (loader, object, "decision", rule->id);

  for (guint i = 0; decisions && decisions[i]; i++)
    {
      VigieDecisionKind kind = vigie_decision_kind_from_string (decisions[i]);

      if (kind == VIGIE_DECISION_NONE)
        vigie_script_loader_report_at (loader, vigie_json_object_get (object, "decision"), rule->id,
                                       VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                       _("decision must be “trigger”, “defer” or “log”, not “%s”"),
                                       decisions[i]);
      rule->decisions |= 1u << kind;
    }
}

static void
load_days (VigieScriptLoader    *loader,
           VigieRule            *rule,
           const VigieJsonValue *object)
{
  g_auto(GStrv) days = vigie_script_loader_get_strv (loader, object, "days", rule->id);

  for (guint i = 0; days && days[i]; i++)
    {
      guint8 parsed;

      if (vigie_opening_hours_parse_days (days[i], &parsed))
        rule->days |= parsed;
      else
        vigie_script_loader_report_at (loader, vigie_json_object_get (object, "days"), rule->id,
                                       VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                       _("“%s” is not a day of the week: use mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri"),
                                       days[i]);
    }
}

static void
load_time_window (VigieScriptLoader    *loader,
                  VigieRule            *rule,
                  const VigieJsonValue *object)
{
  const char *time = vigie_script_loader_get_string (loader, object, "time", rule->id, FALSE);

  if (time != NULL && !parse_time_window (time, &rule->time_from, &rule->time_to))
    vigie_script_loader_report_at (loader, vigie_json_object_get (object, "time"), rule->id,
                                   VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("“%s” is not a time window such as “20:00-08:00”"), time);
}

static void
load_when (VigieScriptLoader    *loader,
           VigieRule            *rule,
           const VigieJsonValue *object,
           GHashTable        *nodes_by_id,
           gboolean           has_opening_hours)
{
  if (object->type != VIGIE_JSON_OBJECT)
    {
      vigie_script_loader_report_at (loader, object, rule->id, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an object"), "when");
      return;
    }
  vigie_script_loader_check_fields (loader, object, rule->id, when_fields);

  rule->vip = vigie_script_loader_get_bool (loader, object, "vip", rule->id);
  rule->weekend = vigie_script_loader_get_bool (loader, object, "weekend", rule->id);
  rule->holiday = vigie_script_loader_get_bool (loader, object, "holiday", rule->id);
  rule->open = vigie_script_loader_get_bool (loader, object, "open", rule->id);
  if (rule->open >= 0 && !has_opening_hours)
    vigie_script_loader_report_at (loader, vigie_json_object_get (object, "open"), rule->id,
                                   VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("rule “%s” tests the opening hours, but the script has no “opening_hours”"),
                                   rule->id);

  rule->contracts = vigie_script_loader_get_strv (loader, object, "contract", rule->id);
  rule->urgencies = vigie_script_loader_get_strv (loader, object, "urgency", rule->id);
  canonical_urgencies (rule->urgencies);
  load_keywords (loader, rule, object);
  load_outcomes (loader, rule, object, nodes_by_id);
  load_decisions (loader, rule, object);
  load_days (loader, rule, object);
  load_time_window (loader, rule, object);

  vigie_script_loader_get_int (loader, object, "gravity_at_least", rule->id, 1, 4, &rule->gravity_min);
  vigie_script_loader_get_int (loader, object, "gravity_at_most", rule->id, 1, 4, &rule->gravity_max);
  vigie_script_loader_get_int (loader, object, "priority_at_least", rule->id, 1, 5, &rule->priority_min);
  vigie_script_loader_get_int (loader, object, "priority_at_most", rule->id, 1, 5, &rule->priority_max);
}

/* A rule's own deferral: valid, possible with the script's opening
 * hours, and only with "force": "defer". */
static void
load_rule_defer (VigieScriptLoader    *loader,
                 VigieRule            *rule,
                 const VigieJsonValue *object,
                 gboolean              has_opening_hours)
{
  g_autoptr(GError) local_error = NULL;
  const VigieJsonValue *member = vigie_json_object_get (object, "defer");
  gboolean needs_hours = FALSE;

  rule->defer = g_strdup (vigie_script_loader_get_string (loader, object, "defer", rule->id, FALSE));
  if (rule->defer == NULL)
    return;
  if (!vigie_deferral_check (rule->defer, &needs_hours, &local_error))
    vigie_script_loader_report_at (loader, member, rule->id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   "%s", local_error->message);
  else if (needs_hours && !has_opening_hours)
    vigie_script_loader_report_at (loader, member, rule->id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("“%s” needs the script's “opening_hours”"), rule->defer);
  else if (rule->force != VIGIE_DECISION_DEFER)
    vigie_script_loader_report_at (loader, member, rule->id, VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("“defer” only applies with “force”: “defer”"));
}

static VigieRule *
load_rule (VigieScriptLoader    *loader,
           const VigieJsonValue *object,
           GHashTable        *nodes_by_id,
           gboolean           has_opening_hours)
{
  VigieRule *rule;
  const VigieJsonValue *member;
  const char *id, *force;
  int final;

  if (object->type != VIGIE_JSON_OBJECT)
    {
      vigie_script_loader_report_at (loader, object, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("a rule must be an object"));
      return NULL;
    }
  id = vigie_script_loader_get_string (loader, object, "id", NULL, TRUE);
  if (id == NULL)
    return NULL;

  rule = g_new0 (VigieRule, 1);
  rule->id = g_strdup (id);
  rule->file = g_strdup (loader->path);
  rule->line = object->line;
  rule->column = object->column;
  rule->vip = rule->weekend = rule->holiday = rule->open = -1;
  rule->time_from = rule->time_to = -1;

  vigie_script_loader_check_fields (loader, object, id, rule_fields);
  rule->description = g_strdup (vigie_script_loader_get_string (loader, object, "description", id, FALSE));
  if ((member = vigie_json_object_get (object, "when")))
    load_when (loader, rule, member, nodes_by_id, has_opening_hours);

  vigie_script_loader_get_int (loader, object, "priority", id, -4, 4, &rule->priority);
  final = vigie_script_loader_get_bool (loader, object, "final", id);
  rule->final = final == 1;

  force = vigie_script_loader_get_string (loader, object, "force", id, FALSE);
  if (force != NULL && (rule->force = vigie_decision_kind_from_string (force)) == VIGIE_DECISION_NONE)
    vigie_script_loader_report_at (loader, vigie_json_object_get (object, "force"), id,
                                   VIGIE_SCRIPT_ERROR_INVALID_VALUE,
                                   _("force must be “trigger”, “defer” or “log”, not “%s”"), force);

  load_rule_defer (loader, rule, object, has_opening_hours);

  if (rule->priority == 0 && force == NULL && !rule->final)
    vigie_script_loader_report_at (loader, object, id, VIGIE_SCRIPT_ERROR_MISSING_FIELD,
                                   _("rule “%s” does nothing: give it a “priority” or a “force”"), id);

  return rule;
}

GPtrArray *
vigie_rules_load (VigieScriptLoader *loader,
                  const VigieJsonValue *rules,
                  GHashTable        *nodes_by_id,
                  gboolean           has_opening_hours)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_rule_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  if (rules->type != VIGIE_JSON_ARRAY)
    {
      vigie_script_loader_report_at (loader, rules, NULL, VIGIE_SCRIPT_ERROR_WRONG_TYPE,
                                     _("field “%s” must be an array"), "rules");
      return NULL;
    }

  for (guint i = 0; i < rules->length; i++)
    {
      VigieRule *rule = load_rule (loader, &rules->elements[i], nodes_by_id, has_opening_hours);
      VigieRule *previous;

      if (rule == NULL)
        continue;
      if ((previous = g_hash_table_lookup (ids, rule->id)))
        {
          vigie_script_loader_report (loader, rule->line, rule->column, rule->id,
                                      VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
                                      _("rule id “%s” is already used at line %u"), rule->id, previous->line);
          vigie_rule_free (rule);
          continue;
        }
      g_hash_table_insert (ids, rule->id, rule);
      g_ptr_array_add (result, rule);
    }

  return g_steal_pointer (&result);
}
