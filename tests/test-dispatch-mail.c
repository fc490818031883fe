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

#include <string.h>

#include "vigie-dispatch-fixture.h"
#include "vigie-test-smtp.h"

#define TO_HEBERGIX "\"exploitation@hebergix.example\", \"direction@hebergix.example\""

/* The mail target for @smtp's port, to the addresses @to (a JSON list's
 * members), with the test CA if @with_ca. */
static char *
mail_targets (VigieTestSmtp *smtp,
              gboolean       with_ca,
              const char    *to)
{
  g_autofree char *ca = vigie_test_source_path ("tests", "peers", "ca.pem", NULL);
  g_autofree char *ca_member = with_ca ? g_strdup_printf (", \"ca_file\": \"%s\"", ca) : g_strdup ("");

  return g_strdup_printf ("[{\"id\": \"mail\", \"type\": \"mail\", \"url\": \"smtp://127.0.0.1:%u\","
                          "  \"from\": \"astreinte@vigie.example\", \"to\": [%s]%s}]", smtp->port, to, ca_member);
}

/* The alert to a server that starts TLS if @tls, the target trusting the
 * test CA if @with_ca, addressed @to: it fails at once with @message, a
 * configuration error, and the server keeps no mail. */
static void
assert_mail_not_sent (gboolean    tls,
                      gboolean    with_ca,
                      const char *to,
                      const char *message)
{
  VigieTestSmtp smtp = { 0 };
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *targets = NULL;

  vigie_test_smtp_start (&smtp, tls);
  targets = mail_targets (&smtp, with_ca, to);
  vigie_dispatch_fixture_setup (&fixture, targets);

  call = trigger_until (&fixture, VIGIE_ALERT_FAILED);
  g_assert_true (g_str_has_prefix (vigie_call_get_alert_message (call), message));
  g_assert_null (vigie_test_smtp_mail (&smtp, 1));

  vigie_dispatch_fixture_teardown (&fixture, NULL);
  vigie_test_smtp_stop (&smtp);
}

static void
test_mail (void)
{
  VigieTestSmtp smtp = { 0 };
  Fixture fixture = { 0 };
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autofree char *targets = NULL;
  g_autofree char *key = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *subject = NULL;
  const char *content;
  JsonArray *rcpt;

  vigie_test_smtp_start (&smtp, TRUE);
  targets = mail_targets (&smtp, TRUE, TO_HEBERGIX);
  vigie_dispatch_fixture_setup (&fixture, targets);

  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) != VIGIE_ALERT_SENDING);
  g_assert_cmpstr (vigie_call_get_alert_message (call), ==, "Delivered to Summary mail (250)");

  mail = vigie_test_smtp_mail (&smtp, 1);
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
  subject = vigie_test_smtp_subject (content);
  g_assert_nonnull (subject);
  /* Hébergix reads French (clients.json "language", French by default),
   * whatever the desk's own locale (C here). */
  g_assert_true (g_str_has_prefix (subject, "[Astreinte] [Hébergix] Panne majeure d'hébergement"));
  g_assert_nonnull (strstr (content, "Plusieurs services ou clients hors ligne"));
  g_assert_nonnull (strstr (content, "Rappeler au : +33698765432"));
  g_assert_null (strstr (content, "Call back:"));

  vigie_dispatch_fixture_teardown (&fixture, NULL);
  vigie_test_smtp_stop (&smtp);
}

static void
test_mail_unverified_certificate (void)
{
  /* No ca_file: the test CA is unknown to the system, so TLS must fail. */
  assert_mail_not_sent (TRUE, FALSE, TO_HEBERGIX, "Configuration error: The mail server's TLS failed");
}

static void
test_mail_no_starttls (void)
{
  /* A server without STARTTLS: Vigie will not send the mail in clear. */
  assert_mail_not_sent (FALSE, TRUE, TO_HEBERGIX, "Configuration error: The mail server's TLS failed");
}

/* A mailbox the server refuses (550): a permanent refusal, shown as a
 * configuration error at once, not retried. */
static void
test_mail_refused (void)
{
  assert_mail_not_sent (TRUE, TRUE, "\"refused@hebergix.example\"",
                        "Configuration error: The mail server refused the mail (550)");
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
