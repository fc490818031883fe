/* vigie-designer-window-cases.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cases: a table of the script's test cases with their results, and
 * the selected case's form.
 */
#define G_LOG_DOMAIN "vigie-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-decision.h"
#include "vigie-designer-window-private.h"
#include "vigie-script-cases.h"

/* Case rows -------------------------------------------------------------- */

#define VIGIE_TYPE_CASE_ROW (vigie_case_row_get_type ())
G_DECLARE_FINAL_TYPE (VigieCaseRow, vigie_case_row, VIGIE, CASE_ROW, GObject)

struct _VigieCaseRow
{
  GObject  parent_instance;
  char    *columns[5];   /* name, answers, time, expected, result */
  gboolean passed;
};

G_DEFINE_FINAL_TYPE (VigieCaseRow, vigie_case_row, G_TYPE_OBJECT)

static void
vigie_case_row_finalize (GObject *object)
{
  VigieCaseRow *self = VIGIE_CASE_ROW (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_free (self->columns[i]);
  G_OBJECT_CLASS (vigie_case_row_parent_class)->finalize (object);
}

static void
vigie_case_row_class_init (VigieCaseRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_case_row_finalize;
}

static void
vigie_case_row_init (VigieCaseRow *self)
{
}

/* Cases ------------------------------------------------------------------ */

static JsonArray *
cases_array (VigieDesignerWindow *self)
{
  JsonNode *cases = vigie_script_document_get_cases (self->document);

  return json_object_get_array_member (json_node_get_object (cases), "cases");
}

/* The case form edits a copy of the cases, set back as one edit: @cases
 * holds the copy, its array is returned. */
static JsonArray *
copy_cases (VigieDesignerWindow  *self,
            JsonNode            **cases)
{
  *cases = vigie_script_json_copy (vigie_script_document_get_cases (self->document));
  return json_object_get_array_member (json_node_get_object (*cases), "cases");
}

static gboolean
has_selected_case (VigieDesignerWindow *self,
                   JsonArray           *array)
{
  return array != NULL && self->selected_case >= 0 &&
         (guint) self->selected_case < json_array_get_length (array);
}

static char *
answers_text (JsonObject *test_case)
{
  JsonNode *answers = json_object_get_member (test_case, "answers");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) names = NULL;

  if (answers == NULL || !JSON_NODE_HOLDS_OBJECT (answers))
    return g_strdup ("");
  names = json_object_get_members (json_node_get_object (answers));
  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *value = _vigie_designer_value_to_text (json_object_get_member (json_node_get_object (answers), l->data));

      g_string_append_printf (text, "%s%s=%s", text->len ? ", " : "", (char *) l->data, value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
decision_label (const char *decision)
{
  switch (vigie_decision_kind_from_string (decision))
    {
    case VIGIE_DECISION_TRIGGER: return _("Trigger");
    case VIGIE_DECISION_DEFER: return _("Defer");
    case VIGIE_DECISION_LOG: return _("Log only");
    case VIGIE_DECISION_NONE:
    default: return "—";
    }
}

/* One line of the table: the case, what it expects, how it went. */
static VigieCaseRow *
case_row_new (JsonObject            *test_case,
              VigieScriptCaseResult *result)
{
  VigieCaseRow *row = g_object_new (VIGIE_TYPE_CASE_ROW, NULL);
  JsonObject *expect = json_object_has_member (test_case, "expect")
                       ? json_object_get_object_member (test_case, "expect") : NULL;

  row->columns[0] = g_strdup (json_object_get_string_member_with_default (test_case, "name", ""));
  row->columns[1] = answers_text (test_case);
  row->columns[2] = g_strdup (json_object_get_string_member_with_default (test_case, "at", ""));
  row->columns[3] = g_strdup (expect ? decision_label (json_object_get_string_member_with_default (expect, "decision", NULL))
                                     : "—");
  if (result == NULL)
    row->columns[4] = g_strdup (_("Not run: the script has problems"));
  else if (result->passed)
    row->columns[4] = g_strdup_printf (_("Passes: %s"), decision_label (result->decision));
  else
    row->columns[4] = g_strdup_printf (_("Fails: %s"), result->failure);
  row->passed = result && result->passed;
  return row;
}

void
_vigie_designer_window_fill_cases (VigieDesignerWindow *self)
{
  JsonArray *array = self->document ? cases_array (self) : NULL;
  guint n = array ? json_array_get_length (array) : 0;
  guint n_results = self->results ? self->results->len : 0;

  g_list_store_remove_all (self->cases_store);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *test_case = json_array_get_object_element (array, i);
      g_autoptr(VigieCaseRow) row = NULL;

      if (test_case == NULL)
        continue;
      row = case_row_new (test_case, i < n_results ? g_ptr_array_index (self->results, i) : NULL);
      g_list_store_append (self->cases_store, row);
    }
  if (self->selected_case >= 0 && (guint) self->selected_case < n)
    gtk_single_selection_set_selected (self->cases_selection, self->selected_case);
}

static void
case_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
case_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  VigieCaseRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_text (GTK_LABEL (label), row->columns[column]);
  gtk_widget_set_tooltip_text (label, row->columns[column]);
  if (column == 4)
    {
      gtk_widget_remove_css_class (label, row->passed ? "error" : "success");
      gtk_widget_add_css_class (label, row->passed ? "success" : "error");
    }
}

/* "question=answer, …" as the case's answers object. */
static JsonObject *
parse_answers (const char *text)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  JsonObject *answers = json_object_new ();

  for (guint i = 0; items[i]; i++)
    {
      char *equal = strchr (items[i], '=');

      if (equal == NULL)
        continue;
      *equal = '\0';
      g_strstrip (items[i]);
      json_object_set_string_member (answers, items[i], g_strstrip (equal + 1));
    }
  return answers;
}

/* A member of the case, or of its "expect" for "expect.NAME"; empty text
 * removes it. */
static void
set_case_field (JsonObject *test_case,
                const char *field,
                const char *text)
{
  JsonObject *object = test_case;

  if (g_str_has_prefix (field, "expect."))
    {
      if (!json_object_has_member (test_case, "expect"))
        json_object_set_object_member (test_case, "expect", json_object_new ());
      object = json_object_get_object_member (test_case, "expect");
      field += strlen ("expect.");
    }
  if (g_str_equal (field, "fired_rules"))
    json_object_set_member (object, "fired_rules", _vigie_designer_text_to_value (*text ? text : ",", VALUE_LIST));
  else if (*text == '\0')
    json_object_remove_member (object, field);
  else
    json_object_set_string_member (object, field, text);
}

static void
case_entry_apply_cb (AdwEntryRow         *row,
                     VigieDesignerWindow *self)
{
  const char *field = g_object_get_data (G_OBJECT (row), "field");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) cases = NULL;
  JsonArray *array = copy_cases (self, &cases);
  JsonObject *test_case;

  if (!has_selected_case (self, array))
    return;
  test_case = json_array_get_object_element (array, self->selected_case);
  if (g_str_equal (field, "answers"))
    json_object_set_object_member (test_case, "answers", parse_answers (text));
  else
    set_case_field (test_case, field, text);
  vigie_script_document_set_cases (self->document, cases);
}

static GtkWidget *
case_entry (VigieDesignerWindow *self,
            const char          *title,
            const char          *field,
            const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "field", (gpointer) field);
  g_signal_connect (row, "apply", G_CALLBACK (case_entry_apply_cb), self);
  g_signal_connect (row, "entry-activated", G_CALLBACK (case_entry_apply_cb), self);
  return row;
}

static void
case_switch_cb (AdwActionRow        *row,
                GParamSpec          *pspec,
                VigieDesignerWindow *self)
{
  GtkSwitch *toggle = g_object_get_data (G_OBJECT (row), "switch");
  g_autoptr(JsonNode) cases = NULL;
  JsonArray *array = copy_cases (self, &cases);

  if (self->syncing || !has_selected_case (self, array))
    return;
  json_object_set_boolean_member (json_array_get_object_element (array, self->selected_case), "vip",
                                  gtk_switch_get_active (toggle));
  vigie_script_document_set_cases (self->document, cases);
}

static GtkWidget *
vip_row (VigieDesignerWindow *self,
         JsonObject          *test_case)
{
  GtkWidget *vip = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (vip), _("The caller is a VIP"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  self->syncing = TRUE;
  gtk_switch_set_active (GTK_SWITCH (toggle), json_object_get_boolean_member_with_default (test_case, "vip", FALSE));
  self->syncing = FALSE;
  adw_action_row_add_suffix (ADW_ACTION_ROW (vip), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (vip), toggle);
  g_object_set_data (G_OBJECT (toggle), "switch", toggle);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (case_switch_cb), self);
  return vip;
}

/* A row for a string member of @object (which may be NULL). */
static GtkWidget *
case_string_entry (VigieDesignerWindow *self,
                   const char          *title,
                   const char          *field,
                   JsonObject          *object,
                   const char          *member)
{
  return case_entry (self, title, field,
                     object ? json_object_get_string_member_with_default (object, member, NULL) : NULL);
}

static void
build_case_group (VigieDesignerWindow *self,
                  JsonObject          *test_case)
{
  GtkWidget *form = _vigie_designer_group (self->case_form_box, _("Case"));
  g_autofree char *answers = answers_text (test_case);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_string_entry (self, _("Name"), "name", test_case, "name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Answers (question=answer, …)"), "answers", answers));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form), vip_row (self, test_case));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_string_entry (self, _("Contract"), "contract", test_case, "contract"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_string_entry (self, _("Operator's note"), "note", test_case, "note"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_string_entry (self, _("Time (2026-12-25T23:10+01:00)"), "at", test_case, "at"));
}

static void
build_expected_group (VigieDesignerWindow *self,
                      JsonObject          *test_case)
{
  GtkWidget *form = _vigie_designer_group (self->case_form_box, _("Expected"));
  JsonObject *expect = json_object_has_member (test_case, "expect")
                       ? json_object_get_object_member (test_case, "expect") : NULL;
  g_autofree char *rules = expect && json_object_has_member (expect, "fired_rules")
                           ? _vigie_designer_value_to_text (json_object_get_member (expect, "fired_rules")) : NULL;

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_string_entry (self, _("Decision (trigger, defer, log)"), "expect.decision",
                                                expect, "decision"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_string_entry (self, _("Outcome"), "expect.outcome", expect, "outcome"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_string_entry (self, _("Deferred until"), "expect.deferred_until",
                                                expect, "deferred_until"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form),
                             case_entry (self, _("Rules fired, in order"), "expect.fired_rules", rules));
}

void
_vigie_designer_window_build_case_form (VigieDesignerWindow *self)
{
  GtkWidget *child, *buttons;
  JsonArray *array;
  JsonObject *test_case;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->case_form_box))))
    gtk_box_remove (self->case_form_box, child);
  if (self->document == NULL)
    return;

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons), _vigie_designer_action_button (self, _("_Add Case"), "designer.add-case"));
  gtk_box_append (GTK_BOX (buttons), _vigie_designer_action_button (self, _("_Delete Case"), "designer.delete-case"));
  gtk_box_append (self->case_form_box, buttons);

  array = cases_array (self);
  if (!has_selected_case (self, array))
    return;
  test_case = json_array_get_object_element (array, self->selected_case);
  build_case_group (self, test_case);
  build_expected_group (self, test_case);
}

static void
case_selected_cb (GtkSingleSelection  *selection,
                  GParamSpec          *pspec,
                  VigieDesignerWindow *self)
{
  guint position = gtk_single_selection_get_selected (selection);

  if (self->syncing)
    return;
  self->selected_case = position == GTK_INVALID_LIST_POSITION ? -1 : (int) position;
  _vigie_designer_window_build_case_form (self);
}


static void
add_case_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonNode) cases = NULL;
  JsonArray *array = copy_cases (self, &cases);
  JsonObject *test_case = json_object_new ();
  JsonObject *expect = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M%:z");
  g_autofree char *case_name = g_strdup_printf (_("Case %u"), json_array_get_length (array) + 1);

  json_object_set_string_member (test_case, "name", case_name);
  json_object_set_object_member (test_case, "answers", json_object_new ());
  json_object_set_string_member (test_case, "at", at);
  json_object_set_string_member (expect, "decision", "trigger");
  json_object_set_object_member (test_case, "expect", expect);
  json_array_add_object_element (array, test_case);
  self->selected_case = (int) json_array_get_length (array) - 1;
  vigie_script_document_set_cases (self->document, cases);
}

static void
delete_case_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  VigieDesignerWindow *self = VIGIE_DESIGNER_WINDOW (widget);
  g_autoptr(JsonNode) cases = NULL;
  JsonArray *array = copy_cases (self, &cases);

  if (!has_selected_case (self, array))
    return;
  json_array_remove_element (array, self->selected_case);
  self->selected_case = -1;
  vigie_script_document_set_cases (self->document, cases);
}

static void
add_case_column (VigieDesignerWindow *self,
                 const char          *title,
                 guint                column,
                 gboolean             expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (case_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (case_bind_cb), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->cases_view, view_column);
  g_object_unref (view_column);
}

void
_vigie_designer_window_cases_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "designer.add-case", NULL, add_case_action);
  gtk_widget_class_install_action (widget_class, "designer.delete-case", NULL, delete_case_action);
}

void
_vigie_designer_window_cases_init (VigieDesignerWindow *self)
{
  self->cases_store = g_list_store_new (VIGIE_TYPE_CASE_ROW);
  self->cases_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->cases_store)));
  gtk_single_selection_set_autoselect (self->cases_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->cases_selection, TRUE);
  g_signal_connect (self->cases_selection, "notify::selected", G_CALLBACK (case_selected_cb), self);
  gtk_column_view_set_model (self->cases_view, GTK_SELECTION_MODEL (self->cases_selection));
  g_object_unref (self->cases_selection);
  add_case_column (self, _("Case"), 0, TRUE);
  add_case_column (self, _("Answers"), 1, TRUE);
  add_case_column (self, _("Time"), 2, FALSE);
  add_case_column (self, _("Expected"), 3, FALSE);
  add_case_column (self, _("Result"), 4, TRUE);
}
