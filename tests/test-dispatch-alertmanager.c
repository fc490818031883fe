/* test-dispatch-alertmanager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian's prometheus-alertmanager receives Vigie's alerts; the test reads
 * them back through Alertmanager's own API v2 and checks labels and
 * annotations, then resolves. A missing binary is a failure, not a skip.
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include "vigie-dispatch-fixture.h"

static JsonNode *
get_json (SoupSession *session,
          const char  *url,
          guint       *status)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);

  *status = soup_message_get_status (message);
  if (body == NULL || *status != 200)
    return NULL;
  return json_from_string (g_bytes_get_data (body, NULL), NULL);
}

static JsonObject *
find_alert (JsonNode   *alerts,
            const char *dedup_key)
{
  JsonArray *array = json_node_get_array (alerts);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *alert = json_array_get_object_element (array, i);
      JsonObject *labels = json_object_get_object_member (alert, "labels");

      if (g_strcmp0 (json_object_get_string_member_with_default (labels, "dedup_key", NULL), dedup_key) == 0)
        return alert;
    }
  return NULL;
}

static void
test_alertmanager (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = g_find_program_in_path ("prometheus-alertmanager");
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *config_flag = NULL;
  g_autofree char *storage_flag = NULL;
  g_autofree char *listen_flag = NULL;
  g_autofree char *base = NULL;
  g_autofree char *ready_url = NULL;
  g_autofree char *alerts_url = NULL;
  g_autofree char *targets = NULL;
  g_autofree char *key = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonNode) alerts = NULL;
  JsonObject *alert, *labels, *annotations;
  Fixture fixture = { 0 };
  GPid pid = 0;
  guint port, status = 0;
  int wstatus;

  if (binary == NULL)
    {
      g_test_fail_printf ("prometheus-alertmanager is not installed (Debian package prometheus-alertmanager)");
      return;
    }

  dir = g_dir_make_tmp ("vigie-am-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (dir, "alertmanager.yml", NULL);
  storage = g_build_filename (dir, "data", NULL);
  g_assert_true (g_file_set_contents (config,
                                      "route:\n"
                                      "  receiver: desk\n"
                                      "  group_wait: 1s\n"
                                      "receivers:\n"
                                      "  - name: desk\n", -1, &error));
  port = vigie_test_free_port ();
  config_flag = g_strdup_printf ("--config.file=%s", config);
  storage_flag = g_strdup_printf ("--storage.path=%s", storage);
  listen_flag = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", port);
  {
    const char *argv[] = { binary, config_flag, storage_flag, listen_flag, "--cluster.listen-address=",
                           "--log.level=warn", NULL };

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                  NULL, NULL, &pid, &error));
    g_assert_no_error (error);
  }

  base = g_strdup_printf ("http://127.0.0.1:%u", port);
  ready_url = g_strdup_printf ("%s/-/ready", base);
  alerts_url = g_strdup_printf ("%s/api/v2/alerts", base);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, ready_url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);

      if (body != NULL && soup_message_get_status (message) == 200)
        break;
      g_assert_cmpint (waitpid (pid, &wstatus, WNOHANG), ==, 0);
      g_usleep (50000);
    }

  targets = g_strdup_printf ("[{\"id\": \"am\", \"type\": \"alertmanager\", \"url\": \"%s\","
                             "  \"labels\": {\"team\": \"astreinte-hebergix\"}}]", base);
  vigie_dispatch_fixture_setup (&fixture, targets);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Delivered to Prometheus Alertmanager (200)"));

  /* Read back through Alertmanager's own API. */
  alerts = get_json (session, alerts_url, &status);
  g_assert_cmpuint (status, ==, 200);
  alert = find_alert (alerts, key);
  g_assert_nonnull (alert);
  labels = json_object_get_object_member (alert, "labels");
  g_assert_cmpstr (json_object_get_string_member (labels, "alertname"), ==, "VigieOnCall");
  g_assert_cmpstr (json_object_get_string_member (labels, "client"), ==, "hebergix");
  g_assert_cmpstr (json_object_get_string_member (labels, "severity"), ==, "critical");
  g_assert_cmpstr (json_object_get_string_member (labels, "nature"), ==, "Panne majeure d'hébergement");
  g_assert_cmpstr (json_object_get_string_member (labels, "team"), ==, "astreinte-hebergix");
  annotations = json_object_get_object_member (alert, "annotations");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (annotations, "summary"), "[Hébergix] Panne majeure"));
  g_assert_nonnull (strstr (json_object_get_string_member (annotations, "description"),
                            "Plusieurs services ou clients hors ligne"));
  g_assert_cmpstr (json_object_get_string_member (annotations, "caller_number"), ==, "+33698765432");
  g_assert_cmpstr (json_object_get_string_member (annotations, "client_name"), ==, "Hébergix");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (alert, "status"), "state"), ==, "active");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (alert, "generatorURL"), "urn:vigie:call:"));

  /* Resolving sends the same labels with endsAt = now. */
  g_assert_true (vigie_call_resolve (call, &error));
  g_assert_no_error (error);
  VIGIE_TEST_WAIT_FOR (row_state (&fixture, call, "am", "resolve") == VIGIE_OUTBOX_DELIVERED);
  g_clear_pointer (&alerts, json_node_unref);
  {
    g_autofree char *url = g_strdup_printf ("%s?active=true&silenced=false&inhibited=false&unprocessed=true", alerts_url);
    alerts = get_json (session, url, &status);
  }
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (find_alert (alerts, key));

  vigie_dispatch_fixture_teardown (&fixture, NULL);
  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &wstatus, 0), ==, pid);
  g_spawn_close_pid (pid);
}

int
main (int    argc,
      char **argv)
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/dispatch/alertmanager", test_alertmanager);

  return g_test_run ();
}
