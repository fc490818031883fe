/* vigie-roster-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Rosters page: per client, who is on call now and next, the next 14
 * days, the labour-law warnings, the overrides (added and removed in real
 * time, journaled with the operator's name), the cascade and the people.
 */
#define G_LOG_DOMAIN "vigie-roster-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-escalation.h"
#include "vigie-labour.h"
#include "vigie-roster-oncall.h"
#include "vigie-roster-timeline.h"
#include "vigie-roster-view.h"
#include "vigie-time.h"

struct _VigieRosterView
{
  AdwBin               parent_instance;

  VigieContext        *context;
  GDateTime           *now;          /* (nullable): injected, else the clock */
  GPtrArray           *client_ids;
  GPtrArray           *person_ids;
  GPtrArray           *dynamic_rows; /* rows to remove on refresh: (group, row) pairs */
  guint                warning_count;
  guint                tick_id;

  GtkDropDown         *client_dropdown;
  GtkStringList       *client_names;
  GtkLabel            *coverage_label;
  GtkLabel            *empty_label;
  AdwPreferencesGroup *now_group;
  AdwActionRow        *now_row;
  AdwActionRow        *next_row;
  AdwPreferencesGroup *timeline_group;
  VigieRosterTimeline *timeline;
  GtkFlowBox          *legend_box;
  AdwPreferencesGroup *warnings_group;
  AdwPreferencesGroup *overrides_group;
  AdwPreferencesGroup *add_group;
  AdwComboRow         *person_row;
  GtkStringList       *person_names;
  AdwEntryRow         *start_row;
  AdwEntryRow         *end_row;
  AdwEntryRow         *reason_row;
  AdwPreferencesGroup *fairness_group;
  AdwPreferencesGroup *escalation_group;
  AdwPreferencesGroup *people_group;
};

G_DEFINE_FINAL_TYPE (VigieRosterView, vigie_roster_view, ADW_TYPE_BIN)

/* Roster changes name the operator signed in at the desk. */
static const char *
author_name (VigieRosterView *self)
{
  const char *name = self->context ? vigie_context_get_operator (self->context) : NULL;

  return name ? name : g_get_real_name ();
}

static GDateTime *
dup_now (VigieRosterView *self)
{
  return self->now ? g_date_time_ref (self->now) : g_date_time_new_now_local ();
}

static void
toast (VigieRosterView *self,
       const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *overlay = root ? g_object_get_data (G_OBJECT (root), "vigie-toast-overlay") : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static const char *
current_client (VigieRosterView *self)
{
  guint index = gtk_drop_down_get_selected (self->client_dropdown);

  if (self->client_ids == NULL || index >= self->client_ids->len)
    return NULL;
  return g_ptr_array_index (self->client_ids, index);
}

static VigieRoster *
current_roster (VigieRosterView *self)
{
  if (self->context == NULL)
    return NULL;
  return vigie_roster_store_get (vigie_context_get_roster_store (self->context), current_client (self));
}

static void
add_row (VigieRosterView     *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, g_object_ref (group));
  g_ptr_array_add (self->dynamic_rows, g_object_ref (row));
}

static void
clear_rows (VigieRosterView *self)
{
  for (guint i = 0; i + 1 < self->dynamic_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->dynamic_rows, i),
                                  g_ptr_array_index (self->dynamic_rows, i + 1));
  g_ptr_array_set_size (self->dynamic_rows, 0);
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static char *
person_line (const VigieRosterPerson *person)
{
  return person->phone ? g_strdup_printf ("%s · %s", person->name, person->phone) : g_strdup (person->name);
}

static void
update_now (VigieRosterView *self,
            VigieRoster     *roster,
            GDateTime       *now)
{
  g_autoptr(GDateTime) horizon = g_date_time_add_days (now, 31);
  g_autoptr(GPtrArray) shifts = vigie_roster_timeline (roster, now, horizon);
  const VigieRosterPerson *person = vigie_roster_who (roster, now, NULL, NULL);
  const VigieShift *next = vigie_roster_next_shift (shifts, now, person ? person->id : NULL);
  GTimeZone *tz = vigie_roster_get_timezone (roster);
  g_autofree char *now_text = NULL;
  g_autofree char *next_text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->now_row), "error");
  if (person != NULL)
    {
      g_autofree char *line = person_line (person);
      const VigieShift *current = shifts->len ? g_ptr_array_index (shifts, 0) : NULL;
      g_autofree char *until = current ? vigie_roster_oncall_format_when (current->end, tz) : NULL;

      now_text = until ? g_strdup_printf (_("%s, until %s"), line, until) : g_steal_pointer (&line);
    }
  else if (vigie_roster_is_active (roster, vigie_roster_get_coverage (roster), now))
    {
      now_text = g_strdup (_("Nobody: coverage gap"));
      gtk_widget_add_css_class (GTK_WIDGET (self->now_row), "error");
    }
  else
    now_text = g_strdup (_("Nobody needed now (opening hours)"));

  if (next != NULL)
    {
      const VigieRosterPerson *p = vigie_roster_find_person (roster, next->person_id);
      g_autofree char *line = person_line (p);
      g_autofree char *from = vigie_roster_oncall_format_when (next->start, tz);

      next_text = g_strdup_printf (_("%s, from %s"), line, from);
    }
  else
    next_text = g_strdup (_("Nobody in the next 31 days"));

  adw_action_row_set_subtitle (self->now_row, now_text);
  adw_action_row_set_subtitle (self->next_row, next_text);
}

static void
update_legend (VigieRosterView *self,
               VigieRoster     *roster)
{
  GPtrArray *people = vigie_roster_get_people (roster);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box))))
    gtk_flow_box_remove (self->legend_box, child);

  for (guint i = 0; i < people->len; i++)
    {
      VigieRosterPerson *p = g_ptr_array_index (people, i);
      GdkRGBA color;
      g_autofree char *hex = NULL;
      g_autofree char *escaped = g_markup_escape_text (p->name, -1);
      g_autofree char *markup = NULL;
      GtkWidget *label;

      vigie_roster_timeline_person_color (roster, p->id, &color);
      hex = g_strdup_printf ("#%02x%02x%02x", (int) (color.red * 255), (int) (color.green * 255),
                             (int) (color.blue * 255));
      markup = g_strdup_printf ("<span foreground=\"%s\">■</span> %s", hex, escaped);
      label = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_flow_box_append (self->legend_box, label);
    }
}

static void
update_warnings (VigieRosterView *self,
                 GDateTime       *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_add_days (now, -7);
  g_autoptr(GDateTime) to = g_date_time_add_days (now, 31);
  g_autoptr(GPtrArray) warnings = NULL;

  self->warning_count = 0;

  /* Gaps first: an alert with nobody to receive it is the worst case. */
  {
    VigieRoster *roster = current_roster (self);
    g_autoptr(GDateTime) horizon = g_date_time_add_days (now, 14);
    g_autoptr(GPtrArray) shifts = vigie_roster_timeline (roster, now, horizon);

    for (guint i = 0; i < shifts->len; i++)
      {
        VigieShift *shift = g_ptr_array_index (shifts, i);
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;
        g_autofree char *title = NULL;
        GtkWidget *row;

        if (shift->person_id != NULL)
          continue;
        a = vigie_roster_oncall_format_when (shift->start, vigie_roster_get_timezone (roster));
        b = vigie_roster_oncall_format_when (shift->end, vigie_roster_get_timezone (roster));
        title = g_strdup_printf (_("Coverage gap: nobody on call from %s to %s"), a, b);
        row = text_row (title, _("The client needs someone then: add an override or fix the rotation"));
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-error-symbolic"));
        gtk_widget_add_css_class (row, "error");
        add_row (self, self->warnings_group, row);
        self->warning_count++;
      }
  }

  warnings = vigie_labour_check_store (vigie_context_get_roster_store (self->context), current_client (self),
                                       from, to, &error);
  if (warnings == NULL)
    {
      add_row (self, self->warnings_group, text_row (_("The checks could not run"), error->message));
      return;
    }
  self->warning_count += warnings->len;
  if (self->warning_count == 0)
    {
      add_row (self, self->warnings_group, text_row (C_("roster", "No warning"), NULL));
      return;
    }
  for (guint i = 0; i < warnings->len; i++)
    {
      VigieLabourWarning *w = g_ptr_array_index (warnings, i);
      const char *severity = w->severity == VIGIE_LABOUR_NON_COMPLIANT ? C_("roster", "non-compliant")
                           : w->severity == VIGIE_LABOUR_EXCEPTIONAL ? C_("roster", "exceptional change")
                           : C_("roster", "warning");
      g_autofree char *subtitle = g_strdup_printf (_("Code du travail, article %s — %s"), w->article, severity);
      GtkWidget *row = text_row (w->message, subtitle);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (w->severity == VIGIE_LABOUR_NON_COMPLIANT)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_add_css_class (row, "warning");
      add_row (self, self->warnings_group, row);
    }
}

static void
remove_clicked_cb (GtkButton       *button,
                   VigieRosterView *self)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (button), "override-id");
  g_autofree char *client = g_strdup (current_client (self));

  if (!vigie_roster_store_remove_override (vigie_context_get_roster_store (self->context), client, id,
                                           author_name (self), &error))
    toast (self, error->message);
  else
    toast (self, C_("roster", "Override removed"));
}

static void
update_overrides (VigieRosterView *self,
                  VigieRoster     *roster,
                  GDateTime       *now)
{
  GPtrArray *overrides = vigie_roster_get_overrides (roster);
  GTimeZone *tz = vigie_roster_get_timezone (roster);
  guint shown = 0;

  for (guint i = 0; i < overrides->len; i++)
    {
      VigieOverride *o = g_ptr_array_index (overrides, i);
      const VigieRosterPerson *p = vigie_roster_find_person (roster, o->person_id);
      g_autofree char *s = vigie_roster_oncall_format_when (o->start, tz);
      g_autofree char *e = vigie_roster_oncall_format_when (o->end, tz);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *button;

      /* Past swaps stay in the journal; the page shows what still matters. */
      if (g_date_time_compare (o->end, now) < 0)
        continue;
      title = g_strdup_printf (_("%s, from %s to %s"), p ? p->name : o->person_id, s, e);
      subtitle = g_strdup_printf (_("%s — by %s"), o->reason ? o->reason : C_("roster", "no reason given"),
                                  o->author ? o->author : C_("roster", "unknown"));
      row = text_row (title, subtitle);
      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Remove this override"));
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "override-id", g_strdup (o->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      add_row (self, self->overrides_group, row);
      shown++;
    }
  if (shown == 0)
    add_row (self, self->overrides_group, text_row (_("No override to come"), NULL));
}

static void
update_fairness (VigieRosterView *self,
                 VigieRoster     *roster,
                 GDateTime       *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, vigie_roster_get_timezone (roster));
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) interventions = NULL;
  g_autoptr(GPtrArray) tallies = NULL;

  vigie_labour_month_bounds (roster, g_date_time_get_year (local), g_date_time_get_month (local), &from, &to);
  interventions = vigie_roster_store_list_interventions (vigie_context_get_roster_store (self->context),
                                                         current_client (self), NULL, from, to, NULL);
  tallies = vigie_labour_tally (roster, interventions, from, to);
  for (guint i = 0; i < tallies->len; i++)
    {
      VigieLabourTally *t = g_ptr_array_index (tallies, i);
      g_autofree char *subtitle = NULL;

      if (t->oncall_hours <= 0 && t->n_interventions == 0)
        continue;
      {
        /* One plural per count: "1 jour férié", not "1 jours fériés". */
        g_autofree char *hours = g_strdup_printf (_("%.0f h on call"), t->oncall_hours);
        g_autofree char *nights = g_strdup_printf (ngettext ("%u night", "%u nights", t->nights), t->nights);
        g_autofree char *weekends = g_strdup_printf (ngettext ("%u weekend", "%u weekends", t->weekends), t->weekends);
        g_autofree char *holidays = g_strdup_printf (ngettext ("%u public holiday", "%u public holidays", t->holidays),
                                                     t->holidays);
        g_autofree char *done = g_strdup_printf (ngettext ("%u intervention (%.1f h)",
                                                                    "%u interventions (%.1f h)",
                                                                    t->n_interventions),
                                                          t->n_interventions, t->intervention_hours);

        subtitle = g_strjoin (" · ", hours, nights, weekends, holidays, done, NULL);
      }
      add_row (self, self->fairness_group, text_row (t->name, subtitle));
    }
}

static char *
target_text (VigieRoster *roster,
             const char  *target)
{
  const VigieRosterPerson *p;

  if (g_str_equal (target, "oncall"))
    return g_strdup (_("Whoever is on call"));
  if (g_str_has_prefix (target, "rotation:"))
    {
      GPtrArray *rotations = vigie_roster_get_rotations (roster);

      for (guint i = 0; i < rotations->len; i++)
        if (g_str_equal (((VigieRotation *) rotations->pdata[i])->id, target + 9))
          return g_strdup_printf (_("Whoever is on call in “%s”"), ((VigieRotation *) rotations->pdata[i])->name);
    }
  if (g_str_has_prefix (target, "person:") && (p = vigie_roster_find_person (roster, target + 7)))
    return g_strdup (p->name);
  if (g_str_has_prefix (target, "number:"))
    return g_strdup (target + 7);
  return g_strdup (target);
}

/* Who an alert naming each team would reach now: the same resolution
 * as the desk's (vigie_recipient_resolve), so this page and the alerts
 * agree. */
/* The first person of @policy's steps found in @roster; @step: which
 * step (from 1). */
static const VigieRosterPerson *
first_step_person (VigieRoster *roster,
                   JsonArray   *steps,
                   guint       *step)
{
  for (guint j = 0; j < json_array_get_length (steps); j++)
    {
      const char *id = json_object_get_string_member_with_default (json_array_get_object_element (steps, j),
                                                                   "person_id", NULL);
      const VigieRosterPerson *person = id ? vigie_roster_find_person (roster, id) : NULL;

      if (person)
        {
          *step = j + 1;
          return person;
        }
    }
  return NULL;
}

static char *
named_subtitle (const VigieRosterPerson *person,
                guint                    step)
{
  const char *phone = person && person->phone ? person->phone : "—";

  if (person == NULL)
    return g_strdup (_("Nobody on call now: the client's last-resort contact"));
  if (step > 1)
    return g_strdup_printf (_("Nobody on the first step: step %u, %s · %s"), step, person->name, phone);
  return g_strdup_printf (_("On call now: %s · %s"), person->name, phone);
}

/* One named roster: who its escalation reaches now. */
static void
add_named (VigieRosterView *self,
           VigieRoster     *roster,
           const char      *name,
           GDateTime       *now)
{
  g_autoptr(VigieRoster) view = vigie_roster_dup_named (roster, name, NULL);
  g_autoptr(JsonNode) policy = view ? vigie_escalation_resolve (view, now, NULL) : NULL;
  JsonArray *steps = policy ? json_object_get_array_member (json_node_get_object (policy), "steps") : NULL;
  const VigieRosterPerson *person = NULL;
  const char *view_name = view ? vigie_roster_get_roster_name (view) : NULL;
  g_autofree char *title = g_strdup_printf (_("Roster “%s”"), view_name ? view_name : name);
  g_autofree char *subtitle = NULL;
  guint step = 0;

  if (steps)
    person = first_step_person (roster, steps, &step);
  else if (view)
    person = vigie_roster_who (view, now, NULL, NULL);
  subtitle = named_subtitle (person, step);
  add_row (self, self->escalation_group, text_row (title, subtitle));
}

static void
update_named (VigieRosterView *self,
              VigieRoster     *roster,
              GDateTime       *now)
{
  g_auto(GStrv) names = vigie_roster_list_named (roster);

  for (guint i = 0; names[i]; i++)
    add_named (self, roster, names[i], now);
}

/* The channels of a cascade step in the operator's words, not the
 * roster file's tokens ("webhook, sms"). */
static char *
channels_text (char **channels)
{
  static const struct { const char *token; const char *label; } words[] = {
    { "webhook", N_("their own alert service") },
    { "sms", N_("text message") },
    { "phone", N_("phone call") },
    { "mail", N_("mail") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; channels && channels[i]; i++)
    {
      const char *label = channels[i];

      for (guint w = 0; w < G_N_ELEMENTS (words); w++)
        if (g_str_equal (channels[i], words[w].token))
          label = _(words[w].label);
      g_string_append_printf (text, "%s%s", i ? ", " : "", label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_escalation (VigieRosterView *self,
                   VigieRoster     *roster)
{
  guint loops;
  GPtrArray *steps = vigie_roster_get_escalation (roster, &loops);
  g_autofree char *description = g_strdup_printf (ngettext ("The cascade runs once.",
                                                            "The cascade runs up to %u times.", loops), loops);

  adw_preferences_group_set_description (self->escalation_group, description);
  for (guint i = 0; i < steps->len; i++)
    {
      VigieEscalationStepDef *s = g_ptr_array_index (steps, i);
      g_autofree char *who = target_text (roster, s->target);
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, who);
      g_autofree char *channels = channels_text (s->channels);
      g_autofree char *subtitle = g_strdup_printf (_("%s; next step after %u min"), channels, s->delay_minutes);

      add_row (self, self->escalation_group, text_row (title, subtitle));
    }
  if (steps->len == 0)
    add_row (self, self->escalation_group, text_row (_("No cascade: alerts stop at the first step"), NULL));
}

static void
update_people (VigieRosterView *self,
               VigieRoster     *roster)
{
  GPtrArray *people = vigie_roster_get_people (roster);
  guint selected = adw_combo_row_get_selected (self->person_row);

  g_ptr_array_set_size (self->person_ids, 0);
  gtk_string_list_splice (self->person_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->person_names)), NULL);
  for (guint i = 0; i < people->len; i++)
    {
      VigieRosterPerson *p = g_ptr_array_index (people, i);
      g_autofree char *skills = g_strjoinv (", ", p->skills);
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s", p->phone ? p->phone : "", *skills ? " · " : "", skills);

      add_row (self, self->people_group, text_row (p->name, subtitle));
      g_ptr_array_add (self->person_ids, g_strdup (p->id));
      gtk_string_list_append (self->person_names, p->name);
    }
  if (selected < people->len)
    adw_combo_row_set_selected (self->person_row, selected);
}

static void
refresh (VigieRosterView *self)
{
  g_autoptr(GDateTime) now = dup_now (self);
  VigieRoster *roster = current_roster (self);
  gboolean has = roster != NULL;

  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), !has && current_client (self) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->now_group), has);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_group), has);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), has);
  gtk_widget_set_visible (GTK_WIDGET (self->overrides_group), has);
  gtk_widget_set_visible (GTK_WIDGET (self->add_group), has);
  gtk_widget_set_visible (GTK_WIDGET (self->fairness_group), has);
  gtk_widget_set_visible (GTK_WIDGET (self->escalation_group), has);
  gtk_widget_set_visible (GTK_WIDGET (self->people_group), has);
  if (!has)
    {
      gtk_label_set_label (self->coverage_label, "");
      return;
    }

  {
    g_auto(GStrv) when = vigie_roster_when_to_strv (vigie_roster_get_coverage (roster));
    GString *needs = g_string_new (NULL);
    g_autofree char *text = NULL;

    for (guint i = 0; when[i]; i++)
      {
        const char *name = g_str_equal (when[i], "nights") ? C_("roster", "nights")
                         : g_str_equal (when[i], "weekends") ? C_("roster", "weekends")
                         : g_str_equal (when[i], "holidays") ? C_("roster", "public holidays") : C_("roster", "around the clock");
        g_string_append_printf (needs, "%s%s", i ? ", " : "", name);
      }
    text = g_strdup_printf (_("Needs someone on call: %s · %s"), needs->str, vigie_roster_get_timezone_name (roster));
    gtk_label_set_label (self->coverage_label, text);
    g_string_free (needs, TRUE);
  }

  update_now (self, roster, now);
  vigie_roster_timeline_set (self->timeline, roster, now, now);
  update_legend (self, roster);
  update_warnings (self, now);
  update_overrides (self, roster, now);
  update_fairness (self, roster, now);
  update_escalation (self, roster);
  update_named (self, roster, now);
  update_people (self, roster);
}

static void
store_changed_cb (VigieRosterView *self,
                  const char      *client_id)
{
  if (g_strcmp0 (client_id, current_client (self)) == 0)
    refresh (self);
}

static void
client_selected_cb (VigieRosterView *self)
{
  refresh (self);
}

/* Keeps "now / next" and the time line current; the lists only change
 * with the roster. */
static gboolean
tick_cb (gpointer user_data)
{
  VigieRosterView *self = user_data;
  g_autoptr(GDateTime) now = NULL;
  VigieRoster *roster = current_roster (self);

  if (roster == NULL || self->now != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;
  now = dup_now (self);
  update_now (self, roster, now);
  vigie_roster_timeline_set (self->timeline, roster, now, now);
  return G_SOURCE_CONTINUE;
}

static GDateTime *
parse_entry (VigieRoster *roster,
             AdwEntryRow *row)
{
  /* In the roster's (the client's) zone, like every time operators type. */
  return vigie_time_parse (gtk_editable_get_text (GTK_EDITABLE (row)), vigie_roster_get_timezone (roster), NULL);
}

static void
add_override_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VigieRosterView *self = VIGIE_ROSTER_VIEW (widget);
  VigieRoster *roster = current_roster (self);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) now = dup_now (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *client = g_strdup (current_client (self));
  guint person = adw_combo_row_get_selected (self->person_row);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  gtk_widget_remove_css_class (GTK_WIDGET (self->start_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->end_row), "error");
  if (roster == NULL || person >= self->person_ids->len)
    return;
  if (!(start = parse_entry (roster, self->start_row)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->start_row), "error");
      toast (self, _("The start is not a date: write it as 2026-12-11 18:00"));
      return;
    }
  if (!(end = parse_entry (roster, self->end_row)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->end_row), "error");
      toast (self, _("The end is not a date: write it as 2026-12-12 22:00"));
      return;
    }

  /* Never refused for labour reasons: warnings show after the save. */
  if (!vigie_roster_store_add_override (vigie_context_get_roster_store (self->context), client,
                                        vigie_override_new (NULL, g_ptr_array_index (self->person_ids, person),
                                                            start, end, *reason ? reason : NULL,
                                                            author_name (self), now),
                                        &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->end_row), "error");
      toast (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->start_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  toast (self, _("Override applied and journaled"));
}

static void
vigie_roster_view_dispose (GObject *object)
{
  VigieRosterView *self = (VigieRosterView *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->context)
    g_signal_handlers_disconnect_by_data (vigie_context_get_roster_store (self->context), self);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_ROSTER_VIEW);

  G_OBJECT_CLASS (vigie_roster_view_parent_class)->dispose (object);
}

static void
vigie_roster_view_finalize (GObject *object)
{
  VigieRosterView *self = (VigieRosterView *)object;

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->client_ids, g_ptr_array_unref);
  g_clear_pointer (&self->person_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (vigie_roster_view_parent_class)->finalize (object);
}

static void
vigie_roster_view_class_init (VigieRosterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_roster_view_dispose;
  object_class->finalize = vigie_roster_view_finalize;

  g_type_ensure (VIGIE_TYPE_ROSTER_TIMELINE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-roster-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, client_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, client_names);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, coverage_label);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, now_group);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, now_row);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, next_row);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, timeline);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, legend_box);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, overrides_group);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, add_group);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, person_row);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, person_names);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, start_row);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, end_row);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, reason_row);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, fairness_group);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, escalation_group);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterView, people_group);

  gtk_widget_class_install_action (widget_class, "roster.add-override", NULL, add_override_action);
}

static void
vigie_roster_view_init (VigieRosterView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->client_ids = g_ptr_array_new_with_free_func (g_free);
  self->person_ids = g_ptr_array_new_with_free_func (g_free);
  self->dynamic_rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self->client_dropdown, "notify::selected", G_CALLBACK (client_selected_cb), self);
  self->tick_id = g_timeout_add_seconds (60, tick_cb, self);
}

/**
 * vigie_roster_view_set_context:
 * @self: a #VigieRosterView
 * @context: the loaded data
 */
void
vigie_roster_view_set_context (VigieRosterView *self,
                               VigieContext    *context)
{
  GListModel *clients;

  g_return_if_fail (VIGIE_IS_ROSTER_VIEW (self));

  if (self->context)
    g_signal_handlers_disconnect_by_data (vigie_context_get_roster_store (self->context), self);
  g_set_object (&self->context, context);
  g_signal_connect_swapped (vigie_context_get_roster_store (context), "changed",
                            G_CALLBACK (store_changed_cb), self);

  g_ptr_array_set_size (self->client_ids, 0);
  g_signal_handlers_block_by_func (self->client_dropdown, client_selected_cb, self);
  gtk_string_list_splice (self->client_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->client_names)), NULL);
  clients = vigie_directory_get_clients (vigie_context_get_directory (context));
  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(VigieClient) client = g_list_model_get_item (clients, i);

      g_ptr_array_add (self->client_ids, g_strdup (vigie_client_get_id (client)));
      gtk_string_list_append (self->client_names, vigie_client_get_name (client));
    }
  g_signal_handlers_unblock_by_func (self->client_dropdown, client_selected_cb, self);
  gtk_drop_down_set_selected (self->client_dropdown, 0);
  refresh (self);
}

/**
 * vigie_roster_view_set_now:
 * @self: a #VigieRosterView
 * @now: (nullable): the time to show, or %NULL for the clock
 */
void
vigie_roster_view_set_now (VigieRosterView *self,
                           GDateTime       *now)
{
  g_return_if_fail (VIGIE_IS_ROSTER_VIEW (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = now ? g_date_time_ref (now) : NULL;
  refresh (self);
}

/**
 * vigie_roster_view_select_client:
 * @self: a #VigieRosterView
 * @client_id: a client
 *
 * Returns: %TRUE if the client is listed
 */
gboolean
vigie_roster_view_select_client (VigieRosterView *self,
                                 const char      *client_id)
{
  guint index;

  g_return_val_if_fail (VIGIE_IS_ROSTER_VIEW (self), FALSE);

  if (!g_ptr_array_find_with_equal_func (self->client_ids, client_id, g_str_equal, &index))
    return FALSE;
  gtk_drop_down_set_selected (self->client_dropdown, index);
  return TRUE;
}

/**
 * vigie_roster_view_get_now_text:
 * @self: a #VigieRosterView
 *
 * Returns: (transfer none): the "on call now" line as shown
 */
const char *
vigie_roster_view_get_now_text (VigieRosterView *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_VIEW (self), NULL);
  return adw_action_row_get_subtitle (self->now_row);
}

/**
 * vigie_roster_view_get_warning_count:
 * @self: a #VigieRosterView
 *
 * Returns: how many labour-law warnings the page shows
 */
guint
vigie_roster_view_get_warning_count (VigieRosterView *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_VIEW (self), 0);
  return self->warning_count;
}
