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
 * malformed one 400 with a message. Neither reaches the desk, so a stray
 * request cannot disturb the call on screen.
 *
 * Any local process can connect, so the HTTP/1.1 server is Vigie's own,
 * small and bounded (libsoup's server buffers whole bodies and has no
 * timeouts): a token in a header or the query is checked, and a wrong one
 * refused, before any body byte is read; bodies are capped while reading;
 * connections are capped (the oldest makes room), timed out per request
 * and when idle; running out of file descriptors pauses accepting and
 * retries instead of stopping for good; refusals are journaled by rate.
 *
 * An accepted event is answered 200 only once its journal row is durable
 * (group commit: the events of a flood share one fsync); meanwhile its
 * connection waits, and a journal that cannot write is answered 503, so
 * the switchboard never hears "recorded" for what a crash could lose.
 */
#define G_LOG_DOMAIN "vigie-pbx-endpoint"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vigie-pbx-endpoint-private.h"
#include "vigie-pbx-route.h"

/* A call event is a few hundred bytes; refuse anything that is not one. */
#define MAX_BODY_SIZE (16 * 1024)
#define MAX_HEAD_SIZE (8 * 1024)
/* A switchboard needs one or two; the oldest makes room for a new one. */
#define MAX_CONNECTIONS 32
/* A request (head and body) must arrive within this after its first byte. */
#define REQUEST_TIMEOUT_US (5 * G_USEC_PER_SEC)
/* An open connection with nothing to say is closed. */
#define IDLE_TIMEOUT_US (10 * G_USEC_PER_SEC)
/* After a refusal the rest of the request is read and dropped this long,
 * so the client gets the answer rather than a reset. */
#define LINGER_US (G_USEC_PER_SEC)
#define LINGER_BYTES (64 * 1024)
/* Out of file descriptors: accepting pauses this long, then retries. */
#define ACCEPT_RETRY_MS 100

G_DEFINE_FINAL_TYPE (VigiePbxEndpoint, vigie_pbx_endpoint, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-pbx-error-quark, vigie_pbx_error)

static void conn_process (Conn *conn);

/* --- connections --- */

static void
conn_free (Conn *conn)
{
  if (conn->source != NULL)
    {
      g_source_destroy (conn->source);
      g_source_unref (conn->source);
    }
  if (conn->socket != NULL)
    {
      g_socket_close (conn->socket, NULL);
      g_object_unref (conn->socket);
    }
  g_clear_pointer (&conn->request, _vigie_pbx_request_free);
  /* Its event is still written; there is no one left to tell. */
  if (conn->durable != NULL)
    conn->durable->conn = NULL;
  g_byte_array_unref (conn->in);
  g_byte_array_unref (conn->out);
  g_free (conn->remote);
  g_free (conn);
}

static void
conn_close (Conn *conn)
{
  g_queue_unlink (&conn->self->conns, &conn->link);
  conn_free (conn);
}

/* Sends what is queued; TRUE while the connection lives. */
static gboolean
conn_flush (Conn *conn)
{
  while (conn->out_pos < conn->out->len)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (conn->socket, (const char *) conn->out->data + conn->out_pos,
                                conn->out->len - conn->out_pos, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          _vigie_pbx_conn_watch (conn, G_IO_OUT);
          return TRUE;
        }
      if (n <= 0)
        {
          conn_close (conn);
          return FALSE;
        }
      conn->out_pos += n;
    }
  g_byte_array_set_size (conn->out, 0);
  conn->out_pos = 0;

  if (conn->close_after_write)
    {
      /* Half-close and drain a little, so the client reads the answer
       * instead of a reset; conn_sweep ends it. */
      g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
      conn->lingering_since = g_get_monotonic_time ();
      g_byte_array_set_size (conn->in, 0);
    }
  _vigie_pbx_conn_watch (conn, G_IO_IN);
  return TRUE;
}

/* Reads what has arrived; FALSE when the connection should close. */
static gboolean
conn_receive (Conn *conn)
{
  guint8 buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      /* Bounded: a head, a body and the start of a pipelined head. */
      if (conn->lingering_since == 0 && conn->in->len >= MAX_HEAD_SIZE * 2 + MAX_BODY_SIZE)
        return TRUE;
      n = g_socket_receive (conn->socket, (char *) buffer, sizeof buffer, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      if (n <= 0)
        return FALSE;
      conn->last_activity = g_get_monotonic_time ();
      if (conn->lingering_since != 0)
        {
          conn->lingered += n;
          if (conn->lingered > LINGER_BYTES)
            return FALSE;
          continue;
        }
      if (conn->request_started == 0)
        conn->request_started = conn->last_activity;
      g_byte_array_append (conn->in, buffer, n);
    }
}

static gboolean
conn_ready_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  Conn *conn = user_data;

  if (conn->watching == G_IO_OUT)
    {
      if (conn_flush (conn))
        conn_process (conn);
      return G_SOURCE_CONTINUE;
    }

  if (!conn_receive (conn))
    {
      conn_close (conn);
      return G_SOURCE_REMOVE;
    }
  conn_process (conn);
  return G_SOURCE_CONTINUE;
}

/* Stops listening: the connection waits for its event's commit. */
void
_vigie_pbx_conn_unwatch (Conn *conn)
{
  if (conn->source != NULL)
    {
      g_source_destroy (conn->source);
      g_clear_pointer (&conn->source, g_source_unref);
    }
  conn->watching = 0;
}

void
_vigie_pbx_conn_watch (Conn         *conn,
                       GIOCondition  condition)
{
  if (conn->source != NULL && conn->watching == condition)
    return;
  _vigie_pbx_conn_unwatch (conn);
  conn->watching = condition;
  conn->source = g_socket_create_source (conn->socket, condition | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (conn->source, (GSourceFunc) G_CALLBACK (conn_ready_cb), conn, NULL);
  g_source_attach (conn->source, NULL);
}

/* Everything that can be refused without the body is refused now, and
 * the body is then never read; TRUE if @request was refused. */
static gboolean
refuse_before_body (Conn    *conn,
                    Request *request)
{
  const char *transfer_encoding = g_hash_table_lookup (request->headers, "transfer-encoding");
  g_autofree char *token = NULL;
  gsize token_length = 0;
  gboolean in_head;

  if (!g_str_equal (request->method, "GET") && !g_str_equal (request->method, "POST"))
    {
      conn->close_after_write = TRUE;
      _vigie_pbx_respond (conn, request, 405, "error", _("Use GET or POST"), "Allow: GET, POST\r\n");
      return TRUE;
    }
  /* A token in a header or the query is checked now; without one, only
   * a bounded body may still bring it. */
  in_head = _vigie_pbx_head_token (request, &token, &token_length);
  if (in_head ? !_vigie_pbx_token_equal (token, token_length, conn->self->token)
              : (request->body_length == 0 || request->body_length > MAX_BODY_SIZE ||
                 transfer_encoding != NULL))
    {
      _vigie_pbx_refuse_early (conn, request, 401, _("Missing or wrong token"), "missing or wrong token",
                               "WWW-Authenticate: Bearer realm=\"vigie\"\r\n");
      return TRUE;
    }
  if (transfer_encoding != NULL)
    {
      _vigie_pbx_refuse_early (conn, request, 411, _("Send a Content-Length, not a chunked body"),
                               "chunked body refused", NULL);
      return TRUE;
    }
  if (request->body_length > MAX_BODY_SIZE)
    {
      _vigie_pbx_refuse_early (conn, request, 413, _("Request too large"), "request too large", NULL);
      return TRUE;
    }
  return FALSE;
}

typedef enum {
  HEAD_WAIT,     /* not all in yet */
  HEAD_REFUSED,  /* answered; stop reading */
  HEAD_READ,     /* conn->request holds it */
} HeadState;

/* Reads the next request's head from what has arrived. */
static HeadState
conn_read_head (Conn *conn)
{
  g_autoptr(GError) error = NULL;
  gssize head_length = _vigie_pbx_find_head_end (conn->in);
  Request *request;

  if (head_length < 0 && conn->in->len <= MAX_HEAD_SIZE)
    return HEAD_WAIT;
  if (head_length < 0 || head_length > MAX_HEAD_SIZE)
    {
      _vigie_pbx_refuse_early (conn, NULL, 431, _("Request headers too large"), "headers too large", NULL);
      return HEAD_REFUSED;
    }
  request = _vigie_pbx_parse_head ((const char *) conn->in->data, head_length, conn->remote, &error);
  g_byte_array_remove_range (conn->in, 0, head_length);
  if (request == NULL)
    {
      _vigie_pbx_refuse_early (conn, NULL, 400, error->message, "malformed request", NULL);
      return HEAD_REFUSED;
    }
  conn->request = request;
  if (refuse_before_body (conn, request))
    return HEAD_REFUSED;
  if (request->body_length > 0 &&
      g_ascii_strcasecmp (g_hash_table_lookup (request->headers, "expect") ?: "", "100-continue") == 0)
    {
      static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";

      g_socket_send (conn->socket, go_on, sizeof go_on - 1, NULL, NULL);
    }
  return HEAD_READ;
}

/* Reads as many whole requests as have arrived, answering each. */
static void
conn_process (Conn *conn)
{
  while (conn->lingering_since == 0 && conn->out->len == 0 && conn->durable == NULL)
    {
      g_autofree char *body = NULL;
      Request *request;

      if (conn->request == NULL)
        {
          HeadState state = conn_read_head (conn);

          if (state == HEAD_WAIT)
            return;
          if (state == HEAD_REFUSED)
            break;
        }
      request = conn->request;
      if (conn->in->len < request->body_length)
        return;

      body = g_strndup ((const char *) conn->in->data, request->body_length);
      conn->request = NULL;
      g_byte_array_remove_range (conn->in, 0, request->body_length);
      _vigie_pbx_handle_request (conn, request, body);
      _vigie_pbx_request_free (request);

      conn->request_started = conn->in->len > 0 ? g_get_monotonic_time () : 0;
      if (conn->durable != NULL)
        return;
      if (!conn_flush (conn))
        return;
    }
  if (conn->out->len > 0)
    conn_flush (conn);
}

/* Closes connections that are too slow, idle too long, or done lingering. */
static gboolean
sweep_cb (gpointer user_data)
{
  VigiePbxEndpoint *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GList *l = self->conns.head;

  while (l != NULL)
    {
      Conn *conn = l->data;

      l = l->next;
      /* Waiting for the disk, not for the client. */
      if (conn->durable != NULL)
        continue;
      if (conn->lingering_since != 0)
        {
          if (now - conn->lingering_since > LINGER_US)
            conn_close (conn);
        }
      else if (conn->request_started != 0 && now - conn->request_started > REQUEST_TIMEOUT_US)
        {
          _vigie_pbx_journal_refusal (self, conn->request, 408, "request too slow", NULL);
          conn_close (conn);
        }
      else if (conn->request_started == 0 && now - conn->last_activity > IDLE_TIMEOUT_US)
        conn_close (conn);
    }
  return G_SOURCE_CONTINUE;
}

static void start_accepting (VigiePbxEndpoint *self);

static gboolean
accept_retry_cb (gpointer user_data)
{
  VigiePbxEndpoint *self = user_data;

  self->accept_retry_id = 0;
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_cb (GSocket      *listener,
           GIOCondition  condition,
           gpointer      user_data)
{
  VigiePbxEndpoint *self = user_data;

  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) address = NULL;
      GSocket *socket = g_socket_accept (listener, NULL, &error);
      Conn *conn;

      if (socket == NULL)
        {
          gint64 now = g_get_monotonic_time ();

          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          /* Out of descriptors (or any other failure): the oldest
           * connection gives its one back; with none left, accepting
           * pauses and resumes shortly, never stops for good. Said once
           * a minute, not per attempt. */
          if (self->fd_logged_at == 0 || now - self->fd_logged_at > 60 * G_USEC_PER_SEC)
            {
              self->fd_logged_at = now;
              g_message ("Switchboard endpoint cannot accept (%s); retrying", error->message);
            }
          if (self->conns.head != NULL)
            {
              conn_close (self->conns.head->data);
              continue;
            }
          g_clear_pointer (&self->accept_source, g_source_destroy);
          self->accept_retry_id = g_timeout_add (ACCEPT_RETRY_MS, accept_retry_cb, self);
          return G_SOURCE_REMOVE;
        }

      /* Full: the oldest connection makes room (a ring is short-lived,
       * a connection held open is not worth refusing a ring for). */
      if (self->conns.length >= MAX_CONNECTIONS)
        conn_close (self->conns.head->data);

      g_socket_set_blocking (socket, FALSE);
      conn = g_new0 (Conn, 1);
      conn->self = self;
      conn->link.data = conn;
      conn->socket = socket;
      conn->in = g_byte_array_new ();
      conn->out = g_byte_array_new ();
      conn->last_activity = g_get_monotonic_time ();
      address = g_socket_get_remote_address (socket, NULL);
      conn->remote = G_IS_INET_SOCKET_ADDRESS (address)
        ? g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)))
        : g_strdup ("?");
      g_queue_push_tail_link (&self->conns, &conn->link);
      _vigie_pbx_conn_watch (conn, G_IO_IN);
    }
  return G_SOURCE_CONTINUE;
}

static void
start_accepting (VigiePbxEndpoint *self)
{
  if (self->listener == NULL || self->accept_source != NULL)
    return;
  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, (GSourceFunc) G_CALLBACK (accept_cb), self, NULL);
  g_source_attach (self->accept_source, NULL);
  g_source_unref (self->accept_source);
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
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  g_return_val_if_fail (VIGIE_IS_PBX_ENDPOINT (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  if (strlen (self->token) < 8)
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_NO_TOKEN,
                   _("The switchboard endpoint needs a token of at least 8 characters"));
      return FALSE;
    }

  vigie_pbx_endpoint_stop (self);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!(listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error)) ||
      !g_socket_bind (listener, address, TRUE, error) ||
      (g_socket_set_listen_backlog (listener, 64), !g_socket_listen (listener, error)) ||
      !(bound = g_socket_get_local_address (listener, error)))
    {
      g_prefix_error (error, _("Switchboard endpoint on port %u: "), port);
      return FALSE;
    }
  g_socket_set_blocking (listener, FALSE);

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->listener = g_steal_pointer (&listener);
  start_accepting (self);
  self->sweep_id = g_timeout_add (250, sweep_cb, self);

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
  return self->listener ? self->port : 0;
}

void
vigie_pbx_endpoint_stop (VigiePbxEndpoint *self)
{
  g_return_if_fail (VIGIE_IS_PBX_ENDPOINT (self));

  _vigie_pbx_flush_refusals (self);
  if (self->listener == NULL)
    return;
  g_clear_pointer (&self->accept_source, g_source_destroy);
  g_clear_handle_id (&self->accept_retry_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  while (self->conns.head != NULL)
    conn_close (self->conns.head->data);
  g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  self->port = 0;
}
