/* vigie-phone.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIE_PHONE_ERROR (vigie_phone_error_quark ())

typedef enum {
  VIGIE_PHONE_ERROR_INVALID,
} VigiePhoneError;

GQuark    vigie_phone_error_quark  (void);
char     *vigie_phone_normalize    (const char  *number,
                                    GError     **error);
gboolean  vigie_phone_is_anonymous (const char  *number);
gboolean  vigie_phone_is_dialable  (const char  *e164);
char     *vigie_phone_format       (const char  *e164);

G_END_DECLS
