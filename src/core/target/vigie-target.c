/* vigie-target.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One alert target of a client, and the exact wire contract of its
 * platform: what to send for trigger / acknowledge / resolve, and how to
 * read the answer (delivered, retry later, or refused for good). Sending
 * itself is the dispatcher's job; this file does no I/O, so every
 * contract is testable byte for byte.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target.h"

struct _VigieTarget
{
  GObject          parent_instance;

  char            *client_id;
  char            *id;
  char            *label;
  char            *url;
  VigieTargetKind  kind;
  JsonObject      *config;
};

G_DEFINE_FINAL_TYPE (VigieTarget, vigie_target, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-target-error-quark, vigie_target_error)

static const struct {
  const char *name;
  const char *label;
  const char *default_url;
} kinds[] = {
  [VIGIE_TARGET_PAGERDUTY] = { "pagerduty", N_("PagerDuty"), "https://events.pagerduty.com/v2/enqueue" },
  [VIGIE_TARGET_GOALERT] = { "goalert", N_("GoAlert"), NULL },
  [VIGIE_TARGET_NTFY] = { "ntfy", N_("ntfy"), "https://ntfy.sh" },
  [VIGIE_TARGET_ALERTMANAGER] = { "alertmanager", N_("Prometheus Alertmanager"), NULL },
  [VIGIE_TARGET_WEBHOOK] = { "webhook", N_("Webhook"), NULL },
  [VIGIE_TARGET_MAIL] = { "mail", N_("Summary mail"), NULL },
};

static const char * const pagerduty_secrets[] = { "routing_key", "read_token", NULL };
static const char * const goalert_secrets[] = { "token", NULL };
static const char * const ntfy_secrets[] = { "token", "reply_token", NULL };
static const char * const alertmanager_secrets[] = { "token", NULL };
static const char * const webhook_secrets[] = { NULL };
static const char * const mail_secrets[] = { "password", NULL };

/* The one gravity table (docs/targets.md): gravity 1–4 from the script. */
static const struct {
  const char *pagerduty;
  int         ntfy;
  const char *label;
  const char *mail;
} gravity_table[] = {
  { "info", 2, "info", "5 (Lowest)" },
  { "warning", 3, "warning", "3 (Normal)" },
  { "error", 4, "error", "2 (High)" },
  { "critical", 5, "critical", "1 (Highest)" },
};

static guint
gravity_index (int gravity)
{
  return (guint) CLAMP (gravity, 1, 4) - 1;
}

const char *
vigie_gravity_to_pagerduty (int gravity)
{
  return gravity_table[gravity_index (gravity)].pagerduty;
}

int
vigie_gravity_to_ntfy (int gravity)
{
  return gravity_table[gravity_index (gravity)].ntfy;
}

const char *
vigie_gravity_to_severity_label (int gravity)
{
  return gravity_table[gravity_index (gravity)].label;
}

const char *
vigie_gravity_to_mail_priority (int gravity)
{
  return gravity_table[gravity_index (gravity)].mail;
}

const char *
vigie_target_kind_to_string (VigieTargetKind kind)
{
  g_return_val_if_fail (kind <= VIGIE_TARGET_MAIL, NULL);
  return kinds[kind].name;
}

gboolean
vigie_target_kind_from_string (const char      *str,
                               VigieTargetKind *kind)
{
  for (guint i = 0; str && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, str))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vigie_target_kind_get_label:
 * @kind: a #VigieTargetKind
 *
 * Returns: the platform's name, translated
 */
const char *
vigie_target_kind_get_label (VigieTargetKind kind)
{
  g_return_val_if_fail (kind <= VIGIE_TARGET_MAIL, NULL);
  return _(kinds[kind].label);
}

/**
 * vigie_target_kind_secret_fields:
 * @kind: a #VigieTargetKind
 *
 * Returns: (transfer none): the names of the secrets the platform uses;
 *   they are kept by #VigieSecrets, never in clients.json
 */
const char * const *
vigie_target_kind_secret_fields (VigieTargetKind kind)
{
  switch (kind)
    {
    case VIGIE_TARGET_PAGERDUTY: return pagerduty_secrets;
    case VIGIE_TARGET_GOALERT: return goalert_secrets;
    case VIGIE_TARGET_NTFY: return ntfy_secrets;
    case VIGIE_TARGET_ALERTMANAGER: return alertmanager_secrets;
    case VIGIE_TARGET_WEBHOOK: return webhook_secrets;
    case VIGIE_TARGET_MAIL: return mail_secrets;
    default: g_return_val_if_reached (webhook_secrets);
    }
}

const char *
vigie_alert_action_to_string (VigieAlertAction action)
{
  switch (action)
    {
    case VIGIE_ALERT_ACTION_TRIGGER: return "trigger";
    case VIGIE_ALERT_ACTION_ACKNOWLEDGE: return "acknowledge";
    case VIGIE_ALERT_ACTION_RESOLVE: return "resolve";
    default: g_return_val_if_reached ("trigger");
    }
}

gboolean
vigie_alert_action_from_string (const char       *str,
                                VigieAlertAction *action)
{
  static const char * const names[] = { "trigger", "acknowledge", "resolve" };

  for (guint i = 0; str && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i], str))
      {
        *action = i;
        return TRUE;
      }
  return FALSE;
}

/* --- alert fields --- */

static JsonNode *
alert_member (JsonObject *alert,
              const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = alert;
  JsonNode *node = NULL;

  for (guint i = 0; parts[i]; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static const char *
alert_string (JsonObject *alert,
              const char *path)
{
  JsonNode *node = alert_member (alert, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static int
alert_gravity (JsonObject *alert)
{
  JsonNode *node = alert_member (alert, "gravity");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 3;
  return (int) json_node_get_int (node);
}

static char *
alert_summary (JsonObject *alert,
               gsize       max_chars)
{
  const char *summary = alert_string (alert, "summary");
  g_autofree char *text = g_strdup (summary ? summary : _("Vigie alert"));

  /* Platforms cap the summary; cut on a character, never inside one. */
  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      char *end = g_utf8_offset_to_pointer (text, max_chars - 1);
      *end = '\0';
      return g_strconcat (text, "…", NULL);
    }
  return g_steal_pointer (&text);
}

/* The human text of an alert, for platforms that show one block of text. */
static char *
alert_details (JsonObject *alert)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *value;
  JsonNode *answers;

  if ((value = alert_string (alert, "message")))
    g_string_append_printf (text, "%s\n\n", value);
  if ((value = alert_string (alert, "client.name")))
    g_string_append_printf (text, _("Client: %s\n"), value);
  if ((value = alert_string (alert, "caller.name")))
    g_string_append_printf (text, _("Caller: %s\n"), value);
  if ((value = alert_string (alert, "caller.company")))
    g_string_append_printf (text, _("Company: %s\n"), value);
  if ((value = alert_string (alert, "caller.number")))
    g_string_append_printf (text, _("Call back: %s\n"), value);
  else
    g_string_append (text, _("Call back: not possible (no number)\n"));
  if ((value = alert_string (alert, "recipient.name")))
    {
      const char *roster = alert_string (alert, "recipient.roster_name");

      /* Who the roster named, so a forwarded alert says whose it is. */
      if (roster)
        g_string_append_printf (text, _("On call: %s (%s)\n"), value, roster);
      else
        g_string_append_printf (text, _("On call: %s\n"), value);
    }
  if ((value = alert_string (alert, "caller.site")))
    g_string_append_printf (text, _("Site: %s\n"), value);
  if ((value = alert_string (alert, "nature")))
    g_string_append_printf (text, _("Nature: %s\n"), value);
  g_string_append_printf (text, _("Gravity: %d/4\n"), alert_gravity (alert));
  if ((value = alert_string (alert, "urgency")))
    g_string_append_printf (text, _("Urgency: %s\n"), value);

  answers = alert_member (alert, "answers");
  if (answers != NULL && JSON_NODE_HOLDS_ARRAY (answers))
    {
      JsonArray *array = json_node_get_array (answers);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *step = json_array_get_object_element (array, i);

          if (step != NULL)
            g_string_append_printf (text, "— %s %s\n",
                                    json_object_get_string_member_with_default (step, "question", ""),
                                    json_object_get_string_member_with_default (step, "answer", ""));
        }
    }

  if ((value = alert_string (alert, "note")))
    g_string_append_printf (text, _("Operator's note: %s\n"), value);
  if ((value = alert_string (alert, "call_id")))
    g_string_append_printf (text, _("Call: %s\n"), value);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- configuration --- */

static gboolean
check_url (const char       *client_id,
           const char       *target_id,
           const char       *url,
           const char * const *schemes,
           GError          **error)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      !g_strv_contains (schemes, g_uri_get_scheme (uri)))
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”, target “%s”: “%s” is not a valid URL"),
                   client_id, target_id, url ? url : "");
      return FALSE;
    }
  return TRUE;
}

static void
vigie_target_finalize (GObject *object)
{
  VigieTarget *self = (VigieTarget *)object;

  g_free (self->client_id);
  g_free (self->id);
  g_free (self->label);
  g_free (self->url);
  g_clear_pointer (&self->config, json_object_unref);

  G_OBJECT_CLASS (vigie_target_parent_class)->finalize (object);
}

static void
vigie_target_class_init (VigieTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_target_finalize;
}

static void
vigie_target_init (VigieTarget *self)
{
}

/**
 * vigie_target_new_from_json:
 * @client_id: the client the target belongs to
 * @object: one entry of the client's `targets` array in clients.json
 * @error: return location for a #GError
 *
 * Checks the configuration the platform needs; secrets (tokens, routing
 * keys, passwords) are refused here: they belong in #VigieSecrets.
 *
 * Returns: (transfer full) (nullable): the target
 */
VigieTarget *
vigie_target_new_from_json (const char  *client_id,
                            JsonObject  *object,
                            GError     **error)
{
  static const char * const http_schemes[] = { "http", "https", NULL };
  static const char * const mail_schemes[] = { "smtp", "smtps", NULL };
  g_autoptr(VigieTarget) self = NULL;
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);
  const char *type = json_object_get_string_member_with_default (object, "type", NULL);
  const char * const *secrets;
  VigieTargetKind kind;

  if (id == NULL || *id == '\0' || strpbrk (id, "/[]=\n") != NULL)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”: every target needs an “id” (no “/”)"), client_id);
      return NULL;
    }
  if (!vigie_target_kind_from_string (type, &kind))
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”, target “%s”: unknown type “%s” (pagerduty, goalert, ntfy, "
                     "alertmanager, webhook or mail)"), client_id, id, type ? type : "");
      return NULL;
    }

  secrets = vigie_target_kind_secret_fields (kind);
  for (guint i = 0; secrets[i]; i++)
    if (json_object_has_member (object, secrets[i]))
      {
        g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                     _("Client “%s”, target “%s”: “%s” is a secret and cannot be written in "
                       "clients.json; store it with “vigie alert secret %s %s %s”"),
                     client_id, id, secrets[i], client_id, id, secrets[i]);
        return NULL;
      }

  self = g_object_new (VIGIE_TYPE_TARGET, NULL);
  self->client_id = g_strdup (client_id);
  self->id = g_strdup (id);
  self->kind = kind;
  self->config = json_object_ref (object);
  self->label = g_strdup (json_object_get_string_member_with_default (object, "label", _(kinds[kind].label)));
  self->url = g_strdup (json_object_get_string_member_with_default (object, "url", kinds[kind].default_url));

  if (!check_url (client_id, id, self->url, kind == VIGIE_TARGET_MAIL ? mail_schemes : http_schemes, error))
    return NULL;

  switch (kind)
    {
    case VIGIE_TARGET_NTFY:
      if (vigie_target_get_string (self, "topic") == NULL)
        {
          g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                       _("Client “%s”, target “%s”: ntfy needs a “topic”"), client_id, id);
          return NULL;
        }
      break;
    case VIGIE_TARGET_MAIL:
      if (vigie_target_get_string (self, "from") == NULL || !json_object_has_member (object, "to") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "to")) ||
          json_array_get_length (json_object_get_array_member (object, "to")) == 0)
        {
          g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                       _("Client “%s”, target “%s”: a mail needs “from” and a “to” list"),
                       client_id, id);
          return NULL;
        }
      break;
    case VIGIE_TARGET_WEBHOOK:
      if (json_object_has_member (object, "headers") &&
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "headers")))
        {
          g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                       _("Client “%s”, target “%s”: “headers” must be an object"), client_id, id);
          return NULL;
        }
      break;
    case VIGIE_TARGET_PAGERDUTY:
    case VIGIE_TARGET_GOALERT:
    case VIGIE_TARGET_ALERTMANAGER:
    default:
      break;
    }

  return g_steal_pointer (&self);
}

const char *
vigie_target_get_id (VigieTarget *self)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);
  return self->id;
}

const char *
vigie_target_get_client_id (VigieTarget *self)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);
  return self->client_id;
}

VigieTargetKind
vigie_target_get_kind (VigieTarget *self)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), VIGIE_TARGET_WEBHOOK);
  return self->kind;
}

const char *
vigie_target_get_label (VigieTarget *self)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);
  return self->label;
}

/**
 * vigie_target_get_url:
 * @self: a #VigieTarget
 *
 * Returns: the endpoint: the events URL, the ntfy server, the Alertmanager
 *   base URL, or the SMTP server
 */
const char *
vigie_target_get_url (VigieTarget *self)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);
  return self->url;
}

/**
 * vigie_target_get_string:
 * @self: a #VigieTarget
 * @member: a configuration member
 *
 * Returns: (nullable): the member if it is a non-empty string
 */
const char *
vigie_target_get_string (VigieTarget *self,
                         const char  *member)
{
  const char *value;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);

  value = json_object_get_string_member_with_default (self->config, member, NULL);
  return value && *value ? value : NULL;
}

/**
 * vigie_target_get_config:
 * @self: a #VigieTarget
 *
 * Returns: (transfer none): the target's entry in clients.json
 */
JsonObject *
vigie_target_get_config (VigieTarget *self)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);
  return self->config;
}

/**
 * vigie_target_supports:
 * @self: a #VigieTarget
 * @action: an action
 *
 * Every target can trigger. Acknowledge exists on PagerDuty only; resolve
 * on PagerDuty, GoAlert (close), Alertmanager (endsAt) and webhooks that
 * ask for it ("send_resolve": true).
 */
gboolean
vigie_target_supports (VigieTarget      *self,
                       VigieAlertAction  action)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), FALSE);

  switch (action)
    {
    case VIGIE_ALERT_ACTION_TRIGGER:
      return TRUE;
    case VIGIE_ALERT_ACTION_ACKNOWLEDGE:
      return self->kind == VIGIE_TARGET_PAGERDUTY;
    case VIGIE_ALERT_ACTION_RESOLVE:
      return self->kind == VIGIE_TARGET_PAGERDUTY || self->kind == VIGIE_TARGET_GOALERT ||
             self->kind == VIGIE_TARGET_ALERTMANAGER ||
             (self->kind == VIGIE_TARGET_WEBHOOK &&
              json_object_get_boolean_member_with_default (self->config, "send_resolve", FALSE));
    default:
      return FALSE;
    }
}

/**
 * vigie_target_dup_secret:
 * @self: a #VigieTarget
 * @secrets: the secret store
 * @field: the secret's name
 * @required: whether its absence is an error
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the secret
 */
char *
vigie_target_dup_secret (VigieTarget   *self,
                         VigieSecrets  *secrets,
                         const char    *field,
                         gboolean       required,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *value;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);

  value = secrets ? vigie_secrets_lookup (secrets, self->client_id, self->id, field, &local_error) : NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (value == NULL && required)
    g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_MISSING_SECRET,
                 _("Target “%s” of client “%s” has no “%s”: store it with “vigie alert secret %s %s %s”"),
                 self->id, self->client_id, field, self->client_id, self->id, field);
  return value;
}

/**
 * vigie_target_redact:
 * @self: a #VigieTarget
 * @secrets: (nullable): where the target's secrets are kept
 * @text: (transfer full) (nullable): a server's answer, an error message
 *
 * A platform may echo the request back in its error (a 400 quoting the
 * routing key): every stored secret of the target is masked before the
 * text is journaled (append-only, kept for ever) or printed.
 *
 * Returns: (transfer full) (nullable): @text, redacted
 */
char *
vigie_target_redact (VigieTarget  *self,
                     VigieSecrets *secrets,
                     char         *text)
{
  const char * const *fields;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), text);

  if (text == NULL || secrets == NULL)
    return text;
  fields = vigie_target_kind_secret_fields (self->kind);
  for (guint i = 0; fields[i]; i++)
    {
      g_autofree char *value = vigie_secrets_lookup (secrets, self->client_id, self->id, fields[i], NULL);
      g_autofree char *escaped = NULL;

      /* Too short to mask without masking ordinary words. */
      if (value == NULL || strlen (value) < 4)
        continue;
      escaped = g_uri_escape_string (value, NULL, FALSE);
      for (guint j = 0; j < 2; j++)
        {
          const char *needle = j ? escaped : value;
          g_auto(GStrv) parts = NULL;

          if (strstr (text, needle) == NULL)
            continue;
          parts = g_strsplit (text, needle, -1);
          g_free (text);
          text = g_strjoinv ("[secret]", parts);
        }
    }
  return text;
}

/* --- templates (webhook) --- */

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

      if (g_str_equal (name, "action"))
        value = g_strdup (action);
      else if (g_str_equal (name, "details"))
        value = alert_details (alert);
      else if (g_str_equal (name, "severity"))
        value = g_strdup (vigie_gravity_to_severity_label (alert_gravity (alert)));
      else if (g_str_equal (name, "priority"))
        value = g_strdup_printf ("%d", vigie_gravity_to_ntfy (alert_gravity (alert)));
      else if (g_str_has_prefix (name, "secret:"))
        {
          if (target == NULL)
            {
              g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                           _("“{{%s}}” needs a target"), name);
              return NULL;
            }
          if (!(value = vigie_target_dup_secret (target, secrets, name + strlen ("secret:"), TRUE, error)))
            return NULL;
        }
      else
        {
          JsonNode *node = alert_member (alert, name);

          if (node == NULL)
            {
              g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                           _("Unknown placeholder “{{%s}}” in the template"), name);
              return NULL;
            }
          if (JSON_NODE_HOLDS_NULL (node))
            value = g_strdup ("");
          else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            value = g_strdup (json_node_get_string (node));
          else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            value = g_strdup (json_node_get_boolean (node) ? "true" : "false");
          else
            value = json_to_string (node, FALSE);
        }

      append_escaped (out, value, content_type);
      p = close + 2;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- requests --- */

static SoupMessage *
new_json_message (const char  *method,
                  const char  *url,
                  JsonNode    *body,
                  GError     **error)
{
  char *text = json_to_string (body, FALSE);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));
  SoupMessage *message = soup_message_new (method, url);

  if (message == NULL)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("“%s” is not a valid URL"), url);
      return NULL;
    }
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  return message;
}

static void
set_bearer (SoupMessage *message,
            const char  *token)
{
  g_autofree char *value = NULL;

  if (token == NULL)
    return;
  value = g_strdup_printf ("Bearer %s", token);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
}

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

static SoupMessage *
build_pagerduty (VigieTarget       *self,
                 VigieAlertAction   action,
                 const char        *dedup_key,
                 JsonObject        *alert,
                 VigieSecrets      *secrets,
                 GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *routing_key = vigie_target_dup_secret (self, secrets, "routing_key", TRUE, error);

  if (routing_key == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "routing_key");
  json_builder_add_string_value (builder, routing_key);
  json_builder_set_member_name (builder, "event_action");
  json_builder_add_string_value (builder, vigie_alert_action_to_string (action));
  json_builder_set_member_name (builder, "dedup_key");
  json_builder_add_string_value (builder, dedup_key);

  if (action == VIGIE_ALERT_ACTION_TRIGGER)
    {
      g_autofree char *summary = alert_summary (alert, 1024);
      g_autofree char *source = NULL;
      const char *received = alert_string (alert, "received_at");

      source = g_strdup (vigie_target_get_string (self, "source"));
      if (source == NULL)
        source = g_strdup_printf ("vigie/%s", self->client_id);

      json_builder_set_member_name (builder, "payload");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "summary");
      json_builder_add_string_value (builder, summary);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, source);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, vigie_gravity_to_pagerduty (alert_gravity (alert)));
      if (received)
        {
          json_builder_set_member_name (builder, "timestamp");
          json_builder_add_string_value (builder, received);
        }
      if (alert_string (alert, "nature"))
        {
          json_builder_set_member_name (builder, "class");
          json_builder_add_string_value (builder, alert_string (alert, "nature"));
        }
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, self->client_id);
      json_builder_set_member_name (builder, "custom_details");
      add_custom_details (builder, alert);
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "client");
      json_builder_add_string_value (builder, "Vigie");
      if (json_object_has_member (self->config, "links") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (self->config, "links")))
        {
          json_builder_set_member_name (builder, "links");
          json_builder_add_value (builder, json_node_copy (json_object_get_member (self->config, "links")));
        }
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return new_json_message (SOUP_METHOD_POST, self->url, root, error);
}

static SoupMessage *
build_goalert (VigieTarget       *self,
               VigieAlertAction   action,
               const char        *dedup_key,
               JsonObject        *alert,
               VigieSecrets      *secrets,
               GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = vigie_target_dup_secret (self, secrets, "token", TRUE, error);
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;

  if (token == NULL)
    return NULL;

  /* GoAlert texts the summary: keep it short enough for one SMS. */
  summary = alert_summary (alert, 160);
  details = alert_details (alert);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  json_builder_set_member_name (builder, "details");
  json_builder_add_string_value (builder, details);
  json_builder_set_member_name (builder, "dedup");
  json_builder_add_string_value (builder, dedup_key);
  if (action == VIGIE_ALERT_ACTION_RESOLVE)
    {
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, "close");
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  escaped = g_uri_escape_string (token, NULL, FALSE);
  url = g_strdup_printf ("%s%stoken=%s", self->url, strchr (self->url, '?') ? "&" : "?", escaped);
  return new_json_message (SOUP_METHOD_POST, url, root, error);
}

static char *
join_url (const char *base,
          const char *path)
{
  return g_strdup_printf ("%s%s%s", base, g_str_has_suffix (base, "/") ? "" : "/", path);
}

static SoupMessage *
build_ntfy (VigieTarget       *self,
            VigieAlertAction   action,
            const char        *dedup_key,
            JsonObject        *alert,
            VigieSecrets      *secrets,
            GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = vigie_target_dup_secret (self, secrets, "token", FALSE, &local_error);
  g_autofree char *reply_token = NULL;
  g_autofree char *title = alert_summary (alert, 250);
  g_autofree char *message = alert_details (alert);
  const char *reply_topic = vigie_target_get_string (self, "reply_topic");
  const char *click = vigie_target_get_string (self, "click");
  const char *phone = alert_string (alert, "caller.number");
  SoupMessage *msg;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  reply_token = vigie_target_dup_secret (self, secrets, "reply_token", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, vigie_target_get_string (self, "topic"));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, vigie_gravity_to_ntfy (alert_gravity (alert)));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, alert_gravity (alert) >= 3 ? "rotating_light" : "bell");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_end_array (builder);
  if (click)
    {
      json_builder_set_member_name (builder, "click");
      json_builder_add_string_value (builder, click);
    }

  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  if (phone && !g_str_equal (phone, "anonymous"))
    {
      g_autofree char *tel = g_strdup_printf ("tel:%s", phone);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, "view");
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, _("Call the caller"));
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, tel);
      json_builder_end_object (builder);
    }
  if (reply_topic)
    {
      g_autofree char *reply_url = join_url (self->url, reply_topic);
      g_autofree char *body = g_strdup_printf ("ack %s", dedup_key);

      /* The phone publishes the acknowledgement to the reply topic, which
       * the dispatcher follows. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, "http");
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, _("I'm on it"));
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, reply_url);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, "POST");
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, body);
      if (reply_token)
        {
          g_autofree char *auth = g_strdup_printf ("Bearer %s", reply_token);

          json_builder_set_member_name (builder, "headers");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "Authorization");
          json_builder_add_string_value (builder, auth);
          json_builder_end_object (builder);
        }
      json_builder_set_member_name (builder, "clear");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  if (!(msg = new_json_message (SOUP_METHOD_POST, self->url, root, error)))
    return NULL;
  set_bearer (msg, token);
  return msg;
}

static void
add_labels (JsonBuilder *builder,
            VigieTarget *self,
            const char  *dedup_key,
            JsonObject  *alert)
{
  JsonObject *extra = json_object_has_member (self->config, "labels")
                      ? json_object_get_object_member (self->config, "labels") : NULL;
  const char *nature = alert_string (alert, "nature");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alertname");
  json_builder_add_string_value (builder, vigie_target_get_string (self, "alertname")
                                            ? vigie_target_get_string (self, "alertname") : "VigieOnCall");
  json_builder_set_member_name (builder, "client");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, vigie_gravity_to_severity_label (alert_gravity (alert)));
  json_builder_set_member_name (builder, "dedup_key");
  json_builder_add_string_value (builder, dedup_key);
  if (nature)
    {
      json_builder_set_member_name (builder, "nature");
      json_builder_add_string_value (builder, nature);
    }
  if (extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (extra);

      for (GList *l = members; l; l = l->next)
        {
          const char *value = json_object_get_string_member_with_default (extra, l->data, NULL);

          if (value != NULL)
            {
              json_builder_set_member_name (builder, l->data);
              json_builder_add_string_value (builder, value);
            }
        }
    }
  json_builder_end_object (builder);
}

static SoupMessage *
build_alertmanager (VigieTarget       *self,
                    VigieAlertAction   action,
                    const char        *dedup_key,
                    JsonObject        *alert,
                    VigieSecrets      *secrets,
                    GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;
  g_autofree char *token = vigie_target_dup_secret (self, secrets, "token", FALSE, &local_error);
  g_autofree char *summary = alert_summary (alert, 1024);
  g_autofree char *details = alert_details (alert);
  g_autofree char *starts_text = NULL;
  g_autofree char *ends_text = NULL;
  g_autofree char *url = NULL;
  g_autofree char *generator = NULL;
  const char *received = alert_string (alert, "received_at");
  const char *phone = alert_string (alert, "caller.number");
  SoupMessage *msg;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

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
    ends = g_date_time_add_hours (starts, json_object_get_int_member_with_default (self->config, "active_hours", 24));
  starts_text = g_date_time_format (starts, "%Y-%m-%dT%H:%M:%S.%fZ");
  ends_text = g_date_time_format (ends, "%Y-%m-%dT%H:%M:%S.%fZ");
  generator = g_strdup (vigie_target_get_string (self, "generator_url"));
  if (generator == NULL)
    generator = g_strdup_printf ("urn:vigie:call:%s", alert_string (alert, "call_id") ? alert_string (alert, "call_id") : dedup_key);

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "labels");
  add_labels (builder, self, dedup_key, alert);
  json_builder_set_member_name (builder, "annotations");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, details);
  if (phone)
    {
      json_builder_set_member_name (builder, "caller_number");
      json_builder_add_string_value (builder, phone);
    }
  if (alert_string (alert, "client.name"))
    {
      json_builder_set_member_name (builder, "client_name");
      json_builder_add_string_value (builder, alert_string (alert, "client.name"));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "startsAt");
  json_builder_add_string_value (builder, starts_text);
  json_builder_set_member_name (builder, "endsAt");
  json_builder_add_string_value (builder, ends_text);
  json_builder_set_member_name (builder, "generatorURL");
  json_builder_add_string_value (builder, generator);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  url = join_url (self->url, "api/v2/alerts");
  if (!(msg = new_json_message (SOUP_METHOD_POST, url, root, error)))
    return NULL;
  set_bearer (msg, token);
  return msg;
}

static SoupMessage *
build_webhook (VigieTarget       *self,
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
  SoupMessageHeaders *headers;

  if (method == NULL)
    method = SOUP_METHOD_POST;
  if (content_type == NULL)
    content_type = "application/json";

  if (!(url = vigie_target_expand_template (self->url, alert, action_name, "application/x-www-form-urlencoded",
                                            self, secrets, error)))
    return NULL;
  if (template != NULL)
    body = vigie_target_expand_template (template, alert, action_name, content_type, self, secrets, error);
  else
    {
      /* No template: the whole alert, as the walking skeleton sent it. */
      g_autoptr(JsonObject) copy = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GList) members = json_object_get_members (alert);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (alert, l->data)));
      node = json_node_init_object (json_node_alloc (), copy);
      json_object_set_string_member (copy, "action", action_name);
      json_object_set_string_member (copy, "dedup_key", dedup_key);
      body = json_to_string (node, FALSE);
    }
  if (body == NULL)
    return NULL;

  if (!(msg = soup_message_new (method, url)))
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("“%s” is not a valid URL"), url);
      return NULL;
    }
  headers = soup_message_get_request_headers (msg);
  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (body, strlen (body));

      body = NULL;
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  soup_message_headers_replace (headers, "Idempotency-Key", dedup_key);

  if (json_object_has_member (self->config, "headers"))
    {
      JsonObject *extra = json_object_get_object_member (self->config, "headers");
      g_autoptr(GList) members = json_object_get_members (extra);

      for (GList *l = members; l; l = l->next)
        {
          const char *value = json_object_get_string_member_with_default (extra, l->data, NULL);
          g_autofree char *expanded = NULL;

          if (value == NULL)
            continue;
          if (!(expanded = vigie_target_expand_template (value, alert, action_name, NULL, self, secrets, error)))
            return NULL;
          soup_message_headers_replace (headers, l->data, expanded);
        }
    }

  return g_steal_pointer (&msg);
}

/**
 * vigie_target_build_message:
 * @self: a #VigieTarget
 * @action: what to tell the platform
 * @dedup_key: the alert's stable deduplication key
 * @alert: the alert (see vigie_call_build_alert())
 * @secrets: (nullable): where tokens are kept
 * @error: return location for a #GError
 *
 * Builds the HTTP request exactly as the platform documents it. Not for
 * %VIGIE_TARGET_MAIL, which goes through #VigieMailer.
 *
 * Returns: (transfer full) (nullable): the request, ready to send
 */
SoupMessage *
vigie_target_build_message (VigieTarget       *self,
                            VigieAlertAction   action,
                            const char        *dedup_key,
                            JsonObject        *alert,
                            VigieSecrets      *secrets,
                            GError           **error)
{
  SoupMessage *message = NULL;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);
  g_return_val_if_fail (dedup_key != NULL, NULL);
  g_return_val_if_fail (alert != NULL, NULL);

  if (!vigie_target_supports (self, action) || self->kind == VIGIE_TARGET_MAIL)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_UNSUPPORTED,
                   _("%s cannot “%s” over HTTP"), self->label, vigie_alert_action_to_string (action));
      return NULL;
    }

  switch (self->kind)
    {
    case VIGIE_TARGET_PAGERDUTY:
      message = build_pagerduty (self, action, dedup_key, alert, secrets, error);
      break;
    case VIGIE_TARGET_GOALERT:
      message = build_goalert (self, action, dedup_key, alert, secrets, error);
      break;
    case VIGIE_TARGET_NTFY:
      message = build_ntfy (self, action, dedup_key, alert, secrets, error);
      break;
    case VIGIE_TARGET_ALERTMANAGER:
      message = build_alertmanager (self, action, dedup_key, alert, secrets, error);
      break;
    case VIGIE_TARGET_WEBHOOK:
      message = build_webhook (self, action, dedup_key, alert, secrets, error);
      break;
    case VIGIE_TARGET_MAIL:
    default:
      g_assert_not_reached ();
    }

  if (message != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message),
                                  "User-Agent", "Vigie/" PACKAGE_VERSION);
  return message;
}

static char *
encode_header_word (const char *text)
{
  g_autofree char *base64 = NULL;

  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80)
      {
        base64 = g_base64_encode ((const guchar *) text, strlen (text));
        return g_strdup_printf ("=?UTF-8?B?%s?=", base64);
      }
  return g_strdup (text);
}

/**
 * vigie_target_build_mail:
 * @self: a mail #VigieTarget
 * @action: %VIGIE_ALERT_ACTION_TRIGGER
 * @dedup_key: the alert's key; it becomes the Message-ID, so a mail
 *   system can recognise a resent copy
 * @alert: the alert
 * @now: the Date header
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the RFC 5322 message, CRLF lines,
 *   UTF-8 body
 */
char *
vigie_target_build_mail (VigieTarget       *self,
                         VigieAlertAction   action,
                         const char        *dedup_key,
                         JsonObject        *alert,
                         GDateTime         *now,
                         GError           **error)
{
  g_autoptr(GString) mail = g_string_new (NULL);
  g_autofree char *summary = alert_summary (alert, 200);
  g_autofree char *subject_text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *date = NULL;
  g_autofree char *details = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *to;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);

  if (self->kind != VIGIE_TARGET_MAIL || action != VIGIE_ALERT_ACTION_TRIGGER)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_UNSUPPORTED,
                   _("%s cannot “%s” by mail"), self->label, vigie_alert_action_to_string (action));
      return NULL;
    }

  to = json_object_get_array_member (self->config, "to");
  subject_text = g_strdup_printf (_("[On-call] %s"), summary);
  subject = encode_header_word (subject_text);
  date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S %z");

  g_string_append_printf (mail, "Date: %s\r\n", date);
  g_string_append_printf (mail, "From: %s\r\n", vigie_target_get_string (self, "from"));
  g_string_append (mail, "To: ");
  for (guint i = 0; i < json_array_get_length (to); i++)
    g_string_append_printf (mail, "%s%s", i ? ", " : "", json_array_get_string_element (to, i));
  g_string_append (mail, "\r\n");
  g_string_append_printf (mail, "Subject: %s\r\n", subject);
  g_string_append_printf (mail, "Message-ID: <%s@vigie.invalid>\r\n", dedup_key);
  g_string_append_printf (mail, "X-Priority: %s\r\n", vigie_gravity_to_mail_priority (alert_gravity (alert)));
  g_string_append_printf (mail, "X-Vigie-Dedup-Key: %s\r\n", dedup_key);
  g_string_append (mail, "MIME-Version: 1.0\r\n");
  g_string_append (mail, "Content-Type: text/plain; charset=UTF-8\r\n");
  g_string_append (mail, "Content-Transfer-Encoding: 8bit\r\n");
  g_string_append (mail, "\r\n");

  g_string_append_printf (mail, "%s\r\n\r\n", summary);
  details = alert_details (alert);
  lines = g_strsplit (details, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (mail, "%s\r\n", lines[i]);
  g_string_append (mail, _("— Message sent by Vigie, the on-call answering desk."));
  g_string_append (mail, "\r\n");

  return g_string_free (g_steal_pointer (&mail), FALSE);
}

static gint64
parse_retry_after (SoupMessageHeaders *headers,
                   gint64              now_us)
{
  const char *value = headers ? soup_message_headers_get_one (headers, "Retry-After") : NULL;
  g_autoptr(GDateTime) date = NULL;
  char *end = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;

  seconds = g_ascii_strtoull (value, &end, 10);
  if (end != value && *end == '\0')
    return now_us + (gint64) MIN (seconds, 3600) * G_USEC_PER_SEC;

  /* The other form is an HTTP date. */
  date = soup_date_time_new_from_http_string (value);
  if (date != NULL)
    return MIN (g_date_time_to_unix (date) * G_USEC_PER_SEC, now_us + (gint64) 3600 * G_USEC_PER_SEC);
  return 0;
}

static char *
server_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  g_autoptr(GString) text = NULL;

  if (data == NULL || size == 0)
    return NULL;

  if (json_parser_load_from_data (parser, data, size, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      const char *message = json_object_get_string_member_with_default (object, "message", NULL);
      const char *err = json_object_get_string_member_with_default (object, "error", NULL);

      text = g_string_new (message ? message : err);
      /* PagerDuty lists what is wrong in "errors". */
      if (json_object_has_member (object, "errors") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "errors")))
        {
          JsonArray *errors = json_object_get_array_member (object, "errors");

          for (guint i = 0; i < json_array_get_length (errors); i++)
            {
              const char *one = json_array_get_string_element (errors, i);
              if (one)
                g_string_append_printf (text, "%s%s", text->len ? "; " : "", one);
            }
        }
      if (text->len > 0)
        return g_string_free (g_steal_pointer (&text), FALSE);
    }

  text = g_string_new_len (data, MIN (size, 300));
  if (!g_utf8_validate (text->str, text->len, NULL))
    return g_strdup (_("(unreadable answer)"));
  return g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
}

/**
 * vigie_target_classify:
 * @self: a #VigieTarget
 * @status: the HTTP status, 0 when no answer came (network error, timeout)
 * @headers: (nullable): the response headers
 * @body: (nullable): the response body
 * @now_us: the current time, in µs since the epoch
 * @retry_at_us: (out): when the platform asked to be retried (Retry-After),
 *   0 when it did not say
 * @message: (out) (transfer full) (nullable): the platform's answer, for
 *   the operator
 *
 * 2xx is delivered. 408, 429, 5xx and no answer are retried; any other
 * status is a configuration error that no retry can fix.
 */
VigieTargetVerdict
vigie_target_classify (VigieTarget         *self,
                       guint                status,
                       SoupMessageHeaders  *headers,
                       GBytes              *body,
                       gint64               now_us,
                       gint64              *retry_at_us,
                       char               **message)
{
  g_autofree char *text = server_message (body);

  *retry_at_us = 0;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (message)
        *message = text ? g_strdup_printf ("%u %s", status, text)
                        : g_strdup_printf ("%u %s", status, soup_status_get_phrase (status));
      return VIGIE_TARGET_VERDICT_DELIVERED;
    }

  if (message)
    *message = g_strdup_printf (_("%s answered %u %s%s%s"), self ? self->label : _("The server"),
                                status, soup_status_get_phrase (status) ? soup_status_get_phrase (status) : "",
                                text ? ": " : "", text ? text : "");

  if (status == 0 || status == 408 || status == 429 || status >= 500)
    {
      *retry_at_us = parse_retry_after (headers, now_us);
      return VIGIE_TARGET_VERDICT_RETRY;
    }
  return VIGIE_TARGET_VERDICT_REJECTED;
}
