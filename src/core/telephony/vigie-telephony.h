/* vigie-telephony.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigie-context.h"
#include "vigie-telephony-connector.h"

G_BEGIN_DECLS

/**
 * VigieTelephonyCounts:
 * @rings: calls that rang
 * @answered: of those, picked up at the telephone
 * @unanswered: journaled unanswered (not picked up within the client's delay, or abandoned)
 * @alerted: of those, with the on-call person alerted
 */
typedef struct {
  guint rings;
  guint answered;
  guint unanswered;
  guint alerted;
} VigieTelephonyCounts;

#define VIGIE_TYPE_TELEPHONY (vigie_telephony_get_type ())

G_DECLARE_FINAL_TYPE (VigieTelephony, vigie_telephony, VIGIE, TELEPHONY, GObject)

VigieTelephony          *vigie_telephony_new             (VigieContext     *context);
gboolean                 vigie_telephony_reload          (VigieTelephony   *self,
                                                          GError          **error);
void                     vigie_telephony_stop            (VigieTelephony   *self);
void                     vigie_telephony_add_connector   (VigieTelephony   *self,
                                                          VigieTelephonyConnector *connector);
GPtrArray               *vigie_telephony_get_connectors  (VigieTelephony   *self);
VigieTelephonyConnector *vigie_telephony_find_connector  (VigieTelephony   *self,
                                                          const char       *id);
VigieTelephonyConnector *vigie_telephony_find_kind       (VigieTelephony   *self,
                                                          GType             type);
gboolean                 vigie_telephony_can_answer      (VigieTelephony   *self,
                                                          const char       *call_id);
gboolean                 vigie_telephony_is_ringing      (VigieTelephony   *self,
                                                          const char       *call_id);
gboolean                 vigie_telephony_answer          (VigieTelephony   *self,
                                                          const char       *call_id,
                                                          GError          **error);
gboolean                 vigie_telephony_hangup          (VigieTelephony   *self,
                                                          const char       *call_id,
                                                          GError          **error);
gboolean                 vigie_telephony_count           (VigieJournal     *journal,
                                                          GDateTime        *since,
                                                          VigieTelephonyCounts *counts,
                                                          GError          **error);
gboolean                 vigie_telephony_prefill_identity (VigieCall      *call,
                                                          const VigieTelephonyEvent *event);
VigieTelephonyConnector *vigie_telephony_connector_new_from_config (JsonObject   *config,
                                                          VigieSecrets     *secrets,
                                                          GError          **error);

G_END_DECLS
