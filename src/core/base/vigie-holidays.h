/* vigie-holidays.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VigieHolidayFlags:
 * @VIGIE_HOLIDAYS_FRANCE: the eleven public holidays of article L3133-1 of
 *   the Code du travail
 * @VIGIE_HOLIDAYS_ALSACE_MOSELLE: adds Good Friday and 26 December
 *   (article L3134-13), for sites in Bas-Rhin, Haut-Rhin and Moselle
 */
typedef enum {
  VIGIE_HOLIDAYS_FRANCE         = 0,
  VIGIE_HOLIDAYS_ALSACE_MOSELLE = 1 << 0,
} VigieHolidayFlags;

void        vigie_holidays_easter     (int                year,
                                       int               *month,
                                       int               *day);
const char *vigie_holidays_lookup     (int                year,
                                       int                month,
                                       int                day,
                                       VigieHolidayFlags  flags);
gboolean    vigie_holidays_is_holiday (GDateTime         *when,
                                       VigieHolidayFlags  flags);

G_END_DECLS
