/* test-crash.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Crash safety: a dispatcher process (tests/peers/vigie-drainer) is killed
 * with SIGKILL at random moments while 200 alerts are in flight, at least
 * 20 times, then left to finish. At the receiving server (a strict
 * PagerDuty peer, which folds events by dedup key as PagerDuty does) every
 * key must have arrived and created exactly one incident; the outbox must
 * say delivered for all 200, and the journal must hold exactly one
 * delivered attempt per key, its hash chain intact.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "vigie-context.h"
#include "vigie-peer.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define N_ALERTS 200
#define N_KILLS  24

static GPid
spawn_drainer (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *drainer = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "tests", "vigie-drainer", NULL);
  const char *argv[] = { drainer, data_dir, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  GPid pid = 0;

  /* The test's isolated directories are not in its environment. */
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static void
test_crash_loop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (&error);
  g_autofree char *data_dir = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *targets = NULL;
  g_autoptr(VigieSecrets) secrets = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  guint kills = 0, duplicates = 0, delivered_attempts = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  g_test_message ("random seed for the kill times: %u", g_test_rand_int ());
  g_rand_set_seed (rand, (guint32) g_test_rand_int ());

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  data_dir = vigie_test_make_data_dir (NULL);
  targets = g_strdup_printf ("[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"%s/v2/enqueue\"}]", peer->base_url);
  vigie_peer_write_targets (data_dir, "hebergix", targets, "+33612345678");
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_FILE);
  g_assert_true (vigie_secrets_store (secrets, "hebergix", "pd", "routing_key", peer->routing_key, &error));
  g_assert_no_error (error);

  /* Each answer takes 50 ms and the drainer keeps 4 requests in flight:
   * the 200 alerts need seconds, so every kill lands mid-flight. */
  peer->mode = VIGIE_PEER_SLOW;
  peer->slow_ms = 50;
  peer->fail_count = -1;

  /* The 200 alerts, committed in one transaction, as a decision does. */
  journal_path = g_build_filename (data_dir, "journal.sqlite", NULL);
  {
    g_autoptr(VigieJournal) journal = vigie_journal_open (journal_path, &error);
    g_autoptr(VigieOutbox) outbox = vigie_outbox_new (journal, &error);
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);

    g_assert_no_error (error);
    for (guint i = 0; i < N_ALERTS; i++)
      {
        g_autofree char *dedup = g_strdup_printf ("vigie-crash-%03u", i);
        g_autofree char *json = g_strdup_printf ("{\"summary\": \"Alerte %u — Hébergix\", \"gravity\": %u}", i, 1 + i % 4);
        g_autoptr(JsonNode) alert = json_from_string (json, NULL);
        VigieOutboxEntry *entry = vigie_outbox_entry_new (dedup, VIGIE_ALERT_ACTION_TRIGGER, "hebergix", "pd", alert);

        entry->call_id = g_strdup_printf ("crash-call-%03u", i);
        g_ptr_array_add (entries, entry);
      }
    g_assert_true (vigie_outbox_commit (outbox, NULL, NULL, NULL, entries, &error));
    g_assert_no_error (error);
  }

  /* Kill it again and again, at random points. */
  while (kills < N_KILLS)
    {
      GPid pid = spawn_drainer (data_dir);
      int status = 0;

      vigie_test_run_for (g_rand_int_range (rand, 20, 120));
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          /* It finished before the kill: everything is out already. */
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          g_spawn_close_pid (pid);
          break;
        }
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      g_spawn_close_pid (pid);
      kills++;
    }
  g_test_message ("%u kills; %u keys received so far", kills, g_hash_table_size (peer->received));
  g_assert_cmpuint (kills, >=, 20);

  /* Then let it finish. */
  {
    GPid pid = spawn_drainer (data_dir);
    int status = 0;

    while (waitpid (pid, &status, WNOHANG) != pid)
      vigie_test_run_for (10);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_spawn_close_pid (pid);
  }

  /* The receiving server: 200 distinct keys, each accepted once. */
  g_assert_cmpuint (g_hash_table_size (peer->received), ==, N_ALERTS);
  g_assert_cmpuint (g_hash_table_size (peer->accepted), ==, N_ALERTS);
  g_hash_table_iter_init (&iter, peer->accepted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_true (g_str_has_prefix (key, "vigie-crash-"));
      g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
      if (vigie_peer_n_received (peer, key) > 1)
        duplicates++;
    }
  /* At-least-once at work: sends cut by a kill were sent again. */
  g_test_message ("%u keys were received more than once and folded by the receiver", duplicates);

  /* The journal and the outbox agree with the server. */
  {
    g_autoptr(VigieJournal) journal = vigie_journal_open (journal_path, &error);
    g_autoptr(VigieOutbox) outbox = vigie_outbox_new (journal, &error);
    g_autoptr(GPtrArray) events = NULL;
    g_autoptr(GHashTable) delivered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    gint64 n_events = 0;

    g_assert_no_error (error);
    g_assert_cmpint (vigie_outbox_count (outbox, VIGIE_OUTBOX_DELIVERED, NULL), ==, N_ALERTS);
    g_assert_cmpint (vigie_outbox_count (outbox, VIGIE_OUTBOX_PENDING, NULL), ==, 0);
    g_assert_true (vigie_journal_verify (journal, &n_events, &error));
    g_assert_no_error (error);

    events = vigie_journal_list_events (journal, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < events->len; i++)
      {
        VigieJournalEvent *event = g_ptr_array_index (events, i);
        g_autoptr(JsonNode) data = NULL;
        JsonObject *object;

        if (!g_str_equal (event->kind, "alert-attempt"))
          continue;
        data = json_from_string (event->data, NULL);
        object = json_node_get_object (data);
        if (g_strcmp0 (json_object_get_string_member (object, "status"), "delivered") != 0)
          continue;
        g_assert_false (g_hash_table_contains (delivered, json_object_get_string_member (object, "dedup_key")));
        g_hash_table_add (delivered, g_strdup (json_object_get_string_member (object, "dedup_key")));
        delivered_attempts++;
      }
    g_assert_cmpuint (delivered_attempts, ==, N_ALERTS);
  }
}

int
main (int    argc,
      char **argv)
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/crash/sigkill-loop", test_crash_loop);

  return g_test_run ();
}
