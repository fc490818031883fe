/* vigie-test-wait.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests' one way to wait: run the default main context (so loopback
 * peers, the dispatcher and the widgets keep working) until a condition
 * holds or a timeout passes. The loop wakes every few milliseconds as well,
 * so a condition that changes outside it (a file, another process's
 * journal) is seen without waiting for the timeout.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigieTestWait VigieTestWait;

VigieTestWait *vigie_test_wait_begin   (guint          timeout_ms);
gboolean       vigie_test_wait_iterate (VigieTestWait *wait);
void           vigie_test_wait_end     (VigieTestWait *wait);

void           vigie_test_run_for      (guint          ms);

typedef gboolean (*VigieTestCondition) (gpointer data);

void           vigie_test_wait_for     (VigieTestCondition  done,
                                        gpointer            data,
                                        guint               timeout_ms,
                                        const char         *what);

/**
 * vigie_test_wait_until:
 * @cond: an expression, evaluated again after every main-loop iteration
 * @timeout_ms: how long to wait at most
 *
 * Returns: whether @cond held (FALSE when the timeout passed first).
 */
#define vigie_test_wait_until(cond, timeout_ms) \
  ({ \
    VigieTestWait *wait_ = vigie_test_wait_begin (timeout_ms); \
    gboolean held_; \
    while (!(held_ = !!(cond)) && vigie_test_wait_iterate (wait_)) \
      ; \
    vigie_test_wait_end (wait_); \
    held_; \
  })

/* Waits for @cond; 30 s only stop a hung test (the condition is named). */
#define VIGIE_TEST_WAIT_FOR(cond) \
  G_STMT_START { \
    if (!vigie_test_wait_until ((cond), 30000)) \
      g_error ("Timed out waiting for %s", #cond); \
  } G_STMT_END

G_END_DECLS
