/* vigie-peer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test peers on loopback: libsoup servers that implement the PagerDuty
 * Events API v2 (+ the incidents read API), GoAlert's generic incoming API
 * and ntfy's JSON publishing and JSON stream, strictly (they refuse missing
 * or wrong fields with the platform's own status codes), and that fail on
 * purpose: down, slow, 500, 429 with Retry-After.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  VIGIE_PEER_OK,
  VIGIE_PEER_SLOW,      /* answers after slow_ms */
  VIGIE_PEER_FAIL_500,
  VIGIE_PEER_FAIL_429,  /* with Retry-After: retry_after */
} VigiePeerMode;

typedef struct {
  char       *path;
  char       *query;
  char       *authorization;
  char       *content_type;
  char       *idempotency_key;
  JsonNode   *body;          /* NULL if not JSON */
  char       *raw;
  guint       status;        /* what the peer answered */
  gint64      received_us;   /* monotonic */
} VigiePeerRequest;

typedef struct {
  SoupServer    *server;
  char          *base_url;       /* http://127.0.0.1:PORT */
  guint          port;
  gboolean       down;

  VigiePeerMode  mode;
  int            fail_count;     /* failures before recovering; -1: forever */
  guint          retry_after;    /* seconds, for 429 */
  guint          slow_ms;
  gboolean       echo_400;
  guint          webhook_status; /* what /hook… and /alerts/… answer; 0: 200 */
  const char    *webhook_answer; /* their JSON body; NULL: {"ok":true} */
  GList         *slow_pending;   /* answers held back (VIGIE_PEER_SLOW), cancelled on free */       /* refuse with 400, quoting the request (as careless APIs do) */

  char          *routing_key;    /* PagerDuty integration key expected */
  char          *read_token;     /* PagerDuty REST API token expected */
  char          *goalert_token;
  char          *ntfy_token;     /* NULL: ntfy accepts anonymous publishing */

  GPtrArray     *requests;       /* VigiePeerRequest, every request */
  GHashTable    *received;       /* dedup key → GUINT times received */
  GHashTable    *accepted;       /* dedup key → GUINT times it created an incident */
  GHashTable    *incidents;      /* dedup key → status (triggered/acknowledged/resolved) */
  GHashTable    *acknowledger;   /* dedup key → name */
  GHashTable    *topics;         /* ntfy topic → GPtrArray of JsonNode messages */
  GPtrArray     *subscribers;    /* SoupServerMessage streaming */
  gint64         first_request_us;
  guint          n_goalert_alerts;
  gboolean       verbose;        /* print what arrives (demo receiver) */
} VigiePeer;

VigiePeer *vigie_peer_new            (GError     **error);
VigiePeer *vigie_peer_new_on_port    (guint        port,
                                      GError     **error);
void       vigie_peer_free           (VigiePeer   *peer);
void       vigie_peer_set_down       (VigiePeer   *peer,
                                      gboolean     down);
guint      vigie_peer_n_received     (VigiePeer   *peer,
                                      const char  *dedup_key);
guint      vigie_peer_n_accepted     (VigiePeer   *peer,
                                      const char  *dedup_key);
VigiePeerRequest *vigie_peer_last    (VigiePeer   *peer,
                                      const char  *path_prefix);
guint      vigie_peer_count          (VigiePeer   *peer,
                                      const char  *path_prefix,
                                      guint        status);
guint      vigie_peer_count_accepted (VigiePeer   *peer,
                                      const char  *path_prefix);
JsonObject *vigie_peer_last_body     (VigiePeer   *peer,
                                      const char  *path_prefix);
void       vigie_peer_pd_acknowledge (VigiePeer   *peer,
                                      const char  *dedup_key,
                                      const char  *who);
void       vigie_peer_ntfy_publish   (VigiePeer   *peer,
                                      const char  *topic,
                                      const char  *message);
char      *vigie_peer_url            (VigiePeer   *peer,
                                      const char  *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigiePeer, vigie_peer_free)

G_END_DECLS

G_BEGIN_DECLS

void vigie_peer_write_targets (const char *data_dir,
                               const char *client_id,
                               const char *targets_json,
                               const char *oncall_phone);

G_END_DECLS
