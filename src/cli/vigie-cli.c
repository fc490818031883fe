/* vigie-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "vigie-cli-roster.h"
#include "vigie-cli.h"
#include "vigie-context.h"

typedef struct
{
  const char      *name;
  VigieCliCommand  run;
  const char      *summary;
} Command;

/* Each area registers its sub-command here; see vigie-cli-*.c. */
static const Command commands[] = {
  { "alert", vigie_cli_alert, N_("Test the alert targets, store their secrets, retry what failed") },
  { "journal", vigie_cli_journal, N_("Verify, show, search, export and count the journal") },
  { "roster", vigie_cli_roster, N_("Who is on call, rotations, replacements, iCalendar import") },
  { "telephony", vigie_cli_telephony, N_("Set up the switchboard and softphone connectors") },
  { NULL, NULL, NULL }
};

/* What the running desk takes from the command line (vigie-application.c). */
static const struct {
  const char *synopsis;
  const char *summary;
} desk_commands[] = {
  { "call --line NUMBER [--from NUMBER] [--call-id ID]", N_("Open an incoming call on the desk") },
  { "tel:NUMBER;line=NUMBER", N_("The same, as a tel: URI") },
  { "answer --call-id ID CHOICE…", N_("Answer the call's script, as with the number keys") },
  { "identify --call-id ID [--last-name …] [--callback …]", N_("Fill in the caller's identity") },
  { "decide --call-id ID [--kind trigger|defer|log] [--reason TEXT]", N_("Confirm or override the recommendation") },
  { "hangup --call-id ID", N_("The caller hung up") },
  { "close --call-id ID", N_("Close the call") },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; commands[i].name; i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static void
print_to_stdout (const char *text)
{
  fputs (text, stdout);
}

/**
 * vigie_cli_wants_help:
 * @argc: argument count
 * @argv: arguments of `vigie`
 *
 * Returns: %TRUE for `vigie --help` (or -h, help): answered without a
 *   display or an installed settings schema
 */
gboolean
vigie_cli_wants_help (int    argc,
                      char **argv)
{
  return argc == 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
                       g_str_equal (argv[1], "-?") || g_str_equal (argv[1], "help"));
}

/**
 * vigie_cli_print_usage:
 *
 * Lists every command `vigie` takes, the desk's and the display-less ones,
 * from the tables both dispatchers use.
 */
void
vigie_cli_print_usage (void)
{
  g_print ("%s\n\n", _("Usage: vigie [COMMAND …]"));
  g_print ("%s\n", _("Without a command, opens the operator's desk."));
  g_print ("\n%s\n", _("Sent to the running desk (started if needed):"));
  for (guint i = 0; i < G_N_ELEMENTS (desk_commands); i++)
    g_print ("  vigie %s\n      %s\n", desk_commands[i].synopsis, _(desk_commands[i].summary));
  g_print ("\n%s\n", _("Without a display:"));
  for (guint i = 0; commands[i].name; i++)
    g_print ("  vigie %-10s %s\n", commands[i].name,
             commands[i].summary ? _(commands[i].summary) : "");
  g_print ("\n%s\n", _("“vigie COMMAND --help” describes a command. The data folder is "
                         "$VIGIE_DATA_DIR, else the desk's “data-directory” setting, "
                         "else ~/.local/share/vigie."));
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

  /* `vigie COMMAND --help`: the command's usage, on standard output, and
   * nothing installed or opened. Each command prints its usage when given
   * no arguments. */
  if (argc == 3 && (g_str_equal (argv[2], "--help") || g_str_equal (argv[2], "-h")))
    {
      GPrintFunc previous = g_set_printerr_handler (print_to_stdout);

      command->run ("", 1, argv + 1);
      g_set_printerr_handler (previous);
      return 0;
    }

  data_dir = vigie_context_dup_default_data_dir ();
  /* The journal's commands read what is there: a supervisor's copy of a
   * journal is not a first run. */
  if (!g_str_equal (command->name, "journal") &&
      !vigie_context_install_demo (data_dir, NULL, &error))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }

  return command->run (data_dir, argc - 1, argv + 1);
}

/**
 * vigie_cli_fail:
 * @error: what went wrong
 *
 * Prints the error as `vigie: MESSAGE` on standard error.
 *
 * Returns: 1, the status of a refused command
 */
int
vigie_cli_fail (const GError *error)
{
  g_printerr ("vigie: %s\n", error->message);
  return 1;
}

/**
 * vigie_cli_read_secret:
 * @prompt: shown on a terminal, not when standard input is a pipe
 *
 * Reads one line of standard input without echoing it on a terminal.
 *
 * Returns: (transfer full) (nullable): the line, stripped, or %NULL at the
 *   end of the input
 */
char *
vigie_cli_read_secret (const char *prompt)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char buffer[4096];
  char *line;

  if (tty)
    {
      g_printerr ("%s", prompt);
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

/**
 * vigie_cli_secrets_place:
 * @secrets: where a secret was just stored
 *
 * Returns: "the keyring", or the path of the secrets file
 */
const char *
vigie_cli_secrets_place (VigieSecrets *secrets)
{
  return vigie_secrets_get_backend (secrets) == VIGIE_SECRETS_BACKEND_KEYRING
           ? _("the keyring") : vigie_secrets_get_path (secrets);
}
