/* test-dispatch-mail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client's summary mail through a real SMTP server (Debian's
 * python3-aiosmtpd, tests/peers/smtp-peer.py) that requires STARTTLS:
 * sent with libcurl, certificate verified against the test CA; refused
 * (configuration error) when the certificate cannot be verified or the
 * server offers no STARTTLS.
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <signal.h>
#include <sys/wait.h>

#include "vigie-dispatch-fixture.h"

typedef struct {
  GPid              pid;
  guint             port;
  char             *outdir;
  GDataInputStream *out;   /* kept open: the server's stdout */
} Smtp;

static void
smtp_start (Smtp     *smtp,
            gboolean  tls)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = vigie_test_source_path ("tests", "peers", "smtp-peer.py", NULL);
  g_autofree char *cert = vigie_test_source_path ("tests", "peers", "server.pem", NULL);
  g_autofree char *key = vigie_test_source_path ("tests", "peers", "server-key.pem", NULL);
  const char *argv[] = { "/usr/bin/python3", script, NULL, cert, key, tls ? NULL : "--no-tls", NULL };
  int out = -1;

  if (!g_file_test ("/usr/lib/python3/dist-packages/aiosmtpd", G_FILE_TEST_IS_DIR))
    g_error ("python3-aiosmtpd is not installed (Debian package python3-aiosmtpd)");

  smtp->outdir = g_dir_make_tmp ("vigie-smtp-XXXXXX", &error);
  g_assert_no_error (error);
  argv[2] = smtp->outdir;
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &smtp->pid, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  smtp->out = g_data_input_stream_new (g_unix_input_stream_new (out, TRUE));
  g_object_unref (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (smtp->out)));
  /* The port is the first line that is a number. */
  while (smtp->port == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (smtp->out, NULL, NULL, &error);
      guint64 port = 0;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL))
        smtp->port = (guint) port;
    }
}

static void
smtp_stop (Smtp *smtp)
{
  int status;

  kill (smtp->pid, SIGTERM);
  waitpid (smtp->pid, &status, 0);
  g_spawn_close_pid (smtp->pid);
  g_clear_object (&smtp->out);
  g_free (smtp->outdir);
}

static JsonObject *
smtp_mail (Smtp  *smtp,
           guint  n)
{
  g_autofree char *name = g_strdup_printf ("%u.json", n);
  g_autofree char *path = g_build_filename (smtp->outdir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
mail_targets (Smtp     *smtp,
              gboolean  with_ca)
{
  g_autofree char *ca = vigie_test_source_path ("tests", "peers", "ca.pem", NULL);
  g_autofree char *ca_member = with_ca ? g_strdup_printf (", \"ca_file\": \"%s\"", ca) : g_strdup ("");

  return g_strdup_printf ("[{\"id\": \"mail\", \"type\": \"mail\", \"url\": \"smtp://127.0.0.1:%u\","
                          "  \"from\": \"astreinte@vigie.example\", \"to\": [\"exploitation@hebergix.example\","
                          "  \"direction@hebergix.example\"]%s}]", smtp->port, ca_member);
}

static void
test_mail (void)
{
  Smtp smtp = { 0 };
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autofree char *targets = NULL;
  g_autofree char *key = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *subject = NULL;
  g_auto(GStrv) lines = NULL;
  const char *content;
  JsonArray *rcpt;

  smtp_start (&smtp, TRUE);
  targets = mail_targets (&smtp, TRUE);
  vigie_dispatch_fixture_setup (&fixture, targets);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) != VIGIE_ALERT_SENDING);
  g_assert_cmpstr (vigie_call_get_alert_message (call), ==, "Delivered to Summary mail (250)");

  mail = smtp_mail (&smtp, 1);
  g_assert_nonnull (mail);
  g_assert_true (json_object_get_boolean_member (mail, "tls"));
  g_assert_cmpstr (json_object_get_string_member (mail, "mail_from"), ==, "astreinte@vigie.example");
  rcpt = json_object_get_array_member (mail, "rcpt_tos");
  g_assert_cmpuint (json_array_get_length (rcpt), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (rcpt, 1), ==, "direction@hebergix.example");

  content = json_object_get_string_member (mail, "content");
  message_id = g_strdup_printf ("Message-ID: <%s@vigie.invalid>\r\n", key);
  g_assert_nonnull (strstr (content, message_id));
  g_assert_nonnull (strstr (content, "Content-Type: text/plain; charset=UTF-8\r\n"));
  g_assert_nonnull (strstr (content, "X-Priority: 1 (Highest)\r\n"));
  /* The subject is RFC 2047 encoded UTF-8; decoded, the accents are there. */
  lines = g_strsplit (content, "\r\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "Subject: =?UTF-8?B?"))
      {
        g_autofree char *b64 = g_strndup (lines[i] + strlen ("Subject: =?UTF-8?B?"),
                                          strlen (lines[i]) - strlen ("Subject: =?UTF-8?B?") - 2);
        gsize len;
        g_autofree guchar *decoded = g_base64_decode (b64, &len);

        subject = g_strndup ((char *) decoded, len);
      }
  g_assert_nonnull (subject);
  /* Hébergix reads French (clients.json "language", French by default),
   * whatever the desk's own locale (C here). */
  g_assert_true (g_str_has_prefix (subject, "[Astreinte] [Hébergix] Panne majeure d'hébergement"));
  g_assert_nonnull (strstr (content, "Plusieurs services ou clients hors ligne"));
  g_assert_nonnull (strstr (content, "Rappeler au : +33698765432"));
  g_assert_null (strstr (content, "Call back:"));

  vigie_dispatch_fixture_teardown (&fixture, NULL);
  smtp_stop (&smtp);
}

static void
test_mail_unverified_certificate (void)
{
  Smtp smtp = { 0 };
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *targets = NULL;

  smtp_start (&smtp, TRUE);
  /* No ca_file: the test CA is unknown to the system, so TLS must fail. */
  targets = mail_targets (&smtp, FALSE);
  vigie_dispatch_fixture_setup (&fixture, targets);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Configuration error: The mail server's TLS failed"));
  g_assert_null (smtp_mail (&smtp, 1));

  vigie_dispatch_fixture_teardown (&fixture, NULL);
  smtp_stop (&smtp);
}

static void
test_mail_no_starttls (void)
{
  Smtp smtp = { 0 };
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *targets = NULL;

  /* A server without STARTTLS: Vigie will not send the mail in clear. */
  smtp_start (&smtp, FALSE);
  targets = mail_targets (&smtp, TRUE);
  vigie_dispatch_fixture_setup (&fixture, targets);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), "Configuration error: The mail server's TLS failed"));
  g_assert_null (smtp_mail (&smtp, 1));

  vigie_dispatch_fixture_teardown (&fixture, NULL);
  smtp_stop (&smtp);
}

/* A mailbox the server refuses (550): a permanent refusal, shown as a
 * configuration error at once, not retried. */
static void
test_mail_refused (void)
{
  Smtp smtp = { 0 };
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *ca = vigie_test_source_path ("tests", "peers", "ca.pem", NULL);
  g_autofree char *targets = NULL;

  smtp_start (&smtp, TRUE);
  targets = g_strdup_printf ("[{\"id\": \"mail\", \"type\": \"mail\", \"url\": \"smtp://127.0.0.1:%u\","
                             "  \"from\": \"astreinte@vigie.example\", \"to\": [\"refused@hebergix.example\"],"
                             "  \"ca_file\": \"%s\"}]", smtp.port, ca);
  vigie_dispatch_fixture_setup (&fixture, targets);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_FAILED);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call),
                                   "Configuration error: The mail server refused the mail (550)"));
  g_assert_null (smtp_mail (&smtp, 1));

  vigie_dispatch_fixture_teardown (&fixture, NULL);
  smtp_stop (&smtp);
}

int
main (int    argc,
      char **argv)
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/dispatch/mail", test_mail);
  g_test_add_func ("/dispatch/mail/unverified-certificate", test_mail_unverified_certificate);
  g_test_add_func ("/dispatch/mail/no-starttls", test_mail_no_starttls);
  g_test_add_func ("/dispatch/mail/refused", test_mail_refused);

  return g_test_run ();
}
