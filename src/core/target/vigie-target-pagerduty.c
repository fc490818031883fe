/* vigie-target-pagerduty.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PagerDuty's Events API v2: one endpoint, the routing key in the body,
 * trigger / acknowledge / resolve on the same dedup_key.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

static const char * const pagerduty_secrets[] = { "routing_key", "read_token", NULL };

static void
add_custom_details (JsonBuilder *builder,
                    JsonObject  *alert)
{
  static const char * const members[] = {
    "call_id", "received_at", "client", "caller", "answers", "nature", "urgency",
    "gravity", "decision", "override_reason", "note", "message", "oncall", "recipient", NULL
  };

  json_builder_begin_object (builder);
  for (guint i = 0; members[i]; i++)
    if (json_object_has_member (alert, members[i]))
      {
        json_builder_set_member_name (builder, members[i]);
        json_builder_add_value (builder, json_node_copy (json_object_get_member (alert, members[i])));
      }
  json_builder_end_object (builder);
}

/* The trigger's "payload": what the incident shows. */
static void
add_payload (JsonBuilder *builder,
             VigieTarget *self,
             JsonObject  *alert)
{
  const char *client_id = vigie_target_get_client_id (self);
  g_autofree char *summary = _vigie_alert_summary (alert, 1024);
  g_autofree char *source = g_strdup (vigie_target_get_string (self, "source"));

  if (source == NULL)
    source = g_strdup_printf ("vigie/%s", client_id);

  json_builder_set_member_name (builder, "payload");
  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "summary", summary);
  vigie_json_builder_add_string (builder, "source", source);
  vigie_json_builder_add_string (builder, "severity", vigie_gravity_to_pagerduty (_vigie_alert_gravity (alert)));
  vigie_json_builder_add_string (builder, "timestamp", _vigie_alert_string (alert, "received_at"));
  vigie_json_builder_add_string (builder, "class", _vigie_alert_string (alert, "nature"));
  vigie_json_builder_add_string (builder, "group", client_id);
  json_builder_set_member_name (builder, "custom_details");
  add_custom_details (builder, alert);
  json_builder_end_object (builder);
}

static SoupMessage *
vigie_pagerduty_target_build_message (VigieTarget       *self,
                                      VigieAlertAction   action,
                                      const char        *dedup_key,
                                      JsonObject        *alert,
                                      VigieSecrets      *secrets,
                                      GError           **error)
{
  g_autofree char *routing_key = vigie_target_dup_secret (self, secrets, "routing_key", TRUE, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *config = vigie_target_get_config (self);

  if (routing_key == NULL)
    return NULL;

  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "routing_key", routing_key);
  vigie_json_builder_add_string (builder, "event_action", vigie_alert_action_to_string (action));
  vigie_json_builder_add_string (builder, "dedup_key", dedup_key);

  if (action == VIGIE_ALERT_ACTION_TRIGGER)
    {
      add_payload (builder, self, alert);
      vigie_json_builder_add_string (builder, "client", "Vigie");
      if (json_object_has_member (config, "links") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (config, "links")))
        {
          json_builder_set_member_name (builder, "links");
          json_builder_add_value (builder, json_node_copy (json_object_get_member (config, "links")));
        }
    }
  json_builder_end_object (builder);
  return _vigie_target_post_json (vigie_target_get_url (self), builder, NULL, error);
}

/* The only platform with all three actions. */
static gboolean
vigie_pagerduty_target_supports (VigieTarget      *self,
                                 VigieAlertAction  action)
{
  return action == VIGIE_ALERT_ACTION_TRIGGER || action == VIGIE_ALERT_ACTION_ACKNOWLEDGE ||
         action == VIGIE_ALERT_ACTION_RESOLVE;
}

static const VigieTargetPlatform pagerduty_platform = {
  .kind = VIGIE_TARGET_PAGERDUTY, .name = "pagerduty", .label = N_("PagerDuty"),
  .default_url = "https://events.pagerduty.com/v2/enqueue", .secret_fields = pagerduty_secrets,
  .supports = vigie_pagerduty_target_supports, .build_message = vigie_pagerduty_target_build_message,
};

VIGIE_DEFINE_TARGET_PLATFORM (VigiePagerdutyTarget, vigie_pagerduty_target, pagerduty_platform)
