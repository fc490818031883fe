/* vigie-dispatch-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-dispatch-fixture.h"

static void
overdue_cb (VigieDispatcher *dispatcher,
            const char      *call_id,
            const char      *dedup_key,
            const char      *phone,
            const char      *last_error,
            Fixture         *fixture)
{
  g_ptr_array_add (fixture->overdue, g_strdup (dedup_key));
  g_ptr_array_add (fixture->overdue_phones, g_strdup (phone));
}

void
vigie_dispatch_fixture_open_context (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  VigieDispatcher *dispatcher;

  fixture->context = vigie_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  dispatcher = vigie_context_get_dispatcher (fixture->context);
  vigie_dispatcher_set_retry_policy (dispatcher, 50, 200);
  vigie_dispatcher_set_ack_poll_interval (dispatcher, 50);
  vigie_dispatcher_set_overdue_delay (dispatcher, 120);
  g_signal_connect (dispatcher, "overdue", G_CALLBACK (overdue_cb), fixture);
}

void
vigie_dispatch_fixture_setup (Fixture       *fixture,
                              gconstpointer  targets)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expanded = NULL;
  g_auto(GStrv) parts = NULL;

  fixture->peer = vigie_peer_new (&error);
  g_assert_no_error (error);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  fixture->data_dir = vigie_test_make_data_dir (NULL);
  fixture->overdue = g_ptr_array_new_with_free_func (g_free);
  fixture->overdue_phones = g_ptr_array_new_with_free_func (g_free);

  /* The platforms' contracts, not the addressing: no roster, so alerts
   * go to the client's targets for its last-resort contact (oncall). */
  {
    g_autofree char *rosters = g_build_filename (fixture->data_dir, "rosters", NULL);
    g_autoptr(GDir) dir = g_dir_open (rosters, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (rosters, name, NULL);
        g_unlink (path);
      }
  }

  parts = g_strsplit (targets, "@PEER@", -1);
  expanded = g_strjoinv (fixture->peer->base_url, parts);
  vigie_peer_write_targets (fixture->data_dir, "hebergix", expanded, "+33612345678");
  vigie_dispatch_fixture_open_context (fixture);
}

void
store_secret (Fixture    *fixture,
              const char *target,
              const char *field,
              const char *value)
{
  g_autoptr(GError) error = NULL;
  VigieSecrets *secrets = vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (fixture->context));

  g_assert_true (vigie_secrets_store (secrets, "hebergix", target, field, value, &error));
  g_assert_no_error (error);
}

void
vigie_dispatch_fixture_teardown (Fixture       *fixture,
                                 gconstpointer  targets)
{
  g_clear_object (&fixture->context);
  g_clear_pointer (&fixture->peer, vigie_peer_free);
  g_clear_pointer (&fixture->overdue, g_ptr_array_unref);
  g_clear_pointer (&fixture->overdue_phones, g_ptr_array_unref);
  g_clear_pointer (&fixture->data_dir, g_free);
}

VigieCall *
decide (Fixture           *fixture,
        guint              first_choice,
        VigieDecisionKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = vigie_context_open_call (fixture->context, "+33 6 98 76 54 32",
                                                       "0800 300 400", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (vigie_call_answer (call, first_choice, &error));
  if (first_choice == 0)
    g_assert_true (vigie_call_answer (call, 0, &error));
  g_assert_no_error (error);
  g_assert_true (vigie_call_decide (call, kind, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&call);
}

/* A call the operator triggers (the first answers), once its alert has
 * reached @state. */
VigieCall *
trigger_until (Fixture         *fixture,
               VigieAlertState  state)
{
  VigieCall *call = decide (fixture, 0, VIGIE_DECISION_TRIGGER);

  VIGIE_TEST_WAIT_FOR (vigie_call_get_alert_state (call) == state);
  return call;
}

GPtrArray *
rows (Fixture   *fixture,
      VigieCall *call)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = vigie_call_dup_dedup_key (call);
  GPtrArray *list = vigie_outbox_list_key (vigie_context_get_outbox (fixture->context), key, &error);

  g_assert_no_error (error);
  return list;
}

VigieOutboxEntry *
row (Fixture    *fixture,
     VigieCall  *call,
     const char *target_id,
     const char *action)
{
  g_autoptr(GPtrArray) list = rows (fixture, call);

  for (guint i = 0; i < list->len; i++)
    {
      VigieOutboxEntry *entry = g_ptr_array_index (list, i);

      if (g_str_equal (entry->target_id, target_id) &&
          g_str_equal (vigie_alert_action_to_string (entry->action), action))
        return vigie_outbox_entry_copy (entry);
    }
  return NULL;
}

VigieOutboxState
row_state (Fixture    *fixture,
           VigieCall  *call,
           const char *target_id,
           const char *action)
{
  g_autoptr(VigieOutboxEntry) entry = row (fixture, call, target_id, action);

  return entry ? entry->state : (VigieOutboxState) -1;
}

guint
count_events (Fixture    *fixture,
              const char *call_id,
              const char *kind)
{
  return vigie_test_journal_count (vigie_context_get_journal (fixture->context), call_id, kind, NULL);
}

JsonObject *
body_of (VigiePeerRequest *request)
{
  g_assert_nonnull (request);
  g_assert_nonnull (request->body);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (request->body));
  return json_node_get_object (request->body);
}

