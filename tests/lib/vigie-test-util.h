/* vigie-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void   vigie_test_init         (int         *argc,
                                char      ***argv);
void   vigie_test_bind_gettext (void);
char  *vigie_test_use_private_home (const char *template_name);
char  *vigie_test_source_path  (const char *first, ...) G_GNUC_NULL_TERMINATED;
char  *vigie_test_data_path    (const char *name);
char  *vigie_test_write_file   (const char *name,
                                const char *contents);
char  *vigie_test_make_data_dir (const char *webhook_base);
char  *vigie_test_make_frozen_data_dir (const char *webhook_base);
void   vigie_test_freeze_demo_scripts  (const char *dir);

typedef void (*VigieTestClientEdit) (JsonObject *client,
                                     gpointer    data);
void   vigie_test_edit_clients (const char          *data_dir,
                                VigieTestClientEdit  edit,
                                gpointer             data);
void   vigie_test_set_client_member (const char     *data_dir,
                                     const char     *client_id,
                                     const char     *member,
                                     const char     *json);
void   vigie_test_add_client   (const char          *data_dir,
                                JsonObject          *client);
void   vigie_test_point_webhooks (const char        *data_dir,
                                  const char        *webhook_base);
void  vigie_test_strip_person_webhooks (const char *dir);

GTestDBus *vigie_test_dbus_up (void);
guint  vigie_test_free_port   (void);
guint16 vigie_test_listen_tcp (GCallback run_cb,
                               gpointer  user_data);

G_END_DECLS
