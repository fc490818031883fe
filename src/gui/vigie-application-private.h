/* vigie-application-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by vigie-application.c and vigie-application-commands.c.
 */
#pragma once

#include "vigie-application.h"

G_BEGIN_DECLS

VigieCall    *_vigie_application_find_call         (VigieApplication         *self,
                                                    const char               *call_id,
                                                    GError                  **error);
const GError *_vigie_application_get_context_error (VigieApplication         *self);
int           _vigie_application_command_line      (GApplication             *app,
                                                    GApplicationCommandLine  *command_line);

G_END_DECLS
