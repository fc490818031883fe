/* vigie-frame-buffer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the AMI parser and the netstring reader share: the buffer of bytes
 * received and the stream's breaking.
 */
#define G_LOG_DOMAIN "vigie-frame-buffer"

#include "config.h"

#include "vigie-frame-buffer.h"
#include "vigie-telephony-connector.h"

void
vigie_frame_buffer_init (VigieFrameBuffer *self)
{
  self->bytes = g_byte_array_new ();
  self->failed = FALSE;
}

void
vigie_frame_buffer_clear (VigieFrameBuffer *self)
{
  g_clear_pointer (&self->bytes, g_byte_array_unref);
}

/* Appends what arrived, unless the stream already broke. */
void
vigie_frame_buffer_feed (VigieFrameBuffer *self,
                         const guint8     *data,
                         gsize             length)
{
  if (!self->failed && length > 0)
    g_byte_array_append (self->bytes, data, length);
}

/* Marks the stream broken, drops what it held and says why. */
void
vigie_frame_buffer_break (VigieFrameBuffer  *self,
                          GError           **error,
                          gint               code,
                          const char        *message)
{
  self->failed = TRUE;
  g_byte_array_set_size (self->bytes, 0);
  g_set_error_literal (error, VIGIE_TELEPHONY_ERROR, code, message);
}
