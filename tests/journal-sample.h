/* journal-sample.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-journal.h"

G_BEGIN_DECLS

void journal_sample_write (VigieJournal *journal);

G_END_DECLS
