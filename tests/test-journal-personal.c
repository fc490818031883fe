/* test-journal-personal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What mutation checks found unguarded in the journal's personal data
 * (GDPR): every member that names or describes the caller is kept out of
 * the chained row (the sample journal never writes some of them: an
 * address, a caller's company as typed on the desk, the label of a typed
 * answer); a client's retention of 0 days means "the default", not
 * "erase at once"; a limited retention run erases no more calls than its
 * limit, rings with no call included.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "vigie-journal.h"
#include "vigie-test-util.h"

static char *
journal_path (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("journal-%u.sqlite", n++);

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

/* Appends @kind for @call_id with @json as its data. */
static void
append (VigieJournal *journal, const char *call_id, const char *kind, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (vigie_journal_append (journal, call_id, kind, data, &error));
  g_assert_no_error (error);
}

/* The chained rows' data, as stored. */
static char *
chained_text (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat (data, '\n') FROM events", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static char *
events_text (VigieJournal *journal,
             const char   *call_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vigie_journal_list_events (journal, call_id, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    g_string_append_printf (text, "%s\n", ((VigieJournalEvent *) g_ptr_array_index (events, i))->data);
  return g_string_free (text, FALSE);
}

/* Each value is the member's name in capitals, so a leak names itself. */
static void
test_members_kept_out (void)
{
  static const struct { const char *kind, *json; } events[] = {
    /* Personal in any event (the journal's documented list). */
    { "caller-notes", "{\"from\": \"FROM-X\", \"number\": \"NUMBER-X\", \"presented\": \"PRESENTED-X\","
                      " \"caller_number\": \"CALLER_NUMBER-X\", \"caller_name\": \"CALLER_NAME-X\","
                      " \"caller\": \"CALLER-X\", \"callback\": \"CALLBACK-X\", \"value\": \"VALUE-X\","
                      " \"note\": \"NOTE-X\", \"address\": \"ADDRESS-X\", \"last_name\": \"LAST_NAME-X\","
                      " \"first_name\": \"FIRST_NAME-X\", \"site\": \"SITE-X\"}" },
    /* Personal in one kind only. */
    { "caller-identified", "{\"name\": \"IDENTIFIED_NAME-X\", \"company\": \"IDENTIFIED_COMPANY-X\","
                           " \"contract\": \"CONTRACT-X\", \"contact_id\": \"CONTACT_ID-X\"}" },
    /* What the desk's identity form journals (vigie_caller_identity_commit). */
    { "caller-details", "{\"company\": \"DETAILS_COMPANY-X\", \"name\": \"DETAILS_NAME-X\", \"complete\": true}" },
    { "override", "{\"reason\": \"OVERRIDE_REASON-X\"}" },
    { "decision", "{\"decision\": \"trigger\", \"override_reason\": \"DECISION_OVERRIDE-X\","
                  " \"reason\": \"DECISION_REASON-X\"}" },
    /* A typed answer: its label is what was typed. */
    { "answer", "{\"node\": \"where\", \"answer\": \"TYPED_LABEL-X\", \"value\": \"TYPED_VALUE-X\"}" },
  };
  static const char * const public_values[] = { "\"decision\":\"trigger\"", "\"node\":\"where\"",
                                                "\"complete\":true" };
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autofree char *chained = NULL;
  g_autofree char *read_back = NULL;
  g_autoptr(GRegex) personal = g_regex_new ("[A-Z_]+-X", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n_values = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    append (journal, "call-p", events[i].kind, events[i].json);

  chained = chained_text (path);
  g_test_message ("chained: %s", chained);
  if (g_regex_match (personal, chained, 0, &match))
    g_error ("“%s” is in a chained row", g_match_info_fetch (match, 0));
  for (guint i = 0; i < G_N_ELEMENTS (public_values); i++)
    g_assert_nonnull (strstr (chained, public_values[i]));

  /* Readers still get every one back. */
  read_back = events_text (journal, "call-p");
  g_clear_pointer (&match, g_match_info_free);
  for (g_regex_match (personal, read_back, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    n_values++;
  g_assert_cmpuint (n_values, ==, 13 + 4 + 2 + 1 + 2 + 2);
}

static GDateTime *
days_from_now (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_days (now, days);
}

static gboolean
erased (VigieJournal *journal,
        const char   *call_id,
        const char   *value)
{
  g_autofree char *text = events_text (journal, call_id);

  return strstr (text, value) == NULL && strstr (text, "\"erased\":true") != NULL;
}

/* "0 or absent: the default": a client whose retention is 0 keeps its
 * calls as long as the default says, not zero days. */
static void
test_retention_zero_is_default (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autoptr(GHashTable) retention = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) in_ten_days = days_from_now (10);
  g_autoptr(GDateTime) in_forty_days = days_from_now (40);
  guint n = 0;

  g_assert_no_error (error);
  append (journal, "zero-1", "call-received", "{\"client_id\": \"zero\", \"from\": \"+33611110000\"}");
  append (journal, "short-1", "call-received", "{\"client_id\": \"short\", \"from\": \"+33622220000\"}");
  g_hash_table_insert (retention, "zero", GINT_TO_POINTER (0));
  g_hash_table_insert (retention, "short", GINT_TO_POINTER (5));

  /* Ten days on: only the 5-day client's call goes. */
  g_assert_true (vigie_journal_erase_expired (journal, retention, 30, in_ten_days, 0, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (erased (journal, "short-1", "+33622220000"));
  g_assert_false (erased (journal, "zero-1", "+33611110000"));

  /* Forty days on, past the default's 30: it goes too. */
  g_assert_true (vigie_journal_erase_expired (journal, retention, 30, in_forty_days, 0, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (erased (journal, "zero-1", "+33611110000"));
}

/* A limited run (the desk erases in batches) stops at its limit, the
 * rings no call came of counted in it; the next run takes the rest. */
static void
test_retention_limit (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autoptr(GDateTime) later = days_from_now (40);
  gboolean ok;
  guint n = 0;

  g_assert_no_error (error);
  append (journal, "call-1", "call-received", "{\"client_id\": \"dupont\", \"from\": \"+33611111111\"}");
  append (journal, "ring-1", "pbx-event", "{\"event\": \"ring\", \"from\": \"+33622222222\"}");
  append (journal, "ring-2", "pbx-event", "{\"event\": \"ring\", \"from\": \"+33633333333\"}");

  /* No client of its own: the default alone (this was an SQL syntax
   * error, "CASE client_id ELSE … END", before). */
  ok = vigie_journal_erase_expired (journal, NULL, 30, later, 2, &n, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (erased (journal, "call-1", "+33611111111"));
  g_assert_true (vigie_journal_erase_expired (journal, NULL, 30, later, 2, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (erased (journal, "ring-1", "+33622222222"));
  g_assert_true (erased (journal, "ring-2", "+33633333333"));
  g_assert_true (vigie_journal_erase_expired (journal, NULL, 30, later, 2, &n, &error));
  g_assert_cmpuint (n, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/journal-personal/members-kept-out", test_members_kept_out);
  g_test_add_func ("/journal-personal/retention-zero-is-default", test_retention_zero_is_default);
  g_test_add_func ("/journal-personal/retention-limit", test_retention_limit);

  return g_test_run ();
}
