/* vigie-roster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client's on-call roster: people, rotations in layers, explicit shifts
 * imported from calendars, and real-time overrides. Everything resolves to
 * one timeline with the precedence PagerDuty users expect: an override
 * beats everything (the latest made wins when they nest), then calendar
 * shifts, then the highest rotation layer.
 *
 * Day-based turns are counted in calendar days of the client's time zone,
 * so a hand-off at 08:00 stays at 08:00 across DST changes; hour-based
 * turns are real elapsed hours.
 */
#define G_LOG_DOMAIN "vigie-roster"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigie-roster-private.h"
#include "vigie-json.h"




G_DEFINE_FINAL_TYPE (VigieRoster, vigie_roster, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-roster-error-quark, vigie_roster_error)

#define DEFAULT_WORK_DAYS (0x3e) /* Monday to Friday */

static const char *when_names[] = { "nights", "weekends", "holidays" };

/* Boxed helpers */

VigieRosterPerson *
vigie_roster_person_new (const char *id,
                         const char *name,
                         const char *phone)
{
  VigieRosterPerson *person = g_new0 (VigieRosterPerson, 1);

  person->id = g_strdup (id);
  person->name = g_strdup (name);
  person->phone = g_strdup (phone);
  person->targets = g_new0 (char *, 1);
  person->skills = g_new0 (char *, 1);
  /* 7 hours a day, the 35-hour week, unless the roster says otherwise. */
  person->work_start = 9 * 60;
  person->work_end = 16 * 60;
  person->work_days = DEFAULT_WORK_DAYS;
  return person;
}

void
vigie_roster_person_free (VigieRosterPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->id);
  g_free (person->name);
  g_free (person->phone);
  g_strfreev (person->targets);
  g_strfreev (person->skills);
  g_free (person);
}

void
vigie_rotation_free (VigieRotation *rotation)
{
  if (rotation == NULL)
    return;
  g_free (rotation->id);
  g_free (rotation->name);
  g_clear_pointer (&rotation->start, g_date_time_unref);
  g_clear_pointer (&rotation->end, g_date_time_unref);
  g_clear_pointer (&rotation->notified_at, g_date_time_unref);
  g_strfreev (rotation->members);
  g_free (rotation);
}

/**
 * vigie_override_new:
 * @id: (nullable): an id; one is made up when %NULL
 * @person_id: who replaces whoever is on call
 * @start: start of the replacement
 * @end: its end, after @start
 * @reason: (nullable): why, for the journal
 * @author: (nullable): who made the change
 * @created_at: when the change was made (for the notice rules)
 *
 * Returns: (transfer full): an override
 */
VigieOverride *
vigie_override_new (const char *id,
                    const char *person_id,
                    GDateTime  *start,
                    GDateTime  *end,
                    const char *reason,
                    const char *author,
                    GDateTime  *created_at)
{
  VigieOverride *override = g_new0 (VigieOverride, 1);

  override->id = id ? g_strdup (id) : g_uuid_string_random ();
  override->person_id = g_strdup (person_id);
  override->start = g_date_time_ref (start);
  override->end = g_date_time_ref (end);
  override->reason = g_strdup (reason);
  override->author = g_strdup (author);
  override->created_at = g_date_time_ref (created_at);
  return override;
}

void
vigie_override_free (VigieOverride *override)
{
  if (override == NULL)
    return;
  g_free (override->id);
  g_free (override->person_id);
  g_clear_pointer (&override->start, g_date_time_unref);
  g_clear_pointer (&override->end, g_date_time_unref);
  g_clear_pointer (&override->created_at, g_date_time_unref);
  g_free (override->reason);
  g_free (override->author);
  g_free (override);
}

VigieRosterSlot *
vigie_roster_slot_new (const char *uid,
                       const char *person_id,
                       GDateTime  *start,
                       GDateTime  *end)
{
  VigieRosterSlot *slot = g_new0 (VigieRosterSlot, 1);

  slot->uid = g_strdup (uid);
  slot->person_id = g_strdup (person_id);
  slot->start = g_date_time_ref (start);
  slot->end = g_date_time_ref (end);
  return slot;
}

void
vigie_roster_slot_free (VigieRosterSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->uid);
  g_free (slot->person_id);
  g_clear_pointer (&slot->start, g_date_time_unref);
  g_clear_pointer (&slot->end, g_date_time_unref);
  g_free (slot);
}

void
vigie_shift_free (VigieShift *shift)
{
  if (shift == NULL)
    return;
  g_clear_pointer (&shift->start, g_date_time_unref);
  g_clear_pointer (&shift->end, g_date_time_unref);
  g_free (shift->person_id);
  g_free (shift->source_id);
  g_free (shift);
}

void
vigie_escalation_step_def_free (VigieEscalationStepDef *step)
{
  if (step == NULL)
    return;
  g_free (step->target);
  g_strfreev (step->channels);
  g_free (step);
}

const char *
vigie_shift_source_to_string (VigieShiftSource source)
{
  switch (source)
    {
    case VIGIE_SHIFT_ROTATION: return "rotation";
    case VIGIE_SHIFT_CALENDAR: return "calendar";
    case VIGIE_SHIFT_OVERRIDE: return "override";
    case VIGIE_SHIFT_GAP:
    default:                   return "gap";
    }
}

/**
 * vigie_roster_format_time:
 * @when: an instant
 *
 * Returns: (transfer full): ISO 8601 with the UTC offset, to the second
 */
char *
vigie_roster_format_time (GDateTime *when)
{
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S%:z");
}

guint
vigie_roster_when_from_strv (const char * const  *names,
                             GError             **error)
{
  guint when = 0;

  for (guint i = 0; names && names[i]; i++)
    {
      gboolean found = FALSE;

      if (g_str_equal (names[i], "always"))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (when_names); j++)
        if (g_str_equal (names[i], when_names[j]))
          {
            when |= 1u << j;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_INVALID,
                       _("Unknown period “%s” (expected always, nights, weekends or holidays)"),
                       names[i]);
          return G_MAXUINT;
        }
    }
  return when;
}

char **
vigie_roster_when_to_strv (guint when)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint j = 0; j < G_N_ELEMENTS (when_names); j++)
    if (when & (1u << j))
      g_ptr_array_add (names, g_strdup (when_names[j]));
  if (names->len == 0)
    g_ptr_array_add (names, g_strdup ("always"));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* GObject */

static void
vigie_roster_finalize (GObject *object)
{
  VigieRoster *self = (VigieRoster *)object;

  g_free (self->client_id);
  g_free (self->tz_name);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->rotations, g_ptr_array_unref);
  g_clear_pointer (&self->overrides, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->labour, json_object_unref);
  g_clear_pointer (&self->named, json_array_unref);
  g_free (self->roster_id);
  g_free (self->roster_name);
  g_strfreev (self->own);

  G_OBJECT_CLASS (vigie_roster_parent_class)->finalize (object);
}

static void
vigie_roster_class_init (VigieRosterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_roster_finalize;
}

static void
vigie_roster_init (VigieRoster *self)
{
  self->people = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_roster_person_free);
  self->rotations = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_rotation_free);
  self->overrides = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_override_free);
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_roster_slot_free);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_escalation_step_def_free);
  self->labour = json_object_new ();
  self->named = json_array_new ();
  self->loops = 1;
  self->night_start = 19 * 60;
  self->night_end = 8 * 60;
}

/**
 * vigie_roster_new:
 * @client_id: the client
 * @timezone: (nullable): an Olson name; Europe/Paris when %NULL
 *
 * Returns: (transfer full): an empty roster, needing 24/7 coverage
 */
VigieRoster *
vigie_roster_new (const char *client_id,
                  const char *timezone)
{
  VigieRoster *self = g_object_new (VIGIE_TYPE_ROSTER, NULL);

  self->client_id = g_strdup (client_id);
  self->tz_name = g_strdup (timezone ? timezone : "Europe/Paris");
  self->tz = g_time_zone_new_identifier (self->tz_name);
  if (self->tz == NULL)
    self->tz = g_time_zone_new_utc ();
  return self;
}

/* Accessors and edits */

const char *
vigie_roster_get_client_id (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->client_id;
}

GTimeZone *
vigie_roster_get_timezone (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->tz;
}

const char *
vigie_roster_get_timezone_name (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->tz_name;
}

VigieHolidayFlags
vigie_roster_get_holiday_flags (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), 0);
  return self->holidays;
}

void
vigie_roster_set_holiday_flags (VigieRoster       *self,
                                VigieHolidayFlags  flags)
{
  g_return_if_fail (VIGIE_IS_ROSTER (self));
  self->holidays = flags;
}

guint
vigie_roster_get_coverage (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), 0);
  return self->coverage;
}

/**
 * vigie_roster_set_coverage:
 * @self: a #VigieRoster
 * @when: a #VigieRosterWhen mask; 0 for 24/7
 *
 * When the client needs someone on call; nobody on call then is a gap.
 */
void
vigie_roster_set_coverage (VigieRoster *self,
                           guint        when)
{
  g_return_if_fail (VIGIE_IS_ROSTER (self));
  self->coverage = when;
}

void
vigie_roster_set_night (VigieRoster *self,
                        int          start_minutes,
                        int          end_minutes)
{
  g_return_if_fail (VIGIE_IS_ROSTER (self));
  self->night_start = start_minutes;
  self->night_end = end_minutes;
}

/**
 * vigie_roster_get_night:
 * @self: a #VigieRoster
 * @start_minutes: (out): start of the night window, minutes after midnight
 * @end_minutes: (out): its end, the next morning when smaller
 */
void
vigie_roster_get_night (VigieRoster *self,
                        int         *start_minutes,
                        int         *end_minutes)
{
  g_return_if_fail (VIGIE_IS_ROSTER (self));
  *start_minutes = self->night_start;
  *end_minutes = self->night_end;
}

/**
 * vigie_roster_get_labour_settings:
 * @self: a #VigieRoster
 *
 * Returns: (transfer none): the client's thresholds overriding the
 *   defaults (collective agreement), possibly empty
 */
JsonObject *
vigie_roster_get_labour_settings (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->labour;
}

/**
 * vigie_roster_get_people:
 * @self: a #VigieRoster
 *
 * Returns: (transfer none) (element-type VigieRosterPerson): the people
 */
GPtrArray *
vigie_roster_get_people (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->people;
}

const VigieRosterPerson *
vigie_roster_find_person (VigieRoster *self,
                          const char  *person_id)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if (person_id == NULL)
    return NULL;
  for (guint i = 0; i < self->people->len; i++)
    {
      VigieRosterPerson *p = g_ptr_array_index (self->people, i);
      if (g_str_equal (p->id, person_id))
        return p;
    }
  return NULL;
}

const VigieRosterPerson *
vigie_roster_find_person_by_name (VigieRoster *self,
                                  const char  *name)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if (name == NULL)
    return NULL;
  wanted = g_utf8_casefold (name, -1);
  for (guint i = 0; i < self->people->len; i++)
    {
      VigieRosterPerson *p = g_ptr_array_index (self->people, i);
      g_autofree char *folded = g_utf8_casefold (p->name, -1);

      if (g_str_equal (folded, wanted))
        return p;
    }
  return NULL;
}

/**
 * vigie_roster_add_person:
 * @self: a #VigieRoster
 * @person: (transfer full): the person
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the id is taken (@person is freed then)
 */
gboolean
vigie_roster_add_person (VigieRoster        *self,
                         VigieRosterPerson  *person,
                         GError            **error)
{
  g_autoptr(VigieRosterPerson) owned = person;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), FALSE);

  if (vigie_roster_find_person (self, person->id))
    {
      g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_DUPLICATE,
                   _("Roster of %s: two people have the id “%s”"), self->client_id, person->id);
      return FALSE;
    }
  g_ptr_array_add (self->people, g_steal_pointer (&owned));
  return TRUE;
}

GPtrArray *
vigie_roster_get_rotations (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->rotations;
}

static gboolean
check_person (VigieRoster  *self,
              const char   *person_id,
              const char   *where,
              GError      **error)
{
  if (vigie_roster_find_person (self, person_id) != NULL)
    return TRUE;
  g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON,
               _("Roster of %s, %s: unknown person “%s”"), self->client_id, where,
               person_id ? person_id : "");
  return FALSE;
}

/**
 * vigie_roster_add_rotation:
 * @self: a #VigieRoster
 * @rotation: (transfer full): the rotation; its members must be people of the roster
 * @error: return location for a #GError
 */
gboolean
vigie_roster_add_rotation (VigieRoster    *self,
                           VigieRotation  *rotation,
                           GError        **error)
{
  g_autoptr(VigieRotation) owned = rotation;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), FALSE);

  for (guint i = 0; rotation->members && rotation->members[i]; i++)
    if (!check_person (self, rotation->members[i], rotation->id, error))
      return FALSE;
  if (rotation->turn_days == 0 && rotation->turn_hours == 0)
    return _vigie_roster_invalid (error, _("Roster of %s, rotation %s: the turn length is zero"),
                    self->client_id, rotation->id);
  for (guint i = 0; i < self->rotations->len; i++)
    if (g_str_equal (((VigieRotation *) g_ptr_array_index (self->rotations, i))->id, rotation->id))
      {
        g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_DUPLICATE,
                     _("Roster of %s: two rotations have the id “%s”"), self->client_id, rotation->id);
        return FALSE;
      }
  g_ptr_array_add (self->rotations, g_steal_pointer (&owned));
  return TRUE;
}

GPtrArray *
vigie_roster_get_overrides (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->overrides;
}

/**
 * vigie_roster_add_override:
 * @self: a #VigieRoster
 * @override: (transfer full): the override
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the person is unknown or the period empty
 */
gboolean
vigie_roster_add_override (VigieRoster    *self,
                           VigieOverride  *override,
                           GError        **error)
{
  g_autoptr(VigieOverride) owned = override;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), FALSE);

  if (!check_person (self, override->person_id, C_("roster", "override"), error))
    return FALSE;
  if (g_date_time_compare (override->start, override->end) >= 0)
    return _vigie_roster_invalid (error, _("Roster of %s: an override must end after it starts"), self->client_id);
  for (guint i = 0; i < self->overrides->len; i++)
    if (g_str_equal (((VigieOverride *) g_ptr_array_index (self->overrides, i))->id, override->id))
      {
        g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_DUPLICATE,
                     _("Roster of %s: two overrides have the id “%s”"), self->client_id, override->id);
        return FALSE;
      }
  g_ptr_array_add (self->overrides, g_steal_pointer (&owned));
  return TRUE;
}

gboolean
vigie_roster_remove_override (VigieRoster  *self,
                              const char   *override_id,
                              GError      **error)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), FALSE);

  for (guint i = 0; i < self->overrides->len; i++)
    if (g_str_equal (((VigieOverride *) g_ptr_array_index (self->overrides, i))->id, override_id))
      {
        g_ptr_array_remove_index (self->overrides, i);
        return TRUE;
      }
  g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_NOT_FOUND,
               _("Roster of %s: no override “%s”"), self->client_id, override_id);
  return FALSE;
}

GPtrArray *
vigie_roster_get_slots (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->slots;
}

/**
 * vigie_roster_set_slots:
 * @self: a #VigieRoster
 * @slots: (transfer container) (element-type VigieRosterSlot): explicit
 *   shifts, replacing the previous ones; the array must free its items
 */
void
vigie_roster_set_slots (VigieRoster *self,
                        GPtrArray   *slots)
{
  g_return_if_fail (VIGIE_IS_ROSTER (self));
  g_ptr_array_unref (self->slots);
  self->slots = slots;
}

/**
 * vigie_roster_get_escalation:
 * @self: a #VigieRoster
 * @loops: (out) (optional): how many times the cascade runs
 *
 * Returns: (transfer none) (element-type VigieEscalationStepDef): the steps
 */
GPtrArray *
vigie_roster_get_escalation (VigieRoster *self,
                             guint       *loops)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  if (loops)
    *loops = self->loops;
  return self->steps;
}

static gboolean
has_rotation_id (VigieRoster *self,
                 const char  *id)
{
  for (guint j = 0; j < self->rotations->len; j++)
    if (g_str_equal (((VigieRotation *) g_ptr_array_index (self->rotations, j))->id, id))
      return TRUE;
  return FALSE;
}

/* A step's target: oncall, rotation:ID, person:ID or number:+33…, the
 * rotation or person known. */
static gboolean
check_step (VigieRoster             *self,
            VigieEscalationStepDef  *s,
            guint                    i,
            GError                 **error)
{
  const char *t = s->target;

  /* Steps made in code give minutes only. */
  if (s->delay_seconds == 0)
    s->delay_seconds = s->delay_minutes * 60;
  if (t == NULL)
    return _vigie_roster_invalid (error, _("Roster of %s: escalation step %u has no target"), self->client_id, i + 1);
  if (g_str_has_prefix (t, "person:"))
    return check_person (self, t + 7, C_("roster", "escalation"), error);
  if (g_str_has_prefix (t, "rotation:") && !has_rotation_id (self, t + 9))
    return _vigie_roster_invalid (error, _("Roster of %s: escalation step %u names an unknown rotation “%s”"),
                                  self->client_id, i + 1, t + 9);
  if (!g_str_has_prefix (t, "rotation:") && !g_str_equal (t, "oncall") && !g_str_has_prefix (t, "number:"))
    return _vigie_roster_invalid (error, _("Roster of %s: escalation step %u: the target is oncall, "
                                           "rotation:ID, person:ID or number:+33…"), self->client_id, i + 1);
  return TRUE;
}

/**
 * vigie_roster_set_escalation:
 * @self: a #VigieRoster
 * @steps: (transfer container): the cascade
 * @loops: 1 to %VIGIE_ROSTER_MAX_LOOPS
 * @error: return location for a #GError
 */
gboolean
vigie_roster_set_escalation (VigieRoster  *self,
                             GPtrArray    *steps,
                             guint         loops,
                             GError      **error)
{
  g_autoptr(GPtrArray) owned = steps;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), FALSE);

  if (loops < 1 || loops > VIGIE_ROSTER_MAX_LOOPS)
    return _vigie_roster_invalid (error, _("Roster of %s: the cascade repeats 1 to %d times"),
                    self->client_id, VIGIE_ROSTER_MAX_LOOPS);
  for (guint i = 0; i < steps->len; i++)
    if (!check_step (self, g_ptr_array_index (steps, i), i, error))
      return FALSE;
  g_ptr_array_unref (self->steps);
  self->steps = g_steal_pointer (&owned);
  self->loops = loops;
  return TRUE;
}

