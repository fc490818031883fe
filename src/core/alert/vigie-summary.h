/* vigie-summary.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-directory.h"
#include "vigie-outbox.h"

G_BEGIN_DECLS

#define VIGIE_SUMMARY_ERROR (vigie_summary_error_quark ())

/**
 * VigieSummaryError:
 * @VIGIE_SUMMARY_ERROR_NO_TARGET: the client has no mail target for it
 * @VIGIE_SUMMARY_ERROR_NOT_WANTED: the client asked for no summary
 */
typedef enum {
  VIGIE_SUMMARY_ERROR_NO_TARGET,
  VIGIE_SUMMARY_ERROR_NOT_WANTED,
} VigieSummaryError;

#define VIGIE_TYPE_SUMMARY (vigie_summary_get_type ())

G_DECLARE_FINAL_TYPE (VigieSummary, vigie_summary, VIGIE, SUMMARY, GObject)

GQuark        vigie_summary_error_quark   (void);
VigieSummary *vigie_summary_new           (VigieOutbox          *outbox,
                                           VigieDirectory       *directory,
                                           GError              **error);
void          vigie_summary_start         (VigieSummary         *self);
void          vigie_summary_stop          (VigieSummary         *self);
GDateTime    *vigie_summary_last_due      (VigieClient          *client,
                                           GDateTime            *now);
char         *vigie_summary_dedup_key     (VigieClient          *client,
                                           GDateTime            *night_end);
void          vigie_summary_queue_async   (VigieSummary         *self,
                                           VigieClient          *client,
                                           GDateTime            *night_end,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
char         *vigie_summary_queue_finish  (VigieSummary         *self,
                                           GAsyncResult         *result,
                                           gboolean             *queued,
                                           GError              **error);

G_END_DECLS
