/* vigie-window-calls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's open calls: the list beside the call on screen, the views
 * kept for them, the screen pop, and "needs attention" for closed calls
 * whose alert did not get through.
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

#include "vigie-window-private.h"

#define HISTORY_DAYS 30
#define HISTORY_LIMIT 10
/* Views kept alive, the one on screen included: enough to go back and
 * forth between a few calls without rebuilding, bounded for a long night. */
#define VIEWS_KEPT 4

typedef struct {
  VigieWindow *window;
  char        *call_id;
  gint64       requested_at;
  gulong       handler;
} ScreenPop;

static void load_history (VigieWindow   *self,
                          VigieCallView *view);
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

void
_vigie_window_show_call (VigieWindow *self,
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
    _vigie_window_show_call (self, slot);
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

      _vigie_window_show_call (self, g_hash_table_lookup (self->slots, next));
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
void
_vigie_window_queue_spare (VigieWindow *self)
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
      _vigie_window_queue_spare (pop->window);
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

/* The list's rows, the views' bookkeeping and the rows' timers. */
void
_vigie_window_calls_init (VigieWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  const char *debug = g_getenv ("VIGIE_DEBUG");

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->calls_list, factory);
  g_object_unref (factory);

  self->closed_calls = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->slots = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, slot_free);
  g_queue_init (&self->views);
  self->debug_views = debug != NULL && g_strstr_len (debug, -1, "views") != NULL;
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

/* The context's open calls, listed. */
void
_vigie_window_calls_set_list (VigieWindow   *self,
                              VigieCallList *calls)
{
  self->calls = g_object_ref (calls);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->calls)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->calls_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);
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
    _vigie_window_queue_spare (self);
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
