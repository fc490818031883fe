/* vigie-call-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-call.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CALL_LIST (vigie_call_list_get_type ())

G_DECLARE_FINAL_TYPE (VigieCallList, vigie_call_list, VIGIE, CALL_LIST, GObject)

VigieCallList *vigie_call_list_new      (void);
gboolean       vigie_call_list_add      (VigieCallList *self,
                                         VigieCall     *call);
gboolean       vigie_call_list_remove   (VigieCallList *self,
                                         VigieCall     *call);
VigieCall     *vigie_call_list_lookup   (VigieCallList *self,
                                         const char    *call_id);
guint          vigie_call_list_find     (VigieCallList *self,
                                         VigieCall     *call);

G_END_DECLS
