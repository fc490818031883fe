/* vigie-time.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GTimeZone *vigie_time_zone_new       (const char  *identifier);
GDateTime *vigie_time_parse          (const char  *text,
                                      GTimeZone   *zone,
                                      GError     **error);
char      *vigie_time_format         (GDateTime   *when,
                                      GTimeZone   *zone);
char      *vigie_time_describe_zone  (GDateTime   *when,
                                      GTimeZone   *zone);

G_END_DECLS
