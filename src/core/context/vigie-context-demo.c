/* vigie-context-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the data folder is, and the French demo dataset copied into an
 * empty one on first run.
 */
#define G_LOG_DOMAIN "vigie-context"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-context-private.h"

gboolean
_vigie_context_copy_resource_tree (const char  *resource_path,
                                   GFile       *target,
                                   GError     **error)
{
  g_auto(GStrv) children = g_resources_enumerate_children (resource_path, 0, error);

  if (children == NULL)
    return FALSE;

  /* Callers' personal data: the folder and its files are the user's alone. */
  {
    g_autofree char *path = g_file_get_path (target);

    if (g_mkdir_with_parents (path, 0700) != 0)
      {
        int saved_errno = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Cannot create %s: %s"), path, g_strerror (saved_errno));
        return FALSE;
      }
  }

  for (guint i = 0; children[i]; i++)
    {
      g_autofree char *child_path = g_build_path ("/", resource_path, children[i], NULL);
      g_autofree char *name = g_strdup (children[i]);
      g_autoptr(GFile) child = NULL;

      if (g_str_has_suffix (name, "/"))
        {
          name[strlen (name) - 1] = '\0';
          child = g_file_get_child (target, name);
          if (!_vigie_context_copy_resource_tree (child_path, child, error))
            return FALSE;
        }
      else
        {
          g_autoptr(GBytes) bytes = g_resources_lookup_data (child_path, 0, error);

          if (bytes == NULL)
            return FALSE;
          child = g_file_get_child (target, name);
          if (!g_file_replace_contents (child, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                        NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Entries a desk may have put in a folder before any data. */
static gboolean
is_desk_own (const char *name)
{
  return g_str_equal (name, VIGIE_CONTEXT_LOCK_NAME);
}

/**
 * vigie_context_dup_default_data_dir:
 *
 * The one rule the desk and every command share, so they read the same
 * data and write the same journal: $VIGIE_DATA_DIR, else the desk's
 * "data-directory" setting (when its schema is installed), else
 * ~/.local/share/vigie.
 *
 * Returns: (transfer full): the data folder's path
 */
char *
vigie_context_dup_default_data_dir (void)
{
  const char *env = g_getenv ("VIGIE_DATA_DIR");
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* Looked up, not assumed: `vigie --help` or a command on a server
   * without the schema must not abort. */
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);
      g_autofree char *configured = g_settings_get_string (settings, "data-directory");

      if (configured[0] != '\0')
        return g_steal_pointer (&configured);
    }
  return g_build_filename (g_get_user_data_dir (), "vigie", NULL);
}

/**
 * vigie_context_install_demo:
 * @data_dir: the user's data directory for Vigie
 * @installed: (out) (optional): whether the demo was copied now
 * @error: return location for a #GError
 *
 * Copies the embedded French demo dataset into @data_dir on first run:
 * only into a folder that does not exist or is empty. A folder that holds
 * anything is the centre's own data, even without clients.json (moved
 * aside while editing): nothing is written and the error says so, rather
 * than the demo replacing directory.json, scripts and rosters.
 */
gboolean
vigie_context_install_demo (const char  *data_dir,
                            gboolean    *installed,
                            GError     **error)
{
  g_autofree char *clients = g_build_filename (data_dir, "clients.json", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (data_dir);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (installed)
    *installed = FALSE;
  if (g_file_test (clients, G_FILE_TEST_EXISTS) || g_file_test (clients, G_FILE_TEST_IS_SYMLINK))
    return TRUE;
  if ((dir = g_dir_open (data_dir, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      if (!is_desk_own (name))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("%s is missing, but the folder %s holds other files: the demo is not "
                         "installed over them. Put clients.json back, or choose an empty folder."),
                       clients, data_dir);
          return FALSE;
        }
  if (!_vigie_context_copy_resource_tree (VIGIE_CONTEXT_DEMO_RESOURCE, target, error))
    return FALSE;
  if (installed)
    *installed = TRUE;
  return TRUE;
}

