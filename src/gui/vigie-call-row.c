/* vigie-call-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of the list of open calls: client, caller, timer and state, so
 * the operator sees at a glance which call waits for what. The list only
 * has rows for what is on screen: a row is given a #VigieCall, follows
 * it, and is given another one when it scrolls by.
 */
#define G_LOG_DOMAIN "vigie-call-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-row.h"
#include "vigie-phone.h"

struct _VigieCallRow
{
  GtkBox         parent_instance;

  VigieCall     *call;

  GtkLabel      *client_label;
  GtkLabel      *timer_label;
  GtkLabel      *caller_label;
  GtkLabel      *status_label;
  GtkLabel      *waiting_label;
};

G_DEFINE_FINAL_TYPE (VigieCallRow, vigie_call_row, GTK_TYPE_BOX)

static void
unbind (VigieCallRow *self)
{
  if (self->call == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->call, self);
  g_signal_handlers_disconnect_by_data (vigie_call_get_identity (self->call), self);
  g_clear_object (&self->call);
}

static void
vigie_call_row_dispose (GObject *object)
{
  VigieCallRow *self = (VigieCallRow *)object;

  unbind (self);
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
 *
 * Returns: (transfer floating): a row with no call yet
 */
GtkWidget *
vigie_call_row_new (void)
{
  return g_object_new (VIGIE_TYPE_CALL_ROW, NULL);
}

/**
 * vigie_call_row_set_call:
 * @self: a #VigieCallRow
 * @call: (nullable): the call to follow, or %NULL when the row is put
 *   aside
 */
void
vigie_call_row_set_call (VigieCallRow *self,
                         VigieCall    *call)
{
  g_return_if_fail (VIGIE_IS_CALL_ROW (self));
  g_return_if_fail (call == NULL || VIGIE_IS_CALL (call));

  if (call == self->call)
    return;
  unbind (self);
  if (call == NULL)
    return;
  self->call = g_object_ref (call);
  g_signal_connect_swapped (call, "notify::state", G_CALLBACK (vigie_call_row_refresh), self);
  g_signal_connect_swapped (call, "notify::status-text", G_CALLBACK (vigie_call_row_refresh), self);
  g_signal_connect_swapped (call, "notify::status-style", G_CALLBACK (vigie_call_row_refresh), self);
  g_signal_connect_swapped (vigie_call_get_identity (call), "changed", G_CALLBACK (vigie_call_row_refresh), self);
  vigie_call_row_refresh (self);
}

VigieCall *
vigie_call_row_get_call (VigieCallRow *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL_ROW (self), NULL);
  return self->call;
}

/* Who is calling, as captured so far. */
static char *
dup_caller (VigieCall *call)
{
  g_autofree char *name = vigie_caller_identity_dup_name (vigie_call_get_identity (call));
  const char *from = vigie_call_get_from (call);

  if (name != NULL)
    return g_steal_pointer (&name);
  if (g_str_equal (from, "anonymous"))
    return g_strdup (_("Hidden number"));
  return vigie_phone_format (from);
}

static char *
dup_elapsed (VigieCall *call)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan elapsed = g_date_time_difference (now, vigie_call_get_received_at (call));
  gint64 seconds = MAX (elapsed, 0) / G_USEC_PER_SEC;

  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, seconds / 60, seconds % 60);
}

/**
 * vigie_call_row_refresh:
 * @self: a #VigieCallRow
 *
 * Reads the call again; the window calls it every second for the timer.
 */
void
vigie_call_row_refresh (VigieCallRow *self)
{
  const char * const classes[] = { "qualifying", "decided", "failed", "hung-up", "warning", "sending",
                                   "scheduled", "success", NULL };
  g_autofree char *caller = NULL;
  g_autofree char *a11y = NULL;
  VigieClient *client;
  const char *title;
  const char *status;
  VigieCall *call;

  g_return_if_fail (VIGIE_IS_CALL_ROW (self));

  if ((call = self->call) == NULL)
    return;
  client = vigie_call_get_client (call);
  title = client ? vigie_client_get_name (client) : _("Unknown line");
  caller = dup_caller (call);
  status = vigie_call_get_status_text (call);

  gtk_label_set_label (self->client_label, title);
  gtk_label_set_label (self->caller_label, caller);
  gtk_label_set_label (self->status_label, status ? status : "");
  if (vigie_call_get_state (call) == VIGIE_CALL_QUALIFYING)
    {
      g_autofree char *elapsed = dup_elapsed (call);

      gtk_label_set_label (self->timer_label, elapsed);
    }

  /* The call's own colour: the list and the header never disagree. */
  for (guint i = 0; classes[i]; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  if (vigie_call_get_state (call) != VIGIE_CALL_QUALIFYING)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), vigie_call_get_status_style (call));

  if (gtk_widget_get_visible (GTK_WIDGET (self->waiting_label)))
    a11y = g_strdup_printf (_("New call: %s, %s, %s"), title, caller, status ? status : "");
  else
    a11y = g_strdup_printf ("%s, %s, %s", title, caller, status ? status : "");
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
