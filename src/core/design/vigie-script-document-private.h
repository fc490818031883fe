/* vigie-script-document-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the document's files share: the object and its history
 * (vigie-script-document.c) and the edits (vigie-script-document-edit.c).
 */
#pragma once

#include "vigie-script-document.h"

G_BEGIN_DECLS


typedef struct
{
  char     *path;   /* relative to the root file's folder */
  JsonNode *root;   /* an object */
} DocFile;

typedef struct
{
  GPtrArray *files; /* DocFile* */
  JsonNode  *cases;
  guint      serial;
} Snapshot;

typedef struct
{
  guint file;
  guint index;
} NodeRef;

struct _VigieScriptDocument
{
  GObject     parent_instance;

  GFile      *file;        /* the root file, nullable until saved */
  GPtrArray  *files;       /* DocFile*, root first */
  JsonNode   *cases;       /* the cases file beside the root, an object */
  GPtrArray  *nodes;       /* JsonObject*, borrowed from files, in file order */
  GHashTable *by_id;       /* node id → NodeRef* */
  GPtrArray  *undo;        /* Snapshot* */
  GPtrArray  *redo;        /* Snapshot* */
  guint       group_depth;
  gboolean    group_saved;
  guint       serial;      /* of the current state */
  guint       next_serial;
  guint       saved_serial;
};

JsonArray *_vigie_doc_file_nodes   (DocFile              *file);
JsonArray *_vigie_doc_ensure_nodes (DocFile              *file);
DocFile   *_vigie_doc_root_file    (VigieScriptDocument  *self);
NodeRef   *_vigie_doc_find_ref     (VigieScriptDocument  *self,
                                    const char           *node_id);
DocFile   *_vigie_doc_ref_file     (VigieScriptDocument  *self,
                                    const NodeRef        *ref);
void       _vigie_doc_reindex      (VigieScriptDocument  *self);
GPtrArray *_vigie_doc_copy_files   (GPtrArray            *files);
void       _vigie_doc_will_change  (VigieScriptDocument  *self);
void       _vigie_doc_did_change   (VigieScriptDocument  *self);
gboolean   _vigie_doc_load_file    (VigieScriptDocument  *self,
                                    GFile                *folder,
                                    GFile                *file,
                                    GError              **error);

G_END_DECLS
