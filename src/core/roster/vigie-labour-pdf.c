/* vigie-labour-pdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The monthly on-call statement (article R3121-2) as a one-document PDF,
 * drawn with cairo alone: no GTK, so the command line can print it.
 */
#define G_LOG_DOMAIN "vigie-labour-pdf"

#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "vigie-labour-pdf.h"
#include "vigie-labour-private.h"

#define PAGE_W 595.0  /* A4, points */
#define PAGE_H 842.0
#define MARGIN 50.0
#define LINE   15.0

typedef struct {
  cairo_t *cr;
  double   y;
} Page;

static void
text_at (Page       *page,
         double      x,
         const char *text,
         double      size,
         gboolean    bold)
{
  cairo_select_font_face (page->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (page->cr, size);
  cairo_move_to (page->cr, x, page->y);
  cairo_show_text (page->cr, text);
}

static void
next_line (Page   *page,
           double  height)
{
  page->y += height;
  if (page->y > PAGE_H - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
}

static void
row (Page       *page,
     const char *a,
     const char *b,
     const char *c,
     const char *d,
     gboolean    bold)
{
  text_at (page, MARGIN, a, 9.5, bold);
  text_at (page, MARGIN + 110, b, 9.5, bold);
  text_at (page, MARGIN + 250, c, 9.5, bold);
  text_at (page, MARGIN + 390, d, 9.5, bold);
  next_line (page, LINE);
}

static char *
local_text (VigieRoster *roster,
            GDateTime   *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (when, vigie_roster_get_timezone (roster));
  /* TRANSLATORS: strftime format for the statement's tables */
  return g_date_time_format (local, C_("roster", "%d/%m/%Y %H:%M"));
}

static void
draw_header (Page                 *page,
             VigieRoster          *roster,
             const char           *client_name,
             VigieLabourStatement *statement)
{
  g_autofree char *period = g_date_time_format (statement->from, "%m/%Y");
  g_autofree char *title = g_strdup_printf (_("On-call statement — %s"), period);
  g_autofree char *who = g_strdup_printf (_("Employee: %s"), statement->person->name);
  g_autofree char *employer = g_strdup_printf (_("Employer: %s"),
                                               client_name ? client_name : vigie_roster_get_client_id (roster));

  text_at (page, MARGIN, title, 18, TRUE);
  next_line (page, 26);
  text_at (page, MARGIN, employer, 11, FALSE);
  next_line (page, LINE);
  text_at (page, MARGIN, who, 11, FALSE);
  next_line (page, LINE);
  text_at (page, MARGIN, _("Document given each month under article R3121-2 of the Code du travail."), 9, FALSE);
  next_line (page, 2 * LINE);
}

static char *
hours_between (GDateTime *start,
               GDateTime *end)
{
  return g_strdup_printf ("%.2f", g_date_time_difference (end, start) / (double) G_TIME_SPAN_HOUR);
}

static void
draw_shifts (Page                 *page,
             VigieRoster          *roster,
             VigieLabourStatement *statement)
{
  text_at (page, MARGIN, _("On-call periods"), 13, TRUE);
  next_line (page, LINE + 4);
  row (page, C_("roster", "Start"), "", C_("roster", "End"), C_("roster", "Hours"), TRUE);
  for (guint i = 0; i < statement->shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (statement->shifts, i);
      g_autofree char *s = local_text (roster, shift->start);
      g_autofree char *e = local_text (roster, shift->end);
      g_autofree char *h = hours_between (shift->start, shift->end);

      row (page, s, "", e, h, FALSE);
    }
  next_line (page, LINE);
}

static void
draw_interventions (Page                 *page,
                    VigieRoster          *roster,
                    VigieLabourStatement *statement,
                    GPtrArray            *interventions)
{
  text_at (page, MARGIN, _("Interventions (travel included)"), 13, TRUE);
  next_line (page, LINE + 4);
  row (page, C_("roster", "Start"), C_("roster", "Call"), C_("roster", "End"), C_("roster", "Hours"), TRUE);
  for (guint i = 0; interventions && i < interventions->len; i++)
    {
      VigieIntervention *item = g_ptr_array_index (interventions, i);
      g_autofree char *s = NULL;
      g_autofree char *e = NULL;
      g_autofree char *h = NULL;

      if (!_vigie_labour_statement_shows (statement, item))
        continue;
      s = local_text (roster, item->start);
      e = local_text (roster, item->end);
      h = hours_between (item->start, item->end);
      row (page, s, item->call_id ? item->call_id : C_("roster", "manual entry"), e, h, FALSE);
    }
  next_line (page, LINE);
}

static void
draw_totals (Page             *page,
             VigieLabourTally *tally)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (tally == NULL)
    return;
  a = g_strdup_printf (_("On call: %.2f h (nights %.2f h, weekends %.2f h, public holidays %.2f h)"),
                       tally->oncall_hours, tally->night_hours, tally->weekend_hours,
                       tally->holiday_hours);
  b = g_strdup_printf (_("Interventions: %u, %.2f h of work"),
                       tally->n_interventions, tally->intervention_hours);
  text_at (page, MARGIN, C_("roster", "Totals"), 13, TRUE);
  next_line (page, LINE + 4);
  text_at (page, MARGIN, a, 10, FALSE);
  next_line (page, LINE);
  text_at (page, MARGIN, b, 10, FALSE);
  next_line (page, LINE);
}

static gboolean
cairo_ok (cairo_status_t   status,
          const char      *path,
          GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, C_("roster", "Cannot write %s: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_statement (VigieRoster          *roster,
                 const char           *client_name,
                 VigieLabourStatement *statement,
                 GPtrArray            *interventions,
                 const char           *path,
                 GError              **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  cairo_status_t status;
  Page page;

  if (!cairo_ok (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Vigie " PACKAGE_VERSION);
  page.cr = cairo_create (surface);
  page.y = MARGIN + 10;
  cairo_set_source_rgb (page.cr, 0, 0, 0);

  draw_header (&page, roster, client_name, statement);
  draw_shifts (&page, roster, statement);
  draw_interventions (&page, roster, statement, interventions);
  draw_totals (&page, statement->tally);

  cairo_show_page (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return cairo_ok (status, path, error);
}

/**
 * vigie_labour_statement_pdf:
 * @roster: the roster
 * @client_name: (nullable): the employer's name for the heading
 * @person_id: the person
 * @interventions: (element-type VigieIntervention) (nullable): interventions
 * @year: year
 * @month: 1 to 12
 * @path: the PDF file to write
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was written
 */
gboolean
vigie_labour_statement_pdf (VigieRoster  *roster,
                            const char   *client_name,
                            const char   *person_id,
                            GPtrArray    *interventions,
                            int           year,
                            int           month,
                            const char   *path,
                            GError      **error)
{
  VigieLabourStatement statement;
  gboolean ok;

  ok = _vigie_labour_statement_init (&statement, roster, person_id, interventions, year, month, error) &&
       write_statement (roster, client_name, &statement, interventions, path, error);
  _vigie_labour_statement_clear (&statement);
  return ok;
}
