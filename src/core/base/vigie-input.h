/* vigie-input.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIE_INPUT_ERROR (vigie_input_error_quark ())

typedef enum {
  VIGIE_INPUT_ERROR_INVALID,
} VigieInputError;

/* The longest caller number or line the desk takes: a SIP URI with its
 * parameters fits, a screenful of digits does not. */
#define VIGIE_INPUT_MAX_NUMBER 64
/* Asterisk's uniqueid, a Wazo UUID or a 3CX id are far shorter. */
#define VIGIE_INPUT_MAX_CALL_ID 128

GQuark   vigie_input_error_quark   (void);
gboolean vigie_input_check_text    (const char  *what,
                                    const char  *value,
                                    gssize       length,
                                    gsize        max_chars,
                                    GError     **error);
gboolean vigie_input_check_number  (const char  *what,
                                    const char  *value,
                                    GError     **error);
gboolean vigie_input_check_call_id (const char  *value,
                                    GError     **error);

G_END_DECLS
