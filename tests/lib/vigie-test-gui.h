/* vigie-test-gui.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget tests' shared steps: let GTK settle, find a widget in a tree,
 * save a screenshot under the build folder, and the log writer that keeps
 * warnings fatal but for the missing MIME database's icon warning.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*VigieTestWidgetMatch) (GtkWidget     *widget,
                                          gconstpointer  data);

void              vigie_test_settle          (void);
void              vigie_test_add_no_display  (const char           *path);
void              vigie_test_adw_init        (void);
GtkWidget        *vigie_test_find_widget     (GtkWidget            *root,
                                              VigieTestWidgetMatch  match,
                                              gconstpointer         data);
GtkWidget        *vigie_test_find_type       (GtkWidget            *root,
                                              GType                 type);
GtkWidget        *vigie_test_find_label      (GtkWidget            *root,
                                              const char           *prefix);
GtkWidget        *vigie_test_find_named      (GtkWidget            *root,
                                              const char           *name);
void              vigie_test_hide_toasts     (GtkWidget            *root);
void              vigie_test_save_screenshot (GtkWidget            *widget,
                                              const char           *relative_path);
GLogWriterOutput  vigie_test_log_writer      (GLogLevelFlags        log_level,
                                              const GLogField      *fields,
                                              gsize                 n_fields,
                                              gpointer              user_data);

G_END_DECLS
