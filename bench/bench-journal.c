/* bench-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   xvfb-run -a build/bench/bench-journal DATA_DIR [ROUNDS]
 *
 * DATA_DIR holds a big journal.sqlite (build/bench/journal-fill
 * DATA_DIR/journal.sqlite 1000000). Everything is measured side by side in
 * one run:
 *
 *  - the desk with that journal and with an empty one, each in a fresh
 *    process, alternately: context + window → first frame painted, then
 *    screen pops (request → caller card painted), median;
 *  - the journal page's first 50 rows for each filter and search, against
 *    the sqlite3 command line running the same SQL on the same file
 *    (".timer on", statement time only);
 *  - a full verification, and how many events it checked.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "vigie-application.h"
#include "vigie-window.h"

typedef struct {
  GdkDisplay *display;
  guint       n_frames;
  gint64      painted;
} Frames;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  if (samples->len == 0)
    return 0;
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  gdk_display_sync (frames->display);
  frames->painted = g_get_monotonic_time ();
  frames->n_frames++;
}

static void
wait_frames (Frames *frames,
             guint   n)
{
  while (frames->n_frames < n)
    g_main_context_iteration (NULL, TRUE);
}

/* In a fresh process: the desk on DATA_DIR, first frame then pops. */
static int
child (const char *data_dir,
       gint64      started)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = NULL;
  g_autoptr(GArray) pops = g_array_new (FALSE, FALSE, sizeof (double));
  VigieWindow *window;
  GdkFrameClock *clock;
  Frames frames = { 0 };
  double first_frame;
  gulong handler;

  if (!gtk_init_check ())
    return 77;
  adw_init ();

  context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  if (g_getenv ("BENCH_JOURNAL_PHASES"))
    g_printerr ("  context loaded at %.1f ms\n", (g_get_monotonic_time () - started) / 1000.0);
  window = vigie_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_present (GTK_WINDOW (window));
  frames.display = gtk_widget_get_display (GTK_WIDGET (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  wait_frames (&frames, 1);
  first_frame = (frames.painted - started) / 1000.0;

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%u-%" G_GINT64_FORMAT, i, g_get_real_time ());
      g_autoptr(VigieCall) call = NULL;
      gint64 requested;
      guint seen;

      /* An idle desk: everything from the last call painted and done. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      seen = frames.n_frames;
      requested = g_get_monotonic_time ();
      call = vigie_context_open_call (context, "06 12 34 56 78", "0800 100 200", id, &error);
      g_assert_no_error (error);
      vigie_window_add_call (window, call);
      wait_frames (&frames, seen + 1);
      if (i >= 5)
        {
          double ms = (frames.painted - requested) / 1000.0;
          g_array_append_val (pops, ms);
        }
      gtk_widget_activate_action (GTK_WIDGET (vigie_window_get_call_view (window, id)), "call.close", NULL);
      wait_frames (&frames, frames.n_frames + 1);
    }

  g_signal_handler_disconnect (clock, handler);
  printf ("%.2f %.2f\n", first_frame, median (pops));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static gboolean
run_child (const char *self_path,
           const char *data_dir,
           double     *first_frame,
           double     *pop)
{
  const char *argv[] = { self_path, "--child", data_dir, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      sscanf (out, "%lf %lf", first_frame, pop) != 2)
    {
      g_printerr ("bench-journal: child on %s: %s\n", data_dir, error ? error->message : out);
      return FALSE;
    }
  return TRUE;
}

/* The statement time sqlite3 reports, one run. */
static double
sqlite_cli_ms (const char *path,
               const char *sql)
{
    {
      g_autofree char *script = g_strdup_printf (".timer on\n%s;\n", sql);
      const char *argv[] = { "sqlite3", "-readonly", path, NULL };
      g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
      g_autofree char *out = NULL;
      const char *timer;
      double seconds;

      if (process == NULL || !g_subprocess_communicate_utf8 (process, script, NULL, &out, NULL, NULL) ||
          !(timer = strstr (out, "Run Time: real ")) || sscanf (timer, "Run Time: real %lf", &seconds) != 1)
        return -1;
      return seconds * 1000;
    }
}

static double
app_ms (VigieJournal             *journal,
        const VigieJournalFilter *filter,
        guint                    *n_rows)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) calls = vigie_journal_query_calls (journal, filter, 0, 50, &error);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_assert_no_error (error);
  *n_rows = calls->len;
  return ms;
}

static void
bench_queries (VigieJournal *journal)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);
  g_autoptr(GDateTime) quarter_ago = g_date_time_add_days (now, -120);
  g_autofree char *month = g_date_time_format (month_ago, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *quarter = g_date_time_format (quarter_ago, "%Y-%m-%dT%H:%M:%S.%fZ");
  struct {
    const char         *label;
    VigieJournalFilter  filter;
  } cases[] = {
    { "journal page opened (newest first)", { 0 } },
    { "last 30 days", { .from = month } },
    { "one client", { .client_id = (char *) "ehpad-les-tilleuls" } },
    { "operator + decision trigger", { .operator_name = (char *) "Nadia", .decision = (char *) "trigger" } },
    { "gravity >= 5, overridden", { .min_gravity = 5, .overridden = TRUE } },
    { "VIP not acked within 15 min", { .vip = TRUE, .not_acked_within = 15 } },
    { "not delivered within 1 min, quarter", { .from = quarter, .not_delivered_within = 1 } },
    { "search \"chaudiere\" (accent folded)", { .search = (char *) "chaudiere" } },
    { "search \"helene\" + client", { .search = (char *) "helene", .client_id = (char *) "mairie-nantes" } },
    { "search \"batiment\" (typed answers)", { .search = (char *) "batiment" } },
    { "sort by gravity", { .sort = VIGIE_JOURNAL_SORT_GRAVITY } },
  };

  g_print ("\nFirst 50 rows, median of 7 interleaved runs (app: the journal page's query on its connection;\n"
           "sqlite3: the same SQL, \".timer on\" statement time):\n");
  g_print ("  %-40s %9s %9s %7s %5s\n", "filter", "app ms", "sqlite3", "ratio", "rows");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sql = vigie_journal_filter_to_sql (&cases[i].filter, FALSE, 0, 50);
      g_autoptr(GArray) apps = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) clis = g_array_new (FALSE, FALSE, sizeof (double));
      guint rows = 0;
      double app, cli;

      /* Interleaved, so both see the same load on a shared machine. */
      for (guint k = 0; k < 7; k++)
        {
          app = app_ms (journal, &cases[i].filter, &rows);
          cli = sqlite_cli_ms (vigie_journal_get_path (journal), sql);
          g_array_append_val (apps, app);
          g_array_append_val (clis, cli);
        }
      app = median (apps);
      cli = median (clis);

      g_print ("  %-40s %9.2f %9.2f %6.2fx %5u\n", cases[i].label, app, cli, cli > 0 ? app / cli : 0, rows);
    }
}

static void
bench_verify (VigieJournal *journal,
              const char   *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournalReport) report = NULL;
  gint64 start = g_get_monotonic_time ();
  GStatBuf st;

  report = vigie_journal_check (journal, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_print ("Full verification: %" G_GINT64_FORMAT " events in %.2f s (%s), journal %.0f MB\n",
           report->n_events, (g_get_monotonic_time () - start) / 1e6,
           report->damage ? report->message : "intact",
           g_stat (path, &st) == 0 ? st.st_size / 1e6 : 0.0);
}

/* The desk in fresh processes, alternately on the empty and the big data. */
static gboolean
bench_desk (const char *self_path,
            const char *empty,
            const char *big,
            guint       rounds)
{
  GArray *frame[2], *pop[2];

  for (guint i = 0; i < 2; i++)
    {
      frame[i] = g_array_new (FALSE, FALSE, sizeof (double));
      pop[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < 2; i++)
      {
        double f, p;

        if (!run_child (self_path, i == 0 ? empty : big, &f, &p))
          return FALSE;
        g_printerr ("round %u %s: first frame %.1f ms, pop %.2f ms\n", r, i ? "big" : "empty", f, p);
        g_array_append_val (frame[i], f);
        g_array_append_val (pop[i], p);
      }

  g_print ("\nDesk, %u fresh processes each, alternating (median):\n", rounds);
  g_print ("  %-36s %10s %10s %7s\n", "", "empty", "big", "ratio");
  {
    double fe = median (frame[0]), fb = median (frame[1]);
    double pe = median (pop[0]), pb = median (pop[1]);

    g_print ("  %-36s %10.1f %10.1f %6.2fx\n", "context + window → first frame (ms)", fe, fb, fb / fe);
    g_print ("  %-36s %10.2f %10.2f %6.2fx\n", "screen pop → card painted (ms)", pe, pb, pb / pe);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_array_unref (frame[i]);
      g_array_unref (pop[i]);
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *big_path = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  guint rounds;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return child (argv[2], g_get_monotonic_time ());

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("Usage: bench-journal DATA_DIR [ROUNDS]   (DATA_DIR/journal.sqlite from journal-fill)\n");
      return 2;
    }
  rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 5;
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  big_path = g_build_filename (argv[1], "journal.sqlite", NULL);
  empty = g_dir_make_tmp ("vigie-bench-empty-XXXXXX", NULL);
  g_assert_true (vigie_context_install_demo (empty, NULL, &error));
  g_assert_true (vigie_context_install_demo (argv[1], NULL, &error));

  if (!(journal = vigie_journal_open (big_path, &error)))
    {
      g_printerr ("bench-journal: %s\n", error->message);
      return 1;
    }

  bench_verify (journal, big_path);

  bench_queries (journal);
  g_clear_object (&journal);
  if (g_getenv ("BENCH_JOURNAL_NO_DESK"))
    return 0;

  if (!bench_desk (argv[0], empty, argv[1], rounds))
    return 1;

  {
    const char *rm[] = { "rm", "-rf", empty, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}
