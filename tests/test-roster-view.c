/* test-roster-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The roster widgets on a real X server: the Rosters page follows a swap
 * made in real time, the desk shows who is on call for the call's client,
 * and a phone step of a cascade raises the banner, whose "Reached" stops
 * the cascade. A screenshot of the page is saved in the build tree.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigie-roster-banner.h"
#include "vigie-roster-oncall.h"
#include "vigie-roster-view.h"
#include "vigie-test-gui.h"
#include "vigie-test-roster.h"
#include "vigie-test-util.h"
#include "vigie-window.h"

/* The isolated XDG folders hide the system MIME database, which GTK
 * needs to load SVG icons; GLib wants it set again in each test. */
static void
use_system_mime (void)
{
  g_content_type_set_mime_dirs ((const char * const []) { "/usr/share/mime", NULL });
}

static VigieContext *
new_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  VigieContext *context;

  use_system_mime ();
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  dir = vigie_test_make_data_dir (NULL);
  context = vigie_context_new (dir, &error);
  g_assert_no_error (error);
  return context;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type,
             const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (title == NULL || g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, title);
      if (found)
        return found;
    }
  return NULL;
}

static void
wait_for_draw (GtkWidget *widget)
{
  /* A few frames: the page lays out its rows after the first one. */
  for (int i = 0; i < 3; i++)
    {
      gtk_test_widget_wait_for_draw (widget);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
test_roster_page (void)
{
  g_autoptr(VigieContext) context = new_context ();
  g_autoptr(GDateTime) now = vigie_test_at ("2026-12-11T20:00:00");
  g_autoptr(GError) error = NULL;
  VigieRosterStore *store = vigie_context_get_roster_store (context);
  GtkWidget *window = gtk_window_new ();
  VigieRosterView *view = g_object_new (VIGIE_TYPE_ROSTER_VIEW, NULL);
  GtkWidget *start, *end, *reason;
  VigieRoster *roster;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 1500);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  vigie_roster_view_set_context (view, context);
  vigie_roster_view_set_now (view, now);
  g_assert_true (vigie_roster_view_select_client (view, "dupont-maintenance"));
  g_assert_false (vigie_roster_view_select_client (view, "boulangerie"));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_draw (GTK_WIDGET (view));

  /* Friday night: the demo swap puts Karim on call; its late notice shows. */
  g_assert_true (g_str_has_prefix (vigie_roster_view_get_now_text (view), "Karim Haddad"));
  g_assert_cmpuint (vigie_roster_view_get_warning_count (view), >=, 1);
  vigie_test_save_screenshot (GTK_WIDGET (view), "roster-page.png");

  /* The operator swaps in Nathalie now, from the page: applied at once. */
  start = find_widget (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "From (YYYY-MM-DD HH:MM)");
  end = find_widget (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "To (YYYY-MM-DD HH:MM)");
  reason = find_widget (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "Reason");
  g_assert_nonnull (start);
  g_assert_nonnull (end);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (GTK_WIDGET (view), ADW_TYPE_COMBO_ROW, NULL)), 3);
  gtk_editable_set_text (GTK_EDITABLE (start), "2026-12-11 19:30");
  gtk_editable_set_text (GTK_EDITABLE (end), "2026-12-12 02:00");
  gtk_editable_set_text (GTK_EDITABLE (reason), "Karim bloqué sur un chantier");
  gtk_widget_activate_action (GTK_WIDGET (view), "roster.add-override", NULL);
  g_assert_true (g_str_has_prefix (vigie_roster_view_get_now_text (view), "Nathalie Petit"));
  roster = vigie_roster_store_get (store, "dupont-maintenance");
  g_assert_cmpuint (vigie_roster_get_overrides (roster)->len, ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (start)), ==, "");

  /* A bad date is refused with the entry marked, and nothing changes. */
  gtk_editable_set_text (GTK_EDITABLE (start), "vendredi soir");
  gtk_editable_set_text (GTK_EDITABLE (end), "2026-12-12 02:00");
  gtk_widget_activate_action (GTK_WIDGET (view), "roster.add-override", NULL);
  g_assert_true (gtk_widget_has_css_class (start, "error"));
  g_assert_cmpuint (vigie_roster_get_overrides (vigie_roster_store_get (store, "dupont-maintenance"))->len, ==, 2);

  /* A change made elsewhere (the command line, another desk) shows too. */
  g_assert_true (vigie_roster_store_remove_override (store, "dupont-maintenance", "dupont-2026-12-11", "cli", &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vigie_roster_view_get_now_text (view), "Nathalie Petit"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_desk_oncall (void)
{
  g_autoptr(VigieContext) context = new_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(GDateTime) night = vigie_test_at ("2026-12-24T23:30:00");
  VigieWindow *window;
  GtkWidget *oncall;

  window = vigie_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  call = vigie_context_open_call (context, "+33 6 12 34 56 78", "0800 100 200", NULL, &error);
  g_assert_no_error (error);
  vigie_window_add_call (window, call);
  wait_for_draw (GTK_WIDGET (window));

  oncall = find_widget (vigie_window_get_call_view (window, vigie_call_get_id (call)), VIGIE_TYPE_ROSTER_ONCALL, NULL);
  g_assert_nonnull (oncall);
  /* Found its call's client and the rosters by itself. */
  g_assert_true (gtk_widget_get_visible (oncall));
  g_assert_true (strlen (vigie_roster_oncall_get_now_text (VIGIE_ROSTER_ONCALL (oncall))) > 0);

  vigie_roster_oncall_show (VIGIE_ROSTER_ONCALL (oncall), vigie_context_get_roster_store (context),
                            "dupont-maintenance", night);
  g_assert_cmpstr (vigie_roster_oncall_get_now_text (VIGIE_ROSTER_ONCALL (oncall)), ==,
                   "Karim Haddad · +33634679023, until Mon 28/12 08:00");
  wait_for_draw (GTK_WIDGET (window));
  vigie_test_save_screenshot (vigie_window_get_call_view (window, vigie_call_get_id (call)), "desk-oncall.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_banner (void)
{
  g_autoptr(VigieContext) context = new_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t0 = vigie_test_at ("2026-12-09T02:10:00");
  g_autoptr(GDateTime) t1 = vigie_test_at ("2026-12-09T02:20:00");
  g_autoptr(GDateTime) t2 = vigie_test_at ("2026-12-09T02:30:00");
  g_autoptr(VigieEscalationInfo) info = NULL;
  VigieEscalation *escalation = vigie_context_get_escalation (context);
  VigieRoster *roster = vigie_roster_store_get (vigie_context_get_roster_store (context), "dupont-maintenance");
  GtkWidget *window = gtk_window_new ();
  VigieRosterBanner *banner = g_object_new (VIGIE_TYPE_ROSTER_BANNER, NULL);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (banner));
  vigie_roster_banner_set_escalation (banner, escalation);
  gtk_window_present (GTK_WINDOW (window));

  /* No sink: the steps are only counted; the third one needs a phone call. */
  g_assert_true (vigie_escalation_start (escalation, "alert-1", roster, NULL, VIGIE_ESCALATION_START_NONE, t0, &error));
  g_assert_cmpuint (vigie_escalation_run_due (escalation, t0, &error), ==, 1);
  g_assert_cmpuint (vigie_escalation_run_due (escalation, t1, &error), ==, 1);
  g_assert_cmpuint (vigie_roster_banner_get_pending (banner), ==, 0);
  g_assert_cmpuint (vigie_escalation_run_due (escalation, t2, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (vigie_roster_banner_get_pending (banner), ==, 1);
  g_assert_nonnull (strstr (vigie_roster_banner_get_text (banner), "Nathalie Petit"));
  g_assert_nonnull (strstr (vigie_roster_banner_get_text (banner), "+33645780134"));
  wait_for_draw (GTK_WIDGET (banner));

  /* "Reached": the cascade stops. */
  gtk_widget_activate_action (GTK_WIDGET (banner), "banner.reached", NULL);
  g_assert_cmpuint (vigie_roster_banner_get_pending (banner), ==, 0);
  info = vigie_escalation_get_info (escalation, "alert-1", &error);
  g_assert_cmpint (info->state, ==, VIGIE_ESCALATION_ACKNOWLEDGED);
  g_assert_cmpstr (info->acknowledged_by, ==, "nathalie-petit");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!gtk_init_check ())
    {
      vigie_test_add_no_display ("/roster-view/page");
      return g_test_run ();
    }
  vigie_test_adw_init ();

  g_test_add_func ("/roster-view/page", test_roster_page);
  g_test_add_func ("/roster-view/desk-oncall", test_desk_oncall);
  g_test_add_func ("/roster-view/banner", test_banner);

  return g_test_run ();
}
