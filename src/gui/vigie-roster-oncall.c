/* vigie-roster-oncall.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "On call now / next" for the client of the call on the desk. Placed in
 * the call view's template, it finds its call through its ancestor and
 * the rosters through the window ("vigie-roster-store" data), so the call
 * view needs no code for it; it follows roster changes and the clock.
 */
#define G_LOG_DOMAIN "vigie-roster-oncall"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-view.h"
#include "vigie-roster-oncall.h"

struct _VigieRosterOncall
{
  AdwBin            parent_instance;

  VigieRosterStore *store;
  char             *client_id;
  guint             tick_id;

  AdwActionRow     *now_row;
  AdwActionRow     *next_row;
};

G_DEFINE_FINAL_TYPE (VigieRosterOncall, vigie_roster_oncall, ADW_TYPE_BIN)

/**
 * vigie_roster_oncall_format_when:
 * @when: a shift's start or end
 * @tz: the roster's time zone
 *
 * Returns: (transfer full): @when as the desk and the Rosters page show it
 */
char *
vigie_roster_oncall_format_when (GDateTime *when,
                                 GTimeZone *tz)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (when, tz);
  /* TRANSLATORS: when a shift starts or ends, on the desk and the Rosters page, strftime format */
  return g_date_time_format (local, C_("roster", "%a %d/%m %H:%M"));
}

static void
show (VigieRosterOncall *self,
      GDateTime         *now)
{
  VigieRoster *roster = self->store ? vigie_roster_store_get (self->store, self->client_id) : NULL;
  g_autoptr(GDateTime) horizon = NULL;
  g_autoptr(GPtrArray) shifts = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *next_text = NULL;
  const VigieRosterPerson *person;
  const VigieShift *next;
  GTimeZone *tz;

  gtk_widget_set_visible (GTK_WIDGET (self), roster != NULL);
  if (roster == NULL)
    return;

  tz = vigie_roster_get_timezone (roster);
  horizon = g_date_time_add_days (now, 31);
  shifts = vigie_roster_timeline (roster, now, horizon);
  person = vigie_roster_who (roster, now, NULL, NULL);
  next = vigie_roster_next_shift (shifts, now, person ? person->id : NULL);

  gtk_widget_remove_css_class (GTK_WIDGET (self->now_row), "error");
  if (person)
    {
      const VigieShift *current = shifts->len ? g_ptr_array_index (shifts, 0) : NULL;
      g_autofree char *until = current ? vigie_roster_oncall_format_when (current->end, tz) : NULL;

      now_text = g_strdup_printf (_("%s · %s, until %s"), person->name, person->phone ? person->phone : "—",
                                  until ? until : "—");
    }
  else if (vigie_roster_is_active (roster, vigie_roster_get_coverage (roster), now))
    {
      now_text = g_strdup (_("Nobody: coverage gap, follow the client's instructions"));
      gtk_widget_add_css_class (GTK_WIDGET (self->now_row), "error");
    }
  else
    now_text = g_strdup (_("Nobody on call now (opening hours)"));

  if (next && vigie_roster_find_person (roster, next->person_id))
    {
      const VigieRosterPerson *p = vigie_roster_find_person (roster, next->person_id);
      g_autofree char *from = vigie_roster_oncall_format_when (next->start, tz);

      next_text = g_strdup_printf (_("%s · %s, from %s"), p->name, p->phone ? p->phone : "—", from);
    }
  else
    next_text = g_strdup ("—");

  adw_action_row_set_subtitle (self->now_row, now_text);
  adw_action_row_set_subtitle (self->next_row, next_text);
}

static void
refresh_now (VigieRosterOncall *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  show (self, now);
}

static gboolean
tick_cb (gpointer user_data)
{
  refresh_now (user_data);
  return G_SOURCE_CONTINUE;
}

static void
changed_cb (VigieRosterOncall *self,
            const char        *client_id)
{
  if (g_strcmp0 (client_id, self->client_id) == 0)
    refresh_now (self);
}

static void
set_store (VigieRosterOncall *self,
           VigieRosterStore  *store)
{
  if (self->store == store)
    return;
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store)
    g_signal_connect_swapped (store, "changed", G_CALLBACK (changed_cb), self);
}

static void
vigie_roster_oncall_root (GtkWidget *widget)
{
  VigieRosterOncall *self = VIGIE_ROSTER_ONCALL (widget);
  GtkWidget *view;
  GtkRoot *root;
  VigieClient *client;

  GTK_WIDGET_CLASS (vigie_roster_oncall_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  view = gtk_widget_get_ancestor (widget, VIGIE_TYPE_CALL_VIEW);
  if (self->store == NULL && root && g_object_get_data (G_OBJECT (root), "vigie-roster-store"))
    set_store (self, g_object_get_data (G_OBJECT (root), "vigie-roster-store"));
  if (self->client_id == NULL && view != NULL &&
      (client = vigie_call_get_client (vigie_call_view_get_call (VIGIE_CALL_VIEW (view)))))
    self->client_id = g_strdup (vigie_client_get_id (client));

  refresh_now (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (60, tick_cb, self);
}

static void
vigie_roster_oncall_unroot (GtkWidget *widget)
{
  VigieRosterOncall *self = VIGIE_ROSTER_ONCALL (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (vigie_roster_oncall_parent_class)->unroot (widget);
}

static void
vigie_roster_oncall_dispose (GObject *object)
{
  VigieRosterOncall *self = (VigieRosterOncall *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  set_store (self, NULL);
  g_clear_pointer (&self->client_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_ROSTER_ONCALL);

  G_OBJECT_CLASS (vigie_roster_oncall_parent_class)->dispose (object);
}

static void
vigie_roster_oncall_class_init (VigieRosterOncallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_roster_oncall_dispose;
  widget_class->root = vigie_roster_oncall_root;
  widget_class->unroot = vigie_roster_oncall_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-roster-oncall.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieRosterOncall, now_row);
  gtk_widget_class_bind_template_child (widget_class, VigieRosterOncall, next_row);
}

static void
vigie_roster_oncall_init (VigieRosterOncall *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
vigie_roster_oncall_new (void)
{
  return g_object_new (VIGIE_TYPE_ROSTER_ONCALL, NULL);
}

/**
 * vigie_roster_oncall_show:
 * @self: a #VigieRosterOncall
 * @store: the rosters
 * @client_id: the call's client
 * @now: the time to show
 *
 * Shows @client_id's on-call people at @now; hidden when the client has
 * no roster.
 */
void
vigie_roster_oncall_show (VigieRosterOncall *self,
                          VigieRosterStore  *store,
                          const char        *client_id,
                          GDateTime         *now)
{
  g_return_if_fail (VIGIE_IS_ROSTER_ONCALL (self));

  set_store (self, store);
  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  show (self, now);
}

/**
 * vigie_roster_oncall_get_now_text:
 * @self: a #VigieRosterOncall
 *
 * Returns: (transfer none): the "on call now" line as shown
 */
const char *
vigie_roster_oncall_get_now_text (VigieRosterOncall *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_ONCALL (self), NULL);
  return adw_action_row_get_subtitle (self->now_row);
}
