/* vigie-test-desk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>

#include "vigie-test-cli.h"
#include "vigie-test-desk.h"
#include "vigie-test-util.h"
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
  char *tmp = vigie_test_use_private_home (template_name);

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

/* Runs `vigie ARG…` as the switchboard or the operator would, while the
 * peer keeps answering. Returns the exit status; @err gets stderr. */
int
vigie_test_desk_command (char **err,
                         ...)
{
  g_auto(VigieTestRun) run = { 0 };
  va_list ap;

  va_start (ap, err);
  vigie_test_run_vigie_va (&run, NULL, NULL, VIGIE_TEST_RUN_DEFAULT, ap);
  va_end (ap);
  if (err)
    *err = g_steal_pointer (&run.err);
  return run.status;
}

/* Ends the desk started by vigie_test_desk_spawn() (SIGTERM, as a session
 * logout would), if it still runs, and clears @vigie. */
void
vigie_test_desk_stop (GSubprocess **vigie)
{
  if (*vigie == NULL)
    return;
  g_subprocess_send_signal (*vigie, SIGTERM);
  g_subprocess_wait (*vigie, NULL, NULL);
  g_clear_object (vigie);
}

/* What the desk said, under @title, for the log of a failed run. */
void
vigie_test_desk_show_log (const char *log_path,
                          const char *title)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents (log_path, &text, NULL, NULL))
    g_printerr ("--- %s ---\n%s\n", title, text);
}

/* Removes the folders vigie_test_desk_folders() made (after a passing run:
 * a failed one keeps them to be read). */
void
vigie_test_desk_remove (const char *tmp)
{
  const char *rm[] = { "rm", "-rf", tmp, NULL };

  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Writes @text as @name of @data_dir, after checking it is JSON: a typo
 * in a test's data fails here, not as a puzzling desk. */
void
vigie_test_desk_write_json (const char *data_dir,
                            const char *name,
                            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, name, NULL);
  g_autoptr(JsonNode) check = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* The demo's Dupont Maintenance as one clients.json entry, its one target
 * the webhook at @ops_base_url/alerts/dupont-maintenance, Karim on call. */
char *
vigie_test_desk_dupont_client (const char *ops_base_url)
{
  return g_strdup_printf (
    " {\"id\": \"dupont-maintenance\", \"name\": \"Dupont Maintenance Immobilière\", \"lines\": [\"0800 100 200\"],"
    "  \"script\": \"scripts/dupont-maintenance.json\", \"timezone\": \"Europe/Paris\","
    "  \"targets\": [{\"id\": \"ops\", \"type\": \"webhook\", \"url\": \"%s/alerts/dupont-maintenance\"}],"
    "  \"oncall\": {\"name\": \"Karim Benali\", \"phone\": \"+33 6 12 34 56 78\"}}",
    ops_base_url);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * vigie_test_desk_launcher:
 * @data_dir: $VIGIE_DATA_DIR for what it starts
 * @flags: the launcher's flags
 *
 * A launcher for the desk on @data_dir, with the test's XDG folders and
 * secrets in a file; what it starts dies with the test (a failed assertion
 * takes the desk with it) and turns criticals fatal.
 *
 * Returns: (transfer full): the launcher
 */
GSubprocessLauncher *
vigie_test_desk_launcher (const char       *data_dir,
                          GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "VIGIE_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "VIGIE_SECRETS_BACKEND", "file", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  return launcher;
}

/**
 * vigie_test_desk_begin:
 * @desk: a session whose @folders are set
 *
 * Starts a session bus of the test's own (another Vigie must not take
 * the calls) and makes the data folder; the desk is not started yet.
 */
void
vigie_test_desk_begin (VigieTestDesk *desk)
{
  desk->bus = vigie_test_dbus_up ();
  desk->data_dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
  desk->log_path = g_build_filename (g_get_user_data_dir (), "vigie.log", NULL);
  g_mkdir_with_parents (desk->data_dir, 0700);
}

/**
 * vigie_test_desk_end:
 * @desk: the session
 * @status: what g_test_run() returned
 *
 * Stops the desk and the bus; after a failure, prints the desk's log and
 * keeps the folders to be read, else removes them.
 *
 * Returns: @status
 */
int
vigie_test_desk_end (VigieTestDesk *desk,
                     int            status)
{
  vigie_test_desk_stop (&desk->vigie);
  if (status != 0)
    vigie_test_desk_show_log (desk->log_path, "vigie");
  g_test_dbus_down (desk->bus);
  g_clear_object (&desk->bus);
  if (status == 0)
    vigie_test_desk_remove (desk->folders);
  g_clear_pointer (&desk->folders, g_free);
  g_clear_pointer (&desk->data_dir, g_free);
  g_clear_pointer (&desk->log_path, g_free);
  return status;
}
