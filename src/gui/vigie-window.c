/* vigie-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-view.h"
#include "vigie-journal-view.h"
#include "vigie-roster-banner.h"
#include "vigie-roster-view.h"
#include "vigie-window.h"

struct _VigieWindow
{
  AdwApplicationWindow  parent_instance;

  VigieContext         *context;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkStack             *desk_stack;
  GtkStack             *calls_stack;
  VigieJournalView     *journal_view;
  VigieRosterView      *roster_view;
  VigieRosterBanner    *escalation_banner;
};

G_DEFINE_FINAL_TYPE (VigieWindow, vigie_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_desk (VigieWindow *self)
{
  gboolean has_calls = gtk_widget_get_first_child (GTK_WIDGET (self->calls_stack)) != NULL;

  gtk_stack_set_visible_child_name (self->desk_stack, has_calls ? "calls" : "empty");
}

static void
call_closed_cb (VigieWindow   *self,
                VigieCallView *view)
{
  gtk_stack_remove (self->calls_stack, GTK_WIDGET (view));
  update_desk (self);
}

static void
vigie_window_dispose (GObject *object)
{
  VigieWindow *self = (VigieWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigie_window_parent_class)->dispose (object);
}

static void
vigie_window_class_init (VigieWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_window_dispose;

  g_type_ensure (VIGIE_TYPE_JOURNAL_VIEW);
  g_type_ensure (VIGIE_TYPE_ROSTER_VIEW);
  g_type_ensure (VIGIE_TYPE_ROSTER_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, desk_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, journal_view);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, roster_view);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, escalation_banner);
}

static void
vigie_window_init (VigieWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Lets widgets deep in the tree raise a toast without knowing the window. */
  g_object_set_data (G_OBJECT (self), "vigie-toast-overlay", self->toast_overlay);
}

/**
 * vigie_window_new:
 * @application: the application
 * @context: the loaded data
 *
 * Returns: (transfer full): a window
 */
VigieWindow *
vigie_window_new (AdwApplication *application,
                  VigieContext   *context)
{
  VigieWindow *self;
  g_autofree char *errors = NULL;

  self = g_object_new (VIGIE_TYPE_WINDOW, "application", application, NULL);
  self->context = g_object_ref (context);
  vigie_journal_view_set_journal (self->journal_view, vigie_context_get_journal (context));
  /* The call views' "on call now" finds the rosters here. */
  g_object_set_data_full (G_OBJECT (self), "vigie-roster-store",
                          g_object_ref (vigie_context_get_roster_store (context)), g_object_unref);
  vigie_roster_view_set_context (self->roster_view, context);
  vigie_roster_banner_set_escalation (self->escalation_banner, vigie_context_get_escalation (context));

  if ((errors = vigie_context_dup_load_errors (context)))
    {
      g_autofree char *message = g_strdup_printf (_("Some scripts could not be loaded:\n%s"), errors);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  return self;
}

/**
 * vigie_window_add_call:
 * @self: a #VigieWindow
 * @call: a call that just arrived
 *
 * Opens the call beside those already on the desk and brings it forward.
 */
void
vigie_window_add_call (VigieWindow *self,
                       VigieCall   *call)
{
  GtkWidget *view;
  GtkStackPage *page;
  g_autofree char *title = NULL;

  g_return_if_fail (VIGIE_IS_WINDOW (self));
  g_return_if_fail (VIGIE_IS_CALL (call));

  view = vigie_call_view_new (call);
  title = vigie_call_view_dup_title (VIGIE_CALL_VIEW (view));
  page = gtk_stack_add_titled (self->calls_stack, view, vigie_call_get_id (call), title);
  gtk_stack_page_set_needs_attention (page, TRUE);
  g_signal_connect_swapped (view, "closed", G_CALLBACK (call_closed_cb), self);

  gtk_stack_set_visible_child (self->calls_stack, view);
  update_desk (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "desk");
  gtk_widget_grab_focus (view);
}

/**
 * vigie_window_get_call_view:
 * @self: a #VigieWindow
 * @call_id: a call id
 *
 * Returns: (transfer none) (nullable): the view of that call
 */
GtkWidget *
vigie_window_get_call_view (VigieWindow *self,
                            const char  *call_id)
{
  g_return_val_if_fail (VIGIE_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->calls_stack, call_id);
}

void
vigie_window_show_page (VigieWindow *self,
                        const char  *name)
{
  g_return_if_fail (VIGIE_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
vigie_window_add_toast (VigieWindow *self,
                        const char  *message)
{
  g_return_if_fail (VIGIE_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}
