/* vigie-roster-write.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A roster written back as JSON, in the shape vigie-roster-json.c reads;
 * the deep copy made through it.
 */
#define G_LOG_DOMAIN "vigie-roster"

#include "config.h"

#include "vigie-roster-private.h"
#include "vigie-json.h"

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

static void
add_work (JsonBuilder             *builder,
          const VigieRosterPerson *p)
{
  g_autofree char *ws = NULL;
  g_autofree char *we = NULL;

  json_builder_set_member_name (builder, "work");
  if (p->work_start < 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  ws = format_hhmm (p->work_start);
  we = format_hhmm (p->work_end);
  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "start", ws);
  vigie_json_builder_add_string (builder, "end", we);
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (int d = 1; d <= 7; d++)
    if (p->work_days & (1u << d))
      json_builder_add_int_value (builder, d);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_person (JsonBuilder *builder,
            gpointer     item)
{
  VigieRosterPerson *p = item;

  vigie_json_builder_add_string (builder, "id", p->id);
  vigie_json_builder_add_string (builder, "name", p->name);
  vigie_json_builder_add_string (builder, "phone", p->phone);
  add_strv (builder, "targets", (const char * const *) p->targets);
  add_strv (builder, "skills", (const char * const *) p->skills);
  add_work (builder, p);
}

static void
add_turn (JsonBuilder         *builder,
          const VigieRotation *r)
{
  if (r->turn_hours > 0 || (r->turn_days != 1 && r->turn_days != 7))
    {
      vigie_json_builder_add_string (builder, "turn", "custom");
      json_builder_set_member_name (builder, r->turn_hours > 0 ? "turn_hours" : "turn_days");
      json_builder_add_int_value (builder, r->turn_hours > 0 ? r->turn_hours : r->turn_days);
    }
  else
    vigie_json_builder_add_string (builder, "turn", r->turn_days == 1 ? "daily" : "weekly");
}

static void
add_rotation (JsonBuilder *builder,
              gpointer     item)
{
  VigieRotation *r = item;
  g_auto(GStrv) when = vigie_roster_when_to_strv (r->when);

  vigie_json_builder_add_string (builder, "id", r->id);
  vigie_json_builder_add_string (builder, "name", r->name);
  json_builder_set_member_name (builder, "layer");
  json_builder_add_int_value (builder, r->layer);
  add_time (builder, "start", r->start);
  add_time (builder, "end", r->end);
  add_time (builder, "notified_at", r->notified_at);
  add_turn (builder, r);
  add_strv (builder, "members", (const char * const *) r->members);
  add_strv (builder, "when", (const char * const *) when);
}

/* Who is on call and when: what a slot and an override both say. */
static void
add_person_period (JsonBuilder *builder,
                   const char  *person_id,
                   GDateTime   *start,
                   GDateTime   *end)
{
  vigie_json_builder_add_string (builder, "person", person_id);
  add_time (builder, "start", start);
  add_time (builder, "end", end);
}

static void
add_slot (JsonBuilder *builder,
          gpointer     item)
{
  VigieRosterSlot *s = item;

  vigie_json_builder_add_string (builder, "uid", s->uid);
  add_person_period (builder, s->person_id, s->start, s->end);
}

static void
add_override (JsonBuilder *builder,
              gpointer     item)
{
  VigieOverride *o = item;

  vigie_json_builder_add_string (builder, "id", o->id);
  add_person_period (builder, o->person_id, o->start, o->end);
  vigie_json_builder_add_string (builder, "reason", o->reason);
  vigie_json_builder_add_string (builder, "author", o->author);
  add_time (builder, "created_at", o->created_at);
}

static void
add_step (JsonBuilder *builder,
          gpointer     item)
{
  VigieEscalationStepDef *s = item;

  vigie_json_builder_add_string (builder, "target", s->target);
  json_builder_set_member_name (builder, "delay");
  json_builder_add_int_value (builder, s->delay_minutes);
  if (s->delay_seconds != s->delay_minutes * 60)
    {
      json_builder_set_member_name (builder, "delay_seconds");
      json_builder_add_int_value (builder, s->delay_seconds);
    }
  add_strv (builder, "channels", (const char * const *) s->channels);
}

/* @member: [{…}, …], one object per item of @items. */
static void
add_objects (JsonBuilder *builder,
             const char  *member,
             GPtrArray   *items,
             void       (*add) (JsonBuilder *builder, gpointer item))
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      json_builder_begin_object (builder);
      add (builder, g_ptr_array_index (items, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
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
  vigie_json_builder_add_string (builder, "client", self->client_id);
  vigie_json_builder_add_string (builder, "timezone", self->tz_name);
  json_builder_set_member_name (builder, "alsace_moselle");
  json_builder_add_boolean_value (builder, (self->holidays & VIGIE_HOLIDAYS_ALSACE_MOSELLE) != 0);
  add_strv (builder, "coverage", (const char * const *) coverage);
  json_builder_set_member_name (builder, "night");
  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "start", night_start);
  vigie_json_builder_add_string (builder, "end", night_end);
  json_builder_end_object (builder);

  add_objects (builder, "people", self->people, add_person);
  add_objects (builder, "rotations", self->rotations, add_rotation);
  add_objects (builder, "calendar", self->slots, add_slot);
  add_objects (builder, "overrides", self->overrides, add_override);

  json_builder_set_member_name (builder, "escalation");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "loops");
  json_builder_add_int_value (builder, self->loops);
  add_objects (builder, "steps", self->steps, add_step);
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

