/* vigie-script-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script pane: the answers so far (each one a button to revise it),
 * the current question with its numbered choices or its entry, and at the
 * end the outcome with the recommendation and why.
 */
#define G_LOG_DOMAIN "vigie-script-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-script-pane.h"
#include "vigie-time.h"

struct _VigieScriptPane
{
  GtkBox             parent_instance;

  VigieCall         *call;
  char              *summary;        /* what a screen reader says of the call */

  GtkLabel          *script_title_label;
  GtkBox            *breadcrumb_box;
  GtkExpander       *error_expander;
  GtkLabel          *error_label;
  GtkLabel          *question_label;
  GtkBox            *choices_box;
  GtkEntry          *answer_entry;
  GtkBox            *outcome_box;
  GtkLabel          *outcome_label;
  GtkLabel          *recommendation_label;
  GtkLabel          *explanation_label;
  GtkExpander       *explanation_expander;
};

static void section_iface_init (VigieCallSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieScriptPane, vigie_script_pane, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_CALL_SECTION, section_iface_init))

enum {
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_summary (VigieScriptPane *self,
             const char      *summary)
{
  g_free (self->summary);
  self->summary = g_strdup (summary);
}

static void
choice_clicked_cb (GtkButton       *button,
                   VigieScriptPane *self)
{
  vigie_script_pane_choose (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "choice")));
}

/* Number and free-text questions: the operator types, Enter submits. */
static void
answer_activate_cb (VigieScriptPane *self)
{
  g_autoptr(GError) error = NULL;

  if (!vigie_call_answer_text (self->call, gtk_editable_get_text (GTK_EDITABLE (self->answer_entry)), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->answer_entry), "error");
      vigie_call_section_show_error (GTK_WIDGET (self), error->message);
    }
}

static void
show_answer_entry (VigieScriptPane       *self,
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
crumb_clicked_cb (GtkButton       *button,
                  VigieScriptPane *self)
{
  guint keep = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);

  while (vigie_script_runner_get_n_steps (runner) > keep)
    {
      g_autoptr(GError) error = NULL;

      if (!vigie_call_back (self->call, &error))
        {
          if (error)
            vigie_call_section_show_error (GTK_WIDGET (self), error->message);
          break;
        }
    }
  g_signal_emit (self, signals[ANSWERED], 0);
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
  vigie_call_section_set_new_tooltip (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, number,
                                  -1);
  g_object_set_data (G_OBJECT (button), "choice", GUINT_TO_POINTER (index));

  return button;
}

static void
update_breadcrumb (VigieScriptPane   *self,
                   VigieScriptRunner *runner,
                   gboolean           qualifying)
{
  guint n = vigie_script_runner_get_n_steps (runner);

  vigie_call_section_clear_box (self->breadcrumb_box);
  for (guint i = 0; i < n; i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (runner, i);
      /* Yes/no and "read to the caller" are the engine's words. */
      const char *answer = step->node->kind == VIGIE_NODE_YESNO || step->node->kind == VIGIE_NODE_INFO
        ? gettext (vigie_script_step_get_label (step))
        : vigie_script_step_get_label (step);
      g_autofree char *text = g_strdup_printf ("%u. %s", i + 1, answer);
      g_autofree char *a11y = g_strdup_printf (_("Revise: %s — %s"), step->node->text, answer);
      GtkWidget *crumb = gtk_button_new_with_label (text);

      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (crumb))), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (crumb))), 22);
      gtk_widget_add_css_class (crumb, "flat");
      gtk_widget_add_css_class (crumb, "crumb");
      vigie_call_section_set_new_tooltip (crumb, a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (crumb), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_set_sensitive (crumb, qualifying);
      g_object_set_data (G_OBJECT (crumb), "step", GUINT_TO_POINTER (i));
      g_signal_connect (crumb, "clicked", G_CALLBACK (crumb_clicked_cb), self);
      gtk_box_append (self->breadcrumb_box, crumb);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->breadcrumb_box), n > 0);
}

/* The engine's urgency words, in the operator's language. */
static const char *
urgency_label (const char *urgency)
{
  if (urgency == NULL)
    return "—";
  if (g_str_equal (urgency, "immediate"))
    return C_("urgency", "immediate");
  if (g_str_equal (urgency, "high"))
    return C_("urgency", "high");
  if (g_str_equal (urgency, "normal"))
    return C_("urgency", "normal");
  if (g_str_equal (urgency, "low"))
    return C_("urgency", "low");
  return urgency;
}

static void
update_outcome (VigieScriptPane       *self,
                VigieDecision         *decision,
                const VigieScriptNode *node)
{
  g_autoptr(GString) why = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *outcome = NULL;
  const char * const *explanation = vigie_decision_get_explanation (decision);
  VigieDecisionKind kind = vigie_decision_get_recommended (decision);

  /* The nature, never the node's id: that is the designer's word. */
  outcome = g_strdup_printf (_("%s · gravity %d/4 · urgency %s"),
                             node->nature ? node->nature : _("End of the script"),
                             vigie_decision_get_gravity (decision),
                             urgency_label (node->urgency));
  gtk_label_set_label (self->outcome_label, outcome);

  /* The recommended time, which an override of the decision leaves
   * as it was (the decision then holds the operator's). */
  if (kind == VIGIE_DECISION_DEFER && vigie_call_get_default_deferral (self->call) != NULL)
    {
      VigieClient *client = vigie_call_get_client (self->call);
      g_autoptr(GTimeZone) zone = vigie_time_zone_new (client ? vigie_client_get_timezone (client) : NULL);
      g_autoptr(GDateTime) there = g_date_time_to_timezone (vigie_call_get_default_deferral (self->call), zone);
      g_autofree char *when = g_date_time_format (there, _("%A %d %B at %H:%M"));
      g_autofree char *zone_name = vigie_time_describe_zone (there, zone);

      /* Read in the client's zone, named when it is not the desk's. */
      title = zone_name ? g_strdup_printf (_("Recommended: defer until %s (%s time)"), when, zone_name)
                        : g_strdup_printf (_("Recommended: defer until %s"), when);
    }
  else
    title = g_strdup_printf (_("Recommended: %s"), vigie_call_section_decision_label (kind));
  gtk_label_set_label (self->recommendation_label, title);

  for (guint i = 0; explanation && explanation[i]; i++)
    g_string_append_printf (why, "%s• %s", i ? "\n" : "", explanation[i]);
  /* The engine's own lines name rules and outcomes by their ids: folded,
   * for the operator who wants them and for the designer. */
  gtk_label_set_label (self->explanation_label, why->str);
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_expander), why->len > 0);
}

/* Degraded mode: one line for the operator, who decides with the bar
 * below; the designer's details stay folded. */
static void
show_no_script (VigieScriptPane *self)
{
  const char *details = vigie_call_get_script_error (self->call);
  const char *explanation = vigie_call_get_client (self->call)
    ? _("This client’s script cannot be used: take the caller’s details and a note, then decide below.")
    : _("Unknown line, no script: take the caller’s details and a note, then decide below.");

  gtk_widget_set_visible (GTK_WIDGET (self->script_title_label), FALSE);
  gtk_label_set_label (self->error_label, details ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_expander), details != NULL && *details != '\0');
  gtk_label_set_label (self->question_label, explanation);
  gtk_widget_set_visible (GTK_WIDGET (self->question_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->answer_entry), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->breadcrumb_box), FALSE);
  set_summary (self, explanation);
}

/* One button per choice; an information step has only "continue". */
static void
add_choice_buttons (VigieScriptPane       *self,
                    const VigieScriptNode *node)
{
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
}

static void
show_question (VigieScriptPane       *self,
               const VigieScriptNode *node)
{
  gtk_label_set_label (self->question_label, node->text);
  gtk_widget_set_visible (GTK_WIDGET (self->question_label), TRUE);
  add_choice_buttons (self, node);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), FALSE);
  /* A screen reader reads the question when the call takes focus. */
  set_summary (self, node->text);
}

static void
vigie_script_pane_update (VigieCallSection *section)
{
  VigieScriptPane *self = VIGIE_SCRIPT_PANE (section);
  VigieScriptRunner *runner = vigie_call_get_runner (self->call);
  const VigieScriptNode *node;
  VigieDecision *decision;
  gboolean qualifying = vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING;

  vigie_call_section_clear_box (self->choices_box);
  if (runner == NULL)
    {
      show_no_script (self);
      return;
    }

  gtk_label_set_label (self->script_title_label,
                       vigie_script_get_title (vigie_script_runner_get_script (runner)));
  update_breadcrumb (self, runner, qualifying);

  node = vigie_script_runner_get_current (runner);
  show_answer_entry (self, node);
  if (node->kind != VIGIE_NODE_OUTCOME)
    {
      show_question (self, node);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->question_label), FALSE);
  decision = vigie_call_get_decision (self->call);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_box), decision != NULL);
  if (decision != NULL)
    {
      update_outcome (self, decision, node);
      set_summary (self, gtk_label_get_label (self->recommendation_label));
    }
}

static void
vigie_script_pane_set_call (VigieCallSection *section,
                            VigieCall        *call)
{
  VigieScriptPane *self = VIGIE_SCRIPT_PANE (section);

  g_return_if_fail (self->call == NULL);

  self->call = g_object_ref (call);
}

static void
section_iface_init (VigieCallSectionInterface *iface)
{
  iface->set_call = vigie_script_pane_set_call;
  iface->update = vigie_script_pane_update;
}

static void
vigie_script_pane_dispose (GObject *object)
{
  VigieScriptPane *self = (VigieScriptPane *)object;

  g_clear_object (&self->call);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_SCRIPT_PANE);

  G_OBJECT_CLASS (vigie_script_pane_parent_class)->dispose (object);
}

static void
vigie_script_pane_finalize (GObject *object)
{
  VigieScriptPane *self = (VigieScriptPane *)object;

  g_free (self->summary);

  G_OBJECT_CLASS (vigie_script_pane_parent_class)->finalize (object);
}

static void
vigie_script_pane_class_init (VigieScriptPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_script_pane_dispose;
  object_class->finalize = vigie_script_pane_finalize;

  /**
   * VigieScriptPane::answered:
   *
   * The operator answered or revised an answer from this pane: the view
   * shows the next step at once.
   */
  signals[ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-script-pane.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VigieScriptPane, name)
  BIND (script_title_label);
  BIND (breadcrumb_box);
  BIND (error_expander);
  BIND (error_label);
  BIND (question_label);
  BIND (choices_box);
  BIND (answer_entry);
  BIND (outcome_box);
  BIND (outcome_label);
  BIND (recommendation_label);
  BIND (explanation_label);
  BIND (explanation_expander);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, answer_activate_cb);
}

static void
vigie_script_pane_init (VigieScriptPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vigie_script_pane_choose:
 * @self: a #VigieScriptPane
 * @index: the choice, from 0
 *
 * Answers the current question with its @index-th choice (a typed
 * question takes the keyboard instead).
 */
void
vigie_script_pane_choose (VigieScriptPane *self,
                          guint            index)
{
  g_autoptr(GError) error = NULL;
  VigieScriptRunner *runner;

  g_return_if_fail (VIGIE_IS_SCRIPT_PANE (self));

  runner = vigie_call_get_runner (self->call);
  if (runner == NULL || vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING ||
      vigie_script_runner_is_finished (runner))
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->answer_entry)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->answer_entry));
      return;
    }

  if (!vigie_call_answer (self->call, index, &error))
    vigie_call_section_show_error (GTK_WIDGET (self), error->message);
  g_signal_emit (self, signals[ANSWERED], 0);
}

/**
 * vigie_script_pane_get_summary:
 * @self: a #VigieScriptPane
 *
 * Returns: (nullable): the question or the recommendation, for a screen
 *   reader
 */
const char *
vigie_script_pane_get_summary (VigieScriptPane *self)
{
  g_return_val_if_fail (VIGIE_IS_SCRIPT_PANE (self), NULL);

  return self->summary;
}
