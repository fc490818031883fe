/* vigie-decision-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision bar under the call: Trigger / Defer / Log only, the
 * recommended one highlighted; choosing otherwise (or moving a deferral)
 * is an override and asks for a reason.
 */
#define G_LOG_DOMAIN "vigie-decision-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-decision-bar.h"
#include "vigie-time.h"

struct _VigieDecisionBar
{
  AdwBin             parent_instance;

  VigieCall         *call;
  GTimeZone         *zone;           /* the client's: times are typed and read there */
  VigieDecisionKind  chosen;         /* the decision the bar is editing */
  char              *defer_initial;  /* the computed time, as shown */

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
  GtkButton         *apply_button;
};

static void section_iface_init (VigieCallSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieDecisionBar, vigie_decision_bar, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_CALL_SECTION, section_iface_init))

static const VigieDecisionKind bar_kinds[] = {
  VIGIE_DECISION_TRIGGER, VIGIE_DECISION_DEFER, VIGIE_DECISION_LOG
};

static char *
format_defer (VigieDecisionBar *self,
              GDateTime        *when)
{
  return when ? vigie_time_format (when, self->zone) : g_strdup ("");
}

/* No usable script: the operator decides alone, with a note. */
static gboolean
is_manual (VigieDecisionBar *self)
{
  return vigie_call_get_runner (self->call) == NULL;
}

/* The call decides what needs a reason; the bar only reads the time. */
static gboolean
needs_reason (VigieDecisionBar *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->defer_entry));
  g_autoptr(GDateTime) when = NULL;

  if (is_manual (self))
    return FALSE;
  if (self->chosen == VIGIE_DECISION_DEFER && g_strcmp0 (typed, self->defer_initial) != 0 &&
      !(when = vigie_time_parse (typed, self->zone, NULL)))
    return TRUE;
  return vigie_call_needs_reason (self->call, self->chosen, when);
}

static char *
dup_reason (VigieDecisionBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->reason_dropdown);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reasons));
  g_autofree char *details = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  const char *preset = NULL;

  /* None chosen yet, or the last entry, "Other reason": only the typed
   * text counts. */
  if (selected != GTK_INVALID_LIST_POSITION && selected + 1 < n)
    preset = gtk_string_list_get_string (self->reasons, selected);

  if (preset && *details)
    return g_strdup_printf ("%s: %s", preset, details);
  if (preset)
    return g_strdup (preset);
  return *details ? g_steal_pointer (&details) : NULL;
}

/* The recommended button is suggested, the chosen one marked. */
static void
mark_buttons (VigieDecisionBar  *self,
              VigieDecisionKind  recommended)
{
  GtkButton *buttons[] = { self->trigger_button, self->defer_button, self->log_button };

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
}

/* A recommended deferral says when, in the caller's zone if it differs. */
static void
update_defer_label (VigieDecisionBar  *self,
                    VigieDecision     *decision,
                    VigieDecisionKind  recommended)
{
  g_autofree char *zone = NULL;
  g_autofree char *defer_text = NULL;

  if (recommended != VIGIE_DECISION_DEFER || self->defer_initial == NULL)
    {
      gtk_label_set_label (self->defer_label, _("Defer"));
      return;
    }
  zone = vigie_time_describe_zone (vigie_decision_get_defer_until (decision), self->zone);
  defer_text = zone ? g_strdup_printf (_("Defer to %s (%s time)"), self->defer_initial, zone)
                    : g_strdup_printf (_("Defer to %s"), self->defer_initial);
  gtk_label_set_label (self->defer_label, defer_text);
}

/* What the keys do now. */
static const char *
hint_text (VigieDecisionBar *self,
           gboolean          manual,
           gboolean          reason)
{
  if (manual)
    return self->chosen == VIGIE_DECISION_NONE
           ? _("No script: 1 trigger, 2 defer, 3 log only, then a note and Enter")
           : _("Type the note for the on-call person, then Enter · Escape cancels");
  if (self->chosen == VIGIE_DECISION_NONE)
    return _("Enter follows the recommendation · 1, 2, 3 pick a decision, Enter applies it · Backspace revises the last answer");
  if (reason)
    return _("Override: choose a reason (or type one), then Enter · Escape cancels");
  return _("Enter applies · Escape cancels");
}

static void
vigie_decision_bar_update (VigieCallSection *section)
{
  VigieDecisionBar *self = VIGIE_DECISION_BAR (section);
  VigieDecision *decision = vigie_call_get_decision (self->call);
  gboolean manual = is_manual (self);
  gboolean open = (decision != NULL || manual) && vigie_call_get_state (self->call) == VIGIE_CALL_QUALIFYING;
  VigieDecisionKind recommended = open && decision ? vigie_decision_get_recommended (decision) : VIGIE_DECISION_NONE;
  gboolean reason;

  if (decision != NULL)
    {
      g_free (self->defer_initial);
      self->defer_initial = format_defer (self, vigie_call_get_default_deferral (self->call));
    }
  reason = needs_reason (self);

  vigie_call_section_reveal (self->decision_revealer, open);
  if (!open)
    {
      self->chosen = VIGIE_DECISION_NONE;
      gtk_widget_set_visible (GTK_WIDGET (self->details_box), FALSE);
      return;
    }

  mark_buttons (self, recommended);
  update_defer_label (self, decision, recommended);

  gtk_widget_set_visible (GTK_WIDGET (self->details_box), self->chosen != VIGIE_DECISION_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->defer_entry), self->chosen == VIGIE_DECISION_DEFER);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_dropdown), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_entry), reason || manual);
  gtk_entry_set_placeholder_text (self->reason_entry, manual ? _("Note for the on-call person (required)")
                                                             : _("Details for the supervisor"));

  gtk_label_set_label (self->decision_hint_label, hint_text (self, manual, reason));
}

static void
defer_changed_cb (VigieDecisionBar *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->defer_entry), "error");
  if (self->chosen == VIGIE_DECISION_DEFER)
    vigie_decision_bar_update (VIGIE_CALL_SECTION (self));
}

static void
reason_selected_cb (VigieDecisionBar *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_entry), "error");
}

static void
vigie_decision_bar_set_call (VigieCallSection *section,
                             VigieCall        *call)
{
  VigieDecisionBar *self = VIGIE_DECISION_BAR (section);

  g_return_if_fail (self->call == NULL);

  self->call = g_object_ref (call);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = vigie_time_zone_new (vigie_call_get_client (call)
                                    ? vigie_client_get_timezone (vigie_call_get_client (call)) : NULL);
}

static void
section_iface_init (VigieCallSectionInterface *iface)
{
  iface->set_call = vigie_decision_bar_set_call;
  iface->update = vigie_decision_bar_update;
}

static void
vigie_decision_bar_dispose (GObject *object)
{
  VigieDecisionBar *self = (VigieDecisionBar *)object;

  g_clear_object (&self->call);
  /* The revealer is both AdwBin's child and a template child: AdwBin
   * lets it go first, so neither unparents it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_DECISION_BAR);

  G_OBJECT_CLASS (vigie_decision_bar_parent_class)->dispose (object);
}

static void
vigie_decision_bar_finalize (GObject *object)
{
  VigieDecisionBar *self = (VigieDecisionBar *)object;

  g_free (self->defer_initial);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (vigie_decision_bar_parent_class)->finalize (object);
}

static void
vigie_decision_bar_class_init (VigieDecisionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_decision_bar_dispose;
  object_class->finalize = vigie_decision_bar_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-decision-bar.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VigieDecisionBar, name)
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
  BIND (apply_button);
#undef BIND
}

static void
vigie_decision_bar_init (VigieDecisionBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->chosen = VIGIE_DECISION_NONE;
  self->zone = g_time_zone_new_local ();
  vigie_call_section_watch_revealer (self->decision_revealer);
  g_signal_connect_swapped (self->defer_entry, "changed", G_CALLBACK (defer_changed_cb), self);
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (reason_selected_cb), self);
  g_signal_connect_swapped (self->reason_dropdown, "notify::selected", G_CALLBACK (reason_selected_cb), self);
  gtk_drop_down_set_selected (self->reason_dropdown, GTK_INVALID_LIST_POSITION);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for the override"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->defer_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Alert the on-call person at"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details of the reason"), -1);
}

/**
 * vigie_decision_bar_get_chosen:
 * @self: a #VigieDecisionBar
 *
 * Returns: the decision being edited, or %VIGIE_DECISION_NONE
 */
VigieDecisionKind
vigie_decision_bar_get_chosen (VigieDecisionBar *self)
{
  g_return_val_if_fail (VIGIE_IS_DECISION_BAR (self), VIGIE_DECISION_NONE);

  return self->chosen;
}

/**
 * vigie_decision_bar_choose:
 * @self: a #VigieDecisionBar
 * @kind: the decision the operator picked
 *
 * The recommendation (other than a deferral) applies at once; anything
 * else opens the details: when, and why.
 */
void
vigie_decision_bar_choose (VigieDecisionBar  *self,
                           VigieDecisionKind  kind)
{
  VigieDecision *decision;

  g_return_if_fail (VIGIE_IS_DECISION_BAR (self));

  decision = vigie_call_get_decision (self->call);
  if ((decision == NULL && !is_manual (self)) || vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    return;

  /* A digit only picks: Enter (or the Apply button) decides, so a key
   * meant for the last question can never decide alone. An override
   * starts with no reason: the operator chooses or types one. */
  self->chosen = kind;
  gtk_drop_down_set_selected (self->reason_dropdown, GTK_INVALID_LIST_POSITION);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_entry), "error");
  if (kind == VIGIE_DECISION_DEFER)
    {
      GDateTime *when = vigie_call_get_default_deferral (self->call);
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(GDateTime) in_an_hour = NULL;
      g_autofree char *text = NULL;

      if (when == NULL)
        {
          now = g_date_time_new_now_local ();
          in_an_hour = g_date_time_add_hours (now, 1);
          when = in_an_hour;
        }
      text = format_defer (self, when);
      gtk_editable_set_text (GTK_EDITABLE (self->defer_entry), text);
    }
  vigie_decision_bar_update (VIGIE_CALL_SECTION (self));

  if (kind == VIGIE_DECISION_DEFER)
    gtk_widget_grab_focus (GTK_WIDGET (self->defer_entry));
  else if (is_manual (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
  else if (needs_reason (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->reason_dropdown));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->apply_button));
}

/**
 * vigie_decision_bar_cancel:
 * @self: a #VigieDecisionBar
 *
 * Back to the recommendation, the reason typed so far dropped.
 */
void
vigie_decision_bar_cancel (VigieDecisionBar *self)
{
  g_return_if_fail (VIGIE_IS_DECISION_BAR (self));

  self->chosen = VIGIE_DECISION_NONE;
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  vigie_decision_bar_update (VIGIE_CALL_SECTION (self));
}

/**
 * vigie_decision_bar_reset:
 * @self: a #VigieDecisionBar
 *
 * Forgets the decision being edited (the screen behind it changed).
 */
void
vigie_decision_bar_reset (VigieDecisionBar *self)
{
  g_return_if_fail (VIGIE_IS_DECISION_BAR (self));

  self->chosen = VIGIE_DECISION_NONE;
}

/* Marks @entry as wrong, focuses it and says why. */
static void
refuse_entry (VigieDecisionBar *self,
              GtkEntry         *entry,
              const char       *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  vigie_call_section_show_error (GTK_WIDGET (self), message);
}

/* A chosen deferral's time: NULL in @when keeps the computed one. */
static gboolean
read_defer (VigieDecisionBar  *self,
            GDateTime        **when)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->defer_entry));
  g_autoptr(GError) error = NULL;

  if (is_manual (self) || g_strcmp0 (typed, self->defer_initial) != 0)
    {
      if (!(*when = vigie_time_parse (typed, self->zone, &error)))
        {
          refuse_entry (self, self->defer_entry, error->message);
          return FALSE;
        }
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->defer_entry), "error");
  return TRUE;
}

/* The note a decision without a script needs, or an override's reason. */
static gboolean
read_reason (VigieDecisionBar  *self,
             char             **reason)
{
  if (is_manual (self))
    {
      *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
      if (**reason != '\0')
        return TRUE;
      refuse_entry (self, self->reason_entry, _("Without a script, the decision needs a note for the on-call person"));
      return FALSE;
    }
  if (!needs_reason (self))
    return TRUE;
  *reason = dup_reason (self);
  if (*reason != NULL)
    return TRUE;
  refuse_entry (self, self->reason_entry, _("An override needs a reason"));
  return FALSE;
}

/**
 * vigie_decision_bar_collect:
 * @self: a #VigieDecisionBar
 * @kind: (out): the decision to apply
 * @when: (out) (transfer full) (nullable): the deferral the operator
 *   typed, if it differs from the computed one
 * @reason: (out) (transfer full) (nullable): the override's reason
 *
 * Reads what the operator chose; a bad time or a missing reason is shown
 * on the bar and refused.
 *
 * Returns: %TRUE if the decision can be applied
 */
gboolean
vigie_decision_bar_collect (VigieDecisionBar   *self,
                            VigieDecisionKind  *kind,
                            GDateTime         **when,
                            char              **reason)
{
  VigieDecision *decision;
  g_autoptr(GDateTime) typed_when = NULL;
  g_autofree char *typed_reason = NULL;

  g_return_val_if_fail (VIGIE_IS_DECISION_BAR (self), FALSE);

  decision = vigie_call_get_decision (self->call);
  if (vigie_call_get_state (self->call) != VIGIE_CALL_QUALIFYING)
    return FALSE;
  if (is_manual (self) && self->chosen == VIGIE_DECISION_NONE)
    {
      vigie_call_section_show_error (GTK_WIDGET (self), _("Choose trigger, defer or log only first (1, 2, 3)"));
      return FALSE;
    }
  if (!is_manual (self) && decision == NULL)
    return FALSE;
  *kind = self->chosen;
  if (*kind == VIGIE_DECISION_NONE)
    *kind = vigie_decision_get_recommended (decision);

  if (self->chosen == VIGIE_DECISION_DEFER && !read_defer (self, &typed_when))
    return FALSE;
  if (!read_reason (self, &typed_reason))
    return FALSE;

  *when = g_steal_pointer (&typed_when);
  *reason = g_steal_pointer (&typed_reason);
  return TRUE;
}

/**
 * vigie_decision_bar_refused:
 * @self: a #VigieDecisionBar
 * @message: why the call refused the decision
 */
void
vigie_decision_bar_refused (VigieDecisionBar *self,
                            const char       *message)
{
  g_return_if_fail (VIGIE_IS_DECISION_BAR (self));

  gtk_widget_add_css_class (GTK_WIDGET (self->reason_entry), "error");
  vigie_call_section_show_error (GTK_WIDGET (self), message);
}

/**
 * vigie_decision_bar_has_focus:
 * @self: a #VigieDecisionBar
 * @focus: (nullable): the window's focus
 *
 * Returns: %TRUE if @focus is in the bar's details (time, reason), where
 *   Enter applies the decision
 */
gboolean
vigie_decision_bar_has_focus (VigieDecisionBar *self,
                              GtkWidget        *focus)
{
  g_return_val_if_fail (VIGIE_IS_DECISION_BAR (self), FALSE);

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->details_box));
}
