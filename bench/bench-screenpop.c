/* bench-screenpop.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screen pop with 100,000 contacts: from the switchboard's request to the
 * frame showing the caller card and the script's first question, rendered
 * and executed by the X server (the bench waits for the server with
 * gdk_display_sync() before it stops the clock).
 *
 * Two arrivals are measured:
 *  - on an idle desk, as at night: the previous call was closed and its
 *    frame painted, the main loop had nothing left to do;
 *  - back to back: the request arrives the instant the previous pop was
 *    painted and closed, with that close still to paint and no time to
 *    prepare anything in between (the worst case).
 *
 * For each: the core alone (normalise, find client and caller, journal the
 * arrival: two fsync'd SQLite commits), the desk's work before the frame
 * (fill the view built ahead, list row), what GTK does before the frame (an
 * idle re-measuring the window for its toplevel size, then the frame
 * clock's own scheduling), the frame's style + layout, its paint, the
 * total, and the frame after it, which adds on-call, previous calls and
 * the note.
 *
 *   xvfb-run -a build/bench/bench-screenpop [N_CONTACTS] [N_CALLS]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "vigie-application.h"
#include "vigie-call-view.h"
#include "vigie-roster-oncall.h"
#include "vigie-window.h"

enum {
  CORE,
  DESK,
  WAIT,
  LAYOUT,
  PAINT,
  TOTAL,
  COMPLETE,
  N_FIGURES
};

static const char * const figure_names[N_FIGURES] = {
  "core: lookup + journal the arrival",
  "desk before the frame (view, list row)",
  "toplevel size check + frame clock",
  "frame: style + measure + allocate",
  "frame: snapshot + cairo paint + X sync",
  "request → caller card + question painted",
  "request → complete view painted",
};

typedef struct {
  GdkDisplay *display;
  guint       n_frames;
  gint64      before_paint;
  gint64      layout_done;
  gint64      painted[2];
} Frames;

static void
write_directory (const char *path,
                 guint       n_contacts)
{
  g_autoptr(GString) json = g_string_new ("{\"contacts\": [\n");
  g_autoptr(GError) error = NULL;
  static const char * const clients[] = { "dupont-maintenance", "hebergix", "mairie-saint-aubin" };

  for (guint i = 0; i < n_contacts; i++)
    g_string_append_printf (json,
                            "%s{\"id\": \"c%u\", \"first_name\": \"Prénom%u\", \"last_name\": \"Nom%u\","
                            " \"company\": \"Société %u\", \"client\": \"%s\","
                            " \"phones\": [\"06 %02u %02u %02u %02u\"], \"vip\": %s,"
                            " \"contract\": \"Standard\", \"site\": \"%u rue de la Paix, 44000 Nantes\"}\n",
                            i ? "," : "", i, i, i, i, clients[i % 3],
                            10 + (i / 1000000) % 90, (i / 10000) % 100, (i / 100) % 100, i % 100,
                            i % 50 == 0 ? "true" : "false", i);
  g_string_append (json, "]}\n");
  g_assert_true (g_file_set_contents (path, json->str, json->len, &error));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *samples)
{
  double *v = (double *) samples->data;

  g_array_sort (samples, compare_doubles);
  g_print ("  %-44s median %6.2f ms   p95 %6.2f ms   max %6.2f ms\n", what,
           v[samples->len / 2], v[(samples->len * 95) / 100], v[samples->len - 1]);
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  if (frames->n_frames == 0)
    frames->before_paint = g_get_monotonic_time ();
}

/* Connected after the root's own layout handler: style and allocation
 * are done when it runs. */
static void
layout_cb (GdkFrameClock *clock,
           Frames        *frames)
{
  if (frames->n_frames == 0)
    frames->layout_done = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  /* Painted means the X server has executed the frame's drawing. */
  gdk_display_sync (frames->display);
  if (frames->n_frames < G_N_ELEMENTS (frames->painted))
    frames->painted[frames->n_frames] = g_get_monotonic_time ();
  frames->n_frames++;
}

static void
pause_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  if (GTK_IS_TEXT (widget) && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

/* Was @widget in the frame just painted? */
static void
assert_on_screen (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
  g_assert_cmpint (gtk_widget_get_height (widget), >, 0);
}

static void
run (VigieContext *context,
     VigieWindow  *window,
     guint         n_contacts,
     guint         n_calls,
     gboolean      back_to_back)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  GArray *figures[N_FIGURES];
  g_autoptr(GArray) construction = g_array_new (FALSE, FALSE, sizeof (double));
  static guint serial;

  for (guint f = 0; f < N_FIGURES; f++)
    figures[f] = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n_calls + 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigieCall) call = NULL;
      g_autofree char *from = NULL;
      g_autofree char *id = g_strdup_printf ("bench-%u", serial++);
      g_autofree char *first_name = NULL;
      guint k = g_random_int_range (0, n_contacts);
      Frames frames = { gtk_widget_get_display (GTK_WIDGET (window)), 0, };
      gulong handlers[3];
      gint64 requested, identified, added;
      GtkWidget *view;

      from = g_strdup_printf ("+336%02u%02u%02u%02u", 10 + (k / 1000000) % 90, (k / 10000) % 100,
                              (k / 100) % 100, k % 100);
      first_name = g_strdup_printf ("Prénom%u", k);

      /* At night the desk is idle when the phone rings: nothing pending,
       * and no frame for a while (a real pause is seconds, here 50 ms). */
      if (!back_to_back)
        {
          gboolean paused = FALSE;

          while (g_main_context_pending (NULL))
            g_main_context_iteration (NULL, FALSE);
          g_timeout_add_once (50, pause_cb, &paused);
          while (!paused)
            g_main_context_iteration (NULL, TRUE);
          while (g_main_context_pending (NULL))
            g_main_context_iteration (NULL, FALSE);
        }

      handlers[0] = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frames);
      handlers[1] = g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &frames);
      handlers[2] = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);

      requested = g_get_monotonic_time ();
      call = vigie_context_open_call (context, from, "0800 100 200", id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (vigie_call_get_caller (call));
      identified = g_get_monotonic_time ();
      vigie_window_add_call (window, call);
      added = g_get_monotonic_time ();
      while (frames.n_frames < 1)
        g_main_context_iteration (NULL, TRUE);

      /* Honest about what was painted: the card and the question were in
       * that frame. */
      view = vigie_window_get_call_view (window, id);
      assert_on_screen (find_label (view, first_name));
      assert_on_screen (find_label (view, vigie_script_runner_get_current (vigie_call_get_runner (call))->text));

      while (frames.n_frames < 2)
        g_main_context_iteration (NULL, TRUE);
      assert_on_screen (gtk_widget_get_parent (find_type (view, VIGIE_TYPE_ROSTER_ONCALL)));

      for (guint h = 0; h < G_N_ELEMENTS (handlers); h++)
        g_signal_handler_disconnect (clock, handlers[h]);

      if (i >= 5)  /* warm-up */
        {
          double v[N_FIGURES] = {
            [CORE] = (identified - requested) / 1000.0,
            [DESK] = (added - identified) / 1000.0,
            [WAIT] = (frames.before_paint - added) / 1000.0,
            [LAYOUT] = (frames.layout_done - frames.before_paint) / 1000.0,
            [PAINT] = (frames.painted[0] - frames.layout_done) / 1000.0,
            [TOTAL] = (frames.painted[0] - requested) / 1000.0,
            [COMPLETE] = (frames.painted[1] - requested) / 1000.0,
          };

          for (guint f = 0; f < N_FIGURES; f++)
            g_array_append_val (figures[f], v[f]);
        }

      gtk_widget_activate_action (view, "call.close", NULL);

      /* What the spare view saves: building one from its template. */
      if (!back_to_back)
        {
          gint64 t0 = g_get_monotonic_time ();
          GtkWidget *probe = g_object_ref_sink (vigie_call_view_new (call));
          double ms = (g_get_monotonic_time () - t0) / 1000.0;

          g_object_unref (probe);
          if (i >= 5)
            g_array_append_val (construction, ms);
        }
    }

  g_print ("%s, %u contacts, %u calls (GSK_RENDERER=%s):\n",
           back_to_back ? "Back to back" : "Idle desk", n_contacts, n_calls,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  for (guint f = 0; f < N_FIGURES; f++)
    report (figure_names[f], figures[f]);
  if (construction->len > 0)
    report ("(a call view from its template, off the path)", construction);
  for (guint f = 0; f < N_FIGURES; f++)
    g_array_unref (figures[f]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigie-bench-XXXXXX", NULL);
  g_autofree char *directory = g_build_filename (dir, "directory.json", NULL);
  g_autoptr(VigieContext) context = NULL;
  guint n_contacts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint n_calls = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 200;
  VigieWindow *window;
  gint64 start;

  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-screenpop needs a display (xvfb-run -a …)\n");
      return 77;
    }
  adw_init ();

  g_assert_true (vigie_context_install_demo (dir, NULL, &error));
  write_directory (directory, n_contacts);
  start = g_get_monotonic_time ();
  context = vigie_context_new (dir, &error);
  g_assert_no_error (error);
  g_print ("Directory of %u contacts loaded in %.0f ms\n",
           vigie_directory_get_n_contacts (vigie_context_get_directory (context)),
           (g_get_monotonic_time () - start) / 1000.0);

  window = vigie_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  run (context, window, n_contacts, n_calls, FALSE);
  run (context, window, n_contacts, n_calls, TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}
