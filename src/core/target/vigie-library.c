/* vigie-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A library opened on first use rather than linked: libcurl (a mail) and
 * libsecret (the keyring) bring some thirty libraries the desk would
 * otherwise load before its first frame (issue 16, cold start).
 */
#define G_LOG_DOMAIN "vigie-library"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <gmodule.h>

#include "vigie-library.h"

/**
 * vigie_library_open:
 * @library: a soname ("libcurl.so.4") or a path
 * @symbols: (array length=n_symbols): the functions to find
 * @n_symbols: how many
 * @error: return location for a #GError (%G_IO_ERROR_NOT_FOUND)
 *
 * Opens @library and fills each symbol's slot. The library stays loaded
 * for the life of the process: libsecret registers types, and OpenSSL
 * below libcurl leaves exit handlers.
 *
 * Returns: %TRUE when every symbol was found
 */
gboolean
vigie_library_open (const char               *library,
                    const VigieLibrarySymbol *symbols,
                    gsize                     n_symbols,
                    GError                  **error)
{
  GModule *module = g_module_open (library, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s could not be loaded: %s"), library, g_module_error ());
      return FALSE;
    }
  for (gsize i = 0; i < n_symbols; i++)
    if (!g_module_symbol (module, symbols[i].name, symbols[i].slot) || *symbols[i].slot == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s has no %s"), library, symbols[i].name);
        g_module_close (module);
        return FALSE;
      }
  g_module_make_resident (module);
  return TRUE;
}
