/* vigie-cli-roster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie roster …`: rosters scripted and checked without a display.
 * Exit status, as grep: 0 success (and, for `who`, someone is on call;
 * for `check`, no warning), 1 a negative answer (nobody on call, or
 * warnings found), 2 an error (usage, unknown client, unreadable file).
 */
#define G_LOG_DOMAIN "vigie-cli-roster"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vigie-cli-roster.h"
#include "vigie-context.h"
#include "vigie-escalation.h"
#include "vigie-ical.h"
#include "vigie-json.h"
#include "vigie-labour-pdf.h"
#include "vigie-labour.h"
#include "vigie-time.h"

#define EXIT_NEGATIVE 1
#define EXIT_ERROR    2

static const char usage[] =
  N_("Usage:\n"
     "  vigie roster list\n"
     "  vigie roster who CLIENT [--at DATE]\n"
     "  vigie roster timeline CLIENT [--from DATE] [--to DATE]\n"
     "  vigie roster export CLIENT [--person ID] [--from DATE] [--to DATE]\n"
     "  vigie roster import CLIENT FILE.ics|URL [--from DATE] [--to DATE] [--author NAME]\n"
     "  vigie roster check CLIENT --from DATE --to DATE\n"
     "  vigie roster statement CLIENT --person ID --month YYYY-MM [--pdf FILE]\n"
     "  vigie roster fairness CLIENT --from DATE --to DATE\n"
     "  vigie roster intervention CLIENT --person ID --from DATE --to DATE [--note TEXT]\n"
     "\n"
     "DATE is ISO 8601, e.g. 2026-12-24T23:30+01:00; without an offset it is\n"
     "the client's local time; a bare date is local midnight.\n"
     "Exit status: 0 success, 1 nobody on call or warnings found, 2 error.\n");

typedef struct {
  VigieContext *context;
  VigieRoster  *roster;   /* the client's, borrowed */
  const char *verb; /* for messages: "vigie roster VERB: …" */
  const char *location; /* import's FILE.ics or URL */
  char     *at;
  char     *from;
  char     *to;
  char     *person;
  char     *month;
  char     *pdf;
  char     *author;
  char     *note;
  /* The period --from/--to (or the month) resolves to. */
  GDateTime *start;
  GDateTime *end;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->at);
  g_free (o->from);
  g_free (o->to);
  g_free (o->person);
  g_free (o->month);
  g_free (o->pdf);
  g_free (o->author);
  g_free (o->note);
  g_clear_pointer (&o->start, g_date_time_unref);
  g_clear_pointer (&o->end, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
fail (const Options *o,
      const char    *message)
{
  g_printerr ("vigie roster %s: %s\n", o->verb, message);
  return EXIT_ERROR;
}

/* A command's own complaint, printed as any other error. */
static int
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return EXIT_ERROR;
}

static GDateTime *
parse_date (VigieRoster  *roster,
            const char   *text,
            GError      **error)
{
  g_autoptr(GTimeZone) zone = roster ? g_time_zone_ref (vigie_roster_get_timezone (roster))
                                     : vigie_time_zone_new ("Europe/Paris");
  GDateTime *when = vigie_time_parse (text, zone, NULL);

  if (when == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("“%s” is not a date (ISO 8601, e.g. 2026-12-24T23:30+01:00)"), text);
  return when;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

static void
add_person (JsonBuilder             *builder,
            const VigieRosterPerson *person)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, person->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, person->name);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, person->phone);
  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; person->targets && person->targets[i]; i++)
    json_builder_add_string_value (builder, person->targets[i]);
  json_builder_end_array (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *when)
{
  g_autofree char *text = when ? vigie_roster_format_time (when) : NULL;

  vigie_json_builder_add_nullable (builder, name, text);
}

/* @member: the person as an object, or null; %TRUE when the object is
 * open for more members. */
static gboolean
begin_person_or_null (JsonBuilder             *builder,
                      const char              *member,
                      const VigieRosterPerson *person)
{
  json_builder_set_member_name (builder, member);
  if (person == NULL)
    {
      json_builder_add_null_value (builder);
      return FALSE;
    }
  json_builder_begin_object (builder);
  add_person (builder, person);
  return TRUE;
}

static void
add_on_call (JsonBuilder             *builder,
             const VigieRosterPerson *person,
             VigieShiftSource         source,
             const char              *source_id,
             const VigieShift        *current)
{
  if (!begin_person_or_null (builder, "on_call", person))
    return;
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, vigie_shift_source_to_string (source));
  json_builder_set_member_name (builder, "source_id");
  json_builder_add_string_value (builder, source_id);
  add_time (builder, "until", current ? current->end : NULL);
  json_builder_end_object (builder);
}

static void
add_next (JsonBuilder      *builder,
          VigieRoster      *roster,
          const VigieShift *next)
{
  const VigieRosterPerson *person = next ? vigie_roster_find_person (roster, next->person_id) : NULL;

  if (!begin_person_or_null (builder, "next", person))
    return;
  add_time (builder, "from", next->start);
  json_builder_end_object (builder);
}

static void
add_node_or_null (JsonBuilder *builder,
                  const char  *name,
                  JsonNode    *node)
{
  json_builder_set_member_name (builder, name);
  if (node)
    json_builder_add_value (builder, node);
  else
    json_builder_add_null_value (builder);
}

/* --at, else now, in the roster's zone. */
static GDateTime *
who_instant (Options  *o,
             GError  **error)
{
  VigieRoster *roster = o->roster;
  g_autoptr(GDateTime) now = NULL;

  if (o->at)
    return parse_date (roster, o->at, error);
  now = g_date_time_new_now_utc ();
  return g_date_time_to_timezone (now, vigie_roster_get_timezone (roster));
}

static int
cmd_who (Options *o,
         GError **error)
{
  g_autoptr(GDateTime) at = who_instant (o, error);
  g_autoptr(GDateTime) horizon = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const VigieRosterPerson *person;
  VigieShiftSource source;
  const char *source_id;

  if (at == NULL)
    return EXIT_ERROR;

  person = vigie_roster_who (o->roster, at, &source, &source_id);
  horizon = g_date_time_add_days (at, 31);
  timeline = vigie_roster_timeline (o->roster, at, horizon);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "client");
  json_builder_add_string_value (builder, vigie_roster_get_client_id (o->roster));
  add_time (builder, "at", at);
  add_on_call (builder, person, source, source_id,
               timeline->len > 0 ? g_ptr_array_index (timeline, 0) : NULL);
  json_builder_set_member_name (builder, "coverage_gap");
  json_builder_add_boolean_value (builder, person == NULL &&
                                  vigie_roster_is_active (o->roster, vigie_roster_get_coverage (o->roster), at));
  add_next (builder, o->roster, vigie_roster_next_shift (timeline, at, person ? person->id : NULL));
  add_node_or_null (builder, "escalation", vigie_escalation_resolve (o->roster, at, NULL));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  print_json (root);
  return person ? 0 : EXIT_NEGATIVE;
}

static gboolean
parse_window (Options  *o,
              int       default_days_back,
              int       default_days,
              GError  **error)
{
  VigieRoster *roster = o->roster;
  GDateTime **from = &o->start;
  GDateTime **to = &o->end;

  if (o->from)
    {
      if (!(*from = parse_date (roster, o->from, error)))
        return FALSE;
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (vigie_roster_get_timezone (roster));
      g_autoptr(GDateTime) midnight = g_date_time_new (vigie_roster_get_timezone (roster),
                                                       g_date_time_get_year (now), g_date_time_get_month (now),
                                                       g_date_time_get_day_of_month (now), 0, 0, 0);
      *from = g_date_time_add_days (midnight, -default_days_back);
    }
  if (o->to)
    {
      if (!(*to = parse_date (roster, o->to, error)))
        return FALSE;
    }
  else
    *to = g_date_time_add_days (*from, default_days + default_days_back);
  if (g_date_time_compare (*from, *to) >= 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--to must come after --from"));
      return FALSE;
    }
  return TRUE;
}

static int
cmd_timeline (Options *o,
              GError **error)
{
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean gaps = FALSE;

  if (!parse_window (o, 0, 14, error))
    return EXIT_ERROR;
  shifts = vigie_roster_timeline (o->roster, o->start, o->end);
  json_builder_begin_array (builder);
  for (guint i = 0; i < shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (shifts, i);

      json_builder_begin_object (builder);
      add_time (builder, "start", shift->start);
      add_time (builder, "end", shift->end);
      json_builder_set_member_name (builder, "person");
      json_builder_add_string_value (builder, shift->person_id);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, vigie_shift_source_to_string (shift->source));
      json_builder_set_member_name (builder, "source_id");
      json_builder_add_string_value (builder, shift->source_id);
      json_builder_end_object (builder);
      gaps |= shift->person_id == NULL;
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  print_json (root);
  return gaps ? EXIT_NEGATIVE : 0;
}

static int
cmd_export (Options *o,
            GError **error)
{
  g_autoptr(GDateTime) stamp = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;

  if (!parse_window (o, 7, 56, error) ||
      !(text = vigie_ical_export (o->roster, o->person, o->start, o->end, stamp, error)))
    return EXIT_ERROR;
  fputs (text, stdout);
  return 0;
}

static int
cmd_import (Options *o,
            GError **error)
{
  const char *location = o->location;
  g_autoptr(VigieRoster) copy = vigie_roster_copy (o->roster);
  g_autoptr(GPtrArray) slots = NULL;
  g_auto(GStrv) added = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *people = NULL;

  if (location == NULL)
    {
      g_printerr ("%s", _(usage));
      return EXIT_ERROR;
    }
  if (!parse_window (o, 31, 365, error) ||
      !(text = vigie_ical_fetch (location, error)) ||
      !(slots = vigie_ical_import (copy, text, o->start, o->end, &added, error)))
    {
      g_prefix_error (error, "%s: ", location);
      return EXIT_ERROR;
    }

  detail = g_strdup_printf ("%s: %u shifts", location, slots->len);
  vigie_roster_set_slots (copy, g_ptr_array_ref (slots));
  if (!vigie_roster_store_save (vigie_context_get_roster_store (o->context), copy,
                                o->author ? o->author : g_get_user_name (), "imported", detail, error))
    return EXIT_ERROR;

  g_print (_("Imported %u shifts into the roster of %s.\n"), slots->len, vigie_roster_get_client_id (copy));
  if (added && added[0])
    {
      people = g_strjoinv (", ", added);
      g_print (_("New people, to complete with their phone and alert targets: %s\n"), people);
    }
  return 0;
}

static int
cmd_check (Options *o,
           GError **error)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(JsonNode) node = NULL;
  VigieRosterStore *store = vigie_context_get_roster_store (o->context);

  if (o->from == NULL || o->to == NULL)
    return refuse (error, _("--from and --to are required"));
  if (!parse_window (o, 0, 0, error))
    return EXIT_ERROR;
  /* Interventions recorded on calls since the last check. */
  vigie_roster_store_collect_journal (store, vigie_context_get_journal (o->context), error);
  if (*error != NULL)
    return EXIT_ERROR;
  if (!(warnings = vigie_labour_check_store (store, vigie_roster_get_client_id (o->roster), o->start, o->end, error)))
    return EXIT_ERROR;
  node = vigie_labour_warnings_to_json (warnings);
  print_json (node);
  return warnings->len ? EXIT_NEGATIVE : 0;
}

/* The interventions of the period, those recorded on calls since the
 * last look included; @person_id NULL for everyone's. */
static GPtrArray *
list_interventions (Options     *o,
                    const char  *person_id,
                    GError     **error)
{
  VigieRosterStore *store = vigie_context_get_roster_store (o->context);

  vigie_roster_store_collect_journal (store, vigie_context_get_journal (o->context), NULL);
  return vigie_roster_store_list_interventions (store, vigie_roster_get_client_id (o->roster), person_id,
                                                o->start, o->end, error);
}

static gboolean
parse_month (const char *text,
             int        *year,
             int        *month)
{
  char tail;

  return text != NULL && sscanf (text, "%d-%d%c", year, month, &tail) == 2 && *month >= 1 && *month <= 12;
}

static int
write_statement_pdf (Options   *o,
                     GPtrArray *interventions,
                     int        year,
                     int        month,
                     GError   **error)
{
  VigieClient *client = vigie_directory_find_client (vigie_context_get_directory (o->context),
                                                     vigie_roster_get_client_id (o->roster));

  if (!vigie_labour_statement_pdf (o->roster, client ? vigie_client_get_name (client) : NULL, o->person,
                                   interventions, year, month, o->pdf, error))
    return EXIT_ERROR;
  return 0;
}

static int
cmd_statement (Options *o,
               GError **error)
{
  g_autoptr(GPtrArray) interventions = NULL;
  g_autofree char *csv = NULL;
  int year, month;

  if (o->person == NULL || !parse_month (o->month, &year, &month))
    return refuse (error, _("--person ID and --month YYYY-MM are required"));
  vigie_labour_month_bounds (o->roster, year, month, &o->start, &o->end);
  if (!(interventions = list_interventions (o, o->person, error)))
    return EXIT_ERROR;
  if (o->pdf)
    return write_statement_pdf (o, interventions, year, month, error);
  if (!(csv = vigie_labour_statement_csv (o->roster, o->person, interventions, year, month, error)))
    return EXIT_ERROR;
  fputs (csv, stdout);
  return 0;
}

static int
cmd_fairness (Options *o,
              GError **error)
{
  g_autoptr(GPtrArray) interventions = NULL;
  g_autoptr(GPtrArray) tallies = NULL;
  g_autofree char *csv = NULL;

  if (!parse_window (o, 0, 28, error) ||
      !(interventions = list_interventions (o, NULL, error)))
    return EXIT_ERROR;
  tallies = vigie_labour_tally (o->roster, interventions, o->start, o->end);
  csv = vigie_labour_fairness_csv (tallies);
  fputs (csv, stdout);
  return 0;
}

static int
cmd_intervention (Options *o,
                  GError **error)
{
  if (o->person == NULL || o->from == NULL || o->to == NULL)
    return refuse (error, _("--person, --from and --to are required"));
  if (vigie_roster_find_person (o->roster, o->person) == NULL)
    return refuse (error, _("unknown person"));
  if (!parse_window (o, 0, 0, error) ||
      vigie_roster_store_add_intervention (vigie_context_get_roster_store (o->context),
                                           vigie_roster_get_client_id (o->roster), o->person, o->start, o->end,
                                           "manual", NULL, o->note, error) < 0)
    return EXIT_ERROR;
  return 0;
}

/* The sub-commands about one client's roster. */
static const struct {
  const char *verb;
  int       (*run) (Options  *o,
                    GError  **error);
} roster_commands[] = {
  { "who", cmd_who },
  { "timeline", cmd_timeline },
  { "export", cmd_export },
  { "import", cmd_import },
  { "check", cmd_check },
  { "statement", cmd_statement },
  { "fairness", cmd_fairness },
  { "intervention", cmd_intervention },
};

static int
cmd_list (VigieRosterStore *store)
{
  g_auto(GStrv) clients = vigie_roster_store_list_clients (store);

  for (guint i = 0; clients[i]; i++)
    g_print ("%s\n", clients[i]);
  return 0;
}

/* The client's roster; an import into a known client without one starts
 * an empty roster first. NULL, with the reason printed, when there is none. */
static VigieRoster *
find_roster (VigieContext *context,
             const char   *client_id,
             const char   *verb,
             Options      *o)
{
  VigieRosterStore *store = vigie_context_get_roster_store (context);
  VigieClient *client = vigie_directory_find_client (vigie_context_get_directory (context), client_id);
  VigieRoster *roster = vigie_roster_store_get (store, client_id);
  g_autoptr(GError) error = NULL;

  if (roster == NULL && client != NULL && g_str_equal (verb, "import"))
    {
      g_autoptr(VigieRoster) fresh = vigie_roster_new (client_id, vigie_client_get_timezone (client));

      if (!vigie_roster_store_save (store, fresh, o->author ? o->author : g_get_user_name (),
                                    "created", NULL, &error))
        {
          g_printerr ("vigie roster: %s\n", error->message);
          return NULL;
        }
      roster = vigie_roster_store_get (store, client_id);
    }
  if (roster == NULL)
    g_printerr ("vigie roster: %s\n", client ? _("this client has no roster yet") : _("unknown client"));
  return roster;
}

static GOptionContext *
roster_option_context (Options *o)
{
  GOptionContext *parser = g_option_context_new (_("COMMAND CLIENT — on-call rosters"));
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &o->at, N_("The instant asked about"), N_("YYYY-MM-DDTHH:MM") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o->from, N_("Start of the period"), N_("YYYY-MM-DDTHH:MM") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o->to, N_("End of the period"), N_("YYYY-MM-DDTHH:MM") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &o->person, N_("One person's id"), N_("PERSON-ID") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &o->month, N_("The month of the statement"), N_("YYYY-MM") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &o->pdf, N_("Write the statement as PDF"), N_("FILE.pdf") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &o->author, N_("Who makes the change, for the journal"), N_("AUTHOR") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o->note, N_("A note"), N_("NOTE") },
    { NULL }
  };

  g_option_context_set_translation_domain (parser, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (parser, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (parser, _(usage));
  return parser;
}

/**
 * vigie_cli_roster:
 * @data_dir: the data directory
 * @argc: argument count
 * @argv: "roster", the sub-command, its arguments
 *
 * Returns: the exit status
 */
int
vigie_cli_roster (const char  *data_dir,
                  int          argc,
                  char       **argv)
{
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) parser = roster_option_context (&o);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieContext) context = NULL;

  if (!g_option_context_parse (parser, &argc, &argv, &error))
    {
      g_printerr ("vigie roster: %s\n%s", error->message, _(usage));
      return EXIT_ERROR;
    }
  if (argc < 2)
    {
      g_printerr ("%s", _(usage));
      return EXIT_ERROR;
    }
  o.verb = argv[1];

  if (!(context = vigie_context_new (data_dir, &error)))
    {
      g_printerr ("vigie roster: %s\n", error->message);
      return EXIT_ERROR;
    }
  if (g_str_equal (o.verb, "list"))
    return cmd_list (vigie_context_get_roster_store (context));
  if (argc < 3)
    {
      g_printerr ("%s", _(usage));
      return EXIT_ERROR;
    }
  if (!(o.roster = find_roster (context, argv[2], o.verb, &o)))
    return EXIT_ERROR;
  o.context = context;
  o.location = argc >= 4 ? argv[3] : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (roster_commands); i++)
    if (g_str_equal (o.verb, roster_commands[i].verb))
      {
        int status = roster_commands[i].run (&o, &error);

        return error != NULL ? fail (&o, error->message) : status;
      }

  g_printerr (_("vigie roster: unknown command “%s”\n%s"), o.verb, _(usage));
  return EXIT_ERROR;
}
