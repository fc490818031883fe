/* vigie-ami-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigieAmiParser VigieAmiParser;

/**
 * VigieAmiResult:
 * @VIGIE_AMI_MORE: no whole message yet
 * @VIGIE_AMI_MESSAGE: one message was taken out
 * @VIGIE_AMI_BANNER: the server's greeting line was taken out
 * @VIGIE_AMI_ERROR: the stream broke the protocol; drop the connection
 */
typedef enum {
  VIGIE_AMI_MORE,
  VIGIE_AMI_MESSAGE,
  VIGIE_AMI_BANNER,
  VIGIE_AMI_ERROR,
} VigieAmiResult;

#define VIGIE_AMI_MAX_LINE     1024
#define VIGIE_AMI_MAX_FIELDS   128
#define VIGIE_AMI_MAX_MESSAGE  (32 * 1024)

VigieAmiParser *vigie_ami_parser_new     (void);
void            vigie_ami_parser_free    (VigieAmiParser  *self);
void            vigie_ami_parser_feed    (VigieAmiParser  *self,
                                          const guint8    *data,
                                          gsize            length);
VigieAmiResult  vigie_ami_parser_next    (VigieAmiParser  *self,
                                          GHashTable     **message,
                                          char           **banner,
                                          GError         **error);
gsize           vigie_ami_parser_pending (VigieAmiParser  *self);
char           *vigie_ami_format_action  (const char      *action,
                                          ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieAmiParser, vigie_ami_parser_free)

G_END_DECLS
