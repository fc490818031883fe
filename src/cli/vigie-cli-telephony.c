/* vigie-cli-telephony.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie telephony …`, without a display, so a centre sets its desks up by
 * script (docs/telephony.md):
 *   vigie telephony list
 *   vigie telephony add ID baresip|ami|wazo [KEY=VALUE…]
 *   vigie telephony set ID KEY=VALUE…        (an empty VALUE removes KEY)
 *   vigie telephony enable|disable ID
 *   vigie telephony remove ID
 *   vigie telephony secret ID                (AMI password, from standard input)
 *   vigie telephony stats [DAYS]             rings, answered, unanswered, answer rate
 *                                            (today, or the last DAYS days)
 * A running desk picks the change up by itself (it watches telephony.json).
 */
#define G_LOG_DOMAIN "vigie-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-cli.h"
#include "vigie-context.h"
#include "vigie-secrets.h"
#include "vigie-telephony-config.h"
#include "vigie-telephony.h"

static void
usage (void)
{
  g_printerr ("%s\n", _("Usage: vigie telephony list\n"
                        "       vigie telephony add ID baresip|ami|wazo [KEY=VALUE…]\n"
                        "       vigie telephony set ID KEY=VALUE…\n"
                        "       vigie telephony enable|disable|remove ID\n"
                        "       vigie telephony secret ID   (the AMI password is read from standard input)\n"
                        "       vigie telephony stats [DAYS]\n"
                        "Keys: host, port, line, username, extensions, queues (comma-separated),\n"
                        "      account:SIP-URI (the line of a baresip account), enabled"));
}

static gboolean
apply_settings (JsonObject  *connector,
                int          argc,
                char       **argv,
                GError     **error)
{
  for (int i = 0; i < argc; i++)
    {
      const char *equals = strchr (argv[i], '=');
      g_autofree char *key = NULL;

      if (equals == NULL || equals == argv[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not KEY=VALUE"), argv[i]);
          return FALSE;
        }
      key = g_strndup (argv[i], equals - argv[i]);
      if (!vigie_telephony_config_set (connector, key, equals + 1, error))
        return FALSE;
    }
  return TRUE;
}

static void
print_connector (JsonObject   *connector,
                 VigieSecrets *secrets)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), connector);
  g_autofree char *json = json_to_string (node, FALSE);
  const char *id = vigie_telephony_config_get_string (connector, "id");

  g_print ("%s\t%s", id ? id : "?", json);
  if (g_strcmp0 (vigie_telephony_config_get_string (connector, "kind"), "ami") == 0)
    {
      g_autofree char *secret = vigie_secrets_lookup (secrets, "telephony", id, "secret", NULL);

      g_print ("\t%s", secret ? _("password stored") : _("no password stored"));
    }
  g_print ("\n");
}

/* What the sub-commands share: the connectors' file, loaded, and the
 * connector argv[2]. */
typedef struct {
  const char    *data_dir;
  int            argc;
  char         **argv;
  JsonObject    *config;
  VigieSecrets  *secrets;
  JsonObject    *connector;   /* the one changed, checked and printed once saved */
} TelephonyRun;

static int
cmd_stats (const char  *data_dir,
           int          argc,
           char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = vigie_context_new (data_dir, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) since = NULL;
  VigieTelephonyCounts counts;
  g_autofree char *rate = NULL;
  guint64 days = 0;

  if (argc > 3 || (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 3660, &days, &error)))
    {
      if (error != NULL)
        g_printerr ("vigie: %s\n", error->message);
      usage ();
      return 2;
    }
  if (context == NULL)
    return vigie_cli_fail (error);
  since = days > 0 ? g_date_time_add_days (now, -(gint) days)
                   : g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                            g_date_time_get_day_of_month (now), 0, 0, 0);
  if (!vigie_telephony_count (vigie_context_get_journal (context), since, &counts, &error))
    return vigie_cli_fail (error);
  /* The supervisor's answer rate ("taux de décroché"): rings picked up. */
  rate = counts.rings ? g_strdup_printf ("%.0f %%", 100.0 * counts.answered / counts.rings) : g_strdup ("—");
  g_print (_("Rings: %u\nAnswered: %u\nUnanswered: %u (on-call person alerted: %u)\nAnswer rate: %s\n"),
           counts.rings, counts.answered, counts.unanswered, counts.alerted, rate);
  return 0;
}

static int
cmd_list (TelephonyRun *run)
{
  JsonArray *array = vigie_telephony_config_connectors (run->config);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      print_connector (json_array_get_object_element (array, i), run->secrets);
  return 0;
}

/* The sub-commands that change telephony.json return -1 to have it saved. */
#define SAVE (-1)

static int
cmd_add (TelephonyRun *run)
{
  g_autoptr(GError) error = NULL;

  if (run->argc < 4)
    {
      usage ();
      return 2;
    }
  if (vigie_telephony_config_find (run->config, run->argv[2]) != NULL)
    {
      g_printerr (_("vigie: connector “%s” exists; use “vigie telephony set”\n"), run->argv[2]);
      return 1;
    }
  if (!(run->connector = vigie_telephony_config_ensure (run->config, run->argv[2], run->argv[3], &error)) ||
      !apply_settings (run->connector, run->argc - 4, run->argv + 4, &error))
    return vigie_cli_fail (error);
  return SAVE;
}

static int
cmd_set (TelephonyRun *run)
{
  g_autoptr(GError) error = NULL;

  if (!(run->connector = vigie_telephony_config_ensure (run->config, run->argv[2], NULL, &error)) ||
      !apply_settings (run->connector, run->argc - 3, run->argv + 3, &error))
    return vigie_cli_fail (error);
  return SAVE;
}

static int
cmd_enable (TelephonyRun *run)
{
  g_autoptr(GError) error = NULL;
  const char *enabled = g_str_equal (run->argv[1], "enable") ? "true" : "false";

  if (!(run->connector = vigie_telephony_config_ensure (run->config, run->argv[2], NULL, &error)) ||
      !vigie_telephony_config_set (run->connector, "enabled", enabled, &error))
    return vigie_cli_fail (error);
  return SAVE;
}

static int
cmd_remove (TelephonyRun *run)
{
  g_autoptr(GError) error = NULL;

  if (!vigie_telephony_config_remove (run->config, run->argv[2]))
    {
      g_printerr (_("vigie: no connector “%s”\n"), run->argv[2]);
      return 1;
    }
  /* Nothing stored is fine. */
  vigie_secrets_clear (run->secrets, "telephony", run->argv[2], "secret", NULL);
  return SAVE;
}

static int
cmd_secret (TelephonyRun *run)
{
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;

  if (vigie_telephony_config_find (run->config, run->argv[2]) == NULL)
    {
      g_printerr (_("vigie: no connector “%s”\n"), run->argv[2]);
      return 1;
    }
  value = vigie_cli_read_secret (_("Password (not shown): "));
  if (value == NULL || *value == '\0')
    {
      g_printerr ("%s\n", _("vigie: no value given; nothing stored"));
      return 1;
    }
  if (!vigie_secrets_store (run->secrets, "telephony", run->argv[2], "secret", value, &error))
    return vigie_cli_fail (error);
  g_print (_("Password of connector “%s” stored in %s\n"), run->argv[2], vigie_cli_secrets_place (run->secrets));
  return 0;
}

static const struct {
  const char *name;
  int       (*run) (TelephonyRun *run);
} telephony_commands[] = {
  { "list", cmd_list },
  { "add", cmd_add },
  { "set", cmd_set },
  { "enable", cmd_enable },
  { "disable", cmd_enable },
  { "remove", cmd_remove },
  { "secret", cmd_secret },
};

/* A connector that could not run is refused before it is written. */
static int
save (TelephonyRun *run)
{
  g_autoptr(GError) error = NULL;

  if (run->connector != NULL && !vigie_telephony_config_check (run->connector, &error))
    return vigie_cli_fail (error);
  if (!vigie_telephony_config_save (run->data_dir, run->config, &error))
    return vigie_cli_fail (error);
  if (run->connector != NULL)
    print_connector (run->connector, run->secrets);
  return 0;
}

/**
 * vigie_cli_telephony:
 * @data_dir: the data directory
 * @argc: argument count, argv[0] is "telephony"
 * @argv: arguments
 *
 * Returns: 0 on success, 1 on a refused change, 2 on a usage error
 */
int
vigie_cli_telephony (const char  *data_dir,
                     int          argc,
                     char       **argv)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(VigieSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;
  const char *command = argc >= 2 ? argv[1] : NULL;
  TelephonyRun run = { data_dir, argc, argv, NULL, NULL, NULL };
  int status;

  if (g_strcmp0 (command, "stats") == 0)
    return cmd_stats (data_dir, argc, argv);
  /* Every other sub-command but list names a connector. */
  if (argc < (g_strcmp0 (command, "list") == 0 ? 2 : 3))
    {
      usage ();
      return 2;
    }
  if (!(config = vigie_telephony_config_load (data_dir, &error)))
    return vigie_cli_fail (error);
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);
  run.config = config;
  run.secrets = secrets;

  for (guint i = 0; i < G_N_ELEMENTS (telephony_commands); i++)
    if (g_str_equal (command, telephony_commands[i].name))
      {
        status = telephony_commands[i].run (&run);
        return status == SAVE ? save (&run) : status;
      }
  usage ();
  return 2;
}
