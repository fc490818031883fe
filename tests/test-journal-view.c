/* test-journal-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal page under Xvfb, in French at 1024x600: it lists the newest
 * calls a page at a time, Ctrl+F (a real key press, XTest) focuses the
 * search, typed words find callers with their accents folded, the filters
 * answer "VIP calls not acknowledged within 15 minutes", Enter opens a call
 * as its timeline, and the export writes what the page lists. Screenshots
 * go to build/screenshots/.
 */
#include "config.h"

#include <X11/keysym.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "journal-sample.h"
#include "vigie-journal-view.h"
#include "vigie-test-gui.h"
#include "vigie-test-journal.h"
#include "vigie-test-util.h"
#include "vigie-test-x11.h"

/* Labels, and the list's cells (GtkInscriptions). */
static gboolean
label_contains (GtkWidget     *widget,
                gconstpointer  text)
{
  const char *shown = GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) :
                      GTK_IS_INSCRIPTION (widget) ? gtk_inscription_get_text (GTK_INSCRIPTION (widget)) : NULL;

  return shown && gtk_widget_get_mapped (widget) && strstr (shown, text);
}

static gboolean
find_text (GtkWidget  *widget,
           const char *text)
{
  return vigie_test_find_widget (widget, label_contains, text) != NULL;
}

/* The sample's five calls, then 300 more of one client, so the list has
 * more than a page. */
static void
write_journal (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = vigie_journal_open (path, &error);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-11-10T08:00:00Z", NULL);
  VigieTestClock clock = { g_date_time_to_unix (start) * G_USEC_PER_SEC };

  g_assert_no_error (error);
  journal_sample_write (journal);
  vigie_journal_set_clock (journal, vigie_test_clock_now, &clock);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("bulk-%03u", i);
      g_autofree char *received = g_strdup_printf ("{\"from\":\"+3361000%04u\",\"client_id\":\"hlm-atlantique\","
                                                   "\"client_name\":\"HLM Atlantique\",\"operator\":\"Élodie\"}", i);
      g_autoptr(JsonNode) a = json_from_string (received, NULL);
      g_autoptr(JsonNode) b = json_from_string ("{\"known\":true,\"name\":\"Locataire\"}", NULL);
      g_autoptr(JsonNode) c = json_from_string ("{\"recommended\":\"log\",\"decision\":\"log\",\"gravity\":1,"
                                                "\"note\":\"Bruit de voisinage\"}", NULL);
      VigieJournalEntry entries[] = { { id, "call-received", a }, { id, "caller-identified", b }, { id, "decision", c } };

      clock.now += 600 * G_USEC_PER_SEC;
      g_assert_true (vigie_journal_append_many (journal, entries, G_N_ELEMENTS (entries), NULL, NULL, &error));
    }
}

static void
wait_count (VigieJournalView *view,
            GtkWidget        *window)
{
  /* The count comes from a worker thread. */
  for (guint i = 0; i < 100 && find_text (window, _("Counting…")); i++)
    vigie_test_settle ();
}

static void
test_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigie-journal-view-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  g_autofree char *export_path = g_build_filename (dir, "export.csv", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autofree char *exported = NULL;
  VigieJournalView *view;
  GtkWidget *window, *search, *column_view;
  GListModel *model;

  write_journal (path);
  journal = vigie_journal_open (path, &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  view = g_object_new (VIGIE_TYPE_JOURNAL_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  vigie_journal_view_set_journal (view, journal);

  /* Nothing is read before the page is shown. */
  model = vigie_journal_view_get_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  gtk_window_present (GTK_WINDOW (window));
  vigie_test_x_focus (GTK_WINDOW (window));
  wait_count (view, window);

  /* Pages, not the whole journal; the count is of all of them. */
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 50);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, 305);
  g_assert_true (find_text (window, "305 appels"));
  g_assert_true (find_text (window, "HLM Atlantique"));
  g_assert_true (find_text (window, "événements, chaîne intacte"));
  vigie_test_save_screenshot (GTK_WIDGET (view), "screenshots/journal-page-fr.png");

  /* The cells are drawn by GtkInscriptions: still labels to assistive
   * technologies, carrying the row's text. */
  {
    GtkWidget *cell = vigie_test_find_widget (window, label_contains, "HLM Atlantique");

    g_assert_true (GTK_IS_INSCRIPTION (cell));
    g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (cell)), ==, GTK_ACCESSIBLE_ROLE_LABEL);
  }

  /* Scrolling to the end of the page loads the next one. */
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (vigie_test_find_type (window, GTK_TYPE_COLUMN_VIEW),
                                                                                GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    for (guint i = 0; i < 20 && g_list_model_get_n_items (model) < 305; i++)
      {
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
        vigie_test_settle ();
      }
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 305);
  }

  /* Ctrl+F from the list, then words typed without accents. */
  column_view = vigie_test_find_type (window, GTK_TYPE_COLUMN_VIEW);
  gtk_widget_grab_focus (column_view);
  vigie_test_settle ();
  search = vigie_test_find_type (window, GTK_TYPE_SEARCH_ENTRY);
  g_assert_false (gtk_widget_has_focus (gtk_widget_get_first_child (search)) || gtk_widget_has_focus (search));
  vigie_test_x_press (XK_f, GDK_CONTROL_MASK);
  g_assert_true (gtk_widget_is_focus (search) || gtk_widget_has_focus (gtk_widget_get_focus_child (search)) ||
                 gtk_window_get_focus (GTK_WINDOW (window)) == gtk_widget_get_focus_child (search) ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), search));
  vigie_test_x_type ("helene");
  for (guint i = 0; i < 20 && g_list_model_get_n_items (model) != 2; i++)
    vigie_test_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  wait_count (view, window);
  g_assert_true (find_text (window, "Hélène FAURE · VIP"));
  vigie_test_save_screenshot (GTK_WIDGET (view), "screenshots/journal-search-fr.png");

  /* The question: VIP, not acknowledged within 15 minutes. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  {
    GtkCheckButton *vip = GTK_CHECK_BUTTON (vigie_test_find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (vigie_test_find_type (window, GTK_TYPE_MENU_BUTTON)))),
                                                       GTK_TYPE_CHECK_BUTTON));
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (vigie_test_find_type (window, GTK_TYPE_MENU_BUTTON))));
    GtkSpinButton *acked = NULL;
    guint spins = 0;

    /* The second check is "VIP callers only", the last spin button the
     * acknowledgement delay. */
    for (GtkWidget *w = gtk_widget_get_first_child (vigie_test_find_type (popover, GTK_TYPE_GRID)); w; w = gtk_widget_get_next_sibling (w))
      {
        if (GTK_IS_CHECK_BUTTON (w))
          vip = GTK_CHECK_BUTTON (w);
        if (GTK_IS_SPIN_BUTTON (w))
          {
            acked = GTK_SPIN_BUTTON (w);
            spins++;
          }
      }
    g_assert_cmpuint (spins, ==, 3);
    gtk_menu_button_popup (GTK_MENU_BUTTON (vigie_test_find_type (window, GTK_TYPE_MENU_BUTTON)));
    gtk_check_button_set_active (vip, TRUE);
    gtk_spin_button_set_value (acked, 15);
    gtk_test_widget_wait_for_draw (popover);
    vigie_test_settle ();
    g_assert_true (gtk_widget_get_mapped (popover));
    vigie_test_save_screenshot (popover, "screenshots/journal-filters-fr.png");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (vigie_test_find_type (window, GTK_TYPE_MENU_BUTTON)));
  }
  for (guint i = 0; i < 20 && g_list_model_get_n_items (model) != 2; i++)
    vigie_test_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  wait_count (view, window);
  vigie_test_save_screenshot (GTK_WIDGET (view), "screenshots/journal-vip-not-acked-fr.png");

  /* Exported as the page lists them, ";" between fields. */
  g_assert_true (vigie_journal_view_export (view, export_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (export_path, &exported, NULL, NULL));
  g_assert_true (g_str_has_prefix (exported, "call_id;received_at;"));
  g_assert_nonnull (strstr (exported, "\r\ncall-b;"));
  g_assert_nonnull (strstr (exported, "\r\ncall-a;"));
  g_assert_null (strstr (exported, "call-e"));

  /* Enter on the first row (newest: call-b) opens its timeline. */
  gtk_widget_grab_focus (column_view);
  vigie_test_settle ();
  vigie_test_x_press (XK_Return, 0);
  for (guint i = 0; i < 20 && !find_text (window, "Personne âgée seule"); i++)
    vigie_test_settle ();
  g_assert_true (find_text (window, "Karim"));                       /* operator */
  g_assert_true (find_text (window, "nuit-v3"));                     /* script version */
  g_assert_true (find_text (window, "Personne âgée seule"));         /* override reason */
  g_assert_true (find_text (window, "503"));                         /* the server's answer */
  g_assert_true (find_text (window, "Service Unavailable"));
  g_assert_true (find_text (window, "Non acquitté"));
  vigie_test_save_screenshot (GTK_WIDGET (view), "screenshots/journal-timeline-fr.png");

  /* Escape goes back to the list. */
  vigie_test_x_press (XK_Escape, 0);
  g_assert_true (find_text (window, "Hélène FAURE · VIP"));

  /* Call A: acknowledgement by whom, escalation steps. */
  g_assert_true (vigie_journal_view_show_call (view, "call-a"));
  vigie_test_settle ();
  g_assert_true (find_text (window, "Marc à"));
  g_assert_true (find_text (window, "Palier 2"));
  vigie_test_save_screenshot (GTK_WIDGET (view), "screenshots/journal-timeline-ack-fr.png");

  /* Indicators of one client, all dates: the hand-computed figures of
   * journal-sample.c (see test-journal-cli's /journal-cli/stats). */
  vigie_test_x_press (XK_Escape, 0);
  {
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (vigie_test_find_type (window, GTK_TYPE_MENU_BUTTON))));
    GtkDropDown *client = NULL;
    VigieJournalStatsView *stats = vigie_journal_view_get_stats_view (view);
    GtkWidget *toggle = NULL;
    const char *summary;
    guint dropdowns = 0;

    for (GtkWidget *w = gtk_widget_get_first_child (vigie_test_find_type (popover, GTK_TYPE_GRID)); w; w = gtk_widget_get_next_sibling (w))
      {
        if (GTK_IS_CHECK_BUTTON (w))
          gtk_check_button_set_active (GTK_CHECK_BUTTON (w), FALSE);
        if (GTK_IS_SPIN_BUTTON (w))
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), 0);
      }
    /* Search, period, client: the third drop-down of the bar. */
    for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (search)); w; w = gtk_widget_get_next_sibling (w))
      {
        if (GTK_IS_DROP_DOWN (w) && ++dropdowns == 2)
          client = GTK_DROP_DOWN (w);
        if (GTK_IS_TOGGLE_BUTTON (w) && !GTK_IS_MENU_BUTTON (w))
          toggle = w;
      }
    g_assert_nonnull (client);
    g_assert_nonnull (toggle);
    g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (g_list_model_get_item (gtk_drop_down_get_model (client), 1))),
                     ==, "Dupont Maintenance");
    gtk_drop_down_set_selected (client, 1);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
    for (guint i = 0; i < 100 && !(vigie_journal_stats_view_get_summary (stats) &&
                                   strstr (vigie_journal_stats_view_get_summary (stats), "4 appels")); i++)
      vigie_test_settle ();
    summary = vigie_journal_stats_view_get_summary (stats);
    g_test_message ("%s", summary);
    g_assert_nonnull (strstr (summary, "4 appels : 3 déclenchés, 0 différés, 0 consignés, 1 sans décision, 2 VIP"));
    g_assert_nonnull (strstr (summary, "médiane 2 min 00 s, 90e centile 5 min 00 s"));
    g_assert_nonnull (strstr (summary, "médiane 30 s, 90e centile 1 min 40 s"));
    g_assert_nonnull (strstr (summary, "médiane 8 min 30 s, 90e centile 18 min 00 s ; jamais acquittés : 1"));
    g_assert_nonnull (strstr (summary, "Dérogations : 25,0 %, escaladés au-delà du premier palier : 1, "
                                       "appels non décrochés : 1, appelants récurrents : 1, fausses alertes : 1"));
    vigie_test_save_screenshot (GTK_WIDGET (view), "screenshots/journal-indicators-fr.png");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_bind_gettext ();
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's MIME database
   * to load its SVG icons; the journal goes to a folder of its own. */
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check () || !vigie_test_x_init ())
    {
      vigie_test_add_no_display ("/journal-view/page");
      return g_test_run ();
    }
  vigie_test_adw_init ();

  g_test_add_func ("/journal-view/page", test_page);

  return g_test_run ();
}
