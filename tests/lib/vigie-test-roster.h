/* vigie-test-roster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rosters written inline in a test, read on Paris time.
 */
#pragma once

#include "vigie-roster.h"

G_BEGIN_DECLS

VigieRoster *vigie_test_roster_from (const char *json);
GDateTime   *vigie_test_at          (const char *iso);

G_END_DECLS
