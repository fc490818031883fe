/* vigie-labour-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calendar helpers shared by the checks (vigie-labour.c) and the tallies
 * (vigie-labour-tally.c): unix seconds, local calendar through the
 * roster's zone.
 */
#pragma once

#include "vigie-labour.h"

G_BEGIN_DECLS

#define HOUR ((gint64) 3600)
#define DAY  ((gint64) 86400)

void     _vigie_labour_local_date      (VigieRoster *roster,
                                        gint64       t,
                                        GDate       *date);
gint64   _vigie_labour_local_midnight  (VigieRoster *roster,
                                        GDate       *day,
                                        int          minutes);
gboolean _vigie_labour_is_holiday_date (VigieRoster *roster,
                                        GDate       *day);
gint64   _vigie_labour_overlap         (gint64       a1,
                                        gint64       a2,
                                        gint64       b1,
                                        gint64       b2);

/* What a person's monthly statement shows, in CSV or PDF. */
typedef struct
{
  const VigieRosterPerson *person;
  GDateTime               *from;
  GDateTime               *to;
  GPtrArray               *shifts;   /* VigieShift */
  GPtrArray               *tallies;  /* VigieLabourTally */
  VigieLabourTally        *tally;    /* (nullable): the person's, in tallies */
} VigieLabourStatement;

gboolean _vigie_labour_statement_init  (VigieLabourStatement  *statement,
                                        VigieRoster           *roster,
                                        const char            *person_id,
                                        GPtrArray             *interventions,
                                        int                    year,
                                        int                    month,
                                        GError               **error);
void     _vigie_labour_statement_clear (VigieLabourStatement  *statement);
gboolean _vigie_labour_statement_shows (VigieLabourStatement  *statement,
                                        VigieIntervention     *item);

G_END_DECLS
