/* test-telephony-wazo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wazo Platform: wazo-webhookd's bodies for call_created, call_answered and
 * call_ended, replayed over real HTTP to the loopback switchboard endpoint
 * (/wazo route), both as webhookd sends them with an empty body template
 * (the event's data) and wrapped as {"name": …, "data": …}. Bad bodies are
 * refused (400, journaled) without disturbing the call already open.
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "vigie-context.h"
#include "vigie-pbx-endpoint.h"
#include "vigie-telephony.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-wazo-connector.h"

#define TOKEN "wazo-t0ken-123"

typedef struct {
  VigieContext     *context;
  VigieTelephony   *telephony;
  VigiePbxEndpoint *endpoint;
  SoupSession      *session;
  GPtrArray        *seen;
} Fixture;

static void
on_event (Fixture *fixture, const char *what, const VigieTelephonyEvent *event)
{
  g_ptr_array_add (fixture->seen, g_strdup_printf ("%s|%s|%s|%s|%s", what, event->call_id,
                                                   event->from ? event->from : "",
                                                   event->caller_name ? event->caller_name : "",
                                                   event->line ? event->line : ""));
}

static void ringing_cb (VigieTelephony *t, const VigieTelephonyEvent *e, Fixture *f) { on_event (f, "ringing", e); }
static void answered_cb (VigieTelephony *t, const VigieTelephonyEvent *e, Fixture *f) { on_event (f, "answered", e); }
static void ended_cb (VigieTelephony *t, const VigieTelephonyEvent *e, Fixture *f) { on_event (f, "ended", e); }
static void unanswered_cb (VigieTelephony *t, const VigieTelephonyEvent *e, Fixture *f) { on_event (f, "unanswered", e); }

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = vigie_test_make_data_dir (NULL);
  g_autofree char *config = g_build_filename (data_dir, "telephony.json", NULL);

  g_assert_true (g_file_set_contents (config, "{\"connectors\": [{\"id\": \"wazo\", \"kind\": \"wazo\","
                                              " \"line\": \"0800 300 400\"}]}", -1, &error));
  fixture->context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  fixture->telephony = vigie_telephony_new (fixture->context);
  fixture->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->telephony, "call-ringing", G_CALLBACK (ringing_cb), fixture);
  g_signal_connect (fixture->telephony, "call-answered", G_CALLBACK (answered_cb), fixture);
  g_signal_connect (fixture->telephony, "call-ended", G_CALLBACK (ended_cb), fixture);
  g_signal_connect (fixture->telephony, "call-unanswered", G_CALLBACK (unanswered_cb), fixture);
  g_assert_true (vigie_telephony_reload (fixture->telephony, &error));
  g_assert_no_error (error);

  fixture->endpoint = vigie_pbx_endpoint_new (vigie_context_get_journal (fixture->context), TOKEN);
  vigie_pbx_endpoint_add_route (fixture->endpoint, "/wazo", vigie_wazo_route,
                                g_object_ref (fixture->telephony), g_object_unref);
  g_assert_true (vigie_pbx_endpoint_listen (fixture->endpoint, 0, &error));
  g_assert_no_error (error);
  fixture->session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->endpoint);
  g_clear_object (&fixture->telephony);
  g_clear_object (&fixture->context);
  g_clear_pointer (&fixture->seen, g_ptr_array_unref);
}

static void
sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GBytes **body = user_data;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
}

static guint
post (Fixture    *fixture,
      const char *path,
      const char *body,
      gboolean    with_token)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s%s", vigie_pbx_endpoint_get_port (fixture->endpoint),
                                          path, with_token ? "?token=" TOKEN : "");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  GBytes *reply = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &reply);
  while (reply == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_bytes_unref (reply);
  return soup_message_get_status (msg);
}

static guint
count_kind (Fixture    *fixture,
            const char *call_id,
            const char *kind,
            const char *containing)
{
  return vigie_test_journal_count (vigie_context_get_journal (fixture->context), call_id, kind, containing);
}

/* wazo-calld's call fields (Call model), as webhookd forwards them. */
#define CREATED_A \
  "{\"bridges\": [], \"call_id\": \"1700000042.17\", \"caller_id_name\": \"Thomas Nguyen\"," \
  " \"caller_id_number\": \"0612345678\", \"peer_caller_id_name\": \"Astreinte\"," \
  " \"peer_caller_id_number\": \"1001\", \"creation_time\": \"2026-11-28T09:00:00.000+0000\"," \
  " \"dialed_extension\": \"0800100200\", \"is_caller\": true, \"is_video\": false, \"on_hold\": false," \
  " \"status\": \"Ring\", \"talking_to\": {}, \"user_uuid\": null, \"sip_call_id\": \"abc@pbx\"}"
#define CREATED_A_CALLEE \
  "{\"call_id\": \"1700000042.18\", \"caller_id_name\": \"Astreinte\", \"caller_id_number\": \"1001\"," \
  " \"dialed_extension\": \"\", \"is_caller\": false, \"status\": \"Ringing\"}"
#define ANSWERED_A_WRAPPED \
  "{\"name\": \"call_answered\", \"origin_uuid\": \"f0e1\", \"required_acl\": \"events.calls.42\"," \
  " \"data\": {\"call_id\": \"1700000042.17\", \"caller_id_number\": \"0612345678\", \"status\": \"Up\"}}"
#define ENDED_A "{\"call_id\": \"1700000042.17\", \"hangup_cause\": 16, \"reason_code\": 16}"
#define CREATED_B "{\"call_id\": \"1700000043.1\", \"caller_id_number\": \"0240112233\", \"caller_id_name\": \"\"," \
  " \"dialed_extension\": \"s\", \"is_caller\": true}"
#define ENDED_B "{\"name\": \"call_ended\", \"data\": {\"call_id\": \"1700000043.1\"}}"

static void
test_wazo_calls (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpuint (post (fixture, "/wazo/call_created", CREATED_A, TRUE), ==, 200);
  g_assert_cmpuint (post (fixture, "/wazo/call_created", CREATED_A_CALLEE, TRUE), ==, 200);
  g_assert_cmpuint (post (fixture, "/wazo", ANSWERED_A_WRAPPED, TRUE), ==, 200);
  g_assert_cmpuint (post (fixture, "/wazo/call_created", CREATED_B, TRUE), ==, 200);
  g_assert_cmpuint (post (fixture, "/wazo/call_ended", ENDED_A, TRUE), ==, 200);
  g_assert_cmpuint (post (fixture, "/wazo", ENDED_B, TRUE), ==, 200);

  g_assert_cmpuint (fixture->seen->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 0), ==, "ringing|1700000042.17|0612345678|Thomas Nguyen|0800100200");
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 1), ==, "answered|1700000042.17|0612345678|Thomas Nguyen|0800100200");
  /* B dialled "s": the connector's configured line applies. */
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 2), ==, "ringing|1700000043.1|0240112233||0800 300 400");
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 3), ==, "ended|1700000042.17|0612345678|Thomas Nguyen|0800100200");
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 4), ==, "unanswered|1700000043.1|0240112233||0800 300 400");
  g_assert_cmpstr (g_ptr_array_index (fixture->seen, 5), ==, "ended|1700000043.1|0240112233||0800 300 400");

  g_assert_cmpuint (count_kind (fixture, "1700000042.17", "telephony-ring", "\"wazo\""), ==, 1);
  g_assert_cmpuint (count_kind (fixture, "1700000042.17", "telephony-answered", NULL), ==, 1);
  g_assert_cmpuint (count_kind (fixture, "1700000042.17", "pbx-event", "/wazo"), ==, 3);
  g_assert_cmpuint (count_kind (fixture, "1700000043.1", "call-unanswered", "abandoned"), ==, 1);
  g_assert_cmpuint (count_kind (fixture, NULL, "call-unanswered", NULL), ==, 1);
}

static void
test_wazo_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *huge = NULL;
  GString *big = g_string_new ("{\"call_id\": \"1\", \"caller_id_name\": \"");

  g_assert_cmpuint (post (fixture, "/wazo/call_created", CREATED_A, TRUE), ==, 200);

  /* No token, not JSON, no call id, an unknown event, a control character. */
  g_assert_cmpuint (post (fixture, "/wazo/call_ended", ENDED_A, FALSE), ==, 401);
  g_assert_cmpuint (post (fixture, "/wazo/call_ended", "{\"call_id\": \"1700000042.17\"", TRUE), ==, 400);
  g_assert_cmpuint (post (fixture, "/wazo/call_ended", "{\"hangup_cause\": 16}", TRUE), ==, 400);
  g_assert_cmpuint (post (fixture, "/wazo/call_held", "{\"call_id\": \"1700000042.17\"}", TRUE), ==, 400);
  g_assert_cmpuint (post (fixture, "/wazo/call_created",
                          "{\"call_id\": \"9\", \"caller_id_name\": \"a\\u001b[2Jb\"}", TRUE), ==, 400);
  /* Larger than any event: the endpoint refuses it before parsing. */
  while (big->len < 64 * 1024)
    g_string_append (big, "xxxxxxxxxxxxxxxx");
  g_string_append (big, "\"}");
  huge = g_string_free (big, FALSE);
  g_assert_cmpuint (post (fixture, "/wazo/call_created", huge, TRUE), ==, 413);

  /* The open call is untouched: only the one ring, still ringing. */
  g_assert_cmpuint (fixture->seen->len, ==, 1);
  g_assert_true (vigie_telephony_is_ringing (fixture->telephony, "1700000042.17"));
  g_assert_cmpuint (count_kind (fixture, NULL, "telephony-rejected", NULL), ==, 4);
  g_assert_cmpuint (post (fixture, "/wazo/call_ended", ENDED_A, TRUE), ==, 200);
  g_assert_cmpuint (fixture->seen->len, ==, 3);   /* unanswered, then ended */
}

/* A caller the directory does not know keeps the PBX's name on the card. */
static void
test_prefill_identity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) unknown = vigie_context_open_call (fixture->context, "0611111111", "0800100200", "p-1", &error);
  g_autoptr(VigieCall) known = vigie_context_open_call (fixture->context, "0612345678", "0800100200", "p-2", &error);
  VigieTelephonyEvent event = { VIGIE_TELEPHONY_RING, "p-1", "0611111111", "DURAND PAUL", "0800100200", "wazo", 0 };

  g_assert_no_error (error);
  g_assert_true (vigie_telephony_prefill_identity (unknown, &event));
  g_assert_cmpstr (vigie_caller_identity_get (vigie_call_get_identity (unknown), VIGIE_CALLER_LAST_NAME), ==,
                   "DURAND PAUL");
  event.call_id = (char *) "p-2";
  g_assert_false (vigie_telephony_prefill_identity (known, &event));
  g_assert_cmpstr (vigie_caller_identity_get (vigie_call_get_identity (known), VIGIE_CALLER_LAST_NAME), ==, "Moreau");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/telephony/wazo/calls", Fixture, NULL, fixture_set_up, test_wazo_calls, fixture_tear_down);
  g_test_add ("/telephony/wazo/refused", Fixture, NULL, fixture_set_up, test_wazo_refused, fixture_tear_down);
  g_test_add ("/telephony/prefill-identity", Fixture, NULL, fixture_set_up, test_prefill_identity, fixture_tear_down);
  return g_test_run ();
}
