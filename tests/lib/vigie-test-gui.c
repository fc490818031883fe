/* vigie-test-gui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vigie-test-gui.h"
#include "vigie-test-wait.h"

/**
 * vigie_test_settle:
 *
 * Lets GTK take every pending display event, lay out and draw: three
 * rounds of a display sync and 30 ms of main loop.
 */
void
vigie_test_settle (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  for (guint i = 0; i < 3; i++)
    {
      if (display != NULL)
        gdk_display_sync (display);
      vigie_test_run_for (30);
    }
}

/**
 * vigie_test_find_widget:
 * @root: where to look (itself included)
 * @match: the test
 * @data: passed to @match
 *
 * Returns: (transfer none) (nullable): the first widget, depth first, that
 *   @match accepts
 */
GtkWidget *
vigie_test_find_widget (GtkWidget            *root,
                        VigieTestWidgetMatch  match,
                        gconstpointer         data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vigie_test_find_widget (child, match, data);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The first widget of @type (or a subclass) below @root. */
GtkWidget *
vigie_test_find_type (GtkWidget *root,
                      GType      type)
{
  return vigie_test_find_widget (root, is_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_mapped_label (GtkWidget     *widget,
                 gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

/* The first shown label whose text starts with @prefix. */
GtkWidget *
vigie_test_find_label (GtkWidget  *root,
                       const char *prefix)
{
  return vigie_test_find_widget (root, is_mapped_label, prefix);
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The widget whose name (gtk_widget_set_name, the template's "name") is
 * @name. */
GtkWidget *
vigie_test_find_named (GtkWidget  *root,
                       const char *name)
{
  return vigie_test_find_widget (root, is_named, name);
}

/* Toasts left by earlier steps would cover what a screenshot is about. */
void
vigie_test_hide_toasts (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwToastWidget"))
      gtk_widget_set_visible (child, FALSE);
    else
      vigie_test_hide_toasts (child);
}

/**
 * vigie_test_save_screenshot:
 * @widget: a drawn widget
 * @relative_path: the PNG's path under $VIGIE_BUILD_DIR
 *
 * Renders @widget as it is on screen (once it was drawn since its last
 * change) and saves it, for a person to look at.
 *
 */
void
vigie_test_save_screenshot (GtkWidget  *widget,
                            const char *relative_path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), relative_path, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  int width, height;

  vigie_test_settle ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  for (guint i = 0; i < 50 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (i > 0)
        vigie_test_settle ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("Nothing drawn for %s", relative_path);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

/**
 * vigie_test_log_writer:
 *
 * For g_log_set_writer_func(): this machine's image has no MIME database,
 * so GTK cannot sniff its own SVG icons inside a test's isolated folders
 * and warns; a missing icon is not what a test is about. Every other
 * warning stays fatal, as G_DEBUG=fatal-warnings makes it.
 */
GLogWriterOutput
vigie_test_log_writer (GLogLevelFlags   log_level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;
  GLogWriterOutput output;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  output = g_log_writer_default (log_level, fields, n_fields, user_data);
  if ((log_level & G_LOG_LEVEL_WARNING) &&
      !(g_strcmp0 (domain, "Gtk") == 0 && message && g_str_has_prefix (message, "Failed to load icon")))
    g_error ("Unexpected warning: %s", message ? message : "");
  return output;
}

static void
skip_no_display (void)
{
  g_test_skip ("No display: run under xvfb-run (make check)");
}

/* Registers @path as a test skipped for want of a display: a widget test
 * without one shows as SKIP, never as a pass. */
void
vigie_test_add_no_display (const char *path)
{
  g_test_add_func (path, skip_no_display);
}

/* libadwaita, with the system icon theme (isolated XDG folders hide it);
 * after gtk_init_check(). */
void
vigie_test_adw_init (void)
{
  adw_init ();
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
}
