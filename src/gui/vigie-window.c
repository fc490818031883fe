/* vigie-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk: a list of open calls (each with its timer and state) beside
 * the selected call, and the journal. Calls are independent views of
 * independent #VigieCall objects, so nothing of one leaks into another.
 */
#define G_LOG_DOMAIN "vigie-window"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "vigie-call-row.h"
#include "vigie-call-view.h"
#include "vigie-journal-view.h"
#include "vigie-roster-banner.h"
#include "vigie-roster-view.h"
#include "vigie-window.h"

#define HISTORY_DAYS 30
#define HISTORY_LIMIT 10

struct _VigieWindow
{
  AdwApplicationWindow  parent_instance;

  VigieContext         *context;
  guint                 tick_id;
  VigieCallView        *spare_view;   /* built ahead for the next call */
  guint                 spare_id;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkStack             *desk_stack;
  GtkListBox           *calls_list;
  GtkStack             *calls_stack;
  VigieJournalView     *journal_view;
  VigieRosterView      *roster_view;
  VigieRosterBanner    *escalation_banner;
  GtkRevealer          *attention_revealer;
  GtkListBox           *attention_list;
  GHashTable           *closed_calls;   /* VigieCall → its attention row, or NULL */
  GtkRevealer          *signin_revealer;
  GtkEntry             *signin_entry;
  GtkButton            *operator_button;
};

G_DEFINE_FINAL_TYPE (VigieWindow, vigie_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct {
  VigieWindow *window;
  char        *call_id;
  gint64       requested_at;
  gulong       handler;
} ScreenPop;

static void
update_desk (VigieWindow *self)
{
  gboolean has_calls = gtk_widget_get_first_child (GTK_WIDGET (self->calls_stack)) != NULL;

  gtk_stack_set_visible_child_name (self->desk_stack, has_calls ? "calls" : "empty");
}

static VigieCallRow *
find_row (VigieWindow   *self,
          VigieCallView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->calls_list));
       child; child = gtk_widget_get_next_sibling (child))
    if (VIGIE_IS_CALL_ROW (child) && vigie_call_row_get_view (VIGIE_CALL_ROW (child)) == view)
      return VIGIE_CALL_ROW (child);
  return NULL;
}

static void
show_view (VigieWindow   *self,
           VigieCallView *view)
{
  VigieCallRow *row = find_row (self, view);
  GtkWidget *shown = gtk_stack_get_visible_child (self->calls_stack);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  /* Keys already on their way were meant for what was on screen. */
  if ((shown != NULL && shown != GTK_WIDGET (view)) || g_strcmp0 (page, "desk") != 0)
    vigie_call_view_hold_input (view);
  if (row != NULL)
    vigie_call_row_set_waiting (row, FALSE);
  gtk_stack_set_visible_child (self->calls_stack, GTK_WIDGET (view));
  if (row != NULL && gtk_list_box_get_selected_row (self->calls_list) != GTK_LIST_BOX_ROW (row))
    gtk_list_box_select_row (self->calls_list, GTK_LIST_BOX_ROW (row));
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
row_selected_cb (VigieWindow   *self,
                 GtkListBoxRow *row)
{
  if (row != NULL && VIGIE_IS_CALL_ROW (row))
    {
      VigieCallView *view = vigie_call_row_get_view (VIGIE_CALL_ROW (row));

      if (gtk_stack_get_visible_child (self->calls_stack) != GTK_WIDGET (view))
        show_view (self, view);
    }
}

/* --- Needs attention: closed calls whose alert did not get through ---- */

static void
attention_reveal (VigieWindow *self)
{
  gtk_revealer_set_reveal_child (self->attention_revealer,
                                 gtk_widget_get_first_child (GTK_WIDGET (self->attention_list)) != NULL);
}

static void
attention_acknowledge_cb (GtkButton *button,
                          VigieCall *call)
{
  g_autoptr(GError) error = NULL;

  if (!vigie_call_acknowledge (call, &error))
    g_warning ("%s", error->message);
}

static void
attention_refresh (VigieWindow *self,
                   VigieCall   *call)
{
  GtkWidget *row = g_hash_table_lookup (self->closed_calls, call);
  g_autofree char *subtitle = NULL;

  if (!vigie_call_get_needs_attention (call))
    {
      /* Delivered or acknowledged at last: off the list. */
      if (row != NULL)
        {
          gtk_list_box_remove (self->attention_list, row);
          g_hash_table_insert (self->closed_calls, g_object_ref (call), NULL);
        }
      attention_reveal (self);
      return;
    }

  if (row == NULL)
    {
      VigieClient *client = vigie_call_get_client (call);
      g_autofree char *caller = vigie_caller_identity_dup_name (vigie_call_get_identity (call));
      g_autofree char *title = g_strdup_printf ("%s — %s", client ? vigie_client_get_name (client) : vigie_call_get_line (call),
                                                caller ? caller : vigie_call_get_from (call));
      GtkWidget *button = gtk_button_new_with_mnemonic (_("On-Call Person _Answered"));

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_add_css_class (row, "attention-row");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_object (button, "clicked", G_CALLBACK (attention_acknowledge_cb), call, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->attention_list, row);
      g_hash_table_insert (self->closed_calls, g_object_ref (call), row);
    }

  /* Who to phone, and what the platform said. */
  subtitle = g_strdup_printf ("%s%s%s",
                              vigie_call_get_alert_message (call) ? vigie_call_get_alert_message (call)
                                                                  : vigie_call_get_status_text (call),
                              vigie_call_get_oncall_phone (call) ? " · " : "",
                              vigie_call_get_oncall_phone (call) ? vigie_call_get_oncall_phone (call) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  attention_reveal (self);
}

static void
closed_call_notify_cb (VigieCall   *call,
                       GParamSpec  *pspec,
                       VigieWindow *self)
{
  attention_refresh (self, call);
}

static void
call_closed_cb (VigieWindow   *self,
                VigieCallView *view)
{
  VigieCallRow *row = find_row (self, view);
  VigieCall *call = vigie_call_view_get_call (view);
  int index = row ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : 0;
  GtkListBoxRow *next;

  /* A closed call whose alert is not through stays in sight (and is
   * followed: a deferred alert may fail after the call was closed). */
  if (call != NULL && !g_hash_table_contains (self->closed_calls, call))
    {
      g_hash_table_insert (self->closed_calls, g_object_ref (call), NULL);
      g_signal_connect_object (call, "notify::needs-attention", G_CALLBACK (closed_call_notify_cb), self, 0);
      g_signal_connect_object (call, "notify::status-text", G_CALLBACK (closed_call_notify_cb), self, 0);
      g_signal_connect_object (call, "notify::alert-message", G_CALLBACK (closed_call_notify_cb), self, 0);
      attention_refresh (self, call);
    }

  if (row != NULL)
    gtk_list_box_remove (self->calls_list, GTK_WIDGET (row));
  gtk_stack_remove (self->calls_stack, GTK_WIDGET (view));

  /* Take the next call at once: the one below, else the one above. */
  next = gtk_list_box_get_row_at_index (self->calls_list, index);
  if (next == NULL && index > 0)
    next = gtk_list_box_get_row_at_index (self->calls_list, index - 1);
  if (next != NULL)
    show_view (self, vigie_call_row_get_view (VIGIE_CALL_ROW (next)));
  update_desk (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  VigieWindow *self = user_data;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->calls_list));
       child; child = gtk_widget_get_next_sibling (child))
    if (VIGIE_IS_CALL_ROW (child))
      vigie_call_row_refresh (VIGIE_CALL_ROW (child));
  return G_SOURCE_CONTINUE;
}

static void
move_call (VigieWindow *self,
           int          delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->calls_list);
  GtkListBoxRow *next;
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row) + delta;
  if ((next = gtk_list_box_get_row_at_index (self->calls_list, index)))
    show_view (self, vigie_call_row_get_view (VIGIE_CALL_ROW (next)));
}

static void
show_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VigieWindow *self = VIGIE_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->calls_list, g_variant_get_int32 (param) - 1);

  if (row != NULL && VIGIE_IS_CALL_ROW (row))
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "desk");
      show_view (self, vigie_call_row_get_view (VIGIE_CALL_ROW (row)));
    }
}

static void
next_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  move_call (VIGIE_WINDOW (widget), 1);
}

static void
previous_call_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  move_call (VIGIE_WINDOW (widget), -1);
}

/* The caller's previous calls show one frame after the pop (with on call
 * now and the note): the query is not on the pop's path. */
static void
load_history (VigieWindow   *self,
              VigieCallView *view)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GError) error = NULL;
  VigieCall *call = vigie_call_view_get_call (view);

  if (self->context == NULL)
    return;

  since = g_date_time_add_days (vigie_call_get_received_at (call), -HISTORY_DAYS);
  history = vigie_journal_list_calls_from (vigie_context_get_journal (self->context),
                                           vigie_call_get_from (call), since,
                                           vigie_call_get_id (call), HISTORY_LIMIT, &error);
  if (history == NULL)
    g_warning ("%s", error->message);
  vigie_call_view_set_history (view, history);
}

/* A call view is a large template (entry rows, decision bar, tooltips):
 * build the next one while the desk is idle, so a screen pop only fills
 * in labels. */
static gboolean
make_spare_cb (gpointer user_data)
{
  VigieWindow *self = user_data;

  self->spare_id = 0;
  if (self->spare_view == NULL)
    self->spare_view = g_object_ref_sink (VIGIE_CALL_VIEW (vigie_call_view_new (NULL)));
  return G_SOURCE_REMOVE;
}

/* Low priority: never before a pending frame, so never in a pop's way. */
static void
queue_spare (VigieWindow *self)
{
  if (self->spare_view == NULL && self->spare_id == 0)
    self->spare_id = g_idle_add_full (G_PRIORITY_LOW, make_spare_cb, self, NULL);
}

static void
screen_pop_free (ScreenPop *pop)
{
  g_object_unref (pop->window);
  g_free (pop->call_id);
  g_free (pop);
}

/* The screen pop is done when the frame showing the call is painted;
 * its duration goes to the journal, where the night's figures are read.
 * Only then is the next call's view built. */
static void
after_paint_cb (GdkFrameClock *clock,
                ScreenPop     *pop)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  double ms = (g_get_monotonic_time () - pop->requested_at) / 1000.0;

  g_signal_handler_disconnect (clock, pop->handler);
  if (!gtk_widget_in_destruction (GTK_WIDGET (pop->window)))
    {
      GtkWidget *view = vigie_window_get_call_view (pop->window, pop->call_id);

      if (view != NULL)
        load_history (pop->window, VIGIE_CALL_VIEW (view));
      queue_spare (pop->window);
    }
  if (pop->requested_at == 0)
    {
      screen_pop_free (pop);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ms");
  json_builder_add_double_value (builder, ms);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  g_debug ("Screen pop of %s: %.1f ms", pop->call_id, ms);
  if (pop->window->context &&
      !vigie_journal_append (vigie_context_get_journal (pop->window->context), pop->call_id,
                             "screen-pop", data, &error))
    g_warning ("%s", error->message);

  screen_pop_free (pop);
}

/* From the toast that asked for a call-back number. */
static void
no_callback_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GtkWidget *view = vigie_window_get_call_view (VIGIE_WINDOW (widget), g_variant_get_string (param, NULL));

  if (view != NULL)
    gtk_widget_activate_action (view, "call.no-callback", NULL);
}

/* A call arrived while the operator is on another: it waits in the list,
 * marked, with a sound and a notification saying how to reach it. */
static void
announce_call (VigieWindow  *self,
               VigieCallRow *row,
               VigieCall    *call)
{
  VigieClient *client = vigie_call_get_client (call);
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1;
  g_autofree char *title = g_strdup_printf (_("New call: %s"),
                                            client ? vigie_client_get_name (client) : _("Unknown line"));
  g_autofree char *body = position <= 9
    ? g_strdup_printf (_("Finish or leave the current call, then Alt+%d or Ctrl+Page Down."), position)
    : g_strdup (_("Finish or leave the current call, then Ctrl+Page Down."));
  g_autoptr(GObject) notification = NULL;  /* libnotify 0.8 has no autoptr */
  g_autoptr(GError) error = NULL;

  vigie_call_row_set_waiting (row, TRUE);
  gdk_display_beep (gtk_widget_get_display (GTK_WIDGET (self)));
  g_debug ("%s — %s", title, body);
  if (!notify_is_initted ())
    return;
  notification = G_OBJECT (notify_notification_new (title, body, "call-start-symbolic"));
  notify_notification_set_urgency (NOTIFY_NOTIFICATION (notification), NOTIFY_URGENCY_CRITICAL);
  if (!notify_notification_show (NOTIFY_NOTIFICATION (notification), &error))
    g_debug ("No notification: %s", error->message);
}

static void
update_operator (VigieWindow *self)
{
  const char *name = self->context ? vigie_context_get_operator (self->context) : NULL;
  g_autofree char *tooltip = name ? g_strdup_printf (_("Operator: %s — change operator"), name) : NULL;

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->operator_button), tooltip ? tooltip : _("Sign in"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->operator_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip ? tooltip : _("Sign in"), -1);
}

/* Shift start or change of operator: the name goes to the journal, then
 * with every answer, decision, acknowledgement and roster change. */
static void
signin_cb (VigieWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *message = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->signin_entry));
  GtkWidget *view;

  if (self->context == NULL)
    return;
  if (!vigie_context_sign_in (self->context, name, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->signin_entry), "error");
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->signin_entry), "error");
  g_settings_set_string (settings, "operator-name", vigie_context_get_operator (self->context));
  gtk_revealer_set_reveal_child (self->signin_revealer, FALSE);
  update_operator (self);
  message = g_strdup_printf (_("Signed in: %s"), vigie_context_get_operator (self->context));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));

  /* Back to the call on screen, if any. */
  if ((view = gtk_stack_get_visible_child (self->calls_stack)))
    gtk_widget_grab_focus (view);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VigieWindow *self = VIGIE_WINDOW (widget);

  /* A change of operator: the newcomer types their name. */
  gtk_editable_set_text (GTK_EDITABLE (self->signin_entry), "");
  gtk_revealer_set_reveal_child (self->signin_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->signin_entry));
}

static void
vigie_window_dispose (GObject *object)
{
  VigieWindow *self = (VigieWindow *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->spare_id, g_source_remove);
  g_clear_object (&self->spare_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_WINDOW);
  if (self->closed_calls != NULL)
    {
      GHashTableIter iter;
      gpointer call;

      g_hash_table_iter_init (&iter, self->closed_calls);
      while (g_hash_table_iter_next (&iter, &call, NULL))
        g_signal_handlers_disconnect_by_data (call, self);
    }
  g_clear_pointer (&self->closed_calls, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigie_window_parent_class)->dispose (object);
}

static void
vigie_window_class_init (VigieWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_window_dispose;

  g_type_ensure (VIGIE_TYPE_JOURNAL_VIEW);
  g_type_ensure (VIGIE_TYPE_ROSTER_VIEW);
  g_type_ensure (VIGIE_TYPE_ROSTER_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, desk_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, calls_list);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, journal_view);

  gtk_widget_class_install_action (widget_class, "win.next-call", NULL, next_call_action);
  gtk_widget_class_install_action (widget_class, "win.no-callback", "s", no_callback_action);
  gtk_widget_class_install_action (widget_class, "win.previous-call", NULL, previous_call_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_CONTROL_MASK, "win.next-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.previous-call", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-call", "i", show_call_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, signin_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, signin_entry);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, operator_button);
  gtk_widget_class_bind_template_callback (widget_class, signin_cb);
  /* Alt+number: the list's rows; on AZERTY the digit row without Shift. */
  for (int i = 0; i < 9; i++)
    {
      static const guint azerty[] = {
        GDK_KEY_ampersand, GDK_KEY_eacute, GDK_KEY_quotedbl, GDK_KEY_apostrophe,
        GDK_KEY_parenleft, GDK_KEY_minus, GDK_KEY_egrave, GDK_KEY_underscore, GDK_KEY_ccedilla,
      };

      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-call", "i", i + 1);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, GDK_ALT_MASK, "win.show-call", "i", i + 1);
      gtk_widget_class_add_binding_action (widget_class, azerty[i], GDK_ALT_MASK, "win.show-call", "i", i + 1);
    }
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, roster_view);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, escalation_banner);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, attention_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, attention_list);
}

static void
vigie_window_init (VigieWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->closed_calls = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);

  /* Lets widgets deep in the tree raise a toast without knowing the window. */
  g_object_set_data (G_OBJECT (self), "vigie-toast-overlay", self->toast_overlay);

  g_signal_connect_swapped (self->calls_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  queue_spare (self);
}

/* The data folder changed: say what the next call will use, and what
 * was refused (the previous version is kept; open calls are untouched). */
static void
reloaded_cb (VigieWindow  *self,
             gboolean      applied,
             const char   *problems,
             VigieContext *context)
{
  g_autofree char *message = NULL;
  AdwToast *toast;

  /* The operator gets one sentence; the designer's details are in the
   * log (and in the script tools). */
  if (!applied)
    message = g_strdup (_("The new clients or directory file is invalid: the previous version stays in use"));
  else if (problems != NULL)
    message = g_strdup (_("Data updated, but an invalid script was refused: its previous version stays in use"));
  else
    message = g_strdup (_("Data updated: the next calls use it"));

  toast = adw_toast_new (message);
  if (problems != NULL)
    adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * vigie_window_new:
 * @application: the application
 * @context: the loaded data
 *
 * Returns: (transfer full): a window
 */
VigieWindow *
vigie_window_new (AdwApplication *application,
                  VigieContext   *context)
{
  VigieWindow *self;
  g_autofree char *errors = NULL;

  self = g_object_new (VIGIE_TYPE_WINDOW, "application", application, NULL);
  self->context = g_object_ref (context);
  vigie_journal_view_set_journal (self->journal_view, vigie_context_get_journal (context));
  /* The call views' "on call now" finds the rosters here. */
  g_object_set_data_full (G_OBJECT (self), "vigie-roster-store",
                          g_object_ref (vigie_context_get_roster_store (context)), g_object_unref);
  vigie_roster_view_set_context (self->roster_view, context);
  vigie_roster_banner_set_escalation (self->escalation_banner, vigie_context_get_escalation (context));
  g_signal_connect_object (context, "reloaded", G_CALLBACK (reloaded_cb), self, G_CONNECT_SWAPPED);

  /* Shift start: the operator signs in (the desk works meanwhile; calls
   * before it are journaled without a name). */
  update_operator (self);
  if (vigie_context_get_operator (context) == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *last = g_settings_get_string (settings, "operator-name");

      gtk_editable_set_text (GTK_EDITABLE (self->signin_entry), last);
      gtk_revealer_set_reveal_child (self->signin_revealer, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->signin_entry));
    }

  if ((errors = vigie_context_dup_load_errors (context)))
    {
      g_autofree char *message = g_strdup_printf (_("Some scripts could not be loaded:\n%s"), errors);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  return self;
}

/**
 * vigie_window_add_call:
 * @self: a #VigieWindow
 * @call: a call that just arrived
 *
 * Opens the call beside those already on the desk. It comes forward only
 * if the operator is on no other call; otherwise it waits in the list,
 * with a sound and a notification, until the operator switches to it.
 */
void
vigie_window_add_call (VigieWindow *self,
                       VigieCall   *call)
{
  vigie_window_add_call_timed (self, call, 0);
}

/**
 * vigie_window_add_call_timed:
 * @self: a #VigieWindow
 * @call: a call that just arrived
 * @requested_at: monotonic time the switchboard's request arrived, or 0
 *
 * Like vigie_window_add_call(), and journals how long the screen pop took
 * from @requested_at to the first frame showing the call.
 */
void
vigie_window_add_call_timed (VigieWindow *self,
                             VigieCall   *call,
                             gint64       requested_at)
{
  g_autoptr(VigieCallView) spare = NULL;
  GtkWidget *view;
  GtkWidget *row;
  gboolean busy;

  g_return_if_fail (VIGIE_IS_WINDOW (self));
  g_return_if_fail (VIGIE_IS_CALL (call));

  /* The keyboard and the screen belong to the call being qualified. */
  busy = gtk_stack_get_visible_child (self->calls_stack) != NULL;

  if ((spare = g_steal_pointer (&self->spare_view)))
    {
      view = GTK_WIDGET (spare);
      vigie_call_view_set_call (spare, call);
    }
  else
    view = vigie_call_view_new (call);

  gtk_stack_add_named (self->calls_stack, view, vigie_call_get_id (call));
  row = vigie_call_row_new (VIGIE_CALL_VIEW (view));
  gtk_list_box_append (self->calls_list, row);
  g_signal_connect_swapped (view, "closed", G_CALLBACK (call_closed_cb), self);

  update_desk (self);
  if (busy)
    announce_call (self, VIGIE_CALL_ROW (row), call);
  else
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "desk");
      show_view (self, VIGIE_CALL_VIEW (view));
    }

  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      ScreenPop *pop = g_new0 (ScreenPop, 1);
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      pop->window = g_object_ref (self);
      pop->call_id = g_strdup (vigie_call_get_id (call));
      pop->requested_at = requested_at;
      pop->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), pop);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    {
      load_history (self, VIGIE_CALL_VIEW (view));
      queue_spare (self);
    }
}

/**
 * vigie_window_get_call_view:
 * @self: a #VigieWindow
 * @call_id: a call id
 *
 * Returns: (transfer none) (nullable): the view of that call
 */
GtkWidget *
vigie_window_get_call_view (VigieWindow *self,
                            const char  *call_id)
{
  g_return_val_if_fail (VIGIE_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->calls_stack, call_id);
}

/**
 * vigie_window_get_current_call_view:
 * @self: a #VigieWindow
 *
 * Returns: (transfer none) (nullable): the call on screen
 */
GtkWidget *
vigie_window_get_current_call_view (VigieWindow *self)
{
  g_return_val_if_fail (VIGIE_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child (self->calls_stack);
}

void
vigie_window_show_page (VigieWindow *self,
                        const char  *name)
{
  g_return_if_fail (VIGIE_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
vigie_window_add_toast (VigieWindow *self,
                        const char  *message)
{
  g_return_if_fail (VIGIE_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * vigie_window_get_attention_count:
 * @self: a #VigieWindow
 *
 * Returns: how many closed calls wait in "needs attention"
 */
guint
vigie_window_get_attention_count (VigieWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (VIGIE_IS_WINDOW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->attention_list));
       child; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}
