/* vigie-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-cli-roster.h"
#include "vigie-cli.h"
#include "vigie-context.h"

typedef struct
{
  const char      *name;
  VigieCliCommand  run;
} Command;

/* Each area registers its sub-command here; see vigie-cli-*.c. */
static const Command commands[] = {
  { "alert", vigie_cli_alert },
  { "roster", vigie_cli_roster },
  { "telephony", vigie_cli_telephony },
  { NULL, NULL }
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; commands[i].name; i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

/**
 * vigie_cli_handles:
 * @argc: argument count
 * @argv: arguments of `vigie`
 *
 * Returns: %TRUE if argv[1] is a display-less sub-command
 */
gboolean
vigie_cli_handles (int    argc,
                   char **argv)
{
  return argc >= 2 && find_command (argv[1]) != NULL;
}

/**
 * vigie_cli_run:
 * @argc: argument count
 * @argv: arguments of `vigie`; argv[1] names the sub-command
 *
 * The data directory is $VIGIE_DATA_DIR, else the user data directory;
 * the demo dataset is installed there on first use, as the desk does.
 *
 * Returns: the exit status
 */
int
vigie_cli_run (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  const Command *command = argc >= 2 ? find_command (argv[1]) : NULL;

  if (command == NULL)
    return 2;

  data_dir = g_strdup (g_getenv ("VIGIE_DATA_DIR"));
  if (data_dir == NULL || *data_dir == '\0')
    {
      g_free (data_dir);
      data_dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
    }
  if (!vigie_context_install_demo (data_dir, NULL, &error))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }

  return command->run (data_dir, argc - 1, argv + 1);
}
