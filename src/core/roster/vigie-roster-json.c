/* vigie-roster-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A roster's JSON read strictly: every error names the item (writing it
 * back is vigie-roster-write.c).
 */
#define G_LOG_DOMAIN "vigie-roster"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigie-roster-private.h"
#include "vigie-json.h"

/* A roster is a few kilobytes; a year of shifts fits many times over. */
#define VIGIE_ROSTER_MAX_FILE_SIZE (4 * 1024 * 1024)

/* JSON parsing */

gboolean
_vigie_roster_invalid (GError     **error,
                       const char  *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

const char *
_vigie_roster_get_string (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char **
_vigie_roster_get_strv (JsonObject *object,
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
  const char *text = _vigie_roster_get_string (object, member);
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL)
    {
      if (required)
        _vigie_roster_invalid (error, _("%s: “%s” is missing"), where, member);
      return NULL;
    }
  /* A time without offset is the client's local time. */
  parsed = g_date_time_new_from_iso8601 (text, self->tz);
  if (parsed == NULL)
    {
      _vigie_roster_invalid (error, _("%s: “%s” is not an ISO 8601 date and time: %s"), where, member, text);
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

/* "days": [1…7], Monday first. */
static gboolean
parse_work_days (VigieRoster       *self,
                 VigieRosterPerson *person,
                 JsonArray         *array,
                 GError           **error)
{
  person->work_days = 0;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gint64 d = json_array_get_int_element (array, i);

      if (d < 1 || d > 7)
        return _vigie_roster_invalid (error, _("Roster of %s: %s's working days are 1 (Monday) to 7 (Sunday)"),
                                      self->client_id, person->id);
      person->work_days |= 1u << d;
    }
  return TRUE;
}

/* "work": {"start", "end", "days"}, or null for someone with no regular hours. */
static gboolean
parse_work (VigieRoster       *self,
            VigieRosterPerson *person,
            JsonNode          *work,
            GError           **error)
{
  JsonObject *w;
  JsonNode *days;

  if (work != NULL && JSON_NODE_HOLDS_NULL (work))
    {
      person->work_start = person->work_end = -1;
      person->work_days = 0;
      return TRUE;
    }
  if (work == NULL || !JSON_NODE_HOLDS_OBJECT (work))
    return TRUE;
  w = json_node_get_object (work);
  days = json_object_get_member (w, "days");
  person->work_start = parse_hhmm (_vigie_roster_get_string (w, "start"));
  person->work_end = parse_hhmm (_vigie_roster_get_string (w, "end"));
  if (person->work_start < 0 || person->work_end <= person->work_start)
    return _vigie_roster_invalid (error, _("Roster of %s: %s's working hours need “start” before “end” (HH:MM)"),
                                  self->client_id, person->id);
  if (days != NULL && JSON_NODE_HOLDS_ARRAY (days))
    return parse_work_days (self, person, json_node_get_array (days), error);
  return TRUE;
}

static gboolean
parse_person (VigieRoster  *self,
              JsonObject   *object,
              GError      **error)
{
  g_autoptr(VigieRosterPerson) person = NULL;
  const char *id = _vigie_roster_get_string (object, "id");
  const char *name = _vigie_roster_get_string (object, "name");

  if (id == NULL || *id == '\0' || name == NULL)
    return _vigie_roster_invalid (error, _("Roster of %s: every person needs an “id” and a “name”"), self->client_id);

  person = vigie_roster_person_new (id, name, _vigie_roster_get_string (object, "phone"));
  g_strfreev (person->targets);
  person->targets = _vigie_roster_get_strv (object, "targets");
  g_strfreev (person->skills);
  person->skills = _vigie_roster_get_strv (object, "skills");

  if (!parse_work (self, person, json_object_get_member (object, "work"), error))
    return FALSE;

  return vigie_roster_add_person (self, g_steal_pointer (&person), error);
}

/* "turn": weekly (the default), daily, or custom in days or hours. */
static gboolean
parse_turn (VigieRotation  *rotation,
            JsonObject     *object,
            const char     *where,
            GError        **error)
{
  const char *turn = _vigie_roster_get_string (object, "turn");

  if (turn == NULL || g_str_equal (turn, "weekly"))
    rotation->turn_days = 7;
  else if (g_str_equal (turn, "daily"))
    rotation->turn_days = 1;
  else if (!g_str_equal (turn, "custom"))
    return _vigie_roster_invalid (error, _("%s: “turn” must be daily, weekly or custom"), where);
  else
    {
      rotation->turn_days = (guint) json_object_get_int_member_with_default (object, "turn_days", 0);
      rotation->turn_hours = (guint) json_object_get_int_member_with_default (object, "turn_hours", 0);
      if ((rotation->turn_days == 0) == (rotation->turn_hours == 0))
        return _vigie_roster_invalid (error, _("%s: a custom turn needs either “turn_days” or “turn_hours”"), where);
    }
  return TRUE;
}

static gboolean
parse_rotation_times (VigieRoster    *self,
                      VigieRotation  *rotation,
                      JsonObject     *object,
                      const char     *where,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!(rotation->start = parse_time (self, object, "start", TRUE, where, error)))
    return FALSE;
  rotation->end = parse_time (self, object, "end", FALSE, where, &local_error);
  if (local_error == NULL)
    rotation->notified_at = parse_time (self, object, "notified_at", FALSE, where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_rotation (VigieRoster  *self,
                JsonObject   *object,
                GError      **error)
{
  g_autoptr(VigieRotation) rotation = g_new0 (VigieRotation, 1);
  g_auto(GStrv) when = NULL;
  g_autofree char *where = NULL;

  rotation->id = g_strdup (_vigie_roster_get_string (object, "id"));
  if (rotation->id == NULL)
    return _vigie_roster_invalid (error, _("Roster of %s: every rotation needs an “id”"), self->client_id);
  where = g_strdup_printf (_("Roster of %s, rotation %s"), self->client_id, rotation->id);
  rotation->name = g_strdup (_vigie_roster_get_string (object, "name") ? _vigie_roster_get_string (object, "name") : rotation->id);
  rotation->layer = (int) json_object_get_int_member_with_default (object, "layer", 1);
  if (!parse_rotation_times (self, rotation, object, where, error))
    return FALSE;

  if (!parse_turn (rotation, object, where, error))
    return FALSE;

  rotation->members = _vigie_roster_get_strv (object, "members");
  if (rotation->members[0] == NULL)
    return _vigie_roster_invalid (error, _("%s: “members” is empty"), where);

  when = _vigie_roster_get_strv (object, "when");
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
                                    vigie_override_new (_vigie_roster_get_string (object, "id"),
                                                        _vigie_roster_get_string (object, "person"),
                                                        start, end,
                                                        _vigie_roster_get_string (object, "reason"),
                                                        _vigie_roster_get_string (object, "author"),
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
  const char *person = _vigie_roster_get_string (object, "person");

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
    return _vigie_roster_invalid (error, _("%s: the end must come after the start"), where);
  g_ptr_array_add (self->slots, vigie_roster_slot_new (_vigie_roster_get_string (object, "uid"), person, start, end));
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
    return _vigie_roster_invalid (error, _("Roster of %s: the escalation needs “steps”"), self->client_id);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *s;
      VigieEscalationStepDef *step;
      gint64 delay;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return _vigie_roster_invalid (error, _("Roster of %s: escalation step %u is not an object"), self->client_id, i + 1);
      s = json_node_get_object (item);
      delay = json_object_get_int_member_with_default (s, "delay", 0);
      if (delay < 0 || delay > 24 * 60)
        return _vigie_roster_invalid (error, _("Roster of %s: escalation step %u: the delay is 0 to 1440 minutes"),
                        self->client_id, i + 1);
      step = g_new0 (VigieEscalationStepDef, 1);
      step->target = g_strdup (_vigie_roster_get_string (s, "target"));
      step->delay_minutes = (guint) delay;
      /* Seconds win when given: drills and tests need short steps. */
      delay = json_object_get_int_member_with_default (s, "delay_seconds", delay * 60);
      if (delay < 0 || delay > 24 * 3600)
        return _vigie_roster_invalid (error, _("Roster of %s: escalation step %u: the delay is 0 to 1440 minutes"),
                        self->client_id, i + 1);
      step->delay_seconds = (guint) delay;
      step->channels = _vigie_roster_get_strv (s, "channels");
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
    return _vigie_roster_invalid (error, _("Roster of %s: “%s” must be a list"), self->client_id, member);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return _vigie_roster_invalid (error, _("Roster of %s: item %u of “%s” is not an object"),
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

/* A named roster's own cascade, checked the way the roster's own is. */
static gboolean
check_named_escalation (VigieRoster  *self,
                        const char   *id,
                        JsonNode     *escalation,
                        GError      **error)
{
  g_autoptr(VigieRoster) check = vigie_roster_new (self->client_id, self->tz_name);

  g_ptr_array_extend (check->people, self->people, (GCopyFunc) copy_person, NULL);
  g_ptr_array_extend (check->rotations, self->rotations, (GCopyFunc) copy_rotation, NULL);
  if (JSON_NODE_HOLDS_OBJECT (escalation) &&
      parse_escalation (check, json_node_get_object (escalation), error))
    return TRUE;
  if (error && *error == NULL)
    _vigie_roster_invalid (error, _("Roster of %s: named roster “%s”: “escalation” must be an object"),
                           self->client_id, id);
  return FALSE;
}

static gboolean
check_named_rotations (VigieRoster  *self,
                       const char   *id,
                       JsonObject   *object,
                       GError      **error)
{
  g_auto(GStrv) rotations = _vigie_roster_get_strv (object, "rotations");

  if (rotations[0] == NULL)
    return _vigie_roster_invalid (error, _("Roster of %s: named roster “%s” lists no “rotations”"), self->client_id, id);
  for (guint j = 0; rotations[j]; j++)
    if (!has_rotation (self, rotations[j]))
      return _vigie_roster_invalid (error, _("Roster of %s: named roster “%s” names an unknown rotation “%s”"),
                                    self->client_id, id, rotations[j]);
  return TRUE;
}

/* Item @i of "rosters": an object with an id of its own, its rotations
 * known, its cascade valid. */
static gboolean
parse_named_item (VigieRoster  *self,
                  JsonArray    *array,
                  guint         i,
                  GError      **error)
{
  JsonNode *item = json_array_get_element (array, i);
  JsonObject *object;
  const char *id;

  if (!JSON_NODE_HOLDS_OBJECT (item))
    return _vigie_roster_invalid (error, _("Roster of %s: item %u of “%s” is not an object"),
                                  self->client_id, i + 1, "rosters");
  object = json_node_get_object (item);
  id = _vigie_roster_get_string (object, "id");
  if (id == NULL || *id == '\0')
    return _vigie_roster_invalid (error, _("Roster of %s: named roster %u has no “id”"), self->client_id, i + 1);
  for (guint j = 0; j < i; j++)
    if (g_strcmp0 (_vigie_roster_get_string (json_array_get_object_element (array, j), "id"), id) == 0)
      return _vigie_roster_invalid (error, _("Roster of %s: two named rosters are called “%s”"), self->client_id, id);
  if (!check_named_rotations (self, id, object, error))
    return FALSE;
  if (json_object_has_member (object, "escalation") &&
      !check_named_escalation (self, id, json_object_get_member (object, "escalation"), error))
    return FALSE;
  json_array_add_element (self->named, json_node_copy (item));
  return TRUE;
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
    return _vigie_roster_invalid (error, _("Roster of %s: “%s” must be a list"), self->client_id, "rosters");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!parse_named_item (self, array, i, error))
      return FALSE;
  return TRUE;
}

static gboolean
parse_coverage (VigieRoster  *self,
                JsonObject   *root,
                GError      **error)
{
  g_auto(GStrv) coverage = NULL;

  if (!json_object_has_member (root, "coverage"))
    return TRUE;
  coverage = _vigie_roster_get_strv (root, "coverage");
  self->coverage = vigie_roster_when_from_strv ((const char * const *) coverage, error);
  return self->coverage != G_MAXUINT;
}

static gboolean
parse_night (VigieRoster  *self,
             JsonObject   *root,
             GError      **error)
{
  JsonObject *night = vigie_json_member_object (root, "night");
  int start, end;

  if (night == NULL)
    return TRUE;
  start = parse_hhmm (_vigie_roster_get_string (night, "start"));
  end = parse_hhmm (_vigie_roster_get_string (night, "end"));
  if (start < 0 || end < 0 || start == end)
    return _vigie_roster_invalid (error, _("Roster of %s: “night” needs “start” and “end” as HH:MM"),
                                  self->client_id);
  self->night_start = start;
  self->night_end = end;
  return TRUE;
}

/* The lists and the cascade, each item checked. */
static gboolean
parse_items (VigieRoster  *self,
             JsonObject   *root,
             GError      **error)
{
  JsonObject *escalation = vigie_json_member_object (root, "escalation");
  JsonNode *named = json_object_get_member (root, "rosters");

  return parse_array (self, root, "people", parse_person, error) &&
         parse_array (self, root, "rotations", parse_rotation, error) &&
         parse_array (self, root, "calendar", parse_slot, error) &&
         parse_array (self, root, "overrides", parse_override, error) &&
         (escalation == NULL || parse_escalation (self, escalation, error)) &&
         (named == NULL || JSON_NODE_HOLDS_NULL (named) || parse_named (self, named, error));
}

/* A new roster for the file's client, or %NULL if it names none or an
 * unknown time zone. */
static VigieRoster *
new_for_client (JsonObject  *root,
                GError     **error)
{
  g_autoptr(VigieRoster) self = NULL;
  const char *client = _vigie_roster_get_string (root, "client");
  const char *zone = _vigie_roster_get_string (root, "timezone");

  if (client == NULL || *client == '\0')
    {
      _vigie_roster_invalid (error, _("A roster needs a “client”"));
      return NULL;
    }
  self = vigie_roster_new (client, zone);
  if (zone && !g_str_equal (g_time_zone_get_identifier (self->tz), zone))
    {
      _vigie_roster_invalid (error, _("Roster of %s: unknown time zone “%s”"), client, zone);
      return NULL;
    }
  return g_steal_pointer (&self);
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
  JsonObject *root, *labour;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _vigie_roster_invalid (error, _("A roster must be a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);
  if (!(self = new_for_client (root, error)))
    return NULL;
  if (json_object_get_boolean_member_with_default (root, "alsace_moselle", FALSE))
    self->holidays = VIGIE_HOLIDAYS_ALSACE_MOSELLE;
  if (!parse_coverage (self, root, error) || !parse_night (self, root, error))
    return NULL;
  if ((labour = vigie_json_member_object (root, "labour")))
    {
      json_object_unref (self->labour);
      self->labour = json_object_ref (labour);
    }
  if (!parse_items (self, root, error))
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
