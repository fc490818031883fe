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

static JsonObject *
object_or_null (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The call's last "alert-acknowledged" event, parsed. */
static JsonNode *
find_acknowledgement (GPtrArray *events)
{
  for (guint i = events->len; i > 0; i--)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i - 1);

      if (g_str_equal (event->kind, "alert-acknowledged"))
        return json_from_string (event->data, NULL);
    }
  return NULL;
}

/* The desk's alert key (a step's key starts with it); old journals
 * and other sources name the alert by the call id. */
static char *
acknowledged_alert (const char *key,
                    const char *call_id)
{
  const char *step = key ? strstr (key, "/escalation/") : NULL;

  if (step != NULL)
    return g_strndup (key, step - key);
  return g_strdup (key ? key : call_id);
}

static void
stop_acknowledged (VigieEscalation *self,
                   GPtrArray       *events,
                   const char      *call_id,
                   GDateTime       *now)
{
  g_autoptr(JsonNode) node = find_acknowledgement (events);
  JsonObject *ack = object_or_null (node);
  g_autoptr(GError) error = NULL;
  g_autofree char *acked = NULL;
  const char *person = NULL;
  const char *key = NULL;

  if (ack)
    {
      person = json_object_get_string_member_with_default (ack, "person_id",
                                                           json_object_get_string_member_with_default (ack, "by", NULL));
      key = json_object_get_string_member_with_default (ack, "dedup_key", NULL);
    }
  acked = acknowledged_alert (key, call_id);
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
}

/* When the cascade of @decision starts: now for a trigger, the deferral's
 * time for a deferred alert that has a recipient; %NULL for no cascade. */
static GDateTime *
cascade_start (JsonObject *decision,
               GDateTime  *now)
{
  const char *kind = json_object_get_string_member_with_default (decision, "decision", NULL);
  const char *when;

  if (g_strcmp0 (kind, "trigger") == 0)
    return g_date_time_ref (now);
  if (g_strcmp0 (kind, "defer") != 0 || json_object_get_member (decision, "recipient") == NULL)
    return NULL;
  /* A deferred alert reaches its person at the deferral's time: the
   * cascade counts from then (an acknowledgement before stops it). */
  when = json_object_get_string_member_with_default (decision, "defer_until", NULL);
  return when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
}

/* A cascade already running, or none configured, is no news. */
static void
warn_unless_expected (const GError *error)
{
  if (!g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NO_POLICY) &&
      !g_error_matches (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_EXISTS))
    g_warning ("%s", error->message);
}

static gboolean
start_cascade (VigieEscalation *self,
               JsonObject      *decision,
               GPtrArray       *events,
               const char      *call_id,
               GDateTime       *start)
{
  g_autoptr(GError) error = NULL;
  /* Switchboards reuse call ids: the alert is named by its own key. */
  const char *alert_id = json_object_get_string_member_with_default (decision, "dedup_key", call_id);
  g_autofree char *client_id = find_client (events);
  JsonObject *recipient = object_or_null (json_object_get_member (decision, "recipient"));
  JsonNode *policy = recipient ? json_object_get_member (recipient, "policy") : NULL;
  VigieRoster *roster;
  gboolean started;

  if (recipient != NULL)
    {
      /* The cascade the desk addressed its alert with, from the step
       * after the one it alerted. */
      if (policy == NULL || !JSON_NODE_HOLDS_OBJECT (policy))
        return FALSE;
      started = vigie_escalation_start_policy (self, alert_id, client_id, call_id, policy,
                                               (guint) json_object_get_int_member_with_default (recipient, "step", 1),
                                               start, &error);
    }
  else
    {
      if (!(roster = vigie_roster_store_get (self->store, client_id)))
        return FALSE;
      /* The desk's own alert was the first step. */
      started = vigie_escalation_start (self, alert_id, roster, call_id, VIGIE_ESCALATION_START_FIRST_SENT,
                                        start, &error);
    }
  if (!started)
    warn_unless_expected (error);
  return started;
}

static gboolean
is_acknowledgement (const char *kind)
{
  return g_strcmp0 (kind, "alert-acknowledged") == 0;
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
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(JsonNode) decision = NULL;

  if (call_id == NULL || !(g_strcmp0 (kind, "decision") == 0 || is_acknowledgement (kind)))
    return;
  if (!(events = vigie_journal_list_events (journal, call_id, &error)) || events->len == 0)
    return;
  now = self->clock (self->clock_data);

  if (is_acknowledgement (kind))
    {
      stop_acknowledged (self, events, call_id, now);
      return;
    }
  if (!(decision = find_decision (events)))
    return;
  if (!(start = cascade_start (json_node_get_object (decision), now)))
    return;
  if (!start_cascade (self, json_node_get_object (decision), events, call_id, start))
    return;
  vigie_escalation_run_due (self, start, &error);
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

