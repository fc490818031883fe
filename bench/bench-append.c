/* bench-append.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-append JOURNAL N [VIGIE…]
 *
 * Durable appends per second on copies of JOURNAL (a journal.sqlite as
 * journal-fill writes it, with its .key and .anchor), side by side in one
 * run:
 *
 *  (i)   one process, vigie_journal_append: one event per commit;
 *  (ii)  one process, vigie_journal_append_async with many events in
 *        flight (each callback queues the next): group commit;
 *  (iii) for each VIGIE binary (say main's and this branch's, under
 *        Xvfb): the real desk on a copy of the journal, N/3 calls rung,
 *        answered and hung up over its switchboard endpoint by 16 lines
 *        at once, each sending its next event once the last one was
 *        answered; the rate is the switchboard events answered 200
 *        (durable, as the PBX sees it) per second, and the journal rows
 *        written meanwhile per second.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigie-context.h"
#include "vigie-journal.h"

#define TOKEN "bench-append-token-1234"
#define N_LINES 16
#define IN_FLIGHT 256

/* --- copies of the journal --- */

/* A copy of a 1M journal is 500 MB: gone once measured. */
static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
copy_journal (const char *from,
              const char *to)
{
  static const char * const suffixes[] = { "", ".key", ".anchor", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *src = g_strconcat (from, suffixes[i], NULL);
      g_autofree char *dst = g_strconcat (to, suffixes[i], NULL);
      g_autoptr(GFile) src_file = g_file_new_for_path (src);
      g_autoptr(GFile) dst_file = g_file_new_for_path (dst);
      g_autoptr(GError) error = NULL;

      if (!g_file_test (src, G_FILE_TEST_EXISTS))
        continue;
      if (!g_file_copy (src_file, dst_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
    }
}

static JsonNode *
event_data (guint i)
{
  g_autofree char *text = g_strdup_printf ("{\"method\":\"GET\",\"path\":\"/call\",\"http_status\":200,"
                                           "\"event\":\"ring\",\"call_id\":\"bench-%u\","
                                           "\"from\":\"+3367%06u\",\"line\":\"0800100200\"}", i, i);

  return json_from_string (text, NULL);
}

/* --- (i) one commit per event --- */

static double
rate_sync (const char *path,
           guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  gint64 start;

  if (journal == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) data = event_data (i);
      g_autofree char *call_id = g_strdup_printf ("sync-%u", i);

      if (!vigie_journal_append (journal, call_id, "pbx-event", data, &error))
        g_error ("%s", error->message);
    }
  return n / ((g_get_monotonic_time () - start) / 1e6);
}

/* --- (ii) group commit, many in flight --- */

typedef struct {
  VigieJournal *journal;
  guint         next;
  guint         n;
  guint         done;
  GMainLoop    *loop;
} Flight;

static void queue_next (Flight *flight);

static void
durable_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigie_journal_append_finish (VIGIE_JOURNAL (source), result, &error))
    g_error ("%s", error->message);
  if (++flight->done == flight->n)
    g_main_loop_quit (flight->loop);
  else
    queue_next (flight);
}

/* Each event is queued only once an earlier one is durable: what a
 * caller that waits for its answer can do. */
static void
queue_next (Flight *flight)
{
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *call_id = NULL;

  if (flight->next == flight->n)
    return;
  data = event_data (flight->next);
  call_id = g_strdup_printf ("async-%u", flight->next++);
  vigie_journal_append_async (flight->journal, call_id, "pbx-event", data, durable_cb, flight);
}

static double
rate_async (const char *path,
            guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  Flight flight = { journal, 0, n, 0, g_main_loop_new (NULL, FALSE) };
  gint64 start;

  if (journal == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < IN_FLIGHT; i++)
    queue_next (&flight);
  g_main_loop_run (flight.loop);
  g_main_loop_unref (flight.loop);
  return n / ((g_get_monotonic_time () - start) / 1e6);
}

/* --- (iii) the real desk, flooded over its endpoint --- */

static GSocket *
endpoint_connect (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  g_socket_set_timeout (socket, 120);
  return g_socket_connect (socket, address, NULL, NULL) ? g_steal_pointer (&socket) : NULL;
}

static void
send_all (GSocket    *socket,
          const char *text,
          gsize       length)
{
  for (gsize sent = 0; sent < length;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, text + sent, length - sent, NULL, &error);

      if (n <= 0)
        g_error ("send: %s", error ? error->message : "closed");
      sent += n;
    }
}

/* Reads @n answers; returns how many were 200. */
static guint
read_answers (GSocket *socket,
              guint    n)
{
  g_autoptr(GString) in = g_string_new ("");
  guint n_ok = 0;

  while (n > 0)
    {
      const char *end = strstr (in->str, "\r\n\r\n");
      const char *length = end ? strstr (in->str, "Content-Length: ") : NULL;
      char buffer[16384];
      g_autoptr(GError) error = NULL;
      gssize got;

      if (length != NULL && length < end)
        {
          gsize head = end + 4 - in->str;
          gsize body = g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);

          if (in->len >= head + body)
            {
              if (g_str_has_prefix (in->str, "HTTP/1.1 200 "))
                n_ok++;
              g_string_erase (in, 0, head + body);
              n--;
              continue;
            }
        }
      got = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      if (got <= 0)
        g_error ("receive: %s", error ? error->message : "closed");
      g_string_append_len (in, buffer, got);
    }
  return n_ok;
}

/* The events another process committed: read by a connection of our own. */
static gint64
count_rows (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT max (seq) FROM events", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
request (guint       i,
         const char *event)
{
  return g_strdup_printf ("GET /call?event=%s&from=%%2B3367%06u&line=0800100200&call_id=flood-%u"
                          "&token=" TOKEN " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", event, i, i);
}

typedef struct {
  guint16 port;
  guint   line;
  guint   n_calls;
  guint   n_ok;
} Line;

/* One switchboard line: each call's ring, answer and hang-up, each sent
 * once the previous one was answered, as a PBX that waits for its 200. */
static gpointer
line_thread (gpointer data)
{
  Line *line = data;
  g_autoptr(GSocket) socket = endpoint_connect (line->port);
  static const char * const events[] = { "ring", "answer", "hangup" };

  if (socket == NULL)
    g_error ("cannot connect");
  for (guint i = line->line; i < line->n_calls; i += N_LINES)
    for (guint e = 0; e < G_N_ELEMENTS (events); e++)
      {
        g_autofree char *text = request (i, events[e]);

        send_all (socket, text, strlen (text));
        line->n_ok += read_answers (socket, 1);
      }
  return NULL;
}

static void
flood_desk (const char *display,
            const char *vigie,
            const char *journal_path,
            guint       n_events,
            double     *events_per_s,
            double     *rows_per_s)
{
  g_autofree char *tmp = g_dir_make_tmp ("bench-append-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (tmp, "data", NULL);
  g_autofree char *config_home = g_build_filename (tmp, "config", NULL);
  g_autofree char *data_dir = g_build_filename (data_home, "vigie", NULL);
  g_autofree char *copy = g_build_filename (data_dir, "journal.sqlite", NULL);
  g_autofree char *settings_dir = g_build_filename (config_home, "glib-2.0", "settings", NULL);
  g_autofree char *settings = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *log_path = g_build_filename (tmp, "vigie.log", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) desk = NULL;
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) probe = NULL;
  Line lines[N_LINES];
  GThread *threads[N_LINES];
  guint16 port = 30000 + g_random_int_range (0, 20000);
  guint n_calls = n_events / 3, n_ok = 0;
  gint64 rows_before, start;
  double seconds;

  if (!vigie_context_install_demo (data_dir, NULL, &error))
    g_error ("%s", error->message);
  copy_journal (journal_path, copy);
  text = g_strdup_printf ("[org/vigie/Vigie]\npbx-endpoint-enabled=true\npbx-endpoint-port=uint16 %u\n"
                          "pbx-endpoint-token='" TOKEN "'\noperator-name='Bench'\n", port);
  g_mkdir_with_parents (settings_dir, 0700);
  g_file_set_contents (settings, text, -1, NULL);

  g_test_dbus_up (bus);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", g_test_dbus_get_bus_address (bus), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "VIGIE_SECRETS_BACKEND", "file", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  /* GTestDBus unsets it for its own process. */
  g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  if (!(desk = g_subprocess_launcher_spawn (launcher, &error, vigie, NULL)))
    g_error ("%s", error->message);

  for (guint tries = 0; probe == NULL && tries < 600; tries++)
    if (!(probe = endpoint_connect (port)))
      g_usleep (100000);
  if (probe == NULL)
    g_error ("%s does not listen (log: %s)", vigie, log_path);
  g_clear_object (&probe);
  /* Let the desk settle (first frame, journal check) before the flood. */
  g_usleep (3 * G_USEC_PER_SEC);

  rows_before = count_rows (copy);
  start = g_get_monotonic_time ();
  for (guint l = 0; l < N_LINES; l++)
    {
      lines[l] = (Line) { port, l, n_calls, 0 };
      threads[l] = g_thread_new ("line", line_thread, &lines[l]);
    }
  for (guint l = 0; l < N_LINES; l++)
    {
      g_thread_join (threads[l]);
      n_ok += lines[l].n_ok;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;

  *events_per_s = n_ok / seconds;
  *rows_per_s = (count_rows (copy) - rows_before) / seconds;
  if (n_ok != n_calls * 3)
    g_printerr ("%s: %u of %u events answered 200\n", vigie, n_ok, n_calls * 3);

  g_subprocess_send_signal (desk, SIGTERM);
  g_subprocess_wait (desk, NULL, NULL);
  g_test_dbus_down (bus);
  remove_tree (tmp);
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  return g_file_get_contents ("/proc/loadavg", &text, NULL, NULL) ? g_ascii_strtod (text, NULL) : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  guint n;

  if (argc < 3)
    {
      g_printerr ("Usage: bench-append JOURNAL N [VIGIE…]\n");
      return 2;
    }
  if (argc > 3 && display == NULL)
    {
      g_printerr ("bench-append: the desks need a display (xvfb-run)\n");
      return 2;
    }
  n = g_ascii_strtoull (argv[2], NULL, 10);
  tmp = g_dir_make_tmp ("bench-append-XXXXXX", NULL);
  copy = g_build_filename (tmp, "journal.sqlite", NULL);

  printf ("%-52s %12s %8s\n", "durable append, N = ", "events/s", "load");
  printf ("  (N = %u, journal %s)\n", n, argv[1]);
  fflush (stdout);

  copy_journal (argv[1], copy);
  printf ("%-52s %12.0f %8.2f\n", "(i) vigie_journal_append, one per commit", rate_sync (copy, n), load_average ());
  copy_journal (argv[1], copy);
  printf ("%-52s %12.0f %8.2f\n", "(ii) vigie_journal_append_async, " G_STRINGIFY (IN_FLIGHT) " in flight",
          rate_async (copy, n), load_average ());
  fflush (stdout);

  for (int i = 3; i < argc; i++)
    {
      double events_per_s, rows_per_s;

      flood_desk (display, argv[i], argv[1], n, &events_per_s, &rows_per_s);
      printf ("(iii) desk %s\n", argv[i]);
      printf ("%-52s %12.0f %8.2f\n", "      switchboard events answered 200", events_per_s, load_average ());
      printf ("%-52s %12.0f\n", "      journal rows written", rows_per_s);
      fflush (stdout);
    }
  remove_tree (tmp);
  return 0;
}
