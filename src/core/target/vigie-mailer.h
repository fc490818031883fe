/* vigie-mailer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_MAILER_ERROR (vigie_mailer_error_quark ())

/**
 * VigieMailerError:
 * @VIGIE_MAILER_ERROR_TEMPORARY: try again later (network, SMTP 4xx)
 * @VIGIE_MAILER_ERROR_PERMANENT: the server refused the mail (SMTP 5xx)
 * @VIGIE_MAILER_ERROR_TLS: STARTTLS unavailable or the certificate did
 *   not verify: a configuration error
 * @VIGIE_MAILER_ERROR_UNAVAILABLE: libcurl, opened on the first mail, could
 *   not be loaded: an installation error
 */
typedef enum {
  VIGIE_MAILER_ERROR_TEMPORARY,
  VIGIE_MAILER_ERROR_PERMANENT,
  VIGIE_MAILER_ERROR_TLS,
  VIGIE_MAILER_ERROR_UNAVAILABLE,
} VigieMailerError;

/**
 * VigieMail:
 *
 * One message and where it goes.
 */
typedef struct {
  char  *url;       /* smtp://host:port (STARTTLS required) or smtps:// */
  char  *from;
  char **to;
  char  *username;  /* nullable */
  char  *password;  /* nullable */
  char  *ca_file;   /* nullable: a private CA, still verified */
  char  *message;   /* RFC 5322, CRLF */
  guint  timeout_s;
} VigieMail;

#define VIGIE_TYPE_MAILER (vigie_mailer_get_type ())

G_DECLARE_FINAL_TYPE (VigieMailer, vigie_mailer, VIGIE, MAILER, GObject)

GQuark       vigie_mailer_error_quark (void);
void         vigie_mail_free          (VigieMail            *mail);
VigieMailer *vigie_mailer_new         (void);
void         vigie_mailer_send_async  (VigieMailer          *self,
                                       VigieMail            *mail,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean     vigie_mailer_send_finish (VigieMailer          *self,
                                       GAsyncResult         *result,
                                       guint                *smtp_status,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieMail, vigie_mail_free)

G_END_DECLS
