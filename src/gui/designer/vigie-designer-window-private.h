/* vigie-designer-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the designer window's files share: the window's fields, the
 * bindings of form rows to the document, and each section's entry points.
 */
#pragma once

#include "vigie-designer-graph.h"
#include "vigie-designer-window.h"

G_BEGIN_DECLS

struct _VigieDesignerWindow
{
  AdwWindow            parent_instance;

  GtkDropDown         *client_dropdown;
  GtkListView         *outline_view;
  GtkScrolledWindow   *graph_scroller;
  GtkStack            *stack;
  GtkBox              *form_box;
  GtkBox              *case_form_box;
  GtkBox              *rules_box;
  GtkListBox          *problems_list;
  GtkColumnView       *cases_view;
  GtkLabel            *status_label;
  AdwToastOverlay     *toast_overlay;
  VigieDesignerGraph  *graph;

  char                *data_dir;
  GPtrArray           *client_ids;
  GPtrArray           *client_scripts;
  VigieScriptDocument *document;
  VigieScript         *checked;
  GPtrArray           *diagnostics;
  GPtrArray           *results;
  GListStore          *outline_roots;
  GtkSingleSelection  *outline_selection;
  GListStore          *cases_store;
  GtkSingleSelection  *cases_selection;
  char                *selected;
  int                  selected_case;
  GtkStringList       *ids_model;     /* "(none)" then every node id, shared by the target menus */
  GHashTable          *id_positions;  /* node id → position in ids_model */
  GHashTable          *outline_rows;  /* node id → its first VigieOutlineItem */
  GtkTreeListModel    *outline_tree;
  gboolean             applying;
  gboolean             syncing;
  gboolean             discarding;
  guint                forms_idle;
  guint                n_failed;
};

typedef struct
{
  char *node_id;   /* NULL: the root file (rules) */
  char *member;
  int   index;     /* in the member's array, or -1 */
  char *sub;       /* in that element, "when.keywords" for a nested one */
  int   kind;      /* how the text is read */
} Binding;

enum {
  VALUE_STRING,
  VALUE_NUMBER,
  VALUE_LIST,   /* comma-separated words */
};

/* Past a few hundred nodes a menu of every id is slow to build and to
 * read: the id is typed instead, and the check says if it exists. */
#define MAX_MENU_TARGETS 300

/* vigie-designer-window.c */
void       _vigie_designer_window_toast           (VigieDesignerWindow *self,
                                                   const char          *message);
void       _vigie_designer_window_refresh         (VigieDesignerWindow *self);
void       _vigie_designer_window_update_status   (VigieDesignerWindow *self);
void       _vigie_designer_window_set_document    (VigieDesignerWindow *self,
                                                   VigieScriptDocument *document);
void       _vigie_designer_window_load_clients    (VigieDesignerWindow *self);

/* vigie-designer-window-fields.c: rows bound to the document */
JsonNode  *_vigie_designer_text_to_value          (const char          *text,
                                                   int                  kind);
char      *_vigie_designer_value_to_text          (JsonNode            *node);
GtkWidget *_vigie_designer_entry_row              (VigieDesignerWindow *self,
                                                   const char          *title,
                                                   const char          *node_id,
                                                   const char          *member,
                                                   int                  index,
                                                   const char          *sub,
                                                   int                  kind);
GtkWidget *_vigie_designer_combo_row              (VigieDesignerWindow *self,
                                                   const char          *title,
                                                   const char * const  *labels,
                                                   const char * const  *values,
                                                   const char          *node_id,
                                                   const char          *member,
                                                   int                  index,
                                                   const char          *sub,
                                                   int                  kind,
                                                   gboolean             rebuild);
GtkWidget *_vigie_designer_target_dropdown        (VigieDesignerWindow *self,
                                                   const char          *node_id,
                                                   const char          *member,
                                                   int                  index,
                                                   const char          *sub);
GtkWidget *_vigie_designer_target_row             (VigieDesignerWindow *self,
                                                   const char          *title,
                                                   const char          *node_id,
                                                   const char          *member);
GtkWidget *_vigie_designer_element_button         (VigieDesignerWindow *self,
                                                   const char          *icon,
                                                   const char          *tooltip,
                                                   const char          *action,
                                                   const char          *node_id,
                                                   const char          *member,
                                                   int                  index);
GtkWidget *_vigie_designer_add_button             (VigieDesignerWindow *self,
                                                   const char          *label,
                                                   const char          *node_id,
                                                   const char          *member,
                                                   JsonObject          *template);
void       _vigie_designer_window_rebuild_ids     (VigieDesignerWindow *self);

/* vigie-designer-window-form.c: the inspector and the rules */
GtkWidget *_vigie_designer_group                  (GtkBox              *box,
                                                   const char          *title);
GtkWidget *_vigie_designer_action_button          (VigieDesignerWindow *self,
                                                   const char          *label,
                                                   const char          *action);
void       _vigie_designer_window_build_form      (VigieDesignerWindow *self);
void       _vigie_designer_window_build_rules     (VigieDesignerWindow *self);

/* vigie-designer-window-cases.c */
void       _vigie_designer_window_cases_class_init (GtkWidgetClass     *widget_class);
void       _vigie_designer_window_cases_init      (VigieDesignerWindow *self);
void       _vigie_designer_window_fill_cases      (VigieDesignerWindow *self);
void       _vigie_designer_window_build_case_form (VigieDesignerWindow *self);

/* vigie-designer-window-outline.c: the outline and the problems */
void       _vigie_designer_window_outline_init    (VigieDesignerWindow *self);
void       _vigie_designer_window_rebuild_outline (VigieDesignerWindow *self);
void       _vigie_designer_window_sync_outline    (VigieDesignerWindow *self);
void       _vigie_designer_window_fill_problems   (VigieDesignerWindow *self);

/* vigie-designer-window-actions.c */
void       _vigie_designer_window_actions_class_init (GtkWidgetClass  *widget_class);

G_END_DECLS
