/* vigie-test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "vigie-test-cli.h"
#include "vigie-test-wait.h"

void
vigie_test_run_clear (VigieTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * vigie_test_run_vigiev:
 * @run: (inout caller-allocates): status, standard output and error (what a
 *   previous run left there is freed)
 * @data_dir: (nullable): $VIGIE_DATA_DIR for the command
 * @input: (nullable): its standard input
 * @flags: environment and output choices
 * @args: the arguments after `vigie`, %NULL-terminated
 *
 * Runs build/src/gui/vigie with the test's own XDG folders (GLib's
 * isolated ones are not in the environment), serving the main loop until
 * it exits. A command that fails says why in the test's log; one killed
 * by a signal fails the test.
 *
 * Returns: the exit status
 */
int
vigie_test_run_vigiev (VigieTestRun       *run,
                       const char         *data_dir,
                       const char         *input,
                       VigieTestRunFlags   flags,
                       const char * const *args)
{
  GSubprocessFlags spawn_flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
    ((flags & VIGIE_TEST_RUN_MERGE_STDERR) ? G_SUBPROCESS_FLAGS_STDERR_MERGE : G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (spawn_flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  vigie_test_run_clear (run);
  run->status = 0;
  g_ptr_array_add (argv, g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (data_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "VIGIE_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  if (flags & VIGIE_TEST_RUN_C_LOCALE)
    {
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
    }
  if (flags & VIGIE_TEST_RUN_FRENCH)
    {
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "fr", TRUE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "fr_FR.UTF-8", TRUE);
    }
  if (flags & VIGIE_TEST_RUN_NO_G_DEBUG)
    g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (flags & VIGIE_TEST_RUN_NO_DISPLAY)
    {
      g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
      g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, communicate_cb, &result);
  VIGIE_TEST_WAIT_FOR (result != NULL);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, result, &run->out,
                                                       (flags & VIGIE_TEST_RUN_MERGE_STDERR) ? NULL : &run->err,
                                                       &error));
  g_assert_no_error (error);

  line = g_strjoinv (" ", (char **) args);
  if (!g_subprocess_get_if_exited (process))
    g_error ("vigie %s: killed by signal %d; it said: %s", line, g_subprocess_get_term_sig (process),
             run->err ? run->err : run->out);
  run->status = g_subprocess_get_exit_status (process);
  if (run->status != 0)
    g_test_message ("vigie %s: status %d: %s", line, run->status, run->err ? run->err : run->out);
  return run->status;
}

/* vigie_test_run_vigiev() with the arguments in @args, %NULL last. */
int
vigie_test_run_vigie_va (VigieTestRun      *run,
                         const char        *data_dir,
                         const char        *input,
                         VigieTestRunFlags  flags,
                         va_list            args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
  return vigie_test_run_vigiev (run, data_dir, input, flags, (const char * const *) argv->pdata);
}

/* vigie_test_run_vigiev() with the arguments listed, %NULL last. */
int
vigie_test_run_vigie (VigieTestRun      *run,
                      const char        *data_dir,
                      const char        *input,
                      VigieTestRunFlags  flags,
                      ...)
{
  va_list ap;
  int status;

  va_start (ap, flags);
  status = vigie_test_run_vigie_va (run, data_dir, input, flags, ap);
  va_end (ap);
  return status;
}
