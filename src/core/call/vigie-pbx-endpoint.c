/* vigie-pbx-endpoint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A loopback-only HTTP endpoint the switchboard calls on ring, answer and
 * hang-up, the way Asterisk's CURL(), FreePBX, Wazo or a 3CX "call URL"
 * notify a desktop application:
 *
 *   GET  /call?event=ring&from=0612345678&line=0800100200&call_id=X&token=T
 *   POST /call/ring     (application/x-www-form-urlencoded or JSON)
 *   POST /call/hangup   {"call_id": "X"}   with  Authorization: Bearer T
 *
 * Every request must carry the shared token; one without it gets 401, a
 * malformed one 400 with a message. Both are journaled and neither reaches
 * the desk, so a stray request cannot disturb the call on screen.
 */
#define G_LOG_DOMAIN "vigie-pbx-endpoint"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vigie-pbx-endpoint.h"
#include "vigie-pbx-route.h"

/* A call event is a few hundred bytes; refuse anything that is not one. */
#define MAX_BODY_SIZE (16 * 1024)
#define MAX_FIELD_LENGTH 128

struct _VigiePbxEndpoint
{
  GObject         parent_instance;

  VigieJournal   *journal;
  char           *token;
  SoupServer     *server;
  guint           port;

  VigiePbxHandler handler;
  gpointer        handler_data;
  GDestroyNotify  handler_destroy;
};

G_DEFINE_FINAL_TYPE (VigiePbxEndpoint, vigie_pbx_endpoint, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-pbx-error-quark, vigie_pbx_error)

static const char * const event_names[] = { "ring", "answer", "hangup" };

const char *
vigie_pbx_event_to_string (VigiePbxEvent event)
{
  g_return_val_if_fail (event <= VIGIE_PBX_EVENT_HANGUP, NULL);
  return event_names[event];
}

static gboolean
parse_event (const char    *name,
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

/* Comparing every byte keeps the time independent of where they differ. */
static gboolean
token_equal (const char *given,
             const char *expected)
{
  gsize given_len, expected_len;
  guchar diff = 0;

  if (given == NULL || expected == NULL)
    return FALSE;

  given_len = strlen (given);
  expected_len = strlen (expected);
  for (gsize i = 0; i < expected_len; i++)
    diff |= (guchar) expected[i] ^ (guchar) (i < given_len ? given[i] : 0);

  return diff == 0 && given_len == expected_len;
}

static void
journal_request (VigiePbxEndpoint *self,
                 const char       *call_id,
                 const char       *kind,
                 SoupServerMessage *msg,
                 guint             status,
                 const char       *message,
                 GHashTable       *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GInetAddress *remote = NULL;
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  if (G_IS_INET_SOCKET_ADDRESS (address))
    remote = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, soup_server_message_get_method (msg));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, g_uri_get_path (soup_server_message_get_uri (msg)));
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, status);
  if (remote != NULL)
    {
      g_autofree char *text = g_inet_address_to_string (remote);
      json_builder_set_member_name (builder, "remote");
      json_builder_add_string_value (builder, text);
    }
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
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
          if (g_utf8_validate (value, -1, NULL) && strlen (value) <= MAX_FIELD_LENGTH)
            json_builder_add_string_value (builder, value);
          else
            json_builder_add_string_value (builder, "(invalid)");
        }
    }
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);

  if (!vigie_journal_append (self->journal, call_id, kind, data, &error))
    g_critical ("Switchboard request not journaled: %s", error->message);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *member,
         const char        *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *body;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  length = strlen (body);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

/* Gathers the fields from the query, a form body or a JSON body; the
 * names PBXs commonly use are accepted as aliases. */
static GHashTable *
collect_fields (SoupServerMessage  *msg,
                GHashTable         *query,
                GError            **error)
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
  g_autoptr(GHashTable) body_fields = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  GHashTableIter iter;
  gpointer key, value;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (fields, g_ascii_strdown (key, -1), g_strdup (value));
    }

  if (body->length > 0 && g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) json_error = NULL;
      g_autoptr(GList) members = NULL;
      JsonObject *object;

      if (!json_parser_load_from_data (parser, body->data, body->length, &json_error))
        {
          g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                       _("Invalid JSON: %s"), json_error->message);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                       _("The JSON body must be an object"));
          return NULL;
        }
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      for (GList *l = members; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (object, l->data);
          g_autofree char *text = NULL;

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            text = g_strdup (json_node_get_string (node));
          else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          else if (!JSON_NODE_HOLDS_NULL (node))
            {
              g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                           _("“%s” must be a string"), (const char *) l->data);
              return NULL;
            }
          if (text != NULL)
            g_hash_table_insert (fields, g_ascii_strdown (l->data, -1), g_steal_pointer (&text));
        }
    }
  else if (body->length > 0)
    {
      g_autofree char *text = g_strndup (body->data, body->length);

      body_fields = soup_form_decode (text);
      g_hash_table_iter_init (&iter, body_fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (fields, g_ascii_strdown (key, -1), g_strdup (value));
    }

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      const char *alias_value = g_hash_table_lookup (fields, aliases[i].alias);

      if (alias_value != NULL && !g_hash_table_contains (fields, aliases[i].name))
        g_hash_table_insert (fields, g_strdup (aliases[i].name), g_strdup (alias_value));
    }

  return g_steal_pointer (&fields);
}

static const char *
find_token (SoupServerMessage *msg,
            GHashTable        *query,
            GHashTable        *fields)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *header = soup_message_headers_get_one (headers, "X-Vigie-Token");

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    return authorization + 7;
  if (header != NULL)
    return header;
  if (fields != NULL)
    return g_hash_table_lookup (fields, "token");
  return query ? g_hash_table_lookup (query, "token") : NULL;
}

static gboolean
check_field (GHashTable  *fields,
             const char  *name,
             gboolean     required,
             GError     **error)
{
  const char *value = g_hash_table_lookup (fields, name);

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
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20)
      {
        g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                     _("“%s” holds control characters"), name);
        return FALSE;
      }
  return TRUE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  VigiePbxEndpoint *self = user_data;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *desk_call_id = NULL;
  const char *method = soup_server_message_get_method (msg);
  const char *event_name = NULL;
  VigiePbxRequest request = { 0 };
  guint status;

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, POST");
      respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "error", _("Use GET or POST"));
      return;
    }

  if (soup_server_message_get_request_body (msg)->length > MAX_BODY_SIZE)
    {
      respond (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "error", _("Request too large"));
      journal_request (self, NULL, "pbx-rejected", msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                       "request too large", NULL);
      return;
    }

  /* The token is checked before the body is trusted in any way, but a
   * token may travel in a form or JSON body, so decode first. */
  fields = collect_fields (msg, query, &error);

  if (!token_equal (find_token (msg, query, fields), self->token))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"vigie\"");
      respond (msg, SOUP_STATUS_UNAUTHORIZED, "error", _("Missing or wrong token"));
      journal_request (self, NULL, "pbx-rejected", msg, SOUP_STATUS_UNAUTHORIZED,
                       "missing or wrong token", fields);
      return;
    }

  /* Paths other subsystems added (Wazo's webhooks): their own bodies. */
  if (vigie_pbx_route_matches (self, path))
    {
      SoupMessageBody *route_body = soup_server_message_get_request_body (msg);

      g_clear_error (&error);
      if (!vigie_pbx_route_dispatch (self, path, route_body->data, route_body->length, &desk_call_id, &error))
        goto bad_request;
      journal_request (self, desk_call_id, "pbx-event", msg, SOUP_STATUS_OK, NULL, NULL);
      respond (msg, SOUP_STATUS_OK, "call_id", desk_call_id ? desk_call_id : "");
      return;
    }

  if (fields == NULL)
    goto bad_request;

  if (g_str_has_prefix (path, "/call/"))
    event_name = path + strlen ("/call/");
  else if (g_str_equal (path, "/call") || g_str_equal (path, "/call/"))
    event_name = g_hash_table_lookup (fields, "event");
  else
    {
      respond (msg, SOUP_STATUS_NOT_FOUND, "error", _("Unknown path; use /call"));
      return;
    }

  if (event_name == NULL || *event_name == '\0')
    {
      g_set_error (&error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("Missing “event” (ring, answer or hangup)"));
      goto bad_request;
    }
  if (!parse_event (event_name, &request.event))
    {
      g_set_error (&error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                   _("Unknown event “%.32s” (ring, answer or hangup)"), event_name);
      goto bad_request;
    }
  g_hash_table_replace (fields, g_strdup ("event"), g_strdup (event_names[request.event]));

  if (!check_field (fields, "call_id", request.event != VIGIE_PBX_EVENT_RING, &error) ||
      !check_field (fields, "line", request.event == VIGIE_PBX_EVENT_RING, &error) ||
      !check_field (fields, "from", FALSE, &error))
    goto bad_request;

  request.call_id = g_hash_table_lookup (fields, "call_id");
  request.from = g_hash_table_lookup (fields, "from");
  request.line = g_hash_table_lookup (fields, "line");
  if (request.call_id && *request.call_id == '\0')
    request.call_id = NULL;
  if (request.from && *request.from == '\0')
    request.from = NULL;

  if (self->handler == NULL)
    {
      respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "error", _("The desk is not ready"));
      return;
    }

  if (!self->handler (self, &request, &desk_call_id, &error, self->handler_data))
    {
      if (error == NULL)
        g_set_error (&error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, _("Refused by the desk"));
      if (g_error_matches (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_UNKNOWN_CALL))
        {
          respond (msg, SOUP_STATUS_NOT_FOUND, "error", error->message);
          journal_request (self, NULL, "pbx-rejected", msg, SOUP_STATUS_NOT_FOUND,
                           error->message, fields);
          return;
        }
      goto bad_request;
    }

  status = SOUP_STATUS_OK;
  journal_request (self, desk_call_id ? desk_call_id : request.call_id, "pbx-event", msg,
                   status, NULL, fields);
  respond (msg, status, "call_id", desk_call_id ? desk_call_id : request.call_id);
  return;

bad_request:
  respond (msg, SOUP_STATUS_BAD_REQUEST, "error", error->message);
  journal_request (self, NULL, "pbx-rejected", msg, SOUP_STATUS_BAD_REQUEST, error->message, fields);
}

static void
vigie_pbx_endpoint_dispose (GObject *object)
{
  VigiePbxEndpoint *self = (VigiePbxEndpoint *)object;

  vigie_pbx_endpoint_stop (self);
  if (self->handler_destroy)
    g_clear_pointer (&self->handler_data, self->handler_destroy);
  self->handler = NULL;

  G_OBJECT_CLASS (vigie_pbx_endpoint_parent_class)->dispose (object);
}

static void
vigie_pbx_endpoint_finalize (GObject *object)
{
  VigiePbxEndpoint *self = (VigiePbxEndpoint *)object;

  g_clear_object (&self->journal);
  g_free (self->token);

  G_OBJECT_CLASS (vigie_pbx_endpoint_parent_class)->finalize (object);
}

static void
vigie_pbx_endpoint_class_init (VigiePbxEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_pbx_endpoint_dispose;
  object_class->finalize = vigie_pbx_endpoint_finalize;
}

static void
vigie_pbx_endpoint_init (VigiePbxEndpoint *self)
{
}

/**
 * vigie_pbx_endpoint_new:
 * @journal: where refused requests and call events are recorded
 * @token: the shared secret the switchboard must send
 *
 * Returns: (transfer full): an endpoint, not yet listening
 */
VigiePbxEndpoint *
vigie_pbx_endpoint_new (VigieJournal *journal,
                        const char   *token)
{
  VigiePbxEndpoint *self;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (journal), NULL);

  self = g_object_new (VIGIE_TYPE_PBX_ENDPOINT, NULL);
  self->journal = g_object_ref (journal);
  self->token = g_strdup (token ? token : "");
  return self;
}

/**
 * vigie_pbx_endpoint_set_handler:
 * @self: a #VigiePbxEndpoint
 * @handler: called for every authenticated, well-formed event
 * @user_data: data for @handler
 * @destroy: (nullable): frees @user_data
 */
void
vigie_pbx_endpoint_set_handler (VigiePbxEndpoint *self,
                                VigiePbxHandler   handler,
                                gpointer          user_data,
                                GDestroyNotify    destroy)
{
  g_return_if_fail (VIGIE_IS_PBX_ENDPOINT (self));

  if (self->handler_destroy && self->handler_data)
    self->handler_destroy (self->handler_data);
  self->handler = handler;
  self->handler_data = user_data;
  self->handler_destroy = destroy;
}

/**
 * vigie_pbx_endpoint_listen:
 * @self: a #VigiePbxEndpoint
 * @port: the TCP port, or 0 for any free port
 * @error: return location for a #GError
 *
 * Listens on 127.0.0.1 only: the switchboard connector runs on the
 * operator's machine, nothing else may pop a call. Refuses to start
 * without a token.
 */
gboolean
vigie_pbx_endpoint_listen (VigiePbxEndpoint  *self,
                           guint              port,
                           GError           **error)
{
  g_autoptr(SoupServer) server = NULL;
  GSList *uris;

  g_return_val_if_fail (VIGIE_IS_PBX_ENDPOINT (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  if (strlen (self->token) < 8)
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_NO_TOKEN,
                   _("The switchboard endpoint needs a token of at least 8 characters"));
      return FALSE;
    }

  vigie_pbx_endpoint_stop (self);

  server = soup_server_new ("server-header", "Vigie/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (server, "/", server_cb, self, NULL);
  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    {
      g_prefix_error (error, _("Switchboard endpoint on port %u: "), port);
      return FALSE;
    }

  uris = soup_server_get_uris (server);
  self->port = uris ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->server = g_steal_pointer (&server);

  g_debug ("Listening for the switchboard on 127.0.0.1:%u", self->port);
  return TRUE;
}

/**
 * vigie_pbx_endpoint_get_port:
 * @self: a #VigiePbxEndpoint
 *
 * Returns: the port listened on, 0 when stopped
 */
guint
vigie_pbx_endpoint_get_port (VigiePbxEndpoint *self)
{
  g_return_val_if_fail (VIGIE_IS_PBX_ENDPOINT (self), 0);
  return self->server ? self->port : 0;
}

void
vigie_pbx_endpoint_stop (VigiePbxEndpoint *self)
{
  g_return_if_fail (VIGIE_IS_PBX_ENDPOINT (self));

  if (self->server == NULL)
    return;
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  self->port = 0;
}
