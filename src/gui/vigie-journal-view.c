/* vigie-journal-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The supervisors' page: the calls of the journal in a column view over a
 * model that loads a page at a time, filters and full-text search turned
 * into one query, and a call opened as its timeline. Nothing is read until
 * the page is shown, and the journal's check runs in a worker thread.
 */
#define G_LOG_DOMAIN "vigie-journal-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-model.h"
#include "vigie-journal-stats-view.h"
#include "vigie-journal-timeline.h"
#include "vigie-journal-view.h"

typedef enum {
  COLUMN_TIME,
  COLUMN_CLIENT,
  COLUMN_CALLER,
  COLUMN_OPERATOR,
  COLUMN_DECISION,
  COLUMN_GRAVITY,
  COLUMN_ALERT,
  N_COLUMNS
} Column;

struct _VigieJournalView
{
  AdwBin             parent_instance;

  VigieJournal      *journal;
  VigieJournalModel *model;
  guint              reload_id;
  guint              filter_id;
  gboolean           stale;
  gboolean           choices_loaded;
  GPtrArray         *client_ids;      /* by client_dropdown position; [0] NULL */
  GPtrArray         *operators;       /* by operator_dropdown position; [0] NULL */
  GCancellable      *count_cancellable;
  char              *timeline_call;

  /* Sorting: GTK 4.8 does not say which column the view sorts by, so each
   * column's sorter answers a probe (see sorter_changed_cb). */
  GtkColumnViewColumn *columns[N_COLUMNS];
  int                  probed;
  VigieJournalSort     sort;
  gboolean             ascending;

  /* Verification runs in a thread: in full once, then from where the
   * last check ended. */
  GCancellable      *check_cancellable;
  gboolean           checking;
  gboolean           check_again;
  gint64             checked_seq;
  char              *checked_hash;
  gint64             checked_events;
  gboolean           damaged;

  GtkStack          *pages;
  GtkStack          *stack;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *period_dropdown;
  GtkDropDown       *client_dropdown;
  GtkDropDown       *decision_dropdown;
  GtkDropDown       *operator_dropdown;
  GtkSpinButton     *gravity_spin;
  GtkSpinButton     *delivered_spin;
  GtkSpinButton     *acked_spin;
  GtkCheckButton    *overridden_check;
  GtkCheckButton    *vip_check;
  GtkToggleButton   *stats_toggle;
  VigieJournalStatsView *stats_view;
  GCancellable      *stats_cancellable;
  GtkLabel          *count_label;
  GtkLabel          *integrity_label;
  GtkColumnView     *column_view;
  GtkLabel          *timeline_title;
  GtkBox            *timeline_box;
};

G_DEFINE_FINAL_TYPE (VigieJournalView, vigie_journal_view, ADW_TYPE_BIN)

static const VigieJournalSort column_sort[N_COLUMNS] = {
  VIGIE_JOURNAL_SORT_TIME, VIGIE_JOURNAL_SORT_CLIENT, VIGIE_JOURNAL_SORT_CALLER,
  VIGIE_JOURNAL_SORT_OPERATOR, VIGIE_JOURNAL_SORT_DECISION, VIGIE_JOURNAL_SORT_GRAVITY,
  VIGIE_JOURNAL_SORT_ALERT,
};

/* Each column's width in characters (natural, then minimum): the cells are
 * GtkInscriptions, whose size never depends on their text, so binding a
 * row while scrolling redraws it without measuring the column again. */
static const struct {
  guint nat_chars;
  guint min_chars;
} column_chars[N_COLUMNS] = {
  [COLUMN_TIME] = { 14, 14 },
  [COLUMN_CLIENT] = { 17, 14 },
  [COLUMN_CALLER] = { 18, 14 },
  [COLUMN_OPERATOR] = { 9, 6 },
  [COLUMN_DECISION] = { 28, 20 },
  [COLUMN_GRAVITY] = { 2, 2 },
  [COLUMN_ALERT] = { 16, 6 },
};

static const char *
alert_text (const VigieJournalCall *call,
            char                  **owned)
{
  if (call->acked_at != NULL)
    return call->acked_by ? (*owned = g_strdup_printf (_("Acknowledged by %s"), call->acked_by))
                          : _("Acknowledged");
  if (g_strcmp0 (call->alert_status, "delivered") == 0)
    return _("Delivered");
  if (g_strcmp0 (call->alert_status, "failed") == 0)
    return _("NOT delivered");
  if (g_strcmp0 (call->decision, "trigger") == 0 || g_strcmp0 (call->decision, "defer") == 0)
    return _("Pending");
  return "";
}

/* The cell's text; *@owned is set when it had to be built. */
static const char *
cell_text (const VigieJournalCall  *call,
           Column                   column,
           char                   **owned)
{
  switch (column)
    {
    case COLUMN_TIME:
      return *owned = vigie_journal_format_time (call->received_at, "%d/%m/%Y %H:%M");
    case COLUMN_CLIENT:
      return call->client_name ? call->client_name : call->client_id;
    case COLUMN_CALLER:
      {
        const char *name = call->caller_name ? call->caller_name : _("Unknown caller");
        return call->vip ? (*owned = g_strdup_printf ("%s · VIP", name)) : name;
      }
    case COLUMN_OPERATOR:
      return call->operator_name;
    case COLUMN_DECISION:
      return call->overridden ? (*owned = g_strdup_printf (_("%s (override)"), vigie_journal_decision_text (call->decision)))
                              : vigie_journal_decision_text (call->decision);
    case COLUMN_GRAVITY:
      return call->gravity > 0 ? (*owned = g_strdup_printf ("%d", call->gravity)) : "";
    case COLUMN_ALERT:
      return alert_text (call, owned);
    case N_COLUMNS:
    default:
      return NULL;
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkInscription *cell = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_xalign (cell, 0);
  gtk_inscription_set_text_overflow (cell, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (cell, column_chars[column].nat_chars);
  gtk_inscription_set_min_chars (cell, column_chars[column].min_chars);
  gtk_list_item_set_child (item, GTK_WIDGET (cell));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const VigieJournalCall *call = vigie_journal_item_get_call (gtk_list_item_get_item (item));
  GtkWidget *cell = gtk_list_item_get_child (item);
  g_autofree char *owned = NULL;
  gboolean failed;

  /* No call: a row the journal no longer returns where it did, empty. */
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), call ? cell_text (call, column, &owned) : NULL);
  /* A style change restyles the cell: only when it differs. */
  failed = column == COLUMN_ALERT && call && g_strcmp0 (call->alert_status, "failed") == 0 && call->acked_at == NULL;
  if (failed != gtk_widget_has_css_class (cell, "error"))
    {
      if (failed)
        gtk_widget_add_css_class (cell, "error");
      else
        gtk_widget_remove_css_class (cell, "error");
    }
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GtkColumnViewColumn *column = user_data;
  VigieJournalView *self = g_object_get_data (G_OBJECT (column), "view");

  if (self->probed < 0)
    for (int i = 0; i < N_COLUMNS; i++)
      if (self->columns[i] == column)
        self->probed = i;
  return GTK_ORDERING_LARGER;
}

static void apply_filter (VigieJournalView *self);

/* Asks the view's sorter to compare two rows: the first column sorter it
 * consults is the primary one, and the sign says the direction. */
static void
sorter_changed_cb (VigieJournalView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GObject) a = g_object_new (VIGIE_TYPE_JOURNAL_ITEM, NULL);
  g_autoptr(GObject) b = g_object_new (VIGIE_TYPE_JOURNAL_ITEM, NULL);
  GtkOrdering order;

  self->probed = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (self->probed < 0)
    {
      self->sort = VIGIE_JOURNAL_SORT_TIME;
      self->ascending = FALSE;
    }
  else
    {
      self->sort = column_sort[self->probed];
      self->ascending = order == GTK_ORDERING_LARGER;
    }
  apply_filter (self);
}

static void
add_column (VigieJournalView *self,
            Column            column,
            const char       *title,
            gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GtkSorter *sorter;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);

  view_column = gtk_column_view_column_new (title, factory);
  g_object_set_data (G_OBJECT (view_column), "view", self);
  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, view_column, NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;
  g_object_unref (view_column);
}

static char *
utc_text (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
period_bounds (guint   period,
               char  **from,
               char  **to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) start = NULL;

  *from = *to = NULL;
  switch (period)
    {
    case 1: start = g_date_time_add_days (now, -1); break;
    case 2: start = g_date_time_add_days (now, -7); break;
    case 3: start = g_date_time_add_days (now, -30); break;
    case 4: start = g_date_time_ref (month); break;
    case 5:
      start = g_date_time_add_months (month, -1);
      *to = utc_text (month);
      break;
    default: return;
    }
  *from = utc_text (start);
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = vigie_journal_count_calls_finish (VIGIE_JOURNAL (object), result, &error);
  VigieJournalView *self;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (n < 0)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (ngettext ("%lld call", "%lld calls", (gulong) n), (long long) n);
  gtk_label_set_label (self->count_label, text);
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree VigieJournalStats *stats = vigie_journal_compute_stats_finish (VIGIE_JOURNAL (object), result, &error);
  VigieJournalView *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (stats == NULL)
    gtk_label_set_label (self->count_label, error->message);
  vigie_journal_stats_view_set_stats (self->stats_view, stats);
}

static void
apply_filter (VigieJournalView *self)
{
  VigieJournalFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint client = gtk_drop_down_get_selected (self->client_dropdown);
  guint op = gtk_drop_down_get_selected (self->operator_dropdown);
  static const char * const decisions[] = { NULL, "trigger", "defer", "log", "none" };
  guint decision = gtk_drop_down_get_selected (self->decision_dropdown);

  g_clear_handle_id (&self->filter_id, g_source_remove);
  if (self->model == NULL)
    return;

  period_bounds (gtk_drop_down_get_selected (self->period_dropdown), &filter.from, &filter.to);
  if (self->client_ids && client != GTK_INVALID_LIST_POSITION && client < self->client_ids->len)
    filter.client_id = g_strdup (g_ptr_array_index (self->client_ids, client));
  if (self->operators && op != GTK_INVALID_LIST_POSITION && op < self->operators->len)
    filter.operator_name = g_strdup (g_ptr_array_index (self->operators, op));
  if (decision < G_N_ELEMENTS (decisions))
    filter.decision = g_strdup (decisions[decision]);
  filter.min_gravity = gtk_spin_button_get_value_as_int (self->gravity_spin);
  filter.not_delivered_within = gtk_spin_button_get_value_as_int (self->delivered_spin);
  filter.not_acked_within = gtk_spin_button_get_value_as_int (self->acked_spin);
  filter.overridden = gtk_check_button_get_active (self->overridden_check);
  filter.vip = gtk_check_button_get_active (self->vip_check);
  filter.search = *search ? g_strdup (search) : NULL;
  filter.sort = self->sort;
  filter.ascending = self->ascending;

  if (!vigie_journal_model_set_filter (self->model, &filter, &error))
    gtk_label_set_label (self->count_label, error->message);
  gtk_stack_set_visible_child_name (self->stack,
                                    gtk_toggle_button_get_active (self->stats_toggle) ? "stats" :
                                    g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0 ? "list" : "empty");

  /* The indicators of the same calls, counted in a worker thread. */
  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  if (gtk_toggle_button_get_active (self->stats_toggle))
    {
      self->stats_cancellable = g_cancellable_new ();
      vigie_journal_compute_stats_async (self->journal, &filter, self->stats_cancellable, stats_cb, self);
    }

  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  if (vigie_journal_model_get_complete (self->model))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
      g_autofree char *text = g_strdup_printf (ngettext ("%u call", "%u calls", n), n);
      gtk_label_set_label (self->count_label, text);
    }
  else
    {
      self->count_cancellable = g_cancellable_new ();
      gtk_label_set_label (self->count_label, _("Counting…"));
      vigie_journal_count_calls_async (self->journal, &filter, self->count_cancellable, count_cb, self);
    }
  vigie_journal_filter_clear (&filter);
}

static gboolean
filter_timeout_cb (gpointer user_data)
{
  VigieJournalView *self = user_data;

  self->filter_id = 0;
  apply_filter (self);
  return G_SOURCE_REMOVE;
}

static void
filter_changed_cb (VigieJournalView *self)
{
  /* Typing goes through search-changed's own delay; the rest settles in
   * one idle so several changes make one query. */
  if (self->filter_id == 0 && self->model != NULL)
    self->filter_id = g_idle_add (filter_timeout_cb, self);
}

static void
load_choices (VigieJournalView *self)
{
  g_autoptr(GPtrArray) clients = NULL;
  g_auto(GStrv) operators = NULL;
  g_autoptr(GtkStringList) client_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) operator_names = gtk_string_list_new (NULL);

  if (self->choices_loaded || self->journal == NULL)
    return;
  self->choices_loaded = TRUE;

  g_clear_pointer (&self->client_ids, g_ptr_array_unref);
  g_clear_pointer (&self->operators, g_ptr_array_unref);
  self->client_ids = g_ptr_array_new_with_free_func (g_free);
  self->operators = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (client_names, _("All clients"));
  g_ptr_array_add (self->client_ids, NULL);
  gtk_string_list_append (operator_names, _("Any operator"));
  g_ptr_array_add (self->operators, NULL);

  if ((clients = vigie_journal_list_clients (self->journal, NULL)))
    for (guint i = 0; i < clients->len; i++)
      {
        char **pair = g_ptr_array_index (clients, i);

        gtk_string_list_append (client_names, pair[1]);
        g_ptr_array_add (self->client_ids, g_strdup (pair[0]));
      }
  if ((operators = vigie_journal_list_operators (self->journal, NULL)))
    for (guint i = 0; operators[i]; i++)
      {
        gtk_string_list_append (operator_names, operators[i]);
        g_ptr_array_add (self->operators, g_strdup (operators[i]));
      }

  g_signal_handlers_block_by_func (self->client_dropdown, filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->operator_dropdown, filter_changed_cb, self);
  gtk_drop_down_set_model (self->client_dropdown, G_LIST_MODEL (client_names));
  gtk_drop_down_set_model (self->operator_dropdown, G_LIST_MODEL (operator_names));
  g_signal_handlers_unblock_by_func (self->client_dropdown, filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->operator_dropdown, filter_changed_cb, self);
}

/**
 * vigie_journal_view_show_call:
 * @self: a #VigieJournalView
 * @call_id: the call
 *
 * Opens the call as its timeline: the summary, then every event.
 *
 * Returns: %TRUE if the call is in the journal
 */
gboolean
vigie_journal_view_show_call (VigieJournalView *self,
                              const char       *call_id)
{
  g_autoptr(VigieJournalCall) call = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL_VIEW (self), FALSE);

  if (self->journal == NULL ||
      !(call = vigie_journal_get_call (self->journal, call_id, NULL)) ||
      !(events = vigie_journal_list_events (self->journal, call_id, NULL)))
    return FALSE;

  g_free (self->timeline_call);
  self->timeline_call = g_strdup (call_id);
  while (gtk_widget_get_first_child (GTK_WIDGET (self->timeline_box)))
    gtk_box_remove (self->timeline_box, gtk_widget_get_first_child (GTK_WIDGET (self->timeline_box)));

  when = vigie_journal_format_time (call->received_at, "%d/%m/%Y %H:%M:%S");
  title = g_strdup_printf ("%s — %s", when, call->client_name ? call->client_name : call->client_id);
  gtk_label_set_label (self->timeline_title, title);

  gtk_box_append (self->timeline_box, vigie_journal_timeline_new (call, events));

  gtk_stack_set_visible_child_name (self->pages, "timeline");
  return TRUE;
}

static void
row_activated_cb (VigieJournalView *self,
                  guint             position)
{
  g_autoptr(VigieJournalItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item && vigie_journal_item_get_call (item))
    vigie_journal_view_show_call (self, vigie_journal_item_get_call (item)->call_id);
}

static void
back_cb (GtkWidget  *widget,
         const char *action,
         GVariant   *parameter)
{
  VigieJournalView *self = VIGIE_JOURNAL_VIEW (widget);

  gtk_stack_set_visible_child_name (self->pages, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static gboolean
focus_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  VigieJournalView *self = VIGIE_JOURNAL_VIEW (widget);

  gtk_stack_set_visible_child_name (self->pages, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

/**
 * vigie_journal_view_export:
 * @self: a #VigieJournalView
 * @file: where to write
 * @error: return location for a #GError
 *
 * Writes the calls the page lists (all of them, not only those loaded)
 * as CSV with ";" between fields, as French spreadsheets expect.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
vigie_journal_view_export (VigieJournalView  *self,
                           GFile             *file,
                           GError           **error)
{
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (VIGIE_IS_JOURNAL_VIEW (self), FALSE);

  if (self->model == NULL)
    return TRUE;
  if (!(calls = vigie_journal_query_calls (self->journal, vigie_journal_model_get_filter (self->model), 0, 0, error)))
    return FALSE;
  vigie_journal_export_csv (calls, ';', out);
  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    VigieJournalView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!vigie_journal_view_export (self, file, &error))
        gtk_label_set_label (self->count_label, error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *parameter)
{
  VigieJournalView *self = VIGIE_JOURNAL_VIEW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the Calls"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("calls.csv"));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void start_check (VigieJournalView *self);

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VigieJournalView) self = user_data;
  g_autoptr(VigieJournalReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *integrity = NULL;

  report = vigie_journal_check_finish (VIGIE_JOURNAL (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking = FALSE;

  if (report == NULL)
    integrity = g_strdup (error->message);
  else if (report->damage != VIGIE_JOURNAL_DAMAGE_NONE)
    {
      self->damaged = TRUE;
      integrity = g_strdup (report->message);
    }
  else
    {
      self->checked_events += report->n_events;
      self->checked_seq = report->last_seq;
      g_free (self->checked_hash);
      self->checked_hash = g_strdup (report->last_hash);
      integrity = g_strdup_printf (ngettext ("%u event, chain intact", "%u events, chain intact",
                                              (gulong) self->checked_events), (guint) self->checked_events);
    }

  gtk_label_set_label (self->integrity_label, integrity);
  if (report == NULL || self->damaged)
    gtk_widget_add_css_class (GTK_WIDGET (self->integrity_label), "error");

  if (self->check_again && !self->damaged)
    start_check (self);
}

static void
start_check (VigieJournalView *self)
{
  if (self->journal == NULL || self->damaged)
    return;
  if (self->checking)
    {
      self->check_again = TRUE;
      return;
    }
  self->checking = TRUE;
  self->check_again = FALSE;
  if (self->check_cancellable == NULL)
    self->check_cancellable = g_cancellable_new ();
  if (self->checked_events == 0)
    gtk_label_set_label (self->integrity_label, _("Checking the journal…"));
  vigie_journal_check_async (self->journal, self->checked_seq, self->checked_hash,
                             self->check_cancellable, check_cb, g_object_ref (self));
}

static gboolean
reload_cb (gpointer user_data)
{
  VigieJournalView *self = user_data;

  self->reload_id = 0;
  vigie_journal_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
appended_cb (VigieJournalView *self)
{
  /* Off screen, reading back would only slow the screen pop down: catch
   * up when the page is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  /* Coalesce: a decision writes several events in a row. */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (500, reload_cb, self);
}

static void
vigie_journal_view_map (GtkWidget *widget)
{
  VigieJournalView *self = VIGIE_JOURNAL_VIEW (widget);

  GTK_WIDGET_CLASS (vigie_journal_view_parent_class)->map (widget);
  if (self->stale)
    vigie_journal_view_reload (self);
  else
    start_check (self);
}

static void
vigie_journal_view_dispose (GObject *object)
{
  VigieJournalView *self = (VigieJournalView *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->filter_id, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  g_clear_pointer (&self->checked_hash, g_free);
  g_clear_pointer (&self->timeline_call, g_free);
  g_clear_pointer (&self->client_ids, g_ptr_array_unref);
  g_clear_pointer (&self->operators, g_ptr_array_unref);
  if (self->journal)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  g_clear_object (&self->journal);
  if (self->column_view)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);

  /* The bin's child is a bound template child: let go of it once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_JOURNAL_VIEW);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (vigie_journal_view_parent_class)->dispose (object);
}

static void
vigie_journal_view_class_init (VigieJournalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_journal_view_dispose;
  widget_class->map = vigie_journal_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-journal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, pages);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, stack);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, client_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, decision_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, operator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, gravity_spin);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, delivered_spin);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, acked_spin);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, overridden_check);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, vip_check);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, stats_toggle);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, integrity_label);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, column_view);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, timeline_title);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, timeline_box);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "journal.back", NULL, back_cb);
  gtk_widget_class_install_action (widget_class, "journal.export", NULL, export_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "journal.back", NULL);
}

static void
vigie_journal_view_init (VigieJournalView *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->stats_view = VIGIE_JOURNAL_STATS_VIEW (vigie_journal_stats_view_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->stats_view), "stats");

  add_column (self, COLUMN_TIME, _("Time"), FALSE);
  add_column (self, COLUMN_CLIENT, _("Client"), TRUE);
  add_column (self, COLUMN_CALLER, _("Caller"), TRUE);
  add_column (self, COLUMN_OPERATOR, _("Operator"), FALSE);
  add_column (self, COLUMN_DECISION, _("Decision"), FALSE);
  add_column (self, COLUMN_GRAVITY, _("Gravity"), FALSE);
  add_column (self, COLUMN_ALERT, _("Alert"), TRUE);
  self->sort = VIGIE_JOURNAL_SORT_TIME;
  gtk_column_view_sort_by_column (self->column_view, self->columns[COLUMN_TIME], GTK_SORT_DESCENDING);
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (sorter_changed_cb), self);

  /* Ctrl+F wherever the focus is, while the page is shown. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (focus_search_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

void
vigie_journal_view_set_journal (VigieJournalView *self,
                                VigieJournal     *journal)
{
  g_return_if_fail (VIGIE_IS_JOURNAL_VIEW (self));

  if (self->journal)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->checking = self->check_again = self->damaged = FALSE;
  self->checked_seq = self->checked_events = 0;
  self->choices_loaded = FALSE;
  g_clear_pointer (&self->checked_hash, g_free);
  g_set_object (&self->journal, journal);
  g_clear_object (&self->model);
  gtk_column_view_set_model (self->column_view, NULL);
  if (journal)
    {
      g_autoptr(GtkNoSelection) selection = NULL;

      g_signal_connect_swapped (journal, "appended", G_CALLBACK (appended_cb), self);
      self->model = vigie_journal_model_new (journal);
      selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
    }

  vigie_journal_view_reload (self);
}

/**
 * vigie_journal_view_reload:
 * @self: a #VigieJournalView
 *
 * Reads the first rows of the current filter again and checks what was
 * appended since the last check, in a thread. Off screen, only notes that
 * it must be done when shown.
 */
void
vigie_journal_view_reload (VigieJournalView *self)
{
  g_return_if_fail (VIGIE_IS_JOURNAL_VIEW (self));

  /* The first frame shows the desk, not this page: read when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  if (self->journal == NULL)
    return;

  load_choices (self);
  apply_filter (self);
  start_check (self);
}

/**
 * vigie_journal_view_get_model:
 *
 * Returns: (transfer none) (nullable): the calls listed
 */
GListModel *
vigie_journal_view_get_model (VigieJournalView *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL_VIEW (self), NULL);
  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

/**
 * vigie_journal_view_get_stats_view:
 *
 * Returns: (transfer none): the indicators drawn for the current filter
 */
VigieJournalStatsView *
vigie_journal_view_get_stats_view (VigieJournalView *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL_VIEW (self), NULL);
  return self->stats_view;
}
