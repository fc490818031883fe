/* vigie-escalation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Follows a client's cascade until someone acknowledges. The cascade is
 * resolved to people and frozen when the alert starts, so a policy or
 * roster change made meanwhile does not alter an alert already running.
 * The state (next step, next due time) is in SQLite, in the journal's
 * file through a connection of its own: a restart picks up where it was.
 *
 * A step is handed to the sink before it is marked done: a crash between
 * the two sends it again after the restart (at least once), which for a
 * night-time alert is the right side to err on.
 *
 * Time is injected: run_due() takes "now"; only the optional timer and
 * journal watcher read a clock, the one set with set_clock().
 */
#define G_LOG_DOMAIN "vigie-escalation"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "vigie-escalation-private.h"
#include "vigie-json.h"
#include "vigie-sqlite.h"


G_DEFINE_FINAL_TYPE (VigieEscalation, vigie_escalation, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-escalation-error-quark, vigie_escalation_error)

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=FULL;"
  "CREATE TABLE IF NOT EXISTS escalations ("
  "  alert_id TEXT PRIMARY KEY,"
  "  client_id TEXT NOT NULL,"
  "  call_id TEXT,"
  "  started_at TEXT NOT NULL,"
  "  policy TEXT NOT NULL CHECK (json_valid (policy)),"
  "  loops INTEGER NOT NULL CHECK (loops BETWEEN 1 AND 9),"
  "  state TEXT NOT NULL,"
  "  next_step INTEGER NOT NULL,"
  "  next_loop INTEGER NOT NULL,"
  "  next_due TEXT,"
  "  acknowledged_by TEXT,"
  "  acknowledged_at TEXT);"
  "CREATE INDEX IF NOT EXISTS escalations_due ON escalations (state, next_due);"
  "CREATE TABLE IF NOT EXISTS escalation_log ("
  "  id INTEGER PRIMARY KEY,"
  "  alert_id TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  step INTEGER,"
  "  loop INTEGER,"
  "  person_id TEXT,"
  "  event TEXT NOT NULL,"
  "  detail TEXT);";

enum {
  STEP_DUE,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *state_names[] = { "running", "acknowledged", "exhausted", "cancelled" };

const char *
vigie_escalation_state_to_string (VigieEscalationState state)
{
  return state < G_N_ELEMENTS (state_names) ? state_names[state] : "unknown";
}

static VigieEscalationState
state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      return i;
  return VIGIE_ESCALATION_CANCELLED;
}

gboolean
_vigie_escalation_set_sqlite_error (VigieEscalation  *self,
                  GError          **error,
                  const char       *what)
{
  g_autofree char *where = g_strdup_printf (_("Escalations in %s"), self->path);

  return vigie_sqlite_set_error (error, self->db, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_SQLITE, where, what);
}

char *
_vigie_escalation_utc_text (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static GDateTime *
real_clock (gpointer user_data)
{
  return g_date_time_new_now_utc ();
}

void
vigie_escalation_info_free (VigieEscalationInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->alert_id);
  g_free (info->client_id);
  g_free (info->call_id);
  g_clear_pointer (&info->started_at, g_date_time_unref);
  g_clear_pointer (&info->next_due, g_date_time_unref);
  g_free (info->acknowledged_by);
  g_clear_pointer (&info->policy, json_node_unref);
  g_free (info);
}

void
_vigie_escalation_journal_event (VigieEscalation *self,
               const char      *call_id,
               const char      *kind,
               JsonBuilder     *builder)
{
  g_autoptr(GError) error = NULL;

  if (self->journal != NULL && !vigie_journal_append_built (self->journal, builder, call_id, kind, &error))
    g_warning ("%s", error->message);
}

void
_vigie_escalation_member_int (JsonBuilder *builder,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

int
_vigie_escalation_step_delay_seconds (JsonObject *step)
{
  if (json_object_has_member (step, "delay_seconds"))
    return (int) json_object_get_int_member (step, "delay_seconds");
  return (int) json_object_get_int_member_with_default (step, "delay", 0) * 60;
}

gboolean
_vigie_escalation_log_event (VigieEscalation  *self,
           const char       *alert_id,
           GDateTime        *at,
           int               step,
           int               loop,
           const char       *person_id,
           const char       *event,
           const char       *detail,
           GError          **error)
{
  g_autofree char *text = _vigie_escalation_utc_text (at);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO escalation_log (alert_id, at, step, loop, person_id, event, detail) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot log"));
  rc = vigie_sqlite_bind (stmt, "ssiisss", alert_id, text, step, loop, person_id, event, detail)
       ? sqlite3_step (stmt) : SQLITE_ERROR;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot log"));
  return TRUE;
}

static void
vigie_escalation_dispose (GObject *object)
{
  VigieEscalation *self = (VigieEscalation *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->watched)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_clear_object (&self->watched);
  g_clear_object (&self->store);
  g_clear_object (&self->sink);

  G_OBJECT_CLASS (vigie_escalation_parent_class)->dispose (object);
}

static void
vigie_escalation_finalize (GObject *object)
{
  VigieEscalation *self = (VigieEscalation *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->journal);
  g_free (self->path);

  G_OBJECT_CLASS (vigie_escalation_parent_class)->finalize (object);
}

static void
vigie_escalation_class_init (VigieEscalationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_escalation_dispose;
  object_class->finalize = vigie_escalation_finalize;

  /**
   * VigieEscalation::step-due:
   * @step: (type gpointer): the #VigieEscalationStep, borrowed
   *
   * A step was handed to the sink; the desk raises a banner and a
   * notification when the step needs the operator to dial.
   */
  signals[STEP_DUE] =
    g_signal_new ("step-due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * VigieEscalation::changed:
   * @alert_id: the alert
   *
   * The alert's cascade started, moved on, or stopped.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigie_escalation_init (VigieEscalation *self)
{
  self->clock = real_clock;
}

/**
 * vigie_escalation_open:
 * @path: the SQLite file, normally the journal's
 * @journal: (nullable): where the steps are journaled
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the engine, with every running
 *   cascade it finds in @path
 */
VigieEscalation *
vigie_escalation_open (const char    *path,
                       VigieJournal  *journal,
                       GError       **error)
{
  g_autoptr(VigieEscalation) self = g_object_new (VIGIE_TYPE_ESCALATION, NULL);

  self->path = g_strdup (path);
  self->journal = journal ? g_object_ref (journal) : NULL;

  if (!(self->db = vigie_sqlite_open (path, TRUE, schema, _("Escalations"),
                                      VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_SQLITE, error)))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vigie_escalation_set_sink:
 * @self: a #VigieEscalation
 * @sink: (nullable): what carries each step out
 */
void
vigie_escalation_set_sink (VigieEscalation *self,
                           VigieAlertSink  *sink)
{
  g_return_if_fail (VIGIE_IS_ESCALATION (self));
  g_set_object (&self->sink, sink);
}

/**
 * vigie_escalation_set_clock:
 * @self: a #VigieEscalation
 * @clock: (nullable): returns "now" as a new #GDateTime; the real clock when %NULL
 * @user_data: for @clock
 *
 * The clock of the timer and of the journal watcher; tests inject theirs.
 */
void
vigie_escalation_set_clock (VigieEscalation *self,
                            VigieClockFunc   clock,
                            gpointer         user_data)
{
  g_return_if_fail (VIGIE_IS_ESCALATION (self));
  self->clock = clock ? clock : real_clock;
  self->clock_data = user_data;
}

static void
add_person_step (JsonBuilder             *builder,
                 const VigieRosterPerson *person,
                 const char * const      *channels)
{
  vigie_json_builder_add_nullable (builder, "person_id", person->id);
  vigie_json_builder_add_nullable (builder, "name", person->name);
  vigie_json_builder_add_nullable (builder, "phone", person->phone);
  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; person->targets && person->targets[i]; i++)
    for (guint j = 0; channels && channels[j]; j++)
      {
        g_autofree char *prefix = g_strconcat (channels[j], ":", NULL);

        if (g_str_has_prefix (person->targets[i], prefix))
          json_builder_add_string_value (builder, person->targets[i]);
      }
  json_builder_end_array (builder);
}

/**
 * vigie_escalation_resolve:
 * @roster: the client's roster
 * @at: when the alert is raised
 * @error: return location for a #GError
 *
 * Resolves each step of the cascade to a person (or a fixed number) at
 * @at. A step with nobody behind it (a gap) is kept, with a null person,
 * so the journal shows it was skipped.
 *
 * Returns: (transfer full) (nullable): {"loops": n, "steps": [...]}
 */
JsonNode *
vigie_escalation_resolve (VigieRoster  *roster,
                          GDateTime    *at,
                          GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *steps;
  guint loops;

  g_return_val_if_fail (VIGIE_IS_ROSTER (roster), NULL);

  steps = vigie_roster_get_escalation (roster, &loops);
  if (steps->len == 0)
    {
      g_set_error (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NO_POLICY,
                   _("Client %s has no escalation policy"), vigie_roster_get_client_id (roster));
      return NULL;
    }

  json_builder_begin_object (builder);
  _vigie_escalation_member_int (builder, "loops", loops);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < steps->len; i++)
    {
      VigieEscalationStepDef *def = g_ptr_array_index (steps, i);
      const VigieRosterPerson *person = NULL;
      const char * const *channels = (const char * const *) def->channels;

      json_builder_begin_object (builder);
      vigie_json_builder_add_nullable (builder, "target", def->target);
      _vigie_escalation_member_int (builder, "delay", def->delay_minutes);
      _vigie_escalation_member_int (builder, "delay_seconds", def->delay_seconds ? def->delay_seconds : def->delay_minutes * 60);
      json_builder_set_member_name (builder, "channels");
      json_builder_begin_array (builder);
      for (guint j = 0; channels && channels[j]; j++)
        json_builder_add_string_value (builder, channels[j]);
      json_builder_end_array (builder);

      if (g_str_equal (def->target, "oncall"))
        person = vigie_roster_who (roster, at, NULL, NULL);
      else if (g_str_has_prefix (def->target, "rotation:"))
        person = vigie_roster_who_in_rotation (roster, def->target + 9, at);
      else if (g_str_has_prefix (def->target, "person:"))
        person = vigie_roster_find_person (roster, def->target + 7);

      if (person != NULL)
        add_person_step (builder, person, channels);
      else if (g_str_has_prefix (def->target, "number:"))
        {
          vigie_json_builder_add_nullable (builder, "name", def->target + 7);
          vigie_json_builder_add_nullable (builder, "phone", def->target + 7);
          json_builder_set_member_name (builder, "targets");
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * vigie_escalation_start:
 * @self: a #VigieEscalation
 * @alert_id: the alert (e.g. the call id)
 * @roster: the client's roster, whose cascade is frozen now
 * @call_id: (nullable): the call behind the alert
 * @flags: whether the first step already went out
 * @now: the current time
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the client has no cascade or the alert already runs
 */
gboolean
vigie_escalation_start (VigieEscalation            *self,
                        const char                 *alert_id,
                        VigieRoster                *roster,
                        const char                 *call_id,
                        VigieEscalationStartFlags   flags,
                        GDateTime                  *now,
                        GError                    **error)
{
  g_autoptr(JsonNode) policy = NULL;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), FALSE);
  g_return_val_if_fail (alert_id != NULL, FALSE);

  if (!(policy = vigie_escalation_resolve (roster, now, error)))
    return FALSE;
  return vigie_escalation_start_policy (self, alert_id, vigie_roster_get_client_id (roster), call_id, policy,
                                        (flags & VIGIE_ESCALATION_START_FIRST_SENT) ? 1 : 0, now, error);
}

/**
 * vigie_escalation_start_policy:
 * @self: a #VigieEscalation
 * @alert_id: the alert
 * @client_id: the client
 * @call_id: (nullable): the call behind the alert
 * @policy: a cascade from vigie_escalation_resolve(), frozen as is
 * @sent_step: how many steps already went out with the desk's own alert
 *   (1-based: 1 when the first step's person got it, 0 for none)
 * @now: the current time
 * @error: return location for a #GError
 *
 * The desk resolves the cascade once, at the decision, and addresses its
 * alert to the step it names; the cascade goes on from the step after it,
 * a full delay later.
 *
 * Returns: %FALSE if the alert already runs
 */
gboolean
vigie_escalation_start_policy (VigieEscalation  *self,
                               const char       *alert_id,
                               const char       *client_id,
                               const char       *call_id,
                               JsonNode         *policy,
                               guint             sent_step,
                               GDateTime        *now,
                               GError          **error)
{
  g_autoptr(GDateTime) first_due = NULL;
  g_autofree char *text = NULL;
  g_autofree char *at = _vigie_escalation_utc_text (now);
  g_autofree char *due = NULL;
  guint next_step = 0, next_loop = 0, n_steps, n_loops;
  JsonArray *steps;
  g_autoptr(JsonBuilder) builder = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), FALSE);
  g_return_val_if_fail (alert_id != NULL, FALSE);
  g_return_val_if_fail (policy != NULL && JSON_NODE_HOLDS_OBJECT (policy), FALSE);

  text = json_to_string (policy, FALSE);
  steps = json_object_get_array_member (json_node_get_object (policy), "steps");
  n_steps = steps ? json_array_get_length (steps) : 0;
  n_loops = (guint) CLAMP (json_object_get_int_member_with_default (json_node_get_object (policy), "loops", 1), 1, 9);
  if (n_steps == 0)
    {
      g_set_error (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NO_POLICY,
                   _("Client %s has no escalation policy"), client_id);
      return FALSE;
    }
  first_due = g_date_time_ref (now);
  if (sent_step > 0)
    {
      JsonObject *sent = json_array_get_object_element (steps, MIN (sent_step, n_steps) - 1);

      next_step = sent_step % n_steps;
      next_loop = sent_step / n_steps;
      if (next_loop >= n_loops)
        {
          next_step = n_steps;
          next_loop = n_loops - 1;
        }
      g_date_time_unref (first_due);
      first_due = g_date_time_add_seconds (now, _vigie_escalation_step_delay_seconds (sent));
    }
  due = _vigie_escalation_utc_text (first_due);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO escalations (alert_id, client_id, call_id, started_at, policy, loops, "
                          "state, next_step, next_loop, next_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7, ?8, ?9)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot start"));
  rc = vigie_sqlite_bind (stmt, "sssssiiis", alert_id, client_id, call_id, at, text, (gint32) n_loops,
                          (gint32) next_step, (gint32) next_loop, due)
       ? sqlite3_step (stmt) : SQLITE_ERROR;
  sqlite3_finalize (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_EXISTS,
                   _("Alert %s is already escalating"), alert_id);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot start"));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  vigie_json_builder_add_nullable (builder, "alert_id", alert_id);
  vigie_json_builder_add_nullable (builder, "client_id", client_id);
  _vigie_escalation_member_int (builder, "sent_step", sent_step);
  vigie_json_builder_add_nullable (builder, "next_due", due);
  json_builder_set_member_name (builder, "policy");
  json_builder_add_value (builder, json_node_copy (policy));
  _vigie_escalation_journal_event (self, call_id, "escalation-started", builder);

  _vigie_escalation_emit_changed (self, alert_id);
  return TRUE;
}

VigieEscalationInfo *
_vigie_escalation_read_info (VigieEscalation *self,
           sqlite3_stmt    *stmt)
{
  VigieEscalationInfo *info = g_new0 (VigieEscalationInfo, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *due = (const char *) sqlite3_column_text (stmt, 8);
  JsonObject *policy;

  info->alert_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  info->client_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  info->call_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  info->started_at = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 3), NULL);
  if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 4), -1, NULL))
    info->policy = json_node_copy (json_parser_get_root (parser));
  else
    info->policy = json_from_string ("{\"loops\":1,\"steps\":[]}", NULL);
  info->state = state_from_string ((const char *) sqlite3_column_text (stmt, 5));
  info->next_step = (guint) sqlite3_column_int (stmt, 6);
  info->next_loop = (guint) sqlite3_column_int (stmt, 7);
  info->next_due = due ? g_date_time_new_from_iso8601 (due, NULL) : NULL;
  info->acknowledged_by = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  policy = json_node_get_object (info->policy);
  info->n_loops = (guint) json_object_get_int_member_with_default (policy, "loops", 1);
  info->n_steps = json_array_get_length (json_object_get_array_member (policy, "steps"));
  return info;
}


void
_vigie_escalation_emit_changed (VigieEscalation *self,
                                const char      *alert_id)
{
  g_signal_emit (self, signals[CHANGED], 0, alert_id);
}

void
_vigie_escalation_emit_step_due (VigieEscalation     *self,
                                 VigieEscalationStep *step)
{
  g_signal_emit (self, signals[STEP_DUE], 0, step);
}

/**
 * vigie_escalation_get_info:
 * @self: a #VigieEscalation
 * @alert_id: an alert
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the alert's cascade state
 */
VigieEscalationInfo *
vigie_escalation_get_info (VigieEscalation  *self,
                           const char       *alert_id,
                           GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  VigieEscalationInfo *info = NULL;
  int rc;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT " INFO_COLUMNS " FROM escalations WHERE alert_id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot read"));
      return NULL;
    }
  rc = vigie_sqlite_bind (stmt, "s", alert_id) ? sqlite3_step (stmt) : SQLITE_ERROR;
  if (rc == SQLITE_ROW)
    info = _vigie_escalation_read_info (self, stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, VIGIE_ESCALATION_ERROR, VIGIE_ESCALATION_ERROR_NOT_FOUND,
                 _("No escalation for alert %s"), alert_id);
  else
    _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot read"));
  sqlite3_finalize (stmt);
  return info;
}

/**
 * vigie_escalation_list_running:
 * @self: a #VigieEscalation
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieEscalationInfo): the running
 *   cascades, soonest due first
 */
GPtrArray *
vigie_escalation_list_running (VigieEscalation  *self,
                               GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_escalation_info_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT " INFO_COLUMNS " FROM escalations WHERE state = 'running' "
                          "ORDER BY next_due, alert_id", -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot read"));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, _vigie_escalation_read_info (self, stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vigie_escalation_set_sqlite_error (self, error, C_("roster", "cannot read"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * vigie_escalation_get_next_due:
 * @self: a #VigieEscalation
 *
 * Returns: (transfer full) (nullable): when the next step falls due
 */
GDateTime *
vigie_escalation_get_next_due (VigieEscalation *self)
{
  sqlite3_stmt *stmt = NULL;
  GDateTime *due = NULL;

  g_return_val_if_fail (VIGIE_IS_ESCALATION (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT min (next_due) FROM escalations WHERE state = 'running'",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    due = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0), NULL);
  sqlite3_finalize (stmt);
  return due;
}
