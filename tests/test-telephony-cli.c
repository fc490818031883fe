/* test-telephony-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie telephony …` run as a setup script would: connectors written to
 * telephony.json, wrong settings refused with status 1 and the file left
 * as it was, the AMI password read from standard input into VigieSecrets
 * (never into the file), and the result loadable by the desk's telephony.
 */
#include "config.h"

#include <string.h>

#include "vigie-context.h"
#include "vigie-telephony-config.h"
#include "vigie-telephony.h"
#include "vigie-test-cli.h"
#include "vigie-test-util.h"

static char *data_dir;

/* `vigie telephony ARGS…` on the test's data folder, as a setup script. */
#define TELEPHONY(run, input, ...) \
  vigie_test_run_vigie ((run), data_dir, (input), VIGIE_TEST_RUN_DEFAULT, "telephony", __VA_ARGS__)

static char *
read_config (void)
{
  g_autofree char *path = g_build_filename (data_dir, "telephony.json", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static void
test_cli_setup (void)
{
  g_auto(VigieTestRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = NULL;
  g_autoptr(VigieTelephony) telephony = NULL;
  g_autoptr(VigieSecrets) secrets = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(JsonObject) config = NULL;
  JsonObject *pbx;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  data_dir = vigie_test_make_data_dir (NULL);

  g_assert_cmpint (TELEPHONY (&run, NULL, "add", "softphone", "baresip", "port=4444", "line=0800 100 200",
                          "account:sip:dupont@pbx.example=0800 100 200", NULL), ==, 0);
  g_assert_cmpint (TELEPHONY (&run, NULL, "add", "pbx", "ami", "host=127.0.0.1", "port=5038", "username=vigie",
                          "extensions=201, 202", "queues=astreinte", NULL), ==, 0);
  if (TELEPHONY (&run, "s3cret-ami\n", "secret", "pbx", NULL) != 0)
    g_error ("secret: %s", run.err);

  /* Refusals leave the file as it was. */
  before = read_config ();
  g_assert_cmpint (TELEPHONY (&run, NULL, "set", "pbx", "port=70000", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "70000"));
  g_assert_cmpint (TELEPHONY (&run, NULL, "add", "other", "sip", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "baresip, ami or wazo"));
  g_assert_cmpint (TELEPHONY (&run, NULL, "add", "bad id", "wazo", NULL), ==, 1);
  g_assert_cmpint (TELEPHONY (&run, NULL, "set", "pbx", "username=", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "username"));
  g_assert_cmpint (TELEPHONY (&run, NULL, "set", "pbx", "colour=blue", NULL), ==, 1);
  g_assert_cmpint (TELEPHONY (&run, NULL, "frobnicate", "pbx", NULL), ==, 2);
  after = read_config ();
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (TELEPHONY (&run, NULL, "disable", "softphone", NULL), ==, 0);
  g_assert_cmpint (TELEPHONY (&run, NULL, "add", "wazo", "wazo", "line=0800 300 400", NULL), ==, 0);
  g_assert_cmpint (TELEPHONY (&run, NULL, "remove", "wazo", NULL), ==, 0);

  /* The file: settings, no password. */
  after = (g_free (after), read_config ());
  g_assert_null (strstr (after, "s3cret"));
  config = vigie_telephony_config_load (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (vigie_telephony_config_connectors (config)), ==, 2);
  pbx = vigie_telephony_config_find (config, "pbx");
  g_assert_cmpint (json_object_get_int_member (pbx, "port"), ==, 5038);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (pbx, "extensions"), 1), ==, "202");
  g_assert_false (json_object_get_boolean_member (vigie_telephony_config_find (config, "softphone"), "enabled"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     vigie_telephony_config_find (config, "softphone"), "accounts"), "sip:dupont@pbx.example"),
                   ==, "0800 100 200");

  /* The password is in VigieSecrets. */
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);
  secret = vigie_secrets_lookup (secrets, "telephony", "pbx", "secret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "s3cret-ami");

  /* The desk runs what the script set up: the AMI connector only. */
  context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  telephony = vigie_telephony_new (context);
  g_assert_true (vigie_telephony_reload (telephony, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_telephony_get_connectors (telephony)->len, ==, 1);
  g_assert_nonnull (vigie_telephony_find_connector (telephony, "pbx"));
  vigie_telephony_stop (telephony);
}

/* The supervisor's figures, from the journal the connectors wrote. */
static void
test_cli_stats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = NULL;
  g_auto(VigieTestRun) run = { 0 };
  static const char * const rows[][2] = {
    { "c1", "telephony-ring" }, { "c1", "telephony-answered" }, { "c1", "telephony-hangup" },
    { "c2", "telephony-ring" }, { "c2", "call-unanswered" }, { "c2", "telephony-hangup" },
    { "c3", "telephony-ring" }, { "c3", "telephony-answered" },
    { "c4", "telephony-ring" },
  };

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_free (data_dir);
  data_dir = vigie_test_make_data_dir (NULL);
  context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(JsonNode) data = json_from_string (g_str_equal (rows[i][1], "call-unanswered")
                                                   ? "{\"connector\": \"pbx\", \"alert\": true}"
                                                   : "{\"connector\": \"pbx\"}", NULL);

      g_assert_true (vigie_journal_append (vigie_context_get_journal (context), rows[i][0], rows[i][1], data, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&context);

  g_assert_cmpint (vigie_test_run_vigie (&run, data_dir, NULL, VIGIE_TEST_RUN_C_LOCALE, "telephony", "stats", NULL), ==, 0);
  g_assert_cmpstr (run.out, ==, "Rings: 4\nAnswered: 2\nUnanswered: 1 (on-call person alerted: 1)\nAnswer rate: 50 %\n");
  g_assert_cmpint (vigie_test_run_vigie (&run, data_dir, NULL, VIGIE_TEST_RUN_C_LOCALE, "telephony", "stats", "7", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "Rings: 4\n"));
  g_assert_cmpint (vigie_test_run_vigie (&run, data_dir, NULL, VIGIE_TEST_RUN_C_LOCALE, "telephony", "stats", "zero", NULL), ==, 2);

  /* The supervisor's indicators (`vigie journal stats`) count it too. */
  g_assert_cmpint (vigie_test_run_vigie (&run, data_dir, NULL, VIGIE_TEST_RUN_DEFAULT, "journal", "stats", "--format", "json", NULL), ==, 0);
  {
    g_autoptr(JsonNode) stats = json_from_string (run.out, &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "unanswered_rings"), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/telephony/cli/setup", test_cli_setup);
  g_test_add_func ("/telephony/cli/stats", test_cli_stats);
  return g_test_run ();
}
