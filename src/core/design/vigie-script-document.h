/* vigie-script-document.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigie-script.h"

G_BEGIN_DECLS

#define VIGIE_SCRIPT_DOCUMENT_ERROR (vigie_script_document_error_quark ())

typedef enum {
  VIGIE_SCRIPT_DOCUMENT_ERROR_NOT_FOUND,
  VIGIE_SCRIPT_DOCUMENT_ERROR_DUPLICATE_ID,
  VIGIE_SCRIPT_DOCUMENT_ERROR_INVALID,
  VIGIE_SCRIPT_DOCUMENT_ERROR_NO_FILE,
  VIGIE_SCRIPT_DOCUMENT_ERROR_CASES_FAILED,
} VigieScriptDocumentError;

#define VIGIE_TYPE_SCRIPT_DOCUMENT (vigie_script_document_get_type ())

G_DECLARE_FINAL_TYPE (VigieScriptDocument, vigie_script_document, VIGIE, SCRIPT_DOCUMENT, GObject)

GQuark               vigie_script_document_error_quark   (void);

/* Strict JSON in, pretty JSON out: the same text rules as the loader, and
 * one key order whatever the order of the edits, so files diff well. */
JsonNode            *vigie_script_json_parse              (const char           *text,
                                                           gssize                length,
                                                           GError              **error);
JsonNode            *vigie_script_json_copy               (JsonNode             *node);
char                *vigie_script_json_to_data            (JsonNode             *node);
gboolean             vigie_script_write_atomically        (GFile                *file,
                                                           const char           *data,
                                                           gsize                 length,
                                                           GError              **error);

VigieScriptDocument *vigie_script_document_new            (const char           *script_id);
VigieScriptDocument *vigie_script_document_load           (GFile                *root,
                                                           GError              **error);
GFile               *vigie_script_document_get_file       (VigieScriptDocument  *self);
void                 vigie_script_document_set_file       (VigieScriptDocument  *self,
                                                           GFile                *root);
guint                vigie_script_document_get_n_files    (VigieScriptDocument  *self);
const char          *vigie_script_document_get_file_path  (VigieScriptDocument  *self,
                                                           guint                 index);
char                *vigie_script_document_to_data        (VigieScriptDocument  *self,
                                                           guint                 file_index);

JsonObject          *vigie_script_document_get_root       (VigieScriptDocument  *self);
const char          *vigie_script_document_get_id         (VigieScriptDocument  *self);
const char          *vigie_script_document_get_start      (VigieScriptDocument  *self);
guint                vigie_script_document_get_n_nodes    (VigieScriptDocument  *self);
JsonObject          *vigie_script_document_get_node       (VigieScriptDocument  *self,
                                                           guint                 index);
JsonObject          *vigie_script_document_lookup         (VigieScriptDocument  *self,
                                                           const char           *node_id);
const char          *vigie_script_document_get_node_file  (VigieScriptDocument  *self,
                                                           const char           *node_id);
GStrv                vigie_script_document_get_targets    (JsonObject           *node);

void                 vigie_script_document_begin_group    (VigieScriptDocument  *self);
void                 vigie_script_document_end_group      (VigieScriptDocument  *self);
gboolean             vigie_script_document_set_member     (VigieScriptDocument  *self,
                                                           const char           *node_id,
                                                           const char           *member,
                                                           JsonNode             *value,
                                                           GError              **error);
gboolean             vigie_script_document_set_string     (VigieScriptDocument  *self,
                                                           const char           *node_id,
                                                           const char           *member,
                                                           const char           *value,
                                                           GError              **error);
gboolean             vigie_script_document_set_int        (VigieScriptDocument  *self,
                                                           const char           *node_id,
                                                           const char           *member,
                                                           gint64                value,
                                                           GError              **error);
gboolean             vigie_script_document_add_node      (VigieScriptDocument  *self,
                                                           const char           *file_path,
                                                           const char           *after_id,
                                                           JsonObject           *node,
                                                           GError              **error);
gboolean             vigie_script_document_remove_node    (VigieScriptDocument  *self,
                                                           const char           *node_id,
                                                           GError              **error);
gboolean             vigie_script_document_remove_branch  (VigieScriptDocument  *self,
                                                           const char           *node_id,
                                                           GError              **error);
gboolean             vigie_script_document_move_node      (VigieScriptDocument  *self,
                                                           const char           *node_id,
                                                           const char           *before_id,
                                                           GError              **error);
char                *vigie_script_document_duplicate_node (VigieScriptDocument  *self,
                                                           const char           *node_id,
                                                           GError              **error);
gboolean             vigie_script_document_rename_node    (VigieScriptDocument  *self,
                                                           const char           *old_id,
                                                           const char           *new_id,
                                                           GError              **error);
gboolean             vigie_script_document_add_include    (VigieScriptDocument  *self,
                                                           const char           *path,
                                                           GError              **error);
char                *vigie_script_document_unique_id      (VigieScriptDocument  *self,
                                                           const char           *base);

JsonNode            *vigie_script_document_get_cases      (VigieScriptDocument  *self);
void                 vigie_script_document_set_cases      (VigieScriptDocument  *self,
                                                           JsonNode             *cases);

gboolean             vigie_script_document_can_undo       (VigieScriptDocument  *self);
gboolean             vigie_script_document_can_redo       (VigieScriptDocument  *self);
gboolean             vigie_script_document_undo           (VigieScriptDocument  *self);
gboolean             vigie_script_document_redo           (VigieScriptDocument  *self);
gboolean             vigie_script_document_get_modified   (VigieScriptDocument  *self);
void                 vigie_script_document_mark_saved     (VigieScriptDocument  *self);

VigieScript         *vigie_script_document_check          (VigieScriptDocument  *self,
                                                           GPtrArray           **diagnostics);
VigieScript         *vigie_script_document_check_valid    (VigieScriptDocument  *self,
                                                           const char           *headline,
                                                           GError              **error);
gboolean             vigie_script_document_save           (VigieScriptDocument  *self,
                                                           GError              **error);
gboolean             vigie_script_document_save_to_folder (VigieScriptDocument  *self,
                                                           GFile                *folder,
                                                           GError              **error);

G_END_DECLS
