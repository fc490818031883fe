/* vigie-frame-buffer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The bytes of a framed stream (AMI, netstrings) not yet read as whole
 * messages, and whether the stream broke: after a broken frame nothing
 * can be trusted to start a new one, so nothing more is kept. */
typedef struct {
  GByteArray *bytes;
  gboolean    failed;
} VigieFrameBuffer;

void vigie_frame_buffer_init  (VigieFrameBuffer  *self);
void vigie_frame_buffer_clear (VigieFrameBuffer  *self);
void vigie_frame_buffer_feed  (VigieFrameBuffer  *self,
                               const guint8      *data,
                               gsize              length);
void vigie_frame_buffer_break (VigieFrameBuffer  *self,
                               GError           **error,
                               gint               code,
                               const char        *message);

G_END_DECLS
