/* bench-script.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads and validates a generated 10,000-node script (questions, number
 * questions, information steps, outcomes, rules) from a real file, several
 * times, and prints the median. Target: under 50 ms.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-json.h"
#include "vigie-script.h"

#define N_NODES 10000
#define N_RUNS 21

static char *
generate (void)
{
  GString *text = g_string_new ("{\n  \"id\": \"bench\",\n  \"title\": \"Banc d'essai\",\n  \"start\": \"intro\",\n"
                                "  \"opening_hours\": { \"mon-fri\": [\"08:00-12:00\", \"13:30-18:00\"] },\n"
                                "  \"rules\": [\n");
  /* A binary tree has one more leaf than inner nodes; an information
   * step at the start makes the count even. */
  guint n_questions = (N_NODES - 2) / 2;

  for (guint r = 0; r < 20; r++)
    g_string_append_printf (text,
                            "    { \"id\": \"r%u\", \"when\": { \"keywords\": [\"fuite*\", \"gaz\"], \"time\": \"22:00-07:00\" },"
                            " \"priority\": 1 },\n", r);
  g_string_append (text, "    { \"id\": \"vip\", \"when\": { \"vip\": true, \"gravity_at_least\": 3 }, \"force\": \"trigger\" }\n"
                         "  ],\n  \"nodes\": [\n"
                         "    { \"id\": \"intro\", \"type\": \"info\", \"text\": \"Lire l'annonce.\", \"next\": \"q0\" },\n");

  /* A binary tree of questions: q_i leads to q_{2i+1} and q_{2i+2}, or to
   * outcomes past the last question. */
  for (guint i = 0; i < n_questions; i++)
    {
      guint a = 2 * i + 1, b = 2 * i + 2;
      g_autofree char *na = a < n_questions ? g_strdup_printf ("q%u", a) : g_strdup_printf ("o%u", a - n_questions);
      g_autofree char *nb = b < n_questions ? g_strdup_printf ("q%u", b) : g_strdup_printf ("o%u", b - n_questions);

      if (i % 3 == 0)
        g_string_append_printf (text,
                                "    { \"id\": \"q%u\", \"type\": \"yesno\", \"text\": \"Question %u : l'eau coule-t-elle ?\","
                                " \"yes\": \"%s\", \"no\": \"%s\" },\n", i, i, na, nb);
      else if (i % 3 == 1)
        g_string_append_printf (text,
                                "    { \"id\": \"q%u\", \"type\": \"number\", \"text\": \"Température %u ?\", \"unit\": \"°C\","
                                " \"thresholds\": [ { \"below\": 14, \"next\": \"%s\" } ], \"otherwise\": \"%s\" },\n",
                                i, i, na, nb);
      else
        g_string_append_printf (text,
                                "    { \"id\": \"q%u\", \"type\": \"choice\", \"text\": \"Question %u ?\", \"choices\": ["
                                " { \"key\": \"a\", \"label\": \"Première réponse\", \"next\": \"%s\" },"
                                " { \"key\": \"b\", \"label\": \"Seconde réponse\", \"next\": \"%s\" } ] },\n",
                                i, i, na, nb);
    }
  for (guint o = 0; o < N_NODES - 1 - n_questions; o++)
    g_string_append_printf (text,
                            "    { \"id\": \"o%u\", \"type\": \"outcome\", \"nature\": \"Issue %u\", \"gravity\": %u,"
                            " \"urgency\": \"normal\", \"decision\": \"%s\", %s\"alert\": \"Issue %u pour {caller} ({site})\" }%s\n",
                            o, o, 1 + o % 4, o % 3 == 0 ? "trigger" : o % 3 == 1 ? "defer" : "log",
                            o % 3 == 1 ? "\"defer\": \"next-opening\", " : "", o,
                            o + 1 < N_NODES - 1 - n_questions ? "," : "");
  g_string_append (text, "  ]\n}\n");

  return g_string_free (text, FALSE);
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
  g_autofree char *contents = generate ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "vigie-bench-script.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  double times[N_RUNS], parse_times[N_RUNS];

  if (!g_file_set_contents (path, contents, -1, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(VigieScript) script = vigie_script_load (file, NULL, &error);

      times[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
      if (script == NULL)
        g_error ("%s", error->message);
      g_assert_cmpuint (vigie_script_get_n_nodes (script), ==, N_NODES);
    }
  if (!g_getenv ("VIGIE_BENCH_KEEP")) g_unlink (path);

  /* The share of the JSON parse alone, positions included. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(VigieJsonDocument) doc = vigie_json_document_parse (contents, strlen (contents), 64, NULL, NULL, &error);

      parse_times[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
    }
  qsort (parse_times, N_RUNS, sizeof (double), compare_double);

  qsort (times, N_RUNS, sizeof (double), compare_double);
  g_print ("script load+validate, %d nodes, %zu KiB: median %.1f ms, min %.1f ms, max %.1f ms (%d runs; target < 50 ms)\n",
           N_NODES, strlen (contents) / 1024, times[N_RUNS / 2], times[0], times[N_RUNS - 1], N_RUNS);
  g_print ("  of which the JSON parse with positions: median %.1f ms\n", parse_times[N_RUNS / 2]);
  return times[N_RUNS / 2] < 50.0 ? 0 : 1;
}
