/* vigie-phone.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PBXs and softphones write the same number in many ways: "0612345678",
 * "+33 6 12 34 56 78", "0033612345678", "33612345678", "+33 (0)6…",
 * "sip:0612345678@pbx.local", "tel:+33-6-12-34-56-78". Every lookup goes
 * through one E.164 form so that none depends on the PBX's habits.
 */
#define G_LOG_DOMAIN "vigie-phone"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-phone.h"

G_DEFINE_QUARK (vigie-phone-error-quark, vigie_phone_error)

/* French overseas departments are dialled with a national 0 from mainland
 * France but have their own country codes (ARCEP numbering plan). */
static const struct {
  const char *national;
  const char *country;
} overseas[] = {
  { "0262", "262" }, { "0263", "262" }, { "0269", "262" }, { "0639", "262" },
  { "0692", "262" }, { "0693", "262" },
  { "0590", "590" }, { "0690", "590" }, { "0691", "590" },
  { "0594", "594" }, { "0694", "594" },
  { "0596", "596" }, { "0696", "596" }, { "0697", "596" },
};

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
    "anonymous", "anonyme", "unknown", "private", "restricted", "masqué", "masque",
    "withheld", "unavailable", "inconnu", "privé", "prive", "numéro masqué", NULL
  };
  g_autofree char *stripped = NULL;

  if (number == NULL)
    return TRUE;

  stripped = g_strstrip (g_strdup (number));
  /* sip:anonymous@anonymous.invalid (RFC 3323) */
  if (g_ascii_strncasecmp (stripped, "sip:", 4) == 0 && strchr (stripped, '@') != NULL)
    {
      char *user = stripped + 4;
      *strchr (user, '@') = '\0';
      memmove (stripped, user, strlen (user) + 1);
    }

  if (*stripped == '\0')
    return TRUE;

  for (guint i = 0; hidden[i]; i++)
    {
      g_autofree char *a = g_utf8_casefold (stripped, -1);
      g_autofree char *b = g_utf8_casefold (hidden[i], -1);

      if (g_str_equal (a, b))
        return TRUE;
    }

  return FALSE;
}

/* Drops a URI scheme, the host part and any ;parameters. */
static const char *
strip_uri (const char *number,
           char      **owned)
{
  const char *p = number;
  char *copy;

  while (g_ascii_isspace (*p))
    p++;

  if (g_ascii_strncasecmp (p, "tel:", 4) == 0)
    p += 4;
  else if (g_ascii_strncasecmp (p, "sips:", 5) == 0)
    p += 5;
  else if (g_ascii_strncasecmp (p, "sip:", 4) == 0)
    p += 4;
  else
    return p;

  copy = g_strdup (p);
  copy[strcspn (copy, "@;")] = '\0';
  *owned = copy;
  return copy;
}

/* Keeps the digits and a leading "+"; separators are skipped, anything
 * else makes the text no number. */
static gboolean
collect_digits (const char *text,
                GString    *digits,
                gboolean   *plus)
{
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0 && !*plus)
        *plus = TRUE;
      else if (strchr (" .-()/\t", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* "+…", "00…", and 33612345678: the international form with the "+"
 * lost on the way. Drops the "00". */
static gboolean
is_international (GString  *digits,
                  gboolean  plus)
{
  if (plus)
    return TRUE;
  if (g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      return TRUE;
    }
  return digits->len == 11 && g_str_has_prefix (digits->str, "33") && digits->str[2] != '0';
}

static char *
international_to_e164 (GString *digits)
{
  /* +33 (0)6…: some PBXs keep the trunk zero. */
  if (g_str_has_prefix (digits->str, "330"))
    g_string_erase (digits, 2, 1);
  if (g_str_has_prefix (digits->str, "33") && digits->len != 11)
    return NULL;
  /* Country codes never start with 0. */
  if (digits->len < 8 || digits->len > 15 || digits->str[0] == '0')
    return NULL;
  return g_strconcat ("+", digits->str, NULL);
}

static char *
national_to_e164 (GString *digits)
{
  if (digits->len == 10 && digits->str[0] == '0' && digits->str[1] != '0')
    {
      for (guint i = 0; i < G_N_ELEMENTS (overseas); i++)
        if (g_str_has_prefix (digits->str, overseas[i].national))
          return g_strconcat ("+", overseas[i].country, digits->str + 1, NULL);
      return g_strconcat ("+33", digits->str + 1, NULL);
    }

  /* A leading 0 means a national number cut short, not an extension. */
  if (digits->len >= 4 && digits->len <= 6 && digits->str[0] != '0')
    return g_strdup (digits->str);
  return NULL;
}

/**
 * vigie_phone_normalize:
 * @number: a phone number in E.164 or a French national form, or a
 *   tel:/sip: URI holding one
 * @error: return location for a #GError
 *
 * Brings "06 12 34 56 78", "+33 6 12…", "0033 6…", "33612345678",
 * "+33 (0)6…" and "0800100200" to one E.164 form. French overseas numbers
 * ("0590 …", "0692 …") get their own country code. Short numbers (4 to 6
 * digits, e.g. internal extensions) are kept as is.
 *
 * Returns: (transfer full): the E.164 number, or %NULL with @error set.
 */
char *
vigie_phone_normalize (const char  *number,
                       GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *owned = NULL;
  char *e164 = NULL;
  gboolean plus = FALSE;

  g_return_val_if_fail (number != NULL, NULL);

  if (collect_digits (strip_uri (number, &owned), digits, &plus))
    e164 = is_international (digits, plus) ? international_to_e164 (digits) : national_to_e164 (digits);

  if (e164 == NULL)
    g_set_error (error, VIGIE_PHONE_ERROR, VIGIE_PHONE_ERROR_INVALID,
                 _("“%s” is not a phone number"), number);
  return e164;
}

/**
 * vigie_phone_is_dialable:
 * @e164: a number as returned by vigie_phone_normalize()
 *
 * Returns: %TRUE for a full E.164 number an operator can call back,
 *   %FALSE for an internal extension
 */
gboolean
vigie_phone_is_dialable (const char *e164)
{
  return e164 != NULL && e164[0] == '+';
}

/**
 * vigie_phone_format:
 * @e164: a number as returned by vigie_phone_normalize()
 *
 * Operators read numbers aloud the French way: "06 12 34 56 78". Other
 * countries keep their E.164 form.
 *
 * Returns: (transfer full): the number for display
 */
char *
vigie_phone_format (const char *e164)
{
  GString *text;
  const char *national;

  g_return_val_if_fail (e164 != NULL, NULL);

  if (!g_str_has_prefix (e164, "+33") || strlen (e164) != 12)
    return g_strdup (e164);

  national = e164 + 3;
  text = g_string_new ("0");
  g_string_append_c (text, national[0]);
  for (guint i = 1; i < 9; i += 2)
    g_string_append_printf (text, " %c%c", national[i], national[i + 1]);

  return g_string_free (text, FALSE);
}
