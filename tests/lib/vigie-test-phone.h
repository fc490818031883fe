/* vigie-test-phone.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tables of numbers as people type them, checked against
 * vigie_phone_normalize().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *in;    /* as typed or presented */
  const char *out;   /* E.164, or the extension as is */
} VigieTestPhoneCase;

void vigie_test_assert_phones         (const VigieTestPhoneCase *cases,
                                       gsize                     n_cases);
void vigie_test_assert_phones_invalid (const char * const       *bad,
                                       gsize                     n_bad);

G_END_DECLS
