/* vigie-contact.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-json.h"
#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CONTACT (vigie_contact_get_type ())

G_DECLARE_FINAL_TYPE (VigieContact, vigie_contact, VIGIE, CONTACT, GObject)

VigieContact       *vigie_contact_new_from_json    (const VigieJsonValue *object,
                                                    GError              **error);
const char         *vigie_contact_get_id           (VigieContact  *self);
const char         *vigie_contact_get_first_name   (VigieContact  *self);
const char         *vigie_contact_get_last_name    (VigieContact  *self);
char               *vigie_contact_dup_display_name (VigieContact  *self);
const char         *vigie_contact_get_company      (VigieContact  *self);
const char         *vigie_contact_get_client_id    (VigieContact  *self);
const char         *vigie_contact_get_contract     (VigieContact  *self);
const char         *vigie_contact_get_site         (VigieContact  *self);
gboolean            vigie_contact_get_vip          (VigieContact  *self);
const char * const *vigie_contact_get_phones       (VigieContact  *self);

G_END_DECLS
