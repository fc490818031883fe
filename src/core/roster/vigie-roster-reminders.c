/* vigie-roster-reminders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shift reminders: the incoming on-call person hears about the shift the
 * evening before and an hour ahead (both settings), through their alert
 * targets. What was sent is recorded in SQLite, so a restart neither
 * repeats a reminder nor, within six hours, forgets one.
 */
#define G_LOG_DOMAIN "vigie-roster-reminders"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "vigie-roster-reminders.h"
#include "vigie-sqlite.h"

struct _VigieRosterReminders
{
  GObject         parent_instance;

  char           *path;
  sqlite3        *db;
  VigieAlertSink *sink;
  guint           before_minutes;
  int             evening_minutes;
};

G_DEFINE_FINAL_TYPE (VigieRosterReminders, vigie_roster_reminders, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-roster-reminders-error-quark, vigie_roster_reminders_error)

/* A reminder later than this is dropped: telling someone at 03:00 about a
 * shift that started at 19:00 helps nobody. */
#define CATCH_UP_HOURS 6

void
vigie_reminder_due_free (VigieReminderDue *due)
{
  if (due == NULL)
    return;
  g_free (due->client_id);
  g_free (due->person_id);
  g_clear_pointer (&due->shift_start, g_date_time_unref);
  g_clear_pointer (&due->shift_end, g_date_time_unref);
  g_free (due->kind);
  g_clear_pointer (&due->remind_at, g_date_time_unref);
  g_free (due);
}

static void
add_due (GPtrArray   *list,
         VigieRoster *roster,
         VigieShift  *shift,
         GDateTime   *shift_end,
         const char  *kind,
         GDateTime   *at)
{
  VigieReminderDue *due = g_new0 (VigieReminderDue, 1);

  due->client_id = g_strdup (vigie_roster_get_client_id (roster));
  due->person_id = g_strdup (shift->person_id);
  due->shift_start = g_date_time_ref (shift->start);
  due->shift_end = g_date_time_ref (shift_end);
  due->kind = g_strdup (kind);
  due->remind_at = g_date_time_ref (at);
  g_ptr_array_add (list, due);
}

static gint
compare_due (gconstpointer a,
             gconstpointer b)
{
  return g_date_time_compare ((*(VigieReminderDue **) a)->remind_at, (*(VigieReminderDue **) b)->remind_at);
}

/* A shift someone takes over from someone else (or from nobody). */
static gboolean
is_hand_over (GPtrArray *shifts,
              guint      i)
{
  VigieShift *shift = g_ptr_array_index (shifts, i);
  VigieShift *previous = i > 0 ? g_ptr_array_index (shifts, i - 1) : NULL;

  if (shift->person_id == NULL || previous == NULL)
    return FALSE;
  /* Same person continuing (rotation then override, say): no news. */
  return !(g_date_time_equal (previous->end, shift->start) &&
           g_strcmp0 (previous->person_id, shift->person_id) == 0);
}

/* The whole stretch the person of shift @i covers, across merged pieces. */
static GDateTime *
stretch_end (GPtrArray *shifts,
             guint      i)
{
  VigieShift *shift = g_ptr_array_index (shifts, i);
  GDateTime *end = shift->end;

  for (guint j = i + 1; j < shifts->len; j++)
    {
      VigieShift *n = g_ptr_array_index (shifts, j);

      if (!g_date_time_equal (n->start, end) || g_strcmp0 (n->person_id, shift->person_id) != 0)
        break;
      end = n->end;
    }
  return end;
}

static gboolean
within (GDateTime *at,
        GDateTime *from,
        GDateTime *to)
{
  return g_date_time_compare (at, from) >= 0 && g_date_time_compare (at, to) < 0;
}

/* The evening before @start, at @minutes after local midnight. */
static GDateTime *
evening_before (GDateTime *start,
                GTimeZone *tz,
                int        minutes)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (start, tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (local, -1);

  return g_date_time_new (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), minutes / 60, minutes % 60, 0);
}

/**
 * vigie_roster_list_reminders:
 * @roster: a roster
 * @from: start of the window, for the reminder times
 * @to: end of the window
 * @before_minutes: the short reminder, before the shift (0: none)
 * @evening_minutes: the evening-before reminder's local time, minutes
 *   after midnight (-1: none)
 *
 * A reminder goes to whoever takes over from someone else (or from
 * nobody): a person on call three nights running is reminded once.
 *
 * Returns: (transfer full) (element-type VigieReminderDue): the reminders
 *   falling in [@from, @to), in time order
 */
GPtrArray *
vigie_roster_list_reminders (VigieRoster *roster,
                             GDateTime   *from,
                             GDateTime   *to,
                             guint        before_minutes,
                             int          evening_minutes)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_reminder_due_free);
  /* Shifts starting up to two days after @to can have a reminder in it. */
  g_autoptr(GDateTime) start = g_date_time_add_days (from, -1);
  g_autoptr(GDateTime) end = g_date_time_add_days (to, 2);
  g_autoptr(GPtrArray) shifts = vigie_roster_timeline (roster, start, end);
  GTimeZone *tz = vigie_roster_get_timezone (roster);

  for (guint i = 0; i < shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (shifts, i);
      g_autoptr(GDateTime) before = NULL;
      g_autoptr(GDateTime) evening = NULL;

      if (!is_hand_over (shifts, i))
        continue;
      if (before_minutes > 0)
        before = g_date_time_add_minutes (shift->start, -(int) before_minutes);
      if (before && within (before, from, to))
        add_due (list, roster, shift, stretch_end (shifts, i), "before", before);
      if (evening_minutes >= 0)
        evening = evening_before (shift->start, tz, evening_minutes);
      if (evening && within (evening, from, to))
        add_due (list, roster, shift, stretch_end (shifts, i), "evening-before", evening);
    }
  g_ptr_array_sort (list, compare_due);
  return list;
}

static void
vigie_roster_reminders_finalize (GObject *object)
{
  VigieRosterReminders *self = (VigieRosterReminders *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->sink);
  g_free (self->path);

  G_OBJECT_CLASS (vigie_roster_reminders_parent_class)->finalize (object);
}

static void
vigie_roster_reminders_class_init (VigieRosterRemindersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_roster_reminders_finalize;
}

static void
vigie_roster_reminders_init (VigieRosterReminders *self)
{
  self->before_minutes = 60;
  self->evening_minutes = 18 * 60;
}

/**
 * vigie_roster_reminders_open:
 * @path: the SQLite file, normally the journal's
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the reminder sender
 */
VigieRosterReminders *
vigie_roster_reminders_open (const char  *path,
                             GError     **error)
{
  g_autoptr(VigieRosterReminders) self = g_object_new (VIGIE_TYPE_ROSTER_REMINDERS, NULL);

  self->path = g_strdup (path);
  if (!(self->db = vigie_sqlite_open (path, TRUE,
                                      "PRAGMA journal_mode=WAL;"
                                      "CREATE TABLE IF NOT EXISTS roster_reminders ("
                                      "  client_id TEXT NOT NULL, person_id TEXT NOT NULL, shift_start TEXT NOT NULL,"
                                      "  kind TEXT NOT NULL, sent_at TEXT NOT NULL,"
                                      "  PRIMARY KEY (client_id, person_id, shift_start, kind));",
                                      _("Reminders"),
                                      VIGIE_ROSTER_REMINDERS_ERROR, VIGIE_ROSTER_REMINDERS_ERROR_SQLITE, error)))
    return NULL;
  return g_steal_pointer (&self);
}

void
vigie_roster_reminders_set_sink (VigieRosterReminders *self,
                                 VigieAlertSink       *sink)
{
  g_return_if_fail (VIGIE_IS_ROSTER_REMINDERS (self));
  g_set_object (&self->sink, sink);
}

/**
 * vigie_roster_reminders_set_leads:
 * @self: a #VigieRosterReminders
 * @before_minutes: how long before the shift (0: no such reminder)
 * @evening_minutes: the local time of the evening-before reminder,
 *   minutes after midnight (-1: none)
 */
void
vigie_roster_reminders_set_leads (VigieRosterReminders *self,
                                  guint                 before_minutes,
                                  int                   evening_minutes)
{
  g_return_if_fail (VIGIE_IS_ROSTER_REMINDERS (self));
  self->before_minutes = before_minutes;
  self->evening_minutes = evening_minutes;
}

static char *
utc_text (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * vigie_roster_reminders_run:
 * @self: a #VigieRosterReminders
 * @store: the rosters
 * @now: the current time
 * @error: return location for a #GError
 *
 * Sends every reminder due by @now (and not older than six hours) that
 * was not sent yet.
 *
 * Returns: how many reminders the sink took
 */
guint
vigie_roster_reminders_run (VigieRosterReminders  *self,
                            VigieRosterStore      *store,
                            GDateTime             *now,
                            GError               **error)
{
  g_auto(GStrv) clients = vigie_roster_store_list_clients (store);
  g_autoptr(GDateTime) since = g_date_time_add_hours (now, -CATCH_UP_HOURS);
  g_autoptr(GDateTime) until = g_date_time_add_seconds (now, 1);
  g_autofree char *sent_at = utc_text (now);
  guint sent = 0;

  g_return_val_if_fail (VIGIE_IS_ROSTER_REMINDERS (self), 0);

  for (guint c = 0; clients[c]; c++)
    {
      VigieRoster *roster = vigie_roster_store_get (store, clients[c]);
      g_autoptr(GPtrArray) due = vigie_roster_list_reminders (roster, since, until, self->before_minutes,
                                                              self->evening_minutes);

      for (guint i = 0; i < due->len; i++)
        {
          VigieReminderDue *d = g_ptr_array_index (due, i);
          const VigieRosterPerson *person = vigie_roster_find_person (roster, d->person_id);
          g_autofree char *start = utc_text (d->shift_start);
          g_autoptr(GError) sink_error = NULL;
          VigieShiftReminder reminder = { 0 };
          sqlite3_stmt *stmt = NULL;
          int rc;

          if (sqlite3_prepare_v2 (self->db,
                                  "INSERT OR IGNORE INTO roster_reminders (client_id, person_id, shift_start, kind, "
                                  "sent_at) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &stmt, NULL) != SQLITE_OK)
            {
              g_set_error (error, VIGIE_ROSTER_REMINDERS_ERROR, VIGIE_ROSTER_REMINDERS_ERROR_SQLITE,
                           _("Reminders in %s: %s"), self->path, sqlite3_errmsg (self->db));
              return sent;
            }
          rc = vigie_sqlite_bind (stmt, "sssss", d->client_id, d->person_id, start, d->kind, sent_at)
               ? sqlite3_step (stmt) : SQLITE_ERROR;
          sqlite3_finalize (stmt);
          if (rc != SQLITE_DONE)
            {
              g_set_error (error, VIGIE_ROSTER_REMINDERS_ERROR, VIGIE_ROSTER_REMINDERS_ERROR_SQLITE,
                           _("Reminders in %s: %s"), self->path, sqlite3_errmsg (self->db));
              return sent;
            }
          if (sqlite3_changes (self->db) == 0)
            continue; /* already sent */

          reminder.client_id = d->client_id;
          reminder.person_id = d->person_id;
          reminder.name = person ? person->name : d->person_id;
          reminder.targets = person ? (const char * const *) person->targets : NULL;
          reminder.shift_start = d->shift_start;
          reminder.shift_end = d->shift_end;
          reminder.kind = d->kind;
          reminder.remind_at = d->remind_at;
          if (self->sink && !vigie_alert_sink_remind (self->sink, &reminder, &sink_error))
            {
              /* Not taken: forget the mark so the next run tries again. */
              g_warning ("Reminder for %s: %s", d->person_id, sink_error->message);
              if (sqlite3_prepare_v2 (self->db, "DELETE FROM roster_reminders WHERE client_id = ?1 AND "
                                      "person_id = ?2 AND shift_start = ?3 AND kind = ?4", -1, &stmt, NULL) != SQLITE_OK ||
                  !vigie_sqlite_run (stmt, "ssss", d->client_id, d->person_id, start, d->kind))
                g_warning ("Reminder for %s stays marked as sent: %s", d->person_id, sqlite3_errmsg (self->db));
              sqlite3_finalize (stmt);
              continue;
            }
          sent++;
        }
    }
  return sent;
}
