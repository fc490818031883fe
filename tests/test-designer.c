/* test-designer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script designer under a real X server, in French: the
 * lift-maintenance client created from the app alone (new-client dialog,
 * a node and a case edited with real key presses sent through XTest,
 * Ctrl+Z / Ctrl+Shift+Z), its cases pass, it is published, and a desk
 * reading the data folder runs it on a call to its line. Screenshots of
 * the outline and graph, the node form and the cases table go to
 * build/tests/screenshots/.
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <X11/keysym.h>

#include "vigie-call.h"
#include "vigie-context.h"
#include "vigie-designer-client-dialog.h"
#include "vigie-designer-graph.h"
#include "vigie-designer-window.h"
#include "vigie-script-cases.h"
#include "vigie-script-publish.h"
#include "vigie-script-runner.h"
#include "vigie-test-gui.h"
#include "vigie-test-util.h"
#include "vigie-test-x11.h"

static char *data_dir;
static char **system_data_dirs;

/* The entry row titled @title, anywhere below @root. */
static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Clicks into the row's text, selects what it holds and types over it. */
static void
edit_row (GtkWidget  *root,
          const char *title,
          const char *text,
          gboolean    enter)
{
  GtkWidget *row = vigie_test_find_widget (root, is_row_titled, title);

  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  vigie_test_settle ();
  vigie_test_x_press (XK_a, GDK_CONTROL_MASK);
  vigie_test_x_type (text);
  if (enter)
    vigie_test_x_press (XK_Return, 0);
}

/* Focused (which scrolls it into view), then pressed with the space bar
 * as a keyboard user would. */
static void
press_button (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_grab_focus (widget));
  vigie_test_settle ();
  vigie_test_x_press (XK_space, 0);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = g_strdup_printf ("tests/screenshots/designer-%s.png", name);

  vigie_test_settle ();
  vigie_test_hide_toasts (widget);
  vigie_test_save_screenshot (widget, path);
}

static gboolean
is_button_with_tooltip (GtkWidget     *widget,
                        gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_row_with_subtitle (GtkWidget     *widget,
                      gconstpointer  part)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
         adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), part);
}

static const char *
choice_next (VigieScriptDocument *document,
             const char          *node_id,
             guint                index)
{
  JsonObject *node = vigie_script_document_lookup (document, node_id);
  JsonArray *choices = json_object_get_array_member (node, "choices");

  return json_object_get_string_member (json_array_get_object_element (choices, index), "next");
}

static guint
n_choices (VigieScriptDocument *document,
           const char          *node_id)
{
  return json_array_get_length (json_object_get_array_member (vigie_script_document_lookup (document, node_id),
                                                              "choices"));
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          (type != ADW_TYPE_WINDOW || G_OBJECT_TYPE (window) == ADW_TYPE_WINDOW))
        return window;
    }
  return NULL;
}

static void
test_lift_client (void)
{
  VigieDesignerWindow *designer = vigie_designer_window_new (NULL, data_dir);
  GtkWindow *dialog;
  VigieScriptDocument *document;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(VigieContext) desk = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *root_path = g_build_filename (data_dir, "scripts", "ascenseurs-durand.json", NULL);
  g_autofree char *cases_path = g_build_filename (data_dir, "scripts", "ascenseurs-durand.cases.json", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(GFile) cases_file = g_file_new_for_path (cases_path);
  g_autoptr(JsonNode) cases = NULL;
  g_autoptr(GPtrArray) results = NULL;
  JsonObject *node;
  VigieScript *script = NULL;
  guint failed = 99;

  /* A desk already running on the data folder: it must take the new
   * client and its published script without a restart. */
  desk = vigie_context_new (data_dir, &error);
  g_assert_no_error (error);
  vigie_context_watch (desk);

  gtk_window_set_default_size (GTK_WINDOW (designer), 1024, 600);
  gtk_window_present (GTK_WINDOW (designer));
  vigie_test_settle ();
  vigie_test_x_focus (GTK_WINDOW (designer));

  /* The client, from the app's dialog. */
  gtk_widget_activate_action (GTK_WIDGET (designer), "designer.new-client", NULL);
  vigie_test_settle ();
  dialog = find_toplevel (VIGIE_TYPE_DESIGNER_CLIENT_DIALOG);
  g_assert_nonnull (dialog);
  vigie_test_x_focus (dialog);
  edit_row (GTK_WIDGET (dialog), _("Name"), "Ascenseurs Durand", FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vigie_test_find_widget (GTK_WIDGET (dialog), is_row_titled,
                                                                   _("Identifier (lowercase, hyphens)")))),
                   ==, "ascenseurs-durand");
  edit_row (GTK_WIDGET (dialog), _("Lines, separated by commas"), "01 23 45 67 89", FALSE);
  edit_row (GTK_WIDGET (dialog), _("Greeting"), "Ascenseurs Durand, astreinte, bonjour.", FALSE);
  edit_row (GTK_WIDGET (dialog), _("On-call person"), "Paul Durand", FALSE);
  edit_row (GTK_WIDGET (dialog), _("On-call phone"), "+33 6 11 22 33 44", FALSE);
  edit_row (GTK_WIDGET (dialog), _("First question"), "Personne bloquée dans la cabine ?", FALSE);
  screenshot (GTK_WIDGET (dialog), "new-client");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "client.create", NULL);
  vigie_test_settle ();
  g_assert_null (find_toplevel (VIGIE_TYPE_DESIGNER_CLIENT_DIALOG));

  document = vigie_designer_window_get_document (designer);
  g_assert_nonnull (document);
  g_assert_cmpstr (vigie_script_document_get_id (document), ==, "ascenseurs-durand");
  node = vigie_script_document_lookup (document, "question");
  g_assert_cmpstr (json_object_get_string_member (node, "text"), ==, "Personne bloquée dans la cabine ?");
  vigie_test_x_focus (GTK_WINDOW (designer));

  /* A node edited with the keyboard: the "no" outcome becomes the lift
   * stopped with nobody inside, deferred to the next business day. */
  vigie_designer_window_select_node (designer, "consigner");
  vigie_designer_window_show_page (designer, "node");
  vigie_test_settle ();
  edit_row (GTK_WIDGET (designer), _("Nature"), "Ascenseur à l'arrêt, personne dedans", TRUE);
  node = vigie_script_document_lookup (document, "consigner");
  g_assert_cmpstr (json_object_get_string_member (node, "nature"), ==, "Ascenseur à l'arrêt, personne dedans");

  /* Ctrl+Z takes it back, Ctrl+Shift+Z puts it again (focus on the graph,
   * not in a text field with its own undo). */
  g_assert_true (gtk_widget_grab_focus (vigie_designer_window_get_graph (designer)));
  vigie_test_x_press (XK_z, GDK_CONTROL_MASK);
  node = vigie_script_document_lookup (document, "consigner");
  g_assert_false (json_object_has_member (node, "nature"));
  vigie_test_x_press (XK_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  node = vigie_script_document_lookup (document, "consigner");
  g_assert_cmpstr (json_object_get_string_member (node, "nature"), ==, "Ascenseur à l'arrêt, personne dedans");

  edit_row (GTK_WIDGET (designer), _("Deferral rule (as written)"), "next-business-day 08:00", TRUE);
  vigie_script_document_set_string (document, "consigner", "decision", "défér", NULL);
  g_assert_cmpuint (vigie_designer_window_get_n_problems (designer), >, 0);
  vigie_script_document_undo (document);
  g_assert_cmpuint (vigie_designer_window_get_n_problems (designer), ==, 0);
  /* The decision from the form's French choices. */
  {
    GtkWidget *row = vigie_test_find_widget (GTK_WIDGET (designer), is_row_titled, _("Decision"));

    g_assert_nonnull (row);
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1); /* Différer l'alerte */
    vigie_test_settle ();
  }
  node = vigie_script_document_lookup (document, "consigner");
  g_assert_cmpstr (json_object_get_string_member (node, "decision"), ==, "defer");
  g_assert_cmpstr (json_object_get_string_member (node, "defer"), ==, "next-business-day 08:00");
  node = vigie_script_document_lookup (document, "declencher");
  g_assert_cmpstr (json_object_get_string_member (node, "decision"), ==, "trigger");
  vigie_designer_window_select_node (designer, "question");
  screenshot (GTK_WIDGET (designer), "outline-graph");

  /* Not publishable without a case. */
  gtk_widget_activate_action (GTK_WIDGET (designer), "designer.publish", NULL);
  vigie_test_settle ();
  versions = vigie_script_list_versions (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 0);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* Two cases, typed. */
  vigie_designer_window_show_page (designer, "cases");
  gtk_widget_activate_action (GTK_WIDGET (designer), "designer.add-case", NULL);
  vigie_test_settle ();
  edit_row (GTK_WIDGET (designer), _("Name"), "Personne bloquée la nuit", TRUE);
  edit_row (GTK_WIDGET (designer), _("Answers (question=answer, …)"), "question=oui", TRUE);
  edit_row (GTK_WIDGET (designer), _("Time (2026-12-25T23:10+01:00)"), "2026-12-04T23:10+01:00", TRUE);
  edit_row (GTK_WIDGET (designer), _("Decision (trigger, defer, log)"), "trigger", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (designer), "designer.add-case", NULL);
  vigie_test_settle ();
  edit_row (GTK_WIDGET (designer), _("Name"), "Ascenseur à l'arrêt vendredi soir", TRUE);
  edit_row (GTK_WIDGET (designer), _("Answers (question=answer, …)"), "question=non", TRUE);
  edit_row (GTK_WIDGET (designer), _("Time (2026-12-25T23:10+01:00)"), "2026-12-04T21:00+01:00", TRUE);
  edit_row (GTK_WIDGET (designer), _("Decision (trigger, defer, log)"), "defer", TRUE);
  edit_row (GTK_WIDGET (designer), _("Deferred until"), "2026-12-07T08:00+01:00", TRUE);
  g_assert_cmpuint (vigie_designer_window_get_n_failed_cases (designer), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (vigie_script_document_get_cases (document)), "cases")), ==, 2);
  /* A wrong expectation shows as a failure in the table. */
  edit_row (GTK_WIDGET (designer), _("Decision (trigger, defer, log)"), "log", TRUE);
  g_assert_cmpuint (vigie_designer_window_get_n_failed_cases (designer), ==, 1);
  screenshot (GTK_WIDGET (designer), "cases-failing");
  edit_row (GTK_WIDGET (designer), _("Decision (trigger, defer, log)"), "defer", TRUE);
  g_assert_cmpuint (vigie_designer_window_get_n_failed_cases (designer), ==, 0);
  screenshot (GTK_WIDGET (designer), "cases");

  /* Unpublished edits: closing asks first. */
  g_assert_true (vigie_script_document_get_modified (document));
  gtk_window_close (GTK_WINDOW (designer));
  vigie_test_settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (designer)));
  g_assert_nonnull (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_window_destroy (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  vigie_test_settle ();

  /* Published from the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (designer), "designer.publish", NULL));
  vigie_test_settle ();
  g_assert_false (vigie_script_document_get_modified (document));
  versions = vigie_script_list_versions (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2); /* as created, then published */

  /* Played as the operator answers it: a real click on "Oui". */
  {
    GtkWindow *play;
    GtkWidget *yes;

    gtk_widget_activate_action (GTK_WIDGET (designer), "designer.play", NULL);
    vigie_test_settle ();
    play = find_toplevel (ADW_TYPE_WINDOW);
    g_assert_true (play != GTK_WINDOW (designer));
    vigie_test_x_focus (play);
    yes = vigie_test_find_widget (GTK_WIDGET (play), is_button_labelled, _("Yes"));
    g_assert_nonnull (yes);
    vigie_test_x_click (yes, 5, 5);
    g_assert_nonnull (vigie_test_find_widget (GTK_WIDGET (play), is_label_reading, "Personne bloquée dans la cabine ?"));
    screenshot (GTK_WIDGET (play), "play");
    gtk_window_destroy (play);
    vigie_test_settle ();
  }

  /* What CI runs passes on the published files. */
  cases = vigie_script_cases_load (cases_file, &error);
  g_assert_no_error (error);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    /* The running desk reloads the published files. */
    while (g_get_monotonic_time () < deadline &&
           (!(script = vigie_context_get_script (desk, "ascenseurs-durand", NULL)) ||
            vigie_script_lookup (script, "consigner")->decision != VIGIE_DECISION_DEFER))
      g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  }
  g_assert_nonnull (script);
  g_assert_cmpint (vigie_script_lookup (script, "consigner")->decision, ==, VIGIE_DECISION_DEFER);
  results = vigie_script_cases_run (script, cases, &failed);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (results->len, ==, 2);

  /* A call on the client's line runs the published script. */
  call = vigie_context_open_call (desk, "+33 6 98 76 54 32", "01 23 45 67 89", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  g_assert_cmpstr (vigie_script_runner_get_current (vigie_call_get_runner (call))->text, ==,
                   "Personne bloquée dans la cabine ?");

  gtk_window_destroy (GTK_WINDOW (designer));
  vigie_test_settle ();
}

/* Opening the demo and selecting from the outline or the graph shows the
 * same form; problems list in French and jump to their node. */
static void
test_demo_selection (void)
{
  VigieDesignerWindow *designer = vigie_designer_window_new (NULL, data_dir);
  g_autoptr(GError) error = NULL;
  VigieScriptDocument *document;

  gtk_window_set_default_size (GTK_WINDOW (designer), 1024, 600);
  gtk_window_present (GTK_WINDOW (designer));
  g_assert_true (vigie_designer_window_open_client (designer, "dupont-maintenance", &error));
  g_assert_no_error (error);
  vigie_test_settle ();
  document = vigie_designer_window_get_document (designer);
  vigie_test_x_focus (GTK_WINDOW (designer));

  /* A click on a node of the graph shows its form. */
  {
    GtkWidget *graph = vigie_designer_window_get_graph (designer);
    GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (graph));
    GtkAdjustment *v = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (graph));
    graphene_rect_t area;

    vigie_designer_window_select_node (designer, "fuite-active");
    vigie_test_settle ();
    g_assert_true (vigie_designer_graph_get_node_area (VIGIE_DESIGNER_GRAPH (graph), "fuite-active", &area));
    vigie_test_x_click (graph, area.origin.x - gtk_adjustment_get_value (h) + 20,
              area.origin.y - gtk_adjustment_get_value (v) + 20);
    g_assert_cmpstr (vigie_designer_graph_get_selected (VIGIE_DESIGNER_GRAPH (graph)), ==, "fuite-active");
    g_assert_nonnull (vigie_test_find_widget (GTK_WIDGET (designer), is_row_titled, _("Yes leads to")));
    vigie_designer_window_select_node (designer, "nature");
    vigie_test_settle ();
    g_assert_null (vigie_test_find_widget (GTK_WIDGET (designer), is_row_titled, _("Yes leads to")));
    vigie_designer_window_select_node (designer, "fuite-grave");
    vigie_test_settle ();
    g_assert_true (vigie_designer_graph_get_node_area (VIGIE_DESIGNER_GRAPH (graph), "fuite-active", &area));
    /* fuite-active may be out of view now: bring it back, then click. */
    gtk_adjustment_clamp_page (h, area.origin.x, area.origin.x + area.size.width);
    gtk_adjustment_clamp_page (v, area.origin.y, area.origin.y + area.size.height);
    vigie_test_settle ();
    vigie_test_x_click (graph, area.origin.x - gtk_adjustment_get_value (h) + 20,
              area.origin.y - gtk_adjustment_get_value (v) + 20);
    g_assert_nonnull (vigie_test_find_widget (GTK_WIDGET (designer), is_row_titled, _("Yes leads to")));
  }
  vigie_designer_window_select_node (designer, "fuite-grave");
  vigie_test_settle ();
  g_assert_nonnull (vigie_test_find_widget (GTK_WIDGET (designer), is_row_titled, _("Alert text")));
  screenshot (GTK_WIDGET (designer), "demo-outcome");

  /* A new kind drops the fields the old one had, in one undo step. */
  {
    GtkWidget *kind = vigie_test_find_widget (GTK_WIDGET (designer), is_row_titled, _("Kind"));
    JsonObject *node;

    g_assert_nonnull (kind);
    adw_combo_row_set_selected (ADW_COMBO_ROW (kind), 4); /* Consigne à lire */
    vigie_test_settle ();
    node = vigie_script_document_lookup (document, "fuite-grave");
    g_assert_cmpstr (json_object_get_string_member (node, "type"), ==, "info");
    g_assert_false (json_object_has_member (node, "decision"));
    g_assert_false (json_object_has_member (node, "nature"));
    g_assert_true (vigie_script_document_undo (document));
    node = vigie_script_document_lookup (document, "fuite-grave");
    g_assert_cmpstr (json_object_get_string_member (node, "type"), ==, "outcome");
    g_assert_cmpstr (json_object_get_string_member (node, "decision"), ==, "trigger");
    g_assert_cmpuint (vigie_designer_window_get_n_problems (designer), ==, 0);
  }

  /* Keyword rules, in words: a keyword typed into the first rule. */
  vigie_designer_window_show_page (designer, "rules");
  vigie_test_settle ();
  {
    GtkWidget *expander = vigie_test_find_type (GTK_WIDGET (designer), ADW_TYPE_EXPANDER_ROW);
    JsonArray *rules;
    JsonObject *when;

    g_assert_nonnull (expander);
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), _("a VIP calls")));
    /* The whole rule read out: its conditions, what it forces, the priority. */
    {
      g_autofree char *gravity = g_strdup_printf (_("gravity at least %d"), 3);
      g_autofree char *conditions = g_strdup_printf ("%s, %s", _("a VIP calls"), gravity);
      g_autofree char *when_text = g_strdup_printf (_("If %s"), conditions);
      g_autofree char *priority = g_strdup_printf (_(", priority %+d"), 1);
      g_autofree char *expected = g_strconcat (when_text, _(": trigger"), priority, NULL);

      g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), ==, expected);
    }
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    vigie_test_settle ();
    screenshot (GTK_WIDGET (designer), "rules");
    edit_row (GTK_WIDGET (designer), _("Keywords, separated by commas"), "ascenseur, cabine", TRUE);
    rules = json_object_get_array_member (vigie_script_document_get_root (document), "rules");
    when = json_object_get_object_member (json_array_get_object_element (rules, 0), "when");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (when, "keywords")), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (when, "keywords"), 1), ==, "cabine");
    g_assert_true (vigie_script_document_undo (document));
  }

  /* A new node fills the selected node's first empty link, in one undo
   * step with its creation. */
  {
    g_autofree char *yes = g_strdup (json_object_get_string_member (vigie_script_document_lookup (document, "fuite-active"),
                                                                    "yes"));
    JsonObject *node;
    const char *added;

    g_assert_true (vigie_script_document_set_member (document, "fuite-active", "no", NULL, &error));
    g_assert_no_error (error);
    vigie_designer_window_select_node (designer, "fuite-active");
    vigie_test_settle ();
    gtk_widget_activate_action (GTK_WIDGET (designer), "designer.add-outcome", NULL);
    vigie_test_settle ();
    node = vigie_script_document_lookup (document, "fuite-active");
    g_assert_cmpstr (json_object_get_string_member (node, "yes"), ==, yes);
    added = json_object_get_string_member_with_default (node, "no", NULL);
    g_assert_nonnull (added);
    g_assert_cmpstr (json_object_get_string_member (vigie_script_document_lookup (document, added), "type"), ==, "outcome");
    g_assert_true (vigie_script_document_undo (document));
    g_assert_false (json_object_has_member (vigie_script_document_lookup (document, "fuite-active"), "no"));
    g_assert_true (vigie_script_document_undo (document));
    g_assert_cmpuint (vigie_designer_window_get_n_problems (designer), ==, 0);
  }

  vigie_script_document_set_string (document, "fuite-active", "no", "nulle-part", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_designer_window_get_n_problems (designer), ==, 2); /* the link, and the node it no longer reaches */
  vigie_designer_window_show_page (designer, "problems");
  screenshot (GTK_WIDGET (designer), "problems");

  /* A click on the problem opens the node it is about. */
  {
    GtkWidget *row = vigie_test_find_widget (GTK_WIDGET (designer), is_row_with_subtitle, "fuite-active");

    g_assert_nonnull (row);
    vigie_test_x_click (row, 20, 10);
    g_assert_cmpstr (vigie_designer_graph_get_selected (VIGIE_DESIGNER_GRAPH (vigie_designer_window_get_graph (designer))),
                     ==, "fuite-active");
    g_assert_nonnull (vigie_test_find_widget (GTK_WIDGET (designer), is_row_titled, _("No leads to")));
  }
  vigie_script_document_undo (document);

  /* Choices reordered, deleted and added from the keyboard. */
  vigie_designer_window_select_node (designer, "nature");
  vigie_designer_window_show_page (designer, "node");
  vigie_test_settle ();
  {
    guint n = n_choices (document, "nature");
    g_autofree char *first = g_strdup (choice_next (document, "nature", 0));
    g_autofree char *second = g_strdup (choice_next (document, "nature", 1));

    press_button (vigie_test_find_widget (GTK_WIDGET (designer), is_button_with_tooltip, _("Move Down")));
    g_assert_cmpstr (choice_next (document, "nature", 0), ==, second);
    g_assert_cmpstr (choice_next (document, "nature", 1), ==, first);
    press_button (vigie_test_find_widget (GTK_WIDGET (designer), is_button_with_tooltip, _("Delete Choice")));
    g_assert_cmpuint (n_choices (document, "nature"), ==, n - 1);
    press_button (vigie_test_find_widget (GTK_WIDGET (designer), is_button_labelled, _("_Add Choice")));
    g_assert_cmpuint (n_choices (document, "nature"), ==, n);
    g_assert_cmpuint (vigie_designer_window_get_n_problems (designer), >, 0); /* leads nowhere yet */
    for (guint i = 0; i < 3; i++)
      vigie_script_document_undo (document);
    g_assert_cmpstr (choice_next (document, "nature", 0), ==, first);
    g_assert_cmpuint (n_choices (document, "nature"), ==, n);
  }

  /* Another client while edits are unpublished: asked first; kept, then
   * discarded. */
  {
    GtkDropDown *clients = GTK_DROP_DOWN (vigie_test_find_type (GTK_WIDGET (designer), GTK_TYPE_DROP_DOWN));
    GtkWindow *ask;

    g_assert_nonnull (clients);
    g_assert_false (vigie_script_document_get_modified (document)); /* every edit undone */
    vigie_script_document_set_string (document, "nature", "text", "Quel problème ?", NULL);
    gtk_drop_down_set_selected (clients, 1); /* Hébergix */
    vigie_test_settle ();
    ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (ask);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
    vigie_test_settle ();
    g_assert_true (vigie_designer_window_get_document (designer) == document);
    g_assert_cmpuint (gtk_drop_down_get_selected (clients), ==, 0);
    gtk_drop_down_set_selected (clients, 1);
    vigie_test_settle ();
    ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (ask);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "discard");
    vigie_test_settle ();
    g_assert_cmpstr (vigie_script_document_get_id (vigie_designer_window_get_document (designer)), ==, "hebergix");
  }
  gtk_window_destroy (GTK_WINDOW (designer));
  vigie_test_settle ();
}

static void
test_no_display (void)
{
  g_test_skip ("No X11 display: run under Xvfb (make check)");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("VIGIE_LOCALEDIR");
  g_autofree char *tmp = g_dir_make_tmp ("vigie-designer-XXXXXX", NULL);
  GdkDisplay *display;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  system_data_dirs = g_strdupv ((char **) g_get_system_data_dirs ());
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (vigie_test_log_writer, NULL, NULL);

  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (display = gdk_display_get_default ()))
    {
      g_test_add_func ("/designer/no-display", test_no_display);
      return g_test_run ();
    }
  g_assert_true (vigie_test_x_init ());
  adw_init ();
  gtk_icon_theme_get_for_display (display);

  data_dir = g_build_filename (tmp, "data", NULL);
  g_assert_true (vigie_context_install_demo (data_dir, NULL, NULL));

  g_test_add_func ("/designer/lift-client", test_lift_client);
  g_test_add_func ("/designer/demo-selection", test_demo_selection);
  return g_test_run ();
}
