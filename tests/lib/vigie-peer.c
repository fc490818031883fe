/* vigie-peer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigie-peer.h"
#include "vigie-test-util.h"

static void
request_free (VigiePeerRequest *request)
{
  g_free (request->path);
  g_free (request->query);
  g_free (request->authorization);
  g_free (request->content_type);
  g_free (request->idempotency_key);
  g_clear_pointer (&request->body, json_node_unref);
  g_free (request->raw);
  g_free (request);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  if (json != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* Answers with what @builder built, its object ended. */
static void
respond_built (SoupServerMessage *msg,
               guint              status,
               JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  respond_json (msg, status, text);
}

static void
respond_pd_invalid (SoupServerMessage *msg,
                    const char        *why)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "invalid event");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "Event object is invalid");
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, why);
  json_builder_end_array (builder);
  respond_built (msg, 400, builder);
}

static void
count (GHashTable *table,
       const char *key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
  g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (n + 1));
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object && json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The request's JSON object, or NULL (no JSON, or not an object). */
static JsonObject *
body_object (VigiePeerRequest *request)
{
  return request->body && JSON_NODE_HOLDS_OBJECT (request->body) ? json_node_get_object (request->body) : NULL;
}

/* https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ */
static void
handle_pagerduty (VigiePeer         *peer,
                  SoupServerMessage *msg,
                  VigiePeerRequest  *request)
{
  JsonObject *event = body_object (request);
  const char *routing_key = member_string (event, "routing_key");
  const char *action = member_string (event, "event_action");
  const char *dedup_key = member_string (event, "dedup_key");
  g_autofree char *answer = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    return respond_json (msg, 405, NULL);
  if (event == NULL)
    return respond_pd_invalid (msg, "Event object is not valid JSON");
  if (routing_key == NULL || strlen (routing_key) != 32)
    return respond_pd_invalid (msg, "'routing_key' is missing or invalid");
  if (g_strcmp0 (routing_key, peer->routing_key) != 0)
    return respond_pd_invalid (msg, "Invalid routing key");
  if (action == NULL || !g_strv_contains ((const char *[]) { "trigger", "acknowledge", "resolve", NULL }, action))
    return respond_pd_invalid (msg, "'event_action' is missing or invalid");
  if (dedup_key != NULL && strlen (dedup_key) > 255)
    return respond_pd_invalid (msg, "'dedup_key' is too long");

  if (g_str_equal (action, "trigger"))
    {
      JsonObject *payload = json_object_has_member (event, "payload") &&
                            JSON_NODE_HOLDS_OBJECT (json_object_get_member (event, "payload"))
                            ? json_object_get_object_member (event, "payload") : NULL;
      const char *summary = member_string (payload, "summary");
      const char *source = member_string (payload, "source");
      const char *severity = member_string (payload, "severity");
      g_autofree char *generated = NULL;

      if (payload == NULL)
        return respond_pd_invalid (msg, "'payload' is missing");
      if (summary == NULL || *summary == '\0' || g_utf8_strlen (summary, -1) > 1024)
        return respond_pd_invalid (msg, "'payload.summary' is missing, blank or too long");
      if (source == NULL || *source == '\0')
        return respond_pd_invalid (msg, "'payload.source' is missing or blank");
      if (severity == NULL ||
          !g_strv_contains ((const char *[]) { "critical", "error", "warning", "info", NULL }, severity))
        return respond_pd_invalid (msg, "'payload.severity' must be critical, error, warning or info");
      if (json_object_has_member (payload, "custom_details") &&
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "custom_details")))
        return respond_pd_invalid (msg, "'payload.custom_details' must be an object");
      if (json_object_has_member (event, "links") && !JSON_NODE_HOLDS_ARRAY (json_object_get_member (event, "links")))
        return respond_pd_invalid (msg, "'links' must be an array");

      if (dedup_key == NULL)
        dedup_key = generated = g_uuid_string_random ();
      count (peer->received, dedup_key);
      /* An open incident with this key absorbs the event, as PagerDuty does. */
      if (!g_hash_table_contains (peer->incidents, dedup_key) ||
          g_str_equal (g_hash_table_lookup (peer->incidents, dedup_key), "resolved"))
        {
          count (peer->accepted, dedup_key);
          g_hash_table_insert (peer->incidents, g_strdup (dedup_key), g_strdup ("triggered"));
        }
    }
  else
    {
      if (dedup_key == NULL)
        return respond_pd_invalid (msg, "'dedup_key' is required for acknowledge and resolve");
      if (g_hash_table_contains (peer->incidents, dedup_key))
        g_hash_table_insert (peer->incidents, g_strdup (dedup_key),
                             g_strdup (g_str_equal (action, "acknowledge") ? "acknowledged" : "resolved"));
    }

  answer = g_strdup_printf ("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"%s\"}", dedup_key);
  respond_json (msg, 202, answer);
}

/* https://developer.pagerduty.com/api-reference/ (List incidents) */
static void
handle_pagerduty_incidents (VigiePeer         *peer,
                            SoupServerMessage *msg,
                            VigiePeerRequest  *request,
                            GHashTable        *query)
{
  g_autofree char *expected = g_strdup_printf ("Token token=%s", peer->read_token);
  const char *key = query ? g_hash_table_lookup (query, "incident_key") : NULL;
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept");
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (peer->read_token == NULL || g_strcmp0 (request->authorization, expected) != 0)
    return respond_json (msg, 401, "{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}");
  if (g_strcmp0 (accept, "application/vnd.pagerduty+json;version=2") != 0)
    return respond_json (msg, 406, "{\"error\":{\"message\":\"Not Acceptable\"}}");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "incidents");
  json_builder_begin_array (builder);
  if (key != NULL && g_hash_table_contains (peer->incidents, key))
    {
      const char *who = g_hash_table_lookup (peer->acknowledger, key);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, "PT4KHLK");
      json_builder_set_member_name (builder, "incident_key");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, g_hash_table_lookup (peer->incidents, key));
      json_builder_set_member_name (builder, "acknowledgements");
      json_builder_begin_array (builder);
      if (who)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "at");
          json_builder_add_string_value (builder, "2026-01-01T00:00:00Z");
          json_builder_set_member_name (builder, "acknowledger");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "user_reference");
          json_builder_set_member_name (builder, "summary");
          json_builder_add_string_value (builder, who);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  respond_built (msg, 200, builder);
}

/* GoAlert docs/integration-keys.md: generic API. */
static void
handle_goalert (VigiePeer         *peer,
                SoupServerMessage *msg,
                VigiePeerRequest  *request,
                GHashTable        *query)
{
  JsonObject *body = body_object (request);
  const char *token = query ? g_hash_table_lookup (query, "token") : NULL;
  const char *summary = member_string (body, "summary");
  const char *action = member_string (body, "action");
  const char *dedup = member_string (body, "dedup");
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept");
  gboolean is_new = FALSE;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    return respond_json (msg, 405, NULL);
  if (token == NULL || g_strcmp0 (token, peer->goalert_token) != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "unauthorized\n", 13);
      return;
    }
  if (body == NULL || summary == NULL || *summary == '\0')
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "summary is required\n", 20);
      return;
    }
  if (action != NULL && !g_str_equal (action, "close"))
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "invalid action\n", 15);
      return;
    }

  if (dedup != NULL)
    {
      if (action == NULL)
        {
          count (peer->received, dedup);
          if (g_strcmp0 (g_hash_table_lookup (peer->incidents, dedup), "triggered") != 0)
            {
              is_new = TRUE;
              count (peer->accepted, dedup);
              peer->n_goalert_alerts++;
              g_hash_table_insert (peer->incidents, g_strdup (dedup), g_strdup ("triggered"));
            }
        }
      else if (g_hash_table_contains (peer->incidents, dedup))
        g_hash_table_insert (peer->incidents, g_strdup (dedup), g_strdup ("resolved"));
    }

  if (g_strcmp0 (accept, "application/json") == 0)
    {
      g_autofree char *text = g_strdup_printf ("{\"AlertID\":%u,\"ServiceID\":\"00000000-0000-0000-0000-000000000001\","
                                               "\"IsNew\":%s}", peer->n_goalert_alerts, is_new ? "true" : "false");
      respond_json (msg, 200, text);
    }
  else
    soup_server_message_set_status (msg, 204, NULL);
}

static void
ntfy_error (SoupServerMessage *msg,
            guint              status,
            guint              code,
            const char        *error)
{
  g_autofree char *text = g_strdup_printf ("{\"code\":%u,\"http\":%u,\"error\":\"%s\"}", code, status, error);
  respond_json (msg, status, text);
}

static void
ntfy_deliver (VigiePeer  *peer,
              const char *topic,
              JsonNode   *message)
{
  GPtrArray *list = g_hash_table_lookup (peer->topics, topic);
  g_autofree char *line = NULL;

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      g_hash_table_insert (peer->topics, g_strdup (topic), list);
    }
  g_ptr_array_add (list, json_node_ref (message));

  {
    g_autofree char *text = json_to_string (message, FALSE);
    line = g_strconcat (text, "\n", NULL);
  }
  for (guint i = 0; i < peer->subscribers->len; i++)
    {
      SoupServerMessage *sub = g_ptr_array_index (peer->subscribers, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (sub), "topic"), topic) != 0)
        continue;
      soup_message_body_append (soup_server_message_get_response_body (sub), SOUP_MEMORY_COPY, line, strlen (line));
      soup_server_message_unpause (sub);
    }
}

static JsonNode *
ntfy_message (const char *topic,
              const char *text,
              JsonObject *extra)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = g_uuid_string_random ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "time");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, "message");
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, topic);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  if (extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (extra);

      for (GList *l = members; l; l = l->next)
        if (!g_str_equal (l->data, "topic") && !g_str_equal (l->data, "message"))
          {
            json_builder_set_member_name (builder, l->data);
            json_builder_add_value (builder, json_node_copy (json_object_get_member (extra, l->data)));
          }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* https://docs.ntfy.sh/publish/#publish-as-json */
static void
handle_ntfy_json (VigiePeer         *peer,
                  SoupServerMessage *msg,
                  VigiePeerRequest  *request)
{
  JsonObject *body = body_object (request);
  g_autofree char *expected = peer->ntfy_token ? g_strdup_printf ("Bearer %s", peer->ntfy_token) : NULL;
  const char *topic = member_string (body, "topic");
  const char *text = member_string (body, "message");
  g_autoptr(JsonNode) message = NULL;
  g_autofree char *answer = NULL;

  if (expected != NULL && g_strcmp0 (request->authorization, expected) != 0)
    return ntfy_error (msg, 401, 40101, "unauthorized");
  if (body == NULL)
    return ntfy_error (msg, 400, 40001, "invalid request: request body must be message JSON");
  if (topic == NULL || *topic == '\0')
    return ntfy_error (msg, 400, 40009, "invalid request: topic missing");
  if (json_object_has_member (body, "priority"))
    {
      JsonNode *priority = json_object_get_member (body, "priority");

      if (!JSON_NODE_HOLDS_VALUE (priority) || json_node_get_value_type (priority) != G_TYPE_INT64 ||
          json_node_get_int (priority) < 1 || json_node_get_int (priority) > 5)
        return ntfy_error (msg, 400, 40007, "invalid priority");
    }
  if (json_object_has_member (body, "tags") && !JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "tags")))
    return ntfy_error (msg, 400, 40001, "invalid request: tags must be an array");
  if (json_object_has_member (body, "actions"))
    {
      JsonArray *actions = JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "actions"))
                           ? json_object_get_array_member (body, "actions") : NULL;

      if (actions == NULL || json_array_get_length (actions) > 3)
        return ntfy_error (msg, 400, 40018, "invalid request: actions invalid (too many or not an array)");
      for (guint i = 0; i < json_array_get_length (actions); i++)
        {
          JsonObject *action = json_array_get_object_element (actions, i);
          const char *kind = member_string (action, "action");

          if (kind == NULL || !g_strv_contains ((const char *[]) { "view", "broadcast", "http", NULL }, kind) ||
              member_string (action, "label") == NULL ||
              (!g_str_equal (kind, "broadcast") && member_string (action, "url") == NULL))
            return ntfy_error (msg, 400, 40018, "invalid request: action invalid");
        }
    }

  message = ntfy_message (topic, text ? text : "triggered", body);
  ntfy_deliver (peer, topic, message);
  if (peer->verbose)
    g_print ("ntfy %s: %s\n", topic, member_string (body, "title") ? member_string (body, "title") : "");
  answer = json_to_string (message, FALSE);
  respond_json (msg, 200, answer);
}

static void
handle_ntfy_stream (VigiePeer         *peer,
                    SoupServerMessage *msg,
                    const char        *topic,
                    GHashTable        *query)
{
  g_autofree char *expected = peer->ntfy_token ? g_strdup_printf ("Bearer %s", peer->ntfy_token) : NULL;
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  GPtrArray *list = g_hash_table_lookup (peer->topics, topic);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autofree char *open = g_strdup_printf ("{\"id\":\"open\",\"time\":%" G_GINT64_FORMAT ",\"event\":\"open\",\"topic\":\"%s\"}\n",
                                           g_get_real_time () / G_USEC_PER_SEC, topic);
  gint64 since_time = since ? g_ascii_strtoll (since, NULL, 10) : G_MAXINT64;

  if (expected != NULL && g_strcmp0 (authorization, expected) != 0)
    return ntfy_error (msg, 401, 40101, "unauthorized");

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), "application/x-ndjson", NULL);
  soup_message_body_append (body, SOUP_MEMORY_COPY, open, strlen (open));
  for (guint i = 0; list && i < list->len; i++)
    {
      JsonObject *cached = json_node_get_object (g_ptr_array_index (list, i));
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      if (json_object_get_int_member_with_default (cached, "time", 0) < since_time)
        continue;
      text = json_to_string (g_ptr_array_index (list, i), FALSE);
      line = g_strconcat (text, "\n", NULL);
      soup_message_body_append (body, SOUP_MEMORY_COPY, line, strlen (line));
    }
  g_object_set_data_full (G_OBJECT (msg), "topic", g_strdup (topic), g_free);
  g_ptr_array_add (peer->subscribers, g_object_ref (msg));
}

static void
route (VigiePeer         *peer,
       SoupServerMessage *msg,
       VigiePeerRequest  *request)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri)) : NULL;
  const char *path = g_uri_get_path (uri);

  if (g_str_equal (path, "/v2/enqueue"))
    handle_pagerduty (peer, msg, request);
  else if (g_str_equal (path, "/incidents"))
    handle_pagerduty_incidents (peer, msg, request, query);
  else if (g_str_equal (path, "/api/v2/generic/incoming"))
    handle_goalert (peer, msg, request, query);
  else if (g_str_equal (path, "/") && soup_server_message_get_method (msg) == SOUP_METHOD_POST)
    handle_ntfy_json (peer, msg, request);
  else if (g_str_has_suffix (path, "/json") && soup_server_message_get_method (msg) == SOUP_METHOD_GET)
    {
      g_autofree char *topic = g_strndup (path + 1, strlen (path) - strlen ("/json") - 1);
      handle_ntfy_stream (peer, msg, topic, query);
    }
  else if (soup_server_message_get_method (msg) == SOUP_METHOD_POST && strchr (path + 1, '/') == NULL)
    {
      /* Plain publishing, as the notification's "http" action does. */
      g_autoptr(JsonNode) message = ntfy_message (path + 1, request->raw ? request->raw : "", NULL);
      g_autofree char *text = json_to_string (message, FALSE);

      ntfy_deliver (peer, path + 1, message);
      respond_json (msg, 200, text);
    }
  else if (g_str_has_prefix (path, "/hook") || g_str_has_prefix (path, "/alerts/"))
    {
      JsonObject *body = body_object (request);

      if (peer->verbose)
        g_print ("%s %s: %s\n", soup_server_message_get_method (msg), path,
                 body ? json_object_get_string_member_with_default (body, "summary", request->raw) : request->raw);
      respond_json (msg, peer->webhook_status ? peer->webhook_status : 200,
                    peer->webhook_answer ? peer->webhook_answer : "{\"ok\":true}");
    }
  else
    respond_json (msg, 404, "{\"error\":\"not found\"}");

  request->status = soup_server_message_get_status (msg);
}

typedef struct {
  VigiePeer         *peer;
  SoupServerMessage *msg;
  VigiePeerRequest  *request;
  guint              id;
  gboolean           gone;    /* the client hung up meanwhile */
} Slow;

static void
slow_free (Slow *slow)
{
  g_signal_handlers_disconnect_by_data (slow->msg, slow);
  g_object_unref (slow->msg);
  g_free (slow);
}

static void
slow_disconnected_cb (SoupServerMessage *msg,
                      Slow              *slow)
{
  slow->gone = TRUE;
}

static gboolean
slow_cb (gpointer user_data)
{
  Slow *slow = user_data;

  slow->peer->slow_pending = g_list_remove (slow->peer->slow_pending, slow);
  if (!slow->gone)
    {
      route (slow->peer, slow->msg, slow->request);
      soup_server_message_unpause (slow->msg);
    }
  slow_free (slow);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  VigiePeer *peer = user_data;
  VigiePeerRequest *request = g_new0 (VigiePeerRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gboolean publish = soup_server_message_get_method (msg) == SOUP_METHOD_POST;

  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  request->idempotency_key = g_strdup (soup_message_headers_get_one (headers, "Idempotency-Key"));
  request->raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  request->body = json_from_string (request->raw, NULL);
  request->received_us = g_get_monotonic_time ();
  g_ptr_array_add (peer->requests, request);

  if (publish && peer->echo_400)
    {
      respond_pd_invalid (msg, request->raw);
      request->status = 400;
      return;
    }

  if (publish && peer->mode != VIGIE_PEER_OK && peer->fail_count != 0)
    {
      VigiePeerMode mode = peer->mode;

      if (peer->fail_count > 0 && --peer->fail_count == 0)
        peer->mode = VIGIE_PEER_OK;
      switch (mode)
        {
        case VIGIE_PEER_FAIL_500:
          respond_json (msg, 500, "{\"status\":\"error\",\"message\":\"internal error\"}");
          request->status = 500;
          return;
        case VIGIE_PEER_FAIL_429:
          {
            g_autofree char *seconds = g_strdup_printf ("%u", peer->retry_after);

            soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
            respond_json (msg, 429, "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly\"}");
            request->status = 429;
            return;
          }
        case VIGIE_PEER_SLOW:
          {
            Slow *slow = g_new0 (Slow, 1);

            slow->peer = peer;
            slow->msg = g_object_ref (msg);
            slow->request = request;
            g_signal_connect (msg, "disconnected", G_CALLBACK (slow_disconnected_cb), slow);
            soup_server_message_pause (msg);
            slow->id = g_timeout_add (peer->slow_ms, slow_cb, slow);
            peer->slow_pending = g_list_prepend (peer->slow_pending, slow);
            return;
          }
        case VIGIE_PEER_OK:
        default:
          break;
        }
    }

  route (peer, msg, request);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    VigiePeer         *peer)
{
  if (peer->first_request_us == 0)
    peer->first_request_us = g_get_monotonic_time ();
}

static void
subscriber_finished_cb (SoupServerMessage *msg,
                        VigiePeer         *peer)
{
  g_ptr_array_remove (peer->subscribers, msg);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     VigiePeer         *peer)
{
  subscriber_finished_cb (msg, peer);
}

static gboolean
listen (VigiePeer  *peer,
        GError    **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, peer->port);
  GSList *uris;

  if (!soup_server_listen (peer->server, address, 0, error))
    return FALSE;
  uris = soup_server_get_uris (peer->server);
  peer->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

VigiePeer *
vigie_peer_new (GError **error)
{
  return vigie_peer_new_on_port (0, error);
}

VigiePeer *
vigie_peer_new_on_port (guint    port,
                        GError **error)
{
  g_autoptr(VigiePeer) peer = g_new0 (VigiePeer, 1);

  peer->port = port;
  peer->server = soup_server_new (NULL, NULL);
  peer->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  peer->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  peer->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  peer->incidents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  peer->acknowledger = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  peer->topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  peer->subscribers = g_ptr_array_new_with_free_func (g_object_unref);
  peer->routing_key = g_strdup ("R0UT1NGKEY0123456789abcdefABCDEF");
  peer->read_token = g_strdup ("y_NbAkKc66ryYTWUXYEu");
  peer->goalert_token = g_strdup ("8a3ab4c6-1bb9-4c6b-a5ea-51ddbf2d2d36");
  peer->retry_after = 1;
  peer->slow_ms = 3000;

  soup_server_add_handler (peer->server, NULL, server_cb, peer, NULL);
  g_signal_connect (peer->server, "request-started", G_CALLBACK (request_started_cb), peer);
  g_signal_connect (peer->server, "request-finished", G_CALLBACK (request_finished_cb), peer);
  g_signal_connect (peer->server, "request-aborted", G_CALLBACK (request_finished_cb), peer);

  if (!listen (peer, error))
    return NULL;
  peer->base_url = g_strdup_printf ("http://127.0.0.1:%u", peer->port);
  return g_steal_pointer (&peer);
}

void
vigie_peer_free (VigiePeer *peer)
{
  if (peer == NULL)
    return;
  /* Held-back answers would fire after the peer is gone. */
  for (GList *l = peer->slow_pending; l; l = l->next)
    {
      Slow *slow = l->data;

      g_source_remove (slow->id);
      slow_free (slow);
    }
  g_clear_pointer (&peer->slow_pending, g_list_free);
  for (guint i = 0; i < peer->subscribers->len; i++)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (g_ptr_array_index (peer->subscribers, i));
      soup_message_body_complete (body);
      soup_server_message_unpause (g_ptr_array_index (peer->subscribers, i));
    }
  soup_server_disconnect (peer->server);
  g_clear_object (&peer->server);
  g_ptr_array_unref (peer->requests);
  g_ptr_array_unref (peer->subscribers);
  g_hash_table_unref (peer->received);
  g_hash_table_unref (peer->accepted);
  g_hash_table_unref (peer->incidents);
  g_hash_table_unref (peer->acknowledger);
  g_hash_table_unref (peer->topics);
  g_free (peer->base_url);
  g_free (peer->routing_key);
  g_free (peer->read_token);
  g_free (peer->goalert_token);
  g_free (peer->ntfy_token);
  g_free (peer);
}

/* Down means connection refused: the listening socket is closed. */
void
vigie_peer_set_down (VigiePeer *peer,
                     gboolean   down)
{
  g_autoptr(GError) error = NULL;

  if (peer->down == down)
    return;
  peer->down = down;
  if (down)
    soup_server_disconnect (peer->server);
  else if (!listen (peer, &error))
    g_error ("Cannot listen again on port %u: %s", peer->port, error->message);
}

guint
vigie_peer_n_received (VigiePeer  *peer,
                       const char *dedup_key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (peer->received, dedup_key));
}

guint
vigie_peer_n_accepted (VigiePeer  *peer,
                       const char *dedup_key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (peer->accepted, dedup_key));
}

VigiePeerRequest *
vigie_peer_last (VigiePeer  *peer,
                 const char *path_prefix)
{
  for (guint i = peer->requests->len; i > 0; i--)
    {
      VigiePeerRequest *request = g_ptr_array_index (peer->requests, i - 1);

      if (g_str_has_prefix (request->path, path_prefix))
        return request;
    }
  return NULL;
}

guint
vigie_peer_count (VigiePeer  *peer,
                  const char *path_prefix,
                  guint       status)
{
  guint n = 0;

  for (guint i = 0; i < peer->requests->len; i++)
    {
      VigiePeerRequest *request = g_ptr_array_index (peer->requests, i);

      if (g_str_has_prefix (request->path, path_prefix) && (status == 0 || request->status == status))
        n++;
    }
  return n;
}

/* The requests under @path_prefix the peer took (200 or 202). */
guint
vigie_peer_count_accepted (VigiePeer  *peer,
                           const char *path_prefix)
{
  return vigie_peer_count (peer, path_prefix, 200) + vigie_peer_count (peer, path_prefix, 202);
}

/* The JSON body of the last request under @path_prefix; the test fails
 * if there is none or it is not JSON. */
JsonObject *
vigie_peer_last_body (VigiePeer  *peer,
                      const char *path_prefix)
{
  VigiePeerRequest *request = vigie_peer_last (peer, path_prefix);

  g_assert_nonnull (request);
  g_assert_nonnull (request->body);
  return json_node_get_object (request->body);
}

void
vigie_peer_pd_acknowledge (VigiePeer  *peer,
                           const char *dedup_key,
                           const char *who)
{
  g_hash_table_insert (peer->incidents, g_strdup (dedup_key), g_strdup ("acknowledged"));
  g_hash_table_insert (peer->acknowledger, g_strdup (dedup_key), g_strdup (who));
}

void
vigie_peer_ntfy_publish (VigiePeer  *peer,
                         const char *topic,
                         const char *text)
{
  g_autoptr(JsonNode) message = ntfy_message (topic, text, NULL);
  ntfy_deliver (peer, topic, message);
}

char *
vigie_peer_url (VigiePeer  *peer,
                const char *path)
{
  return g_strconcat (peer->base_url, path, NULL);
}

static void
drop_webhook (JsonObject *client,
              gpointer    data)
{
  json_object_remove_member (client, "webhook");
}

/* Gives @client_id of the data directory's clients.json these targets
 * (a JSON array) and an on-call number; other clients lose theirs. */
void
vigie_peer_write_targets (const char *data_dir,
                          const char *client_id,
                          const char *targets_json,
                          const char *oncall_phone)
{
  g_autofree char *oncall = g_strdup_printf ("{\"name\": \"Karim Benali\", \"phone\": \"%s\"}", oncall_phone);

  vigie_test_edit_clients (data_dir, drop_webhook, NULL);
  vigie_test_set_client_member (data_dir, client_id, "targets", targets_json);
  vigie_test_set_client_member (data_dir, client_id, "oncall", oncall);
}
