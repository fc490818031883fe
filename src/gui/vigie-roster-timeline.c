/* vigie-roster-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fourteen days of a roster, one row a day, midnight to midnight: each
 * person in their colour, coverage gaps in red, the current time as a
 * line. A tooltip names the shift under the pointer.
 */
#define G_LOG_DOMAIN "vigie-roster-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-roster-timeline.h"

#define LABEL_WIDTH 96.0
#define HEADER      20.0
#define ROW         26.0

struct _VigieRosterTimeline
{
  GtkWidget    parent_instance;

  VigieRoster *roster;
  GDateTime   *from;     /* local midnight */
  GDateTime   *now;      /* (nullable) */
  guint        days;
  GPtrArray   *shifts;
};

G_DEFINE_FINAL_TYPE (VigieRosterTimeline, vigie_roster_timeline, GTK_TYPE_WIDGET)

static const char *palette[] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#9141ac", "#2ec27e", "#986a44", "#c061cb",
};

/**
 * vigie_roster_timeline_person_color:
 * @roster: a roster
 * @person_id: one of its people
 * @color: (out): the person's colour in the timeline and legend
 */
void
vigie_roster_timeline_person_color (VigieRoster *roster,
                                    const char  *person_id,
                                    GdkRGBA     *color)
{
  GPtrArray *people = vigie_roster_get_people (roster);
  guint index = 0;

  for (guint i = 0; i < people->len; i++)
    if (g_strcmp0 (((VigieRosterPerson *) g_ptr_array_index (people, i))->id, person_id) == 0)
      index = i;
  gdk_rgba_parse (color, palette[index % G_N_ELEMENTS (palette)]);
}

static GDateTime *
day_start (VigieRosterTimeline *self,
           guint                day)
{
  return g_date_time_add_days (self->from, (int) day);
}

static void
recompute (VigieRosterTimeline *self)
{
  g_autoptr(GDateTime) to = NULL;

  g_clear_pointer (&self->shifts, g_ptr_array_unref);
  if (self->roster && self->from)
    {
      to = day_start (self, self->days);
      self->shifts = vigie_roster_timeline (self->roster, self->from, to);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* x position of @when in the row of the day starting at @day. */
static double
x_of (VigieRosterTimeline *self,
      GDateTime           *day,
      GDateTime           *when,
      double               width)
{
  g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);
  double length = (double) g_date_time_difference (next, day);
  double offset = (double) g_date_time_difference (when, day);

  return LABEL_WIDTH + (width - LABEL_WIDTH) * CLAMP (offset / length, 0.0, 1.0);
}

static void
draw_text (GtkWidget     *widget,
           GtkSnapshot   *snapshot,
           const char    *text,
           double         x,
           double         y,
           double         max_width,
           const GdkRGBA *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) (y - h / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

/* The colours of one drawing. */
typedef struct {
  GdkRGBA fg, grid, gap, white, now, ink;
} Colors;

/* Hours across the top. */
static void
snapshot_hours (VigieRosterTimeline *self,
                GtkSnapshot         *snapshot,
                double               width,
                const Colors       *colors)
{
  for (int h = 0; h <= 24; h += 6)
    {
      double x = LABEL_WIDTH + (width - LABEL_WIDTH) * h / 24.0;
      g_autofree char *label = g_strdup_printf ("%02dh", h % 24);

      gtk_snapshot_append_color (snapshot, &colors->grid,
                                 &GRAPHENE_RECT_INIT ((float) x, HEADER, 1, (float) (ROW * self->days)));
      if (h < 24)
        draw_text (GTK_WIDGET (self), snapshot, label, x + 2, HEADER / 2, 40, &colors->fg);
    }
}

/* The name written on a shift's bar: the person, or "Gap"; "↻" marks a
 * replacement. */
static char *
shift_label (VigieRosterTimeline *self,
             VigieShift          *shift)
{
  const VigieRosterPerson *p = vigie_roster_find_person (self->roster, shift->person_id);
  const char *name = p ? p->name : C_("roster", "Gap");

  return shift->source == VIGIE_SHIFT_OVERRIDE ? g_strdup_printf ("↻ %s", name) : g_strdup (name);
}

/* The part of @shift within the day from @day to @next, on row @y. */
static void
snapshot_shift (VigieRosterTimeline *self,
                GtkSnapshot         *snapshot,
                VigieShift          *shift,
                GDateTime           *day,
                GDateTime           *next,
                double               y,
                double               width,
                const Colors       *colors)
{
  GDateTime *s = g_date_time_compare (shift->start, day) > 0 ? shift->start : day;
  GDateTime *e = g_date_time_compare (shift->end, next) < 0 ? shift->end : next;
  double x1 = x_of (self, day, s, width);
  double x2 = x_of (self, day, e, width);
  GdkRGBA color = colors->gap;
  g_autofree char *text = NULL;

  if (shift->person_id)
    vigie_roster_timeline_person_color (self->roster, shift->person_id, &color);
  if (shift->source == VIGIE_SHIFT_OVERRIDE)
    color.alpha = 0.75f;
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT ((float) x1, (float) (y + 3), (float) MAX (1.0, x2 - x1 - 1),
                                                  ROW - 6));
  if (x2 - x1 <= 40)
    return;
  text = shift_label (self, shift);
  draw_text (GTK_WIDGET (self), snapshot, text, x1 + 4, y + ROW / 2, x2 - x1 - 8,
             vigie_roster_find_person (self->roster, shift->person_id) ? &colors->ink : &colors->white);
}

static void
snapshot_day (VigieRosterTimeline *self,
              GtkSnapshot         *snapshot,
              guint                d,
              double               width,
              const Colors       *colors)
{
  g_autoptr(GDateTime) day = day_start (self, d);
  g_autoptr(GDateTime) next = day_start (self, d + 1);
  /* TRANSLATORS: day label of the roster timeline, strftime format */
  g_autofree char *label = g_date_time_format (day, C_("roster", "%a %d/%m"));
  double y = HEADER + ROW * d;

  draw_text (GTK_WIDGET (self), snapshot, label, 4, y + ROW / 2, LABEL_WIDTH - 8, &colors->fg);
  gtk_snapshot_append_color (snapshot, &colors->grid, &GRAPHENE_RECT_INIT (0, (float) (y + ROW - 1), (float) width, 1));

  for (guint i = 0; self->shifts && i < self->shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (self->shifts, i);

      if (g_date_time_compare (shift->end, day) > 0 && g_date_time_compare (shift->start, next) < 0)
        snapshot_shift (self, snapshot, shift, day, next, y, width, colors);
    }

  if (self->now && g_date_time_compare (self->now, day) >= 0 && g_date_time_compare (self->now, next) < 0)
    {
      double x = x_of (self, day, self->now, width);

      gtk_snapshot_append_color (snapshot, &colors->now, &GRAPHENE_RECT_INIT ((float) x - 1, (float) y, 2, ROW));
    }
}

static void
vigie_roster_timeline_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  VigieRosterTimeline *self = VIGIE_ROSTER_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  Colors colors;

  if (self->from == NULL)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colors.fg);
  gdk_rgba_parse (&colors.ink, "#241f31");
  colors.grid = colors.fg;
  colors.grid.alpha = 0.15f;
  gdk_rgba_parse (&colors.gap, "#e01b24");
  gdk_rgba_parse (&colors.white, "#ffffff");
  gdk_rgba_parse (&colors.now, "#1c71d8");

  snapshot_hours (self, snapshot, width, &colors);
  for (guint d = 0; d < self->days; d++)
    snapshot_day (self, snapshot, d, width, &colors);
}

static void
vigie_roster_timeline_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  VigieRosterTimeline *self = VIGIE_ROSTER_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 480;
      *natural = 900;
    }
  else
    *minimum = *natural = (int) (HEADER + ROW * self->days + 4);
}

/* The instant under (@x, @y), or NULL outside the days. */
static GDateTime *
instant_at (VigieRosterTimeline *self,
            int                  x,
            int                  y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next = NULL;
  int row;
  double fraction;

  if (self->from == NULL || x < LABEL_WIDTH || y < HEADER)
    return NULL;
  row = (int) ((y - HEADER) / ROW);
  if (row < 0 || (guint) row >= self->days)
    return NULL;
  day = day_start (self, (guint) row);
  next = g_date_time_add_days (day, 1);
  fraction = (x - LABEL_WIDTH) / (width - LABEL_WIDTH);
  return g_date_time_add (day, (GTimeSpan) (fraction * g_date_time_difference (next, day)));
}

static char *
shift_tooltip (VigieRosterTimeline *self,
               VigieShift          *shift)
{
  const VigieRosterPerson *p = vigie_roster_find_person (self->roster, shift->person_id);
  /* TRANSLATORS: times in the roster tooltip, strftime format */
  g_autofree char *s = g_date_time_format (shift->start, C_("roster", "%a %d/%m %H:%M"));
  g_autofree char *e = g_date_time_format (shift->end, C_("roster", "%a %d/%m %H:%M"));

  return p ? g_strdup_printf (_("%s, on call from %s to %s"), p->name, s, e)
           : g_strdup_printf (_("Nobody on call from %s to %s"), s, e);
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip)
{
  VigieRosterTimeline *self = VIGIE_ROSTER_TIMELINE (widget);
  g_autoptr(GDateTime) when = self->shifts ? instant_at (self, x, y) : NULL;

  for (guint i = 0; when && i < self->shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (self->shifts, i);

      if (g_date_time_compare (shift->start, when) <= 0 && g_date_time_compare (when, shift->end) < 0)
        {
          g_autofree char *text = shift_tooltip (self, shift);

          gtk_tooltip_set_text (tooltip, text);
          return TRUE;
        }
    }
  return FALSE;
}

static void
vigie_roster_timeline_finalize (GObject *object)
{
  VigieRosterTimeline *self = (VigieRosterTimeline *)object;

  g_clear_object (&self->roster);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->shifts, g_ptr_array_unref);

  G_OBJECT_CLASS (vigie_roster_timeline_parent_class)->finalize (object);
}

static void
vigie_roster_timeline_class_init (VigieRosterTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vigie_roster_timeline_finalize;
  widget_class->snapshot = vigie_roster_timeline_snapshot;
  widget_class->measure = vigie_roster_timeline_measure;
  widget_class->query_tooltip = query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "rostertimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigie_roster_timeline_init (VigieRosterTimeline *self)
{
  self->days = 14;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
vigie_roster_timeline_new (void)
{
  return g_object_new (VIGIE_TYPE_ROSTER_TIMELINE, NULL);
}

/**
 * vigie_roster_timeline_set:
 * @self: a #VigieRosterTimeline
 * @roster: (nullable): the roster to draw
 * @from: the first day (its local midnight is used)
 * @now: (nullable): where to draw the current time
 *
 * Redraws from the roster as it is now; call again after a change.
 */
void
vigie_roster_timeline_set (VigieRosterTimeline *self,
                           VigieRoster         *roster,
                           GDateTime           *from,
                           GDateTime           *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *summary = NULL;

  g_return_if_fail (VIGIE_IS_ROSTER_TIMELINE (self));

  g_set_object (&self->roster, roster);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  if (roster != NULL)
    {
      local = g_date_time_to_timezone (from, vigie_roster_get_timezone (roster));
      self->from = g_date_time_new (vigie_roster_get_timezone (roster), g_date_time_get_year (local),
                                    g_date_time_get_month (local), g_date_time_get_day_of_month (local), 0, 0, 0);
    }
  self->now = now ? g_date_time_ref (now) : NULL;
  recompute (self);

  summary = g_strdup_printf (ngettext ("%u shift over the next %u days", "%u shifts over the next %u days",
                                       self->shifts ? self->shifts->len : 0),
                             self->shifts ? self->shifts->len : 0, self->days);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
}

/**
 * vigie_roster_timeline_get_shifts:
 * @self: a #VigieRosterTimeline
 *
 * Returns: (transfer none) (nullable) (element-type VigieShift): what is drawn
 */
GPtrArray *
vigie_roster_timeline_get_shifts (VigieRosterTimeline *self)
{
  g_return_val_if_fail (VIGIE_IS_ROSTER_TIMELINE (self), NULL);
  return self->shifts;
}
