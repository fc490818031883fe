/* vigie-designer-play.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigie-script.h"

G_BEGIN_DECLS

GtkWindow *vigie_designer_play_new (GtkWindow   *parent,
                                    VigieScript *script);

G_END_DECLS
