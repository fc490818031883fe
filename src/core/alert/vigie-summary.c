/* vigie-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client's morning summary: the calls of the night that were only
 * logged or deferred, and the rings nobody answered, in one mail per
 * night at the client's hour ("summary" in clients.json), with the
 * journal's verification line so the client holds a copy of the head the
 * desk cannot take back.
 *
 * It is an ordinary row of the durable outbox, keyed by client and night:
 * queued once (the key is unique), retried like any alert while the SMTP
 * server is down, and its delivery journaled "summary-sent" in the same
 * commit (vigie-outbox.c). A desk that starts after the hour, or after a
 * kill -9, queues what is due and not yet queued; the outbox sends what
 * was queued and not yet delivered.
 */
#define G_LOG_DOMAIN "vigie-summary"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <stdio.h>

#include "vigie-client.h"
#include "vigie-sqlite.h"
#include "vigie-summary.h"

#define ISO_UTC "%Y-%m-%dT%H:%M:%S.%fZ"
#define TICK_SECONDS 30
#define MAX_PERIOD_DAYS 7

struct _VigieSummary
{
  GObject         parent_instance;

  VigieOutbox    *outbox;
  VigieDirectory *directory;
  sqlite3        *db;           /* reads only */
  GCancellable   *cancellable;
  GHashTable     *busy;         /* dedup keys being built */
  GHashTable     *done;         /* dedup keys known queued */
  guint           tick_id;
};

typedef struct {
  VigieClient *client;
  VigieTarget *target;
  GDateTime   *start;
  GDateTime   *end;
  char        *key;
  JsonNode    *payload;   /* built in a worker thread */
  JsonNode    *event;
} Night;

G_DEFINE_FINAL_TYPE (VigieSummary, vigie_summary, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-summary-error-quark, vigie_summary_error)

static void
night_free (Night *night)
{
  g_clear_object (&night->client);
  g_clear_object (&night->target);
  g_clear_pointer (&night->start, g_date_time_unref);
  g_clear_pointer (&night->end, g_date_time_unref);
  g_free (night->key);
  g_clear_pointer (&night->payload, json_node_unref);
  g_clear_pointer (&night->event, json_node_unref);
  g_free (night);
}

static GTimeZone *
client_zone (VigieClient *client)
{
  GTimeZone *zone = g_time_zone_new_identifier (vigie_client_get_timezone (client));

  return zone ? zone : g_time_zone_new_local ();
}

static char *
utc_text (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, ISO_UTC);
}

/* The summary's mail target: the one named, or the client's first mail. */
static VigieTarget *
summary_target (VigieClient  *client,
                GError      **error)
{
  JsonObject *config = vigie_client_get_summary (client);
  const char *id = config ? json_object_get_string_member_with_default (config, "target", NULL) : NULL;
  GPtrArray *targets = vigie_client_get_targets (client);

  for (guint i = 0; i < targets->len; i++)
    {
      VigieTarget *target = g_ptr_array_index (targets, i);

      if (vigie_target_get_kind (target) == VIGIE_TARGET_MAIL &&
          (id == NULL || g_str_equal (id, vigie_target_get_id (target))))
        return target;
    }
  g_set_error (error, VIGIE_SUMMARY_ERROR, VIGIE_SUMMARY_ERROR_NO_TARGET,
               _("Client “%s” has no mail target for its summary"), vigie_client_get_id (client));
  return NULL;
}

/**
 * vigie_summary_last_due:
 * @client: a client with a "summary" hour
 * @now: the current time
 *
 * Returns: (transfer full) (nullable): the end of the last night whose
 *   summary is due at @now, in the client's time zone; %NULL when the
 *   client wants none
 */
GDateTime *
vigie_summary_last_due (VigieClient *client,
                        GDateTime   *now)
{
  JsonObject *config = vigie_client_get_summary (client);
  g_autoptr(GTimeZone) zone = client_zone (client);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  GDateTime *due;
  guint h = 0, m = 0;

  if (config == NULL ||
      sscanf (json_object_get_string_member_with_default (config, "hour", ""), "%2u:%2u", &h, &m) != 2)
    return NULL;
  local = g_date_time_to_timezone (now, zone);
  due = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                         g_date_time_get_day_of_month (local), (int) h, (int) m, 0);
  /* No such time that day (a clock change): no summary that day. */
  if (due == NULL || g_date_time_compare (due, now) <= 0)
    return due;
  g_date_time_unref (due);
  /* From yesterday's date, not 24 h back: the clocks may have changed. */
  yesterday = g_date_time_add_days (local, -1);
  return g_date_time_new (zone, g_date_time_get_year (yesterday), g_date_time_get_month (yesterday),
                          g_date_time_get_day_of_month (yesterday), (int) h, (int) m, 0);
}

/**
 * vigie_summary_dedup_key:
 * @client: the client
 * @night_end: the end of the night
 *
 * Returns: (transfer full): the summary's key: one per client and night
 */
char *
vigie_summary_dedup_key (VigieClient *client,
                         GDateTime   *night_end)
{
  g_autoptr(GTimeZone) zone = client_zone (client);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (night_end, zone);
  g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");

  return g_strdup_printf ("vigie-summary-%s-%s", vigie_client_get_id (client), day);
}

static gboolean
already_queued (VigieSummary *self,
                const char   *key)
{
  g_autoptr(GPtrArray) rows = vigie_outbox_list_key (self->outbox, key, NULL);

  return rows == NULL || rows->len > 0;
}

/* Where the previous summary stopped, so a night the desk missed is
 * carried by the next one; at most a week back. */
static GDateTime *
period_start (VigieSummary *self,
              VigieClient  *client,
              GDateTime    *end)
{
  g_autofree char *end_text = utc_text (end);
  g_autoptr(GDateTime) floor = g_date_time_add_days (end, -MAX_PERIOD_DAYS);
  sqlite3_stmt *stmt = NULL;
  GDateTime *start = NULL;
  gboolean row = FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT max (json_extract (payload, '$.period.to')) FROM outbox "
                          "WHERE client_id = ?1 AND json_extract (payload, '$.kind') = 'summary' "
                          "AND json_extract (payload, '$.period.to') < ?2", -1, &stmt, NULL) == SQLITE_OK &&
      vigie_sqlite_bind (stmt, "ss", vigie_client_get_id (client), end_text) &&
      vigie_sqlite_step (stmt, &row) && row && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    start = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0), NULL);
  sqlite3_finalize (stmt);

  if (start == NULL)
    return g_date_time_add_days (end, -1);
  if (g_date_time_compare (start, floor) < 0)
    {
      g_date_time_unref (start);
      return g_date_time_ref (floor);
    }
  return start;
}

static char *
local_text (const char *iso,
            GTimeZone  *zone,
            const char *format)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, zone) : NULL;

  return local ? g_date_time_format (local, format) : g_strdup ("?");
}

static void
append_call (GString      *body,
             sqlite3_stmt *stmt,
             GTimeZone    *zone)
{
  g_autofree char *when = local_text ((const char *) sqlite3_column_text (stmt, 1), zone, "%d/%m %H:%M");
  const char *name = (const char *) sqlite3_column_text (stmt, 2);
  const char *number = (const char *) sqlite3_column_text (stmt, 3);
  const char *outcome = (const char *) sqlite3_column_text (stmt, 4);
  const char *note = (const char *) sqlite3_column_text (stmt, 5);

  g_string_append_printf (body, "  %s  ", when);
  if (name != NULL && *name != '\0')
    g_string_append_printf (body, "%s (%s)", name, number ? number : "?");
  else
    g_string_append (body, number ? number : "?");
  if (outcome != NULL)
    g_string_append_printf (body, " — %s", outcome);
  if (note != NULL && *note != '\0')
    g_string_append_printf (body, " — %s", note);
  g_string_append_c (body, '\n');
}

typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         GString      *lines,
                         GTimeZone    *zone,
                         gpointer      data);

/* Runs @sql for the night (?1 from, ?2 to, ?3 the client, ?4 @extra) on
 * this object's connection, in the worker thread; one line per row. */
static guint
read_lines (VigieSummary *self,
            Night        *night,
            const char   *sql,
            const char   *extra,
            RowFunc       row,
            gpointer      data,
            GTimeZone    *zone,
            GString      *lines)
{
  g_autofree char *from = utc_text (night->start);
  g_autofree char *to = utc_text (night->end);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      vigie_sqlite_bind (stmt, "ssss", from, to, vigie_client_get_id (night->client), extra))
    for (; sqlite3_step (stmt) == SQLITE_ROW; n++)
      row (stmt, lines, zone, data);
  sqlite3_finalize (stmt);
  return n;
}

/* @header is already formatted: ngettext needs the count at the caller. */
static void
close_section (GString    *body,
               char       *header,
               GString    *lines,
               guint       n)
{
  g_string_append (body, header);
  g_free (header);
  g_string_append (body, lines->str);
  if (n == 0)
    g_string_append_printf (body, "  %s\n", _("none"));
  g_string_append_c (body, '\n');
}

static void
call_row (sqlite3_stmt *stmt,
          GString      *lines,
          GTimeZone    *zone,
          gpointer      ids)
{
  append_call (lines, stmt, zone);
  json_array_add_string_element (ids, (const char *) sqlite3_column_text (stmt, 0));
}

/* The journal's own summary of the calls (the same rows the Journal page
 * lists). */
static guint
append_calls (VigieSummary  *self,
              GString       *body,
              Night         *night,
              const char    *decision,
              JsonArray     *ids,
              GTimeZone     *zone)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  guint n = read_lines (self, night,
                        /* The client reads the outcome's nature, not the
                         * script's id (kept for journals without it). */
                        "SELECT call_id, received_at, caller_name, caller_number, "
                        "COALESCE ((SELECT json_extract (e.data, '$.nature') FROM events e "
                        "WHERE e.call_id = calls.call_id AND e.kind = 'decision' ORDER BY e.seq DESC LIMIT 1), "
                        "outcome), note FROM calls "
                        "WHERE received_at >= ?1 AND received_at < ?2 AND client_id = ?3 AND decision = ?4 "
                        "ORDER BY received_at", decision, call_row, ids, zone, lines);

  close_section (body, g_str_equal (decision, "log")
                         ? g_strdup_printf (ngettext ("%u call logged, no alert sent:\n",
                                                      "%u calls logged, no alert sent:\n", n), n)
                         : g_strdup_printf (ngettext ("%u call deferred:\n", "%u calls deferred:\n", n), n),
                 lines, n);
  return n;
}

static void
ring_row (sqlite3_stmt *stmt,
          GString      *lines,
          GTimeZone    *zone,
          gpointer      data)
{
  g_autofree char *when = local_text ((const char *) sqlite3_column_text (stmt, 0), zone, "%d/%m %H:%M");
  const char *number = (const char *) sqlite3_column_text (stmt, 1);
  const char *name = (const char *) sqlite3_column_text (stmt, 2);

  g_string_append_printf (lines, "  %s  %s%s%s%s\n", when, number ? number : "?",
                          name ? " (" : "", name ? name : "", name ? ")" : "");
}

/* Rings the telephony connectors journaled "call-unanswered" for the
 * client's lines. */
static guint
append_rings (VigieSummary *self,
              GString      *body,
              Night        *night,
              GTimeZone    *zone)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  guint n = read_lines (self, night,
                        /* The caller's number lives in the personal table
                         * (GDPR erasure), the event keeps the rest. */
                        "SELECT e.at, COALESCE (json_extract (p.data, '$.from'), json_extract (e.data, '$.from')), "
                        "COALESCE (json_extract (p.data, '$.caller_name'), json_extract (e.data, '$.caller_name')) "
                        "FROM events e LEFT JOIN personal p ON p.seq = e.seq AND p.erased_by IS NULL "
                        "WHERE e.kind = 'call-unanswered' AND e.at >= ?1 AND e.at < ?2 "
                        "AND json_extract (e.data, '$.client_id') = ?3 AND ?4 IS NULL ORDER BY e.seq",
                        NULL, ring_row, NULL, zone, lines);

  close_section (body, g_strdup_printf (ngettext ("%u unanswered ring:\n", "%u unanswered rings:\n", n), n),
                 lines, n);
  return n;
}

static JsonNode *
build_payload (VigieSummary       *self,
               Night              *night,
               VigieJournalReport *report,
               const char         *check_error,
               JsonObject        **event)
{
  g_autoptr(GTimeZone) zone = client_zone (night->client);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonObject) period = json_object_new ();
  g_autoptr(JsonObject) mail = json_object_new ();
  g_autoptr(JsonObject) journal = json_object_new ();
  JsonObject *config = vigie_client_get_summary (night->client);
  JsonArray *logged = json_array_new ();
  JsonArray *deferred = json_array_new ();
  g_autoptr(GDateTime) start_local = g_date_time_to_timezone (night->start, zone);
  g_autoptr(GDateTime) end_local = g_date_time_to_timezone (night->end, zone);
  g_autofree char *start_text = g_date_time_format (start_local, "%d/%m/%Y %H:%M");
  g_autofree char *end_text = g_date_time_format (end_local, "%d/%m/%Y %H:%M");
  g_autofree char *day = g_date_time_format (end_local, "%d/%m/%Y");
  g_autofree char *night_text = g_date_time_format (end_local, "%Y-%m-%d");
  g_autofree char *subject = g_strdup_printf (_("[%s] Night summary for %s"),
                                              vigie_client_get_name (night->client), day);
  g_autofree char *from_text = utc_text (night->start);
  g_autofree char *to_text = utc_text (night->end);
  g_autofree char *verified = NULL;
  guint n_logged, n_deferred, n_rings;

  g_string_append_printf (body, _("Calls for %s from %s to %s, taken by the answering desk."),
                          vigie_client_get_name (night->client), start_text, end_text);
  g_string_append (body, "\n\n");
  n_logged = append_calls (self, body, night, "log", logged, zone);
  n_deferred = append_calls (self, body, night, "defer", deferred, zone);
  n_rings = append_rings (self, body, night, zone);

  if (report != NULL && report->damage == VIGIE_JOURNAL_DAMAGE_NONE)
    verified = g_strdup_printf (_("Journal verified: %lld events intact; last event %lld, head %s"),
                                (long long) report->n_events, (long long) report->last_seq, report->last_hash);
  else
    verified = g_strdup_printf (_("Journal check failed: %s"),
                                report && report->message ? report->message : check_error);
  g_string_append_printf (body, "%s\n%s\n\n%s\n", verified,
                          _("Keep this line: it lets you check later that the journal of your calls was not altered."),
                          _("— Summary sent by Vigie, the on-call answering desk."));

  json_object_set_string_member (period, "from", from_text);
  json_object_set_string_member (period, "to", to_text);
  json_object_set_string_member (journal, "verification", verified);
  if (report != NULL)
    {
      json_object_set_boolean_member (journal, "intact", report->damage == VIGIE_JOURNAL_DAMAGE_NONE);
      json_object_set_int_member (journal, "events", report->n_events);
      json_object_set_int_member (journal, "last_seq", report->last_seq);
      json_object_set_string_member (journal, "head", report->last_hash);
    }

  *event = json_object_new ();
  json_object_set_string_member (*event, "client_id", vigie_client_get_id (night->client));
  json_object_set_string_member (*event, "target_id", vigie_target_get_id (night->target));
  json_object_set_string_member (*event, "dedup_key", night->key);
  json_object_set_string_member (*event, "night", night_text);
  json_object_set_object_member (*event, "period", json_object_ref (period));
  json_object_set_int_member (*event, "logged", n_logged);
  json_object_set_int_member (*event, "deferred", n_deferred);
  json_object_set_int_member (*event, "unanswered_rings", n_rings);
  json_object_set_object_member (*event, "journal", json_object_ref (journal));

  json_object_set_string_member (mail, "subject", subject);
  json_object_set_string_member (mail, "body", body->str);
  if (config && json_object_has_member (config, "to"))
    json_object_set_member (mail, "to", json_node_copy (json_object_get_member (config, "to")));

  json_object_set_string_member (payload, "kind", "summary");
  json_object_set_string_member (payload, "summary", subject);
  json_object_set_string_member (payload, "night", night_text);
  json_object_set_int_member (payload, "gravity", 1);
  json_object_set_object_member (payload, "period", g_steal_pointer (&period));
  json_object_set_array_member (payload, "logged", logged);
  json_object_set_array_member (payload, "deferred", deferred);
  json_object_set_int_member (payload, "unanswered_rings", n_rings);
  json_object_set_object_member (payload, "journal", g_steal_pointer (&journal));
  json_object_set_object_member (payload, "mail", g_steal_pointer (&mail));
  return json_node_init_object (json_node_alloc (), payload);
}

/* In a worker thread: the journal's full check (for its verification
 * line) and the night's rows; nothing here touches the desk's main loop. */
static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  VigieSummary *self = source;
  Night *night = task_data;
  g_autoptr(VigieJournalReport) report = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *event = NULL;

  report = vigie_journal_check (vigie_outbox_get_journal (self->outbox), 0, NULL, cancellable, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  night->start = period_start (self, night->client, night->end);
  night->payload = build_payload (self, night, report, error ? error->message : "?", &event);
  night->event = json_node_init_object (json_node_alloc (), event);
  json_object_unref (event);
  g_task_return_boolean (task, TRUE);
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigieSummary *self = g_task_get_source_object (task);
  Night *night = g_task_get_task_data (task);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Built in a thread: another process may have queued it meanwhile. */
  if (already_queued (self, night->key))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_ptr_array_add (entries, vigie_outbox_entry_new (night->key, VIGIE_ALERT_ACTION_TRIGGER,
                                                    vigie_client_get_id (night->client),
                                                    vigie_target_get_id (night->target), night->payload));
  if (!vigie_outbox_commit (self->outbox, NULL, "summary-queued", night->event, entries, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vigie_summary_queue_async:
 * @self: a #VigieSummary
 * @client: the client
 * @night_end: (nullable): the end of the night, %NULL for the last one due
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once queued (or found already queued)
 * @user_data: data for @callback
 *
 * Builds the night's summary in a worker thread (the journal's full check
 * for its verification line, the night's calls and rings) and queues it in
 * the outbox, unless that night's summary was queued already.
 */
void
vigie_summary_queue_async (VigieSummary        *self,
                           VigieClient         *client,
                           GDateTime           *night_end,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) build = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  Night *night;
  VigieTarget *target;

  g_return_if_fail (VIGIE_IS_SUMMARY (self));
  g_return_if_fail (VIGIE_IS_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigie_summary_queue_async);
  night = g_new0 (Night, 1);
  night->client = g_object_ref (client);
  g_task_set_task_data (task, night, (GDestroyNotify) night_free);

  if (!(target = summary_target (client, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  night->target = g_object_ref (target);
  night->end = night_end ? g_date_time_ref (night_end) : vigie_summary_last_due (client, now);
  if (night->end == NULL)
    {
      g_task_return_new_error (task, VIGIE_SUMMARY_ERROR, VIGIE_SUMMARY_ERROR_NOT_WANTED,
                               _("Client “%s” has no summary hour"), vigie_client_get_id (client));
      return;
    }
  night->key = vigie_summary_dedup_key (client, night->end);
  if (already_queued (self, night->key))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  /* The worker shares the night; the outer task commits on this thread. */
  build = g_task_new (self, cancellable, built_cb, g_steal_pointer (&task));
  g_task_set_task_data (build, night, NULL);
  g_task_run_in_thread (build, build_thread);
}

/**
 * vigie_summary_queue_finish:
 * @self: a #VigieSummary
 * @result: the #GAsyncResult
 * @queued: (out) (optional): %TRUE if queued now, %FALSE if it was already
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the summary's dedup key
 */
char *
vigie_summary_queue_finish (VigieSummary  *self,
                            GAsyncResult  *result,
                            gboolean      *queued,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Night *night;
  gboolean now;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  night = g_task_get_task_data (G_TASK (result));
  now = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (queued)
    *queued = now;
  return g_strdup (night->key);
}

static void
tick_queued_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree char *key = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *queued_key = vigie_summary_queue_finish (VIGIE_SUMMARY (object), result, NULL, &error);
  VigieSummary *self = VIGIE_SUMMARY (object);

  g_hash_table_remove (self->busy, key);
  if (queued_key != NULL)
    g_hash_table_add (self->done, g_steal_pointer (&queued_key));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Not a warning: a client without a mail target is a setting, said
       * once; anything else is tried again at the next tick. */
      g_message ("Summary %s not queued: %s", key, error->message);
      if (error->domain == VIGIE_SUMMARY_ERROR)
        g_hash_table_add (self->done, g_strdup (key));
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  VigieSummary *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GListModel *clients = vigie_directory_get_clients (self->directory);

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);
      g_autoptr(GDateTime) due = vigie_summary_last_due (client, now);
      g_autofree char *key = NULL;

      if (due == NULL)
        continue;
      key = vigie_summary_dedup_key (client, due);
      if (g_hash_table_contains (self->busy, key) || g_hash_table_contains (self->done, key))
        continue;
      g_hash_table_add (self->busy, g_strdup (key));
      vigie_summary_queue_async (self, client, due, self->cancellable, tick_queued_cb, g_strdup (key));
    }
  return G_SOURCE_CONTINUE;
}

static void
vigie_summary_dispose (GObject *object)
{
  vigie_summary_stop (VIGIE_SUMMARY (object));
  G_OBJECT_CLASS (vigie_summary_parent_class)->dispose (object);
}

static void
vigie_summary_finalize (GObject *object)
{
  VigieSummary *self = (VigieSummary *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->done, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->outbox);
  g_clear_object (&self->directory);

  G_OBJECT_CLASS (vigie_summary_parent_class)->finalize (object);
}

static void
vigie_summary_class_init (VigieSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_summary_dispose;
  object_class->finalize = vigie_summary_finalize;
}

static void
vigie_summary_init (VigieSummary *self)
{
  self->cancellable = g_cancellable_new ();
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * vigie_summary_new:
 * @outbox: the outbox the summaries go through (and its journal)
 * @directory: the clients
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the summaries' scheduler, stopped
 */
VigieSummary *
vigie_summary_new (VigieOutbox     *outbox,
                   VigieDirectory  *directory,
                   GError         **error)
{
  g_autoptr(VigieSummary) self = g_object_new (VIGIE_TYPE_SUMMARY, NULL);

  g_return_val_if_fail (VIGIE_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (VIGIE_IS_DIRECTORY (directory), NULL);

  self->outbox = g_object_ref (outbox);
  self->directory = g_object_ref (directory);
  if (!(self->db = vigie_sqlite_open (vigie_journal_get_path (vigie_outbox_get_journal (outbox)), FALSE, NULL,
                                      _("Outbox"), VIGIE_OUTBOX_ERROR, VIGIE_OUTBOX_ERROR_SQLITE, error)))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vigie_summary_start:
 * @self: a #VigieSummary
 *
 * Queues what is due now and not yet queued, then looks again every
 * thirty seconds.
 */
void
vigie_summary_start (VigieSummary *self)
{
  g_return_if_fail (VIGIE_IS_SUMMARY (self));

  if (self->tick_id != 0)
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
  tick_cb (self);
}

void
vigie_summary_stop (VigieSummary *self)
{
  g_return_if_fail (VIGIE_IS_SUMMARY (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->busy);
}
