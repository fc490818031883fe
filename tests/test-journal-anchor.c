/* test-journal-anchor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The anchor kept beside the journal, alone: it moves forward and never
 * back, whoever asks (an older copy of the database put back and written
 * to must not pull it back), and an altered anchor is left as it is, as
 * evidence. A mutation check letting the writer overwrite an altered
 * anchor passed every journal test; it fails this one.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vigie-journal-private.h"
#include "vigie-test-util.h"


static void
write_anchor (const char   *path,
              const guint8 *key,
              gint64        seq,
              char          digit)
{
  g_autoptr(GError) error = NULL;
  char head[65];

  memset (head, digit, 64);
  head[64] = '\0';
  g_assert_true (vigie_journal_anchor_write (path, key, seq, head, 1, TRUE, &error));
  g_assert_no_error (error);
}

static void
assert_anchor (const char   *path,
               const guint8 *key,
               gint64        seq,
               char          digit)
{
  VigieJournalAnchor anchor;

  vigie_journal_anchor_read (path, key, &anchor);
  g_assert_true (anchor.present);
  g_assert_true (anchor.valid);
  g_assert_cmpint (anchor.seq, ==, seq);
  g_assert_cmpint (anchor.head[0], ==, digit);
  g_assert_cmpint (anchor.head[63], ==, digit);
}

static void
test_never_back (void)
{
  guint8 key[VIGIE_JOURNAL_KEY_SIZE];
  g_autofree char *path = NULL;
  g_autofree char *anchor_path = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  VigieJournalAnchor anchor;

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) (i * 7 + 1);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  path = g_build_filename (g_get_user_data_dir (), "journal.sqlite", NULL);
  anchor_path = vigie_journal_anchor_path (path);

  vigie_journal_anchor_read (path, key, &anchor);
  g_assert_false (anchor.present);

  /* Forward through both slots; then back, refused whichever slot would
   * take it: the newest written stays. */
  {
    static const struct { gint64 seq; char digit; gint64 kept; char kept_digit; } writes[] = {
      { 10, 'a', 10, 'a' }, { 12, 'b', 12, 'b' }, { 13, 'c', 13, 'c' },
      { 5, 'd', 13, 'c' }, { 11, 'e', 13, 'c' }, { 14, 'f', 14, 'f' },
    };

    for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
      {
        write_anchor (path, key, writes[i].seq, writes[i].digit);
        assert_anchor (path, key, writes[i].kept, writes[i].kept_digit);
      }
  }

  /* Read with another key, the anchor is there but not valid; written
   * with it, it stays as it was (evidence, not overwritten). */
  key[0] ^= 0xff;
  vigie_journal_anchor_read (path, key, &anchor);
  g_assert_true (anchor.present);
  g_assert_false (anchor.valid);
  g_assert_true (g_file_get_contents (anchor_path, &contents, &length, NULL));
  write_anchor (path, key, 20, 'g');
  {
    g_autofree char *after = NULL;
    gsize after_length;

    g_assert_true (g_file_get_contents (anchor_path, &after, &after_length, NULL));
    g_assert_cmpmem (after, after_length, contents, length);
  }
  key[0] ^= 0xff;
  assert_anchor (path, key, 14, 'f');
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/journal-anchor/never-back", test_never_back);

  return g_test_run ();
}
