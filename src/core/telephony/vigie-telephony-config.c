/* vigie-telephony-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * telephony.json in the data directory: which connectors run, with what
 * settings. Kept in the data directory beside clients.json, not in
 * GSettings, so that `vigie telephony` can set a desk up by script before
 * anyone logs in, and a centre can copy one desk's file to the next.
 * Secrets (the AMI password) are not here: they live in VigieSecrets.
 *
 *   {"connectors": [
 *     {"id": "softphone", "kind": "baresip", "enabled": true,
 *      "host": "127.0.0.1", "port": 4444, "line": "0800 100 200",
 *      "accounts": {"sip:dupont@pbx": "0800 100 200"}},
 *     {"id": "pbx", "kind": "ami", "host": "pbx.lan", "port": 5038,
 *      "username": "vigie", "line": "0800 100 200",
 *      "extensions": ["201"], "queues": ["astreinte"]},
 *     {"id": "wazo", "kind": "wazo", "line": "0800 100 200"}]}
 */
#define G_LOG_DOMAIN "vigie-telephony-config"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vigie-telephony-config.h"
#include "vigie-telephony-connector.h"

static const char * const kinds[] = { "baresip", "ami", "wazo", NULL };

/**
 * vigie_telephony_config_get_string:
 * @object: settings
 * @name: a member
 *
 * Returns: (nullable): the member when it is a string; a hand-edited file
 *   with a number in its place reads as unset rather than aborting
 */
const char *
vigie_telephony_config_get_string (JsonObject *object,
                                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char * const *
vigie_telephony_config_kinds (void)
{
  return kinds;
}

/**
 * vigie_telephony_config_load:
 * @data_dir: the data directory
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the configuration; an empty one when
 *   the file does not exist
 */
JsonObject *
vigie_telephony_config_load (const char  *data_dir,
                             GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, VIGIE_TELEPHONY_CONFIG_FILE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *config;
  JsonNode *root;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      config = json_object_new ();
      json_object_set_array_member (config, "connectors", json_array_new ());
      return config;
    }
  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   "%s: %s", path, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (json_object_has_member (json_node_get_object (root), "connectors") &&
       !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "connectors"))))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("%s: expected an object with a “connectors” array"), path);
      return NULL;
    }
  config = json_object_ref (json_node_get_object (root));
  if (!json_object_has_member (config, "connectors"))
    json_object_set_array_member (config, "connectors", json_array_new ());
  return config;
}

/**
 * vigie_telephony_config_save:
 * @data_dir: the data directory
 * @config: the configuration
 * @error: return location for a #GError
 *
 * Writes the file atomically (a desk reading it never sees half of it).
 */
gboolean
vigie_telephony_config_save (const char  *data_dir,
                             JsonObject  *config,
                             GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, VIGIE_TELEPHONY_CONFIG_FILE, NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), config);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

JsonArray *
vigie_telephony_config_connectors (JsonObject *config)
{
  return json_object_get_array_member (config, "connectors");
}

/* The connector's position in @array, -1 if none has @id. */
static int
find_index (JsonArray  *array,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (vigie_telephony_config_get_string (json_node_get_object (node), "id"), id) == 0)
        return (int) i;
    }
  return -1;
}

/**
 * vigie_telephony_config_find:
 * @config: the configuration
 * @id: a connector id
 *
 * Returns: (transfer none) (nullable): the connector's settings
 */
JsonObject *
vigie_telephony_config_find (JsonObject *config,
                             const char *id)
{
  JsonArray *array = vigie_telephony_config_connectors (config);
  int index = find_index (array, id);

  return index < 0 ? NULL : json_array_get_object_element (array, index);
}

static gboolean
id_ok (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * vigie_telephony_config_ensure:
 * @config: the configuration
 * @id: a connector id (letters, digits, '-' and '_')
 * @kind: (nullable): "baresip", "ami" or "wazo"; required for a new one
 * @error: return location for a #GError
 *
 * Returns: (transfer none) (nullable): the connector's settings, added if new
 */
JsonObject *
vigie_telephony_config_ensure (JsonObject  *config,
                               const char  *id,
                               const char  *kind,
                               GError     **error)
{
  JsonObject *connector;

  if (!id_ok (id))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("“%s” is not a connector name (letters, digits, - and _)"), id ? id : "");
      return NULL;
    }
  if (kind != NULL && !g_strv_contains (kinds, kind))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("Unknown connector kind “%s”: use baresip, ami or wazo"), kind);
      return NULL;
    }

  connector = vigie_telephony_config_find (config, id);
  if (connector != NULL)
    {
      if (kind != NULL)
        json_object_set_string_member (connector, "kind", kind);
      return connector;
    }
  if (kind == NULL)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("No connector “%s”; give its kind to add it"), id);
      return NULL;
    }

  connector = json_object_new ();
  json_object_set_string_member (connector, "id", id);
  json_object_set_string_member (connector, "kind", kind);
  json_object_set_boolean_member (connector, "enabled", TRUE);
  json_array_add_object_element (vigie_telephony_config_connectors (config), connector);
  return connector;
}

gboolean
vigie_telephony_config_remove (JsonObject *config,
                               const char *id)
{
  JsonArray *array = vigie_telephony_config_connectors (config);
  int index = find_index (array, id);

  if (index < 0)
    return FALSE;
  json_array_remove_element (array, (guint) index);
  return TRUE;
}

static gboolean
config_error (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG, message);
  return FALSE;
}

/* "account:<AOR>": the line a baresip account's calls were dialled on. */
static gboolean
set_account (JsonObject  *connector,
             const char  *key,
             const char  *value,
             GError     **error)
{
  JsonObject *accounts;

  if (!json_object_has_member (connector, "accounts") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (connector, "accounts")))
    json_object_set_object_member (connector, "accounts", json_object_new ());
  accounts = json_object_get_object_member (connector, "accounts");
  if (value == NULL || *value == '\0')
    json_object_remove_member (accounts, key + strlen ("account:"));
  else
    json_object_set_string_member (accounts, key + strlen ("account:"), value);
  return TRUE;
}

static gboolean
set_string (JsonObject  *connector,
            const char  *key,
            const char  *value,
            GError     **error)
{
  json_object_set_string_member (connector, key, value);
  return TRUE;
}

static gboolean
set_port (JsonObject  *connector,
          const char  *key,
          const char  *value,
          GError     **error)
{
  guint64 port;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, error))
    return FALSE;
  json_object_set_int_member (connector, "port", port);
  return TRUE;
}

static gboolean
set_enabled (JsonObject  *connector,
             const char  *key,
             const char  *value,
             GError     **error)
{
  if (!g_str_equal (value, "true") && !g_str_equal (value, "false"))
    return config_error (error, _("“enabled” is true or false"));
  json_object_set_boolean_member (connector, "enabled", g_str_equal (value, "true"));
  return TRUE;
}

/* A comma-separated list, blanks dropped. */
static gboolean
set_list (JsonObject  *connector,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_auto(GStrv) items = g_strsplit (value, ",", -1);
  JsonArray *array = json_array_new ();

  for (guint i = 0; items[i]; i++)
    {
      g_strstrip (items[i]);
      if (*items[i] != '\0')
        json_array_add_string_element (array, items[i]);
    }
  json_object_set_array_member (connector, key, array);
  return TRUE;
}

typedef gboolean (*SetFunc) (JsonObject *, const char *, const char *, GError **);

static const struct {
  const char *key;
  SetFunc     set;
} setters[] = {
  { "host", set_string },
  { "line", set_string },
  { "username", set_string },
  { "port", set_port },
  { "enabled", set_enabled },
  { "extensions", set_list },
  { "queues", set_list },
};

/**
 * vigie_telephony_config_set:
 * @connector: a connector's settings
 * @key: host, port, line, username, enabled, extensions, queues,
 *   account:<AOR> (a baresip account's line), ring-timeout
 * @value: (nullable): the value as typed; %NULL or "" removes the key
 * @error: return location for a #GError
 *
 * Sets one setting from text, checking its type.
 */
gboolean
vigie_telephony_config_set (JsonObject  *connector,
                            const char  *key,
                            const char  *value,
                            GError     **error)
{
  if (value != NULL && (!g_utf8_validate (value, -1, NULL) || strlen (value) > 512))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("The value for “%s” is too long or not UTF-8"), key);
      return FALSE;
    }
  if (g_str_has_prefix (key, "account:"))
    return set_account (connector, key, value, error);
  if (value == NULL || *value == '\0')
    {
      json_object_remove_member (connector, key);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (setters); i++)
    if (g_str_equal (key, setters[i].key))
      return setters[i].set (connector, key, value, error);
  g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
               _("Unknown setting “%s”"), key);
  return FALSE;
}

/**
 * vigie_telephony_config_check:
 * @connector: a connector's settings
 * @error: return location for a #GError
 *
 * Returns: whether the connector has what its kind needs to run
 */
gboolean
vigie_telephony_config_check (JsonObject  *connector,
                              GError     **error)
{
  const char *id = vigie_telephony_config_get_string (connector, "id");
  const char *kind = vigie_telephony_config_get_string (connector, "kind");

  if (!id_ok (id) || kind == NULL || !g_strv_contains (kinds, kind))
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("A connector needs an id and a kind (baresip, ami or wazo)"));
      return FALSE;
    }
  if (g_str_equal (kind, "ami") &&
      vigie_telephony_config_get_string (connector, "username") == NULL)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("Connector “%s”: the AMI needs a username"), id);
      return FALSE;
    }
  if (g_str_equal (kind, "ami") &&
      vigie_telephony_config_get_string (connector, "host") == NULL)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("Connector “%s”: the AMI needs a host"), id);
      return FALSE;
    }
  return TRUE;
}
