/* vigie-roster-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resolution: who is on call at an instant, and the timeline of shifts
 * over a range, with the precedence override > calendar > rotation layer.
 */
#define G_LOG_DOMAIN "vigie-roster"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigie-roster-private.h"
#include "vigie-json.h"

/* Resolution */

static gboolean
in_night (VigieRoster *self,
          int          minutes)
{
  if (self->night_start > self->night_end)
    return minutes >= self->night_start || minutes < self->night_end;
  return minutes >= self->night_start && minutes < self->night_end;
}

/**
 * vigie_roster_is_active:
 * @self: a #VigieRoster
 * @when: a #VigieRosterWhen mask
 * @at: an instant
 *
 * Returns: %TRUE if @at falls in one of the periods of @when (always when 0)
 */
gboolean
vigie_roster_is_active (VigieRoster *self,
                        guint        when,
                        GDateTime   *at)
{
  g_autoptr(GDateTime) local = NULL;
  int weekday;

  if (when == VIGIE_ROSTER_WHEN_ALWAYS)
    return TRUE;
  local = g_date_time_to_timezone (at, self->tz);
  weekday = g_date_time_get_day_of_week (local);

  if ((when & VIGIE_ROSTER_WHEN_NIGHTS) &&
      in_night (self, g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local)))
    return TRUE;
  if ((when & VIGIE_ROSTER_WHEN_WEEKENDS) && weekday >= 6)
    return TRUE;
  if ((when & VIGIE_ROSTER_WHEN_HOLIDAYS) && vigie_holidays_is_holiday (local, self->holidays))
    return TRUE;
  return FALSE;
}

static void
set_date (GDate     *date,
          GDateTime *local)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

static const char *
rotation_member_at (VigieRoster   *self,
                    VigieRotation *r,
                    GDateTime     *at)
{
  guint n = g_strv_length (r->members);
  gint64 turn;

  if (g_date_time_compare (at, r->start) < 0 || (r->end && g_date_time_compare (at, r->end) >= 0))
    return NULL;
  if (!vigie_roster_is_active (self, r->when, at))
    return NULL;

  if (r->turn_hours > 0)
    turn = g_date_time_difference (at, r->start) / (G_TIME_SPAN_HOUR * (GTimeSpan) r->turn_hours);
  else
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (at, self->tz);
      int handoff = g_date_time_get_hour (r->start) * 60 + g_date_time_get_minute (r->start);
      int minutes = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
      GDate anchor, day;

      set_date (&anchor, r->start);
      set_date (&day, local);
      /* Before the hand-off time, the previous day's turn still runs. */
      if (minutes < handoff)
        g_date_subtract_days (&day, 1);
      turn = g_date_days_between (&anchor, &day) / (gint64) r->turn_days;
    }

  return r->members[turn % n];
}

/**
 * vigie_roster_who_in_rotation:
 * @self: a #VigieRoster
 * @rotation_id: a rotation
 * @at: an instant
 *
 * Who that rotation alone puts on call, ignoring overrides; for a backup
 * step of the cascade.
 *
 * Returns: (transfer none) (nullable): the person
 */
const VigieRosterPerson *
vigie_roster_who_in_rotation (VigieRoster *self,
                              const char  *rotation_id,
                              GDateTime   *at)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  for (guint i = 0; i < self->rotations->len; i++)
    {
      VigieRotation *r = g_ptr_array_index (self->rotations, i);

      if (g_str_equal (r->id, rotation_id))
        return vigie_roster_find_person (self, rotation_member_at (self, r, at));
    }
  return NULL;
}

static gboolean
contains (GDateTime *start,
          GDateTime *end,
          GDateTime *at)
{
  return g_date_time_compare (start, at) <= 0 && g_date_time_compare (at, end) < 0;
}

/* The override made last wins, so a swap inside a swap works. */
static VigieOverride *
override_at (VigieRoster *self,
             GDateTime   *at)
{
  VigieOverride *best = NULL;

  for (guint i = 0; i < self->overrides->len; i++)
    {
      VigieOverride *o = g_ptr_array_index (self->overrides, i);

      if (contains (o->start, o->end, at) &&
          (best == NULL || g_date_time_compare (o->created_at, best->created_at) >= 0))
        best = o;
    }
  return best;
}

static VigieRosterSlot *
slot_at (VigieRoster *self,
         GDateTime   *at)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      VigieRosterSlot *s = g_ptr_array_index (self->slots, i);

      if (contains (s->start, s->end, at))
        return s;
    }
  return NULL;
}

/* The highest layer with someone on call; @member is that someone. */
static VigieRotation *
rotation_at (VigieRoster  *self,
             GDateTime    *at,
             const char  **member)
{
  VigieRotation *best = NULL;

  for (guint i = 0; i < self->rotations->len; i++)
    {
      VigieRotation *r = g_ptr_array_index (self->rotations, i);
      const char *m;

      if (best != NULL && r->layer <= best->layer)
        continue;
      /* A backup rotation the cascade names does not put anyone on call. */
      if (self->own != NULL && !g_strv_contains ((const char * const *) self->own, r->id))
        continue;
      if ((m = rotation_member_at (self, r, at)))
        {
          best = r;
          *member = m;
        }
    }
  return best;
}

static const VigieRosterPerson *
found (VigieRoster       *self,
       const char        *person_id,
       VigieShiftSource   kind,
       const char        *id,
       VigieShiftSource  *source,
       const char       **source_id)
{
  if (source)
    *source = kind;
  if (source_id)
    *source_id = id;
  return vigie_roster_find_person (self, person_id);
}

/**
 * vigie_roster_who:
 * @self: a #VigieRoster
 * @at: an instant
 * @source: (out) (optional): what put the person on call
 * @source_id: (out) (optional) (transfer none): the rotation or override id
 *
 * Returns: (transfer none) (nullable): who is on call at @at, %NULL if nobody
 */
const VigieRosterPerson *
vigie_roster_who (VigieRoster       *self,
                  GDateTime         *at,
                  VigieShiftSource  *source,
                  const char       **source_id)
{
  VigieOverride *o;
  VigieRosterSlot *slot;
  VigieRotation *r;
  const char *member = NULL;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if ((o = override_at (self, at)))
    return found (self, o->person_id, VIGIE_SHIFT_OVERRIDE, o->id, source, source_id);
  if ((slot = slot_at (self, at)))
    return found (self, slot->person_id, VIGIE_SHIFT_CALENDAR, slot->uid, source, source_id);
  if ((r = rotation_at (self, at, &member)))
    return found (self, member, VIGIE_SHIFT_ROTATION, r->id, source, source_id);
  if (source)
    *source = VIGIE_SHIFT_GAP;
  if (source_id)
    *source_id = NULL;
  return NULL;
}

static gint
compare_times (gconstpointer a,
               gconstpointer b)
{
  return g_date_time_compare (*(GDateTime **) a, *(GDateTime **) b);
}

static void
add_boundary (GPtrArray *boundaries,
              GDateTime *when,
              GDateTime *from,
              GDateTime *to)
{
  if (when && g_date_time_compare (when, from) > 0 && g_date_time_compare (when, to) < 0)
    g_ptr_array_add (boundaries, g_date_time_ref (when));
}

static void
add_local (VigieRoster *self,
           GPtrArray   *boundaries,
           GDate       *day,
           int          minutes,
           GDateTime   *from,
           GDateTime   *to)
{
  g_autoptr(GDateTime) when = g_date_time_new (self->tz, g_date_get_year (day), g_date_get_month (day),
                                               g_date_get_day (day), minutes / 60, minutes % 60, 0);
  add_boundary (boundaries, when, from, to);
}

/* Each local day's midnight, night edges and day-based hand-offs. */
static void
add_daily_boundaries (VigieRoster *self,
                      GPtrArray   *boundaries,
                      GDateTime   *from,
                      GDateTime   *to)
{
  g_autoptr(GDateTime) local_from = g_date_time_to_timezone (from, self->tz);
  g_autoptr(GDateTime) local_to = g_date_time_to_timezone (to, self->tz);
  GDate day, last;

  set_date (&day, local_from);
  set_date (&last, local_to);
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      add_local (self, boundaries, &day, 0, from, to);
      add_local (self, boundaries, &day, self->night_start, from, to);
      add_local (self, boundaries, &day, self->night_end, from, to);
      for (guint i = 0; i < self->rotations->len; i++)
        {
          VigieRotation *r = g_ptr_array_index (self->rotations, i);

          if (r->turn_hours == 0)
            add_local (self, boundaries, &day,
                       g_date_time_get_hour (r->start) * 60 + g_date_time_get_minute (r->start), from, to);
        }
    }
}

/* A rotation's start, end and, for hour-based turns, every hand-off. */
static void
add_rotation_boundaries (VigieRotation *r,
                         GPtrArray     *boundaries,
                         GDateTime     *from,
                         GDateTime     *to)
{
  GTimeSpan step;
  g_autoptr(GDateTime) when = NULL;

  add_boundary (boundaries, r->start, from, to);
  add_boundary (boundaries, r->end, from, to);
  if (r->turn_hours == 0)
    return;
  step = G_TIME_SPAN_HOUR * (GTimeSpan) r->turn_hours;
  when = g_date_time_add (r->start, MAX (0, g_date_time_difference (from, r->start) / step) * step);
  while (g_date_time_compare (when, to) < 0)
    {
      GDateTime *next = g_date_time_add (when, step);

      add_boundary (boundaries, when, from, to);
      g_date_time_unref (when);
      when = next;
    }
}

/* Every instant where the answer can change: local midnights (weekends,
 * holidays), the night edges, hand-offs, and each override or slot. */
static GPtrArray *
boundaries_between (VigieRoster *self,
                    GDateTime   *from,
                    GDateTime   *to)
{
  GPtrArray *boundaries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);

  add_daily_boundaries (self, boundaries, from, to);
  g_ptr_array_add (boundaries, g_date_time_ref (from));
  for (guint i = 0; i < self->rotations->len; i++)
    add_rotation_boundaries (g_ptr_array_index (self->rotations, i), boundaries, from, to);
  for (guint i = 0; i < self->overrides->len; i++)
    {
      VigieOverride *o = g_ptr_array_index (self->overrides, i);
      add_boundary (boundaries, o->start, from, to);
      add_boundary (boundaries, o->end, from, to);
    }
  for (guint i = 0; i < self->slots->len; i++)
    {
      VigieRosterSlot *s = g_ptr_array_index (self->slots, i);
      add_boundary (boundaries, s->start, from, to);
      add_boundary (boundaries, s->end, from, to);
    }
  g_ptr_array_sort (boundaries, compare_times);
  return boundaries;
}

/* Whether the last shift goes on through [start, …) unchanged. */
static gboolean
continues (VigieShift              *previous,
           GDateTime               *start,
           VigieShiftSource         source,
           const VigieRosterPerson *person,
           const char              *source_id)
{
  return previous != NULL && g_date_time_equal (previous->end, start) &&
         previous->source == source &&
         g_strcmp0 (previous->person_id, person ? person->id : NULL) == 0 &&
         g_strcmp0 (previous->source_id, source_id) == 0;
}

/* Adds [start, end) to @shifts, merged with the last shift when the same. */
static void
add_span (VigieRoster *self,
          GPtrArray   *shifts,
          GDateTime   *start,
          GDateTime   *end)
{
  VigieShift *previous = shifts->len ? g_ptr_array_index (shifts, shifts->len - 1) : NULL;
  VigieShiftSource source;
  const char *source_id;
  const VigieRosterPerson *person;
  VigieShift *shift;

  if (g_date_time_compare (start, end) >= 0)
    return;
  person = vigie_roster_who (self, start, &source, &source_id);
  if (person == NULL && !vigie_roster_is_active (self, self->coverage, start))
    return;
  if (continues (previous, start, source, person, source_id))
    {
      g_date_time_unref (previous->end);
      previous->end = g_date_time_ref (end);
      return;
    }
  shift = g_new0 (VigieShift, 1);
  shift->start = g_date_time_to_timezone (start, self->tz);
  shift->end = g_date_time_ref (end);
  shift->person_id = person ? g_strdup (person->id) : NULL;
  shift->source = source;
  shift->source_id = g_strdup (source_id);
  g_ptr_array_add (shifts, shift);
}

/**
 * vigie_roster_timeline:
 * @self: a #VigieRoster
 * @from: start of the window
 * @to: end of the window
 *
 * The combined timeline: consecutive shifts, each with one person; a
 * shift without a person is a gap in required coverage. Time outside the
 * coverage with nobody on call is left out.
 *
 * Returns: (transfer full) (element-type VigieShift): the shifts, in order
 */
GPtrArray *
vigie_roster_timeline (VigieRoster *self,
                       GDateTime   *from,
                       GDateTime   *to)
{
  g_autoptr(GPtrArray) boundaries = NULL;
  g_autoptr(GPtrArray) shifts = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_shift_free);

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if (g_date_time_compare (from, to) >= 0)
    return g_steal_pointer (&shifts);

  boundaries = boundaries_between (self, from, to);
  for (guint i = 0; i < boundaries->len; i++)
    add_span (self, shifts, g_ptr_array_index (boundaries, i),
              i + 1 < boundaries->len ? g_ptr_array_index (boundaries, i + 1) : to);

  for (guint i = 0; i < shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (shifts, i);
      GDateTime *end = shift->end;

      shift->end = g_date_time_to_timezone (end, self->tz);
      g_date_time_unref (end);
    }
  return g_steal_pointer (&shifts);
}

/**
 * vigie_roster_person_timeline:
 * @self: a #VigieRoster
 * @person_id: a person
 * @from: start of the window
 * @to: end of the window
 *
 * Returns: (transfer full) (element-type VigieShift): @person_id's shifts
 */
GPtrArray *
vigie_roster_person_timeline (VigieRoster *self,
                              const char  *person_id,
                              GDateTime   *from,
                              GDateTime   *to)
{
  g_autoptr(GPtrArray) all = vigie_roster_timeline (self, from, to);
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_shift_free);

  for (guint i = 0; i < all->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (all, i);

      if (g_strcmp0 (shift->person_id, person_id) == 0)
        {
          g_ptr_array_add (mine, shift);
          all->pdata[i] = NULL;
        }
    }
  return mine;
}

/**
 * vigie_roster_next_shift:
 * @timeline: (element-type VigieShift): a timeline
 * @at: an instant
 * @other_than: (nullable): skip this person's shifts
 *
 * Returns: (transfer none) (nullable): the first staffed shift starting
 *   after @at with someone other than @other_than
 */
const VigieShift *
vigie_roster_next_shift (GPtrArray  *timeline,
                         GDateTime  *at,
                         const char *other_than)
{
  for (guint i = 0; i < timeline->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (timeline, i);

      if (g_date_time_compare (shift->start, at) > 0 && shift->person_id != NULL &&
          g_strcmp0 (shift->person_id, other_than) != 0)
        return shift;
    }
  return NULL;
}

