/* test-pbx-flood.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 16, "durable append ≥ 1,000 events/s", through the real `vigie`
 * binary: the switchboard's events arrive as a flood on its loopback
 * endpoint, pipelined on several connections at once, and the desk
 * answers 200 only once an event's journal row is durable (group commit).
 *
 * - a flood of rings: all answered 200, each call's row in the journal,
 *   the rows of one connection in the order it sent them; the desk is
 *   then killed with SIGKILL and every event it said 200 for is still
 *   there, and the chain verifies;
 * - the journal cannot write (the desk's file-size limit dropped to zero
 *   while it runs, as a full disk would): the switchboard gets 503 for
 *   every event not written and no 200 for a row that is not on disk;
 *   once space returns, the same rings sent again are answered 200 and
 *   written once each.
 */
#define _GNU_SOURCE  /* prlimit() */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "vigie-test-cli.h"
#include "vigie-test-desk.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define TOKEN "flood-desk-token-5678"
#define N_LINES 8
#define PER_LINE 25

static struct {
  GTestDBus   *bus;
  GSubprocess *vigie;
  char        *log_path;
  char        *data_dir;
  guint16      port;
} flood;

static void
print_log (void)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents (flood.log_path, &text, NULL, NULL))
    g_printerr ("--- vigie ---\n%s\n", text);
}

/* --- the switchboard: raw HTTP/1.1, requests pipelined --- */

typedef struct {
  GSocket *socket;
  GString *in;
} Line;

static gboolean
endpoint_open (Line *line)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, flood.port);

  line->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_socket_set_timeout (line->socket, 60);
  line->in = g_string_new ("");
  return g_socket_connect (line->socket, address, NULL, NULL);
}

static void
endpoint_close (Line *line)
{
  g_clear_object (&line->socket);
  if (line->in != NULL)
    g_string_free (g_steal_pointer (&line->in), TRUE);
}

static gboolean
listening (void)
{
  Line line = { 0 };
  gboolean up = endpoint_open (&line);

  endpoint_close (&line);
  return up;
}

/* Rings calls @prefix-@first … @prefix-(@first + @n - 1), all written at
 * once: the desk reads them as they come, answers them in order. */
static void
send_rings (Line       *line,
            const char *prefix,
            guint       first,
            guint       n)
{
  g_autoptr(GString) out = g_string_new ("");
  gsize sent = 0;

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (out, "GET /call?event=ring&from=%%2B3367%06u&line=0800100200&call_id=%s-%u"
                            "&token=" TOKEN " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", i, prefix, i);
  while (sent < out->len)
    {
      g_autoptr(GError) error = NULL;
      gssize n_sent = g_socket_send (line->socket, out->str + sent, out->len - sent, NULL, &error);

      g_assert_no_error (error);
      sent += n_sent;
    }
}

/* The next answer's status; @body gets its JSON. */
static guint
read_answer (Line  *line,
             char **body)
{
  for (;;)
    {
      const char *end = strstr (line->in->str, "\r\n\r\n");
      const char *length = end ? strstr (line->in->str, "Content-Length: ") : NULL;
      gsize head, body_length;
      char buffer[4096];
      g_autoptr(GError) error = NULL;
      gssize n;

      if (length != NULL && length < end)
        {
          head = end + 4 - line->in->str;
          body_length = g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);
          if (line->in->len >= head + body_length)
            {
              guint status = g_ascii_strtoull (line->in->str + strlen ("HTTP/1.1 "), NULL, 10);

              g_assert_true (g_str_has_prefix (line->in->str, "HTTP/1.1 "));
              *body = g_strndup (line->in->str + head, body_length);
              g_string_erase (line->in, 0, head + body_length);
              return status;
            }
        }
      n = g_socket_receive (line->socket, buffer, sizeof buffer, NULL, &error);
      if (n <= 0)
        print_log ();
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (line->in, buffer, n);
    }
}

/* How many "pbx-event" rows the journal holds for @call_id, read by
 * another connection (what is on disk, not what the desk believes). */
static guint
pbx_rows (const char *call_id)
{
  return vigie_test_journal_query_count (flood.data_dir,
                                         "SELECT count (*) FROM events WHERE kind = 'pbx-event' AND call_id = ?1",
                                         call_id);
}

/* --- the desk --- */

static void
start_desk (void)
{
  g_autofree char *settings_dir = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", NULL);
  g_autofree char *settings = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *text = NULL;

  flood.port = vigie_test_free_port ();
  text = g_strdup_printf ("[org/vigie/Vigie]\npbx-endpoint-enabled=true\npbx-endpoint-port=uint16 %u\n"
                          "pbx-endpoint-token='" TOKEN "'\noperator-name='Nuit'\n", flood.port);
  g_mkdir_with_parents (settings_dir, 0700);
  g_assert_true (g_file_set_contents (settings, text, -1, NULL));

  flood.vigie = vigie_test_desk_spawn (flood.log_path);
  if (!vigie_test_wait_until (listening (), 30000))
    g_error ("The desk does not listen on %u", flood.port);
}

static void
stop_desk (int signum)
{
  g_subprocess_send_signal (flood.vigie, signum);
  g_subprocess_wait (flood.vigie, NULL, NULL);
  g_clear_object (&flood.vigie);
  if (g_test_failed ())
    print_log ();
}

/* The desk's own file-size limit, as `prlimit --fsize` would set it. */
static void
set_desk_fsize (rlim_t limit)
{
  GPid pid = g_ascii_strtoll (g_subprocess_get_identifier (flood.vigie), NULL, 10);
  struct rlimit rl = { limit, RLIM_INFINITY };

  g_assert_cmpint (prlimit (pid, RLIMIT_FSIZE, &rl, NULL), ==, 0);
}

static void
verify_journal (void)
{
  g_auto(VigieTestRun) run = { 0 };

  vigie_test_run_vigie (&run, flood.data_dir, NULL, VIGIE_TEST_RUN_NO_DISPLAY, "journal", "verify", NULL);
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "intact"));
}

/* --- the tests --- */

static void
test_flood (void)
{
  Line lines[N_LINES] = { { 0 } };
  g_autoptr(GString) expected = g_string_new ("");
  g_autofree char *order = NULL;

  start_desk ();
  for (guint l = 0; l < N_LINES; l++)
    {
      g_assert_true (endpoint_open (&lines[l]));
      send_rings (&lines[l], "flood", l * PER_LINE, PER_LINE);
    }
  for (guint l = 0; l < N_LINES; l++)
    for (guint i = l * PER_LINE; i < (l + 1) * PER_LINE; i++)
      {
        g_autofree char *body = NULL;
        g_autofree char *want = g_strdup_printf ("\"call_id\":\"flood-%u\"", i);

        g_assert_cmpuint (read_answer (&lines[l], &body), ==, 200);
        g_assert_nonnull (strstr (body, want));
      }

  /* Every 200 is a promise: it survives the desk's death at once. */
  stop_desk (SIGKILL);
  for (guint l = 0; l < N_LINES; l++)
    endpoint_close (&lines[l]);

  for (guint i = 0; i < N_LINES * PER_LINE; i++)
    {
      g_autofree char *call_id = g_strdup_printf ("flood-%u", i);

      g_assert_cmpuint (pbx_rows (call_id), ==, 1);
      /* The call's own rows came before its switchboard event. */
      g_assert_cmpuint (vigie_test_journal_query_count (flood.data_dir,
                                                        "SELECT count (*) FROM events r, events p "
                                                        "WHERE r.call_id = ?1 AND p.call_id = ?1 "
                                                        "AND r.kind = 'call-received' AND p.kind = 'pbx-event' "
                                                        "AND r.seq < p.seq", call_id), ==, 1);
    }
  /* One connection's events in the order it sent them. */
  for (guint l = 0; l < N_LINES; l++)
    for (guint i = l * PER_LINE; i < (l + 1) * PER_LINE; i++)
      g_string_append_printf (expected, "flood-%u,", i);
  order = vigie_test_journal_query (flood.data_dir,
                                    "SELECT group_concat (call_id || ',', '') FROM "
                                    "(SELECT call_id FROM events WHERE kind = 'pbx-event' "
                                    "ORDER BY CAST (substr (call_id, 7) AS INTEGER) / " G_STRINGIFY (PER_LINE) ", seq)",
                                    NULL);
  g_assert_cmpstr (order, ==, expected->str);
  verify_journal ();
}

static void
test_full_disk (void)
{
  Line line = { 0 };
  guint n_ok = 0;
  g_autofree char *g_debug = g_strdup (g_getenv ("G_DEBUG"));

  /* The desk warns on a full disk (the screen pop's timing is not
   * written): loud, as it should be, not fatal. */
  g_unsetenv ("G_DEBUG");
  start_desk ();
  g_setenv ("G_DEBUG", g_debug, TRUE);
  /* A warm-up ring: the desk is up and writes. */
  g_assert_true (endpoint_open (&line));
  send_rings (&line, "before", 0, 1);
  {
    g_autofree char *body = NULL;

    g_assert_cmpuint (read_answer (&line, &body), ==, 200);
  }
  g_assert_cmpuint (pbx_rows ("before-0"), ==, 1);

  /* The disk is full: nothing can be written. */
  set_desk_fsize (0);
  send_rings (&line, "full", 0, PER_LINE);
  for (guint i = 0; i < PER_LINE; i++)
    {
      g_autofree char *body = NULL;
      g_autofree char *call_id = g_strdup_printf ("full-%u", i);
      guint status = read_answer (&line, &body);

      g_test_message ("%s: %u %s", call_id, status, body);
      /* Never "recorded" for what is not on disk. */
      g_assert_cmpuint (status, ==, 503);
      g_assert_nonnull (strstr (body, "journal"));
      g_assert_cmpuint (pbx_rows (call_id), ==, 0);
    }

  /* Space returns: the switchboard tries again, and now it is written,
   * once each. */
  set_desk_fsize (RLIM_INFINITY);
  send_rings (&line, "full", 0, PER_LINE);
  for (guint i = 0; i < PER_LINE; i++)
    {
      g_autofree char *body = NULL;
      g_autofree char *call_id = g_strdup_printf ("full-%u", i);

      if (read_answer (&line, &body) == 200)
        n_ok++;
      g_assert_cmpuint (pbx_rows (call_id), ==, 1);
    }
  g_assert_cmpuint (n_ok, ==, PER_LINE);
  endpoint_close (&line);
  stop_desk (SIGTERM);
  verify_journal ();
}

int
main (int   argc,
      char *argv[])
{
  int status;
  /* Folders of its own, shared with the desk it starts. */
  g_autofree char *tmp = vigie_test_desk_folders ("vigie-pbx-flood-XXXXXX");

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("No X display: the desk needs one (make check runs Xvfb)");
      return g_test_run ();
    }

  /* The desk reads the endpoint's settings from the keyfile; and a file
   * grown past its limit is an error to it, not a signal that kills it
   * (an ignored signal stays ignored across exec). */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  signal (SIGXFSZ, SIG_IGN);
  flood.bus = vigie_test_dbus_up ();
  flood.data_dir = g_build_filename (g_get_user_data_dir (), "vigie", NULL);
  flood.log_path = g_build_filename (g_get_user_data_dir (), "vigie.log", NULL);

  g_test_add_func ("/pbx-flood/all-durable-in-order", test_flood);
  g_test_add_func ("/pbx-flood/full-disk", test_full_disk);
  status = g_test_run ();

  g_test_dbus_down (flood.bus);
  g_object_unref (flood.bus);
  return status;
}
