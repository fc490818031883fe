/* vigie-call-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One open call on the desk: the client and its greeting, then sections
 * that each present the same #VigieCall (vigie-call-section.h): the
 * caller card, the script pane, the alert panel and the decision bar.
 * The view keeps the header (client, line, state, timer), lays the
 * sections out, and refreshes them when the call changes; its actions and
 * keys are in vigie-call-view-actions.c.
 *
 * The screen pop has a 20 ms budget: the window builds a view ahead and
 * fills it (vigie_call_view_set_call()); its first frame lays out only
 * the card and the question, on call now, previous calls and the note
 * follow one frame later; hidden parts stay out of the layout.
 */
#define G_LOG_DOMAIN "vigie-call-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-view-private.h"
#include "vigie-phone.h"

/* Below this width the caller card goes above the script. */
#define NARROW_WIDTH 760

G_DEFINE_FINAL_TYPE (VigieCallView, vigie_call_view, ADW_TYPE_BIN)

enum {
  CLOSED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean tick_cb (gpointer user_data);

void
_vigie_call_view_focus_question (VigieCallView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static gboolean
hold_done_cb (gpointer user_data)
{
  VigieCallView *self = user_data;

  self->hold_id = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_bar), TRUE);
  return G_SOURCE_REMOVE;
}

gboolean
_vigie_call_view_is_held (VigieCallView *self)
{
  return g_get_monotonic_time () < self->hold_until;
}

void
_vigie_call_view_emit_closed (VigieCallView *self)
{
  g_signal_emit (self, signals[CLOSED], 0);
}

/* --- Status ----------------------------------------------------------- */

/* The words and the colour are the call's own (VigieCall:status-text and
 * :status-style); the view only shows them, with the banner that asks the
 * operator to phone, where it is seen without scrolling. */
static void
update_status (VigieCallView *self)
{
  const char * const classes[] = { "qualifying", "decided", "failed", "hung-up", "warning", "sending",
                                   "scheduled", "success", NULL };
  const char *style = vigie_call_get_status_style (self->call);
  gboolean overdue = vigie_call_get_alert_overdue (self->call);

  for (guint i = 0; classes[i]; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), style);
  gtk_label_set_label (self->state_label, vigie_call_get_status_text (self->call));
  g_free (self->status);
  self->status = g_strdup (vigie_call_get_status_text (self->call));

  if (overdue)
    {
      const char *name = vigie_call_get_oncall_name (self->call);
      const char *phone = vigie_call_get_oncall_phone (self->call);
      g_autofree char *text = NULL;

      /* clients.json's fixed contact is a last resort, and says so. */
      if (name && phone && vigie_call_get_recipient_source (self->call) == VIGIE_RECIPIENT_FALLBACK)
        text = g_strdup_printf (_("Alert not delivered — phone %s (last-resort contact, nobody in the roster): %s"),
                                name, phone);
      else if (name && phone)
        text = g_strdup_printf (_("Alert not delivered — phone %s: %s"), name, phone);
      else if (phone)
        text = g_strdup_printf (_("Alert not delivered — phone the on-call person: %s"), phone);
      else
        text = g_strdup (_("Alert not delivered — phone the on-call person"));
      gtk_label_set_label (self->overdue_label, text);
    }
  vigie_call_section_reveal (self->overdue_revealer, overdue);
}

/* The key that answered the last question must not also decide: the
 * decision bar takes no key for a moment after it appears. */
static void
hold_when_decidable (VigieCallView *self)
{
  gboolean decidable = vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING &&
                       (vigie_call_get_decision (self->call) != NULL || vigie_call_get_runner (self->call) == NULL);

  if (decidable && !self->was_decidable)
    vigie_call_view_hold_input (self);
  self->was_decidable = decidable;
}

/* A screen reader reads the question, the recommendation, then the
 * decision when the call takes focus. */
static void
update_accessible_label (VigieCallView *self)
{
  const char *summary = vigie_alert_panel_get_title (self->alert_panel);

  if (summary == NULL)
    summary = vigie_script_pane_get_summary (self->script_pane);
  if (summary != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
}

/* Keep the keyboard on the call: the buttons that had focus are gone…
 * but never take it from outside the call (the sign-in bar, the
 * journal's search): that field belongs to the operator. */
static gboolean
focus_was_lost (VigieCallView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || focus == GTK_WIDGET (root))
    return TRUE;
  return gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) &&
         !GTK_IS_EDITABLE (focus) && !vigie_decision_bar_has_focus (self->decision_bar, focus);
}

void
_vigie_call_view_update (VigieCallView *self)
{
  VigieCallSection *sections[] = {
    VIGIE_CALL_SECTION (self->script_pane),
    VIGIE_CALL_SECTION (self->decision_bar),
    VIGIE_CALL_SECTION (self->alert_panel),
  };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    vigie_call_section_update (sections[i]);
  update_status (self);

  hold_when_decidable (self);
  _vigie_call_view_actions_update (self);
  update_accessible_label (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && focus_was_lost (self))
    _vigie_call_view_focus_question (self);

  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
tick_cb (gpointer user_data)
{
  VigieCallView *self = user_data;
  g_autofree char *text = vigie_call_view_dup_elapsed (self);

  gtk_label_set_label (self->timer_label, text);

  if (vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    {
      self->timer_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
update_idle_cb (gpointer user_data)
{
  VigieCallView *self = user_data;

  self->update_id = 0;
  _vigie_call_view_update (self);
  return G_SOURCE_REMOVE;
}

/* The runner moves before the call has computed its recommendation;
 * update once both are done. */
static void
runner_changed_cb (VigieCallView *self)
{
  vigie_decision_bar_reset (self->decision_bar);
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_idle_cb, self, NULL);
}

static void
call_notify_cb (VigieCallView *self)
{
  _vigie_call_view_update (self);
}

/* The operator answered from the script pane: show the next step now. */
static void
answered_cb (VigieCallView *self)
{
  g_clear_handle_id (&self->update_id, g_source_remove);
  _vigie_call_view_update (self);
}

static void
card_changed_cb (VigieCallView *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
relayout_cb (gpointer user_data)
{
  VigieCallView *self = user_data;

  self->relayout_id = 0;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->columns),
                                  self->narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_homogeneous (self->columns, !self->narrow);
  return G_SOURCE_REMOVE;
}

static void
layout_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

/* Like AdwBin's own layout, but it knows when the call gets narrow. */
static void
layout_allocate (GtkWidget *widget,
                 int        width,
                 int        height,
                 int        baseline)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean narrow = width < NARROW_WIDTH;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* Changing the layout from inside an allocation would re-enter it. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->relayout_id == 0)
        self->relayout_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, relayout_cb, self, NULL);
    }
}

static void
vigie_call_view_dispose (GObject *object)
{
  VigieCallView *self = (VigieCallView *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_handle_id (&self->hold_id, g_source_remove);
  if (self->call != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->call, self);
      if (vigie_call_get_runner (self->call))
        g_signal_handlers_disconnect_by_data (vigie_call_get_runner (self->call), self);
    }
  g_clear_object (&self->call);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_CALL_VIEW);

  G_OBJECT_CLASS (vigie_call_view_parent_class)->dispose (object);
}

static void
vigie_call_view_finalize (GObject *object)
{
  VigieCallView *self = (VigieCallView *)object;

  g_free (self->status);

  G_OBJECT_CLASS (vigie_call_view_parent_class)->finalize (object);
}

static void
vigie_call_view_class_init (VigieCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_call_view_dispose;
  object_class->finalize = vigie_call_view_finalize;

  g_type_ensure (VIGIE_TYPE_CALLER_CARD);
  g_type_ensure (VIGIE_TYPE_SCRIPT_PANE);
  g_type_ensure (VIGIE_TYPE_ALERT_PANEL);
  g_type_ensure (VIGIE_TYPE_DECISION_BAR);

  /**
   * VigieCallView::closed:
   *
   * The operator closed the call; the view can go.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * VigieCallView::changed:
   *
   * The call's state or status text changed (for the list of calls).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-call-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VigieCallView, name)
  BIND (client_label);
  BIND (line_label);
  BIND (state_label);
  BIND (header_box);
  BIND (timer_label);
  BIND (hangup_revealer);
  BIND (overdue_revealer);
  BIND (overdue_label);
  BIND (greeting_label);
  BIND (columns);
  BIND (caller_card);
  BIND (script_pane);
  BIND (alert_panel);
  BIND (decision_bar);
#undef BIND

  _vigie_call_view_class_actions_init (widget_class);
}

static void
vigie_call_view_init (VigieCallView *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self),
                                 gtk_custom_layout_new (NULL, layout_measure, layout_allocate));

  /* Capture phase: Escape and Enter must work from inside the entries. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (_vigie_call_view_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  vigie_call_section_watch_revealer (self->hangup_revealer);
  vigie_call_section_watch_revealer (self->overdue_revealer);
  g_signal_connect_swapped (self->script_pane, "answered", G_CALLBACK (answered_cb), self);
  g_signal_connect_swapped (self->caller_card, "changed", G_CALLBACK (card_changed_cb), self);
}

/**
 * vigie_call_view_new:
 * @call: (nullable): the call to present, or %NULL for a view built ahead
 *   of time and given its call later with vigie_call_view_set_call()
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
vigie_call_view_new (VigieCall *call)
{
  GtkWidget *self;

  g_return_val_if_fail (call == NULL || VIGIE_IS_CALL (call), NULL);

  self = g_object_new (VIGIE_TYPE_CALL_VIEW, NULL);
  if (call != NULL)
    vigie_call_view_set_call (VIGIE_CALL_VIEW (self), call);
  return self;
}

/**
 * vigie_call_view_set_call:
 * @self: a #VigieCallView made without a call
 * @call: the call to present
 *
 * Fills a view built ahead of time: the screen pop then only sets labels.
 * A view presents one call for its whole life.
 */
void
vigie_call_view_set_call (VigieCallView *self,
                          VigieCall     *call)
{
  VigieCallSection *sections[] = {
    VIGIE_CALL_SECTION (self->caller_card),
    VIGIE_CALL_SECTION (self->script_pane),
    VIGIE_CALL_SECTION (self->alert_panel),
    VIGIE_CALL_SECTION (self->decision_bar),
  };
  VigieClient *client;

  g_return_if_fail (VIGIE_IS_CALL_VIEW (self));
  g_return_if_fail (VIGIE_IS_CALL (call));
  g_return_if_fail (self->call == NULL);

  self->call = g_object_ref (call);

  client = vigie_call_get_client (call);
  if (client != NULL)
    {
      g_autofree char *line_shown = vigie_phone_format (vigie_call_get_line (call));
      g_autofree char *line = g_strdup_printf (_("%s · line %s"), vigie_client_get_sector (client), line_shown);
      g_autofree char *greeting = g_strdup_printf (_("To say: “%s”"), vigie_client_get_greeting (client));

      gtk_label_set_label (self->client_label, vigie_client_get_name (client));
      gtk_label_set_label (self->line_label, line);
      gtk_label_set_label (self->greeting_label, greeting);
    }
  else
    {
      g_autofree char *line = g_strdup_printf (_("Line %s"), vigie_call_get_line (call));

      gtk_label_set_label (self->client_label, _("Unknown line"));
      gtk_label_set_label (self->line_label, line);
      gtk_widget_set_visible (GTK_WIDGET (self->greeting_label), FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    vigie_call_section_set_call (sections[i], call);

  g_signal_connect_swapped (call, "notify::state", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::alert-state", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::decision", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::alert-overdue", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::status-text", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::status-style", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::alert-message", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::escalation-status", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::oncall-phone", G_CALLBACK (call_notify_cb), self);
  if (vigie_call_get_runner (call))
    g_signal_connect_swapped (vigie_call_get_runner (call), "changed",
                              G_CALLBACK (runner_changed_cb), self);

  tick_cb (self);
  self->timer_id = g_timeout_add_seconds (1, tick_cb, self);
  _vigie_call_view_update (self);
}

/**
 * vigie_call_view_get_call:
 * @self: a #VigieCallView
 *
 * Returns: (transfer none): the call
 */
VigieCall *
vigie_call_view_get_call (VigieCallView *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL_VIEW (self), NULL);
  return self->call;
}

/**
 * vigie_call_view_record_aftercare:
 * @self: a #VigieCallView
 * @started: (nullable): the intervention's start, as the operator types it
 * @ended: (nullable): its end
 * @score: (nullable): the caller's satisfaction, 1 to 5
 * @error: return location for a #GError
 *
 * Types into the "after the intervention" fields and records them, as
 * Enter does (the command line's `vigie intervention`).
 *
 * Returns: %TRUE if recorded
 */
gboolean
vigie_call_view_record_aftercare (VigieCallView  *self,
                                  const char     *started,
                                  const char     *ended,
                                  const char     *score,
                                  GError        **error)
{
  g_return_val_if_fail (VIGIE_IS_CALL_VIEW (self), FALSE);

  vigie_alert_panel_enter_aftercare (self->alert_panel, started, ended, score);
  return vigie_alert_panel_record_aftercare (self->alert_panel, error);
}

/**
 * vigie_call_view_dup_title:
 * @self: a #VigieCallView
 *
 * Returns: (transfer full): a short title for the list of open calls
 */
char *
vigie_call_view_dup_title (VigieCallView *self)
{
  VigieClient *client = vigie_call_get_client (self->call);

  return g_strdup (client ? vigie_client_get_name (client) : _("Unknown line"));
}

/**
 * vigie_call_view_dup_caller:
 * @self: a #VigieCallView
 *
 * Returns: (transfer full): who is calling, as captured so far
 */
char *
vigie_call_view_dup_caller (VigieCallView *self)
{
  g_autofree char *name = vigie_caller_identity_dup_name (vigie_call_get_identity (self->call));
  const char *from = vigie_call_get_from (self->call);

  if (name != NULL)
    return g_steal_pointer (&name);
  if (g_str_equal (from, "anonymous"))
    return g_strdup (_("Hidden number"));
  return vigie_phone_format (from);
}

/**
 * vigie_call_view_get_status:
 * @self: a #VigieCallView
 *
 * Returns: the call's state in words ("Qualifying", "Alert delivered"…)
 */
const char *
vigie_call_view_get_status (VigieCallView *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL_VIEW (self), NULL);
  return self->status;
}

/**
 * vigie_call_view_dup_elapsed:
 * @self: a #VigieCallView
 *
 * Returns: (transfer full): time since the call arrived, "mm:ss"
 */
char *
vigie_call_view_dup_elapsed (VigieCallView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan elapsed = g_date_time_difference (now, vigie_call_get_received_at (self->call));
  gint64 seconds = MAX (elapsed, 0) / G_USEC_PER_SEC;

  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, seconds / 60, seconds % 60);
}

/**
 * vigie_call_view_set_history:
 * @self: a #VigieCallView
 * @calls: (nullable) (element-type VigieJournalCall): the caller's
 *   previous calls, newest first
 */
void
vigie_call_view_set_history (VigieCallView *self,
                             GPtrArray     *calls)
{
  g_return_if_fail (VIGIE_IS_CALL_VIEW (self));

  vigie_caller_card_set_history (self->caller_card, calls);
}

/**
 * vigie_call_view_set_line_state:
 * @self: a #VigieCallView
 * @answered: the operator picked up
 * @hung_up: the caller hung up
 *
 * What the switchboard says about the line; the qualification goes on.
 */
void
vigie_call_view_set_line_state (VigieCallView *self,
                                gboolean       answered,
                                gboolean       hung_up)
{
  g_return_if_fail (VIGIE_IS_CALL_VIEW (self));

  self->answered = answered;
  self->hung_up = hung_up;
  vigie_call_set_hung_up (self->call, hung_up);
  vigie_call_section_reveal (self->hangup_revealer,
                             hung_up && vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING);
  update_status (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * vigie_call_view_hold_input:
 * @self: a #VigieCallView
 *
 * Drops the keys pressed in the next %VIGIE_CALL_VIEW_HOLD_MS: the screen
 * under the operator's fingers just changed (another call came forward,
 * the recommendation appeared), and a key meant for what was there
 * before must not act on what is there now. The decision bar shows it is
 * not ready yet. Switching calls (Ctrl+Page Up/Down, Alt+number) still
 * works.
 */
void
vigie_call_view_hold_input (VigieCallView *self)
{
  g_return_if_fail (VIGIE_IS_CALL_VIEW (self));

  self->hold_until = g_get_monotonic_time () + VIGIE_CALL_VIEW_HOLD_MS * 1000;
  gtk_widget_set_sensitive (GTK_WIDGET (self->decision_bar), FALSE);
  g_clear_handle_id (&self->hold_id, g_source_remove);
  self->hold_id = g_timeout_add (VIGIE_CALL_VIEW_HOLD_MS, hold_done_cb, self);
}

/**
 * vigie_call_view_set_line_controls:
 * @self: a #VigieCallView
 * @controls: (transfer none): the telephone's buttons for this call
 *
 * Puts the softphone's pick-up and hang-up buttons at the end of the
 * call's header (vigie-desk-telephony.c builds and drives them).
 */
void
vigie_call_view_set_line_controls (VigieCallView *self,
                                   GtkWidget     *controls)
{
  g_return_if_fail (VIGIE_IS_CALL_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (controls));

  gtk_grid_attach (self->header_box, controls, 3, 0, 1, 2);
}
