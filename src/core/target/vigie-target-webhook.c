/* vigie-target-webhook.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any HTTP endpoint: method, URL, headers and body are the user's
 * templates, `{{caller.number}}`-style placeholders filled from the alert
 * and escaped for where they land. Without a body template, the whole
 * alert is sent as JSON.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

static const char * const webhook_secrets[] = { NULL };

/* --- templates --- */

static void
append_escaped (GString    *out,
                const char *value,
                const char *content_type)
{
  if (content_type && strstr (content_type, "json"))
    {
      /* The value goes inside a JSON string the template already quotes. */
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
      g_autofree char *quoted = json_to_string (node, FALSE);

      g_string_append_len (out, quoted + 1, strlen (quoted) - 2);
    }
  else if (content_type && strstr (content_type, "x-www-form-urlencoded"))
    {
      g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
      g_string_append (out, escaped);
    }
  else
    g_string_append (out, value);
}

/* A placeholder naming an alert member, as text. */
static char *
member_value (JsonObject  *alert,
              const char  *name,
              GError     **error)
{
  JsonNode *node = _vigie_alert_member (alert, name);
  GType type;

  if (node == NULL)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Unknown placeholder “{{%s}}” in the template"), name);
      return NULL;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return json_to_string (node, FALSE);
}

static char *
secret_value (const char    *name,
              VigieTarget   *target,
              VigieSecrets  *secrets,
              GError       **error)
{
  if (target == NULL)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("“{{%s}}” needs a target"), name);
      return NULL;
    }
  return vigie_target_dup_secret (target, secrets, name + strlen ("secret:"), TRUE, error);
}

static char *
placeholder_value (const char    *name,
                   JsonObject    *alert,
                   const char    *action,
                   VigieTarget   *target,
                   VigieSecrets  *secrets,
                   GError       **error)
{
  if (g_str_equal (name, "action"))
    return g_strdup (action);
  if (g_str_equal (name, "details"))
    return _vigie_alert_details (alert);
  if (g_str_equal (name, "severity"))
    return g_strdup (vigie_gravity_to_severity_label (_vigie_alert_gravity (alert)));
  if (g_str_equal (name, "priority"))
    return g_strdup_printf ("%d", vigie_gravity_to_ntfy (_vigie_alert_gravity (alert)));
  if (g_str_has_prefix (name, "secret:"))
    return secret_value (name, target, secrets, error);
  return member_value (alert, name, error);
}

/**
 * vigie_target_expand_template:
 * @template: text with `{{name}}` placeholders
 * @alert: the alert
 * @action: "trigger", "acknowledge" or "resolve"
 * @content_type: (nullable): values are escaped for JSON or form bodies
 * @target: (nullable): for `{{secret:NAME}}`
 * @secrets: (nullable): for `{{secret:NAME}}`
 * @error: return location for a #GError
 *
 * Placeholders name alert members with dots (`{{caller.number}}`), or
 * `{{action}}`, `{{details}}`, `{{severity}}`, `{{priority}}`,
 * `{{secret:NAME}}`. An unknown placeholder is an error, not an empty
 * string: a silent gap in an SMS would go unnoticed.
 *
 * Returns: (transfer full) (nullable): the expanded text
 */
char *
vigie_target_expand_template (const char    *template,
                              JsonObject    *alert,
                              const char    *action,
                              const char    *content_type,
                              VigieTarget   *target,
                              VigieSecrets  *secrets,
                              GError       **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = template;

  while (*p)
    {
      const char *open = strstr (p, "{{");
      const char *close;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      close = strstr (open + 2, "}}");
      if (close == NULL)
        {
          g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                       _("Unclosed “{{” in the template"));
          return NULL;
        }
      name = g_strstrip (g_strndup (open + 2, close - open - 2));
      if (!(value = placeholder_value (name, alert, action, target, secrets, error)))
        return NULL;

      append_escaped (out, value, content_type);
      p = close + 2;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- the request --- */

/* No template: the whole alert, as the walking skeleton sent it. */
static char *
whole_alert_body (JsonObject *alert,
                  const char *action_name,
                  const char *dedup_key)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GList) members = json_object_get_members (alert);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (alert, l->data)));
  node = json_node_init_object (json_node_alloc (), copy);
  json_object_set_string_member (copy, "action", action_name);
  json_object_set_string_member (copy, "dedup_key", dedup_key);
  return json_to_string (node, FALSE);
}

/* The configured "headers", each one a template. */
static gboolean
add_headers (VigieTarget         *self,
             SoupMessageHeaders  *headers,
             JsonObject          *alert,
             const char          *action_name,
             VigieSecrets        *secrets,
             GError             **error)
{
  JsonObject *config = vigie_target_get_config (self);
  JsonObject *extra;
  g_autoptr(GList) members = NULL;

  if (!json_object_has_member (config, "headers"))
    return TRUE;

  extra = json_object_get_object_member (config, "headers");
  members = json_object_get_members (extra);
  for (GList *l = members; l; l = l->next)
    {
      const char *value = json_object_get_string_member_with_default (extra, l->data, NULL);
      g_autofree char *expanded = NULL;

      if (value == NULL)
        continue;
      if (!(expanded = vigie_target_expand_template (value, alert, action_name, NULL, self, secrets, error)))
        return FALSE;
      soup_message_headers_replace (headers, l->data, expanded);
    }
  return TRUE;
}

static SoupMessage *
vigie_webhook_target_build_message (VigieTarget       *self,
                                    VigieAlertAction   action,
                                    const char        *dedup_key,
                                    JsonObject        *alert,
                                    VigieSecrets      *secrets,
                                    GError           **error)
{
  const char *method = vigie_target_get_string (self, "method");
  const char *content_type = vigie_target_get_string (self, "content_type");
  const char *template = vigie_target_get_string (self, "body");
  const char *action_name = vigie_alert_action_to_string (action);
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (method == NULL)
    method = SOUP_METHOD_POST;
  if (content_type == NULL)
    content_type = "application/json";

  if (!(url = vigie_target_expand_template (vigie_target_get_url (self), alert, action_name,
                                            "application/x-www-form-urlencoded", self, secrets, error)))
    return NULL;
  if (template != NULL)
    body = vigie_target_expand_template (template, alert, action_name, content_type, self, secrets, error);
  else
    body = whole_alert_body (alert, action_name, dedup_key);
  if (body == NULL)
    return NULL;

  if (!(msg = soup_message_new (method, url)))
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("“%s” is not a valid URL"), url);
      return NULL;
    }
  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      gsize length = strlen (body);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", dedup_key);

  if (!add_headers (self, soup_message_get_request_headers (msg), alert, action_name, secrets, error))
    return NULL;

  return g_steal_pointer (&msg);
}

/* A webhook resolves only when its receiver asked for it. */
static gboolean
vigie_webhook_target_supports (VigieTarget      *self,
                               VigieAlertAction  action)
{
  return action == VIGIE_ALERT_ACTION_TRIGGER ||
         (action == VIGIE_ALERT_ACTION_RESOLVE &&
          json_object_get_boolean_member_with_default (vigie_target_get_config (self), "send_resolve", FALSE));
}

static gboolean
vigie_webhook_target_check_config (VigieTarget  *self,
                                   JsonObject   *config,
                                   GError      **error)
{
  if (json_object_has_member (config, "headers") &&
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (config, "headers")))
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”, target “%s”: “headers” must be an object"),
                   vigie_target_get_client_id (self), vigie_target_get_id (self));
      return FALSE;
    }
  return TRUE;
}

static const VigieTargetPlatform webhook_platform = {
  .kind = VIGIE_TARGET_WEBHOOK, .name = "webhook", .label = N_("Webhook"),
  .secret_fields = webhook_secrets,
  .check_config = vigie_webhook_target_check_config, .supports = vigie_webhook_target_supports,
  .build_message = vigie_webhook_target_build_message,
};

VIGIE_DEFINE_TARGET_PLATFORM (VigieWebhookTarget, vigie_webhook_target, webhook_platform)
