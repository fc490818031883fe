/* vigie-dispatcher-send.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sending and recording: one attempt per outbox row, over libsoup or the
 * mailer; the answers that arrive together are journaled together, and a
 * row is only marked delivered in the commit that journals it.
 */
#define G_LOG_DOMAIN "vigie-dispatcher"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "vigie-dispatcher-private.h"

void
_vigie_dispatcher_finished_free (Finished *finished)
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

VigieTarget *
_vigie_dispatcher_find_target (VigieDispatcher *self,
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

gboolean
_vigie_dispatcher_flush_cb (gpointer user_data)
{
  VigieDispatcher *self = user_data;
  g_autoptr(GPtrArray) finished = g_steal_pointer (&self->finished);
  g_autofree VigieOutboxAttempt *attempts = NULL;
  g_autoptr(GError) error = NULL;

  self->flush_id = 0;
  self->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) _vigie_dispatcher_finished_free);

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
        _vigie_dispatcher_follow_acknowledgement (self, entry);
    }

  _vigie_dispatcher_pump (self);
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
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, _vigie_dispatcher_flush_cb, self, NULL);
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

VigieMail *
_vigie_dispatcher_build_mail (VigieDispatcher   *self,
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

void
_vigie_dispatcher_start_attempt (VigieDispatcher  *self,
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

  attempt->target = _vigie_dispatcher_find_target (self, entry->client_id, entry->target_id);
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
      VigieMail *mail = _vigie_dispatcher_build_mail (self, attempt->target, entry->action, entry->dedup_key,
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
