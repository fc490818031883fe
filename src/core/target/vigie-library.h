/* vigie-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VigieLibrarySymbol:
 * @name: the function's name in the library
 * @slot: where its address goes
 */
typedef struct {
  const char *name;
  gpointer   *slot;
} VigieLibrarySymbol;

gboolean vigie_library_open (const char               *library,
                             const VigieLibrarySymbol *symbols,
                             gsize                     n_symbols,
                             GError                  **error);

G_END_DECLS
