/* vigie-target.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One alert target of a client. #VigieTarget is abstract: each platform
 * is its own class (vigie-target-pagerduty.c, -goalert.c, -ntfy.c,
 * -alertmanager.c, -webhook.c, -mail.c) that says what it supports, builds
 * its request and may read its answer its own way. This file holds what
 * they share: the configuration every target has, the factory that picks
 * the class from clients.json, the gravity table and the HTTP rule for
 * answers. Sending is the dispatcher's job; no file here does I/O, so
 * every contract is testable byte for byte.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

typedef struct
{
  char       *client_id;
  char       *id;
  char       *label;
  char       *url;
  JsonObject *config;
} VigieTargetPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigieTarget, vigie_target, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-target-error-quark, vigie_target_error)

const char * const _vigie_target_http_schemes[] = { "http", "https", NULL };

/* The factory's one table: a kind's class carries everything about it. */
static GType (* const kind_types[]) (void) = {
  [VIGIE_TARGET_PAGERDUTY] = vigie_pagerduty_target_get_type,
  [VIGIE_TARGET_GOALERT] = vigie_goalert_target_get_type,
  [VIGIE_TARGET_NTFY] = vigie_ntfy_target_get_type,
  [VIGIE_TARGET_ALERTMANAGER] = vigie_alertmanager_target_get_type,
  [VIGIE_TARGET_WEBHOOK] = vigie_webhook_target_get_type,
  [VIGIE_TARGET_MAIL] = vigie_mail_target_get_type,
};

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

/* Static classes live as long as the program: the reference taken here
 * to create the class can be dropped at once (GLib 2.84's
 * g_type_class_get() does the same). */
static const VigieTargetPlatform *
kind_platform (VigieTargetKind kind)
{
  gpointer klass = g_type_class_ref (kind_types[kind] ());

  g_type_class_unref (klass);
  return VIGIE_TARGET_CLASS (klass)->platform;
}

/* The getters' one check: a wrong pointer gets the critical and an empty
 * configuration, so every getter answers NULL. */
static const VigieTargetPrivate *
target_priv (VigieTarget *self)
{
  static const VigieTargetPrivate none = { NULL };

  g_return_val_if_fail (VIGIE_IS_TARGET (self), &none);
  return vigie_target_get_instance_private (self);
}

static const VigieTargetPlatform *
target_platform (VigieTarget *self)
{
  return VIGIE_TARGET_GET_CLASS (self)->platform;
}

const char *
vigie_target_kind_to_string (VigieTargetKind kind)
{
  g_return_val_if_fail (kind <= VIGIE_TARGET_MAIL, NULL);
  return kind_platform (kind)->name;
}

gboolean
vigie_target_kind_from_string (const char      *str,
                               VigieTargetKind *kind)
{
  for (guint i = 0; str && i < G_N_ELEMENTS (kind_types); i++)
    if (g_str_equal (kind_platform (i)->name, str))
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
  return _(kind_platform (kind)->label);
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
  g_return_val_if_fail (kind <= VIGIE_TARGET_MAIL, NULL);
  return kind_platform (kind)->secret_fields;
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

/* --- configuration --- */

static gboolean
check_id (const char  *client_id,
          const char  *id,
          GError     **error)
{
  if (id == NULL || *id == '\0' || strpbrk (id, "/[]=\n") != NULL)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”: every target needs an “id” (no “/”)"), client_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_no_secret (const char         *client_id,
                 const char         *id,
                 const char * const *secrets,
                 JsonObject         *object,
                 GError            **error)
{
  for (guint i = 0; secrets[i]; i++)
    if (json_object_has_member (object, secrets[i]))
      {
        g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                     _("Client “%s”, target “%s”: “%s” is a secret and cannot be written in "
                       "clients.json; store it with “vigie alert secret %s %s %s”"),
                     client_id, id, secrets[i], client_id, id, secrets[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_url (const char         *client_id,
           const char         *target_id,
           const char         *url,
           const char * const *schemes,
           GError            **error)
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

/* --- answers --- */

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

/* PagerDuty lists what is wrong in "errors"; other platforms may too. */
static void
append_errors (GString    *text,
               JsonObject *object)
{
  JsonArray *errors;

  if (!json_object_has_member (object, "errors") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "errors")))
    return;

  errors = json_object_get_array_member (object, "errors");
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      const char *one = json_array_get_string_element (errors, i);

      if (one)
        g_string_append_printf (text, "%s%s", text->len ? "; " : "", one);
    }
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
      append_errors (text, object);
      if (text->len > 0)
        return g_string_free (g_steal_pointer (&text), FALSE);
    }

  text = g_string_new_len (data, MIN (size, 300));
  if (!g_utf8_validate (text->str, text->len, NULL))
    return g_strdup (_("(unreadable answer)"));
  return g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
}

/* Worth another try: no answer, a timeout, too many requests, a server
 * error. */
static gboolean
is_transient (guint status)
{
  return status == 0 || status == 408 || status == 429 || status >= 500;
}

static char *
refusal_message (VigieTarget *self,
                 guint        status,
                 const char  *phrase,
                 const char  *text)
{
  return g_strdup_printf (_("%s answered %u %s%s%s"),
                          self ? vigie_target_get_label (self) : _("The server"),
                          status, phrase ? phrase : "", text ? ": " : "", text ? text : "");
}

/* --- the class --- */

static gboolean
vigie_target_real_supports (VigieTarget      *self,
                            VigieAlertAction  action)
{
  return action == VIGIE_ALERT_ACTION_TRIGGER;
}

/* For the platforms that close an alert but know no acknowledgement. */
gboolean
_vigie_target_supports_resolve (VigieTarget      *self,
                                VigieAlertAction  action)
{
  return action == VIGIE_ALERT_ACTION_TRIGGER || action == VIGIE_ALERT_ACTION_RESOLVE;
}

static void
vigie_target_finalize (GObject *object)
{
  VigieTarget *self = (VigieTarget *)object;
  VigieTargetPrivate *priv = vigie_target_get_instance_private (self);

  g_free (priv->client_id);
  g_free (priv->id);
  g_free (priv->label);
  g_free (priv->url);
  g_clear_pointer (&priv->config, json_object_unref);

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
 * Returns: (transfer full) (nullable): the target, of the platform's class
 */
VigieTarget *
vigie_target_new_from_json (const char  *client_id,
                            JsonObject  *object,
                            GError     **error)
{
  g_autoptr(VigieTarget) self = NULL;
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);
  const char *type = json_object_get_string_member_with_default (object, "type", NULL);
  VigieTargetPrivate *priv;
  const VigieTargetPlatform *platform;
  VigieTargetKind kind;

  if (!check_id (client_id, id, error))
    return NULL;
  if (!vigie_target_kind_from_string (type, &kind))
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”, target “%s”: unknown type “%s” (pagerduty, goalert, ntfy, "
                     "alertmanager, webhook or mail)"), client_id, id, type ? type : "");
      return NULL;
    }
  platform = kind_platform (kind);
  if (!check_no_secret (client_id, id, platform->secret_fields, object, error))
    return NULL;

  self = g_object_new (kind_types[kind] (), NULL);
  priv = vigie_target_get_instance_private (self);
  priv->client_id = g_strdup (client_id);
  priv->id = g_strdup (id);
  priv->config = json_object_ref (object);
  priv->label = g_strdup (json_object_get_string_member_with_default (object, "label", _(platform->label)));
  priv->url = g_strdup (json_object_get_string_member_with_default (object, "url", platform->default_url));

  if (!check_url (client_id, id, priv->url,
                  platform->url_schemes ? platform->url_schemes : _vigie_target_http_schemes, error))
    return NULL;
  if (platform->check_config != NULL && !platform->check_config (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
vigie_target_get_id (VigieTarget *self)
{
  return target_priv (self)->id;
}

const char *
vigie_target_get_client_id (VigieTarget *self)
{
  return target_priv (self)->client_id;
}

VigieTargetKind
vigie_target_get_kind (VigieTarget *self)
{
  g_return_val_if_fail (VIGIE_IS_TARGET (self), VIGIE_TARGET_WEBHOOK);
  return target_platform (self)->kind;
}

const char *
vigie_target_get_label (VigieTarget *self)
{
  return target_priv (self)->label;
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
  return target_priv (self)->url;
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
  VigieTargetPrivate *priv = vigie_target_get_instance_private (self);
  const char *value;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);

  value = json_object_get_string_member_with_default (priv->config, member, NULL);
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
  return target_priv (self)->config;
}

/**
 * vigie_target_supports:
 * @self: a #VigieTarget
 * @action: an action
 *
 * Every target can trigger. Acknowledge exists on PagerDuty only; resolve
 * on PagerDuty, GoAlert (close), Alertmanager (endsAt) and webhooks that
 * ask for it ("send_resolve": true). Each platform's class answers.
 */
gboolean
vigie_target_supports (VigieTarget      *self,
                       VigieAlertAction  action)
{
  const VigieTargetPlatform *platform;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), FALSE);

  platform = target_platform (self);
  return platform->supports ? platform->supports (self, action) : vigie_target_real_supports (self, action);
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
  VigieTargetPrivate *priv = vigie_target_get_instance_private (self);
  g_autoptr(GError) local_error = NULL;
  char *value;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);

  value = secrets ? vigie_secrets_lookup (secrets, priv->client_id, priv->id, field, &local_error) : NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (value == NULL && required)
    g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_MISSING_SECRET,
                 _("Target “%s” of client “%s” has no “%s”: store it with “vigie alert secret %s %s %s”"),
                 priv->id, priv->client_id, field, priv->client_id, priv->id, field);
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
  VigieTargetPrivate *priv = vigie_target_get_instance_private (self);
  const char * const *fields;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), text);

  if (text == NULL || secrets == NULL)
    return text;
  fields = target_platform (self)->secret_fields;
  for (guint i = 0; fields[i]; i++)
    {
      g_autofree char *value = vigie_secrets_lookup (secrets, priv->client_id, priv->id, fields[i], NULL);
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
  const VigieTargetPlatform *platform;
  SoupMessage *message;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);
  g_return_val_if_fail (dedup_key != NULL, NULL);
  g_return_val_if_fail (alert != NULL, NULL);

  platform = target_platform (self);
  if (platform->build_message == NULL || !vigie_target_supports (self, action))
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_UNSUPPORTED,
                   _("%s cannot “%s” over HTTP"), vigie_target_get_label (self),
                   vigie_alert_action_to_string (action));
      return NULL;
    }

  message = platform->build_message (self, action, dedup_key, alert, secrets, error);
  if (message != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message),
                                  "User-Agent", "Vigie/" PACKAGE_VERSION);
  return message;
}

/**
 * vigie_target_classify:
 * @self: (nullable): a #VigieTarget
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
 * status is a configuration error that no retry can fix. A platform's
 * class may read its answers otherwise.
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
  const char *phrase = soup_status_get_phrase (status);
  gboolean delivered = SOUP_STATUS_IS_SUCCESSFUL (status);
  g_autofree char *text = NULL;

  g_return_val_if_fail (self == NULL || VIGIE_IS_TARGET (self), VIGIE_TARGET_VERDICT_REJECTED);
  g_return_val_if_fail (retry_at_us != NULL, VIGIE_TARGET_VERDICT_REJECTED);

  if (self != NULL && target_platform (self)->classify != NULL)
    return target_platform (self)->classify (self, status, headers, body, now_us, retry_at_us, message);

  /* The HTTP rule. */
  text = server_message (body);
  *retry_at_us = 0;
  if (message)
    *message = delivered ? g_strdup_printf ("%u %s", status, text ? text : phrase)
                         : refusal_message (self, status, phrase, text);
  if (delivered)
    return VIGIE_TARGET_VERDICT_DELIVERED;
  if (!is_transient (status))
    return VIGIE_TARGET_VERDICT_REJECTED;
  *retry_at_us = parse_retry_after (headers, now_us);
  return VIGIE_TARGET_VERDICT_RETRY;
}
