/* vigie-desk-telephony.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the telephone and the desk: a ring opens the call the way
 * `vigie call` does (vigie_application_open_call_timed), so the operator
 * never types the caller's number; the softphone's pick-up and hang-up
 * buttons sit in the call's header; an unanswered ring draws attention.
 */
#define G_LOG_DOMAIN "vigie-desk-telephony"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "vigie-call-view.h"
#include "vigie-desk-telephony.h"
#include "vigie-wazo-connector.h"
#include "vigie-window.h"

struct _VigieDeskTelephony
{
  GObject           parent_instance;

  VigieApplication *application;   /* unowned: the application owns us */
  VigieTelephony   *telephony;
  VigieContext     *context;
  GFileMonitor     *monitor;       /* telephony.json, changed by `vigie telephony` */
  guint             reload_id;
  char             *loaded;        /* the file as last loaded */
};

G_DEFINE_FINAL_TYPE (VigieDeskTelephony, vigie_desk_telephony, G_TYPE_OBJECT)

static VigieCallView *
find_view (VigieDeskTelephony *self,
           const char         *call_id)
{
  GtkWindow *window = vigie_application_get_desk (self->application);
  GtkWidget *view = VIGIE_IS_WINDOW (window) ? vigie_window_get_call_view (VIGIE_WINDOW (window), call_id) : NULL;

  return view ? VIGIE_CALL_VIEW (view) : NULL;
}

/* The pick-up button while it rings, the hang-up button once answered. */
static void
update_controls (VigieDeskTelephony *self,
                 const char         *call_id,
                 gboolean            ended)
{
  VigieCallView *view = find_view (self, call_id);
  GtkWidget *box, *answer, *hangup;

  if (view == NULL)
    return;
  box = g_object_get_data (G_OBJECT (view), "vigie-line-controls");
  if (box == NULL)
    {
      if (ended || !vigie_telephony_can_answer (self->telephony, call_id))
        return;
      /* Stacked: the header's first column (client, line) keeps its width. */
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      answer = gtk_button_new_with_mnemonic (_("_Pick Up"));
      gtk_widget_set_name (answer, "pick-up");
      gtk_widget_add_css_class (answer, "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (answer), "app.telephony-answer");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (answer), "s", call_id);
      gtk_widget_set_tooltip_text (answer, _("Answer on the softphone"));
      hangup = gtk_button_new_with_mnemonic (_("_Hang Up"));
      gtk_widget_set_name (hangup, "hang-up");
      gtk_widget_add_css_class (hangup, "destructive-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (hangup), "app.telephony-hangup");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (hangup), "s", call_id);
      gtk_widget_set_tooltip_text (hangup, _("End the call on the softphone"));
      gtk_box_append (GTK_BOX (box), answer);
      gtk_box_append (GTK_BOX (box), hangup);
      g_object_set_data (G_OBJECT (view), "vigie-line-controls", box);
      g_object_set_data (G_OBJECT (view), "vigie-line-answer", answer);
      g_object_set_data (G_OBJECT (view), "vigie-line-hangup", hangup);
      vigie_call_view_set_line_controls (view, box);
    }
  answer = g_object_get_data (G_OBJECT (view), "vigie-line-answer");
  hangup = g_object_get_data (G_OBJECT (view), "vigie-line-hangup");
  gtk_widget_set_visible (box, !ended);
  gtk_widget_set_visible (answer, vigie_telephony_is_ringing (self->telephony, call_id));
  gtk_widget_set_visible (hangup, TRUE);
}

static void
ringing_cb (VigieDeskTelephony        *self,
            const VigieTelephonyEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;

  if (event->line == NULL)
    {
      g_message ("Call %s from connector %s: no line configured, not opened", event->call_id, event->connector);
      return;
    }
  call = vigie_application_open_call_timed (self->application, event->from, event->line, event->call_id,
                                            event->received_at, &error);
  if (call == NULL)
    {
      g_message ("Call %s not opened: %s", event->call_id, error->message);
      return;
    }
  vigie_telephony_prefill_identity (call, event);
  update_controls (self, event->call_id, FALSE);
  g_debug ("Ring %s opened %.1f ms after the event", event->call_id,
           (g_get_monotonic_time () - event->received_at) / 1000.0);
}

static void
answered_cb (VigieDeskTelephony        *self,
             const VigieTelephonyEvent *event)
{
  VigieCallView *view = find_view (self, event->call_id);

  if (view != NULL)
    vigie_call_view_set_line_state (view, TRUE, FALSE);
  update_controls (self, event->call_id, FALSE);
}

static void
ended_cb (VigieDeskTelephony        *self,
          const VigieTelephonyEvent *event)
{
  VigieCallView *view = find_view (self, event->call_id);

  if (view != NULL)
    vigie_call_view_set_line_state (view, TRUE, TRUE);
  update_controls (self, event->call_id, TRUE);
}

/* Nobody picked up: the desk comes forward, the operators are told. */
static void
unanswered_cb (VigieDeskTelephony        *self,
               const VigieTelephonyEvent *event)
{
  GtkWindow *window = vigie_application_get_desk (self->application);
  g_autofree char *message = g_strdup_printf (_("Unanswered call from %s"),
                                              event->from ? event->from : _("an unknown number"));

  if (VIGIE_IS_WINDOW (window))
    {
      vigie_window_add_toast (VIGIE_WINDOW (window), message);
      gtk_window_present (window);
    }
  if (notify_is_initted ())
    {
      g_autoptr(GObject) notification = G_OBJECT (notify_notification_new (_("Unanswered Call"), message,
                                                                           "call-missed-symbolic"));
      g_autoptr(GError) error = NULL;

      notify_notification_set_urgency (NOTIFY_NOTIFICATION (notification), NOTIFY_URGENCY_CRITICAL);
      if (!notify_notification_show (NOTIFY_NOTIFICATION (notification), &error))
        g_debug ("No notification: %s", error->message);
    }
}

static void
connector_changed_cb (VigieDeskTelephony      *self,
                      VigieTelephonyConnector *connector)
{
  GtkWindow *window = vigie_application_get_desk (self->application);
  VigieTelephonyState state = vigie_telephony_connector_get_state (connector);
  gboolean was = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (connector), "vigie-desk-was-connected"));
  g_autofree char *message = NULL;

  /* Only a lost or regained link is worth interrupting the operator for. */
  if (state == VIGIE_TELEPHONY_CONNECTED && !was)
    message = g_strdup_printf (_("Telephone “%s” connected"), vigie_telephony_connector_get_id (connector));
  else if (state != VIGIE_TELEPHONY_CONNECTED && was)
    message = g_strdup_printf (_("Telephone “%s” disconnected: calls will not pop up until it is back"),
                               vigie_telephony_connector_get_id (connector));
  g_object_set_data (G_OBJECT (connector), "vigie-desk-was-connected",
                     GINT_TO_POINTER (state == VIGIE_TELEPHONY_CONNECTED));
  if (message != NULL && VIGIE_IS_WINDOW (window))
    vigie_window_add_toast (VIGIE_WINDOW (window), message);
}

static void
command_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  VigieDeskTelephony *self = user_data;
  const char *call_id = g_variant_get_string (parameter, NULL);
  gboolean answer = g_str_equal (g_action_get_name (G_ACTION (action)), "telephony-answer");
  g_autoptr(GError) error = NULL;

  if (!(answer ? vigie_telephony_answer (self->telephony, call_id, &error)
               : vigie_telephony_hangup (self->telephony, call_id, &error)))
    {
      GtkWindow *window = vigie_application_get_desk (self->application);

      if (VIGIE_IS_WINDOW (window))
        vigie_window_add_toast (VIGIE_WINDOW (window), error->message);
    }
}

static const GActionEntry actions[] = {
  { "telephony-answer", command_action, "s" },
  { "telephony-hangup", command_action, "s" },
};

static gboolean
reload_cb (gpointer user_data)
{
  VigieDeskTelephony *self = user_data;

  self->reload_id = 0;
  vigie_desk_telephony_reload (self);
  return G_SOURCE_REMOVE;
}

/* g_file_set_contents() renames a new file over the old one: several
 * events for one change, gathered into one reload. */
static void
file_changed_cb (VigieDeskTelephony *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (100, reload_cb, self);
}

static void
vigie_desk_telephony_dispose (GObject *object)
{
  VigieDeskTelephony *self = (VigieDeskTelephony *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  g_clear_object (&self->context);
  g_clear_pointer (&self->loaded, g_free);

  if (self->telephony != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->telephony, self);
      vigie_telephony_stop (self->telephony);
    }
  g_clear_object (&self->telephony);
  if (self->application != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      g_action_map_remove_action (G_ACTION_MAP (self->application), actions[i].name);
  self->application = NULL;

  G_OBJECT_CLASS (vigie_desk_telephony_parent_class)->dispose (object);
}

static void
vigie_desk_telephony_class_init (VigieDeskTelephonyClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigie_desk_telephony_dispose;
}

static void
vigie_desk_telephony_init (VigieDeskTelephony *self)
{
}

/**
 * vigie_desk_telephony_new:
 * @application: the application, which owns the result
 * @context: the loaded data
 *
 * Starts the connectors configured in the data directory's telephony.json.
 *
 * Returns: (transfer full): the desk's telephony
 */
VigieDeskTelephony *
vigie_desk_telephony_new (VigieApplication *application,
                          VigieContext     *context)
{
  VigieDeskTelephony *self = g_object_new (VIGIE_TYPE_DESK_TELEPHONY, NULL);
  g_autofree char *path = g_build_filename (vigie_context_get_data_dir (context), "telephony.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  self->application = application;
  self->context = g_object_ref (context);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_swapped (self->monitor, "changed", G_CALLBACK (file_changed_cb), self);
  self->telephony = vigie_telephony_new (context);
  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), self);
  g_signal_connect_swapped (self->telephony, "call-ringing", G_CALLBACK (ringing_cb), self);
  g_signal_connect_swapped (self->telephony, "call-answered", G_CALLBACK (answered_cb), self);
  g_signal_connect_swapped (self->telephony, "call-ended", G_CALLBACK (ended_cb), self);
  g_signal_connect_swapped (self->telephony, "call-unanswered", G_CALLBACK (unanswered_cb), self);
  g_signal_connect_swapped (self->telephony, "connector-changed", G_CALLBACK (connector_changed_cb), self);
  vigie_desk_telephony_reload (self);
  return self;
}

VigieTelephony *
vigie_desk_telephony_get_telephony (VigieDeskTelephony *self)
{
  g_return_val_if_fail (VIGIE_IS_DESK_TELEPHONY (self), NULL);
  return self->telephony;
}

/**
 * vigie_desk_telephony_reload:
 * @self: a #VigieDeskTelephony
 *
 * Restarts the connectors from telephony.json (after the preferences or
 * `vigie telephony` changed it).
 */
void
vigie_desk_telephony_reload (VigieDeskTelephony *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (VIGIE_IS_DESK_TELEPHONY (self));

  /* Unchanged settings keep the links (and the rings they follow) up. */
  path = g_build_filename (vigie_context_get_data_dir (self->context), "telephony.json", NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    text = g_strdup ("");
  if (self->loaded != NULL && g_str_equal (self->loaded, text))
    return;
  g_free (self->loaded);
  self->loaded = g_steal_pointer (&text);

  if (!vigie_telephony_reload (self->telephony, &error))
    g_message ("Telephony: %s", error->message);
}

/**
 * vigie_desk_telephony_attach_endpoint:
 * @self: a #VigieDeskTelephony
 * @endpoint: the loopback switchboard endpoint
 *
 * Adds the /wazo route: wazo-webhookd posts its call events there.
 */
void
vigie_desk_telephony_attach_endpoint (VigieDeskTelephony *self,
                                      VigiePbxEndpoint   *endpoint)
{
  g_return_if_fail (VIGIE_IS_DESK_TELEPHONY (self));

  vigie_pbx_endpoint_add_route (endpoint, "/wazo", vigie_wazo_route, g_object_ref (self->telephony), g_object_unref);
}
