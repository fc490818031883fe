/* vigie-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sub-commands of `vigie` that need no display (`vigie alert …`,
 * `vigie roster …`). main() runs them before GTK is touched.
 */
#pragma once

#include <glib.h>

#include "vigie-secrets.h"

G_BEGIN_DECLS

typedef int (*VigieCliCommand) (const char *data_dir,
                                int         argc,
                                char      **argv);

int      vigie_cli_alert   (const char  *data_dir,
                            int          argc,
                            char       **argv);

int      vigie_cli_journal (const char  *data_dir,
                            int          argc,
                            char       **argv);

int      vigie_cli_telephony (const char  *data_dir,
                              int          argc,
                              char       **argv);

gboolean vigie_cli_wants_help (int    argc,
                               char **argv);
void     vigie_cli_print_usage (void);
gboolean vigie_cli_handles (int    argc,
                            char **argv);
int      vigie_cli_run     (int    argc,
                            char **argv);

/* Shared by the sub-commands. */
int          vigie_cli_fail           (const GError *error);
char        *vigie_cli_read_secret    (const char   *prompt);
const char  *vigie_cli_secrets_place  (VigieSecrets *secrets);

G_END_DECLS
