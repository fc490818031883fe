/* vigie-journal-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-journal-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-view.h"

#define MAX_CALLS 200

struct _VigieJournalView
{
  AdwBin        parent_instance;

  VigieJournal *journal;
  guint         reload_id;
  gboolean      stale;

  /* Verification runs in a thread: in full once, then from where the
   * last check ended. */
  GCancellable *check_cancellable;
  gboolean      checking;
  gboolean      check_again;
  gint64        checked_seq;
  char         *checked_hash;
  gint64        checked_events;
  gboolean      damaged;

  GtkStack     *stack;
  GtkListBox   *list_box;
  GtkLabel     *integrity_label;
};

G_DEFINE_FINAL_TYPE (VigieJournalView, vigie_journal_view, ADW_TYPE_BIN)

static const char *
decision_text (const char *decision)
{
  if (g_strcmp0 (decision, "trigger") == 0)
    return _("Triggered");
  if (g_strcmp0 (decision, "defer") == 0)
    return _("Deferred");
  if (g_strcmp0 (decision, "log") == 0)
    return _("Logged");
  return _("Not decided");
}

static const char *
alert_text (const char *status)
{
  if (g_strcmp0 (status, "delivered") == 0)
    return _("alert delivered");
  if (g_strcmp0 (status, "failed") == 0)
    return _("alert NOT delivered");
  return NULL;
}

static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m %H:%M:%S");
}

static GtkWidget *
make_row (VigieJournalCall *call)
{
  g_autofree char *when = format_time (call->received_at);
  g_autofree char *title = g_strdup_printf ("%s — %s", when,
                                            call->client_name ? call->client_name : _("Unknown line"));
  g_autofree char *who = g_strdup_printf ("%s (%s)",
                                          call->caller_name ? call->caller_name : _("Unknown caller"),
                                          call->caller_number ? call->caller_number : "");
  const char *alert = alert_text (call->alert_status);
  g_autofree char *subtitle = alert
    ? g_strdup_printf ("%s · %s, %s", who, decision_text (call->decision), alert)
    : g_strdup_printf ("%s · %s", who, decision_text (call->decision));
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (g_strcmp0 (call->alert_status, "failed") == 0)
    gtk_widget_add_css_class (row, "error");

  return row;
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
    /* Off screen, a check would only compete with the operator's desk for
   * the disk and the CPU: it starts when the page is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
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
  /* Off screen, reading back and verifying the whole journal would only
   * slow the screen pop down: catch up when the page is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  /* Coalesce: a decision writes several events in a row. */
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
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
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_pointer (&self->checked_hash, g_free);
  if (self->journal)
    g_signal_handlers_disconnect_by_data (self->journal, self);
  g_clear_object (&self->journal);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_JOURNAL_VIEW);

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
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, stack);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, list_box);
  gtk_widget_class_bind_template_child (widget_class, VigieJournalView, integrity_label);
}

static void
vigie_journal_view_init (VigieJournalView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
  g_clear_pointer (&self->checked_hash, g_free);
  g_set_object (&self->journal, journal);
  if (journal)
    g_signal_connect_swapped (journal, "appended", G_CALLBACK (appended_cb), self);

  vigie_journal_view_reload (self);
}

/**
 * vigie_journal_view_reload:
 * @self: a #VigieJournalView
 *
 * Reads the latest calls again and checks what was appended since the
 * last check, in a thread.
 */
void
vigie_journal_view_reload (VigieJournalView *self)
{
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (VIGIE_IS_JOURNAL_VIEW (self));

  /* The first frame shows the desk, not this page: read when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);

  if (self->journal == NULL)
    return;

  if (!(calls = vigie_journal_list_calls (self->journal, MAX_CALLS, &error)))
    {
      gtk_label_set_label (self->integrity_label, error->message);
      return;
    }

  for (guint i = 0; i < calls->len; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (calls, i)));
  gtk_stack_set_visible_child_name (self->stack, calls->len > 0 ? "list" : "empty");

  /* Off screen, a check would only compete with the operator's desk for
   * the disk and the CPU: it starts when the page is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_check (self);
}
