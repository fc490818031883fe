/* bench-dispatch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two figures for docs/benchmarks.md, against a PagerDuty peer on
 * loopback (tests/peers), with the journal on disk (WAL, synchronous=FULL):
 *  1. decision → first request byte on the wire: from vigie_call_decide()
 *     (which commits the decision and its alert) to the moment the peer
 *     starts reading the request. Target: under 20 ms.
 *  2. drain rate: 1,000 alerts queued while the target is down; time from
 *     the target coming back until all 1,000 are delivered (and recorded).
 *     Target: at least 200 per second.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "vigie-context.h"
#include "vigie-peer.h"
#include "vigie-test-util.h"

#define N_DECISIONS 50
#define N_DRAIN     1000

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static VigieContext *
make_context (VigiePeer *peer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = vigie_test_make_data_dir (NULL);
  g_autofree char *targets = g_strdup_printf ("[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"%s/v2/enqueue\"}]",
                                              peer->base_url);
  g_autoptr(VigieSecrets) secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_FILE);
  VigieContext *context;

  vigie_peer_write_targets (dir, "hebergix", targets, "+33612345678");
  if (!vigie_secrets_store (secrets, "hebergix", "pd", "routing_key", peer->routing_key, &error) ||
      !(context = vigie_context_new (dir, &error)))
    g_error ("%s", error->message);
  return context;
}

static void
bench_first_byte (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (&error);
  g_autoptr(VigieContext) context = make_context (peer);
  gint64 samples[N_DECISIONS];

  for (guint i = 0; i < N_DECISIONS; i++)
    {
      g_autoptr(VigieCall) call = vigie_context_open_call (context, "+33 6 98 76 54 32", "0800 300 400", NULL, &error);
      gint64 start;

      if (call == NULL || !vigie_call_answer (call, 0, &error) || !vigie_call_answer (call, 0, &error))
        g_error ("%s", error->message);

      peer->first_request_us = 0;
      start = g_get_monotonic_time ();
      if (!vigie_call_decide (call, VIGIE_DECISION_TRIGGER, NULL, &error))
        g_error ("%s", error->message);
      while (peer->first_request_us == 0)
        g_main_context_iteration (NULL, TRUE);
      samples[i] = peer->first_request_us - start;
      while (vigie_call_get_alert_state (call) != VIGIE_ALERT_DELIVERED)
        g_main_context_iteration (NULL, TRUE);
    }

  qsort (samples, N_DECISIONS, sizeof samples[0], compare_gint64);
  g_print ("decision → first request byte (%u decisions): median %.2f ms, p95 %.2f ms, max %.2f ms\n",
           N_DECISIONS, samples[N_DECISIONS / 2] / 1000.0, samples[N_DECISIONS * 95 / 100] / 1000.0,
           samples[N_DECISIONS - 1] / 1000.0);
}

static void
bench_drain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (&error);
  g_autoptr(VigieContext) context = make_context (peer);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  VigieDispatcher *dispatcher = vigie_context_get_dispatcher (context);
  VigieOutbox *outbox = vigie_context_get_outbox (context);
  gint64 start, elapsed;
  gboolean done = FALSE;

  vigie_dispatcher_set_retry_policy (dispatcher, 200, 400);
  vigie_peer_set_down (peer, TRUE);

  for (guint i = 0; i < N_DRAIN; i++)
    {
      g_autofree char *key = g_strdup_printf ("vigie-bench-%04u", i);
      g_autoptr(JsonNode) alert = json_from_string ("{\"summary\": \"[Hébergix] Panne majeure\", \"gravity\": 4}", NULL);
      VigieOutboxEntry *entry = vigie_outbox_entry_new (key, VIGIE_ALERT_ACTION_TRIGGER, "hebergix", "pd", alert);

      g_ptr_array_add (entries, entry);
    }
  if (!vigie_outbox_commit (outbox, NULL, NULL, NULL, entries, &error))
    g_error ("%s", error->message);

  /* Let every alert fail at least once against the dead target. */
  while (!done)
    {
      g_autoptr(GPtrArray) due = vigie_outbox_list_due (outbox, G_MAXINT64, 0, NULL);

      done = TRUE;
      for (guint i = 0; i < due->len; i++)
        if (((VigieOutboxEntry *) g_ptr_array_index (due, i))->attempts == 0)
          done = FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  vigie_peer_set_down (peer, FALSE);
  start = g_get_monotonic_time ();
  vigie_dispatcher_kick (dispatcher);
  while (vigie_outbox_count (outbox, VIGIE_OUTBOX_DELIVERED, NULL) < N_DRAIN)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  g_print ("drain: %u queued alerts delivered in %.3f s once the target came back: %.0f alerts/s "
           "(backoff ceiling 400 ms included)\n", N_DRAIN, elapsed / 1e6, N_DRAIN / (elapsed / 1e6));
  g_print ("       the peer saw %u requests, %u distinct keys\n", peer->requests->len,
           g_hash_table_size (peer->accepted));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("vigie-bench-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);

  setlocale (LC_ALL, "");

  /* Its own directories, on disk: nothing of the user's is touched. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_mkdir_with_parents (data, 0700);

  bench_first_byte ();
  bench_drain ();
  return 0;
}
