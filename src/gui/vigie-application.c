/* vigie-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-application"

#include "config.h"

#include <glib/gi18n.h>

#include <libnotify/notify.h>

#include "vigie-application-private.h"
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

/* An open call by its id; hidden calls have no view, only their call. */
VigieCall *
_vigie_application_find_call (VigieApplication  *self,
                              const char        *call_id,
                              GError           **error)
{
  GtkWindow *window = find_desk (self);
  VigieCall *call = NULL;

  if (call_id != NULL && VIGIE_IS_WINDOW (window))
    call = vigie_window_get_call (VIGIE_WINDOW (window), call_id);
  if (call == NULL)
    g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_UNKNOWN_CALL,
                 _("No call “%s” on the desk"), call_id ? call_id : "");
  return call;
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
  VigieCall *open;

  switch (request->event)
    {
    case VIGIE_PBX_EVENT_RING:
      /* PBXs retry; the same ring twice is one call. */
      if (request->call_id && _vigie_application_find_call (self, request->call_id, NULL))
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
      if (!(open = _vigie_application_find_call (self, request->call_id, &local_error)))
        {
          g_autoptr(GPtrArray) events = vigie_journal_list_events (vigie_context_get_journal (self->context),
                                                                   request->call_id, NULL);

          /* Hang-up after the operator closed the call: normal, nothing to do. */
          if (events != NULL && events->len > 0)
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      vigie_window_set_line_state (VIGIE_WINDOW (find_desk (self)), open, TRUE,
                                   request->event == VIGIE_PBX_EVENT_HANGUP);
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
load_icon_theme (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (source, "open-menu-symbolic", NULL, 16, 1,
                                                                  GTK_TEXT_DIR_NONE, 0);
}

static void
vigie_application_startup (GApplication *app)
{
  VigieApplication *self = VIGIE_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (vigie_application_parent_class)->startup (app);

  /* The icon theme reads its index files on its first lookup, which the
   * header bar makes on the main thread before the window is mapped: read
   * them on the other core while the data folder and the desk are built. */
  {
    GdkDisplay *display = gdk_display_get_default ();

    if (display != NULL)
      {
        g_autoptr(GTask) task = g_task_new (gtk_icon_theme_get_for_display (display), NULL, NULL, NULL);

        g_task_run_in_thread (task, load_icon_theme);
      }
  }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);

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
  app_class->command_line = _vigie_application_command_line;
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

/* Why the data could not be loaded, when the context is %NULL. */
const GError *
_vigie_application_get_context_error (VigieApplication *self)
{
  return self->context_error;
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
  if (call_id != NULL && vigie_window_get_call (window, call_id) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return g_object_ref (vigie_window_get_call (window, call_id));
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
