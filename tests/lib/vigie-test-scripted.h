/* vigie-test-scripted.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scripted TCP peer (an Asterisk AMI, a baresip control socket) on
 * 127.0.0.1: each accepted connection plays the next script, a list of
 * steps. A step is written as it is, but "WAIT n" pauses n ms, and the
 * test's own @step function plays the steps it knows ("LOGIN", "READ",
 * "HOLD"…). A connection beyond the scripts is closed at once.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VigieTestScripted VigieTestScripted;

typedef enum {
  VIGIE_TEST_STEP_NOT_MINE,  /* not a step of the test's: written or waited */
  VIGIE_TEST_STEP_DONE,      /* played; on with the next */
  VIGIE_TEST_STEP_CLOSE,     /* played; the connection ends */
} VigieTestStepResult;

typedef VigieTestStepResult (*VigieTestStepFunc) (VigieTestScripted *server,
                                                  GSocketConnection *connection,
                                                  const char        *step);

struct _VigieTestScripted {
  GMutex             lock;      /* held to read or change what follows */
  GPtrArray         *scripts;   /* const char * const *, one per connection */
  guint              accepted;
  gboolean           release;   /* ends the connections that hold */
  VigieTestStepFunc  step;
};

void     vigie_test_scripted_reset    (VigieTestScripted *server,
                                       VigieTestStepFunc  step);
guint16  vigie_test_scripted_listen   (VigieTestScripted *server);
void     vigie_test_scripted_release  (VigieTestScripted *server);
gboolean vigie_test_scripted_released (VigieTestScripted *server);

G_END_DECLS
