/* test-phone.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigie-phone.h"
#include "vigie-test-phone.h"

static void
test_phone_french_forms (void)
{
  static const VigieTestPhoneCase cases[] = {
    { "06 12 34 56 78", "+33612345678" },
    { "0612345678", "+33612345678" },
    { "06.12.34.56.78", "+33612345678" },
    { "06-12-34-56-78", "+33612345678" },
    { "+33 6 12 34 56 78", "+33612345678" },
    { "+33612345678", "+33612345678" },
    { "0033 6 12 34 56 78", "+33612345678" },
    { "0033612345678", "+33612345678" },
    { "33612345678", "+33612345678" },
    { "+33 (0)6 12 34 56 78", "+33612345678" },
    { "  +33 6 12 34 56 78 ", "+33612345678" },
    { "0800 100 200", "+33800100200" },
    { "01 84 60 20 20", "+33184602020" },
    { "tel:+33-6-12-34-56-78", "+33612345678" },
    { "sip:0612345678@pbx.example.org", "+33612345678" },
    { "sips:+33612345678@pbx;transport=tls", "+33612345678" },
    /* Overseas departments have their own country codes. */
    { "0590 12 34 56", "+590590123456" },
    { "0692 12 34 56", "+262692123456" },
    { "0596 12 34 56", "+596596123456" },
    { "0594 12 34 56", "+594594123456" },
    /* Other countries pass through. */
    { "+32 2 123 45 67", "+3221234567" },
    { "0044 20 7946 0018", "+442079460018" },
    /* Internal extensions. */
    { "2001", "2001" },
    { "123456", "123456" },
  };

  vigie_test_assert_phones (cases, G_N_ELEMENTS (cases));
}

static void
test_phone_invalid (void)
{
  static const char * const bad[] = {
    "", "06 12 34 56", "06 12 34 56 78 90", "+33 6 12 34 56", "+33 6 12 34 56 78 9",
    "06 12 AB 56 78", "123", "0000000000", "+12", "06 12 34 56 78 ext 2", "++33612345678",
    "sip:@pbx", "0612345678;", "Claire",
  };

  vigie_test_assert_phones_invalid (bad, G_N_ELEMENTS (bad));
}

static void
test_phone_anonymous (void)
{
  static const char * const hidden[] = {
    NULL, "", "  ", "anonymous", "Anonymous", "ANONYME", "unknown", "private", "restricted",
    "Masqué", "MASQUE", "withheld", "sip:anonymous@anonymous.invalid",
  };
  static const char * const shown[] = {
    "0612345678", "+33612345678", "sip:0612345678@pbx", "2001",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    g_assert_true (vigie_phone_is_anonymous (hidden[i]));
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    g_assert_false (vigie_phone_is_anonymous (shown[i]));
}

static void
test_phone_format (void)
{
  g_autofree char *mobile = vigie_phone_format ("+33612345678");
  g_autofree char *freephone = vigie_phone_format ("+33800100200");
  g_autofree char *belgian = vigie_phone_format ("+3221234567");
  g_autofree char *extension = vigie_phone_format ("2001");

  g_assert_cmpstr (mobile, ==, "06 12 34 56 78");
  g_assert_cmpstr (freephone, ==, "08 00 10 02 00");
  g_assert_cmpstr (belgian, ==, "+3221234567");
  g_assert_cmpstr (extension, ==, "2001");

  g_assert_true (vigie_phone_is_dialable ("+33612345678"));
  g_assert_false (vigie_phone_is_dialable ("2001"));
  g_assert_false (vigie_phone_is_dialable (NULL));
}

static void
test_phone_round_trip (void)
{
  /* What the desk shows must normalise back to the same number. */
  static const char * const numbers[] = { "+33612345678", "+33184602020", "+33800100200" };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *shown = vigie_phone_format (numbers[i]);
      g_autofree char *back = vigie_phone_normalize (shown, NULL);

      g_assert_cmpstr (back, ==, numbers[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/phone/french-forms", test_phone_french_forms);
  g_test_add_func ("/phone/invalid", test_phone_invalid);
  g_test_add_func ("/phone/anonymous", test_phone_anonymous);
  g_test_add_func ("/phone/format", test_phone_format);
  g_test_add_func ("/phone/round-trip", test_phone_round_trip);

  return g_test_run ();
}
