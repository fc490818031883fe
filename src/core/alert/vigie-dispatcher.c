/* vigie-dispatcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sends what the outbox holds, without ever blocking the desk: libsoup
 * for the HTTP platforms, libcurl in a worker thread for the mail. The
 * outbox row is only marked delivered once the platform answered 2xx, and
 * the mark is committed with the journal event; a crash in between means
 * the alert is sent again after the restart, with the same dedup key, and
 * the platform folds the two (at-least-once + idempotent key; see
 * docs/targets.md).
 *
 * It also reads acknowledgements back: from PagerDuty's REST API when a
 * read token is stored, and from an ntfy reply topic that the
 * notification's "I'm on it" button publishes to.
 */
#define G_LOG_DOMAIN "vigie-dispatcher"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "vigie-client.h"
#include "vigie-dispatcher.h"
#include "vigie-mailer.h"
#include "vigie-summary.h"

struct _VigieDispatcher
{
  GObject          parent_instance;

  VigieOutbox     *outbox;
  VigieDirectory  *directory;
  VigieSecrets    *secrets;
  VigieMailer     *mailer;
  VigieSummary    *summary;         /* the clients' morning mails */
  SoupSession     *session;
  SoupSession     *stream_session;  /* long-lived ntfy subscriptions */
  GCancellable    *cancellable;

  GHashTable      *in_flight;       /* row id (gint64 *) → VigieOutboxEntry */
  GPtrArray       *finished;        /* Finished, waiting to be committed */
  GHashTable      *overdue_seen;    /* dedup keys already announced */
  GHashTable      *acknowledged;    /* dedup keys */
  GHashTable      *polls;           /* dedup key → Poll (PagerDuty read-back) */
  GHashTable      *subscriptions;   /* "url topic" → Subscription (ntfy) */
  GHashTable      *person_targets;  /* "client\ntarget id" → VigieTarget */

  guint            pump_id;
  guint            timer_id;
  guint            flush_id;
  guint            overdue_id;
  guint            poll_id;

  gboolean         started;
  guint            max_in_flight;
  guint            retry_base_ms;
  guint            retry_max_ms;
  guint            overdue_delay_s;
  guint            ack_poll_ms;
  gint64           started_at;
};

typedef struct {
  VigieOutboxEntry   *entry;
  VigieTargetKind     kind;
  gint64              at;
  gint64              latency_us;
  guint               status;
  VigieTargetVerdict  verdict;
  char               *message;
  gint64              next_attempt_at;
} Finished;

typedef struct {
  VigieDispatcher  *self;    /* strong: answers may come after dispose */
  VigieOutboxEntry *entry;
  VigieTarget      *target;
  SoupMessage      *message;
  gint64            started;
} Attempt;

typedef struct {
  char        *call_id;
  char        *dedup_key;
  VigieTarget *target;
  gint64       until;
  gboolean     busy;
} Poll;

typedef struct {
  VigieDispatcher  *self;
  char             *key;
  VigieTarget      *target;
  GDataInputStream *stream;
  SoupMessage      *message;
  guint             retry_id;
} Subscription;

G_DEFINE_FINAL_TYPE (VigieDispatcher, vigie_dispatcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-dispatch-error-quark, vigie_dispatch_error)

enum {
  OVERDUE,
  ACKNOWLEDGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (VigieDispatcher *self);
static void subscribe (VigieDispatcher *self, VigieTarget *target);

void
vigie_test_result_free (VigieTestResult *result)
{
  if (result == NULL)
    return;
  g_free (result->target_id);
  g_free (result->target_label);
  g_free (result->message);
  g_free (result);
}

static void
finished_free (Finished *finished)
{
  vigie_outbox_entry_free (finished->entry);
  g_free (finished->message);
  g_free (finished);
}

static void
attempt_free (Attempt *attempt)
{
  vigie_outbox_entry_free (attempt->entry);
  g_clear_object (&attempt->target);
  g_clear_object (&attempt->message);
  g_clear_object (&attempt->self);
  g_free (attempt);
}

static void
poll_free (Poll *poll)
{
  g_free (poll->call_id);
  g_free (poll->dedup_key);
  g_clear_object (&poll->target);
  g_free (poll);
}

static void
subscription_free (Subscription *sub)
{
  g_clear_handle_id (&sub->retry_id, g_source_remove);
  g_clear_object (&sub->stream);
  g_clear_object (&sub->message);
  g_clear_object (&sub->target);
  g_free (sub->key);
  g_free (sub);
}

/* A roster person's own "webhook:URL" target: the row names it by its
 * roster form, so a restart finds it again without the roster. */
static VigieTarget *
person_target (VigieDispatcher *self,
               const char      *client_id,
               const char      *target_id)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", client_id, target_id);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  VigieTarget *target;

  if ((target = g_hash_table_lookup (self->person_targets, key)))
    return target;
  object = json_object_new ();
  json_object_set_string_member (object, "id", "person-webhook");
  json_object_set_string_member (object, "type", "webhook");
  json_object_set_string_member (object, "url", target_id + strlen ("webhook:"));
  json_object_set_string_member (object, "label", _("Personal webhook"));
  if (!(target = vigie_target_new_from_json (client_id, object, &error)))
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  g_hash_table_insert (self->person_targets, g_steal_pointer (&key), target);
  return target;
}

static VigieTarget *
find_target (VigieDispatcher *self,
             const char      *client_id,
             const char      *target_id)
{
  VigieClient *client = self->directory ? vigie_directory_find_client (self->directory, client_id) : NULL;
  VigieTarget *target = client ? vigie_client_find_target (client, target_id) : NULL;

  if (target == NULL && client != NULL && target_id != NULL && g_str_has_prefix (target_id, "webhook:"))
    target = person_target (self, client_id, target_id);
  return target;
}

static gint64
backoff_us (VigieDispatcher *self,
            guint            attempts)
{
  guint64 delay = (guint64) self->retry_base_ms << MIN (attempts, 20u);

  delay = MIN (delay, self->retry_max_ms);
  /* "Equal jitter": never sooner than half the step, so a flapping target
   * is not hammered, yet desks that failed together spread out. */
  delay = delay / 2 + (guint64) g_random_int_range (0, (gint32) MIN (delay / 2 + 1, G_MAXINT32));
  return (gint64) delay * 1000;
}

/* --- recording --- */

static gboolean
flush_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;
  g_autoptr(GPtrArray) finished = g_steal_pointer (&self->finished);
  g_autofree VigieOutboxAttempt *attempts = NULL;
  g_autoptr(GError) error = NULL;

  self->flush_id = 0;
  self->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) finished_free);

  attempts = g_new0 (VigieOutboxAttempt, MAX (finished->len, 1));
  for (guint i = 0; i < finished->len; i++)
    {
      Finished *f = g_ptr_array_index (finished, i);

      attempts[i] = (VigieOutboxAttempt) {
        f->entry, vigie_target_kind_to_string (f->kind), f->at, f->latency_us, f->status,
        f->verdict, f->message, f->next_attempt_at
      };
    }

  if (!vigie_outbox_record_attempts (self->outbox, attempts, finished->len, &error))
    /* The rows stay pending and go out again: the dedup key absorbs it. */
    g_warning ("Alert attempts not recorded: %s", error->message);

  for (guint i = 0; i < finished->len; i++)
    {
      Finished *f = g_ptr_array_index (finished, i);
      VigieOutboxEntry *entry = f->entry;

      g_hash_table_remove (self->in_flight, &entry->id);

      if (f->verdict == VIGIE_TARGET_VERDICT_DELIVERED && entry->action == VIGIE_ALERT_ACTION_TRIGGER &&
          !g_hash_table_contains (self->acknowledged, entry->dedup_key))
        {
          VigieTarget *target = find_target (self, entry->client_id, entry->target_id);
          g_autofree char *read_token = NULL;

          if (target != NULL && vigie_target_get_kind (target) == VIGIE_TARGET_PAGERDUTY &&
              (read_token = vigie_target_dup_secret (target, self->secrets, "read_token", FALSE, NULL)) &&
              !g_hash_table_contains (self->polls, entry->dedup_key))
            {
              Poll *poll = g_new0 (Poll, 1);

              poll->call_id = g_strdup (entry->call_id);
              poll->dedup_key = g_strdup (entry->dedup_key);
              poll->target = g_object_ref (target);
              poll->until = g_get_monotonic_time () + (gint64) 24 * 3600 * G_USEC_PER_SEC;
              g_hash_table_insert (self->polls, poll->dedup_key, poll);
            }
          else if (target != NULL && vigie_target_get_kind (target) == VIGIE_TARGET_NTFY &&
                   vigie_target_get_string (target, "reply_topic") != NULL)
            subscribe (self, target);
        }
    }

  pump (self);
  return G_SOURCE_REMOVE;
}

static void
finish_attempt (Attempt            *attempt,
                guint               status,
                VigieTargetVerdict  verdict,
                char               *message,
                gint64              retry_at)
{
  VigieDispatcher *self = attempt->self;
  Finished *f = g_new0 (Finished, 1);
  gint64 now = g_get_real_time ();

  f->entry = g_steal_pointer (&attempt->entry);
  f->kind = attempt->target ? vigie_target_get_kind (attempt->target) : VIGIE_TARGET_WEBHOOK;
  f->at = now;
  f->latency_us = g_get_monotonic_time () - attempt->started;
  f->status = status;
  f->verdict = verdict;
  f->message = attempt->target ? vigie_target_redact (attempt->target, self->secrets, message) : message;
  f->next_attempt_at = f->entry->next_attempt_at;
  if (verdict == VIGIE_TARGET_VERDICT_RETRY)
    f->next_attempt_at = MAX (now + backoff_us (self, f->entry->attempts), retry_at);

  if (f->message != NULL)
    g_debug ("%s → %s/%s: %s", f->entry->dedup_key, f->entry->client_id, f->entry->target_id, f->message);

  g_ptr_array_add (self->finished, f);
  if (self->flush_id == 0)
    /* Low priority: answers that arrive together are committed together. */
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_cb, self, NULL);
  attempt_free (attempt);
}

static void
http_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Attempt *attempt = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  VigieTargetVerdict verdict;
  char *message = NULL;
  gint64 retry_at = 0;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: the row is still pending and leaves after the restart. */
      g_hash_table_remove (attempt->self->in_flight, &attempt->entry->id);
      attempt_free (attempt);
      return;
    }

  if (body == NULL)
    {
      /* Network error, refused connection, timeout: no answer at all. */
      finish_attempt (attempt, 0, VIGIE_TARGET_VERDICT_RETRY,
                      g_strdup_printf (_("%s did not answer: %s"),
                                       vigie_target_get_label (attempt->target), error->message), 0);
      return;
    }

  status = soup_message_get_status (attempt->message);
  verdict = vigie_target_classify (attempt->target, status,
                                   soup_message_get_response_headers (attempt->message),
                                   body, g_get_real_time (), &retry_at, &message);
  finish_attempt (attempt, status, verdict, message, retry_at);
}

static void
mail_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Attempt *attempt = user_data;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  if (vigie_mailer_send_finish (VIGIE_MAILER (object), result, &status, &error))
    {
      finish_attempt (attempt, status, VIGIE_TARGET_VERDICT_DELIVERED,
                      g_strdup_printf (_("Mail accepted (%u)"), status), 0);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_hash_table_remove (attempt->self->in_flight, &attempt->entry->id);
      attempt_free (attempt);
      return;
    }
  finish_attempt (attempt, status,
                  g_error_matches (error, VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_TEMPORARY)
                    ? VIGIE_TARGET_VERDICT_RETRY : VIGIE_TARGET_VERDICT_REJECTED,
                  g_strdup (error->message), 0);
}

static VigieMail *
build_mail (VigieDispatcher   *self,
            VigieTarget       *target,
            VigieAlertAction   action,
            const char        *dedup_key,
            JsonObject        *alert,
            GError           **error)
{
  g_autoptr(VigieMail) mail = g_new0 (VigieMail, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GStrvBuilder) to = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = vigie_target_mail_recipients (target, alert);

  if (!(mail->message = vigie_target_build_mail (target, action, dedup_key, alert, now, error)))
    return NULL;
  mail->password = vigie_target_dup_secret (target, self->secrets, "password", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_array_get_string_element (array, i))
      g_strv_builder_add (to, json_array_get_string_element (array, i));
  mail->to = g_strv_builder_end (to);
  mail->url = g_strdup (vigie_target_get_url (target));
  mail->from = g_strdup (vigie_target_get_string (target, "from"));
  mail->username = g_strdup (vigie_target_get_string (target, "username"));
  mail->ca_file = g_strdup (vigie_target_get_string (target, "ca_file"));
  return g_steal_pointer (&mail);
}

static void
start_attempt (VigieDispatcher  *self,
               VigieOutboxEntry *entry)
{
  Attempt *attempt = g_new0 (Attempt, 1);
  g_autoptr(GError) error = NULL;
  gint64 *key;

  attempt->self = g_object_ref (self);
  attempt->entry = vigie_outbox_entry_copy (entry);
  attempt->started = g_get_monotonic_time ();
  key = g_memdup2 (&entry->id, sizeof entry->id);
  g_hash_table_insert (self->in_flight, key, vigie_outbox_entry_copy (entry));

  attempt->target = find_target (self, entry->client_id, entry->target_id);
  if (attempt->target == NULL)
    {
      finish_attempt (attempt, 0, VIGIE_TARGET_VERDICT_REJECTED,
                      g_strdup_printf (_("Client “%s” has no target “%s” any more"),
                                       entry->client_id, entry->target_id), 0);
      return;
    }
  g_object_ref (attempt->target);

  if (vigie_target_get_kind (attempt->target) == VIGIE_TARGET_MAIL)
    {
      VigieMail *mail = build_mail (self, attempt->target, entry->action, entry->dedup_key,
                                    json_node_get_object (entry->payload), &error);

      if (mail == NULL)
        {
          finish_attempt (attempt, 0,
                          g_error_matches (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE)
                            ? VIGIE_TARGET_VERDICT_RETRY : VIGIE_TARGET_VERDICT_REJECTED,
                          g_strdup (error->message), 0);
          return;
        }
      vigie_mailer_send_async (self->mailer, mail, self->cancellable, mail_cb, attempt);
      return;
    }

  attempt->message = vigie_target_build_message (attempt->target, entry->action, entry->dedup_key,
                                                 json_node_get_object (entry->payload), self->secrets, &error);
  if (attempt->message == NULL)
    {
      /* A missing token or a broken template: the operator must know now.
       * A keyring that does not answer may answer later. */
      finish_attempt (attempt, 0,
                      g_error_matches (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE)
                        ? VIGIE_TARGET_VERDICT_RETRY : VIGIE_TARGET_VERDICT_REJECTED,
                      g_strdup (error->message), 0);
      return;
    }

  soup_session_send_and_read_async (self->session, attempt->message, G_PRIORITY_DEFAULT,
                                    self->cancellable, http_cb, attempt);
}

/* --- scheduling --- */

/* Each source forgets only its own id: pump() removes the other, which
 * would otherwise outlive the dispatcher and fire on a freed object. */
static gboolean
pump_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;

  self->pump_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

static gboolean
pump_timer_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;

  self->timer_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_pump (VigieDispatcher *self)
{
  if (self->started && self->pump_id == 0)
    self->pump_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, pump_cb, self, NULL);
}

static void
pump (VigieDispatcher *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 next = 0;
  guint room;

  g_clear_handle_id (&self->pump_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!self->started)
    return;

  room = self->max_in_flight - MIN (self->max_in_flight, g_hash_table_size (self->in_flight));
  if (room > 0)
    {
      due = vigie_outbox_list_due (self->outbox, now, room + g_hash_table_size (self->in_flight), &error);
      if (due == NULL)
        g_warning ("%s", error->message);
      for (guint i = 0; due && i < due->len && room > 0; i++)
        {
          VigieOutboxEntry *entry = g_ptr_array_index (due, i);

          if (g_hash_table_contains (self->in_flight, &entry->id))
            continue;
          start_attempt (self, entry);
          room--;
        }
    }

  /* Due rows are in flight (their answer pumps again) or wait for room;
   * only future ones need a timer, each target's own time (a row hanging
   * in flight must not hide another's Retry-After). Poll at least each
   * minute, for rows another process queued. */
  if (!vigie_outbox_get_next_attempt_after (self->outbox, now, &next, NULL))
    next = now + 60 * G_USEC_PER_SEC;
  if (room > 0 && g_hash_table_size (self->in_flight) == 0 && due && due->len > 0)
    next = now;
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                       (guint) MIN ((next - now + 999) / 1000, 60000),
                                       pump_timer_cb, self, NULL);
}

static void
outbox_changed_cb (VigieDispatcher *self,
                   const char      *call_id,
                   const char      *dedup_key,
                   VigieOutbox     *outbox)
{
  schedule_pump (self);
}

static gboolean
overdue_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GError) error = NULL;

  overdue = vigie_outbox_list_overdue (self->outbox, g_get_real_time (),
                                       (gint64) self->overdue_delay_s * G_USEC_PER_SEC, &error);
  if (overdue == NULL)
    {
      g_warning ("%s", error->message);
      return G_SOURCE_CONTINUE;
    }

  for (guint i = 0; i < overdue->len; i++)
    {
      VigieOutboxOverdue *o = g_ptr_array_index (overdue, i);

      if (g_hash_table_contains (self->overdue_seen, o->dedup_key))
        continue;
      g_hash_table_add (self->overdue_seen, g_strdup (o->dedup_key));
      g_signal_emit (self, signals[OVERDUE], 0, o->call_id, o->dedup_key, o->recipient_phone, o->last_error);
    }
  return G_SOURCE_CONTINUE;
}

/* --- acknowledgements read back --- */

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
  JsonObject *root;
  JsonArray *incidents;
  Poll *poll;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = g_object_get_data (G_OBJECT (message), "vigie-dispatcher");
  if (self == NULL || !(poll = g_hash_table_lookup (self->polls, dedup_key)))
    return;
  poll->busy = FALSE;

  if (body == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_debug ("PagerDuty read-back for %s failed: %u", dedup_key,
               soup_message_get_status (message));
      return;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  incidents = json_object_has_member (root, "incidents") ? json_object_get_array_member (root, "incidents") : NULL;
  for (guint i = 0; incidents && i < json_array_get_length (incidents); i++)
    {
      JsonObject *incident = json_array_get_object_element (incidents, i);
      const char *status = incident ? json_object_get_string_member_with_default (incident, "status", NULL) : NULL;
      const char *by = NULL;
      g_autofree char *call_id = NULL;

      if (g_strcmp0 (status, "acknowledged") != 0 && g_strcmp0 (status, "resolved") != 0)
        continue;

      if (json_object_has_member (incident, "acknowledgements"))
        {
          JsonArray *acks = json_object_get_array_member (incident, "acknowledgements");
          JsonObject *first = acks && json_array_get_length (acks) ? json_array_get_object_element (acks, 0) : NULL;
          JsonObject *who = first && json_object_has_member (first, "acknowledger")
                            ? json_object_get_object_member (first, "acknowledger") : NULL;

          by = who ? json_object_get_string_member_with_default (who, "summary", NULL) : NULL;
        }
      call_id = g_strdup (poll->call_id);
      if (!vigie_dispatcher_acknowledge (self, call_id, dedup_key, "pagerduty", by, &error))
        g_warning ("%s", error->message);
      break;
    }
}

static gboolean
poll_timer_cb (gpointer user_data)
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

      if (g_get_monotonic_time () > poll->until || g_hash_table_contains (self->acknowledged, poll->dedup_key))
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
          text != NULL && g_str_has_prefix (text, "ack "))
        {
          g_autofree char *dedup_key = g_strstrip (g_strdup (text + 4));
          g_autoptr(GPtrArray) rows = vigie_outbox_list_key (sub->self->outbox, dedup_key, NULL);

          /* Only keys this centre sent: the topic is not a command line. */
          if (rows != NULL && rows->len > 0 && !g_hash_table_contains (sub->self->acknowledged, dedup_key))
            {
              VigieOutboxEntry *row = g_ptr_array_index (rows, 0);

              if (!vigie_dispatcher_acknowledge (sub->self, row->call_id, dedup_key, "ntfy", NULL, &error))
                g_warning ("%s", error->message);
            }
        }
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

static void
subscribe (VigieDispatcher *self,
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

/* --- GObject --- */

static void
vigie_dispatcher_dispose (GObject *object)
{
  VigieDispatcher *self = (VigieDispatcher *)object;

  vigie_dispatcher_stop (self);
  if (self->outbox)
    g_signal_handlers_disconnect_by_data (self->outbox, self);

  G_OBJECT_CLASS (vigie_dispatcher_parent_class)->dispose (object);
}

static void
vigie_dispatcher_finalize (GObject *object)
{
  VigieDispatcher *self = (VigieDispatcher *)object;

  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->finished, g_ptr_array_unref);
  g_clear_pointer (&self->overdue_seen, g_hash_table_unref);
  g_clear_pointer (&self->acknowledged, g_hash_table_unref);
  g_clear_pointer (&self->polls, g_hash_table_unref);
  g_clear_pointer (&self->subscriptions, g_hash_table_unref);
  g_clear_pointer (&self->person_targets, g_hash_table_unref);
  g_clear_object (&self->outbox);
  g_clear_object (&self->directory);
  g_clear_object (&self->secrets);
  g_clear_object (&self->mailer);
  g_clear_object (&self->summary);
  g_clear_object (&self->session);
  g_clear_object (&self->stream_session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigie_dispatcher_parent_class)->finalize (object);
}

static void
vigie_dispatcher_class_init (VigieDispatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_dispatcher_dispose;
  object_class->finalize = vigie_dispatcher_finalize;

  /**
   * VigieDispatcher::overdue:
   * @call_id: (nullable): the call
   * @dedup_key: the alert no target took
   * @phone: (nullable): the on-call person's number, to phone instead
   * @last_error: (nullable): what the platforms last answered
   *
   * The alert was not delivered within the overdue delay, or every target
   * refused it. Emitted once per alert.
   */
  signals[OVERDUE] =
    g_signal_new ("overdue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * VigieDispatcher::acknowledged:
   * @call_id: (nullable): the call
   * @dedup_key: the alert
   * @source: "operator", "pagerduty" or "ntfy"
   * @by: (nullable): who acknowledged, when the platform says
   */
  signals[ACKNOWLEDGED] =
    g_signal_new ("acknowledged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
vigie_dispatcher_init (VigieDispatcher *self)
{
  self->session = soup_session_new_with_options ("timeout", 15,
                                                 "max-conns", 128,
                                                 "max-conns-per-host", 32,
                                                 "user-agent", "Vigie/" PACKAGE_VERSION,
                                                 NULL);
  self->stream_session = soup_session_new_with_options ("timeout", 120,
                                                        "user-agent", "Vigie/" PACKAGE_VERSION,
                                                        NULL);
  self->mailer = vigie_mailer_new ();
  self->cancellable = g_cancellable_new ();
  self->in_flight = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) vigie_outbox_entry_free);
  self->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) finished_free);
  self->overdue_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->polls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) poll_free);
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) subscription_free);
  self->person_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->max_in_flight = 64;
  self->retry_base_ms = 2000;
  self->retry_max_ms = 5 * 60 * 1000;
  self->overdue_delay_s = 120;
  self->ack_poll_ms = 15000;
}

/**
 * vigie_dispatcher_new:
 * @outbox: where alerts wait
 * @directory: (nullable): the clients, whose targets the rows name
 * @secrets: (nullable): tokens and routing keys
 *
 * Sends nothing until vigie_dispatcher_start().
 *
 * Returns: (transfer full): a dispatcher
 */
VigieDispatcher *
vigie_dispatcher_new (VigieOutbox    *outbox,
                      VigieDirectory *directory,
                      VigieSecrets   *secrets)
{
  VigieDispatcher *self;

  g_return_val_if_fail (VIGIE_IS_OUTBOX (outbox), NULL);

  self = g_object_new (VIGIE_TYPE_DISPATCHER, NULL);
  self->outbox = g_object_ref (outbox);
  g_set_object (&self->directory, directory);
  g_set_object (&self->secrets, secrets);
  g_signal_connect_object (outbox, "changed", G_CALLBACK (outbox_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * vigie_dispatcher_get_outbox:
 * @self: a #VigieDispatcher
 *
 * Returns: (transfer none): the outbox
 */
VigieOutbox *
vigie_dispatcher_get_outbox (VigieDispatcher *self)
{
  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), NULL);
  return self->outbox;
}

/**
 * vigie_dispatcher_get_secrets:
 * @self: a #VigieDispatcher
 *
 * Returns: (transfer none) (nullable): the secret store
 */
VigieSecrets *
vigie_dispatcher_get_secrets (VigieDispatcher *self)
{
  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), NULL);
  return self->secrets;
}

/**
 * vigie_dispatcher_start:
 * @self: a #VigieDispatcher
 *
 * Starts sending: first what a previous run left in the outbox (deferred
 * alerts now due included), then whatever is queued. Also follows the
 * ntfy reply topics.
 */
void
vigie_dispatcher_start (VigieDispatcher *self)
{
  GListModel *clients;

  g_return_if_fail (VIGIE_IS_DISPATCHER (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->started_at = g_get_real_time ();
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }

  self->overdue_id = g_timeout_add (CLAMP (self->overdue_delay_s * 250, 100, 1000), overdue_cb, self);
  self->poll_id = g_timeout_add (self->ack_poll_ms, poll_timer_cb, self);

  clients = self->directory ? vigie_directory_get_clients (self->directory) : NULL;
  for (guint i = 0; clients && i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);
      GPtrArray *targets = vigie_client_get_targets (client);

      for (guint j = 0; j < targets->len; j++)
        {
          VigieTarget *target = g_ptr_array_index (targets, j);

          if (vigie_target_get_kind (target) == VIGIE_TARGET_NTFY &&
              vigie_target_get_string (target, "reply_topic") != NULL)
            subscribe (self, target);
        }
    }

  /* Summaries go through the outbox: only the desk that sends starts them. */
  if (self->summary == NULL && self->directory != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!(self->summary = vigie_summary_new (self->outbox, self->directory, &error)))
        g_message ("No morning summaries: %s", error->message);
    }
  if (self->summary != NULL)
    vigie_summary_start (self->summary);

  pump (self);
}

/**
 * vigie_dispatcher_stop:
 * @self: a #VigieDispatcher
 *
 * Cancels requests in flight (their rows stay pending) and stops timers.
 */
void
vigie_dispatcher_stop (VigieDispatcher *self)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pump_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->overdue_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->summary != NULL)
    vigie_summary_stop (self->summary);
  if (self->flush_id != 0)
    {
      /* Answers already in: record them rather than send again. */
      g_clear_handle_id (&self->flush_id, g_source_remove);
      flush_cb (self);
    }
  g_hash_table_remove_all (self->subscriptions);
}

/**
 * vigie_dispatcher_kick:
 * @self: a #VigieDispatcher
 *
 * Looks at the outbox now (rows queued by another process, a target back).
 */
void
vigie_dispatcher_kick (VigieDispatcher *self)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));
  pump (self);
}

guint
vigie_dispatcher_get_n_in_flight (VigieDispatcher *self)
{
  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), 0);
  return g_hash_table_size (self->in_flight);
}

/**
 * vigie_dispatcher_set_retry_policy:
 * @self: a #VigieDispatcher
 * @base_ms: the first retry's delay (default 2 s), doubled each time
 * @max_ms: the longest delay (default 5 min)
 */
void
vigie_dispatcher_set_retry_policy (VigieDispatcher *self,
                                   guint            base_ms,
                                   guint            max_ms)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));
  self->retry_base_ms = MAX (base_ms, 1);
  self->retry_max_ms = MAX (max_ms, self->retry_base_ms);
}

/**
 * vigie_dispatcher_set_max_in_flight:
 * @self: a #VigieDispatcher
 * @max: how many requests may wait for an answer at once (default 64)
 */
void
vigie_dispatcher_set_max_in_flight (VigieDispatcher *self,
                                    guint            max)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));
  self->max_in_flight = MAX (max, 1);
}

/**
 * vigie_dispatcher_set_timeout:
 * @self: a #VigieDispatcher
 * @seconds: how long a platform may take to answer (default 15 s)
 */
void
vigie_dispatcher_set_timeout (VigieDispatcher *self,
                              guint            seconds)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));
  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * vigie_dispatcher_set_overdue_delay:
 * @self: a #VigieDispatcher
 * @seconds: how long an alert may stay undelivered before the desk asks
 *   the operator to phone (default 120 s)
 */
void
vigie_dispatcher_set_overdue_delay (VigieDispatcher *self,
                                    guint            seconds)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));

  self->overdue_delay_s = seconds;
  if (self->overdue_id != 0)
    {
      g_source_remove (self->overdue_id);
      self->overdue_id = g_timeout_add (CLAMP (seconds * 250, 100, 1000), overdue_cb, self);
    }
}

guint
vigie_dispatcher_get_overdue_delay (VigieDispatcher *self)
{
  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), 0);
  return self->overdue_delay_s;
}

/**
 * vigie_dispatcher_set_ack_poll_interval:
 * @self: a #VigieDispatcher
 * @milliseconds: how often PagerDuty is asked (default 15 s)
 */
void
vigie_dispatcher_set_ack_poll_interval (VigieDispatcher *self,
                                        guint            milliseconds)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));

  self->ack_poll_ms = MAX (milliseconds, 10);
  if (self->poll_id != 0)
    {
      g_source_remove (self->poll_id);
      self->poll_id = g_timeout_add (self->ack_poll_ms, poll_timer_cb, self);
    }
}

/**
 * vigie_dispatcher_set_tls_database:
 * @self: a #VigieDispatcher
 * @database: (nullable): the certificate authorities to trust, %NULL for
 *   the system's
 *
 * Certificates are always verified; this only says against what (a
 * private CA, or a test's).
 */
void
vigie_dispatcher_set_tls_database (VigieDispatcher *self,
                                   GTlsDatabase    *database)
{
  g_return_if_fail (VIGIE_IS_DISPATCHER (self));
  g_object_set (self->session, "tls-database", database, NULL);
  g_object_set (self->stream_session, "tls-database", database, NULL);
}

/**
 * vigie_dispatcher_plan_alerts:
 * @self: a #VigieDispatcher
 * @client: the client whose targets receive the alert
 * @call_id: (nullable): the call
 * @dedup_key: the alert's key, shared by all targets
 * @alert: the alert
 * @due_at_us: when it may leave (µs since the epoch)
 *
 * One outbox entry per target of @client, for vigie_outbox_commit().
 *
 * Returns: (transfer full) (element-type VigieOutboxEntry): the entries
 */
GPtrArray *
vigie_dispatcher_plan_alerts (VigieDispatcher *self,
                              VigieClient     *client,
                              const char      *call_id,
                              const char      *dedup_key,
                              JsonNode        *alert,
                              gint64           due_at_us)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  GPtrArray *targets;

  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), entries);
  g_return_val_if_fail (VIGIE_IS_CLIENT (client), entries);

  targets = vigie_client_get_targets (client);
  for (guint i = 0; i < targets->len; i++)
    {
      VigieTarget *target = g_ptr_array_index (targets, i);
      VigieOutboxEntry *entry = vigie_outbox_entry_new (dedup_key, VIGIE_ALERT_ACTION_TRIGGER,
                                                        vigie_client_get_id (client),
                                                        vigie_target_get_id (target), alert);

      entry->call_id = g_strdup (call_id);
      entry->recipient = g_strdup (vigie_client_get_oncall_name (client));
      entry->recipient_phone = g_strdup (vigie_client_get_oncall_phone (client));
      entry->due_at = MAX (due_at_us, entry->created_at);
      entry->next_attempt_at = entry->due_at;
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

static JsonNode *
ack_event (const char *dedup_key,
           const char *status,
           const char *source,
           const char *by)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dedup_key");
  json_builder_add_string_value (builder, dedup_key);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (source)
    {
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, source);
    }
  if (by)
    {
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, by);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
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
      VigieTarget *target = find_target (self, row->client_id, row->target_id);
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
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) event = NULL;

  g_return_val_if_fail (VIGIE_IS_DISPATCHER (self), FALSE);
  g_return_val_if_fail (dedup_key != NULL, FALSE);

  if (g_hash_table_contains (self->acknowledged, dedup_key))
    return TRUE;

  if (!vigie_outbox_cancel (self->outbox, call_id, dedup_key, "acknowledged", NULL, error))
    return FALSE;
  if (!(entries = plan_follow_up (self, dedup_key, VIGIE_ALERT_ACTION_ACKNOWLEDGE, source, error)))
    return FALSE;
  event = ack_event (dedup_key, "acknowledged", source, by);
  if (!vigie_outbox_commit (self->outbox, call_id, "alert-acknowledged", event, entries, error))
    return FALSE;

  g_hash_table_add (self->acknowledged, g_strdup (dedup_key));
  g_hash_table_remove (self->polls, dedup_key);
  g_signal_emit (self, signals[ACKNOWLEDGED], 0, call_id, dedup_key, source, by);
  return TRUE;
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
  event = ack_event (dedup_key, "resolved", NULL, NULL);
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

/* --- test alerts --- */

/**
 * vigie_dispatcher_build_test_alert:
 * @client: the client
 *
 * Returns: (transfer full): a harmless alert, marked as a test
 */
JsonNode *
vigie_dispatcher_build_test_alert (VigieClient *client)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *received = g_date_time_format_iso8601 (now);
  g_autofree char *summary = g_strdup_printf (_("[%s] Test alert from Vigie — no action needed"),
                                              vigie_client_get_name (client));
  g_autofree char *call_id = g_strdup_printf ("test-%s", received);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "test");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "call_id");
  json_builder_add_string_value (builder, call_id);
  json_builder_set_member_name (builder, "received_at");
  json_builder_add_string_value (builder, received);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  json_builder_set_member_name (builder, "client");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, vigie_client_get_id (client));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, vigie_client_get_name (client));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "caller");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, "anonymous");
  json_builder_set_member_name (builder, "known");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "nature");
  json_builder_add_string_value (builder, _("Test"));
  json_builder_set_member_name (builder, "gravity");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, "trigger");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, _("This is a test of the alert chain. Please ignore it."));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

typedef struct {
  VigieTarget *target;
  SoupMessage *message;
  char        *dedup_key;
  gint64       started;
} TestData;

static void
test_data_free (TestData *data)
{
  g_clear_object (&data->target);
  g_clear_object (&data->message);
  g_free (data->dedup_key);
  g_free (data);
}

static void
return_test_result (GTask              *task,
                    guint               status,
                    VigieTargetVerdict  verdict,
                    char               *message)
{
  VigieDispatcher *self = g_task_get_source_object (task);
  TestData *data = g_task_get_task_data (task);
  VigieTestResult *result = g_new0 (VigieTestResult, 1);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(GError) error = NULL;

  result->target_id = g_strdup (vigie_target_get_id (data->target));
  result->target_label = g_strdup (vigie_target_get_label (data->target));
  result->verdict = verdict;
  result->status = status;
  result->message = vigie_target_redact (data->target, self->secrets, message);
  result->latency_us = g_get_monotonic_time () - data->started;

  /* A test is an attempt too: it goes in the journal. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, vigie_target_get_client_id (data->target));
  json_builder_set_member_name (builder, "target_id");
  json_builder_add_string_value (builder, result->target_id);
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, vigie_target_kind_to_string (vigie_target_get_kind (data->target)));
  json_builder_set_member_name (builder, "dedup_key");
  json_builder_add_string_value (builder, data->dedup_key);
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_double_value (builder, result->latency_us / 1000.0);
  json_builder_set_member_name (builder, "answer");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "delivered");
  json_builder_add_boolean_value (builder, verdict == VIGIE_TARGET_VERDICT_DELIVERED);
  json_builder_end_object (builder);
  event = json_builder_get_root (builder);
  if (!vigie_journal_append (vigie_outbox_get_journal (self->outbox), NULL, "alert-test", event, &error))
    g_warning ("%s", error->message);

  g_task_return_pointer (task, result, (GDestroyNotify) vigie_test_result_free);
}

static void
test_http_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  VigieTargetVerdict verdict;
  char *message = NULL;
  gint64 retry_at;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_test_result (task, 0, VIGIE_TARGET_VERDICT_RETRY,
                            g_strdup_printf (_("%s did not answer: %s"),
                                             vigie_target_get_label (data->target), error->message));
      return;
    }

  status = soup_message_get_status (data->message);
  verdict = vigie_target_classify (data->target, status, soup_message_get_response_headers (data->message),
                                   body, g_get_real_time (), &retry_at, &message);
  return_test_result (task, status, verdict, message);
}

static void
test_mail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  if (vigie_mailer_send_finish (VIGIE_MAILER (object), result, &status, &error))
    return_test_result (task, status, VIGIE_TARGET_VERDICT_DELIVERED,
                        g_strdup_printf (_("Mail accepted (%u)"), status));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    return_test_result (task, status,
                        g_error_matches (error, VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_TEMPORARY)
                          ? VIGIE_TARGET_VERDICT_RETRY : VIGIE_TARGET_VERDICT_REJECTED,
                        g_strdup (error->message));
}

/**
 * vigie_dispatcher_test_async:
 * @self: a #VigieDispatcher
 * @target: the target to try
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the platform's answer
 * @user_data: data for @callback
 *
 * Sends one test alert straight away (not through the outbox, no retry)
 * and reports what the platform answered. The attempt is journaled.
 */
void
vigie_dispatcher_test_async (VigieDispatcher     *self,
                             VigieTarget         *target,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) alert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  VigieClient *client;
  TestData *data;

  g_return_if_fail (VIGIE_IS_DISPATCHER (self));
  g_return_if_fail (VIGIE_IS_TARGET (target));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigie_dispatcher_test_async);
  data = g_new0 (TestData, 1);
  data->target = g_object_ref (target);
  data->dedup_key = g_strdup_printf ("vigie-test-%s", uuid);
  data->started = g_get_monotonic_time ();
  g_task_set_task_data (task, data, (GDestroyNotify) test_data_free);

  client = self->directory ? vigie_directory_find_client (self->directory, vigie_target_get_client_id (target)) : NULL;
  if (client == NULL)
    {
      g_task_return_new_error (task, VIGIE_DISPATCH_ERROR, VIGIE_DISPATCH_ERROR_NO_TARGET,
                               _("No client “%s”"), vigie_target_get_client_id (target));
      return;
    }
  alert = vigie_dispatcher_build_test_alert (client);

  if (vigie_target_get_kind (target) == VIGIE_TARGET_MAIL)
    {
      VigieMail *mail = build_mail (self, target, VIGIE_ALERT_ACTION_TRIGGER, data->dedup_key,
                                    json_node_get_object (alert), &error);

      if (mail == NULL)
        {
          return_test_result (task, 0, VIGIE_TARGET_VERDICT_REJECTED, g_strdup (error->message));
          return;
        }
      vigie_mailer_send_async (self->mailer, mail, cancellable, test_mail_cb, g_steal_pointer (&task));
      return;
    }

  data->message = vigie_target_build_message (target, VIGIE_ALERT_ACTION_TRIGGER, data->dedup_key,
                                              json_node_get_object (alert), self->secrets, &error);
  if (data->message == NULL)
    {
      return_test_result (task, 0, VIGIE_TARGET_VERDICT_REJECTED, g_strdup (error->message));
      return;
    }
  soup_session_send_and_read_async (self->session, data->message, G_PRIORITY_DEFAULT, cancellable,
                                    test_http_cb, g_steal_pointer (&task));
}

/**
 * vigie_dispatcher_test_finish:
 * @self: a #VigieDispatcher
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what the platform answered; %NULL
 *   only when the test could not be run at all
 */
VigieTestResult *
vigie_dispatcher_test_finish (VigieDispatcher  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
