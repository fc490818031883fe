/* vigie-opening-hours.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigie-holidays.h"
#include "vigie-types.h"

G_BEGIN_DECLS

/* Day index for vigie_opening_hours_add(): 1 (Monday) to 7 (Sunday), as
 * g_date_time_get_day_of_week(), or this one for public holidays. */
#define VIGIE_OPENING_HOURS_HOLIDAY 0

#define VIGIE_TYPE_OPENING_HOURS (vigie_opening_hours_get_type ())

G_DECLARE_FINAL_TYPE (VigieOpeningHours, vigie_opening_hours, VIGIE, OPENING_HOURS, GObject)

VigieOpeningHours *vigie_opening_hours_new         (VigieHolidayFlags  holidays);
void               vigie_opening_hours_add         (VigieOpeningHours *self,
                                                    guint              day,
                                                    int                start_minute,
                                                    int                end_minute);
gboolean           vigie_opening_hours_parse_range (const char        *text,
                                                    int               *start_minute,
                                                    int               *end_minute);
gboolean           vigie_opening_hours_parse_days  (const char        *text,
                                                    guint8            *days);
gboolean           vigie_opening_hours_is_open     (VigieOpeningHours *self,
                                                    GDateTime         *when);
GDateTime         *vigie_opening_hours_next_open   (VigieOpeningHours *self,
                                                    GDateTime         *after);
gboolean           vigie_opening_hours_parse_clock (const char        *text,
                                                    int               *hour,
                                                    int               *minute);

G_END_DECLS
