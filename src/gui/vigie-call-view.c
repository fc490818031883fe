/* vigie-call-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One open call on the desk: the client and its greeting, the caller card
 * (captured identity, contract, previous calls), the script's current
 * question, the recommendation and the decision bar. Everything can be
 * done from the keyboard: digits answer (and, at the end, pick Trigger /
 * Defer / Log only), Enter confirms, Backspace goes back, Escape returns
 * to the question from any field.
 *
 * The screen pop has a 20 ms budget: the window builds a view ahead and
 * fills it (vigie_call_view_set_call()); its first frame lays out only
 * the card and the question, on call now, previous calls and the note
 * follow one frame later; hidden parts stay out of the layout.
 */
#define G_LOG_DOMAIN "vigie-call-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-view.h"
#include "vigie-phone.h"

/* Below this width the caller card goes above the script. */
#define NARROW_WIDTH 760
#include "vigie-roster-oncall.h"

struct _VigieCallView
{
  AdwBin             parent_instance;

  VigieCall         *call;
  guint              timer_id;
  guint              relayout_id;
  guint              update_id;
  gboolean           narrow;
  gboolean           hung_up;
  gboolean           answered;
  VigieDecisionKind  chosen;         /* the decision the bar is editing */
  char              *defer_initial;  /* the computed time, as shown */
  char              *target;         /* who the alert goes to */
  char              *status;
  GtkWidget         *header_box;     /* the telephone's buttons go here */

  GtkLabel          *client_label;
  GtkLabel          *line_label;
  GtkLabel          *state_label;
  GtkLabel          *timer_label;
  GtkRevealer       *hangup_revealer;
  GtkLabel          *greeting_label;
  GtkBox            *columns;
  GtkBox            *more_box;
  GdkFrameClock     *more_clock;     /* the pop's frame, then the rest */
  gulong             more_handler;
  GtkLabel          *vip_label;
  GtkLabel          *known_label;
  AdwActionRow      *number_row;
  AdwEntryRow       *last_name_row;
  AdwEntryRow       *first_name_row;
  AdwEntryRow       *company_row;
  AdwEntryRow       *callback_row;
  AdwEntryRow       *site_row;
  AdwActionRow      *contract_row;
  AdwPreferencesGroup *history_group;
  AdwEntryRow       *note_row;
  GtkLabel          *script_title_label;
  GtkBox            *breadcrumb_box;
  GtkLabel          *error_label;
  GtkLabel          *question_label;
  GtkBox            *choices_box;
  GtkEntry          *answer_entry;
  GtkBox            *outcome_box;
  GtkLabel          *outcome_label;
  GtkLabel          *recommendation_label;
  GtkLabel          *explanation_label;
  GtkBox            *alert_box;
  GtkImage          *alert_icon;
  GtkLabel          *decision_label;
  GtkLabel          *target_label;
  GtkLabel          *alert_label;
  GtkRevealer       *decision_revealer;
  GtkButton         *trigger_button;
  GtkButton         *defer_button;
  GtkButton         *log_button;
  GtkLabel          *defer_label;
  GtkBox            *details_box;
  GtkEntry          *defer_entry;
  GtkDropDown       *reason_dropdown;
  GtkStringList     *reasons;
  GtkEntry          *reason_entry;
  GtkLabel          *decision_hint_label;
  GtkRevealer       *overdue_revealer;
  GtkLabel          *overdue_label;
  GtkButton         *acknowledge_button;
};

G_DEFINE_FINAL_TYPE (VigieCallView, vigie_call_view, ADW_TYPE_BIN)

enum {
  CLOSED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* On a French AZERTY keyboard the digit row gives these without Shift;
 * operators should not have to hold Shift to answer. */
static const guint azerty_digits[] = {
  GDK_KEY_ampersand, GDK_KEY_eacute, GDK_KEY_quotedbl, GDK_KEY_apostrophe,
  GDK_KEY_parenleft, GDK_KEY_minus, GDK_KEY_egrave, GDK_KEY_underscore, GDK_KEY_ccedilla,
};

static const VigieDecisionKind bar_kinds[] = {
  VIGIE_DECISION_TRIGGER, VIGIE_DECISION_DEFER, VIGIE_DECISION_LOG
};

#define DEFER_FORMAT "%d/%m/%Y %H:%M"

static void update (VigieCallView *self);

static const char *
decision_label (VigieDecisionKind kind)
{
  switch (kind)
    {
    case VIGIE_DECISION_TRIGGER: return _("Trigger now");
    case VIGIE_DECISION_DEFER:   return _("Defer");
    case VIGIE_DECISION_LOG:     return _("Log only");
    case VIGIE_DECISION_NONE:
    default:                     return "";
    }
}

static void
show_error (VigieCallView *self,
            const char    *message)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *overlay = root ? g_object_get_data (G_OBJECT (root), "vigie-toast-overlay") : NULL;

  g_message ("%s", message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
focus_question (VigieCallView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* gtk_widget_set_tooltip_text() on a visible widget asks the X server
 * where the pointer is, even for a widget not on screen yet: one round
 * trip per button, milliseconds each on a busy display, on the screen
 * pop's path. A widget not yet shown skips that query. */
static void
set_new_widget_tooltip (GtkWidget  *widget,
                        const char *text)
{
  g_assert (gtk_widget_get_parent (widget) == NULL);

  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, TRUE);
}

/* A revealer measures its child even while hidden: keep a hidden child
 * out of the layout, the screen pop's included. */
static void
reveal (GtkRevealer *revealer,
        gboolean     show)
{
  if (show)
    gtk_widget_set_visible (gtk_revealer_get_child (revealer), TRUE);
  gtk_revealer_set_reveal_child (revealer, show);
}

static void
child_revealed_cb (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (gtk_revealer_get_child (revealer), FALSE);
}

/* On call now, previous calls and the note come one frame after the
 * caller card and the question: the screen pop paints what the operator
 * reads first without measuring the rest. */
static void
show_more (VigieCallView *self)
{
  if (self->more_handler != 0)
    g_clear_signal_handler (&self->more_handler, self->more_clock);
  g_clear_object (&self->more_clock);
  gtk_widget_set_visible (GTK_WIDGET (self->more_box), TRUE);
}

static void
more_after_paint_cb (GdkFrameClock *clock,
                     VigieCallView *self)
{
  show_more (self);
}

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean has_value = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, has_value ? value : "—");
}

/* --- Identity --------------------------------------------------------- */

static AdwEntryRow *
identity_row (VigieCallView    *self,
              VigieCallerField  field)
{
  switch (field)
    {
    case VIGIE_CALLER_LAST_NAME:  return self->last_name_row;
    case VIGIE_CALLER_FIRST_NAME: return self->first_name_row;
    case VIGIE_CALLER_COMPANY:    return self->company_row;
    case VIGIE_CALLER_CALLBACK:   return self->callback_row;
    case VIGIE_CALLER_SITE:       return self->site_row;
    case VIGIE_CALLER_N_FIELDS:
    default:                      g_assert_not_reached ();
    }
}

static void
identity_row_changed_cb (AdwEntryRow   *row,
                         VigieCallView *self)
{
  VigieCallerField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "field"));
  g_autoptr(GError) error = NULL;

  if (vigie_caller_identity_set (vigie_call_get_identity (self->call), field,
                                 gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
    }
  else
    {
      /* Keep what was typed on screen; the identity keeps its last valid
       * value until the operator fixes it. */
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), error->message);
    }
}

/* Someone else (the command line, a test) changed the identity: show it,
 * unless the operator is typing in that field. */
static void
identity_changed_cb (VigieCallerIdentity *identity,
                     guint                field,
                     VigieCallView       *self)
{
  AdwEntryRow *row = identity_row (self, field);
  const char *value = vigie_caller_identity_get (identity, field);
  g_autofree char *shown = NULL;
  g_autofree char *typed = NULL;

  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row))))
    return;

  if (field == VIGIE_CALLER_CALLBACK)
    {
      typed = vigie_phone_normalize (gtk_editable_get_text (GTK_EDITABLE (row)), NULL);
      if (g_strcmp0 (typed, value) == 0)
        return;
      shown = value ? vigie_phone_format (value) : NULL;
    }
  else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value ? value : "") == 0)
    return;

  g_signal_handlers_block_by_func (row, identity_row_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (row), shown ? shown : value ? value : "");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_signal_handlers_unblock_by_func (row, identity_row_changed_cb, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
fill_identity (VigieCallView *self)
{
  VigieCallerIdentity *identity = vigie_call_get_identity (self->call);

  for (VigieCallerField field = 0; field < VIGIE_CALLER_N_FIELDS; field++)
    {
      AdwEntryRow *row = identity_row (self, field);
      const char *value = vigie_caller_identity_get (identity, field);
      g_autofree char *shown = NULL;

      if (value != NULL && field == VIGIE_CALLER_CALLBACK)
        value = shown = vigie_phone_format (value);
      g_object_set_data (G_OBJECT (row), "field", GUINT_TO_POINTER (field));
      gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
      g_signal_connect (row, "changed", G_CALLBACK (identity_row_changed_cb), self);
    }
  g_signal_connect (identity, "changed", G_CALLBACK (identity_changed_cb), self);
}

/* Refuses to decide on a call-back number the operator has not fixed. */
static gboolean
check_identity (VigieCallView *self)
{
  g_autoptr(GError) error = NULL;

  if (gtk_widget_has_css_class (GTK_WIDGET (self->callback_row), "error"))
    {
      show_error (self, gtk_widget_get_tooltip_text (GTK_WIDGET (self->callback_row)));
      gtk_widget_grab_focus (GTK_WIDGET (self->callback_row));
      return FALSE;
    }
  if (!vigie_call_commit_identity (self->call, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

/* --- Script ----------------------------------------------------------- */

static void
choose (VigieCallView *self,
        guint          index)
{
  g_autoptr(GError) error = NULL;
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);

  if (runner == NULL || vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING ||
      vigie_script_runner_is_finished (runner))
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->answer_entry)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->answer_entry));
      return;
    }

  if (!vigie_call_answer (self->call, index, &error))
    show_error (self, error->message);
  g_clear_handle_id (&self->update_id, g_source_remove);
  update (self);
}

static void
choice_clicked_cb (GtkButton     *button,
                   VigieCallView *self)
{
  choose (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "choice")));
}

/* Number and free-text questions: the operator types, Enter submits. */
static void
answer_activate_cb (VigieCallView *self)
{
  g_autoptr(GError) error = NULL;

  if (!vigie_call_answer_text (self->call, gtk_editable_get_text (GTK_EDITABLE (self->answer_entry)), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->answer_entry), "error");
      show_error (self, error->message);
    }
}

static void
show_answer_entry (VigieCallView         *self,
                   const VigieScriptNode *node)
{
  gboolean typed = node->kind == VIGIE_NODE_NUMBER || node->kind == VIGIE_NODE_TEXT;
  g_autofree char *hint = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->answer_entry), typed);
  if (!typed)
    return;

  if (node->kind == VIGIE_NODE_TEXT)
    hint = g_strdup (_("Type the caller's answer, then press Enter"));
  else if (node->unit != NULL)
    hint = g_strdup_printf (_("Type the value in %s, then press Enter"), node->unit);
  else
    hint = g_strdup (_("Type the value, then press Enter"));

  gtk_editable_set_text (GTK_EDITABLE (self->answer_entry), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->answer_entry), "error");
  gtk_entry_set_placeholder_text (self->answer_entry, hint);
  gtk_entry_set_input_purpose (self->answer_entry, node->kind == VIGIE_NODE_NUMBER
                                                   ? GTK_INPUT_PURPOSE_NUMBER
                                                   : GTK_INPUT_PURPOSE_FREE_FORM);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->answer_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, node->text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->answer_entry));
}

static void
crumb_clicked_cb (GtkButton     *button,
                  VigieCallView *self)
{
  guint keep = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);

  self->chosen = VIGIE_DECISION_NONE;
  while (vigie_script_runner_get_n_steps (runner) > keep)
    {
      g_autoptr(GError) error = NULL;

      if (!vigie_call_back (self->call, &error))
        {
          if (error)
            show_error (self, error->message);
          break;
        }
    }
  focus_question (self);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)))
    {
      gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
make_choice_button (guint       index,
                    const char *label)
{
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  g_autofree char *tooltip = g_strdup_printf (_("%s (key %u)"), label, index + 1);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_grid_new ();
  GtkWidget *key = gtk_label_new (number);
  GtkWidget *text = gtk_label_new (label);

  gtk_widget_add_css_class (key, "choice-key");
  gtk_widget_add_css_class (key, "numeric");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (box), 12);
  gtk_grid_attach (GTK_GRID (box), key, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (box), text, 1, 0, 1, 1);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "choice");
  set_new_widget_tooltip (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, number,
                                  -1);
  g_object_set_data (G_OBJECT (button), "choice", GUINT_TO_POINTER (index));

  return button;
}

static void
update_breadcrumb (VigieCallView     *self,
                   VigieScriptRunner *runner,
                   gboolean           qualifying)
{
  guint n = vigie_script_runner_get_n_steps (runner);

  clear_box (GTK_WIDGET (self->breadcrumb_box));
  for (guint i = 0; i < n; i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (runner, i);
      const char *answer = step->node->kind == VIGIE_NODE_YESNO
        ? gettext (vigie_script_step_get_label (step))
        : vigie_script_step_get_label (step);
      g_autofree char *text = g_strdup_printf ("%u. %s", i + 1, answer);
      g_autofree char *a11y = g_strdup_printf (_("Revise: %s — %s"), step->node->text, answer);
      GtkWidget *crumb = gtk_button_new_with_label (text);

      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (crumb))), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (crumb))), 22);
      gtk_widget_add_css_class (crumb, "flat");
      gtk_widget_add_css_class (crumb, "crumb");
      set_new_widget_tooltip (crumb, a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (crumb), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_set_sensitive (crumb, qualifying);
      g_object_set_data (G_OBJECT (crumb), "step", GUINT_TO_POINTER (i));
      g_signal_connect (crumb, "clicked", G_CALLBACK (crumb_clicked_cb), self);
      gtk_box_append (self->breadcrumb_box, crumb);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->breadcrumb_box), n > 0);
}

static char *
format_defer (GDateTime *when)
{
  return when ? g_date_time_format (when, DEFER_FORMAT) : g_strdup ("");
}

static void
update_outcome (VigieCallView *self,
                VigieDecision *decision,
                const VigieScriptNode *node)
{
  g_autoptr(GString) why = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *outcome = NULL;
  const char * const *explanation = vigie_decision_get_explanation (decision);
  VigieDecisionKind kind = vigie_decision_get_recommended (decision);

  outcome = g_strdup_printf (_("%s · gravity %d/4 · urgency %s"),
                             node->nature ? node->nature : node->id,
                             vigie_decision_get_gravity (decision),
                             node->urgency ? node->urgency : "—");
  gtk_label_set_label (self->outcome_label, outcome);

  if (kind == VIGIE_DECISION_DEFER)
    {
      g_autofree char *when = g_date_time_format (vigie_decision_get_defer_until (decision),
                                                  _("%A %d %B at %H:%M"));
      title = g_strdup_printf (_("Recommended: defer until %s"), when);
    }
  else
    title = g_strdup_printf (_("Recommended: %s"), decision_label (kind));
  gtk_label_set_label (self->recommendation_label, title);

  for (guint i = 0; explanation && explanation[i]; i++)
    g_string_append_printf (why, "%s• %s", i ? "\n" : "", explanation[i]);
  gtk_label_set_label (self->explanation_label, why->str);
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), why->len > 0);

  g_free (self->defer_initial);
  self->defer_initial = format_defer (vigie_decision_get_defer_until (decision));
}

static void
update_script (VigieCallView *self)
{
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);
  const VigieScriptNode *node;
  VigieDecision *decision;
  gboolean qualifying = vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING;

  clear_box (GTK_WIDGET (self->choices_box));

  if (runner == NULL)
    {
      gtk_label_set_label (self->error_label, vigie_call_get_script_error (self->call));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_label_set_label (self->question_label, _("No script for this call: take a message."));
      gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->breadcrumb_box), FALSE);
      return;
    }

  gtk_label_set_label (self->script_title_label,
                       vigie_script_get_title (vigie_script_runner_get_script (runner)));
  update_breadcrumb (self, runner, qualifying);

  node = vigie_script_runner_get_current (runner);
  show_answer_entry (self, node);
  if (node->kind != VIGIE_NODE_OUTCOME)
    {
      gtk_label_set_label (self->question_label, node->text);
      gtk_widget_set_visible (GTK_WIDGET (self->question_label), TRUE);

      if (node->kind == VIGIE_NODE_INFO)
        gtk_box_append (self->choices_box, make_choice_button (0, _("Done, continue")));
      else if (node->choices != NULL)
        for (guint i = 0; i < node->choices->len; i++)
          {
            VigieScriptChoice *choice = g_ptr_array_index (node->choices, i);
            const char *label = node->kind == VIGIE_NODE_YESNO ? gettext (choice->label) : choice->label;

            gtk_box_append (self->choices_box, make_choice_button (i, label));
          }

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box));
           child; child = gtk_widget_get_next_sibling (child))
        g_signal_connect (child, "clicked", G_CALLBACK (choice_clicked_cb), self);

      gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
      /* A screen reader reads the question when the call takes focus. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      node->text, -1);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->question_label), FALSE);
  decision = vigie_call_get_decision (self->call);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), decision != NULL);
  if (decision != NULL)
    {
      update_outcome (self, decision, node);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_label_get_label (self->recommendation_label), -1);
    }
}

/* --- Decision bar ----------------------------------------------------- */

static gboolean
needs_reason (VigieCallView *self)
{
  VigieDecision *decision = vigie_call_get_decision (self->call);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->defer_entry));

  if (decision == NULL || self->chosen == VIGIE_DECISION_NONE)
    return FALSE;
  if (self->chosen != vigie_decision_get_recommended (decision))
    return TRUE;
  return self->chosen == VIGIE_DECISION_DEFER && g_strcmp0 (typed, self->defer_initial) != 0;
}

static void
update_decision_bar (VigieCallView *self)
{
  VigieDecision *decision = vigie_call_get_decision (self->call);
  gboolean open = decision != NULL && vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING;
  VigieDecisionKind recommended = open ? vigie_decision_get_recommended (decision) : VIGIE_DECISION_NONE;
  GtkButton *buttons[] = { self->trigger_button, self->defer_button, self->log_button };
  gboolean reason = needs_reason (self);
  g_autofree char *defer_text = NULL;

  reveal (self->decision_revealer, open);
  if (!open)
    {
      self->chosen = VIGIE_DECISION_NONE;
      gtk_widget_set_visible (GTK_WIDGET (self->details_box), FALSE);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = GTK_WIDGET (buttons[i]);

      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_remove_css_class (button, "chosen");
      if (bar_kinds[i] == recommended)
        gtk_widget_add_css_class (button, "suggested-action");
      if (bar_kinds[i] == self->chosen)
        gtk_widget_add_css_class (button, "chosen");
    }

  if (recommended == VIGIE_DECISION_DEFER && self->defer_initial)
    defer_text = g_strdup_printf (_("Defer to %s"), self->defer_initial);
  gtk_label_set_label (self->defer_label, defer_text ? defer_text : _("Defer"));

  gtk_widget_set_visible (GTK_WIDGET (self->details_box), self->chosen != VIGIE_DECISION_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->defer_entry), self->chosen == VIGIE_DECISION_DEFER);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_dropdown), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_entry), reason);

  if (self->chosen == VIGIE_DECISION_NONE)
    gtk_label_set_label (self->decision_hint_label,
                         _("Enter follows the recommendation · 1, 2, 3 choose otherwise · Backspace revises the last answer"));
  else if (reason)
    gtk_label_set_label (self->decision_hint_label,
                         _("Override: choose a reason (or type one), then Enter · Escape cancels"));
  else
    gtk_label_set_label (self->decision_hint_label, _("Enter applies · Escape cancels"));
}

static void
choose_decision (VigieCallView     *self,
                 VigieDecisionKind  kind)
{
  VigieDecision *decision = vigie_call_get_decision (self->call);

  if (decision == NULL || vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    return;

  /* Following the recommendation needs nothing more, except a defer whose
   * time the operator may want to check. */
  if (kind == vigie_decision_get_recommended (decision) && kind != VIGIE_DECISION_DEFER)
    {
      self->chosen = kind;
      gtk_widget_activate_action (GTK_WIDGET (self), "call.apply-decision", NULL);
      return;
    }

  self->chosen = kind;
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_entry), "error");
  if (kind == VIGIE_DECISION_DEFER)
    {
      GDateTime *when = vigie_decision_get_defer_until (decision);
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(GDateTime) in_an_hour = NULL;
      g_autofree char *text = NULL;

      if (when == NULL)
        {
          now = g_date_time_new_now_local ();
          in_an_hour = g_date_time_add_hours (now, 1);
          when = in_an_hour;
        }
      text = format_defer (when);
      gtk_editable_set_text (GTK_EDITABLE (self->defer_entry), text);
    }
  update_decision_bar (self);

  if (kind == VIGIE_DECISION_DEFER)
    gtk_widget_grab_focus (GTK_WIDGET (self->defer_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->reason_dropdown));
}

static void
cancel_decision (VigieCallView *self)
{
  self->chosen = VIGIE_DECISION_NONE;
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  update_decision_bar (self);
  focus_question (self);
}

static GDateTime *
parse_defer (const char  *text,
             GError     **error)
{
  int day, month, year, hour, minute;
  char extra;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  GDateTime *when;

  if (sscanf (text, "%d/%d/%d %d:%d%c", &day, &month, &year, &hour, &minute, &extra) != 5 ||
      !(when = g_date_time_new (tz, year, month, day, hour, minute, 0)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date and time such as 24/12/2025 08:00"), text);
      return NULL;
    }
  return when;
}

static char *
dup_reason (VigieCallView *self)
{
  guint selected = gtk_drop_down_get_selected (self->reason_dropdown);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reasons));
  g_autofree char *details = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  const char *preset = NULL;

  /* The last entry is "Other reason": only the typed text counts. */
  if (selected + 1 < n)
    preset = gtk_string_list_get_string (self->reasons, selected);

  if (preset && *details)
    return g_strdup_printf ("%s: %s", preset, details);
  if (preset)
    return g_strdup (preset);
  return *details ? g_steal_pointer (&details) : NULL;
}

static void
apply_decision_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  VigieDecision *decision = vigie_call_get_decision (self->call);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *reason = NULL;
  VigieDecisionKind kind = self->chosen;

  if (decision == NULL || vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    return;
  if (kind == VIGIE_DECISION_NONE)
    kind = vigie_decision_get_recommended (decision);

  if (kind == VIGIE_DECISION_DEFER && self->chosen == VIGIE_DECISION_DEFER)
    {
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->defer_entry));

      if (g_strcmp0 (typed, self->defer_initial) != 0)
        {
          if (!(when = parse_defer (typed, &error)))
            {
              gtk_widget_add_css_class (GTK_WIDGET (self->defer_entry), "error");
              gtk_widget_grab_focus (GTK_WIDGET (self->defer_entry));
              show_error (self, error->message);
              return;
            }
        }
      gtk_widget_remove_css_class (GTK_WIDGET (self->defer_entry), "error");
    }

  if (needs_reason (self))
    {
      reason = dup_reason (self);
      if (reason == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->reason_entry), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
          show_error (self, _("An override needs a reason"));
          return;
        }
    }

  if (!check_identity (self))
    return;

  vigie_call_set_defer_until (self->call, when);
  if (!vigie_call_decide (self->call, kind, reason, &error))
    {
      vigie_call_set_defer_until (self->call, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_entry), "error");
      show_error (self, error->message);
      return;
    }

  self->chosen = VIGIE_DECISION_NONE;
  focus_question (self);
}

static void
choose_decision_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);

  choose_decision (self, vigie_decision_kind_from_string (g_variant_get_string (param, NULL)));
}

static void
defer_changed_cb (VigieCallView *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->defer_entry), "error");
  if (self->chosen == VIGIE_DECISION_DEFER)
    update_decision_bar (self);
}

static void
reason_selected_cb (VigieCallView *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_entry), "error");
}

/* --- Alert ------------------------------------------------------------ */

static void
update_alert (VigieCallView *self)
{
  VigieDecision *decision = vigie_call_get_decision (self->call);
  VigieCallState state = vigie_call_get_state (self->call);
  const char *icon = "dialog-information-symbolic";
  const char *message = vigie_call_get_alert_message (self->call);
  g_autofree char *title = NULL;
  g_autofree char *target = NULL;
  VigieDecisionKind final;

  gtk_widget_set_visible (GTK_WIDGET (self->alert_box), state != VIGIE_CALL_QUALIFYING && decision != NULL);
  if (state == VIGIE_CALL_QUALIFYING || decision == NULL)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->alert_box), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->alert_box), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->alert_box), "sending");

  switch (vigie_call_get_alert_state (self->call))
    {
    case VIGIE_ALERT_SENDING:
      icon = "mail-send-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->alert_box), "sending");
      break;
    case VIGIE_ALERT_DELIVERED:
      icon = "emblem-ok-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->alert_box), "success");
      break;
    case VIGIE_ALERT_FAILED:
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->alert_box), "error");
      break;
    case VIGIE_ALERT_SCHEDULED:
      icon = "alarm-symbolic";
      break;
    case VIGIE_ALERT_ACKNOWLEDGED:
    case VIGIE_ALERT_RESOLVED:
      icon = "emblem-default-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->alert_box), "success");
      break;
    case VIGIE_ALERT_NONE:
    default:
      message = _("Logged, no alert sent.");
      break;
    }

  final = vigie_decision_get_final (decision);
  if (vigie_decision_is_overridden (decision))
    title = g_strdup_printf (_("Decision: %s (override: %s)"), decision_label (final),
                             vigie_decision_get_reason (decision));
  else
    title = g_strdup_printf (_("Decision: %s"), decision_label (final));

  if (final != VIGIE_DECISION_LOG)
    target = g_strdup_printf (_("Alerted: %s"), self->target ? self->target : _("the client's on-call service"));

  /* No AdwBanner in libadwaita 1.2: a revealed card does the job. */
  if (vigie_call_get_alert_overdue (self->call))
    {
      const char *phone = vigie_call_get_oncall_phone (self->call);
      g_autofree char *text = phone
        ? g_strdup_printf (_("Alert not delivered — phone the on-call person: %s"), phone)
        : g_strdup (_("Alert not delivered — phone the on-call person"));

      gtk_label_set_label (self->overdue_label, text);
    }
  reveal (self->overdue_revealer, vigie_call_get_alert_overdue (self->call));

  gtk_image_set_from_icon_name (self->alert_icon, icon);
  gtk_label_set_label (self->decision_label, title);
  gtk_label_set_label (self->target_label, target ? target : "");
  gtk_widget_set_visible (GTK_WIDGET (self->target_label), target != NULL);
  gtk_label_set_label (self->alert_label, message ? message : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

/* --- Status ----------------------------------------------------------- */

static char *
compute_status (VigieCallView *self)
{
  VigieDecision *decision = vigie_call_get_decision (self->call);

  switch (vigie_call_get_state (self->call))
    {
    case VIGIE_CALL_CLOSED:
      return g_strdup (_("Closed"));
    case VIGIE_CALL_DECIDED:
      switch (vigie_call_get_alert_state (self->call))
        {
        case VIGIE_ALERT_SENDING:   return g_strdup (_("Alerting…"));
        case VIGIE_ALERT_DELIVERED: return g_strdup (_("Alert delivered"));
        case VIGIE_ALERT_FAILED:    return g_strdup (_("Alert failed"));
        case VIGIE_ALERT_SCHEDULED: return g_strdup (_("Deferred"));
        case VIGIE_ALERT_NONE:
        default:                    return g_strdup (_("Logged"));
        }
    case VIGIE_CALL_QUALIFYING:
    default:
      if (self->hung_up)
        return g_strdup (_("Caller hung up"));
      return g_strdup (decision ? _("To decide") : _("Qualifying"));
    }
}

static void
update_status (VigieCallView *self)
{
  g_autofree char *status = compute_status (self);
  const char * const classes[] = { "qualifying", "decided", "failed", "hung-up", NULL };

  for (guint i = 0; classes[i]; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
  if (vigie_call_get_alert_state (self->call) == VIGIE_ALERT_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "failed");
  else if (vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "decided");
  else if (self->hung_up)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "hung-up");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "qualifying");

  gtk_label_set_label (self->state_label, status);
  if (g_strcmp0 (status, self->status) != 0)
    {
      g_free (self->status);
      self->status = g_steal_pointer (&status);
    }
}

static void update (VigieCallView *self);

static void
update_actions (VigieCallView *self)
{
  VigieCallState state = vigie_call_get_state (self->call);
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);
  gboolean decidable = state == VIGIE_CALL_QUALIFYING && vigie_call_get_decision (self->call) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.confirm", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.choose-decision", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.apply-decision", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.back",
                                 state == VIGIE_CALL_QUALIFYING && runner &&
                                 vigie_script_runner_get_n_steps (runner) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.close", state != VIGIE_CALL_CLOSED);
  /* One button, in step with the alert: answered, then resolved. */
  if (vigie_call_get_alert_state (self->call) == VIGIE_ALERT_ACKNOWLEDGED ||
      vigie_call_get_alert_state (self->call) == VIGIE_ALERT_RESOLVED)
    {
      gtk_button_set_label (self->acknowledge_button, _("Incident _Resolved"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->acknowledge_button), "call.resolve");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.acknowledge",
                                 state != VIGIE_CALL_QUALIFYING &&
                                 vigie_call_get_alert_state (self->call) != VIGIE_ALERT_NONE &&
                                 vigie_call_get_alert_state (self->call) != VIGIE_ALERT_ACKNOWLEDGED &&
                                 vigie_call_get_alert_state (self->call) != VIGIE_ALERT_RESOLVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.resolve",
                                 vigie_call_get_alert_state (self->call) == VIGIE_ALERT_ACKNOWLEDGED);
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  /* "resolve" goes to the platforms that support it. */
  if (!vigie_call_resolve (self->call, &error))
    gtk_label_set_label (self->alert_label, error->message);
  update (self);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  /* The on-call person rang back or answered the operator. */
  if (!vigie_call_acknowledge (self->call, &error))
    gtk_label_set_label (self->alert_label, error->message);
  update (self);
}

static void
update (VigieCallView *self)
{
  update_script (self);
  update_decision_bar (self);
  update_alert (self);
  update_status (self);
  update_actions (self);

  /* Keep the keyboard on the call: the buttons that had focus are gone. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

      if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) ||
          (!GTK_IS_EDITABLE (focus) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->details_box))))
        focus_question (self);
    }

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
  update (self);
  return G_SOURCE_REMOVE;
}

/* The runner moves before the call has computed its recommendation;
 * update once both are done. */
static void
runner_changed_cb (VigieCallView *self)
{
  self->chosen = VIGIE_DECISION_NONE;
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_idle_cb, self, NULL);
}

static void
call_notify_cb (VigieCallView *self)
{
  update (self);
}

static void
note_changed_cb (VigieCallView *self)
{
  vigie_call_set_note (self->call, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
}

static gboolean
is_editing (VigieCallView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_DROP_DOWN (focus) ||
                           gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) != NULL);
}

static int
digit_of (guint keyval)
{
  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    return keyval - GDK_KEY_1;
  if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    return keyval - GDK_KEY_KP_1;
  for (guint i = 0; i < G_N_ELEMENTS (azerty_digits); i++)
    if (keyval == azerty_digits[i])
      return i;
  return -1;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VigieCallView         *self)
{
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);
  VigieCallState call_state = vigie_call_get_state (self->call);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean editing = is_editing (self);
  int digit;

  /* A dropdown's list handles its own keys. */
  if (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Escape)
    {
      if (self->chosen != VIGIE_DECISION_NONE)
        cancel_decision (self);
      else
        focus_question (self);
      return GDK_EVENT_STOP;
    }

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) &&
      (!editing || (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->details_box)))))
    {
      if (call_state == VIGIE_CALL_QUALIFYING)
        gtk_widget_activate_action (GTK_WIDGET (self), "call.apply-decision", NULL);
      else if (call_state == VIGIE_CALL_DECIDED &&
               vigie_call_get_alert_state (self->call) != VIGIE_ALERT_SENDING &&
               vigie_call_get_alert_state (self->call) != VIGIE_ALERT_FAILED)
        gtk_widget_activate_action (GTK_WIDGET (self), "call.close", NULL);
      return GDK_EVENT_STOP;
    }

  if (editing)
    return GDK_EVENT_PROPAGATE;

  if ((digit = digit_of (keyval)) >= 0)
    {
      if (runner && vigie_script_runner_is_finished (runner))
        {
          if (digit < (int) G_N_ELEMENTS (bar_kinds))
            choose_decision (self, bar_kinds[digit]);
        }
      else
        choose (self, digit);
      return GDK_EVENT_STOP;
    }

  if (keyval == GDK_KEY_BackSpace)
    {
      self->chosen = VIGIE_DECISION_NONE;
      gtk_widget_activate_action (GTK_WIDGET (self), "call.back", NULL);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);

  self->chosen = VIGIE_DECISION_NONE;
  gtk_widget_activate_action (widget, "call.apply-decision", NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!vigie_call_back (self->call, &error) && error != NULL)
    show_error (self, error->message);
  g_clear_handle_id (&self->update_id, g_source_remove);
  update (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);
  g_autoptr(GError) error = NULL;

  /* Whatever was captured is kept, decided or not. */
  if (!vigie_call_commit_identity (self->call, &error) ||
      !vigie_call_close (self->call, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
focus_note_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);

  show_more (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
}

static void
focus_identity_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (VIGIE_CALL_VIEW (widget)->last_name_row));
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
vigie_call_view_map (GtkWidget *widget)
{
  VigieCallView *self = VIGIE_CALL_VIEW (widget);

  GTK_WIDGET_CLASS (vigie_call_view_parent_class)->map (widget);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->more_box)) && self->more_handler == 0)
    {
      self->more_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
      self->more_handler = g_signal_connect (self->more_clock, "after-paint",
                                             G_CALLBACK (more_after_paint_cb), self);
    }
}

static void
vigie_call_view_dispose (GObject *object)
{
  VigieCallView *self = (VigieCallView *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->more_handler != 0)
    g_clear_signal_handler (&self->more_handler, self->more_clock);
  g_clear_object (&self->more_clock);
  if (self->call != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->call, self);
      g_signal_handlers_disconnect_by_data (vigie_call_get_identity (self->call), self);
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

  g_free (self->defer_initial);
  g_free (self->target);
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
  widget_class->map = vigie_call_view_map;

  g_type_ensure (VIGIE_TYPE_ROSTER_ONCALL);

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
  BIND (greeting_label);
  BIND (columns);
  BIND (more_box);
  BIND (vip_label);
  BIND (known_label);
  BIND (number_row);
  BIND (last_name_row);
  BIND (first_name_row);
  BIND (company_row);
  BIND (callback_row);
  BIND (site_row);
  BIND (contract_row);
  BIND (history_group);
  BIND (note_row);
  BIND (script_title_label);
  BIND (breadcrumb_box);
  BIND (error_label);
  BIND (question_label);
  BIND (choices_box);
  BIND (answer_entry);
  gtk_widget_class_bind_template_callback (widget_class, answer_activate_cb);
  BIND (outcome_box);
  BIND (outcome_label);
  BIND (recommendation_label);
  BIND (explanation_label);
  BIND (alert_box);
  BIND (alert_icon);
  BIND (decision_label);
  BIND (target_label);
  BIND (alert_label);
  BIND (decision_revealer);
  BIND (trigger_button);
  BIND (defer_button);
  BIND (log_button);
  BIND (defer_label);
  BIND (details_box);
  BIND (defer_entry);
  BIND (reason_dropdown);
  BIND (reasons);
  BIND (reason_entry);
  BIND (decision_hint_label);
  BIND (overdue_revealer);
  BIND (overdue_label);
  BIND (acknowledge_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "call.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "call.choose-decision", "s", choose_decision_action);
  gtk_widget_class_install_action (widget_class, "call.apply-decision", NULL, apply_decision_action);
  gtk_widget_class_install_action (widget_class, "call.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "call.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "call.focus-note", NULL, focus_note_action);
  gtk_widget_class_install_action (widget_class, "call.focus-identity", NULL, focus_identity_action);
  gtk_widget_class_install_action (widget_class, "call.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "call.resolve", NULL, resolve_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "call.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "call.focus-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "call.focus-identity", NULL);
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
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_swapped (self->note_row, "changed", G_CALLBACK (note_changed_cb), self);
  g_signal_connect (self->hangup_revealer, "notify::child-revealed", G_CALLBACK (child_revealed_cb), NULL);
  g_signal_connect (self->decision_revealer, "notify::child-revealed", G_CALLBACK (child_revealed_cb), NULL);
  g_signal_connect (self->overdue_revealer, "notify::child-revealed", G_CALLBACK (child_revealed_cb), NULL);
  g_signal_connect_swapped (self->defer_entry, "changed", G_CALLBACK (defer_changed_cb), self);
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (reason_selected_cb), self);
  g_signal_connect_swapped (self->reason_dropdown, "notify::selected", G_CALLBACK (reason_selected_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for the override"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->defer_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Alert the on-call person at"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details of the reason"), -1);
  self->chosen = VIGIE_DECISION_NONE;
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
  VigieClient *client;
  VigieContact *caller;
  const char *from;

  g_return_if_fail (VIGIE_IS_CALL_VIEW (self));
  g_return_if_fail (VIGIE_IS_CALL (call));
  g_return_if_fail (self->call == NULL);

  self->call = g_object_ref (call);

  client = vigie_call_get_client (call);
  caller = vigie_call_get_caller (call);
  from = vigie_call_get_from (call);

  if (client != NULL)
    {
      g_autofree char *line_shown = vigie_phone_format (vigie_call_get_line (call));
      g_autofree char *line = g_strdup_printf (_("%s · line %s"), vigie_client_get_sector (client), line_shown);
      g_autofree char *greeting = g_strdup_printf (_("To say: “%s”"), vigie_client_get_greeting (client));
      g_autoptr(GUri) uri = vigie_client_get_webhook (client)
        ? g_uri_parse (vigie_client_get_webhook (client), G_URI_FLAGS_NONE, NULL) : NULL;

      gtk_label_set_label (self->client_label, vigie_client_get_name (client));
      gtk_label_set_label (self->line_label, line);
      gtk_label_set_label (self->greeting_label, greeting);
      self->target = g_strdup_printf (_("%s's on-call service (%s)"), vigie_client_get_name (client),
                                      uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : _("no address"));
    }
  else
    {
      g_autofree char *line = g_strdup_printf (_("Line %s"), vigie_call_get_line (call));

      gtk_label_set_label (self->client_label, _("Unknown line"));
      gtk_label_set_label (self->line_label, line);
      gtk_widget_set_visible (GTK_WIDGET (self->greeting_label), FALSE);
    }

  if (g_str_equal (from, "anonymous"))
    set_row (self->number_row, _("Hidden number — ask for a call-back number"));
  else
    {
      g_autofree char *shown = vigie_phone_format (from);
      set_row (self->number_row, shown);
    }

  if (caller != NULL)
    {
      gtk_label_set_label (self->known_label, _("In the directory"));
      set_row (self->contract_row, vigie_contact_get_contract (caller));
      gtk_widget_set_visible (GTK_WIDGET (self->vip_label), vigie_contact_get_vip (caller));
    }
  else
    {
      gtk_label_set_label (self->known_label, _("Not in the directory"));
      gtk_widget_set_visible (GTK_WIDGET (self->contract_row), FALSE);
    }
  fill_identity (self);
  vigie_call_view_set_history (self, NULL);

  g_signal_connect_swapped (call, "notify::state", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::alert-state", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::decision", G_CALLBACK (call_notify_cb), self);
  g_signal_connect_swapped (call, "notify::alert-overdue", G_CALLBACK (call_notify_cb), self);
  if (vigie_call_get_runner (call))
    g_signal_connect_swapped (vigie_call_get_runner (call), "changed",
                              G_CALLBACK (runner_changed_cb), self);

  tick_cb (self);
  self->timer_id = g_timeout_add_seconds (1, tick_cb, self);
  update (self);
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
  GtkWidget *group = GTK_WIDGET (self->history_group);
  GtkWidget *row;

  g_return_if_fail (VIGIE_IS_CALL_VIEW (self));

  /* Rows live in the group's list box; remove what we added. */
  while ((row = g_object_get_data (G_OBJECT (group), "vigie-history-first")))
    {
      GtkWidget *next = g_object_get_data (G_OBJECT (row), "vigie-history-next");

      adw_preferences_group_remove (self->history_group, row);
      g_object_set_data (G_OBJECT (group), "vigie-history-first", next);
    }

  if (calls == NULL || calls->len == 0)
    {
      adw_preferences_group_set_description (self->history_group, _("No call from this number in the last 30 days."));
      return;
    }

  adw_preferences_group_set_description (self->history_group, NULL);
  row = NULL;
  for (guint i = calls->len; i > 0; i--)
    {
      VigieJournalCall *call = g_ptr_array_index (calls, i - 1);
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (call->received_at, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, _("%d/%m at %H:%M")) : g_strdup (call->received_at);
      g_autofree char *title = g_strdup_printf ("%s — %s", when, call->client_name ? call->client_name : _("Unknown line"));
      const char *decision = call->decision == NULL ? _("not decided")
        : g_str_equal (call->decision, "trigger") ? _("triggered")
        : g_str_equal (call->decision, "defer") ? _("deferred") : _("logged");
      g_autofree char *subtitle = call->alert_status
        ? g_strdup_printf ("%s · %s", decision, g_str_equal (call->alert_status, "delivered")
                                                 ? _("alert delivered") : _("alert NOT delivered"))
        : g_strdup (decision);
      GtkWidget *history_row = adw_action_row_new ();

      /* Two lines at most: a freely wrapping row costs a binary search of
       * text layouts each time it is measured. */
      adw_action_row_set_title_lines (ADW_ACTION_ROW (history_row), 2);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (history_row), 2);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (history_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (history_row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (history_row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (history_row), FALSE);
      gtk_widget_set_focusable (history_row, FALSE);
      adw_preferences_group_add (self->history_group, history_row);
      g_object_set_data (G_OBJECT (history_row), "vigie-history-next", row);
      row = history_row;
    }
  g_object_set_data (G_OBJECT (group), "vigie-history-first", row);
  {
    g_autofree char *title = g_strdup_printf (ngettext ("Previous Calls (30 Days): %u",
                                                        "Previous Calls (30 Days): %u", calls->len),
                                              calls->len);
    adw_preferences_group_set_title (self->history_group, title);
  }
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
  reveal (self->hangup_revealer,
                                 hung_up && vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING);
  update_status (self);
  g_signal_emit (self, signals[CHANGED], 0);
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

  gtk_grid_attach (GTK_GRID (self->header_box), controls, 3, 0, 1, 2);
}
