/* vigie-target-ntfy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ntfy's JSON publishing: a topic, a title and a message, a priority from
 * the gravity, a "call the caller" button and, when a reply topic is set,
 * an "I'm on it" button that publishes the acknowledgement back and a
 * "Not urgent" one (a false alarm). Once acknowledged, a second message
 * carries the intervention's "started" and "over" buttons.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

static const char * const ntfy_secrets[] = { "token", "reply_token", NULL };

static void
add_call_action (JsonBuilder *builder,
                 const char  *label,
                 const char  *phone)
{
  g_autofree char *tel = NULL;

  if (phone == NULL || g_str_equal (phone, "anonymous"))
    return;

  tel = g_strdup_printf ("tel:%s", phone);
  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "action", "view");
  vigie_json_builder_add_string (builder, "label", label);
  vigie_json_builder_add_string (builder, "url", tel);
  json_builder_end_object (builder);
}

/* The phone publishes "VERB KEY" to the reply topic, which the dispatcher
 * follows: ack, not-urgent, start, end. */
static void
add_reply_action (JsonBuilder *builder,
                  VigieTarget *self,
                  const char  *label,
                  const char  *verb,
                  const char  *dedup_key,
                  const char  *reply_token)
{
  const char *reply_topic = vigie_target_get_string (self, "reply_topic");
  g_autofree char *reply_url = NULL;
  g_autofree char *body = NULL;

  if (reply_topic == NULL)
    return;

  reply_url = _vigie_target_join_url (vigie_target_get_url (self), reply_topic);
  body = g_strdup_printf ("%s %s", verb, dedup_key);
  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "action", "http");
  vigie_json_builder_add_string (builder, "label", label);
  vigie_json_builder_add_string (builder, "url", reply_url);
  vigie_json_builder_add_string (builder, "method", "POST");
  vigie_json_builder_add_string (builder, "body", body);
  if (reply_token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", reply_token);

      json_builder_set_member_name (builder, "headers");
      json_builder_begin_object (builder);
      vigie_json_builder_add_string (builder, "Authorization", auth);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "clear");
  json_builder_add_boolean_value (builder, !g_str_equal (verb, "start"));
  json_builder_end_object (builder);
}

static SoupMessage *
vigie_ntfy_target_build_message (VigieTarget       *self,
                                 VigieAlertAction   action,
                                 const char        *dedup_key,
                                 JsonObject        *alert,
                                 VigieSecrets      *secrets,
                                 GError           **error)
{
  g_autoptr(VigieCatalog) catalog = _vigie_alert_catalog (alert);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *token = NULL;
  g_autofree char *reply_token = NULL;
  /* ntfy cuts titles at 250 characters; "Taken: " needs room. */
  g_autofree char *summary = _vigie_alert_summary (alert, action == VIGIE_ALERT_ACTION_ACKNOWLEDGE ? 230 : 250);
  g_autofree char *title = action == VIGIE_ALERT_ACTION_ACKNOWLEDGE
                           ? g_strdup_printf (_vigie_alert_gettext (catalog, N_("Taken: %s")), summary) : g_strdup (summary);
  g_autofree char *message = action == VIGIE_ALERT_ACTION_ACKNOWLEDGE
    ? g_strdup (_vigie_alert_gettext (catalog, N_("Tap “Intervention started” on arrival and “Intervention over” "
                                                   "when done: the time counts as work.")))
    : _vigie_alert_details (alert);
  int gravity = action == VIGIE_ALERT_ACTION_ACKNOWLEDGE ? 1 : _vigie_alert_gravity (alert);

  if (!_vigie_target_dup_optional_secret (self, secrets, "token", &token, error) ||
      !_vigie_target_dup_optional_secret (self, secrets, "reply_token", &reply_token, error))
    return NULL;

  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "topic", vigie_target_get_string (self, "topic"));
  vigie_json_builder_add_string (builder, "title", title);
  vigie_json_builder_add_string (builder, "message", message);
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, vigie_gravity_to_ntfy (gravity));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, gravity >= 3 ? "rotating_light" : "bell");
  json_builder_add_string_value (builder, vigie_target_get_client_id (self));
  json_builder_end_array (builder);
  vigie_json_builder_add_string (builder, "click", vigie_target_get_string (self, "click"));

  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  if (action == VIGIE_ALERT_ACTION_ACKNOWLEDGE)
    {
      add_reply_action (builder, self, _vigie_alert_gettext (catalog, N_("Intervention started")), "start", dedup_key, reply_token);
      add_reply_action (builder, self, _vigie_alert_gettext (catalog, N_("Intervention over")), "end", dedup_key, reply_token);
    }
  else
    {
      /* ntfy shows three buttons at most. */
      add_call_action (builder, _vigie_alert_gettext (catalog, N_("Call the caller")),
                       _vigie_alert_string (alert, "caller.number"));
      add_reply_action (builder, self, _vigie_alert_gettext (catalog, N_("I'm on it")), "ack", dedup_key, reply_token);
      add_reply_action (builder, self, _vigie_alert_gettext (catalog, N_("Not urgent")), "not-urgent", dedup_key, reply_token);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return _vigie_target_post_json (vigie_target_get_url (self), builder, token, error);
}

/* The acknowledgement's follow-up carries the intervention's buttons,
 * which need the reply topic. */
static gboolean
vigie_ntfy_target_supports (VigieTarget      *self,
                            VigieAlertAction  action)
{
  return action == VIGIE_ALERT_ACTION_TRIGGER ||
         (action == VIGIE_ALERT_ACTION_ACKNOWLEDGE && vigie_target_get_string (self, "reply_topic") != NULL);
}

static gboolean
vigie_ntfy_target_check_config (VigieTarget  *self,
                                JsonObject   *config,
                                GError      **error)
{
  if (vigie_target_get_string (self, "topic") == NULL)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”, target “%s”: ntfy needs a “topic”"),
                   vigie_target_get_client_id (self), vigie_target_get_id (self));
      return FALSE;
    }
  return TRUE;
}

static const VigieTargetPlatform ntfy_platform = {
  .kind = VIGIE_TARGET_NTFY, .name = "ntfy", .label = N_("ntfy"),
  .default_url = "https://ntfy.sh", .secret_fields = ntfy_secrets,
  .check_config = vigie_ntfy_target_check_config, .supports = vigie_ntfy_target_supports,
  .build_message = vigie_ntfy_target_build_message,
};

VIGIE_DEFINE_TARGET_PLATFORM (VigieNtfyTarget, vigie_ntfy_target, ntfy_platform)
