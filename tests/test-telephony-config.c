/* test-telephony-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * telephony.json settings set from text (`vigie telephony set`, the
 * preferences): each key keeps its type. (Found by a mutation check:
 * storing "queues" as one string passed every other test.)
 */
#include "config.h"

#include "vigie-telephony.h"
#include "vigie-telephony-config.h"

static void
test_set_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) connector = json_object_new ();
  JsonArray *queues;

  g_assert_true (vigie_telephony_config_set (connector, "queues", " 600, 601,, ", &error));
  g_assert_no_error (error);
  queues = json_object_get_array_member (connector, "queues");
  g_assert_nonnull (queues);
  g_assert_cmpuint (json_array_get_length (queues), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (queues, 0), ==, "600");
  g_assert_cmpstr (json_array_get_string_element (queues, 1), ==, "601");

  g_assert_true (vigie_telephony_config_set (connector, "port", "5038", &error));
  g_assert_cmpint (json_object_get_int_member (connector, "port"), ==, 5038);
  g_assert_false (vigie_telephony_config_set (connector, "port", "70000", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (vigie_telephony_config_set (connector, "enabled", "false", &error));
  g_assert_false (json_object_get_boolean_member (connector, "enabled"));
  g_assert_false (vigie_telephony_config_set (connector, "enabled", "oui", &error));
  g_assert_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG);
  g_clear_error (&error);

  g_assert_true (vigie_telephony_config_set (connector, "account:sip:a@pbx", "0800100200", &error));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (connector, "accounts"),
                                                  "sip:a@pbx"), ==, "0800100200");

  g_assert_false (vigie_telephony_config_set (connector, "colour", "blue", &error));
  g_assert_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG);
  g_clear_error (&error);

  /* An empty value removes the key. */
  g_assert_true (vigie_telephony_config_set (connector, "queues", "", &error));
  g_assert_false (json_object_has_member (connector, "queues"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/telephony-config/set-types", test_set_types);
  return g_test_run ();
}
