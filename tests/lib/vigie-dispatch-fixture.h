/* vigie-dispatch-fixture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch tests' common fixture, for g_test_add(): a peer, a data
 * directory whose client "hebergix" has the targets given as the test's
 * data ("@PEER@" stands for the peer's URL), a context, and helpers to
 * decide a call and read its alerts.
 */
#pragma once

#include "vigie-context.h"
#include "vigie-peer.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

G_BEGIN_DECLS

typedef struct {
  VigiePeer    *peer;
  char         *data_dir;
  VigieContext *context;
  GPtrArray    *overdue;      /* dedup keys */
  GPtrArray    *overdue_phones;
} Fixture;

void               vigie_dispatch_fixture_setup    (Fixture       *fixture,
                                                    gconstpointer  targets);
void               vigie_dispatch_fixture_teardown (Fixture       *fixture,
                                                    gconstpointer  targets);
void               vigie_dispatch_fixture_open_context (Fixture   *fixture);

/* g_test_add() with this fixture; @targets is the client's targets JSON. */
#define vigie_dispatch_test_add(path, targets, func) \
  g_test_add ((path), Fixture, (targets), vigie_dispatch_fixture_setup, (func), \
              vigie_dispatch_fixture_teardown)

void               store_secret  (Fixture           *fixture,
                                  const char        *target,
                                  const char        *field,
                                  const char        *value);
VigieCall         *decide        (Fixture           *fixture,
                                  guint              first_choice,
                                  VigieDecisionKind  kind);
VigieCall         *trigger_until (Fixture           *fixture,
                                  VigieAlertState    state);
GPtrArray         *rows          (Fixture           *fixture,
                                  VigieCall         *call);
VigieOutboxEntry  *row           (Fixture           *fixture,
                                  VigieCall         *call,
                                  const char        *target_id,
                                  const char        *action);
VigieOutboxState   row_state     (Fixture           *fixture,
                                  VigieCall         *call,
                                  const char        *target_id,
                                  const char        *action);
guint              count_events  (Fixture           *fixture,
                                  const char        *call_id,
                                  const char        *kind);
JsonObject        *body_of       (VigiePeerRequest  *request);

G_END_DECLS
