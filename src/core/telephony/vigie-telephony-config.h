/* vigie-telephony-config.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VIGIE_TELEPHONY_CONFIG_FILE "telephony.json"

JsonObject *vigie_telephony_config_load      (const char   *data_dir,
                                              GError      **error);
gboolean    vigie_telephony_config_save      (const char   *data_dir,
                                              JsonObject   *config,
                                              GError      **error);
JsonArray  *vigie_telephony_config_connectors (JsonObject  *config);
JsonObject *vigie_telephony_config_find      (JsonObject   *config,
                                              const char   *id);
JsonObject *vigie_telephony_config_ensure    (JsonObject   *config,
                                              const char   *id,
                                              const char   *kind,
                                              GError      **error);
gboolean    vigie_telephony_config_remove    (JsonObject   *config,
                                              const char   *id);
gboolean    vigie_telephony_config_set       (JsonObject   *connector,
                                              const char   *key,
                                              const char   *value,
                                              GError      **error);
gboolean    vigie_telephony_config_check     (JsonObject   *connector,
                                              GError      **error);
const char * const *vigie_telephony_config_kinds (void);
const char *vigie_telephony_config_get_string (JsonObject  *object,
                                              const char  *name);

G_END_DECLS
