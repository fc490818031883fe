/* vigie-roster-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rosters live in the journal's SQLite file, in tables of their own and
 * through a connection of their own: one document per client, replaced as
 * a whole in one transaction, so a half-applied edit cannot exist. Every
 * change is also written to the journal with its author: the supervisor
 * can see who moved whom.
 */
#define G_LOG_DOMAIN "vigie-roster-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "vigie-roster-store.h"
#include "vigie-sqlite.h"

struct _VigieRosterStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  VigieJournal *journal;
  GHashTable   *rosters;  /* client id → VigieRoster */
};

G_DEFINE_FINAL_TYPE (VigieRosterStore, vigie_roster_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-roster-store-error-quark, vigie_roster_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=FULL;"
  "CREATE TABLE IF NOT EXISTS rosters ("
  "  client_id TEXT PRIMARY KEY,"
  "  doc TEXT NOT NULL CHECK (json_valid (doc)),"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT);"
  "CREATE TABLE IF NOT EXISTS roster_interventions ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id TEXT NOT NULL,"
  "  person_id TEXT NOT NULL,"
  "  start_at TEXT NOT NULL,"
  "  end_at TEXT NOT NULL,"
  "  source TEXT NOT NULL,"
  "  call_id TEXT,"
  "  note TEXT,"
  "  CHECK (end_at > start_at));"
  "CREATE UNIQUE INDEX IF NOT EXISTS roster_interventions_once"
  "  ON roster_interventions (source, call_id, person_id) WHERE call_id IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS roster_interventions_by_person"
  "  ON roster_interventions (client_id, person_id, start_at);";

static gboolean
set_sqlite_error (VigieRosterStore  *self,
                  GError           **error,
                  const char        *what)
{
  g_autofree char *where = g_strdup_printf (_("Rosters in %s"), self->path);

  return vigie_sqlite_set_error (error, self->db, VIGIE_ROSTER_STORE_ERROR, VIGIE_ROSTER_STORE_ERROR_SQLITE,
                                 where, what);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

static char *
utc_text (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
vigie_roster_store_finalize (GObject *object)
{
  VigieRosterStore *self = (VigieRosterStore *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->rosters, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (vigie_roster_store_parent_class)->finalize (object);
}

static void
vigie_roster_store_class_init (VigieRosterStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_roster_store_finalize;

  /**
   * VigieRosterStore::changed:
   * @client_id: the client whose roster changed
   *
   * A roster was saved; views redraw and checks run again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigie_roster_store_init (VigieRosterStore *self)
{
  self->rosters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static gboolean
load_all (VigieRosterStore  *self,
          GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT client_id, doc FROM rosters ORDER BY client_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, C_("roster", "cannot read"));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) local_error = NULL;
      VigieRoster *roster;
      const char *client_id = (const char *) sqlite3_column_text (stmt, 0);

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 1), -1, &local_error) ||
          !(roster = vigie_roster_new_from_json (json_parser_get_root (parser), &local_error)))
        {
          /* One bad roster must not hide the others. */
          g_warning ("Roster of %s cannot be read: %s", client_id, local_error->message);
          continue;
        }
      g_hash_table_replace (self->rosters, g_strdup (client_id), roster);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, C_("roster", "cannot read"));
  return TRUE;
}

/**
 * vigie_roster_store_open:
 * @path: the SQLite file, normally the journal's
 * @journal: (nullable): where roster changes are journaled
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the store
 */
VigieRosterStore *
vigie_roster_store_open (const char    *path,
                         VigieJournal  *journal,
                         GError       **error)
{
  g_autoptr(VigieRosterStore) self = g_object_new (VIGIE_TYPE_ROSTER_STORE, NULL);

  self->path = g_strdup (path);
  self->journal = journal ? g_object_ref (journal) : NULL;

  if (!(self->db = vigie_sqlite_open (path, TRUE, schema, C_("roster", "Rosters"),
                                      VIGIE_ROSTER_STORE_ERROR, VIGIE_ROSTER_STORE_ERROR_SQLITE, error)))
    return NULL;

  if (!load_all (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
vigie_roster_store_get_path (VigieRosterStore *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), NULL);
  return self->path;
}

/**
 * vigie_roster_store_get:
 * @self: a #VigieRosterStore
 * @client_id: a client
 *
 * The live roster; edit a copy (vigie_roster_copy()) and save it.
 *
 * Returns: (transfer none) (nullable): the roster
 */
VigieRoster *
vigie_roster_store_get (VigieRosterStore *self,
                        const char       *client_id)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), NULL);
  return client_id ? g_hash_table_lookup (self->rosters, client_id) : NULL;
}

/**
 * vigie_roster_store_lookup:
 * @self: a #VigieRosterStore
 * @client_id: a client
 * @error: return location for a #GError
 *
 * Like vigie_roster_store_get(), with an error saying which client has none.
 *
 * Returns: (transfer none) (nullable): the roster
 */
VigieRoster *
vigie_roster_store_lookup (VigieRosterStore  *self,
                           const char        *client_id,
                           GError           **error)
{
  VigieRoster *roster = vigie_roster_store_get (self, client_id);

  if (roster == NULL)
    g_set_error (error, VIGIE_ROSTER_STORE_ERROR, VIGIE_ROSTER_STORE_ERROR_NO_ROSTER,
                 _("No roster for client “%s”"), client_id ? client_id : "");
  return roster;
}

/**
 * vigie_roster_store_list_clients:
 * @self: a #VigieRosterStore
 *
 * Returns: (transfer full): the clients with a roster, sorted
 */
GStrv
vigie_roster_store_list_clients (VigieRosterStore *self)
{
  g_autofree const char **keys = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->rosters, &n);
  qsort (keys, n, sizeof (char *), compare_strings);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, keys[i]);
  return g_strv_builder_end (builder);
}

/* Writes @roster to the database and the cache; the caller journals and
 * tells the listeners. */
static gboolean
store_roster (VigieRosterStore  *self,
              VigieRoster       *roster,
              const char        *author,
              GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  const char *client_id = vigie_roster_get_client_id (roster);
  g_autoptr(JsonNode) doc = vigie_roster_to_json (roster);
  g_autofree char *text = json_to_string (doc, FALSE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = utc_text (now);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO rosters (client_id, doc, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) "
                          "ON CONFLICT (client_id) DO UPDATE SET doc = ?2, updated_at = ?3, updated_by = ?4",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, C_("roster", "cannot save"));
  ok = vigie_sqlite_run (stmt, "ssss", client_id, text, at, author);
  sqlite3_finalize (stmt);
  if (!ok)
    return set_sqlite_error (self, error, C_("roster", "cannot save"));

  g_hash_table_replace (self->rosters, g_strdup (client_id), g_object_ref (roster));
  return TRUE;
}

/**
 * vigie_roster_store_save:
 * @self: a #VigieRosterStore
 * @roster: the new roster of its client; the store keeps a reference
 * @author: who made the change (operator, supervisor, "import")
 * @action: what kind of change, e.g. "override-added", "imported"
 * @detail: (nullable): a sentence for the journal
 * @error: return location for a #GError
 *
 * Commits @roster, then journals the change and emits
 * #VigieRosterStore::changed. Nothing is checked against labour rules
 * here: an urgent change is never blocked, the warnings follow.
 */
gboolean
vigie_roster_store_save (VigieRosterStore  *self,
                         VigieRoster       *roster,
                         const char        *author,
                         const char        *action,
                         const char        *detail,
                         GError           **error)
{
  const char *client_id;

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), FALSE);
  g_return_val_if_fail (VIGIE_IS_ROSTER (roster), FALSE);

  if (!store_roster (self, roster, author, error))
    return FALSE;

  client_id = vigie_roster_get_client_id (roster);
  if (self->journal != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GError) journal_error = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "client_id");
      json_builder_add_string_value (builder, client_id);
      json_builder_set_member_name (builder, "author");
      json_builder_add_string_value (builder, author);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, action);
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, detail);
      /* The roster is saved: a journal failure is reported, not undone. */
      if (!vigie_journal_append_built (self->journal, builder, NULL, "roster-changed", &journal_error))
        g_warning ("%s", journal_error->message);
    }

  g_signal_emit (self, signals[CHANGED], 0, client_id);
  return TRUE;
}

/**
 * vigie_roster_store_add_override:
 * @self: a #VigieRosterStore
 * @client_id: the client
 * @override: (transfer full): the replacement; its author is journaled
 * @error: return location for a #GError
 *
 * Applies a real-time swap at once.
 */
gboolean
vigie_roster_store_add_override (VigieRosterStore  *self,
                                 const char        *client_id,
                                 VigieOverride     *override,
                                 GError           **error)
{
  g_autoptr(VigieOverride) owned = override;
  g_autoptr(VigieRoster) copy = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *author = g_strdup (override->author);
  VigieRoster *roster;

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), FALSE);

  if (!(roster = vigie_roster_store_lookup (self, client_id, error)))
    return FALSE;

  start = vigie_roster_format_time (override->start);
  end = vigie_roster_format_time (override->end);
  detail = g_strdup_printf ("%s: %s → %s (%s)", override->person_id, start, end,
                            override->reason ? override->reason : "");
  copy = vigie_roster_copy (roster);
  if (!vigie_roster_add_override (copy, g_steal_pointer (&owned), error))
    return FALSE;
  return vigie_roster_store_save (self, copy, author, "override-added", detail, error);
}

gboolean
vigie_roster_store_remove_override (VigieRosterStore  *self,
                                    const char        *client_id,
                                    const char        *override_id,
                                    const char        *author,
                                    GError           **error)
{
  g_autoptr(VigieRoster) copy = NULL;
  VigieRoster *roster;

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), FALSE);

  if (!(roster = vigie_roster_store_lookup (self, client_id, error)))
    return FALSE;
  copy = vigie_roster_copy (roster);
  if (!vigie_roster_remove_override (copy, override_id, error))
    return FALSE;
  return vigie_roster_store_save (self, copy, author, "override-removed", override_id, error);
}

/**
 * vigie_roster_store_seed_dir:
 * @self: a #VigieRosterStore
 * @dir: a folder of roster JSON files (one per client)
 * @error: return location for a #GError
 *
 * Loads the rosters of clients that have none yet; a roster already in
 * the database is the centre's own and is left alone. A broken file is
 * reported and skipped.
 *
 * Returns: how many rosters were added
 */
guint
vigie_roster_store_seed_dir (VigieRosterStore  *self,
                             const char        *dir,
                             GError           **error)
{
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint added = 0;

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), 0);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return 0;
  if (!(folder = g_dir_open (dir, 0, error)))
    return 0;
  while ((name = g_dir_read_name (folder)))
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  qsort (names->pdata, names->len, sizeof (char *), compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(VigieRoster) roster = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(roster = vigie_roster_load_file (path, &local_error)))
        {
          g_warning ("%s", local_error->message);
          continue;
        }
      if (vigie_roster_store_get (self, vigie_roster_get_client_id (roster)))
        continue;
      /* Seeding is installation, not an edit: it stays out of the journal. */
      if (!store_roster (self, roster, "vigie", error))
        return added;
      g_signal_emit (self, signals[CHANGED], 0, vigie_roster_get_client_id (roster));
      added++;
    }
  return added;
}

void
vigie_intervention_free (VigieIntervention *intervention)
{
  if (intervention == NULL)
    return;
  g_free (intervention->client_id);
  g_free (intervention->person_id);
  g_clear_pointer (&intervention->start, g_date_time_unref);
  g_clear_pointer (&intervention->end, g_date_time_unref);
  g_free (intervention->source);
  g_free (intervention->call_id);
  g_free (intervention->note);
  g_free (intervention);
}

/* @row's id is not read: the new row's id is returned. */
static gint64
insert_intervention (VigieRosterStore         *self,
                     const VigieIntervention  *row,
                     gboolean                  ignore_duplicate,
                     GError                  **error)
{
  g_autofree char *s = utc_text (row->start);
  g_autofree char *e = utc_text (row->end);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (g_date_time_compare (row->start, row->end) >= 0)
    {
      g_set_error (error, VIGIE_ROSTER_STORE_ERROR, VIGIE_ROSTER_STORE_ERROR_INVALID,
                   _("An intervention must end after it starts"));
      return -1;
    }

  if (sqlite3_prepare_v2 (self->db,
                          ignore_duplicate
                            ? "INSERT OR IGNORE INTO roster_interventions (client_id, person_id, start_at, end_at, "
                              "source, call_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                            : "INSERT INTO roster_interventions (client_id, person_id, start_at, end_at, "
                              "source, call_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot record the intervention"));
      return -1;
    }
  rc = vigie_sqlite_bind (stmt, "sssssss", row->client_id, row->person_id, s, e, row->source, row->call_id, row->note)
       ? sqlite3_step (stmt) : SQLITE_ERROR;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, _("cannot record the intervention"));
      return -1;
    }
  return sqlite3_changes (self->db) ? sqlite3_last_insert_rowid (self->db) : 0;
}

/**
 * vigie_roster_store_add_intervention:
 * @self: a #VigieRosterStore
 * @client_id: the client
 * @person_id: who intervened
 * @start: start of the work, travel included
 * @end: its end
 * @source: "manual" for an entry typed by a supervisor
 * @call_id: (nullable): the call it answered
 * @note: (nullable): free text
 * @error: return location for a #GError
 *
 * Returns: the new row id, or -1 on error
 */
gint64
vigie_roster_store_add_intervention (VigieRosterStore  *self,
                                     const char        *client_id,
                                     const char        *person_id,
                                     GDateTime         *start,
                                     GDateTime         *end,
                                     const char        *source,
                                     const char        *call_id,
                                     const char        *note,
                                     GError           **error)
{
  VigieIntervention row = { 0, (char *) client_id, (char *) person_id, start, end,
                            (char *) source, (char *) call_id, (char *) note };

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), -1);
  return insert_intervention (self, &row, FALSE, error);
}

/**
 * vigie_roster_store_list_interventions:
 * @self: a #VigieRosterStore
 * @client_id: the client
 * @person_id: (nullable): one person, or everyone
 * @from: start of the window
 * @to: end of the window
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VigieIntervention): the
 *   interventions overlapping the window, oldest first
 */
GPtrArray *
vigie_roster_store_list_interventions (VigieRosterStore  *self,
                                       const char        *client_id,
                                       const char        *person_id,
                                       GDateTime         *from,
                                       GDateTime         *to,
                                       GError           **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_intervention_free);
  g_autofree char *f = utc_text (from);
  g_autofree char *t = utc_text (to);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, client_id, person_id, start_at, end_at, source, call_id, note "
                          "FROM roster_interventions WHERE client_id = ?1 AND (?2 IS NULL OR person_id = ?2) "
                          "AND end_at > ?3 AND start_at < ?4 ORDER BY start_at, id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, C_("roster", "cannot read"));
      return NULL;
    }
  if (!vigie_sqlite_bind (stmt, "ssss", client_id, person_id, f, t))
    {
      set_sqlite_error (self, error, C_("roster", "cannot read"));
      sqlite3_finalize (stmt);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigieIntervention *item = g_new0 (VigieIntervention, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->client_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->person_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->start = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 3), NULL);
      item->end = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 4), NULL);
      item->source = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      item->call_id = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      item->note = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      g_ptr_array_add (list, item);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, C_("roster", "cannot read"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root && JSON_NODE_HOLDS_OBJECT (root) ? json_object_ref (json_node_get_object (root)) : NULL;
}

static GDateTime *
event_time (JsonObject *data,
            const char *member,
            const char *fallback)
{
  const char *text = data ? json_object_get_string_member_with_default (data, member, NULL) : NULL;
  GDateTime *when = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return when ? when : g_date_time_new_from_iso8601 (fallback, NULL);
}

static gboolean
is_acknowledgement (VigieJournalEvent *event,
                    JsonObject        *data)
{
  return (g_str_equal (event->kind, "alert-acknowledged") ||
          g_str_equal (event->kind, "escalation-acknowledged")) &&
         json_object_get_string_member_with_default (data, "person_id", NULL) != NULL;
}

static const char *
string_or (JsonObject *data,
           const char *member,
           JsonObject *fallback)
{
  const char *value = json_object_get_string_member_with_default (data, member, NULL);

  if (value == NULL && fallback != NULL)
    value = json_object_get_string_member_with_default (fallback, member, NULL);
  return value;
}

/* An "intervention-ended" event as a journal intervention: 1 if added,
 * 0 if not one (or already there), -1 on error. */
static int
collect_intervention (VigieRosterStore   *self,
                      VigieJournalEvent  *event,
                      JsonObject         *data,
                      JsonObject         *ack,
                      const char         *client_id,
                      GError            **error)
{
  const char *person_id = string_or (data, "person_id", ack);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  VigieIntervention row = { 0 };
  gint64 id;

  if (client_id == NULL && ack != NULL)
    client_id = json_object_get_string_member_with_default (ack, "client_id", NULL);
  if (person_id == NULL || client_id == NULL)
    return 0;
  start = event_time (data, "started_at",
                      ack ? json_object_get_string_member (ack, "acknowledged_at") : event->at);
  end = event_time (data, "ended_at", event->at);
  if (start == NULL || end == NULL || g_date_time_compare (start, end) >= 0)
    return 0;
  row = (VigieIntervention) { 0, (char *) client_id, (char *) person_id, start, end,
                             (char *) "journal", event->call_id, NULL };
  id = insert_intervention (self, &row, TRUE, error);
  return id < 0 ? -1 : id > 0;
}

/**
 * vigie_roster_store_collect_journal:
 * @self: a #VigieRosterStore
 * @journal: the journal
 * @error: return location for a #GError
 *
 * Turns each journaled call's acknowledgement ("alert-acknowledged" or
 * "escalation-acknowledged", with a person_id) and its "intervention-ended"
 * event into an intervention, once per call and person.
 *
 * Returns: how many new interventions were recorded
 */
guint
vigie_roster_store_collect_journal (VigieRosterStore  *self,
                                    VigieJournal      *journal,
                                    GError           **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GHashTable) clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) acks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) json_object_unref);
  guint added = 0;

  g_return_val_if_fail (VIGIE_IS_ROSTER_STORE (self), 0);

  if (!(events = vigie_journal_list_events (journal, NULL, error)))
    return 0;

  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);
      g_autoptr(JsonObject) data = event->call_id ? parse_object (event->data) : NULL;
      int result;

      if (data == NULL)
        continue;
      if (g_str_equal (event->kind, "call-received"))
        g_hash_table_replace (clients, g_strdup (event->call_id),
                              g_strdup (json_object_get_string_member_with_default (data, "client_id", NULL)));
      else if (is_acknowledgement (event, data))
        {
          json_object_set_string_member (data, "acknowledged_at", event->at);
          g_hash_table_replace (acks, g_strdup (event->call_id), json_object_ref (data));
        }
      else if (g_str_equal (event->kind, "intervention-ended"))
        {
          result = collect_intervention (self, event, data, g_hash_table_lookup (acks, event->call_id),
                                         g_hash_table_lookup (clients, event->call_id), error);
          if (result < 0)
            return added;
          added += result;
        }
    }
  return added;
}
