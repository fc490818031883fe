/* vigie-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-application"

#include "config.h"

#include <glib/gi18n.h>

#include <libnotify/notify.h>

#include "vigie-application.h"
#include "vigie-call-view.h"
#include "vigie-designer-window.h"
#include "vigie-desk-telephony.h"
#include "vigie-pbx-endpoint.h"
#include "vigie-preferences.h"
#include "vigie-targets-dialog.h"
#include "vigie-window.h"

struct _VigieApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  VigieContext   *context;
  GError         *context_error;
  VigiePbxEndpoint *pbx;
  VigieDeskTelephony *telephony;
  GtkWindow      *designer;  /* weak */
};

G_DEFINE_FINAL_TYPE (VigieApplication, vigie_application, ADW_TYPE_APPLICATION)

/* The CLI resolves it the same way: one data folder, one journal. */
static char *
dup_data_dir (VigieApplication *self)
{
  return vigie_context_dup_default_data_dir ();
}

static gboolean
ensure_context (VigieApplication  *self,
                GError           **error)
{
  g_autofree char *data_dir = NULL;
  gboolean installed = FALSE;

  if (self->context != NULL)
    return TRUE;

  data_dir = dup_data_dir (self);
  if (!vigie_context_install_demo (data_dir, &installed, error))
    return FALSE;
  if (installed)
    g_message ("Demo dataset installed in %s", data_dir);

  self->context = vigie_context_new (data_dir, error);
  /* A second desk on the same folder would send every alert again. */
  if (self->context != NULL && !vigie_context_check_sender (self->context, error))
    g_clear_object (&self->context);
  return self->context != NULL;
}

/* The desk, even when Preferences or another dialog has the focus. */
static GtkWindow *
find_desk (VigieApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIGIE_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static VigieWindow *
ensure_window (VigieApplication *self)
{
  GtkWindow *window = find_desk (self);

  if (window == NULL)
    window = GTK_WINDOW (vigie_window_new (ADW_APPLICATION (self), self->context));
  return VIGIE_WINDOW (window);
}

static void
show_fatal_error (VigieApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Vigie Cannot Start"), self->context_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_application_quit), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vigie_application_activate (GApplication *app)
{
  VigieApplication *self = VIGIE_APPLICATION (app);

  if (self->context == NULL)
    {
      show_fatal_error (self);
      return;
    }
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

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

static VigieCallView *
find_view (VigieApplication  *self,
           const char        *call_id,
           GError           **error)
{
  GtkWindow *window = find_desk (self);
  GtkWidget *view = NULL;

  if (call_id != NULL && VIGIE_IS_WINDOW (window))
    view = vigie_window_get_call_view (VIGIE_WINDOW (window), call_id);
  if (view == NULL)
    g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_UNKNOWN_CALL,
                 _("No call “%s” on the desk"), call_id ? call_id : "");
  return view ? VIGIE_CALL_VIEW (view) : NULL;
}

/* The switchboard's ring, answer and hang-up, from the loopback endpoint. */
static gboolean
pbx_handler (VigiePbxEndpoint       *endpoint,
             const VigiePbxRequest  *request,
             char                  **call_id,
             GError                **error,
             gpointer                user_data)
{
  VigieApplication *self = user_data;
  gint64 requested_at = g_get_monotonic_time ();
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GError) local_error = NULL;
  VigieCallView *view;

  switch (request->event)
    {
    case VIGIE_PBX_EVENT_RING:
      /* PBXs retry; the same ring twice is one call. */
      if (request->call_id && (view = find_view (self, request->call_id, NULL)))
        {
          *call_id = g_strdup (request->call_id);
          return TRUE;
        }
      call = vigie_application_open_call_timed (self, request->from ? request->from : "anonymous",
                                                request->line, request->call_id, requested_at, error);
      if (call == NULL)
        return FALSE;
      *call_id = g_strdup (vigie_call_get_id (call));
      return TRUE;

    case VIGIE_PBX_EVENT_ANSWER:
    case VIGIE_PBX_EVENT_HANGUP:
      if (!(view = find_view (self, request->call_id, &local_error)))
        {
          g_autoptr(GPtrArray) events = vigie_journal_list_events (vigie_context_get_journal (self->context),
                                                                   request->call_id, NULL);

          /* Hang-up after the operator closed the call: normal, nothing to do. */
          if (events != NULL && events->len > 0)
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      vigie_call_view_set_line_state (view, TRUE, request->event == VIGIE_PBX_EVENT_HANGUP);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void pbx_settings_changed_cb (VigieApplication *self,
                                     const char       *key);

static void
update_pbx_endpoint (VigieApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint16 port;

  if (self->pbx != NULL)
    vigie_pbx_endpoint_stop (self->pbx);
  g_clear_object (&self->pbx);

  if (self->context == NULL || !g_settings_get_boolean (self->settings, "pbx-endpoint-enabled"))
    return;

  /* The token is a secret: kept by VigieSecrets; one still in the
   * settings (in clear, readable by the whole session) is moved there. */
  {
    g_autofree char *legacy = g_settings_get_string (self->settings, "pbx-endpoint-token");
    gboolean stored = FALSE;

    if (!(token = vigie_context_dup_pbx_token (self->context, legacy, &stored, &error)))
      {
        if (error != NULL)
          g_warning ("%s", error->message);
        else
          g_message ("Switchboard endpoint off: no token (vigie alert pbx-token)");
        return;
      }
    if (stored && *legacy != '\0')
      {
        g_signal_handlers_block_by_func (self->settings, pbx_settings_changed_cb, self);
        g_settings_reset (self->settings, "pbx-endpoint-token");
        g_signal_handlers_unblock_by_func (self->settings, pbx_settings_changed_cb, self);
      }
  }
  g_settings_get (self->settings, "pbx-endpoint-port", "q", &port);
  self->pbx = vigie_pbx_endpoint_new (vigie_context_get_journal (self->context), token);
  vigie_pbx_endpoint_set_handler (self->pbx, pbx_handler, self, NULL);
  if (self->telephony != NULL)
    vigie_desk_telephony_attach_endpoint (self->telephony, self->pbx);
  if (!vigie_pbx_endpoint_listen (self->pbx, port, &error))
    {
      g_warning ("%s", error->message);
      g_clear_object (&self->pbx);
      return;
    }
  g_message ("Listening for the switchboard on 127.0.0.1:%u", port);
}

static void
pbx_settings_changed_cb (VigieApplication *self,
                         const char       *key)
{
  if (g_str_has_prefix (key, "pbx-endpoint-"))
    update_pbx_endpoint (self);
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
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *reason = NULL;
  char *fields[VIGIE_CALLER_N_FIELDS] = { NULL };
  int status = 1;
  g_autofree char *note = NULL;
  g_autofree char *no_callback = NULL;
  g_auto(GStrv) rest = NULL;
  VigieCallView *view;
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
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, N_("CHOICE…") },
    { NULL }
  };

  options = g_option_context_new (NULL);
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    goto failed;
  if (!(view = find_view (self, call_id, &error)))
    goto failed;
  call = vigie_call_view_get_call (view);

  if (g_str_equal (verb, "answer"))
    {
      /* Choices are numbered from 1, as on screen; a number or text
       * question takes the argument as typed. */
      for (guint i = 0; rest && rest[i]; i++)
        {
          VigieScriptRunner *runner = vigie_call_get_runner (call);
          const VigieScriptNode *node = runner ? vigie_script_runner_get_current (runner) : NULL;
          guint64 choice;

          if (node != NULL && (node->kind == VIGIE_NODE_TEXT || node->kind == VIGIE_NODE_NUMBER))
            {
              if (!vigie_call_answer_text (call, rest[i], &error))
                goto failed;
            }
          else if (!g_ascii_string_to_unsigned (rest[i], 10, 1, 9, &choice, &error) ||
                   !vigie_call_answer (call, choice - 1, &error))
            goto failed;
        }
    }
  else if (g_str_equal (verb, "identify"))
    {
      for (VigieCallerField field = 0; field < VIGIE_CALLER_N_FIELDS; field++)
        if (fields[field] != NULL &&
            !vigie_caller_identity_set (vigie_call_get_identity (call), field, fields[field], &error))
          goto failed;
      if (note != NULL)
        vigie_call_set_note (call, note);
    }
  else if (g_str_equal (verb, "decide"))
    {
      VigieDecision *decision = vigie_call_get_decision (call);
      VigieDecisionKind chosen;

      if (decision == NULL)
        {
          g_set_error (&error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                       _("The script has not reached a decision yet"));
          goto failed;
        }
      chosen = kind ? vigie_decision_kind_from_string (kind) : vigie_decision_get_recommended (decision);
      if (chosen == VIGIE_DECISION_NONE)
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown decision “%s”: use trigger, defer or log"), kind);
          goto failed;
        }
      if (note != NULL)
        vigie_call_set_note (call, note);
      if (no_callback != NULL && !vigie_call_set_no_callback (call, no_callback, &error))
        goto failed;
      if (!vigie_call_commit_identity (call, &error) ||
          !vigie_call_decide (call, chosen, reason, &error))
        goto failed;
    }
  else if (g_str_equal (verb, "hangup"))
    vigie_call_view_set_line_state (view, TRUE, TRUE);
  else if (g_str_equal (verb, "close"))
    gtk_widget_activate_action (GTK_WIDGET (view), "call.close", NULL);

  status = 0;

failed:
  if (error != NULL)
    g_application_command_line_printerr (command_line, "vigie %s: %s\n", verb, error->message);
  for (guint i = 0; i < VIGIE_CALLER_N_FIELDS; i++)
    g_free (fields[i]);
  return status;
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
  g_autoptr(GOptionContext) options = NULL;
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

  options = g_option_context_new (_("— record that the on-call person took the alert"));
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (options, &argc, &argv, &error) || call_id == NULL)
    {
      g_application_command_line_printerr (command_line, "vigie acknowledge: %s\n",
                                           error ? error->message : _("--call-id is required"));
      return 2;
    }

  /* The alert the decision sent, by its own key. */
  events = vigie_journal_list_events (vigie_context_get_journal (self->context), call_id, &error);
  for (guint i = events ? events->len : 0; i > 0 && key == NULL; i--)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i - 1);
      g_autoptr(JsonNode) node = NULL;

      if (!g_str_equal (event->kind, "decision") || !(node = json_from_string (event->data, NULL)) ||
          !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      key = g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "dedup_key", NULL));
      /* Without --by, the person the alert went to is the one phoning back. */
      if (by == NULL && json_object_has_member (json_node_get_object (node), "recipient") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (node), "recipient")))
        by = g_strdup (json_object_get_string_member_with_default (
                         json_object_get_object_member (json_node_get_object (node), "recipient"), "name", NULL));
    }
  if (key == NULL)
    {
      g_application_command_line_printerr (command_line, "vigie acknowledge: %s\n",
                                           error ? error->message : _("This call sent no alert"));
      return 1;
    }
  if (!vigie_dispatcher_acknowledge_verdict (vigie_context_get_dispatcher (self->context), call_id, key,
                                             "operator", by, not_urgent ? "not-urgent" : NULL, &error))
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
  g_autoptr(GOptionContext) options = NULL;
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

  options = g_option_context_new (_("— open an incoming call on the desk"));
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (options, TRUE);

  if (!g_option_context_parse (options, &argc, &argv, &error))
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

static int
vigie_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
  VigieApplication *self = VIGIE_APPLICATION (app);
  g_auto(GStrv) argv = NULL;
  int argc;

  argv = g_application_command_line_get_arguments (command_line, &argc);

  if (self->context == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n", self->context_error->message);
      g_application_activate (app);
      return 1;
    }

  if (argc >= 2 && g_str_equal (argv[1], "call"))
    {
      /* GOptionContext wants the program name first. */
      g_autofree char **sub = g_new0 (char *, argc);
      int ret;

      sub[0] = argv[0];
      for (int i = 2; i < argc; i++)
        sub[i - 1] = argv[i];
      ret = command_call (self, command_line, argc - 1, sub);
      return ret;
    }

  if (argc >= 2 && g_str_equal (argv[1], "acknowledge"))
    {
      g_autofree char **sub = g_new0 (char *, argc);

      sub[0] = argv[0];
      for (int i = 2; i < argc; i++)
        sub[i - 1] = argv[i];
      return command_acknowledge (self, command_line, argc - 1, sub);
    }

  if (argc >= 2 && (g_str_equal (argv[1], "answer") || g_str_equal (argv[1], "decide") ||
                    g_str_equal (argv[1], "identify") || g_str_equal (argv[1], "hangup") ||
                    g_str_equal (argv[1], "close")))
    {
      g_autofree char **sub = g_new0 (char *, argc);

      sub[0] = argv[0];
      for (int i = 2; i < argc; i++)
        sub[i - 1] = argv[i];
      return command_operator (self, command_line, argv[1], argc - 1, sub);
    }

  if (argc >= 2 && g_ascii_strncasecmp (argv[1], "tel:", 4) == 0)
    {
      g_autofree char *from = NULL;
      g_autofree char *line = NULL;
      g_autofree char *call_id = NULL;
      g_autoptr(VigieCall) call = NULL;
      g_autoptr(GError) error = NULL;

      parse_tel_uri (argv[1], &from, &line, &call_id);
      /* Without a line, a tel: link is the operator calling someone back:
       * show the desk, there is no incoming call to qualify. */
      if (line == NULL)
        {
          g_application_activate (app);
          return 0;
        }
      if (!(call = vigie_application_open_call (self, from, line, call_id, &error)))
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return 1;
        }
      return 0;
    }

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
                                             "  vigie hangup|close --call-id ID\n"),
                                           argv[1]);
      return 2;
    }

  g_application_activate (app);
  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  VigieApplication *self = user_data;
  const char *developers[] = { "Vigie contributors", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Vigie"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("On-call desk for answering services"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
targets_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  VigieApplication *self = user_data;
  VigieTargetsDialog *dialog;

  if (self->context == NULL)
    return;
  dialog = vigie_targets_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)), self->context);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The operator may be on another window or another call: the desktop
 * notification reaches them; the call's banner stays until acknowledged. */
static void
overdue_cb (VigieApplication *self,
            const char       *call_id,
            const char       *dedup_key,
            const char       *phone,
            const char       *last_error,
            VigieDispatcher  *dispatcher)
{
  g_autoptr(GObject) notification = NULL;  /* libnotify 0.8 has no autoptr */
  g_autoptr(GError) error = NULL;
  g_autofree char *body = phone
    ? g_strdup_printf (_("Phone the on-call person: %s"), phone)
    : g_strdup (_("Phone the on-call person."));

  if (!notify_is_initted ())
    return;
  notification = G_OBJECT (notify_notification_new (_("Alert not delivered"), body, "dialog-warning-symbolic"));
  notify_notification_set_urgency (NOTIFY_NOTIFICATION (notification), NOTIFY_URGENCY_CRITICAL);
  if (!notify_notification_show (NOTIFY_NOTIFICATION (notification), &error))
    g_debug ("No notification: %s", error->message);
}

static void
overdue_delay_changed_cb (VigieApplication *self)
{
  vigie_dispatcher_set_overdue_delay (vigie_context_get_dispatcher (self->context),
                                      g_settings_get_uint (self->settings, "alert-overdue-delay"));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VigieApplication *self = user_data;

  if (self->context == NULL || self->telephony == NULL)
    return;
  gtk_window_present (GTK_WINDOW (vigie_preferences_new (find_desk (self),
                                                         self->context,
                                                         vigie_desk_telephony_get_telephony (self->telephony))));
}

/* One designer at a time: presented again if already open. */
static void
designer_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  VigieApplication *self = user_data;

  if (self->context == NULL)
    return;
  if (self->designer == NULL)
    {
      self->designer = GTK_WINDOW (vigie_designer_window_new (GTK_APPLICATION (self),
                                                              vigie_context_get_data_dir (self->context)));
      g_object_add_weak_pointer (G_OBJECT (self->designer), (gpointer *) &self->designer);
    }
  gtk_window_present (self->designer);
}

static const GActionEntry app_actions[] = {
  { "targets", targets_action },
  { "preferences", preferences_action },
  { "designer", designer_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
vigie_application_startup (GApplication *app)
{
  VigieApplication *self = VIGIE_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (vigie_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  notify_init (_("Vigie"));
  if (!ensure_context (self, &self->context_error))
    g_warning ("%s", self->context_error->message);
  else
    {
      g_signal_connect_object (vigie_context_get_dispatcher (self->context), "overdue",
                               G_CALLBACK (overdue_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::alert-overdue-delay",
                               G_CALLBACK (overdue_delay_changed_cb), self, G_CONNECT_SWAPPED);
      overdue_delay_changed_cb (self);
      vigie_context_start_escalation (self->context);
      /* New clients, scripts and rosters without a restart. */
      vigie_context_watch (self->context);
      self->telephony = vigie_desk_telephony_new (self, self->context);
    }

  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (pbx_settings_changed_cb), self);
  update_pbx_endpoint (self);
}

static void
vigie_application_shutdown (GApplication *app)
{
  VigieApplication *self = VIGIE_APPLICATION (app);

  g_clear_object (&self->pbx);
  g_clear_object (&self->telephony);

  G_APPLICATION_CLASS (vigie_application_parent_class)->shutdown (app);
}

static void
vigie_application_finalize (GObject *object)
{
  VigieApplication *self = (VigieApplication *)object;

  g_clear_object (&self->pbx);
  g_clear_object (&self->telephony);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_error (&self->context_error);
  if (notify_is_initted ())
    notify_uninit ();

  G_OBJECT_CLASS (vigie_application_parent_class)->finalize (object);
}

static void
vigie_application_class_init (VigieApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vigie_application_finalize;
  app_class->startup = vigie_application_startup;
  app_class->shutdown = vigie_application_shutdown;
  app_class->activate = vigie_application_activate;
  app_class->command_line = vigie_application_command_line;
}

static void
vigie_application_init (VigieApplication *self)
{
  self->settings = g_settings_new (APP_ID);
}

VigieApplication *
vigie_application_new (void)
{
  return g_object_new (VIGIE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/vigie/Vigie",
                       NULL);
}

/**
 * vigie_application_get_context:
 * @self: a #VigieApplication
 *
 * Returns: (transfer none) (nullable): the loaded data, after startup
 */
VigieContext *
vigie_application_get_context (VigieApplication *self)
{
  g_return_val_if_fail (VIGIE_IS_APPLICATION (self), NULL);
  return self->context;
}

/**
 * vigie_application_get_desk:
 * @self: a #VigieApplication
 *
 * Returns: (transfer none) (nullable): the desk window, if open
 */
GtkWindow *
vigie_application_get_desk (VigieApplication *self)
{
  g_return_val_if_fail (VIGIE_IS_APPLICATION (self), NULL);
  return find_desk (self);
}

/* The call is on screen but not on disk: the operator must know, since
 * nothing of it survives a crash until space returns. */
static void
journal_error_cb (VigieApplication *self,
                  GParamSpec       *pspec,
                  VigieCall        *call)
{
  const char *why = vigie_call_get_journal_error (call);
  g_autofree char *id = g_strdup_printf ("journal-%s", vigie_call_get_id (call));

  if (why == NULL)
    {
      if (pspec != NULL)
        g_application_withdraw_notification (G_APPLICATION (self), id);
      return;
    }
  {
    g_autoptr(GNotification) notification = g_notification_new (_("The Journal Cannot Record This Call"));
    g_autofree char *body = g_strdup_printf (_("The call is on screen and kept in memory, but the journal "
                                               "refused to write it (%s). Free disk space: it is written "
                                               "as soon as it can be."), why);

    g_notification_set_body (notification, body);
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
    g_application_send_notification (G_APPLICATION (self), id, notification);
  }
}

/**
 * vigie_application_open_call:
 * @self: a #VigieApplication
 * @from: the caller's number
 * @line: the dialled line
 * @call_id: (nullable): the switchboard's call id
 * @error: return location for a #GError
 *
 * Opens an incoming call on the desk, opening the window if needed.
 *
 * Returns: (transfer full) (nullable): the call
 */
VigieCall *
vigie_application_open_call (VigieApplication  *self,
                             const char        *from,
                             const char        *line,
                             const char        *call_id,
                             GError           **error)
{
  return vigie_application_open_call_timed (self, from, line, call_id, g_get_monotonic_time (), error);
}

/**
 * vigie_application_open_call_timed:
 * @self: a #VigieApplication
 * @from: the caller's number
 * @line: the dialled line
 * @call_id: (nullable): the switchboard's call id
 * @requested_at: monotonic time the request arrived
 * @error: return location for a #GError
 *
 * Like vigie_application_open_call(); the screen pop's duration from
 * @requested_at to the first frame is journaled ("screen-pop").
 *
 * Returns: (transfer full) (nullable): the call
 */
VigieCall *
vigie_application_open_call_timed (VigieApplication  *self,
                                   const char        *from,
                                   const char        *line,
                                   const char        *call_id,
                                   gint64             requested_at,
                                   GError           **error)
{
  g_autoptr(VigieCall) call = NULL;
  VigieWindow *window;

  g_return_val_if_fail (VIGIE_IS_APPLICATION (self), NULL);

  if (self->context == NULL)
    {
      g_propagate_error (error, g_error_copy (self->context_error));
      return NULL;
    }

  window = ensure_window (self);
  /* The same call id twice (a retried ring) must not open a second view. */
  if (call_id != NULL && vigie_window_get_call_view (window, call_id) != NULL)
    {
      GtkWidget *view = vigie_window_get_call_view (window, call_id);

      gtk_window_present (GTK_WINDOW (window));
      return g_object_ref (vigie_call_view_get_call (VIGIE_CALL_VIEW (view)));
    }

  if (!(call = vigie_context_open_call (self->context, from, line, call_id, error)))
    return NULL;

  gtk_window_present (GTK_WINDOW (window));
  vigie_window_add_call_timed (window, call, requested_at);
  /* A full disk is said loudly, and again when it clears. */
  g_signal_connect_object (call, "notify::journal-error", G_CALLBACK (journal_error_cb), self,
                           G_CONNECT_SWAPPED);
  journal_error_cb (self, NULL, call);

  return g_steal_pointer (&call);
}
