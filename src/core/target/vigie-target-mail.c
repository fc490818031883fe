/* vigie-target-mail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A summary mail over SMTP: the trigger only, as one RFC 5322 message the
 * dispatcher hands to #VigieMailer. No HTTP request.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

static const char * const mail_secrets[] = { "password", NULL };
static const char * const mail_schemes[] = { "smtp", "smtps", NULL };

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

/* A prepared mail (the client's morning summary) carries its own subject,
 * body and, optionally, its own recipients. */
static JsonObject *
prepared_mail (JsonObject *alert)
{
  JsonNode *node = json_object_get_member (alert, "mail");

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * vigie_target_mail_recipients:
 * @self: a mail #VigieTarget
 * @alert: the alert
 *
 * Returns: (transfer none): the "to" list: the prepared mail's when it has
 *   one, else the target's
 */
JsonArray *
vigie_target_mail_recipients (VigieTarget *self,
                              JsonObject  *alert)
{
  JsonObject *prepared = alert ? prepared_mail (alert) : NULL;
  JsonNode *to = prepared ? json_object_get_member (prepared, "to") : NULL;

  if (to && JSON_NODE_HOLDS_ARRAY (to) && json_array_get_length (json_node_get_array (to)) > 0)
    return json_node_get_array (to);
  return json_object_get_array_member (vigie_target_get_config (self), "to");
}

static void
append_headers (GString     *mail,
                VigieTarget *self,
                const char  *subject_text,
                const char  *dedup_key,
                JsonObject  *alert,
                GDateTime   *now)
{
  JsonArray *to = vigie_target_mail_recipients (self, alert);
  g_autofree char *subject = encode_header_word (subject_text);
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S %z");

  g_string_append_printf (mail, "Date: %s\r\n", date);
  g_string_append_printf (mail, "From: %s\r\n", vigie_target_get_string (self, "from"));
  g_string_append (mail, "To: ");
  for (guint i = 0; i < json_array_get_length (to); i++)
    g_string_append_printf (mail, "%s%s", i ? ", " : "", json_array_get_string_element (to, i));
  g_string_append (mail, "\r\n");
  g_string_append_printf (mail, "Subject: %s\r\n", subject);
  g_string_append_printf (mail, "Message-ID: <%s@vigie.invalid>\r\n", dedup_key);
  g_string_append_printf (mail, "X-Priority: %s\r\n", vigie_gravity_to_mail_priority (_vigie_alert_gravity (alert)));
  g_string_append_printf (mail, "X-Vigie-Dedup-Key: %s\r\n", dedup_key);
  g_string_append (mail, "MIME-Version: 1.0\r\n");
  g_string_append (mail, "Content-Type: text/plain; charset=UTF-8\r\n");
  g_string_append (mail, "Content-Transfer-Encoding: 8bit\r\n");
  g_string_append (mail, "\r\n");
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
  g_autofree char *summary = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *details = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(VigieCatalog) catalog = NULL;

  g_return_val_if_fail (VIGIE_IS_TARGET (self), NULL);

  if (!VIGIE_IS_MAIL_TARGET (self) || action != VIGIE_ALERT_ACTION_TRIGGER)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_UNSUPPORTED,
                   _("%s cannot “%s” by mail"), vigie_target_get_label (self),
                   vigie_alert_action_to_string (action));
      return NULL;
    }

  if (prepared_mail (alert) != NULL)
    {
      JsonObject *prepared = prepared_mail (alert);

      append_headers (mail, self, json_object_get_string_member_with_default (prepared, "subject", ""),
                      dedup_key, alert, now);
      lines = g_strsplit (json_object_get_string_member_with_default (prepared, "body", ""), "\n", -1);
      for (guint i = 0; lines[i]; i++)
        g_string_append_printf (mail, "%s\r\n", lines[i]);
      return g_string_free (g_steal_pointer (&mail), FALSE);
    }

  catalog = _vigie_alert_catalog (alert);
  summary = _vigie_alert_summary (alert, 200);
  subject = g_strdup_printf (_vigie_alert_gettext (catalog, N_("[On-call] %s")), summary);
  append_headers (mail, self, subject, dedup_key, alert, now);

  g_string_append_printf (mail, "%s\r\n\r\n", summary);
  details = _vigie_alert_details (alert);
  lines = g_strsplit (details, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (mail, "%s\r\n", lines[i]);
  g_string_append (mail, _vigie_alert_gettext (catalog, N_("— Message sent by Vigie, the on-call answering desk.")));
  g_string_append (mail, "\r\n");

  return g_string_free (g_steal_pointer (&mail), FALSE);
}

static gboolean
vigie_mail_target_check_config (VigieTarget  *self,
                                JsonObject   *config,
                                GError      **error)
{
  JsonNode *to = json_object_has_member (config, "to") ? json_object_get_member (config, "to") : NULL;

  if (vigie_target_get_string (self, "from") == NULL || to == NULL || !JSON_NODE_HOLDS_ARRAY (to) ||
      json_array_get_length (json_node_get_array (to)) == 0)
    {
      g_set_error (error, VIGIE_TARGET_ERROR, VIGIE_TARGET_ERROR_INVALID,
                   _("Client “%s”, target “%s”: a mail needs “from” and a “to” list"),
                   vigie_target_get_client_id (self), vigie_target_get_id (self));
      return FALSE;
    }
  return TRUE;
}

/* No build_message: mail goes through #VigieMailer, not HTTP. */
static const VigieTargetPlatform mail_platform = {
  .kind = VIGIE_TARGET_MAIL, .name = "mail", .label = N_("Summary mail"),
  .secret_fields = mail_secrets, .url_schemes = mail_schemes,
  .check_config = vigie_mail_target_check_config,
};

VIGIE_DEFINE_TARGET_PLATFORM (VigieMailTarget, vigie_mail_target, mail_platform)
