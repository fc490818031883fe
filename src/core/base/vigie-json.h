/* vigie-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VIGIE_JSON_ERROR (vigie_json_error_quark ())

typedef enum
{
  VIGIE_JSON_ERROR_SYNTAX,
  VIGIE_JSON_ERROR_ENCODING,
  VIGIE_JSON_ERROR_DEPTH,
} VigieJsonError;

typedef enum
{
  VIGIE_JSON_NULL,
  VIGIE_JSON_BOOLEAN,
  VIGIE_JSON_INTEGER,
  VIGIE_JSON_DOUBLE,
  VIGIE_JSON_STRING,
  VIGIE_JSON_ARRAY,
  VIGIE_JSON_OBJECT,
} VigieJsonType;

typedef struct _VigieJsonValue  VigieJsonValue;
typedef struct _VigieJsonMember VigieJsonMember;

/* Where a value or a member's name starts: line and column from 1, the
 * column counting characters as editors do. */
struct _VigieJsonValue
{
  VigieJsonType type;
  guint         line;
  guint         column;
  guint         length;     /* elements, members, or bytes of a string */
  union {
    gboolean         boolean;
    gint64           integer;
    double           number;
    const char      *string;
    VigieJsonValue  *elements;
    VigieJsonMember *members;
  };
};

struct _VigieJsonMember
{
  const char     *name;
  guint           line;
  guint           column;
  VigieJsonValue  value;
};

typedef struct _VigieJsonDocument VigieJsonDocument;

GQuark                 vigie_json_error_quark      (void);

VigieJsonDocument     *vigie_json_document_parse    (const char           *text,
                                                     gsize                 length,
                                                     guint                 max_depth,
                                                     guint                *error_line,
                                                     guint                *error_column,
                                                     GError              **error);
const VigieJsonValue  *vigie_json_document_get_root (VigieJsonDocument    *self);
void                   vigie_json_document_free     (VigieJsonDocument    *self);

const VigieJsonValue  *vigie_json_object_get        (const VigieJsonValue *object,
                                                     const char           *name);
const VigieJsonMember *vigie_json_object_get_member (const VigieJsonValue *object,
                                                     const char           *name);
gboolean               vigie_json_is_number         (const VigieJsonValue *value);
double                 vigie_json_get_number        (const VigieJsonValue *value);

gboolean               vigie_json_read_file         (const char           *path,
                                                     gsize                 max_size,
                                                     char                **contents,
                                                     gsize                *length,
                                                     GError              **error);
char                  *vigie_json_resolve_under     (const char           *root,
                                                     const char           *path,
                                                     GError              **error);
VigieJsonDocument     *vigie_json_load_file         (const char           *path,
                                                     gsize                 max_size,
                                                     guint                 max_depth,
                                                     GError              **error);
JsonNode              *vigie_json_to_node           (const VigieJsonValue *value);
char                  *vigie_json_scalar_to_text    (JsonNode             *node,
                                                     const char           *true_text,
                                                     const char           *false_text);
JsonObject            *vigie_json_member_object     (JsonObject           *object,
                                                     const char           *name);
JsonArray             *vigie_json_member_array      (JsonObject           *object,
                                                     const char           *name);

void                   vigie_json_builder_add_string (JsonBuilder         *builder,
                                                      const char          *member,
                                                      const char          *value);
void                   vigie_json_builder_add_nullable (JsonBuilder       *builder,
                                                        const char        *member,
                                                        const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieJsonDocument, vigie_json_document_free)

G_END_DECLS
