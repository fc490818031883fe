/* test-pbx.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The switchboard endpoint, spoken to over real HTTP on 127.0.0.1 the way
 * Asterisk's CURL() or a 3CX call URL would.
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "vigie-context.h"
#include "vigie-pbx-endpoint.h"
#include "vigie-peer.h"
#include "vigie-test-journal.h"
#include "vigie-test-wait.h"
#include "vigie-test-util.h"

#define TOKEN "s3cret-t0ken"

typedef struct {
  VigieJournal     *journal;
  VigiePbxEndpoint *endpoint;
  SoupSession      *session;
  GPtrArray        *seen;   /* "event|call_id|from|line" */
  gboolean          refuse;
} Fixture;

static gboolean
record_handler (VigiePbxEndpoint       *endpoint,
                const VigiePbxRequest  *request,
                char                  **call_id,
                GError                **error,
                gpointer                user_data)
{
  Fixture *fixture = user_data;

  if (request->event != VIGIE_PBX_EVENT_RING && g_strcmp0 (request->call_id, "gone") == 0)
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_UNKNOWN_CALL, "No call “gone” on the desk");
      return FALSE;
    }

  g_ptr_array_add (fixture->seen,
                   g_strdup_printf ("%s|%s|%s|%s", vigie_pbx_event_to_string (request->event),
                                    request->call_id ? request->call_id : "",
                                    request->from ? request->from : "",
                                    request->line ? request->line : ""));
  *call_id = g_strdup (request->call_id ? request->call_id : "generated-id");
  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);

  fixture->journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);
  fixture->endpoint = vigie_pbx_endpoint_new (fixture->journal, TOKEN);
  vigie_pbx_endpoint_set_handler (fixture->endpoint, record_handler, fixture, NULL);
  g_assert_true (vigie_pbx_endpoint_listen (fixture->endpoint, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_pbx_endpoint_get_port (fixture->endpoint), >, 0);
  fixture->session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  fixture->seen = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->endpoint);
  g_clear_object (&fixture->journal);
  g_clear_pointer (&fixture->seen, g_ptr_array_unref);
}

typedef struct {
  GMainLoop *loop;
  GBytes    *body;
} Reply;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;
  g_autoptr(GError) error = NULL;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (reply->loop);
}

/* Sends one request and returns the status; @json_out gets the reply. */
static guint
http (Fixture     *fixture,
      const char  *method,
      const char  *path_and_query,
      const char  *content_type,
      const char  *body,
      const char  *authorization,
      JsonObject **json_out)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s",
                                          vigie_pbx_endpoint_get_port (fixture->endpoint),
                                          path_and_query);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Reply reply = { loop, NULL };

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);

  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &reply);
  g_main_loop_run (loop);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL),
                                             g_bytes_get_size (reply.body), &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "status"),
                   ==, soup_message_get_status (msg));
  if (json_out)
    *json_out = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_bytes_unref (reply.body);

  return soup_message_get_status (msg);
}

static guint
count_events (Fixture    *fixture,
              const char *kind)
{
  return vigie_test_journal_count (fixture->journal, NULL, kind, NULL);
}

static void
test_pbx_ring_get (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) reply = NULL;

  /* Asterisk: CURL(http://127.0.0.1:8766/call?event=ring&from=${CALLERID(num)}…) */
  g_assert_cmpuint (http (fixture, "GET",
                          "/call?event=ring&from=06%2012%2034%2056%2078&line=0800100200"
                          "&call_id=1700000000.42&token=" TOKEN,
                          NULL, NULL, NULL, &reply), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply, "call_id"), ==, "1700000000.42");
  g_assert_cmpuint (fixture->seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 0), ==,
                   "ring|1700000000.42|06 12 34 56 78|0800100200");
  g_assert_cmpuint (count_events (fixture, "pbx-event"), ==, 1);
}

static void
test_pbx_events_post (Fixture       *fixture,
                      gconstpointer  data)
{
  /* Form body, aliases as Wazo names them, token in a header. */
  g_assert_cmpuint (http (fixture, "POST", "/call/ring", "application/x-www-form-urlencoded",
                          "callerid=%2B33612345678&exten=0800300400&uniqueid=abc",
                          "Bearer " TOKEN, NULL), ==, 200);
  /* JSON body. */
  g_assert_cmpuint (http (fixture, "POST", "/call/answer", "application/json",
                          "{\"call_id\": \"abc\"}", "Bearer " TOKEN, NULL), ==, 200);
  g_assert_cmpuint (http (fixture, "POST", "/call", "application/json",
                          "{\"event\": \"hang-up\", \"call_id\": \"abc\", \"token\": \"" TOKEN "\"}",
                          NULL, NULL), ==, 200);
  /* Ring without a call id: the desk makes one. */
  g_assert_cmpuint (http (fixture, "POST", "/call/ring", "application/json",
                          "{\"line\": \"0800300400\"}", "Bearer " TOKEN, NULL), ==, 200);

  g_assert_cmpuint (fixture->seen->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 0), ==, "ring|abc|+33612345678|0800300400");
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 1), ==, "answer|abc||");
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 2), ==, "hangup|abc||");
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 3), ==, "ring|||0800300400");
  g_assert_cmpuint (count_events (fixture, "pbx-event"), ==, 4);
}

static void
test_pbx_unauthorized (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonObject) reply = NULL;
  VigieJournalEvent *event;

  g_assert_cmpuint (http (fixture, "GET", "/call?event=ring&line=0800100200", NULL, NULL, NULL, &reply),
                    ==, 401);
  g_assert_cmpstr (json_object_get_string_member (reply, "error"), ==, "Missing or wrong token");
  g_assert_cmpuint (http (fixture, "GET", "/call?event=ring&line=0800100200&token=s3cret-t0ke", NULL,
                          NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (http (fixture, "GET", "/call?event=ring&line=0800100200&token=" TOKEN "x", NULL,
                          NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (http (fixture, "POST", "/call/hangup", "application/json", "{\"call_id\": \"abc\"}",
                          "Bearer nope", NULL), ==, 401);
  /* Even a malformed request is refused for its token first. */
  g_assert_cmpuint (http (fixture, "POST", "/call/ring", "application/json", "{oops", NULL, NULL), ==, 401);

  /* Nothing reached the desk, everything is in the journal, the token is not. */
  g_assert_cmpuint (fixture->seen->len, ==, 0);
  g_assert_cmpuint (count_events (fixture, "pbx-rejected"), ==, 5);
  events = vigie_journal_list_events (fixture->journal, NULL, &error);
  g_assert_no_error (error);
  event = g_ptr_array_index (events, 1);
  g_assert_null (event->call_id);
  g_assert_nonnull (strstr (event->data, "\"http_status\":401"));
  g_assert_nonnull (strstr (event->data, "\"remote\":\"127.0.0.1\""));
  for (guint i = 0; i < events->len; i++)
    g_assert_null (strstr (((VigieJournalEvent *) g_ptr_array_index (events, i))->data, "s3cret"));
}

static void
test_pbx_bad_request (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct { const char *method, *path, *type, *body, *message; } cases[] = {
    { "GET", "/call?token=" TOKEN, NULL, NULL, "Missing “event” (ring, answer or hangup)" },
    { "GET", "/call?event=explode&token=" TOKEN, NULL, NULL, "Unknown event “explode” (ring, answer or hangup)" },
    { "GET", "/call?event=ring&token=" TOKEN, NULL, NULL, "Missing “line”" },
    { "GET", "/call?event=hangup&token=" TOKEN, NULL, NULL, "Missing “call_id”" },
    { "POST", "/call/ring?token=" TOKEN, "application/json", "{oops", NULL },
    { "POST", "/call/ring?token=" TOKEN, "application/json", "[1, 2]", "The JSON body must be an object" },
    { "POST", "/call/ring?token=" TOKEN, "application/json", "{\"line\": {\"a\": 1}}", "“line” must be a string" },
    { "GET", "/call?event=ring&line=0800100200%0A&token=" TOKEN, NULL, NULL, "“line” holds control characters" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = NULL;

      g_assert_cmpuint (http (fixture, cases[i].method, cases[i].path, cases[i].type, cases[i].body,
                              NULL, &reply), ==, 400);
      if (cases[i].message)
        g_assert_cmpstr (json_object_get_string_member (reply, "error"), ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (json_object_get_string_member (reply, "error"), "Invalid JSON: "));
    }

  /* Unknown call for answer/hang-up: 404 with the desk's message. */
  {
    g_autoptr(JsonObject) reply = NULL;

    g_assert_cmpuint (http (fixture, "GET", "/call?event=hangup&call_id=gone&token=" TOKEN, NULL, NULL,
                            NULL, &reply), ==, 404);
    g_assert_cmpstr (json_object_get_string_member (reply, "error"), ==, "No call “gone” on the desk");
  }
  g_assert_cmpuint (http (fixture, "GET", "/elsewhere?token=" TOKEN, NULL, NULL, NULL, NULL), ==, 404);
  g_assert_cmpuint (http (fixture, "DELETE", "/call?token=" TOKEN, NULL, NULL, NULL, NULL), ==, 405);

  g_assert_cmpuint (fixture->seen->len, ==, 0);
  g_assert_cmpuint (count_events (fixture, "pbx-rejected"), ==, G_N_ELEMENTS (cases) + 1);

  /* A good request still goes through afterwards. */
  g_assert_cmpuint (http (fixture, "GET", "/call?event=ring&line=0800100200&token=" TOKEN, NULL, NULL,
                          NULL, NULL), ==, 200);
  g_assert_cmpuint (fixture->seen->len, ==, 1);
}

static void
test_pbx_needs_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autoptr(VigiePbxEndpoint) empty = vigie_pbx_endpoint_new (journal, "");
  g_autoptr(VigiePbxEndpoint) weak = vigie_pbx_endpoint_new (journal, "1234");

  g_assert_false (vigie_pbx_endpoint_listen (empty, 0, &error));
  g_assert_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_NO_TOKEN);
  g_clear_error (&error);
  g_assert_false (vigie_pbx_endpoint_listen (weak, 0, &error));
  g_assert_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_NO_TOKEN);
  g_assert_cmpuint (vigie_pbx_endpoint_get_port (weak), ==, 0);
}

static void
test_pbx_port_taken (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePbxEndpoint) second = vigie_pbx_endpoint_new (fixture->journal, TOKEN);

  g_assert_false (vigie_pbx_endpoint_listen (second, vigie_pbx_endpoint_get_port (fixture->endpoint), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  /* The first one is untouched. */
  g_assert_cmpuint (http (fixture, "GET", "/call?event=ring&line=0800100200&token=" TOKEN, NULL, NULL,
                          NULL, NULL), ==, 200);
}

/* The real screen pop path: the endpoint opens calls through the context. */
static gboolean
context_handler (VigiePbxEndpoint       *endpoint,
                 const VigiePbxRequest  *request,
                 char                  **call_id,
                 GError                **error,
                 gpointer                user_data)
{
  g_autoptr(VigieCall) call = NULL;

  if (request->event != VIGIE_PBX_EVENT_RING)
    return TRUE;
  call = vigie_context_open_call (user_data, request->from ? request->from : "anonymous",
                                  request->line, request->call_id, error);
  if (call == NULL)
    return FALSE;
  *call_id = g_strdup (vigie_call_get_id (call));
  return TRUE;
}

static void
test_pbx_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700),
                          vigie_test_make_data_dir (NULL));
  g_autoptr(VigieContext) context = vigie_context_new (dir, &error);
  Fixture fixture = { 0 };
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(JsonObject) reply = NULL;
  VigieJournalCall *call;

  g_assert_no_error (error);
  fixture.journal = g_object_ref (vigie_context_get_journal (context));
  fixture.endpoint = vigie_pbx_endpoint_new (fixture.journal, TOKEN);
  fixture.session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  vigie_pbx_endpoint_set_handler (fixture.endpoint, context_handler, g_object_ref (context), g_object_unref);
  g_assert_true (vigie_pbx_endpoint_listen (fixture.endpoint, 0, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (http (&fixture, "GET", "/call?event=ring&from=0612345678&line=0800%20100%20200"
                          "&call_id=pbx-1&token=" TOKEN, NULL, NULL, NULL, NULL), ==, 200);
  /* A line no client owns is the desk's business (it shows "Unknown
   * line"); a line that is not a number is a bad request. */
  g_assert_cmpuint (http (&fixture, "GET", "/call?event=ring&from=0612345678&line=not-a-number"
                          "&token=" TOKEN, NULL, NULL, NULL, &reply), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (reply, "error"), ==, "“not-a-number” is not a phone number");

  calls = vigie_journal_list_calls (fixture.journal, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, ==, 1);
  call = g_ptr_array_index (calls, 0);
  g_assert_cmpstr (call->call_id, ==, "pbx-1");
  g_assert_cmpstr (call->client_id, ==, "dupont-maintenance");
  g_assert_cmpstr (call->caller_number, ==, "+33612345678");
  g_assert_cmpstr (call->caller_name, ==, "Claire MOREAU");

  g_clear_object (&fixture.session);
  g_clear_object (&fixture.endpoint);
  g_clear_object (&fixture.journal);
}

/* --- hostile local processes (tests/pbx-hostile.py) --- */

typedef struct {
  GSubprocess      *process;
  GDataInputStream *output;
  char             *line;
  gboolean          done;
} Attack;

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Attack *attack = user_data;
  g_autoptr(GError) error = NULL;

  attack->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  g_assert_no_error (error);
  attack->done = TRUE;
}

/* The next line the attacker prints, the endpoint serving meanwhile. */
static char *
attack_read_line (Attack *attack)
{
  attack->done = FALSE;
  g_clear_pointer (&attack->line, g_free);
  g_data_input_stream_read_line_async (attack->output, G_PRIORITY_DEFAULT, NULL, line_read_cb, attack);
  if (!vigie_test_wait_until (attack->done, 60000))
    g_error ("Timed out waiting for the attacker");
  g_assert_nonnull (attack->line);
  return g_strdup (attack->line);
}

static Attack *
attack_start (Fixture    *fixture,
              const char *mode,
              const char *arg1,
              const char *arg2)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("VIGIE_SOURCE_DIR"), "tests", "pbx-hostile.py", NULL);
  g_autofree char *port = g_strdup_printf ("%u", vigie_pbx_endpoint_get_port (fixture->endpoint));
  g_autofree char *ready = NULL;
  Attack *attack = g_new0 (Attack, 1);

  attack->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", script, mode,
                                      port, arg1, arg2, NULL);
  g_assert_no_error (error);
  attack->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (attack->process));
  ready = attack_read_line (attack);
  g_assert_cmpstr (ready, ==, "ready");
  return attack;
}

static char *
attack_finish (Attack *attack)
{
  char *summary = attack_read_line (attack);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (attack->process, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (attack->output);
  g_object_unref (attack->process);
  g_free (attack->line);
  g_free (attack);
  return summary;
}

/* A valid ring still answers, within a second. */
static void
assert_ring_answers (Fixture    *fixture,
                     const char *call_id)
{
  g_autofree char *path = g_strdup_printf ("/call?event=ring&line=0800100200&call_id=%s&token=" TOKEN, call_id);
  g_autofree char *seen = g_strdup_printf ("ring|%s||0800100200", call_id);
  gint64 start = g_get_monotonic_time ();
  guint n_seen = fixture->seen->len;

  g_assert_cmpuint (http (fixture, "GET", path, NULL, NULL, NULL, NULL), ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpuint (fixture->seen->len, ==, n_seen + 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, n_seen), ==, seen);
}

static gsize
rss_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  fields = g_strsplit (statm, " ", -1);
  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

static gsize
journal_bytes (void)
{
  gsize total = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), i ? "journal.sqlite-wal" : "journal.sqlite",
                                                NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        total += st.st_size;
    }
  return total;
}

/* The hostile tests give up on a hung endpoint rather than hang. */
static void
use_short_timeouts (Fixture *fixture)
{
  g_clear_object (&fixture->session);
  fixture->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 5, "idle-timeout", 1, NULL);
}

static void
test_pbx_endless_body (Fixture       *fixture,
                       gconstpointer  data)
{
  gsize rss_before;

  use_short_timeouts (fixture);
  rss_before = rss_bytes ();

  /* Without the token, then with it: refused before the body, which is
   * never buffered. */
  for (guint i = 0; i < 2; i++)
    {
      Attack *attack = attack_start (fixture, "endless", i ? TOKEN : NULL, NULL);
      g_autofree char *summary = attack_finish (attack);
      guint64 sent;

      g_test_message ("endless body: %s", summary);
      sent = g_ascii_strtoull (summary + strlen ("sent "), NULL, 10);
      /* The endpoint hung up long before the attacker's 256 MiB. */
      g_assert_cmpuint (sent, <, 32 * 1024 * 1024);
      g_assert_true (g_str_has_suffix (summary, i ? "status 411" : "status 401"));
    }
  g_assert_cmpuint (rss_bytes (), <, rss_before + 8 * 1024 * 1024);
  assert_ring_answers (fixture, "after-endless");

  /* A declared 10 GB body is refused from its header. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", vigie_pbx_endpoint_get_port (fixture->endpoint));
    static const char head[] = "POST /call/ring HTTP/1.1\r\nAuthorization: Bearer " TOKEN "\r\n"
                               "Content-Length: 10000000000\r\n\r\n";
    char answer[256] = { 0 };

    connection = g_socket_client_connect_to_host (client, address, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                              head, strlen (head), NULL, NULL, &error));
    while (strstr (answer, "\r\n") == NULL)
      {
        GSocket *socket = g_socket_connection_get_socket (connection);
        gssize n;

        g_main_context_iteration (NULL, FALSE);
        n = g_socket_receive_with_blocking (socket, answer, sizeof answer - 1, FALSE, NULL, NULL);
        if (n == 0)
          break;
      }
    g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));
  }
}

static void
test_pbx_idle_connections (Fixture       *fixture,
                           gconstpointer  data)
{
  struct rlimit saved, lowered;
  g_autoptr(GArray) hog = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *summary = NULL;
  Attack *attack;

  use_short_timeouts (fixture);
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  lowered = saved;
  lowered.rlim_cur = MIN (saved.rlim_cur, 256);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &lowered), ==, 0);

  /* Every descriptor taken (a night's leak elsewhere in the desk), then
   * 1,100 connections that say nothing. */
  for (;;)
    {
      int fd = g_open ("/dev/null", O_RDONLY, 0);

      if (fd < 0)
        break;
      g_array_append_val (hog, fd);
    }
  /* A few for the attacker's pipe; the endpoint gets what is left. */
  for (guint i = 0; i < 8; i++)
    g_close (g_array_index (hog, int, hog->len - 1 - i), NULL);
  g_array_set_size (hog, hog->len - 8);
  attack = attack_start (fixture, "idle", "1100", "4");
  vigie_test_run_for (500);
  for (guint i = 0; i < hog->len; i++)
    g_close (g_array_index (hog, int, i), NULL);

  /* Descriptors are back: the endpoint accepts again, at once. */
  assert_ring_answers (fixture, "during-idle");
  summary = attack_finish (attack);
  g_test_message ("idle connections: %s", summary);
  assert_ring_answers (fixture, "after-idle");
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);
}

static void
test_pbx_slowloris (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *summary = NULL;
  Attack *attack;
  guint closed = 0, opened = 0;

  use_short_timeouts (fixture);
  attack = attack_start (fixture, "slowloris", "200", "7");
  assert_ring_answers (fixture, "during-slowloris");
  summary = attack_finish (attack);
  g_test_message ("slowloris: %s", summary);
  g_assert_cmpint (sscanf (summary, "opened %u closed-by-server %u", &opened, &closed), ==, 2);
  /* Every slow request was cut off (room made, or timed out). */
  g_assert_cmpuint (opened, ==, 200);
  g_assert_cmpuint (closed, ==, opened);
  assert_ring_answers (fixture, "after-slowloris");
}

static void
test_pbx_unauthorized_flood (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *summary = NULL;
  Attack *attack;
  gsize before;
  guint rejected;

  use_short_timeouts (fixture);
  assert_ring_answers (fixture, "before-flood");
  before = journal_bytes ();
  attack = attack_start (fixture, "flood", "2000", NULL);
  summary = attack_finish (attack);
  g_assert_cmpstr (summary, ==, "refused 2000");
  assert_ring_answers (fixture, "after-flood");

  /* Journaled by rate: a few rows, not 2,000 fsyncs. */
  rejected = count_events (fixture, "pbx-rejected");
  g_test_message ("401 flood: %u rows, journal grew %zu bytes", rejected, journal_bytes () - before);
  g_assert_cmpuint (rejected, <=, 11);
  g_assert_cmpuint (journal_bytes () - before, <, 256 * 1024);

  /* The count of the rest is journaled when the endpoint stops. */
  vigie_pbx_endpoint_stop (fixture->endpoint);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) events = vigie_journal_list_events (fixture->journal, NULL, &error);
    VigieJournalEvent *last = g_ptr_array_index (events, events->len - 1);

    g_assert_cmpstr (last->kind, ==, "pbx-rejected");
    g_assert_nonnull (strstr (last->data, "\"refused\":1990"));
  }
}

/* The token is compared on its exact bytes: an encoded NUL, a prefix or
 * a token given twice is refused. */
static void
test_pbx_token_exact (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const paths[] = {
    "/call?event=ring&line=0800100200&token=" TOKEN "%00",
    "/call?event=ring&line=0800100200&token=" TOKEN "%00garbage",
    "/call?event=ring&line=0800100200&token=" TOKEN "%00&token=" TOKEN,
    "/call?event=ring&line=0800100200&token=" TOKEN "&token=" TOKEN "x",
    "/call?event=ring&line=0800100200&token=s3cret",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_assert_cmpuint (http (fixture, "GET", paths[i], NULL, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (http (fixture, "POST", "/call/ring", "application/json",
                          "{\"line\": \"0800100200\", \"token\": \"" TOKEN "\\u0000\"}", NULL, NULL), ==, 401);
  g_assert_cmpuint (fixture->seen->len, ==, 0);
  assert_ring_answers (fixture, "exact");
}

/* Spoofing characters in the fields are refused, like the command line's. */
static void
test_pbx_hostile_fields (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const queries[] = {
    "from=0612345678%0AVIP%3A%20Pr%C3%A9fet",
    "from=%E2%80%AE8765432160",
    "from=0612345678%E2%80%A8",
    "from=%C2%850612345678",
    "from=0612345678%7F",
    "from=%1B%5B31m0612345678",
    "from=%FF%FE",
    "call_id=a%20b",
  };
  g_autoptr(GString) long_id = g_string_new ("/call?event=ring&line=0800100200&token=" TOKEN "&call_id=");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/call?event=ring&line=0800100200&token=" TOKEN "&%s", queries[i]);

      g_assert_cmpuint (http (fixture, "GET", path, NULL, NULL, NULL, NULL), ==, 400);
    }
  for (guint i = 0; i < 1000; i++)
    g_string_append_c (long_id, 'a' + i % 26);
  g_assert_cmpuint (http (fixture, "GET", long_id->str, NULL, NULL, NULL, NULL), ==, 400);
  g_assert_cmpuint (fixture->seen->len, ==, 0);
}

/* The desk as the PBX sees it: rings open calls, kept here to decide. */
typedef struct {
  VigieContext *context;
  GPtrArray    *calls;
} Desk;

static gboolean
desk_handler (VigiePbxEndpoint       *endpoint,
              const VigiePbxRequest  *request,
              char                  **call_id,
              GError                **error,
              gpointer                user_data)
{
  Desk *desk = user_data;
  VigieCall *call;

  if (request->event != VIGIE_PBX_EVENT_RING)
    return TRUE;
  call = vigie_context_open_call (desk->context, request->from ? request->from : "anonymous",
                                  request->line, request->call_id, error);
  if (call == NULL)
    return FALSE;
  *call_id = g_strdup (vigie_call_get_id (call));
  g_ptr_array_add (desk->calls, call);
  return TRUE;
}

/* A switchboard restarts its counter: call 4242 rings again after the
 * first 4242 was closed, and again after the desk restarted. Each is a
 * new emergency and reaches the on-call person. */
static void
test_pbx_reused_call_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigiePeer) peer = vigie_peer_new (&error);
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700),
                          vigie_test_make_data_dir (NULL));
  g_autofree char *targets = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  Desk desk = { NULL, g_ptr_array_new_with_free_func (g_object_unref) };

  g_assert_no_error (error);
  targets = g_strdup_printf ("[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"%s/v2/enqueue\", "
                             "\"api_url\": \"%s\"}]", peer->base_url, peer->base_url);
  vigie_peer_write_targets (dir, "hebergix", targets, "+33612345678");

  for (guint i = 0; i < 3; i++)
    {
      Fixture fixture = { 0 };
      VigieCall *call;

      /* A fresh desk (context and endpoint) for the first and third rings. */
      if (i != 1)
        {
          g_clear_object (&desk.context);
          desk.context = vigie_context_new (dir, &error);
          g_assert_no_error (error);
          g_assert_true (vigie_secrets_store (vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (desk.context)),
                                              "hebergix", "pd", "routing_key", peer->routing_key, &error));
          g_assert_no_error (error);
        }
      fixture.journal = g_object_ref (vigie_context_get_journal (desk.context));
      fixture.endpoint = vigie_pbx_endpoint_new (fixture.journal, TOKEN);
      fixture.session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
      vigie_pbx_endpoint_set_handler (fixture.endpoint, desk_handler, &desk, NULL);
      g_assert_true (vigie_pbx_endpoint_listen (fixture.endpoint, 0, &error));
      g_assert_no_error (error);

      g_assert_cmpuint (http (&fixture, "GET", "/call?event=ring&from=0698765432&line=0800300400"
                              "&call_id=4242&token=" TOKEN, NULL, NULL, NULL, NULL), ==, 200);
      g_assert_cmpuint (desk.calls->len, ==, i + 1);
      call = g_ptr_array_index (desk.calls, i);
      g_assert_cmpstr (vigie_call_get_id (call), ==, "4242");
      g_assert_true (vigie_call_answer (call, 0, &error));
      g_assert_true (vigie_call_answer (call, 0, &error));
      g_assert_true (vigie_call_decide (call, VIGIE_DECISION_TRIGGER, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_add (keys, vigie_call_dup_dedup_key (call));

      VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
      g_assert_cmpuint (vigie_peer_n_accepted (peer, g_ptr_array_index (keys, i)), ==, 1);
      g_assert_true (vigie_call_close (call, &error));
      g_assert_no_error (error);

      g_clear_object (&fixture.session);
      g_clear_object (&fixture.endpoint);
      g_clear_object (&fixture.journal);
    }

  /* Three emergencies, three incidents. */
  g_assert_cmpuint (g_hash_table_size (peer->accepted), ==, 3);
  g_clear_pointer (&desk.calls, g_ptr_array_unref);
  g_clear_object (&desk.context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pbx/ring-get", Fixture, NULL, fixture_set_up, test_pbx_ring_get, fixture_tear_down);
  g_test_add ("/pbx/events-post", Fixture, NULL, fixture_set_up, test_pbx_events_post, fixture_tear_down);
  g_test_add ("/pbx/unauthorized", Fixture, NULL, fixture_set_up, test_pbx_unauthorized, fixture_tear_down);
  g_test_add ("/pbx/bad-request", Fixture, NULL, fixture_set_up, test_pbx_bad_request, fixture_tear_down);
  g_test_add ("/pbx/port-taken", Fixture, NULL, fixture_set_up, test_pbx_port_taken, fixture_tear_down);
  g_test_add_func ("/pbx/needs-token", test_pbx_needs_token);
  g_test_add_func ("/pbx/context", test_pbx_context);
  g_test_add_func ("/pbx/reused-call-id", test_pbx_reused_call_id);
  g_test_add ("/pbx/hostile/endless-body", Fixture, NULL, fixture_set_up, test_pbx_endless_body, fixture_tear_down);
  g_test_add ("/pbx/hostile/idle-connections", Fixture, NULL, fixture_set_up, test_pbx_idle_connections,
              fixture_tear_down);
  g_test_add ("/pbx/hostile/slowloris", Fixture, NULL, fixture_set_up, test_pbx_slowloris, fixture_tear_down);
  g_test_add ("/pbx/hostile/unauthorized-flood", Fixture, NULL, fixture_set_up, test_pbx_unauthorized_flood,
              fixture_tear_down);
  g_test_add ("/pbx/hostile/fields", Fixture, NULL, fixture_set_up, test_pbx_hostile_fields, fixture_tear_down);
  g_test_add ("/pbx/hostile/token-exact", Fixture, NULL, fixture_set_up, test_pbx_token_exact, fixture_tear_down);

  return g_test_run ();
}
