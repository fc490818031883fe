/* vigie-pbx-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the switchboard's requests: the head, the token, the fields of
 * the query, form or JSON body, each checked and bounded before the desk
 * sees it (the connections and answers are vigie-pbx-endpoint.c's).
 */
#define G_LOG_DOMAIN "vigie-pbx-endpoint"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-input.h"
#include "vigie-json.h"
#include "vigie-pbx-endpoint-private.h"

static const char * const event_names[] = { "ring", "answer", "hangup" };

const char *
vigie_pbx_event_to_string (VigiePbxEvent event)
{
  g_return_val_if_fail (event <= VIGIE_PBX_EVENT_HANGUP, NULL);
  return event_names[event];
}

void
_vigie_pbx_request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->bad, g_hash_table_unref);
  g_free (request);
}

gboolean
_vigie_pbx_parse_event (const char    *name,
                        VigiePbxEvent *event)
{
  /* Wazo and 3CX say "hangup", Asterisk's dialplan "hang-up" or "end". */
  static const struct { const char *name; VigiePbxEvent event; } aliases[] = {
    { "ring", VIGIE_PBX_EVENT_RING }, { "ringing", VIGIE_PBX_EVENT_RING },
    { "incoming", VIGIE_PBX_EVENT_RING },
    { "answer", VIGIE_PBX_EVENT_ANSWER }, { "answered", VIGIE_PBX_EVENT_ANSWER },
    { "hangup", VIGIE_PBX_EVENT_HANGUP }, { "hang-up", VIGIE_PBX_EVENT_HANGUP },
    { "end", VIGIE_PBX_EVENT_HANGUP },
  };

  for (guint i = 0; name && i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (name, aliases[i].name) == 0)
      {
        *event = aliases[i].event;
        return TRUE;
      }
  return FALSE;
}

/* The digests have one length whatever was sent, and are compared in
 * full: the time says nothing about the token. @given is the exact bytes
 * received (an encoded NUL makes it longer, hence different). */
gboolean
_vigie_pbx_token_equal (const char *given,
                        gsize       given_len,
                        const char *expected)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guchar diff = 0;

  if (given == NULL || expected == NULL || *expected == '\0')
    return FALSE;

  a = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) given, given_len);
  b = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) expected, strlen (expected));
  for (gsize i = 0; a[i] && b[i]; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];
  return diff == 0;
}

/* Decodes "a=1&b=2" (a query or a form body). Values that hold a NUL
 * once decoded, are not UTF-8, or are given twice go to @bad, not to
 * @fields: a field is either exactly what was sent or refused. */
void
_vigie_pbx_decode_form (const char *text,
                        gsize       length,
                        GHashTable *fields,
                        GHashTable *bad)
{
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) pairs = NULL;

  if (memchr (text, '\0', length) != NULL)
    {
      g_hash_table_replace (bad, g_strdup ("(body)"), g_strdup ("NUL"));
      return;
    }
  for (char *p = copy; *p; p++)
    if (*p == '+')
      *p = ' ';
  pairs = g_strsplit (copy, "&", -1);
  for (guint i = 0; pairs[i]; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autoptr(GBytes) value = NULL;
      gsize size;
      const char *data;

      if (*pairs[i] == '\0')
        continue;
      if (eq != NULL)
        *eq = '\0';
      name = g_uri_unescape_string (pairs[i], NULL);
      value = g_uri_unescape_bytes (eq ? eq + 1 : "", -1, NULL, NULL);
      if (name == NULL || !g_utf8_validate (name, -1, NULL))
        continue;
      {
        g_autofree char *lower = g_ascii_strdown (name, -1);

        g_free (name);
        name = g_steal_pointer (&lower);
      }
      if (value == NULL)
        {
          g_hash_table_replace (bad, g_strdup (name), g_strdup ("encoding"));
          continue;
        }
      data = g_bytes_get_data (value, &size);
      if ((size > 0 && memchr (data, '\0', size) != NULL) || !g_utf8_validate_len (data, size, NULL))
        g_hash_table_replace (bad, g_strdup (name), g_strdup ("NUL"));
      else if (g_hash_table_contains (fields, name))
        g_hash_table_replace (bad, g_strdup (name), g_strdup ("twice"));
      else
        g_hash_table_insert (fields, g_strdup (name), g_strndup (size ? data : "", size));
    }
}

/* Parses the head (request line and headers), @length bytes ending with
 * the blank line. */
Request *
_vigie_pbx_parse_head (const char  *head,
                       gsize        length,
                       const char  *remote,
                       GError     **error)
{
  g_autoptr(Request) request = g_new0 (Request, 1);
  g_autofree char *text = g_strndup (head, length);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) parts = NULL;
  const char *content_length;
  const char *connection;
  char *query;

  request->remote = remote;
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->bad = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (memchr (head, '\0', length) != NULL || !g_str_is_ascii (text))
    goto bad;
  lines = g_strsplit (text, "\r\n", -1);
  parts = g_strsplit (lines[0], " ", -1);
  if (g_strv_length (parts) != 3 || !g_str_has_prefix (parts[2], "HTTP/1.") || parts[1][0] != '/')
    goto bad;
  request->method = g_strdup (parts[0]);
  request->keep_alive = g_str_equal (parts[2], "HTTP/1.1");
  if ((query = strchr (parts[1], '?')) != NULL)
    {
      *query++ = '\0';
      _vigie_pbx_decode_form (query, strlen (query), request->query, request->bad);
    }
  request->path = g_strdup (parts[1]);

  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;

      /* No folded or nameless lines (RFC 9112 §5.2). */
      if (colon == NULL || colon == lines[i] || g_ascii_isspace (*lines[i]))
        goto bad;
      name = g_ascii_strdown (lines[i], colon - lines[i]);
      if (g_hash_table_contains (request->headers, name))
        {
          /* Framing and credentials are never merged. */
          if (g_str_equal (name, "content-length") || g_str_equal (name, "transfer-encoding") ||
              g_str_equal (name, "authorization") || g_str_equal (name, "x-vigie-token"))
            goto bad;
          continue;
        }
      g_hash_table_insert (request->headers, g_steal_pointer (&name), g_strstrip (g_strdup (colon + 1)));
    }

  connection = g_hash_table_lookup (request->headers, "connection");
  if (connection != NULL && g_ascii_strcasecmp (connection, "close") == 0)
    request->keep_alive = FALSE;
  content_length = g_hash_table_lookup (request->headers, "content-length");
  if (content_length != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (content_length, 10, 0, G_MAXUINT64, &value, NULL))
        goto bad;
      request->body_length = value > G_MAXSIZE ? G_MAXSIZE : (gsize) value;
    }
  return g_steal_pointer (&request);

bad:
  g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, _("Malformed HTTP request"));
  return NULL;
}

/* The token from a header or the query, the places that can be checked
 * before the body is read. Sets @found when one was given at all. */
gboolean
_vigie_pbx_head_token (Request  *request,
                       char    **token,
                       gsize    *length)
{
  const char *authorization = g_hash_table_lookup (request->headers, "authorization");
  const char *header = g_hash_table_lookup (request->headers, "x-vigie-token");
  const char *value = NULL;

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    value = authorization + 7;
  else if (header != NULL)
    value = header;
  else if (g_hash_table_contains (request->bad, "token"))
    {
      /* "s3cret%00…": present, and wrong whatever follows. */
      *token = g_strdup ("");
      *length = 1;
      return TRUE;
    }
  else
    value = g_hash_table_lookup (request->query, "token");

  if (value == NULL)
    return FALSE;
  *token = g_strdup (value);
  *length = strlen (value);
  return TRUE;
}

/* Gathers the fields from the query and a form or JSON body; the names
 * PBXs commonly use are accepted as aliases. A connector for another
 * body shape (Wazo's events) adds its decoder here. */
GHashTable *
_vigie_pbx_collect_fields (Request     *request,
                           const char  *body,
                           gsize        length,
                           GError     **error)
{
  static const struct { const char *alias; const char *name; } aliases[] = {
    { "callid", "call_id" }, { "call-id", "call_id" }, { "uniqueid", "call_id" },
    { "linkedid", "call_id" },
    { "caller", "from" }, { "callerid", "from" }, { "number", "from" },
    { "callernumber", "from" },
    { "dialled", "line" }, { "dialed", "line" }, { "did", "line" }, { "exten", "line" },
    { "called", "line" }, { "to", "line" },
    { "type", "event" }, { "state", "event" },
  };
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *content_type = g_strdup (g_hash_table_lookup (request->headers, "content-type"));
  GHashTableIter iter;
  gpointer key, value;

  if (content_type != NULL)
    {
      content_type[strcspn (content_type, "; ")] = '\0';
      content_type = g_ascii_strdown (g_steal_pointer (&content_type), -1);
    }

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (fields, g_strdup (key), g_strdup (value));

  if (length > 0 && g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(VigieJsonDocument) doc = NULL;
      g_autoptr(GError) json_error = NULL;
      const VigieJsonValue *root;
      guint line = 0, column = 0;

      if (!(doc = vigie_json_document_parse (body, length, 4, &line, &column, &json_error)))
        {
          g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                       _("Invalid JSON: %s"), json_error->message);
          return NULL;
        }
      root = vigie_json_document_get_root (doc);
      if (root->type != VIGIE_JSON_OBJECT)
        {
          g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                       _("The JSON body must be an object"));
          return NULL;
        }
      for (guint i = 0; i < root->length; i++)
        {
          const VigieJsonMember *member = &root->members[i];
          g_autofree char *name = g_ascii_strdown (member->name, -1);
          g_autofree char *text = NULL;

          if (member->value.type == VIGIE_JSON_STRING)
            {
              if (memchr (member->value.string, '\0', member->value.length) != NULL)
                {
                  g_hash_table_replace (request->bad, g_strdup (name), g_strdup ("NUL"));
                  continue;
                }
              text = g_strndup (member->value.string, member->value.length);
            }
          else if (member->value.type == VIGIE_JSON_INTEGER)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, member->value.integer);
          else if (member->value.type != VIGIE_JSON_NULL)
            {
              g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                           _("“%s” must be a string"), member->name);
              return NULL;
            }
          if (text == NULL)
            continue;
          if (g_hash_table_contains (fields, name))
            g_hash_table_replace (request->bad, g_strdup (name), g_strdup ("twice"));
          else
            g_hash_table_insert (fields, g_steal_pointer (&name), g_steal_pointer (&text));
        }
    }
  else if (length > 0)
    {
      g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      _vigie_pbx_decode_form (body, length, form, request->bad);
      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (g_hash_table_contains (fields, key))
            g_hash_table_replace (request->bad, g_strdup (key), g_strdup ("twice"));
          else
            g_hash_table_insert (fields, g_strdup (key), g_strdup (value));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      const char *alias_value = g_hash_table_lookup (fields, aliases[i].alias);

      if (alias_value != NULL && !g_hash_table_contains (fields, aliases[i].name))
        g_hash_table_insert (fields, g_strdup (aliases[i].name), g_strdup (alias_value));
    }

  return g_steal_pointer (&fields);
}

gboolean
_vigie_pbx_check_field (Request     *request,
                        GHashTable  *fields,
                        const char  *name,
                        gboolean     required,
                        GError     **error)
{
  const char *value = g_hash_table_lookup (fields, name);
  g_autoptr(GError) local_error = NULL;

  if (g_hash_table_contains (request->bad, name))
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   g_str_equal (g_hash_table_lookup (request->bad, name), "twice")
                   ? _("“%s” is given twice") : _("“%s” holds control characters"), name);
      return FALSE;
    }
  if (value == NULL || *value == '\0')
    {
      if (required)
        g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                     _("Missing “%s”"), name);
      return !required;
    }
  if (!g_utf8_validate (value, -1, NULL) || strlen (value) > MAX_FIELD_LENGTH)
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("“%s” is too long or not UTF-8"), name);
      return FALSE;
    }
  if (!vigie_input_check_text (name, value, -1, MAX_FIELD_LENGTH, &local_error))
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("“%s” holds control characters"), name);
      return FALSE;
    }
  if (g_str_equal (name, "call_id") && !vigie_input_check_call_id (value, &local_error))
    {
      g_set_error_literal (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, local_error->message);
      return FALSE;
    }
  return TRUE;
}
