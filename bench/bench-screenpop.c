/* bench-screenpop.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screen pop with 100,000 contacts: from the switchboard's request to the
 * caller card and the script's first question laid out and painted.
 * Three figures: the core lookup alone (normalise, find client and caller,
 * journal the arrival: two fsync'd SQLite commits), the call view's
 * construction, and the whole pop up to the first painted frame.
 *
 *   xvfb-run -a build/bench/bench-screenpop [N_CONTACTS] [N_CALLS]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "vigie-application.h"
#include "vigie-call-view.h"
#include "vigie-window.h"

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
  g_print ("%-44s median %6.2f ms   p95 %6.2f ms   max %6.2f ms   (n=%u)\n", what,
           v[samples->len / 2], v[(samples->len * 95) / 100], v[samples->len - 1], samples->len);
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigie-bench-XXXXXX", NULL);
  g_autofree char *directory = g_build_filename (dir, "directory.json", NULL);
  g_autoptr(VigieContext) context = NULL;
  g_autoptr(GArray) core = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) widgets = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_contacts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint n_calls = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 200;
  VigieWindow *window;
  GdkFrameClock *clock;
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
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  for (guint i = 0; i < n_calls + 5; i++)
    {
      g_autoptr(VigieCall) call = NULL;
      g_autofree char *from = NULL;
      g_autofree char *id = g_strdup_printf ("bench-%u", i);
      guint k = g_random_int_range (0, n_contacts);
      gboolean painted = FALSE;
      gulong handler;
      gint64 t0, t1, t2, t3;
      GtkWidget *probe;

      from = g_strdup_printf ("+336%02u%02u%02u%02u", 10 + (k / 1000000) % 90, (k / 10000) % 100,
                              (k / 100) % 100, k % 100);

      t0 = g_get_monotonic_time ();
      call = vigie_context_open_call (context, from, "0800 100 200", id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (vigie_call_get_caller (call));
      t1 = g_get_monotonic_time ();
      probe = vigie_call_view_new (call);
      g_object_ref_sink (probe);
      t2 = g_get_monotonic_time ();
      g_object_unref (probe);

      /* The real path: view, list row, history query, layout, paint. */
      t2 = t2 - t1;
      t1 = t1 - t0;
      t0 = g_get_monotonic_time ();
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
      vigie_window_add_call (window, call);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      t3 = g_get_monotonic_time () - t0 + t1;
      g_signal_handler_disconnect (clock, handler);

      if (i >= 5)  /* warm-up */
        {
          double core_ms = t1 / 1000.0, widget_ms = t2 / 1000.0, total_ms = t3 / 1000.0;

          g_array_append_val (core, core_ms);
          g_array_append_val (widgets, widget_ms);
          g_array_append_val (total, total_ms);
        }

      gtk_widget_activate_action (vigie_window_get_call_view (window, id), "call.close", NULL);
    }

  g_print ("Screen pop, %u contacts, %u calls (GSK_RENDERER=%s):\n", n_contacts, n_calls,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  report ("  core: lookup + journal the arrival", core);
  report ("  call view construction", widgets);
  report ("  request → caller card + question painted", total);

  gtk_window_destroy (GTK_WINDOW (window));
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}
