/* test-hostile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Faults and hostile files around the data folder: the demo never
 * replaces a centre's data, one desk per folder.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigie-input.h"
#include "vigie-dispatch-fixture.h"
#include "vigie-test-cli.h"
#include "vigie-test-wait.h"

#define PD_TARGET \
  "[{\"id\": \"pd\", \"type\": \"pagerduty\", \"url\": \"@PEER@/v2/enqueue\", \"api_url\": \"@PEER@\"}]"

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* `vigie ARG…` on @data_dir as a user runs it (in French, warnings
 * printed, not fatal), @input on its standard input; its output, stderr
 * merged, in @output. */
static int
run_vigie_input (const char  *data_dir,
                 const char  *input,
                 char       **output,
                 ...)
{
  g_auto(VigieTestRun) run = { 0 };
  va_list args;

  va_start (args, output);
  vigie_test_run_vigie_va (&run, data_dir, input,
                           VIGIE_TEST_RUN_MERGE_STDERR | VIGIE_TEST_RUN_NO_G_DEBUG | VIGIE_TEST_RUN_FRENCH, args);
  va_end (args);
  *output = g_steal_pointer (&run.out);
  return run.status;
}

#define run_vigie(data_dir, output, ...) run_vigie_input ((data_dir), NULL, (output), __VA_ARGS__)

/* clients.json moved aside while editing: the next start, desk or
 * command line, must not install the demo over directory.json, the
 * scripts and the rosters. */
static void
test_demo_never_over_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700), vigie_test_make_data_dir (NULL));
  g_autofree char *clients = g_build_filename (dir, "clients.json", NULL);
  g_autofree char *aside = g_build_filename (dir, "clients.json.edit", NULL);
  g_autofree char *directory = g_build_filename (dir, "directory.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *output = NULL;
  gboolean installed = TRUE;

  /* The centre's own directory, not the demo's. */
  g_assert_true (g_file_set_contents (directory, "{\"contacts\": []}\n", -1, &error));
  before = checksum_of (directory);
  g_assert_cmpint (g_rename (clients, aside), ==, 0);

  g_assert_false (vigie_context_install_demo (dir, &installed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "clients.json"));
  g_assert_false (installed);
  g_clear_error (&error);

  /* The command line says so in French and touches nothing. */
  g_assert_cmpint (run_vigie (dir, &output, "alert", "test", "hebergix", NULL), ==, 1);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "clients.json est absent"));
  g_assert_false (g_file_test (clients, G_FILE_TEST_EXISTS));
  after = checksum_of (directory);
  g_assert_cmpstr (before, ==, after);

  /* An empty folder still gets the demo, private to the user. */
  {
    g_autofree char *fresh = g_build_filename (g_get_user_data_dir (), "fresh", "vigie", NULL);
    g_autofree char *fresh_clients = g_build_filename (fresh, "clients.json", NULL);
    GStatBuf st;

    g_assert_true (vigie_context_install_demo (fresh, &installed, &error));
    g_assert_no_error (error);
    g_assert_true (installed);
    g_assert_true (g_file_test (fresh_clients, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (g_stat (fresh, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_assert_cmpint (g_stat (fresh_clients, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    /* The journal too, and its WAL. */
    {
      g_autoptr(VigieContext) context = vigie_context_new (fresh, &error);
      g_autofree char *journal = g_build_filename (fresh, "journal.sqlite", NULL);
      g_autofree char *wal = g_build_filename (fresh, "journal.sqlite-wal", NULL);

      g_assert_no_error (error);
      g_assert_cmpint (g_stat (journal, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_cmpint (g_stat (wal, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }
  }
}

/* Two desks on one folder: the second is told, and does not send the
 * first one's alerts again. */
static void
test_two_desks (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(VigieContext) second = NULL;
  g_autofree char *key = NULL;

  vigie_dispatch_fixture_setup (&fixture, PD_TARGET);
  store_secret (&fixture, "pd", "routing_key", fixture.peer->routing_key);
  g_assert_true (vigie_context_check_sender (fixture.context, &error));
  g_assert_no_error (error);

  /* The target is down: the alert waits in the outbox. */
  vigie_peer_set_down (fixture.peer, TRUE);
  call = decide (&fixture, 0, VIGIE_DECISION_TRIGGER);
  key = vigie_call_dup_dedup_key (call);

  second = vigie_context_new (fixture.data_dir, &error);
  g_assert_no_error (error);
  vigie_dispatcher_set_retry_policy (vigie_context_get_dispatcher (second), 50, 200);
  g_assert_false (vigie_context_check_sender (second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Another desk already uses the data folder"));
  g_assert_nonnull (strstr (error->message, "process"));
  g_clear_error (&error);

  vigie_peer_set_down (fixture.peer, FALSE);
  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == VIGIE_ALERT_DELIVERED);
  vigie_test_run_for (1000);
  g_assert_cmpuint (vigie_peer_n_received (fixture.peer, key), ==, 1);

  /* The first desk gone, the lock is free again. */
  g_clear_object (&call);
  g_clear_object (&second);
  {
    gpointer weak = fixture.context;

    g_object_add_weak_pointer (weak, &weak);
    g_clear_object (&fixture.context);
    g_assert_null (weak);
  }
  vigie_dispatch_fixture_open_context (&fixture);
  g_assert_true (vigie_context_check_sender (fixture.context, &error));
  g_assert_no_error (error);

  vigie_dispatch_fixture_teardown (&fixture, NULL);
}

/* Caller numbers and call ids from the switchboard, the command line or a
 * tel: link are refused at the edge when they could fake a line on screen
 * (newline, ESC, bidi override) or put invalid UTF-8 in the journal. */
static void
test_edge_inputs (void)
{
  static const struct { const char *from, *line, *call_id; } hostile[] = {
    { "06 12 34 56 78\nVIP: Préfet", "0800 100 200", NULL },
    { "0612345678\r", "0800 100 200", NULL },
    { "\x1b[31m0612345678", "0800 100 200", NULL },
    { "0612345678\x7f", "0800 100 200", NULL },
    { "0612345678\xc2\x85", "0800 100 200", NULL },             /* U+0085, C1 */
    { "\xe2\x80\xae" "8765432160", "0800 100 200", NULL },      /* U+202E */
    { "0612345678\xe2\x80\xa8VIP", "0800 100 200", NULL },      /* U+2028 */
    { "\xff\xfe", "0800 100 200", NULL },                       /* tel:%FF%FE */
    { "0612345678", "0800 100 200\n", NULL },
    { "0612345678", "0800 100 200", "42\n43" },
    { "0612345678", "0800 100 200", "call id" },
    { "0612345678", "0800 100 200", "\xc3\xa9t\xc3\xa9" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700), vigie_test_make_data_dir (NULL));
  g_autoptr(VigieContext) context = vigie_context_new (dir, &error);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) long_id = g_string_new (NULL);

  g_assert_no_error (error);
  before = vigie_journal_list_events (vigie_context_get_journal (context), NULL, &error);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(VigieCall) call = vigie_context_open_call (context, hostile[i].from, hostile[i].line,
                                                           hostile[i].call_id, &error);

      g_assert_null (call);
      g_assert_nonnull (error);
      g_test_message ("%u: %s", i, error->message);
      g_clear_error (&error);
    }

  /* 10,000 digits, a 10,000-character call id. */
  for (guint i = 0; i < 10000; i++)
    {
      g_string_append_c (digits, '0' + i % 10);
      g_string_append_c (long_id, 'a' + i % 26);
    }
  g_assert_null (vigie_context_open_call (context, digits->str, "0800 100 200", NULL, &error));
  g_assert_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (vigie_context_open_call (context, "0612345678", "0800 100 200", long_id->str, &error));
  g_assert_error (error, VIGIE_INPUT_ERROR, VIGIE_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing reached the journal; ordinary calls still open. */
  after = vigie_journal_list_events (vigie_context_get_journal (context), NULL, &error);
  g_assert_cmpuint (after->len, ==, before->len);
  {
    g_autoptr(VigieCall) call = vigie_context_open_call (context, "sip:+33612345678@pbx.example;user=phone",
                                                         "0800 100 200", "1700000000.42", &error);

    g_assert_no_error (error);
    g_assert_nonnull (call);
    g_assert_cmpstr (vigie_call_get_from (call), ==, "+33612345678");
  }
  {
    g_autoptr(VigieCall) call = vigie_context_open_call (context, "Anonymous", "0800 100 200",
                                                         "6f1c2a0e-93f4-4a55-b1de-2d4c1e9b7a10", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (vigie_call_get_from (call), ==, "anonymous");
  }
}

/* --- hostile data files --- */

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
}

static char *
deep (const char *prefix,
      guint       depth,
      const char *suffix)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, suffix);
  return g_string_free (text, FALSE);
}

/* Rewrites one field of the client "hebergix" in clients.json. */
static void
edit_client (const char *dir,
             const char *member,
             const char *json_value)
{
  vigie_test_set_client_member (dir, "hebergix", member, json_value);
}

static void
replace_with_fifo (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
}

static void
replace_with_link (const char *dir,
                   const char *name,
                   const char *target)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

typedef enum { FATAL, SCRIPT, ROSTER } Where;

typedef struct {
  const char *name;
  Where       where;       /* the context refuses, a script or a roster is reported */
  const char *file;        /* named in the message */
  const char *expected;    /* in the message (C locale) */
  const char *french;      /* in `vigie roster list`'s French output */
} Hostile;

static void
make_hostile (const char *dir,
              const char *name)
{
  if (g_str_equal (name, "clients-deep"))
    {
      g_autofree char *text = deep ("{\"clients\": ", 100000, "}");
      write_file (dir, "clients.json", text, -1);
    }
  else if (g_str_equal (name, "roster-deep"))
    {
      g_autofree char *text = deep ("{\"client_id\": \"hebergix\", \"x\": ", 100000, "}");
      write_file (dir, "rosters/hebergix.json", text, -1);
    }
  else if (g_str_equal (name, "directory-fifo"))
    replace_with_fifo (dir, "directory.json");
  else if (g_str_equal (name, "include-fifo"))
    replace_with_fifo (dir, "scripts/branches/gaz.json");
  else if (g_str_equal (name, "clients-link-zero"))
    replace_with_link (dir, "clients.json", "/dev/zero");
  else if (g_str_equal (name, "script-link-zero"))
    replace_with_link (dir, "scripts/hebergix.json", "/dev/zero");
  else if (g_str_equal (name, "script-escape"))
    edit_client (dir, "script", "\"../../../../../../../../etc/passwd\"");
  else if (g_str_equal (name, "script-dev-zero"))
    edit_client (dir, "script", "\"../../../../../../../../dev/zero\"");
  else if (g_str_equal (name, "clients-huge"))
    {
      gsize size = 45 * 1024 * 1024;
      g_autofree char *text = g_malloc (size + 1);

      memset (text, ' ', size);
      memcpy (text, "{\"clients\": []", strlen ("{\"clients\": []"));
      text[size - 1] = '}';
      text[size] = '\0';
      write_file (dir, "clients.json", text, size);
    }
  else if (g_str_equal (name, "lines-string"))
    edit_client (dir, "lines", "\"0800 100 200\"");
  else if (g_str_equal (name, "timezone"))
    edit_client (dir, "timezone", "\"Mars/Olympus_Mons\"");
  else if (g_str_equal (name, "contacts-twice"))
    write_file (dir, "directory.json", "{\"contacts\": [],\n \"contacts\": []}", -1);
  else if (g_str_equal (name, "vip-twice"))
    write_file (dir, "directory.json",
                "{\"contacts\": [{\"id\": \"a\", \"phones\": [\"0612345678\"],\n"
                "  \"vip\": false, \"vip\": true}]}", -1);
  else
    g_assert_not_reached ();
}

static gboolean
hang_cb (gpointer user_data)
{
  g_error ("Loading %s hangs", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
test_hostile_files (void)
{
  static const Hostile cases[] = {
    { "clients-deep", FATAL, "clients.json:1:", "nest", "clients.json:1:" },
    { "roster-deep", ROSTER, "hebergix.json:1:", "nest", "hebergix.json:1:" },
    { "directory-fifo", FATAL, "directory.json", "is not a regular file", "n’est pas un fichier ordinaire" },
    { "include-fifo", SCRIPT, "gaz.json", "is not a regular file", "n’est pas un fichier ordinaire" },
    { "clients-link-zero", FATAL, "clients.json", "is a symbolic link", "est un lien symbolique" },
    { "script-link-zero", SCRIPT, "hebergix.json", "leads out of the folder", "sort du dossier" },
    { "script-escape", SCRIPT, "passwd", "leads out of the folder", "sort du dossier" },
    { "script-dev-zero", SCRIPT, "zero", "leads out of the folder", "sort du dossier" },
    { "clients-huge", FATAL, "clients.json", "is too large", "est trop volumineux" },
    { "lines-string", FATAL, "clients.json:", "“lines” must be a list", "« lines » doit être une liste" },
    { "timezone", FATAL, "clients.json:", "is not a time zone", "n’est pas un fuseau horaire" },
    { "contacts-twice", FATAL, "directory.json:2:2:", "is given twice", "est donné deux fois" },
    { "vip-twice", FATAL, "directory.json:2:17:", "is given twice", "est donné deux fois" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Hostile *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = vigie_test_make_data_dir (NULL);
      g_autofree char *output = NULL;
      g_autoptr(VigieContext) context = NULL;
      g_autofree char *corpus = NULL;
      guint guard = g_timeout_add_seconds (20, hang_cb, (gpointer) c->name);
      const char *message = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("%s", c->name);
      make_hostile (dir, c->name);
      if (c->where == ROSTER)
        g_test_expect_message ("vigie-roster-store", G_LOG_LEVEL_WARNING, "*hebergix.json:1:*");
      else if (c->where == SCRIPT)
        g_test_expect_message ("vigie-context", G_LOG_LEVEL_WARNING, "*");
      context = vigie_context_new (dir, &error);
      g_test_assert_expected_messages ();
      if (c->where == FATAL)
        {
          g_assert_null (context);
          g_assert_nonnull (error);
          message = error->message;
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (context);
          if (c->where == SCRIPT)
            {
              const char *client = g_str_equal (c->name, "include-fifo") ? "dupont-maintenance" : "hebergix";

              g_assert_null (vigie_context_get_script (context, client, &message));
              g_assert_nonnull (message);
            }
        }
      if (message != NULL)
        {
          g_test_message ("  %s", message);
          g_assert_nonnull (strstr (message, c->file));
          g_assert_nonnull (strstr (message, c->expected));
          /* Nothing read from outside the folder is quoted back. */
          g_assert_null (strstr (message, "root:"));
        }
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
      g_source_remove (guard);
      g_clear_object (&context);

      /* The same file through the real command, in French. */
      run_vigie (dir, &output, "roster", "list", NULL);
      g_test_message ("  %s", output);
      g_assert_nonnull (strstr (output, c->french));
      g_assert_null (strstr (output, "root:"));
    }
}

/* The switchboard token is a secret: stored by `vigie alert pbx-token` in
 * VigieSecrets (0600 file without a keyring), and one left in clear in
 * the settings moves there. */
static void
test_pbx_token_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700), vigie_test_make_data_dir (NULL));
  g_autofree char *secrets = g_build_filename (g_get_user_config_dir (), "vigie", "secrets.ini", NULL);
  g_autofree char *output = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *token = NULL;
  g_autoptr(VigieContext) context = NULL;
  GStatBuf st;

  /* From the settings of an older version: moved, and used. */
  context = vigie_context_new (dir, &error);
  g_assert_no_error (error);
  token = vigie_context_dup_pbx_token (context, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  token = vigie_context_dup_pbx_token (context, "legacy-t0ken", NULL, &error);
  g_assert_cmpstr (token, ==, "legacy-t0ken");
  g_clear_pointer (&token, g_free);
  token = vigie_context_dup_pbx_token (context, NULL, NULL, &error);
  g_assert_cmpstr (token, ==, "legacy-t0ken");
  g_clear_pointer (&token, g_free);
  g_assert_cmpint (g_stat (secrets, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_object (&context);

  /* Set from the command line (standard input, never an argument). */
  g_assert_cmpint (run_vigie_input (dir, "short\n", &output, "alert", "pbx-token", NULL), ==, 1);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_vigie_input (dir, "n3w-switchboard-t0ken\n", &output, "alert", "pbx-token", NULL), ==, 0);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "secrets.ini"));
  g_assert_true (g_file_get_contents (secrets, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "n3w-switchboard-t0ken"));
  context = vigie_context_new (dir, &error);
  g_assert_no_error (error);
  /* A stored token wins over a stale one in the settings. */
  token = vigie_context_dup_pbx_token (context, "legacy-t0ken", NULL, &error);
  g_assert_cmpstr (token, ==, "n3w-switchboard-t0ken");
}

/* A full disk (here a zero file-size limit): the new call still opens,
 * says why it is not journaled, keeps its steps and note in memory, and
 * everything is written, in order, once space returns. */
static void
test_full_disk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = (g_mkdir_with_parents (g_get_user_data_dir (), 0700), vigie_test_make_data_dir (NULL));
  g_autoptr(VigieContext) context = vigie_context_new (dir, &error);
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GPtrArray) events = NULL;
  struct rlimit saved, full;

  g_assert_no_error (error);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  full = saved;
  full.rlim_cur = 0;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &full), ==, 0);

  call = vigie_context_open_call (context, "06 12 34 56 78", "0800 100 200", "disk-full-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  g_test_message ("%s", vigie_call_get_journal_error (call));
  g_assert_nonnull (vigie_call_get_journal_error (call));
  /* The operator works on: an answer, a note. */
  g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_no_error (error);
  vigie_call_set_note (call, "Eau au plafond du local compteurs");
  g_assert_cmpstr (vigie_call_get_note (call), ==, "Eau au plafond du local compteurs");
  events = vigie_journal_list_events (vigie_context_get_journal (context), "disk-full-1", &error);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Space returns: within a couple of seconds it is all on disk. */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  vigie_test_wait_until (vigie_call_get_journal_error (call) == NULL, 5000);
  g_assert_null (vigie_call_get_journal_error (call));
  events = vigie_journal_list_events (vigie_context_get_journal (context), "disk-full-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, 0))->kind, ==, "call-received");
  g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, 1))->kind, ==, "caller-identified");
  g_assert_cmpstr (((VigieJournalEvent *) g_ptr_array_index (events, 2))->kind, ==, "answer");
  g_assert_nonnull (strstr (((VigieJournalEvent *) g_ptr_array_index (events, 0))->data, "held_since"));
  g_assert_true (vigie_journal_verify (vigie_context_get_journal (context), NULL, &error));
  g_assert_no_error (error);

  /* The note stayed with the call all along. */
  g_assert_cmpstr (vigie_call_get_note (call), ==, "Eau au plafond du local compteurs");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hostile/demo-never-over-data", test_demo_never_over_data);
  g_test_add_func ("/hostile/two-desks", test_two_desks);
  g_test_add_func ("/hostile/edge-inputs", test_edge_inputs);
  g_test_add_func ("/hostile/data-files", test_hostile_files);
  g_test_add_func ("/hostile/pbx-token-secret", test_pbx_token_secret);
  g_test_add_func ("/hostile/full-disk", test_full_disk);

  return g_test_run ();
}
