/* vigie-desk-telephony.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-application.h"
#include "vigie-pbx-endpoint.h"
#include "vigie-telephony.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_DESK_TELEPHONY (vigie_desk_telephony_get_type ())

G_DECLARE_FINAL_TYPE (VigieDeskTelephony, vigie_desk_telephony, VIGIE, DESK_TELEPHONY, GObject)

VigieDeskTelephony *vigie_desk_telephony_new           (VigieApplication   *application,
                                                        VigieContext       *context);
VigieTelephony     *vigie_desk_telephony_get_telephony (VigieDeskTelephony *self);
void                vigie_desk_telephony_reload        (VigieDeskTelephony *self);
void                vigie_desk_telephony_attach_endpoint (VigieDeskTelephony *self,
                                                        VigiePbxEndpoint   *endpoint);

G_END_DECLS
