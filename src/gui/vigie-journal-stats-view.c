/* vigie-journal-stats-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The indicators of the journal page's period and client, drawn with
 * cairo in the widget's snapshot: the figures as sentences, calls by hour
 * and by weekday as bars, the decision mix as one stacked bar.
 */
#define G_LOG_DOMAIN "vigie-journal-stats-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-stats-view.h"

struct _VigieJournalStatsView
{
  GtkWidget          parent_instance;

  VigieJournalStats  stats;
  gboolean           has_stats;
  char              *summary;
};

G_DEFINE_FINAL_TYPE (VigieJournalStatsView, vigie_journal_stats_view, GTK_TYPE_WIDGET)

static char *
duration (const VigieJournalDurations *d,
          double                       seconds)
{
  int s = (int) (seconds + 0.5);

  if (d->n == 0)
    return g_strdup ("—");
  if (s < 60)
    return g_strdup_printf (_("%d s"), s);
  return g_strdup_printf (_("%d min %02d s"), s / 60, s % 60);
}

static char *
build_summary (const VigieJournalStats *s)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *dm = duration (&s->to_decision, s->to_decision.median);
  g_autofree char *dp = duration (&s->to_decision, s->to_decision.p90);
  g_autofree char *lm = duration (&s->to_delivery, s->to_delivery.median);
  g_autofree char *lp = duration (&s->to_delivery, s->to_delivery.p90);
  g_autofree char *am = duration (&s->to_ack, s->to_ack.median);
  g_autofree char *ap = duration (&s->to_ack, s->to_ack.p90);

  g_string_append_printf (text, _("%lld calls: %lld triggered, %lld deferred, %lld logged, %lld not decided, %lld VIP"),
                          (long long) s->calls, (long long) s->triggered, (long long) s->deferred,
                          (long long) s->logged, (long long) s->undecided, (long long) s->vip);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Pick-up to decision: median %s, 90th percentile %s"), dm, dp);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Decision to delivered alert: median %s, 90th percentile %s"), lm, lp);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Decision to acknowledgement: median %s, 90th percentile %s; never acknowledged: %lld"),
                          am, ap, (long long) s->not_acked);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Overrides: %.1f %%, escalated past the first step: %lld, unanswered rings: %lld, "
                                  "repeat callers: %lld, false alarms: %lld"),
                          s->calls ? 100.0 * s->overridden / s->calls : 0.0, (long long) s->escalated,
                          (long long) s->unanswered_rings, (long long) s->repeat_callers, (long long) s->false_alarms);
  g_string_append_c (text, '\n');
  {
    g_autofree char *im = duration (&s->intervention, s->intervention.median);
    g_autofree char *ip = duration (&s->intervention, s->intervention.p90);

    g_string_append_printf (text, _("Interventions: %lld, median %s, 90th percentile %s; satisfaction: %.1f/5 (%lld calls)"),
                            (long long) s->intervention.n, im, ip, s->satisfaction_mean, (long long) s->satisfaction_n);
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
bars (cairo_t        *cr,
      PangoLayout    *layout,
      const GdkRGBA  *fg,
      const GdkRGBA  *accent,
      double          x,
      double          y,
      double          w,
      double          h,
      const char     *title,
      const gint64   *values,
      guint           n,
      const char    **labels)
{
  gint64 max = 1;
  double bar = w / n;
  int tw, th;

  for (guint i = 0; i < n; i++)
    max = MAX (max, values[i]);

  gdk_cairo_set_source_rgba (cr, fg);
  pango_layout_set_text (layout, title, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, &tw, &th);
  y += th + 4;
  h -= 2 * (th + 4);

  for (guint i = 0; i < n; i++)
    {
      double bh = h * values[i] / max;

      gdk_cairo_set_source_rgba (cr, accent);
      cairo_rectangle (cr, x + i * bar + 1, y + h - bh, MAX (bar - 2, 1), bh);
      cairo_fill (cr);

      if (labels[i] != NULL)
        {
          gdk_cairo_set_source_rgba (cr, fg);
          pango_layout_set_text (layout, labels[i], -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          cairo_move_to (cr, x + i * bar + (bar - tw) / 2, y + h + 2);
          pango_cairo_show_layout (cr, layout);
        }
    }
  /* The tallest bar's value, for scale. */
  {
    g_autofree char *top = g_strdup_printf ("%lld", (long long) max);
    gdk_cairo_set_source_rgba (cr, fg);
    pango_layout_set_text (layout, top, -1);
    pango_layout_get_pixel_size (layout, &tw, &th);
    cairo_move_to (cr, x + w - tw, y - th - 4);
    pango_cairo_show_layout (cr, layout);
  }
}

static void
vigie_journal_stats_view_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  VigieJournalStatsView *self = VIGIE_JOURNAL_STATS_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  GdkRGBA fg, accent = { 0.21, 0.52, 0.89, 1 }, colors[4] = {
    { 0.88, 0.11, 0.14, 1 }, { 0.96, 0.47, 0.0, 1 }, { 0.18, 0.76, 0.49, 1 }, { 0.6, 0.6, 0.6, 1 } };
  static const char *hours[24] = { "0", NULL, NULL, "3", NULL, NULL, "6", NULL, NULL, "9", NULL, NULL,
                                   "12", NULL, NULL, "15", NULL, NULL, "18", NULL, NULL, "21", NULL, NULL };
  const char *days[7] = { C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
                          C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun") };
  cairo_t *cr;
  int tw, th;
  double y;

  if (!self->has_stats || width < 100 || height < 100)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The figures, as sentences. */
  gdk_cairo_set_source_rgba (cr, &fg);
  pango_layout_set_width (layout, (width - 24) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, self->summary, -1);
  cairo_move_to (cr, 12, 12);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, &tw, &th);
  y = 12 + th + 16;
  pango_layout_set_width (layout, -1);

  /* The decision mix: one bar, its parts in proportion. */
  if (self->stats.calls > 0)
    {
      const gint64 parts[4] = { self->stats.triggered, self->stats.deferred, self->stats.logged, self->stats.undecided };
      const char *names[4] = { _("Triggered"), _("Deferred"), _("Logged"), _("Not decided") };
      double x = 12, w = width - 24, lx = 12;

      for (guint i = 0; i < 4; i++)
        {
          double pw = w * parts[i] / self->stats.calls;

          gdk_cairo_set_source_rgba (cr, &colors[i]);
          cairo_rectangle (cr, x, y, pw, 14);
          cairo_fill (cr);
          x += pw;

          cairo_rectangle (cr, lx, y + 20, 10, 10);
          cairo_fill (cr);
          gdk_cairo_set_source_rgba (cr, &fg);
          pango_layout_set_text (layout, names[i], -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          cairo_move_to (cr, lx + 14, y + 25 - th / 2.0);
          pango_cairo_show_layout (cr, layout);
          lx += 14 + tw + 18;
        }
      y += 20 + th + 16;
    }

  if (height - y > 80)
    {
      double w = (width - 36) * 0.62;

      bars (cr, layout, &fg, &accent, 12, y, w, height - y - 8, _("Calls by hour"),
            self->stats.by_hour, 24, hours);
      bars (cr, layout, &fg, &accent, 24 + w, y, width - 36 - w, height - y - 8, _("Calls by weekday"),
            self->stats.by_weekday, 7, days);
    }

  cairo_destroy (cr);
}

static void
vigie_journal_stats_view_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 300;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 420;
}

static void
vigie_journal_stats_view_finalize (GObject *object)
{
  g_free (VIGIE_JOURNAL_STATS_VIEW (object)->summary);
  G_OBJECT_CLASS (vigie_journal_stats_view_parent_class)->finalize (object);
}

static void
vigie_journal_stats_view_class_init (VigieJournalStatsViewClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = vigie_journal_stats_view_snapshot;
  GTK_WIDGET_CLASS (klass)->measure = vigie_journal_stats_view_measure;
  G_OBJECT_CLASS (klass)->finalize = vigie_journal_stats_view_finalize;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigie_journal_stats_view_init (VigieJournalStatsView *self)
{
}

GtkWidget *
vigie_journal_stats_view_new (void)
{
  return g_object_new (VIGIE_TYPE_JOURNAL_STATS_VIEW, NULL);
}

/**
 * vigie_journal_stats_view_set_stats:
 * @self: a #VigieJournalStatsView
 * @stats: (nullable): the indicators to draw (copied)
 */
void
vigie_journal_stats_view_set_stats (VigieJournalStatsView   *self,
                                    const VigieJournalStats *stats)
{
  g_return_if_fail (VIGIE_IS_JOURNAL_STATS_VIEW (self));

  self->has_stats = stats != NULL;
  g_clear_pointer (&self->summary, g_free);
  if (stats)
    {
      self->stats = *stats;
      self->summary = build_summary (stats);
      /* What the drawing says, for screen readers. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary, -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * vigie_journal_stats_view_get_summary:
 *
 * Returns: (nullable): the figures drawn, as sentences
 */
const char *
vigie_journal_stats_view_get_summary (VigieJournalStatsView *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL_STATS_VIEW (self), NULL);
  return self->summary;
}
