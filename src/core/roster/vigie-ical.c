/* vigie-ical.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * iCalendar (RFC 5545) in and out through libical: time zones from the
 * file's VTIMEZONE or the system's, recurrences (RRULE, RDATE, EXDATE,
 * RECURRENCE-ID) expanded by libical's iterator, never by hand.
 *
 * Export writes the combined timeline as plain events with TZID times, so
 * any calendar shows exactly who is on call; import turns events into the
 * roster's calendar layer, which beats rotations and yields to overrides.
 */
#define G_LOG_DOMAIN "vigie-ical"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <libsoup/soup.h>

#include "vigie-ical.h"

G_DEFINE_QUARK (vigie-ical-error-quark, vigie_ical_error)

/* Bounds an RRULE without end: a yearly import of daily shifts. */
#define MAX_OCCURRENCES 5000

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

static icaltimezone *
zone_for (VigieRoster *roster)
{
  icaltimezone *zone = icaltimezone_get_builtin_timezone (vigie_roster_get_timezone_name (roster));

  return zone ? zone : icaltimezone_get_utc_timezone ();
}

static struct icaltimetype
to_ical (GDateTime    *when,
         icaltimezone *zone)
{
  return icaltime_from_timet_with_zone ((time_t) g_date_time_to_unix (when), 0, zone);
}

/* DTSTART;TZID=Europe/Paris:20261211T180000, the form every calendar reads. */
static icalproperty *
time_property (icalproperty *(*constructor) (struct icaltimetype),
               GDateTime     *when,
               icaltimezone  *zone,
               const char    *tzid)
{
  struct icaltimetype t = to_ical (when, zone);
  icalproperty *prop;

  if (zone == icaltimezone_get_utc_timezone ())
    return constructor (t);
  t.zone = NULL;
  prop = constructor (t);
  icalproperty_add_parameter (prop, icalparameter_new_tzid (tzid));
  return prop;
}

/* The system zone's VTIMEZONE carries every rule since 1891; keep those
 * that can matter from a year before @from, under the plain Olson name. */
static icalcomponent *
compact_vtimezone (icaltimezone *zone,
                   const char   *tzid,
                   gint64        from)
{
  icalcomponent *vtz = icalcomponent_new_clone (icaltimezone_get_component (zone));
  icalproperty *id = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY);
  g_autoptr(GPtrArray) drop = g_ptr_array_new ();
  icalcomponent *latest = NULL;
  gint64 latest_start = G_MININT64;
  gint64 horizon = from - 366 * 86400;

  if (id)
    icalproperty_set_tzid (id, tzid);

  for (icalcomponent *c = icalcomponent_get_first_component (vtz, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component (vtz, ICAL_ANY_COMPONENT))
    {
      icalproperty *rrule = icalcomponent_get_first_property (c, ICAL_RRULE_PROPERTY);
      gint64 start = (gint64) icaltime_as_timet (icalcomponent_get_dtstart (c));
      gboolean keep = start >= horizon;

      if (rrule != NULL)
        {
          struct icaltimetype until = icalproperty_get_rrule (rrule).until;

          keep |= icaltime_is_null_time (until) || (gint64) icaltime_as_timet (until) >= horizon;
        }
      if (!keep)
        {
          g_ptr_array_add (drop, c);
          if (start > latest_start)
            {
              latest_start = start;
              latest = c;
            }
        }
    }

  for (guint i = 0; i < drop->len; i++)
    {
      icalcomponent *c = g_ptr_array_index (drop, i);

      /* The last rule before the window still tells its offset. */
      if (c == latest)
        continue;
      icalcomponent_remove_component (vtz, c);
      icalcomponent_free (c);
    }
  return vtz;
}

static void
add_x (icalcomponent *component,
       const char    *name,
       const char    *value)
{
  icalproperty *prop = icalproperty_new_x (value);

  icalproperty_set_x_name (prop, name);
  icalcomponent_add_property (component, prop);
}

/**
 * vigie_ical_export:
 * @roster: the roster
 * @person_id: (nullable): only this person's shifts
 * @from: start of the window
 * @to: end of the window
 * @stamp: the DTSTAMP of every event (the export time)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a VCALENDAR
 */
char *
vigie_ical_export (VigieRoster  *roster,
                   const char   *person_id,
                   GDateTime    *from,
                   GDateTime    *to,
                   GDateTime    *stamp,
                   GError      **error)
{
  g_autoptr(icalcomponent) calendar = icalcomponent_new_vcalendar ();
  g_autoptr(GPtrArray) shifts = NULL;
  icaltimezone *zone = zone_for (roster);
  icaltimezone *utc = icaltimezone_get_utc_timezone ();
  g_autofree char *name = NULL;
  char *text;
  char *result;

  g_return_val_if_fail (VIGIE_IS_ROSTER (roster), NULL);

  if (person_id != NULL && vigie_roster_find_person (roster, person_id) == NULL)
    {
      g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON,
                   _("Roster of %s: unknown person “%s”"), vigie_roster_get_client_id (roster), person_id);
      return NULL;
    }

  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Vigie//Vigie " PACKAGE_VERSION "//FR"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  name = person_id
    ? g_strdup_printf ("%s — %s", vigie_roster_get_client_id (roster),
                       vigie_roster_find_person (roster, person_id)->name)
    : g_strdup (vigie_roster_get_client_id (roster));
  add_x (calendar, "X-WR-CALNAME", name);
  add_x (calendar, "X-WR-TIMEZONE", vigie_roster_get_timezone_name (roster));
  if (zone != utc)
    icalcomponent_add_component (calendar, compact_vtimezone (zone, vigie_roster_get_timezone_name (roster),
                                                              g_date_time_to_unix (from)));

  shifts = person_id ? vigie_roster_person_timeline (roster, person_id, from, to)
                     : vigie_roster_timeline (roster, from, to);
  for (guint i = 0; i < shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (shifts, i);
      const VigieRosterPerson *person = vigie_roster_find_person (roster, shift->person_id);
      icalcomponent *event;
      icalproperty *attendee;
      g_autofree char *uid = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *address = NULL;

      if (person == NULL)
        continue;
      uid = g_strdup_printf ("%s-%s-%" G_GINT64_FORMAT "@vigie", vigie_roster_get_client_id (roster),
                             person->id, g_date_time_to_unix (shift->start));
      summary = g_strdup_printf (_("On call: %s"), person->name);

      event = icalcomponent_new_vevent ();
      icalcomponent_set_uid (event, uid);
      icalcomponent_set_dtstamp (event, to_ical (stamp, utc));
      icalcomponent_add_property (event, time_property (icalproperty_new_dtstart, shift->start, zone,
                                                        vigie_roster_get_timezone_name (roster)));
      icalcomponent_add_property (event, time_property (icalproperty_new_dtend, shift->end, zone,
                                                        vigie_roster_get_timezone_name (roster)));
      icalcomponent_set_summary (event, summary);
      icalcomponent_add_property (event, icalproperty_new_transp (ICAL_TRANSP_TRANSPARENT));
      if (person->phone)
        icalcomponent_add_property (event, icalproperty_new_contact (person->phone));
      address = person->phone ? g_strdup_printf ("tel:%s", person->phone)
                              : g_strdup_printf ("urn:vigie:%s", person->id);
      attendee = icalproperty_new_attendee (address);
      icalproperty_add_parameter (attendee, icalparameter_new_cn (person->name));
      icalcomponent_add_property (event, attendee);
      add_x (event, "X-VIGIE-PERSON", person->id);
      add_x (event, "X-VIGIE-SOURCE", vigie_shift_source_to_string (shift->source));
      icalcomponent_add_component (calendar, event);
    }

  text = icalcomponent_as_ical_string_r (calendar);
  result = g_strdup (text);
  icalmemory_free_buffer (text);
  return result;
}

/* Import */

typedef struct {
  VigieRoster  *roster;
  icaltimezone *fallback;
  gint64        from;
  gint64        to;
  GPtrArray    *slots;
  GPtrArray    *new_people;
  GHashTable   *moved;   /* "uid|start" of occurrences replaced by a RECURRENCE-ID */
} Import;

static icaltimezone *
zone_of (Import              *import,
         icalproperty        *prop,
         struct icaltimetype  t)
{
  const char *tzid;

  if (icaltime_is_utc (t))
    return icaltimezone_get_utc_timezone ();
  if (t.zone != NULL)
    return (icaltimezone *) t.zone;
  tzid = prop ? icalproperty_get_parameter_as_string (prop, "TZID") : NULL;
  if (tzid != NULL)
    {
      icaltimezone *builtin = icaltimezone_get_builtin_timezone_from_tzid (tzid);

      if (builtin == NULL)
        builtin = icaltimezone_get_builtin_timezone (tzid);
      if (builtin != NULL)
        return builtin;
    }
  /* Floating time: the client's local time. */
  return import->fallback;
}

static gint64
to_unix (struct icaltimetype  t,
         icaltimezone        *zone)
{
  return (gint64) icaltime_as_timet_with_zone (t, zone);
}

static char *
slugify (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "person");
  return g_string_free (slug, FALSE);
}

static const VigieRosterPerson *
person_in_text (VigieRoster *roster,
                const char  *text)
{
  GPtrArray *people = vigie_roster_get_people (roster);
  g_autofree char *folded = NULL;
  const VigieRosterPerson *best = NULL;

  if (text == NULL)
    return NULL;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < people->len; i++)
    {
      const VigieRosterPerson *p = g_ptr_array_index (people, i);
      g_autofree char *name = g_utf8_casefold (p->name, -1);

      /* The longest name found wins ("Marie" vs "Marie Leroy"). */
      if (strstr (folded, name) && (best == NULL || strlen (p->name) > strlen (best->name)))
        best = p;
    }
  return best;
}

/* Our own X-VIGIE-PERSON, if it names someone of the roster. */
static const VigieRosterPerson *
person_from_x (Import        *import,
               icalcomponent *event)
{
  const VigieRosterPerson *person;

  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_X_PROPERTY); prop;
       prop = icalcomponent_get_next_property (event, ICAL_X_PROPERTY))
    if (g_strcmp0 (icalproperty_get_x_name (prop), "X-VIGIE-PERSON") == 0 &&
        (person = vigie_roster_find_person (import->roster, icalproperty_get_x (prop))))
      return person;
  return NULL;
}

/* An attendee the roster knows by name; else @name is the first one's. */
static const VigieRosterPerson *
person_from_attendees (Import         *import,
                       icalcomponent  *event,
                       char          **name)
{
  const VigieRosterPerson *person;

  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_ATTENDEE_PROPERTY); prop;
       prop = icalcomponent_get_next_property (event, ICAL_ATTENDEE_PROPERTY))
    {
      const char *cn = icalproperty_get_parameter_as_string (prop, "CN");

      if (cn && (person = vigie_roster_find_person_by_name (import->roster, cn)))
        return person;
      if (cn && *name == NULL)
        *name = g_strdup (cn);
    }
  return NULL;
}

/* "Astreinte : Paul Durand", "On call - Paul Durand" → "Paul Durand". */
static char *
name_from_summary (const char *summary)
{
  static const char * const seps[] = { " : ", ": ", " — ", " – ", " - " };
  const char *cut = summary;

  for (guint i = 0; i < G_N_ELEMENTS (seps); i++)
    {
      const char *found = g_strrstr (summary, seps[i]);

      if (found)
        {
          cut = found + strlen (seps[i]);
          break;
        }
    }
  return g_strstrip (g_strdup (cut));
}

/* Someone new, with an id made from @name not yet taken. */
static const char *
add_new_person (Import      *import,
                const char  *name,
                GError     **error)
{
  g_autofree char *base = slugify (name);
  g_autofree char *id = g_strdup (base);
  guint n = 1;

  while (vigie_roster_find_person (import->roster, id))
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, ++n);
    }
  if (!vigie_roster_add_person (import->roster, vigie_roster_person_new (id, name, NULL), error))
    return NULL;
  g_ptr_array_add (import->new_people, g_strdup (id));
  return vigie_roster_find_person (import->roster, id)->id;
}

/* Who an event puts on call: our own X-VIGIE-PERSON, the attendee, a
 * known name in the summary; else a new person named from the summary. */
static const char *
resolve_person (Import         *import,
                icalcomponent  *event,
                GError        **error)
{
  const char *summary = icalcomponent_get_summary (event);
  const VigieRosterPerson *person = NULL;
  g_autofree char *name = NULL;

  if ((person = person_from_x (import, event)) ||
      (person = person_from_attendees (import, event, &name)) ||
      (person = person_in_text (import->roster, summary)))
    return person->id;
  if (name == NULL && summary != NULL)
    name = name_from_summary (summary);
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_INVALID_EVENT,
                   _("Event “%s” names nobody (no attendee, no summary)"),
                   icalcomponent_get_uid (event) ? icalcomponent_get_uid (event) : "?");
      return NULL;
    }
  return add_new_person (import, name, error);
}

static void
add_slot (Import     *import,
          const char *uid,
          const char *person_id,
          gint64      s,
          gint64      e)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) us = NULL;
  g_autoptr(GDateTime) ue = NULL;
  g_autofree char *slot_uid = NULL;

  /* Clip to the window, as the export did. */
  s = MAX (s, import->from);
  e = MIN (e, import->to);
  if (s >= e)
    return;
  us = g_date_time_new_from_unix_utc (s);
  ue = g_date_time_new_from_unix_utc (e);
  start = g_date_time_to_timezone (us, vigie_roster_get_timezone (import->roster));
  end = g_date_time_to_timezone (ue, vigie_roster_get_timezone (import->roster));
  slot_uid = g_strdup_printf ("%s#%" G_GINT64_FORMAT, uid ? uid : "event", s);
  g_ptr_array_add (import->slots, vigie_roster_slot_new (slot_uid, person_id, start, end));
}

static char *
moved_key (const char *uid,
           gint64      start)
{
  return g_strdup_printf ("%s|%" G_GINT64_FORMAT, uid ? uid : "", start);
}

/* The event's start and end as instants; a date lasts one day, a
 * date-time without end no time at all (RFC 5545 3.6.1). */
static void
event_span (Import               *import,
            icalcomponent        *event,
            icalproperty         *start_prop,
            struct icaltimetype  *dtstart,
            struct icaltimetype  *dtend,
            icaltimezone        **zone,
            gint64               *s,
            gint64               *e)
{
  icaltimezone *end_zone;

  *dtstart = icalcomponent_get_dtstart (event);
  *dtend = icalcomponent_get_dtend (event);
  if (icaltime_is_null_time (*dtend))
    {
      *dtend = *dtstart;
      if (dtstart->is_date)
        icaltime_adjust (dtend, 1, 0, 0, 0);
    }
  if (dtstart->is_date)
    dtstart->zone = dtend->zone = NULL;
  *zone = zone_of (import, start_prop, *dtstart);
  end_zone = zone_of (import, icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY), *dtend);
  if (dtstart->is_date)
    *zone = end_zone = import->fallback;
  *s = to_unix (*dtstart, *zone);
  *e = to_unix (*dtend, end_zone);
}

static GHashTable *
excluded_dates (Import        *import,
                icalcomponent *event)
{
  GHashTable *excluded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (icalproperty *ex = icalcomponent_get_first_property (event, ICAL_EXDATE_PROPERTY); ex;
       ex = icalcomponent_get_next_property (event, ICAL_EXDATE_PROPERTY))
    {
      struct icaltimetype t = icalproperty_get_exdate (ex);
      gint64 *key = g_new (gint64, 1);

      *key = to_unix (t, t.is_date ? import->fallback : zone_of (import, ex, t));
      g_hash_table_add (excluded, key);
    }
  return excluded;
}

/* Occurrences keep the wall-clock length: an overnight shift stays
 * 19:00 → 08:00 on the night the clocks change. */
static gint64
wall_clock_length (struct icaltimetype fs,
                   struct icaltimetype fe)
{
  fs.zone = fe.zone = NULL;
  return to_unix (fe, icaltimezone_get_utc_timezone ()) - to_unix (fs, icaltimezone_get_utc_timezone ());
}

/* The RRULE's occurrences in the window, after the first. */
static gboolean
add_rule_starts (Import               *import,
                 icalproperty         *rrule,
                 struct icaltimetype   dtstart,
                 icaltimezone         *zone,
                 const char           *uid,
                 GArray               *starts,
                 GError              **error)
{
  struct icalrecurrencetype recur = icalproperty_get_rrule (rrule);
  icalrecur_iterator *iter = icalrecur_iterator_new (recur, dtstart);
  struct icaltimetype next;
  guint count = 0;

  if (iter == NULL)
    {
      g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_INVALID_EVENT,
                   _("Event “%s” has a recurrence rule libical cannot follow"), uid ? uid : "?");
      return FALSE;
    }
  while (count++ < MAX_OCCURRENCES && !icaltime_is_null_time (next = icalrecur_iterator_next (iter)))
    {
      if (to_unix (next, zone) >= import->to)
        break;
      if (icaltime_compare (next, dtstart) != 0)
        g_array_append_val (starts, next);
    }
  icalrecur_iterator_free (iter);
  return TRUE;
}

static void
add_rdate_starts (icalcomponent *event,
                  GArray        *starts)
{
  for (icalproperty *rd = icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY); rd;
       rd = icalcomponent_get_next_property (event, ICAL_RDATE_PROPERTY))
    {
      struct icaldatetimeperiodtype p = icalproperty_get_rdate (rd);

      if (!icaltime_is_null_time (p.time))
        g_array_append_val (starts, p.time);
    }
}

/* One occurrence, unless excluded or moved by a RECURRENCE-ID event. */
static void
add_occurrence (Import              *import,
                const char          *uid,
                const char          *person_id,
                struct icaltimetype  occ,
                struct icaltimetype  dtstart,
                icaltimezone        *zone,
                gint64               length_local,
                GHashTable          *excluded)
{
  struct icaltimetype occ_end;
  g_autofree char *key = NULL;
  gint64 os;

  occ.zone = dtstart.zone;
  os = to_unix (occ, zone);
  key = moved_key (uid, os);
  if (g_hash_table_contains (excluded, &os) || g_hash_table_contains (import->moved, key))
    return;
  occ_end = occ;
  occ_end.zone = NULL;
  icaltime_adjust (&occ_end, 0, 0, 0, (int) length_local);
  occ_end.zone = occ.zone;
  add_slot (import, uid, person_id, os, to_unix (occ_end, zone));
}

static gboolean
import_recurring (Import               *import,
                  icalcomponent        *event,
                  icalproperty         *rrule,
                  const char           *person_id,
                  struct icaltimetype   dtstart,
                  struct icaltimetype   dtend,
                  icaltimezone         *zone,
                  GError              **error)
{
  const char *uid = icalcomponent_get_uid (event);
  g_autoptr(GHashTable) excluded = excluded_dates (import, event);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (struct icaltimetype));
  gint64 length_local = wall_clock_length (dtstart, dtend);

  g_array_append_val (starts, dtstart);
  if (rrule != NULL && !add_rule_starts (import, rrule, dtstart, zone, uid, starts, error))
    return FALSE;
  add_rdate_starts (event, starts);
  for (guint i = 0; i < starts->len; i++)
    add_occurrence (import, uid, person_id, g_array_index (starts, struct icaltimetype, i),
                    dtstart, zone, length_local, excluded);
  return TRUE;
}

static gboolean
import_event (Import         *import,
              icalcomponent  *event,
              GError        **error)
{
  icalproperty *start_prop = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  icalproperty *rid_prop = icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY);
  icalproperty *rrule = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY);
  struct icaltimetype dtstart, dtend;
  icaltimezone *zone;
  const char *uid = icalcomponent_get_uid (event);
  const char *person_id;
  gint64 s, e;

  if (icalcomponent_get_status (event) == ICAL_STATUS_CANCELLED)
    return TRUE;
  if (start_prop == NULL)
    {
      g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_INVALID_EVENT,
                   _("Event “%s” has no DTSTART"), uid ? uid : "?");
      return FALSE;
    }
  event_span (import, event, start_prop, &dtstart, &dtend, &zone, &s, &e);
  if (e <= s)
    return TRUE; /* an instant puts nobody on call */
  if (!(person_id = resolve_person (import, event, error)))
    return FALSE;

  /* A RECURRENCE-ID event replaces one occurrence of its series. */
  if (rid_prop != NULL)
    {
      struct icaltimetype rid = icalcomponent_get_recurrenceid (event);

      g_hash_table_add (import->moved, moved_key (uid, to_unix (rid, zone_of (import, rid_prop, rid))));
      add_slot (import, uid, person_id, s, e);
      return TRUE;
    }
  if (rrule == NULL && icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY) == NULL)
    {
      add_slot (import, uid, person_id, s, e);
      return TRUE;
    }
  return import_recurring (import, event, rrule, person_id, dtstart, dtend, zone, error);
}

static gint
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const VigieRosterSlot *x = *(VigieRosterSlot **) a;
  const VigieRosterSlot *y = *(VigieRosterSlot **) b;

  return g_date_time_compare (x->start, y->start);
}

/* The VCALENDAR in @text (@root owns it), or %NULL with @error. */
static icalcomponent *
parse_calendar (const char     *text,
                icalcomponent **root,
                GError        **error)
{
  icalcomponent *calendar;

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || strstr (text, "BEGIN:VCALENDAR") == NULL)
    {
      g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_PARSE,
                   _("This is not an iCalendar file (no BEGIN:VCALENDAR)"));
      return NULL;
    }
  icalerror_clear_errno ();
  *root = icalparser_parse_string (text);
  if (*root == NULL)
    {
      g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_PARSE,
                   _("The iCalendar file cannot be read: %s"), icalerror_strerror (icalerrno));
      return NULL;
    }
  calendar = icalcomponent_isa (*root) == ICAL_VCALENDAR_COMPONENT
    ? *root : icalcomponent_get_first_component (*root, ICAL_VCALENDAR_COMPONENT);
  if (calendar == NULL)
    g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_PARSE, _("The file holds no VCALENDAR"));
  return calendar;
}

/* Exceptions first, so their series skip the moved occurrences. */
static GPtrArray *
events_in_order (icalcomponent *calendar)
{
  GPtrArray *events = g_ptr_array_new ();

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); event;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      if (icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY))
        g_ptr_array_insert (events, 0, event);
      else
        g_ptr_array_add (events, event);
    }
  return events;
}

/**
 * vigie_ical_import:
 * @roster: the roster to import into; people it does not know are added
 * @text: an iCalendar document
 * @from: start of the window recurrences are expanded in
 * @to: end of the window
 * @new_people: (out) (optional) (transfer full): ids of the people added
 * @error: return location for a #GError
 *
 * Nothing is changed in @roster on error. On success, give the slots to
 * vigie_roster_set_slots().
 *
 * Returns: (transfer full) (nullable) (element-type VigieRosterSlot): the shifts found
 */
GPtrArray *
vigie_ical_import (VigieRoster  *roster,
                   const char   *text,
                   GDateTime    *from,
                   GDateTime    *to,
                   GStrv        *new_people,
                   GError      **error)
{
  g_autoptr(icalcomponent) root = NULL;
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_roster_slot_free);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) moved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(VigieRoster) scratch = NULL;
  g_autoptr(GPtrArray) events = NULL;
  Import import;
  icalcomponent *calendar;

  g_return_val_if_fail (VIGIE_IS_ROSTER (roster), NULL);

  if (!(calendar = parse_calendar (text, &root, error)))
    return NULL;

  /* Work on a copy so that a failure half-way adds no one. */
  scratch = vigie_roster_copy (roster);
  import.roster = scratch;
  import.fallback = zone_for (roster);
  import.from = g_date_time_to_unix (from);
  import.to = g_date_time_to_unix (to);
  import.slots = slots;
  import.new_people = added;
  import.moved = moved;

  events = events_in_order (calendar);
  if (events->len == 0)
    {
      g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_EMPTY, _("The calendar holds no event"));
      return NULL;
    }
  for (guint i = 0; i < events->len; i++)
    if (!import_event (&import, g_ptr_array_index (events, i), error))
      return NULL;

  for (guint i = 0; i < added->len; i++)
    {
      const VigieRosterPerson *p = vigie_roster_find_person (scratch, g_ptr_array_index (added, i));
      VigieRosterPerson *copy = vigie_roster_person_new (p->id, p->name, p->phone);

      /* A person met only in a calendar has no known day job. */
      copy->work_start = copy->work_end = -1;
      copy->work_days = 0;
      if (!vigie_roster_add_person (roster, copy, error))
        return NULL;
    }
  if (new_people)
    {
      g_ptr_array_add (added, NULL);
      *new_people = (GStrv) g_ptr_array_steal (added, NULL);
    }

  g_ptr_array_sort (slots, compare_slots);
  return g_steal_pointer (&slots);
}

/**
 * vigie_ical_fetch:
 * @location: a path, or an http(s) URL
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the document's text
 */
char *
vigie_ical_fetch (const char  *location,
                  GError     **error)
{
  char *contents = NULL;

  if (g_str_has_prefix (location, "http://") || g_str_has_prefix (location, "https://") ||
      g_str_has_prefix (location, "webcal://"))
    {
      g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autofree char *url = g_str_has_prefix (location, "webcal://")
        ? g_strconcat ("https://", location + 9, NULL) : g_strdup (location);
      gsize size;
      const char *data;

      if (!(message = soup_message_new ("GET", url)))
        {
          g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_FETCH, _("Not a valid URL: %s"), location);
          return NULL;
        }
      if (!(body = soup_session_send_and_read (session, message, NULL, error)))
        return NULL;
      if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
        {
          g_set_error (error, VIGIE_ICAL_ERROR, VIGIE_ICAL_ERROR_FETCH, _("%s answered %u %s"), location,
                       soup_message_get_status (message), soup_message_get_reason_phrase (message));
          return NULL;
        }
      data = g_bytes_get_data (body, &size);
      return g_strndup (data, size);
    }

  if (!g_file_get_contents (location, &contents, NULL, error))
    return NULL;
  return contents;
}
