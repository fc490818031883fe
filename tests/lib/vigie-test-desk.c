/* vigie-test-desk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-test-desk.h"
#include "vigie-test-wait.h"

/**
 * vigie_test_desk_folders:
 * @template_name: for g_dir_make_tmp()
 *
 * XDG folders of the test's own, in the environment so the desk it starts
 * shares them; no proxy lookup, secrets in a file. Call before
 * g_test_init(), which is when GLib reads them.
 *
 * Returns: (transfer full): the folder holding them
 */
char *
vigie_test_desk_folders (const char *template_name)
{
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  char *tmp = g_dir_make_tmp (template_name, NULL);

  g_assert_nonnull (tmp);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (tmp, dirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i], dir, TRUE);
    }
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  return tmp;
}


/* Whether @done came true within @seconds, the main loop running. */
gboolean
vigie_test_desk_wait (gboolean (*done) (gpointer),
                      gpointer   data,
                      guint      seconds)
{
  return vigie_test_wait_until (done (data), seconds * 1000);
}

/* Whether the desk holds its bus name: up and taking calls. */
gboolean
vigie_test_desk_is_up (gpointer unused)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.vigie.Vigie"), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

char *
vigie_test_desk_path (void)
{
  return g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL);
}

/* Starts the desk, its output in @log_path, and waits until it is up. */
GSubprocess *
vigie_test_desk_spawn (const char *log_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vigie_test_desk_path ();
  GSubprocess *vigie;

  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  vigie = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_assert_true (vigie_test_desk_wait (vigie_test_desk_is_up, NULL, 30));
  return vigie;
}

typedef struct {
  gboolean  done;
  int       status;
  char     *out;
  char     *err;
} Run;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  run->done = TRUE;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

/* Runs `vigie ARG…` as the switchboard or the operator would, while the
 * peer keeps answering. Returns the exit status; @err gets stderr. */
int
vigie_test_desk_command (char **err,
                         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, vigie_test_desk_path ());
  va_start (args, err);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &run);
  g_assert_true (vigie_test_desk_wait (run_done, &run, 30));
  if (run.status != 0)
    g_test_message ("vigie %s: %s", (char *) argv->pdata[1], run.err);
  if (err)
    *err = g_steal_pointer (&run.err);
  g_free (run.out);
  g_free (run.err);
  return run.status;
}
