/* vigie-escalation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-escalation-sink.h"
#include "vigie-journal.h"
#include "vigie-roster-store.h"

G_BEGIN_DECLS

#define VIGIE_ESCALATION_ERROR (vigie_escalation_error_quark ())

typedef enum {
  VIGIE_ESCALATION_ERROR_SQLITE,
  VIGIE_ESCALATION_ERROR_NOT_FOUND,
  VIGIE_ESCALATION_ERROR_NO_POLICY,
  VIGIE_ESCALATION_ERROR_EXISTS,
} VigieEscalationError;

typedef enum {
  VIGIE_ESCALATION_RUNNING,
  VIGIE_ESCALATION_ACKNOWLEDGED,
  VIGIE_ESCALATION_EXHAUSTED,
  VIGIE_ESCALATION_CANCELLED,
} VigieEscalationState;

/**
 * VigieEscalationInfo:
 *
 * The state of one alert's cascade, as stored.
 */
typedef struct {
  char                 *alert_id;
  char                 *client_id;
  char                 *call_id;
  VigieEscalationState  state;
  guint                 next_step;
  guint                 next_loop;
  guint                 n_steps;
  guint                 n_loops;
  GDateTime            *started_at;
  GDateTime            *next_due;         /* (nullable) */
  char                 *acknowledged_by;  /* (nullable) */
  JsonNode             *policy;           /* the resolved cascade, frozen at start */
} VigieEscalationInfo;

/**
 * VigieEscalationStartFlags:
 * @VIGIE_ESCALATION_START_NONE: the first step is due at once
 * @VIGIE_ESCALATION_START_FIRST_SENT: the first step already went out
 *   (the desk's own alert); the cascade waits for its delay
 */
typedef enum {
  VIGIE_ESCALATION_START_NONE       = 0,
  VIGIE_ESCALATION_START_FIRST_SENT = 1 << 0,
} VigieEscalationStartFlags;

typedef GDateTime *(*VigieClockFunc) (gpointer user_data);

#define VIGIE_TYPE_ESCALATION (vigie_escalation_get_type ())

G_DECLARE_FINAL_TYPE (VigieEscalation, vigie_escalation, VIGIE, ESCALATION, GObject)

GQuark               vigie_escalation_error_quark     (void);
VigieEscalation     *vigie_escalation_open            (const char           *path,
                                                       VigieJournal         *journal,
                                                       GError              **error);
void                 vigie_escalation_set_sink        (VigieEscalation      *self,
                                                       VigieAlertSink       *sink);
void                 vigie_escalation_set_clock       (VigieEscalation      *self,
                                                       VigieClockFunc        clock,
                                                       gpointer              user_data);
JsonNode            *vigie_escalation_resolve         (VigieRoster          *roster,
                                                       GDateTime            *at,
                                                       GError              **error);
gboolean             vigie_escalation_start           (VigieEscalation      *self,
                                                       const char           *alert_id,
                                                       VigieRoster          *roster,
                                                       const char           *call_id,
                                                       VigieEscalationStartFlags flags,
                                                       GDateTime            *now,
                                                       GError              **error);
gboolean             vigie_escalation_start_policy    (VigieEscalation      *self,
                                                       const char           *alert_id,
                                                       const char           *client_id,
                                                       const char           *call_id,
                                                       JsonNode             *policy,
                                                       guint                 sent_step,
                                                       GDateTime            *now,
                                                       GError              **error);
guint                vigie_escalation_run_due         (VigieEscalation      *self,
                                                       GDateTime            *now,
                                                       GError              **error);
gboolean             vigie_escalation_acknowledge     (VigieEscalation      *self,
                                                       const char           *alert_id,
                                                       const char           *person_id,
                                                       GDateTime            *now,
                                                       GError              **error);
gboolean             vigie_escalation_cancel          (VigieEscalation      *self,
                                                       const char           *alert_id,
                                                       const char           *reason,
                                                       GError              **error);
VigieEscalationInfo *vigie_escalation_get_info        (VigieEscalation      *self,
                                                       const char           *alert_id,
                                                       GError              **error);
GPtrArray           *vigie_escalation_list_running    (VigieEscalation      *self,
                                                       GError              **error);
GDateTime           *vigie_escalation_get_next_due    (VigieEscalation      *self);
void                 vigie_escalation_watch_journal   (VigieEscalation      *self,
                                                       VigieJournal         *journal,
                                                       VigieRosterStore     *store);
void                 vigie_escalation_start_timer     (VigieEscalation      *self,
                                                       guint                 interval_seconds);

const char          *vigie_escalation_state_to_string (VigieEscalationState  state);
void                 vigie_escalation_info_free       (VigieEscalationInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieEscalationInfo, vigie_escalation_info_free)

G_END_DECLS
