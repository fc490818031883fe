/* bench-coldstart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cold start, exec → first top-level window mapped (MapNotify on the X
 * server's root window), for three programs run in turn N times each,
 * interleaved so a busy machine weighs on all three alike:
 *
 *  - a bare AdwApplicationWindow (bench-bare-window, the floor);
 *  - GNOME Text Editor (Debian's gnome-text-editor, skipped when missing);
 *  - Vigie on the demo data (installed before the first run).
 *
 *   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
 *     build/bench/bench-coldstart [-n 15] BARE VIGIE [LABEL=PROGRAM…]
 *
 * Each program gets the same environment (GSK_RENDERER=cairo unless set,
 * GTK_A11Y=none, its own XDG folders), is killed once mapped, and the
 * next one starts when it is gone.
 *
 * Beside the wall time, the CPU time the program's threads had run when
 * its window was mapped (the schedstat of each /proc/PID/task, nanoseconds): on a
 * machine shared with other builds the wall time mostly measures waiting
 * for a core, the CPU time much less so.
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <X11/Xlib.h>

typedef struct {
  char   *label;
  char  **argv;
  GArray *samples;
  GArray *cpu;
} Program;

static char **
make_env (const char *tmp)
{
  const char *dirs[] = { "data", "config", "cache", "state", "runtime" };
  const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR" };
  char **env = g_get_environ ();

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (tmp, dirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      env = g_environ_setenv (env, vars[i], dir, TRUE);
    }
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", FALSE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", FALSE);
  env = g_environ_setenv (env, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  return env;
}

/* Milliseconds of CPU the live threads of @pid have run so far. */
static double
cpu_so_far (GPid pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *task;
  double ns = 0;

  while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, task, "schedstat", NULL);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        ns += g_ascii_strtod (text, NULL);
    }
  return ns / 1e6;
}

/* Milliseconds from exec to the first MapNotify of a top-level window;
 * @cpu_ms the CPU time the program had used by then. */
static double
time_to_map (Display  *display,
             char    **argv,
             char    **env,
             double   *cpu_ms)
{
  g_autoptr(GError) error = NULL;
  struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };
  gint64 start, mapped = 0, deadline;
  GPid pid;
  int status;

  /* Nothing left over from the previous run. */
  XSync (display, True);
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error))
    g_error ("%s: %s", argv[0], error->message);

  deadline = start + 60 * G_USEC_PER_SEC;
  while (mapped == 0 && g_get_monotonic_time () < deadline)
    {
      while (XPending (display))
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && event.xmap.event == DefaultRootWindow (display) &&
              !event.xmap.override_redirect)
            {
              mapped = g_get_monotonic_time ();
              *cpu_ms = cpu_so_far (pid);
              break;
            }
        }
      if (mapped == 0)
        poll (&pfd, 1, 5);
    }
  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  if (mapped == 0)
    g_error ("%s mapped no window in 60 s", argv[0]);
  return (mapped - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            guint   p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, MIN (samples->len - 1, (samples->len * p) / 100));
}

static Program *
program_new (const char *label,
             char      **argv)
{
  Program *program = g_new0 (Program, 1);

  program->label = g_strdup (label);
  program->argv = argv;
  program->samples = g_array_new (FALSE, FALSE, sizeof (double));
  program->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  return program;
}

/* [-n N] BARE VIGIE [LABEL=PROGRAM…]; the editor goes beside the bare
 * window, when installed. */
static void
parse_args (int         argc,
            char       *argv[],
            GPtrArray  *programs,
            const char *editor,
            guint      *n)
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *label = NULL;
      const char *eq;

      if (g_str_equal (argv[i], "-n") && i + 1 < argc)
        {
          *n = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
          continue;
        }
      eq = strchr (argv[i], '=');
      label = eq ? g_strndup (argv[i], eq - argv[i])
                 : g_strdup (programs->len == 0 ? "bare AdwApplicationWindow" : "vigie");
      g_ptr_array_add (programs, program_new (label, g_strsplit (eq ? eq + 1 : argv[i], " ", -1)));
      if (programs->len == 1 && editor != NULL)
        {
          char **editor_argv = g_new0 (char *, 3);

          editor_argv[0] = g_strdup (editor);
          editor_argv[1] = g_strdup ("--standalone");
          g_ptr_array_add (programs, program_new ("GNOME Text Editor", editor_argv));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) programs = g_ptr_array_new ();
  g_autofree char *tmp = g_dir_make_tmp ("vigie-coldstart-XXXXXX", NULL);
  g_auto(GStrv) env = NULL;
  g_autofree char *editor = g_find_program_in_path ("gnome-text-editor");
  Display *display;
  guint n = 15;
  double floor, cpu_floor, cpu_ms;

  setlocale (LC_ALL, "");
  parse_args (argc, argv, programs, editor, &n);
  if (programs->len < 2 || !(display = XOpenDisplay (NULL)) || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("Usage (with a display and a session bus of its own):\n"
                  "  dbus-run-session -- xvfb-run -a bench-coldstart [-n N] BARE VIGIE [LABEL=PROGRAM…]\n");
      return 77;
    }
  if (editor == NULL)
    g_print ("GNOME Text Editor not installed (apt-get install gnome-text-editor): skipped\n");

  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  env = make_env (tmp);

  /* One run each first: Vigie installs its demo, caches warm up. */
  for (guint p = 0; p < programs->len; p++)
    time_to_map (display, ((Program *) programs->pdata[p])->argv, env, &cpu_ms);
  for (guint i = 0; i < n; i++)
    for (guint p = 0; p < programs->len; p++)
      {
        Program *program = programs->pdata[p];
        double ms = time_to_map (display, program->argv, env, &cpu_ms);

        g_array_append_val (program->samples, ms);
        g_array_append_val (program->cpu, cpu_ms);
      }

  floor = percentile (((Program *) programs->pdata[0])->samples, 50);
  cpu_floor = percentile (((Program *) programs->pdata[0])->cpu, 50);
  g_print ("Cold start, exec → first window mapped (Xvfb, GSK_RENDERER=%s), %u runs each, interleaved:\n",
           g_environ_getenv (env, "GSK_RENDERER"), n);
  for (guint p = 0; p < programs->len; p++)
    {
      Program *program = programs->pdata[p];
      double median = percentile (program->samples, 50);
      double cpu = percentile (program->cpu, 50);

      g_print ("  %-28s median %7.1f ms   p90 %7.1f ms   %.2f× the bare window"
               "   (CPU to map: median %6.1f ms, %.2f×)\n", program->label,
               median, percentile (program->samples, 90), median / floor, cpu, cpu / cpu_floor);
    }

  {
    const char *rm[] = { "rm", "-rf", tmp, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  XCloseDisplay (display);
  return 0;
}
