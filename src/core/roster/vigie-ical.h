/* vigie-ical.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-roster.h"

G_BEGIN_DECLS

#define VIGIE_ICAL_ERROR (vigie_ical_error_quark ())

typedef enum {
  VIGIE_ICAL_ERROR_PARSE,
  VIGIE_ICAL_ERROR_EMPTY,
  VIGIE_ICAL_ERROR_INVALID_EVENT,
  VIGIE_ICAL_ERROR_FETCH,
} VigieIcalError;

GQuark     vigie_ical_error_quark (void);
char      *vigie_ical_export      (VigieRoster  *roster,
                                   const char   *person_id,
                                   GDateTime    *from,
                                   GDateTime    *to,
                                   GDateTime    *stamp,
                                   GError      **error);
GPtrArray *vigie_ical_import      (VigieRoster  *roster,
                                   const char   *text,
                                   GDateTime    *from,
                                   GDateTime    *to,
                                   GStrv        *new_people,
                                   GError      **error);
char      *vigie_ical_fetch       (const char   *location,
                                   GError      **error);

G_END_DECLS
