/* vigie-escalation-webhook.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Carries the escalation's steps out through the durable outbox: each
 * step's person gets the call's alert (with the step and who it is for)
 * on their own "webhook:" targets from the roster. A phone step is the
 * operator's (the desk's banner). An "sms:" target needs an SMS gateway
 * target of the client; without one, the step's journal event says which
 * channels were not carried.
 */
#define G_LOG_DOMAIN "vigie-escalation-webhook"

#include "config.h"

#include "vigie-escalation-webhook.h"

struct _VigieEscalationWebhook
{
  GObject          parent_instance;

  VigieDispatcher *dispatcher;
  VigieDirectory  *directory;
};

static void alert_sink_iface_init (VigieAlertSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieEscalationWebhook, vigie_escalation_webhook, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_ALERT_SINK, alert_sink_iface_init))

static void
add (JsonBuilder *builder,
     const char  *name,
     const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/**
 * vigie_escalation_webhook_build_payload:
 * @step: a due step
 *
 * Returns: (transfer full): the JSON body posted for @step
 */
JsonNode *
vigie_escalation_webhook_build_payload (const VigieEscalationStep *step)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *dedup = g_strdup_printf ("%s/escalation/%u/%u", step->alert_id, step->loop, step->step_index);
  g_autofree char *due = g_date_time_format_iso8601 (step->due_at);

  json_builder_begin_object (builder);
  add (builder, "kind", "escalation");
  add (builder, "alert_id", step->alert_id);
  add (builder, "client_id", step->client_id);
  add (builder, "call_id", step->call_id);
  add (builder, "dedup_key", dedup);
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, step->step_index + 1);
  json_builder_set_member_name (builder, "loop");
  json_builder_add_int_value (builder, step->loop + 1);
  add (builder, "person_id", step->person_id);
  add (builder, "name", step->name);
  add (builder, "phone", step->phone);
  add (builder, "due_at", due);
  {
    /* Targets render "summary" as the notification's title. */
    g_autofree char *summary = g_strdup_printf ("Escalade, étape %u : %s (%s)",
                                                step->step_index + 1,
                                                step->name ? step->name : "?",
                                                step->phone ? step->phone : "?");
    add (builder, "summary", summary);
  }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Everything goes out through the durable outbox, to every target the
 * client configured, addressed to the person concerned. */
static gboolean
enqueue (VigieEscalationWebhook  *self,
         const char              *client_id,
         const char              *call_id,
         JsonNode                *payload,
         const char              *recipient,
         const char              *recipient_phone,
         GError                 **error)
{
  VigieOutbox *outbox = vigie_dispatcher_get_outbox (self->dispatcher);
  VigieClient *client = vigie_directory_find_client (self->directory, client_id);
  g_autoptr(GPtrArray) entries = NULL;

  if (client == NULL)
    return TRUE;

  entries = vigie_dispatcher_plan_alerts (self->dispatcher, client, call_id,
                                          json_object_get_string_member (json_node_get_object (payload), "dedup_key"),
                                          payload, g_get_real_time ());
  for (guint i = 0; i < entries->len; i++)
    {
      VigieOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_free (entry->recipient);
      entry->recipient = g_strdup (recipient);
      g_free (entry->recipient_phone);
      entry->recipient_phone = g_strdup (recipient_phone);
      if (!vigie_outbox_enqueue (outbox, entry, error))
        return FALSE;
    }
  vigie_dispatcher_kick (self->dispatcher);
  return TRUE;
}

static gboolean
wants_alert_targets (const char * const *targets)
{
  for (guint i = 0; targets && targets[i]; i++)
    if (g_str_has_prefix (targets[i], "webhook:"))
      return TRUE;
  return FALSE;
}

/* The alert the desk sent for the call, so the backup reads the same
 * facts as the first person; %NULL for a cascade not started by a call. */
static JsonNode *
dup_call_alert (VigieEscalationWebhook *self,
                const char             *call_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (call_id == NULL ||
      !(rows = vigie_outbox_list_call (vigie_dispatcher_get_outbox (self->dispatcher), call_id, NULL)))
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      VigieOutboxEntry *row = g_ptr_array_index (rows, i);
      JsonObject *payload = row->payload ? json_node_get_object (row->payload) : NULL;

      if (row->action == VIGIE_ALERT_ACTION_TRIGGER && payload != NULL &&
          !json_object_has_member (payload, "escalation_step") &&
          g_strcmp0 (json_object_get_string_member_with_default (payload, "kind", NULL), "escalation") != 0)
        return json_node_copy (row->payload);
    }
  return NULL;
}

static gboolean
deliver (VigieAlertSink             *sink,
         const VigieEscalationStep  *step,
         GError                    **error)
{
  VigieEscalationWebhook *self = VIGIE_ESCALATION_WEBHOOK (sink);
  VigieOutbox *outbox = vigie_dispatcher_get_outbox (self->dispatcher);
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) alert = NULL;
  JsonObject *object;

  if (!wants_alert_targets ((const char * const *) step->targets))
    return TRUE;

  payload = vigie_escalation_webhook_build_payload (step);
  if ((alert = dup_call_alert (self, step->call_id)))
    {
      /* The call's alert, re-addressed: who it is for and at which step. */
      JsonObject *escalation = json_node_get_object (payload);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *summary = NULL;

      object = json_node_get_object (alert);
      json_builder_begin_object (builder);
      add (builder, "person_id", step->person_id);
      add (builder, "name", step->name);
      add (builder, "phone", step->phone);
      json_builder_set_member_name (builder, "step");
      json_builder_add_int_value (builder, step->step_index + 1);
      json_builder_set_member_name (builder, "n_steps");
      json_builder_add_int_value (builder, step->n_steps);
      json_builder_set_member_name (builder, "loop");
      json_builder_add_int_value (builder, step->loop + 1);
      json_builder_end_object (builder);
      json_object_set_member (object, "escalation_step", json_builder_get_root (builder));
      if (json_object_has_member (object, "recipient") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "recipient")))
        {
          JsonObject *recipient = json_object_get_object_member (object, "recipient");

          json_object_set_string_member (recipient, "person_id", step->person_id);
          json_object_set_string_member (recipient, "name", step->name);
          json_object_set_string_member (recipient, "phone", step->phone);
          json_object_set_int_member (recipient, "step", step->step_index + 1);
        }
      summary = g_strdup_printf ("%s (escalade, étape %u : %s)",
                                 json_object_get_string_member_with_default (object, "summary", ""),
                                 step->step_index + 1, step->name ? step->name : "?");
      json_object_set_string_member (object, "summary", summary);
      json_object_set_string_member (object, "dedup_key",
                                     json_object_get_string_member (escalation, "dedup_key"));
      g_clear_pointer (&payload, json_node_unref);
      payload = g_steal_pointer (&alert);
    }
  object = json_node_get_object (payload);

  /* The person's own channels, each a row of the outbox: retried, and
   * never twice for the same step after a restart (same dedup key). */
  for (guint i = 0; step->targets && step->targets[i]; i++)
    {
      g_autoptr(VigieOutboxEntry) entry = NULL;

      if (!g_str_has_prefix (step->targets[i], "webhook:"))
        continue;
      entry = vigie_outbox_entry_new (json_object_get_string_member (object, "dedup_key"),
                                      VIGIE_ALERT_ACTION_TRIGGER, step->client_id, step->targets[i], payload);
      entry->call_id = g_strdup (step->call_id);
      entry->recipient = g_strdup (step->name);
      entry->recipient_phone = g_strdup (step->phone);
      if (!vigie_outbox_enqueue (outbox, entry, error))
        return FALSE;
    }
  vigie_dispatcher_kick (self->dispatcher);
  return TRUE;
}

static gboolean
remind (VigieAlertSink            *sink,
        const VigieShiftReminder  *reminder,
        GError                   **error)
{
  VigieEscalationWebhook *self = VIGIE_ESCALATION_WEBHOOK (sink);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *start = g_date_time_format_iso8601 (reminder->shift_start);
  g_autofree char *end = g_date_time_format_iso8601 (reminder->shift_end);
  g_autofree char *dedup = g_strdup_printf ("reminder/%s/%s/%s/%s", reminder->client_id,
                                            reminder->person_id, start, reminder->kind);
  g_autofree char *summary = g_strdup_printf ("Rappel de prise de poste : %s, astreinte à partir du %s",
                                              reminder->name ? reminder->name : "?", start);

  if (!wants_alert_targets ((const char * const *) reminder->targets))
    return TRUE;

  json_builder_begin_object (builder);
  add (builder, "kind", "shift-reminder");
  add (builder, "client_id", reminder->client_id);
  add (builder, "person_id", reminder->person_id);
  add (builder, "name", reminder->name);
  add (builder, "shift_start", start);
  add (builder, "shift_end", end);
  add (builder, "reminder", reminder->kind);
  add (builder, "dedup_key", dedup);
  add (builder, "summary", summary);
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);

  return enqueue (self, reminder->client_id, NULL, payload, reminder->name, NULL, error);
}

static void
alert_sink_iface_init (VigieAlertSinkInterface *iface)
{
  iface->deliver = deliver;
  iface->remind = remind;
}

static void
vigie_escalation_webhook_finalize (GObject *object)
{
  VigieEscalationWebhook *self = (VigieEscalationWebhook *)object;

  g_clear_object (&self->dispatcher);
  g_clear_object (&self->directory);

  G_OBJECT_CLASS (vigie_escalation_webhook_parent_class)->finalize (object);
}

static void
vigie_escalation_webhook_class_init (VigieEscalationWebhookClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_escalation_webhook_finalize;
}

static void
vigie_escalation_webhook_init (VigieEscalationWebhook *self)
{
}

/**
 * vigie_escalation_webhook_new:
 * @dispatcher: the dispatcher posting the webhooks
 *
 * Returns: (transfer full): the sink
 */
VigieEscalationWebhook *
vigie_escalation_webhook_new (VigieDispatcher *dispatcher,
                              VigieDirectory  *directory)
{
  VigieEscalationWebhook *self = g_object_new (VIGIE_TYPE_ESCALATION_WEBHOOK, NULL);

  self->dispatcher = g_object_ref (dispatcher);
  self->directory = g_object_ref (directory);
  return self;
}
