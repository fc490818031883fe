/* vigie-decision.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-decision"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-decision.h"

struct _VigieDecision
{
  GObject            parent_instance;

  VigieDecisionKind  recommended;
  VigieDecisionKind  final;
  char              *outcome_id;
  int                gravity;
  GDateTime         *defer_until;
  char              *reason;
  GStrv              explanation;
};

G_DEFINE_FINAL_TYPE (VigieDecision, vigie_decision, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-decision-error-quark, vigie_decision_error)

static const char * const kind_names[] = {
  [VIGIE_DECISION_NONE] = "none",
  [VIGIE_DECISION_TRIGGER] = "trigger",
  [VIGIE_DECISION_DEFER] = "defer",
  [VIGIE_DECISION_LOG] = "log",
};

const char *
vigie_decision_kind_to_string (VigieDecisionKind kind)
{
  g_return_val_if_fail (kind <= VIGIE_DECISION_LOG, "none");
  return kind_names[kind];
}

VigieDecisionKind
vigie_decision_kind_from_string (const char *str)
{
  for (guint i = VIGIE_DECISION_TRIGGER; i <= VIGIE_DECISION_LOG; i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      return i;
  return VIGIE_DECISION_NONE;
}

static void
vigie_decision_finalize (GObject *object)
{
  VigieDecision *self = (VigieDecision *)object;

  g_free (self->outcome_id);
  g_free (self->reason);
  g_clear_pointer (&self->defer_until, g_date_time_unref);
  g_strfreev (self->explanation);

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

static gboolean
parse_clock (const char *str,
             int        *hour,
             int        *minute)
{
  guint64 h, m;
  char *end;

  h = g_ascii_strtoull (str, &end, 10);
  if (end == str || (*end != ':' && *end != 'h'))
    return FALSE;
  str = end + 1;
  m = *str ? g_ascii_strtoull (str, &end, 10) : 0;
  if (*str && *end != '\0')
    return FALSE;
  if (h > 23 || m > 59)
    return FALSE;
  *hour = (int)h;
  *minute = (int)m;
  return TRUE;
}

/**
 * vigie_decision_compute_defer:
 * @rule: a deferral rule: "+2h", "+30min", "08:00" (next occurrence) or
 *   "next-business-day 08:00"
 * @now: the current time, in the client's time zone
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): when the deferred alert fires
 */
GDateTime *
vigie_decision_compute_defer (const char  *rule,
                              GDateTime   *now,
                              GError     **error)
{
  int hour, minute;

  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (rule[0] == '+')
    {
      char *end;
      guint64 amount = g_ascii_strtoull (rule + 1, &end, 10);

      if (end != rule + 1 && amount > 0 && amount < 10000)
        {
          if (g_str_equal (end, "h"))
            return g_date_time_add_hours (now, (int)amount);
          if (g_str_equal (end, "min"))
            return g_date_time_add_minutes (now, (int)amount);
          if (g_str_equal (end, "d"))
            return g_date_time_add_days (now, (int)amount);
        }
    }
  else if (g_str_has_prefix (rule, "next-business-day ") &&
           parse_clock (rule + strlen ("next-business-day "), &hour, &minute))
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, 1);

      while (g_date_time_get_day_of_week (day) >= 6)
        {
          GDateTime *next = g_date_time_add_days (day, 1);
          g_date_time_unref (day);
          day = next;
        }
      return g_date_time_new (g_date_time_get_timezone (now),
                              g_date_time_get_year (day), g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day), hour, minute, 0);
    }
  else if (parse_clock (rule, &hour, &minute))
    {
      g_autoptr(GDateTime) today =
        g_date_time_new (g_date_time_get_timezone (now),
                         g_date_time_get_year (now), g_date_time_get_month (now),
                         g_date_time_get_day_of_month (now), hour, minute, 0);

      if (g_date_time_compare (today, now) > 0)
        return g_steal_pointer (&today);
      return g_date_time_add_days (today, 1);
    }

  g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_BAD_RULE,
               _("“%s” is not a deferral rule"), rule);
  return NULL;
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

  self = g_object_new (VIGIE_TYPE_DECISION, NULL);
  self->outcome_id = g_strdup (outcome->id);
  self->gravity = outcome->gravity;
  self->recommended = outcome->decision;
  builder_take (why, g_strdup_printf (_("Outcome “%s”: %s, gravity %d"),
                                             outcome->id,
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
      if (!(self->defer_until = vigie_decision_compute_defer (outcome->defer, now, error)))
        return NULL;
      builder_take (why, g_strdup_printf (_("Deferred by rule “%s”"), outcome->defer));
    }

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
  json_builder_set_member_name (builder, "gravity");
  json_builder_add_int_value (builder, self->gravity);
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
