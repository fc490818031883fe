/* vigie-fuzz-init.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The libFuzzer start-up shared by the harnesses that need nothing else
 * (fuzz-script, fuzz-telephony; build.sh links it into each).
 */
#include "config.h"

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical is a bug the fuzzer must report as a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}
