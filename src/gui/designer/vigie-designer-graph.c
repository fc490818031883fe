/* vigie-designer-graph.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The script drawn as a graph, natively: a layered layout (longest path
 * from the start, then a few barycentre sweeps to uncross the branches)
 * and GtkSnapshot drawing, outcomes coloured by decision. No Graphviz.
 */
#define G_LOG_DOMAIN "vigie-designer-graph"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigie-designer-graph.h"

#define NODE_WIDTH   184.0
#define NODE_HEIGHT  58.0
#define GAP_X        28.0
#define GAP_Y        64.0
#define MARGIN       24.0

typedef struct
{
  char        *id;
  char        *text;
  const char  *type;      /* interned */
  const char  *decision;  /* interned, outcomes only */
  int         *targets;   /* indices, -1 ended */
  guint        layer;
  double       x;
  double       y;
  PangoLayout *layout;
} GraphNode;

struct _VigieDesignerGraph
{
  GtkWidget            parent_instance;

  VigieScriptDocument *document;
  GArray              *nodes;     /* GraphNode */
  GHashTable          *by_id;     /* id → index + 1 */
  char                *selected;
  char                *start;
  double               width;
  double               height;
  GtkAdjustment       *hadjustment;
  GtkAdjustment       *vadjustment;
  guint                hscroll_policy : 1;
  guint                vscroll_policy : 1;
};

/* Scrollable itself, so a frame draws only the nodes in view: a 2,000-node
 * graph is wider than 100,000 px. */
G_DEFINE_FINAL_TYPE_WITH_CODE (VigieDesignerGraph, vigie_designer_graph, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  NODE_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
graph_node_clear (gpointer data)
{
  GraphNode *node = data;

  g_free (node->id);
  g_free (node->text);
  g_free (node->targets);
  g_clear_object (&node->layout);
}

/* Fill, border. */
static void
node_colors (GraphNode *node,
             GdkRGBA   *fill,
             GdkRGBA   *border)
{
  const char *fill_spec = "#ffffff", *border_spec = "#77767b";

  if (g_strcmp0 (node->type, "outcome") == 0)
    {
      if (g_strcmp0 (node->decision, "trigger") == 0 || g_strcmp0 (node->decision, "déclencher") == 0)
        fill_spec = "#ffc0b8", border_spec = "#c01c28";
      else if (g_strcmp0 (node->decision, "defer") == 0 || g_strcmp0 (node->decision, "différer") == 0)
        fill_spec = "#fbe7a1", border_spec = "#c88800";
      else
        fill_spec = "#e0dfdc", border_spec = "#5e5c64";
    }
  else if (g_strcmp0 (node->type, "info") == 0)
    fill_spec = "#dbe9fb", border_spec = "#1c71d8";
  else if (g_strcmp0 (node->type, "text") == 0 || g_strcmp0 (node->type, "number") == 0)
    fill_spec = "#dff3e3", border_spec = "#26a269";
  gdk_rgba_parse (fill, fill_spec);
  gdk_rgba_parse (border, border_spec);
}

static int
index_of (VigieDesignerGraph *self,
          const char         *id)
{
  gpointer value = id ? g_hash_table_lookup (self->by_id, id) : NULL;

  return value ? GPOINTER_TO_INT (value) - 1 : -1;
}

static GraphNode *
node_at (VigieDesignerGraph *self,
         guint               i)
{
  return &g_array_index (self->nodes, GraphNode, i);
}

/* Depth-first from @root, appending finished nodes to @order (a reverse
 * topological order); back edges (to a node still open) are ignored. */
static void
visit (VigieDesignerGraph *self,
       int                 root,
       guint8             *state,
       GArray             *order)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  int frame[2] = { root, 0 };

  if (state[root] != 0)
    return;
  state[root] = 1;
  g_array_append_val (stack, frame);
  while (stack->len > 0)
    {
      int *top = &g_array_index (stack, int, (stack->len - 1) * 2);
      GraphNode *node = node_at (self, top[0]);
      int next = node->targets[top[1]];

      if (next < 0)
        {
          state[top[0]] = 2;
          g_array_append_val (order, top[0]);
          g_array_set_size (stack, stack->len - 1);
          continue;
        }
      top[1]++;
      if (state[next] == 0)
        {
          int child[2] = { next, 0 };

          state[next] = 1;
          g_array_append_val (stack, child);
        }
    }
}

static int
compare_x (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  const double *keys = user_data;
  int ia = *(const int *) a, ib = *(const int *) b;

  return keys[ia] < keys[ib] ? -1 : keys[ia] > keys[ib] ? 1 : ia - ib;
}

/* Longest path. In depth-first finishing order every edge goes from a
 * later-finished node to an earlier one, except back edges (loops in a
 * script being edited), which are left out. */
static void
assign_layers (VigieDesignerGraph *self,
               GArray             *order)
{
  guint n = self->nodes->len;
  g_autofree guint *finish = g_new0 (guint, n ? n : 1);

  for (guint k = 0; k < order->len; k++)
    finish[g_array_index (order, int, k)] = k;
  for (guint i = 0; i < n; i++)
    node_at (self, i)->layer = 0;
  for (guint k = order->len; k > 0; k--)
    {
      int u = g_array_index (order, int, k - 1);
      GraphNode *node = node_at (self, u);

      for (int *t = node->targets; *t >= 0; t++)
        if (finish[*t] < finish[u])
          node_at (self, *t)->layer = MAX (node_at (self, *t)->layer, node->layer + 1);
    }
}

static void
place_in_row (VigieDesignerGraph *self,
              GArray             *layer)
{
  for (guint j = 0; j < layer->len; j++)
    node_at (self, g_array_index (layer, int, j))->x = j * (NODE_WIDTH + GAP_X);
}

/* The layers, each its nodes' indices; first placement in depth-first
 * order keeps branches together. */
static GPtrArray *
fill_layers (VigieDesignerGraph *self,
             GArray             *order)
{
  GPtrArray *layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < self->nodes->len; i++)
    while (layers->len <= node_at (self, i)->layer)
      g_ptr_array_add (layers, g_array_new (FALSE, FALSE, sizeof (int)));
  for (guint k = order->len; k > 0; k--)
    {
      int u = g_array_index (order, int, k - 1);

      g_array_append_val (g_ptr_array_index (layers, node_at (self, u)->layer), u);
    }
  for (guint l = 0; l < layers->len; l++)
    place_in_row (self, g_ptr_array_index (layers, l));
  return layers;
}

/* One barycentre sweep of layer @l: each node moves under the mean of
 * its parents. */
static void
sweep_layer (VigieDesignerGraph *self,
             GArray             *layer,
             guint               l,
             double             *keys,
             guint              *parents)
{
  for (guint j = 0; j < layer->len; j++)
    {
      int v = g_array_index (layer, int, j);

      keys[v] = 0;
      parents[v] = 0;
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      GraphNode *node = node_at (self, i);

      for (int *t = node->targets; node->layer < l && *t >= 0; t++)
        if (node_at (self, *t)->layer == l)
          {
            keys[*t] += node->x;
            parents[*t]++;
          }
    }
  for (guint j = 0; j < layer->len; j++)
    {
      int v = g_array_index (layer, int, j);

      keys[v] = parents[v] ? keys[v] / parents[v] : node_at (self, v)->x;
    }
  g_array_sort_with_data (layer, compare_x, keys);
  place_in_row (self, layer);
}

static double
row_width (GArray *layer)
{
  return layer->len * (NODE_WIDTH + GAP_X) - GAP_X;
}

/* Every layer centred under the widest one. */
static void
centre_layers (VigieDesignerGraph *self,
               GPtrArray          *layers)
{
  double widest = 0;

  for (guint l = 0; l < layers->len; l++)
    widest = MAX (widest, row_width (g_ptr_array_index (layers, l)));
  for (guint l = 0; l < layers->len; l++)
    {
      GArray *layer = g_ptr_array_index (layers, l);
      double offset = (widest - row_width (layer)) / 2;

      for (guint j = 0; j < layer->len; j++)
        {
          GraphNode *node = node_at (self, g_array_index (layer, int, j));

          node->x += MARGIN + offset;
          node->y = MARGIN + l * (NODE_HEIGHT + GAP_Y);
        }
    }
  self->width = widest + 2 * MARGIN;
  self->height = layers->len * (NODE_HEIGHT + GAP_Y) - GAP_Y + 2 * MARGIN;
}

static void
layout_graph (VigieDesignerGraph *self)
{
  guint n = self->nodes->len;
  g_autofree guint8 *state = g_new0 (guint8, n ? n : 1);
  g_autofree double *keys = g_new0 (double, n ? n : 1);
  g_autofree guint *parents = g_new0 (guint, n ? n : 1);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) layers = NULL;
  int start = index_of (self, self->start);

  if (start >= 0)
    visit (self, start, state, order);
  for (guint i = 0; i < n; i++)
    visit (self, (int) i, state, order);
  assign_layers (self, order);
  layers = fill_layers (self, order);
  for (guint sweep = 0; sweep < 2; sweep++)
    for (guint l = 1; l < layers->len; l++)
      sweep_layer (self, g_ptr_array_index (layers, l), l, keys, parents);
  centre_layers (self, layers);
}

/* Edges as right-angled paths of plain rectangles: down from the parent,
 * across in the gap above the child's layer, down into the child. No
 * rotated nodes, which the cairo renderer does not clip. */
static void
append_edge (GtkSnapshot   *snapshot,
             double         x1,
             double         y1,
             double         x2,
             double         y2,
             const GdkRGBA *color)
{
  const double w = 1.5;
  double mid = y2 - GAP_Y / 2;

  if (y2 <= y1)
    {
      /* A link back up (a loop being edited): straight across the top. */
      mid = y2 - GAP_Y / 4;
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x1 - w / 2, mid, w, y1 - mid));
    }
  else
    gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x1 - w / 2, y1, w, mid - y1));
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (MIN (x1, x2) - w / 2, mid - w / 2,
                                                                   fabs (x2 - x1) + w, w));
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x2 - w / 2, mid, w, y2 - mid));
  /* The arrival, marked by a small square. */
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x2 - 3, y2 - 6, 6, 6));
}

static PangoLayout *
ensure_layout (VigieDesignerGraph *self,
               GraphNode          *node)
{
  if (node->layout == NULL)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>\n%s", node->id,
                                                          node->text ? node->text : "");

      node->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_layout_set_markup (node->layout, markup, -1);
      pango_layout_set_width (node->layout, (int) ((NODE_WIDTH - 14) * PANGO_SCALE));
      pango_layout_set_height (node->layout, -3);
      pango_layout_set_ellipsize (node->layout, PANGO_ELLIPSIZE_END);
    }
  return node->layout;
}

/* The part of the graph in view, in graph coordinates. */
typedef struct {
  double x0, y0, width, height;
} View;

static gboolean
view_misses (const View *view,
             double      left,
             double      top,
             double      right,
             double      bottom)
{
  return right < view->x0 || left > view->x0 + view->width || bottom < view->y0 || top > view->y0 + view->height;
}

static void
snapshot_edges (VigieDesignerGraph *self,
                GtkSnapshot        *snapshot,
                const View         *view,
                const GdkRGBA      *color)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      GraphNode *node = node_at (self, i);

      for (int *t = node->targets; *t >= 0; t++)
        {
          GraphNode *target = node_at (self, *t);

          if (view_misses (view, MIN (node->x, target->x), MIN (node->y, target->y),
                           MAX (node->x, target->x) + NODE_WIDTH, MAX (node->y, target->y) + NODE_HEIGHT))
            continue;
          append_edge (snapshot, node->x + NODE_WIDTH / 2, node->y + NODE_HEIGHT,
                       target->x + NODE_WIDTH / 2, target->y, color);
        }
    }
}

static void
snapshot_node (VigieDesignerGraph *self,
               GtkSnapshot        *snapshot,
               GraphNode          *node,
               const GdkRGBA      *text,
               const GdkRGBA      *selected)
{
  gboolean is_selected = g_strcmp0 (node->id, self->selected) == 0;
  gboolean is_start = g_strcmp0 (node->id, self->start) == 0;
  float border_width = is_selected ? 3 : is_start ? 2.5 : 1;
  GdkRGBA fill, border;
  GskRoundedRect box;

  node_colors (node, &fill, &border);
  if (is_selected)
    border = *selected;
  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (node->x, node->y, NODE_WIDTH, NODE_HEIGHT), 8);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &fill, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &box,
                              (float[4]) { border_width, border_width, border_width, border_width },
                              (GdkRGBA[4]) { border, border, border, border });
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (node->x + 7, node->y + 5));
  gtk_snapshot_append_layout (snapshot, ensure_layout (self, node), text);
  gtk_snapshot_restore (snapshot);
}

static void
vigie_designer_graph_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  VigieDesignerGraph *self = VIGIE_DESIGNER_GRAPH (widget);
  GdkRGBA edge, text, selected, background;
  View view = {
    self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0,
    self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0,
    gtk_widget_get_width (widget),
    gtk_widget_get_height (widget),
  };

  gdk_rgba_parse (&edge, "#9a9996");
  gdk_rgba_parse (&text, "#241f31");
  gdk_rgba_parse (&selected, "#3584e4");
  gdk_rgba_parse (&background, "#fafafa");

  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-view.x0, -view.y0));
  snapshot_edges (self, snapshot, &view, &edge);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      GraphNode *node = node_at (self, i);

      if (!view_misses (&view, node->x, node->y, node->x + NODE_WIDTH, node->y + NODE_HEIGHT))
        snapshot_node (self, snapshot, node, &text, &selected);
    }
  gtk_snapshot_restore (snapshot);
}

static void
configure_adjustments (VigieDesignerGraph *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->hadjustment)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (gtk_adjustment_get_value (self->hadjustment), 0, MAX (0, self->width - width)),
                              0, MAX (self->width, width), width * 0.1, width * 0.9, width);
  if (self->vadjustment)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, MAX (0, self->height - height)),
                              0, MAX (self->height, height), height * 0.1, height * 0.9, height);
}

static void
vigie_designer_graph_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  configure_adjustments (VIGIE_DESIGNER_GRAPH (widget));
}

static void
adjustment_changed_cb (GtkAdjustment      *adjustment,
                       VigieDesignerGraph *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (VigieDesignerGraph  *self,
                GtkAdjustment      **slot,
                GtkAdjustment       *adjustment)
{
  if (*slot == adjustment)
    return;
  if (*slot)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_changed_cb, self);
      g_object_unref (*slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self);
  configure_adjustments (self);
}

static void
vigie_designer_graph_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VigieDesignerGraph *self = VIGIE_DESIGNER_GRAPH (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigie_designer_graph_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VigieDesignerGraph *self = VIGIE_DESIGNER_GRAPH (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigie_designer_graph_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  VigieDesignerGraph *self = VIGIE_DESIGNER_GRAPH (widget);

  /* The scrolled window shows a part; the adjustments know the whole. */
  *minimum = 100;
  *natural = MAX (100, (int) ceil (MIN (orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height, 600)));
}

static void
pressed_cb (GtkGestureClick    *gesture,
            int                 n_press,
            double              x,
            double              y,
            VigieDesignerGraph *self)
{
  x += self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
  y += self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      GraphNode *node = node_at (self, i);

      if (x >= node->x && x <= node->x + NODE_WIDTH && y >= node->y && y <= node->y + NODE_HEIGHT)
        {
          g_autofree char *id = g_strdup (node->id);

          gtk_widget_grab_focus (GTK_WIDGET (self));
          vigie_designer_graph_set_selected (self, id);
          g_signal_emit (self, signals[NODE_SELECTED], 0, id);
          return;
        }
    }
}

static void
vigie_designer_graph_dispose (GObject *object)
{
  VigieDesignerGraph *self = VIGIE_DESIGNER_GRAPH (object);

  g_clear_object (&self->document);
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_changed_cb, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  G_OBJECT_CLASS (vigie_designer_graph_parent_class)->dispose (object);
}

static void
vigie_designer_graph_finalize (GObject *object)
{
  VigieDesignerGraph *self = VIGIE_DESIGNER_GRAPH (object);

  g_array_unref (self->nodes);
  g_hash_table_unref (self->by_id);
  g_free (self->selected);
  g_free (self->start);
  G_OBJECT_CLASS (vigie_designer_graph_parent_class)->finalize (object);
}

static void
vigie_designer_graph_class_init (VigieDesignerGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_designer_graph_dispose;
  object_class->finalize = vigie_designer_graph_finalize;
  object_class->get_property = vigie_designer_graph_get_property;
  object_class->set_property = vigie_designer_graph_set_property;
  widget_class->size_allocate = vigie_designer_graph_size_allocate;
  widget_class->snapshot = vigie_designer_graph_snapshot;
  widget_class->measure = vigie_designer_graph_measure;

  /**
   * VigieDesignerGraph::node-selected:
   * @id: the node clicked
   */
  signals[NODE_SELECTED] = g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");
  gtk_widget_class_set_css_name (widget_class, "designer-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigie_designer_graph_init (VigieDesignerGraph *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (GraphNode));
  g_array_set_clear_func (self->nodes, graph_node_clear);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Script graph"), -1);
}

GtkWidget *
vigie_designer_graph_new (void)
{
  return g_object_new (VIGIE_TYPE_DESIGNER_GRAPH, NULL);
}

/**
 * vigie_designer_graph_rebuild:
 * @self: a graph
 *
 * Reads the document again and lays it out; call after each change.
 */
void
vigie_designer_graph_rebuild (VigieDesignerGraph *self)
{
  guint n;

  g_return_if_fail (VIGIE_IS_DESIGNER_GRAPH (self));

  g_array_set_size (self->nodes, 0);
  g_hash_table_remove_all (self->by_id);
  g_clear_pointer (&self->start, g_free);
  self->width = self->height = 0;
  if (self->document == NULL)
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }

  self->start = g_strdup (vigie_script_document_get_start (self->document));
  n = vigie_script_document_get_n_nodes (self->document);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = vigie_script_document_get_node (self->document, i);
      const char *id = json_object_get_string_member_with_default (object, "id", NULL);
      const char *type = json_object_get_string_member_with_default (object, "type", "");
      GraphNode node = { 0 };

      if (id == NULL || g_hash_table_contains (self->by_id, id))
        continue;
      node.id = g_strdup (id);
      node.type = g_intern_string (type);
      node.text = g_strdup (json_object_get_string_member_with_default (object,
                                                                        g_str_equal (type, "outcome") ? "nature" : "text",
                                                                        NULL));
      node.decision = g_intern_string (json_object_get_string_member_with_default (object, "decision", ""));
      g_array_append_val (self->nodes, node);
      g_hash_table_insert (self->by_id, g_strdup (id), GINT_TO_POINTER (self->nodes->len));
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      GraphNode *node = node_at (self, i);
      JsonObject *object = vigie_script_document_lookup (self->document, node->id);
      g_auto(GStrv) targets = vigie_script_document_get_targets (object);
      guint k = 0;

      node->targets = g_new (int, g_strv_length (targets) + 1);
      for (guint j = 0; targets[j]; j++)
        {
          int t = index_of (self, targets[j]);

          if (t >= 0)
            node->targets[k++] = t;
        }
      node->targets[k] = -1;
    }
  layout_graph (self);
  configure_adjustments (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
vigie_designer_graph_set_document (VigieDesignerGraph  *self,
                                   VigieScriptDocument *document)
{
  g_return_if_fail (VIGIE_IS_DESIGNER_GRAPH (self));

  g_set_object (&self->document, document);
  vigie_designer_graph_rebuild (self);
}

const char *
vigie_designer_graph_get_selected (VigieDesignerGraph *self)
{
  g_return_val_if_fail (VIGIE_IS_DESIGNER_GRAPH (self), NULL);
  return self->selected;
}

void
vigie_designer_graph_set_selected (VigieDesignerGraph *self,
                                   const char         *node_id)
{
  g_return_if_fail (VIGIE_IS_DESIGNER_GRAPH (self));

  if (g_strcmp0 (self->selected, node_id) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (node_id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * vigie_designer_graph_get_node_area:
 * @self: a graph
 * @node_id: a node
 * @area: (out): where it is drawn, in the graph's coordinates
 *
 * Returns: %TRUE if the node is in the graph
 */
gboolean
vigie_designer_graph_get_node_area (VigieDesignerGraph *self,
                                    const char         *node_id,
                                    graphene_rect_t    *area)
{
  int i = index_of (self, node_id);

  if (i < 0)
    return FALSE;
  graphene_rect_init (area, node_at (self, i)->x, node_at (self, i)->y, NODE_WIDTH, NODE_HEIGHT);
  return TRUE;
}
