/* test-alert-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie alert retry`, run as a supervisor would once a target's
 * configuration is fixed: the alerts that target refused go out again,
 * the other targets' refusals stay as they are.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "vigie-outbox.h"
#include "vigie-test-cli.h"
#include "vigie-test-util.h"

/* hebergix gets two alert targets, as a centre would configure them. */
static void
add_targets_cb (JsonObject *client,
                gpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) targets = NULL;

  if (!g_str_equal (json_object_get_string_member (client, "id"), "hebergix"))
    return;
  targets = json_from_string ("[{\"id\": \"pd\", \"type\": \"pagerduty\"},"
                              " {\"id\": \"phone\", \"type\": \"ntfy\", \"topic\": \"astreinte\","
                              "  \"url\": \"http://127.0.0.1:9\"}]", &error);
  g_assert_no_error (error);
  json_object_set_member (client, "targets", g_steal_pointer (&targets));
}

static VigieOutbox *
open_outbox (const char   *data_dir,
             VigieJournal **journal)
{
  g_autofree char *path = g_build_filename (data_dir, "journal.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  VigieOutbox *outbox;

  *journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  outbox = vigie_outbox_new (*journal, &error);
  g_assert_no_error (error);
  return outbox;
}

/* One alert of a call, refused by both targets for a configuration error. */
static void
refuse_alert (const char *data_dir)
{
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieOutbox) outbox = open_outbox (data_dir, &journal);
  g_autoptr(JsonNode) payload = json_from_string ("{\"summary\": \"Serveur arrêté\", \"gravity\": 4}", NULL);
  g_autoptr(VigieOutboxEntry) pd = vigie_outbox_entry_new ("vigie-call-1", VIGIE_ALERT_ACTION_TRIGGER,
                                                           "hebergix", "pd", payload);
  g_autoptr(VigieOutboxEntry) phone = vigie_outbox_entry_new ("vigie-call-1", VIGIE_ALERT_ACTION_TRIGGER,
                                                              "hebergix", "phone", payload);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  VigieOutboxAttempt attempts[2] = {
    { pd, "pagerduty", now, 1000, 400, VIGIE_TARGET_VERDICT_REJECTED, (char *) "Invalid routing key", 0 },
    { phone, "ntfy", now, 1000, 401, VIGIE_TARGET_VERDICT_REJECTED, (char *) "Unauthorized", 0 },
  };

  pd->call_id = g_strdup ("call-1");
  phone->call_id = g_strdup ("call-1");
  g_assert_true (vigie_outbox_enqueue (outbox, pd, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_outbox_enqueue (outbox, phone, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_outbox_record_attempts (outbox, attempts, 2, &error));
  g_assert_no_error (error);
}

/* `vigie alert ARG…` on @data_dir: its exit status, its output (stderr
 * merged) in @out. */
static int
vigie_alert (const char  *data_dir,
             char       **out,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(VigieTestRun) run = { 0 };
  va_list ap;

  g_ptr_array_add (args, (gpointer) "alert");
  va_start (ap, first);
  for (const char *arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  vigie_test_run_vigiev (&run, data_dir, NULL, VIGIE_TEST_RUN_MERGE_STDERR, (const char * const *) args->pdata);
  *out = g_steal_pointer (&run.out);
  return run.status;
}

static void
test_retry (void)
{
  g_autofree char *data_dir = vigie_test_make_data_dir (NULL);
  g_autofree char *out = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieOutbox) outbox = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  vigie_test_edit_clients (data_dir, add_targets_cb, NULL);
  refuse_alert (data_dir);

  /* Only the PagerDuty copy is queued again. */
  g_assert_cmpint (vigie_alert (data_dir, &out, "retry", "hebergix", "pd", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "1 alert queued again\n");
  g_clear_pointer (&out, g_free);

  outbox = open_outbox (data_dir, &journal);
  due = vigie_outbox_list_due (outbox, g_get_real_time (), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((VigieOutboxEntry *) g_ptr_array_index (due, 0))->target_id, ==, "pd");
  g_assert_cmpstr (((VigieOutboxEntry *) g_ptr_array_index (due, 0))->dedup_key, ==, "vigie-call-1");
  g_clear_object (&outbox);
  g_clear_object (&journal);

  /* Without a target, every refused copy of the client's alerts. */
  g_assert_cmpint (vigie_alert (data_dir, &out, "retry", "hebergix", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "1 alert queued again\n");
  g_clear_pointer (&out, g_free);

  /* A target the client does not have is refused, nothing queued. */
  g_assert_cmpint (vigie_alert (data_dir, &out, "retry", "hebergix", "sms", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "client “hebergix” has no target “sms”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/alert/cli/retry", test_retry);

  return g_test_run ();
}
