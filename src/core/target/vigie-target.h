/* vigie-target.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vigie-secrets.h"
#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_TARGET_ERROR (vigie_target_error_quark ())

typedef enum {
  VIGIE_TARGET_ERROR_INVALID,
  VIGIE_TARGET_ERROR_MISSING_SECRET,
  VIGIE_TARGET_ERROR_UNSUPPORTED,
} VigieTargetError;

/**
 * VigieTargetKind:
 *
 * The platforms an alert can go to; docs/targets.md gives each contract.
 */
typedef enum {
  VIGIE_TARGET_PAGERDUTY,
  VIGIE_TARGET_GOALERT,
  VIGIE_TARGET_NTFY,
  VIGIE_TARGET_ALERTMANAGER,
  VIGIE_TARGET_WEBHOOK,
  VIGIE_TARGET_MAIL,
} VigieTargetKind;

/**
 * VigieAlertAction:
 * @VIGIE_ALERT_ACTION_TRIGGER: raise the alert
 * @VIGIE_ALERT_ACTION_ACKNOWLEDGE: the on-call person took it
 * @VIGIE_ALERT_ACTION_RESOLVE: the call is over
 */
typedef enum {
  VIGIE_ALERT_ACTION_TRIGGER,
  VIGIE_ALERT_ACTION_ACKNOWLEDGE,
  VIGIE_ALERT_ACTION_RESOLVE,
} VigieAlertAction;

/**
 * VigieTargetVerdict:
 * @VIGIE_TARGET_VERDICT_DELIVERED: the platform took the alert
 * @VIGIE_TARGET_VERDICT_RETRY: try again later (network, 408, 429, 5xx)
 * @VIGIE_TARGET_VERDICT_REJECTED: the platform refused it; retrying cannot help
 */
typedef enum {
  VIGIE_TARGET_VERDICT_DELIVERED,
  VIGIE_TARGET_VERDICT_RETRY,
  VIGIE_TARGET_VERDICT_REJECTED,
} VigieTargetVerdict;

#define VIGIE_TYPE_TARGET (vigie_target_get_type ())

/* Abstract: one class per platform (vigie-target-*.c); the class
 * structure they fill in is in vigie-target-private.h. */
G_DECLARE_DERIVABLE_TYPE (VigieTarget, vigie_target, VIGIE, TARGET, GObject)

GQuark              vigie_target_error_quark        (void);
const char         *vigie_target_kind_to_string     (VigieTargetKind      kind);
gboolean            vigie_target_kind_from_string   (const char          *str,
                                                     VigieTargetKind     *kind);
const char         *vigie_target_kind_get_label     (VigieTargetKind      kind);
const char * const *vigie_target_kind_secret_fields (VigieTargetKind      kind);
const char         *vigie_alert_action_to_string    (VigieAlertAction     action);
gboolean            vigie_alert_action_from_string  (const char          *str,
                                                     VigieAlertAction    *action);

const char         *vigie_gravity_to_pagerduty      (int                  gravity);
int                 vigie_gravity_to_ntfy           (int                  gravity);
const char         *vigie_gravity_to_severity_label (int                  gravity);
const char         *vigie_gravity_to_mail_priority  (int                  gravity);

VigieTarget        *vigie_target_new_from_json      (const char          *client_id,
                                                     JsonObject          *object,
                                                     GError             **error);
const char         *vigie_target_get_id             (VigieTarget         *self);
const char         *vigie_target_get_client_id      (VigieTarget         *self);
VigieTargetKind     vigie_target_get_kind           (VigieTarget         *self);
char               *vigie_target_redact             (VigieTarget         *self,
                                                     VigieSecrets        *secrets,
                                                     char                *text);
const char         *vigie_target_get_label          (VigieTarget         *self);
const char         *vigie_target_get_url            (VigieTarget         *self);
const char         *vigie_target_get_string         (VigieTarget         *self,
                                                     const char          *member);
JsonObject         *vigie_target_get_config         (VigieTarget         *self);
gboolean            vigie_target_supports           (VigieTarget         *self,
                                                     VigieAlertAction     action);
char               *vigie_target_dup_secret         (VigieTarget         *self,
                                                     VigieSecrets        *secrets,
                                                     const char          *field,
                                                     gboolean             required,
                                                     GError             **error);
SoupMessage        *vigie_target_build_message      (VigieTarget         *self,
                                                     VigieAlertAction     action,
                                                     const char          *dedup_key,
                                                     JsonObject          *alert,
                                                     VigieSecrets        *secrets,
                                                     GError             **error);
char               *vigie_target_build_mail         (VigieTarget         *self,
                                                     VigieAlertAction     action,
                                                     const char          *dedup_key,
                                                     JsonObject          *alert,
                                                     GDateTime           *now,
                                                     GError             **error);
JsonArray          *vigie_target_mail_recipients    (VigieTarget         *self,
                                                     JsonObject          *alert);
VigieTargetVerdict  vigie_target_classify           (VigieTarget         *self,
                                                     guint                status,
                                                     SoupMessageHeaders  *headers,
                                                     GBytes              *body,
                                                     gint64               now_us,
                                                     gint64              *retry_at_us,
                                                     char               **message);
char               *vigie_target_expand_template    (const char          *template,
                                                     JsonObject          *alert,
                                                     const char          *action,
                                                     const char          *content_type,
                                                     VigieTarget         *target,
                                                     VigieSecrets        *secrets,
                                                     GError             **error);

G_END_DECLS
