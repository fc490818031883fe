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
/* Refusals journaled one by one per window; the rest are counted. */
#define REFUSALS_PER_WINDOW 10
#define REFUSAL_WINDOW_US (60 * G_USEC_PER_SEC)

typedef struct _Conn Conn;
typedef struct _Durable Durable;

struct _VigiePbxEndpoint
{
  GObject         parent_instance;

  VigieJournal   *journal;
  char           *token;
  GSocket        *listener;
  GSource        *accept_source;
  guint           accept_retry_id;
  guint           sweep_id;
  guint           port;
  GQueue          conns;        /* Conn, oldest first */

  gint64          refusal_window;
  guint           refusals_journaled;
  guint           refusals_counted;
  guint           refusal_flush_id;
  gint64          fd_logged_at;

  VigiePbxHandler handler;
  gpointer        handler_data;
  GDestroyNotify  handler_destroy;
};

struct _Conn
{
  VigiePbxEndpoint *self;
  GList             link;
  GSocket          *socket;
  GSource          *source;
  GIOCondition      watching;
  char             *remote;
  GByteArray       *in;
  GByteArray       *out;
  gsize             out_pos;
  gint64            request_started;  /* 0 between requests */
  gint64            last_activity;
  gint64            lingering_since;  /* 0 unless draining after a refusal */
  gsize             lingered;
  gboolean          close_after_write;
  Request          *request;          /* head read, body awaited */
  Durable          *durable;          /* an event awaiting its commit */
};

/* An accepted event on its way to disk; its answer waits for the commit. */
struct _Durable
{
  Conn     *conn;        /* NULL once the connection is gone */
  gboolean  keep_alive;
  char     *call_id;
};

G_DEFINE_FINAL_TYPE (VigiePbxEndpoint, vigie_pbx_endpoint, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-pbx-error-quark, vigie_pbx_error)

static void conn_process (Conn *conn);
static void conn_watch   (Conn *conn, GIOCondition condition);
static void conn_unwatch (Conn *conn);
static void respond      (Conn *conn, Request *request, guint status, const char *member,
                          const char *value, const char *extra_headers);

/* --- journal --- */

static void
journal_request (VigiePbxEndpoint *self,
                 const char       *call_id,
                 const char       *kind,
                 Request          *request,
                 guint             status,
                 const char       *message,
                 GHashTable       *fields,
                 guint             n_more)
{
  g_autoptr(JsonNode) data = _vigie_pbx_journal_data (request, status, message, fields, n_more);
  g_autoptr(GError) error = NULL;

  if (!vigie_journal_append (self->journal, call_id, kind, data, &error))
    g_warning ("Switchboard request not journaled: %s", error->message);
}

/* The answer goes out now if the socket takes it whole; the rest, and
 * what the client pipelined meanwhile, on the next turn: no request is
 * handled from inside a commit. */
static void
conn_send_now (Conn *conn)
{
  gssize n = g_socket_send (conn->socket, (const char *) conn->out->data, conn->out->len, NULL, NULL);

  if (n == (gssize) conn->out->len && conn->in->len == 0 && !conn->close_after_write)
    {
      g_byte_array_set_size (conn->out, 0);
      conn_watch (conn, G_IO_IN);
      return;
    }
  if (n > 0)
    conn->out_pos = n;
  conn_watch (conn, G_IO_OUT);
}

static void
durable_free (Durable *durable)
{
  g_free (durable->call_id);
  g_free (durable);
}

/* The event's commit is over: now, and only now, the switchboard hears
 * the outcome; the connection then goes on with what it sent next. */
static void
durable_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Durable *durable = user_data;
  Conn *conn = durable->conn;
  /* What the answer needs of the request, long freed. */
  Request request = { .keep_alive = durable->keep_alive };
  g_autoptr(GError) error = NULL;

  if (!vigie_journal_append_finish (VIGIE_JOURNAL (source), result, &error))
    g_message ("Switchboard event for call %s not journaled: %s", durable->call_id, error->message);
  if (conn != NULL)
    {
      conn->durable = NULL;
      if (error == NULL)
        respond (conn, &request, 200, "call_id", durable->call_id, NULL);
      else
        {
          g_autofree char *message = g_strdup_printf (_("The journal cannot record the event: %s"),
                                                      error->message);

          respond (conn, &request, 503, "error", message, NULL);
        }
      conn_send_now (conn);
    }
  durable_free (durable);
}

/* Journals an accepted event (group commit) and holds the connection
 * until it is durable; durable_cb() answers. */
static void
journal_event (Conn       *conn,
               Request    *request,
               const char *call_id,
               GHashTable *fields)
{
  g_autoptr(JsonNode) data = _vigie_pbx_journal_data (request, 200, NULL, fields, 0);
  Durable *durable = g_new0 (Durable, 1);

  durable->conn = conn;
  durable->keep_alive = request->keep_alive;
  durable->call_id = g_strdup (call_id ? call_id : "");
  conn->durable = durable;
  conn_unwatch (conn);
  vigie_journal_append_async (conn->self->journal, call_id, "pbx-event", data, durable_cb, durable);
}

static void
flush_refusals (VigiePbxEndpoint *self)
{
  g_clear_handle_id (&self->refusal_flush_id, g_source_remove);
  if (self->refusals_counted > 0)
    {
      g_autofree char *message = g_strdup_printf ("%u more requests refused in the last minute",
                                                  self->refusals_counted);

      g_message ("Switchboard endpoint: %s", message);
      journal_request (self, NULL, "pbx-rejected", NULL, 0, message, NULL, self->refusals_counted);
    }
  self->refusals_counted = 0;
}

static gboolean
flush_refusals_cb (gpointer user_data)
{
  VigiePbxEndpoint *self = user_data;

  self->refusal_flush_id = 0;
  flush_refusals (self);
  self->refusal_window = 0;
  self->refusals_journaled = 0;
  return G_SOURCE_REMOVE;
}

/* A refusal is journaled, but a flood of them is counted, not written:
 * any local process can knock, and the journal is append-only. */
static void
journal_refusal (VigiePbxEndpoint *self,
                 Request          *request,
                 guint             status,
                 const char       *message,
                 GHashTable       *fields)
{
  gint64 now = g_get_monotonic_time ();

  if (self->refusal_window == 0 || now - self->refusal_window > REFUSAL_WINDOW_US)
    {
      flush_refusals (self);
      self->refusal_window = now;
      self->refusals_journaled = 0;
    }
  if (self->refusals_journaled < REFUSALS_PER_WINDOW)
    {
      self->refusals_journaled++;
      journal_request (self, NULL, "pbx-rejected", request, status, message, fields, 0);
      return;
    }
  self->refusals_counted++;
  if (self->refusal_flush_id == 0)
    self->refusal_flush_id = g_timeout_add_seconds ((guint) ((REFUSAL_WINDOW_US - (now - self->refusal_window))
                                                             / G_USEC_PER_SEC) + 1,
                                                    flush_refusals_cb, self);
}

/* --- answers --- */

static void
respond (Conn       *conn,
         Request    *request,
         guint       status,
         const char *member,
         const char *value,
         const char *extra_headers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *head = NULL;
  gboolean keep_alive = request != NULL && request->keep_alive && !conn->close_after_write;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  head = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Server: Vigie/" PACKAGE_VERSION "\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %zu\r\n"
                          "Cache-Control: no-store\r\n"
                          "%s"
                          "Connection: %s\r\n\r\n",
                          status, _vigie_pbx_status_reason (status),
                          strlen (body), extra_headers ? extra_headers : "",
                          keep_alive ? "keep-alive" : "close");
  if (!keep_alive)
    conn->close_after_write = TRUE;
  g_byte_array_append (conn->out, (const guint8 *) head, strlen (head));
  g_byte_array_append (conn->out, (const guint8 *) body, strlen (body));
}

/* Answers a request refused before its body was read: the connection
 * closes after the answer. */
static void
refuse_early (Conn       *conn,
              Request    *request,
              guint       status,
              const char *message,
              const char *journal_message,
              const char *extra_headers)
{
  conn->close_after_write = TRUE;
  respond (conn, request, status, "error", message, extra_headers);
  journal_refusal (conn->self, request, status, journal_message, NULL);
}

/* Answers a refusal after the body was read. */
static void
refuse_request (Conn       *conn,
                Request    *request,
                guint       status,
                GHashTable *fields,
                GError     *error)
{
  respond (conn, request, status, "error", error->message, NULL);
  journal_refusal (conn->self, request, status, error->message, fields);
}

/* Paths other subsystems added (Wazo's webhooks): their own bodies. */
static void
handle_route (Conn       *conn,
              Request    *request,
              const char *body,
              GHashTable *fields)
{
  VigiePbxEndpoint *self = conn->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *desk_call_id = NULL;

  if (!vigie_pbx_route_dispatch (self, request->path, body, request->body_length, &desk_call_id, &error))
    {
      refuse_request (conn, request, 400, fields, error);
      return;
    }
  journal_event (conn, request, desk_call_id, NULL);
}

/* Hands a well-formed event to the desk and answers with its verdict. */
static void
handle_event (Conn            *conn,
              Request         *request,
              GHashTable      *fields,
              VigiePbxRequest *event)
{
  VigiePbxEndpoint *self = conn->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *desk_call_id = NULL;
  const char *call_id;

  if (self->handler == NULL)
    {
      respond (conn, request, 503, "error", _("The desk is not ready"), NULL);
      return;
    }
  if (!self->handler (self, event, &desk_call_id, &error, self->handler_data))
    {
      if (error == NULL)
        g_set_error (&error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, _("Refused by the desk"));
      refuse_request (conn, request,
                      g_error_matches (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_UNKNOWN_CALL) ? 404 : 400,
                      fields, error);
      return;
    }

  call_id = desk_call_id ? desk_call_id : event->call_id;
  journal_event (conn, request, call_id, fields);
}

/* The whole request is in: route it and answer. */
static void
handle_request (Conn       *conn,
                Request    *request,
                const char *body)
{
  VigiePbxEndpoint *self = conn->self;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;
  VigiePbxRequest event = { 0 };

  fields = _vigie_pbx_collect_fields (request, body, request->body_length, &error);

  if (!_vigie_pbx_token_ok (request, fields, self->token))
    {
      conn->close_after_write = TRUE;
      respond (conn, request, 401, "error", _("Missing or wrong token"),
               "WWW-Authenticate: Bearer realm=\"vigie\"\r\n");
      journal_refusal (self, request, 401, "missing or wrong token", fields);
      return;
    }
  if (vigie_pbx_route_matches (self, request->path))
    {
      handle_route (conn, request, body, fields);
      return;
    }
  if (fields == NULL)
    {
      refuse_request (conn, request, 400, NULL, error);
      return;
    }
  if (!g_str_has_prefix (request->path, "/call/") && !g_str_equal (request->path, "/call"))
    {
      respond (conn, request, 404, "error", _("Unknown path; use /call"), NULL);
      return;
    }
  if (!_vigie_pbx_read_event (request, fields, &event, &error))
    {
      refuse_request (conn, request, 400, fields, error);
      return;
    }
  handle_event (conn, request, fields, &event);
}

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
          conn_watch (conn, G_IO_OUT);
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
  conn_watch (conn, G_IO_IN);
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
static void
conn_unwatch (Conn *conn)
{
  if (conn->source != NULL)
    {
      g_source_destroy (conn->source);
      g_clear_pointer (&conn->source, g_source_unref);
    }
  conn->watching = 0;
}

static void
conn_watch (Conn         *conn,
            GIOCondition  condition)
{
  if (conn->source != NULL && conn->watching == condition)
    return;
  conn_unwatch (conn);
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
      respond (conn, request, 405, "error", _("Use GET or POST"), "Allow: GET, POST\r\n");
      return TRUE;
    }
  /* A token in a header or the query is checked now; without one, only
   * a bounded body may still bring it. */
  in_head = _vigie_pbx_head_token (request, &token, &token_length);
  if (in_head ? !_vigie_pbx_token_equal (token, token_length, conn->self->token)
              : (request->body_length == 0 || request->body_length > MAX_BODY_SIZE ||
                 transfer_encoding != NULL))
    {
      refuse_early (conn, request, 401, _("Missing or wrong token"), "missing or wrong token",
                    "WWW-Authenticate: Bearer realm=\"vigie\"\r\n");
      return TRUE;
    }
  if (transfer_encoding != NULL)
    {
      refuse_early (conn, request, 411, _("Send a Content-Length, not a chunked body"),
                    "chunked body refused", NULL);
      return TRUE;
    }
  if (request->body_length > MAX_BODY_SIZE)
    {
      refuse_early (conn, request, 413, _("Request too large"), "request too large", NULL);
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
      refuse_early (conn, NULL, 431, _("Request headers too large"), "headers too large", NULL);
      return HEAD_REFUSED;
    }
  request = _vigie_pbx_parse_head ((const char *) conn->in->data, head_length, conn->remote, &error);
  g_byte_array_remove_range (conn->in, 0, head_length);
  if (request == NULL)
    {
      refuse_early (conn, NULL, 400, error->message, "malformed request", NULL);
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
      handle_request (conn, request, body);
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
          journal_refusal (self, conn->request, 408, "request too slow", NULL);
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
      conn_watch (conn, G_IO_IN);
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

  flush_refusals (self);
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
