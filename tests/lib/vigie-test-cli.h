/* vigie-test-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real `vigie` command run as a setup script or a supervisor would:
 * on the test's data folder and XDG folders, the main loop running
 * meanwhile (so the test's loopback peers answer it).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VIGIE_TEST_RUN_DEFAULT      = 0,
  VIGIE_TEST_RUN_MERGE_STDERR = 1 << 0,  /* stderr into out */
  VIGIE_TEST_RUN_C_LOCALE     = 1 << 1,  /* LC_ALL=C.UTF-8, no LANGUAGE */
  VIGIE_TEST_RUN_NO_G_DEBUG   = 1 << 2,  /* warnings not fatal in the command */
  VIGIE_TEST_RUN_NO_DISPLAY   = 1 << 3,  /* neither X11 nor Wayland */
  VIGIE_TEST_RUN_FRENCH       = 1 << 4,  /* LANGUAGE=fr, LC_ALL=fr_FR.UTF-8 */
} VigieTestRunFlags;

typedef struct {
  int   status;
  char *out;
  char *err;
} VigieTestRun;

void vigie_test_run_clear (VigieTestRun *run);
int  vigie_test_run_vigie (VigieTestRun      *run,
                           const char        *data_dir,
                           const char        *input,
                           VigieTestRunFlags  flags,
                           ...) G_GNUC_NULL_TERMINATED;
int  vigie_test_run_vigie_va (VigieTestRun      *run,
                              const char        *data_dir,
                              const char        *input,
                              VigieTestRunFlags  flags,
                              va_list            args);
int  vigie_test_run_vigiev (VigieTestRun       *run,
                            const char         *data_dir,
                            const char         *input,
                            VigieTestRunFlags   flags,
                            const char * const *args);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigieTestRun, vigie_test_run_clear)

G_END_DECLS
