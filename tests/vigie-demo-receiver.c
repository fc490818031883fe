/* vigie-demo-receiver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A loopback webhook receiver for the demo (`make run`): it accepts the
 * alerts the demo clients send to 127.0.0.1:8765 and prints them, so a
 * trigger on the desk shows "delivered" without any outside service.
 */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>

static void
alert_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *alert;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  node = json_from_string (g_bytes_get_data (body, NULL) ? g_bytes_get_data (body, NULL) : "", &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }

  alert = json_node_get_object (node);
  g_print ("%s ALERT %s — %s\n", path,
           json_object_get_string_member_with_default (alert, "dedup_key", "?"),
           json_object_get_string_member_with_default (alert, "summary", "?"));
  soup_server_message_set_status (msg, SOUP_STATUS_ACCEPTED, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = g_option_context_new ("— demo webhook receiver");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  int port = 8765;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1", "PORT" },
    { NULL }
  };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  soup_server_add_handler (server, "/alerts", alert_handler, NULL, NULL);
  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      /* Another receiver may already run from an earlier `make run`. */
      g_printerr ("demo receiver: %s\n", error->message);
      return 1;
    }

  g_print ("Demo alert receiver on http://127.0.0.1:%d/alerts\n", port);
  g_main_loop_run (loop);
  return 0;
}
