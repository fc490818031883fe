/* test-telephony-ami.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Asterisk Manager Interface connector against an AMI server scripted
 * here (a GThreadedSocketService on 127.0.0.1) that plays the protocol's
 * documented exchanges: banner, Login with the read-only account, then a
 * recorded event sequence for overlapping calls; it drops the connection
 * and comes back, and feeds malformed, oversized and slow input. Calls are
 * opened in a real VigieContext, so the caller is identified as on the desk.
 */
#include "config.h"

#include <string.h>

#include "vigie-ami-connector.h"
#include "vigie-ami-parser.h"
#include "vigie-context.h"
#include "vigie-telephony.h"
#include "vigie-test-journal.h"
#include "vigie-test-scripted.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

#define BANNER "Asterisk Call Manager/5.0.2\r\n"
#define LOGIN_OK "Response: Success\r\nActionID: vigie-login\r\nMessage: Authentication accepted\r\n\r\n"
#define LOGIN_REFUSED "Response: Error\r\nActionID: vigie-login\r\nMessage: Authentication failed\r\n\r\n"

/* The PBX: each connection plays a script (tests/lib/vigie-test-scripted.h);
 * "LOGIN" reads the client's Login action and answers it; "HOLD" keeps
 * the connection open until the test ends it. */
typedef struct {
  VigieTestScripted  peer;
  GPtrArray         *logins;      /* the Login actions received, raw */
} Server;

static Server server;

static char *
read_action (GInputStream *input)
{
  GString *action = g_string_new (NULL);
  char c;

  while (!g_str_has_suffix (action->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (input, &c, 1, NULL, NULL) != 1)
        break;
      g_string_append_c (action, c);
    }
  return g_string_free (action, FALSE);
}

static VigieTestStepResult
ami_step (VigieTestScripted *peer,
          GSocketConnection *connection,
          const char        *step)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  if (g_str_equal (step, "LOGIN"))
    {
      char *login = read_action (input);
      gboolean ok = strstr (login, "Secret: s3cret-ami\r\n") != NULL;

      g_mutex_lock (&peer->lock);
      g_ptr_array_add (server.logins, login);
      g_mutex_unlock (&peer->lock);
      g_output_stream_write_all (output, ok ? LOGIN_OK : LOGIN_REFUSED,
                                 strlen (ok ? LOGIN_OK : LOGIN_REFUSED), NULL, NULL, NULL);
      return VIGIE_TEST_STEP_DONE;
    }
  if (g_str_equal (step, "HOLD"))
    {
      /* The last step: the script (on the test's stack) is not read
       * again once the test has let go. */
      while (!vigie_test_scripted_released (peer))
        g_usleep (10000);
      return VIGIE_TEST_STEP_CLOSE;
    }
  return VIGIE_TEST_STEP_NOT_MINE;
}

typedef struct {
  VigieContext   *context;
  VigieTelephony *telephony;
  GPtrArray      *seen;     /* "ringing|id|from|name|line", "answered|id", … */
  GHashTable     *calls;    /* call id → VigieCall opened "on the desk" */
} Desk;

static void
record (Desk                      *desk,
        const char                *what,
        const VigieTelephonyEvent *event)
{
  if (g_str_equal (what, "ringing"))
    g_ptr_array_add (desk->seen, g_strdup_printf ("ringing|%s|%s|%s|%s", event->call_id, event->from,
                                                  event->caller_name ? event->caller_name : "",
                                                  event->line ? event->line : ""));
  else
    g_ptr_array_add (desk->seen, g_strdup_printf ("%s|%s", what, event->call_id));
}

static void
ringing_cb (VigieTelephony *telephony, const VigieTelephonyEvent *event, Desk *desk)
{
  g_autoptr(GError) error = NULL;
  VigieCall *call = vigie_context_open_call (desk->context, event->from, event->line, event->call_id, &error);

  g_assert_no_error (error);
  g_hash_table_insert (desk->calls, g_strdup (event->call_id), call);
  record (desk, "ringing", event);
}

static void answered_cb (VigieTelephony *t, const VigieTelephonyEvent *e, Desk *d) { record (d, "answered", e); }
static void ended_cb (VigieTelephony *t, const VigieTelephonyEvent *e, Desk *d) { record (d, "ended", e); }
static void unanswered_cb (VigieTelephony *t, const VigieTelephonyEvent *e, Desk *d) { record (d, "unanswered", e); }

static VigieAmiConnector *
desk_start (Desk       *desk,
            guint16     port,
            const char *filters_json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = vigie_test_make_data_dir (NULL);
  g_autofree char *config_text = g_strdup_printf ("{\"id\": \"pbx\", \"kind\": \"ami\", \"host\": \"127.0.0.1\","
                                                  " \"port\": %u, \"username\": \"vigie\", \"line\": \"0800 100 200\"%s}",
                                                  port, filters_json);
  g_autoptr(JsonParser) parser = json_parser_new ();
  VigieTelephonyConnector *connector;
  VigieSecrets *secrets;

  desk->context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  desk->telephony = vigie_telephony_new (desk->context);
  desk->seen = g_ptr_array_new_with_free_func (g_free);
  desk->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_signal_connect (desk->telephony, "call-ringing", G_CALLBACK (ringing_cb), desk);
  g_signal_connect (desk->telephony, "call-answered", G_CALLBACK (answered_cb), desk);
  g_signal_connect (desk->telephony, "call-ended", G_CALLBACK (ended_cb), desk);
  g_signal_connect (desk->telephony, "call-unanswered", G_CALLBACK (unanswered_cb), desk);

  /* The password goes through VigieSecrets, never telephony.json. */
  secrets = vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (desk->context));
  g_assert_true (vigie_secrets_store (secrets, "telephony", "pbx", "secret", "s3cret-ami", &error));
  g_assert_no_error (error);

  g_assert_true (json_parser_load_from_data (parser, config_text, -1, &error));
  connector = vigie_telephony_connector_new_from_config (json_node_get_object (json_parser_get_root (parser)),
                                                         secrets, &error);
  g_assert_no_error (error);
  g_assert_true (VIGIE_IS_AMI_CONNECTOR (connector));
  /* Test pace: 50 ms steps instead of 0.5 s, slow input after 300 ms. */
  vigie_telephony_link_set_backoff_scale (vigie_ami_connector_get_link (VIGIE_AMI_CONNECTOR (connector)), 10);
  vigie_telephony_link_set_message_timeout (vigie_ami_connector_get_link (VIGIE_AMI_CONNECTOR (connector)), 300);
  vigie_telephony_add_connector (desk->telephony, connector);
  g_object_unref (connector);
  return VIGIE_AMI_CONNECTOR (connector);
}

static void
desk_stop (Desk *desk)
{
  vigie_test_scripted_release (&server.peer);
  g_usleep (50000);   /* the server's threads see it before the next test resets it */
  g_clear_object (&desk->telephony);
  g_clear_pointer (&desk->calls, g_hash_table_unref);
  g_clear_pointer (&desk->seen, g_ptr_array_unref);
  g_clear_object (&desk->context);
}

static void
server_reset (void)
{
  vigie_test_scripted_reset (&server.peer, ami_step);
  g_mutex_lock (&server.peer.lock);
  g_clear_pointer (&server.logins, g_ptr_array_unref);
  server.logins = g_ptr_array_new_with_free_func (g_free);
  g_mutex_unlock (&server.peer.lock);
}

typedef struct {
  Desk       *desk;
  const char *entry;
} SeenWait;

static gboolean
seen (gpointer data)
{
  SeenWait *wait = data;

  for (guint i = 0; i < wait->desk->seen->len; i++)
    if (g_str_equal (g_ptr_array_index (wait->desk->seen, i), wait->entry))
      return TRUE;
  return FALSE;
}

static void
wait_seen (Desk       *desk,
           const char *entry)
{
  SeenWait wait = { desk, entry };

  if (!vigie_test_wait_until (seen (&wait), 20000))
    {
      for (guint i = 0; i < desk->seen->len; i++)
        g_test_message ("seen: %s", (char *) g_ptr_array_index (desk->seen, i));
      g_error ("Timed out waiting for %s", entry);
    }
}

static guint
count_kind (Desk       *desk,
            const char *call_id,
            const char *kind,
            const char *containing)
{
  return vigie_test_journal_count (vigie_context_get_journal (desk->context), call_id, kind, containing);
}

static guint
seen_count (Desk       *desk,
            const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < desk->seen->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (desk->seen, i), prefix))
      n++;
  return n;
}

/* Recorded from the AMI's documented event fields: call A (Claire Moreau)
 * rings extension 201 and is answered; call B (Luc Bernard) overlaps it,
 * waits in queue "astreinte" and gives up; call C rings extension 305,
 * not the operator's, and must not pop. */
static const char * const first_connection[] = {
  BANNER, "LOGIN",
  "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n",
  "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000001\r\nChannelState: 4\r\n"
  "ChannelStateDesc: Ring\r\nCallerIDNum: 0612345678\r\nCallerIDName: MOREAU CLAIRE\r\n"
  "ConnectedLineNum: <unknown>\r\nConnectedLineName: <unknown>\r\nLanguage: fr\r\nAccountCode: \r\n"
  "Context: from-trunk\r\nExten: 0800100200\r\nPriority: 1\r\nUniqueid: 1700000001.1\r\n"
  "Linkedid: 1700000001.1\r\n\r\n",
  "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000002\r\nChannelState: 4\r\n"
  "CallerIDNum: 0698765432\r\nCallerIDName: <unknown>\r\nContext: from-trunk\r\nExten: 0800100200\r\n"
  "Uniqueid: 1700000002.1\r\nLinkedid: 1700000002.1\r\n\r\n",
  "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/201-00000003\r\nChannelState: 0\r\n"
  "CallerIDNum: 201\r\nContext: from-internal\r\nExten: s\r\nUniqueid: 1700000001.2\r\n"
  "Linkedid: 1700000001.1\r\n\r\n",
  "Event: DialBegin\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000001\r\nCallerIDNum: 0612345678\r\n"
  "CallerIDName: MOREAU CLAIRE\r\nUniqueid: 1700000001.1\r\nLinkedid: 1700000001.1\r\n"
  "DestChannel: PJSIP/201-00000003\r\nDestCallerIDNum: 201\r\nDestExten: 201\r\n"
  "DestUniqueid: 1700000001.2\r\nDestLinkedid: 1700000001.1\r\nDialString: 201\r\n\r\n",
  "Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-00000002\r\n"
  "CallerIDNum: 0698765432\r\nUniqueid: 1700000002.1\r\nLinkedid: 1700000002.1\r\nQueue: astreinte\r\n"
  "Position: 1\r\nCount: 1\r\n\r\n",
  "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000004\r\nChannelState: 4\r\n"
  "CallerIDNum: 0240112233\r\nContext: from-trunk\r\nExten: 0800300400\r\nUniqueid: 1700000003.1\r\n"
  "Linkedid: 1700000003.1\r\n\r\n",
  "Event: DialBegin\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000004\r\nCallerIDNum: 0240112233\r\n"
  "Uniqueid: 1700000003.1\r\nLinkedid: 1700000003.1\r\nDestChannel: PJSIP/305-00000005\r\n"
  "DestCallerIDNum: 305\r\nDestUniqueid: 1700000003.2\r\nDestLinkedid: 1700000003.1\r\n\r\n",
  "Event: BridgeEnter\r\nPrivilege: call,all\r\nBridgeUniqueid: b-1\r\nChannel: PJSIP/trunk-00000001\r\n"
  "Uniqueid: 1700000001.1\r\nLinkedid: 1700000001.1\r\n\r\n",
  "Event: BridgeEnter\r\nPrivilege: call,all\r\nBridgeUniqueid: b-1\r\nChannel: PJSIP/201-00000003\r\n"
  "Uniqueid: 1700000001.2\r\nLinkedid: 1700000001.1\r\n\r\n",
  "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000002\r\nUniqueid: 1700000002.1\r\n"
  "Linkedid: 1700000002.1\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n\r\n",
  "WAIT 100",
  NULL   /* the PBX restarts: connection dropped with call A still up */
};

static const char * const second_connection[] = {
  BANNER, "LOGIN",
  "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/201-00000003\r\nUniqueid: 1700000001.2\r\n"
  "Linkedid: 1700000001.1\r\nCause: 16\r\n\r\n",
  "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000001\r\nUniqueid: 1700000001.1\r\n"
  "Linkedid: 1700000001.1\r\nCause: 16\r\n\r\n",
  "HOLD",
  NULL
};

static void
test_ami_overlapping_calls (void)
{
  Desk desk = { 0 };
  static const char * const nothing[] = { NULL };
  guint16 port;

  server_reset ();
  g_ptr_array_add (server.peer.scripts, (gpointer) first_connection);
  /* One attempt while the PBX restarts: closed at once. */
  g_ptr_array_add (server.peer.scripts, (gpointer) nothing);
  g_ptr_array_add (server.peer.scripts, (gpointer) second_connection);
  port = vigie_test_scripted_listen (&server.peer);
  desk_start (&desk, port, ", \"extensions\": [\"201\"], \"queues\": [\"astreinte\"]");

  wait_seen (&desk, "ringing|1700000001.1|0612345678|MOREAU CLAIRE|0800100200");
  wait_seen (&desk, "ringing|1700000002.1|0698765432||0800100200");
  wait_seen (&desk, "answered|1700000001.1");
  wait_seen (&desk, "unanswered|1700000002.1");
  wait_seen (&desk, "ended|1700000002.1");
  /* After the drop and a refused attempt, the connector comes back and
   * the hang-up of the call it followed before still ends it. */
  wait_seen (&desk, "ended|1700000001.1");

  g_assert_cmpuint (seen_count (&desk, "ringing|"), ==, 2);   /* C rang 305: not ours */
  g_assert_cmpuint (seen_count (&desk, "unanswered|"), ==, 1);
  g_assert_false (g_hash_table_contains (desk.calls, "1700000003.1"));
  g_assert_cmpstr (vigie_contact_get_id (vigie_call_get_caller (g_hash_table_lookup (desk.calls, "1700000001.1"))),
                   ==, "moreau-claire");
  g_assert_cmpstr (vigie_contact_get_id (vigie_call_get_caller (g_hash_table_lookup (desk.calls, "1700000002.1"))),
                   ==, "bernard-luc");

  /* Login: the read-only account, call events only, the stored secret. */
  g_assert_cmpuint (server.logins->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (server.logins, 0), "Action: Login\r\n"));
  g_assert_nonnull (strstr (g_ptr_array_index (server.logins, 0), "Username: vigie\r\n"));
  g_assert_nonnull (strstr (g_ptr_array_index (server.logins, 0), "Events: call,agent\r\n"));

  /* The journal has the link's history and every call event. */
  g_assert_cmpuint (count_kind (&desk, NULL, "telephony-connected", "\"pbx\""), ==, 2);
  g_assert_cmpuint (count_kind (&desk, NULL, "telephony-disconnected", "closed the connection"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, "1700000001.1", "telephony-ring", "MOREAU CLAIRE"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, "1700000001.1", "telephony-answered", NULL), ==, 1);
  g_assert_cmpuint (count_kind (&desk, "1700000001.1", "telephony-hangup", "\"answered\":true"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, "1700000002.1", "call-unanswered", "abandoned"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, "1700000003.1", "telephony-ring", NULL), ==, 0);
  g_assert_cmpint (vigie_telephony_connector_get_state (vigie_telephony_find_connector (desk.telephony, "pbx")),
                   ==, VIGIE_TELEPHONY_CONNECTED);

  desk_stop (&desk);
}

/* Malformed, oversized and slow input: each drops the connection (the
 * framing cannot be trusted after it) and is journaled; the call already
 * ringing is untouched and its hang-up, after the reconnection, still ends it. */
static const char * const ring_then_garbage[] = {
  BANNER, "LOGIN",
  "Event: Newchannel\r\nChannel: PJSIP/trunk-1\r\nCallerIDNum: 0612345678\r\nCallerIDName: Claire\r\n"
  "Exten: 0800100200\r\nUniqueid: 42.1\r\nLinkedid: 42.1\r\n\r\n",
  "Event: DialBegin\r\nUniqueid: 42.1\r\nLinkedid: 42.1\r\nDestChannel: PJSIP/201-2\r\n"
  "DestUniqueid: 42.2\r\n\r\n",
  "Event: Newchannel\r\nthis line has no colon\r\n\r\n",
  "HOLD", NULL
};
static const char * const oversized[] = {
  BANNER, "LOGIN", "Event: Newchannel\r\nCallerIDName: ", "OVERSIZED", "HOLD", NULL
};
static const char * const slow[] = {
  BANNER, "LOGIN", "Event: Hangup\r\nUniqueid: 42.1\r\n", "WAIT 1500", "Linkedid: 42.1\r\n\r\n", "HOLD", NULL
};
static const char * const bad_field[] = {
  BANNER, "LOGIN",
  /* A caller name with a control character: the event alone is refused. */
  "Event: Newchannel\r\nCallerIDNum: 0611111111\r\nCallerIDName: evil\x1b[2J\r\nExten: 0800100200\r\n"
  "Uniqueid: 43.1\r\nLinkedid: 43.1\r\n\r\n",
  "Event: Hangup\r\nUniqueid: 42.1\r\nLinkedid: 42.1\r\n\r\n",
  "HOLD", NULL
};

static void
test_ami_bad_input (void)
{
  Desk desk = { 0 };
  g_autofree char *big = g_strnfill (VIGIE_AMI_MAX_LINE + 100, 'x');
  const char *oversized_steps[G_N_ELEMENTS (oversized)];
  guint16 port;

  /* The oversized step is built here: a 1 KiB+ caller name, no newline. */
  for (guint i = 0; i < G_N_ELEMENTS (oversized); i++)
    oversized_steps[i] = g_strcmp0 (oversized[i], "OVERSIZED") == 0 ? big : oversized[i];

  server_reset ();
  g_ptr_array_add (server.peer.scripts, (gpointer) ring_then_garbage);
  g_ptr_array_add (server.peer.scripts, (gpointer) oversized_steps);
  g_ptr_array_add (server.peer.scripts, (gpointer) slow);
  g_ptr_array_add (server.peer.scripts, (gpointer) bad_field);
  port = vigie_test_scripted_listen (&server.peer);
  desk_start (&desk, port, "");

  wait_seen (&desk, "ringing|42.1|0612345678|Claire|0800100200");
  wait_seen (&desk, "ended|42.1");

  g_assert_cmpuint (count_kind (&desk, NULL, "telephony-rejected", "not “Key: Value”"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, NULL, "telephony-rejected", "longer than the limit"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, NULL, "telephony-rejected", "to arrive whole"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, NULL, "telephony-rejected", "invalid field"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, NULL, "telephony-disconnected", NULL), ==, 3);
  /* The slow Hangup never completed: the call ended only on the good one,
   * once, and the refused caller never rang. */
  g_assert_cmpuint (seen_count (&desk, "ended|42.1"), ==, 1);
  g_assert_cmpuint (seen_count (&desk, "ringing|"), ==, 1);
  g_assert_cmpuint (count_kind (&desk, "42.1", "telephony-ring", NULL), ==, 1);

  desk_stop (&desk);
}

/* Calls whose Hangup never came (lost with a PBX restart) must not fill
 * the connector's table for good: the 600th call still pops. */
static gboolean
record_ring (VigieTelephonyConnector *connector, const VigieTelephonyEvent *event, guint *rings)
{
  if (event->kind == VIGIE_TELEPHONY_RING)
    (*rings)++;
  return FALSE;
}

static void
test_ami_lost_hangups (void)
{
  g_autoptr(VigieAmiConnector) connector = vigie_ami_connector_new ("pbx", "127.0.0.1", 5038, "vigie", "x", "0800100200");
  g_autoptr(GHashTable) login = g_hash_table_new (g_str_hash, g_str_equal);
  guint rings = 0;

  g_signal_connect (connector, "call-event", G_CALLBACK (record_ring), &rings);
  g_hash_table_insert (login, "response", "Success");
  g_hash_table_insert (login, "actionid", "vigie-login");
  vigie_ami_connector_handle_message (connector, login);

  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(GHashTable) newchannel = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GHashTable) dial = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      char *id = g_strdup_printf ("1700000%03u.1", i);

      g_hash_table_insert (newchannel, "event", g_strdup ("Newchannel"));
      g_hash_table_insert (newchannel, "calleridnum", g_strdup ("0612345678"));
      g_hash_table_insert (newchannel, "uniqueid", g_strdup (id));
      g_hash_table_insert (newchannel, "linkedid", g_strdup (id));
      vigie_ami_connector_handle_message (connector, newchannel);
      g_hash_table_insert (dial, "event", g_strdup ("DialBegin"));
      g_hash_table_insert (dial, "uniqueid", g_strdup (id));
      g_hash_table_insert (dial, "linkedid", id);
      vigie_ami_connector_handle_message (connector, dial);
    }
  g_assert_cmpuint (rings, ==, 600);
}

/* The login action cannot be extended by a value holding CR LF. */
static void
test_ami_format_action (void)
{
  g_autofree char *action = vigie_ami_format_action ("Login", "Username", "vigie\r\nAction: Originate",
                                                     "Secret", "x", NULL);

  g_assert_cmpstr (action, ==, "Action: Login\r\nUsername: vigieAction: Originate\r\nSecret: x\r\n\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/telephony/ami/overlapping-calls", test_ami_overlapping_calls);
  g_test_add_func ("/telephony/ami/bad-input", test_ami_bad_input);
  g_test_add_func ("/telephony/ami/format-action", test_ami_format_action);
  g_test_add_func ("/telephony/ami/lost-hangups", test_ami_lost_hangups);
  return g_test_run ();
}
