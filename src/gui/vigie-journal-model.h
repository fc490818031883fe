/* vigie-journal-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-journal.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_JOURNAL_ITEM (vigie_journal_item_get_type ())

G_DECLARE_FINAL_TYPE (VigieJournalItem, vigie_journal_item, VIGIE, JOURNAL_ITEM, GObject)

const VigieJournalCall *vigie_journal_item_get_call (VigieJournalItem *self);

#define VIGIE_TYPE_JOURNAL_MODEL (vigie_journal_model_get_type ())

G_DECLARE_FINAL_TYPE (VigieJournalModel, vigie_journal_model, VIGIE, JOURNAL_MODEL, GObject)

VigieJournalModel *vigie_journal_model_new        (VigieJournal             *journal);
gboolean           vigie_journal_model_set_filter (VigieJournalModel        *self,
                                                   const VigieJournalFilter *filter,
                                                   GError                  **error);
const VigieJournalFilter *vigie_journal_model_get_filter (VigieJournalModel *self);
gboolean           vigie_journal_model_get_complete (VigieJournalModel     *self);
guint              vigie_journal_model_get_n_pages_held (VigieJournalModel *self);

G_END_DECLS
