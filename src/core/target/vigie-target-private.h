/* vigie-target-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the platform classes share with the abstract #VigieTarget: the
 * class structure each platform fills in, and the helpers that read an
 * alert and shape a request. Only the vigie-target*.c files include it.
 */
#pragma once

#include "vigie-catalog.h"
#include "vigie-json.h"
#include "vigie-target.h"

G_BEGIN_DECLS

/**
 * VigieTargetPlatform:
 * @kind: the platform
 * @name: its `type` in clients.json
 * @label: its name for people, marked with N_()
 * @default_url: (nullable): the endpoint when clients.json gives none
 * @secret_fields: the secrets it reads from #VigieSecrets, %NULL-terminated
 * @url_schemes: (nullable): the schemes its URL may use, %NULL-terminated
 *   (default: http and https)
 * @check_config: (nullable): refuses a configuration the platform cannot
 *   use; the target's id, client, label and URL are already set
 * @supports: (nullable): whether the platform knows @action (default:
 *   trigger only)
 * @build_message: (nullable): the HTTP request for @action, or %NULL for a
 *   platform that does not speak HTTP (mail)
 * @classify: (nullable): reads the platform's answer (default: the HTTP
 *   rule of vigie_target_classify())
 *
 * What one platform is and does. Each platform's file fills in one and
 * hands it to VIGIE_DEFINE_TARGET_PLATFORM(), which writes the class around
 * it, the way GNOME Text Editor has one #EditorPageSettingsProvider per
 * settings source.
 */
typedef struct
{
  VigieTargetKind     kind;
  const char         *name;
  const char         *label;
  const char         *default_url;
  const char * const *secret_fields;
  const char * const *url_schemes;

  gboolean            (*check_config)  (VigieTarget         *self,
                                        JsonObject          *config,
                                        GError             **error);
  gboolean            (*supports)      (VigieTarget         *self,
                                        VigieAlertAction     action);
  SoupMessage        *(*build_message) (VigieTarget         *self,
                                        VigieAlertAction     action,
                                        const char          *dedup_key,
                                        JsonObject          *alert,
                                        VigieSecrets        *secrets,
                                        GError             **error);
  VigieTargetVerdict  (*classify)      (VigieTarget         *self,
                                        guint                status,
                                        SoupMessageHeaders  *headers,
                                        GBytes              *body,
                                        gint64               now_us,
                                        gint64              *retry_at_us,
                                        char               **message);
} VigieTargetPlatform;

struct _VigieTargetClass
{
  GObjectClass parent_class;

  const VigieTargetPlatform *platform;
};

/* A platform's class: nothing but its #VigieTargetPlatform, no state of
 * its own (the configuration is the base class's). */
#define VIGIE_DEFINE_TARGET_PLATFORM(TypeName, type_name, platform_info) \
  struct _##TypeName { VigieTarget parent_instance; }; \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, VIGIE_TYPE_TARGET) \
  static void type_name##_class_init (TypeName##Class *klass) \
  { VIGIE_TARGET_CLASS (klass)->platform = &(platform_info); } \
  static void type_name##_init (TypeName *self) { }

#define VIGIE_TYPE_PAGERDUTY_TARGET (vigie_pagerduty_target_get_type ())
G_DECLARE_FINAL_TYPE (VigiePagerdutyTarget, vigie_pagerduty_target, VIGIE, PAGERDUTY_TARGET, VigieTarget)

#define VIGIE_TYPE_GOALERT_TARGET (vigie_goalert_target_get_type ())
G_DECLARE_FINAL_TYPE (VigieGoalertTarget, vigie_goalert_target, VIGIE, GOALERT_TARGET, VigieTarget)

#define VIGIE_TYPE_NTFY_TARGET (vigie_ntfy_target_get_type ())
G_DECLARE_FINAL_TYPE (VigieNtfyTarget, vigie_ntfy_target, VIGIE, NTFY_TARGET, VigieTarget)

#define VIGIE_TYPE_ALERTMANAGER_TARGET (vigie_alertmanager_target_get_type ())
G_DECLARE_FINAL_TYPE (VigieAlertmanagerTarget, vigie_alertmanager_target, VIGIE, ALERTMANAGER_TARGET, VigieTarget)

#define VIGIE_TYPE_WEBHOOK_TARGET (vigie_webhook_target_get_type ())
G_DECLARE_FINAL_TYPE (VigieWebhookTarget, vigie_webhook_target, VIGIE, WEBHOOK_TARGET, VigieTarget)

#define VIGIE_TYPE_MAIL_TARGET (vigie_mail_target_get_type ())
G_DECLARE_FINAL_TYPE (VigieMailTarget, vigie_mail_target, VIGIE, MAIL_TARGET, VigieTarget)

extern const char * const _vigie_target_http_schemes[];

gboolean     _vigie_target_supports_resolve (VigieTarget      *self,
                                             VigieAlertAction  action);

/* Reading the alert (vigie-target-alert.c). */
JsonNode    *_vigie_alert_member      (JsonObject   *alert,
                                       const char   *path);
const char  *_vigie_alert_string      (JsonObject   *alert,
                                       const char   *path);
int          _vigie_alert_gravity     (JsonObject   *alert);
char        *_vigie_alert_summary     (JsonObject   *alert,
                                       gsize         max_chars);
char        *_vigie_alert_details     (JsonObject   *alert);
VigieCatalog *_vigie_alert_catalog    (JsonObject   *alert);
const char  *_vigie_alert_gettext     (VigieCatalog *catalog,
                                       const char   *msgid) G_GNUC_FORMAT (2);

/* Shaping the request (vigie-target-alert.c). */
SoupMessage *_vigie_target_json_message (const char  *method,
                                         const char  *url,
                                         JsonNode    *body,
                                         GError     **error);
void         _vigie_target_set_bearer   (SoupMessage *message,
                                         const char  *token);
SoupMessage *_vigie_target_post_json    (const char  *url,
                                         JsonBuilder *builder,
                                         const char  *token,
                                         GError     **error);
char        *_vigie_target_join_url     (const char  *base,
                                         const char  *path);
gboolean     _vigie_target_dup_optional_secret (VigieTarget   *self,
                                                VigieSecrets  *secrets,
                                                const char    *field,
                                                char         **value,
                                                GError       **error);

G_END_DECLS
