/* vigie-roster-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-journal.h"
#include "vigie-roster.h"

G_BEGIN_DECLS

#define VIGIE_ROSTER_STORE_ERROR (vigie_roster_store_error_quark ())

typedef enum {
  VIGIE_ROSTER_STORE_ERROR_SQLITE,
  VIGIE_ROSTER_STORE_ERROR_NO_ROSTER,
  VIGIE_ROSTER_STORE_ERROR_INVALID,
} VigieRosterStoreError;

/**
 * VigieIntervention:
 *
 * Time an on-call person spent working on a call, travel included: from
 * the acknowledgement to the recorded end.
 */
typedef struct {
  gint64     id;
  char      *client_id;
  char      *person_id;
  GDateTime *start;
  GDateTime *end;
  char      *source;   /* "manual" or "journal" */
  char      *call_id;
  char      *note;
} VigieIntervention;

#define VIGIE_TYPE_ROSTER_STORE (vigie_roster_store_get_type ())

G_DECLARE_FINAL_TYPE (VigieRosterStore, vigie_roster_store, VIGIE, ROSTER_STORE, GObject)

GQuark            vigie_roster_store_error_quark        (void);
VigieRosterStore *vigie_roster_store_open               (const char        *path,
                                                         VigieJournal      *journal,
                                                         GError           **error);
const char       *vigie_roster_store_get_path           (VigieRosterStore  *self);
VigieRoster      *vigie_roster_store_get                (VigieRosterStore  *self,
                                                         const char        *client_id);
VigieRoster      *vigie_roster_store_lookup             (VigieRosterStore  *self,
                                                         const char        *client_id,
                                                         GError           **error);
GStrv             vigie_roster_store_list_clients       (VigieRosterStore  *self);
gboolean          vigie_roster_store_save               (VigieRosterStore  *self,
                                                         VigieRoster       *roster,
                                                         const char        *author,
                                                         const char        *action,
                                                         const char        *detail,
                                                         GError           **error);
gboolean          vigie_roster_store_add_override       (VigieRosterStore  *self,
                                                         const char        *client_id,
                                                         VigieOverride     *override,
                                                         GError           **error);
gboolean          vigie_roster_store_remove_override    (VigieRosterStore  *self,
                                                         const char        *client_id,
                                                         const char        *override_id,
                                                         const char        *author,
                                                         GError           **error);
guint             vigie_roster_store_seed_dir           (VigieRosterStore  *self,
                                                         const char        *dir,
                                                         GError           **error);
gint64            vigie_roster_store_add_intervention   (VigieRosterStore  *self,
                                                         const char        *client_id,
                                                         const char        *person_id,
                                                         GDateTime         *start,
                                                         GDateTime         *end,
                                                         const char        *source,
                                                         const char        *call_id,
                                                         const char        *note,
                                                         GError           **error);
GPtrArray        *vigie_roster_store_list_interventions (VigieRosterStore  *self,
                                                         const char        *client_id,
                                                         const char        *person_id,
                                                         GDateTime         *from,
                                                         GDateTime         *to,
                                                         GError           **error);
guint             vigie_roster_store_collect_journal    (VigieRosterStore  *self,
                                                         VigieJournal      *journal,
                                                         GError           **error);

void              vigie_intervention_free               (VigieIntervention *intervention);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieIntervention, vigie_intervention_free)

G_END_DECLS
