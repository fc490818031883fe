/* vigie-labour-pdf.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-labour.h"

G_BEGIN_DECLS

gboolean vigie_labour_statement_pdf (VigieRoster  *roster,
                                     const char   *client_name,
                                     const char   *person_id,
                                     GPtrArray    *interventions,
                                     int           year,
                                     int           month,
                                     const char   *path,
                                     GError      **error);

G_END_DECLS
