/* test-secrets-lazy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The secret store asks the session bus for a keyring on its first use,
 * not when it is made (issue 16, cold start: the desk makes it while
 * loading the data folder, before its first frame, and the two D-Bus
 * round trips were on that path). A keyring that appears on the bus
 * after the store was made is the one it uses.
 */
#include "config.h"

#include "vigie-secrets.h"
#include "vigie-test-util.h"

static void
test_backend_found_on_first_use (void)
{
  GTestDBus *bus = vigie_test_dbus_up ();
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(VigieSecrets) secrets = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  guint owned;

  g_unsetenv ("VIGIE_SECRETS_BACKEND");
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);

  /* Only now does a "Secret Service" take its name on the bus: a
   * connection of its own that answers every call with an error. */
  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &owned);
  g_assert_cmpuint (owned, ==, 1);  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */

  g_assert_cmpint (vigie_secrets_get_backend (secrets), ==, VIGIE_SECRETS_BACKEND_KEYRING);
  g_assert_null (vigie_secrets_get_path (secrets));

  /* libsecret, opened on this first use, went to the bus and got the
   * service's refusal: a keyring error, not a loading one. */
  value = vigie_secrets_lookup (secrets, "client", "target", "token", &error);
  g_assert_null (value);
  g_assert_error (error, VIGIE_SECRETS_ERROR, VIGIE_SECRETS_ERROR_STORAGE);
  g_assert_true (g_str_has_prefix (error->message, "The keyring did not answer"));

  g_clear_object (&secrets);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_clear_object (&connection);
  g_test_dbus_down (bus);
  g_object_unref (bus);
}

/* No keyring on the bus: the 0600 file, decided on first use too. */
static void
test_file_without_keyring (void)
{
  GTestDBus *bus = vigie_test_dbus_up ();
  g_autoptr(VigieSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_unsetenv ("VIGIE_SECRETS_BACKEND");
  secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);
  g_assert_true (vigie_secrets_store (secrets, "client", "target", "token", "s3cret", &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigie_secrets_get_backend (secrets), ==, VIGIE_SECRETS_BACKEND_FILE);
  g_assert_true (g_file_test (vigie_secrets_get_path (secrets), G_FILE_TEST_IS_REGULAR));
  value = vigie_secrets_lookup (secrets, "client", "target", "token", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "s3cret");

  g_clear_object (&secrets);
  g_test_dbus_down (bus);
  g_object_unref (bus);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/secrets/lazy/backend-found-on-first-use", test_backend_found_on_first_use);
  g_test_add_func ("/secrets/lazy/file-without-keyring", test_file_without_keyring);

  return g_test_run ();
}
