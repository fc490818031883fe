/* test-sqlite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one SQLite helper the stores share: every value bound or the
 * failure said, a statement run to its end or the failure said, "no row"
 * told apart from "could not read", and one error message shape.
 */
#include "config.h"

#include "vigie-sqlite.h"

#define TEST_ERROR (g_quark_from_static_string ("test-sqlite-error"))

typedef struct {
  sqlite3 *db;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "test.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  fixture->db = vigie_sqlite_open (path, TRUE,
                                   "CREATE TABLE t (s TEXT, i INTEGER, x INTEGER NOT NULL UNIQUE);",
                                   "Test", TEST_ERROR, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->db);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_pointer (&fixture->db, sqlite3_close);
}

static sqlite3_stmt *
prepare (Fixture    *fixture,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  return stmt;
}

/* Each letter binds its own C type: a gint64 beyond 32 bits survives,
 * a NULL string is NULL. */
static void
test_bind_types (Fixture       *fixture,
                 gconstpointer  data)
{
  sqlite3_stmt *insert = prepare (fixture, "INSERT INTO t (s, i, x) VALUES (?1, ?2, ?3)");
  sqlite3_stmt *select = prepare (fixture, "SELECT s, i, x FROM t ORDER BY x");
  gint64 big = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  gboolean row = FALSE;

  g_assert_true (vigie_sqlite_run (insert, "six", "é", (gint32) -7, big));
  sqlite3_reset (insert);
  g_assert_true (vigie_sqlite_run (insert, "six", NULL, (gint32) 0, (gint64) 1));

  g_assert_true (vigie_sqlite_step (select, &row));
  g_assert_true (row);
  g_assert_cmpint (sqlite3_column_type (select, 0), ==, SQLITE_NULL);
  g_assert_true (vigie_sqlite_step (select, &row));
  g_assert_true (row);
  g_assert_cmpstr ((const char *) sqlite3_column_text (select, 0), ==, "é");
  g_assert_cmpint (sqlite3_column_int (select, 1), ==, -7);
  g_assert_cmpint (sqlite3_column_int64 (select, 2), ==, big);
  /* The end of the rows is not an error. */
  g_assert_true (vigie_sqlite_step (select, &row));
  g_assert_false (row);

  sqlite3_finalize (insert);
  sqlite3_finalize (select);
}

/* A value with no parameter to take it is a failure, not a silent NULL. */
static void
test_bind_out_of_range (Fixture       *fixture,
                        gconstpointer  data)
{
  sqlite3_stmt *stmt = prepare (fixture, "SELECT ?1, ?2");
  g_autoptr(GError) error = NULL;

  g_assert_true (vigie_sqlite_bind (stmt, "sx", "a", (gint64) 1));
  sqlite3_reset (stmt);
  g_assert_false (vigie_sqlite_bind (stmt, "sxs", "a", (gint64) 1, "too many"));
  g_assert_false (vigie_sqlite_set_error (&error, fixture->db, TEST_ERROR, 3, "Outbox", "cannot read"));
  g_assert_error (error, TEST_ERROR, 3);
  g_assert_cmpstr (error->message, ==, "Outbox: cannot read: column index out of range");
  sqlite3_finalize (stmt);
}

/* A statement that fails to run is said to fail, with SQLite's reason. */
static void
test_run_failure (Fixture       *fixture,
                  gconstpointer  data)
{
  sqlite3_stmt *insert = prepare (fixture, "INSERT INTO t (s, i, x) VALUES (?1, ?2, ?3)");
  sqlite3_stmt *again = prepare (fixture, "INSERT INTO t (s, i, x) SELECT s, i, x FROM t");
  g_autoptr(GError) error = NULL;
  gboolean row = TRUE;

  g_assert_true (vigie_sqlite_run (insert, "six", "a", (gint32) 1, (gint64) 42));
  sqlite3_reset (insert);
  g_assert_false (vigie_sqlite_run (insert, "six", "b", (gint32) 2, (gint64) 42));
  vigie_sqlite_set_error (&error, fixture->db, TEST_ERROR, 1, "Rosters in x.sqlite", "cannot save");
  g_assert_true (g_str_has_prefix (error->message, "Rosters in x.sqlite: cannot save: UNIQUE constraint failed"));

  /* A step that fails is not "no row". */
  g_assert_false (vigie_sqlite_step (again, &row));
  g_assert_false (row);

  sqlite3_finalize (insert);
  sqlite3_finalize (again);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sqlite/bind-types", Fixture, NULL, setup, test_bind_types, teardown);
  g_test_add ("/sqlite/bind-out-of-range", Fixture, NULL, setup, test_bind_out_of_range, teardown);
  g_test_add ("/sqlite/run-failure", Fixture, NULL, setup, test_run_failure, teardown);

  return g_test_run ();
}
