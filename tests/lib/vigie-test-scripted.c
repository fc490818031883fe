/* vigie-test-scripted.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigie-test-scripted.h"
#include "vigie-test-util.h"

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  VigieTestScripted *server = user_data;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  const char * const *steps;
  guint n;

  g_mutex_lock (&server->lock);
  n = server->accepted++;
  steps = n < server->scripts->len ? g_ptr_array_index (server->scripts, n) : NULL;
  g_mutex_unlock (&server->lock);
  if (steps == NULL)
    return TRUE;   /* close: the peer is "down" */

  for (guint i = 0; steps[i]; i++)
    {
      switch (server->step ? server->step (server, connection, steps[i]) : VIGIE_TEST_STEP_NOT_MINE)
        {
        case VIGIE_TEST_STEP_DONE:
          continue;
        case VIGIE_TEST_STEP_CLOSE:
          return TRUE;   /* the last step: the script is not read again */
        case VIGIE_TEST_STEP_NOT_MINE:
        default:
          break;
        }
      if (g_str_has_prefix (steps[i], "WAIT "))
        g_usleep (g_ascii_strtoull (steps[i] + 5, NULL, 10) * 1000);
      else if (!g_output_stream_write_all (output, steps[i], strlen (steps[i]), NULL, NULL, NULL))
        break;
    }
  return TRUE;
}

/**
 * vigie_test_scripted_reset:
 * @server: the peer (its lock initialised once, by this)
 * @step: (nullable): plays the test's own steps
 *
 * No scripts, none accepted, not released: ready for the next test to
 * add its scripts.
 */
void
vigie_test_scripted_reset (VigieTestScripted *server,
                           VigieTestStepFunc  step)
{
  if (server->scripts == NULL)
    g_mutex_init (&server->lock);
  g_mutex_lock (&server->lock);
  g_clear_pointer (&server->scripts, g_ptr_array_unref);
  server->scripts = g_ptr_array_new ();
  server->accepted = 0;
  server->release = FALSE;
  server->step = step;
  g_mutex_unlock (&server->lock);
}

/* Starts listening (for as long as the test program lives); the port. */
guint16
vigie_test_scripted_listen (VigieTestScripted *server)
{
  return vigie_test_listen_tcp (G_CALLBACK (run_cb), server);
}

/* Lets the connections that hold end. */
void
vigie_test_scripted_release (VigieTestScripted *server)
{
  g_mutex_lock (&server->lock);
  server->release = TRUE;
  g_mutex_unlock (&server->lock);
}

gboolean
vigie_test_scripted_released (VigieTestScripted *server)
{
  gboolean release;

  g_mutex_lock (&server->lock);
  release = server->release;
  g_mutex_unlock (&server->lock);
  return release;
}
