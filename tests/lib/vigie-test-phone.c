/* vigie-test-phone.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigie-phone.h"
#include "vigie-test-phone.h"

/* Each number of @cases normalizes to its @out, without error. */
void
vigie_test_assert_phones (const VigieTestPhoneCase *cases,
                          gsize                     n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = vigie_phone_normalize (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Each of @bad is refused as invalid, the message quoting what was typed
 * so the operator sees the typo. */
void
vigie_test_assert_phones_invalid (const char * const *bad,
                                  gsize               n_bad)
{
  for (gsize i = 0; i < n_bad; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = vigie_phone_normalize (bad[i], &error);

      g_assert_null (out);
      g_assert_error (error, VIGIE_PHONE_ERROR, VIGIE_PHONE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}
