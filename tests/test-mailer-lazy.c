/* test-mailer-lazy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libcurl is opened on the first mail, not linked (issue 16, cold start):
 * the `vigie` binary does not load it at start, a process has it mapped
 * only once a mail was tried, and a libcurl that cannot be loaded gives a
 * clear error that the dispatcher does not retry. The mail itself, through
 * a real SMTP server, is test-dispatch-mail and test-summary, which now go
 * through the same lazily opened library.
 */
#include "config.h"

#include "vigie-mailer.h"
#include "vigie-test-util.h"

/* Whether a libcurl is mapped in this process. */
static gboolean
curl_mapped (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, "/libcurl") != NULL;
}

static VigieMail *
mail_to_nowhere (void)
{
  VigieMail *mail = g_new0 (VigieMail, 1);
  const char *to[] = { "exploitation@hebergix.example", NULL };

  /* Port 1 on loopback: nothing listens, the connection is refused. */
  mail->url = g_strdup ("smtp://127.0.0.1:1");
  mail->from = g_strdup ("astreinte@vigie.example");
  mail->to = g_strdupv ((char **) to);
  mail->message = g_strdup ("Subject: test\r\n\r\nbody\r\n");
  mail->timeout_s = 5;
  return mail;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (vigie_mailer_send_finish (VIGIE_MAILER (object), result, NULL, error));
  g_assert_nonnull (*error);
}

static GError *
send_and_wait (VigieMailer *mailer)
{
  GError *error = NULL;

  vigie_mailer_send_async (mailer, mail_to_nowhere (), NULL, sent_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  return error;
}

/* The desk's binary does not need libcurl to start, nor libsecret (opened
 * by the secret store on the keyring's first use, test-secrets-lazy): the
 * dynamic loader's own list (what ldd prints) names neither. */
static void
test_not_linked (void)
{
  g_autofree char *vigie = g_build_filename (g_getenv ("VIGIE_BUILD_DIR"), "src", "gui", "vigie", NULL);
  const char *argv[] = { vigie, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "LD_TRACE_LOADED_OBJECTS", "1", TRUE);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* The list is real: it names GTK. */
  g_assert_nonnull (strstr (out, "libgtk-4.so"));
  g_assert_null (strstr (out, "libcurl"));
  g_assert_null (strstr (out, "libsecret"));
}

/* Mapped only once a mail is tried; a refused connection is a
 * temporary error, as before. */
static void
test_loaded_on_first_mail (void)
{
  g_autoptr(VigieMailer) mailer = vigie_mailer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (curl_mapped ());
  error = send_and_wait (mailer);
  g_assert_error (error, VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_TEMPORARY);
  g_assert_true (curl_mapped ());
}

/* A libcurl that is not there: a clear error naming it, not retried. */
static void
test_unavailable (void)
{
  g_autoptr(VigieMailer) mailer = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("VIGIE_LIBCURL", "/nonexistent/libcurl.so.4", TRUE);
  mailer = vigie_mailer_new ();
  g_unsetenv ("VIGIE_LIBCURL");
  error = send_and_wait (mailer);
  g_assert_error (error, VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "libcurl"));
  g_assert_nonnull (strstr (error->message, "/nonexistent/libcurl.so.4"));
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/mailer/lazy/not-linked", test_not_linked);
  /* Before any other test of this process opens it. */
  g_test_add_func ("/mailer/lazy/loaded-on-first-mail", test_loaded_on_first_mail);
  g_test_add_func ("/mailer/lazy/unavailable", test_unavailable);

  return g_test_run ();
}
