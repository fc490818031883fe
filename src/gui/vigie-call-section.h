/* vigie-call-section.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-call.h"

G_BEGIN_DECLS

#define VIGIE_TYPE_CALL_SECTION (vigie_call_section_get_type ())

G_DECLARE_INTERFACE (VigieCallSection, vigie_call_section, VIGIE, CALL_SECTION, GtkWidget)

/**
 * VigieCallSectionInterface:
 * @set_call: present this call (once, for the section's whole life)
 * @update: the call changed (state, answer, decision, alert): show it
 *
 * One part of the call view (caller card, script pane, decision bar,
 * alert panel), given the same #VigieCall, as GNOME Calendar's event
 * editor is built from sections given the same event.
 */
struct _VigieCallSectionInterface
{
  GTypeInterface parent;

  void (*set_call) (VigieCallSection *self,
                    VigieCall        *call);
  void (*update)   (VigieCallSection *self);
};

void        vigie_call_section_set_call       (VigieCallSection  *self,
                                               VigieCall         *call);
void        vigie_call_section_update         (VigieCallSection  *self);

void        vigie_call_section_show_error     (GtkWidget         *widget,
                                               const char        *message);
void        vigie_call_section_reveal         (GtkRevealer       *revealer,
                                               gboolean           show);
void        vigie_call_section_watch_revealer (GtkRevealer       *revealer);
void        vigie_call_section_clear_box      (GtkBox            *box);
void        vigie_call_section_set_new_tooltip (GtkWidget        *widget,
                                               const char        *text);
const char *vigie_call_section_decision_label (VigieDecisionKind  kind);

G_END_DECLS
