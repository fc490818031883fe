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

G_END_DECLS
