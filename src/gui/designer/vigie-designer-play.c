/* vigie-designer-play.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays a script as the operator answers it: the same runner and engine
 * as the desk, question after question, then the recommendation with its
 * explanation. Nothing is journaled and no alert is sent.
 */
#define G_LOG_DOMAIN "vigie-designer-play"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-decision.h"
#include "vigie-designer-play.h"
#include "vigie-script-runner.h"

typedef struct
{
  VigieScriptRunner *runner;
  GtkBox            *box;
  GtkWidget         *window;
} Play;

static void show_step (Play *play);

static void
play_free (gpointer data)
{
  Play *play = data;

  g_clear_object (&play->runner);
  g_free (play);
}

static void
answer (Play       *play,
        const char *value)
{
  g_autoptr(GError) error = NULL;

  if (!vigie_script_runner_answer_value (play->runner, value, &error))
    {
      GtkWidget *label = gtk_label_new (error->message);

      gtk_widget_add_css_class (label, "error");
      gtk_box_append (play->box, label);
      return;
    }
  show_step (play);
}

static void
choice_clicked_cb (GtkButton *button,
                   Play      *play)
{
  answer (play, g_object_get_data (G_OBJECT (button), "value"));
}

static void
entry_activate_cb (GtkEntry *entry,
                   Play     *play)
{
  answer (play, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
back_clicked_cb (GtkButton *button,
                 Play      *play)
{
  vigie_script_runner_back (play->runner);
  show_step (play);
}

static GtkWidget *
choice_button (Play       *play,
               const char *label,
               const char *value)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (button), "value", g_strdup (value), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (choice_clicked_cb), play);
  gtk_box_append (play->box, button);
  return button;
}

static void
show_outcome (Play *play)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  VigieDecisionFacts facts = { .now = now };
  g_autoptr(VigieDecision) decision = vigie_decision_evaluate (play->runner, &facts, &error);
  const VigieScriptNode *outcome = vigie_script_runner_get_outcome (play->runner);
  GtkWidget *title, *label;

  title = gtk_label_new (outcome->nature ? outcome->nature : outcome->id);
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (play->box, title);
  if (decision == NULL)
    {
      label = gtk_label_new (error->message);
      gtk_box_append (play->box, label);
      return;
    }
  {
    VigieDecisionKind kind = vigie_decision_get_recommended (decision);
    GDateTime *until = vigie_decision_get_defer_until (decision);
    g_autofree char *when = until ? g_date_time_format (until, "%x %H:%M") : NULL;
    g_autofree char *text = NULL;

    if (kind == VIGIE_DECISION_TRIGGER)
      text = g_strdup (_("Trigger the on-call person now"));
    else if (kind == VIGIE_DECISION_DEFER)
      /* TRANSLATORS: a date and time */
      text = g_strdup_printf (_("Defer the alert until %s"), when ? when : "—");
    else
      text = g_strdup (_("Log only"));
    label = gtk_label_new (text);
    gtk_widget_add_css_class (label, "title-4");
    gtk_widget_add_css_class (label, kind == VIGIE_DECISION_TRIGGER ? "error" : kind == VIGIE_DECISION_DEFER ? "warning" : "dim-label");
    gtk_box_append (play->box, label);
  }
  for (const char * const *line = vigie_decision_get_explanation (decision); *line; line++)
    {
      label = gtk_label_new (*line);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (play->box, label);
    }
}

static void
show_step (Play *play)
{
  GtkWidget *child, *label, *back;
  const VigieScriptNode *node;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (play->box))))
    gtk_box_remove (play->box, child);

  if (vigie_script_runner_is_finished (play->runner))
    show_outcome (play);
  else
    {
      node = vigie_script_runner_get_current (play->runner);
      label = gtk_label_new (node->text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, node->kind == VIGIE_NODE_INFO ? "heading" : "title-3");
      gtk_box_append (play->box, label);
      switch (node->kind)
        {
        case VIGIE_NODE_CHOICE:
          for (guint i = 0; i < node->choices->len; i++)
            {
              VigieScriptChoice *choice = g_ptr_array_index (node->choices, i);
              g_autofree char *text = g_strdup_printf ("%u. %s", i + 1, choice->label);
              g_autofree char *value = g_strdup_printf ("%u", i + 1);

              choice_button (play, text, value);
            }
          break;
        case VIGIE_NODE_YESNO:
          choice_button (play, _("Yes"), "yes");
          choice_button (play, _("No"), "no");
          break;
        case VIGIE_NODE_INFO:
          choice_button (play, _("Read, continue"), "");
          break;
        case VIGIE_NODE_NUMBER:
        case VIGIE_NODE_TEXT:
        case VIGIE_NODE_OUTCOME:
        default:
          {
            GtkWidget *entry = gtk_entry_new ();

            if (node->unit)
              gtk_entry_set_placeholder_text (GTK_ENTRY (entry), node->unit);
            g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), play);
            gtk_box_append (play->box, entry);
          }
          break;
        }
    }
  back = gtk_button_new_with_mnemonic (_("_Back"));
  gtk_widget_set_halign (back, GTK_ALIGN_START);
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_sensitive (back, vigie_script_runner_get_n_steps (play->runner) > 0);
  g_signal_connect (back, "clicked", G_CALLBACK (back_clicked_cb), play);
  gtk_box_append (play->box, back);
}

/**
 * vigie_designer_play_new:
 * @parent: the designer
 * @script: a valid script
 *
 * Returns: (transfer full): a window that plays @script
 */
GtkWindow *
vigie_designer_play_new (GtkWindow   *parent,
                         VigieScript *script)
{
  Play *play = g_new0 (Play, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = adw_header_bar_new ();

  play->runner = vigie_script_runner_new (script);
  play->box = GTK_BOX (box);
  play->window = window;
  g_object_set_data_full (G_OBJECT (window), "play", play, play_free);

  gtk_window_set_title (GTK_WINDOW (window), _("Play the Script"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 420);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), box);
  adw_window_set_content (ADW_WINDOW (window), content);
  show_step (play);
  return GTK_WINDOW (window);
}
