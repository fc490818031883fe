/* bench-journal-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   xvfb-run -a build/bench/bench-journal-page JOURNAL [SECONDS] [PX_PER_FRAME] [SETTLE]
 *
 * The Journal page on JOURNAL (a journal-fill'ed file, or an empty one):
 * the process's resident memory before the page is built, once its first
 * rows are painted, and after scrolling the list for SECONDS at
 * PX_PER_FRAME pixels per frame (driven on the frame clock, as a
 * touchpad fling would); then the frames painted against the frames the
 * clock's refresh interval asked for, the longest gap between two, and
 * the main thread's CPU time over the scroll (per frame painted): on a
 * loaded machine the frames depend on what the other processes take, the
 * CPU time much less.
 * SETTLE (default 1) is how many seconds the page is left alone before
 * the scroll: its first verification and counts run in worker threads.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "vigie-journal-view.h"

typedef struct {
  GtkAdjustment *adjustment;
  double         step;
  gint64         started;
  gint64         duration;
  gint64         last_paint;
  gint64         longest;
  guint          n_paints;
  gboolean       done;
} Scroll;

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%ld %ld", &pages, &resident) != 2)
    return -1;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024 * 1024);
}

/* The calling thread's CPU time, ms. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return -1;
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child))))
        return GTK_SCROLLED_WINDOW (child);
      if ((found = find_scrolled (child)))
        return found;
    }
  return NULL;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Scroll *scroll = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (scroll->started == 0)
    scroll->started = now;
  if (now - scroll->started >= scroll->duration)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (scroll->adjustment, gtk_adjustment_get_value (scroll->adjustment) + scroll->step);
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Scroll        *scroll)
{
  gint64 now = g_get_monotonic_time ();

  if (scroll->started == 0 || scroll->done)
    return;
  if (scroll->last_paint > 0)
    scroll->longest = MAX (scroll->longest, now - scroll->last_paint);
  scroll->last_paint = now;
  scroll->n_paints++;
}

static void
settled_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static double
number_arg (int    argc,
            char **argv,
            int    i,
            double fallback)
{
  return argc > i ? g_ascii_strtod (argv[i], NULL) : fallback;
}

/* Scrolls on every frame until done; returns the refresh interval, ms. */
static double
run_scroll (GtkWidget *window,
            Scroll    *scroll)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), scroll);
  gint64 refresh_us = 0, presentation = 0;

  gtk_widget_add_tick_callback (window, tick_cb, scroll, NULL);
  while (!scroll->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock), &refresh_us, &presentation);
  return refresh_us > 0 ? refresh_us / 1000.0 : 1000.0 / 60;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  GtkWidget *window, *view;
  GtkScrolledWindow *scrolled;
  Scroll scroll = { 0 };
  double before, shown, after, expected, refresh_ms, settle, cpu_ms;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-journal-page JOURNAL [SECONDS] [PX_PER_FRAME] [SETTLE]\n");
      return 2;
    }
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  /* The app's style sheet, as AdwApplication loads it for the desk. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/vigie/Vigie/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  if (!(journal = vigie_journal_open (argv[1], &error)))
    {
      g_printerr ("bench-journal-page: %s\n", error->message);
      return 1;
    }
  scroll.duration = (gint64) (number_arg (argc, argv, 2, 5) * G_USEC_PER_SEC);
  scroll.step = number_arg (argc, argv, 3, 60);
  settle = number_arg (argc, argv, 4, 1);

  before = rss_mb ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  view = g_object_new (VIGIE_TYPE_JOURNAL_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (window), view);
  vigie_journal_view_set_journal (VIGIE_JOURNAL_VIEW (view), journal);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  /* Settled: the first rows read and painted. Waiting, not spinning: a
   * busy main loop would take the CPU the worker threads need. */
  {
    gboolean settled = FALSE;

    g_timeout_add_once ((guint) (settle * 1000), settled_cb, &settled);
    while (!settled)
      g_main_context_iteration (NULL, TRUE);
  }
  shown = rss_mb ();

  scrolled = find_scrolled (view);
  g_assert (scrolled != NULL);
  scroll.adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  cpu_ms = thread_cpu_ms ();
  refresh_ms = run_scroll (window, &scroll);
  cpu_ms = thread_cpu_ms () - cpu_ms;
  after = rss_mb ();

  expected = scroll.duration / 1000.0 / refresh_ms;
  printf ("journal %s: %u calls loaded in the list after scrolling to %.0f px\n", argv[1],
          g_list_model_get_n_items (vigie_journal_view_get_model (VIGIE_JOURNAL_VIEW (view))),
          gtk_adjustment_get_value (scroll.adjustment));
  printf ("RSS: %.1f MB before the page, %.1f MB shown (+%.1f), %.1f MB after scrolling (+%.1f)\n",
          before, shown, shown - before, after, after - before);
  printf ("scrolling %.1f s at %.0f px/frame: %u frames painted of %.0f at %.1f ms (%.1f%% dropped), "
          "longest gap %.1f ms\n", scroll.duration / 1e6, scroll.step, scroll.n_paints, expected, refresh_ms,
          100.0 * MAX (0, expected - scroll.n_paints) / expected, scroll.longest / 1000.0);
  printf ("main thread CPU over the scroll: %.0f ms, %.2f ms per frame painted\n",
          cpu_ms, scroll.n_paints ? cpu_ms / scroll.n_paints : 0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
