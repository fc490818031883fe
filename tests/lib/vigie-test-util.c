/* vigie-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <json-glib/json-glib.h>

#include "vigie-context.h"
#include "vigie-test-util.h"

/**
 * vigie_test_init:
 * @argc: main's
 * @argv: main's
 *
 * g_test_init() with isolated XDG folders for each test, secrets in a file
 * there (never the session's keyring, which tests running side by side
 * would share, nor one the commands they spawn would see differently),
 * and no desktop proxy settings to look up (peers are on loopback).
 */
void
vigie_test_init (int    *argc,
                 char ***argv)
{
  g_setenv ("VIGIE_SECRETS_BACKEND", "file", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

/* The user's locale and the build's translations ($VIGIE_LOCALEDIR), as
 * the application's main() binds them: the French runs read French. */
void
vigie_test_bind_gettext (void)
{
  const char *localedir = g_getenv ("VIGIE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * vigie_test_use_private_home:
 * @template_name: for g_dir_make_tmp(), e.g. "vigie-ui-XXXXXX"
 *
 * XDG data, config, cache and state folders of the test's own, set in the
 * environment before GLib reads them, so a desk or a command the test
 * starts shares them. (G_TEST_OPTION_ISOLATE_DIRS would hide the system's
 * XDG_DATA_DIRS too, where GTK finds the MIME database and icon themes.)
 *
 * Returns: (transfer full): the folder holding them
 */
char *
vigie_test_use_private_home (const char *template_name)
{
  const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  char *home = g_dir_make_tmp (template_name, NULL);

  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }
  return home;
}

/* Builds a path under the source tree (VIGIE_SOURCE_DIR, set by meson). */
char *
vigie_test_source_path (const char *first, ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_getenv ("VIGIE_SOURCE_DIR"));
  va_start (args, first);
  for (part = first; part; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

char *
vigie_test_data_path (const char *name)
{
  return g_build_filename (g_getenv ("VIGIE_TEST_DATA"), name, NULL);
}

/* Writes @contents to a file in the test's own temporary directory. */
char *
vigie_test_write_file (const char *name,
                       const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The demo people's own webhooks point at `make run`'s receiver
 * (127.0.0.1:8765): a test counts what its own peers get, so they go
 * (tests that address people write rosters of their own). */
void
vigie_test_strip_person_webhooks (const char *dir)
{
  g_autoptr(GError) error = NULL;
  {
    g_autofree char *rosters = g_build_filename (dir, "rosters", NULL);
    g_autoptr(GDir) folder = g_dir_open (rosters, 0, NULL);
    const char *name;

    while (folder && (name = g_dir_read_name (folder)))
      {
        g_autofree char *path = g_build_filename (rosters, name, NULL);
        g_autoptr(JsonParser) roster = json_parser_new ();
        g_autoptr(JsonGenerator) writer = json_generator_new ();
        JsonArray *people;

        if (!g_str_has_suffix (name, ".json"))
          continue;
        g_assert_true (json_parser_load_from_file (roster, path, &error));
        g_assert_no_error (error);
        people = json_object_get_array_member (json_node_get_object (json_parser_get_root (roster)), "people");
        for (guint i = 0; people && i < json_array_get_length (people); i++)
          {
            JsonObject *person = json_array_get_object_element (people, i);
            JsonArray *targets = json_object_get_array_member (person, "targets");
            JsonArray *kept = json_array_new ();

            for (guint j = 0; targets && j < json_array_get_length (targets); j++)
              if (!g_str_has_prefix (json_array_get_string_element (targets, j), "webhook:"))
                json_array_add_string_element (kept, json_array_get_string_element (targets, j));
            json_object_set_array_member (person, "targets", kept);
          }
        json_generator_set_root (writer, json_parser_get_root (roster));
        json_generator_set_pretty (writer, TRUE);
        g_assert_true (json_generator_to_file (writer, path, &error));
        g_assert_no_error (error);
      }
  }
}

/* @data_dir's clients.json, parsed into @parser; its "clients" array. */
static JsonArray *
clients_load (const char *data_dir,
              JsonParser *parser)
{
  g_autofree char *path = g_build_filename (data_dir, "clients.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "clients");
}

static void
clients_save (const char *data_dir,
              JsonParser *parser)
{
  g_autofree char *path = g_build_filename (data_dir, "clients.json", NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);
}

/**
 * vigie_test_edit_clients:
 * @data_dir: a data folder
 * @edit: called on every client of its clients.json, in order
 * @data: passed to @edit
 *
 * Rewrites clients.json with what @edit changed, as a centre would
 * configure it by hand.
 */
void
vigie_test_edit_clients (const char          *data_dir,
                         VigieTestClientEdit  edit,
                         gpointer             data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *clients = clients_load (data_dir, parser);

  for (guint i = 0; i < json_array_get_length (clients); i++)
    edit (json_array_get_object_element (clients, i), data);
  clients_save (data_dir, parser);
}

typedef struct {
  const char *client_id;
  const char *member;
  JsonNode   *value;
} Member;

static void
set_member (JsonObject *client,
            gpointer    data)
{
  Member *member = data;

  if (g_str_equal (json_object_get_string_member (client, "id"), member->client_id))
    json_object_set_member (client, member->member, json_node_copy (member->value));
}

/* Sets @member of the client @client_id to @json (a JSON value). */
void
vigie_test_set_client_member (const char *data_dir,
                              const char *client_id,
                              const char *member,
                              const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = json_from_string (json, &error);
  Member change = { client_id, member, value };

  g_assert_no_error (error);
  vigie_test_edit_clients (data_dir, set_member, &change);
}

/* Appends @client (taken) to @data_dir's clients.json. */
void
vigie_test_add_client (const char *data_dir,
                       JsonObject *client)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_array_add_object_element (clients_load (data_dir, parser), client);
  clients_save (data_dir, parser);
}

static void
point_webhook (JsonObject *client,
               gpointer    webhook_base)
{
  g_autofree char *url = g_strdup_printf ("%s/%s", (const char *) webhook_base,
                                          json_object_get_string_member (client, "id"));

  json_object_set_string_member (client, "webhook", url);
}

/* Points every client's webhook at @webhook_base/CLIENT-ID. */
void
vigie_test_point_webhooks (const char *data_dir,
                           const char *webhook_base)
{
  vigie_test_edit_clients (data_dir, point_webhook, (gpointer) webhook_base);
}

/* Installs the demo dataset in a fresh folder, pointing every client's
 * webhook at @webhook_base (e.g. "http://127.0.0.1:4242/alerts"). */
char *
vigie_test_make_data_dir (const char *webhook_base)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "vigie-test-XXXXXX", NULL);

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_nonnull (g_mkdtemp (dir));
  g_assert_true (vigie_context_install_demo (dir, NULL, &error));
  g_assert_no_error (error);

  if (webhook_base == NULL)
    return g_steal_pointer (&dir);

  vigie_test_point_webhooks (dir, webhook_base);
  vigie_test_strip_person_webhooks (dir);

  return g_steal_pointer (&dir);
}

/* The skeleton's and the desk's key-driven tests drive frozen copies of the
 * first demo scripts (tests/data/skeleton), so that enriching the demo does
 * not rewrite their key sequences and expected bodies. */
void
vigie_test_freeze_demo_scripts (const char *dir)
{
  static const char *names[] = { "dupont-maintenance", "hebergix", "mairie-saint-aubin" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *file_name = g_strconcat (names[i], ".json", NULL);
      g_autofree char *frozen = vigie_test_source_path ("tests", "data", "skeleton", file_name, NULL);
      g_autofree char *target = g_build_filename (dir, "scripts", file_name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (frozen, &contents, &length, &error));
      g_assert_true (g_file_set_contents (target, contents, length, &error));
      g_assert_no_error (error);
    }
}

/* vigie_test_make_data_dir() with the frozen demo scripts. */
char *
vigie_test_make_frozen_data_dir (const char *webhook_base)
{
  char *dir = vigie_test_make_data_dir (webhook_base);

  vigie_test_freeze_demo_scripts (dir);
  return dir;
}

/**
 * vigie_test_listen_tcp:
 * @run_cb: a #GThreadedSocketService::run handler (it plays the peer's
 *   side of the conversation, in a thread of its own)
 * @user_data: passed to @run_cb
 *
 * A scripted TCP peer on 127.0.0.1 (an Asterisk AMI, a baresip control
 * socket), on a free port. It lives as long as the test program.
 *
 * Returns: the port
 */
guint16
vigie_test_listen_tcp (GCallback run_cb,
                       gpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GSocketService *service = g_threaded_socket_service_new (4);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (service, "run", run_cb, user_data);
  g_socket_service_start (service);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/**
 * vigie_test_dbus_up:
 *
 * Starts a session bus of the test's own, so that another Vigie on the
 * machine cannot take the calls, and keeps DISPLAY (which #GTestDBus
 * unsets against X11 autolaunch) for the desk the test starts.
 *
 * Returns: (transfer full): the bus, for g_test_dbus_down()
 */
GTestDBus *
vigie_test_dbus_up (void)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  return bus;
}

/* A loopback TCP port free now, for a server the test starts later. */
guint
vigie_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
