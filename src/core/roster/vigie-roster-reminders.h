/* vigie-roster-reminders.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-escalation-sink.h"
#include "vigie-roster-store.h"

G_BEGIN_DECLS

#define VIGIE_ROSTER_REMINDERS_ERROR (vigie_roster_reminders_error_quark ())

typedef enum {
  VIGIE_ROSTER_REMINDERS_ERROR_SQLITE,
} VigieRosterRemindersError;

/* A reminder due, as computed from a roster. */
typedef struct {
  char      *client_id;
  char      *person_id;
  GDateTime *shift_start;
  GDateTime *shift_end;
  char      *kind;       /* "before" or "evening-before" */
  GDateTime *remind_at;
} VigieReminderDue;

#define VIGIE_TYPE_ROSTER_REMINDERS (vigie_roster_reminders_get_type ())

G_DECLARE_FINAL_TYPE (VigieRosterReminders, vigie_roster_reminders, VIGIE, ROSTER_REMINDERS, GObject)

GQuark                vigie_roster_reminders_error_quark (void);
GPtrArray            *vigie_roster_list_reminders        (VigieRoster          *roster,
                                                          GDateTime            *from,
                                                          GDateTime            *to,
                                                          guint                 before_minutes,
                                                          int                   evening_minutes);
VigieRosterReminders *vigie_roster_reminders_open        (const char           *path,
                                                          GError              **error);
void                  vigie_roster_reminders_set_sink    (VigieRosterReminders *self,
                                                          VigieAlertSink       *sink);
void                  vigie_roster_reminders_set_leads   (VigieRosterReminders *self,
                                                          guint                 before_minutes,
                                                          int                   evening_minutes);
guint                 vigie_roster_reminders_run         (VigieRosterReminders *self,
                                                          VigieRosterStore     *store,
                                                          GDateTime            *now,
                                                          GError              **error);
void                  vigie_reminder_due_free            (VigieReminderDue     *due);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieReminderDue, vigie_reminder_due_free)

G_END_DECLS
