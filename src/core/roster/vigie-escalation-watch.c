/* vigie-escalation-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal watcher: a triggered call starts its client's cascade, an
 * acknowledgement journaled for it stops the cascade.
 */
#define G_LOG_DOMAIN "vigie-escalation"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "vigie-escalation-private.h"
#include "vigie-sqlite.h"

/* Journal watcher: a triggered call starts its client's cascade, an
 * acknowledgement journaled for it stops the cascade. */

static char *
find_client (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, "call-received"))
        {
          g_autoptr(JsonNode) node = json_from_string (event->data, NULL);

          if (node && JSON_NODE_HOLDS_OBJECT (node))
            return g_strdup (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                         "client_id", NULL));
        }
    }
  return NULL;
}

/* The decision the desk committed for @call_id. The outbox journals the
 * decision and its "alert-queued" rows in one transaction, so when the
 * "appended" signal for the decision arrives, the decision is no longer
 * the call's last event: it must be looked for. (Reading the last event
 * is why the desk never started a cascade.) */
static JsonNode *
find_decision (GPtrArray *events)
{
  for (guint i = events->len; i > 0; i--)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i - 1);

      if (g_str_equal (event->kind, "decision"))
        {
          JsonNode *node = json_from_string (event->data, NULL);

          if (node && JSON_NODE_HOLDS_OBJECT (node))
            return node;
          g_clear_pointer (&node, json_node_unref);
          return NULL;
        }
    }
  return NULL;
}

static void
appended_cb (VigieJournal    *journal,
             const char      *call_id,
             const char      *kind,
             VigieEscalation *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonNode) decision = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *alert_id = NULL;
  JsonObject *object, *recipient;
  VigieRoster *roster;

  if (call_id == NULL || (g_strcmp0 (kind, "decision") != 0 && g_strcmp0 (kind, "alert-acknowledged") != 0))
    return;
  if (!(events = vigie_journal_list_events (journal, call_id, &error)) || events->len == 0)
    return;
  now = self->clock (self->clock_data);

  if (g_str_equal (kind, "alert-acknowledged"))
    {
      VigieJournalEvent *last = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *ack = NULL;
      const char *person = NULL;
      const char *key = NULL;
      g_autofree char *acked = NULL;

      for (guint i = events->len; i > 0 && last == NULL; i--)
        if (g_str_equal (((VigieJournalEvent *) g_ptr_array_index (events, i - 1))->kind, "alert-acknowledged"))
          last = g_ptr_array_index (events, i - 1);
      node = last ? json_from_string (last->data, NULL) : NULL;
      ack = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      if (ack)
        {
          person = json_object_get_string_member_with_default (ack, "person_id",
                                                               json_object_get_string_member_with_default (ack, "by", NULL));
          key = json_object_get_string_member_with_default (ack, "dedup_key", NULL);
        }

      /* The desk's alert key (a step's key starts with it); old journals
       * and other sources name the alert by the call id. */
      if (key != NULL && strstr (key, "/escalation/") != NULL)
        acked = g_strndup (key, strstr (key, "/escalation/") - key);
      else
        acked = g_strdup (key ? key : call_id);
      if (!vigie_escalation_acknowledge (self, acked, person, now, &error) &&
          g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NOT_FOUND) &&
          g_strcmp0 (acked, call_id) != 0)
        {
          g_clear_error (&error);
          vigie_escalation_acknowledge (self, call_id, person, now, &error);
        }
      if (error != NULL &&
          !g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NOT_FOUND))
        g_warning ("%s", error->message);
      return;
    }

  if (!(decision = find_decision (events)))
    return;
  object = json_node_get_object (decision);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "decision", NULL), "defer") == 0)
    {
      const char *when = json_object_get_string_member_with_default (object, "defer_until", NULL);
      g_autoptr(GDateTime) due = when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;

      /* A deferred alert reaches its person at the deferral's time: the
       * cascade counts from then (an acknowledgement before stops it). */
      if (due == NULL || json_object_get_member (object, "recipient") == NULL)
        return;
      g_date_time_unref (now);
      now = g_steal_pointer (&due);
    }
  else if (g_strcmp0 (json_object_get_string_member_with_default (object, "decision", NULL), "trigger") != 0)
    return;
  /* Switchboards reuse call ids: the alert is named by its own key. */
  alert_id = g_strdup (json_object_get_string_member_with_default (object, "dedup_key", call_id));

  client_id = find_client (events);
  recipient = json_object_has_member (object, "recipient") &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "recipient"))
              ? json_object_get_object_member (object, "recipient") : NULL;
  if (recipient != NULL)
    {
      JsonNode *policy = json_object_get_member (recipient, "policy");

      /* The cascade the desk addressed its alert with, from the step
       * after the one it alerted. */
      if (policy == NULL || !JSON_NODE_HOLDS_OBJECT (policy))
        return;
      if (!vigie_escalation_start_policy (self, alert_id, client_id, call_id, policy,
                                          (guint) json_object_get_int_member_with_default (recipient, "step", 1),
                                          now, &error))
        {
          if (!g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NO_POLICY) &&
              !g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_EXISTS))
            g_warning ("%s", error->message);
          return;
        }
    }
  else
    {
      if (!(roster = vigie_roster_store_get (self->store, client_id)))
        return;
      /* The desk's own alert was the first step. */
      if (!vigie_escalation_start (self, alert_id, roster, call_id, VIGIE_ESCALATION_START_FIRST_SENT, now, &error))
        {
          if (!g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NO_POLICY) &&
              !g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_EXISTS))
            g_warning ("%s", error->message);
          return;
        }
    }
  g_clear_error (&error);
  vigie_escalation_run_due (self, now, &error);
  if (error)
    g_warning ("%s", error->message);
}

/**
 * vigie_escalation_watch_journal:
 * @self: a #VigieEscalation
 * @journal: the journal calls write to
 * @store: the rosters, for the clients' cascades
 *
 * Until the outbox does it, the desk's "trigger" decisions start a cascade
 * with the call id as alert id, and an "alert-acknowledged" event stops it.
 */
void
vigie_escalation_watch_journal (VigieEscalation  *self,
                                VigieJournal     *journal,
                                VigieRosterStore *store)
{
  g_return_if_fail (VIGIE_IS_ESCALATION (self));

  if (self->watched)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_set_object (&self->watched, journal);
  g_set_object (&self->store, store);
  g_signal_connect (journal, "appended", G_CALLBACK (appended_cb), self);
}

