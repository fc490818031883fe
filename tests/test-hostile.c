/* test-hostile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Faults and hostile files around the data folder: the demo never
 * replaces a centre's data, one desk per folder.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-input.h"
#include "vigie-peer-fixture.h"

#define PD_TARGET \
  "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\", \"api_url\": \"@PEER@\"}]"

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static int
run_vigie (const char  *data_dir,
           char       **output,
           ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL));
  va_start (args, output);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "VIGIE_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "fr", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "fr_FR.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* clients.json moved aside while editing: the next start, desk or
 * command line, must not install the demo over directory.json, the
 * scripts and the rosters. */
static void
test_demo_never_over_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700), vigie_test_make_data_dir (NULL));
  g_autofree char *clients = g_build_filename (dir, "clients.json", NULL);
  g_autofree char *aside = g_build_filename (dir, "clients.json.edit", NULL);
  g_autofree char *directory = g_build_filename (dir, "directory.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *output = NULL;
  gboolean installed = TRUE;

  /* The centre's own directory, not the demo's. */
  g_assert_true (g_file_set_contents (directory, "{\"contacts\": []}\n", -1, &error));
  before = checksum_of (directory);
  g_assert_cmpint (g_rename (clients, aside), ==, 0);

  g_assert_false (vigie_context_install_demo (dir, &installed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "clients.json"));
  g_assert_false (installed);
  g_clear_error (&error);

  /* The command line says so in French and touches nothing. */
  g_assert_cmpint (run_vigie (dir, &output, "alert", "test", "hebergix", NULL), ==, 1);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "clients.json est absent"));
  g_assert_false (g_file_test (clients, G_FILE_TEST_EXISTS));
  after = checksum_of (directory);
  g_assert_cmpstr (before, ==, after);

  /* An empty folder still gets the demo, private to the user. */
  {
    g_autofree char *fresh = g_build_filename (g_get_user_data_dir (), "fresh", "vigie", NULL);
    g_autofree char *fresh_clients = g_build_filename (fresh, "clients.json", NULL);
    GStatBuf st;

    g_assert_true (vigie_context_install_demo (fresh, &installed, &error));
    g_assert_no_error (error);
    g_assert_true (installed);
    g_assert_true (g_file_test (fresh_clients, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (g_stat (fresh, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_assert_cmpint (g_stat (fresh_clients, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
}

/* Two desks on one folder: the second is told, and does not send the
 * first one's alerts again. */
static void
test_two_desks (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(VigieContext) second = NULL;
  g_autofree char *key = NULL;
  gint64 until;

  setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  g_assert_true (vigie_context_check_sender (fixture.context, &error));
  g_assert_no_error (error);

  /* The target is down: the alert waits in the outbox. */
  vigie_peer_set_down (fixture.peer, TRUE);
  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);

  second = vigie_context_new (fixture.data_dir, &error);
  g_assert_no_error (error);
  vigie_dispatcher_set_retry_policy (vigie_context_get_dispatcher (second), 50, 200);
  g_assert_false (vigie_context_check_sender (second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Another desk already uses the data folder"));
  g_assert_nonnull (strstr (error->message, "process"));
  g_clear_error (&error);

  vigie_peer_set_down (fixture.peer, FALSE);
  WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (vigie_peer_n_received (fixture.peer, key), ==, 1);

  /* The first desk gone, the lock is free again. */
  g_clear_object (&call);
  g_clear_object (&second);
  {
    gpointer weak = fixture.context;

    g_object_add_weak_pointer (weak, &weak);
    g_clear_object (&fixture.context);
    g_assert_null (weak);
  }
  open_context (&fixture);
  g_assert_true (vigie_context_check_sender (fixture.context, &error));
  g_assert_no_error (error);

  teardown (&fixture);
}

/* Caller numbers and call ids from the switchboard, the command line or a
 * tel: link are refused at the edge when they could fake a line on screen
 * (newline, ESC, bidi override) or put invalid UTF-8 in the journal. */
static void
test_edge_inputs (void)
{
  static const struct { const char *from, *line, *call_id; } hostile[] = {
    { "06 12 34 56 78\nVIP: Préfet", "0800 100 200", NULL },
    { "0612345678\r", "0800 100 200", NULL },
    { "\x1b[31m0612345678", "0800 100 200", NULL },
    { "0612345678\x7f", "0800 100 200", NULL },
    { "0612345678\xc2\x85", "0800 100 200", NULL },             /* U+0085, C1 */
    { "\xe2\x80\xae" "8765432160", "0800 100 200", NULL },      /* U+202E */
    { "0612345678\xe2\x80\xa8VIP", "0800 100 200", NULL },      /* U+2028 */
    { "\xff\xfe", "0800 100 200", NULL },                       /* tel:%FF%FE */
    { "0612345678", "0800 100 200\n", NULL },
    { "0612345678", "0800 100 200", "42\n43" },
    { "0612345678", "0800 100 200", "call id" },
    { "0612345678", "0800 100 200", "\xc3\xa9t\xc3\xa9" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700), vigie_test_make_data_dir (NULL));
  g_autoptr(VigieContext) context = vigie_context_new (dir, &error);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) long_id = g_string_new (NULL);

  g_assert_no_error (error);
  before = vigie_journal_list_events (vigie_context_get_journal (context), NULL, &error);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(VigieCall) call = vigie_context_open_call (context, hostile[i].from, hostile[i].line,
                                                           hostile[i].call_id, &error);

      g_assert_null (call);
      g_assert_nonnull (error);
      g_test_message ("%u: %s", i, error->message);
      g_clear_error (&error);
    }

  /* 10,000 digits, a 10,000-character call id. */
  for (guint i = 0; i < 10000; i++)
    {
      g_string_append_c (digits, '0' + i % 10);
      g_string_append_c (long_id, 'a' + i % 26);
    }
  g_assert_null (vigie_context_open_call (context, digits->str, "0800 100 200", NULL, &error));
  g_assert_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (vigie_context_open_call (context, "0612345678", "0800 100 200", long_id->str, &error));
  g_assert_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing reached the journal; ordinary calls still open. */
  after = vigie_journal_list_events (vigie_context_get_journal (context), NULL, &error);
  g_assert_cmpuint (after->len, ==, before->len);
  {
    g_autoptr(VigieCall) call = vigie_context_open_call (context, "sip:+33612345678@pbx.example;user=phone",
                                                         "0800 100 200", "1700000000.42", &error);

    g_assert_no_error (error);
    g_assert_nonnull (call);
    g_assert_cmpstr (vigie_call_get_from (call), ==, "+33612345678");
  }
  {
    g_autoptr(VigieCall) call = vigie_context_open_call (context, "Anonymous", "0800 100 200",
                                                         "6f1c2a0e-93f4-4a55-b1de-2d4c1e9b7a10", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (vigie_call_get_from (call), ==, "anonymous");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hostile/demo-never-over-data", test_demo_never_over_data);
  g_test_add_func ("/hostile/two-desks", test_two_desks);
  g_test_add_func ("/hostile/edge-inputs", test_edge_inputs);

  return g_test_run ();
}
