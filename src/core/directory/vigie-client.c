/* vigie-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-client"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigie-client.h"
#include "vigie-directory.h"
#include "vigie-phone.h"
#include "vigie-target.h"

struct _VigieClient
{
  GObject parent_instance;

  char  *id;
  char  *name;
  char  *sector;
  char  *greeting;
  char  *script;
  char  *timezone;
  GTimeZone *zone;  /* nullable; held so GLib's zone cache answers every
                     * later lookup of this name without reading tzdata */
  char  *language;  /* what the client reads its alerts in */
  char  *webhook;
  char **lines;
  char  *oncall_name;
  char  *oncall_phone;
  guint  ring_timeout;      /* seconds before a ring is unanswered */
  gboolean alert_unanswered;
  guint  retention_days;    /* personal data kept this long; 0: kept */
  JsonObject *summary;      /* clients.json "summary", nullable */
  GPtrArray *targets;  /* VigieTarget, in clients.json order */
};

G_DEFINE_FINAL_TYPE (VigieClient, vigie_client, G_TYPE_OBJECT)

static void
vigie_client_finalize (GObject *object)
{
  VigieClient *self = (VigieClient *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->sector);
  g_free (self->greeting);
  g_free (self->script);
  g_free (self->timezone);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->language);
  g_free (self->webhook);
  g_strfreev (self->lines);
  g_free (self->oncall_name);
  g_free (self->oncall_phone);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->summary, json_object_unref);

  G_OBJECT_CLASS (vigie_client_parent_class)->finalize (object);
}

static void
vigie_client_class_init (VigieClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_client_finalize;
}

static void
vigie_client_init (VigieClient *self)
{
  self->targets = g_ptr_array_new_with_free_func (g_object_unref);
}

static gboolean
add_target (VigieClient  *self,
            JsonNode     *element,
            GError      **error)
{
  VigieTarget *target;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Client “%s”: each target must be an object"), self->id);
      return FALSE;
    }
  if (!(target = vigie_target_new_from_json (self->id, json_node_get_object (element), error)))
    return FALSE;
  if (vigie_client_find_target (self, vigie_target_get_id (target)) != NULL)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_DUPLICATE,
                   _("Client “%s”: two targets are called “%s”"), self->id, vigie_target_get_id (target));
      g_object_unref (target);
      return FALSE;
    }
  g_ptr_array_add (self->targets, target);
  return TRUE;
}

/* The walking skeleton's lone "webhook" URL: a webhook target that posts
 * the alert as JSON. */
static gboolean
add_legacy_webhook (VigieClient  *self,
                    GError      **error)
{
  g_autoptr(JsonObject) legacy = json_object_new ();
  VigieTarget *target;

  if (self->webhook == NULL || vigie_client_find_target (self, "webhook") != NULL)
    return TRUE;
  json_object_set_string_member (legacy, "id", "webhook");
  json_object_set_string_member (legacy, "type", "webhook");
  json_object_set_string_member (legacy, "url", self->webhook);
  if (!(target = vigie_target_new_from_json (self->id, legacy, error)))
    return FALSE;
  g_ptr_array_add (self->targets, target);
  return TRUE;
}

/* "targets" in clients.json; the lone "webhook" URL still works. */
static gboolean
load_targets (VigieClient  *self,
              JsonObject   *object,
              GError      **error)
{
  JsonNode *node = json_object_get_member (object, "targets");
  JsonArray *array;

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Client “%s”: “targets” must be a list"), self->id);
      return FALSE;
    }
  array = node ? json_node_get_array (node) : NULL;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    if (!add_target (self, json_array_get_element (array, i), error))
      return FALSE;
  return add_legacy_webhook (self, error);
}

/* Dialled lines, normalised. */
static gboolean
load_lines (VigieClient  *self,
            JsonObject   *object,
            GError      **error)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  JsonArray *array = json_object_has_member (object, "lines") ? json_object_get_array_member (object, "lines") : NULL;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      const char *raw = json_array_get_string_element (array, i);
      g_autofree char *line = NULL;

      if (raw == NULL || !(line = vigie_phone_normalize (raw, error)))
        {
          g_prefix_error (error, _("Client “%s”: "), self->id);
          if (raw == NULL)
            g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                         _("Client “%s”: lines must be strings"), self->id);
          return FALSE;
        }
      g_strv_builder_add (lines, line);
    }
  self->lines = g_strv_builder_end (lines);
  return TRUE;
}

static void
load_oncall (VigieClient *self,
             JsonObject  *object)
{
  JsonObject *oncall;

  if (!json_object_has_member (object, "oncall") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "oncall")))
    return;
  oncall = json_object_get_object_member (object, "oncall");
  self->oncall_name = g_strdup (json_object_get_string_member_with_default (oncall, "name", NULL));
  self->oncall_phone = g_strdup (json_object_get_string_member_with_default (oncall, "phone", NULL));
}

static gboolean
delay_ok (JsonNode *delay)
{
  return delay == NULL ||
         (JSON_NODE_HOLDS_VALUE (delay) && json_node_get_value_type (delay) == G_TYPE_INT64 &&
          json_node_get_int (delay) >= 1 && json_node_get_int (delay) <= 3600);
}

static gboolean
boolean_ok (JsonNode *node)
{
  return node == NULL || (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN);
}

/* "unanswered": {"delay": 30, "alert": true} — "être averti en cas
 * d'appel non répondu". */
/* GDPR: the journal erases callers' personal data after this many days
 * ("retention_days"; absent or 0 keeps it). */
static gboolean
load_retention (VigieClient  *self,
                JsonObject   *object,
                GError      **error)
{
  JsonNode *days = json_object_get_member (object, "retention_days");

  if (days == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (days) || json_node_get_value_type (days) != G_TYPE_INT64 ||
      json_node_get_int (days) < 0 || json_node_get_int (days) > 36500)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Client “%s”: “retention_days” is a number of days (0 keeps personal data)"), self->id);
      return FALSE;
    }
  self->retention_days = (guint) json_node_get_int (days);
  return TRUE;
}

static gboolean
load_unanswered (VigieClient  *self,
                 JsonObject   *object,
                 GError      **error)
{
  JsonNode *node = json_object_get_member (object, "unanswered");
  JsonObject *unanswered;
  JsonNode *delay, *alert;

  self->ring_timeout = 30;
  if (node == NULL)
    return TRUE;
  unanswered = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  delay = unanswered ? json_object_get_member (unanswered, "delay") : NULL;
  alert = unanswered ? json_object_get_member (unanswered, "alert") : NULL;
  if (unanswered == NULL || !delay_ok (delay) || !boolean_ok (alert))
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Client “%s”: “unanswered” is {\"delay\": seconds (1–3600), \"alert\": true or false}"), self->id);
      return FALSE;
    }
  if (delay)
    self->ring_timeout = json_node_get_int (delay);
  self->alert_unanswered = alert && json_node_get_boolean (alert);
  return TRUE;
}

/* "summary": {"hour": "07:30", "target": "mail", "to": [...]}: the
 * night's logged and deferred calls, mailed once (src/core/alert/). */
static gboolean
load_summary (VigieClient  *self,
              JsonObject   *object,
              GError      **error)
{
  JsonNode *node = json_object_get_member (object, "summary");
  JsonObject *summary;
  const char *hour;
  guint h, m;

  if (node == NULL)
    return TRUE;
  summary = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  hour = summary ? json_object_get_string_member_with_default (summary, "hour", NULL) : NULL;
  if (hour == NULL || strlen (hour) != 5 || sscanf (hour, "%2u:%2u", &h, &m) != 2 || h > 23 || m > 59)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("Client “%s”: “summary” is {\"hour\": \"07:30\", \"target\": a mail target, \"to\": [addresses]}"),
                   self->id);
      return FALSE;
    }
  self->summary = json_object_ref (summary);
  return TRUE;
}

/**
 * vigie_client_new_from_json:
 * @object: one entry of the `clients` array of clients.json
 * @error: return location for a #GError
 *
 * Dialled lines are normalised here, once, so the screen pop only compares
 * strings.
 *
 * Returns: (transfer full) (nullable): the client
 */
VigieClient *
vigie_client_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(VigieClient) self = NULL;
  const char *id;
  const char *name;

  id = json_object_get_string_member_with_default (object, "id", NULL);
  name = json_object_get_string_member_with_default (object, "name", NULL);
  if (id == NULL || name == NULL)
    {
      g_set_error (error, VIGIE_DIRECTORY_ERROR, VIGIE_DIRECTORY_ERROR_INVALID,
                   _("A client needs an “id” and a “name”"));
      return NULL;
    }

  self = g_object_new (VIGIE_TYPE_CLIENT, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->sector = g_strdup (json_object_get_string_member_with_default (object, "sector", ""));
  self->greeting = g_strdup (json_object_get_string_member_with_default (object, "greeting", ""));
  self->script = g_strdup (json_object_get_string_member_with_default (object, "script", NULL));
  self->timezone = g_strdup (json_object_get_string_member_with_default (object, "timezone", "Europe/Paris"));
  self->zone = g_time_zone_new_identifier (self->timezone);
  self->language = g_strdup (json_object_get_string_member_with_default (object, "language", "fr"));
  self->webhook = g_strdup (json_object_get_string_member_with_default (object, "webhook", NULL));

  if (!load_lines (self, object, error))
    return NULL;
  load_oncall (self, object);
  if (!load_unanswered (self, object, error) || !load_retention (self, object, error) ||
      !load_summary (self, object, error) ||
      !load_targets (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
vigie_client_get_id (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->id;
}

const char *
vigie_client_get_name (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->name;
}

const char *
vigie_client_get_sector (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->sector;
}

const char *
vigie_client_get_greeting (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->greeting;
}

/**
 * vigie_client_get_script:
 * @self: a #VigieClient
 *
 * Returns: (nullable): the script path, relative to the data directory
 */
const char *
vigie_client_get_script (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->script;
}

const char *
vigie_client_get_timezone (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->timezone;
}

/**
 * vigie_client_get_language:
 * @self: a #VigieClient
 *
 * Returns: the language the client reads its alerts in (`language` in
 *   clients.json, "fr" when absent)
 */
const char *
vigie_client_get_language (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->language;
}

/**
 * vigie_client_get_webhook:
 * @self: a #VigieClient
 *
 * Returns: (nullable): the URL alerts are POSTed to
 */
const char *
vigie_client_get_webhook (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->webhook;
}

const char * const *
vigie_client_get_lines (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return (const char * const *)self->lines;
}

/**
 * vigie_client_get_targets:
 * @self: a #VigieClient
 *
 * Returns: (transfer none) (element-type VigieTarget): where the client's
 *   alerts go
 */
GPtrArray *
vigie_client_get_targets (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->targets;
}

/**
 * vigie_client_get_summary:
 * @self: a #VigieClient
 *
 * Returns: (transfer none) (nullable): the morning summary's settings
 *   ("hour", optional "target" and "to"), %NULL when none is wanted
 */
JsonObject *
vigie_client_get_summary (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->summary;
}

/**
 * vigie_client_find_target:
 * @self: a #VigieClient
 * @target_id: a target id
 *
 * Returns: (transfer none) (nullable): the target
 */
VigieTarget *
vigie_client_find_target (VigieClient *self,
                          const char  *target_id)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);

  for (guint i = 0; target_id && i < self->targets->len; i++)
    if (g_str_equal (vigie_target_get_id (g_ptr_array_index (self->targets, i)), target_id))
      return g_ptr_array_index (self->targets, i);
  return NULL;
}

/**
 * vigie_client_get_oncall_name:
 * @self: a #VigieClient
 *
 * Returns: (nullable): who to phone when no alert gets through
 */
const char *
vigie_client_get_oncall_name (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->oncall_name;
}

/**
 * vigie_client_get_oncall_phone:
 * @self: a #VigieClient
 *
 * Returns: (nullable): the number the operator phones when no alert gets
 *   through
 */
const char *
vigie_client_get_oncall_phone (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), NULL);
  return self->oncall_phone;
}

/**
 * vigie_client_get_ring_timeout:
 * @self: a #VigieClient
 *
 * Returns: seconds a ring may last before it counts as unanswered
 */
guint
vigie_client_get_ring_timeout (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), 30);
  return self->ring_timeout;
}

/**
 * vigie_client_get_alert_unanswered:
 * @self: a #VigieClient
 *
 * Returns: whether the on-call person is alerted of an unanswered call
 */
gboolean
vigie_client_get_alert_unanswered (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), FALSE);
  return self->alert_unanswered;
}

/**
 * vigie_client_get_retention_days:
 * @self: a #VigieClient
 *
 * Returns: how many days the journal keeps its callers' personal data;
 *   0 keeps it
 */
guint
vigie_client_get_retention_days (VigieClient *self)
{
  g_return_val_if_fail (VIGIE_IS_CLIENT (self), 0);
  return self->retention_days;
}
