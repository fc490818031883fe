/* vigie-netstring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Netstrings (D. J. Bernstein): "12:hello world!," — the framing of
 * baresip's ctrl_tcp module. The reader is incremental (bytes arrive as
 * TCP delivers them) and strict: a length that is not plain decimal, a
 * missing ':' or ',', or a length above the limit ends the stream, since
 * nothing after a broken frame can be trusted to start a new one.
 */
#define G_LOG_DOMAIN "vigie-netstring"

#include "config.h"

#include <string.h>

#include "vigie-netstring.h"
#include "vigie-frame-buffer.h"
#include "vigie-telephony-connector.h"

struct _VigieNetstringReader
{
  VigieFrameBuffer in;
  gsize       max_length;
};

/**
 * vigie_netstring_reader_new:
 * @max_length: the largest payload accepted, in bytes
 *
 * Returns: (transfer full): a reader
 */
VigieNetstringReader *
vigie_netstring_reader_new (gsize max_length)
{
  VigieNetstringReader *self = g_new0 (VigieNetstringReader, 1);

  vigie_frame_buffer_init (&self->in);
  self->max_length = max_length;
  return self;
}

void
vigie_netstring_reader_free (VigieNetstringReader *self)
{
  if (self == NULL)
    return;
  vigie_frame_buffer_clear (&self->in);
  g_free (self);
}

void
vigie_netstring_reader_feed (VigieNetstringReader *self,
                             const guint8         *data,
                             gsize                 length)
{
  g_return_if_fail (self != NULL);
  vigie_frame_buffer_feed (&self->in, data, length);
}

/**
 * vigie_netstring_reader_pending:
 * @self: a reader
 *
 * Returns: bytes received that do not make a whole message yet
 */
gsize
vigie_netstring_reader_pending (VigieNetstringReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->in.bytes->len;
}

static VigieNetstringResult
fail (VigieNetstringReader  *self,
      GError               **error,
      gint                   code,
      const char            *message)
{
  vigie_frame_buffer_break (&self->in, error, code, message);
  return VIGIE_NETSTRING_ERROR;
}

/* The decimal length before ':' (at @colon): VIGIE_NETSTRING_MESSAGE when
 * it is whole and valid, else VIGIE_NETSTRING_MORE or VIGIE_NETSTRING_ERROR. */
static VigieNetstringResult
read_length (VigieNetstringReader  *self,
             gsize                 *colon,
             gsize                 *length,
             GError               **error)
{
  const guint8 *data = self->in.bytes->data;
  gsize i;

  for (i = 0; i < self->in.bytes->len && data[i] != ':'; i++)
    {
      if (data[i] < '0' || data[i] > '9')
        return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "Netstring length is not a decimal number");
      /* "0" alone is the only length that may start with a zero. */
      if (i == 1 && data[0] == '0')
        return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "Netstring length has a leading zero");
      *length = *length * 10 + (data[i] - '0');
      if (*length > self->max_length)
        return fail (self, error, VIGIE_TELEPHONY_ERROR_TOO_LONG, "Netstring longer than the limit");
    }
  if (i == self->in.bytes->len)
    return VIGIE_NETSTRING_MORE;
  if (i == 0)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "Netstring without a length");
  *colon = i;
  return VIGIE_NETSTRING_MESSAGE;
}

/**
 * vigie_netstring_reader_next:
 * @self: a reader
 * @message: (out) (transfer full): the payload, when one is whole
 * @error: return location for a #GError
 *
 * Returns: whether a message was taken out, more bytes are needed, or the
 *   stream is broken (then every later call fails too)
 */
VigieNetstringResult
vigie_netstring_reader_next (VigieNetstringReader  *self,
                             GBytes               **message,
                             GError               **error)
{
  VigieNetstringResult result;
  const guint8 *data;
  gsize length = 0;
  gsize i = 0;

  g_return_val_if_fail (self != NULL, VIGIE_NETSTRING_ERROR);
  g_return_val_if_fail (message != NULL, VIGIE_NETSTRING_ERROR);

  *message = NULL;
  if (self->in.failed)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "The stream already failed");

  result = read_length (self, &i, &length, error);
  if (result != VIGIE_NETSTRING_MESSAGE)
    return result;
  data = self->in.bytes->data;

  /* digits ':' payload ',' */
  if (self->in.bytes->len < i + 1 + length + 1)
    return VIGIE_NETSTRING_MORE;
  if (data[i + 1 + length] != ',')
    return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "Netstring does not end with ','");

  *message = g_bytes_new (data + i + 1, length);
  g_byte_array_remove_range (self->in.bytes, 0, i + 1 + length + 1);
  return VIGIE_NETSTRING_MESSAGE;
}

/**
 * vigie_netstring_encode:
 * @payload: the bytes to frame
 * @length: their length, or -1 for a NUL-terminated string
 *
 * Returns: (transfer full): "<length>:<payload>,"
 */
GBytes *
vigie_netstring_encode (const char *payload,
                        gssize      length)
{
  GString *out;

  if (length < 0)
    length = strlen (payload);
  out = g_string_sized_new (length + 24);
  g_string_append_printf (out, "%" G_GSSIZE_FORMAT ":", length);
  g_string_append_len (out, payload, length);
  g_string_append_c (out, ',');
  return g_string_free_to_bytes (out);
}
