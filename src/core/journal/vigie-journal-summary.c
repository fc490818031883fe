/* vigie-journal-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The calls summary the Journal page lists, and its full-text index,
 * moved by each event in the event's own transaction.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

typedef struct {
  const char *kind;
  const char *sql;          /* ?1 call id, ?2 time, ?3… the members */
  const char *members[8];
  gboolean    fts;          /* changes what full-text search reads */
} SummaryRule;

/* How each event moves the call's summary row. */
static const SummaryRule summary_rules[] = {
  { "call-received",
    "INSERT OR IGNORE INTO calls (call_id, received_at, client_id, client_name, caller_number, line, "
    "operator, script) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    { "client_id", "client_name", "from", "line", "operator", "script" }, FALSE },
  { "caller-identified",
    "UPDATE calls SET caller_name = COALESCE (?3, caller_name), vip = COALESCE (?4, vip) WHERE call_id = ?1",
    { "name", "vip" }, TRUE },
  { "caller-details",
    "UPDATE calls SET caller_name = COALESCE (?3, caller_name), vip = COALESCE (?4, vip) WHERE call_id = ?1",
    { "name", "vip" }, TRUE },
  { "answer",
    "UPDATE calls SET answers = CASE WHEN answers IS NULL THEN ?3 ELSE answers || ' · ' || ?3 END "
    "WHERE call_id = ?1 AND ?3 IS NOT NULL",
    { "value" }, TRUE },
  { "override",
    "UPDATE calls SET overridden = 1, override_reason = COALESCE (?3, override_reason) WHERE call_id = ?1",
    { "reason" }, FALSE },
  { "decision",
    "UPDATE calls SET decision = ?3, recommended = ?4, outcome = ?5, gravity = ?6, note = COALESCE (?7, note), "
    "override_reason = COALESCE (?8, override_reason), "
    "overridden = CASE WHEN ?8 IS NOT NULL OR (?4 IS NOT NULL AND ?3 IS NOT ?4) THEN 1 ELSE overridden END, "
    "decided_at = ?2, operator = COALESCE (operator, ?9) WHERE call_id = ?1",
    { "decision", "recommended", "outcome", "gravity", "note", "override_reason", "operator" }, TRUE },
  { "alert-attempt",
    "UPDATE calls SET alert_status = CASE WHEN alert_status IN ('acknowledged', 'not-urgent') THEN alert_status "
    "ELSE ?3 END, "
    "alert_delivered_at = CASE WHEN ?3 = 'delivered' THEN COALESCE (alert_delivered_at, ?2) "
    "ELSE alert_delivered_at END WHERE call_id = ?1",
    { "status" }, FALSE },
  { "alert-acknowledged",
    "UPDATE calls SET alert_status = COALESCE (?3, alert_status), acked_at = COALESCE (acked_at, ?2), "
    "acked_by = COALESCE (acked_by, ?4, ?5) WHERE call_id = ?1",
    { "status", "by", "source" }, FALSE },
  { "escalation-acknowledged",
    "UPDATE calls SET acked_at = COALESCE (acked_at, ?2), acked_by = COALESCE (acked_by, ?3, ?4) "
    "WHERE call_id = ?1",
    { "name", "person_id" }, FALSE },
  { "escalation-step",
    "UPDATE calls SET escalation_steps = COALESCE (escalation_steps, 0) + 1 WHERE call_id = ?1 "
    "AND ?3 IS NOT 'skipped'",
    { "status" }, FALSE },
  { "call-closed",
    "UPDATE calls SET closed_at = ?2 WHERE call_id = ?1",
    { NULL }, FALSE },
};

/* Binds a member as SQL wants it: booleans as 0/1, an object by its name
 * or id (an operator may be given either way), anything else as NULL. */
static void
bind_member (sqlite3_stmt *stmt,
             int           index,
             JsonObject   *object,
             const char   *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *inner = json_node_get_object (node);

      node = json_object_get_member (inner, "name");
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        node = json_object_get_member (inner, "id");
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      break;
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (node));
      break;
    default:
      sqlite3_bind_null (stmt, index);
    }
}

static gboolean
run_sql (VigieJournal  *self,
         const char    *sql,
         const char    *call_id,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!(stmt = vigie_sqlite_prepare_cached (_vigie_journal_get_stmts (self), _vigie_journal_get_db (self), sql)))
    return _vigie_journal_sqlite_error (self, error, _("cannot update the call summary"));
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  vigie_sqlite_release (_vigie_journal_get_stmts (self), stmt);
  if (rc != SQLITE_DONE)
    return _vigie_journal_sqlite_error (self, error, _("cannot update the call summary"));
  return TRUE;
}

/* Keeps the calls summary (and its full-text index) in step with the
 * events, in the same transaction. */
static const SummaryRule *
find_rule (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (summary_rules); i++)
    if (g_str_equal (summary_rules[i].kind, kind))
      return &summary_rules[i];
  return NULL;
}

/* What full-text search reads follows the summary row. */
static gboolean
update_fts (VigieJournal  *self,
            const char    *call_id,
            GError       **error)
{
  return run_sql (self, "DELETE FROM calls_fts WHERE rowid = (SELECT rowid FROM calls WHERE call_id = ?1)",
                  call_id, error) &&
         run_sql (self, "INSERT INTO calls_fts (rowid, caller_name, note, answers) "
                        "SELECT rowid, caller_name, note, answers FROM calls WHERE call_id = ?1",
                  call_id, error);
}

gboolean
_vigie_journal_update_summary (VigieJournal  *self,
                               const char    *call_id,
                               const char    *kind,
                               const char    *at,
                               JsonObject    *object,
                               GError       **error)
{
  const SummaryRule *rule = find_rule (kind);
  GHashTable *stmts = _vigie_journal_get_stmts (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (rule == NULL)
    return TRUE;

  if (!(stmt = vigie_sqlite_prepare_cached (stmts, _vigie_journal_get_db (self), rule->sql)))
    return _vigie_journal_sqlite_error (self, error, _("cannot prepare"));
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  for (int i = 0; i < (int) G_N_ELEMENTS (rule->members) && rule->members[i]; i++)
    bind_member (stmt, i + 3, object, rule->members[i]);
  rc = sqlite3_step (stmt);
  vigie_sqlite_release (stmts, stmt);

  if (rc != SQLITE_DONE)
    return _vigie_journal_sqlite_error (self, error, _("cannot update the call summary"));
  if (rule->fts && sqlite3_changes (_vigie_journal_get_db (self)) > 0)
    return update_fts (self, call_id, error);
  return TRUE;
}
