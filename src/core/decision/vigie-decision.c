/* vigie-decision.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-decision"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigie-decision.h"
#include "vigie-deferral.h"
#include "vigie-rules.h"

struct _VigieDecision
{
  GObject            parent_instance;

  VigieDecisionKind  recommended;
  VigieDecisionKind  final;
  char              *outcome_id;
  char              *nature;       /* the outcome's, for readers: never its id */
  int                gravity;
  GDateTime         *defer_until;
  char              *reason;
  GStrv              explanation;
  int                priority;
  GStrv              fired_rules;
  char              *alert_text;
  char              *roster;
  char              *escalation;
};

G_DEFINE_FINAL_TYPE (VigieDecision, vigie_decision, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-decision-error-quark, vigie_decision_error)

static void
vigie_decision_finalize (GObject *object)
{
  VigieDecision *self = (VigieDecision *)object;

  g_free (self->outcome_id);
  g_free (self->nature);
  g_free (self->reason);
  g_clear_pointer (&self->defer_until, g_date_time_unref);
  g_strfreev (self->explanation);
  g_strfreev (self->fired_rules);
  g_free (self->alert_text);
  g_free (self->roster);
  g_free (self->escalation);

  G_OBJECT_CLASS (vigie_decision_parent_class)->finalize (object);
}

static void
vigie_decision_class_init (VigieDecisionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_decision_finalize;
}

static void
vigie_decision_init (VigieDecision *self)
{
}

/* g_strv_builder_take() needs GLib 2.80; Debian 12 has 2.74. */
static void
builder_take (GStrvBuilder *builder,
              char         *str)
{
  g_strv_builder_add (builder, str);
  g_free (str);
}

/* What the outcome itself recommends, before any rule: its decision,
 * its gravity as the priority, its roster and escalation. */
static VigieDecision *
decision_new_from_outcome (const VigieScriptNode *outcome)
{
  VigieDecision *self = g_object_new (VIGIE_TYPE_DECISION, NULL);

  self->outcome_id = g_strdup (outcome->id);
  self->nature = g_strdup (outcome->nature);
  self->gravity = outcome->gravity;
  self->priority = outcome->gravity;
  self->recommended = outcome->decision;
  self->roster = g_strdup (outcome->roster);
  self->escalation = g_strdup (outcome->escalation);
  return self;
}


/**
 * vigie_decision_recommend:
 * @outcome: the outcome the script reached
 * @caller: (nullable): the identified caller
 * @now: the current time, in the client's time zone
 * @error: return location for a #GError
 *
 * Turns the outcome into a recommendation and says why, line by line, so
 * the operator can follow it. A VIP reporting a serious problem (gravity 3
 * or more) always triggers: the client would not forgive a wait.
 *
 * Returns: (transfer full) (nullable): the recommendation
 */
VigieDecision *
vigie_decision_recommend (const VigieScriptNode  *outcome,
                          VigieContact           *caller,
                          GDateTime              *now,
                          GError                **error)
{
  g_autoptr(VigieDecision) self = NULL;
  g_autoptr(GStrvBuilder) why = g_strv_builder_new ();

  g_return_val_if_fail (outcome != NULL && outcome->kind == VIGIE_NODE_OUTCOME, NULL);

  self = decision_new_from_outcome (outcome);
  self->alert_text = g_strdup (outcome->alert);
  /* The outcome's nature, its id only when it has none (kept in outcome_id). */
  builder_take (why, g_strdup_printf (_("Outcome: %s, gravity %d"),
                                      outcome->nature ? outcome->nature : outcome->id,
                                      outcome->gravity));

  if (caller != NULL && vigie_contact_get_vip (caller) && outcome->gravity >= 3 &&
      self->recommended != VIGIE_DECISION_TRIGGER)
    {
      self->recommended = VIGIE_DECISION_TRIGGER;
      g_strv_builder_add (why, _("Rule “VIP”: a VIP caller with gravity 3 or more always triggers"));
    }

  if (self->recommended == VIGIE_DECISION_DEFER)
    {
      if (!(self->defer_until = vigie_deferral_compute (outcome->defer, now, error)))
        return NULL;
      g_autofree char *rule = vigie_deferral_describe (outcome->defer);

      builder_take (why, g_strdup_printf (_("Deferred: %s"), rule));
    }

  self->explanation = g_strv_builder_end (why);
  return g_steal_pointer (&self);
}

/**
 * vigie_decision_new_manual:
 * @kind: what the operator decided
 * @defer_until: (nullable): when, for %VIGIE_DECISION_DEFER (one hour
 *   from now when %NULL)
 * @note: the operator's words for the on-call person, the alert's text
 * @roster: (nullable): the roster to alert, usually the client's
 *
 * The decision on a call whose client has no usable script: the operator
 * decides alone, so the decision is its own recommendation (outcome
 * "manual"), with the note as its alert text.
 *
 * Returns: (transfer full): a decision to confirm
 */
VigieDecision *
vigie_decision_new_manual (VigieDecisionKind  kind,
                           GDateTime         *defer_until,
                           const char        *note,
                           const char        *roster)
{
  VigieDecision *self;
  g_autoptr(GStrvBuilder) why = g_strv_builder_new ();

  g_return_val_if_fail (kind != VIGIE_DECISION_NONE, NULL);

  self = g_object_new (VIGIE_TYPE_DECISION, NULL);
  self->outcome_id = g_strdup ("manual");
  self->recommended = kind;
  self->alert_text = g_strdup (note);
  self->roster = g_strdup (roster);
  if (kind == VIGIE_DECISION_DEFER)
    {
      if (defer_until != NULL)
        self->defer_until = g_date_time_ref (defer_until);
      else
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          self->defer_until = g_date_time_add_hours (now, 1);
        }
    }
  g_strv_builder_add (why, _("No usable script: the operator decided without one"));
  self->explanation = g_strv_builder_end (why);
  return self;
}

typedef struct
{
  const VigieDecisionFacts *facts;
  const VigieScriptNode    *outcome;
  VigieScriptRunner        *runner;
  VigieDecision            *decision;
} TemplateData;

static char *
dash_if_empty (const char *value)
{
  return g_strdup (value && *value ? value : "—");
}

/* "answer:<node>": the label of the last answer given at that node. */
static char *
answer_placeholder (VigieScriptRunner *runner,
                    const char        *node_id)
{
  const char *value = NULL;

  for (guint i = 0; i < vigie_script_runner_get_n_steps (runner); i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (runner, i);

      if (g_str_equal (step->node->id, node_id))
        value = g_dgettext (GETTEXT_PACKAGE, vigie_script_step_get_label (step));
    }
  return dash_if_empty (value);
}

/* The placeholders that name one of the call's facts. */
static const struct {
  const char *name;
  gsize       offset;
} fact_placeholders[] = {
  { "number", G_STRUCT_OFFSET (VigieDecisionFacts, caller_number) },
  { "company", G_STRUCT_OFFSET (VigieDecisionFacts, company) },
  { "site", G_STRUCT_OFFSET (VigieDecisionFacts, site) },
  { "contract", G_STRUCT_OFFSET (VigieDecisionFacts, contract) },
  { "client", G_STRUCT_OFFSET (VigieDecisionFacts, client_name) },
  { "note", G_STRUCT_OFFSET (VigieDecisionFacts, note) },
};

/* Returns FALSE if @name is not a text placeholder. */
static gboolean
text_placeholder (TemplateData  *data,
                  const char    *name,
                  const char   **value)
{
  const VigieDecisionFacts *facts = data->facts;

  for (guint i = 0; i < G_N_ELEMENTS (fact_placeholders); i++)
    if (g_str_equal (name, fact_placeholders[i].name))
      {
        *value = G_STRUCT_MEMBER (const char *, facts, fact_placeholders[i].offset);
        return TRUE;
      }
  if (g_str_equal (name, "caller"))
    *value = facts->caller_name ? facts->caller_name : facts->caller_number;
  else if (g_str_equal (name, "nature"))
    *value = data->outcome->nature;
  else if (g_str_equal (name, "urgency"))
    *value = data->outcome->urgency;
  else
    return FALSE;
  return TRUE;
}

static char *
placeholder_cb (const char *name,
                gpointer    user_data)
{
  TemplateData *data = user_data;
  const char *value = NULL;

  if (g_str_has_prefix (name, "answer:"))
    return answer_placeholder (data->runner, name + strlen ("answer:"));
  if (g_str_equal (name, "gravity"))
    return g_strdup_printf ("%d", data->decision->gravity);
  if (g_str_equal (name, "priority"))
    return g_strdup_printf ("%d", data->decision->priority);
  if (g_str_equal (name, "deferred_until"))
    return data->decision->defer_until
           ? g_date_time_format (data->decision->defer_until, "%Y-%m-%d %H:%M")
           : g_strdup ("—");
  if (!text_placeholder (data, name, &value))
    return NULL;
  return dash_if_empty (value);
}

static char *
describe_rule_effects (const VigieRule   *rule,
                       int                before,
                       int                after,
                       VigieDecisionKind  forced)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (rule->priority != 0)
    g_string_append_printf (text, _("priority %+d (%d → %d)"), rule->priority, before, after);
  if (forced != VIGIE_DECISION_NONE)
    {
      if (text->len)
        g_string_append (text, ", ");
      g_string_append_printf (text, _("forces “%s”"), vigie_decision_kind_to_label (forced));
    }
  if (rule->final)
    {
      if (text->len)
        g_string_append (text, ", ");
      g_string_append (text, _("no later rule applies"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The script's zone, else the client's, else Paris. */
static GTimeZone *
decision_timezone (VigieScript               *script,
                   const VigieDecisionFacts  *facts,
                   const char               **zone)
{
  GTimeZone *tz;

  *zone = vigie_script_get_timezone (script);
  if (*zone == NULL)
    *zone = facts->timezone ? facts->timezone : "Europe/Paris";
  if (!(tz = g_time_zone_new_identifier (*zone)))
    tz = g_time_zone_new_identifier ("Europe/Paris");
  return tz;
}

/* The note and every answer, as one text for the keywords. */
static char *
keyword_text (VigieScriptRunner        *runner,
              const VigieDecisionFacts *facts)
{
  g_autoptr(GString) text = g_string_new (facts->note);

  for (guint i = 0; i < vigie_script_runner_get_n_steps (runner); i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (runner, i);

      if (step->node->kind == VIGIE_NODE_INFO)
        continue;
      g_string_append_c (text, '\n');
      g_string_append (text, vigie_script_step_get_label (step));
    }
  return vigie_rules_normalize (text->str);
}

/* "At <when> (<zone>), public holiday / weekend, within opening hours". */
static char *
describe_moment (GDateTime         *now,
                 const char        *zone,
                 const char        *holiday,
                 VigieOpeningHours *hours)
{
  g_autofree char *when = g_date_time_format (now, "%a %Y-%m-%d %H:%M %Z");
  GString *context = g_string_new (NULL);

  g_string_append_printf (context, _("At %s (%s)"), when, zone);
  if (holiday)
    g_string_append_printf (context, _(", public holiday: %s"), holiday);
  else if (g_date_time_get_day_of_week (now) >= 6)
    g_string_append (context, _(", weekend"));
  if (hours)
    g_string_append (context, vigie_opening_hours_is_open (hours, now)
                              ? _(", within opening hours") : _(", outside opening hours"));
  return g_string_free (context, FALSE);
}

/* The deferral a forcing "defer" rule brings: its own, the outcome's, or
 * the next opening / business day. */
static const char *
forced_deferral (const VigieRule       *rule,
                 const VigieScriptNode *outcome,
                 VigieOpeningHours     *hours)
{
  if (rule->defer)
    return rule->defer;
  if (outcome->defer)
    return outcome->defer;
  return hours ? "next-opening" : "next-business-day 08:00";
}

static void
explain_rule (GStrvBuilder    *why,
              const VigieRule *rule,
              int              before,
              int              after)
{
  g_autofree char *effects = describe_rule_effects (rule, before, after, rule->force);

  /* The operator reads the rule's words, not its id (kept in
   * fired_rules); a rule without a description has only its id. */
  builder_take (why, g_strdup_printf (_("Rule “%s”: %s"), rule->description ? rule->description : rule->id,
                                      effects));
}

/* Applies the script's rules in order; returns the deferral rule in force. */
static const char *
apply_rules (VigieDecision         *self,
             GPtrArray             *rules,
             VigieRuleFacts        *rule_facts,
             const VigieScriptNode *outcome,
             VigieOpeningHours     *hours,
             GStrvBuilder          *why,
             GStrvBuilder          *fired)
{
  const char *defer_rule = outcome->defer;

  for (guint i = 0; i < rules->len; i++)
    {
      const VigieRule *rule = g_ptr_array_index (rules, i);
      int before = self->priority;

      rule_facts->priority = self->priority;
      rule_facts->decision = self->recommended;
      if (!vigie_rule_matches (rule, rule_facts))
        continue;

      self->priority = CLAMP (self->priority + rule->priority, 1, VIGIE_DECISION_PRIORITY_MAX);
      if (rule->force != VIGIE_DECISION_NONE)
        self->recommended = rule->force;
      if (rule->force == VIGIE_DECISION_DEFER)
        defer_rule = forced_deferral (rule, outcome, hours);
      g_strv_builder_add (fired, rule->id);
      explain_rule (why, rule, before, self->priority);
      if (rule->final)
        break;
    }
  return defer_rule;
}

static gboolean
compute_deferral (VigieDecision      *self,
                  const char         *defer_rule,
                  GDateTime          *now,
                  VigieOpeningHours  *hours,
                  VigieHolidayFlags   holidays,
                  GStrvBuilder       *why,
                  GError            **error)
{
  g_autofree char *until = NULL;
  g_autofree char *rule = NULL;

  self->defer_until = vigie_deferral_compute_full (defer_rule, now, hours, holidays, error);
  if (self->defer_until == NULL)
    return FALSE;
  until = g_date_time_format (self->defer_until, "%a %Y-%m-%d %H:%M %Z");
  rule = vigie_deferral_describe (defer_rule);
  /* The rule as a sentence, not the designer's token. */
  builder_take (why, g_strdup_printf (_("Deferred until %s (%s)"), until, rule));
  return TRUE;
}

static gboolean
expand_alert_text (VigieDecision             *self,
                   VigieScriptRunner         *runner,
                   const VigieDecisionFacts  *facts,
                   const VigieScriptNode     *outcome,
                   GError                   **error)
{
  TemplateData data = { facts, outcome, runner, self };

  if (outcome->alert == NULL)
    {
      self->alert_text = g_strdup (outcome->nature ? outcome->nature : outcome->id);
      return TRUE;
    }
  /* Validated at load; a failure here would be a bug, not the caller's. */
  self->alert_text = vigie_script_expand_template (outcome->alert, placeholder_cb, &data, error);
  return self->alert_text != NULL;
}

/**
 * vigie_decision_evaluate:
 * @runner: a runner standing on an outcome
 * @facts: the call's facts and the instant of the decision
 * @error: return location for a #GError
 *
 * The decision engine. Starts from the outcome reached (its decision, its
 * gravity as the priority), then applies the script's keyword rules in
 * order: each matching rule may add to the priority and force a decision;
 * a later forcing rule overrides an earlier one, and a "final" rule stops
 * the evaluation. Times are read in the client's time zone. Every step is
 * explained, in order, for the operator and the journal.
 *
 * Returns: (transfer full) (nullable): the recommendation
 */
VigieDecision *
vigie_decision_evaluate (VigieScriptRunner         *runner,
                         const VigieDecisionFacts  *facts,
                         GError                   **error)
{
  g_autoptr(VigieDecision) self = NULL;
  g_autoptr(GStrvBuilder) why = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) fired = g_strv_builder_new ();
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *normalized = NULL;
  const VigieScriptNode *outcome;
  VigieScript *script;
  VigieOpeningHours *hours;
  VigieHolidayFlags holidays;
  VigieRuleFacts rule_facts = { 0 };
  const char *zone;
  const char *holiday;
  const char *defer_rule;

  g_return_val_if_fail (VIGIE_IS_SCRIPT_RUNNER (runner), NULL);
  g_return_val_if_fail (facts != NULL && facts->now != NULL, NULL);

  outcome = vigie_script_runner_get_outcome (runner);
  g_return_val_if_fail (outcome != NULL, NULL);
  script = vigie_script_runner_get_script (runner);
  hours = vigie_script_get_opening_hours (script);
  holidays = vigie_script_get_holidays (script);

  tz = decision_timezone (script, facts, &zone);
  now = g_date_time_to_timezone (facts->now, tz);
  normalized = keyword_text (runner, facts);
  holiday = vigie_holidays_lookup (g_date_time_get_year (now), g_date_time_get_month (now),
                                   g_date_time_get_day_of_month (now), holidays);

  self = decision_new_from_outcome (outcome);

  builder_take (why, g_strdup_printf (_("Outcome: %s, gravity %d, recommends “%s”"),
                                      outcome->nature ? outcome->nature : outcome->id,
                                      outcome->gravity,
                                      vigie_decision_kind_to_label (outcome->decision)));
  builder_take (why, describe_moment (now, zone, holiday, hours));

  rule_facts.now = now;
  rule_facts.vip = facts->vip;
  rule_facts.contract = facts->contract;
  rule_facts.text = normalized;
  rule_facts.holiday = holiday != NULL;
  rule_facts.open = hours != NULL && vigie_opening_hours_is_open (hours, now);
  rule_facts.outcome_id = outcome->id;
  rule_facts.urgency = outcome->urgency;
  rule_facts.gravity = outcome->gravity;
  defer_rule = apply_rules (self, vigie_script_get_rules (script), &rule_facts, outcome, hours, why, fired);

  if (self->recommended == VIGIE_DECISION_DEFER &&
      !compute_deferral (self, defer_rule, now, hours, holidays, why, error))
    return NULL;
  if (!expand_alert_text (self, runner, facts, outcome, error))
    return NULL;

  self->fired_rules = g_strv_builder_end (fired);
  self->explanation = g_strv_builder_end (why);
  return g_steal_pointer (&self);
}

VigieDecisionKind
vigie_decision_get_recommended (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), VIGIE_DECISION_NONE);
  return self->recommended;
}

/**
 * vigie_decision_get_final:
 * @self: a #VigieDecision
 *
 * Returns: what the operator decided, %VIGIE_DECISION_NONE until then
 */
VigieDecisionKind
vigie_decision_get_final (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), VIGIE_DECISION_NONE);
  return self->final;
}

gboolean
vigie_decision_is_overridden (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), FALSE);
  return self->final != VIGIE_DECISION_NONE && self->reason != NULL;
}

/**
 * vigie_decision_get_reason:
 * @self: a #VigieDecision
 *
 * Returns: (nullable): the operator's reason for an override
 */
const char *
vigie_decision_get_reason (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return self->reason;
}

/**
 * vigie_decision_get_defer_until:
 * @self: a #VigieDecision
 *
 * Returns: (transfer none) (nullable): when a deferred alert fires
 */
GDateTime *
vigie_decision_get_defer_until (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return self->defer_until;
}

int
vigie_decision_get_gravity (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), 0);
  return self->gravity;
}

const char *
vigie_decision_get_outcome_id (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return self->outcome_id;
}

/**
 * vigie_decision_get_explanation:
 * @self: a #VigieDecision
 *
 * Returns: (transfer none): why this was recommended, in order
 */
const char * const *
vigie_decision_get_explanation (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return (const char * const *)self->explanation;
}

/**
 * vigie_decision_get_priority:
 * @self: a #VigieDecision
 *
 * Returns: 1 (lowest) to %VIGIE_DECISION_PRIORITY_MAX: the outcome's
 *   gravity as raised or lowered by the rules
 */
int
vigie_decision_get_priority (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), 0);
  return self->priority;
}

/**
 * vigie_decision_get_fired_rules:
 * @self: a #VigieDecision
 *
 * Returns: (transfer none): the ids of the rules that fired, in order
 */
const char * const *
vigie_decision_get_fired_rules (VigieDecision *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return self->fired_rules ? (const char * const *) self->fired_rules : none;
}

/**
 * vigie_decision_get_alert_text:
 * @self: a #VigieDecision
 *
 * Returns: (nullable): the outcome's alert text, placeholders filled in
 */
const char *
vigie_decision_get_alert_text (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return self->alert_text;
}

/**
 * vigie_decision_get_roster:
 * @self: a #VigieDecision
 *
 * Returns: (nullable): which on-call roster the outcome alerts
 */
const char *
vigie_decision_get_roster (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return self->roster;
}

/**
 * vigie_decision_get_escalation:
 * @self: a #VigieDecision
 *
 * Returns: (nullable): which escalation policy the alert follows
 */
const char *
vigie_decision_get_escalation (VigieDecision *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);
  return self->escalation;
}

static gboolean
check_open (VigieDecision  *self,
            GError        **error)
{
  if (self->final != VIGIE_DECISION_NONE)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_ALREADY_DECIDED,
                   _("This call has already been decided"));
      return FALSE;
    }
  return TRUE;
}

/**
 * vigie_decision_confirm:
 * @self: a #VigieDecision
 * @error: return location for a #GError
 *
 * The operator follows the recommendation.
 */
gboolean
vigie_decision_confirm (VigieDecision  *self,
                        GError        **error)
{
  g_return_val_if_fail (VIGIE_IS_DECISION (self), FALSE);

  if (!check_open (self, error))
    return FALSE;
  self->final = self->recommended;
  return TRUE;
}

/**
 * vigie_decision_override:
 * @self: a #VigieDecision
 * @kind: what the operator decides instead
 * @reason: why; required, since a supervisor will read it
 * @defer_until: (nullable): when, for %VIGIE_DECISION_DEFER; the
 *   recommended time or one hour from now when %NULL
 * @error: return location for a #GError
 */
gboolean
vigie_decision_override (VigieDecision      *self,
                         VigieDecisionKind   kind,
                         const char         *reason,
                         GDateTime          *defer_until,
                         GError            **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (VIGIE_IS_DECISION (self), FALSE);
  g_return_val_if_fail (kind != VIGIE_DECISION_NONE, FALSE);

  if (!check_open (self, error))
    return FALSE;

  stripped = g_strstrip (g_strdup (reason ? reason : ""));
  if (*stripped == '\0')
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("An override needs a reason"));
      return FALSE;
    }

  if (kind == VIGIE_DECISION_DEFER)
    {
      if (defer_until != NULL)
        {
          g_clear_pointer (&self->defer_until, g_date_time_unref);
          self->defer_until = g_date_time_ref (defer_until);
        }
      else if (self->defer_until == NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          self->defer_until = g_date_time_add_hours (now, 1);
        }
    }
  else
    g_clear_pointer (&self->defer_until, g_date_time_unref);

  self->final = kind;
  self->reason = g_steal_pointer (&stripped);
  return TRUE;
}

/**
 * vigie_decision_to_json:
 * @self: a #VigieDecision
 *
 * Returns: (transfer full): the decision as the journal records it
 */
JsonNode *
vigie_decision_to_json (VigieDecision *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (VIGIE_IS_DECISION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "recommended");
  json_builder_add_string_value (builder, vigie_decision_kind_to_string (self->recommended));
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, vigie_decision_kind_to_string (self->final));
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, self->outcome_id);
  if (self->nature != NULL)
    {
      json_builder_set_member_name (builder, "nature");
      json_builder_add_string_value (builder, self->nature);
    }
  json_builder_set_member_name (builder, "gravity");
  json_builder_add_int_value (builder, self->gravity);
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, self->priority);
  json_builder_set_member_name (builder, "fired_rules");
  json_builder_begin_array (builder);
  for (guint i = 0; self->fired_rules && self->fired_rules[i]; i++)
    json_builder_add_string_value (builder, self->fired_rules[i]);
  json_builder_end_array (builder);
  if (self->alert_text != NULL)
    {
      json_builder_set_member_name (builder, "alert");
      json_builder_add_string_value (builder, self->alert_text);
    }
  if (self->roster != NULL)
    {
      json_builder_set_member_name (builder, "roster");
      json_builder_add_string_value (builder, self->roster);
    }
  if (self->escalation != NULL)
    {
      json_builder_set_member_name (builder, "escalation");
      json_builder_add_string_value (builder, self->escalation);
    }
  if (self->defer_until != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (self->defer_until);
      json_builder_set_member_name (builder, "defer_until");
      json_builder_add_string_value (builder, iso);
    }
  if (self->reason != NULL)
    {
      json_builder_set_member_name (builder, "override_reason");
      json_builder_add_string_value (builder, self->reason);
    }
  json_builder_set_member_name (builder, "explanation");
  json_builder_begin_array (builder);
  for (guint i = 0; self->explanation && self->explanation[i]; i++)
    json_builder_add_string_value (builder, self->explanation[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
