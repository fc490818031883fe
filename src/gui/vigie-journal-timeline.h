/* vigie-journal-timeline.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-journal.h"

G_BEGIN_DECLS

const char *vigie_journal_decision_text (const char             *decision);
char       *vigie_journal_format_time   (const char             *iso,
                                         const char             *format);
GtkWidget  *vigie_journal_timeline_new  (const VigieJournalCall *call,
                                         GPtrArray              *events);

G_END_DECLS
