/* vigie-demo-receiver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `make run`'s stand-in for the clients' alert platforms, on loopback:
 * the demo webhooks (/alerts/CLIENT), and PagerDuty, GoAlert and ntfy
 * endpoints for targets added by hand, printing what arrives. With an ntfy
 * target whose reply_topic is "t-ack", acknowledge as the phone would:
 *   curl -d "ack vigie-CALL-ID" http://127.0.0.1:8765/t-ack
 */
#include "config.h"

#include <locale.h>

#include "vigie-peer.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(VigiePeer) peer = NULL;
  int port = 8765;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1", "PORT" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- demo alert receiver");

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) ||
      !(peer = vigie_peer_new_on_port ((guint) port, &error)))
    {
      g_printerr ("vigie-demo-receiver: %s\n", error->message);
      return 1;
    }
  peer->verbose = TRUE;
  g_print ("Demo alert receiver on %s\n", peer->base_url);
  g_main_loop_run (loop);
  return 0;
}
