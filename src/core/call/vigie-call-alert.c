/* vigie-call-alert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The alert side of a call: its state read from the outbox, the cascade,
 * acknowledgement and resolution, and the payload the platforms receive.
 */
#define G_LOG_DOMAIN "vigie-call"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-private.h"

/* The outbox rows of one alert (one per target), counted. */
typedef struct {
  GString    *delivered;     /* "Webhook (202), …": with the servers' codes */
  GString    *delivered_to;  /* "Webhook, …": for the operator */
  const char *last_error;
  gint64      due_at;
  guint       n_pending;
  guint       n_tried;
  guint       n_rejected;
  guint       n_delivered;
} Tally;

static void
tally_row (VigieCall        *self,
           Tally            *tally,
           VigieOutboxEntry *row)
{
  VigieTarget *target = self->client ? vigie_client_find_target (self->client, row->target_id) : NULL;
  const char *label = target ? vigie_target_get_label (target) : row->target_id;

  switch (row->state)
    {
    case VIGIE_OUTBOX_DELIVERED:
      tally->n_delivered++;
      g_string_append_printf (tally->delivered, "%s%s (%u)", tally->delivered->len ? ", " : "",
                              label, row->last_status);
      g_string_append_printf (tally->delivered_to, "%s%s", tally->delivered_to->len ? ", " : "", label);
      break;
    case VIGIE_OUTBOX_PENDING:
      tally->n_pending++;
      tally->due_at = tally->due_at ? MIN (tally->due_at, row->due_at) : row->due_at;
      if (row->attempts > 0)
        {
          tally->n_tried++;
          tally->last_error = row->last_error ? row->last_error : tally->last_error;
        }
      break;
    case VIGIE_OUTBOX_REJECTED:
      tally->n_rejected++;
      tally->last_error = row->last_error;
      break;
    case VIGIE_OUTBOX_CANCELLED:
    default:
      break;
    }
}

static void
show_delivered (VigieCall *self,
                Tally     *tally)
{
  g_autofree char *message = g_strdup_printf (_("Delivered to %s"), tally->delivered->str);
  /* The servers' codes are details (the tooltip): the operator reads
   * who got it. */
  g_autofree char *summary = g_strdup_printf (_("Delivered to %s"), tally->delivered_to->str);

  /* Delivered late is delivered: "not delivered" must not stay up. */
  if (self->alert_overdue)
    {
      self->alert_overdue = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ALERT_OVERDUE]);
    }
  _vigie_call_set_alert_state_full (self, VIGIE_ALERT_DELIVERED, message, summary);
}

static void
show_scheduled (VigieCall *self,
                gint64     due_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due_at / G_USEC_PER_SEC);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (self->client ? vigie_client_get_timezone (self->client) : "Europe/Paris");
  g_autoptr(GDateTime) local = tz ? g_date_time_to_timezone (utc, tz) : g_date_time_to_local (utc);
  g_autofree char *when = g_date_time_format (local, _("%A %d %B at %H:%M"));
  g_autofree char *message = g_strdup_printf (_("Alert scheduled for %s"), when);

  _vigie_call_set_alert_state (self, VIGIE_ALERT_SCHEDULED, message);
}

static void
show_tally (VigieCall *self,
            Tally     *tally)
{
  g_autofree char *message = NULL;

  self->attempt_failed = FALSE;
  if (tally->n_delivered > 0)
    show_delivered (self, tally);
  else if (tally->n_pending > 0 && tally->n_tried == 0 && tally->due_at > g_get_real_time () + G_USEC_PER_SEC)
    show_scheduled (self, tally->due_at);
  else if (tally->n_pending > 0)
    {
      /* The first failed attempt is news at once, in the server's words. */
      self->attempt_failed = tally->n_tried > 0 && tally->last_error != NULL;
      message = tally->last_error
        ? g_strdup_printf (_("Not delivered yet, retrying: %s"), tally->last_error)
        : g_strdup (_("Sending…"));
      _vigie_call_set_alert_state (self, VIGIE_ALERT_SENDING, message);
    }
  else if (tally->n_rejected > 0)
    {
      message = g_strdup_printf (_("Configuration error: %s"), tally->last_error ? tally->last_error : "");
      _vigie_call_set_alert_state (self, VIGIE_ALERT_FAILED, message);
    }
}

/* The desk's view of the alert, rebuilt from the outbox rows of the call
 * (one per target) each time one of them changes. */
void
_vigie_call_refresh_alert_state (VigieCall *self)
{
  g_autofree char *dedup = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) delivered = g_string_new (NULL);
  g_autoptr(GString) delivered_to = g_string_new (NULL);
  Tally tally = { delivered, delivered_to, NULL, 0, 0, 0, 0, 0 };

  if (self->alert_state == VIGIE_ALERT_ACKNOWLEDGED || self->alert_state == VIGIE_ALERT_RESOLVED ||
      self->alert_state == VIGIE_ALERT_NONE)
    return;

  dedup = vigie_call_dup_dedup_key (self);
  if (!(rows = vigie_outbox_list_key (vigie_dispatcher_get_outbox (self->dispatcher), dedup, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      VigieOutboxEntry *row = g_ptr_array_index (rows, i);

      if (row->action == VIGIE_ALERT_ACTION_TRIGGER)
        tally_row (self, &tally, row);
    }
  show_tally (self, &tally);
}

void
_vigie_call_outbox_changed_cb (VigieCall   *self,
                               const char  *call_id,
                               const char  *dedup_key,
                               VigieOutbox *outbox)
{
  if (dedup_key != NULL ? g_strcmp0 (dedup_key, self->alert_key) == 0
                        : (call_id == NULL || g_strcmp0 (call_id, self->id) == 0))
    _vigie_call_refresh_alert_state (self);
}

void
_vigie_call_overdue_cb (VigieCall       *self,
                        const char      *call_id,
                        const char      *dedup_key,
                        const char      *phone,
                        const char      *last_error,
                        VigieDispatcher *dispatcher)
{
  if (g_strcmp0 (call_id, self->id) != 0 || self->alert_overdue)
    return;
  if (dedup_key != NULL && g_strcmp0 (dedup_key, self->alert_key) != 0)
    return;
  if (self->alert_state == VIGIE_ALERT_ACKNOWLEDGED || self->alert_state == VIGIE_ALERT_RESOLVED)
    return;
  if (phone != NULL && g_strcmp0 (phone, self->oncall_phone) != 0)
    {
      g_free (self->oncall_phone);
      self->oncall_phone = g_strdup (phone);
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ONCALL_PHONE]);
    }
  self->alert_overdue = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ALERT_OVERDUE]);
  _vigie_call_update_derived (self);
}

void
_vigie_call_acknowledged_cb (VigieCall       *self,
                             const char      *call_id,
                             const char      *dedup_key,
                             const char      *source,
                             const char      *by,
                             VigieDispatcher *dispatcher)
{
  g_autofree char *message = NULL;

  if (g_strcmp0 (call_id, self->id) != 0)
    return;
  /* A late acknowledgement of an earlier call with the same id. */
  if (dedup_key != NULL && g_strcmp0 (dedup_key, self->alert_key) != 0)
    return;

  if (g_strcmp0 (source, "operator") == 0)
    message = g_strdup (_("Acknowledged: the on-call person answered the operator"));
  else if (by != NULL)
    message = g_strdup_printf (_("Acknowledged by %s on %s"), by, source);
  else
    message = g_strdup_printf (_("Acknowledged on %s"), source);
  if (self->alert_overdue)
    {
      self->alert_overdue = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ALERT_OVERDUE]);
    }
  _vigie_call_set_alert_state (self, VIGIE_ALERT_ACKNOWLEDGED, message);
}

/**
 * vigie_call_get_alert_overdue:
 * @self: a #VigieCall
 *
 * Returns: %TRUE when no target took the alert in time (or every target
 *   refused it): the operator must phone the on-call person
 */
gboolean
vigie_call_get_alert_overdue (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->alert_overdue;
}

/**
 * vigie_call_get_oncall_phone:
 * @self: a #VigieCall
 *
 * Returns: (nullable): the number to phone when the alert is not delivered
 */
const char *
vigie_call_get_oncall_phone (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->oncall_phone;
}

/**
 * vigie_call_acknowledge:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * The operator records that the on-call person answered: the alert is
 * acknowledged, its pending re-alerts are cancelled and PagerDuty is told.
 */
gboolean
vigie_call_acknowledge (VigieCall  *self,
                        GError    **error)
{
  g_autofree char *dedup = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->state == VIGIE_CALL_QUALIFYING)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("The call has not been decided yet"));
      return FALSE;
    }
  if (self->alert_state == VIGIE_ALERT_ACKNOWLEDGED || self->alert_state == VIGIE_ALERT_RESOLVED)
    return TRUE;

  dedup = vigie_call_dup_dedup_key (self);
  return vigie_dispatcher_acknowledge (self->dispatcher, self->id, dedup, "operator",
                                       vigie_journal_get_operator (self->journal), error);
}

/**
 * vigie_call_resolve:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * The incident is over: "resolve" goes to the platforms that support it.
 */
gboolean
vigie_call_resolve (VigieCall  *self,
                    GError    **error)
{
  g_autofree char *dedup = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->alert_state == VIGIE_ALERT_NONE || self->alert_state == VIGIE_ALERT_RESOLVED)
    return TRUE;

  dedup = vigie_call_dup_dedup_key (self);
  if (!vigie_dispatcher_resolve (self->dispatcher, self->id, dedup, error))
    return FALSE;
  if (self->alert_overdue)
    {
      self->alert_overdue = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_ALERT_OVERDUE]);
    }
  _vigie_call_set_alert_state (self, VIGIE_ALERT_RESOLVED, _("Resolved"));
  return TRUE;
}

/**
 * vigie_call_dup_dedup_key:
 * @self: a #VigieCall
 *
 * The same key on every retry and after a restart (the outbox keeps it),
 * so a target never shows the same alert twice; unique per call, never
 * derived from the switchboard's call id alone, which is reused.
 *
 * Returns: (transfer full): the alert's deduplication key
 */
char *
vigie_call_dup_dedup_key (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return g_strdup (self->alert_key);
}

/* The caller as the platforms read them: what the operator typed wins
 * over the directory and the presented number (a hidden-number caller is
 * reachable through it). */
static void
add_caller (VigieCall           *self,
            JsonBuilder         *builder,
            VigieCallerIdentity *identity,
            const char          *caller_name,
            const char          *callback)
{
  json_builder_set_member_name (builder, "caller");
  json_builder_begin_object (builder);
  _vigie_call_add_string (builder, "number", callback);
  _vigie_call_add_string (builder, "presented", self->from);
  json_builder_set_member_name (builder, "known");
  json_builder_add_boolean_value (builder, self->caller != NULL);
  _vigie_call_add_string (builder, "name", caller_name);
  _vigie_call_add_string (builder, "company", vigie_caller_identity_get (identity, VIGIE_CALLER_COMPANY));
  _vigie_call_add_string (builder, "contract", self->caller ? vigie_contact_get_contract (self->caller) : NULL);
  _vigie_call_add_string (builder, "site", vigie_caller_identity_get (identity, VIGIE_CALLER_SITE));
  json_builder_set_member_name (builder, "vip");
  json_builder_add_boolean_value (builder, self->caller && vigie_contact_get_vip (self->caller));
  if (callback == NULL && self->no_callback)
    {
      json_builder_set_member_name (builder, "no_callback");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
}

/* The engine's own words (yes/no, an information read out) are the
 * client's to read; a script's own choices are already its words. */
static const char *
answer_text (const VigieScriptStep *step,
             VigieCatalog          *catalog)
{
  const char *answer = vigie_script_step_get_label (step);

  if (step->node->kind == VIGIE_NODE_YESNO && answer != NULL)
    return vigie_catalog_gettext (catalog, answer);
  if (step->node->kind == VIGIE_NODE_INFO)
    return vigie_catalog_gettext (catalog, N_("Read to the caller"));
  return answer;
}

static void
add_answers (VigieCall    *self,
             JsonBuilder  *builder,
             VigieCatalog *catalog)
{
  guint n_steps = self->runner ? vigie_script_runner_get_n_steps (self->runner) : 0;

  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_steps; i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (self->runner, i);

      json_builder_begin_object (builder);
      _vigie_call_add_string (builder, "question", step->node->text);
      _vigie_call_add_string (builder, "answer", answer_text (step, catalog));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* What was decided and why, and the text the on-call person reads. */
static void
add_decision (VigieCall             *self,
              JsonBuilder           *builder,
              const VigieScriptNode *outcome)
{
  VigieDecision *decision = self->decision;
  const VigieScriptNode none = { 0 };
  const char *message = outcome ? outcome->alert : NULL;
  const char *final = NULL, *reason = NULL, *roster = NULL, *escalation = NULL;
  int gravity = 0;

  if (outcome == NULL)
    outcome = &none;
  if (decision != NULL)
    {
      gravity = vigie_decision_get_gravity (decision);
      final = vigie_decision_kind_to_string (vigie_decision_get_final (decision));
      reason = vigie_decision_get_reason (decision);
      roster = vigie_decision_get_roster (decision);
      escalation = vigie_decision_get_escalation (decision);
      if (vigie_decision_get_alert_text (decision) != NULL)
        message = vigie_decision_get_alert_text (decision);
    }
  _vigie_call_add_string (builder, "outcome", outcome->id);
  _vigie_call_add_string (builder, "nature", outcome->nature);
  _vigie_call_add_string (builder, "urgency", outcome->urgency);
  json_builder_set_member_name (builder, "gravity");
  json_builder_add_int_value (builder, gravity);
  _vigie_call_add_string (builder, "decision", final);
  _vigie_call_add_string (builder, "override_reason", reason);
  _vigie_call_add_string (builder, "note", self->note);
  _vigie_call_add_string (builder, "message", message);
  _vigie_call_add_string (builder, "roster", roster);
  _vigie_call_add_string (builder, "escalation", escalation);
}

static char *
dup_summary (VigieCall             *self,
             const VigieScriptNode *outcome,
             VigieCatalog          *catalog,
             const char            *caller_name,
             const char            *callback)
{
  const char *client = self->client ? vigie_client_get_name (self->client) : self->line;
  const char *nature = "?";
  const char *who = caller_name ? caller_name : callback ? callback : self->from;

  if (outcome && outcome->nature)
    nature = outcome->nature;
  else if (self->runner == NULL)
    nature = vigie_catalog_gettext (catalog, N_("Call without a script"));
  return g_strdup_printf ("[%s] %s — %s", client, nature, who);
}

/**
 * vigie_call_build_alert:
 * @self: a #VigieCall
 *
 * The texts the client reads are in its language (`language` in
 * clients.json, French by default), whatever the desk's locale.
 *
 * Returns: (transfer full): the alert as POSTed to the webhook
 */
JsonNode *
vigie_call_build_alert (VigieCall *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *dedup = NULL;
  g_autofree char *received = NULL;
  g_autofree char *caller_name = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(VigieCatalog) catalog = NULL;
  const VigieScriptNode *outcome;
  VigieCallerIdentity *identity;

  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);

  dedup = vigie_call_dup_dedup_key (self);
  received = g_date_time_format_iso8601 (self->received_at);
  outcome = self->runner ? vigie_script_runner_get_outcome (self->runner) : NULL;
  catalog = vigie_catalog_new (self->client ? vigie_client_get_language (self->client) : NULL);
  identity = vigie_call_get_identity (self);
  caller_name = vigie_caller_identity_dup_name (identity);
  if (caller_name == NULL && self->caller)
    caller_name = vigie_contact_dup_display_name (self->caller);
  callback = vigie_call_dup_callback_number (self);
  summary = dup_summary (self, outcome, catalog, caller_name, callback);

  json_builder_begin_object (builder);
  _vigie_call_add_string (builder, "dedup_key", dedup);
  _vigie_call_add_string (builder, "call_id", self->id);
  _vigie_call_add_string (builder, "received_at", received);
  _vigie_call_add_string (builder, "summary", summary);
  _vigie_call_add_string (builder, "language", vigie_catalog_get_language (catalog));

  json_builder_set_member_name (builder, "client");
  json_builder_begin_object (builder);
  _vigie_call_add_string (builder, "id", self->client ? vigie_client_get_id (self->client) : NULL);
  _vigie_call_add_string (builder, "name", self->client ? vigie_client_get_name (self->client) : NULL);
  _vigie_call_add_string (builder, "line", self->line);
  json_builder_end_object (builder);

  add_caller (self, builder, identity, caller_name, callback);
  if (self->recipient != NULL)
    {
      json_builder_set_member_name (builder, "recipient");
      json_builder_add_value (builder, vigie_recipient_to_json (self->recipient));
    }
  add_answers (self, builder, catalog);
  add_decision (self, builder, outcome);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The name of step @index of the cascade, or %NULL. */
static const char *
step_name (JsonArray *steps,
           guint      index,
           guint      n_steps)
{
  JsonObject *step = index < n_steps ? json_array_get_object_element (steps, index) : NULL;

  return step ? json_object_get_string_member_with_default (step, "name", NULL) : NULL;
}

/* Who is tried now, and who next and when. */
static char *
dup_running_text (VigieEscalationInfo *info,
                  JsonArray           *steps)
{
  guint current = info->next_step == 0 ? info->n_steps - 1 : info->next_step - 1;
  const char *now_name = step_name (steps, current, info->n_steps);
  const char *next_name = step_name (steps, info->next_step, info->n_steps);
  g_autoptr(GDateTime) local = info->next_due ? g_date_time_to_local (info->next_due) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");

  if (now_name == NULL)
    now_name = _("nobody");
  if (next_name != NULL)
    return g_strdup_printf (_("Escalation step %u of %u: %s is being alerted; if nobody acknowledges, %s at %s"),
                            current + 1, info->n_steps, now_name, next_name, when);
  return g_strdup_printf (_("Escalation step %u of %u: %s is being alerted; last step, it ends at %s"),
                          current + 1, info->n_steps, now_name, when);
}

void
_vigie_call_escalation_changed_cb (VigieCall       *self,
                                   const char      *alert_id,
                                   VigieEscalation *escalation)
{
  g_autoptr(VigieEscalationInfo) info = NULL;
  g_autofree char *text = NULL;
  JsonArray *steps;

  /* The cascade is named by the alert's key (call ids are reused). */
  if (self->alert_key == NULL || g_strcmp0 (alert_id, self->alert_key) != 0 ||
      !(info = vigie_escalation_get_info (escalation, alert_id, NULL)))
    return;
  steps = json_object_get_array_member (json_node_get_object (info->policy), "steps");

  switch (info->state)
    {
    case VIGIE_ESCALATION_RUNNING:
      text = dup_running_text (info, steps);
      break;
    case VIGIE_ESCALATION_ACKNOWLEDGED:
      text = g_strdup_printf (_("Escalation stopped: acknowledged by %s"),
                              info->acknowledged_by ? info->acknowledged_by : _("the on-call person"));
      break;
    case VIGIE_ESCALATION_EXHAUSTED:
      text = g_strdup (_("Escalation exhausted: nobody acknowledged — phone the on-call people"));
      break;
    case VIGIE_ESCALATION_CANCELLED:
      text = g_strdup (_("Escalation cancelled"));
      break;
    default:
      break;
    }
  _vigie_call_set_string_prop (self, &self->escalation_status, text, PROP_ESCALATION_STATUS);
  self->escalation_exhausted = info->state == VIGIE_ESCALATION_EXHAUSTED;
  _vigie_call_update_derived (self);
}

/**
 * vigie_call_set_rosters:
 * @self: a #VigieCall
 * @rosters: (nullable): the rosters the alert is addressed through
 * @escalation: (nullable): the cascade engine, to follow the alert's one
 *
 * Without rosters, the alert goes to the client's last-resort contact.
 */
void
vigie_call_set_rosters (VigieCall        *self,
                        VigieRosterStore *rosters,
                        VigieEscalation  *escalation)
{
  g_return_if_fail (VIGIE_IS_CALL (self));

  g_set_object (&self->rosters, rosters);
  if (self->escalation != NULL)
    g_signal_handlers_disconnect_by_data (self->escalation, self);
  g_set_object (&self->escalation, escalation);
  if (escalation != NULL)
    g_signal_connect_object (escalation, "changed", G_CALLBACK (_vigie_call_escalation_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * vigie_call_get_oncall_name:
 * @self: a #VigieCall
 *
 * Returns: (nullable): who the alert is for (see #VigieCall:oncall-name)
 */
const char *
vigie_call_get_oncall_name (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->oncall_name;
}

/**
 * vigie_call_get_recipient_summary:
 * @self: a #VigieCall
 *
 * Returns: (nullable): who was alerted and what comes next, once decided
 */
const char *
vigie_call_get_recipient_summary (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->recipient_summary;
}

/**
 * vigie_call_get_escalation_status:
 * @self: a #VigieCall
 *
 * Returns: (nullable): where the alert's cascade is
 */
const char *
vigie_call_get_escalation_status (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->escalation_status;
}
