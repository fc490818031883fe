/* bench-opencalls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long night on the real desk: the `vigie` binary on the demo data,
 * rung over its switchboard endpoint (HTTP on 127.0.0.1, as Asterisk's
 * CURL() would), with the screen pop's duration read from the journal
 * (the desk journals "screen-pop": the switchboard's request → the frame
 * showing the call, painted) and the desk's RSS from /proc.
 *
 *  1. Open calls pile up: pop time and RSS with 1, 20, 100 and N calls
 *     open (at each step, 5 extra calls are rung, timed and closed).
 *  2. N calls rung, popped and closed one after the other: pop time and
 *     RSS at the start, the middle and the end.
 *
 * Several binaries (e.g. main's and this branch's) run one after the
 * other in the same run, printed side by side:
 *
 *   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
 *     build/bench/bench-opencalls [-n 1000] old=/path/to/old/vigie new=build/src/gui/vigie
 *
 * Each desk gets its own XDG folders; GSETTINGS_SCHEMA_DIR must point at
 * the schema (the build's data/ folder; the meson benchmark sets it).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#define TOKEN "bench-opencalls-token"
#define PROBES 5

typedef struct {
  char        *label;
  char        *binary;
  char        *tmp;
  char       **env;
  GPid         pid;
  guint16      port;
  sqlite3     *db;
  SoupSession *session;
  guint        serial;
  /* results */
  double       pile_ms[8];
  double       pile_rss[8];
  double       loop_ms[3];
  double       loop_rss[3];
  double       seconds;
} Desk;

static const guint pile_steps_default[] = { 1, 20, 100, 1000 };
static guint pile_steps[G_N_ELEMENTS (pile_steps_default) + 1];
static guint n_pile_steps;

static double
rss_mb (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(line = strstr (text, "VmRSS:")))
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return n ? v[n / 2] : -1;
}

/* The screen pop's own figure, once the desk has painted it. */
static double
wait_pop (Desk       *desk,
          const char *call_id)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  sqlite3_stmt *stmt = NULL;
  double ms = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (desk->db,
                                       "SELECT json_extract(data, '$.ms') FROM events "
                                       "WHERE call_id = ?1 AND kind = 'screen-pop'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (ms < 0 && g_get_monotonic_time () < deadline)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        ms = sqlite3_column_double (stmt, 0);
      else
        g_usleep (2000);
    }
  sqlite3_finalize (stmt);
  if (ms < 0)
    g_error ("%s: no screen pop for %s", desk->label, call_id);
  return ms;
}

static gboolean
ring (Desk       *desk,
      const char *call_id,
      GError    **error)
{
  g_autofree char *from = g_strdup_printf ("+3367%07u", g_random_int_range (0, 10000000));
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/call?event=ring&from=%s&line=0800100200"
                                          "&call_id=%s&token=" TOKEN, desk->port, from, call_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = soup_session_send_and_read (desk->session, msg, NULL, error);

  if (body == NULL)
    return FALSE;
  if (soup_message_get_status (msg) != 200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "ring %s: HTTP %u %.*s", call_id,
                   soup_message_get_status (msg), (int) g_bytes_get_size (body),
                   (const char *) g_bytes_get_data (body, NULL));
      return FALSE;
    }
  return TRUE;
}

/* What the operator's Ctrl+W does, through `vigie close` (the command
 * line goes to the running desk over D-Bus). */
static void
close_call (Desk       *desk,
            const char *call_id)
{
  const char *argv[] = { desk->binary, "close", "--call-id", call_id, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, desk->env, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: vigie close %s: %s", desk->label, call_id, error->message);
}

static double
pop (Desk     *desk,
     gboolean  then_close)
{
  g_autofree char *id = g_strdup_printf ("night-%u", desk->serial++);
  g_autoptr(GError) error = NULL;
  double ms;

  if (!ring (desk, id, &error))
    g_error ("%s: %s", desk->label, error->message);
  ms = wait_pop (desk, id);
  if (then_close)
    close_call (desk, id);
  return ms;
}

static void
start (Desk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (desk->tmp, "config", "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (config, "keyfile", NULL);
  g_autofree char *settings = NULL;
  g_autofree char *journal = NULL;
  const char *argv[] = { desk->binary, NULL };
  const char *dirs[] = { "data", "config", "cache", "state", "runtime" };
  const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR" };
  gint64 deadline;

  desk->port = 20000 + g_random_int_range (0, 20000);
  desk->env = g_get_environ ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (desk->tmp, dirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      desk->env = g_environ_setenv (desk->env, vars[i], dir, TRUE);
    }
  desk->env = g_environ_setenv (desk->env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  desk->env = g_environ_setenv (desk->env, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  desk->env = g_environ_setenv (desk->env, "GTK_A11Y", "none", TRUE);
  /* As the tests: no GL under Xvfb (llvmpipe would dominate the figures). */
  desk->env = g_environ_setenv (desk->env, "GSK_RENDERER", "cairo", FALSE);
  g_mkdir_with_parents (config, 0700);
  settings = g_strdup_printf ("[org/vigie/Vigie]\npbx-endpoint-enabled=true\npbx-endpoint-port=uint16 %u\n"
                              "pbx-endpoint-token='" TOKEN "'\noperator-name='Bench'\n", desk->port);
  g_assert_true (g_file_set_contents (keyfile, settings, -1, NULL));

  if (!g_spawn_async (NULL, (char **) argv, desk->env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &desk->pid, &error))
    g_error ("%s: %s", desk->binary, error->message);

  /* Ready when the endpoint answers (the demo is installed by then). */
  desk->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 120, NULL);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/", desk->port);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GBytes) body = soup_session_send_and_read (desk->session, msg, NULL, NULL);

      if (body != NULL)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("%s did not listen on %u", desk->binary, desk->port);
      g_usleep (100000);
    }
  journal = g_build_filename (desk->tmp, "data", "vigie", "journal.sqlite", NULL);
  g_assert_cmpint (sqlite3_open_v2 (journal, &desk->db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (desk->db, 5000);
}

static void
stop (Desk *desk)
{
  int status;

  kill (desk->pid, SIGTERM);
  waitpid (desk->pid, &status, 0);
  g_spawn_close_pid (desk->pid);
  g_clear_pointer (&desk->db, sqlite3_close);
  g_clear_object (&desk->session);
  g_clear_pointer (&desk->env, g_strfreev);
}

static void
run_desk (Desk  *desk,
          guint  n)
{
  gint64 t0 = g_get_monotonic_time ();
  guint open = 0;

  /* 1. Open calls pile up (the first one on screen, the others waiting). */
  start (desk);
  for (guint s = 0; s < n_pile_steps; s++)
    {
      double samples[PROBES];

      while (open < pile_steps[s])
        {
          pop (desk, FALSE);
          open++;
        }
      for (guint p = 0; p < PROBES; p++)
        samples[p] = pop (desk, TRUE);
      desk->pile_ms[s] = median (samples, PROBES);
      desk->pile_rss[s] = rss_mb (desk->pid);
      g_printerr ("%s: %u open: %.1f ms, %.0f MB\n", desk->label, open, desk->pile_ms[s], desk->pile_rss[s]);
    }
  stop (desk);

  /* 2. A night of calls, each closed before the next. */
  {
    g_autofree char *tmp = g_strconcat (desk->tmp, "-2", NULL);
    const char *rm[] = { "rm", "-rf", desk->tmp, NULL };
    guint marks[3] = { 1, n / 2, n };
    guint m = 0;
    double window[10];
    guint w = 0;

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free (desk->tmp);
    desk->tmp = g_steal_pointer (&tmp);
    start (desk);
    for (guint i = 1; i <= n; i++)
      {
        gboolean marked = FALSE;

        window[w++ % G_N_ELEMENTS (window)] = pop (desk, TRUE);
        /* A small N may give the same mark twice. */
        for (; m < 3 && i == marks[m]; m++, marked = TRUE)
          {
            desk->loop_ms[m] = median (window, MIN (w, G_N_ELEMENTS (window)));
            desk->loop_rss[m] = rss_mb (desk->pid);
            g_printerr ("%s: %u closed: %.1f ms, %.0f MB\n", desk->label, i, desk->loop_ms[m], desk->loop_rss[m]);
          }
        if (marked)
          w = 0;
      }
    stop (desk);
  }
  desk->seconds = (g_get_monotonic_time () - t0) / 1e6;
}

/* [-n N] [LABEL=]VIGIE… */
static void
parse_args (int        argc,
            char      *argv[],
            GPtrArray *desks,
            guint     *n)
{
  for (int i = 1; i < argc; i++)
    {
      const char *eq;
      Desk *desk;

      if (g_str_equal (argv[i], "-n") && i + 1 < argc)
        {
          *n = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
          continue;
        }
      desk = g_new0 (Desk, 1);
      eq = strchr (argv[i], '=');
      desk->label = eq ? g_strndup (argv[i], eq - argv[i]) : g_strdup ("vigie");
      desk->binary = g_strdup (eq ? eq + 1 : argv[i]);
      desk->tmp = g_dir_make_tmp ("vigie-opencalls-XXXXXX", NULL);
      g_ptr_array_add (desks, desk);
    }
}

static void
print_table (GPtrArray *desks,
             guint      n)
{
  g_print ("Screen pop (switchboard request → call painted, journaled by the desk, median of %u)"
           " and RSS, %u calls:\n", PROBES, n);
  g_print ("  %-34s", "");
  for (guint d = 0; d < desks->len; d++)
    g_print (" | %-22s", ((Desk *) desks->pdata[d])->label);
  g_print ("\n");
  for (guint s = 0; s < n_pile_steps; s++)
    {
      g_autofree char *what = g_strdup_printf ("%u calls open", pile_steps[s]);

      g_print ("  %-34s", what);
      for (guint d = 0; d < desks->len; d++)
        {
          Desk *desk = desks->pdata[d];
          g_print (" | %8.1f ms %7.0f MB", desk->pile_ms[s], desk->pile_rss[s]);
        }
      g_print ("\n");
    }
  for (guint m = 0; m < 3; m++)
    {
      guint at[3] = { 1, n / 2, n };
      g_autofree char *what = g_strdup_printf ("opened and closed, call %u", at[m]);

      g_print ("  %-34s", what);
      for (guint d = 0; d < desks->len; d++)
        {
          Desk *desk = desks->pdata[d];
          g_print (" | %8.1f ms %7.0f MB", desk->loop_ms[m], desk->loop_rss[m]);
        }
      g_print ("\n");
    }
  g_print ("  %-34s", "bench time");
  for (guint d = 0; d < desks->len; d++)
    g_print (" | %10.0f s %10s", ((Desk *) desks->pdata[d])->seconds, "");
  g_print ("\n");

}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) desks = g_ptr_array_new ();
  guint n = 1000;
  guint n_steps = 0;

  parse_args (argc, argv, desks, &n);
  if (desks->len == 0 || g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("Usage (with a display and a session bus of its own):\n"
                  "  dbus-run-session -- xvfb-run -a bench-opencalls [-n N] [LABEL=]VIGIE…\n");
      return 77;
    }
  setlocale (LC_ALL, "");
  /* 1, 20, 100, 1,000, the last one being N. */
  for (guint s = 0; s < G_N_ELEMENTS (pile_steps_default) && pile_steps_default[s] < n; s++)
    pile_steps[n_steps++] = pile_steps_default[s];
  pile_steps[n_steps++] = n;
  n_pile_steps = n_steps;

  for (guint d = 0; d < desks->len; d++)
    run_desk (desks->pdata[d], n);

  print_table (desks, n);

  for (guint d = 0; d < desks->len; d++)
    {
      Desk *desk = desks->pdata[d];
      const char *rm[] = { "rm", "-rf", desk->tmp, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return 0;
}
