/* vigie-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk: a list of open calls (each with its timer and state) beside
 * the selected call, and the journal. Calls are independent views of
 * independent #VigieCall objects, so nothing of one leaks into another.
 *
 * A night can leave hundreds of calls open: the list is a #GtkListView
 * over the context's #VigieCallList (rows only for what is on screen),
 * and only the calls shown last have a #VigieCallView (VIEWS_KEPT of
 * them, the call on screen included); the others keep their state in
 * their #VigieCall and get a view again when the operator comes back to
 * them. A closed call keeps nothing of the desk.
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
/* Views kept alive, the one on screen included: enough to go back and
 * forth between a few calls without rebuilding, bounded for a long night. */
#define VIEWS_KEPT 4

/* What the desk keeps of an open call beside the call itself. */
typedef struct {
  VigieCall     *call;
  VigieCallView *view;           /* NULL while it has none */
  VigieCallRow  *row;            /* the list's row showing it, if any */
  GtkWidget     *line_controls;  /* the telephone's buttons while the view is away */
  GtkWidget     *line_answer;
  GtkWidget     *line_hangup;
  gboolean       waiting;        /* arrived during another call, not seen yet */
} Slot;

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
  GtkListView          *calls_list;
  GtkSingleSelection   *selection;
  VigieCallList        *calls;        /* the context's open calls */
  GHashTable           *slots;        /* VigieCall → Slot */
  GQueue                views;        /* Slots with a view, last shown first */
  gboolean              debug_views;  /* VIGIE_DEBUG=views: print the counts */
  guint                 views_alive;  /* views made here, not yet finalized */
  GtkStack             *calls_stack;
  AdwBin               *journal_bin;
  AdwBin               *roster_bin;
  VigieJournalView     *journal_view;   /* built after the first frame */
  VigieRosterView      *roster_view;
  gulong                first_paint_id;
  GtkWindow            *help_overlay;   /* built when first shown */
  guint                 deferred_id;
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

static void load_history (VigieWindow   *self,
                          VigieCallView *view);
static void queue_spare  (VigieWindow   *self);
static void call_closed_cb (VigieWindow   *self,
                            VigieCallView *view);

static void
update_desk (VigieWindow *self)
{
  gboolean has_calls = g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0;

  gtk_stack_set_visible_child_name (self->desk_stack, has_calls ? "calls" : "empty");
}

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  g_clear_object (&slot->line_controls);
  g_clear_object (&slot->call);
  g_free (slot);
}

static Slot *
find_slot (VigieWindow *self,
           const char  *call_id)
{
  VigieCall *call = vigie_call_list_lookup (self->calls, call_id);

  return call ? g_hash_table_lookup (self->slots, call) : NULL;
}

static void
view_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  VigieWindow *self = data;

  self->views_alive--;
}

/* Every view the desk makes is counted until it is finalized: a view
 * kept alive by anything would show in VIGIE_DEBUG=views. */
static GtkWidget *
new_view (VigieWindow *self,
          VigieCall   *call)
{
  GtkWidget *view = vigie_call_view_new (call);

  self->views_alive++;
  g_object_weak_ref (G_OBJECT (view), view_finalized_cb, self);
  return view;
}

/* VIGIE_DEBUG=views: how many call views exist, for tests of the real
 * binary (tests/test-desk-night.c). */
static void
debug_views (VigieWindow *self,
             const char  *what)
{
  GtkWidget *shown;

  if (!self->debug_views)
    return;
  shown = gtk_stack_get_visible_child (self->calls_stack);
  g_message ("views: %s: %u kept, %u alive, %u calls open, on screen %s", what,
             self->views.length, self->views_alive,
             g_list_model_get_n_items (G_LIST_MODEL (self->calls)),
             shown ? vigie_call_get_id (vigie_call_view_get_call (VIGIE_CALL_VIEW (shown))) : "none");
}

/* The telephone's buttons belong to the call: they wait for its next view. */
static void
evict_view (VigieWindow *self,
            Slot        *slot)
{
  VigieCallView *view = slot->view;
  GtkWidget *controls = g_object_get_data (G_OBJECT (view), "vigie-line-controls");

  if (controls != NULL)
    {
      slot->line_controls = g_object_ref (controls);
      slot->line_answer = g_object_get_data (G_OBJECT (view), "vigie-line-answer");
      slot->line_hangup = g_object_get_data (G_OBJECT (view), "vigie-line-hangup");
      gtk_grid_remove (GTK_GRID (gtk_widget_get_parent (controls)), controls);
    }
  g_queue_remove (&self->views, slot);
  g_signal_handlers_disconnect_by_func (view, call_closed_cb, self);
  slot->view = NULL;
  gtk_stack_remove (self->calls_stack, GTK_WIDGET (view));
}

/* The least recently shown views go, never the one on screen. */
static void
trim_views (VigieWindow *self)
{
  GtkWidget *shown = gtk_stack_get_visible_child (self->calls_stack);
  GList *l = self->views.tail;

  while (self->views.length > VIEWS_KEPT && l != NULL)
    {
      Slot *slot = l->data;

      l = l->prev;
      if (GTK_WIDGET (slot->view) != shown)
        evict_view (self, slot);
    }
}

/* The call's view, made again from the call if it had none. */
static VigieCallView *
ensure_view (VigieWindow *self,
             Slot        *slot)
{
  g_autoptr(VigieCallView) spare = NULL;
  GtkWidget *view;
  gboolean hung_up = FALSE;

  if (slot->view != NULL)
    {
      g_queue_remove (&self->views, slot);
      g_queue_push_head (&self->views, slot);
      return slot->view;
    }

  if ((spare = g_steal_pointer (&self->spare_view)))
    {
      view = GTK_WIDGET (spare);
      vigie_call_view_set_call (spare, slot->call);
    }
  else
    view = new_view (self, slot->call);
  slot->view = VIGIE_CALL_VIEW (view);
  gtk_stack_add_named (self->calls_stack, view, vigie_call_get_id (slot->call));
  g_signal_connect_swapped (view, "closed", G_CALLBACK (call_closed_cb), self);
  g_queue_push_head (&self->views, slot);

  /* What the view showed before it went: the line, the telephone. */
  g_object_get (slot->call, "hung-up", &hung_up, NULL);
  if (hung_up)
    vigie_call_view_set_line_state (slot->view, TRUE, TRUE);
  if (slot->line_controls != NULL)
    {
      g_object_set_data (G_OBJECT (view), "vigie-line-controls", slot->line_controls);
      g_object_set_data (G_OBJECT (view), "vigie-line-answer", slot->line_answer);
      g_object_set_data (G_OBJECT (view), "vigie-line-hangup", slot->line_hangup);
      vigie_call_view_set_line_controls (slot->view, slot->line_controls);
      g_clear_object (&slot->line_controls);
    }

  trim_views (self);
  return slot->view;
}

static void
show_call_full (VigieWindow *self,
                Slot        *slot,
                gboolean     history_now)
{
  GtkWidget *shown = gtk_stack_get_visible_child (self->calls_stack);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean was_away = slot->view == NULL;
  VigieCallView *view = ensure_view (self, slot);
  guint position = vigie_call_list_find (self->calls, slot->call);

  /* Keys already on their way were meant for what was on screen. */
  if ((shown != NULL && shown != GTK_WIDGET (view)) || g_strcmp0 (page, "desk") != 0)
    vigie_call_view_hold_input (view);
  slot->waiting = FALSE;
  if (slot->row != NULL)
    vigie_call_row_set_waiting (slot->row, FALSE);
  gtk_stack_set_visible_child (self->calls_stack, GTK_WIDGET (view));
  if (position != G_MAXUINT && gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  trim_views (self);
  if (was_away && history_now)
    load_history (self, view);
  debug_views (self, "shown");
}

static void
show_call (VigieWindow *self,
           Slot        *slot)
{
  show_call_full (self, slot, TRUE);
}

static void
selected_cb (VigieWindow *self)
{
  VigieCall *call = gtk_single_selection_get_selected_item (self->selection);
  Slot *slot = call ? g_hash_table_lookup (self->slots, call) : NULL;
  GtkWidget *shown = gtk_stack_get_visible_child (self->calls_stack);

  if (slot != NULL && (slot->view == NULL || GTK_WIDGET (slot->view) != shown))
    show_call (self, slot);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, vigie_call_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             VigieWindow              *self)
{
  VigieCallRow *row = VIGIE_CALL_ROW (gtk_list_item_get_child (item));
  VigieCall *call = gtk_list_item_get_item (item);
  Slot *slot = self->slots ? g_hash_table_lookup (self->slots, call) : NULL;

  vigie_call_row_set_call (row, call);
  if (slot != NULL)
    {
      slot->row = row;
      vigie_call_row_set_waiting (row, slot->waiting);
    }
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               VigieWindow              *self)
{
  VigieCallRow *row = VIGIE_CALL_ROW (gtk_list_item_get_child (item));
  VigieCall *call = vigie_call_row_get_call (row);
  Slot *slot = call && self->slots ? g_hash_table_lookup (self->slots, call) : NULL;

  if (slot != NULL && slot->row == row)
    slot->row = NULL;
  vigie_call_row_set_call (row, NULL);
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

/* A closed call is followed while something may still happen to its
 * alert; once nothing can, the desk lets it go. */
static gboolean
call_settled (VigieCall *call)
{
  VigieAlertState alert = vigie_call_get_alert_state (call);

  return !vigie_call_get_needs_attention (call) &&
         (alert == VIGIE_ALERT_NONE || alert == VIGIE_ALERT_ACKNOWLEDGED || alert == VIGIE_ALERT_RESOLVED);
}

static void
call_closed_cb (VigieWindow   *self,
                VigieCallView *view)
{
  g_autoptr(VigieCall) call = g_object_ref (vigie_call_view_get_call (view));
  Slot *slot = g_hash_table_lookup (self->slots, call);
  guint index = vigie_call_list_find (self->calls, call);
  guint n;

  /* A closed call whose alert is not through stays in sight (and is
   * followed: a deferred alert may fail after the call was closed). */
  if (!call_settled (call) && !g_hash_table_contains (self->closed_calls, call))
    {
      g_hash_table_insert (self->closed_calls, g_object_ref (call), NULL);
      g_signal_connect_object (call, "notify::needs-attention", G_CALLBACK (closed_call_notify_cb), self, 0);
      g_signal_connect_object (call, "notify::status-text", G_CALLBACK (closed_call_notify_cb), self, 0);
      g_signal_connect_object (call, "notify::alert-message", G_CALLBACK (closed_call_notify_cb), self, 0);
      attention_refresh (self, call);
    }

  if (slot != NULL && slot->view != NULL)
    evict_view (self, slot);
  vigie_call_list_remove (self->calls, call);
  g_hash_table_remove (self->slots, call);

  /* Take the next call at once: the one below, else the one above. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->calls));
  if (index != G_MAXUINT && n > 0)
    {
      g_autoptr(VigieCall) next = g_list_model_get_item (G_LIST_MODEL (self->calls), MIN (index, n - 1));

      show_call (self, g_hash_table_lookup (self->slots, next));
    }
  update_desk (self);
  debug_views (self, "closed");
}

/* Closed calls whose alert went through (or was acknowledged) are let go. */
static void
sweep_closed_calls (VigieWindow *self)
{
  GHashTableIter iter;
  gpointer call, row;

  g_hash_table_iter_init (&iter, self->closed_calls);
  while (g_hash_table_iter_next (&iter, &call, &row))
    if (row == NULL && call_settled (call))
      {
        g_signal_handlers_disconnect_by_data (call, self);
        g_hash_table_iter_remove (&iter);
      }
}

static gboolean
tick_cb (gpointer user_data)
{
  VigieWindow *self = user_data;
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &slot))
    if (((Slot *) slot)->row != NULL)
      vigie_call_row_refresh (((Slot *) slot)->row);
  sweep_closed_calls (self);
  return G_SOURCE_CONTINUE;
}

static Slot *
slot_at (VigieWindow *self,
         int          position)
{
  g_autoptr(VigieCall) call = NULL;

  if (position < 0 || !(call = g_list_model_get_item (G_LIST_MODEL (self->calls), position)))
    return NULL;
  return g_hash_table_lookup (self->slots, call);
}

static void
move_call (VigieWindow *self,
           int          delta)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  Slot *next;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  if ((next = slot_at (self, (int) selected + delta)))
    show_call (self, next);
}

static void
show_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VigieWindow *self = VIGIE_WINDOW (widget);
  Slot *slot = slot_at (self, g_variant_get_int32 (param) - 1);

  if (slot != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "desk");
      show_call (self, slot);
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
    self->spare_view = g_object_ref_sink (VIGIE_CALL_VIEW (new_view (self, NULL)));
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
      Slot *slot = find_slot (pop->window, pop->call_id);

      if (slot != NULL && slot->view != NULL)
        load_history (pop->window, slot->view);
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
announce_call (VigieWindow *self,
               Slot        *slot)
{
  VigieCall *call = slot->call;
  VigieClient *client = vigie_call_get_client (call);
  int position = (int) vigie_call_list_find (self->calls, call) + 1;
  g_autofree char *title = g_strdup_printf (_("New call: %s"),
                                            client ? vigie_client_get_name (client) : _("Unknown line"));
  g_autofree char *body = position <= 9
    ? g_strdup_printf (_("Finish or leave the current call, then Alt+%d or Ctrl+Page Down."), position)
    : g_strdup (_("Finish or leave the current call, then Ctrl+Page Down."));
  g_autoptr(GObject) notification = NULL;  /* libnotify 0.8 has no autoptr */
  g_autoptr(GError) error = NULL;

  slot->waiting = TRUE;
  if (slot->row != NULL)
    vigie_call_row_set_waiting (slot->row, TRUE);
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

/* --- What the first frame does not show, built after it ------------- */

/* The Journal and Rosters pages (the journal's check, the roster
 * timelines, the labour checks) and the next call's view. */
static void
ensure_pages (VigieWindow *self)
{
  if (self->context == NULL)
    return;
  if (self->journal_view == NULL)
    {
      self->journal_view = g_object_new (VIGIE_TYPE_JOURNAL_VIEW, NULL);
      adw_bin_set_child (self->journal_bin, GTK_WIDGET (self->journal_view));
      vigie_journal_view_set_journal (self->journal_view, vigie_context_get_journal (self->context));
    }
  if (self->roster_view == NULL)
    {
      self->roster_view = g_object_new (VIGIE_TYPE_ROSTER_VIEW, NULL);
      adw_bin_set_child (self->roster_bin, GTK_WIDGET (self->roster_view));
      vigie_roster_view_set_context (self->roster_view, self->context);
    }
}

static void
page_changed_cb (VigieWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "desk") != 0)
    ensure_pages (self);
}

static gboolean
deferred_cb (gpointer user_data)
{
  VigieWindow *self = user_data;

  self->deferred_id = 0;
  ensure_pages (self);
  queue_spare (self);
  return G_SOURCE_REMOVE;
}

static void
first_paint_cb (GdkFrameClock *clock,
                VigieWindow   *self)
{
  g_clear_signal_handler (&self->first_paint_id, clock);
  if (self->deferred_id == 0)
    self->deferred_id = g_idle_add_full (G_PRIORITY_LOW, deferred_cb, self, NULL);
}

static void
mapped_cb (GtkWidget *widget)
{
  VigieWindow *self = VIGIE_WINDOW (widget);

  if (self->first_paint_id == 0 && self->deferred_id == 0 &&
      (self->journal_view == NULL || self->spare_view == NULL))
    self->first_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (first_paint_cb), self);
}

/* Ctrl+?: GtkApplication would build the shortcuts window with every
 * desk window (gtk/help-overlay.ui); it is built when first asked for. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  VigieWindow *self = VIGIE_WINDOW (widget);

  if (self->help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/vigie/Vigie/ui/help-overlay.ui");

      self->help_overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (self->help_overlay, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (self->help_overlay, TRUE);
    }
  gtk_window_present (self->help_overlay);
}

static void
vigie_window_dispose (GObject *object)
{
  VigieWindow *self = (VigieWindow *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->deferred_id, g_source_remove);
  if (self->help_overlay != NULL)
    gtk_window_destroy (g_steal_pointer (&self->help_overlay));
  if (self->first_paint_id != 0)
    g_clear_signal_handler (&self->first_paint_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  g_clear_handle_id (&self->spare_id, g_source_remove);
  g_clear_object (&self->spare_view);
  g_queue_clear (&self->views);
  /* Rows let go of their calls while the slots are still there. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->calls_list != NULL)
    gtk_list_view_set_model (self->calls_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_WINDOW);
  self->journal_view = NULL;  /* owned by their pages */
  self->roster_view = NULL;
  g_clear_object (&self->selection);
  g_clear_pointer (&self->slots, g_hash_table_unref);
  g_clear_object (&self->calls);
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

  g_type_ensure (VIGIE_TYPE_ROSTER_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, desk_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, calls_list);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, journal_bin);

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
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
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
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, roster_bin);
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

  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
    g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
    gtk_list_view_set_factory (self->calls_list, factory);
    g_object_unref (factory);
  }
  self->slots = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, slot_free);
  g_queue_init (&self->views);
  self->debug_views = g_strstr_len (g_getenv ("VIGIE_DEBUG") ? g_getenv ("VIGIE_DEBUG") : "", -1, "views") != NULL;
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name", G_CALLBACK (page_changed_cb), self);
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
  self->calls = g_object_ref (vigie_context_get_open_calls (context));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->calls)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->calls_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);
  /* The call views' "on call now" finds the rosters here. */
  g_object_set_data_full (G_OBJECT (self), "vigie-roster-store",
                          g_object_ref (vigie_context_get_roster_store (context)), g_object_unref);
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
  Slot *slot;
  gboolean busy;

  g_return_if_fail (VIGIE_IS_WINDOW (self));
  g_return_if_fail (VIGIE_IS_CALL (call));
  g_return_if_fail (self->calls != NULL);

  /* The keyboard and the screen belong to the call being qualified. */
  busy = gtk_stack_get_visible_child (self->calls_stack) != NULL;

  if (g_hash_table_contains (self->slots, call) ||
      vigie_call_list_lookup (self->calls, vigie_call_get_id (call)) != NULL)
    {
      g_warning ("Call %s is already on the desk", vigie_call_get_id (call));
      return;
    }
  /* The slot first: the list may bind a row to the call at once. */
  slot = g_new0 (Slot, 1);
  slot->call = g_object_ref (call);
  g_hash_table_insert (self->slots, call, slot);
  vigie_call_list_add (self->calls, call);

  update_desk (self);
  /* A call that waits gets no view until the operator goes to it. */
  if (busy)
    announce_call (self, slot);
  else
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "desk");
      /* On the pop's path: previous calls come one frame later. */
      show_call_full (self, slot, !gtk_widget_get_realized (GTK_WIDGET (self)));
    }
  debug_views (self, "added");

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
    queue_spare (self);
}

/**
 * vigie_window_get_call_view:
 * @self: a #VigieWindow
 * @call_id: a call id
 *
 * The view of an open call; a call that has none (it was not shown for
 * a while) gets one, which may take the view of another hidden call.
 *
 * Returns: (transfer none) (nullable): the view of that call
 */
GtkWidget *
vigie_window_get_call_view (VigieWindow *self,
                            const char  *call_id)
{
  Slot *slot;

  g_return_val_if_fail (VIGIE_IS_WINDOW (self), NULL);

  if (self->calls == NULL || !(slot = find_slot (self, call_id)))
    return NULL;
  return GTK_WIDGET (ensure_view (self, slot));
}

/**
 * vigie_window_get_call:
 * @self: a #VigieWindow
 * @call_id: (nullable): a call id
 *
 * Returns: (transfer none) (nullable): the open call with that id
 */
VigieCall *
vigie_window_get_call (VigieWindow *self,
                       const char  *call_id)
{
  g_return_val_if_fail (VIGIE_IS_WINDOW (self), NULL);

  return self->calls ? vigie_call_list_lookup (self->calls, call_id) : NULL;
}

/**
 * vigie_window_set_line_state:
 * @self: a #VigieWindow
 * @call: an open call
 * @answered: the operator picked up
 * @hung_up: the caller hung up
 *
 * What the switchboard says about the line, shown by the call's view if
 * it has one, kept by the call otherwise.
 */
void
vigie_window_set_line_state (VigieWindow *self,
                             VigieCall   *call,
                             gboolean     answered,
                             gboolean     hung_up)
{
  Slot *slot;

  g_return_if_fail (VIGIE_IS_WINDOW (self));
  g_return_if_fail (VIGIE_IS_CALL (call));

  slot = g_hash_table_lookup (self->slots, call);
  if (slot != NULL && slot->view != NULL)
    vigie_call_view_set_line_state (slot->view, answered, hung_up);
  else
    vigie_call_set_hung_up (call, hung_up);
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
