/* vigie-script-publish.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigie-script-document.h"

G_BEGIN_DECLS

/**
 * VigieScriptVersion:
 *
 * One published version of a script, kept so it can be restored.
 * @sha256 is the hash the desk journals with every call run on this
 * version ("script_sha256": over the script's files, root first, each
 * path from the data folder and its SHA-256); @files maps every published
 * file (root, branches, cases) to its own SHA-256.
 */
typedef struct {
  guint       number;
  char       *published_at;  /* ISO 8601, UTC */
  char       *sha256;
  char       *note;          /* nullable: "restored from version 3" */
  GHashTable *files;         /* relative path → SHA-256 */
} VigieScriptVersion;

void                vigie_script_version_free        (VigieScriptVersion  *version);

char               *vigie_script_compute_sha256      (const char          *data,
                                                      gsize                length);
VigieScriptVersion *vigie_script_publish             (VigieScriptDocument *document,
                                                      JsonNode            *cases,
                                                      const char          *note,
                                                      GPtrArray          **results,
                                                      GError             **error);
GPtrArray          *vigie_script_list_versions       (GFile               *root,
                                                      GError             **error);
VigieScriptVersion *vigie_script_restore_version     (GFile               *root,
                                                      guint                number,
                                                      GError             **error);

gboolean            vigie_script_add_client          (const char          *data_dir,
                                                      JsonObject          *client,
                                                      const char          *first_question,
                                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieScriptVersion, vigie_script_version_free)

G_END_DECLS
