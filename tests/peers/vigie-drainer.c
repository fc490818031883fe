/* vigie-drainer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bare dispatcher process for the crash test: opens DATA_DIR's journal
 * and outbox, sends everything pending, exits 0 once nothing is left.
 * The test kills it with SIGKILL at random moments.
 */
#include "config.h"

#include "vigie-dispatcher.h"

static gboolean
check_cb (gpointer user_data)
{
  VigieDispatcher *dispatcher = user_data;
  VigieOutbox *outbox = vigie_dispatcher_get_outbox (dispatcher);

  if (vigie_outbox_count (outbox, VIGIE_OUTBOX_PENDING, NULL) == 0 &&
      vigie_dispatcher_get_n_in_flight (dispatcher) == 0)
    {
      g_main_loop_quit (g_object_get_data (G_OBJECT (dispatcher), "loop"));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieOutbox) outbox = NULL;
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autoptr(VigieSecrets) secrets = NULL;
  g_autoptr(VigieDispatcher) dispatcher = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *journal_path = NULL;
  g_autofree char *clients_path = NULL;
  g_autoptr(GFile) clients = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: vigie-drainer DATA_DIR\n");
      return 2;
    }

  journal_path = g_build_filename (argv[1], "journal.sqlite", NULL);
  clients_path = g_build_filename (argv[1], "clients.json", NULL);
  clients = g_file_new_for_path (clients_path);

  if (!(journal = vigie_journal_open (journal_path, &error)) ||
      !(outbox = vigie_outbox_new (journal, &error)) ||
      !vigie_directory_load_clients (directory, clients, &error))
    {
      g_printerr ("vigie-drainer: %s\n", error->message);
      return 1;
    }

  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);
  dispatcher = vigie_dispatcher_new (outbox, directory, secrets);
  vigie_dispatcher_set_retry_policy (dispatcher, 20, 200);
  vigie_dispatcher_set_max_in_flight (dispatcher, 4);
  g_object_set_data (G_OBJECT (dispatcher), "loop", loop);
  vigie_dispatcher_start (dispatcher);
  g_timeout_add (10, check_cb, dispatcher);
  g_main_loop_run (loop);
  vigie_dispatcher_stop (dispatcher);
  return 0;
}
