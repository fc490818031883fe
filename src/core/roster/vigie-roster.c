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

#include "vigie-roster.h"
#include "vigie-json.h"

/* A roster is a few kilobytes; a year of shifts fits many times over. */
#define VIGIE_ROSTER_MAX_FILE_SIZE (4 * 1024 * 1024)

struct _VigieRoster
{
  GObject            parent_instance;

  char              *client_id;
  char              *tz_name;
  GTimeZone         *tz;
  VigieHolidayFlags  holidays;
  guint              coverage;
  int                night_start;
  int                night_end;
  GPtrArray         *people;     /* VigieRosterPerson */
  GPtrArray         *rotations;  /* VigieRotation */
  GPtrArray         *overrides;  /* VigieOverride */
  GPtrArray         *slots;      /* VigieRosterSlot */
  GPtrArray         *steps;      /* VigieEscalationStepDef */
  guint              loops;
  JsonObject        *labour;
  JsonArray         *named;      /* the named rosters, as written */
  char              *roster_id;  /* (nullable): set on a named roster's view */
  char              *roster_name;
  GStrv              own;        /* (nullable): on a view, the rotations that put
                                  * people on call; the others only serve the
                                  * cascade's "rotation:" steps */
};

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

/* JSON parsing */

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_INVALID, message);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char **
get_strv (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  JsonArray *array;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_ptr_array_add (items, g_strdup (json_node_get_string (node)));
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_ptr_array_add (items, g_strdup (json_node_get_string (item)));
        }
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static int
parse_hhmm (const char *text)
{
  guint h, m;
  char tail;

  if (text == NULL || sscanf (text, "%u:%u%c", &h, &m, &tail) != 2 || h > 23 || m > 59)
    return -1;
  return (int) (h * 60 + m);
}

static GDateTime *
parse_time (VigieRoster  *self,
            JsonObject   *object,
            const char   *member,
            gboolean      required,
            const char   *where,
            GError      **error)
{
  const char *text = get_string (object, member);
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL)
    {
      if (required)
        invalid (error, _("%s: “%s” is missing"), where, member);
      return NULL;
    }
  /* A time without offset is the client's local time. */
  parsed = g_date_time_new_from_iso8601 (text, self->tz);
  if (parsed == NULL)
    {
      invalid (error, _("%s: “%s” is not an ISO 8601 date and time: %s"), where, member, text);
      return NULL;
    }
  return g_date_time_to_timezone (parsed, self->tz);
}

static VigieRosterPerson *
copy_person (const VigieRosterPerson *person,
             gpointer                 user_data)
{
  VigieRosterPerson *copy = vigie_roster_person_new (person->id, person->name, person->phone);

  g_strfreev (copy->targets);
  copy->targets = g_strdupv (person->targets);
  g_strfreev (copy->skills);
  copy->skills = g_strdupv (person->skills);
  copy->work_start = person->work_start;
  copy->work_end = person->work_end;
  copy->work_days = person->work_days;
  return copy;
}

static VigieRotation *
copy_rotation (const VigieRotation *rotation,
               gpointer             user_data)
{
  VigieRotation *copy = g_new0 (VigieRotation, 1);

  *copy = *rotation;
  copy->id = g_strdup (rotation->id);
  copy->name = g_strdup (rotation->name);
  copy->start = rotation->start ? g_date_time_ref (rotation->start) : NULL;
  copy->end = rotation->end ? g_date_time_ref (rotation->end) : NULL;
  copy->notified_at = rotation->notified_at ? g_date_time_ref (rotation->notified_at) : NULL;
  copy->members = g_strdupv (rotation->members);
  return copy;
}

static gboolean
parse_person (VigieRoster  *self,
              JsonObject   *object,
              GError      **error)
{
  g_autoptr(VigieRosterPerson) person = NULL;
  const char *id = get_string (object, "id");
  const char *name = get_string (object, "name");
  JsonNode *work;

  if (id == NULL || *id == '\0' || name == NULL)
    return invalid (error, _("Roster of %s: every person needs an “id” and a “name”"), self->client_id);

  person = vigie_roster_person_new (id, name, get_string (object, "phone"));
  g_strfreev (person->targets);
  person->targets = get_strv (object, "targets");
  g_strfreev (person->skills);
  person->skills = get_strv (object, "skills");

  work = json_object_get_member (object, "work");
  if (work != NULL && JSON_NODE_HOLDS_NULL (work))
    {
      person->work_start = person->work_end = -1;
      person->work_days = 0;
    }
  else if (work != NULL && JSON_NODE_HOLDS_OBJECT (work))
    {
      JsonObject *w = json_node_get_object (work);
      JsonNode *days = json_object_get_member (w, "days");

      person->work_start = parse_hhmm (get_string (w, "start"));
      person->work_end = parse_hhmm (get_string (w, "end"));
      if (person->work_start < 0 || person->work_end <= person->work_start)
        return invalid (error, _("Roster of %s: %s's working hours need “start” before “end” (HH:MM)"),
                        self->client_id, id);
      if (days != NULL && JSON_NODE_HOLDS_ARRAY (days))
        {
          JsonArray *array = json_node_get_array (days);

          person->work_days = 0;
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              gint64 d = json_array_get_int_element (array, i);
              if (d < 1 || d > 7)
                return invalid (error, _("Roster of %s: %s's working days are 1 (Monday) to 7 (Sunday)"),
                                self->client_id, id);
              person->work_days |= 1u << d;
            }
        }
    }

  return vigie_roster_add_person (self, g_steal_pointer (&person), error);
}

static gboolean
parse_rotation (VigieRoster  *self,
                JsonObject   *object,
                GError      **error)
{
  g_autoptr(VigieRotation) rotation = g_new0 (VigieRotation, 1);
  g_auto(GStrv) when = NULL;
  g_autofree char *where = NULL;
  const char *turn;

  rotation->id = g_strdup (get_string (object, "id"));
  if (rotation->id == NULL)
    return invalid (error, _("Roster of %s: every rotation needs an “id”"), self->client_id);
  where = g_strdup_printf (_("Roster of %s, rotation %s"), self->client_id, rotation->id);
  rotation->name = g_strdup (get_string (object, "name") ? get_string (object, "name") : rotation->id);
  rotation->layer = (int) json_object_get_int_member_with_default (object, "layer", 1);
  if (!(rotation->start = parse_time (self, object, "start", TRUE, where, error)))
    return FALSE;
  rotation->end = parse_time (self, object, "end", FALSE, where, error);
  if (error && *error)
    return FALSE;
  rotation->notified_at = parse_time (self, object, "notified_at", FALSE, where, error);
  if (error && *error)
    return FALSE;

  turn = get_string (object, "turn");
  if (turn == NULL || g_str_equal (turn, "weekly"))
    rotation->turn_days = 7;
  else if (g_str_equal (turn, "daily"))
    rotation->turn_days = 1;
  else if (g_str_equal (turn, "custom"))
    {
      rotation->turn_days = (guint) json_object_get_int_member_with_default (object, "turn_days", 0);
      rotation->turn_hours = (guint) json_object_get_int_member_with_default (object, "turn_hours", 0);
      if ((rotation->turn_days == 0) == (rotation->turn_hours == 0))
        return invalid (error, _("%s: a custom turn needs either “turn_days” or “turn_hours”"), where);
    }
  else
    return invalid (error, _("%s: “turn” must be daily, weekly or custom"), where);

  rotation->members = get_strv (object, "members");
  if (rotation->members[0] == NULL)
    return invalid (error, _("%s: “members” is empty"), where);

  when = get_strv (object, "when");
  if ((rotation->when = vigie_roster_when_from_strv ((const char * const *) when, error)) == G_MAXUINT)
    return FALSE;

  return vigie_roster_add_rotation (self, g_steal_pointer (&rotation), error);
}

static gboolean
parse_override (VigieRoster  *self,
                JsonObject   *object,
                GError      **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *where = g_strdup_printf (_("Roster of %s, override"), self->client_id);

  if (!(start = parse_time (self, object, "start", TRUE, where, error)) ||
      !(end = parse_time (self, object, "end", TRUE, where, error)))
    return FALSE;
  created = parse_time (self, object, "created_at", FALSE, where, error);
  if (error && *error)
    return FALSE;
  if (created == NULL)
    created = g_date_time_ref (start);

  return vigie_roster_add_override (self,
                                    vigie_override_new (get_string (object, "id"),
                                                        get_string (object, "person"),
                                                        start, end,
                                                        get_string (object, "reason"),
                                                        get_string (object, "author"),
                                                        created),
                                    error);
}

static gboolean
parse_slot (VigieRoster  *self,
            JsonObject   *object,
            GError      **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *where = g_strdup_printf (_("Roster of %s, calendar shift"), self->client_id);
  const char *person = get_string (object, "person");

  if (!(start = parse_time (self, object, "start", TRUE, where, error)) ||
      !(end = parse_time (self, object, "end", TRUE, where, error)))
    return FALSE;
  if (vigie_roster_find_person (self, person) == NULL)
    {
      g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON,
                   _("%s: unknown person “%s”"), where, person ? person : "");
      return FALSE;
    }
  if (g_date_time_compare (start, end) >= 0)
    return invalid (error, _("%s: the end must come after the start"), where);
  g_ptr_array_add (self->slots, vigie_roster_slot_new (get_string (object, "uid"), person, start, end));
  return TRUE;
}

static gboolean
parse_escalation (VigieRoster  *self,
                  JsonObject   *object,
                  GError      **error)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_escalation_step_def_free);
  JsonNode *node = json_object_get_member (object, "steps");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("Roster of %s: the escalation needs “steps”"), self->client_id);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *s;
      VigieEscalationStepDef *step;
      gint64 delay;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (error, _("Roster of %s: escalation step %u is not an object"), self->client_id, i + 1);
      s = json_node_get_object (item);
      delay = json_object_get_int_member_with_default (s, "delay", 0);
      if (delay < 0 || delay > 24 * 60)
        return invalid (error, _("Roster of %s: escalation step %u: the delay is 0 to 1440 minutes"),
                        self->client_id, i + 1);
      step = g_new0 (VigieEscalationStepDef, 1);
      step->target = g_strdup (get_string (s, "target"));
      step->delay_minutes = (guint) delay;
      /* Seconds win when given: drills and tests need short steps. */
      delay = json_object_get_int_member_with_default (s, "delay_seconds", delay * 60);
      if (delay < 0 || delay > 24 * 3600)
        return invalid (error, _("Roster of %s: escalation step %u: the delay is 0 to 1440 minutes"),
                        self->client_id, i + 1);
      step->delay_seconds = (guint) delay;
      step->channels = get_strv (s, "channels");
      g_ptr_array_add (steps, step);
    }

  return vigie_roster_set_escalation (self, g_steal_pointer (&steps),
                                      (guint) json_object_get_int_member_with_default (object, "loops", 1),
                                      error);
}

typedef gboolean (*ParseItem) (VigieRoster *, JsonObject *, GError **);

static gboolean
parse_array (VigieRoster  *self,
             JsonObject   *root,
             const char   *member,
             ParseItem     parse,
             GError      **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("Roster of %s: “%s” must be a list"), self->client_id, member);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (error, _("Roster of %s: item %u of “%s” is not an object"),
                        self->client_id, i + 1, member);
      if (!parse (self, json_node_get_object (item), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
has_rotation (VigieRoster *self,
              const char  *rotation_id)
{
  for (guint i = 0; rotation_id && i < self->rotations->len; i++)
    if (g_str_equal (((VigieRotation *) g_ptr_array_index (self->rotations, i))->id, rotation_id))
      return TRUE;
  return FALSE;
}

/* "rosters": [{"id", "name", "rotations": [...], "escalation": {...}}]:
 * the teams a script's outcome can name. Checked now; each is built into
 * a roster of its own only when an alert needs it. */
static gboolean
parse_named (VigieRoster  *self,
             JsonNode     *node,
             GError      **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("Roster of %s: “%s” must be a list"), self->client_id, "rosters");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object;
      const char *id;
      g_auto(GStrv) rotations = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (error, _("Roster of %s: item %u of “%s” is not an object"),
                        self->client_id, i + 1, "rosters");
      object = json_node_get_object (item);
      id = get_string (object, "id");
      if (id == NULL || *id == '\0')
        return invalid (error, _("Roster of %s: named roster %u has no “id”"), self->client_id, i + 1);
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (get_string (json_array_get_object_element (array, j), "id"), id) == 0)
          return invalid (error, _("Roster of %s: two named rosters are called “%s”"), self->client_id, id);
      rotations = get_strv (object, "rotations");
      if (rotations[0] == NULL)
        return invalid (error, _("Roster of %s: named roster “%s” lists no “rotations”"), self->client_id, id);
      for (guint j = 0; rotations[j]; j++)
        if (!has_rotation (self, rotations[j]))
          return invalid (error, _("Roster of %s: named roster “%s” names an unknown rotation “%s”"),
                          self->client_id, id, rotations[j]);
      if (json_object_has_member (object, "escalation"))
        {
          /* Check the cascade the way the roster's own is checked. */
          g_autoptr(VigieRoster) check = vigie_roster_new (self->client_id, self->tz_name);
          JsonNode *escalation = json_object_get_member (object, "escalation");

          g_ptr_array_extend (check->people, self->people, (GCopyFunc) copy_person, NULL);
          g_ptr_array_extend (check->rotations, self->rotations, (GCopyFunc) copy_rotation, NULL);
          if (!JSON_NODE_HOLDS_OBJECT (escalation) ||
              !parse_escalation (check, json_node_get_object (escalation), error))
            {
              if (error && *error == NULL)
                invalid (error, _("Roster of %s: named roster “%s”: “escalation” must be an object"),
                         self->client_id, id);
              return FALSE;
            }
        }
      json_array_add_element (self->named, json_node_copy (item));
    }
  return TRUE;
}

/**
 * vigie_roster_new_from_json:
 * @node: a JSON object (see data/demo/rosters/ for the format)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the roster
 */
VigieRoster *
vigie_roster_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(VigieRoster) self = NULL;
  g_auto(GStrv) coverage = NULL;
  JsonObject *root;
  JsonNode *member;
  const char *client;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("A roster must be a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);
  client = get_string (root, "client");
  if (client == NULL || *client == '\0')
    {
      invalid (error, _("A roster needs a “client”"));
      return NULL;
    }

  self = vigie_roster_new (client, get_string (root, "timezone"));
  if (get_string (root, "timezone") && !g_str_equal (g_time_zone_get_identifier (self->tz),
                                                     get_string (root, "timezone")))
    {
      invalid (error, _("Roster of %s: unknown time zone “%s”"), client, get_string (root, "timezone"));
      return NULL;
    }

  if (json_object_get_boolean_member_with_default (root, "alsace_moselle", FALSE))
    self->holidays = VIGIE_HOLIDAYS_ALSACE_MOSELLE;

  if (json_object_has_member (root, "coverage"))
    {
      coverage = get_strv (root, "coverage");
      if ((self->coverage = vigie_roster_when_from_strv ((const char * const *) coverage, error)) == G_MAXUINT)
        return NULL;
    }

  member = json_object_get_member (root, "night");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObject *night = json_node_get_object (member);
      int start = parse_hhmm (get_string (night, "start"));
      int end = parse_hhmm (get_string (night, "end"));

      if (start < 0 || end < 0 || start == end)
        {
          invalid (error, _("Roster of %s: “night” needs “start” and “end” as HH:MM"), client);
          return NULL;
        }
      self->night_start = start;
      self->night_end = end;
    }

  member = json_object_get_member (root, "labour");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      json_object_unref (self->labour);
      self->labour = json_object_ref (json_node_get_object (member));
    }

  if (!parse_array (self, root, "people", parse_person, error) ||
      !parse_array (self, root, "rotations", parse_rotation, error) ||
      !parse_array (self, root, "calendar", parse_slot, error) ||
      !parse_array (self, root, "overrides", parse_override, error))
    return NULL;

  member = json_object_get_member (root, "escalation");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member) &&
      !parse_escalation (self, json_node_get_object (member), error))
    return NULL;

  member = json_object_get_member (root, "rosters");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member) && !parse_named (self, member, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * vigie_roster_load_file:
 * @path: a roster JSON file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the roster
 */
VigieRoster *
vigie_roster_load_file (const char  *path,
                        GError     **error)
{
  g_autoptr(VigieJsonDocument) document = NULL;
  g_autoptr(JsonNode) root = NULL;
  VigieRoster *roster;

  /* The strict parser: a regular file of bounded size and depth, no
   * field given twice, errors at file:line:column. */
  if (!(document = vigie_json_load_file (path, VIGIE_ROSTER_MAX_FILE_SIZE, 32, error)))
    return NULL;
  root = vigie_json_to_node (vigie_json_document_get_root (document));
  if (!(roster = vigie_roster_new_from_json (root, error)))
    g_prefix_error (error, "%s: ", path);
  return roster;
}

/* JSON writing */

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *when)
{
  g_autofree char *text = NULL;

  if (when == NULL)
    return;
  text = vigie_roster_format_time (when);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values && values[i]; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static char *
format_hhmm (int minutes)
{
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

/**
 * vigie_roster_to_json:
 * @self: a #VigieRoster
 *
 * Returns: (transfer full): the roster, as vigie_roster_new_from_json() reads it
 */
JsonNode *
vigie_roster_to_json (VigieRoster *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) coverage = vigie_roster_when_to_strv (self->coverage);
  g_autofree char *night_start = format_hhmm (self->night_start);
  g_autofree char *night_end = format_hhmm (self->night_end);

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "client", self->client_id);
  add_string (builder, "timezone", self->tz_name);
  json_builder_set_member_name (builder, "alsace_moselle");
  json_builder_add_boolean_value (builder, (self->holidays & VIGIE_HOLIDAYS_ALSACE_MOSELLE) != 0);
  add_strv (builder, "coverage", (const char * const *) coverage);
  json_builder_set_member_name (builder, "night");
  json_builder_begin_object (builder);
  add_string (builder, "start", night_start);
  add_string (builder, "end", night_end);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "people");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->people->len; i++)
    {
      VigieRosterPerson *p = g_ptr_array_index (self->people, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", p->id);
      add_string (builder, "name", p->name);
      add_string (builder, "phone", p->phone);
      add_strv (builder, "targets", (const char * const *) p->targets);
      add_strv (builder, "skills", (const char * const *) p->skills);
      json_builder_set_member_name (builder, "work");
      if (p->work_start < 0)
        json_builder_add_null_value (builder);
      else
        {
          g_autofree char *ws = format_hhmm (p->work_start);
          g_autofree char *we = format_hhmm (p->work_end);

          json_builder_begin_object (builder);
          add_string (builder, "start", ws);
          add_string (builder, "end", we);
          json_builder_set_member_name (builder, "days");
          json_builder_begin_array (builder);
          for (int d = 1; d <= 7; d++)
            if (p->work_days & (1u << d))
              json_builder_add_int_value (builder, d);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rotations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rotations->len; i++)
    {
      VigieRotation *r = g_ptr_array_index (self->rotations, i);
      g_auto(GStrv) when = vigie_roster_when_to_strv (r->when);

      json_builder_begin_object (builder);
      add_string (builder, "id", r->id);
      add_string (builder, "name", r->name);
      json_builder_set_member_name (builder, "layer");
      json_builder_add_int_value (builder, r->layer);
      add_time (builder, "start", r->start);
      add_time (builder, "end", r->end);
      add_time (builder, "notified_at", r->notified_at);
      if (r->turn_hours > 0 || (r->turn_days != 1 && r->turn_days != 7))
        {
          add_string (builder, "turn", "custom");
          json_builder_set_member_name (builder, r->turn_hours > 0 ? "turn_hours" : "turn_days");
          json_builder_add_int_value (builder, r->turn_hours > 0 ? r->turn_hours : r->turn_days);
        }
      else
        add_string (builder, "turn", r->turn_days == 1 ? "daily" : "weekly");
      add_strv (builder, "members", (const char * const *) r->members);
      add_strv (builder, "when", (const char * const *) when);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "calendar");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->slots->len; i++)
    {
      VigieRosterSlot *s = g_ptr_array_index (self->slots, i);

      json_builder_begin_object (builder);
      add_string (builder, "uid", s->uid);
      add_string (builder, "person", s->person_id);
      add_time (builder, "start", s->start);
      add_time (builder, "end", s->end);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "overrides");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->overrides->len; i++)
    {
      VigieOverride *o = g_ptr_array_index (self->overrides, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", o->id);
      add_string (builder, "person", o->person_id);
      add_time (builder, "start", o->start);
      add_time (builder, "end", o->end);
      add_string (builder, "reason", o->reason);
      add_string (builder, "author", o->author);
      add_time (builder, "created_at", o->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "escalation");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "loops");
  json_builder_add_int_value (builder, self->loops);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    {
      VigieEscalationStepDef *s = g_ptr_array_index (self->steps, i);

      json_builder_begin_object (builder);
      add_string (builder, "target", s->target);
      json_builder_set_member_name (builder, "delay");
      json_builder_add_int_value (builder, s->delay_minutes);
      if (s->delay_seconds != s->delay_minutes * 60)
        {
          json_builder_set_member_name (builder, "delay_seconds");
          json_builder_add_int_value (builder, s->delay_seconds);
        }
      add_strv (builder, "channels", (const char * const *) s->channels);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "labour");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), self->labour));

  if (json_array_get_length (self->named) > 0)
    {
      json_builder_set_member_name (builder, "rosters");
      json_builder_add_value (builder, json_node_init_array (json_node_alloc (), self->named));
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * vigie_roster_copy:
 * @self: a #VigieRoster
 *
 * A deep copy, for editing without touching the live roster.
 *
 * Returns: (transfer full): the copy
 */
VigieRoster *
vigie_roster_copy (VigieRoster *self)
{
  g_autoptr(JsonNode) node = vigie_roster_to_json (self);
  g_autoptr(GError) error = NULL;
  VigieRoster *copy = vigie_roster_new_from_json (node, &error);

  /* What we wrote, we read back. */
  g_assert_no_error (error);
  return copy;
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
    return invalid (error, _("Roster of %s, rotation %s: the turn length is zero"),
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
    return invalid (error, _("Roster of %s: an override must end after it starts"), self->client_id);
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
    return invalid (error, _("Roster of %s: the cascade repeats 1 to %d times"),
                    self->client_id, VIGIE_ROSTER_MAX_LOOPS);
  for (guint i = 0; i < steps->len; i++)
    {
      VigieEscalationStepDef *s = g_ptr_array_index (steps, i);
      const char *t = s->target;

      /* Steps made in code give minutes only. */
      if (s->delay_seconds == 0)
        s->delay_seconds = s->delay_minutes * 60;
      if (t == NULL)
        return invalid (error, _("Roster of %s: escalation step %u has no target"), self->client_id, i + 1);
      if (g_str_has_prefix (t, "person:") && !check_person (self, t + 7, C_("roster", "escalation"), error))
        return FALSE;
      if (g_str_has_prefix (t, "rotation:"))
        {
          gboolean found = FALSE;
          for (guint j = 0; j < self->rotations->len; j++)
            found |= g_str_equal (((VigieRotation *) g_ptr_array_index (self->rotations, j))->id, t + 9);
          if (!found)
            return invalid (error, _("Roster of %s: escalation step %u names an unknown rotation “%s”"),
                            self->client_id, i + 1, t + 9);
        }
      else if (!g_str_equal (t, "oncall") && !g_str_has_prefix (t, "person:") &&
               !g_str_has_prefix (t, "number:"))
        return invalid (error, _("Roster of %s: escalation step %u: the target is oncall, "
                                 "rotation:ID, person:ID or number:+33…"), self->client_id, i + 1);
    }
  g_ptr_array_unref (self->steps);
  self->steps = g_steal_pointer (&owned);
  self->loops = loops;
  return TRUE;
}

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
  VigieOverride *best_override = NULL;
  VigieRotation *best_rotation = NULL;
  const char *best_member = NULL;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if (source)
    *source = VIGIE_SHIFT_GAP;
  if (source_id)
    *source_id = NULL;

  /* The override made last wins, so a swap inside a swap works. */
  for (guint i = 0; i < self->overrides->len; i++)
    {
      VigieOverride *o = g_ptr_array_index (self->overrides, i);

      if (contains (o->start, o->end, at) &&
          (best_override == NULL || g_date_time_compare (o->created_at, best_override->created_at) >= 0))
        best_override = o;
    }
  if (best_override)
    {
      if (source)
        *source = VIGIE_SHIFT_OVERRIDE;
      if (source_id)
        *source_id = best_override->id;
      return vigie_roster_find_person (self, best_override->person_id);
    }

  for (guint i = 0; i < self->slots->len; i++)
    {
      VigieRosterSlot *s = g_ptr_array_index (self->slots, i);

      if (contains (s->start, s->end, at))
        {
          if (source)
            *source = VIGIE_SHIFT_CALENDAR;
          if (source_id)
            *source_id = s->uid;
          return vigie_roster_find_person (self, s->person_id);
        }
    }

  for (guint i = 0; i < self->rotations->len; i++)
    {
      VigieRotation *r = g_ptr_array_index (self->rotations, i);
      const char *member;

      if (best_rotation != NULL && r->layer <= best_rotation->layer)
        continue;
      /* A backup rotation the cascade names does not put anyone on call. */
      if (self->own != NULL && !g_strv_contains ((const char * const *) self->own, r->id))
        continue;
      if ((member = rotation_member_at (self, r, at)))
        {
          best_rotation = r;
          best_member = member;
        }
    }
  if (best_rotation)
    {
      if (source)
        *source = VIGIE_SHIFT_ROTATION;
      if (source_id)
        *source_id = best_rotation->id;
      return vigie_roster_find_person (self, best_member);
    }
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
  g_autoptr(GPtrArray) boundaries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  g_autoptr(GPtrArray) shifts = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_shift_free);
  g_autoptr(GDateTime) local_from = NULL;
  g_autoptr(GDateTime) local_to = NULL;
  GDate day, last;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if (g_date_time_compare (from, to) >= 0)
    return g_steal_pointer (&shifts);

  /* Every instant where the answer can change: local midnights (weekends,
   * holidays), the night edges, hand-offs, and each override or slot. */
  local_from = g_date_time_to_timezone (from, self->tz);
  local_to = g_date_time_to_timezone (to, self->tz);
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
  g_ptr_array_add (boundaries, g_date_time_ref (from));
  for (guint i = 0; i < self->rotations->len; i++)
    {
      VigieRotation *r = g_ptr_array_index (self->rotations, i);

      add_boundary (boundaries, r->start, from, to);
      add_boundary (boundaries, r->end, from, to);
      if (r->turn_hours > 0)
        {
          GTimeSpan step = G_TIME_SPAN_HOUR * (GTimeSpan) r->turn_hours;
          gint64 k = MAX (0, g_date_time_difference (from, r->start) / step);
          g_autoptr(GDateTime) when = g_date_time_add (r->start, k * step);

          while (g_date_time_compare (when, to) < 0)
            {
              GDateTime *next = g_date_time_add (when, step);

              add_boundary (boundaries, when, from, to);
              g_date_time_unref (when);
              when = next;
            }
        }
    }
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

  for (guint i = 0; i < boundaries->len; i++)
    {
      GDateTime *start = g_ptr_array_index (boundaries, i);
      GDateTime *end = i + 1 < boundaries->len ? g_ptr_array_index (boundaries, i + 1) : to;
      VigieShiftSource source;
      const char *source_id;
      const VigieRosterPerson *person;
      VigieShift *previous = shifts->len ? g_ptr_array_index (shifts, shifts->len - 1) : NULL;
      VigieShift *shift;

      if (g_date_time_compare (start, end) >= 0)
        continue;

      person = vigie_roster_who (self, start, &source, &source_id);
      if (person == NULL && !vigie_roster_is_active (self, self->coverage, start))
        continue;

      if (previous != NULL && g_date_time_equal (previous->end, start) &&
          previous->source == source &&
          g_strcmp0 (previous->person_id, person ? person->id : NULL) == 0 &&
          g_strcmp0 (previous->source_id, source_id) == 0)
        {
          g_date_time_unref (previous->end);
          previous->end = g_date_time_ref (end);
          continue;
        }

      shift = g_new0 (VigieShift, 1);
      shift->start = g_date_time_to_timezone (start, self->tz);
      shift->end = g_date_time_ref (end);
      shift->person_id = person ? g_strdup (person->id) : NULL;
      shift->source = source;
      shift->source_id = g_strdup (source_id);
      g_ptr_array_add (shifts, shift);
    }

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

/* Named rosters */

static JsonObject *
find_named (VigieRoster *self,
            const char  *roster_id)
{
  for (guint i = 0; roster_id && i < json_array_get_length (self->named); i++)
    {
      JsonObject *object = json_array_get_object_element (self->named, i);

      if (g_strcmp0 (get_string (object, "id"), roster_id) == 0)
        return object;
    }
  return NULL;
}

/**
 * vigie_roster_list_named:
 * @self: a #VigieRoster
 *
 * Returns: (transfer full): the ids of the client's named rosters (the
 *   teams a script's outcome names: "plomberie", "ascenseurs"…)
 */
GStrv
vigie_roster_list_named (VigieRoster *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  for (guint i = 0; i < json_array_get_length (self->named); i++)
    g_strv_builder_add (builder, get_string (json_array_get_object_element (self->named, i), "id"));
  return g_strv_builder_end (builder);
}

gboolean
vigie_roster_has_named (VigieRoster *self,
                        const char  *roster_id)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), FALSE);
  return find_named (self, roster_id) != NULL;
}

static gboolean
strv_has (GStrv       list,
          const char *value)
{
  return list != NULL && value != NULL && g_strv_contains ((const char * const *) list, value);
}

/**
 * vigie_roster_dup_named:
 * @self: a client's roster
 * @roster_id: (nullable): a named roster, %NULL for the default one
 * @error: return location for a #GError
 *
 * The roster an alert for @roster_id goes through: the same people, only
 * the named roster's rotations (plus those its cascade names), its own
 * cascade (the client's when it has none), and the overrides and calendar
 * shifts of the people in those rotations. The default roster is the named
 * one marked `"default": true`; without one, every rotation that no named
 * roster claims (all of them if each is claimed), with the client's cascade.
 *
 * Returns: (transfer full) (nullable): a roster of its own, or %NULL with
 *   %VIGIE_ROSTER_ERROR_NOT_FOUND if the client has no such roster
 */
VigieRoster *
vigie_roster_dup_named (VigieRoster  *self,
                        const char   *roster_id,
                        GError      **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new ();
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_auto(GStrv) wanted = NULL;
  g_autoptr(VigieRoster) copy = NULL;
  g_auto(GStrv) own = NULL;
  JsonObject *named = NULL;
  JsonObject *root;
  JsonArray *array, *filtered;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if (roster_id != NULL && !(named = find_named (self, roster_id)))
    {
      g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_NOT_FOUND,
                   _("Client %s has no roster “%s”"), self->client_id, roster_id);
      return NULL;
    }
  /* The named roster marked "default" serves outcomes that name none. */
  for (guint i = 0; roster_id == NULL && named == NULL && i < json_array_get_length (self->named); i++)
    if (json_object_get_boolean_member_with_default (json_array_get_object_element (self->named, i), "default", FALSE))
      named = json_array_get_object_element (self->named, i);

  node = vigie_roster_to_json (self);
  root = json_node_get_object (node);
  json_object_remove_member (root, "rosters");
  if (named != NULL && json_object_has_member (named, "escalation"))
    json_object_set_member (root, "escalation", json_node_copy (json_object_get_member (named, "escalation")));

  if (named != NULL)
    wanted = get_strv (named, "rotations");
  else
    {
      /* Without named rosters, the default one is the whole file. */
      g_autoptr(GStrvBuilder) claimed = g_strv_builder_new ();
      g_auto(GStrv) all = NULL;
      g_autoptr(GStrvBuilder) rest = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (self->named); i++)
        {
          g_auto(GStrv) r = get_strv (json_array_get_object_element (self->named, i), "rotations");
          g_strv_builder_addv (claimed, (const char **) r);
        }
      all = g_strv_builder_end (claimed);
      for (guint i = 0; i < self->rotations->len; i++)
        {
          VigieRotation *r = g_ptr_array_index (self->rotations, i);

          if (!strv_has (all, r->id))
            g_strv_builder_add (rest, r->id);
        }
      wanted = g_strv_builder_end (rest);
      /* Every rotation belongs to a team and none is the default: all. */
      if (wanted[0] == NULL)
        {
          g_autoptr(GStrvBuilder) every = g_strv_builder_new ();

          for (guint i = 0; i < self->rotations->len; i++)
            g_strv_builder_add (every, ((VigieRotation *) g_ptr_array_index (self->rotations, i))->id);
          g_strfreev (wanted);
          wanted = g_strv_builder_end (every);
        }
    }

  own = g_strdupv (wanted);

  /* The cascade's "rotation:" steps stay reachable. */
  {
    JsonObject *escalation = json_object_get_object_member (root, "escalation");
    JsonArray *steps = escalation ? json_object_get_array_member (escalation, "steps") : NULL;
    g_autoptr(GStrvBuilder) more = g_strv_builder_new ();
    g_auto(GStrv) extra = NULL;

    g_strv_builder_addv (more, (const char **) wanted);
    for (guint i = 0; steps && i < json_array_get_length (steps); i++)
      {
        const char *target = get_string (json_array_get_object_element (steps, i), "target");

        if (target && g_str_has_prefix (target, "rotation:"))
          g_strv_builder_add (more, target + 9);
      }
    extra = g_strv_builder_end (more);
    g_strfreev (wanted);
    wanted = g_steal_pointer (&extra);
  }

  array = json_object_get_array_member (root, "rotations");
  filtered = json_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *rotation = json_array_get_object_element (array, i);

      if (strv_has (wanted, get_string (rotation, "id")))
        {
          g_auto(GStrv) m = get_strv (rotation, "members");

          for (guint j = 0; m[j] && strv_has (own, get_string (rotation, "id")); j++)
            g_ptr_array_add (members, g_strdup (m[j]));
          json_array_add_element (filtered, json_node_copy (json_array_get_element (array, i)));
        }
    }
  json_object_set_array_member (root, "rotations", filtered);
  g_ptr_array_set_free_func (members, g_free);
  g_ptr_array_add (members, NULL);

  /* Someone standing in for a plumber is a plumber; not for the lifts.
   * Someone in no rotation at all stands in for the default team. */
  for (guint k = 0; k < 2; k++)
    {
      const char *name = k == 0 ? "overrides" : "calendar";
      JsonArray *items = json_object_get_array_member (root, name);
      JsonArray *kept = json_array_new ();
      gboolean is_default = roster_id == NULL;

      for (guint i = 0; items && i < json_array_get_length (items); i++)
        {
          const char *person = get_string (json_array_get_object_element (items, i), "person");
          gboolean outsider = TRUE;

          for (guint j = 0; j < self->rotations->len && outsider; j++)
            outsider = !strv_has (((VigieRotation *) g_ptr_array_index (self->rotations, j))->members, person);
          if (g_strv_contains ((const char * const *) members->pdata, person) || (is_default && outsider))
            json_array_add_element (kept, json_node_copy (json_array_get_element (items, i)));
        }
      json_object_set_array_member (root, name, kept);
    }
  g_ptr_array_remove_index (members, members->len - 1);

  if (!(copy = vigie_roster_new_from_json (node, error)))
    return NULL;
  copy->own = g_steal_pointer (&own);
  copy->roster_id = g_strdup (named ? get_string (named, "id") : NULL);
  copy->roster_name = g_strdup (named ? get_string (named, "name") : NULL);
  if (copy->roster_name == NULL && roster_id != NULL)
    copy->roster_name = g_strdup (roster_id);
  return g_steal_pointer (&copy);
}

/**
 * vigie_roster_get_roster_id:
 * @self: a #VigieRoster
 *
 * Returns: (nullable): the named roster this is a view of, %NULL for a
 *   client's whole roster or its default one
 */
const char *
vigie_roster_get_roster_id (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->roster_id;
}

/**
 * vigie_roster_get_roster_name:
 * @self: a #VigieRoster
 *
 * Returns: (nullable): the named roster's label ("Plomberie")
 */
const char *
vigie_roster_get_roster_name (VigieRoster *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);
  return self->roster_name;
}
