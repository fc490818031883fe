/* vigie-designer-window-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inspector: the selected node's form, and the script's keyword rules.
 */
#define G_LOG_DOMAIN "vigie-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-decision.h"
#include "vigie-designer-window-private.h"

/* The node form ---------------------------------------------------------- */

static const char * const type_values[] = { "choice", "yesno", "number", "text", "info", "outcome", NULL };
static const char * const gravity_values[] = { "1", "2", "3", "4", NULL };
static const char * const urgency_values[] = { "", "immediate", "high", "normal", "low", NULL };
static const char * const decision_values[] = { "trigger", "defer", "log", NULL };
static const char * const defer_values[] = {
  "", "+30min", "+2h", "08:00", "next-business-day 08:00", "next-opening", NULL
};
static const char * const optional_values[] = { "", "true", NULL };
static const char * const placeholders[] = {
  "{caller}", "{number}", "{company}", "{site}", "{contract}", "{client}", "{note}", "{nature}",
  "{urgency}", "{gravity}", "{priority}", "{deferred_until}", NULL
};

/* The sample call of the alert preview: fixed values, then the outcome's own. */
static const struct {
  const char *name;
  const char *value;
  gboolean    translate;
} sample_values[] = {
  { "caller", "Mme Claire Martin", FALSE },
  { "number", "+33 6 12 34 56 78", FALSE },
  { "company", "Résidence Les Tilleuls", FALSE },
  { "site", "Bâtiment B, 12 rue des Lilas", FALSE },
  { "contract", "Standard : heures ouvrées", FALSE },
  { "client", N_("the client"), TRUE },
  { "note", N_("Called back twice"), TRUE },
  { "deferred_until", "2026-12-07 08:00", FALSE },
};

static char *
sample_lookup (const char *name,
               gpointer    user_data)
{
  JsonObject *node = user_data;

  if (g_str_has_prefix (name, "answer:"))
    return g_strdup_printf (_("(answer to “%s”)"), name + strlen ("answer:"));
  for (guint i = 0; i < G_N_ELEMENTS (sample_values); i++)
    if (g_str_equal (name, sample_values[i].name))
      return g_strdup (sample_values[i].translate ? _(sample_values[i].value) : sample_values[i].value);
  if (g_str_equal (name, "nature") || g_str_equal (name, "urgency"))
    return g_strdup (json_object_get_string_member_with_default (node, name, "—"));
  if (g_str_equal (name, "gravity") || g_str_equal (name, "priority"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (node, "gravity", 1));
  return NULL;
}

static void
update_preview (GtkLabel   *preview,
                const char *template_text,
                JsonObject *node)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (template_text == NULL || *template_text == '\0')
    {
      gtk_label_set_text (preview, _("No alert text: the on-call person gets the nature only."));
      return;
    }
  text = vigie_script_expand_template (template_text, sample_lookup, node, &error);
  if (text == NULL)
    {
      gtk_label_set_text (preview, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (preview), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (preview), "error");
  gtk_label_set_text (preview, text);
}

static void
alert_changed_cb (GtkEditable *editable,
                  GtkLabel    *preview)
{
  JsonObject *node = g_object_get_data (G_OBJECT (preview), "node");

  update_preview (preview, gtk_editable_get_text (editable), node);
}

static void
placeholder_cb (GtkButton *button,
                GtkWidget *row)
{
  int position = gtk_editable_get_position (GTK_EDITABLE (row));

  gtk_editable_insert_text (GTK_EDITABLE (row), gtk_button_get_label (button), -1, &position);
  gtk_widget_grab_focus (row);
  gtk_editable_set_position (GTK_EDITABLE (row), position);
}

GtkWidget *
_vigie_designer_group (GtkBox     *box,
                       const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (box, group);
  return group;
}

static void
build_choices (VigieDesignerWindow *self,
               JsonObject          *node,
               const char          *id)
{
  GtkWidget *choices = _vigie_designer_group (self->form_box, _("Choices"));
  JsonNode *member = json_object_get_member (node, "choices");
  JsonObject *template = json_object_new ();
  guint n = member && JSON_NODE_HOLDS_ARRAY (member) ? json_array_get_length (json_node_get_array (member)) : 0;

  json_object_set_string_member (template, "label", _("New choice"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (choices),
                                           _vigie_designer_add_button (self, _("_Add Choice"), id, "choices", template));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label = _vigie_designer_entry_row (self, _("Label"), id, "choices", (int) i, "label", VALUE_STRING);
      GtkWidget *key = _vigie_designer_entry_row (self, _("Key (for automation)"), id, "choices", (int) i, "key", VALUE_STRING);
      GtkWidget *next = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Choice %u leads to"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (next), title);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->ids_model)) > MAX_MENU_TARGETS)
        {
          GtkWidget *target = _vigie_designer_entry_row (self, title, id, "choices", (int) i, "next", VALUE_STRING);

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), target);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (next), "");
        }
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (next), _vigie_designer_target_dropdown (self, id, "choices", (int) i, "next"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (next),
                                 _vigie_designer_element_button (self, "go-up-symbolic", _("Move Up"), "up", id, "choices", (int) i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (next),
                                 _vigie_designer_element_button (self, "go-down-symbolic", _("Move Down"), "down", id, "choices", (int) i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (next),
                                 _vigie_designer_element_button (self, "user-trash-symbolic", _("Delete Choice"), "delete", id, "choices", (int) i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), key);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (choices), next);
    }
}

static void
build_thresholds (VigieDesignerWindow *self,
                  JsonObject          *node,
                  const char          *id)
{
  GtkWidget *thresholds = _vigie_designer_group (self->form_box, _("Thresholds"));
  JsonNode *member = json_object_get_member (node, "thresholds");
  JsonObject *template = json_object_new ();
  guint n = member && JSON_NODE_HOLDS_ARRAY (member) ? json_array_get_length (json_node_get_array (member)) : 0;

  json_object_set_int_member (template, "below", 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (thresholds),
                                           _vigie_designer_add_button (self, _("_Add Threshold"), id, "thresholds", template));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *below = _vigie_designer_entry_row (self, _("Below"), id, "thresholds", (int) i, "below", VALUE_NUMBER);

      adw_entry_row_add_suffix (ADW_ENTRY_ROW (below), _vigie_designer_target_dropdown (self, id, "thresholds", (int) i, "next"));
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (below),
                                _vigie_designer_element_button (self, "user-trash-symbolic", _("Delete Threshold"), "delete", id, "thresholds", (int) i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (thresholds), below);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (thresholds), _vigie_designer_target_row (self, _("Otherwise"), id, "otherwise"));
}

static void
build_outcome (VigieDesignerWindow *self,
               JsonObject          *node,
               const char          *id)
{
  static const char *gravity_labels[5], *urgency_labels[6], *decision_labels[4], *defer_labels[7];
  GtkWidget *outcome = _vigie_designer_group (self->form_box, _("Outcome"));
  GtkWidget *alert = _vigie_designer_group (self->form_box, _("Alert"));
  GtkWidget *alert_row, *preview, *menu, *popover, *flow;

  gravity_labels[0] = _("1 — minor");
  gravity_labels[1] = _("2 — moderate");
  gravity_labels[2] = _("3 — serious");
  gravity_labels[3] = _("4 — critical");
  urgency_labels[0] = _("Not set");
  urgency_labels[1] = _("Immediate");
  urgency_labels[2] = _("High");
  urgency_labels[3] = _("Normal");
  urgency_labels[4] = _("Low");
  decision_labels[0] = _("Trigger the on-call person now");
  decision_labels[1] = _("Defer the alert");
  decision_labels[2] = _("Log only");
  defer_labels[0] = _("No deferral");
  defer_labels[1] = _("In 30 minutes");
  defer_labels[2] = _("In 2 hours");
  defer_labels[3] = _("At the next 08:00");
  defer_labels[4] = _("Next business day at 08:00");
  defer_labels[5] = _("When the client next opens");

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_entry_row (self, _("Nature"), id, "nature", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_combo_row (self, _("Decision"), decision_labels, decision_values, id, "decision", -1, NULL,
                                                        VALUE_STRING, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_combo_row (self, _("Gravity"), gravity_labels, gravity_values, id, "gravity", -1, NULL,
                                                        VALUE_NUMBER, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_combo_row (self, _("Urgency"), urgency_labels, urgency_values, id, "urgency", -1, NULL,
                                                        VALUE_STRING, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_combo_row (self, _("Deferral"), defer_labels, defer_values, id, "defer", -1, NULL,
                                                        VALUE_STRING, TRUE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_entry_row (self, _("Deferral rule (as written)"), id, "defer", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_entry_row (self, _("On-call roster"), id, "roster", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (outcome),
                             _vigie_designer_entry_row (self, _("Escalation"), id, "escalation", -1, NULL, VALUE_STRING));

  alert_row = _vigie_designer_entry_row (self, _("Alert text"), id, "alert", -1, NULL, VALUE_STRING);
  menu = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "list-add-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Insert a Placeholder"));
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu, "flat");
  popover = gtk_popover_new ();
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
  for (guint i = 0; placeholders[i]; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (placeholders[i]);

      gtk_widget_add_css_class (button, "flat");
      g_signal_connect (button, "clicked", G_CALLBACK (placeholder_cb), alert_row);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), flow);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (alert_row), menu);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (alert), alert_row);

  preview = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (preview), TRUE);
  gtk_label_set_xalign (GTK_LABEL (preview), 0);
  gtk_widget_set_margin_top (preview, 6);
  gtk_widget_add_css_class (preview, "dim-label");
  g_object_set_data (G_OBJECT (preview), "node", node);
  update_preview (GTK_LABEL (preview), gtk_editable_get_text (GTK_EDITABLE (alert_row)), node);
  g_signal_connect (alert_row, "changed", G_CALLBACK (alert_changed_cb), preview);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (alert),
                                         _("Preview on a sample call:"));
  gtk_box_append (self->form_box, preview);
}

static void
node_action_cb (GtkButton           *button,
                VigieDesignerWindow *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "action");

  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

GtkWidget *
_vigie_designer_action_button (VigieDesignerWindow *self,
                               const char          *label,
                               const char          *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (node_action_cb), self);
  return button;
}

static void
build_yesno (VigieDesignerWindow *self,
             JsonObject          *node,
             const char          *id)
{
  GtkWidget *answers = _vigie_designer_group (self->form_box, _("Answers"));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (answers), _vigie_designer_target_row (self, _("Yes leads to"), id, "yes"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (answers), _vigie_designer_target_row (self, _("No leads to"), id, "no"));
}

static void
build_number (VigieDesignerWindow *self,
              JsonObject          *node,
              const char          *id)
{
  GtkWidget *number = _vigie_designer_group (self->form_box, _("Number"));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (number),
                             _vigie_designer_entry_row (self, _("Unit"), id, "unit", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (number),
                             _vigie_designer_entry_row (self, _("Minimum"), id, "min", -1, NULL, VALUE_NUMBER));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (number),
                             _vigie_designer_entry_row (self, _("Maximum"), id, "max", -1, NULL, VALUE_NUMBER));
  build_thresholds (self, node, id);
}

/* Free text and instructions lead on to one node; an answer may be optional. */
static void
build_next (VigieDesignerWindow *self,
            JsonObject          *node,
            const char          *id)
{
  static const char *optional_labels[3];
  GtkWidget *next = _vigie_designer_group (self->form_box, NULL);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (next), _vigie_designer_target_row (self, _("Then"), id, "next"));
  if (!g_str_equal (json_object_get_string_member_with_default (node, "type", ""), "text"))
    return;
  optional_labels[0] = _("An answer is required");
  optional_labels[1] = _("The answer may be left empty");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (next),
                             _vigie_designer_combo_row (self, _("Answer"), optional_labels, optional_values, id,
                                                        "optional", -1, NULL, VALUE_STRING, FALSE));
}

/* Each kind of node's own section, below the fields they all have. */
static const struct {
  const char *type;
  void      (*build) (VigieDesignerWindow *self,
                      JsonObject          *node,
                      const char          *id);
} kind_sections[] = {
  { "choice", build_choices },
  { "yesno", build_yesno },
  { "number", build_number },
  { "text", build_next },
  { "info", build_next },
  { "outcome", build_outcome },
};

static void
build_node_actions (VigieDesignerWindow *self)
{
  static const struct { const char *label; const char *action; } buttons[] = {
    { N_("Add _Question"), "designer.add-question" },
    { N_("Add _Outcome"), "designer.add-outcome" },
    { N_("Add _Instruction"), "designer.add-info" },
    { N_("_Duplicate"), "designer.duplicate" },
    { N_("Move _Up"), "designer.move-up" },
    { N_("Move Do_wn"), "designer.move-down" },
    { N_("_Start Here"), "designer.make-start" },
    { N_("D_elete"), "designer.delete" },
    { N_("Delete _Branch"), "designer.delete-branch" },
    { N_("Include a _Shared Branch"), "designer.include" },
  };
  GtkWidget *actions = _vigie_designer_group (self->form_box, NULL);
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_flow_box_append (GTK_FLOW_BOX (flow), _vigie_designer_action_button (self, _(buttons[i].label), buttons[i].action));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (actions), flow);
}

/* No node selected: the script's own fields. */
static void
build_script_fields (VigieDesignerWindow *self)
{
  GtkWidget *script = _vigie_designer_group (self->form_box, _("Script"));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (script),
                             _vigie_designer_entry_row (self, _("Title"), NULL, "title", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (script),
                             _vigie_designer_entry_row (self, _("Description"), NULL, "description", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (script),
                             _vigie_designer_entry_row (self, _("Time zone"), NULL, "timezone", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (script), _vigie_designer_target_row (self, _("Start"), NULL, "start"));
}

/* What every node has: its id, kind, text and comment. */
static void
build_general (VigieDesignerWindow *self,
               const char          *type)
{
  static const char *type_labels[7];
  GtkWidget *general = _vigie_designer_group (self->form_box, self->selected);

  type_labels[0] = _("Question with choices");
  type_labels[1] = _("Yes/no question");
  type_labels[2] = _("Number question");
  type_labels[3] = _("Free-text question");
  type_labels[4] = _("Instruction to read");
  type_labels[5] = _("Outcome");

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (general),
                                         vigie_script_document_get_node_file (self->document, self->selected));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             _vigie_designer_entry_row (self, _("Identifier"), self->selected, "id", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             _vigie_designer_combo_row (self, _("Kind"), type_labels, type_values, self->selected, "type", -1, NULL,
                                                        VALUE_STRING, TRUE));
  if (!g_str_equal (type, "outcome"))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                               _vigie_designer_entry_row (self, g_str_equal (type, "info") ? _("Text to read") : _("Question"),
                                                          self->selected, "text", -1, NULL, VALUE_STRING));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             _vigie_designer_entry_row (self, _("Comment for designers"), self->selected, "comment", -1, NULL, VALUE_STRING));
}

void
_vigie_designer_window_build_form (VigieDesignerWindow *self)
{
  GtkWidget *child;
  JsonObject *node;
  const char *type;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form_box))))
    gtk_box_remove (self->form_box, child);
  if (self->document == NULL)
    return;

  build_node_actions (self);
  node = vigie_script_document_lookup (self->document, self->selected);
  if (node == NULL)
    {
      build_script_fields (self);
      return;
    }
  type = json_object_get_string_member_with_default (node, "type", "");
  build_general (self, type);
  for (guint i = 0; i < G_N_ELEMENTS (kind_sections); i++)
    if (g_str_equal (type, kind_sections[i].type))
      kind_sections[i].build (self, node, self->selected);
}

/* Rules ------------------------------------------------------------------ */

/* The conditions of a rule's "when", each read out as a phrase, or NULL
 * when the condition is not set. */
static char *
keywords_phrase (JsonObject *when)
{
  g_autofree char *words = NULL;

  if (!json_object_has_member (when, "keywords"))
    return NULL;
  words = _vigie_designer_value_to_text (json_object_get_member (when, "keywords"));
  return g_strdup_printf (_("the note or the answers say %s"), words);
}

static char *
vip_phrase (JsonObject *when)
{
  return json_object_get_boolean_member_with_default (when, "vip", FALSE) ? g_strdup (_("a VIP calls")) : NULL;
}

static char *
contract_phrase (JsonObject *when)
{
  g_autofree char *contract = NULL;

  if (!json_object_has_member (when, "contract"))
    return NULL;
  contract = _vigie_designer_value_to_text (json_object_get_member (when, "contract"));
  return g_strdup_printf (_("contract %s"), contract);
}

static char *
gravity_at_least_phrase (JsonObject *when)
{
  if (!json_object_has_member (when, "gravity_at_least"))
    return NULL;
  return g_strdup_printf (_("gravity at least %d"), (int) json_object_get_int_member (when, "gravity_at_least"));
}

static char *
gravity_at_most_phrase (JsonObject *when)
{
  if (!json_object_has_member (when, "gravity_at_most"))
    return NULL;
  return g_strdup_printf (_("gravity at most %d"), (int) json_object_get_int_member (when, "gravity_at_most"));
}

static char *
time_phrase (JsonObject *when)
{
  if (!json_object_has_member (when, "time"))
    return NULL;
  return g_strdup_printf (_("between %s"), json_object_get_string_member (when, "time"));
}

static char *
open_phrase (JsonObject *when)
{
  if (!json_object_has_member (when, "open"))
    return NULL;
  return g_strdup (json_object_get_boolean_member (when, "open") ? _("during opening hours")
                                                                 : _("outside opening hours"));
}

static char *(* const condition_phrases[]) (JsonObject *when) = {
  keywords_phrase, vip_phrase, contract_phrase, gravity_at_least_phrase, gravity_at_most_phrase,
  time_phrase, open_phrase,
};

static const char *
force_phrase (const char *force)
{
  switch (vigie_decision_kind_from_string (force))
    {
    case VIGIE_DECISION_TRIGGER: return _(": trigger");
    case VIGIE_DECISION_DEFER: return _(": defer");
    case VIGIE_DECISION_LOG:
    case VIGIE_DECISION_NONE:
    default: return _(": log only");
    }
}

/* A rule read out in the designer's words: "If a VIP calls, gravity at
 * least 3: trigger, priority +1". */
static char *
describe_rule (JsonObject *rule)
{
  JsonObject *when = json_object_has_member (rule, "when") ? json_object_get_object_member (rule, "when") : NULL;
  const char *force = json_object_get_string_member_with_default (rule, "force", NULL);
  gint64 priority = json_object_get_int_member_with_default (rule, "priority", 0);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *joined = NULL;

  for (guint i = 0; when && i < G_N_ELEMENTS (condition_phrases); i++)
    {
      char *phrase = condition_phrases[i] (when);

      if (phrase)
        g_ptr_array_add (parts, phrase);
    }
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (", ", (char **) parts->pdata);
  if (*joined == '\0')
    g_string_append (text, _("Always"));
  else
    g_string_append_printf (text, _("If %s"), joined);
  if (force)
    g_string_append (text, force_phrase (force));
  if (priority)
    g_string_append_printf (text, _(", priority %+d"), (int) priority);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
_vigie_designer_window_build_rules (VigieDesignerWindow *self)
{
  static const char *force_labels[5];
  static const char * const force_values[] = { "", "trigger", "defer", "log", NULL };
  static const char * const final_values[] = { "", "true", NULL };
  static const char *final_labels[3];
  GtkWidget *child, *rules;
  JsonObject *root;
  JsonNode *member;
  JsonObject *template;
  guint n;

  force_labels[0] = _("Do not change the decision");
  force_labels[1] = _("Trigger the on-call person now");
  force_labels[2] = _("Defer the alert");
  force_labels[3] = _("Log only");
  final_labels[0] = _("Later rules may still apply");
  final_labels[1] = _("Stop here: later rules do not apply");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rules_box))))
    gtk_box_remove (self->rules_box, child);
  if (self->document == NULL)
    return;

  root = vigie_script_document_get_root (self->document);
  member = json_object_get_member (root, "rules");
  n = member && JSON_NODE_HOLDS_ARRAY (member) ? json_array_get_length (json_node_get_array (member)) : 0;
  rules = _vigie_designer_group (self->rules_box, _("Keyword Rules"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (rules),
                                         _("Checked in this order once an outcome is reached. Keywords are "
                                           "words of the note or the answers; “électri*” matches any word "
                                           "starting so."));
  template = json_object_new ();
  json_object_set_string_member (template, "id", "mots-cles");
  json_object_set_object_member (template, "when", json_object_new ());
  json_object_set_array_member (json_object_get_object_member (template, "when"), "keywords", json_array_new ());
  json_object_set_string_member (template, "force", "trigger");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (rules),
                                           _vigie_designer_add_button (self, _("_Add Rule"), NULL, "rules", template));

  for (guint i = 0; i < n; i++)
    {
      JsonObject *rule = json_array_get_object_element (json_node_get_array (member), i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *summary = rule ? describe_rule (rule) : NULL;

      if (rule == NULL)
        continue;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     json_object_get_string_member_with_default (rule, "id", "?"));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vigie_designer_entry_row (self, _("Identifier"), NULL, "rules", (int) i, "id", VALUE_STRING));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vigie_designer_entry_row (self, _("Description"), NULL, "rules", (int) i, "description", VALUE_STRING));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vigie_designer_entry_row (self, _("Keywords, separated by commas"), NULL, "rules", (int) i,
                                                           "when.keywords", VALUE_LIST));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vigie_designer_entry_row (self, _("Contract starts with"), NULL, "rules", (int) i,
                                                           "when.contract", VALUE_STRING));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vigie_designer_combo_row (self, _("Then"), force_labels, force_values, NULL, "rules", (int) i, "force",
                                                           VALUE_STRING, FALSE));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vigie_designer_entry_row (self, _("Priority change (−4 to +4)"), NULL, "rules", (int) i, "priority",
                                                           VALUE_NUMBER));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                _vigie_designer_combo_row (self, _("Afterwards"), final_labels, final_values, NULL, "rules", (int) i,
                                                           "final", VALUE_STRING, FALSE));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                                   _vigie_designer_element_button (self, "user-trash-symbolic", _("Delete Rule"), "delete", NULL, "rules", (int) i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (rules), expander);
    }
}
