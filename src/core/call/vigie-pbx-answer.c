/* vigie-pbx-answer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The switchboard endpoint's answers: what it journals (an accepted event
 * by group commit, its 200 held until the row is durable; refusals by
 * rate), the HTTP answer itself, and the routing of a whole request to
 * the desk. The connections that carry them are in vigie-pbx-endpoint.c.
 */
#define G_LOG_DOMAIN "vigie-pbx-endpoint"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vigie-pbx-endpoint-private.h"
#include "vigie-pbx-route.h"

/* Refusals journaled one by one per window; the rest are counted. */
#define REFUSALS_PER_WINDOW 10
#define REFUSAL_WINDOW_US (60 * G_USEC_PER_SEC)

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
      _vigie_pbx_conn_watch (conn, G_IO_IN);
      return;
    }
  if (n > 0)
    conn->out_pos = n;
  _vigie_pbx_conn_watch (conn, G_IO_OUT);
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
        _vigie_pbx_respond (conn, &request, 200, "call_id", durable->call_id, NULL);
      else
        {
          g_autofree char *message = g_strdup_printf (_("The journal cannot record the event: %s"),
                                                      error->message);

          _vigie_pbx_respond (conn, &request, 503, "error", message, NULL);
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
  _vigie_pbx_conn_unwatch (conn);
  vigie_journal_append_async (conn->self->journal, call_id, "pbx-event", data, durable_cb, durable);
}

void
_vigie_pbx_flush_refusals (VigiePbxEndpoint *self)
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
  _vigie_pbx_flush_refusals (self);
  self->refusal_window = 0;
  self->refusals_journaled = 0;
  return G_SOURCE_REMOVE;
}

/* A refusal is journaled, but a flood of them is counted, not written:
 * any local process can knock, and the journal is append-only. */
void
_vigie_pbx_journal_refusal (VigiePbxEndpoint *self,
                            Request          *request,
                            guint             status,
                            const char       *message,
                            GHashTable       *fields)
{
  gint64 now = g_get_monotonic_time ();

  if (self->refusal_window == 0 || now - self->refusal_window > REFUSAL_WINDOW_US)
    {
      _vigie_pbx_flush_refusals (self);
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

void
_vigie_pbx_respond (Conn       *conn,
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
void
_vigie_pbx_refuse_early (Conn       *conn,
                         Request    *request,
                         guint       status,
                         const char *message,
                         const char *journal_message,
                         const char *extra_headers)
{
  conn->close_after_write = TRUE;
  _vigie_pbx_respond (conn, request, status, "error", message, extra_headers);
  _vigie_pbx_journal_refusal (conn->self, request, status, journal_message, NULL);
}

/* Answers a refusal after the body was read. */
static void
refuse_request (Conn       *conn,
                Request    *request,
                guint       status,
                GHashTable *fields,
                GError     *error)
{
  _vigie_pbx_respond (conn, request, status, "error", error->message, NULL);
  _vigie_pbx_journal_refusal (conn->self, request, status, error->message, fields);
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
      _vigie_pbx_respond (conn, request, 503, "error", _("The desk is not ready"), NULL);
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
void
_vigie_pbx_handle_request (Conn       *conn,
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
      _vigie_pbx_respond (conn, request, 401, "error", _("Missing or wrong token"),
                          "WWW-Authenticate: Bearer realm=\"vigie\"\r\n");
      _vigie_pbx_journal_refusal (self, request, 401, "missing or wrong token", fields);
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
      _vigie_pbx_respond (conn, request, 404, "error", _("Unknown path; use /call"), NULL);
      return;
    }
  if (!_vigie_pbx_read_event (request, fields, &event, &error))
    {
      refuse_request (conn, request, 400, fields, error);
      return;
    }
  handle_event (conn, request, fields, &event);
}
