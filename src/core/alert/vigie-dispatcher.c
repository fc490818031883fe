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
#include "vigie-dispatcher-private.h"
#include "vigie-summary.h"


G_DEFINE_FINAL_TYPE (VigieDispatcher, vigie_dispatcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-dispatch-error-quark, vigie_dispatch_error)

enum {
  OVERDUE,
  ACKNOWLEDGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- scheduling --- */

/* Each source forgets only its own id: _vigie_dispatcher_pump() removes
 * the other, which would otherwise outlive the dispatcher and fire on a freed object. */
static gboolean
pump_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;

  self->pump_id = 0;
  _vigie_dispatcher_pump (self);
  return G_SOURCE_REMOVE;
}

static gboolean
pump_timer_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;

  self->timer_id = 0;
  _vigie_dispatcher_pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_pump (VigieDispatcher *self)
{
  if (self->started && self->pump_id == 0)
    self->pump_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, pump_cb, self, NULL);
}

void
_vigie_dispatcher_pump (VigieDispatcher *self)
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
          _vigie_dispatcher_start_attempt (self, entry);
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
  self->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) _vigie_dispatcher_finished_free);
  self->overdue_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->polls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _vigie_dispatcher_poll_free);
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _vigie_dispatcher_subscription_free);
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

/* ntfy replies may come for alerts a previous run sent. */
static void
follow_reply_topics (VigieDispatcher *self)
{
  GListModel *clients = self->directory ? vigie_directory_get_clients (self->directory) : NULL;

  for (guint i = 0; clients && i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);
      GPtrArray *targets = vigie_client_get_targets (client);

      for (guint j = 0; j < targets->len; j++)
        if (_vigie_dispatcher_wants_replies (g_ptr_array_index (targets, j)))
          _vigie_dispatcher_subscribe (self, g_ptr_array_index (targets, j));
    }
}

/* Summaries go through the outbox: only the desk that sends starts them. */
static void
start_summaries (VigieDispatcher *self)
{
  g_autoptr(GError) error = NULL;

  if (self->summary == NULL && self->directory != NULL &&
      !(self->summary = vigie_summary_new (self->outbox, self->directory, &error)))
    g_message ("No morning summaries: %s", error->message);
  if (self->summary != NULL)
    vigie_summary_start (self->summary);
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
  self->poll_id = g_timeout_add (self->ack_poll_ms, _vigie_dispatcher_poll_timer_cb, self);

  follow_reply_topics (self);
  start_summaries (self);
  _vigie_dispatcher_pump (self);
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
      _vigie_dispatcher_flush_cb (self);
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
  _vigie_dispatcher_pump (self);
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
      self->poll_id = g_timeout_add (self->ack_poll_ms, _vigie_dispatcher_poll_timer_cb, self);
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

