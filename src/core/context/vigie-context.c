/* vigie-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a desk needs, loaded from one data directory: the directory of
 * clients and contacts, each client's script, the journal and the
 * dispatcher. A client whose script is broken stays usable: its calls open
 * in degraded mode, decided by hand.
 *
 * Live data: clients.json, directory.json, the scripts and the rosters are
 * watched. A valid new version is used from the next call; an invalid one
 * keeps the previous version and is reported ("reloaded" signal). Calls
 * already open keep what they were opened with.
 */
#define G_LOG_DOMAIN "vigie-context"
/* F_OFD_SETLK: a lock per open file, so two contexts in one process exclude each other too. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "vigie-context-private.h"
#include "vigie-escalation-webhook.h"
#include "vigie-input.h"
#include "vigie-json.h"
#include "vigie-phone.h"


enum {
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Editors save in bursts (temporary file, rename, attributes): reload
 * once they are done. */
#define RELOAD_DELAY_MS 300

G_DEFINE_FINAL_TYPE (VigieContext, vigie_context, G_TYPE_OBJECT)

/* The SHA-256 of each file of the script (root and includes), as loaded,
 * and one over them all: the journal says which version a call used. */
static JsonNode *
sum_script (VigieContext *self,
            VigieScript  *script)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GChecksum) all = g_checksum_new (G_CHECKSUM_SHA256);
  const char * const *files = vigie_script_get_files (script);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "script_files");
  json_builder_begin_array (builder);
  for (guint i = 0; files && files[i]; i++)
    {
      g_autofree char *contents = NULL;
      g_autofree char *sum = NULL;
      g_autofree char *relative = NULL;
      gsize length = 0;

      if (!g_file_get_contents (files[i], &contents, &length, NULL))
        continue;
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      relative = g_str_has_prefix (files[i], self->data_dir)
        ? g_strdup (files[i] + strlen (self->data_dir) + (files[i][strlen (self->data_dir)] == G_DIR_SEPARATOR))
        : g_strdup (files[i]);
      g_checksum_update (all, (const guchar *) relative, -1);
      g_checksum_update (all, (const guchar *) "\0", 1);
      g_checksum_update (all, (const guchar *) sum, -1);
      g_checksum_update (all, (const guchar *) "\n", 1);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, relative);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, sum);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "script_sha256");
  json_builder_add_string_value (builder, g_checksum_get_string (all));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Loads every client's script of @directory. With @previous (a reload),
 * a client whose new script is broken keeps the one it had, and the
 * problem goes to @problems. */
static void
load_scripts (VigieContext   *self,
              VigieDirectory *directory,
              GHashTable     *scripts,
              GHashTable     *errors,
              GHashTable     *sums,
              VigieContext   *previous,
              GString        *problems)
{
  GListModel *clients = vigie_directory_get_clients (directory);

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = NULL;
      VigieScript *script;
      VigieScript *kept;
      const char *relative = vigie_client_get_script (client);
      const char *id = vigie_client_get_id (client);

      if (relative == NULL)
        {
          g_hash_table_insert (errors, g_strdup (id), g_strdup (_("This client has no script")));
          continue;
        }

      /* "script": "../../../../etc/passwd" is refused unread. */
      if (!(path = vigie_json_resolve_under (self->data_dir, relative, &error)))
        {
          g_prefix_error (&error, "%s: ", vigie_client_get_id (client));
          g_warning ("%s", error->message);
          g_hash_table_insert (self->script_errors, g_strdup (vigie_client_get_id (client)),
                               g_strdup (error->message));
          continue;
        }
      file = g_file_new_for_path (path);
      script = vigie_script_load (file, NULL, &error);
      if (script == NULL)
        {
          kept = previous ? g_hash_table_lookup (previous->scripts, id) : NULL;
          if (kept != NULL)
            {
              JsonNode *sum = g_hash_table_lookup (previous->script_sums, id);

              g_hash_table_insert (scripts, g_strdup (id), g_object_ref (kept));
              if (sum != NULL)
                g_hash_table_insert (sums, g_strdup (id), json_node_copy (sum));
              if (problems != NULL)
                g_string_append_printf (problems, "%s%s", problems->len ? "\n" : "", error->message);
            }
          else
            {
              /* A new client with a broken script: its calls open in
               * degraded mode. */
              if (previous == NULL)
                g_warning ("%s", error->message);
              else
                g_message ("%s", error->message);
              g_hash_table_insert (errors, g_strdup (id), g_strdup (error->message));
            }
          continue;
        }
      g_hash_table_insert (sums, g_strdup (id), sum_script (self, script));
      g_hash_table_insert (scripts, g_strdup (id), script);
    }
}

static GHashTable *
new_script_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static GHashTable *
new_error_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
new_sum_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
}

/* The desk erases callers' personal data past each client's
 * "retention_days" (clients.json), at start and daily. */
static void
apply_retention (VigieContext *self)
{
  GListModel *clients = vigie_directory_get_clients (self->directory);
  g_autoptr(GHashTable) days = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);

      g_hash_table_insert (days, (gpointer) vigie_client_get_id (client),
                           GINT_TO_POINTER (vigie_client_get_retention_days (client)));
    }
  vigie_journal_set_retention (self->journal, days, 0);
}

/**
 * vigie_context_reload:
 * @self: a #VigieContext
 *
 * Reads the data folder again (what the file monitors do by themselves):
 * a valid new version is used from the next call; an invalid clients.json
 * or directory.json changes nothing, an invalid script keeps that
 * client's previous script. Emits #VigieContext::reloaded.
 */
void
vigie_context_reload (VigieContext *self)
{
  g_autofree char *clients_path = g_build_filename (self->data_dir, "clients.json", NULL);
  g_autofree char *contacts_path = g_build_filename (self->data_dir, "directory.json", NULL);
  g_autofree char *rosters_dir = g_build_filename (self->data_dir, "rosters", NULL);
  g_autoptr(GFile) clients = g_file_new_for_path (clients_path);
  g_autoptr(GFile) contacts = g_file_new_for_path (contacts_path);
  g_autoptr(VigieDirectory) directory = vigie_directory_new ();
  g_autoptr(GHashTable) scripts = new_script_table ();
  g_autoptr(GHashTable) errors = new_error_table ();
  g_autoptr(GHashTable) sums = new_sum_table ();
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIE_IS_CONTEXT (self));

  if (!vigie_directory_load_clients (directory, clients, &error) ||
      !vigie_directory_load_contacts (directory, contacts, &error))
    {
      g_message ("Data not reloaded: %s", error->message);
      g_signal_emit (self, signals[RELOADED], 0, FALSE, error->message);
      return;
    }

  load_scripts (self, directory, scripts, errors, sums, self, problems);

  vigie_directory_take_contents (self->directory, directory);
  g_hash_table_unref (self->scripts);
  self->scripts = g_steal_pointer (&scripts);
  g_hash_table_unref (self->script_errors);
  self->script_errors = g_steal_pointer (&errors);
  g_hash_table_unref (self->script_sums);
  self->script_sums = g_steal_pointer (&sums);

  /* A new client's roster: the ones already in the database stay. */
  vigie_roster_store_seed_dir (self->rosters, rosters_dir, &error);
  if (error != NULL)
    {
      g_string_append_printf (problems, "%s%s", problems->len ? "\n" : "", error->message);
      g_clear_error (&error);
    }

  if (self->monitors->len > 0)
    apply_retention (self);

  if (problems->len > 0)
    g_message ("Data reloaded, with problems:\n%s", problems->str);
  g_signal_emit (self, signals[RELOADED], 0, TRUE, problems->len ? problems->str : NULL);
}

static gboolean
reload_cb (gpointer user_data)
{
  VigieContext *self = user_data;

  self->reload_id = 0;
  vigie_context_reload (self);
  return G_SOURCE_REMOVE;
}

static gboolean
is_watched_name (GFile *file)
{
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  return name != NULL && (g_str_equal (name, "clients.json") || g_str_equal (name, "directory.json"));
}

static void
changed_cb (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other,
            GFileMonitorEvent  event,
            VigieContext      *self)
{
  gboolean top = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (monitor), "vigie-top"));

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
      event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;
  /* The data folder also holds the journal, written at every call. */
  if (top && !is_watched_name (file) && !is_watched_name (other))
    return;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
watch_dir (VigieContext *self,
           const char   *path,
           gboolean      top,
           gboolean      recursive)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GFileMonitor *monitor;

  if (!(monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error)))
    {
      g_debug ("Not watching %s: %s", path, error->message);
      return;
    }
  g_object_set_data (G_OBJECT (monitor), "vigie-top", GINT_TO_POINTER (top));
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), self);
  g_ptr_array_add (self->monitors, monitor);

  if (recursive)
    {
      g_autoptr(GFileEnumerator) children =
        g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
      GFileInfo *info;

      while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)))
        {
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            {
              g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
              watch_dir (self, child, FALSE, TRUE);
            }
          g_object_unref (info);
        }
    }
}

/**
 * vigie_context_watch:
 * @self: a #VigieContext
 *
 * For the desk: reload the data when its files change (see
 * vigie_context_reload()). The command line reads them once.
 */
void
vigie_context_watch (VigieContext *self)
{
  g_autofree char *scripts = NULL;
  g_autofree char *rosters = NULL;

  g_return_if_fail (VIGIE_IS_CONTEXT (self));

  if (self->monitors->len > 0)
    return;
  scripts = g_build_filename (self->data_dir, "scripts", NULL);
  rosters = g_build_filename (self->data_dir, "rosters", NULL);
  watch_dir (self, self->data_dir, TRUE, FALSE);
  watch_dir (self, scripts, FALSE, TRUE);
  watch_dir (self, rosters, FALSE, FALSE);
  apply_retention (self);
}

/* One desk per data folder: the alerts leave from the process that holds
 * an open-file-description lock on the folder's lock file (released when
 * it exits, even by kill -9). Another process on the same folder reads
 * and queues, but never sends, or every alert would go out twice. */
static int
acquire_lock (const char  *data_dir,
              char       **holder)
{
  g_autofree char *path = g_build_filename (data_dir, VIGIE_CONTEXT_LOCK_NAME, NULL);
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  g_autofree char *who = NULL;
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      *holder = g_strdup_printf (_("cannot open %s: %s"), path, g_strerror (errno));
      return -1;
    }
  if (fcntl (fd, F_OFD_SETLK, &lock) != 0)
    {
      char text[128] = { 0 };
      gssize n = pread (fd, text, sizeof text - 1, 0);

      text[MAX (n, 0)] = '\0';
      g_strstrip (text);
      *holder = g_utf8_make_valid (text[0] ? text : "?", -1);
      close (fd);
      return -1;
    }
  who = g_strdup_printf (_("process %d on %s"), (int) getpid (), g_get_host_name ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, who, strlen (who), 0) < 0)
    g_debug ("Lock file %s: %s", path, g_strerror (errno));
  return fd;
}

static void
vigie_context_finalize (GObject *object)
{
  VigieContext *self = (VigieContext *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  for (guint i = 0; i < self->monitors->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->monitors, i), self);
  g_clear_pointer (&self->monitors, g_ptr_array_unref);
  g_clear_object (&self->open_calls);
  g_clear_object (&self->directory);
  if (self->dispatcher)
    vigie_dispatcher_stop (self->dispatcher);
  g_clear_handle_id (&self->reminders_timer, g_source_remove);
  g_clear_object (&self->escalation);
  g_clear_object (&self->reminders);
  g_clear_object (&self->rosters);
  g_clear_object (&self->dispatcher);
  g_clear_object (&self->outbox);
  g_clear_object (&self->secrets);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->scripts, g_hash_table_unref);
  g_clear_pointer (&self->script_errors, g_hash_table_unref);
  g_clear_pointer (&self->script_sums, g_hash_table_unref);
  g_free (self->data_dir);
  g_free (self->lock_holder);
  /* Closing the descriptor releases the lock. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);

  G_OBJECT_CLASS (vigie_context_parent_class)->finalize (object);
}

static void
vigie_context_class_init (VigieContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_context_finalize;

  /**
   * VigieContext::reloaded:
   * @self: the context
   * @applied: %FALSE when nothing changed (clients.json or directory.json
   *   is invalid)
   * @problems: (nullable): what could not be used, one per line; the
   *   previous version of each is kept
   *
   * The data folder was read again; the next call uses what it holds.
   */
  signals[RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
vigie_context_init (VigieContext *self)
{
  self->lock_fd = -1;
  self->directory = vigie_directory_new ();
  self->scripts = new_script_table ();
  self->script_errors = new_error_table ();
  self->script_sums = new_sum_table ();
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->open_calls = vigie_call_list_new ();
}

/**
 * vigie_context_new:
 * @data_dir: the data directory (clients.json, directory.json, scripts/,
 *   journal.sqlite)
 * @error: return location for a #GError
 *
 * Fails only when the directory or the journal cannot be loaded; broken
 * scripts are reported per client by vigie_context_get_script().
 *
 * Returns: (transfer full) (nullable): the context
 */
VigieContext *
vigie_context_new (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(VigieContext) self = g_object_new (VIGIE_TYPE_CONTEXT, NULL);
  g_autofree char *clients_path = g_build_filename (data_dir, "clients.json", NULL);
  g_autofree char *contacts_path = g_build_filename (data_dir, "directory.json", NULL);
  g_autofree char *journal_path = g_build_filename (data_dir, "journal.sqlite", NULL);
  g_autoptr(GFile) clients = g_file_new_for_path (clients_path);
  g_autoptr(GFile) contacts = g_file_new_for_path (contacts_path);

  self->data_dir = g_strdup (data_dir);

  if (!vigie_directory_load_clients (self->directory, clients, error) ||
      !vigie_directory_load_contacts (self->directory, contacts, error))
    return NULL;

  /* Callers' personal data: the journal is created private (SQLite gives
   * its -wal and -shm files the same mode). */
  {
    int fd = g_open (journal_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

    if (fd >= 0)
      close (fd);
  }
  if (!(self->journal = vigie_journal_open (journal_path, error)))
    return NULL;
  /* The outbox shares the journal's file; the dispatcher starts with
   * whatever a previous run left undelivered. */
  if (!(self->outbox = vigie_outbox_new (self->journal, error)))
    return NULL;
  self->secrets = vigie_secrets_new (VIGIE_SECRETS_BACKEND_AUTO);
  self->dispatcher = vigie_dispatcher_new (self->outbox, self->directory, self->secrets);
  if ((self->lock_fd = acquire_lock (data_dir, &self->lock_holder)) >= 0)
    vigie_dispatcher_start (self->dispatcher);

  /* Rosters and escalations share the journal's file, with their own
   * tables and connections. */
  {
    g_autofree char *rosters_dir = g_build_filename (data_dir, "rosters", NULL);
    g_autoptr(GError) seed_error = NULL;

    if (!(self->rosters = vigie_roster_store_open (journal_path, self->journal, error)) ||
        !(self->escalation = vigie_escalation_open (journal_path, self->journal, error)) ||
        !(self->reminders = vigie_roster_reminders_open (journal_path, error)))
      return NULL;
    /* A data folder installed before rosters existed gets the demo ones,
     * which only name the demo clients. */
    if (!g_file_test (rosters_dir, G_FILE_TEST_EXISTS))
      {
        g_autoptr(GFile) target = g_file_new_for_path (rosters_dir);

        if (!_vigie_context_copy_resource_tree (VIGIE_CONTEXT_DEMO_RESOURCE "/rosters", target, &seed_error))
          {
            g_warning ("%s", seed_error->message);
            g_clear_error (&seed_error);
          }
      }
    vigie_roster_store_seed_dir (self->rosters, rosters_dir, &seed_error);
    if (seed_error)
      g_warning ("%s", seed_error->message);
  }

  load_scripts (self, self->directory, self->scripts, self->script_errors, self->script_sums, NULL, NULL);

  return g_steal_pointer (&self);
}

const char *
vigie_context_get_data_dir (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->data_dir;
}

/**
 * vigie_context_check_sender:
 * @self: a #VigieContext
 * @error: return location for a #GError
 *
 * Whether this process sends the folder's alerts: only one desk per data
 * folder does. A desk must refuse to start when this fails; a command that
 * only reads or queues may go on (the running desk sends).
 *
 * Returns: %TRUE if this context holds the folder's lock
 */
gboolean
vigie_context_check_sender (VigieContext  *self,
                            GError       **error)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), FALSE);

  if (self->lock_fd >= 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
               _("Another desk already uses the data folder %s (%s). Only one desk may use a "
                 "folder, or every alert would be sent twice: close the other one first."),
               self->data_dir, self->lock_holder);
  return FALSE;
}

/**
 * vigie_context_dup_pbx_token:
 * @self: a #VigieContext
 * @legacy: (nullable): a token still kept in clear in the settings
 * @stored: (out) (optional): whether the token is kept by #VigieSecrets
 *   (the caller may then clear the setting)
 * @error: return location for a #GError
 *
 * The switchboard endpoint's token lives with the other secrets
 * (#VigieSecrets: the keyring, else a 0600 file), not in GSettings, whose
 * dconf database any process of the session reads. A @legacy token is
 * moved there (the caller then clears the setting); a stored one wins.
 *
 * Returns: (transfer full) (nullable): the token, %NULL when none is set
 */
char *
vigie_context_dup_pbx_token (VigieContext  *self,
                             const char    *legacy,
                             gboolean      *stored,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean have_legacy = legacy != NULL && *legacy != '\0';
  char *token;

  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);

  if (stored)
    *stored = FALSE;
  token = vigie_secrets_lookup (self->secrets, VIGIE_CONTEXT_PBX_SECRET_OWNER, "pbx-endpoint", "token",
                                &local_error);
  if (token == NULL && have_legacy && local_error == NULL &&
      vigie_secrets_store (self->secrets, VIGIE_CONTEXT_PBX_SECRET_OWNER, "pbx-endpoint", "token", legacy,
                           &local_error))
    token = g_strdup (legacy);
  if (token != NULL)
    {
      if (stored)
        *stored = TRUE;
      return token;
    }
  /* No secret store at all: the setting still works, and the message
   * says why it stays there. */
  if (have_legacy)
    {
      g_message ("Switchboard token left in the settings: %s", local_error ? local_error->message : "?");
      return g_strdup (legacy);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/**
 * vigie_context_get_directory:
 * @self: a #VigieContext
 *
 * Returns: (transfer none): the directory
 */
VigieDirectory *
vigie_context_get_directory (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->directory;
}

/**
 * vigie_context_get_journal:
 * @self: a #VigieContext
 *
 * Returns: (transfer none): the journal
 */
VigieJournal *
vigie_context_get_journal (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->journal;
}

/**
 * vigie_context_get_dispatcher:
 * @self: a #VigieContext
 *
 * Returns: (transfer none): the dispatcher
 */
VigieDispatcher *
vigie_context_get_dispatcher (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->dispatcher;
}

/**
 * vigie_context_get_outbox:
 * @self: a #VigieContext
 *
 * Returns: (transfer none): the outbox
 */
VigieOutbox *
vigie_context_get_outbox (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->outbox;
}

/**
 * vigie_context_get_roster_store:
 * @self: a #VigieContext
 *
 * Returns: (transfer none): the on-call rosters
 */
VigieRosterStore *
vigie_context_get_roster_store (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->rosters;
}

/**
 * vigie_context_get_escalation:
 * @self: a #VigieContext
 *
 * Returns: (transfer none): the escalation engine
 */
VigieEscalation *
vigie_context_get_escalation (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->escalation;
}

/**
 * vigie_context_get_reminders:
 * @self: a #VigieContext
 *
 * Returns: (transfer none): the shift reminders
 */
VigieRosterReminders *
vigie_context_get_reminders (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->reminders;
}

static gboolean
reminders_cb (gpointer user_data)
{
  VigieContext *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  vigie_roster_reminders_run (self->reminders, self->rosters, now, &error);
  if (error)
    g_warning ("%s", error->message);
  return G_SOURCE_CONTINUE;
}

/**
 * vigie_context_start_escalation:
 * @self: a #VigieContext
 *
 * For the desk: triggered calls start their client's cascade, steps and
 * shift reminders go out through the webhook sink (until the outbox
 * replaces it) on the real clock. Left off for the command line and tests.
 */
void
vigie_context_start_escalation (VigieContext *self)
{
  g_autoptr(VigieEscalationWebhook) sink = NULL;

  g_return_if_fail (VIGIE_IS_CONTEXT (self));

  sink = vigie_escalation_webhook_new (self->dispatcher, self->directory);
  vigie_escalation_set_sink (self->escalation, VIGIE_ALERT_SINK (sink));
  vigie_escalation_watch_journal (self->escalation, self->journal, self->rosters);
  /* One indexed query a second: a step's delay is kept to the second. */
  vigie_escalation_start_timer (self->escalation, 1);
  vigie_roster_reminders_set_sink (self->reminders, VIGIE_ALERT_SINK (sink));
  if (self->reminders_timer == 0)
    self->reminders_timer = g_timeout_add_seconds (60, reminders_cb, self);
}

/**
 * vigie_context_get_script:
 * @self: a #VigieContext
 * @client_id: a client id
 * @error_message: (out) (optional) (transfer none): why there is no script
 *
 * Returns: (transfer none) (nullable): the client's script
 */
VigieScript *
vigie_context_get_script (VigieContext  *self,
                          const char    *client_id,
                          const char   **error_message)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);

  if (error_message)
    *error_message = g_hash_table_lookup (self->script_errors, client_id);
  return g_hash_table_lookup (self->scripts, client_id);
}

/**
 * vigie_context_dup_load_errors:
 * @self: a #VigieContext
 *
 * Returns: (transfer full) (nullable): every script error, or %NULL
 */
char *
vigie_context_dup_load_errors (VigieContext *self)
{
  g_autoptr(GString) text = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);

  g_hash_table_iter_init (&iter, self->script_errors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append_c (text, '\n');
      g_string_append (text, value);
    }

  return text ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

