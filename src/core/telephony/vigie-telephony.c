/* vigie-telephony.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's telephony: runs the configured connectors, journals every
 * connection, disconnection and call event, and counts rings nobody picks
 * up. A ring not answered within the client's delay (or abandoned before)
 * is journaled "call-unanswered" — the supervisor's answer rate needs
 * every ring — and, where the client asked for it, alerts the on-call
 * person with the caller's number.
 */
#define G_LOG_DOMAIN "vigie-telephony"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-ami-connector.h"
#include "vigie-baresip-connector.h"
#include "vigie-phone.h"
#include "vigie-telephony-config.h"
#include "vigie-telephony.h"
#include "vigie-wazo-connector.h"

#define MAX_RINGS 1000

typedef struct {
  VigieTelephony          *self;
  VigieTelephonyConnector *connector;   /* unowned; the manager owns it */
  VigieTelephonyEvent     *ring;
  gboolean                 answered;
  gboolean                 unanswered;
  guint                    timeout_id;
} Ring;

struct _VigieTelephony
{
  GObject        parent_instance;

  VigieContext  *context;
  GPtrArray     *connectors;
  GHashTable    *rings;        /* call id → Ring, until the hang-up */
  GHashTable    *was_connected;  /* connector → TRUE */
};

G_DEFINE_FINAL_TYPE (VigieTelephony, vigie_telephony, G_TYPE_OBJECT)

enum {
  CALL_RINGING,
  CALL_ANSWERED,
  CALL_ENDED,
  CALL_UNANSWERED,
  CONNECTOR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ring_free (gpointer data)
{
  Ring *ring = data;

  g_clear_handle_id (&ring->timeout_id, g_source_remove);
  vigie_telephony_event_free (ring->ring);
  g_free (ring);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
journal (VigieTelephony *self,
         const char     *call_id,
         const char     *kind,
         JsonBuilder    *builder)
{
  g_autoptr(GError) error = NULL;

  if (!vigie_journal_append_built (vigie_context_get_journal (self->context), builder, call_id, kind, &error))
    g_critical ("Telephony event not journaled: %s", error->message);
}

static JsonBuilder *
begin (VigieTelephonyConnector *connector)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "connector", vigie_telephony_connector_get_id (connector));
  return builder;
}

static VigieClient *
lookup_client (VigieTelephony *self,
               const char     *line)
{
  g_autofree char *normalized = line ? vigie_phone_normalize (line, NULL) : NULL;

  return normalized ? vigie_directory_lookup_line (vigie_context_get_directory (self->context), normalized) : NULL;
}

static JsonNode *
build_unanswered_alert (VigieTelephony *self,
                        Ring           *ring,
                        VigieClient    *client,
                        const char     *dedup,
                        const char     *number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  g_autofree char *summary = g_strdup_printf (_("Unanswered call from %s"), number);

  json_builder_begin_object (builder);
  add_string (builder, "dedup_key", dedup);
  add_string (builder, "call_id", ring->ring->call_id);
  add_string (builder, "received_at", at);
  add_string (builder, "summary", summary);
  add_string (builder, "message", summary);
  add_string (builder, "decision", "unanswered");
  json_builder_set_member_name (builder, "client");
  json_builder_begin_object (builder);
  add_string (builder, "id", vigie_client_get_id (client));
  add_string (builder, "name", vigie_client_get_name (client));
  add_string (builder, "line", ring->ring->line);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "caller");
  json_builder_begin_object (builder);
  add_string (builder, "number", number);
  add_string (builder, "name", ring->ring->caller_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "gravity");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Journals the ring as unanswered, once; alerts where the client asked. */
static void
mark_unanswered (VigieTelephony *self,
                 Ring           *ring,
                 const char     *reason)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  VigieClient *client;
  gboolean alert;

  if (ring->answered || ring->unanswered)
    return;
  ring->unanswered = TRUE;
  g_clear_handle_id (&ring->timeout_id, g_source_remove);

  client = lookup_client (self, ring->ring->line);
  alert = client != NULL && vigie_client_get_alert_unanswered (client);
  number = vigie_phone_is_anonymous (ring->ring->from) ? g_strdup ("anonymous")
         : (vigie_phone_normalize (ring->ring->from, NULL) ?: g_strdup (ring->ring->from));

  builder = begin (ring->connector);
  add_string (builder, "from", number);
  add_string (builder, "caller_name", ring->ring->caller_name);
  add_string (builder, "line", ring->ring->line);
  add_string (builder, "client_id", client ? vigie_client_get_id (client) : NULL);
  add_string (builder, "reason", reason);
  json_builder_set_member_name (builder, "alert");
  json_builder_add_boolean_value (builder, alert);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);

  if (alert)
    {
      VigieDispatcher *dispatcher = vigie_context_get_dispatcher (self->context);
      g_autofree char *dedup = g_strdup_printf ("vigie-unanswered-%s", ring->ring->call_id);
      g_autoptr(JsonNode) body = build_unanswered_alert (self, ring, client, dedup, number);
      g_autoptr(GPtrArray) entries = vigie_dispatcher_plan_alerts (dispatcher, client, ring->ring->call_id,
                                                                   dedup, body, g_get_real_time ());

      /* The journal row and the alerts commit together. */
      if (!vigie_outbox_commit (vigie_dispatcher_get_outbox (dispatcher), ring->ring->call_id,
                                "call-unanswered", data, entries, &error))
        g_critical ("Unanswered call not journaled: %s", error->message);
      else
        vigie_dispatcher_kick (dispatcher);
    }
  else if (!vigie_journal_append (vigie_context_get_journal (self->context), ring->ring->call_id,
                                  "call-unanswered", data, &error))
    g_critical ("Unanswered call not journaled: %s", error->message);

  g_signal_emit (self, signals[CALL_UNANSWERED], 0, ring->ring);
}

static gboolean
ring_timeout_cb (gpointer user_data)
{
  Ring *ring = user_data;

  ring->timeout_id = 0;
  mark_unanswered (ring->self, ring, "timeout");
  return G_SOURCE_REMOVE;
}

/* A ring whose hang-up was lost with its link would stay for good. */
static gint64
ring_received_at (gpointer ring)
{
  return ((Ring *) ring)->ring->received_at;
}

static void
call_event_cb (VigieTelephonyConnector   *connector,
               const VigieTelephonyEvent *event,
               VigieTelephony            *self)
{
  g_autoptr(JsonBuilder) builder = begin (connector);
  Ring *ring = g_hash_table_lookup (self->rings, event->call_id);
  const char *kind = NULL;

  switch (event->kind)
    {
    case VIGIE_TELEPHONY_RING:
      if (ring != NULL)
        return;   /* a repeated ring is the same call */
      if (g_hash_table_size (self->rings) >= MAX_RINGS)
        vigie_telephony_evict_oldest (self->rings, ring_received_at);
      ring = g_new0 (Ring, 1);
      ring->self = self;
      ring->connector = connector;
      ring->ring = vigie_telephony_event_copy (event);
      g_hash_table_insert (self->rings, g_strdup (event->call_id), ring);
      {
        VigieClient *client = lookup_client (self, event->line);
        guint delay = client ? vigie_client_get_ring_timeout (client) : 30;

        ring->timeout_id = g_timeout_add_seconds (delay, ring_timeout_cb, ring);
      }
      add_string (builder, "from", event->from);
      add_string (builder, "caller_name", event->caller_name);
      add_string (builder, "line", event->line);
      journal (self, event->call_id, "telephony-ring", builder);
      g_signal_emit (self, signals[CALL_RINGING], 0, event);
      return;

    case VIGIE_TELEPHONY_ANSWERED:
      if (ring == NULL || ring->answered)
        return;
      ring->answered = TRUE;
      g_clear_handle_id (&ring->timeout_id, g_source_remove);
      kind = "telephony-answered";
      if (ring->unanswered)
        add_string (builder, "note", "answered after the client's delay");
      journal (self, event->call_id, kind, builder);
      g_signal_emit (self, signals[CALL_ANSWERED], 0, ring->ring);
      return;

    case VIGIE_TELEPHONY_HANGUP:
      if (ring == NULL)
        return;
      if (!ring->answered)
        mark_unanswered (self, ring, "abandoned");
      json_builder_set_member_name (builder, "answered");
      json_builder_add_boolean_value (builder, ring->answered);
      journal (self, event->call_id, "telephony-hangup", builder);
      {
        g_autoptr(VigieTelephonyEvent) ended = vigie_telephony_event_copy (ring->ring);

        ended->kind = VIGIE_TELEPHONY_HANGUP;
        g_hash_table_remove (self->rings, event->call_id);
        g_signal_emit (self, signals[CALL_ENDED], 0, ended);
      }
      return;

    default:
      g_assert_not_reached ();
    }
}

static void
state_changed_cb (VigieTelephonyConnector *connector,
                  VigieTelephony          *self)
{
  VigieTelephonyState state = vigie_telephony_connector_get_state (connector);
  gboolean was = g_hash_table_contains (self->was_connected, connector);

  if (state == VIGIE_TELEPHONY_CONNECTED && !was)
    {
      g_autoptr(JsonBuilder) builder = begin (connector);

      g_hash_table_add (self->was_connected, connector);
      journal (self, NULL, "telephony-connected", builder);
    }
  else if (state != VIGIE_TELEPHONY_CONNECTED && was)
    {
      g_autoptr(JsonBuilder) builder = begin (connector);

      g_hash_table_remove (self->was_connected, connector);
      add_string (builder, "reason", vigie_telephony_connector_get_status (connector));
      journal (self, NULL, "telephony-disconnected", builder);
    }
  g_signal_emit (self, signals[CONNECTOR_CHANGED], 0, connector);
}

static void
rejected_cb (VigieTelephonyConnector *connector,
             const GError            *error,
             VigieTelephony          *self)
{
  g_autoptr(JsonBuilder) builder = begin (connector);

  add_string (builder, "error", error->message);
  journal (self, NULL, "telephony-rejected", builder);
}

static void
disconnect_connector (VigieTelephony          *self,
                      VigieTelephonyConnector *connector)
{
  g_signal_handlers_disconnect_by_data (connector, self);
  vigie_telephony_connector_stop (connector);
}

static void
vigie_telephony_dispose (GObject *object)
{
  VigieTelephony *self = (VigieTelephony *)object;

  if (self->connectors != NULL)
    vigie_telephony_stop (self);
  g_clear_pointer (&self->connectors, g_ptr_array_unref);
  g_clear_pointer (&self->rings, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigie_telephony_parent_class)->dispose (object);
}

static void
vigie_telephony_finalize (GObject *object)
{
  VigieTelephony *self = (VigieTelephony *)object;

  g_clear_pointer (&self->was_connected, g_hash_table_unref);

  G_OBJECT_CLASS (vigie_telephony_parent_class)->finalize (object);
}

static void
vigie_telephony_class_init (VigieTelephonyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_telephony_dispose;
  object_class->finalize = vigie_telephony_finalize;

  /**
   * VigieTelephony::call-ringing:
   * @event: the ring, with the caller and the line
   *
   * A call rings: the desk opens it.
   */
  signals[CALL_RINGING] =
    g_signal_new ("call-ringing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIE_TYPE_TELEPHONY_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CALL_ANSWERED] =
    g_signal_new ("call-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIE_TYPE_TELEPHONY_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIE_TYPE_TELEPHONY_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * VigieTelephony::call-unanswered:
   * @event: the ring nobody picked up
   *
   * Journaled already; the desk draws the operators' attention.
   */
  signals[CALL_UNANSWERED] =
    g_signal_new ("call-unanswered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIE_TYPE_TELEPHONY_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CONNECTOR_CHANGED] =
    g_signal_new ("connector-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIE_TYPE_TELEPHONY_CONNECTOR);
}

static void
vigie_telephony_init (VigieTelephony *self)
{
  self->connectors = g_ptr_array_new_with_free_func (g_object_unref);
  self->rings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ring_free);
  self->was_connected = g_hash_table_new (NULL, NULL);
}

/**
 * vigie_telephony_new:
 * @context: the loaded data (journal, directory, dispatcher)
 *
 * Returns: (transfer full): the telephony, with no connector yet; call
 *   vigie_telephony_reload() to run the configured ones
 */
VigieTelephony *
vigie_telephony_new (VigieContext *context)
{
  VigieTelephony *self;

  g_return_val_if_fail (VIGIE_IS_CONTEXT (context), NULL);

  self = g_object_new (VIGIE_TYPE_TELEPHONY, NULL);
  self->context = g_object_ref (context);
  return self;
}

/* 0 when absent; -1 (and @error) when not a port number. */
static gint64
config_port (JsonObject  *config,
             const char  *id,
             GError     **error)
{
  JsonNode *node = json_object_get_member (config, "port");

  if (node == NULL)
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1 || json_node_get_int (node) > 65535)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_CONFIG,
                   _("Connector “%s”: the port is a number from 1 to 65535"), id);
      return -1;
    }
  return json_node_get_int (node);
}

static VigieTelephonyConnector *
new_baresip (JsonObject *config,
             const char *id,
             const char *host,
             gint64      port,
             const char *line)
{
  VigieBaresipConnector *connector = vigie_baresip_connector_new (id, host ? host : "127.0.0.1",
                                                                  port ? port : 4444, line);
  JsonNode *node = json_object_get_member (config, "accounts");
  JsonObject *accounts;
  g_autoptr(GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return VIGIE_TELEPHONY_CONNECTOR (connector);
  accounts = json_node_get_object (node);
  members = json_object_get_members (accounts);
  for (GList *l = members; l; l = l->next)
    {
      const char *account_line = vigie_telephony_config_get_string (accounts, l->data);

      if (account_line != NULL)
        vigie_baresip_connector_map_account (connector, l->data, account_line);
    }
  return VIGIE_TELEPHONY_CONNECTOR (connector);
}

static void
add_ami_filters (VigieAmiConnector *connector,
                 JsonObject        *config,
                 const char        *member,
                 VigieAmiFilter     filter)
{
  JsonNode *node = json_object_get_member (config, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        vigie_ami_connector_add_filter (connector, filter, json_node_get_string (item));
    }
}

static VigieTelephonyConnector *
new_ami (JsonObject   *config,
         VigieSecrets *secrets,
         const char   *id,
         const char   *host,
         gint64        port,
         const char   *line)
{
  g_autoptr(GError) secret_error = NULL;
  g_autofree char *secret = secrets ? vigie_secrets_lookup (secrets, "telephony", id, "secret", &secret_error) : NULL;
  VigieAmiConnector *connector;

  if (secret_error != NULL)
    g_warning ("Connector “%s”: %s", id, secret_error->message);
  connector = vigie_ami_connector_new (id, host, port ? port : 5038,
                                       vigie_telephony_config_get_string (config, "username"),
                                       secret, line);
  add_ami_filters (connector, config, "extensions", VIGIE_AMI_FILTER_EXTENSION);
  add_ami_filters (connector, config, "queues", VIGIE_AMI_FILTER_QUEUE);
  return VIGIE_TELEPHONY_CONNECTOR (connector);
}

/**
 * vigie_telephony_connector_new_from_config:
 * @config: one connector's settings from telephony.json
 * @secrets: where the AMI password is kept
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the connector, not started
 */
VigieTelephonyConnector *
vigie_telephony_connector_new_from_config (JsonObject    *config,
                                           VigieSecrets  *secrets,
                                           GError       **error)
{
  const char *id, *kind, *host, *line;
  gint64 port;

  if (!vigie_telephony_config_check (config, error))
    return NULL;
  id = vigie_telephony_config_get_string (config, "id");
  kind = vigie_telephony_config_get_string (config, "kind");
  host = vigie_telephony_config_get_string (config, "host");
  line = vigie_telephony_config_get_string (config, "line");
  if ((port = config_port (config, id, error)) < 0)
    return NULL;

  if (g_str_equal (kind, "baresip"))
    return new_baresip (config, id, host, port, line);
  if (g_str_equal (kind, "ami"))
    return new_ami (config, secrets, id, host, port, line);
  return VIGIE_TELEPHONY_CONNECTOR (vigie_wazo_connector_new (id, line));
}

/**
 * vigie_telephony_add_connector:
 * @self: a #VigieTelephony
 * @connector: a connector, not started
 *
 * Follows @connector's events and starts it.
 */
void
vigie_telephony_add_connector (VigieTelephony          *self,
                               VigieTelephonyConnector *connector)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY (self));
  g_return_if_fail (VIGIE_IS_TELEPHONY_CONNECTOR (connector));

  g_ptr_array_add (self->connectors, g_object_ref (connector));
  g_signal_connect (connector, "call-event", G_CALLBACK (call_event_cb), self);
  g_signal_connect (connector, "state-changed", G_CALLBACK (state_changed_cb), self);
  g_signal_connect (connector, "rejected", G_CALLBACK (rejected_cb), self);
  vigie_telephony_connector_start (connector);
}

/**
 * vigie_telephony_reload:
 * @self: a #VigieTelephony
 * @error: return location for a #GError
 *
 * Stops the running connectors and starts the enabled ones from
 * telephony.json. A connector with a broken configuration is reported in
 * @error; the others start anyway.
 *
 * Returns: %FALSE if the file or a connector could not be read
 */
gboolean
vigie_telephony_reload (VigieTelephony  *self,
                        GError         **error)
{
  g_autoptr(JsonObject) config = NULL;
  VigieSecrets *secrets;
  JsonArray *array;
  gboolean ok = TRUE;

  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), FALSE);

  vigie_telephony_stop (self);
  if (!(config = vigie_telephony_config_load (vigie_context_get_data_dir (self->context), error)))
    return FALSE;

  secrets = vigie_dispatcher_get_secrets (vigie_context_get_dispatcher (self->context));
  array = vigie_telephony_config_connectors (config);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonNode *enabled;
      g_autoptr(VigieTelephonyConnector) connector = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      enabled = json_object_get_member (json_node_get_object (node), "enabled");
      if (enabled != NULL && JSON_NODE_HOLDS_VALUE (enabled) &&
          json_node_get_value_type (enabled) == G_TYPE_BOOLEAN && !json_node_get_boolean (enabled))
        continue;
      if (!(connector = vigie_telephony_connector_new_from_config (json_node_get_object (node), secrets, &local_error)))
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          continue;
        }
      vigie_telephony_add_connector (self, connector);
    }
  return ok;
}

/**
 * vigie_telephony_stop:
 * @self: a #VigieTelephony
 *
 * Disconnects every connector (journaled) and forgets them.
 */
void
vigie_telephony_stop (VigieTelephony *self)
{
  g_return_if_fail (VIGIE_IS_TELEPHONY (self));

  for (guint i = 0; i < self->connectors->len; i++)
    {
      VigieTelephonyConnector *connector = g_ptr_array_index (self->connectors, i);

      vigie_telephony_connector_stop (connector);
      state_changed_cb (connector, self);
      disconnect_connector (self, connector);
    }
  g_ptr_array_set_size (self->connectors, 0);
  g_hash_table_remove_all (self->rings);
  g_hash_table_remove_all (self->was_connected);
}

/**
 * vigie_telephony_get_connectors:
 * @self: a #VigieTelephony
 *
 * Returns: (transfer none) (element-type VigieTelephonyConnector): the
 *   running connectors
 */
GPtrArray *
vigie_telephony_get_connectors (VigieTelephony *self)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), NULL);
  return self->connectors;
}

/**
 * vigie_telephony_find_connector:
 * @self: a #VigieTelephony
 * @id: a connector id
 *
 * Returns: (transfer none) (nullable): the running connector
 */
VigieTelephonyConnector *
vigie_telephony_find_connector (VigieTelephony *self,
                                const char     *id)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), NULL);

  for (guint i = 0; i < self->connectors->len; i++)
    if (g_strcmp0 (vigie_telephony_connector_get_id (g_ptr_array_index (self->connectors, i)), id) == 0)
      return g_ptr_array_index (self->connectors, i);
  return NULL;
}

/**
 * vigie_telephony_find_kind:
 * @self: a #VigieTelephony
 * @type: a connector type
 *
 * Returns: (transfer none) (nullable): the first running connector of @type
 */
VigieTelephonyConnector *
vigie_telephony_find_kind (VigieTelephony *self,
                           GType           type)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), NULL);

  for (guint i = 0; i < self->connectors->len; i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (g_ptr_array_index (self->connectors, i), type))
      return g_ptr_array_index (self->connectors, i);
  return NULL;
}

/**
 * vigie_telephony_can_answer:
 * @self: a #VigieTelephony
 * @call_id: a call on the desk
 *
 * Returns: whether the call's line is on a connector the desk can pick
 *   up and hang up through (a softphone)
 */
gboolean
vigie_telephony_can_answer (VigieTelephony *self,
                            const char     *call_id)
{
  Ring *ring;

  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), FALSE);

  ring = call_id ? g_hash_table_lookup (self->rings, call_id) : NULL;
  return ring != NULL && vigie_telephony_connector_can_answer (ring->connector);
}

/**
 * vigie_telephony_is_ringing:
 * @self: a #VigieTelephony
 * @call_id: a call on the desk
 *
 * Returns: whether the call rings and nobody picked it up yet
 */
gboolean
vigie_telephony_is_ringing (VigieTelephony *self,
                            const char     *call_id)
{
  Ring *ring;

  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), FALSE);

  ring = call_id ? g_hash_table_lookup (self->rings, call_id) : NULL;
  return ring != NULL && !ring->answered;
}

static gboolean
command (VigieTelephony  *self,
         const char      *call_id,
         gboolean         answer,
         GError         **error)
{
  Ring *ring = call_id ? g_hash_table_lookup (self->rings, call_id) : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (ring == NULL)
    {
      g_set_error (error, VIGIE_TELEPHONY_ERROR, VIGIE_TELEPHONY_ERROR_UNKNOWN_CALL,
                   _("Call “%s” is not on a telephone line"), call_id ? call_id : "");
      return FALSE;
    }
  ok = answer ? vigie_telephony_connector_answer (ring->connector, call_id, &local_error)
              : vigie_telephony_connector_hangup (ring->connector, call_id, &local_error);

  /* What the operator asked the telephone to do, and whether it went. */
  builder = begin (ring->connector);
  add_string (builder, "command", answer ? "answer" : "hangup");
  if (local_error != NULL)
    add_string (builder, "error", local_error->message);
  journal (self, call_id, "telephony-command", builder);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/**
 * vigie_telephony_answer:
 * @self: a #VigieTelephony
 * @call_id: a ringing call
 * @error: return location for a #GError
 *
 * Picks the call up on the operator's softphone.
 */
gboolean
vigie_telephony_answer (VigieTelephony  *self,
                        const char      *call_id,
                        GError         **error)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), FALSE);
  return command (self, call_id, TRUE, error);
}

/**
 * vigie_telephony_hangup:
 * @self: a #VigieTelephony
 * @call_id: a call on the line
 * @error: return location for a #GError
 *
 * Ends the call on the operator's softphone (the caller hears the line drop).
 */
gboolean
vigie_telephony_hangup (VigieTelephony  *self,
                        const char      *call_id,
                        GError         **error)
{
  g_return_val_if_fail (VIGIE_IS_TELEPHONY (self), FALSE);
  return command (self, call_id, FALSE, error);
}

/* Whether @event is older than @since (never, without @since). */
static gboolean
happened_before (VigieJournalEvent *event,
                 GDateTime         *since)
{
  g_autoptr(GDateTime) at = NULL;

  if (since == NULL)
    return FALSE;
  at = g_date_time_new_from_iso8601 (event->at, NULL);
  return at == NULL || g_date_time_compare (at, since) < 0;
}

static void
count_event (VigieTelephonyCounts *counts,
             VigieJournalEvent    *event)
{
  if (g_str_equal (event->kind, "telephony-ring"))
    counts->rings++;
  else if (g_str_equal (event->kind, "telephony-answered"))
    counts->answered++;
  else if (g_str_equal (event->kind, "call-unanswered"))
    {
      counts->unanswered++;
      if (strstr (event->data, "\"alert\":true") != NULL)
        counts->alerted++;
    }
}

/**
 * vigie_telephony_count:
 * @journal: the journal
 * @since: (nullable): count events at or after this time; %NULL for all
 * @counts: (out caller-allocates): the counts
 * @error: return location for a #GError
 *
 * The supervisor's figures from the journal: rings, rings answered at the
 * telephone, rings journaled unanswered (and how many of those alerted
 * the on-call person).
 *
 * Returns: %FALSE if the journal could not be read
 */
gboolean
vigie_telephony_count (VigieJournal          *journal,
                       GDateTime             *since,
                       VigieTelephonyCounts  *counts,
                       GError               **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *since_text = since ? g_date_time_format_iso8601 (since) : NULL;
  g_autoptr(GDateTime) since_utc = since ? g_date_time_to_utc (since) : NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (journal), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  if (!(events = vigie_journal_list_events (journal, NULL, error)))
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      VigieJournalEvent *event = g_ptr_array_index (events, i);

      if (!happened_before (event, since_utc))
        count_event (counts, event);
    }
  return TRUE;
}

/**
 * vigie_telephony_prefill_identity:
 * @call: a call just opened from @event
 * @event: its ring
 *
 * A caller the directory does not know may still have a name at the PBX
 * (the CNAM, a SIP display name): it goes into the caller card's name for
 * the operator to check, rather than having to be typed. A known caller's
 * card is left alone.
 *
 * Returns: whether the name was filled in
 */
gboolean
vigie_telephony_prefill_identity (VigieCall                 *call,
                                  const VigieTelephonyEvent *event)
{
  VigieCallerIdentity *identity;

  g_return_val_if_fail (VIGIE_IS_CALL (call), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  identity = vigie_call_get_identity (call);
  if (vigie_call_get_caller (call) != NULL || event->caller_name == NULL || identity == NULL ||
      vigie_phone_is_anonymous (event->caller_name) ||
      (vigie_caller_identity_get (identity, VIGIE_CALLER_LAST_NAME) != NULL &&
       *vigie_caller_identity_get (identity, VIGIE_CALLER_LAST_NAME) != '\0'))
    return FALSE;
  return vigie_caller_identity_set (identity, VIGIE_CALLER_LAST_NAME, event->caller_name, NULL);
}
