/* vigie-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What comes from outside the desk (the switchboard, the command line, a
 * tel: link) is checked once, at the edge, before it is journaled or
 * shown: a caller number with a newline could paint a fake "VIP" line in
 * the call list, U+202E could reverse it, invalid UTF-8 would reach the
 * journal.
 */
#define G_LOG_DOMAIN "vigie-input"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-input.h"

G_DEFINE_QUARK (vigie-input-error-quark, vigie_input_error)

/* Characters that change how the text around them is shown. */
static const struct {
  gunichar first;
  gunichar last;
} format_controls[] = {
  { 0x0000, 0x001F }, { 0x007F, 0x009F },   /* C0, DEL, C1 */
  { 0x061C, 0x061C }, { 0x200E, 0x200F },   /* bidi marks */
  { 0x202A, 0x202E },                       /* embeddings, overrides */
  { 0x2066, 0x2069 },                       /* isolates */
  { 0x2028, 0x2029 },                       /* line, paragraph separators */
  { 0x200B, 0x200D }, { 0x2060, 0x2060 }, { 0xFEFF, 0xFEFF }, /* invisible */
  { 0xFFF9, 0xFFFB },                       /* interlinear annotations */
};

static gboolean
is_format_control (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_controls); i++)
    if (c >= format_controls[i].first && c <= format_controls[i].last)
      return TRUE;
  return FALSE;
}

/**
 * vigie_input_check_text:
 * @what: the field's name, for the message
 * @value: the text
 * @length: its length in bytes, or -1 if nul-terminated
 * @max_chars: the most characters it may hold
 * @error: return location for a #GError
 *
 * Refuses invalid UTF-8 (an embedded NUL included), control and
 * formatting characters (C0, DEL, C1, bidi overrides and isolates, line
 * separators, invisible characters) and text longer than @max_chars.
 */
gboolean
vigie_input_check_text (const char  *what,
                        const char  *value,
                        gssize       length,
                        gsize        max_chars,
                        GError     **error)
{
  gsize n = 0;

  g_return_val_if_fail (value != NULL, FALSE);

  if (length < 0)
    length = strlen (value);
  if (!g_utf8_validate_len (value, length, NULL))
    {
      g_set_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID,
                   _("“%s” is not valid UTF-8"), what);
      return FALSE;
    }
  for (const char *p = value; p < value + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n > max_chars)
        {
          g_set_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID,
                       _("“%s” is too long (at most %u characters)"), what, (guint) max_chars);
          return FALSE;
        }
      if (is_format_control (c))
        {
          g_set_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID,
                       _("“%s” holds a control character (U+%04X)"), what, c);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * vigie_input_check_number:
 * @what: the field's name, for the message
 * @value: a caller number or a dialled line as given (tel:, sip: URIs too)
 * @error: return location for a #GError
 */
gboolean
vigie_input_check_number (const char  *what,
                          const char  *value,
                          GError     **error)
{
  return vigie_input_check_text (what, value, -1, VIGIE_INPUT_MAX_NUMBER, error);
}

/**
 * vigie_input_check_call_id:
 * @value: a switchboard's call id
 * @error: return location for a #GError
 *
 * A call id is a token: visible ASCII, no space, at most
 * %VIGIE_INPUT_MAX_CALL_ID bytes. It names journal rows and alert keys.
 */
gboolean
vigie_input_check_call_id (const char  *value,
                           GError     **error)
{
  gsize length;

  g_return_val_if_fail (value != NULL, FALSE);

  length = strlen (value);
  if (length == 0 || length > VIGIE_INPUT_MAX_CALL_ID)
    {
      g_set_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID,
                   _("The call id must hold 1 to %u characters"), VIGIE_INPUT_MAX_CALL_ID);
      return FALSE;
    }
  for (const char *p = value; *p; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7F)
      {
        g_set_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID,
                     _("The call id may only hold visible ASCII characters"));
        return FALSE;
      }
  return TRUE;
}
