/* bench-designer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script designer on a generated script of N nodes (default 2,000):
 * the time from asking for the client to the first frame that shows it
 * (load, validation, cases, outline, layout, drawing), then panning the
 * graph one step per frame for P frames (default 240), each frame's
 * interval read from the frame clock. Run under Xvfb:
 *
 *   xvfb-run -a meson test -C build --benchmark bench-designer -v
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <time.h>

#include "vigie-designer-window.h"
#include "vigie-script-cases.h"

static gboolean drawn;

/* Questions with three choices, each leading to the next questions or,
 * at the end, to outcomes of the three decisions. */
static char *
generate (guint n_nodes)
{
  GString *out = g_string_new ("{\n  \"format\": 1,\n  \"id\": \"grand\",\n  \"title\": \"Script généré\",\n"
                               "  \"start\": \"q0\",\n  \"opening_hours\": { \"mon-fri\": [\"08:00-18:00\"] },\n"
                               "  \"nodes\": [\n");
  guint n_questions = n_nodes / 2;
  static const char *decisions[] = { "trigger", "defer", "log" };

  for (guint i = 0; i < n_questions; i++)
    {
      g_string_append_printf (out, "    { \"id\": \"q%u\", \"type\": \"choice\", \"text\": \"Question numéro %u : que se passe-t-il ?\", \"choices\": [\n", i, i);
      for (guint c = 0; c < 3; c++)
        {
          guint child = 3 * i + c + 1;
          g_autofree char *target = child < n_questions ? g_strdup_printf ("q%u", child)
                                                        : g_strdup_printf ("o%u", (child - n_questions) % (n_nodes - n_questions));

          g_string_append_printf (out, "      { \"label\": \"Réponse %u\", \"next\": \"%s\" }%s\n", c + 1, target, c < 2 ? "," : "");
        }
      g_string_append (out, "    ] },\n");
    }
  for (guint i = 0; i < n_nodes - n_questions; i++)
    g_string_append_printf (out, "    { \"id\": \"o%u\", \"type\": \"outcome\", \"nature\": \"Issue %u\", \"gravity\": %u, "
                                 "\"decision\": \"%s\"%s }%s\n",
                            i, i, 1 + i % 4, decisions[i % 3], i % 3 == 1 ? ", \"defer\": \"next-opening\"" : "",
                            i + 1 < n_nodes - n_questions ? "," : "");
  g_string_append (out, "  ]\n}\n");
  return g_string_free (out, FALSE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                GArray        *times)
{
  gint64 now = g_get_monotonic_time ();

  drawn = TRUE;
  if (times)
    g_array_append_val (times, now);
}

/* CPU time of this process: what the designer costs, whatever the
 * machine's load does to the wall clock. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  guint n_nodes = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 2000;
  guint n_frames = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 240;
  g_autofree char *dir = g_dir_make_tmp ("bench-designer-XXXXXX", NULL);
  g_autofree char *scripts = g_build_filename (dir, "scripts", NULL);
  g_autofree char *script_path = g_build_filename (scripts, "grand.json", NULL);
  g_autofree char *clients_path = g_build_filename (dir, "clients.json", NULL);
  g_autofree char *cases_path = g_build_filename (scripts, "grand.cases.json", NULL);
  g_autofree char *text = generate (n_nodes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  VigieDesignerWindow *designer;
  GdkFrameClock *clock;
  GtkWidget *graph, *scroller;
  GtkAdjustment *h, *v;
  gint64 start, shown;
  double cpu_start;
  double worst = 0, refresh_ms = 1000.0 / 60;
  guint dropped = 0;
  gulong handler;

  if (!gtk_init_check ())
    {
      g_printerr ("bench-designer: no display (run under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  g_mkdir_with_parents (scripts, 0755);
  g_assert_true (g_file_set_contents (script_path, text, -1, &error));
  g_assert_true (g_file_set_contents (clients_path,
                                      "{ \"clients\": [ { \"id\": \"grand\", \"name\": \"Grand script\", "
                                      "\"lines\": [\"01 00 00 00 00\"], \"script\": \"scripts/grand.json\" } ] }",
                                      -1, &error));
  g_assert_true (g_file_set_contents (cases_path,
                                      "{ \"cases\": [ { \"name\": \"premier\", \"answers\": { \"q0\": \"1\", \"q1\": \"1\", "
                                      "\"q4\": \"1\", \"q13\": \"1\", \"q40\": \"1\", \"q121\": \"1\", \"q364\": \"1\" }, "
                                      "\"at\": \"2026-12-02T10:00+01:00\", \"expect\": {} } ] }", -1, &error));

  designer = vigie_designer_window_new (NULL, dir);
  gtk_window_set_default_size (GTK_WINDOW (designer), 1280, 800);
  gtk_window_present (GTK_WINDOW (designer));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (200000);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (designer));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  /* Open and draw. */
  drawn = FALSE;
  cpu_start = cpu_ms ();
  start = g_get_monotonic_time ();
  g_assert_true (vigie_designer_window_open_client (designer, "grand", &error));
  g_assert_no_error (error);
  while (!drawn)
    g_main_context_iteration (NULL, TRUE);
  shown = g_get_monotonic_time ();
  g_signal_handler_disconnect (clock, handler);
  g_print ("nodes: %u\n", vigie_script_document_get_n_nodes (vigie_designer_window_get_document (designer)));
  g_print ("open and draw: %.1f ms wall, %.1f ms CPU\n", (shown - start) / 1000.0, cpu_ms () - cpu_start);

  /* Pan: one step per frame, as a drag would. */
  graph = vigie_designer_window_get_graph (designer);
  scroller = gtk_widget_get_ancestor (graph, GTK_TYPE_SCROLLED_WINDOW);
  h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_print ("graph: %d × %d px\n", gtk_widget_get_width (graph), gtk_widget_get_height (graph));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), times);
  cpu_start = cpu_ms ();
  for (guint i = 0; i < n_frames; i++)
    {
      guint before = times->len;
      gint64 asked = g_get_monotonic_time ();

      gtk_adjustment_set_value (h, gtk_adjustment_get_lower (h) +
                                   fmod (i * 37.0, gtk_adjustment_get_upper (h) - gtk_adjustment_get_page_size (h)));
      gtk_adjustment_set_value (v, gtk_adjustment_get_lower (v) +
                                   fmod (i * 11.0, MAX (1, gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v))));
      while (times->len == before)
        g_main_context_iteration (NULL, TRUE);
      {
        double ms = (g_array_index (times, gint64, times->len - 1) - asked) / 1000.0;

        g_array_append_val (work, ms);
      }
    }
  g_signal_handler_disconnect (clock, handler);
  g_print ("pan: %.1f ms CPU a frame\n", (cpu_ms () - cpu_start) / n_frames);
  g_array_sort (work, compare_double);
  g_print ("pan: move to painted frame median %.1f ms, p95 %.1f ms, worst %.1f ms\n",
           g_array_index (work, double, work->len / 2), g_array_index (work, double, work->len * 95 / 100),
           g_array_index (work, double, work->len - 1));
  for (guint i = 1; i < times->len; i++)
    {
      double ms = (g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1)) / 1000.0;

      g_array_append_val (intervals, ms);
      worst = MAX (worst, ms);
      /* A frame is dropped when an interval spans two refreshes. */
      if (ms > 1.5 * refresh_ms)
        dropped++;
    }
  g_array_sort (intervals, compare_double);
  g_print ("pan: %u frames, interval median %.1f ms, p95 %.1f ms, worst %.1f ms, dropped %u\n",
           intervals->len, g_array_index (intervals, double, intervals->len / 2),
           g_array_index (intervals, double, intervals->len * 95 / 100), worst, dropped);

  gtk_window_destroy (GTK_WINDOW (designer));
  return 0;
}
