/* vigie-roster-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the roster's files share: the object (vigie-roster.c), reading its
 * JSON (vigie-roster-json.c) and writing it (vigie-roster-write.c),
 * resolving who is on call
 * (vigie-roster-timeline.c) and the views of named rosters
 * (vigie-roster-named.c).
 */
#pragma once

#include "vigie-roster.h"

G_BEGIN_DECLS

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

gboolean     _vigie_roster_invalid    (GError     **error,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (2, 3);
const char  *_vigie_roster_get_string (JsonObject  *object,
                                       const char  *member);
char       **_vigie_roster_get_strv   (JsonObject  *object,
                                       const char  *member);

G_END_DECLS
