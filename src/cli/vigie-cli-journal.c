/* vigie-cli-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vigie journal verify | show CALL | export | stats`: the supervisors'
 * questions without a display.
 */
#define G_LOG_DOMAIN "vigie-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigie-cli.h"
#include "vigie-journal.h"
#include "vigie-phone.h"

static void
usage (void)
{
  g_printerr ("%s\n", _("Usage: vigie journal verify\n"
                        "       vigie journal show CALL\n"
                        "       vigie journal export [--from DATE] [--to DATE] [--client ID] [--format csv|json]\n"
                        "                            [--separator ;] [--output FILE] [filters]\n"
                        "       vigie journal stats [--from DATE] [--to DATE] [--client ID] [--format text|json]\n"
                        "       vigie journal report --client ID --month 2026-11 --output FILE.pdf\n"
                        "       vigie journal erase --caller NUMBER | --call CALL\n"
                        "Filters: --operator NAME --decision trigger|defer|log|none --min-gravity N --overridden\n"
                        "         --vip --not-delivered-within MIN --not-acked-within MIN --search WORDS\n"
                        "Dates are local: 2026-11-01 (a whole day) or 2026-11-01T22:00; --to is inclusive for a day."));
}

/* A local date or date-time, as UTC in the journal's format. A bare date
 * given as the end of a period means the end of that day. */
static char *
parse_date (const char  *text,
            gboolean     end,
            GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;
  int y, m, d;

  if (strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)
    {
      g_autoptr(GDateTime) day = g_date_time_new (local, y, m, d, 0, 0, 0);

      if (day != NULL)
        time = end ? g_date_time_add_days (day, 1) : g_date_time_ref (day);
    }
  else
    time = g_date_time_new_from_iso8601 (text, local);

  if (time == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a date (2026-11-01 or 2026-11-01T22:00)"), text);
      return NULL;
    }
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso ? iso : "");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static VigieJournal *
open_journal (const char  *data_dir,
              GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "journal.sqlite", NULL);

  return vigie_journal_open (path, error);
}

static int
run_verify (VigieJournal *journal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournalReport) report = vigie_journal_check (journal, 0, NULL, NULL, &error);

  if (report == NULL)
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  if (report->damage != VIGIE_JOURNAL_DAMAGE_NONE)
    {
      g_print ("%s\n", report->message);
      g_print (_("damage: %s\n"), vigie_journal_damage_to_string (report->damage));
      if (report->seq > 0)
        g_print (_("first bad event: %lld\n"), (long long) report->seq);
      if (report->row)
        g_print (_("row: %s\n"), report->row);
      return 1;
    }

  if (report->keyed_from > 1)
    g_print (_("Journal %s: %lld events checked, intact (events before %lld predate the key)\n"),
             vigie_journal_get_path (journal), (long long) report->n_events, (long long) report->keyed_from);
  else
    g_print (_("Journal %s: %lld events checked, intact\n"),
             vigie_journal_get_path (journal), (long long) report->n_events);
  return 0;
}

static const char *
or_empty (const char *text)
{
  return text ? text : "";
}

/* The summary lines of `vigie journal show`. */
static void
print_call (const VigieJournalCall *call)
{
  g_autofree char *received = local_time (call->received_at);

  g_print (_("Call %s\n"), call->call_id);
  g_print (_("  received: %s\n"), received);
  g_print (_("  client:   %s (%s)\n"), or_empty (call->client_name), or_empty (call->client_id));
  g_print (_("  caller:   %s %s%s\n"), or_empty (call->caller_name), or_empty (call->caller_number),
           call->vip ? " VIP" : "");
  g_print (_("  operator: %s\n"), or_empty (call->operator_name));
  g_print (_("  script:   %s\n"), or_empty (call->script));
  g_print (_("  decision: %s (recommended %s)%s\n"), call->decision ? call->decision : "-",
           call->recommended ? call->recommended : "-", call->overridden ? _(", overridden") : "");
  if (call->override_reason)
    g_print (_("  reason:   %s\n"), call->override_reason);
  if (call->note)
    g_print (_("  note:     %s\n"), call->note);
  if (call->acked_at)
    {
      g_autofree char *acked = local_time (call->acked_at);
      g_print (_("  acknowledged: %s by %s\n"), acked, call->acked_by ? call->acked_by : "?");
    }
}

static int
run_show (VigieJournal *journal,
          const char   *call_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournalCall) call = vigie_journal_get_call (journal, call_id, &error);
  g_autoptr(GPtrArray) events = NULL;

  if (call == NULL)
    {
      if (error)
        g_printerr ("vigie: %s\n", error->message);
      else
        g_printerr (_("vigie: no call %s in the journal\n"), call_id);
      return 1;
    }
  if (!(events = vigie_journal_list_events (journal, call_id, &error)))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }

  print_call (call);
  g_print ("\n");

  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);
      g_autofree char *at = local_time (event->at);

      g_print ("%6lld  %s  %-20s %s\n", (long long) event->seq, at, event->kind, event->data);
    }
  return 0;
}

static void
print_durations (const char                  *label,
                 const VigieJournalDurations *d)
{
  g_print (_("%s: median %.0f s, 90th percentile %.0f s (%lld calls)\n"),
           label, d->median, d->p90, (long long) d->n);
}

static void
add_durations (JsonBuilder                 *builder,
               const char                  *name,
               const VigieJournalDurations *d)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, d->n);
  json_builder_set_member_name (builder, "median_s");
  json_builder_add_double_value (builder, d->median);
  json_builder_set_member_name (builder, "p90_s");
  json_builder_add_double_value (builder, d->p90);
  json_builder_end_object (builder);
}

static int
print_stats (const VigieJournalStats *s,
             gboolean                 json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      const struct { const char *name; gint64 value; } counts[] = {
        { "calls", s->calls }, { "triggered", s->triggered }, { "deferred", s->deferred },
        { "logged", s->logged }, { "undecided", s->undecided }, { "overridden", s->overridden },
        { "vip", s->vip }, { "not_acked", s->not_acked }, { "escalated", s->escalated },
        { "repeat_callers", s->repeat_callers }, { "unanswered_rings", s->unanswered_rings },
        { "false_alarms", s->false_alarms },
      };

      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          json_builder_set_member_name (builder, counts[i].name);
          json_builder_add_int_value (builder, counts[i].value);
        }
      json_builder_set_member_name (builder, "by_hour");
      json_builder_begin_array (builder);
      for (guint i = 0; i < 24; i++)
        json_builder_add_int_value (builder, s->by_hour[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "by_weekday");
      json_builder_begin_array (builder);
      for (guint i = 0; i < 7; i++)
        json_builder_add_int_value (builder, s->by_weekday[i]);
      json_builder_end_array (builder);
      add_durations (builder, "to_decision", &s->to_decision);
      add_durations (builder, "to_delivery", &s->to_delivery);
      add_durations (builder, "to_ack", &s->to_ack);
      add_durations (builder, "intervention", &s->intervention);
      json_builder_set_member_name (builder, "satisfaction_n");
      json_builder_add_int_value (builder, s->satisfaction_n);
      json_builder_set_member_name (builder, "satisfaction_mean");
      json_builder_add_double_value (builder, s->satisfaction_mean);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return 0;
    }

  g_print (_("Calls: %lld (VIP %lld)\n"), (long long) s->calls, (long long) s->vip);
  g_print (_("Decisions: triggered %lld, deferred %lld, logged %lld, undecided %lld\n"),
           (long long) s->triggered, (long long) s->deferred, (long long) s->logged, (long long) s->undecided);
  g_print (_("Overridden: %lld (%.1f %%)\n"), (long long) s->overridden,
           s->calls ? 100.0 * s->overridden / s->calls : 0.0);
  print_durations (_("Pick-up to decision"), &s->to_decision);
  print_durations (_("Decision to delivered alert"), &s->to_delivery);
  print_durations (_("Decision to acknowledgement"), &s->to_ack);
  g_print (_("Triggered, never acknowledged: %lld\n"), (long long) s->not_acked);
  g_print (_("Escalated past the first step: %lld\n"), (long long) s->escalated);
  g_print (_("Repeat callers: %lld\n"), (long long) s->repeat_callers);
  g_print (_("Unanswered rings: %lld\n"), (long long) s->unanswered_rings);
  g_print (_("False alarms: %lld\n"), (long long) s->false_alarms);
  print_durations (_("Intervention"), &s->intervention);
  g_print (_("Satisfaction: %.1f/5 (%lld calls)\n"), s->satisfaction_mean, (long long) s->satisfaction_n);
  g_print (_("By hour:"));
  for (guint i = 0; i < 24; i++)
    g_print (" %u:%lld", i, (long long) s->by_hour[i]);
  g_print ("\n");
  g_print (_("By weekday (Monday first):"));
  for (guint i = 0; i < 7; i++)
    g_print (" %lld", (long long) s->by_weekday[i]);
  g_print ("\n");
  return 0;
}

static int
run_query (VigieJournal  *journal,
           gboolean       stats,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *from = NULL, *to = NULL, *client = NULL, *format = NULL, *separator = NULL;
  g_autofree char *output = NULL, *operator_name = NULL, *decision = NULL, *search = NULL;
  int min_gravity = 0, not_delivered = 0, not_acked = 0;
  gboolean overridden = FALSE, vip = FALSE;
  VigieJournalFilter filter = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, NULL, NULL },
    { "client", 0, 0, G_OPTION_ARG_STRING, &client, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, NULL, NULL },
    { "separator", 0, 0, G_OPTION_ARG_STRING, &separator, NULL, NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, NULL, NULL },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator_name, NULL, NULL },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision, NULL, NULL },
    { "min-gravity", 0, 0, G_OPTION_ARG_INT, &min_gravity, NULL, NULL },
    { "overridden", 0, 0, G_OPTION_ARG_NONE, &overridden, NULL, NULL },
    { "vip", 0, 0, G_OPTION_ARG_NONE, &vip, NULL, NULL },
    { "not-delivered-within", 0, 0, G_OPTION_ARG_INT, &not_delivered, NULL, NULL },
    { "not-acked-within", 0, 0, G_OPTION_ARG_INT, &not_acked, NULL, NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, NULL, NULL },
    { NULL }
  };
  g_autoptr(GString) out = g_string_new (NULL);
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      if (error)
        g_printerr ("vigie: %s\n", error->message);
      usage ();
      return 2;
    }
  if (separator && strlen (separator) != 1)
    {
      g_printerr (_("vigie: the separator is one character, such as ; or ,\n"));
      return 2;
    }
  if ((from && !(filter.from = parse_date (from, FALSE, &error))) ||
      (to && !(filter.to = parse_date (to, TRUE, &error))))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 2;
    }
  filter.client_id = g_steal_pointer (&client);
  filter.operator_name = g_steal_pointer (&operator_name);
  filter.decision = g_steal_pointer (&decision);
  filter.search = g_steal_pointer (&search);
  filter.min_gravity = min_gravity;
  filter.overridden = overridden;
  filter.vip = vip;
  filter.not_delivered_within = not_delivered;
  filter.not_acked_within = not_acked;

  if (stats)
    {
      g_autofree VigieJournalStats *s = vigie_journal_compute_stats (journal, &filter, &error);

      vigie_journal_filter_clear (&filter);
      if (s == NULL)
        {
          g_printerr ("vigie: %s\n", error->message);
          return 1;
        }
      if (format && !g_str_equal (format, "json") && !g_str_equal (format, "text"))
        {
          usage ();
          return 2;
        }
      return print_stats (s, g_strcmp0 (format, "json") == 0);
    }

  if (format && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    {
      vigie_journal_filter_clear (&filter);
      usage ();
      return 2;
    }

  {
    g_autoptr(GPtrArray) calls = NULL;

    filter.sort = VIGIE_JOURNAL_SORT_TIME;
    filter.ascending = TRUE;
    calls = vigie_journal_query_calls (journal, &filter, 0, 0, &error);
    vigie_journal_filter_clear (&filter);
    if (calls == NULL)
      {
        g_printerr ("vigie: %s\n", error->message);
        return 1;
      }
    if (g_strcmp0 (format, "json") == 0)
      vigie_journal_export_json (calls, out);
    else
      vigie_journal_export_csv (calls, separator ? separator[0] : ',', out);
  }

  if (output)
    {
      if (!g_file_set_contents (output, out->str, out->len, &error))
        {
          g_printerr ("vigie: %s\n", error->message);
          status = 1;
        }
    }
  else
    fwrite (out->str, 1, out->len, stdout);
  return status;
}

static int
run_report (VigieJournal  *journal,
            int            argc,
            char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *client = NULL, *month = NULL, *output = NULL, *verification = NULL;
  guint n = 0;
  GOptionEntry entries[] = {
    { "client", 0, 0, G_OPTION_ARG_STRING, &client, NULL, NULL },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, NULL, NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1 ||
      client == NULL || month == NULL || output == NULL)
    {
      if (error)
        g_printerr ("vigie: %s\n", error->message);
      usage ();
      return 2;
    }
  if (!vigie_journal_write_report (journal, client, month, output, &n, &verification, &error))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  g_print (_("Report %s written: %u triggered calls\n%s\n"), output, n, verification);
  return 0;
}

/* A data-subject request: the caller's personal data, everywhere in the
 * journal; the decisions, times and chain stay. */
static int
run_erase (VigieJournal  *journal,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *caller = NULL, *call = NULL, *number = NULL;
  gboolean ok;
  guint n = 0;
  GOptionEntry entries[] = {
    { "caller", 0, 0, G_OPTION_ARG_STRING, &caller, NULL, NULL },
    { "call", 0, 0, G_OPTION_ARG_STRING, &call, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1 || (caller == NULL) == (call == NULL))
    {
      if (error)
        g_printerr ("vigie: %s\n", error->message);
      usage ();
      return 2;
    }
  /* The journal holds numbers as the directory normalises them. */
  if (caller != NULL && !(number = vigie_phone_normalize (caller, &error)))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 2;
    }
  ok = number ? vigie_journal_erase_caller (journal, number, &n, &error)
              : vigie_journal_erase_call (journal, call, &n, &error);
  if (!ok)
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  g_print (ngettext ("Personal data of %u call erased\n", "Personal data of %u calls erased\n", n), n);
  return 0;
}

/* Each command with the arguments after "journal COMMAND". */
static int
cmd_verify (VigieJournal  *journal,
            int            argc,
            char         **argv)
{
  return run_verify (journal);
}

static int
cmd_show (VigieJournal  *journal,
          int            argc,
          char         **argv)
{
  return run_show (journal, argv[1]);
}

static int
cmd_export (VigieJournal  *journal,
            int            argc,
            char         **argv)
{
  return run_query (journal, FALSE, argc, argv);
}

static int
cmd_stats (VigieJournal  *journal,
           int            argc,
           char         **argv)
{
  return run_query (journal, TRUE, argc, argv);
}

static const struct {
  const char *name;
  int         argc;       /* exactly this many (command included), or 0: options follow */
  int       (*run) (VigieJournal *journal, int argc, char **argv);
} commands[] = {
  { "verify", 1, cmd_verify },
  { "show", 2, cmd_show },
  { "export", 0, cmd_export },
  { "stats", 0, cmd_stats },
  { "report", 0, run_report },
  { "erase", 0, run_erase },
};

/**
 * vigie_cli_journal:
 * @data_dir: the data directory; its journal.sqlite is read
 * @argc: arguments after `vigie`
 * @argv: "journal", the sub-command and its options
 *
 * Returns: 0, 1 when the journal is damaged or unreadable, 2 on bad usage
 */
int
vigie_cli_journal (const char  *data_dir,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  const char *command = argc >= 2 ? argv[1] : NULL;
  int found = -1;

  for (guint i = 0; command && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (command, commands[i].name) && (commands[i].argc == 0 || commands[i].argc == argc - 1))
      found = (int) i;
  if (found < 0)
    {
      usage ();
      return 2;
    }

  if (!(journal = open_journal (data_dir, &error)))
    {
      g_printerr ("vigie: %s\n", error->message);
      return 1;
    }
  return commands[found].run (journal, argc - 1, argv + 1);
}
