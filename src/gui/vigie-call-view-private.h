/* vigie-call-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by vigie-call-view.c and vigie-call-view-actions.c.
 */
#pragma once

#include "vigie-alert-panel.h"
#include "vigie-call-view.h"
#include "vigie-caller-card.h"
#include "vigie-decision-bar.h"
#include "vigie-script-pane.h"

G_BEGIN_DECLS

struct _VigieCallView
{
  AdwBin             parent_instance;

  VigieCall         *call;
  guint              timer_id;
  guint              relayout_id;
  guint              update_id;
  gboolean           narrow;
  gboolean           hung_up;
  gboolean           answered;
  char              *status;
  gint64             hold_until;     /* keys before this are dropped */
  guint              hold_id;
  gboolean           was_decidable;

  GtkLabel          *client_label;
  GtkLabel          *line_label;
  GtkLabel          *state_label;
  GtkGrid           *header_box;     /* the telephone's buttons go here */
  GtkLabel          *timer_label;
  GtkRevealer       *hangup_revealer;
  GtkRevealer       *overdue_revealer;
  GtkLabel          *overdue_label;
  GtkLabel          *greeting_label;
  GtkBox            *columns;

  /* The sections, each given the call. */
  VigieCallerCard   *caller_card;
  VigieScriptPane   *script_pane;
  VigieAlertPanel   *alert_panel;
  VigieDecisionBar  *decision_bar;
};

void     _vigie_call_view_class_actions_init (GtkWidgetClass        *widget_class);
void     _vigie_call_view_actions_update     (VigieCallView         *self);
gboolean _vigie_call_view_key_pressed_cb     (GtkEventControllerKey *controller,
                                              guint                  keyval,
                                              guint                  keycode,
                                              GdkModifierType        state,
                                              VigieCallView         *self);
void     _vigie_call_view_update             (VigieCallView         *self);
void     _vigie_call_view_focus_question     (VigieCallView         *self);
void     _vigie_call_view_emit_closed        (VigieCallView         *self);
gboolean _vigie_call_view_is_held            (VigieCallView         *self);

G_END_DECLS
