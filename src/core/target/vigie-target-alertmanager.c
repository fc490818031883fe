/* vigie-target-alertmanager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prometheus Alertmanager's v2 API: one alert in a list, its identity in
 * its labels, resolved by an endsAt in the past.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

static const char * const alertmanager_secrets[] = { "token", NULL };

static void
add_labels (JsonBuilder *builder,
            VigieTarget *self,
            const char  *dedup_key,
            JsonObject  *alert)
{
  JsonObject *config = vigie_target_get_config (self);
  JsonObject *extra = json_object_has_member (config, "labels")
                      ? json_object_get_object_member (config, "labels") : NULL;
  const char *alertname = vigie_target_get_string (self, "alertname");
  g_autoptr(GList) members = extra ? json_object_get_members (extra) : NULL;

  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "alertname", alertname ? alertname : "VigieOnCall");
  vigie_json_builder_add_string (builder, "client", vigie_target_get_client_id (self));
  vigie_json_builder_add_string (builder, "severity", vigie_gravity_to_severity_label (_vigie_alert_gravity (alert)));
  vigie_json_builder_add_string (builder, "dedup_key", dedup_key);
  vigie_json_builder_add_string (builder, "nature", _vigie_alert_string (alert, "nature"));
  for (GList *l = members; l; l = l->next)
    vigie_json_builder_add_string (builder, l->data, json_object_get_string_member_with_default (extra, l->data, NULL));
  json_builder_end_object (builder);
}

static void
add_annotations (JsonBuilder *builder,
                 JsonObject  *alert)
{
  g_autofree char *summary = _vigie_alert_summary (alert, 1024);
  g_autofree char *details = _vigie_alert_details (alert);

  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "summary", summary);
  vigie_json_builder_add_string (builder, "description", details);
  vigie_json_builder_add_string (builder, "caller_number", _vigie_alert_string (alert, "caller.number"));
  vigie_json_builder_add_string (builder, "client_name", _vigie_alert_string (alert, "client.name"));
  json_builder_end_object (builder);
}

static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* startsAt, endsAt and generatorURL. */
static void
add_times (JsonBuilder      *builder,
           VigieTarget      *self,
           VigieAlertAction  action,
           const char       *dedup_key,
           JsonObject       *alert)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;
  g_autofree char *starts_text = NULL;
  g_autofree char *ends_text = NULL;
  g_autofree char *generator = g_strdup (vigie_target_get_string (self, "generator_url"));
  const char *received = _vigie_alert_string (alert, "received_at");
  const char *call_id = _vigie_alert_string (alert, "call_id");

  /* startsAt is the call's arrival, the same on every retry: Alertmanager
   * then sees one alert (same labels), not a new one per attempt. */
  starts = received ? g_date_time_new_from_iso8601 (received, NULL) : NULL;
  if (starts == NULL)
    starts = g_date_time_ref (now);
  if (action == VIGIE_ALERT_ACTION_RESOLVE)
    ends = g_date_time_ref (now);
  else
    /* Firing until resolved: a day, renewed by nothing; Alertmanager would
     * otherwise resolve it after its resolve_timeout (5 min). */
    ends = g_date_time_add_hours (starts, json_object_get_int_member_with_default (vigie_target_get_config (self),
                                                                                   "active_hours", 24));
  starts_text = format_time (starts);
  ends_text = format_time (ends);
  if (generator == NULL)
    generator = g_strdup_printf ("urn:vigie:call:%s", call_id ? call_id : dedup_key);

  vigie_json_builder_add_string (builder, "startsAt", starts_text);
  vigie_json_builder_add_string (builder, "endsAt", ends_text);
  vigie_json_builder_add_string (builder, "generatorURL", generator);
}

static SoupMessage *
vigie_alertmanager_target_build_message (VigieTarget       *self,
                                         VigieAlertAction   action,
                                         const char        *dedup_key,
                                         JsonObject        *alert,
                                         VigieSecrets      *secrets,
                                         GError           **error)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = NULL;

  if (!_vigie_target_dup_optional_secret (self, secrets, "token", &token, error))
    return NULL;

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "labels");
  add_labels (builder, self, dedup_key, alert);
  json_builder_set_member_name (builder, "annotations");
  add_annotations (builder, alert);
  add_times (builder, self, action, dedup_key, alert);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  url = _vigie_target_join_url (vigie_target_get_url (self), "api/v2/alerts");
  return _vigie_target_post_json (url, builder, token, error);
}

/* Resolving is sending the same labels with an endsAt of now. */
static const VigieTargetPlatform alertmanager_platform = {
  .kind = VIGIE_TARGET_ALERTMANAGER, .name = "alertmanager", .label = N_("Prometheus Alertmanager"),
  .secret_fields = alertmanager_secrets,
  .supports = _vigie_target_supports_resolve, .build_message = vigie_alertmanager_target_build_message,
};

VIGIE_DEFINE_TARGET_PLATFORM (VigieAlertmanagerTarget, vigie_alertmanager_target, alertmanager_platform)
