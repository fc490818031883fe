/* vigie-journal-stats-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigie-journal.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_JOURNAL_STATS_VIEW (vigie_journal_stats_view_get_type ())

G_DECLARE_FINAL_TYPE (VigieJournalStatsView, vigie_journal_stats_view, VIGIE, JOURNAL_STATS_VIEW, GtkWidget)

GtkWidget  *vigie_journal_stats_view_new         (void);
void        vigie_journal_stats_view_set_stats   (VigieJournalStatsView   *self,
                                                  const VigieJournalStats *stats);
const char *vigie_journal_stats_view_get_summary (VigieJournalStatsView   *self);

G_END_DECLS
