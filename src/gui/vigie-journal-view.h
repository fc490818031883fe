/* vigie-journal-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-journal.h"
#include "vigie-journal-stats-view.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_JOURNAL_VIEW (vigie_journal_view_get_type ())

G_DECLARE_FINAL_TYPE (VigieJournalView, vigie_journal_view, VIGIE, JOURNAL_VIEW, AdwBin)

void vigie_journal_view_set_journal (VigieJournalView *self,
                                     VigieJournal     *journal);
void vigie_journal_view_reload      (VigieJournalView *self);
gboolean    vigie_journal_view_show_call (VigieJournalView  *self,
                                          const char        *call_id);
gboolean    vigie_journal_view_export    (VigieJournalView  *self,
                                          GFile             *file,
                                          GError           **error);
GListModel *vigie_journal_view_get_model (VigieJournalView  *self);
VigieJournalStatsView *vigie_journal_view_get_stats_view (VigieJournalView *self);

G_END_DECLS
