/* test-pbx-framing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an HTTP client library would never send, written byte for byte on
 * a real socket to the switchboard endpoint: two Content-Length headers
 * (the framing a smuggled second request hides behind) and a JSON string
 * holding an escaped NUL. Both are refused before the desk hears of them,
 * and the refusal is journaled. Mutation checks found neither guarded.
 */
#include "config.h"

#include <string.h>

#include "vigie-pbx-endpoint.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define TOKEN "fr4ming-t0ken"

/* The endpoint on a port of its own, a journal, and what the desk was
 * handed ("call_id|from" per request). */
typedef struct {
  VigieJournal     *journal;
  VigiePbxEndpoint *endpoint;
  GPtrArray        *seen;
} Fixture;

/* The desk's side: names the call and notes what it was handed. */
static gboolean
desk_hears (VigiePbxEndpoint *endpoint, const VigiePbxRequest *request, char **call_id,
            GError **error, gpointer user_data)
{
  GPtrArray *seen = user_data;

  *call_id = g_strdup (request->call_id ? request->call_id : "generated-id");
  g_ptr_array_add (seen, g_strdup_printf ("%s|%s", *call_id, request->from ? request->from : ""));
  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  path = g_build_filename (g_get_user_data_dir (), "framing.sqlite", NULL);
  fixture->seen = g_ptr_array_new_with_free_func (g_free);
  if ((fixture->journal = vigie_journal_open (path, &error)))
    {
      fixture->endpoint = vigie_pbx_endpoint_new (fixture->journal, TOKEN);
      vigie_pbx_endpoint_set_handler (fixture->endpoint, desk_hears, fixture->seen, NULL);
      vigie_pbx_endpoint_listen (fixture->endpoint, 0, &error);
    }
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->endpoint);
  g_clear_object (&fixture->journal);
  g_clear_pointer (&fixture->seen, g_ptr_array_unref);
}

/* --- a client that writes exactly the bytes it is given --- */

typedef struct {
  guint16     port;
  const char *bytes;
  GString    *answer;
  gboolean    done;
} Exchange;

/* Blocking, in its own thread: the endpoint answers from the main loop. */
static gpointer
exchange_thread (gpointer data)
{
  Exchange *exchange = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;
  gsize written = 0;
  char buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", exchange->port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  while (written < strlen (exchange->bytes))
    {
      n = g_socket_send (socket, exchange->bytes + written, strlen (exchange->bytes) - written, NULL, &error);
      g_assert_no_error (error);
      written += (gsize) n;
    }
  /* To the end: every request carries "Connection: close", or is refused
   * with the connection closed; a connection left open times out. */
  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (exchange->answer, buffer, n);
  g_assert_no_error (error);
  g_atomic_int_set (&exchange->done, TRUE);
  return NULL;
}

/* Sends @bytes and returns everything the endpoint wrote back. */
static char *
exchange (Fixture    *fixture,
          const char *bytes)
{
  Exchange exchange = { vigie_pbx_endpoint_get_port (fixture->endpoint), bytes, g_string_new (NULL), FALSE };
  GThread *thread = g_thread_new ("framing-client", exchange_thread, &exchange);

  VIGIE_TEST_WAIT_FOR (g_atomic_int_get (&exchange.done));
  g_thread_join (thread);
  return g_string_free (exchange.answer, FALSE);
}

static guint
count_answers (const char *answer,
               const char *status_line)
{
  guint n = 0;

  for (const char *p = answer; (p = strstr (p, status_line)) != NULL; p++)
    n++;
  return n;
}

/* The JSON body of the first answer. */
static JsonObject *
first_body (const char *answer)
{
  const char *body = strstr (answer, "\r\n\r\n");
  const char *end;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (body);
  body += 4;
  end = strstr (body, "HTTP/1.1 ");
  g_assert_true (json_parser_load_from_data (parser, body, end ? end - body : -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* --- the tests --- */

/* Two lengths: which one frames the body? Whichever a proxy in front
 * picked, the other would cut a second request out of it. The first
 * length here covers a whole ring; the second covers a ring smuggled
 * after it. Neither may reach the desk, in either order. */
static void
test_content_length_twice (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char first[] = "line=0800100200&call_id=first";
  static const char smuggled[] =
    "POST /call/ring HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " TOKEN "\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 32\r\n"
    "Connection: close\r\n\r\n"
    "line=0800100200&call_id=smuggled";
  gsize whole = strlen (first) + strlen (smuggled);

  g_assert_cmpuint (strlen ("line=0800100200&call_id=smuggled"), ==, 32);
  for (guint order = 0; order < 2; order++)
    {
      g_autofree char *request = g_strdup_printf (
        "POST /call/ring HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " TOKEN "\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: %zu\r\ncontent-length: %zu\r\n"
        "Connection: close\r\n\r\n%s%s",
        order == 0 ? strlen (first) : whole, order == 0 ? whole : strlen (first), first, smuggled);
      g_autofree char *answer = exchange (fixture, request);
      g_autoptr(JsonObject) reply = NULL;

      g_test_message ("order %u: %s", order, answer);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400 "));
      reply = first_body (answer);
      g_assert_cmpstr (json_object_get_string_member (reply, "error"), ==, "Malformed HTTP request");
      /* One answer, then the connection closed: the rest is never read. */
      g_assert_cmpuint (count_answers (answer, "HTTP/1.1 "), ==, 1);
      g_assert_cmpuint (fixture->seen->len, ==, 0);
    }
  g_assert_cmpuint (vigie_test_journal_count (fixture->journal, NULL, "pbx-rejected", "malformed request"), ==, 2);

  /* The same ring with one length goes through: the refusal was the
   * repeat, not the request. */
  {
    g_autofree char *request = g_strdup_printf (
      "POST /call/ring HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " TOKEN "\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n"
      "Connection: close\r\n\r\n%s", strlen (first), first);
    g_autofree char *answer = exchange (fixture, request);

    g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200 "));
    g_assert_cmpuint (fixture->seen->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (fixture->seen, 0), ==, "first|");
  }
}

/* "\u0000" in a JSON string the PBX sends: no caller number cut at the
 * NUL ("0612" for "0612\u0000345678") reaches the desk; the JSON reader
 * refuses it and says why. */
static void
test_json_nul (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"line\": \"0800100200\", \"from\": \"0612\\u0000345678\"}",
    "{\"line\": \"0800100200\\u0000\", \"call_id\": \"nul-line\"}",
    "{\"line\": \"0800100200\", \"call_id\": \"nul\\u0000id\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *request = g_strdup_printf (
        "POST /call/ring HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " TOKEN "\r\n"
        "Content-Type: application/json\r\nContent-Length: %zu\r\n"
        "Connection: close\r\n\r\n%s", strlen (bodies[i]), bodies[i]);
      g_autofree char *answer = exchange (fixture, request);
      g_autoptr(JsonObject) reply = NULL;
      const char *message;

      g_test_message ("%s → %s", bodies[i], answer);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400 "));
      reply = first_body (answer);
      message = json_object_get_string_member (reply, "error");
      g_assert_true (g_str_has_prefix (message, "Invalid JSON: "));
      g_assert_nonnull (strstr (message, "“\\u0000” is not allowed in a string"));
      g_assert_cmpuint (fixture->seen->len, ==, 0);
    }
  g_assert_cmpuint (vigie_test_journal_count (fixture->journal, NULL, "pbx-rejected", "u0000"), ==,
                    G_N_ELEMENTS (bodies));
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add ("/pbx-framing/content-length-twice", Fixture, NULL, fixture_set_up, test_content_length_twice,
              fixture_tear_down);
  g_test_add ("/pbx-framing/json-nul", Fixture, NULL, fixture_set_up, test_json_nul, fixture_tear_down);

  return g_test_run ();
}
