/* fuzz-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for the data folder's files: any bytes as
 * clients.json, directory.json or a roster must load or give an error
 * naming the file, never a crash, a hang, a leak or a GLib critical.
 * Seeds: tests/fuzz/corpus-data (the hostile files of issue 11).
 */
#include "config.h"

#include <stdint.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vigie-directory.h"
#include "vigie-roster.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  path = g_strdup_printf ("%s/vigie-fuzz-data-%d.json", g_get_tmp_dir (), (int) getpid ());
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (g_file_set_contents (path, (const char *) data, size, NULL));
  file = g_file_new_for_path (path);

  {
    g_autoptr(VigieDirectory) directory = vigie_directory_new ();

    if (!vigie_directory_load_clients (directory, file, &error))
      g_assert (error != NULL && strstr (error->message, path) != NULL);
    g_clear_error (&error);
    if (!vigie_directory_load_contacts (directory, file, &error))
      g_assert (error != NULL && strstr (error->message, path) != NULL);
    g_clear_error (&error);
  }
  {
    g_autoptr(VigieRoster) roster = vigie_roster_load_file (path, &error);

    g_assert ((roster == NULL) == (error != NULL));
  }
  g_unlink (path);
  return 0;
}
