/* vigie-cli-roster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int vigie_cli_roster (const char  *data_dir,
                      int          argc,
                      char       **argv);

G_END_DECLS
