/* vigie-test-smtp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "vigie-test-smtp.h"
#include "vigie-test-util.h"

/* A failed assertion aborts the test: its server goes with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * vigie_test_smtp_start:
 * @smtp: the server; its @port and @outdir, when set, are kept (a server
 *   started again after a stop takes the same port and folder)
 * @tls: whether it offers STARTTLS
 *
 * Starts the server and waits until it listens.
 */
void
vigie_test_smtp_start (VigieTestSmtp *smtp,
                       gboolean       tls)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = vigie_test_source_path ("tests", "peers", "smtp-peer.py", NULL);
  g_autofree char *cert = vigie_test_source_path ("tests", "peers", "server.pem", NULL);
  g_autofree char *key = vigie_test_source_path ("tests", "peers", "server-key.pem", NULL);
  g_autofree char *port_arg = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int out = -1;

  if (!g_file_test ("/usr/lib/python3/dist-packages/aiosmtpd", G_FILE_TEST_IS_DIR))
    g_error ("python3-aiosmtpd is not installed (Debian package python3-aiosmtpd)");

  if (smtp->outdir == NULL)
    {
      smtp->outdir = g_dir_make_tmp ("vigie-smtp-XXXXXX", &error);
      g_assert_no_error (error);
    }
  g_ptr_array_add (argv, (gpointer) "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, smtp->outdir);
  g_ptr_array_add (argv, cert);
  g_ptr_array_add (argv, key);
  if (smtp->port != 0)
    g_ptr_array_add (argv, port_arg = g_strdup_printf ("--port=%u", smtp->port));
  if (!tls)
    g_ptr_array_add (argv, (gpointer) "--no-tls");
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           die_with_parent, NULL, &smtp->pid, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  smtp->out = g_data_input_stream_new (g_unix_input_stream_new (out, TRUE));
  g_object_unref (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (smtp->out)));
  /* The port is the first line that is a number. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (smtp->out, NULL, NULL, &error);
      guint64 port = 0;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL))
        {
          if (smtp->port != 0)
            g_assert_cmpuint (port, ==, smtp->port);
          smtp->port = (guint) port;
          break;
        }
    }
}

/* Stops the server and forgets its folder (the mails stay on disk). */
void
vigie_test_smtp_stop (VigieTestSmtp *smtp)
{
  int status;

  kill (smtp->pid, SIGTERM);
  waitpid (smtp->pid, &status, 0);
  g_spawn_close_pid (smtp->pid);
  g_clear_object (&smtp->out);
  g_clear_pointer (&smtp->outdir, g_free);
}

static char *
mail_path (VigieTestSmtp *smtp,
           guint          n)
{
  g_autofree char *name = g_strdup_printf ("%u.json", n);

  return g_build_filename (smtp->outdir, name, NULL);
}

/* How many mails the server took. */
guint
vigie_test_smtp_count (VigieTestSmtp *smtp)
{
  guint n = 0;

  for (;; n++)
    {
      g_autofree char *path = mail_path (smtp, n + 1);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return n;
    }
}

/**
 * vigie_test_smtp_mail:
 * @smtp: the server
 * @n: which mail, from 1
 *
 * Returns: (transfer full) (nullable): the @n-th mail taken (mail_from,
 *   rcpt_tos, content, tls), or %NULL if there is none
 */
JsonObject *
vigie_test_smtp_mail (VigieTestSmtp *smtp,
                      guint          n)
{
  g_autofree char *path = mail_path (smtp, n);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The mail's Subject, RFC 2047 (UTF-8, base64) decoded, or NULL. */
char *
vigie_test_smtp_subject (const char *content)
{
  g_auto(GStrv) lines = g_strsplit (content, "\r\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "Subject: =?UTF-8?B?"))
      {
        g_autofree char *b64 = g_strndup (lines[i] + strlen ("Subject: =?UTF-8?B?"),
                                          strlen (lines[i]) - strlen ("Subject: =?UTF-8?B?") - 2);
        gsize len;
        g_autofree guchar *decoded = g_base64_decode (b64, &len);

        return g_strndup ((char *) decoded, len);
      }
  return NULL;
}
