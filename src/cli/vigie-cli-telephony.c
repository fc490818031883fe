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
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

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

static char *
read_secret (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char buffer[4096];
  char *line;

  if (tty)
    {
      g_printerr ("%s", _("Password (not shown): "));
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
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), connector);
  g_autofree char *json = NULL;
  const char *id = vigie_telephony_config_get_string (connector, "id");

  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\t%s", id ? id : "?", json);
  if (g_strcmp0 (vigie_telephony_config_get_string (connector, "kind"), "ami") == 0)
    {
      g_autofree char *secret = vigie_secrets_lookup (secrets, "telephony", id, "secret", NULL);

      g_print ("\t%s", secret ? _("password stored") : _("no password stored"));
    }
  g_print ("\n");
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
  JsonObject *connector;
  const char *command = argc >= 2 ? argv[1] : NULL;

  if (command != NULL && g_str_equal (command, "stats"))
    {
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
        {
          g_printerr ("vigie: %s\n", error->message);
          return 1;
        }
      since = days > 0 ? g_date_time_add_days (now, -(gint) days)
                       : g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
      if (!vigie_telephony_count (vigie_context_get_journal (context), since, &counts, &error))
        {
          g_printerr ("vigie: %s\n", error->message);
          return 1;
        }
      /* The supervisor's answer rate ("taux de décroché"): rings picked up. */
      rate = counts.rings ? g_strdup_printf ("%.0f %%", 100.0 * counts.answered / counts.rings) : g_strdup ("—");
      g_print (_("Rings: %u\nAnswered: %u\nUnanswered: %u (on-call person alerted: %u)\nAnswer rate: %s\n"),
               counts.rings, counts.answered, counts.unanswered, counts.alerted, rate);
      return 0;
    }

  if (command == NULL || (!g_str_equal (command, "list") && argc < 3))
    {
      usage ();
      return 2;
    }
  if (!(config = vigie_telephony_config_load (data_dir, &error)))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);

  if (g_str_equal (command, "list"))
    {
      JsonArray *array = vigie_telephony_config_connectors (config);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
          print_connector (json_array_get_object_element (array, i), secrets);
      return 0;
    }

  if (g_str_equal (command, "add"))
    {
      if (argc < 4)
        {
          usage ();
          return 2;
        }
      if (vigie_telephony_config_find (config, argv[2]) != NULL)
        {
          g_printerr (_("vigie: connector “%s” exists; use “vigie telephony set”\n"), argv[2]);
          return 1;
        }
      if (!(connector = vigie_telephony_config_ensure (config, argv[2], argv[3], &error)) ||
          !apply_settings (connector, argc - 4, argv + 4, &error))
        goto failed;
    }
  else if (g_str_equal (command, "set") || g_str_equal (command, "enable") || g_str_equal (command, "disable"))
    {
      if (!(connector = vigie_telephony_config_ensure (config, argv[2], NULL, &error)))
        goto failed;
      if (g_str_equal (command, "set") ? !apply_settings (connector, argc - 3, argv + 3, &error)
          : !vigie_telephony_config_set (connector, "enabled", g_str_equal (command, "enable") ? "true" : "false", &error))
        goto failed;
    }
  else if (g_str_equal (command, "remove"))
    {
      if (!vigie_telephony_config_remove (config, argv[2]))
        {
          g_printerr (_("vigie: no connector “%s”\n"), argv[2]);
          return 1;
        }
      connector = NULL;
      if (!vigie_secrets_clear (secrets, "telephony", argv[2], "secret", &error))
        g_clear_error (&error);   /* nothing stored is fine */
    }
  else if (g_str_equal (command, "secret"))
    {
      g_autofree char *value = NULL;

      if (!(connector = vigie_telephony_config_find (config, argv[2])))
        {
          g_printerr (_("vigie: no connector “%s”\n"), argv[2]);
          return 1;
        }
      value = read_secret ();
      if (value == NULL || *value == '\0')
        {
          g_printerr ("%s\n", _("vigie: no value given; nothing stored"));
          return 1;
        }
      if (!vigie_secrets_store (secrets, "telephony", argv[2], "secret", value, &error))
        goto failed;
      g_print (_("Password of connector “%s” stored in %s\n"), argv[2],
               vigie_secrets_get_backend (secrets) == VIGIE_SECRETS_BACKEND_KEYRING
                 ? _("the keyring") : vigie_secrets_get_path (secrets));
      return 0;
    }
  else
    {
      usage ();
      return 2;
    }

  /* A connector that could not run is refused before it is written. */
  if (connector != NULL && !vigie_telephony_config_check (connector, &error))
    goto failed;
  if (!vigie_telephony_config_save (data_dir, config, &error))
    goto failed;
  if (connector != NULL)
    print_connector (connector, secrets);
  return 0;

failed:
  g_printerr ("vigie: %s\n", error->message);
  return 1;
}
