/* vigie-directory.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-client.h"
#include "vigie-contact.h"

G_BEGIN_DECLS

#define VIGIE_DIRECTORY_ERROR (vigie_directory_error_quark ())

typedef enum {
  VIGIE_DIRECTORY_ERROR_INVALID,
  VIGIE_DIRECTORY_ERROR_DUPLICATE,
} VigieDirectoryError;

#define VIGIE_TYPE_DIRECTORY (vigie_directory_get_type ())

G_DECLARE_FINAL_TYPE (VigieDirectory, vigie_directory, VIGIE, DIRECTORY, GObject)

GQuark          vigie_directory_error_quark    (void);
VigieDirectory *vigie_directory_new            (void);
gboolean        vigie_directory_load_clients   (VigieDirectory  *self,
                                                GFile           *file,
                                                GError         **error);
gboolean        vigie_directory_load_contacts  (VigieDirectory  *self,
                                                GFile           *file,
                                                GError         **error);
gboolean        vigie_directory_add_client     (VigieDirectory  *self,
                                                VigieClient     *client,
                                                GError         **error);
void            vigie_directory_add_contact    (VigieDirectory  *self,
                                                VigieContact    *contact);
GListModel     *vigie_directory_get_clients    (VigieDirectory  *self);
guint           vigie_directory_get_n_contacts (VigieDirectory  *self);
VigieClient    *vigie_directory_find_client    (VigieDirectory  *self,
                                                const char      *client_id);
VigieClient    *vigie_directory_lookup_line    (VigieDirectory  *self,
                                                const char      *dialled);
VigieContact   *vigie_directory_lookup_caller  (VigieDirectory  *self,
                                                const char      *number,
                                                VigieClient     *client);

void            vigie_directory_take_contents (VigieDirectory *self,
                                               VigieDirectory *other);

G_END_DECLS
