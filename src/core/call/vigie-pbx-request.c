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

/* A decoded value goes to @fields if it is exactly what was sent, else
 * to @bad with why. */
static void
store_field (const char *name,
             GBytes     *value,
             GHashTable *fields,
             GHashTable *bad)
{
  gsize size;
  const char *data;

  if (value == NULL)
    {
      g_hash_table_replace (bad, g_strdup (name), g_strdup ("encoding"));
      return;
    }
  data = g_bytes_get_data (value, &size);
  if ((size > 0 && memchr (data, '\0', size) != NULL) || !g_utf8_validate_len (data, size, NULL))
    g_hash_table_replace (bad, g_strdup (name), g_strdup ("NUL"));
  else if (g_hash_table_contains (fields, name))
    g_hash_table_replace (bad, g_strdup (name), g_strdup ("twice"));
  else
    g_hash_table_insert (fields, g_strdup (name), g_strndup (size ? data : "", size));
}

/* One "name=value" of a form, already split on '&'. */
static void
decode_pair (char       *pair,
             GHashTable *fields,
             GHashTable *bad)
{
  char *eq = strchr (pair, '=');
  g_autofree char *name = NULL;
  g_autofree char *raw_name = NULL;
  g_autoptr(GBytes) value = NULL;

  if (*pair == '\0')
    return;
  if (eq != NULL)
    *eq = '\0';
  raw_name = g_uri_unescape_string (pair, NULL);
  value = g_uri_unescape_bytes (eq ? eq + 1 : "", -1, NULL, NULL);
  if (raw_name == NULL || !g_utf8_validate (raw_name, -1, NULL))
    return;
  name = g_ascii_strdown (raw_name, -1);
  store_field (name, value, fields, bad);
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
    decode_pair (pairs[i], fields, bad);
}

/* "METHOD /path?query HTTP/1.x" */
static gboolean
parse_request_line (Request    *request,
                    const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", -1);
  char *query;

  if (g_strv_length (parts) != 3 || !g_str_has_prefix (parts[2], "HTTP/1.") || parts[1][0] != '/')
    return FALSE;
  request->method = g_strdup (parts[0]);
  request->keep_alive = g_str_equal (parts[2], "HTTP/1.1");
  if ((query = strchr (parts[1], '?')) != NULL)
    {
      *query++ = '\0';
      _vigie_pbx_decode_form (query, strlen (query), request->query, request->bad);
    }
  request->path = g_strdup (parts[1]);
  return TRUE;
}

/* Framing and credentials are never merged: given twice, the request is refused. */
static gboolean
header_never_repeated (const char *name)
{
  static const char * const names[] = {
    "content-length", "transfer-encoding", "authorization", "x-vigie-token",
  };

  return g_strv_contains (names, name);
}

/* The header lines after the request line, up to the blank one. */
static gboolean
parse_headers (Request *request,
               char   **lines)
{
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;

      /* No folded or nameless lines (RFC 9112 §5.2). */
      if (colon == NULL || colon == lines[i] || g_ascii_isspace (*lines[i]))
        return FALSE;
      name = g_ascii_strdown (lines[i], colon - lines[i]);
      if (!g_hash_table_contains (request->headers, name))
        g_hash_table_insert (request->headers, g_steal_pointer (&name), g_strstrip (g_strdup (colon + 1)));
      else if (header_never_repeated (name))
        return FALSE;
    }
  return TRUE;
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
  const char *content_length;
  const char *connection;

  request->remote = remote;
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->bad = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (memchr (head, '\0', length) != NULL || !g_str_is_ascii (text))
    goto bad;
  lines = g_strsplit (text, "\r\n", -1);
  if (!parse_request_line (request, lines[0]) || !parse_headers (request, lines))
    goto bad;

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

/* A field refused while decoding: given twice, or holding a NUL. */
static void
set_bad_field_error (Request     *request,
                     const char  *name,
                     GError     **error)
{
  if (g_str_equal (g_hash_table_lookup (request->bad, name), "twice"))
    g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, _("“%s” is given twice"), name);
  else
    g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, _("“%s” holds control characters"), name);
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

/* The media type alone, lower-case: "application/json; charset=…" → "application/json". */
static char *
dup_media_type (Request *request)
{
  g_autofree char *content_type = g_strdup (g_hash_table_lookup (request->headers, "content-type"));

  if (content_type == NULL)
    return NULL;
  content_type[strcspn (content_type, "; ")] = '\0';
  return g_ascii_strdown (content_type, -1);
}

/* A field given twice (query and body, or twice in one body) is refused. */
static void
add_field (Request    *request,
           GHashTable *fields,
           const char *name,
           const char *value)
{
  if (g_hash_table_contains (fields, name))
    g_hash_table_replace (request->bad, g_strdup (name), g_strdup ("twice"));
  else
    g_hash_table_insert (fields, g_strdup (name), g_strdup (value));
}

/* A JSON member's value as text: strings and integers; NULL for null or
 * a string holding a NUL (then in @bad), an error for anything else. */
static gboolean
json_member_text (Request                *request,
                  const VigieJsonMember  *member,
                  const char             *name,
                  char                  **text,
                  GError                **error)
{
  *text = NULL;
  switch (member->value.type)
    {
    case VIGIE_JSON_STRING:
      if (memchr (member->value.string, '\0', member->value.length) != NULL)
        g_hash_table_replace (request->bad, g_strdup (name), g_strdup ("NUL"));
      else
        *text = g_strndup (member->value.string, member->value.length);
      return TRUE;
    case VIGIE_JSON_INTEGER:
      *text = g_strdup_printf ("%" G_GINT64_FORMAT, member->value.integer);
      return TRUE;
    case VIGIE_JSON_NULL:
      return TRUE;
    case VIGIE_JSON_BOOLEAN:
    case VIGIE_JSON_DOUBLE:
    case VIGIE_JSON_ARRAY:
    case VIGIE_JSON_OBJECT:
    default:
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("“%s” must be a string"), member->name);
      return FALSE;
    }
}

static gboolean
add_json_fields (Request     *request,
                 GHashTable  *fields,
                 const char  *body,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(VigieJsonDocument) doc = NULL;
  g_autoptr(GError) json_error = NULL;
  const VigieJsonValue *root;
  guint line = 0, column = 0;

  if (!(doc = vigie_json_document_parse (body, length, 4, &line, &column, &json_error)))
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("Invalid JSON: %s"), json_error->message);
      return FALSE;
    }
  root = vigie_json_document_get_root (doc);
  if (root->type != VIGIE_JSON_OBJECT)
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("The JSON body must be an object"));
      return FALSE;
    }
  for (guint i = 0; i < root->length; i++)
    {
      g_autofree char *name = g_ascii_strdown (root->members[i].name, -1);
      g_autofree char *text = NULL;

      if (!json_member_text (request, &root->members[i], name, &text, error))
        return FALSE;
      if (text != NULL)
        add_field (request, fields, name, text);
    }
  return TRUE;
}

static void
add_form_fields (Request    *request,
                 GHashTable *fields,
                 const char *body,
                 gsize       length)
{
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  _vigie_pbx_decode_form (body, length, form, request->bad);
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_field (request, fields, key, value);
}

/* The names PBXs commonly use, each filling its field unless given. */
static void
add_aliases (GHashTable *fields)
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

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      const char *alias_value = g_hash_table_lookup (fields, aliases[i].alias);

      if (alias_value != NULL && !g_hash_table_contains (fields, aliases[i].name))
        g_hash_table_insert (fields, g_strdup (aliases[i].name), g_strdup (alias_value));
    }
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
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *content_type = dup_media_type (request);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (fields, g_strdup (key), g_strdup (value));

  if (length > 0 && g_strcmp0 (content_type, "application/json") == 0)
    {
      if (!add_json_fields (request, fields, body, length, error))
        return NULL;
    }
  else if (length > 0)
    add_form_fields (request, fields, body, length);

  add_aliases (fields);
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
      set_bad_field_error (request, name, error);
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

const char *
_vigie_pbx_status_reason (guint status)
{
  static const struct { guint status; const char *reason; } reasons[] = {
    { 200, "OK" },
    { 400, "Bad Request" },
    { 401, "Unauthorized" },
    { 404, "Not Found" },
    { 405, "Method Not Allowed" },
    { 408, "Request Timeout" },
    { 411, "Length Required" },
    { 413, "Content Too Large" },
    { 431, "Request Header Fields Too Large" },
    { 503, "Service Unavailable" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].status == status)
      return reasons[i].reason;
  return "Error";
}

/* The length of the head up to its blank line, or -1. */
gssize
_vigie_pbx_find_head_end (GByteArray *in)
{
  for (gsize i = 3; i < in->len; i++)
    if (in->data[i] == '\n' && in->data[i - 1] == '\r' && in->data[i - 2] == '\n' && in->data[i - 3] == '\r')
      return (gssize) i + 1;
  return -1;
}

/* The token may travel in the body (checked here, the body being
 * bounded); one in a header or the query was checked already. */
gboolean
_vigie_pbx_token_ok (Request    *request,
                     GHashTable *fields,
                     const char *expected)
{
  g_autofree char *token = NULL;
  gsize token_length = 0;

  if (_vigie_pbx_head_token (request, &token, &token_length))
    return _vigie_pbx_token_equal (token, token_length, expected);
  if (g_hash_table_contains (request->bad, "token"))
    return _vigie_pbx_token_equal ("", 1, expected);
  if (fields == NULL || !g_hash_table_contains (fields, "token"))
    return _vigie_pbx_token_equal (NULL, 0, expected);
  token = g_strdup (g_hash_table_lookup (fields, "token"));
  return _vigie_pbx_token_equal (token, strlen (token), expected);
}

/* The event's name, shown safely: bounded, valid UTF-8, no control bytes. */
static void
set_unknown_event_error (const char  *event_name,
                         GError     **error)
{
  g_autofree char *shown = g_utf8_make_valid (event_name, MIN (strlen (event_name), 32));

  for (char *p = shown; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p == 0x7F)
      *p = '?';
  g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
               _("Unknown event “%.32s” (ring, answer or hangup)"), shown);
}

/* The event from /call/EVENT or from /call's "event" field. */
static gboolean
read_event_name (Request        *request,
                 GHashTable     *fields,
                 VigiePbxEvent  *event,
                 GError        **error)
{
  const char *event_name;

  if (g_str_has_prefix (request->path, "/call/"))
    event_name = request->path + strlen ("/call/");
  else if (!_vigie_pbx_check_field (request, fields, "event", FALSE, error))
    return FALSE;
  else
    event_name = g_hash_table_lookup (fields, "event");

  if (event_name == NULL || *event_name == '\0')
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("Missing “event” (ring, answer or hangup)"));
      return FALSE;
    }
  if (!_vigie_pbx_parse_event (event_name, event))
    {
      set_unknown_event_error (event_name, error);
      return FALSE;
    }
  return TRUE;
}

/* Reads /call/EVENT or /call with an "event" field into @event; the
 * fields it points to stay owned by @fields. */
gboolean
_vigie_pbx_read_event (Request          *request,
                       GHashTable       *fields,
                       VigiePbxRequest  *event,
                       GError          **error)
{
  if (!read_event_name (request, fields, &event->event, error))
    return FALSE;
  g_hash_table_replace (fields, g_strdup ("event"), g_strdup (vigie_pbx_event_to_string (event->event)));

  if (!_vigie_pbx_check_field (request, fields, "call_id", event->event != VIGIE_PBX_EVENT_RING, error) ||
      !_vigie_pbx_check_field (request, fields, "line", event->event == VIGIE_PBX_EVENT_RING, error) ||
      !_vigie_pbx_check_field (request, fields, "from", FALSE, error))
    return FALSE;

  event->call_id = g_hash_table_lookup (fields, "call_id");
  event->from = g_hash_table_lookup (fields, "from");
  event->line = g_hash_table_lookup (fields, "line");
  if (event->call_id && *event->call_id == '\0')
    event->call_id = NULL;
  if (event->from && *event->from == '\0')
    event->from = NULL;
  return TRUE;
}

/* What the journal keeps of a request: never the token. */
JsonNode *
_vigie_pbx_journal_data (Request    *request,
                         guint       status,
                         const char *message,
                         GHashTable *fields,
                         guint       n_more)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (request != NULL)
    {
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, request->method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, request->path);
      json_builder_set_member_name (builder, "remote");
      json_builder_add_string_value (builder, request->remote);
    }
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, status);
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
    }
  if (n_more > 0)
    {
      /* Refusals past the window's allowance, counted, not written. */
      json_builder_set_member_name (builder, "refused");
      json_builder_add_int_value (builder, n_more);
    }
  /* What the PBX sent, minus the secret. */
  if (fields != NULL)
    {
      static const char * const kept[] = { "event", "call_id", "from", "line" };

      for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
        {
          const char *value = g_hash_table_lookup (fields, kept[i]);

          if (value == NULL)
            continue;
          json_builder_set_member_name (builder, kept[i]);
          if (vigie_input_check_text (kept[i], value, -1, MAX_FIELD_LENGTH, NULL))
            json_builder_add_string_value (builder, value);
          else
            json_builder_add_string_value (builder, "(invalid)");
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
