/* vigie-dispatcher-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test alerts: one alert straight to one target, not through the outbox,
 * and what the platform answered, journaled.
 */
#define G_LOG_DOMAIN "vigie-dispatcher"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "vigie-dispatcher-private.h"

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
  /* The redacted copy: vigie_target_redact() took @message (and frees it
   * when it masks a secret). */
  json_builder_add_string_value (builder, result->message);
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
      VigieMail *mail = _vigie_dispatcher_build_mail (self, target, VIGIE_ALERT_ACTION_TRIGGER, data->dedup_key,
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

