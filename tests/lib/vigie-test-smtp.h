/* vigie-test-smtp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real SMTP server for the mail tests: Debian's python3-aiosmtpd
 * (tests/peers/smtp-peer.py), STARTTLS with the test CA's certificate,
 * each mail it takes written as N.json in a folder of the test's own.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  GPid              pid;
  guint             port;    /* 0 before start: the server picks one */
  char             *outdir;  /* NULL before start: a new folder */
  GDataInputStream *out;     /* kept open: the server's stdout */
} VigieTestSmtp;

void        vigie_test_smtp_start   (VigieTestSmtp *smtp,
                                     gboolean       tls);
void        vigie_test_smtp_stop    (VigieTestSmtp *smtp);
guint       vigie_test_smtp_count   (VigieTestSmtp *smtp);
JsonObject *vigie_test_smtp_mail    (VigieTestSmtp *smtp,
                                     guint          n);
char       *vigie_test_smtp_subject (const char    *content);

G_END_DECLS
