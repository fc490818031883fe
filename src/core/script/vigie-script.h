/* vigie-script.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigie-holidays.h"
#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_SCRIPT_ERROR (vigie_script_error_quark ())

typedef enum {
  VIGIE_SCRIPT_ERROR_NOT_FOUND,
  VIGIE_SCRIPT_ERROR_SYNTAX,
  VIGIE_SCRIPT_ERROR_UNKNOWN_FIELD,
  VIGIE_SCRIPT_ERROR_WRONG_TYPE,
  VIGIE_SCRIPT_ERROR_MISSING_FIELD,
  VIGIE_SCRIPT_ERROR_INVALID_VALUE,
  VIGIE_SCRIPT_ERROR_DUPLICATE_ID,
  VIGIE_SCRIPT_ERROR_MISSING_NODE,
  VIGIE_SCRIPT_ERROR_UNREACHABLE,
  VIGIE_SCRIPT_ERROR_CYCLE,
  VIGIE_SCRIPT_ERROR_NO_CHOICES,
  VIGIE_SCRIPT_ERROR_NO_DECISION,
  VIGIE_SCRIPT_ERROR_INCLUDE_LOOP,
  VIGIE_SCRIPT_ERROR_INVALID, /* summary error carrying every diagnostic */
  VIGIE_SCRIPT_ERROR_NEEDS_VALUE,
} VigieScriptError;

typedef enum {
  VIGIE_NODE_CHOICE,
  VIGIE_NODE_YESNO,
  VIGIE_NODE_INFO,
  VIGIE_NODE_OUTCOME,
  VIGIE_NODE_NUMBER,
  VIGIE_NODE_TEXT,
} VigieNodeKind;

/**
 * VigieScriptDiagnostic:
 *
 * One problem found in a branch file, at the place an editor can jump to.
 */
typedef struct {
  char             *file;
  guint             line;
  guint             column;
  char             *node_id;
  VigieScriptError  code;
  char             *message;
} VigieScriptDiagnostic;

typedef struct {
  char *label;
  char *next;
  char *key;      /* nullable: a short name for automation and rules */
} VigieScriptChoice;

/**
 * VigieScriptThreshold:
 *
 * A number answer strictly below @below leads to @next; thresholds are
 * tried in increasing order.
 */
typedef struct {
  double  below;
  char   *next;
} VigieScriptThreshold;

/**
 * VigieScriptNode:
 *
 * A node of a script, owned by its #VigieScript and read-only for
 * everybody else. Fields that do not apply to the node's kind are %NULL/0.
 */
typedef struct {
  char              *id;
  VigieNodeKind      kind;
  char              *text;
  GPtrArray         *choices;     /* VigieScriptChoice*, choice and yes/no */
  char              *next;        /* info, text; number: when no threshold matches */
  /* number */
  GPtrArray         *thresholds;  /* VigieScriptThreshold*, increasing */
  char              *unit;
  gboolean           has_min;
  gboolean           has_max;
  double             min;
  double             max;
  /* text */
  gboolean           optional;
  /* outcome */
  char              *nature;
  int                gravity;     /* 1 (minor) to 4 (critical) */
  char              *urgency;
  VigieDecisionKind  decision;
  char              *defer;
  char              *alert;       /* a template, see vigie_script_expand_template() */
  char              *escalation;
  char              *roster;
  /* where it was written */
  char              *file;
  guint              line;
  guint              column;
} VigieScriptNode;

/**
 * VigieTemplateLookup:
 * @name: a placeholder name, e.g. "caller" or "answer:fuite-active"
 * @user_data: closure
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if @name is unknown
 */
typedef char *(*VigieTemplateLookup) (const char *name,
                                      gpointer    user_data);

#define VIGIE_TYPE_SCRIPT (vigie_script_get_type ())

G_DECLARE_FINAL_TYPE (VigieScript, vigie_script, VIGIE, SCRIPT, GObject)

GQuark                 vigie_script_error_quark       (void);
VigieScript           *vigie_script_load              (GFile                  *file,
                                                       GPtrArray             **diagnostics,
                                                       GError                **error);
VigieScript           *vigie_script_load_from_data    (const char             *path,
                                                       const char             *contents,
                                                       gsize                   length,
                                                       GPtrArray             **diagnostics,
                                                       GError                **error);
const char            *vigie_script_get_id            (VigieScript            *self);
const char            *vigie_script_get_title         (VigieScript            *self);
const char            *vigie_script_get_path          (VigieScript            *self);
const VigieScriptNode *vigie_script_get_start         (VigieScript            *self);
const VigieScriptNode *vigie_script_lookup            (VigieScript            *self,
                                                       const char             *node_id);
guint                  vigie_script_get_n_nodes       (VigieScript            *self);
const VigieScriptNode *vigie_script_get_node          (VigieScript            *self,
                                                       guint                   index);
const char * const    *vigie_script_get_files         (VigieScript            *self);
GPtrArray             *vigie_script_get_rules         (VigieScript            *self);
VigieOpeningHours     *vigie_script_get_opening_hours (VigieScript            *self);
const char            *vigie_script_get_timezone      (VigieScript            *self);
VigieHolidayFlags      vigie_script_get_holidays      (VigieScript            *self);

guint                  vigie_script_node_get_n_targets (const VigieScriptNode *node);
const char            *vigie_script_node_get_target    (const VigieScriptNode *node,
                                                        guint                  index);
char                  *vigie_script_expand_template    (const char            *template_text,
                                                        VigieTemplateLookup    lookup,
                                                        gpointer               user_data,
                                                        GError               **error);
const char            *vigie_script_urgency_canonical  (const char            *urgency);
gboolean               vigie_script_parse_number       (const char            *text,
                                                        double                *value);

char                  *vigie_script_diagnostic_format (const VigieScriptDiagnostic *diagnostic);
void                   vigie_script_diagnostic_free   (VigieScriptDiagnostic  *diagnostic);

G_END_DECLS
