/* test-call-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's open calls (VigieCallList, the model the sidebar and the
 * call views are built from), alone: arrival order, one call per id,
 * removal signalled at the call's own position, an id free again once
 * its call is gone (switchboards reuse their ids). Mutation checks found
 * a duplicate accepted, a removal signalled at the wrong row and a
 * removed id kept all passing the desk tests.
 */
#include "config.h"

#include "vigie-context.h"
#include "vigie-test-util.h"

typedef struct {
  GString *changes;   /* "position-removed-added;" */
} Seen;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Seen       *seen)
{
  g_string_append_printf (seen->changes, "%u-%u-%u;", position, removed, added);
}

static VigieCall *
new_call (VigieContext *context,
          const char   *call_id)
{
  g_autoptr(GError) error = NULL;
  VigieCall *call = vigie_context_open_call (context, "+33 6 98 76 54 32", "0800 300 400", call_id, &error);

  g_assert_no_error (error);
  return call;
}

static VigieCall *
item (VigieCallList *list,
      guint          position)
{
  g_autoptr(VigieCall) call = g_list_model_get_item (G_LIST_MODEL (list), position);

  /* The list keeps its own reference. */
  return call;
}

static void
test_call_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(VigieContext) context = NULL;
  g_autoptr(VigieCallList) list = vigie_call_list_new ();
  g_autoptr(VigieCall) a = NULL;
  g_autoptr(VigieCall) b = NULL;
  g_autoptr(VigieCall) c = NULL;
  g_autoptr(VigieCall) b_again = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  Seen seen = { changes };

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  data_dir = vigie_test_make_data_dir (NULL);
  context = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  a = new_call (context, "4242");
  b = new_call (context, "4243");
  c = new_call (context, "4244");
  b_again = new_call (context, "4243");
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &seen);

  /* Arrival order. */
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == VIGIE_TYPE_CALL);
  g_assert_true (vigie_call_list_add (list, a));
  g_assert_true (vigie_call_list_add (list, b));
  g_assert_true (vigie_call_list_add (list, c));
  g_assert_cmpstr (changes->str, ==, "0-0-1;1-0-1;2-0-1;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_true (item (list, 0) == a);
  g_assert_true (item (list, 2) == c);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 3));

  /* One call per id: the second 4243 is refused while the first is open. */
  g_assert_false (vigie_call_list_add (list, b_again));
  g_assert_false (vigie_call_list_add (list, a));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_true (vigie_call_list_lookup (list, "4243") == b);
  g_assert_null (vigie_call_list_lookup (list, NULL));
  g_assert_null (vigie_call_list_lookup (list, "9999"));
  g_assert_cmpuint (vigie_call_list_find (list, b), ==, 1);
  g_assert_cmpuint (vigie_call_list_find (list, b_again), ==, G_MAXUINT);
  g_assert_cmpuint (vigie_call_list_find (list, NULL), ==, G_MAXUINT);

  /* Removed at its own row: the views drop that row, not another. */
  g_string_truncate (changes, 0);
  g_assert_false (vigie_call_list_remove (list, b_again));
  g_assert_true (vigie_call_list_remove (list, b));
  g_assert_cmpstr (changes->str, ==, "1-1-0;");
  g_assert_false (vigie_call_list_remove (list, b));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (item (list, 1) == c);
  g_assert_cmpuint (vigie_call_list_find (list, c), ==, 1);
  g_assert_null (vigie_call_list_lookup (list, "4243"));

  /* The switchboard's counter comes round again: 4243 is a new call. */
  g_string_truncate (changes, 0);
  g_assert_true (vigie_call_list_add (list, b_again));
  g_assert_cmpstr (changes->str, ==, "2-0-1;");
  g_assert_true (vigie_call_list_lookup (list, "4243") == b_again);
  g_assert_cmpuint (vigie_call_list_find (list, b_again), ==, 2);
  g_signal_handlers_disconnect_by_data (list, &seen);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/call-list/open-calls", test_call_list);

  return g_test_run ();
}
