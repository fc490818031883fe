/* vigie-dispatcher-ack.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Acknowledgements: the operator's, PagerDuty's read back from its REST
 * API, ntfy's from the reply topic the notification's buttons publish to;
 * and what follows them (cancelled triggers, follow-up messages).
 */
#define G_LOG_DOMAIN "vigie-dispatcher"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "vigie-dispatcher-private.h"

void
_vigie_dispatcher_poll_free (Poll *poll)
{
  g_free (poll->call_id);
  g_free (poll->dedup_key);
  g_clear_object (&poll->target);
  g_free (poll);
}

void
_vigie_dispatcher_subscription_free (Subscription *sub)
{
  g_clear_handle_id (&sub->retry_id, g_source_remove);
  g_clear_object (&sub->stream);
  g_clear_object (&sub->message);
  g_clear_object (&sub->target);
  g_free (sub->key);
  g_free (sub);
}

/* PagerDuty's incidents answer, parsed; %NULL when it is not one. */
static JsonArray *
parse_incidents (JsonParser  *parser,
                 SoupMessage *message,
                 GBytes      *body)
{
  JsonObject *root;

  if (body == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_has_member (root, "incidents") ? json_object_get_array_member (root, "incidents") : NULL;
}

static const char *
incident_acknowledger (JsonObject *incident)
{
  JsonArray *acks = json_object_has_member (incident, "acknowledgements")
                    ? json_object_get_array_member (incident, "acknowledgements") : NULL;
  JsonObject *first = acks && json_array_get_length (acks) ? json_array_get_object_element (acks, 0) : NULL;
  JsonObject *who = first && json_object_has_member (first, "acknowledger")
                    ? json_object_get_object_member (first, "acknowledger") : NULL;

  return who ? json_object_get_string_member_with_default (who, "summary", NULL) : NULL;
}

/* Acknowledged there: acknowledged here. Resolved there: the person's
 * intervention is over, and the alert need not be asked about again. */
static void
incident_seen (VigieDispatcher *self,
               Poll            *poll,
               JsonObject      *incident)
{
  const char *status = json_object_get_string_member_with_default (incident, "status", NULL);
  const char *by = incident_acknowledger (incident);
  g_autofree char *call_id = g_strdup (poll->call_id);
  g_autofree char *dedup_key = g_strdup (poll->dedup_key);
  g_autoptr(GError) error = NULL;

  if (!vigie_dispatcher_acknowledge (self, call_id, dedup_key, "pagerduty", by, &error))
    g_warning ("PagerDuty acknowledgement not recorded: %s", error->message);
  else if (g_str_equal (status, "resolved"))
    {
      if (!vigie_dispatcher_record_intervention (self, call_id, dedup_key, FALSE, "pagerduty", by, &error))
        g_warning ("Intervention not recorded: %s", error->message);
      g_hash_table_remove (self->polls, dedup_key);
    }
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree char *dedup_key = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  VigieDispatcher *self;
  JsonArray *incidents;
  Poll *poll;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = g_object_get_data (G_OBJECT (message), "vigie-dispatcher");
  if (self == NULL || !(poll = g_hash_table_lookup (self->polls, dedup_key)))
    return;
  poll->busy = FALSE;

  if (!(incidents = parse_incidents (parser, message, body)))
    {
      g_debug ("PagerDuty read-back for %s failed: %u", dedup_key, soup_message_get_status (message));
      return;
    }
  for (guint i = 0; i < json_array_get_length (incidents); i++)
    {
      JsonObject *incident = json_array_get_object_element (incidents, i);
      const char *status = incident ? json_object_get_string_member_with_default (incident, "status", NULL) : NULL;

      if (g_strcmp0 (status, "acknowledged") == 0 || g_strcmp0 (status, "resolved") == 0)
        {
          incident_seen (self, poll, incident);
          break;
        }
    }
}

gboolean
_vigie_dispatcher_poll_timer_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;
  GHashTableIter iter;
  Poll *poll;

  g_hash_table_iter_init (&iter, self->polls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &poll))
    {
      g_autofree char *token = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *url = NULL;
      g_autofree char *auth = NULL;
      g_autoptr(SoupMessage) message = NULL;
      const char *api = vigie_target_get_string (poll->target, "api_url");

      /* Acknowledged, it is still asked until resolved: the end of the
       * person's intervention. */
      if (g_get_monotonic_time () > poll->until)
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      if (poll->busy)
        continue;
      token = vigie_target_dup_secret (poll->target, self->secrets, "read_token", FALSE, NULL);
      if (token == NULL)
        continue;

      escaped = g_uri_escape_string (poll->dedup_key, NULL, FALSE);
      url = g_strdup_printf ("%s%sincidents?incident_key=%s", api ? api : "https://api.pagerduty.com",
                             api && g_str_has_suffix (api, "/") ? "" : "/", escaped);
      if (!(message = soup_message_new (SOUP_METHOD_GET, url)))
        continue;
      auth = g_strdup_printf ("Token token=%s", token);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", auth);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                    "application/vnd.pagerduty+json;version=2");
      g_object_set_data (G_OBJECT (message), "vigie-dispatcher", self);
      poll->busy = TRUE;
      soup_session_send_and_read_async (self->session, message, G_PRIORITY_LOW, self->cancellable,
                                        poll_cb, g_strdup (poll->dedup_key));
    }
  return G_SOURCE_CONTINUE;
}

static void subscription_open (Subscription *sub);

static gboolean
subscription_retry_cb (gpointer user_data)
{
  Subscription *sub = user_data;

  sub->retry_id = 0;
  subscription_open (sub);
  return G_SOURCE_REMOVE;
}

static void
subscription_retry (Subscription *sub)
{
  g_clear_object (&sub->stream);
  g_clear_object (&sub->message);
  if (sub->retry_id == 0 && sub->self->started)
    sub->retry_id = g_timeout_add_seconds (2, subscription_retry_cb, sub);
}

/* What the on-call person's phone publishes to the reply topic, from the
 * notification's buttons: "ack KEY" (I'm on it), "not-urgent KEY" (a false
 * alarm), "start KEY" / "end KEY" (the intervention, for the labour
 * checks). Only keys this centre sent count: the topic is not a command
 * line. Replayed messages (the subscription reads ten minutes back) find
 * their event journaled already and change nothing. */
static gboolean
reply_command (VigieDispatcher  *self,
               const char       *text,
               GError          **error)
{
  static const char * const verbs[] = { "ack ", "not-urgent ", "start ", "end " };
  g_autofree char *dedup_key = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  VigieOutboxEntry *row;
  guint verb;

  for (verb = 0; verb < G_N_ELEMENTS (verbs) && !g_str_has_prefix (text, verbs[verb]); verb++)
    ;
  if (verb == G_N_ELEMENTS (verbs))
    return TRUE;
  dedup_key = g_strstrip (g_strdup (text + strlen (verbs[verb])));
  rows = vigie_outbox_list_key (self->outbox, dedup_key, NULL);
  if (rows == NULL || rows->len == 0)
    return TRUE;
  row = g_ptr_array_index (rows, 0);

  switch (verb)
    {
    case 0:
      return g_hash_table_contains (self->acknowledged, dedup_key) ||
             vigie_dispatcher_acknowledge (self, row->call_id, dedup_key, "ntfy", NULL, error);
    case 1:
      return vigie_dispatcher_acknowledge_verdict (self, row->call_id, dedup_key, "ntfy", NULL,
                                                   "not-urgent", error);
    default:
      /* Arriving means the alert was taken, if nobody said so yet. */
      if (!g_hash_table_contains (self->acknowledged, dedup_key) &&
          !vigie_dispatcher_acknowledge (self, row->call_id, dedup_key, "ntfy", NULL, error))
        return FALSE;
      return vigie_dispatcher_record_intervention (self, row->call_id, dedup_key, verb == 2,
                                                   "ntfy", NULL, error);
    }
}

static void
subscription_line_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Subscription *sub = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, &error);
  JsonObject *event;
  const char *text;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      subscription_retry (sub);
      return;
    }

  if (json_parser_load_from_data (parser, line, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      event = json_node_get_object (json_parser_get_root (parser));
      text = json_object_get_string_member_with_default (event, "message", NULL);
      if (g_strcmp0 (json_object_get_string_member_with_default (event, "event", NULL), "message") == 0 &&
          text != NULL && !reply_command (sub->self, text, &error))
        g_warning ("ntfy reply not recorded: %s", error->message);
    }

  g_data_input_stream_read_line_async (sub->stream, G_PRIORITY_DEFAULT, sub->self->cancellable,
                                       subscription_line_cb, sub);
}

static void
subscription_open_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Subscription *sub = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stream == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (sub->message)))
    {
      g_debug ("ntfy subscription %s failed: %s", sub->key, error ? error->message : "status");
      subscription_retry (sub);
      return;
    }

  sub->stream = g_data_input_stream_new (stream);
  g_data_input_stream_read_line_async (sub->stream, G_PRIORITY_DEFAULT, sub->self->cancellable,
                                       subscription_line_cb, sub);
}

static void
subscription_open (Subscription *sub)
{
  VigieDispatcher *self = sub->self;
  const char *base = vigie_target_get_url (sub->target);
  g_autofree char *token = vigie_target_dup_secret (sub->target, self->secrets, "token", FALSE, NULL);
  g_autofree char *url = NULL;

  /* Ten minutes back: an acknowledgement sent while Vigie restarted counts. */
  url = g_strdup_printf ("%s%s%s/json?since=%" G_GINT64_FORMAT, base, g_str_has_suffix (base, "/") ? "" : "/",
                         vigie_target_get_string (sub->target, "reply_topic"),
                         self->started_at / G_USEC_PER_SEC - 600);
  g_clear_object (&sub->message);
  if (!(sub->message = soup_message_new (SOUP_METHOD_GET, url)))
    return;
  if (token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (sub->message), "Authorization", auth);
    }
  soup_session_send_async (self->stream_session, sub->message, G_PRIORITY_DEFAULT, self->cancellable,
                           subscription_open_cb, sub);
}

gboolean
_vigie_dispatcher_wants_replies (VigieTarget *target)
{
  return vigie_target_get_kind (target) == VIGIE_TARGET_NTFY && vigie_target_get_string (target, "reply_topic") != NULL;
}

/**
 * _vigie_dispatcher_follow_acknowledgement:
 * @self: a #VigieDispatcher
 * @entry: a trigger just delivered
 *
 * Reads the acknowledgement back where the platform allows: PagerDuty's
 * incident (with a read token), ntfy's reply topic.
 */
void
_vigie_dispatcher_follow_acknowledgement (VigieDispatcher  *self,
                                          VigieOutboxEntry *entry)
{
  VigieTarget *target = _vigie_dispatcher_find_target (self, entry->client_id, entry->target_id);
  g_autofree char *read_token = NULL;
  Poll *poll;

  if (target == NULL)
    return;
  if (_vigie_dispatcher_wants_replies (target))
    {
      _vigie_dispatcher_subscribe (self, target);
      return;
    }
  if (vigie_target_get_kind (target) != VIGIE_TARGET_PAGERDUTY || g_hash_table_contains (self->polls, entry->dedup_key) ||
      !(read_token = vigie_target_dup_secret (target, self->secrets, "read_token", FALSE, NULL)))
    return;

  poll = g_new0 (Poll, 1);
  poll->call_id = g_strdup (entry->call_id);
  poll->dedup_key = g_strdup (entry->dedup_key);
  poll->target = g_object_ref (target);
  poll->until = g_get_monotonic_time () + (gint64) 24 * 3600 * G_USEC_PER_SEC;
  g_hash_table_insert (self->polls, poll->dedup_key, poll);
}

void
_vigie_dispatcher_subscribe (VigieDispatcher *self,
                             VigieTarget     *target)
{
  g_autofree char *key = g_strdup_printf ("%s %s", vigie_target_get_url (target),
                                          vigie_target_get_string (target, "reply_topic"));
  Subscription *sub;

  if (!self->started || g_hash_table_contains (self->subscriptions, key))
    return;

  sub = g_new0 (Subscription, 1);
  sub->self = self;
  sub->key = g_steal_pointer (&key);
  sub->target = g_object_ref (target);
  g_hash_table_insert (self->subscriptions, sub->key, sub);
  subscription_open (sub);
}

/* The alert's person and client, from the trigger the call sent. */
static void
alert_person (VigieDispatcher  *self,
              const char       *dedup_key,
              char            **person_id,
              char            **name,
              char            **client_id)
{
  g_autoptr(GPtrArray) rows = vigie_outbox_list_key (self->outbox, dedup_key, NULL);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      VigieOutboxEntry *row = g_ptr_array_index (rows, i);
      JsonObject *payload = row->payload ? json_node_get_object (row->payload) : NULL;
      JsonNode *recipient = payload ? json_object_get_member (payload, "recipient") : NULL;

      if (row->action != VIGIE_ALERT_ACTION_TRIGGER)
        continue;
      *client_id = g_strdup (row->client_id);
      if (recipient && JSON_NODE_HOLDS_OBJECT (recipient))
        {
          JsonObject *object = json_node_get_object (recipient);

          *person_id = g_strdup (json_object_get_string_member_with_default (object, "person_id", NULL));
          *name = g_strdup (json_object_get_string_member_with_default (object, "name", NULL));
        }
      return;
    }
}

static void
add_string (JsonObject *object,
            const char *member,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static JsonNode *
ack_event (VigieDispatcher *self,
           const char      *dedup_key,
           const char      *status,
           const char      *source,
           const char      *by)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *person_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *client_id = NULL;

  alert_person (self, dedup_key, &person_id, &name, &client_id);
  add_string (object, "dedup_key", dedup_key);
  add_string (object, "status", status);
  add_string (object, "source", source);
  add_string (object, "by", by);
  /* Who was alerted: the labour checks count their intervention. */
  add_string (object, "person_id", person_id);
  add_string (object, "client_id", client_id);
  if (g_strcmp0 (status, "not-urgent") == 0)
    add_string (object, "verdict", status);
  return json_node_init_object (json_node_alloc (), object);
}

static gboolean
event_matches (VigieJournalEvent *event,
               const char        *dedup_key,
               const char        *status)
{
  g_autoptr(JsonNode) node = json_from_string (event->data, NULL);
  JsonObject *data = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return data != NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (data, "dedup_key", NULL), dedup_key) == 0 &&
         (status == NULL || g_strcmp0 (json_object_get_string_member_with_default (data, "status", NULL), status) == 0);
}

/* A reply topic replays its last minutes after a restart: an event this
 * alert already has is not journaled twice. */
static gboolean
journaled (VigieDispatcher *self,
           const char      *call_id,
           const char      *kind,
           const char      *dedup_key,
           const char      *status,
           char           **at)
{
  g_autoptr(GPtrArray) events = NULL;

  if (call_id == NULL ||
      !(events = vigie_journal_list_events (vigie_outbox_get_journal (self->outbox), call_id, NULL)))
    return FALSE;
  for (guint i = events->len; i > 0; i--)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i - 1);
      if (!g_str_equal (event->kind, kind) || !event_matches (event, dedup_key, status))
        continue;
      if (at)
        *at = g_strdup (event->at);
      return TRUE;
    }
  return FALSE;
}

/* Follow-up messages (acknowledge, resolve) for the targets that took, or
 * were to take, the trigger and support @action. */
static GPtrArray *
plan_follow_up (VigieDispatcher   *self,
                const char        *dedup_key,
                VigieAlertAction   action,
                const char        *skip_kind,
                GError           **error)
{
  g_autoptr(GPtrArray) rows = vigie_outbox_list_key (self->outbox, dedup_key, error);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);

  if (rows == NULL)
    return NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      VigieOutboxEntry *row = g_ptr_array_index (rows, i);
      VigieTarget *target = _vigie_dispatcher_find_target (self, row->client_id, row->target_id);
      VigieOutboxEntry *entry;

      if (row->action != VIGIE_ALERT_ACTION_TRIGGER || row->state != VIGIE_OUTBOX_DELIVERED ||
          target == NULL || !vigie_target_supports (target, action) ||
          g_strcmp0 (skip_kind, vigie_target_kind_to_string (vigie_target_get_kind (target))) == 0)
        continue;

      entry = vigie_outbox_entry_new (dedup_key, action, row->client_id, row->target_id, row->payload);
      entry->call_id = g_strdup (row->call_id);
      entry->recipient = g_strdup (row->recipient);
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

/**
 * vigie_dispatcher_acknowledge:
 * @self: a #VigieDispatcher
 * @call_id: (nullable): the call
 * @dedup_key: the alert
 * @source: "operator" when the on-call person answered the operator,
 *   or the platform that reported it
 * @by: (nullable): who
 * @error: return location for a #GError
 *
 * Journals the acknowledgement, cancels the alert's pending triggers (and
 * so escalation's later steps) and tells the platforms that support it
 * (PagerDuty), except the one it came from.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_dispatcher_acknowledge (VigieDispatcher  *self,
                              const char       *call_id,
                              const char       *dedup_key,
                              const char       *source,
                              const char       *by,
                              GError          **error)
{
  return vigie_dispatcher_acknowledge_verdict (self, call_id, dedup_key, source, by, NULL, error);
}

/**
 * vigie_dispatcher_acknowledge_verdict:
 * @self: a #VigieDispatcher
 * @call_id: (nullable): the call
 * @dedup_key: the alert
 * @source: "operator" or the platform that reported it
 * @by: (nullable): who
 * @verdict: (nullable): "not-urgent" when the on-call person judged the
 *   alert a false alarm, %NULL for a plain acknowledgement
 * @error: return location for a #GError
 *
 * As vigie_dispatcher_acknowledge(); a "not-urgent" verdict is journaled
 * as an "alert-acknowledged" event with that status (the indicators'
 * false alarms), once per alert, even after a plain acknowledgement.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_dispatcher_acknowledge_verdict (VigieDispatcher  *self,
                                      const char       *call_id,
                                      const char       *dedup_key,
                                      const char       *source,
                                      const char       *by,
                                      const char       *verdict,
                                      GError          **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) event = NULL;
  gboolean was_acknowledged;
  const char *status = verdict ? verdict : "acknowledged";

  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (dedup_key != NULL, FALSE);
  g_return_val_if_fail (verdict == NULL || g_str_equal (verdict, "not-urgent"), FALSE);

  was_acknowledged = g_hash_table_contains (self->acknowledged, dedup_key);
  if (was_acknowledged && verdict == NULL)
    return TRUE;
  if (verdict != NULL && journaled (self, call_id, "alert-acknowledged", dedup_key, verdict, NULL))
    return TRUE;

  if (!vigie_outbox_cancel (self->outbox, call_id, dedup_key, "acknowledged", NULL, error))
    return FALSE;
  /* ntfy's follow-up is not an echo: it carries the intervention's buttons. */
  entries = was_acknowledged ? g_ptr_array_new ()
          : plan_follow_up (self, dedup_key, VIGIE_ALERT_ACTION_ACKNOWLEDGE,
                            g_strcmp0 (source, "ntfy") == 0 ? NULL : source, error);
  if (entries == NULL)
    return FALSE;
  event = ack_event (self, dedup_key, status, source, by);
  if (!vigie_outbox_commit (self->outbox, call_id, "alert-acknowledged", event, entries, error))
    return FALSE;

  g_hash_table_add (self->acknowledged, g_strdup (dedup_key));
  if (!was_acknowledged)
    g_signal_emit_by_name (self, "acknowledged", call_id, dedup_key, source, by);
  return TRUE;
}

/**
 * vigie_dispatcher_record_intervention:
 * @self: a #VigieDispatcher
 * @call_id: (nullable): the call
 * @dedup_key: the alert the person answered
 * @started: %TRUE when the intervention starts, %FALSE when it ends
 * @source: "ntfy", "pagerduty" or "operator"
 * @by: (nullable): who, if the platform says
 * @error: return location for a #GError
 *
 * Journals "intervention-started" or "intervention-ended" with the
 * alerted person and client, and, on the end, when it started (the
 * "intervention-started" event, else the acknowledgement), so the labour
 * checks (vigie_roster_store_collect_journal()) count the night's work.
 * Once per alert and kind.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_dispatcher_record_intervention (VigieDispatcher  *self,
                                      const char       *call_id,
                                      const char       *dedup_key,
                                      gboolean          started,
                                      const char       *source,
                                      const char       *by,
                                      GError          **error)
{
  const char *kind = started ? "intervention-started" : "intervention-ended";
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *person_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *since = NULL;

  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (dedup_key != NULL, FALSE);

  if (journaled (self, call_id, kind, dedup_key, NULL, NULL))
    return TRUE;
  alert_person (self, dedup_key, &person_id, &name, &client_id);
  add_string (data, "dedup_key", dedup_key);
  add_string (data, "source", source);
  add_string (data, "person_id", person_id);
  add_string (data, "name", by ? by : name);
  add_string (data, "client_id", client_id);
  if (!started && (journaled (self, call_id, "intervention-started", dedup_key, NULL, &since) ||
                   journaled (self, call_id, "alert-acknowledged", dedup_key, NULL, &since)))
    add_string (data, "started_at", since);
  node = json_node_init_object (json_node_alloc (), g_steal_pointer (&data));
  return vigie_journal_append (vigie_outbox_get_journal (self->outbox), call_id, kind, node, error);
}

/**
 * vigie_dispatcher_resolve:
 * @self: a #VigieDispatcher
 * @call_id: (nullable): the call
 * @dedup_key: the alert
 * @error: return location for a #GError
 *
 * The call is over: cancels pending triggers and sends "resolve" (close,
 * endsAt) where the platform supports it.
 *
 * Returns: %TRUE on success
 */
gboolean
vigie_dispatcher_resolve (VigieDispatcher  *self,
                          const char       *call_id,
                          const char       *dedup_key,
                          GError          **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) event = NULL;

  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (dedup_key != NULL, FALSE);

  if (!vigie_outbox_cancel (self->outbox, call_id, dedup_key, "resolved", NULL, error))
    return FALSE;
  if (!(entries = plan_follow_up (self, dedup_key, VIGIE_ALERT_ACTION_RESOLVE, NULL, error)))
    return FALSE;
  event = ack_event (self, dedup_key, "resolved", NULL, NULL);
  if (!vigie_outbox_commit (self->outbox, call_id, "alert-resolved", event, entries, error))
    return FALSE;

  g_hash_table_add (self->acknowledged, g_strdup (dedup_key));
  g_hash_table_remove (self->polls, dedup_key);
  return TRUE;
}

gboolean
vigie_dispatcher_is_acknowledged (VigieDispatcher *self,
                                  const char      *dedup_key)
{
  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), FALSE);
  return g_hash_table_contains (self->acknowledged, dedup_key);
}
