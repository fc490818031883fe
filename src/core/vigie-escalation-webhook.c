/* vigie-escalation-webhook.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stop-gap #VigieAlertSink until the durable outbox lands: each step's
 * "webhook:" targets get a POST through the existing dispatcher, which
 * journals the attempt. Other channels (sms, phone) are left to the
 * outbox and to the operator (the desk's banner for phone steps).
 */
#define G_LOG_DOMAIN "vigie-escalation-webhook"

#include "config.h"

#include "vigie-escalation-webhook.h"

struct _VigieEscalationWebhook
{
  GObject          parent_instance;

  VigieDispatcher *dispatcher;
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
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The dispatcher journals the outcome; nothing more to do here. */
  if (!vigie_dispatcher_send_finish (VIGIE_DISPATCHER (source), result, NULL, &error))
    g_debug ("Escalation webhook: %s", error->message);
}

static gboolean
deliver (VigieAlertSink             *sink,
         const VigieEscalationStep  *step,
         GError                    **error)
{
  VigieEscalationWebhook *self = VIGIE_ESCALATION_WEBHOOK (sink);

  for (guint i = 0; step->targets && step->targets[i]; i++)
    if (g_str_has_prefix (step->targets[i], "webhook:"))
      {
        g_autoptr(JsonNode) payload = vigie_escalation_webhook_build_payload (step);

        vigie_dispatcher_send_async (self->dispatcher, step->call_id, step->targets[i] + 8, payload,
                                     NULL, sent_cb, NULL);
      }
  return TRUE;
}

static gboolean
remind (VigieAlertSink            *sink,
        const VigieShiftReminder  *reminder,
        GError                   **error)
{
  VigieEscalationWebhook *self = VIGIE_ESCALATION_WEBHOOK (sink);

  for (guint i = 0; reminder->targets && reminder->targets[i]; i++)
    if (g_str_has_prefix (reminder->targets[i], "webhook:"))
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) payload = NULL;
        g_autofree char *start = g_date_time_format_iso8601 (reminder->shift_start);
        g_autofree char *end = g_date_time_format_iso8601 (reminder->shift_end);
        g_autofree char *dedup = g_strdup_printf ("reminder/%s/%s/%s/%s", reminder->client_id,
                                                  reminder->person_id, start, reminder->kind);

        json_builder_begin_object (builder);
        add (builder, "kind", "shift-reminder");
        add (builder, "client_id", reminder->client_id);
        add (builder, "person_id", reminder->person_id);
        add (builder, "name", reminder->name);
        add (builder, "shift_start", start);
        add (builder, "shift_end", end);
        add (builder, "reminder", reminder->kind);
        add (builder, "dedup_key", dedup);
        json_builder_end_object (builder);
        payload = json_builder_get_root (builder);
        vigie_dispatcher_send_async (self->dispatcher, NULL, reminder->targets[i] + 8, payload,
                                     NULL, sent_cb, NULL);
      }
  return TRUE;
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
vigie_escalation_webhook_new (VigieDispatcher *dispatcher)
{
  VigieEscalationWebhook *self = g_object_new (VIGIE_TYPE_ESCALATION_WEBHOOK, NULL);

  self->dispatcher = g_object_ref (dispatcher);
  return self;
}
