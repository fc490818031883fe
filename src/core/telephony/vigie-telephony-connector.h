/* vigie-telephony-connector.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VIGIE_TELEPHONY_ERROR (vigie_telephony_error_quark ())

/**
 * VigieTelephonyError:
 * @VIGIE_TELEPHONY_ERROR_PROTOCOL: the peer sent something that is not its protocol
 * @VIGIE_TELEPHONY_ERROR_TOO_LONG: a message or field is larger than any real one
 * @VIGIE_TELEPHONY_ERROR_SLOW: a message took too long to arrive whole
 * @VIGIE_TELEPHONY_ERROR_NOT_CONNECTED: no connection to the peer
 * @VIGIE_TELEPHONY_ERROR_NOT_SUPPORTED: this connector cannot do that
 * @VIGIE_TELEPHONY_ERROR_UNKNOWN_CALL: no such call on this connector
 * @VIGIE_TELEPHONY_ERROR_CONFIG: the configuration is wrong
 */
typedef enum {
  VIGIE_TELEPHONY_ERROR_PROTOCOL,
  VIGIE_TELEPHONY_ERROR_TOO_LONG,
  VIGIE_TELEPHONY_ERROR_SLOW,
  VIGIE_TELEPHONY_ERROR_NOT_CONNECTED,
  VIGIE_TELEPHONY_ERROR_NOT_SUPPORTED,
  VIGIE_TELEPHONY_ERROR_UNKNOWN_CALL,
  VIGIE_TELEPHONY_ERROR_CONFIG,
} VigieTelephonyError;

typedef enum {
  VIGIE_TELEPHONY_DISCONNECTED,
  VIGIE_TELEPHONY_CONNECTING,
  VIGIE_TELEPHONY_CONNECTED,
} VigieTelephonyState;

typedef enum {
  VIGIE_TELEPHONY_RING,
  VIGIE_TELEPHONY_ANSWERED,
  VIGIE_TELEPHONY_HANGUP,
} VigieTelephonyEventKind;

/**
 * VigieTelephonyEvent:
 * @kind: ring, answered or hang-up
 * @call_id: the PBX's identifier of the call
 * @from: (nullable): the caller's number as the PBX gave it
 * @caller_name: (nullable): the name the PBX gave for the caller
 * @line: (nullable): the dialled line, when the PBX or the configuration says
 * @connector: the connector's configured id
 * @received_at: monotonic time the PBX's bytes were read
 *
 * One call event, the same for every PBX.
 */
typedef struct {
  VigieTelephonyEventKind  kind;
  char                    *call_id;
  char                    *from;
  char                    *caller_name;
  char                    *line;
  char                    *connector;
  gint64                   received_at;
} VigieTelephonyEvent;

#define VIGIE_TYPE_TELEPHONY_EVENT (vigie_telephony_event_get_type ())
GType                vigie_telephony_event_get_type (void) G_GNUC_CONST;
VigieTelephonyEvent *vigie_telephony_event_copy     (const VigieTelephonyEvent *event);
void                 vigie_telephony_event_free     (VigieTelephonyEvent       *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieTelephonyEvent, vigie_telephony_event_free)

#define VIGIE_TYPE_TELEPHONY_CONNECTOR (vigie_telephony_connector_get_type ())

G_DECLARE_INTERFACE (VigieTelephonyConnector, vigie_telephony_connector, VIGIE, TELEPHONY_CONNECTOR, GObject)

/**
 * VigieTelephonyConnectorInterface:
 * @start: connect (and keep reconnecting) to the PBX
 * @stop: disconnect and stop reconnecting
 * @answer: pick up a ringing call, when the connector can
 * @hangup: end a call, when the connector can
 *
 * One implementation per PBX (baresip's ctrl_tcp, Asterisk's AMI, Wazo's
 * webhooks); each reports calls with #VigieTelephonyConnector::call-event
 * and its link with the #VigieTelephonyConnector:state property.
 */
struct _VigieTelephonyConnectorInterface
{
  GTypeInterface parent_iface;

  void     (*start)  (VigieTelephonyConnector  *self);
  void     (*stop)   (VigieTelephonyConnector  *self);
  gboolean (*answer) (VigieTelephonyConnector  *self,
                      const char               *call_id,
                      GError                  **error);
  gboolean (*hangup) (VigieTelephonyConnector  *self,
                      const char               *call_id,
                      GError                  **error);
};

GQuark              vigie_telephony_error_quark            (void);
const char         *vigie_telephony_state_to_string        (VigieTelephonyState      state);
const char         *vigie_telephony_event_kind_to_string   (VigieTelephonyEventKind  kind);
void                vigie_telephony_connector_start        (VigieTelephonyConnector *self);
void                vigie_telephony_connector_stop         (VigieTelephonyConnector *self);
gboolean            vigie_telephony_connector_answer       (VigieTelephonyConnector *self,
                                                            const char              *call_id,
                                                            GError                 **error);
gboolean            vigie_telephony_connector_hangup       (VigieTelephonyConnector *self,
                                                            const char              *call_id,
                                                            GError                 **error);
gboolean            vigie_telephony_connector_can_answer   (VigieTelephonyConnector *self);
const char         *vigie_telephony_connector_get_id       (VigieTelephonyConnector *self);
VigieTelephonyState vigie_telephony_connector_get_state    (VigieTelephonyConnector *self);
const char         *vigie_telephony_connector_get_status   (VigieTelephonyConnector *self);

/* For implementations. */
void                vigie_telephony_connector_set_id       (VigieTelephonyConnector *self,
                                                            const char              *id);
void                vigie_telephony_connector_set_state    (VigieTelephonyConnector *self,
                                                            VigieTelephonyState      state,
                                                            const char              *status);
void                vigie_telephony_connector_emit_event   (VigieTelephonyConnector *self,
                                                            VigieTelephonyEventKind  kind,
                                                            const char              *call_id,
                                                            const char              *from,
                                                            const char              *caller_name,
                                                            const char              *line);
void                vigie_telephony_connector_emit_rejected (VigieTelephonyConnector *self,
                                                            const GError            *error);
guint               vigie_telephony_backoff_ms             (guint                    attempt);
gboolean            vigie_telephony_field_ok               (const char              *value,
                                                            gsize                    max_length);
gboolean            vigie_telephony_call_fields_ok         (JsonObject              *object,
                                                            const char              *id_member,
                                                            const char * const      *members);
gboolean            vigie_telephony_protocol_error         (GError                 **error,
                                                            const char              *message);
const char         *vigie_telephony_json_string            (JsonObject              *object,
                                                            const char              *name);
gboolean            vigie_telephony_json_is_false          (JsonObject              *object,
                                                            const char              *name);
void                vigie_telephony_evict_oldest           (GHashTable              *calls,
                                                            gint64                 (*created_at) (gpointer call));
JsonObject         *vigie_telephony_json_object            (JsonParser              *parser,
                                                            const char              *text,
                                                            gsize                    length,
                                                            const char              *what,
                                                            GError                 **error);

G_END_DECLS
