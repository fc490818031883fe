/* vigie-roster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-holidays.h"
#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_ROSTER_ERROR (vigie_roster_error_quark ())

typedef enum {
  VIGIE_ROSTER_ERROR_INVALID,
  VIGIE_ROSTER_ERROR_UNKNOWN_PERSON,
  VIGIE_ROSTER_ERROR_DUPLICATE,
  VIGIE_ROSTER_ERROR_NOT_FOUND,
} VigieRosterError;

/**
 * VigieRosterWhen:
 * @VIGIE_ROSTER_WHEN_ALWAYS: 24/7
 * @VIGIE_ROSTER_WHEN_NIGHTS: inside the roster's night window
 * @VIGIE_ROSTER_WHEN_WEEKENDS: Saturday and Sunday, local time
 * @VIGIE_ROSTER_WHEN_HOLIDAYS: French public holidays, local time
 *
 * When a rotation is active, or when the client needs coverage.
 */
typedef enum {
  VIGIE_ROSTER_WHEN_ALWAYS   = 0,
  VIGIE_ROSTER_WHEN_NIGHTS   = 1 << 0,
  VIGIE_ROSTER_WHEN_WEEKENDS = 1 << 1,
  VIGIE_ROSTER_WHEN_HOLIDAYS = 1 << 2,
} VigieRosterWhen;

typedef struct {
  char   *id;
  char   *name;
  char   *phone;
  char  **targets;    /* "webhook:URL", "sms:+33…", "phone:+33…", "email:…" */
  char  **skills;
  int     work_start; /* regular working hours, minutes after midnight; -1: none */
  int     work_end;
  guint   work_days;  /* bit (1 << GDateWeekday): 1 Monday … 7 Sunday */
} VigieRosterPerson;

typedef struct {
  char       *id;
  char       *name;
  int         layer;        /* higher layers win over lower ones */
  GDateTime  *start;        /* first hand-off; its time of day is the hand-off time */
  GDateTime  *end;          /* (nullable) */
  guint       turn_days;    /* 1 daily, 7 weekly, n custom */
  guint       turn_hours;   /* > 0: turns of fixed hours instead of calendar days */
  char      **members;
  guint       when;         /* VigieRosterWhen */
  GDateTime  *notified_at;  /* (nullable) when the people were told */
} VigieRotation;

typedef struct {
  char       *id;
  char       *person_id;
  GDateTime  *start;
  GDateTime  *end;
  char       *reason;
  char       *author;
  GDateTime  *created_at;
} VigieOverride;

/* An explicit shift, e.g. imported from a calendar. */
typedef struct {
  char       *uid;
  char       *person_id;
  GDateTime  *start;
  GDateTime  *end;
} VigieRosterSlot;

typedef enum {
  VIGIE_SHIFT_GAP,
  VIGIE_SHIFT_ROTATION,
  VIGIE_SHIFT_CALENDAR,
  VIGIE_SHIFT_OVERRIDE,
} VigieShiftSource;

/* One piece of the combined timeline. */
typedef struct {
  GDateTime        *start;
  GDateTime        *end;
  char             *person_id;  /* (nullable): %NULL for a coverage gap */
  VigieShiftSource  source;
  char             *source_id;  /* rotation or override id */
} VigieShift;

typedef struct {
  char   *target;         /* "oncall", "rotation:ID", "person:ID", "number:+33…" */
  guint   delay_minutes;  /* before the next step */
  guint   delay_seconds;  /* the same in seconds; "delay_seconds" in the file wins */
  char  **channels;       /* "webhook", "sms", "phone", "email" */
} VigieEscalationStepDef;

#define VIGIE_ROSTER_MAX_LOOPS 9

#define VIGIE_TYPE_ROSTER (vigie_roster_get_type ())

G_DECLARE_FINAL_TYPE (VigieRoster, vigie_roster, VIGIE, ROSTER, GObject)

GQuark                    vigie_roster_error_quark        (void);
VigieRoster              *vigie_roster_new                (const char        *client_id,
                                                           const char        *timezone);
VigieRoster              *vigie_roster_new_from_json      (JsonNode          *node,
                                                           GError           **error);
VigieRoster              *vigie_roster_load_file          (const char        *path,
                                                           GError           **error);
JsonNode                 *vigie_roster_to_json            (VigieRoster       *self);
VigieRoster              *vigie_roster_copy               (VigieRoster       *self);

const char               *vigie_roster_get_client_id      (VigieRoster       *self);
GTimeZone                *vigie_roster_get_timezone       (VigieRoster       *self);
const char               *vigie_roster_get_timezone_name  (VigieRoster       *self);
VigieHolidayFlags         vigie_roster_get_holiday_flags  (VigieRoster       *self);
void                      vigie_roster_set_holiday_flags  (VigieRoster       *self,
                                                           VigieHolidayFlags  flags);
guint                     vigie_roster_get_coverage       (VigieRoster       *self);
void                      vigie_roster_set_coverage       (VigieRoster       *self,
                                                           guint              when);
void                      vigie_roster_set_night          (VigieRoster       *self,
                                                           int                start_minutes,
                                                           int                end_minutes);
void                      vigie_roster_get_night          (VigieRoster       *self,
                                                           int               *start_minutes,
                                                           int               *end_minutes);
JsonObject               *vigie_roster_get_labour_settings (VigieRoster      *self);

GPtrArray                *vigie_roster_get_people         (VigieRoster       *self);
const VigieRosterPerson  *vigie_roster_find_person        (VigieRoster       *self,
                                                           const char        *person_id);
const VigieRosterPerson  *vigie_roster_find_person_by_name (VigieRoster      *self,
                                                           const char        *name);
gboolean                  vigie_roster_add_person         (VigieRoster       *self,
                                                           VigieRosterPerson *person,
                                                           GError           **error);
GPtrArray                *vigie_roster_get_rotations      (VigieRoster       *self);
gboolean                  vigie_roster_add_rotation       (VigieRoster       *self,
                                                           VigieRotation     *rotation,
                                                           GError           **error);
GPtrArray                *vigie_roster_get_overrides      (VigieRoster       *self);
gboolean                  vigie_roster_add_override       (VigieRoster       *self,
                                                           VigieOverride     *override,
                                                           GError           **error);
gboolean                  vigie_roster_remove_override    (VigieRoster       *self,
                                                           const char        *override_id,
                                                           GError           **error);
GPtrArray                *vigie_roster_get_slots          (VigieRoster       *self);
void                      vigie_roster_set_slots          (VigieRoster       *self,
                                                           GPtrArray         *slots);
GPtrArray                *vigie_roster_get_escalation     (VigieRoster       *self,
                                                           guint             *loops);
gboolean                  vigie_roster_set_escalation     (VigieRoster       *self,
                                                           GPtrArray         *steps,
                                                           guint              loops,
                                                           GError           **error);

GStrv                     vigie_roster_list_named         (VigieRoster       *self);
gboolean                  vigie_roster_has_named          (VigieRoster       *self,
                                                           const char        *roster_id);
VigieRoster              *vigie_roster_dup_named          (VigieRoster       *self,
                                                           const char        *roster_id,
                                                           GError           **error);
const char               *vigie_roster_get_roster_id      (VigieRoster       *self);
const char               *vigie_roster_get_roster_name    (VigieRoster       *self);

gboolean                  vigie_roster_is_active          (VigieRoster       *self,
                                                           guint              when,
                                                           GDateTime         *at);
const VigieRosterPerson  *vigie_roster_who                (VigieRoster       *self,
                                                           GDateTime         *at,
                                                           VigieShiftSource  *source,
                                                           const char       **source_id);
const VigieRosterPerson  *vigie_roster_who_in_rotation    (VigieRoster       *self,
                                                           const char        *rotation_id,
                                                           GDateTime         *at);
GPtrArray                *vigie_roster_timeline           (VigieRoster       *self,
                                                           GDateTime         *from,
                                                           GDateTime         *to);
GPtrArray                *vigie_roster_person_timeline    (VigieRoster       *self,
                                                           const char        *person_id,
                                                           GDateTime         *from,
                                                           GDateTime         *to);
const VigieShift         *vigie_roster_next_shift         (GPtrArray         *timeline,
                                                           GDateTime         *at,
                                                           const char        *other_than);

VigieRosterPerson        *vigie_roster_person_new         (const char        *id,
                                                           const char        *name,
                                                           const char        *phone);
void                      vigie_roster_person_free        (VigieRosterPerson *person);
void                      vigie_rotation_free             (VigieRotation     *rotation);
VigieOverride            *vigie_override_new              (const char        *id,
                                                           const char        *person_id,
                                                           GDateTime         *start,
                                                           GDateTime         *end,
                                                           const char        *reason,
                                                           const char        *author,
                                                           GDateTime         *created_at);
void                      vigie_override_free             (VigieOverride     *override);
VigieRosterSlot          *vigie_roster_slot_new           (const char        *uid,
                                                           const char        *person_id,
                                                           GDateTime         *start,
                                                           GDateTime         *end);
void                      vigie_roster_slot_free          (VigieRosterSlot   *slot);
void                      vigie_shift_free                (VigieShift        *shift);
void                      vigie_escalation_step_def_free  (VigieEscalationStepDef *step);

const char               *vigie_shift_source_to_string    (VigieShiftSource   source);
guint                     vigie_roster_when_from_strv     (const char * const *names,
                                                           GError           **error);
char                    **vigie_roster_when_to_strv       (guint              when);
char                     *vigie_roster_format_time        (GDateTime         *when);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieRosterPerson, vigie_roster_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieRotation, vigie_rotation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieOverride, vigie_override_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieRosterSlot, vigie_roster_slot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieShift, vigie_shift_free)

G_END_DECLS
