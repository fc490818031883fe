/* vigie-target-alert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every platform class reads from an alert (its fields, summary and
 * human text) and the small pieces of a request they all shape the same
 * way (a JSON body, a bearer token, a URL below a base).
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

/* --- alert fields --- */

JsonNode *
_vigie_alert_member (JsonObject *alert,
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

const char *
_vigie_alert_string (JsonObject *alert,
                     const char *path)
{
  JsonNode *node = _vigie_alert_member (alert, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

int
_vigie_alert_gravity (JsonObject *alert)
{
  JsonNode *node = _vigie_alert_member (alert, "gravity");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 3;
  return (int) json_node_get_int (node);
}

/* The reader's language: the alert's "language" (its client's, see
 * vigie-call-alert.c); %NULL, the desk's own, for an alert that names
 * none (a test alert). */
VigieCatalog *
_vigie_alert_catalog (JsonObject *alert)
{
  const char *language = _vigie_alert_string (alert, "language");

  return language ? vigie_catalog_new (language) : NULL;
}

const char *
_vigie_alert_gettext (VigieCatalog *catalog,
                      const char   *msgid)
{
  return catalog ? vigie_catalog_gettext (catalog, msgid) : _(msgid);
}

char *
_vigie_alert_summary (JsonObject *alert,
                      gsize       max_chars)
{
  g_autoptr(VigieCatalog) catalog = _vigie_alert_catalog (alert);
  const char *summary = _vigie_alert_string (alert, "summary");
  g_autofree char *text = g_strdup (summary ? summary : _vigie_alert_gettext (catalog, N_("Vigie alert")));

  /* Platforms cap the summary; cut on a character, never inside one. */
  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      char *end = g_utf8_offset_to_pointer (text, max_chars - 1);
      *end = '\0';
      return g_strconcat (text, "…", NULL);
    }
  return g_steal_pointer (&text);
}

static void
append_answers (GString    *text,
                JsonObject *alert)
{
  JsonNode *answers = _vigie_alert_member (alert, "answers");
  JsonArray *array;

  if (answers == NULL || !JSON_NODE_HOLDS_ARRAY (answers))
    return;

  array = json_node_get_array (answers);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *step = json_array_get_object_element (array, i);

      if (step != NULL)
        g_string_append_printf (text, "— %s %s\n",
                                json_object_get_string_member_with_default (step, "question", ""),
                                json_object_get_string_member_with_default (step, "answer", ""));
    }
}

/* Who the roster named, so a forwarded alert says whose it is. */
static void
append_recipient (GString      *text,
                  JsonObject   *alert,
                  VigieCatalog *catalog)
{
  const char *name = _vigie_alert_string (alert, "recipient.name");
  const char *roster = _vigie_alert_string (alert, "recipient.roster_name");

  if (name == NULL)
    return;
  if (roster)
    g_string_append_printf (text, _vigie_alert_gettext (catalog, N_("On call: %s (%s)\n")), name, roster);
  else
    g_string_append_printf (text, _vigie_alert_gettext (catalog, N_("On call: %s\n")), name);
}

/* A line "Label: value" when @alert has the member at @path. @format
 * takes one string; G_GNUC_PRINTF has the callers' formats checked, so
 * the warning about a format that is a variable is silenced here only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void G_GNUC_PRINTF (4, 0)
append_member (GString    *text,
               JsonObject *alert,
               const char *path,
               const char *format)
{
  const char *value = _vigie_alert_string (alert, path);

  if (value)
    g_string_append_printf (text, format, value);
}
#pragma GCC diagnostic pop

/* The human text of an alert, for platforms that show one block of text,
 * in the language of the client who reads it. */
char *
_vigie_alert_details (JsonObject *alert)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(VigieCatalog) catalog = _vigie_alert_catalog (alert);
#define T(msgid) _vigie_alert_gettext (catalog, msgid)

  append_member (text, alert, "message", "%s\n\n");
  append_member (text, alert, "client.name", T (N_("Client: %s\n")));
  append_member (text, alert, "caller.name", T (N_("Caller: %s\n")));
  append_member (text, alert, "caller.company", T (N_("Company: %s\n")));
  if (_vigie_alert_string (alert, "caller.number"))
    append_member (text, alert, "caller.number", T (N_("Call back: %s\n")));
  else
    g_string_append (text, T (N_("Call back: not possible (no number)\n")));
  append_recipient (text, alert, catalog);
  append_member (text, alert, "caller.site", T (N_("Site: %s\n")));
  append_member (text, alert, "nature", T (N_("Nature: %s\n")));
  g_string_append_printf (text, T (N_("Gravity: %d/4\n")), _vigie_alert_gravity (alert));
  append_member (text, alert, "urgency", T (N_("Urgency: %s\n")));
  append_answers (text, alert);
  append_member (text, alert, "note", T (N_("Operator's note: %s\n")));
  append_member (text, alert, "call_id", T (N_("Call: %s\n")));
#undef T

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- requests --- */

SoupMessage *
_vigie_target_json_message (const char  *method,
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

void
_vigie_target_set_bearer (SoupMessage *message,
                          const char  *token)
{
  g_autofree char *value = NULL;

  if (token == NULL)
    return;
  value = g_strdup_printf ("Bearer %s", token);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
}

/**
 * _vigie_target_post_json:
 * @url: the endpoint
 * @builder: the request's JSON, complete
 * @token: (nullable): sent as a bearer token
 * @error: return location for a #GError
 *
 * The POST every JSON platform sends.
 *
 * Returns: (transfer full) (nullable): the request
 */
SoupMessage *
_vigie_target_post_json (const char   *url,
                         JsonBuilder  *builder,
                         const char   *token,
                         GError      **error)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  SoupMessage *message = _vigie_target_json_message (SOUP_METHOD_POST, url, root, error);

  if (message != NULL)
    _vigie_target_set_bearer (message, token);
  return message;
}

char *
_vigie_target_join_url (const char *base,
                        const char *path)
{
  return g_strdup_printf ("%s%s%s", base, g_str_has_suffix (base, "/") ? "" : "/", path);
}

/* An optional secret: absent is fine, a failing secret store is not. */
gboolean
_vigie_target_dup_optional_secret (VigieTarget   *self,
                                   VigieSecrets  *secrets,
                                   const char    *field,
                                   char         **value,
                                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  *value = vigie_target_dup_secret (self, secrets, field, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
