/* vigie-ami-connector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asterisk's Manager Interface (TCP 5038). Vigie logs in with a manager
 * account that may only read call and queue events (manager.conf:
 * read = call,agent, write = nothing) and follows a call by its Linkedid:
 *
 *   Newchannel   the caller's channel (Uniqueid == Linkedid): number, name,
 *                the dialled extension
 *   DialBegin    a phone rings; if it is the operator's extension (or no
 *                filter is set) the call pops on the desk
 *   QueueCallerJoin  the caller waits in the operator's queue: it pops too
 *   BridgeEnter  the callee joined the caller: answered
 *   Hangup       the caller's channel is gone: the call ended
 *
 * Nothing received is ever put in a command: Vigie sends only Login.
 */
#define G_LOG_DOMAIN "vigie-ami"

#include "config.h"

#include <string.h>

#include "vigie-ami-connector.h"
#include "vigie-ami-parser.h"

#define MAX_FIELD 256
#define MAX_TRACKED 512

typedef struct {
  char     *linkedid;
  char     *from;
  char     *name;
  char     *line;
  char     *callee;      /* Uniqueid of the channel that rang for us */
  gboolean  rang;
  gboolean  answered;
  gint64    created;     /* monotonic, for evicting calls whose Hangup was lost */
} AmiCall;

struct _VigieAmiConnector
{
  GObject             parent_instance;

  char               *username;
  char               *secret;
  char               *line;
  GPtrArray          *extensions;
  GPtrArray          *queues;
  GHashTable         *calls;     /* Linkedid → AmiCall */
  VigieTelephonyLink *link;
  VigieAmiParser     *parser;
  gboolean            logged_in;
};

static void connector_iface_init (VigieTelephonyConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieAmiConnector, vigie_ami_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_TELEPHONY_CONNECTOR, connector_iface_init))

static void
ami_call_free (gpointer data)
{
  AmiCall *call = data;

  g_free (call->linkedid);
  g_free (call->from);
  g_free (call->name);
  g_free (call->line);
  g_free (call->callee);
  g_free (call);
}

/* A value the AMI sends for "nothing". */
static const char *
field (GHashTable *message,
       const char *key)
{
  const char *value = g_hash_table_lookup (message, key);

  if (value == NULL || *value == '\0' || g_str_equal (value, "<unknown>") || g_str_equal (value, "<none>"))
    return NULL;
  return value;
}

static gboolean
looks_like_number (const char *value)
{
  gsize digits = 0;

  if (value == NULL)
    return FALSE;
  for (const char *p = value; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != '+' && *p != ' ' && *p != '.' && *p != '-')
        return FALSE;
    }
  return digits >= 3;
}

/* "PJSIP/201-00000012" → does it name extension 201? */
static gboolean
channel_is (const char *channel,
            const char *extension)
{
  const char *slash;
  gsize length = strlen (extension);

  if (channel == NULL || (slash = strchr (channel, '/')) == NULL)
    return FALSE;
  return strncmp (slash + 1, extension, length) == 0 &&
         (slash[1 + length] == '-' || slash[1 + length] == '\0' || slash[1 + length] == '@');
}

static gboolean
matches_extension (VigieAmiConnector *self,
                   GHashTable        *message)
{
  if (self->extensions->len == 0 && self->queues->len == 0)
    return TRUE;
  for (guint i = 0; i < self->extensions->len; i++)
    {
      const char *extension = g_ptr_array_index (self->extensions, i);

      if (g_strcmp0 (field (message, "destcalleridnum"), extension) == 0 ||
          g_strcmp0 (field (message, "destexten"), extension) == 0 ||
          channel_is (field (message, "destchannel"), extension))
        return TRUE;
    }
  for (guint i = 0; i < self->queues->len; i++)
    if (g_strcmp0 (field (message, "queue"), g_ptr_array_index (self->queues, i)) == 0 ||
        g_strcmp0 (field (message, "exten"), g_ptr_array_index (self->queues, i)) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
message_ok (GHashTable *message)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, message);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!vigie_telephony_field_ok (value, MAX_FIELD))
      return FALSE;
  return TRUE;
}

/* A full table would stop every later call from popping. */
static gint64
call_created (gpointer call)
{
  return ((AmiCall *) call)->created;
}

static void
ring (VigieAmiConnector *self,
      AmiCall           *call,
      GHashTable        *message)
{
  if (call->rang)
    return;
  call->rang = TRUE;
  if (call->from == NULL)
    call->from = g_strdup (field (message, "calleridnum"));
  if (call->name == NULL)
    call->name = g_strdup (field (message, "calleridname"));
  vigie_telephony_connector_emit_event (VIGIE_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_RING,
                                        call->linkedid, call->from ? call->from : "anonymous",
                                        call->name, call->line ? call->line : self->line);
}

/* The answer to our login; other actions' answers are not ours to read. */
static void
handle_response (VigieAmiConnector *self,
                 GHashTable        *message,
                 const char        *response)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (field (message, "actionid"), "vigie-login") != 0)
    return;
  if (g_ascii_strcasecmp (response, "Success") == 0)
    {
      self->logged_in = TRUE;
      vigie_telephony_connector_set_state (VIGIE_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_CONNECTED, NULL);
      return;
    }
  g_set_error (&error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
               "AMI login refused: %s", field (message, "message") ?: "no reason given");
  vigie_telephony_link_drop (self->link, error);
}

/* Only the call's first channel says who calls and what was dialled. */
static void
on_newchannel (VigieAmiConnector *self,
               GHashTable        *message)
{
  const char *uniqueid = field (message, "uniqueid");
  AmiCall *call;

  if (uniqueid == NULL || g_strcmp0 (uniqueid, field (message, "linkedid")) != 0 ||
      g_hash_table_contains (self->calls, uniqueid))
    return;
  if (g_hash_table_size (self->calls) >= MAX_TRACKED)
    vigie_telephony_evict_oldest (self->calls, call_created);
  call = g_new0 (AmiCall, 1);
  call->created = g_get_monotonic_time ();
  call->linkedid = g_strdup (uniqueid);
  call->from = g_strdup (field (message, "calleridnum"));
  call->name = g_strdup (field (message, "calleridname"));
  if (looks_like_number (field (message, "exten")))
    call->line = g_strdup (field (message, "exten"));
  g_hash_table_insert (self->calls, g_strdup (uniqueid), call);
}

static void
on_dial_begin (VigieAmiConnector *self,
               AmiCall           *call,
               GHashTable        *message)
{
  if (call->rang || !matches_extension (self, message))
    return;
  g_free (call->callee);
  call->callee = g_strdup (field (message, "destuniqueid"));
  ring (self, call, message);
}

static void
on_queue_caller_join (VigieAmiConnector *self,
                      AmiCall           *call,
                      GHashTable        *message)
{
  if (self->queues->len > 0 && matches_extension (self, message))
    ring (self, call, message);
}

/* The caller entering the bridge is not an answer; the callee is. */
static void
on_bridge_enter (VigieAmiConnector *self,
                 AmiCall           *call,
                 GHashTable        *message)
{
  const char *uniqueid = field (message, "uniqueid");

  if (!call->rang || call->answered || g_strcmp0 (uniqueid, call->linkedid) == 0 ||
      (call->callee != NULL && g_strcmp0 (uniqueid, call->callee) != 0))
    return;
  call->answered = TRUE;
  vigie_telephony_connector_emit_event (VIGIE_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_ANSWERED,
                                        call->linkedid, NULL, NULL, NULL);
}

static void
on_hangup (VigieAmiConnector *self,
           AmiCall           *call,
           GHashTable        *message)
{
  if (g_strcmp0 (field (message, "uniqueid"), call->linkedid) != 0)
    return;
  if (call->rang)
    vigie_telephony_connector_emit_event (VIGIE_TELEPHONY_CONNECTOR (self), VIGIE_TELEPHONY_HANGUP,
                                          call->linkedid, NULL, NULL, NULL);
  g_hash_table_remove (self->calls, field (message, "linkedid"));
}

static const struct {
  const char *event;
  void (*handle) (VigieAmiConnector *self, AmiCall *call, GHashTable *message);
} call_events[] = {
  { "DialBegin", on_dial_begin },
  { "QueueCallerJoin", on_queue_caller_join },
  { "BridgeEnter", on_bridge_enter },
  { "Hangup", on_hangup },
};

/**
 * vigie_ami_connector_handle_message:
 * @self: a #VigieAmiConnector
 * @message: one AMI message's fields (keys lower-case)
 *
 * Follows a call through its events; reports ring, answer and hang-up.
 */
void
vigie_ami_connector_handle_message (VigieAmiConnector *self,
                                    GHashTable        *message)
{
  const char *event = field (message, "event");
  const char *response = field (message, "response");
  const char *linkedid = field (message, "linkedid");
  AmiCall *call;

  if (response != NULL)
    {
      handle_response (self, message, response);
      return;
    }
  if (event == NULL || !self->logged_in)
    return;
  if (!message_ok (message))
    {
      g_autoptr(GError) error = g_error_new (VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_PROTOCOL,
                                             "AMI %.32s event with an overlong or invalid field", event);
      vigie_telephony_connector_emit_rejected (VIGIE_TELEPHONY_CONNECTOR (self), error);
      return;
    }
  if (g_str_equal (event, "Newchannel"))
    {
      on_newchannel (self, message);
      return;
    }

  call = linkedid ? g_hash_table_lookup (self->calls, linkedid) : NULL;
  for (guint i = 0; call != NULL && i < G_N_ELEMENTS (call_events); i++)
    if (g_str_equal (event, call_events[i].event))
      {
        call_events[i].handle (self, call, message);
        return;
      }
}

static void
received_cb (VigieAmiConnector  *self,
             GBytes             *bytes,
             VigieTelephonyLink *link)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  vigie_ami_parser_feed (self->parser, data, size);
  for (;;)
    {
      g_autoptr(GHashTable) message = NULL;
      g_autofree char *banner = NULL;
      g_autoptr(GError) error = NULL;
      VigieAmiResult result = vigie_ami_parser_next (self->parser, &message, &banner, &error);

      if (result == VIGIE_AMI_MORE)
        break;
      if (result == VIGIE_AMI_ERROR)
        {
          vigie_telephony_connector_emit_rejected (VIGIE_TELEPHONY_CONNECTOR (self), error);
          vigie_telephony_link_drop (link, error);
          return;
        }
      if (result == VIGIE_AMI_BANNER)
        {
          /* Events: call, agent (queues) — only what a call desk needs. */
          g_autofree char *login = vigie_ami_format_action ("Login", "ActionID", "vigie-login",
                                                            "Username", self->username,
                                                            "Secret", self->secret ? self->secret : "",
                                                            "Events", "call,agent", NULL);
          g_autoptr(GBytes) frame = g_bytes_new_take (g_steal_pointer (&login), strlen (login));

          if (!vigie_telephony_link_send (link, frame, &error))
            g_debug ("Login not sent: %s", error->message);
          continue;
        }
      vigie_ami_connector_handle_message (self, message);
      if (!vigie_telephony_link_is_connected (link))
        return;
    }
  vigie_telephony_link_set_partial (link, vigie_ami_parser_pending (self->parser) > 0);
}

static void
connected_cb (VigieAmiConnector *self)
{
  g_clear_pointer (&self->parser, vigie_ami_parser_free);
  self->parser = vigie_ami_parser_new ();
  self->logged_in = FALSE;
}

static void
disconnected_cb (VigieAmiConnector *self,
                 const GError      *error)
{
  /* A message left half-sent: the link gave up on it. */
  if (g_error_matches (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_SLOW))
    vigie_telephony_connector_emit_rejected (VIGIE_TELEPHONY_CONNECTOR (self), error);
  self->logged_in = FALSE;
  /* Calls in progress stay tracked: Uniqueids survive a manager
   * reconnection, so a Hangup after it still ends the right call. */
  vigie_telephony_connector_set_state (VIGIE_TELEPHONY_CONNECTOR (self),
                                       VIGIE_TELEPHONY_CONNECTING, error ? error->message : NULL);
}

static void
vigie_ami_connector_start (VigieTelephonyConnector *connector)
{
  vigie_telephony_link_start_for (VIGIE_AMI_CONNECTOR (connector)->link, connector);
}

static void
vigie_ami_connector_stop (VigieTelephonyConnector *connector)
{
  vigie_telephony_link_stop_for (VIGIE_AMI_CONNECTOR (connector)->link, connector);
}

static void
connector_iface_init (VigieTelephonyConnectorInterface *iface)
{
  iface->start = vigie_ami_connector_start;
  iface->stop = vigie_ami_connector_stop;
}

static void
vigie_ami_connector_dispose (GObject *object)
{
  VigieAmiConnector *self = (VigieAmiConnector *)object;

  vigie_telephony_link_release (&self->link, self);

  G_OBJECT_CLASS (vigie_ami_connector_parent_class)->dispose (object);
}

static void
vigie_ami_connector_finalize (GObject *object)
{
  VigieAmiConnector *self = (VigieAmiConnector *)object;

  g_free (self->username);
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);
  g_free (self->line);
  g_ptr_array_unref (self->extensions);
  g_ptr_array_unref (self->queues);
  g_hash_table_unref (self->calls);
  g_clear_pointer (&self->parser, vigie_ami_parser_free);

  G_OBJECT_CLASS (vigie_ami_connector_parent_class)->finalize (object);
}

static void
vigie_ami_connector_class_init (VigieAmiConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_ami_connector_dispose;
  object_class->finalize = vigie_ami_connector_finalize;
}

static void
vigie_ami_connector_init (VigieAmiConnector *self)
{
  self->extensions = g_ptr_array_new_with_free_func (g_free);
  self->queues = g_ptr_array_new_with_free_func (g_free);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ami_call_free);
  self->parser = vigie_ami_parser_new ();
}

/**
 * vigie_ami_connector_new:
 * @id: the connector's configured id
 * @host: the Asterisk server
 * @port: its manager port (5038)
 * @username: a read-only manager account
 * @secret: (nullable): its password
 * @line: (nullable): the line to use when the dialled extension is not a number
 *
 * Returns: (transfer full): a connector, not yet started
 */
VigieAmiConnector *
vigie_ami_connector_new (const char *id,
                         const char *host,
                         guint16     port,
                         const char *username,
                         const char *secret,
                         const char *line)
{
  VigieAmiConnector *self = g_object_new (VIGIE_TYPE_AMI_CONNECTOR, NULL);

  vigie_telephony_connector_set_id (VIGIE_TELEPHONY_CONNECTOR (self), id);
  self->username = g_strdup (username);
  self->secret = g_strdup (secret);
  self->line = g_strdup (line);
  self->link = vigie_telephony_link_new_for (host, port, self, G_CALLBACK (received_cb),
                                             G_CALLBACK (connected_cb), G_CALLBACK (disconnected_cb));
  return self;
}

/**
 * vigie_ami_connector_add_filter:
 * @self: a #VigieAmiConnector
 * @filter: an extension (the operator's phone) or a queue
 * @value: its number or name
 *
 * With filters, only calls ringing the operator's extension or waiting in
 * the operator's queue pop on the desk.
 */
void
vigie_ami_connector_add_filter (VigieAmiConnector *self,
                                VigieAmiFilter     filter,
                                const char        *value)
{
  g_return_if_fail (VIGIE_IS_AMI_CONNECTOR (self));
  g_ptr_array_add (filter == VIGIE_AMI_FILTER_EXTENSION ? self->extensions : self->queues, g_strdup (value));
}

VigieTelephonyLink *
vigie_ami_connector_get_link (VigieAmiConnector *self)
{
  g_return_val_if_fail (VIGIE_IS_AMI_CONNECTOR (self), NULL);
  return self->link;
}
