/* vigie-cli-alert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie alert …`, without a display:
 *   vigie alert test CLIENT [TARGET]        send a test alert, print the answer
 *   vigie alert secret CLIENT TARGET FIELD  store a token read from stdin
 *   vigie alert retry CLIENT [TARGET]       resend alerts refused for a
 *                                           configuration error, once fixed
 *   vigie alert pbx-token                   store the switchboard endpoint's
 *                                           token read from stdin
 *   vigie alert summary CLIENT [DATE]       queue the client's morning
 *                                           summary (the desk sends it)
 * It does not start the dispatcher: the desk sends the outbox, not this.
 */
#define G_LOG_DOMAIN "vigie-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "vigie-cli.h"
#include "vigie-context.h"
#include "vigie-dispatcher.h"
#include "vigie-summary.h"

typedef struct {
  GMainLoop *loop;
  guint      pending;
  gboolean   all_delivered;
} TestRun;

static void
usage (void)
{
  g_printerr ("%s\n", _("Usage: vigie alert test CLIENT [TARGET]\n"
                        "       vigie alert secret CLIENT TARGET FIELD   (the value is read from standard input)\n"
                        "       vigie alert retry CLIENT [TARGET]"));
  g_printerr ("%s\n", _("       vigie alert summary CLIENT [YYYY-MM-DD]   (queues the client's morning summary)"));
}

static const char *
verdict_text (VigieTargetVerdict verdict)
{
  switch (verdict)
    {
    case VIGIE_TARGET_VERDICT_DELIVERED: return _("delivered");
    case VIGIE_TARGET_VERDICT_RETRY: return _("not delivered, would be retried");
    case VIGIE_TARGET_VERDICT_REJECTED: return _("refused (configuration error)");
    default: return "?";
    }
}

static void
test_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TestRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieTestResult) test = vigie_dispatcher_test_finish (VIGIE_DISPATCHER (object), result, &error);

  if (test == NULL)
    {
      g_print ("%s\n", error->message);
      run->all_delivered = FALSE;
    }
  else
    {
      /* One line per target: what the platform itself answered. */
      g_print ("%s (%s): %s — %s (%" G_GINT64_FORMAT " ms)\n", test->target_id, test->target_label,
               verdict_text (test->verdict), test->message ? test->message : "",
               test->latency_us / 1000);
      if (test->verdict != VIGIE_TARGET_VERDICT_DELIVERED)
        run->all_delivered = FALSE;
    }

  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
}

static char *
read_secret (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char buffer[4096];
  char *line;

  if (tty)
    {
      g_printerr ("%s", _("Value (not shown): "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }
  return line ? g_strstrip (g_strdup (line)) : NULL;
}

typedef struct {
  GMainLoop *loop;
  char      *key;
  gboolean   queued;
  GError    *error;
} SummaryRun;

static void
summary_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SummaryRun *run = user_data;

  run->key = vigie_summary_queue_finish (VIGIE_SUMMARY (object), result, &run->queued, &run->error);
  g_main_loop_quit (run->loop);
}

/* The night ending on @date (the client's hour that day), or the last
 * one due. Only queued: the desk that holds the data folder sends it. */
static int
queue_summary (VigieDirectory *directory,
               VigieClient    *client,
               const char     *journal_path,
               const char     *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieOutbox) outbox = NULL;
  g_autoptr(VigieSummary) summary = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  SummaryRun run = { loop, NULL, FALSE, NULL };
  int y, m, d;

  if (date != NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (vigie_client_get_timezone (client));
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) evening = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen (date) != 10 ||
          !(evening = g_date_time_new (zone ? zone : local, y, m, d, 23, 59, 59)))
        {
          g_printerr (_("vigie: “%s” is not a date (2026-11-28)\n"), date);
          return 2;
        }
      end = vigie_summary_last_due (client, evening);
      if (end != NULL && g_date_time_compare (end, now) > 0)
        {
          g_printerr (_("vigie: the night of %s is not over yet\n"), date);
          return 1;
        }
    }

  if (!(journal = vigie_journal_open (journal_path, &error)) ||
      !(outbox = vigie_outbox_new (journal, &error)) ||
      !(summary = vigie_summary_new (outbox, directory, &error)))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  vigie_summary_queue_async (summary, client, end, NULL, summary_cb, &run);
  g_main_loop_run (loop);
  if (run.key == NULL)
    {
      g_printerr ("vigie: %s\n", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }
  g_print (run.queued ? _("Summary %s queued; the desk sends it\n") : _("Summary %s was already queued\n"), run.key);
  g_free (run.key);
  return 0;
}

/**
 * vigie_cli_alert:
 * @data_dir: the data directory
 * @argc: argument count, argv[0] is "alert"
 * @argv: arguments
 *
 * Returns: 0 when every test alert was delivered (or the secret stored),
 *   1 otherwise, 2 on a usage error
 */
int
vigie_cli_alert (const char  *data_dir,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieOutbox) outbox = NULL;
  g_autoptr(VigieSecrets) secrets = NULL;
  g_autoptr(VigieDispatcher) dispatcher = NULL;
  g_autofree char *clients_path = g_build_filename (data_dir, "clients.json", NULL);
  g_autofree char *journal_path = g_build_filename (data_dir, "journal.sqlite", NULL);
  g_autoptr(GFile) clients = g_file_new_for_path (clients_path);
  VigieClient *client;
  const char *command = argc >= 2 ? argv[1] : NULL;

  /* The switchboard's token, kept with the other secrets. */
  if (command != NULL && g_str_equal (command, "pbx-token") && argc == 2)
    {
      g_autoptr(VigieSecrets) pbx_secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);
      g_autofree char *value = read_secret ();

      if (value == NULL || strlen (value) < 8)
        {
          g_printerr ("%s\n", _("vigie: the switchboard token needs at least 8 characters; nothing stored"));
          return 1;
        }
      if (!vigie_secrets_store (pbx_secrets, VIGIE_CONTEXT_PBX_SECRET_OWNER, "pbx-endpoint", "token", value, &error))
        {
          g_printerr ("vigie: %s\n", error->message);
          return 1;
        }
      g_print (_("Stored the switchboard token in %s\n"),
               vigie_secrets_get_backend (pbx_secrets) == VIGIE_SECRETS_BACKEND_KEYRING
                 ? _("the keyring") : vigie_secrets_get_path (pbx_secrets));
      return 0;
    }

  if (command == NULL || argc < 3 ||
      !(g_str_equal (command, "test") || g_str_equal (command, "secret") || g_str_equal (command, "retry") ||
        g_str_equal (command, "summary")) ||
      (g_str_equal (command, "secret") && argc != 5))
    {
      usage ();
      return 2;
    }

  if (!vigie_directory_load_clients (directory, clients, &error))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  client = vigie_directory_find_client (directory, argv[2]);
  if (client == NULL)
    {
      g_printerr (_("vigie: no client “%s” in %s\n"), argv[2], clients_path);
      return 1;
    }
  if (g_str_equal (command, "summary"))
    return queue_summary (directory, client, journal_path, argc >= 4 ? argv[3] : NULL);
  if (argc >= 4 && vigie_client_find_target (client, argv[3]) == NULL)
    {
      g_printerr (_("vigie: client “%s” has no target “%s”\n"), argv[2], argv[3]);
      return 1;
    }
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);

  if (g_str_equal (command, "secret"))
    {
      g_autofree char *value = read_secret ();

      if (value == NULL || *value == '\0')
        {
          g_printerr ("%s\n", _("vigie: no value given; nothing stored"));
          return 1;
        }
      if (!vigie_secrets_store (secrets, argv[2], argv[3], argv[4], value, &error))
        {
          g_printerr ("vigie: %s\n", error->message);
          return 1;
        }
      g_print (_("Stored “%s” of %s/%s in %s\n"), argv[4], argv[2], argv[3],
               vigie_secrets_get_backend (secrets) == VIGIE_SECRETS_BACKEND_KEYRING
                 ? _("the keyring") : vigie_secrets_get_path (secrets));
      return 0;
    }

  if (!(journal = vigie_journal_open (journal_path, &error)) ||
      !(outbox = vigie_outbox_new (journal, &error)))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  dispatcher = vigie_dispatcher_new (outbox, directory, secrets);

  if (g_str_equal (command, "retry"))
    {
      guint n = 0;

      if (!vigie_outbox_retry_rejected (outbox, argv[2], argc >= 4 ? argv[3] : NULL, &n, &error))
        {
          g_printerr ("vigie: %s\n", error->message);
          return 1;
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u alert queued again\n", "%u alerts queued again\n", n), n);
      return 0;
    }

  {
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    GPtrArray *targets = vigie_client_get_targets (client);
    TestRun run = { loop, 0, TRUE };

    for (guint i = 0; i < targets->len; i++)
      {
        VigieTarget *target = g_ptr_array_index (targets, i);

        if (argc >= 4 && !g_str_equal (vigie_target_get_id (target), argv[3]))
          continue;
        run.pending++;
        vigie_dispatcher_test_async (dispatcher, target, NULL, test_cb, &run);
      }
    if (run.pending == 0)
      {
        g_printerr (_("vigie: client “%s” has no alert target\n"), argv[2]);
        return 1;
      }
    g_main_loop_run (loop);
    return run.all_delivered ? 0 : 1;
  }
}
