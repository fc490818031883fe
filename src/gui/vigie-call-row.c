/* vigie-call-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of the list of open calls: client, caller, timer and state, so
 * the operator sees at a glance which call waits for what.
 */
#define G_LOG_DOMAIN "vigie-call-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-row.h"

struct _VigieCallRow
{
  GtkListBoxRow  parent_instance;

  VigieCallView *view;

  GtkLabel      *client_label;
  GtkLabel      *timer_label;
  GtkLabel      *caller_label;
  GtkLabel      *status_label;
  GtkLabel      *waiting_label;
};

G_DEFINE_FINAL_TYPE (VigieCallRow, vigie_call_row, GTK_TYPE_LIST_BOX_ROW)

static void
vigie_call_row_dispose (GObject *object)
{
  VigieCallRow *self = (VigieCallRow *)object;

  if (self->view)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_CALL_ROW);

  G_OBJECT_CLASS (vigie_call_row_parent_class)->dispose (object);
}

static void
vigie_call_row_class_init (VigieCallRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_call_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-call-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieCallRow, client_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallRow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallRow, caller_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VigieCallRow, waiting_label);
}

static void
vigie_call_row_init (VigieCallRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vigie_call_row_new:
 * @view: the call's view
 *
 * Returns: (transfer floating): a row that follows @view
 */
GtkWidget *
vigie_call_row_new (VigieCallView *view)
{
  VigieCallRow *self = g_object_new (VIGIE_TYPE_CALL_ROW, NULL);

  self->view = g_object_ref (view);
  g_signal_connect_swapped (view, "changed", G_CALLBACK (vigie_call_row_refresh), self);
  vigie_call_row_refresh (self);
  return GTK_WIDGET (self);
}

VigieCallView *
vigie_call_row_get_view (VigieCallRow *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL_ROW (self), NULL);
  return self->view;
}

/**
 * vigie_call_row_refresh:
 * @self: a #VigieCallRow
 *
 * Reads the view again; the window calls it every second for the timer.
 */
void
vigie_call_row_refresh (VigieCallRow *self)
{
  g_autofree char *client = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *elapsed = NULL;
  g_autofree char *a11y = NULL;
  const char *status;
  VigieCall *call;

  g_return_if_fail (VIGIE_IS_CALL_ROW (self));

  call = vigie_call_view_get_call (self->view);
  client = vigie_call_view_dup_title (self->view);
  caller = vigie_call_view_dup_caller (self->view);
  status = vigie_call_view_get_status (self->view);

  gtk_label_set_label (self->client_label, client);
  gtk_label_set_label (self->caller_label, caller);
  gtk_label_set_label (self->status_label, status ? status : "");
  if (vigie_call_get_state (call) == VIGIE_CALL_QUALIFYING)
    {
      elapsed = vigie_call_view_dup_elapsed (self->view);
      gtk_label_set_label (self->timer_label, elapsed);
    }

  /* The call's own colour: the list and the header never disagree. */
  {
    const char * const classes[] = { "qualifying", "decided", "failed", "hung-up", "warning", "sending",
                                     "scheduled", "success", NULL };

    for (guint i = 0; classes[i]; i++)
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
    if (vigie_call_get_state (call) != VIGIE_CALL_QUALIFYING)
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), vigie_call_get_status_style (call));
  }

  if (gtk_widget_get_visible (GTK_WIDGET (self->waiting_label)))
    a11y = g_strdup_printf (_("New call: %s, %s, %s"), client, caller, status ? status : "");
  else
    a11y = g_strdup_printf ("%s, %s, %s", client, caller, status ? status : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/**
 * vigie_call_row_set_waiting:
 * @self: a #VigieCallRow
 * @waiting: the call arrived while the operator was on another one and
 *   has not been looked at yet
 */
void
vigie_call_row_set_waiting (VigieCallRow *self,
                            gboolean      waiting)
{
  g_return_if_fail (VIGIE_IS_CALL_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), waiting);
  vigie_call_row_refresh (self);
}

gboolean
vigie_call_row_get_waiting (VigieCallRow *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL_ROW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->waiting_label));
}
