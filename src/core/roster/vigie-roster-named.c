/* vigie-roster-named.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Named rosters (the teams a script's outcome names): a view of the
 * client's roster with only that team's rotations, cascade and stand-ins.
 */
#define G_LOG_DOMAIN "vigie-roster"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigie-roster-private.h"
#include "vigie-json.h"

/* Named rosters */

static JsonObject *
find_named (VigieRoster *self,
            const char  *roster_id)
{
  for (guint i = 0; roster_id && i < json_array_get_length (self->named); i++)
    {
      JsonObject *object = json_array_get_object_element (self->named, i);

      if (g_strcmp0 (_vigie_roster_get_string (object, "id"), roster_id) == 0)
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
    g_strv_builder_add (builder, _vigie_roster_get_string (json_array_get_object_element (self->named, i), "id"));
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

/* The named roster marked "default" serves outcomes that name none. */
static JsonObject *
find_default (VigieRoster *self)
{
  for (guint i = 0; i < json_array_get_length (self->named); i++)
    {
      JsonObject *named = json_array_get_object_element (self->named, i);

      if (json_object_get_boolean_member_with_default (named, "default", FALSE))
        return named;
    }
  return NULL;
}

static GStrv
all_rotations (VigieRoster *self)
{
  g_autoptr(GStrvBuilder) every = g_strv_builder_new ();

  for (guint i = 0; i < self->rotations->len; i++)
    g_strv_builder_add (every, ((VigieRotation *) g_ptr_array_index (self->rotations, i))->id);
  return g_strv_builder_end (every);
}

/* Without a default named roster: the rotations no named roster claims,
 * or all of them when every rotation belongs to a team. */
static GStrv
unclaimed_rotations (VigieRoster *self)
{
  g_autoptr(GStrvBuilder) claimed = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) rest = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) wanted = NULL;

  for (guint i = 0; i < json_array_get_length (self->named); i++)
    {
      g_auto(GStrv) r = _vigie_roster_get_strv (json_array_get_object_element (self->named, i), "rotations");
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
  if (wanted[0] == NULL)
    return all_rotations (self);
  return g_steal_pointer (&wanted);
}

/* @own plus the rotations the cascade's "rotation:" steps name, which
 * must stay reachable. */
static GStrv
with_cascade_rotations (JsonObject  *root,
                        GStrv        own)
{
  JsonObject *escalation = json_object_get_object_member (root, "escalation");
  JsonArray *steps = escalation ? json_object_get_array_member (escalation, "steps") : NULL;
  g_autoptr(GStrvBuilder) more = g_strv_builder_new ();

  g_strv_builder_addv (more, (const char **) own);
  for (guint i = 0; steps && i < json_array_get_length (steps); i++)
    {
      const char *target = _vigie_roster_get_string (json_array_get_object_element (steps, i), "target");

      if (target && g_str_has_prefix (target, "rotation:"))
        g_strv_builder_add (more, target + 9);
    }
  return g_strv_builder_end (more);
}

/* Keeps the rotations in @wanted; adds to @members the people of those in @own. */
static void
filter_rotations (JsonObject *root,
                  GStrv       wanted,
                  GStrv       own,
                  GPtrArray  *members)
{
  JsonArray *array = json_object_get_array_member (root, "rotations");
  JsonArray *filtered = json_array_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *rotation = json_array_get_object_element (array, i);
      const char *id = _vigie_roster_get_string (rotation, "id");
      g_auto(GStrv) m = NULL;

      if (!strv_has (wanted, id))
        continue;
      m = _vigie_roster_get_strv (rotation, "members");
      for (guint j = 0; m[j] && strv_has (own, id); j++)
        g_ptr_array_add (members, g_strdup (m[j]));
      json_array_add_element (filtered, json_node_copy (json_array_get_element (array, i)));
    }
  json_object_set_array_member (root, "rotations", filtered);
}

static gboolean
in_no_rotation (VigieRoster *self,
                const char  *person)
{
  for (guint j = 0; j < self->rotations->len; j++)
    if (strv_has (((VigieRotation *) g_ptr_array_index (self->rotations, j))->members, person))
      return FALSE;
  return TRUE;
}

/* Someone standing in for a plumber is a plumber; not for the lifts.
 * Someone in no rotation at all stands in for the default team. */
static void
filter_stand_ins (VigieRoster *self,
                  JsonObject  *root,
                  const char  *name,
                  GPtrArray   *members,
                  gboolean     is_default)
{
  JsonArray *items = json_object_get_array_member (root, name);
  JsonArray *kept = json_array_new ();

  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      const char *person = _vigie_roster_get_string (json_array_get_object_element (items, i), "person");

      if (g_strv_contains ((const char * const *) members->pdata, person) ||
          (is_default && in_no_rotation (self, person)))
        json_array_add_element (kept, json_node_copy (json_array_get_element (items, i)));
    }
  json_object_set_array_member (root, name, kept);
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
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) wanted = NULL;
  g_autoptr(VigieRoster) copy = NULL;
  g_auto(GStrv) own = NULL;
  JsonObject *named = NULL;
  JsonObject *root;

  g_return_val_if_fail (VIGIE_IS_ROSTER (self), NULL);

  if (roster_id != NULL && !(named = find_named (self, roster_id)))
    {
      g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_NOT_FOUND,
                   _("Client %s has no roster “%s”"), self->client_id, roster_id);
      return NULL;
    }
  if (roster_id == NULL)
    named = find_default (self);

  node = vigie_roster_to_json (self);
  root = json_node_get_object (node);
  json_object_remove_member (root, "rosters");
  if (named != NULL && json_object_has_member (named, "escalation"))
    json_object_set_member (root, "escalation", json_node_copy (json_object_get_member (named, "escalation")));

  /* Without named rosters, the default one is the whole file. */
  own = named ? _vigie_roster_get_strv (named, "rotations") : unclaimed_rotations (self);
  wanted = with_cascade_rotations (root, own);
  filter_rotations (root, wanted, own, members);
  g_ptr_array_add (members, NULL);
  filter_stand_ins (self, root, "overrides", members, roster_id == NULL);
  filter_stand_ins (self, root, "calendar", members, roster_id == NULL);
  g_ptr_array_remove_index (members, members->len - 1);

  if (!(copy = vigie_roster_new_from_json (node, error)))
    return NULL;
  copy->own = g_steal_pointer (&own);
  copy->roster_id = g_strdup (named ? _vigie_roster_get_string (named, "id") : NULL);
  copy->roster_name = g_strdup (named ? _vigie_roster_get_string (named, "name") : NULL);
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
