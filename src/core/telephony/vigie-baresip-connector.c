/* vigie-baresip-connector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * baresip's ctrl_tcp module (Debian's baresip 1.0.0): the softphone on the
 * operator's PC listens on TCP 4444 and speaks netstring-framed JSON.
 *
 *   event:    {"event":true,"type":"CALL_INCOMING","accountaor":"sip:op@pbx",
 *              "direction":"incoming","peeruri":"sip:0612345678@pbx",
 *              "peerdisplayname":"Jean Dupont","id":"1-1234@127.0.0.1",…}
 *   command:  {"command":"accept","params":"<call id>","token":"vigie-1"}
 *   response: {"response":true,"ok":true,"data":"…","token":"vigie-1"}
 *
 * CALL_INCOMING rings, CALL_ESTABLISHED is the pick-up, CALL_CLOSED the
 * hang-up. The softphone knows its account, not the number the caller
 * dialled: each account is mapped to a client's line in the settings.
 */
#define G_LOG_DOMAIN "vigie-baresip"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vigie-baresip-connector.h"
#include "vigie-netstring.h"

/* ctrl_tcp events are a few hundred bytes; anything near this is not one. */
#define MAX_MESSAGE 16384

struct _VigieBaresipConnector
{
  GObject               parent_instance;

  char                 *line;
  GHashTable           *account_lines;   /* account AOR → line */
  GHashTable           *calls;           /* call id → TRUE, calls seen ringing */
  VigieTelephonyLink   *link;
  VigieNetstringReader *reader;
  guint                 next_token;
};

static void connector_iface_init (VigieTelephonyConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieBaresipConnector, vigie_baresip_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_TELEPHONY_CONNECTOR, connector_iface_init))

/**
 * vigie_sip_uri_user:
 * @uri: "sip:0612345678@host;params", "<sip:…>", "tel:+33…"
 *
 * Returns: (transfer full) (nullable): the user part, unescaped, or %NULL
 */
char *
vigie_sip_uri_user (const char *uri)
{
  const char *start;
  const char *end;
  g_autofree char *raw = NULL;

  if (uri == NULL)
    return NULL;
  while (*uri == '<' || *uri == ' ')
    uri++;
  if (g_ascii_strncasecmp (uri, "sips:", 5) == 0)
    start = uri + 5;
  else if (g_ascii_strncasecmp (uri, "sip:", 4) == 0 || g_ascii_strncasecmp (uri, "tel:", 4) == 0)
    start = uri + 4;
  else
    return NULL;
  end = start + strcspn (start, "@;>?");
  if (end == start)
    return NULL;
  raw = g_strndup (start, end - start);
  return g_uri_unescape_string (raw, NULL);
}

/* The message as a JSON object, or %NULL with @error set. */
static JsonObject *
parse_object (JsonParser  *parser,
              const char  *json,
              gsize        length,
              GError     **error)
{
  if (length > MAX_MESSAGE)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_TOO_LONG,
                   "ctrl_tcp message of %" G_GSIZE_FORMAT " bytes", length);
      return NULL;
    }
  if (!g_utf8_validate (json, length, NULL))
    {
      vigie_telephony_protocol_error (error, "ctrl_tcp message is not JSON: not UTF-8");
      return NULL;
    }
  return vigie_telephony_json_object (parser, json, length, "ctrl_tcp message", error);
}

static const char * const call_fields[] = { "peeruri", "peerdisplayname", "accountaor", NULL };

/* The answer to our accept or hangup: a refusal is worth knowing. */
static void
handle_response (JsonObject *object)
{
  if (vigie_telephony_json_is_false (object, "ok"))
    g_message ("baresip refused a command: %.200s", vigie_telephony_json_string (object, "data") ?: "");
}

static void
call_incoming (VigieBaresipConnector *self,
               JsonObject            *object,
               const char            *id)
{
  const char *direction = vigie_telephony_json_string (object, "direction");
  const char *name = vigie_telephony_json_string (object, "peerdisplayname");
  const char *account = vigie_telephony_json_string (object, "accountaor");
  g_autofree char *from = NULL;
  const char *line;

  if (direction != NULL && !g_str_equal (direction, "incoming"))
    return;
  from = vigie_sip_uri_user (vigie_telephony_json_string (object, "peeruri"));
  line = account ? g_hash_table_lookup (self->account_lines, account) : NULL;
  if (line == NULL)
    line = self->line;
  g_hash_table_add (self->calls, g_strdup (id));
  vigie_telephony_connector_emit_event (VIGIE_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_RING, id,
                                        from ? from : "anonymous",
                                        name && *name ? name : NULL, line);
}

static void
handle_call_event (VigieBaresipConnector *self,
                   JsonObject            *object,
                   const char            *type,
                   const char            *id)
{
  VigieTelephonyConnector *connector = VIGIE_TELEPHONY_CONNECTOR (self);

  if (g_str_equal (type, "CALL_INCOMING"))
    call_incoming (self, object, id);
  else if (g_str_equal (type, "CALL_ESTABLISHED") && g_hash_table_contains (self->calls, id))
    vigie_telephony_connector_emit_event (connector, VIGIE_TELEPHONY_ANSWERED, id, NULL, NULL, NULL);
  else if (g_str_equal (type, "CALL_CLOSED") && g_hash_table_remove (self->calls, id))
    vigie_telephony_connector_emit_event (connector, VIGIE_TELEPHONY_HANGUP, id, NULL, NULL, NULL);
}

/**
 * vigie_baresip_connector_handle_message:
 * @self: a #VigieBaresipConnector
 * @json: one netstring's payload
 * @length: its length
 * @error: return location for a #GError
 *
 * Reads one ctrl_tcp message and reports the call event it carries.
 *
 * Returns: %FALSE if the message is not ctrl_tcp's JSON
 */
gboolean
vigie_baresip_connector_handle_message (VigieBaresipConnector  *self,
                                        const char             *json,
                                        gsize                   length,
                                        GError                **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *type, *id;

  if (!(object = parse_object (parser, json, length, error)))
    return FALSE;
  if (json_object_has_member (object, "response"))
    {
      handle_response (object);
      return TRUE;
    }
  if (!json_object_has_member (object, "event"))
    return vigie_telephony_protocol_error (error, "ctrl_tcp message is neither an event nor a response");

  type = vigie_telephony_json_string (object, "type");
  id = vigie_telephony_json_string (object, "id");
  if (type == NULL)
    return vigie_telephony_protocol_error (error, "ctrl_tcp event without a type");
  if (!g_str_has_prefix (type, "CALL_"))
    return TRUE;   /* registrations, SDP, DTMF…: not a call event */
  if (id == NULL || *id == '\0')
    return vigie_telephony_protocol_error (error, "ctrl_tcp call event without an id");
  if (!vigie_telephony_call_fields_ok (object, "id", call_fields))
    return vigie_telephony_protocol_error (error, "ctrl_tcp call event with an overlong or invalid field");

  handle_call_event (self, object, type, id);
  return TRUE;
}

static void
received_cb (VigieBaresipConnector *self,
             GBytes                *bytes,
             VigieTelephonyLink    *link)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  vigie_netstring_reader_feed (self->reader, data, size);
  for (;;)
    {
      g_autoptr(GBytes) message = NULL;
      g_autoptr(GError) error = NULL;
      VigieNetstringResult result = vigie_netstring_reader_next (self->reader, &message, &error);

      if (result == VIGIE_NETSTRING_MORE)
        break;
      if (result == VIGIE_NETSTRING_ERROR)
        {
          /* The framing is lost: reconnect rather than guess. */
          vigie_telephony_connector_emit_rejected (VIGIE_TELEPHONY_CONNECTOR (self), error);
          vigie_telephony_link_drop (link, error);
          return;
        }
      /* A bad message is dropped alone: the frame around it was sound. */
      if (!vigie_baresip_connector_handle_message (self, g_bytes_get_data (message, NULL),
                                                   g_bytes_get_size (message), &error))
        vigie_telephony_connector_emit_rejected (VIGIE_TELEPHONY_CONNECTOR (self), error);
    }
  vigie_telephony_link_set_partial (link, vigie_netstring_reader_pending (self->reader) > 0);
}

static void
connected_cb (VigieBaresipConnector *self)
{
  g_clear_pointer (&self->reader, vigie_netstring_reader_free);
  self->reader = vigie_netstring_reader_new (MAX_MESSAGE);
  vigie_telephony_connector_set_state (VIGIE_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_CONNECTED, NULL);
}

static void
disconnected_cb (VigieBaresipConnector *self,
                 const GError          *error)
{
  /* A message left half-sent: the link gave up on it. */
  if (g_error_matches (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_SLOW))
    vigie_telephony_connector_emit_rejected (VIGIE_TELEPHONY_CONNECTOR (self), error);
  vigie_telephony_connector_set_state (VIGIE_TELEPHONY_CONNECTOR (self),
                                       VIGIE_TELEPHONY_CONNECTING, error ? error->message : NULL);
}

static gboolean
send_command (VigieBaresipConnector  *self,
              const char             *command,
              const char             *call_id,
              GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autofree char *json = NULL;
  g_autofree char *token = g_strdup_printf ("vigie-%u", ++self->next_token);

  if (call_id == NULL || !g_hash_table_contains (self->calls, call_id))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_UNKNOWN_CALL,
                   "No call “%s” on the softphone", call_id ? call_id : "");
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  json_builder_set_member_name (builder, "params");
  json_builder_add_string_value (builder, call_id);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  frame = vigie_netstring_encode (json, -1);
  return vigie_telephony_link_send (self->link, frame, error);
}

static void
vigie_baresip_connector_start (VigieTelephonyConnector *connector)
{
  vigie_telephony_link_start_for (VIGIE_BARESIP_CONNECTOR (connector)->link, connector);
}

static void
vigie_baresip_connector_stop (VigieTelephonyConnector *connector)
{
  vigie_telephony_link_stop_for (VIGIE_BARESIP_CONNECTOR (connector)->link, connector);
}

static gboolean
vigie_baresip_connector_answer (VigieTelephonyConnector  *connector,
                                const char               *call_id,
                                GError                  **error)
{
  return send_command (VIGIE_BARESIP_CONNECTOR (connector), "accept", call_id, error);
}

static gboolean
vigie_baresip_connector_hangup (VigieTelephonyConnector  *connector,
                                const char               *call_id,
                                GError                  **error)
{
  return send_command (VIGIE_BARESIP_CONNECTOR (connector), "hangup", call_id, error);
}

static void
connector_iface_init (VigieTelephonyConnectorInterface *iface)
{
  iface->start = vigie_baresip_connector_start;
  iface->stop = vigie_baresip_connector_stop;
  iface->answer = vigie_baresip_connector_answer;
  iface->hangup = vigie_baresip_connector_hangup;
}

static void
vigie_baresip_connector_dispose (GObject *object)
{
  VigieBaresipConnector *self = (VigieBaresipConnector *)object;

  vigie_telephony_link_release (&self->link, self);

  G_OBJECT_CLASS (vigie_baresip_connector_parent_class)->dispose (object);
}

static void
vigie_baresip_connector_finalize (GObject *object)
{
  VigieBaresipConnector *self = (VigieBaresipConnector *)object;

  g_free (self->line);
  g_hash_table_unref (self->account_lines);
  g_hash_table_unref (self->calls);
  g_clear_pointer (&self->reader, vigie_netstring_reader_free);

  G_OBJECT_CLASS (vigie_baresip_connector_parent_class)->finalize (object);
}

static void
vigie_baresip_connector_class_init (VigieBaresipConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_baresip_connector_dispose;
  object_class->finalize = vigie_baresip_connector_finalize;
}

static void
vigie_baresip_connector_init (VigieBaresipConnector *self)
{
  self->account_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reader = vigie_netstring_reader_new (MAX_MESSAGE);
}

/**
 * vigie_baresip_connector_new:
 * @id: the connector's configured id
 * @host: where baresip's ctrl_tcp listens (usually 127.0.0.1)
 * @port: its port (baresip's default is 4444)
 * @line: (nullable): the line a call on an unmapped account was dialled on
 *
 * Returns: (transfer full): a connector, not yet started
 */
VigieBaresipConnector *
vigie_baresip_connector_new (const char *id,
                             const char *host,
                             guint16     port,
                             const char *line)
{
  VigieBaresipConnector *self = g_object_new (VIGIE_TYPE_BARESIP_CONNECTOR, NULL);

  vigie_telephony_connector_set_id (VIGIE_TELEPHONY_CONNECTOR (self), id);
  self->line = g_strdup (line);
  self->link = vigie_telephony_link_new_for (host, port, self, G_CALLBACK (received_cb),
                                             G_CALLBACK (connected_cb), G_CALLBACK (disconnected_cb));
  return self;
}

/**
 * vigie_baresip_connector_map_account:
 * @self: a #VigieBaresipConnector
 * @account: a baresip account AOR ("sip:dupont@pbx.example")
 * @line: the client line whose calls reach that account
 */
void
vigie_baresip_connector_map_account (VigieBaresipConnector *self,
                                     const char            *account,
                                     const char            *line)
{
  g_return_if_fail (VIGIE_IS_BARESIP_CONNECTOR (self));
  g_hash_table_replace (self->account_lines, g_strdup (account), g_strdup (line));
}

/**
 * vigie_baresip_connector_get_link:
 * @self: a #VigieBaresipConnector
 *
 * Returns: (transfer none): the TCP link, for tuning its timeouts
 */
VigieTelephonyLink *
vigie_baresip_connector_get_link (VigieBaresipConnector *self)
{
  g_return_val_if_fail (VIGIE_IS_BARESIP_CONNECTOR (self), NULL);
  return self->link;
}
