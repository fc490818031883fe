/* vigie-telephony-connector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every telephony connector shares: the call event it reports, its
 * link state, and the checks applied to whatever a PBX sends.
 */
#define G_LOG_DOMAIN "vigie-telephony"

#include "config.h"

#include <string.h>

#include "vigie-telephony-connector.h"

typedef struct {
  char                *id;
  VigieTelephonyState  state;
  char                *status;
} ConnectorData;

enum {
  CALL_EVENT,
  STATE_CHANGED,
  REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static GQuark data_quark;

G_DEFINE_QUARK (vigie-telephony-error-quark, vigie_telephony_error)
G_DEFINE_INTERFACE (VigieTelephonyConnector, vigie_telephony_connector, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (VigieTelephonyEvent, vigie_telephony_event,
                     vigie_telephony_event_copy, vigie_telephony_event_free)

static void
connector_data_free (gpointer data)
{
  ConnectorData *cd = data;

  g_free (cd->id);
  g_free (cd->status);
  g_free (cd);
}

static ConnectorData *
get_data (VigieTelephonyConnector *self)
{
  ConnectorData *cd = g_object_get_qdata (G_OBJECT (self), data_quark);

  if (cd == NULL)
    {
      cd = g_new0 (ConnectorData, 1);
      g_object_set_qdata_full (G_OBJECT (self), data_quark, cd, connector_data_free);
    }
  return cd;
}

static void
vigie_telephony_connector_default_init (VigieTelephonyConnectorInterface *iface)
{
  data_quark = g_quark_from_static_string ("vigie-telephony-connector-data");

  /**
   * VigieTelephonyConnector::call-event:
   * @event: a #VigieTelephonyEvent
   *
   * A call rang, was answered or ended at the PBX.
   */
  signals[CALL_EVENT] =
    g_signal_new ("call-event", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  VIGIE_TYPE_TELEPHONY_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigieTelephonyConnector::state-changed:
   *
   * Connected, connecting or disconnected; see get_status() for why.
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * VigieTelephonyConnector::rejected:
   * @error: why the input was refused
   *
   * The PBX sent something malformed, truncated, oversized or too slow;
   * it was dropped and the calls on the desk are untouched.
   */
  signals[REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

VigieTelephonyEvent *
vigie_telephony_event_copy (const VigieTelephonyEvent *event)
{
  VigieTelephonyEvent *copy = g_new0 (VigieTelephonyEvent, 1);

  copy->kind = event->kind;
  copy->call_id = g_strdup (event->call_id);
  copy->from = g_strdup (event->from);
  copy->caller_name = g_strdup (event->caller_name);
  copy->line = g_strdup (event->line);
  copy->connector = g_strdup (event->connector);
  copy->received_at = event->received_at;
  return copy;
}

void
vigie_telephony_event_free (VigieTelephonyEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->call_id);
  g_free (event->from);
  g_free (event->caller_name);
  g_free (event->line);
  g_free (event->connector);
  g_free (event);
}

const char *
vigie_telephony_state_to_string (VigieTelephonyState state)
{
  static const char * const names[] = { "disconnected", "connecting", "connected" };

  g_return_val_if_fail (state <= VIGIE_TELEPHONY_CONNECTED, NULL);
  return names[state];
}

const char *
vigie_telephony_event_kind_to_string (VigieTelephonyEventKind kind)
{
  static const char * const names[] = { "ring", "answered", "hangup" };

  g_return_val_if_fail (kind <= VIGIE_TELEPHONY_HANGUP, NULL);
  return names[kind];
}

void
vigie_telephony_connector_start (VigieTelephonyConnector *self)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self));
  VIGIE_TELEPHONY_CONNECTOR_GET_IFACE (self)->start (self);
}

void
vigie_telephony_connector_stop (VigieTelephonyConnector *self)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self));
  VIGIE_TELEPHONY_CONNECTOR_GET_IFACE (self)->stop (self);
}

/**
 * vigie_telephony_connector_can_answer:
 * @self: a #VigieTelephonyConnector
 *
 * Returns: whether the operator can pick up and hang up from the desk
 *   (a softphone can; a PBX we only listen to cannot)
 */
gboolean
vigie_telephony_connector_can_answer (VigieTelephonyConnector *self)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self), FALSE);
  return VIGIE_TELEPHONY_CONNECTOR_GET_IFACE (self)->answer != NULL;
}

gboolean
vigie_telephony_connector_answer (VigieTelephonyConnector  *self,
                                  const char               *call_id,
                                  GError                  **error)
{
  VigieTelephonyConnectorInterface *iface;

  g_return_val_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self), FALSE);

  iface = VIGIE_TELEPHONY_CONNECTOR_GET_IFACE (self);
  if (iface->answer == NULL)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_NOT_SUPPORTED,
                   "Connector “%s” cannot answer calls", vigie_telephony_connector_get_id (self));
      return FALSE;
    }
  return iface->answer (self, call_id, error);
}

gboolean
vigie_telephony_connector_hangup (VigieTelephonyConnector  *self,
                                  const char               *call_id,
                                  GError                  **error)
{
  VigieTelephonyConnectorInterface *iface;

  g_return_val_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self), FALSE);

  iface = VIGIE_TELEPHONY_CONNECTOR_GET_IFACE (self);
  if (iface->hangup == NULL)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_NOT_SUPPORTED,
                   "Connector “%s” cannot hang up calls", vigie_telephony_connector_get_id (self));
      return FALSE;
    }
  return iface->hangup (self, call_id, error);
}

const char *
vigie_telephony_connector_get_id (VigieTelephonyConnector *self)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self), NULL);
  return get_data (self)->id;
}

/* Implementations call this once, from their constructor. */
void
vigie_telephony_connector_set_id (VigieTelephonyConnector *self,
                                  const char              *id)
{
  ConnectorData *cd;

  g_return_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self));
  cd = get_data (self);
  g_free (cd->id);
  cd->id = g_strdup (id);
}

VigieTelephonyState
vigie_telephony_connector_get_state (VigieTelephonyConnector *self)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_DISCONNECTED);
  return get_data (self)->state;
}

/**
 * vigie_telephony_connector_get_status:
 * @self: a #VigieTelephonyConnector
 *
 * Returns: (nullable): why the link is in its state (the last error), or %NULL
 */
const char *
vigie_telephony_connector_get_status (VigieTelephonyConnector *self)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self), NULL);
  return get_data (self)->status;
}

void
vigie_telephony_connector_set_state (VigieTelephonyConnector *self,
                                     VigieTelephonyState      state,
                                     const char              *status)
{
  ConnectorData *cd;

  g_return_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (self));

  cd = get_data (self);
  if (cd->state == state && g_strcmp0 (cd->status, status) == 0)
    return;
  cd->state = state;
  g_free (cd->status);
  cd->status = g_strdup (status);
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

void
vigie_telephony_connector_emit_event (VigieTelephonyConnector *self,
                                      VigieTelephonyEventKind  kind,
                                      const char              *call_id,
                                      const char              *from,
                                      const char              *caller_name,
                                      const char              *line)
{
  VigieTelephonyEvent event = {
    kind, (char *) call_id, (char *) from, (char *) caller_name, (char *) line,
    (char *) vigie_telephony_connector_get_id (self), g_get_monotonic_time (),
  };

  g_return_if_fail (call_id != NULL);
  g_signal_emit (self, signals[CALL_EVENT], 0, &event);
}

void
vigie_telephony_connector_emit_rejected (VigieTelephonyConnector *self,
                                         const GError            *error)
{
  g_debug ("%s: input rejected: %s", vigie_telephony_connector_get_id (self), error->message);
  g_signal_emit (self, signals[REJECTED], 0, error);
}

/**
 * vigie_telephony_backoff_ms:
 * @attempt: how many reconnections failed in a row
 *
 * Returns: the wait before the next attempt: 0.5 s doubling up to 30 s, so
 *   a restarting PBX is found again quickly without being hammered
 */
guint
vigie_telephony_backoff_ms (guint attempt)
{
  return attempt >= 6 ? 30000 : MIN (30000, 500u << attempt);
}

/**
 * vigie_telephony_field_ok:
 * @value: (nullable): a field as the PBX sent it
 * @max_length: the longest value accepted, in bytes
 *
 * Caller data goes to the journal and the screen, never to a shell, but
 * it is still checked: UTF-8, no control character, bounded length.
 *
 * Returns: whether @value may be used
 */
gboolean
vigie_telephony_field_ok (const char *value,
                          gsize       max_length)
{
  if (value == NULL)
    return TRUE;
  if (strlen (value) > max_length || !g_utf8_validate (value, -1, NULL))
    return FALSE;
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* Caller data fields are at most this long. */
#define MAX_FIELD 256

/**
 * vigie_telephony_call_fields_ok:
 * @object: a call event
 * @id_member: the member holding the call id (at most 128 bytes)
 * @members: the other caller-data members (at most 256 bytes each)
 *
 * Returns: whether every field passes vigie_telephony_field_ok()
 */
gboolean
vigie_telephony_call_fields_ok (JsonObject         *object,
                                const char         *id_member,
                                const char * const *members)
{
  if (!vigie_telephony_field_ok (vigie_telephony_json_string (object, id_member), 128))
    return FALSE;
  for (guint i = 0; members[i]; i++)
    if (!vigie_telephony_field_ok (vigie_telephony_json_string (object, members[i]), MAX_FIELD))
      return FALSE;
  return TRUE;
}

/**
 * vigie_telephony_protocol_error:
 * @error: return location for a #GError
 * @message: what the peer got wrong
 *
 * Returns: %FALSE, with %VIGIE_TELEPHONY_ERROR_PROTOCOL set
 */
gboolean
vigie_telephony_protocol_error (GError     **error,
                                const char  *message)
{
  g_set_error_literal (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_PROTOCOL, message);
  return FALSE;
}

/**
 * vigie_telephony_json_string:
 * @object: a JSON object from a PBX
 * @name: a member
 *
 * Returns: (nullable): the member if it is a string
 */
const char *
vigie_telephony_json_string (JsonObject *object,
                             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * vigie_telephony_json_is_false:
 * @object: an event
 * @name: a member
 *
 * Returns: whether the member is the boolean false (absent, or of another
 *   type, is not)
 */
gboolean
vigie_telephony_json_is_false (JsonObject *object,
                               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         !json_node_get_boolean (node);
}

/**
 * vigie_telephony_evict_oldest:
 * @calls: calls in progress by id
 * @created_at: when a call of @calls began
 *
 * Hang-ups lost with a PBX restart or a dropped link would otherwise keep
 * their calls for good and fill the table: the oldest call makes room.
 */
void
vigie_telephony_evict_oldest (GHashTable *calls,
                              gint64    (*created_at) (gpointer call))
{
  GHashTableIter iter;
  gpointer key, value;
  const char *oldest = NULL;
  gint64 oldest_at = G_MAXINT64;

  g_hash_table_iter_init (&iter, calls);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (created_at (value) < oldest_at)
      {
        oldest_at = created_at (value);
        oldest = key;
      }
  if (oldest != NULL)
    g_hash_table_remove (calls, oldest);
}

/**
 * vigie_telephony_json_object:
 * @parser: the parser that will own the tree
 * @text: a message
 * @length: its length
 * @what: the message's name in errors ("Wazo event")
 * @error: return location for a #GError
 *
 * Returns: (transfer none) (nullable): the message's object, owned by
 *   @parser, or %NULL with a protocol error
 */
JsonObject *
vigie_telephony_json_object (JsonParser  *parser,
                             const char  *text,
                             gsize        length,
                             const char  *what,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_PROTOCOL,
                   "%s is not JSON: %s", what, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_PROTOCOL,
                   "%s is not a JSON object", what);
      return NULL;
    }
  return json_node_get_object (root);
}
