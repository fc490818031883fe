/* vigie-test-desk.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real `vigie` desk as a separate process on the test's own session
 * bus, and `vigie COMMAND …` sent to it as the switchboard or the operator
 * would, the main loop running meanwhile so the test's peers answer.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One desk's session: its folders, bus, data and log. */
typedef struct {
  char        *folders;   /* from vigie_test_desk_folders(), before g_test_init() */
  GTestDBus   *bus;
  char        *data_dir;
  char        *log_path;
  GSubprocess *vigie;
} VigieTestDesk;

void         vigie_test_desk_begin   (VigieTestDesk *desk);
int          vigie_test_desk_end     (VigieTestDesk *desk,
                                      int            status);

char        *vigie_test_desk_folders (const char *template_name);
gboolean     vigie_test_desk_wait    (gboolean  (*done) (gpointer),
                                      gpointer    data,
                                      guint       seconds);
gboolean     vigie_test_desk_is_up   (gpointer    unused);
char        *vigie_test_desk_path    (void);
GSubprocess *vigie_test_desk_spawn   (const char *log_path);
int          vigie_test_desk_command (char      **err,
                                      ...) G_GNUC_NULL_TERMINATED;

/* `vigie ARG…` must succeed. */
void         vigie_test_desk_stop    (GSubprocess **vigie);
void         vigie_test_desk_show_log (const char *log_path,
                                       const char *title);
void         vigie_test_desk_remove  (const char *tmp);
void         vigie_test_desk_write_json (const char *data_dir,
                                         const char *name,
                                         const char *text);
char        *vigie_test_desk_dupont_client (const char *ops_base_url);
GSubprocessLauncher *vigie_test_desk_launcher (const char       *data_dir,
                                               GSubprocessFlags  flags);

#define VIGIE(...) g_assert_cmpint (vigie_test_desk_command (NULL, __VA_ARGS__, NULL), ==, 0)

G_END_DECLS
