/* vigie-test-wait.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigie-test-wait.h"

struct _VigieTestWait {
  gboolean timed_out;
  guint    deadline_id;
  guint    tick_id;
};

static gboolean
deadline_cb (gpointer data)
{
  VigieTestWait *wait = data;

  wait->timed_out = TRUE;
  wait->deadline_id = 0;
  return G_SOURCE_REMOVE;
}

/* Only wakes the loop: conditions outside it are polled at this pace. */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

VigieTestWait *
vigie_test_wait_begin (guint timeout_ms)
{
  VigieTestWait *wait = g_new0 (VigieTestWait, 1);

  wait->deadline_id = g_timeout_add (timeout_ms, deadline_cb, wait);
  wait->tick_id = g_timeout_add (10, tick_cb, NULL);
  return wait;
}

/* One blocking iteration; FALSE once the timeout has passed. */
gboolean
vigie_test_wait_iterate (VigieTestWait *wait)
{
  if (wait->timed_out)
    return FALSE;
  g_main_context_iteration (NULL, TRUE);
  return !wait->timed_out;
}

void
vigie_test_wait_end (VigieTestWait *wait)
{
  g_clear_handle_id (&wait->deadline_id, g_source_remove);
  g_clear_handle_id (&wait->tick_id, g_source_remove);
  g_free (wait);
}

/**
 * vigie_test_run_for:
 * @ms: how long
 *
 * Runs the main context for @ms milliseconds (peers answer meanwhile).
 */
void
vigie_test_run_for (guint ms)
{
  vigie_test_wait_until (FALSE, ms);
}

/**
 * vigie_test_wait_for:
 * @done: the condition, asked after every main-loop iteration
 * @data: passed to @done
 * @timeout_ms: how long at most
 * @what: what is awaited, for the message when it does not come
 *
 * Waits for @done, failing the test (naming @what) after @timeout_ms.
 */
void
vigie_test_wait_for (VigieTestCondition  done,
                     gpointer            data,
                     guint               timeout_ms,
                     const char         *what)
{
  if (!vigie_test_wait_until (done (data), timeout_ms))
    g_error ("Timed out waiting for %s", what);
}
