/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vigie-application.h"
#include "vigie-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigieApplication) app = NULL;
  const char *localedir = g_getenv ("VIGIE_LOCALEDIR");

  /* VIGIE_LOCALEDIR lets the uninstalled build (make run) find its .mo. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Help and `vigie alert …`, `vigie roster …` run without a display. */
  if (vigie_cli_wants_help (argc, argv))
    {
      vigie_cli_print_usage ();
      return 0;
    }
  if (vigie_cli_handles (argc, argv))
    return vigie_cli_run (argc, argv);

  app = vigie_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
