/* test-telephony-baresip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * baresip's ctrl_tcp framing and messages, against a ctrl_tcp peer scripted
 * here (a GThreadedSocketService on 127.0.0.1), for what a real baresip
 * never sends: a bad JSON message inside a sound frame is dropped alone;
 * a broken frame, an oversized length or a frame left half-sent drops the
 * connection, which comes back; each is journaled and the call already
 * ringing is untouched (its CALL_CLOSED after the reconnection still ends
 * it). The commands Vigie sends (accept, hangup) are checked on the wire.
 * Also the netstring reader alone, fed byte by byte.
 */
#include "config.h"

#include <string.h>

#include "vigie-baresip-connector.h"
#include "vigie-context.h"
#include "vigie-netstring.h"
#include "vigie-telephony.h"
#include "vigie-test-journal.h"
#include "vigie-test-scripted.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define EVENT(type, id) \
  "{\"event\":true,\"type\":\"" type "\",\"class\":\"call\",\"accountaor\":\"sip:operator@127.0.0.1\"," \
  "\"direction\":\"incoming\",\"peeruri\":\"sip:0612345678@127.0.0.1:5090\",\"peerdisplayname\":\"Claire\"," \
  "\"id\":\"" id "\",\"param\":\"x\"}"

/* The softphone: each connection plays a script
 * (tests/lib/vigie-test-scripted.h); "READ" waits for Vigie's command,
 * "HOLD" keeps reading what Vigie sends until the test ends. */
typedef struct {
  VigieTestScripted  peer;
  GString           *received;    /* what Vigie wrote, all connections */
} Server;

static Server server;

static char *
frame (const char *payload)
{
  return g_strdup_printf ("%zu:%s,", strlen (payload), payload);
}

/* Appends what Vigie wrote, if anything; how much (0: it closed). */
static gssize
receive (GInputStream *input)
{
  char buffer[512];
  gssize got = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL);

  g_mutex_lock (&server.peer.lock);
  if (got > 0)
    g_string_append_len (server.received, buffer, got);
  g_mutex_unlock (&server.peer.lock);
  return got;
}

static VigieTestStepResult
baresip_step (VigieTestScripted *peer,
              GSocketConnection *connection,
              const char        *step)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  if (g_str_equal (step, "READ"))
    {
      /* Wait for Vigie's command before going on. */
      receive (input);
      return VIGIE_TEST_STEP_DONE;
    }
  if (g_str_equal (step, "HOLD"))
    {
      g_socket_set_blocking (g_socket_connection_get_socket (connection), FALSE);
      while (receive (input) != 0 && !vigie_test_scripted_released (peer))
        g_usleep (5000);
      return VIGIE_TEST_STEP_CLOSE;
    }
  return VIGIE_TEST_STEP_NOT_MINE;
}

static GPtrArray *seen;

static void
event_cb (VigieTelephony *telephony, const VigieTelephonyEvent *event, const char *what)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s|%s|%s", what, event->call_id, event->from ? event->from : ""));
}

static gboolean
has_seen (gpointer data)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (g_ptr_array_index (seen, i), data))
      return TRUE;
  return FALSE;
}

static void
wait_for (gboolean (*done) (gpointer), gpointer data, const char *what)
{
  if (!vigie_test_wait_until (done (data), 20000))
    g_error ("Timed out waiting for %s", what);
}

static guint
count_kind (VigieContext *context,
            const char   *kind,
            const char   *containing)
{
  return vigie_test_journal_count (vigie_context_get_journal (context), NULL, kind, containing);
}

static gboolean
received_has (gpointer data)
{
  gboolean found;

  g_mutex_lock (&server.peer.lock);
  found = strstr (server.received->str, data) != NULL;
  g_mutex_unlock (&server.peer.lock);
  return found;
}

static void
test_baresip_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = vigie_test_make_data_dir (NULL);
  g_autoptr(VigieContext) context = NULL;
  g_autoptr(VigieTelephony) telephony = NULL;
  g_autoptr(VigieBaresipConnector) connector = NULL;
  g_autofree char *incoming = frame (EVENT ("CALL_INCOMING", "1-42@host"));
  g_autofree char *bad_json = frame ("{\"event\":true,\"type\":");
  g_autofree char *not_object = frame ("[1,2,3]");
  g_autofree char *bad_id = frame (EVENT ("CALL_INCOMING", "1-43\\u001b[2J@host"));
  g_autofree char *closed = frame (EVENT ("CALL_CLOSED", "1-42@host"));
  g_autofree char *registering = frame ("{\"event\":true,\"type\":\"REGISTER_OK\",\"class\":\"register\"}");
  const char *first[] = { incoming, "READ", bad_json, not_object, bad_id, registering, "3:abcX", "HOLD", NULL };
  const char *second[] = { "99999999:", "HOLD", NULL };
  const char *third[] = { "40:{\"event\":true", "WAIT 1500", "HOLD", NULL };
  const char *fourth[] = { "WAIT 200", closed, "HOLD", NULL };
  guint16 port;

  vigie_test_scripted_reset (&server.peer, baresip_step);
  server.received = g_string_new (NULL);
  g_ptr_array_add (server.peer.scripts, first);
  g_ptr_array_add (server.peer.scripts, second);
  g_ptr_array_add (server.peer.scripts, third);
  g_ptr_array_add (server.peer.scripts, fourth);
  port = vigie_test_scripted_listen (&server.peer);

  context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  telephony = vigie_telephony_new (context);
  seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (telephony, "call-ringing", G_CALLBACK (event_cb), (gpointer) "ringing");
  g_signal_connect (telephony, "call-answered", G_CALLBACK (event_cb), (gpointer) "answered");
  g_signal_connect (telephony, "call-ended", G_CALLBACK (event_cb), (gpointer) "ended");

  connector = vigie_baresip_connector_new ("softphone", "127.0.0.1", port, "0800 100 200");
  vigie_telephony_link_set_backoff_scale (vigie_baresip_connector_get_link (connector), 10);
  vigie_telephony_link_set_message_timeout (vigie_baresip_connector_get_link (connector), 300);
  vigie_telephony_add_connector (telephony, VIGIE_TELEPHONY_CONNECTOR (connector));

  wait_for (has_seen, (gpointer) "ringing|1-42@host|0612345678", "the ring");
  /* The operator picks up from the desk: "accept" goes out on the wire. */
  g_assert_true (vigie_telephony_can_answer (telephony, "1-42@host"));
  g_assert_true (vigie_telephony_answer (telephony, "1-42@host", &error));
  g_assert_no_error (error);
  wait_for (received_has, (gpointer) "\"command\":\"accept\",\"params\":\"1-42@host\"", "the accept command");
  g_assert_true (received_has ((gpointer) ":{\"command\":\"accept\""));
  /* A call the softphone never rang cannot be hung up through it. */
  g_assert_false (vigie_telephony_hangup (telephony, "1-99@host", &error));
  g_assert_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_UNKNOWN_CALL);
  g_clear_error (&error);

  /* Broken frame → reconnect; oversized length → reconnect; slow → reconnect. */
  g_assert_true (vigie_test_wait_until (count_kind (context, "telephony-rejected", "to arrive whole") != 0, 20000));

  g_assert_cmpuint (count_kind (context, "telephony-rejected", "not JSON"), ==, 1);
  g_assert_cmpuint (count_kind (context, "telephony-rejected", "not a JSON object"), ==, 1);
  g_assert_cmpuint (count_kind (context, "telephony-rejected", "invalid field"), ==, 1);
  g_assert_cmpuint (count_kind (context, "telephony-rejected", "does not end with ','"), ==, 1);
  g_assert_cmpuint (count_kind (context, "telephony-rejected", "longer than the limit"), ==, 1);
  g_assert_cmpuint (count_kind (context, "telephony-rejected", "to arrive whole"), ==, 1);
  g_assert_cmpuint (count_kind (context, "telephony-disconnected", NULL), ==, 3);
  /* Nothing but the one ring reached the desk; the call still rings, and
   * its CALL_CLOSED on the fourth connection ends it. */
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_true (vigie_telephony_is_ringing (telephony, "1-42@host"));
  wait_for (has_seen, (gpointer) "ended|1-42@host|0612345678", "the hang-up after the reconnection");
  g_assert_cmpuint (seen->len, ==, 2);

  vigie_test_scripted_release (&server.peer);
  vigie_telephony_stop (telephony);
}

static void
test_netstring_reader (void)
{
  g_autoptr(VigieNetstringReader) reader = vigie_netstring_reader_new (16);
  g_autoptr(GBytes) encoded = vigie_netstring_encode ("hello world!", -1);
  g_autoptr(GError) error = NULL;
  const char *stream = "0:,5:abcde,";
  GBytes *message = NULL;
  gsize size;

  g_assert_cmpmem (g_bytes_get_data (encoded, &size), size, "12:hello world!,", 16);

  /* Byte by byte: nothing until a frame is whole. */
  for (const char *p = stream; *p; p++)
    {
      vigie_netstring_reader_feed (reader, (const guint8 *) p, 1);
      if (p[1] != '\0' && p != stream + 2)
        {
          g_assert_cmpint (vigie_netstring_reader_next (reader, &message, &error), ==, VIGIE_NETSTRING_MORE);
          g_assert_null (message);
        }
      else
        {
          g_assert_cmpint (vigie_netstring_reader_next (reader, &message, &error), ==, VIGIE_NETSTRING_MESSAGE);
          g_assert_cmpuint (g_bytes_get_size (message), ==, p == stream + 2 ? 0 : 5);
          g_clear_pointer (&message, g_bytes_unref);
        }
    }
  g_assert_cmpuint (vigie_netstring_reader_pending (reader), ==, 0);

  /* Leading zero, a length above the limit, a letter: the stream fails for good. */
  {
    static const char * const bad[] = { "01:a,", "17:", "1a:", ":", "-1:" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(VigieNetstringReader) broken = vigie_netstring_reader_new (16);
        g_autoptr(GError) local_error = NULL;
        GBytes *none = NULL;

        vigie_netstring_reader_feed (broken, (const guint8 *) bad[i], strlen (bad[i]));
        g_assert_cmpint (vigie_netstring_reader_next (broken, &none, &local_error), ==, VIGIE_NETSTRING_ERROR);
        g_assert_nonnull (local_error);
        g_assert_null (none);
        g_clear_error (&local_error);
        vigie_netstring_reader_feed (broken, (const guint8 *) "1:a,", 4);
        g_assert_cmpint (vigie_netstring_reader_next (broken, &none, &local_error), ==, VIGIE_NETSTRING_ERROR);
      }
  }
}

static void
test_sip_uri_user (void)
{
  g_autofree char *a = vigie_sip_uri_user ("sip:0612345678@127.0.0.1:5090;transport=udp");
  g_autofree char *b = vigie_sip_uri_user ("<sips:%2B33612345678@pbx>");
  g_autofree char *c = vigie_sip_uri_user ("tel:+33612345678;phone-context=x");
  g_autofree char *d = vigie_sip_uri_user ("http://evil");
  g_autofree char *e = vigie_sip_uri_user ("sip:@host");

  g_assert_cmpstr (a, ==, "0612345678");
  g_assert_cmpstr (b, ==, "+33612345678");
  g_assert_cmpstr (c, ==, "+33612345678");
  g_assert_null (d);
  g_assert_null (e);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/telephony/baresip/bad-input", test_baresip_bad_input);
  g_test_add_func ("/telephony/netstring", test_netstring_reader);
  g_test_add_func ("/telephony/sip-uri-user", test_sip_uri_user);
  return g_test_run ();
}
