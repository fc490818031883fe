/* vigie-netstring.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigieNetstringReader VigieNetstringReader;

/**
 * VigieNetstringResult:
 * @VIGIE_NETSTRING_MORE: no whole message yet; feed more bytes
 * @VIGIE_NETSTRING_MESSAGE: one message was taken out
 * @VIGIE_NETSTRING_ERROR: the stream is not netstrings; it cannot be
 *   resynchronised, the connection must be dropped
 */
typedef enum {
  VIGIE_NETSTRING_MORE,
  VIGIE_NETSTRING_MESSAGE,
  VIGIE_NETSTRING_ERROR,
} VigieNetstringResult;

VigieNetstringReader *vigie_netstring_reader_new      (gsize                  max_length);
void                  vigie_netstring_reader_free     (VigieNetstringReader  *self);
void                  vigie_netstring_reader_feed     (VigieNetstringReader  *self,
                                                       const guint8          *data,
                                                       gsize                  length);
VigieNetstringResult  vigie_netstring_reader_next     (VigieNetstringReader  *self,
                                                       GBytes               **message,
                                                       GError               **error);
gsize                 vigie_netstring_reader_pending  (VigieNetstringReader  *self);
GBytes               *vigie_netstring_encode          (const char            *payload,
                                                       gssize                 length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieNetstringReader, vigie_netstring_reader_free)

G_END_DECLS
