/* vigie-wazo-connector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wazo Platform: wazo-webhookd POSTs wazo-calld's call events to Vigie's
 * loopback endpoint (POST /wazo/<event>?token=…, see docs/telephony.md).
 * With an empty body template webhookd sends the event's data as is; with
 * the template "{{ event|tojson }}" it wraps it as {"name": …, "data": …}.
 * Both are read:
 *
 *   call_created   {"call_id": "1700000000.42", "caller_id_number": "0612345678",
 *                   "caller_id_name": "Claire Moreau", "dialed_extension": "0800100200",
 *                   "is_caller": true, …}
 *   call_answered  {"call_id": …}
 *   call_ended     {"call_id": …, "hangup_cause": …}
 *
 * The connector has no socket of its own: the endpoint hands it bodies.
 */
#define G_LOG_DOMAIN "vigie-wazo"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vigie-telephony.h"
#include "vigie-wazo-connector.h"


struct _VigieWazoConnector
{
  GObject  parent_instance;

  char    *line;
};

static void connector_iface_init (VigieTelephonyConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieWazoConnector, vigie_wazo_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_TELEPHONY_CONNECTOR, connector_iface_init))

static gboolean
is_number (const char *value)
{
  gsize digits = 0;

  for (const char *p = value; p && *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != '+' && *p != ' ')
        return FALSE;
    }
  return digits >= 3;
}

/* The event's name: from the URL, else the body's "name". */
static const char *
event_name_of (JsonObject *object,
               const char *event_name)
{
  if (event_name == NULL || *event_name == '\0')
    event_name = vigie_telephony_json_string (object, "name");
  return event_name;
}

/* The call's fields: under "data" in wazo-calld's envelope, or the body itself. */
static JsonObject *
data_of (JsonObject *object)
{
  JsonNode *data = json_object_get_member (object, "data");

  return data != NULL && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : object;
}

/* wazo-calld sends one call_created per channel; the callee's
 * (is_caller false) is the same call seen from the phone. */
static gboolean
is_callee_channel (JsonObject *data)
{
  return vigie_telephony_json_is_false (data, "is_caller");
}

static void
call_created (VigieWazoConnector *self,
              JsonObject         *data,
              const char         *id)
{
  const char *from = vigie_telephony_json_string (data, "caller_id_number");
  const char *name = vigie_telephony_json_string (data, "caller_id_name");
  const char *dialled = vigie_telephony_json_string (data, "dialed_extension");

  if (is_callee_channel (data))
    return;
  vigie_telephony_connector_emit_event (VIGIE_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_RING, id,
                                        from && *from ? from : "anonymous",
                                        name && *name ? name : NULL,
                                        is_number (dialled) ? dialled : self->line);
}

static const char * const call_fields[] = { "caller_id_number", "caller_id_name", "dialed_extension", NULL };

/**
 * vigie_wazo_connector_handle_body:
 * @self: a #VigieWazoConnector
 * @event_name: (nullable): the event from the URL ("call_created"), or
 *   %NULL when the body names it
 * @body: the request body
 * @length: its length
 * @call_id: (out) (transfer full) (optional): the call the event is about
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the body is not one of wazo-calld's call events
 */
gboolean
vigie_wazo_connector_handle_body (VigieWazoConnector  *self,
                                  const char          *event_name,
                                  const char          *body,
                                  gsize                length,
                                  char               **call_id,
                                  GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  VigieTelephonyConnector *connector = VIGIE_TELEPHONY_CONNECTOR (self);
  JsonObject *object, *data;
  const char *id;

  g_return_val_if_fail (VIGIE_IS_WAZO_CONNECTOR (self), FALSE);

  if (!(object = vigie_telephony_json_object (parser, body, length, "Wazo event", error)))
    return FALSE;
  data = data_of (object);
  if (!(event_name = event_name_of (object, event_name)))
    return vigie_telephony_protocol_error (error, "Wazo event without a name: POST to /wazo/call_created or send {\"name\": …, \"data\": …}");

  id = vigie_telephony_json_string (data, "call_id");
  if (id == NULL || *id == '\0')
    return vigie_telephony_protocol_error (error, "Wazo event without a call_id");
  if (!vigie_telephony_call_fields_ok (data, "call_id", call_fields))
    return vigie_telephony_protocol_error (error, "Wazo event with an overlong or invalid field");

  if (g_str_equal (event_name, "call_created"))
    call_created (self, data, id);
  else if (g_str_equal (event_name, "call_answered"))
    vigie_telephony_connector_emit_event (connector, VIGIE_TELEPHONY_ANSWERED, id, NULL, NULL, NULL);
  else if (g_str_equal (event_name, "call_ended"))
    vigie_telephony_connector_emit_event (connector, VIGIE_TELEPHONY_HANGUP, id, NULL, NULL, NULL);
  else
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_PROTOCOL,
                   "Unknown Wazo event “%.32s” (call_created, call_answered, call_ended)", event_name);
      return FALSE;
    }

  if (call_id != NULL)
    *call_id = g_strdup (id);
  return TRUE;
}

static void
vigie_wazo_connector_start (VigieTelephonyConnector *connector)
{
  /* The endpoint is the link: listening means connected. */
  vigie_telephony_connector_set_state (connector, VIGIE_TELEPHONY_CONNECTED, NULL);
}

static void
vigie_wazo_connector_stop (VigieTelephonyConnector *connector)
{
  vigie_telephony_connector_set_state (connector, VIGIE_TELEPHONY_DISCONNECTED, NULL);
}

static void
connector_iface_init (VigieTelephonyConnectorInterface *iface)
{
  iface->start = vigie_wazo_connector_start;
  iface->stop = vigie_wazo_connector_stop;
}

static void
vigie_wazo_connector_finalize (GObject *object)
{
  VigieWazoConnector *self = (VigieWazoConnector *)object;

  g_free (self->line);

  G_OBJECT_CLASS (vigie_wazo_connector_parent_class)->finalize (object);
}

static void
vigie_wazo_connector_class_init (VigieWazoConnectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_wazo_connector_finalize;
}

static void
vigie_wazo_connector_init (VigieWazoConnector *self)
{
}

/**
 * vigie_wazo_connector_new:
 * @id: the connector's configured id
 * @line: (nullable): the line when the event carries no dialled number
 *
 * Returns: (transfer full): a connector
 */
VigieWazoConnector *
vigie_wazo_connector_new (const char *id,
                          const char *line)
{
  VigieWazoConnector *self = g_object_new (VIGIE_TYPE_WAZO_CONNECTOR, NULL);

  vigie_telephony_connector_set_id (VIGIE_TELEPHONY_CONNECTOR (self), id);
  self->line = g_strdup (line);
  return self;
}

/**
 * vigie_wazo_route:
 * @endpoint: the switchboard endpoint
 * @path: "/wazo/<event>" or "/wazo"
 * @body: wazo-webhookd's body
 * @length: its length
 * @call_id: (out) (transfer full) (optional): the call concerned
 * @error: return location for a #GError
 * @user_data: the #VigieTelephony
 *
 * The endpoint's route for Wazo: hands the body to the running Wazo
 * connector (see vigie_pbx_endpoint_add_route()).
 */
gboolean
vigie_wazo_route (VigiePbxEndpoint  *endpoint,
                  const char        *path,
                  const char        *body,
                  gsize              length,
                  char             **call_id,
                  GError           **error,
                  gpointer           user_data)
{
  VigieTelephonyConnector *connector = vigie_telephony_find_kind (user_data, VIGIE_TYPE_WAZO_CONNECTOR);
  const char *event_name = g_str_has_prefix (path, "/wazo/") ? path + strlen ("/wazo/") : NULL;
  g_autoptr(GError) local_error = NULL;

  if (connector == NULL)
    {
      g_set_error_literal (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST,
                           "No Wazo connector is configured on this desk");
      return FALSE;
    }
  if (!vigie_wazo_connector_handle_body (VIGIE_WAZO_CONNECTOR (connector), event_name, body, length,
                                         call_id, &local_error))
    {
      vigie_telephony_connector_emit_rejected (connector, local_error);
      g_set_error_literal (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, local_error->message);
      return FALSE;
    }
  return TRUE;
}
