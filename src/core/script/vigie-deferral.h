/* vigie-deferral.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-holidays.h"
#include "vigie-opening-hours.h"
#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_DEFERRAL_ERROR (vigie_deferral_error_quark ())

typedef enum {
  VIGIE_DEFERRAL_ERROR_BAD_RULE,
} VigieDeferralError;

GQuark     vigie_deferral_error_quark   (void);
char      *vigie_deferral_describe      (const char         *rule);
gboolean   vigie_deferral_check         (const char         *rule,
                                         gboolean           *needs_opening_hours,
                                         GError            **error);
GDateTime *vigie_deferral_compute       (const char         *rule,
                                         GDateTime          *now,
                                         GError            **error);
GDateTime *vigie_deferral_compute_full  (const char         *rule,
                                         GDateTime          *now,
                                         VigieOpeningHours  *hours,
                                         VigieHolidayFlags   holidays,
                                         GError            **error);

G_END_DECLS
