/* vigie-journal-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client's monthly report as PDF, drawn with cairo alone (no GTK, so
 * the command line prints it): the journal's verification line with the
 * anchor's head (the client keeps a copy the desk cannot take back), the
 * indicators, calls by hour, and the list of triggered calls.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "vigie-journal.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 50.0

typedef struct {
  cairo_t *cr;
  double   y;
} Page;

static void
line (Page       *page,
      double      x,
      const char *text,
      double      size,
      gboolean    bold)
{
  if (page->y > PAGE_H - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
  cairo_select_font_face (page->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (page->cr, size);
  cairo_move_to (page->cr, x, page->y);
  cairo_show_text (page->cr, text ? text : "");
  page->y += size * 1.45;
}

static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m %H:%M");
}

static char *
seconds_text (const VigieJournalDurations *d,
              double                       s)
{
  if (d->n == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%d min %02d s", (int) (s + 0.5) / 60, (int) (s + 0.5) % 60);
}

/**
 * vigie_journal_write_report:
 * @self: a #VigieJournal
 * @client_id: the client
 * @month: "YYYY-MM", local time
 * @path: the PDF to write
 * @n_triggered: (out) (optional): how many triggered calls it lists
 * @verification: (out) (optional) (transfer full): the verification line
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the PDF was written
 */
gboolean
vigie_journal_write_report (VigieJournal  *self,
                            const char    *client_id,
                            const char    *month,
                            const char    *path,
                            guint         *n_triggered,
                            char         **verification,
                            GError       **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) start_utc = NULL;
  g_autoptr(GDateTime) end_utc = NULL;
  g_autoptr(VigieJournalReport) check = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree VigieJournalStats *stats = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *title = NULL;
  g_autofree char *period = NULL;
  VigieJournalFilter filter = { 0 };
  cairo_surface_t *surface;
  cairo_status_t status;
  const char *client_name = client_id;
  Page page;
  int y, m;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), FALSE);

  if (month == NULL || sscanf (month, "%4d-%2d", &y, &m) != 2 || strlen (month) != 7 ||
      !(start = g_date_time_new (local, y, m, 1, 0, 0, 0)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a month (2026-11)"), month ? month : "");
      return FALSE;
    }
  end = g_date_time_add_months (start, 1);
  start_utc = g_date_time_to_utc (start);
  end_utc = g_date_time_to_utc (end);
  filter.from = g_date_time_format (start_utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  filter.to = g_date_time_format (end_utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  filter.client_id = g_strdup (client_id);

  if (!(check = vigie_journal_check (self, 0, NULL, NULL, error)) ||
      !(stats = vigie_journal_compute_stats (self, &filter, error)))
    {
      vigie_journal_filter_clear (&filter);
      return FALSE;
    }
  filter.decision = g_strdup ("trigger");
  filter.ascending = TRUE;
  calls = vigie_journal_query_calls (self, &filter, 0, 0, error);
  vigie_journal_filter_clear (&filter);
  if (calls == NULL)
    return FALSE;
  if (calls->len > 0 && ((VigieJournalCall *) g_ptr_array_index (calls, 0))->client_name)
    client_name = ((VigieJournalCall *) g_ptr_array_index (calls, 0))->client_name;

  verified = check->damage == VIGIE_JOURNAL_DAMAGE_NONE
    ? g_strdup_printf (_("Journal verified: %lld events intact; last event %lld, head %s"),
                       (long long) check->n_events, (long long) check->last_seq, check->last_hash)
    : g_strdup (check->message);

  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  page.cr = cairo_create (surface);
  page.y = MARGIN + 10;

  period = g_date_time_format (start, "%m/%Y");
  title = g_strdup_printf (_("Monthly report — %s — %s"), client_name, period);
  line (&page, MARGIN, title, 16, TRUE);
  page.y += 6;
  line (&page, MARGIN, verified, 7, FALSE);
  page.y += 10;

  {
    g_autofree char *a = g_strdup_printf (_("Calls: %lld (triggered %lld, deferred %lld, logged %lld, not decided %lld)"),
                                          (long long) stats->calls, (long long) stats->triggered,
                                          (long long) stats->deferred, (long long) stats->logged,
                                          (long long) stats->undecided);
    g_autofree char *dm = seconds_text (&stats->to_decision, stats->to_decision.median);
    g_autofree char *dp = seconds_text (&stats->to_decision, stats->to_decision.p90);
    g_autofree char *lm = seconds_text (&stats->to_delivery, stats->to_delivery.median);
    g_autofree char *lp = seconds_text (&stats->to_delivery, stats->to_delivery.p90);
    g_autofree char *am = seconds_text (&stats->to_ack, stats->to_ack.median);
    g_autofree char *ap = seconds_text (&stats->to_ack, stats->to_ack.p90);
    g_autofree char *b = g_strdup_printf (_("Pick-up to decision: median %s, 90th percentile %s"), dm, dp);
    g_autofree char *c = g_strdup_printf (_("Decision to delivered alert: median %s, 90th percentile %s"), lm, lp);
    g_autofree char *d = g_strdup_printf (_("Decision to acknowledgement: median %s, 90th percentile %s; never acknowledged: %lld"),
                                          am, ap, (long long) stats->not_acked);
    g_autofree char *e = g_strdup_printf (_("Overrides: %.1f %%, escalated past the first step: %lld, unanswered rings: %lld, "
                                            "repeat callers: %lld, false alarms: %lld"),
                                          stats->calls ? 100.0 * stats->overridden / stats->calls : 0.0,
                                          (long long) stats->escalated, (long long) stats->unanswered_rings,
                                          (long long) stats->repeat_callers, (long long) stats->false_alarms);

    line (&page, MARGIN, a, 10, FALSE);
    line (&page, MARGIN, b, 10, FALSE);
    line (&page, MARGIN, c, 10, FALSE);
    line (&page, MARGIN, d, 10, FALSE);
    line (&page, MARGIN, e, 8, FALSE);
  }

  /* Calls by hour, as bars. */
  {
    gint64 max = 1;
    double x = MARGIN, w = (PAGE_W - 2 * MARGIN) / 24, h = 80;

    page.y += 10;
    line (&page, MARGIN, _("Calls by hour"), 11, TRUE);
    for (guint i = 0; i < 24; i++)
      max = MAX (max, stats->by_hour[i]);
    cairo_set_source_rgb (page.cr, 0.21, 0.52, 0.89);
    for (guint i = 0; i < 24; i++)
      {
        double bh = h * stats->by_hour[i] / max;
        cairo_rectangle (page.cr, x + i * w + 1, page.y + h - bh, w - 2, bh);
      }
    cairo_fill (page.cr);
    cairo_set_source_rgb (page.cr, 0, 0, 0);
    page.y += h + 12;
    for (guint i = 0; i < 24; i += 3)
      {
        g_autofree char *hour = g_strdup_printf ("%u", i);
        cairo_move_to (page.cr, x + i * w + 2, page.y);
        cairo_set_font_size (page.cr, 7);
        cairo_show_text (page.cr, hour);
      }
    page.y += 16;
  }

  line (&page, MARGIN, _("Triggered calls"), 11, TRUE);
  for (guint i = 0; i < calls->len; i++)
    {
      VigieJournalCall *call = g_ptr_array_index (calls, i);
      g_autofree char *when = local_time (call->received_at);
      g_autofree char *acked = call->acked_at ? local_time (call->acked_at) : NULL;
      g_autofree char *text = g_strdup_printf ("%s  %s  %s  %s%s%s",
                                               when, call->caller_name ? call->caller_name : "—",
                                               call->operator_name ? call->operator_name : "—",
                                               call->overridden ? _("override: ") : "",
                                               call->override_reason ? call->override_reason : "",
                                               acked ? "" : _("  NOT acknowledged"));
      line (&page, MARGIN, text, 8, FALSE);
      if (acked)
        {
          g_autofree char *by = g_strdup_printf (_("acknowledged %s by %s"), acked, call->acked_by ? call->acked_by : "?");
          line (&page, MARGIN + 20, by, 7, FALSE);
        }
    }

  cairo_show_page (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  if (n_triggered)
    *n_triggered = calls->len;
  if (verification)
    *verification = g_steal_pointer (&verified);
  return TRUE;
}
