/* test-directory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigie-context.h"
#include "vigie-directory.h"
#include "vigie-phone.h"
#include "vigie-test-phone.h"
#include "vigie-test-util.h"

static void
test_phone_normalize (void)
{
  static const VigieTestPhoneCase cases[] = {
    { "+33612345678", "+33612345678" },
    { "06 12 34 56 78", "+33612345678" },
    { "06.12.34.56.78", "+33612345678" },
    { "+33 6 12 34 56 78", "+33612345678" },
    { "0033 6 12 34 56 78", "+33612345678" },
    { "+33 (0)6 12 34 56 78", "+33612345678" },
    { "0800 100 200", "+33800100200" },
    { "+44 20 7946 0958", "+442079460958" },
    { "4021", "4021" },
  };

  vigie_test_assert_phones (cases, G_N_ELEMENTS (cases));
}

static void
test_phone_invalid (void)
{
  static const char * const bad[] = { "06 12 34", "abc", "+33 6 12 34 56 78 90 12 34", "12" };

  vigie_test_assert_phones_invalid (bad, G_N_ELEMENTS (bad));

  g_assert_true (vigie_phone_is_anonymous ("anonymous"));
  g_assert_true (vigie_phone_is_anonymous ("Anonymous"));
  g_assert_true (vigie_phone_is_anonymous (""));
  g_assert_true (vigie_phone_is_anonymous (NULL));
  g_assert_false (vigie_phone_is_anonymous ("0612345678"));
}

static VigieDirectory *
load_demo_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = vigie_test_make_data_dir (NULL);
  g_autofree char *clients_path = g_build_filename (dir, "clients.json", NULL);
  g_autofree char *contacts_path = g_build_filename (dir, "directory.json", NULL);
  g_autoptr(GFile) clients = g_file_new_for_path (clients_path);
  g_autoptr(GFile) contacts = g_file_new_for_path (contacts_path);
  VigieDirectory *directory = vigie_directory_new ();

  g_assert_true (vigie_directory_load_clients (directory, clients, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_directory_load_contacts (directory, contacts, &error));
  g_assert_no_error (error);

  return directory;
}

static void
test_lookup_line (void)
{
  g_autoptr(VigieDirectory) directory = load_demo_directory ();
  VigieClient *client;

  g_assert_cmpuint (g_list_model_get_n_items (vigie_directory_get_clients (directory)), ==, 3);

  client = vigie_directory_lookup_line (directory, "0800100200");
  g_assert_nonnull (client);
  g_assert_cmpstr (vigie_client_get_id (client), ==, "dupont-maintenance");
  g_assert_cmpstr (vigie_client_get_timezone (client), ==, "Europe/Paris");

  /* Second line of the same client, written another way. */
  client = vigie_directory_lookup_line (directory, "+33 1 84 60 20 20");
  g_assert_nonnull (client);
  g_assert_cmpstr (vigie_client_get_id (client), ==, "hebergix");

  g_assert_null (vigie_directory_lookup_line (directory, "0899999999"));
  g_assert_null (vigie_directory_lookup_line (directory, "not a number"));
}

static void
test_lookup_caller (void)
{
  g_autoptr(VigieDirectory) directory = load_demo_directory ();
  VigieClient *dupont = vigie_directory_find_client (directory, "dupont-maintenance");
  VigieContact *contact;
  g_autofree char *name = NULL;

  contact = vigie_directory_lookup_caller (directory, "+33612345678", dupont);
  g_assert_nonnull (contact);
  name = vigie_contact_dup_display_name (contact);
  g_assert_cmpstr (name, ==, "Claire MOREAU");
  g_assert_true (vigie_contact_get_vip (contact));
  g_assert_cmpstr (vigie_contact_get_contract (contact), ==, "Gold 24/7");
  g_assert_cmpstr (vigie_contact_get_company (contact), ==, "Syndic Résidence Les Tilleuls");

  /* The directory stored "0033 6 55 44 33 22"; the PBX sends the national form. */
  contact = vigie_directory_lookup_caller (directory, "06 55 44 33 22", NULL);
  g_assert_nonnull (contact);
  g_assert_cmpstr (vigie_contact_get_id (contact), ==, "garcia-ines");
  g_assert_false (vigie_contact_get_vip (contact));

  g_assert_null (vigie_directory_lookup_caller (directory, "0700000000", dupont));
  g_assert_null (vigie_directory_lookup_caller (directory, "anonymous", dupont));
  g_assert_cmpuint (vigie_directory_get_n_contacts (directory), ==, 7);
}

static void
test_shared_number (void)
{
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *json =
    "{\"contacts\":["
    " {\"id\":\"a\",\"last_name\":\"Standard A\",\"client\":\"one\",\"phones\":[\"0240000000\"]},"
    " {\"id\":\"b\",\"last_name\":\"Standard B\",\"client\":\"two\",\"phones\":[\"0240000000\"]}]}";
  g_autofree char *path = vigie_test_write_file ("shared.json", json);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) cparser = json_parser_new ();
  g_autoptr(VigieClient) two = NULL;

  g_assert_true (vigie_directory_load_contacts (directory, file, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (cparser, "{\"id\":\"two\",\"name\":\"Two\",\"lines\":[\"0800000002\"]}", -1, &error));
  two = vigie_client_new_from_json (json_node_get_object (json_parser_get_root (cparser)), &error);
  g_assert_no_error (error);

  /* A switchboard number shared by two clients' contacts: the dialled client wins. */
  g_assert_cmpstr (vigie_contact_get_id (vigie_directory_lookup_caller (directory, "0240000000", two)), ==, "b");
  g_assert_cmpstr (vigie_contact_get_id (vigie_directory_lookup_caller (directory, "0240000000", NULL)), ==, "a");
}

static void
test_bad_files (void)
{
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = vigie_test_write_file ("broken-clients.json", "{\"clients\": [ {\"id\": \"x\", }");
  g_autofree char *dup = vigie_test_write_file ("dup-clients.json",
    "{\"clients\":[{\"id\":\"a\",\"name\":\"A\",\"lines\":[\"0800000001\"]},"
    "{\"id\":\"b\",\"name\":\"B\",\"lines\":[\"08 00 00 00 01\"]}]}");
  g_autofree char *badphone = vigie_test_write_file ("badphone.json",
    "{\"contacts\":[{\"id\":\"z\",\"phones\":[\"call me\"]}]}");
  g_autoptr(GFile) f1 = g_file_new_for_path (broken);
  g_autoptr(GFile) f2 = g_file_new_for_path (dup);
  g_autoptr(GFile) f3 = g_file_new_for_path (badphone);
  g_autoptr(GFile) f4 = g_file_new_for_path ("/nonexistent/clients.json");

  /* The project's strict parser, with the place. */
  g_assert_false (vigie_directory_load_clients (directory, f1, &error));
  g_assert_error (error, VIGIE_JSON_ERROR, VIGIE_JSON_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, broken));
  g_assert_nonnull (strstr (error->message, ".json:1:"));
  g_clear_error (&error);

  g_assert_false (vigie_directory_load_clients (directory, f2, &error));
  g_assert_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "+33800000001"));
  g_clear_error (&error);

  g_assert_false (vigie_directory_load_contacts (directory, f3, &error));
  g_assert_error (error, VIGIE_PHONE_ERROR, VIGIE_PHONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Contact “z”"));
  g_clear_error (&error);

  g_assert_false (vigie_directory_load_clients (directory, f4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* A directory exported by hand or by a CRM script: every mistake is
 * named with the file and where it is, and a bad file adds nobody. */
static void
test_bad_contacts (void)
{
  static const struct {
    const char *name;
    const char *text;
    int         code;
    const char *message;
  } cases[] = {
    { "syntax.json", "{\"contacts\": [\n  {\"id\": \"a\"}\n  {\"id\": \"b\"}\n]}",
      VIGIE_JSON_ERROR_SYNTAX, "syntax.json:3:3: expected “,” or “]”" },
    { "no-array.json", "{\"contact\": []}", VIGIE_DIRECTORY_ERROR_INVALID, "expected an object with a “contacts” array" },
    { "no-id.json", "{\"contacts\": [\n {\"id\": \"a\"},\n {\"last_name\": \"Sans\"}]}",
      VIGIE_DIRECTORY_ERROR_INVALID, "no-id.json: Line 3: a contact needs an “id”" },
    { "vip.json", "{\"contacts\": [{\"id\": \"v\",\n \"vip\": \"oui\"}]}",
      VIGIE_DIRECTORY_ERROR_INVALID, "Contact “v”: line 2: “vip” must be true or false" },
    { "name.json", "{\"contacts\": [{\"id\": \"n\", \"last_name\": 42}]}",
      VIGIE_DIRECTORY_ERROR_INVALID, "Contact “n”: line 1: “last_name” must be a string" },
    { "phone.json", "{\"contacts\": [{\"id\": \"p\",\n \"phones\": [\"06 12 34 56 78\",\n \"appelez-moi\"]}]}",
      VIGIE_PHONE_ERROR_INVALID, "Contact “p”: line 3: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigieDirectory) directory = vigie_directory_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *path = vigie_test_write_file (cases[i].name, cases[i].text);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      GQuark domain = i == 0 ? VIGIE_JSON_ERROR : g_str_equal (cases[i].name, "phone.json") ? VIGIE_PHONE_ERROR
                                                                                         : VIGIE_DIRECTORY_ERROR;

      g_assert_false (vigie_directory_load_contacts (directory, file, &error));
      g_test_message ("%s: %s", cases[i].name, error->message);
      g_assert_error (error, domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_nonnull (strstr (error->message, path));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/phone/normalize", test_phone_normalize);
  g_test_add_func ("/phone/invalid", test_phone_invalid);
  g_test_add_func ("/directory/lookup-line", test_lookup_line);
  g_test_add_func ("/directory/lookup-caller", test_lookup_caller);
  g_test_add_func ("/directory/shared-number", test_shared_number);
  g_test_add_func ("/directory/bad-files", test_bad_files);
  g_test_add_func ("/directory/bad-contacts", test_bad_contacts);

  return g_test_run ();
}
