/* vigie-application-commands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's command line: `vigie call`, `vigie tel:…`, `vigie acknowledge`
 * and the operator's verbs (answer, identify, decide, hangup, close),
 * forwarded by GApplication to the running desk.
 */
#define G_LOG_DOMAIN "vigie-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-application-private.h"
#include "vigie-call-view.h"
#include "vigie-window.h"

/* tel:+33612345678;line=0800100200 — RFC 3966 lets a softphone pass the
 * dialled line as a parameter. */
static gboolean
parse_tel_uri (const char  *uri,
               char       **from,
               char       **line,
               char       **call_id)
{
  g_auto(GStrv) parts = NULL;

  if (g_ascii_strncasecmp (uri, "tel:", 4) != 0)
    return FALSE;

  parts = g_strsplit (uri + 4, ";", -1);
  *from = g_uri_unescape_string (parts[0], NULL);
  for (guint i = 1; parts[i]; i++)
    {
      if (g_str_has_prefix (parts[i], "line="))
        *line = g_uri_unescape_string (parts[i] + 5, NULL);
      else if (g_str_has_prefix (parts[i], "call-id="))
        *call_id = g_uri_unescape_string (parts[i] + 8, NULL);
    }
  return *from != NULL;
}

/* Choices are numbered from 1, as on screen; a number or text question
 * takes the argument as typed. */
static gboolean
operator_answer (VigieCall  *call,
                 char      **rest,
                 GError    **error)
{
  for (guint i = 0; rest && rest[i]; i++)
    {
      VigieScriptRunner *runner = vigie_call_get_runner (call);
      const VigieScriptNode *node = runner ? vigie_script_runner_get_current (runner) : NULL;
      guint64 choice;

      if (node != NULL && (node->kind == VIGIE_NODE_TEXT || node->kind == VIGIE_NODE_NUMBER))
        {
          if (!vigie_call_answer_text (call, rest[i], error))
            return FALSE;
        }
      else if (!g_ascii_string_to_unsigned (rest[i], 10, 1, 9, &choice, error) ||
               !vigie_call_answer (call, choice - 1, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
operator_identify (VigieCall   *call,
                   char       **fields,
                   const char  *note,
                   GError     **error)
{
  for (VigieCallerField field = 0; field < VIGIE_CALLER_N_FIELDS; field++)
    if (fields[field] != NULL &&
        !vigie_caller_identity_set (vigie_call_get_identity (call), field, fields[field], error))
      return FALSE;
  if (note != NULL)
    vigie_call_set_note (call, note);
  return TRUE;
}

static gboolean
operator_decide (VigieCall   *call,
                 const char  *kind,
                 const char  *reason,
                 const char  *note,
                 const char  *no_callback,
                 GError     **error)
{
  VigieDecision *decision = vigie_call_get_decision (call);
  VigieDecisionKind chosen;

  if (decision == NULL)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("The script has not reached a decision yet"));
      return FALSE;
    }
  chosen = kind ? vigie_decision_kind_from_string (kind) : vigie_decision_get_recommended (decision);
  if (chosen == VIGIE_DECISION_NONE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown decision “%s”: use trigger, defer or log"), kind);
      return FALSE;
    }
  if (note != NULL)
    vigie_call_set_note (call, note);
  if (no_callback != NULL && !vigie_call_set_no_callback (call, no_callback, error))
    return FALSE;
  return vigie_call_commit_identity (call, error) && vigie_call_decide (call, chosen, reason, error);
}

/* hangup and close: what the switchboard and Ctrl+W do. */
static gboolean
operator_line (VigieApplication *self,
               VigieCall        *call,
               const char       *call_id,
               const char       *verb)
{
  VigieWindow *window = VIGIE_WINDOW (vigie_application_get_desk (self));

  if (g_str_equal (verb, "hangup"))
    vigie_window_set_line_state (window, call, TRUE, TRUE);
  else if (g_str_equal (verb, "close"))
    /* Its view does it (made again if the call had none). */
    gtk_widget_activate_action (vigie_window_get_call_view (window, call_id), "call.close", NULL);
  return TRUE;
}

/* After the intervention: typed into the call's fields, as the operator
 * would, and recorded as Enter does. */
static gboolean
operator_aftercare (VigieApplication  *self,
                    const char        *call_id,
                    const char        *started,
                    const char        *ended,
                    const char        *score,
                    GError           **error)
{
  VigieWindow *window = VIGIE_WINDOW (vigie_application_get_desk (self));
  GtkWidget *view = vigie_window_get_call_view (window, call_id);

  return vigie_call_view_record_aftercare (VIGIE_CALL_VIEW (view), started, ended, score, error);
}

/* The sub-command's options, in the desk's translation domain. */
static gboolean
parse_options (const char          *summary,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv,
               GError             **error)
{
  g_autoptr(GOptionContext) options = g_option_context_new (summary);

  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (options, argc, argv, error);
}

/* `vigie answer|decide|identify|hangup|close --call-id ID …`: what the
 * operator does with the keyboard, scriptable for demos and tests. */
static int
command_operator (VigieApplication        *self,
                  GApplicationCommandLine *command_line,
                  const char              *verb,
                  int                      argc,
                  char                   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *reason = NULL;
  char *fields[VIGIE_CALLER_N_FIELDS] = { NULL };
  int status = 1;
  g_autofree char *note = NULL;
  g_autofree char *no_callback = NULL;
  g_autofree char *started = NULL;
  g_autofree char *ended = NULL;
  g_autofree char *score = NULL;
  g_auto(GStrv) rest = NULL;
  VigieCall *call;
  const GOptionEntry entries[] = {
    { "call-id", 0, 0, G_OPTION_ARG_STRING, &call_id, N_("The call"), N_("ID") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("trigger, defer or log (default: the recommendation)"), N_("KIND") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Reason for an override"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Note for the on-call person"), N_("TEXT") },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &fields[VIGIE_CALLER_LAST_NAME], N_("Caller's last name"), N_("TEXT") },
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &fields[VIGIE_CALLER_FIRST_NAME], N_("Caller's first name"), N_("TEXT") },
    { "company", 0, 0, G_OPTION_ARG_STRING, &fields[VIGIE_CALLER_COMPANY], N_("Caller's company"), N_("TEXT") },
    { "callback", 0, 0, G_OPTION_ARG_STRING, &fields[VIGIE_CALLER_CALLBACK], N_("Call-back number"), N_("NUMBER") },
    { "site", 0, 0, G_OPTION_ARG_STRING, &fields[VIGIE_CALLER_SITE], N_("Site address"), N_("TEXT") },
    { "no-callback", 0, 0, G_OPTION_ARG_STRING, &no_callback,
      N_("Record that the caller cannot be called back, and why"), N_("REASON") },
    { "started", 0, 0, G_OPTION_ARG_STRING, &started, N_("When the intervention started"), N_("TIME") },
    { "ended", 0, 0, G_OPTION_ARG_STRING, &ended, N_("When the intervention ended"), N_("TIME") },
    { "satisfaction", 0, 0, G_OPTION_ARG_STRING, &score, N_("The caller's satisfaction, 1 to 5"), N_("SCORE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, N_("CHOICE…") },
    { NULL }
  };

  if (!parse_options (NULL, entries, &argc, &argv, &error))
    goto failed;
  if (!(call = _vigie_application_find_call (self, call_id, &error)))
    goto failed;

  if (!(g_str_equal (verb, "answer") ? operator_answer (call, rest, &error)
        : g_str_equal (verb, "identify") ? operator_identify (call, fields, note, &error)
        : g_str_equal (verb, "decide") ? operator_decide (call, kind, reason, note, no_callback, &error)
        : g_str_equal (verb, "intervention") ? operator_aftercare (self, call_id, started, ended, score, &error)
        : operator_line (self, call, call_id, verb)))
    goto failed;

  status = 0;

failed:
  if (error != NULL)
    g_application_command_line_printerr (command_line, "vigie %s: %s\n", verb, error->message);
  for (guint i = 0; i < VIGIE_CALLER_N_FIELDS; i++)
    g_free (fields[i]);
  return status;
}

/* The dedup key of the call's last decision, and (when @by is not set
 * yet) the person its alert went to: the one phoning back. */
static char *
find_alert_key (GPtrArray  *events,
                char      **by)
{
  for (guint i = events->len; i > 0; i--)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i - 1);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;
      const char *key;

      if (!g_str_equal (event->kind, "decision") || !(node = json_from_string (event->data, NULL)) ||
          !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      key = json_object_get_string_member_with_default (object, "dedup_key", NULL);
      if (*by == NULL && json_object_has_member (object, "recipient") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "recipient")))
        *by = g_strdup (json_object_get_string_member_with_default (json_object_get_object_member (object, "recipient"),
                                                                    "name", NULL));
      if (key != NULL)
        return g_strdup (key);
    }
  return NULL;
}

/* `vigie acknowledge --call-id ID [--by NAME] [--not-urgent]`: the on-call person
 * called the operator back (or said so by any other way): the alert is
 * acknowledged and its cascade stops, the call open on the desk or not. */
static int
command_acknowledge (VigieApplication        *self,
                     GApplicationCommandLine *command_line,
                     int                      argc,
                     char                   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *by = NULL;
  g_autofree char *key = NULL;
  gboolean not_urgent = FALSE;
  const GOptionEntry entries[] = {
    { "call-id", 0, 0, G_OPTION_ARG_STRING, &call_id, N_("The call"), N_("ID") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who acknowledged (default: the person alerted)"), N_("NAME") },
    { "not-urgent", 0, 0, G_OPTION_ARG_NONE, &not_urgent, N_("The on-call person judged it a false alarm"), NULL },
    { NULL }
  };

  if (!parse_options (_("— record that the on-call person took the alert"), entries, &argc, &argv, &error) ||
      call_id == NULL)
    {
      g_application_command_line_printerr (command_line, "vigie acknowledge: %s\n",
                                           error ? error->message : _("--call-id is required"));
      return 2;
    }

  /* The alert the decision sent, by its own key. */
  events = vigie_journal_list_events (vigie_context_get_journal (vigie_application_get_context (self)), call_id, &error);
  if (events != NULL)
    key = find_alert_key (events, &by);
  if (key == NULL)
    {
      g_application_command_line_printerr (command_line, "vigie acknowledge: %s\n",
                                           error ? error->message : _("This call sent no alert"));
      return 1;
    }
  if (!vigie_dispatcher_acknowledge_verdict (vigie_context_get_dispatcher (vigie_application_get_context (self)),
                                             call_id, key, "operator", by, not_urgent ? "not-urgent" : NULL, &error))
    {
      g_application_command_line_printerr (command_line, "vigie acknowledge: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
command_call (VigieApplication        *self,
              GApplicationCommandLine *command_line,
              int                      argc,
              char                   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *from = NULL;
  g_autofree char *line = NULL;
  g_autofree char *call_id = NULL;
  gint64 requested_at = g_get_monotonic_time ();
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The caller's number"), N_("NUMBER") },
    { "line", 0, 0, G_OPTION_ARG_STRING, &line, N_("The number the caller dialled"), N_("NUMBER") },
    { "call-id", 0, 0, G_OPTION_ARG_STRING, &call_id, N_("The switchboard's call identifier"), N_("ID") },
    { NULL }
  };

  if (!parse_options (_("— open an incoming call on the desk"), entries, &argc, &argv, &error))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 2;
    }
  if (line == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("vigie call: --line is required"));
      return 2;
    }

  if (!(call = vigie_application_open_call_timed (self, from ? from : "anonymous", line, call_id,
                                                  requested_at, &error)))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 1;
    }

  g_application_command_line_print (command_line, "%s\n", vigie_call_get_id (call));
  if (vigie_call_get_journal_error (call) != NULL)
    g_application_command_line_printerr (command_line,
                                         _("Warning: the call is on the desk, but the journal cannot record it yet: %s\n"),
                                         vigie_call_get_journal_error (call));
  return 0;
}

/* `vigie tel:NUMBER;line=LINE`, as a softphone or a browser opens it. */
static int
command_tel (VigieApplication        *self,
             GApplicationCommandLine *command_line,
             const char              *uri)
{
  g_autofree char *from = NULL;
  g_autofree char *line = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) error = NULL;

  parse_tel_uri (uri, &from, &line, &call_id);
  /* Without a line, a tel: link is the operator calling someone back:
   * show the desk, there is no incoming call to qualify. */
  if (line == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      return 0;
    }
  if (!(call = vigie_application_open_call (self, from, line, call_id, &error)))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 1;
    }
  return 0;
}

static const char * const sub_commands[] = {
  "call", "acknowledge", "answer", "decide", "identify", "hangup", "close", "intervention", NULL
};

/* What `vigie …` gives the running desk (GApplication forwards it). */
int
_vigie_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  VigieApplication *self = VIGIE_APPLICATION (app);
  g_auto(GStrv) argv = NULL;
  int argc;

  argv = g_application_command_line_get_arguments (command_line, &argc);

  if (vigie_application_get_context (self) == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n", _vigie_application_get_context_error (self)->message);
      g_application_activate (app);
      return 1;
    }

  if (argc >= 2 && g_strv_contains (sub_commands, argv[1]))
    {
      /* GOptionContext wants the program name first. */
      g_autofree char **sub = g_new0 (char *, argc);

      sub[0] = argv[0];
      for (int i = 2; i < argc; i++)
        sub[i - 1] = argv[i];
      if (g_str_equal (argv[1], "call"))
        return command_call (self, command_line, argc - 1, sub);
      if (g_str_equal (argv[1], "acknowledge"))
        return command_acknowledge (self, command_line, argc - 1, sub);
      return command_operator (self, command_line, argv[1], argc - 1, sub);
    }

  if (argc >= 2 && g_ascii_strncasecmp (argv[1], "tel:", 4) == 0)
    return command_tel (self, command_line, argv[1]);

  if (argc >= 2)
    {
      g_application_command_line_printerr (command_line,
                                           _("Unknown command “%s”. Usage:\n"
                                             "  vigie\n"
                                             "  vigie call --from NUMBER --line NUMBER [--call-id ID]\n"
                                             "  vigie tel:NUMBER;line=NUMBER\n"
                                             "  vigie answer --call-id ID CHOICE|TEXT…\n"
                                             "  vigie identify --call-id ID [--last-name …] [--callback …]\n"
                                             "  vigie decide --call-id ID [--kind trigger|defer|log --reason TEXT]\n"
                                             "  vigie hangup|close --call-id ID\n"
                                             "  vigie intervention --call-id ID [--started TIME --ended TIME] [--satisfaction 1-5]\n"),
                                           argv[1]);
      return 2;
    }

  g_application_activate (app);
  return 0;
}
