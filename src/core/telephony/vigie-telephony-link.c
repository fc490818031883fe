/* vigie-telephony-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TCP link a connector keeps with its PBX: connect, read what comes,
 * write queued commands, and when the peer goes away (a PBX restart, a
 * softphone closed) try again with a growing delay. Plain GIO sockets;
 * nothing received is ever handed to a shell or a command.
 */
#define G_LOG_DOMAIN "vigie-telephony-link"

#include "config.h"

#include "vigie-telephony-connector.h"
#include "vigie-telephony-link.h"

#define READ_SIZE 4096

struct _VigieTelephonyLink
{
  GObject             parent_instance;

  char               *host;
  guint16             port;
  gboolean            running;
  guint               attempt;
  guint               backoff_percent;
  guint               message_timeout_ms;

  GCancellable       *cancellable;
  GSocketConnection  *connection;
  GQueue              outgoing;
  gboolean            writing;
  guint               reconnect_id;
  guint               slow_id;
};

G_DEFINE_FINAL_TYPE (VigieTelephonyLink, vigie_telephony_link, G_TYPE_OBJECT)

enum {
  CONNECTED,
  DISCONNECTED,
  RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_now (VigieTelephonyLink *self);
static void read_next   (VigieTelephonyLink *self);

static gboolean
reconnect_cb (gpointer user_data)
{
  VigieTelephonyLink *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (VigieTelephonyLink *self)
{
  guint delay;

  if (!self->running || self->reconnect_id != 0)
    return;
  delay = (guint) ((guint64) vigie_telephony_backoff_ms (self->attempt) * self->backoff_percent / 100);
  self->attempt++;
  self->reconnect_id = g_timeout_add (MAX (delay, 1), reconnect_cb, self);
}

/* Cancels what is pending and closes the connection, quietly. Returns
 * whether there was one. */
static gboolean
release_connection (VigieTelephonyLink *self)
{
  gboolean was_connected = self->connection != NULL;

  g_clear_handle_id (&self->slow_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
  g_queue_clear_full (&self->outgoing, (GDestroyNotify) g_bytes_unref);
  self->writing = FALSE;
  return was_connected;
}

/* Closes the connection (if any), says why, and tries again later. */
static void
close_connection (VigieTelephonyLink *self,
                  const GError       *error)
{
  gboolean was_connected = release_connection (self);

  if (was_connected || error != NULL)
    g_signal_emit (self, signals[DISCONNECTED], 0, error);
  schedule_reconnect (self);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  VigieTelephonyLink *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                             "The peer closed the connection");
      close_connection (self, error);
      g_object_unref (self);
      return;
    }

  g_signal_emit (self, signals[RECEIVED], 0, bytes);
  /* The handler may have dropped the link. */
  if (self->connection != NULL && G_INPUT_STREAM (object) == g_io_stream_get_input_stream (G_IO_STREAM (self->connection)))
    read_next (self);
  g_object_unref (self);
}

static void
read_next (VigieTelephonyLink *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_input_stream_read_bytes_async (input, READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, g_object_ref (self));
}

static void write_next (VigieTelephonyLink *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VigieTelephonyLink *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        close_connection (self, error);
      g_object_unref (self);
      return;
    }
  g_bytes_unref (g_queue_pop_head (&self->outgoing));
  self->writing = FALSE;
  write_next (self);
  g_object_unref (self);
}

static void
write_next (VigieTelephonyLink *self)
{
  GBytes *bytes;

  if (self->writing || self->connection == NULL || g_queue_is_empty (&self->outgoing))
    return;
  bytes = g_queue_peek_head (&self->outgoing);
  self->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (self->connection)),
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, self->cancellable, write_cb, g_object_ref (self));
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VigieTelephonyLink *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (connection == NULL)
    {
      g_signal_emit (self, signals[DISCONNECTED], 0, error);
      g_clear_object (&self->cancellable);
      schedule_reconnect (self);
      g_object_unref (self);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  self->attempt = 0;
  g_signal_emit (self, signals[CONNECTED], 0);
  if (self->connection != NULL)
    {
      read_next (self);
      write_next (self);
    }
  g_object_unref (self);
}

static void
connect_now (VigieTelephonyLink *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  if (!self->running || self->connection != NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  g_socket_client_set_timeout (client, 10);
  g_socket_client_connect_to_host_async (client, self->host, self->port, self->cancellable,
                                         connect_cb, g_object_ref (self));
}

static gboolean
slow_cb (gpointer user_data)
{
  VigieTelephonyLink *self = user_data;
  g_autoptr(GError) error = NULL;

  self->slow_id = 0;
  g_set_error (&error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_SLOW,
               "A message took more than %u ms to arrive whole", self->message_timeout_ms);
  close_connection (self, error);
  return G_SOURCE_REMOVE;
}

static void
vigie_telephony_link_dispose (GObject *object)
{
  VigieTelephonyLink *self = (VigieTelephonyLink *)object;

  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  release_connection (self);

  G_OBJECT_CLASS (vigie_telephony_link_parent_class)->dispose (object);
}

static void
vigie_telephony_link_finalize (GObject *object)
{
  VigieTelephonyLink *self = (VigieTelephonyLink *)object;

  g_free (self->host);

  G_OBJECT_CLASS (vigie_telephony_link_parent_class)->finalize (object);
}

static void
vigie_telephony_link_class_init (VigieTelephonyLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_telephony_link_dispose;
  object_class->finalize = vigie_telephony_link_finalize;

  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The error says why; it is NULL when we closed on purpose. */
  signals[DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
vigie_telephony_link_init (VigieTelephonyLink *self)
{
  g_queue_init (&self->outgoing);
  self->backoff_percent = 100;
  self->message_timeout_ms = 5000;
}

/**
 * vigie_telephony_link_new:
 * @host: the PBX's host name or address
 * @port: its TCP port
 *
 * Returns: (transfer full): a link, not yet connecting
 */
VigieTelephonyLink *
vigie_telephony_link_new (const char *host,
                          guint16     port)
{
  VigieTelephonyLink *self = g_object_new (VIGIE_TYPE_TELEPHONY_LINK, NULL);

  self->host = g_strdup (host);
  self->port = port;
  return self;
}

void
vigie_telephony_link_start (VigieTelephonyLink *self)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_LINK (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->attempt = 0;
  connect_now (self);
}

void
vigie_telephony_link_stop (VigieTelephonyLink *self)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_LINK (self));

  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  close_connection (self, NULL);
}

/**
 * vigie_telephony_link_drop:
 * @self: a link
 * @error: why: the peer broke its protocol
 *
 * Closes the connection now and reconnects after the backoff delay: a
 * stream that broke its framing cannot be trusted further.
 */
void
vigie_telephony_link_drop (VigieTelephonyLink *self,
                           const GError       *error)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_LINK (self));
  close_connection (self, error);
}

gboolean
vigie_telephony_link_is_connected (VigieTelephonyLink *self)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY_LINK (self), FALSE);
  return self->connection != NULL;
}

/**
 * vigie_telephony_link_send:
 * @self: a link
 * @bytes: what to write
 * @error: return location for a #GError
 *
 * Queues @bytes; they are written in order, without blocking.
 *
 * Returns: %FALSE when not connected
 */
gboolean
vigie_telephony_link_send (VigieTelephonyLink  *self,
                           GBytes              *bytes,
                           GError             **error)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY_LINK (self), FALSE);

  if (self->connection == NULL)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_NOT_CONNECTED,
                   "Not connected to %s:%u", self->host, self->port);
      return FALSE;
    }
  g_queue_push_tail (&self->outgoing, g_bytes_ref (bytes));
  write_next (self);
  return TRUE;
}

/**
 * vigie_telephony_link_set_partial:
 * @self: a link
 * @partial: whether part of a message is waiting for the rest
 *
 * A message left half-sent for longer than the message timeout (a stalled
 * or deliberately slow peer) drops the connection.
 */
void
vigie_telephony_link_set_partial (VigieTelephonyLink *self,
                                  gboolean            partial)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_LINK (self));

  if (!partial)
    g_clear_handle_id (&self->slow_id, g_source_remove);
  else if (self->slow_id == 0 && self->connection != NULL)
    self->slow_id = g_timeout_add (self->message_timeout_ms, slow_cb, self);
}

void
vigie_telephony_link_set_message_timeout (VigieTelephonyLink *self,
                                          guint               timeout_ms)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_LINK (self));
  self->message_timeout_ms = MAX (timeout_ms, 1);
}

/* Tests shrink the backoff delays; 100 is the real schedule. */
void
vigie_telephony_link_set_backoff_scale (VigieTelephonyLink *self,
                                        guint               percent)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY_LINK (self));
  self->backoff_percent = percent;
}

/**
 * vigie_telephony_link_start_for:
 * @self: the link a connector runs over
 * @connector: that connector
 *
 * Starts the connector: it is connecting until the link says otherwise.
 */
void
vigie_telephony_link_start_for (VigieTelephonyLink      *self,
                                VigieTelephonyConnector *connector)
{
  vigie_telephony_connector_set_state (connector, VIGIE_TELEPHONY_CONNECTING, NULL);
  vigie_telephony_link_start (self);
}

/**
 * vigie_telephony_link_stop_for:
 * @self: the link a connector runs over
 * @connector: that connector
 *
 * Stops the connector: the link is closed, the connector disconnected.
 */
void
vigie_telephony_link_stop_for (VigieTelephonyLink      *self,
                               VigieTelephonyConnector *connector)
{
  vigie_telephony_link_stop (self);
  vigie_telephony_connector_set_state (connector, VIGIE_TELEPHONY_DISCONNECTED, NULL);
}

/**
 * vigie_telephony_link_new_for:
 * @host: the PBX's host name or address
 * @port: its TCP port
 * @owner: the connector the link reports to
 * @received: @owner's handler of #VigieTelephonyLink::received
 * @connected: @owner's handler of #VigieTelephonyLink::connected
 * @disconnected: @owner's handler of #VigieTelephonyLink::disconnected
 *
 * For a connector's constructor: a link whose signals call @owner first
 * (swapped), undone by vigie_telephony_link_release().
 *
 * Returns: (transfer full): a link, not yet connecting
 */
VigieTelephonyLink *
vigie_telephony_link_new_for (const char *host,
                              guint16     port,
                              gpointer    owner,
                              GCallback   received,
                              GCallback   connected,
                              GCallback   disconnected)
{
  VigieTelephonyLink *self = vigie_telephony_link_new (host, port);

  g_signal_connect_swapped (self, "received", received, owner);
  g_signal_connect_swapped (self, "connected", connected, owner);
  g_signal_connect_swapped (self, "disconnected", disconnected, owner);
  return self;
}

/**
 * vigie_telephony_link_release:
 * @link: (inout) (nullable): a connector's link
 * @owner: the connector whose handlers are connected to it
 *
 * For a connector's dispose: the link stops calling @owner, closes and is
 * unreferenced.
 */
void
vigie_telephony_link_release (VigieTelephonyLink **link,
                              gpointer             owner)
{
  if (*link != NULL)
    {
      g_signal_handlers_disconnect_by_data (*link, owner);
      vigie_telephony_link_stop (*link);
    }
  g_clear_object (link);
}
