/* vigie-ami-connector.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-telephony-connector.h"
#include "vigie-telephony-link.h"

G_BEGIN_DECLS

typedef enum {
  VIGIE_AMI_FILTER_EXTENSION,
  VIGIE_AMI_FILTER_QUEUE,
} VigieAmiFilter;

#define VIGIE_TYPE_AMI_CONNECTOR (vigie_ami_connector_get_type ())

G_DECLARE_FINAL_TYPE (VigieAmiConnector, vigie_ami_connector, VIGIE, AMI_CONNECTOR, GObject)

VigieAmiConnector  *vigie_ami_connector_new        (const char         *id,
                                                    const char         *host,
                                                    guint16             port,
                                                    const char         *username,
                                                    const char         *secret,
                                                    const char         *line);
void                vigie_ami_connector_add_filter (VigieAmiConnector  *self,
                                                    VigieAmiFilter      filter,
                                                    const char         *value);
VigieTelephonyLink *vigie_ami_connector_get_link   (VigieAmiConnector  *self);
void                vigie_ami_connector_handle_message (VigieAmiConnector *self,
                                                    GHashTable         *message);

G_END_DECLS
