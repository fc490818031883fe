/* test-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VigieCatalog, the reader of the compiled French catalogue that writes
 * alerts in the client's language whatever the desk's: every message of
 * po/fr.po it finds is the one GNU gettext finds in the same .mo (so its
 * binary search misses none), and a regional or encoded language name
 * ("fr_BE.UTF-8", "fr-CA") reads the base language's catalogue. Mutation
 * checks found neither guarded outside the slow binary tests.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vigie-catalog.h"
#include "vigie-test-util.h"

typedef struct {
  GString *msgid;
  GString *msgstr;
  GString *field;     /* the one continuation lines go to */
  gboolean skip;      /* context or plural: not what vigie_catalog_gettext() reads */
} Entry;

static void
flush (Entry      *entry,
       GPtrArray  *pairs)
{
  if (!entry->skip && entry->msgid->len > 0 && entry->msgstr->len > 0)
    {
      g_ptr_array_add (pairs, g_strcompress (entry->msgid->str));
      g_ptr_array_add (pairs, g_strcompress (entry->msgstr->str));
    }
  g_string_truncate (entry->msgid, 0);
  g_string_truncate (entry->msgstr, 0);
  entry->field = NULL;
  entry->skip = FALSE;
}

/* The quoted text after @prefix on @line, escapes kept. */
static void
append_quoted (GString    *to,
               const char *line)
{
  const char *start = strchr (line, '"');
  const char *end = strrchr (line, '"');

  g_assert_true (start != NULL && end > start);
  g_string_append_len (to, start + 1, end - start - 1);
}

/* msgid, msgstr, msgid, msgstr…: po/fr.po's plain entries. */
static GPtrArray *
read_po (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vigie_test_source_path ("po", "fr.po", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  Entry entry = { g_string_new (NULL), g_string_new (NULL), NULL, FALSE };

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      if (*line == '\0')
        flush (&entry, pairs);
      else if (g_str_has_prefix (line, "#~"))
        entry.skip = TRUE;
      else if (*line == '#')
        continue;
      else if (g_str_has_prefix (line, "msgctxt") || g_str_has_prefix (line, "msgid_plural") ||
               g_str_has_prefix (line, "msgstr["))
        {
          entry.skip = TRUE;
          entry.field = NULL;
        }
      else if (g_str_has_prefix (line, "msgid "))
        append_quoted (entry.field = entry.msgid, line);
      else if (g_str_has_prefix (line, "msgstr "))
        append_quoted (entry.field = entry.msgstr, line);
      else if (*line == '"' && entry.field != NULL)
        append_quoted (entry.field, line);
    }
  flush (&entry, pairs);
  g_string_free (entry.msgid, TRUE);
  g_string_free (entry.msgstr, TRUE);
  return pairs;
}

static gboolean have_french;

/* Every plain message, against GNU gettext on the same compiled file. */
static void
test_every_message (void)
{
  g_autoptr(GPtrArray) pairs = read_po ();
  g_autoptr(VigieCatalog) catalog = vigie_catalog_new ("fr");
  guint n = 0, translated = 0;

  if (!have_french)
    {
      g_test_skip ("No fr_FR.UTF-8 locale");
      return;
    }
  g_assert_cmpstr (vigie_catalog_get_language (catalog), ==, "fr");
  g_assert_cmpuint (pairs->len / 2, >, 1000);
  for (guint i = 0; i < pairs->len; i += 2)
    {
      const char *msgid = g_ptr_array_index (pairs, i);
      const char *expected = g_dgettext (GETTEXT_PACKAGE, msgid);
      const char *got = vigie_catalog_gettext (catalog, msgid);

      if (g_strcmp0 (got, expected) != 0)
        g_error ("“%s”: the catalog reads “%s”, gettext “%s”", msgid, got, expected);
      n++;
      translated += g_strcmp0 (got, msgid) != 0;
    }
  g_test_message ("%u messages, %u differ from English", n, translated);
  /* gettext itself read the French (the comparison means something). */
  g_assert_cmpuint (translated, >, n * 9 / 10);
  g_assert_cmpstr (vigie_catalog_gettext (catalog, "No such message in Vigie"), ==, "No such message in Vigie");
}

static void
test_language_names (void)
{
  static const struct { const char *asked, *language; gboolean french; } cases[] = {
    { "fr", "fr", TRUE },
    { "fr_BE.UTF-8", "fr", TRUE },
    { "fr-CA", "fr", TRUE },
    { "fr@euro", "fr", TRUE },
    { NULL, "fr", TRUE },       /* the desk's home language */
    { "", "fr", TRUE },
    { "en", "en", FALSE },
    { "en_GB", "en", FALSE },
    { "de_DE", "de", FALSE },   /* no German catalogue: English */
  };

  if (!have_french)
    {
      g_test_skip ("No fr_FR.UTF-8 locale");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigieCatalog) catalog = vigie_catalog_new (cases[i].asked);
      const char *alert = vigie_catalog_gettext (catalog, "Vigie alert");

      g_test_message ("%s → %s: %s", cases[i].asked, vigie_catalog_get_language (catalog), alert);
      g_assert_cmpstr (vigie_catalog_get_language (catalog), ==, cases[i].language);
      g_assert_cmpstr (alert, ==, cases[i].french ? g_dgettext (GETTEXT_PACKAGE, "Vigie alert") : "Vigie alert");
    }
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Vigie alert"), !=, "Vigie alert");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("VIGIE_LOCALEDIR");

  vigie_test_init (&argc, &argv);
  /* GNU gettext in French on the build's catalogue, the reference. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  have_french = setlocale (LC_ALL, "fr_FR.UTF-8") != NULL;
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/catalog/every-message", test_every_message);
  g_test_add_func ("/catalog/language-names", test_language_names);

  return g_test_run ();
}
