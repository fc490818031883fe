/* vigie-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What vigie-window.c (the window, its pages, what comes after the first
 * frame), vigie-window-calls.c (the open calls, their views, the screen
 * pop, "needs attention") and vigie-window-actions.c (win.* actions and
 * their keys, sign-in) share.
 */
#pragma once

#include "vigie-call-row.h"
#include "vigie-call-view.h"
#include "vigie-journal-view.h"
#include "vigie-roster-banner.h"
#include "vigie-roster-view.h"
#include "vigie-window.h"

G_BEGIN_DECLS

/* What the desk keeps of an open call beside the call itself. */
typedef struct {
  VigieCall     *call;
  VigieCallView *view;           /* NULL while it has none */
  VigieCallRow  *row;            /* the list's row showing it, if any */
  GtkWidget     *line_controls;  /* the telephone's buttons while the view is away */
  GtkWidget     *line_answer;
  GtkWidget     *line_hangup;
  gboolean       waiting;        /* arrived during another call, not seen yet */
} Slot;

struct _VigieWindow
{
  AdwApplicationWindow  parent_instance;

  VigieContext         *context;
  guint                 tick_id;
  VigieCallView        *spare_view;   /* built ahead for the next call */
  guint                 spare_id;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkStack             *desk_stack;
  GtkListView          *calls_list;
  GtkSingleSelection   *selection;
  VigieCallList        *calls;        /* the context's open calls */
  GHashTable           *slots;        /* VigieCall → Slot */
  GQueue                views;        /* Slots with a view, last shown first */
  gboolean              debug_views;  /* VIGIE_DEBUG=views: print the counts */
  guint                 views_alive;  /* views made here, not yet finalized */
  GtkStack             *calls_stack;
  AdwBin               *journal_bin;
  AdwBin               *roster_bin;
  VigieJournalView     *journal_view;   /* built after the first frame */
  VigieRosterView      *roster_view;
  gulong                first_paint_id;
  GtkWindow            *help_overlay;   /* built when first shown */
  guint                 deferred_id;
  VigieRosterBanner    *escalation_banner;
  GtkRevealer          *attention_revealer;
  GtkListBox           *attention_list;
  GHashTable           *closed_calls;   /* VigieCall → its attention row, or NULL */
  GtkRevealer          *signin_revealer;
  GtkEntry             *signin_entry;
  GtkButton            *operator_button;
};

/* vigie-window-calls.c */
void  _vigie_window_calls_init     (VigieWindow   *self);
void  _vigie_window_calls_set_list (VigieWindow   *self,
                                    VigieCallList *calls);
void  _vigie_window_show_call      (VigieWindow   *self,
                                    Slot          *slot);
void  _vigie_window_queue_spare    (VigieWindow   *self);

/* vigie-window-actions.c */
void  _vigie_window_class_actions_init (GtkWidgetClass *widget_class);
void  _vigie_window_update_operator    (VigieWindow    *self);

G_END_DECLS
