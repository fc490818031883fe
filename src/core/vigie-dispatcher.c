/* vigie-dispatcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-dispatcher"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "vigie-dispatcher.h"

struct _VigieDispatcher
{
  GObject       parent_instance;

  VigieJournal *journal;
  SoupSession  *session;
};

typedef struct
{
  char        *call_id;
  char        *url;
  char        *dedup_key;
  SoupMessage *message;
  gint64       started;
} Attempt;

G_DEFINE_FINAL_TYPE (VigieDispatcher, vigie_dispatcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-dispatch-error-quark, vigie_dispatch_error)

static void
attempt_free (gpointer data)
{
  Attempt *attempt = data;

  g_free (attempt->call_id);
  g_free (attempt->url);
  g_free (attempt->dedup_key);
  g_clear_object (&attempt->message);
  g_free (attempt);
}

static void
journal_attempt (VigieDispatcher *self,
                 Attempt         *attempt,
                 guint            http_status,
                 const char      *error_message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  gboolean delivered = SOUP_STATUS_IS_SUCCESSFUL (http_status);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, "webhook");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, attempt->url);
  json_builder_set_member_name (builder, "dedup_key");
  json_builder_add_string_value (builder, attempt->dedup_key);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, delivered ? "delivered" : "failed");
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, http_status);
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_int_value (builder, (g_get_monotonic_time () - attempt->started) / 1000);
  if (error_message != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error_message);
    }
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);

  if (!vigie_journal_append (self->journal, attempt->call_id, "alert-attempt", data, &error))
    g_critical ("Alert attempt not journaled: %s", error->message);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  VigieDispatcher *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      journal_attempt (self, attempt, 0, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (attempt->message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      journal_attempt (self, attempt, status, NULL);
      g_task_return_int (task, status);
    }
  else
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL),
                                         MIN (g_bytes_get_size (body), 200));
      g_autofree char *message =
        g_strdup_printf (_("The server answered %u %s: %s"), status,
                         soup_message_get_reason_phrase (attempt->message), text);

      journal_attempt (self, attempt, status, message);
      g_task_return_new_error (task, VIGIE_DISPATCH_ERROR,
                               status >= 500 || status == 429 || status == 408
                                 ? VIGIE_DISPATCH_ERROR_SERVER
                                 : VIGIE_DISPATCH_ERROR_REJECTED,
                               "%s", message);
    }
}

static void
vigie_dispatcher_finalize (GObject *object)
{
  VigieDispatcher *self = (VigieDispatcher *)object;

  g_clear_object (&self->journal);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (vigie_dispatcher_parent_class)->finalize (object);
}

static void
vigie_dispatcher_class_init (VigieDispatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_dispatcher_finalize;
}

static void
vigie_dispatcher_init (VigieDispatcher *self)
{
  self->session = soup_session_new_with_options ("timeout", 15,
                                                 "user-agent", "Vigie/" PACKAGE_VERSION,
                                                 NULL);
}

/**
 * vigie_dispatcher_new:
 * @journal: where every attempt is recorded
 *
 * Returns: (transfer full): a dispatcher
 */
VigieDispatcher *
vigie_dispatcher_new (VigieJournal *journal)
{
  VigieDispatcher *self;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (journal), NULL);

  self = g_object_new (VIGIE_TYPE_DISPATCHER, NULL);
  self->journal = g_object_ref (journal);
  return self;
}

/**
 * vigie_dispatcher_send_async:
 * @self: a #VigieDispatcher
 * @call_id: the call the alert belongs to
 * @url: the webhook URL
 * @payload: the alert, a JSON object with a "dedup_key" member
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered or the request failed
 * @user_data: data for @callback
 *
 * POSTs the alert without blocking; the attempt and its HTTP status are
 * journaled whatever happens.
 */
void
vigie_dispatcher_send_async (VigieDispatcher     *self,
                             const char          *call_id,
                             const char          *url,
                             JsonNode            *payload,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  Attempt *attempt;
  JsonObject *object;

  g_return_if_fail (VIGIE_IS_DISPATCHER (self));
  g_return_if_fail (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigie_dispatcher_send_async);

  object = json_node_get_object (payload);
  attempt = g_new0 (Attempt, 1);
  attempt->call_id = g_strdup (call_id);
  attempt->url = g_strdup (url ? url : "");
  attempt->dedup_key = g_strdup (json_object_get_string_member_with_default (object, "dedup_key", ""));
  attempt->started = g_get_monotonic_time ();
  g_task_set_task_data (task, attempt, attempt_free);

  if (url == NULL || !(attempt->message = soup_message_new (SOUP_METHOD_POST, url)))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a valid alert URL"), url ? url : "");

      journal_attempt (self, attempt, 0, message);
      g_task_return_new_error (task, VIGIE_DISPATCH_ERROR, VIGIE_DISPATCH_ERROR_BAD_URL,
                               "%s", message);
      return;
    }

  text = json_to_string (payload, FALSE);
  body = g_bytes_new (text, strlen (text));
  soup_message_set_request_body_from_bytes (attempt->message, "application/json", body);
  soup_message_headers_replace (soup_message_get_request_headers (attempt->message),
                                "Idempotency-Key", attempt->dedup_key);

  soup_session_send_and_read_async (self->session, attempt->message, G_PRIORITY_HIGH,
                                    cancellable, send_cb, g_steal_pointer (&task));
}

/**
 * vigie_dispatcher_send_finish:
 * @self: a #VigieDispatcher
 * @result: the #GAsyncResult
 * @http_status: (out) (optional): the HTTP status on success
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the server accepted the alert (2xx)
 */
gboolean
vigie_dispatcher_send_finish (VigieDispatcher  *self,
                              GAsyncResult     *result,
                              guint            *http_status,
                              GError          **error)
{
  gssize status;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  status = g_task_propagate_int (G_TASK (result), error);
  if (status < 0)
    return FALSE;
  if (http_status)
    *http_status = (guint) status;
  return TRUE;
}
