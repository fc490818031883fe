/* vigie-escalation-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the escalation's files share: the object and its table
 * (vigie-escalation.c), running the cascades (vigie-escalation-run.c) and
 * the journal watcher (vigie-escalation-watch.c).
 */
#pragma once

#include <sqlite3.h>

#include "vigie-escalation.h"

G_BEGIN_DECLS

struct _VigieEscalation
{
  GObject           parent_instance;

  char             *path;
  sqlite3          *db;
  VigieJournal     *journal;
  VigieAlertSink   *sink;
  VigieClockFunc    clock;
  gpointer          clock_data;
  VigieJournal     *watched;
  VigieRosterStore *store;
  guint             timer_id;
};

#define INFO_COLUMNS "alert_id, client_id, call_id, started_at, policy, state, next_step, next_loop, " \
                     "next_due, acknowledged_by"

gboolean  _vigie_escalation_set_sqlite_error (VigieEscalation      *self,
                                              GError              **error,
                                              const char           *what);
char     *_vigie_escalation_utc_text         (GDateTime            *when);
void      _vigie_escalation_journal_event    (VigieEscalation      *self,
                                              const char           *call_id,
                                              const char           *kind,
                                              JsonBuilder          *builder);
void      _vigie_escalation_member_int       (JsonBuilder          *builder,
                                              const char           *name,
                                              gint64                value);
int       _vigie_escalation_step_delay_seconds (JsonObject         *step);
gboolean  _vigie_escalation_log_event        (VigieEscalation      *self,
                                              const char           *alert_id,
                                              GDateTime            *at,
                                              int                   step,
                                              int                   loop,
                                              const char           *person_id,
                                              const char           *event,
                                              const char           *detail,
                                              GError              **error);
VigieEscalationInfo *_vigie_escalation_read_info (VigieEscalation  *self,
                                                  sqlite3_stmt     *stmt);
void      _vigie_escalation_emit_changed     (VigieEscalation      *self,
                                              const char           *alert_id);
void      _vigie_escalation_emit_step_due    (VigieEscalation      *self,
                                              VigieEscalationStep  *step);

G_END_DECLS
