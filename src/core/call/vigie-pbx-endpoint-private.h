/* vigie-pbx-endpoint-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the endpoint's connection side (vigie-pbx-endpoint.c) and its
 * request reader (vigie-pbx-request.c) share.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-pbx-endpoint.h"

G_BEGIN_DECLS

#define MAX_FIELD_LENGTH 128

/* One parsed request; the strings point into the connection's buffer
 * copy or are owned by the tables. */
typedef struct
{
  char       *method;
  char       *path;
  const char *remote;
  GHashTable *headers;    /* lower-case name → value */
  GHashTable *query;      /* name → value */
  GHashTable *bad;        /* name → why it was refused (NUL, duplicate…) */
  gsize       body_length;
  gboolean    keep_alive;
} Request;

void        _vigie_pbx_request_free   (Request      *request);
gboolean    _vigie_pbx_parse_event    (const char   *name,
                                       VigiePbxEvent *event);
gboolean    _vigie_pbx_token_equal    (const char   *given,
                                       gsize         given_len,
                                       const char   *expected);
void        _vigie_pbx_decode_form    (const char   *text,
                                       gsize         length,
                                       GHashTable   *fields,
                                       GHashTable   *bad);
Request    *_vigie_pbx_parse_head     (const char   *head,
                                       gsize         length,
                                       const char   *remote,
                                       GError      **error);
gboolean    _vigie_pbx_head_token     (Request      *request,
                                       char        **token,
                                       gsize        *length);
GHashTable *_vigie_pbx_collect_fields (Request      *request,
                                       const char   *body,
                                       gsize         length,
                                       GError      **error);
gboolean    _vigie_pbx_check_field    (Request      *request,
                                       GHashTable   *fields,
                                       const char   *name,
                                       gboolean      required,
                                       GError      **error);
const char *_vigie_pbx_status_reason  (guint         status);
gssize      _vigie_pbx_find_head_end  (GByteArray   *in);
gboolean    _vigie_pbx_token_ok       (Request      *request,
                                       GHashTable   *fields,
                                       const char   *expected);
gboolean    _vigie_pbx_read_event     (Request      *request,
                                       GHashTable   *fields,
                                       VigiePbxRequest *event,
                                       GError      **error);
JsonNode   *_vigie_pbx_journal_data   (Request      *request,
                                       guint         status,
                                       const char   *message,
                                       GHashTable   *fields,
                                       guint         n_more);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, _vigie_pbx_request_free)

/* Shared by the endpoint's connections (vigie-pbx-endpoint.c) and its
 * answers (vigie-pbx-answer.c). */
typedef struct _Conn Conn;
typedef struct _Durable Durable;

struct _VigiePbxEndpoint
{
  GObject         parent_instance;

  VigieJournal   *journal;
  char           *token;
  GSocket        *listener;
  GSource        *accept_source;
  guint           accept_retry_id;
  guint           sweep_id;
  guint           port;
  GQueue          conns;        /* Conn, oldest first */

  gint64          refusal_window;
  guint           refusals_journaled;
  guint           refusals_counted;
  guint           refusal_flush_id;
  gint64          fd_logged_at;

  VigiePbxHandler handler;
  gpointer        handler_data;
  GDestroyNotify  handler_destroy;
};

struct _Conn
{
  VigiePbxEndpoint *self;
  GList             link;
  GSocket          *socket;
  GSource          *source;
  GIOCondition      watching;
  char             *remote;
  GByteArray       *in;
  GByteArray       *out;
  gsize             out_pos;
  gint64            request_started;  /* 0 between requests */
  gint64            last_activity;
  gint64            lingering_since;  /* 0 unless draining after a refusal */
  gsize             lingered;
  gboolean          close_after_write;
  Request          *request;          /* head read, body awaited */
  Durable          *durable;          /* an event awaiting its commit */
};

/* An accepted event on its way to disk; its answer waits for the commit. */
struct _Durable
{
  Conn     *conn;        /* NULL once the connection is gone */
  gboolean  keep_alive;
  char     *call_id;
};

void _vigie_pbx_conn_watch      (Conn              *conn,
                                 GIOCondition       condition);
void _vigie_pbx_conn_unwatch    (Conn              *conn);
void _vigie_pbx_respond         (Conn              *conn,
                                 Request           *request,
                                 guint              status,
                                 const char        *member,
                                 const char        *value,
                                 const char        *extra_headers);
void _vigie_pbx_refuse_early    (Conn              *conn,
                                 Request           *request,
                                 guint              status,
                                 const char        *message,
                                 const char        *journal_message,
                                 const char        *extra_headers);
void _vigie_pbx_journal_refusal (VigiePbxEndpoint  *self,
                                 Request           *request,
                                 guint              status,
                                 const char        *message,
                                 GHashTable        *fields);
void _vigie_pbx_flush_refusals  (VigiePbxEndpoint  *self);
void _vigie_pbx_handle_request  (Conn              *conn,
                                 Request           *request,
                                 const char        *body);

G_END_DECLS
