/* vigie-script-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The loader's helpers, shared by the files that read parts of a branch
 * file (rules, opening hours) so that every error carries file:line:column.
 */
#pragma once

#include "vigie-json.h"
#include "vigie-opening-hours.h"
#include "vigie-script.h"

G_BEGIN_DECLS

struct _VigieScript
{
  GObject            parent_instance;

  char              *id;
  char              *title;
  char              *path;
  char              *start;
  char              *timezone;
  VigieHolidayFlags  holidays;
  GPtrArray         *nodes;    /* VigieScriptNode*, in file order */
  GHashTable        *by_id;    /* id → VigieScriptNode* */
  GPtrArray         *files;    /* root first, then includes, NULL-terminated */
  GPtrArray         *rules;    /* VigieRule* */
  VigieOpeningHours *opening_hours;
};


typedef struct
{
  const char         *path;          /* the file being read, as the user wrote it */
  GPtrArray          *diagnostics;   /* VigieScriptDiagnostic* */
  GHashTable         *ref_positions; /* node target string → packed line/column */
  GPtrArray          *stack;         /* canonical paths being included, root first */
  GHashTable         *loaded;        /* canonical path of every file read */
  GPtrArray          *paths;         /* owns the displayed paths */
} VigieScriptLoader;

void        vigie_script_loader_report_in    (VigieScriptLoader   *loader,
                                              const char          *file,
                                              guint                line,
                                              guint                column,
                                              const char          *node_id,
                                              VigieScriptError     code,
                                              const char          *format,
                                              ...) G_GNUC_PRINTF (7, 8);

/* Diagnostics in the file being read, at a line and column or at a value
 * (%NULL for none). */
#define vigie_script_loader_report(loader, line, column, ...) \
  vigie_script_loader_report_in ((loader), (loader)->path, (line), (column), __VA_ARGS__)
#define vigie_script_loader_report_at(loader, where, ...) \
  do { \
    const VigieJsonValue *vigie_where_ = (where); \
    vigie_script_loader_report ((loader), vigie_where_ ? vigie_where_->line : 0, \
                                vigie_where_ ? vigie_where_->column : 0, __VA_ARGS__); \
  } while (0)

void        vigie_script_loader_check_fields (VigieScriptLoader   *loader,
                                              const VigieJsonValue *object,
                                              const char          *node_id,
                                              const char * const  *allowed);
const char *vigie_script_loader_get_string   (VigieScriptLoader   *loader,
                                              const VigieJsonValue *object,
                                              const char          *member,
                                              const char          *node_id,
                                              gboolean             required);
gboolean    vigie_script_loader_get_int      (VigieScriptLoader   *loader,
                                              const VigieJsonValue *object,
                                              const char          *member,
                                              const char          *node_id,
                                              int                  min,
                                              int                  max,
                                              int                 *value);
int         vigie_script_loader_get_bool     (VigieScriptLoader   *loader,
                                              const VigieJsonValue *object,
                                              const char          *member,
                                              const char          *node_id);
GStrv       vigie_script_loader_get_strv     (VigieScriptLoader   *loader,
                                              const VigieJsonValue *object,
                                              const char          *member,
                                              const char          *node_id);

/* vigie-script-nodes.c */
void        vigie_script_node_free           (gpointer             data);
VigieScriptNode *vigie_script_loader_load_node (VigieScriptLoader *loader,
                                                const VigieJsonValue *object);
void        vigie_script_loader_check_graph  (VigieScriptLoader   *loader,
                                              VigieScript         *self,
                                              const VigieJsonValue *start_member);

/* vigie-rules.c */
GPtrArray  *vigie_rules_load                 (VigieScriptLoader   *loader,
                                              const VigieJsonValue *rules,
                                              GHashTable          *nodes_by_id,
                                              gboolean             has_opening_hours);

/* vigie-opening-hours.c has no JSON; this reads the script's member. */
VigieOpeningHours *vigie_script_loader_load_opening_hours (VigieScriptLoader *loader,
                                                           const VigieJsonValue *member,
                                                           VigieHolidayFlags  holidays);

G_END_DECLS
