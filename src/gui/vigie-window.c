/* vigie-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk: a list of open calls (each with its timer and state) beside
 * the selected call, and the journal. Calls are independent views of
 * independent #VigieCall objects, so nothing of one leaks into another.
 *
 * The open calls live in vigie-window-calls.c, the win.* actions and
 * their keys in vigie-window-actions.c; this file builds the window and
 * its pages, the Journal and Rosters pages after the first frame.
 */
#define G_LOG_DOMAIN "vigie-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-window-private.h"

G_DEFINE_FINAL_TYPE (VigieWindow, vigie_window, ADW_TYPE_APPLICATION_WINDOW)


/* --- What the first frame does not show, built after it ------------- */

/* The Journal and Rosters pages (the journal's check, the roster
 * timelines, the labour checks) and the next call's view. */
static void
ensure_pages (VigieWindow *self)
{
  if (self->context == NULL)
    return;
  if (self->journal_view == NULL)
    {
      self->journal_view = g_object_new (VIGIE_TYPE_JOURNAL_VIEW, NULL);
      adw_bin_set_child (self->journal_bin, GTK_WIDGET (self->journal_view));
      vigie_journal_view_set_journal (self->journal_view, vigie_context_get_journal (self->context));
    }
  if (self->roster_view == NULL)
    {
      self->roster_view = g_object_new (VIGIE_TYPE_ROSTER_VIEW, NULL);
      adw_bin_set_child (self->roster_bin, GTK_WIDGET (self->roster_view));
      vigie_roster_view_set_context (self->roster_view, self->context);
    }
}

static void
page_changed_cb (VigieWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "desk") != 0)
    ensure_pages (self);
}

/* The bottom view switcher shows only when the window is too narrow for
 * the header's: the desk opens wide, so it comes after the first frame. */
static void
add_switcher_bar (VigieWindow *self)
{
  GObject *title = gtk_widget_get_template_child (GTK_WIDGET (self), VIGIE_TYPE_WINDOW, "switcher_title");
  GtkWidget *bar;

  if (g_object_get_data (G_OBJECT (self), "vigie-switcher-bar") != NULL)
    return;
  bar = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (bar), self->view_stack);
  g_object_bind_property (title, "title-visible", bar, "reveal", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->view_stack))), bar);
  g_object_set_data (G_OBJECT (self), "vigie-switcher-bar", bar);
}

static gboolean
deferred_cb (gpointer user_data)
{
  VigieWindow *self = user_data;

  self->deferred_id = 0;
  add_switcher_bar (self);
  ensure_pages (self);
  _vigie_window_queue_spare (self);
  return G_SOURCE_REMOVE;
}

/* The main menu's popover is built when it first opens, not with the
 * window. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  VigieWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                          VIGIE_TYPE_WINDOW,
                                                                                          "primary_menu")));
}

/* A revealer that shows nothing is hidden, so layouts skip its content
 * (a GtkRevealer measures its child even when closed). */
static void
revealer_changed_cb (GtkRevealer *revealer)
{
  gtk_widget_set_visible (GTK_WIDGET (revealer),
                          gtk_revealer_get_reveal_child (revealer) || gtk_revealer_get_child_revealed (revealer));
}

static void
hide_when_closed (GtkRevealer *revealer)
{
  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (revealer_changed_cb), NULL);
  g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (revealer_changed_cb), NULL);
  revealer_changed_cb (revealer);
}

static void
first_paint_cb (GdkFrameClock *clock,
                VigieWindow   *self)
{
  g_clear_signal_handler (&self->first_paint_id, clock);
  if (self->deferred_id == 0)
    self->deferred_id = g_idle_add_full (G_PRIORITY_LOW, deferred_cb, self, NULL);
}

static void
mapped_cb (GtkWidget *widget)
{
  VigieWindow *self = VIGIE_WINDOW (widget);

  if (self->first_paint_id == 0 && self->deferred_id == 0 &&
      (self->journal_view == NULL || self->spare_view == NULL ||
       g_object_get_data (G_OBJECT (self), "vigie-switcher-bar") == NULL))
    self->first_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (first_paint_cb), self);
}

static void
vigie_window_dispose (GObject *object)
{
  VigieWindow *self = (VigieWindow *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->deferred_id, g_source_remove);
  if (self->help_overlay != NULL)
    gtk_window_destroy (g_steal_pointer (&self->help_overlay));
  if (self->first_paint_id != 0)
    g_clear_signal_handler (&self->first_paint_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  g_clear_handle_id (&self->spare_id, g_source_remove);
  g_clear_object (&self->spare_view);
  g_queue_clear (&self->views);
  /* Rows let go of their calls while the slots are still there. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->calls_list != NULL)
    gtk_list_view_set_model (self->calls_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_WINDOW);
  self->journal_view = NULL;  /* owned by their pages */
  self->roster_view = NULL;
  g_clear_object (&self->selection);
  g_clear_pointer (&self->slots, g_hash_table_unref);
  g_clear_object (&self->calls);
  if (self->closed_calls != NULL)
    {
      GHashTableIter iter;
      gpointer call;

      g_hash_table_iter_init (&iter, self->closed_calls);
      while (g_hash_table_iter_next (&iter, &call, NULL))
        g_signal_handlers_disconnect_by_data (call, self);
    }
  g_clear_pointer (&self->closed_calls, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigie_window_parent_class)->dispose (object);
}

static void
vigie_window_class_init (VigieWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_window_dispose;

  g_type_ensure (VIGIE_TYPE_ROSTER_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, desk_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, calls_list);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, journal_bin);

  _vigie_window_class_actions_init (widget_class);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, signin_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, signin_entry);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, operator_button);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, roster_bin);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, escalation_banner);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, attention_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigieWindow, attention_list);
  /* Looked up when needed (gtk_widget_get_template_child), not kept. */
  gtk_widget_class_bind_template_child_full (widget_class, "switcher_title", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "menu_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "primary_menu", FALSE, 0);
}

static void
vigie_window_init (VigieWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Lets widgets deep in the tree raise a toast without knowing the window. */
  g_object_set_data (G_OBJECT (self), "vigie-toast-overlay", self->toast_overlay);

  _vigie_window_calls_init (self);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                        VIGIE_TYPE_WINDOW,
                                                                                        "menu_button")),
                                         create_menu_cb, self, NULL);
  hide_when_closed (self->signin_revealer);
  hide_when_closed (self->attention_revealer);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name", G_CALLBACK (page_changed_cb), self);
}

/* The data folder changed: say what the next call will use, and what
 * was refused (the previous version is kept; open calls are untouched). */
static void
reloaded_cb (VigieWindow  *self,
             gboolean      applied,
             const char   *problems,
             VigieContext *context)
{
  g_autofree char *message = NULL;
  AdwToast *toast;

  /* The operator gets one sentence; the designer's details are in the
   * log (and in the script tools). */
  if (!applied)
    message = g_strdup (_("The new clients or directory file is invalid: the previous version stays in use"));
  else if (problems != NULL)
    message = g_strdup (_("Data updated, but an invalid script was refused: its previous version stays in use"));
  else
    message = g_strdup (_("Data updated: the next calls use it"));

  toast = adw_toast_new (message);
  if (problems != NULL)
    adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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
  _vigie_window_calls_set_list (self, vigie_context_get_open_calls (context));
  /* The call views' "on call now" finds the rosters here. */
  g_object_set_data_full (G_OBJECT (self), "vigie-roster-store",
                          g_object_ref (vigie_context_get_roster_store (context)), g_object_unref);
  vigie_roster_banner_set_escalation (self->escalation_banner, vigie_context_get_escalation (context));
  g_signal_connect_object (context, "reloaded", G_CALLBACK (reloaded_cb), self, G_CONNECT_SWAPPED);

  /* Shift start: the operator signs in (the desk works meanwhile; calls
   * before it are journaled without a name). */
  _vigie_window_update_operator (self);
  if (vigie_context_get_operator (context) == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *last = g_settings_get_string (settings, "operator-name");

      gtk_editable_set_text (GTK_EDITABLE (self->signin_entry), last);
      gtk_revealer_set_reveal_child (self->signin_revealer, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->signin_entry));
    }

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
 * vigie_window_get_current_call_view:
 * @self: a #VigieWindow
 *
 * Returns: (transfer none) (nullable): the call on screen
 */
GtkWidget *
vigie_window_get_current_call_view (VigieWindow *self)
{
  g_return_val_if_fail (VIGIE_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child (self->calls_stack);
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
