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

/* What every sub-command but pbx-token works on: the client named by
 * argv[2], and argv[3] if given, one of its targets. */
typedef struct {
  const char      *data_dir;
  int              argc;
  char           **argv;
  VigieDirectory  *directory;
  VigieClient     *client;
  VigieSecrets    *secrets;
} AlertRun;

/* The switchboard's token, kept with the other secrets. */
static int
cmd_pbx_token (AlertRun *run)
{
  g_autofree char *value = vigie_cli_read_secret (_("Value (not shown): "));
  g_autoptr(GError) error = NULL;

  if (value == NULL || strlen (value) < 8)
    {
      g_printerr ("%s\n", _("vigie: the switchboard token needs at least 8 characters; nothing stored"));
      return 1;
    }
  if (!vigie_secrets_store (run->secrets, VIGIE_CONTEXT_PBX_SECRET_OWNER, "pbx-endpoint", "token", value, &error))
    return vigie_cli_fail (error);
  g_print (_("Stored the switchboard token in %s\n"), vigie_cli_secrets_place (run->secrets));
  return 0;
}

static int
cmd_secret (AlertRun *run)
{
  g_autofree char *value = vigie_cli_read_secret (_("Value (not shown): "));
  g_autoptr(GError) error = NULL;

  if (value == NULL || *value == '\0')
    {
      g_printerr ("%s\n", _("vigie: no value given; nothing stored"));
      return 1;
    }
  if (!vigie_secrets_store (run->secrets, run->argv[2], run->argv[3], run->argv[4], value, &error))
    return vigie_cli_fail (error);
  g_print (_("Stored “%s” of %s/%s in %s\n"), run->argv[4], run->argv[2], run->argv[3],
           vigie_cli_secrets_place (run->secrets));
  return 0;
}

static int
cmd_retry (AlertRun        *run,
           VigieDispatcher *dispatcher)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!vigie_outbox_retry_rejected (vigie_dispatcher_get_outbox (dispatcher), run->argv[2],
                                    run->argc >= 4 ? run->argv[3] : NULL, &n, &error))
    return vigie_cli_fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u alert queued again\n", "%u alerts queued again\n", n), n);
  return 0;
}

static int
cmd_test (AlertRun        *run,
          VigieDispatcher *dispatcher)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GPtrArray *targets = vigie_client_get_targets (run->client);
  TestRun test = { loop, 0, TRUE };

  for (guint i = 0; i < targets->len; i++)
    {
      VigieTarget *target = g_ptr_array_index (targets, i);

      if (run->argc >= 4 && !g_str_equal (vigie_target_get_id (target), run->argv[3]))
        continue;
      test.pending++;
      vigie_dispatcher_test_async (dispatcher, target, NULL, test_cb, &test);
    }
  if (test.pending == 0)
    {
      g_printerr (_("vigie: client “%s” has no alert target\n"), run->argv[2]);
      return 1;
    }
  g_main_loop_run (loop);
  return test.all_delivered ? 0 : 1;
}

/* Retrying and testing go through the outbox and its dispatcher, as the
 * desk would; the dispatcher is not started. */
static int
run_with_dispatcher (AlertRun *run,
                     int     (*command) (AlertRun *, VigieDispatcher *))
{
  g_autofree char *journal_path = g_build_filename (run->data_dir, "journal.sqlite", NULL);
  g_autoptr(VigieJournal) journal = NULL;
  g_autoptr(VigieOutbox) outbox = NULL;
  g_autoptr(VigieDispatcher) dispatcher = NULL;
  g_autoptr(GError) error = NULL;

  if (!(journal = vigie_journal_open (journal_path, &error)) ||
      !(outbox = vigie_outbox_new (journal, &error)))
    return vigie_cli_fail (error);
  dispatcher = vigie_dispatcher_new (outbox, run->directory, run->secrets);
  return command (run, dispatcher);
}

static int
cmd_retry_run (AlertRun *run)
{
  return run_with_dispatcher (run, cmd_retry);
}

static int
cmd_test_run (AlertRun *run)
{
  return run_with_dispatcher (run, cmd_test);
}

/* The client of argv[2] and, if named, its target argv[3]. */
static gboolean
find_client (AlertRun *run)
{
  g_autofree char *clients_path = g_build_filename (run->data_dir, "clients.json", NULL);
  g_autoptr(GFile) clients = g_file_new_for_path (clients_path);
  g_autoptr(GError) error = NULL;

  if (!vigie_directory_load_clients (run->directory, clients, &error))
    {
      vigie_cli_fail (error);
      return FALSE;
    }
  run->client = vigie_directory_find_client (run->directory, run->argv[2]);
  if (run->client == NULL)
    {
      g_printerr (_("vigie: no client “%s” in %s\n"), run->argv[2], clients_path);
      return FALSE;
    }
  if (run->argc >= 4 && vigie_client_find_target (run->client, run->argv[3]) == NULL)
    {
      g_printerr (_("vigie: client “%s” has no target “%s”\n"), run->argv[2], run->argv[3]);
      return FALSE;
    }
  return TRUE;
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

/* argv[3] is a date here, not a target. */
static int
cmd_summary (AlertRun *run)
{
  g_autofree char *journal_path = g_build_filename (run->data_dir, "journal.sqlite", NULL);
  const char *date = run->argc >= 4 ? run->argv[3] : NULL;
  int argc = run->argc;
  gboolean found;

  run->argc = 3;
  found = find_client (run);
  run->argc = argc;
  if (!found)
    return 1;
  return queue_summary (run->directory, run->client, journal_path, date);
}

static const struct {
  const char *name;
  int         min_argc;
  int         max_argc;
  gboolean    needs_client;
  int       (*run) (AlertRun *run);
} alert_commands[] = {
  { "pbx-token", 2, 2, FALSE, cmd_pbx_token },
  { "secret", 5, 5, TRUE, cmd_secret },
  { "retry", 3, G_MAXINT, TRUE, cmd_retry_run },
  { "test", 3, G_MAXINT, TRUE, cmd_test_run },
  { "summary", 3, 4, FALSE, cmd_summary },
};

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
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autoptr(VigieSecrets) secrets = NULL;
  AlertRun run = { data_dir, argc, argv, directory, NULL, NULL };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (alert_commands); i++)
    {
      if (!g_str_equal (argv[1], alert_commands[i].name) ||
          argc < alert_commands[i].min_argc || argc > alert_commands[i].max_argc)
        continue;
      if (alert_commands[i].needs_client && !find_client (&run))
        return 1;
      secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);
      run.secrets = secrets;
      return alert_commands[i].run (&run);
    }
  usage ();
  return 2;
}
