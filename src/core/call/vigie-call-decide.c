/* vigie-call-decide.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision: the recommendation recomputed as answers and notes come,
 * the operator's choice (or the degraded manual one), who it alerts.
 */
#define G_LOG_DOMAIN "vigie-call"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-private.h"

gboolean
_vigie_call_refresh_decision (VigieCall  *self,
                              GError    **error)
{
  g_autofree char *caller_name = NULL;
  g_autoptr(GDateTime) now = NULL;
  VigieDecisionFacts facts = { 0 };
  gboolean has_outcome = vigie_script_runner_get_outcome (self->runner) != NULL;

  if (self->decision == NULL && !has_outcome)
    return TRUE;
  g_clear_object (&self->decision);
  if (!has_outcome)
    {
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_DECISION]);
      _vigie_call_update_derived (self);
      return TRUE;
    }

  /* The engine reads the instant in the client's zone itself. */
  now = g_date_time_new_now_utc ();
  facts.now = now;
  facts.timezone = self->client ? vigie_client_get_timezone (self->client) : NULL;
  facts.note = self->note;
  facts.caller_number = self->from;
  facts.client_name = self->client ? vigie_client_get_name (self->client) : NULL;
  if (self->caller != NULL)
    {
      caller_name = vigie_contact_dup_display_name (self->caller);
      facts.vip = vigie_contact_get_vip (self->caller);
      facts.contract = vigie_contact_get_contract (self->caller);
      facts.caller_name = caller_name;
      facts.company = vigie_contact_get_company (self->caller);
      facts.site = vigie_contact_get_site (self->caller);
    }
  self->decision = vigie_decision_evaluate (self->runner, &facts, error);
  {
    GDateTime *deferral = self->decision ? vigie_decision_get_defer_until (self->decision) : NULL;

    /* Kept apart from the decision, which an override changes. */
    if (deferral != self->default_deferral)
      {
        g_clear_pointer (&self->default_deferral, g_date_time_unref);
        self->default_deferral = deferral ? g_date_time_ref (deferral) : NULL;
        g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_DEFAULT_DEFERRAL]);
      }
  }
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_DECISION]);
  _vigie_call_update_derived (self);

  return self->decision != NULL;
}

void
_vigie_call_set_string_prop (VigieCall  *self,
                             char      **field,
                             const char *value,
                             guint       prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[prop]);
}

static void
resolve_recipient (VigieCall *self,
                   GDateTime *at)
{
  g_autofree char *summary = NULL;

  g_clear_pointer (&self->recipient, vigie_recipient_free);
  self->recipient = vigie_recipient_resolve (self->rosters,
                                             self->client ? vigie_client_get_id (self->client) : NULL,
                                             self->decision ? vigie_decision_get_roster (self->decision) : NULL,
                                             self->client ? vigie_client_get_oncall_name (self->client) : NULL,
                                             self->client ? vigie_client_get_oncall_phone (self->client) : NULL,
                                             at);
  summary = vigie_recipient_dup_summary (self->recipient);
  _vigie_call_set_string_prop (self, &self->recipient_summary, summary, PROP_RECIPIENT_SUMMARY);
  if (self->recipient->source != VIGIE_RECIPIENT_NONE)
    {
      _vigie_call_set_string_prop (self, &self->oncall_name, self->recipient->name, PROP_ONCALL_NAME);
      _vigie_call_set_string_prop (self, &self->oncall_phone, self->recipient->phone, PROP_ONCALL_PHONE);
    }
}

/* The person's own "webhook:" channels, beside the client's targets. */
static void
add_person_entries (VigieCall  *self,
                    GPtrArray  *entries,
                    const char *dedup,
                    JsonNode   *alert,
                    gint64      due)
{
  VigieRecipient *r = self->recipient;

  for (guint i = 0; i < entries->len; i++)
    {
      VigieOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_free (entry->recipient);
      entry->recipient = g_strdup (r->name);
      g_free (entry->recipient_phone);
      entry->recipient_phone = g_strdup (r->phone);
    }
  for (guint i = 0; self->client && r->targets && r->targets[i]; i++)
    {
      VigieOutboxEntry *entry;

      if (!g_str_has_prefix (r->targets[i], "webhook:"))
        continue;
      entry = vigie_outbox_entry_new (dedup, VIGIE_ALERT_ACTION_TRIGGER, vigie_client_get_id (self->client),
                                      r->targets[i], alert);
      entry->call_id = g_strdup (self->id);
      entry->recipient = g_strdup (r->name);
      entry->recipient_phone = g_strdup (r->phone);
      entry->due_at = MAX (due, entry->created_at);
      entry->next_attempt_at = entry->due_at;
      g_ptr_array_add (entries, entry);
    }
}

/* The on-call person must be able to call the caller back, or the
 * operator must have said it is not possible. */
static gboolean
check_callback (VigieCall          *self,
                VigieDecisionKind   kind,
                gboolean            override,
                const char         *reason,
                GError            **error)
{
  g_autofree char *callback = NULL;

  if (kind != VIGIE_DECISION_TRIGGER || (override && !(reason && *reason)))
    return TRUE;
  if ((callback = vigie_call_dup_callback_number (self)) != NULL || self->no_callback)
    return TRUE;
  g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_CALLBACK,
               _("No call-back number: type the caller's number, or record that no call-back is possible"));
  return FALSE;
}

/* A defer time other than the computed one is an override too. */
static gboolean
is_override (VigieCall         *self,
             VigieDecisionKind  kind)
{
  return kind != vigie_decision_get_recommended (self->decision) ||
         (kind == VIGIE_DECISION_DEFER && self->defer_override != NULL);
}

static gboolean
record_decision (VigieCall          *self,
                 VigieDecisionKind   kind,
                 gboolean            override,
                 const char         *reason,
                 GError            **error)
{
  if (!override)
    return vigie_decision_confirm (self->decision, error);
  return vigie_decision_override (self->decision, kind, reason,
                                  kind == VIGIE_DECISION_DEFER ? self->defer_override : NULL, error);
}

/* The decision as journaled, with the operator's note and name. */
static JsonNode *
decision_to_json (VigieCall *self)
{
  JsonNode *decision_json = vigie_decision_to_json (self->decision);
  const char *operator = vigie_journal_get_operator (self->journal);

  if (self->note)
    json_object_set_string_member (json_node_get_object (decision_json), "note", self->note);
  if (operator)
    json_object_set_string_member (json_node_get_object (decision_json), "operator", operator);
  return decision_json;
}

static gboolean
journal_override (VigieCall          *self,
                  VigieDecisionKind   final,
                  GError            **error)
{
  JsonBuilder *builder = _vigie_call_begin_event ();

  _vigie_call_add_string (builder, "recommended",
              vigie_decision_kind_to_string (vigie_decision_get_recommended (self->decision)));
  _vigie_call_add_string (builder, "decision", vigie_decision_kind_to_string (final));
  _vigie_call_add_string (builder, "reason", vigie_decision_get_reason (self->decision));
  return _vigie_call_end_event (self, builder, "override", error);
}

/* The recipient as journaled, with the roster policy that named them. */
static JsonNode *
recipient_to_json (VigieRecipient *recipient)
{
  JsonNode *recipient_json = vigie_recipient_to_json (recipient);

  if (recipient->policy)
    json_object_set_member (json_node_get_object (recipient_json), "policy",
                            json_node_copy (recipient->policy));
  return recipient_json;
}

/* After the commit: the alert is on its way, or there was nowhere to send it. */
static void
show_alert_sent (VigieCall         *self,
                 VigieDecisionKind  final,
                 GPtrArray         *entries)
{
  if (entries->len == 0)
    {
      _vigie_call_set_alert_state (self, VIGIE_ALERT_FAILED,
                       _("This client has no alert target: phone the on-call person"));
      self->alert_overdue = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ALERT_OVERDUE]);
      _vigie_call_update_derived (self);
      return;
    }
  _vigie_call_set_alert_state (self, final == VIGIE_DECISION_DEFER ? VIGIE_ALERT_SCHEDULED : VIGIE_ALERT_SENDING,
                   _("Sending…"));
  _vigie_call_refresh_alert_state (self);
}

/* Trigger or defer: plans the alerts and commits them with the decision. */
static gboolean
commit_alert (VigieCall          *self,
              VigieDecisionKind   final,
              JsonNode           *decision_json,
              GError            **error)
{
  g_autoptr(JsonNode) alert = NULL;
  g_autofree char *dedup = vigie_call_dup_dedup_key (self);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *at = now;
  gint64 due = g_get_real_time ();

  /* Escalation names the alert by this key, not by the reusable call id. */
  json_object_set_string_member (json_node_get_object (decision_json), "dedup_key", dedup);

  if (final == VIGIE_DECISION_DEFER && vigie_decision_get_defer_until (self->decision) != NULL)
    {
      at = vigie_decision_get_defer_until (self->decision);
      due = g_date_time_to_unix (at) * G_USEC_PER_SEC;
    }

  /* Addressing: whoever the outcome's roster names at the time the
   * alert leaves (the deferral's time for a deferred one). */
  resolve_recipient (self, at);
  alert = vigie_call_build_alert (self);
  entries = self->client
    ? vigie_dispatcher_plan_alerts (self->dispatcher, self->client, self->id, dedup, alert, due)
    : g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  add_person_entries (self, entries, dedup, alert, due);
  json_object_set_member (json_node_get_object (decision_json), "recipient",
                          recipient_to_json (self->recipient));

  /* The decision and its alerts commit together, before any request
   * leaves: a crash now loses neither. */
  if (!vigie_outbox_commit (vigie_dispatcher_get_outbox (self->dispatcher), self->id, "decision",
                            decision_json, entries, error))
    return FALSE;

  _vigie_call_set_state (self, VIGIE_CALL_DECIDED);
  show_alert_sent (self, final, entries);
  return TRUE;
}

/**
 * vigie_call_decide:
 * @self: a #VigieCall
 * @kind: the operator's decision
 * @reason: (nullable): required when @kind differs from the recommendation
 * @error: return location for a #GError
 *
 * Records the decision (and the override, if any) and, on trigger, sends
 * the alert to the client's webhook. The delivery result arrives later
 * through #VigieCall:alert-state.
 */
gboolean
vigie_call_decide (VigieCall          *self,
                   VigieDecisionKind   kind,
                   const char         *reason,
                   GError            **error)
{
  g_autoptr(JsonNode) decision_json = NULL;
  VigieDecisionKind final;
  gboolean override;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->decision == NULL)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("The script has not reached a decision yet"));
      return FALSE;
    }

  override = is_override (self, kind);
  if (!check_callback (self, kind, override, reason, error) ||
      !record_decision (self, kind, override, reason, error))
    return FALSE;

  final = vigie_decision_get_final (self->decision);
  decision_json = decision_to_json (self);

  if (override && !journal_override (self, final, error))
    return FALSE;

  if (final == VIGIE_DECISION_TRIGGER || final == VIGIE_DECISION_DEFER)
    return commit_alert (self, final, decision_json, error);

  if (!_vigie_call_journal_or_hold (self, "decision", decision_json, error))
    return FALSE;

  _vigie_call_set_state (self, VIGIE_CALL_DECIDED);
  return TRUE;
}

/**
 * vigie_call_decide_manual:
 * @self: a #VigieCall whose client has no usable script
 * @kind: trigger, defer or log
 * @defer_until: (nullable): when, for %VIGIE_DECISION_DEFER
 * @note: what the operator writes for the on-call person; required, it is
 *   all the alert says of the call
 * @error: return location for a #GError
 *
 * Degraded mode: a missing or invalid script never strands a caller. The
 * operator decides alone; the alert goes through the client's targets and
 * roster like any other, the note as its message.
 */
gboolean
vigie_call_decide_manual (VigieCall          *self,
                          VigieDecisionKind   kind,
                          GDateTime          *defer_until,
                          const char         *note,
                          GError            **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (kind != VIGIE_DECISION_NONE, FALSE);

  if (!_vigie_call_check_qualifying (self, error))
    return FALSE;
  if (self->runner != NULL)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_BAD_RULE,
                   _("This call has a script: follow it to decide"));
      return FALSE;
    }
  stripped = g_strstrip (g_strdup (note ? note : ""));
  if (*stripped == '\0')
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("Without a script, the decision needs a note for the on-call person"));
      return FALSE;
    }

  vigie_call_set_note (self, stripped);
  g_clear_pointer (&self->defer_override, g_date_time_unref);
  g_clear_object (&self->decision);
  self->decision = vigie_decision_new_manual (kind, defer_until, stripped,
                                              self->client ? vigie_client_get_id (self->client) : NULL);
  if (!vigie_call_decide (self, kind, NULL, error))
    {
      g_clear_object (&self->decision);
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_DECISION]);
  return TRUE;
}

/**
 * vigie_call_set_defer_until:
 * @self: a #VigieCall
 * @when: (nullable): the time the operator chose, or %NULL for the
 *   computed one
 *
 * The next vigie_call_decide() with %VIGIE_DECISION_DEFER uses @when; as
 * it departs from the script, it needs a reason like any override.
 */
void
vigie_call_set_defer_until (VigieCall *self,
                            GDateTime *when)
{
  g_return_if_fail (VIGIE_IS_CALL (self));

  g_clear_pointer (&self->defer_override, g_date_time_unref);
  if (when != NULL)
    self->defer_override = g_date_time_ref (when);
}

/**
 * vigie_call_get_default_deferral:
 * @self: a #VigieCall
 *
 * Returns: (transfer none) (nullable): the time the script recommends
 *   deferring to, whatever the operator chose
 */
GDateTime *
vigie_call_get_default_deferral (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->default_deferral;
}

/**
 * vigie_call_needs_reason:
 * @self: a #VigieCall
 * @kind: the decision the operator is about to take
 * @deferral: (nullable): the time chosen for a deferral
 *
 * Returns: %TRUE when @kind (or a deferral to another time than the
 *   recommended one) departs from the script and needs a reason
 */
gboolean
vigie_call_needs_reason (VigieCall         *self,
                         VigieDecisionKind  kind,
                         GDateTime         *deferral)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->decision == NULL || kind == VIGIE_DECISION_NONE)
    return FALSE;
  if (kind != vigie_decision_get_recommended (self->decision))
    return TRUE;
  return kind == VIGIE_DECISION_DEFER && deferral != NULL &&
         (self->default_deferral == NULL || !g_date_time_equal (deferral, self->default_deferral));
}

/**
 * vigie_call_get_recipient_source:
 * @self: a #VigieCall
 *
 * Returns: how the alert's person was found; %VIGIE_RECIPIENT_NONE until
 *   an alert is decided
 */
VigieRecipientSource
vigie_call_get_recipient_source (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), VIGIE_RECIPIENT_NONE);
  return self->recipient ? self->recipient->source : VIGIE_RECIPIENT_NONE;
}
