/* vigie-phone.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-phone"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-phone.h"

G_DEFINE_QUARK (vigie-phone-error-quark, vigie_phone_error)

/**
 * vigie_phone_is_anonymous:
 * @number: (nullable): a number as the PBX gave it
 *
 * Returns: %TRUE when the caller withheld the number.
 */
gboolean
vigie_phone_is_anonymous (const char *number)
{
  static const char * const hidden[] = {
    "anonymous", "anonyme", "unknown", "private", "restricted", "masqué", "masque", NULL
  };

  if (number == NULL || *number == '\0')
    return TRUE;

  for (guint i = 0; hidden[i]; i++)
    if (g_ascii_strcasecmp (number, hidden[i]) == 0)
      return TRUE;

  return FALSE;
}

/**
 * vigie_phone_normalize:
 * @number: a phone number in E.164 or a French national form
 * @error: return location for a #GError
 *
 * Brings "06 12 34 56 78", "+33 6 12…", "0033 6…" and "0800100200" to one
 * E.164 form so that a lookup does not depend on how the PBX wrote it.
 * Short numbers (4 to 6 digits not starting with 0, e.g. internal
 * extensions or 3949-style service numbers) are kept as is.
 *
 * Returns: (transfer full): the E.164 number, or %NULL with @error set.
 */
char *
vigie_phone_normalize (const char  *number,
                       GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean plus = FALSE;

  g_return_val_if_fail (number != NULL, NULL);

  for (const char *p = number; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      else if (*p == ' ' || *p == '.' || *p == '-' || *p == '(' || *p == ')' || *p == '/')
        continue;
      else
        {
          g_set_error (error, VIGIE_PHONE_ERROR, VIGIE_PHONE_ERROR_INVALID,
                       _("“%s” is not a phone number"), number);
          return NULL;
        }
    }

  if (!plus && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      plus = TRUE;
    }

  if (plus)
    {
      if (digits->len < 8 || digits->len > 15)
        goto invalid;
      /* +33 0 6…: some PBXs keep the trunk zero. */
      if (g_str_has_prefix (digits->str, "330"))
        g_string_erase (digits, 2, 1);
      return g_strconcat ("+", digits->str, NULL);
    }

  if (digits->len == 10 && digits->str[0] == '0')
    return g_strconcat ("+33", digits->str + 1, NULL);

  /* A leading 0 means a national number cut short, not an extension. */
  if (digits->len >= 4 && digits->len <= 6 && digits->str[0] != '0')
    return g_string_free (g_steal_pointer (&digits), FALSE);

invalid:
  g_set_error (error, VIGIE_PHONE_ERROR, VIGIE_PHONE_ERROR_INVALID,
               _("“%s” is not a phone number"), number);
  return NULL;
}
