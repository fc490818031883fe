/* vigie-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-context.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_APPLICATION (vigie_application_get_type ())

G_DECLARE_FINAL_TYPE (VigieApplication, vigie_application, VIGIE, APPLICATION, AdwApplication)

VigieApplication *vigie_application_new         (void);
VigieContext     *vigie_application_get_context (VigieApplication  *self);
GtkWindow        *vigie_application_get_desk    (VigieApplication  *self);
VigieCall        *vigie_application_open_call   (VigieApplication  *self,
                                                 const char        *from,
                                                 const char        *line,
                                                 const char        *call_id,
                                                 GError           **error);
VigieCall        *vigie_application_open_call_timed (VigieApplication  *self,
                                                     const char        *from,
                                                     const char        *line,
                                                     const char        *call_id,
                                                     gint64             requested_at,
                                                     GError           **error);

G_END_DECLS
