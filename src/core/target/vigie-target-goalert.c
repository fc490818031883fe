/* vigie-target-goalert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GoAlert's generic incoming API: the integration key in the query, the
 * summary texted as one SMS, "close" to resolve.
 */
#define G_LOG_DOMAIN "vigie-target"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-target-private.h"

static const char * const goalert_secrets[] = { "token", NULL };

/* GoAlert texts the summary: keep it short enough for one SMS. */
#define GOALERT_SUMMARY_CHARS 160

static SoupMessage *
vigie_goalert_target_build_message (VigieTarget       *self,
                                    VigieAlertAction   action,
                                    const char        *dedup_key,
                                    JsonObject        *alert,
                                    VigieSecrets      *secrets,
                                    GError           **error)
{
  g_autofree char *token = vigie_target_dup_secret (self, secrets, "token", TRUE, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  const char *base = vigie_target_get_url (self);

  if (token == NULL)
    return NULL;

  summary = _vigie_alert_summary (alert, GOALERT_SUMMARY_CHARS);
  details = _vigie_alert_details (alert);

  json_builder_begin_object (builder);
  vigie_json_builder_add_string (builder, "summary", summary);
  vigie_json_builder_add_string (builder, "details", details);
  vigie_json_builder_add_string (builder, "dedup", dedup_key);
  if (action == VIGIE_ALERT_ACTION_RESOLVE)
    vigie_json_builder_add_string (builder, "action", "close");
  json_builder_end_object (builder);

  escaped = g_uri_escape_string (token, NULL, FALSE);
  url = g_strdup_printf ("%s%stoken=%s", base, strchr (base, '?') ? "&" : "?", escaped);
  return _vigie_target_post_json (url, builder, NULL, error);
}

/* Resolve closes the alert; GoAlert has no acknowledgement by API key. */
static const VigieTargetPlatform goalert_platform = {
  .kind = VIGIE_TARGET_GOALERT, .name = "goalert", .label = N_("GoAlert"),
  .secret_fields = goalert_secrets,
  .supports = _vigie_target_supports_resolve, .build_message = vigie_goalert_target_build_message,
};

VIGIE_DEFINE_TARGET_PLATFORM (VigieGoalertTarget, vigie_goalert_target, goalert_platform)
