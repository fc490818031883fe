/* vigie-catalog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigieCatalog VigieCatalog;

VigieCatalog *vigie_catalog_new       (const char   *language);
const char   *vigie_catalog_gettext   (VigieCatalog *self,
                                       const char   *msgid);
const char   *vigie_catalog_get_language (VigieCatalog *self);
void          vigie_catalog_free      (VigieCatalog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieCatalog, vigie_catalog_free)

G_END_DECLS
