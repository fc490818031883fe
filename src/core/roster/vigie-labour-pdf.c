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
  const VigieRosterPerson *person = vigie_roster_find_person (roster, person_id);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(GPtrArray) tallies = NULL;
  g_autofree char *period = NULL;
  g_autofree char *title = NULL;
  VigieLabourTally *tally = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page;

  if (person == NULL)
    {
      g_set_error (error, VIGIE_ROSTER_ERROR, VIGIE_ROSTER_ERROR_UNKNOWN_PERSON,
                   C_("roster", "Unknown person “%s”"), person_id ? person_id : "");
      return FALSE;
    }
  if (month < 1 || month > 12)
    {
      g_set_error (error, VIGIE_LABOUR_ERROR, VIGIE_LABOUR_ERROR_INVALID, C_("roster", "The month is 1 to 12"));
      return FALSE;
    }

  vigie_labour_month_bounds (roster, year, month, &from, &to);
  shifts = vigie_roster_person_timeline (roster, person_id, from, to);
  tallies = vigie_labour_tally (roster, interventions, from, to);
  for (guint i = 0; i < tallies->len; i++)
    if (g_str_equal (((VigieLabourTally *) g_ptr_array_index (tallies, i))->person_id, person_id))
      tally = g_ptr_array_index (tallies, i);

  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  if ((status = cairo_surface_status (surface)) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, C_("roster", "Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Vigie " PACKAGE_VERSION);
  page.cr = cairo_create (surface);
  page.y = MARGIN + 10;
  cairo_set_source_rgb (page.cr, 0, 0, 0);

  period = g_date_time_format (from, "%m/%Y");
  title = g_strdup_printf (_("On-call statement — %s"), period);
  text_at (&page, MARGIN, title, 18, TRUE);
  next_line (&page, 26);
  {
    g_autofree char *who = g_strdup_printf (_("Employee: %s"), person->name);
    g_autofree char *employer = g_strdup_printf (_("Employer: %s"),
                                                 client_name ? client_name : vigie_roster_get_client_id (roster));

    text_at (&page, MARGIN, employer, 11, FALSE);
    next_line (&page, LINE);
    text_at (&page, MARGIN, who, 11, FALSE);
    next_line (&page, LINE);
    text_at (&page, MARGIN, _("Document given each month under article R3121-2 of the Code du travail."), 9, FALSE);
    next_line (&page, 2 * LINE);
  }

  text_at (&page, MARGIN, _("On-call periods"), 13, TRUE);
  next_line (&page, LINE + 4);
  row (&page, C_("roster", "Start"), "", C_("roster", "End"), C_("roster", "Hours"), TRUE);
  for (guint i = 0; i < shifts->len; i++)
    {
      VigieShift *shift = g_ptr_array_index (shifts, i);
      g_autofree char *s = local_text (roster, shift->start);
      g_autofree char *e = local_text (roster, shift->end);
      g_autofree char *h = g_strdup_printf ("%.2f", g_date_time_difference (shift->end, shift->start) /
                                                    (double) G_TIME_SPAN_HOUR);
      row (&page, s, "", e, h, FALSE);
    }
  next_line (&page, LINE);

  text_at (&page, MARGIN, _("Interventions (travel included)"), 13, TRUE);
  next_line (&page, LINE + 4);
  row (&page, C_("roster", "Start"), C_("roster", "Call"), C_("roster", "End"), C_("roster", "Hours"), TRUE);
  for (guint i = 0; interventions && i < interventions->len; i++)
    {
      VigieIntervention *item = g_ptr_array_index (interventions, i);
      g_autofree char *s = NULL;
      g_autofree char *e = NULL;
      g_autofree char *h = NULL;

      if (g_strcmp0 (item->person_id, person_id) != 0 ||
          g_date_time_compare (item->end, from) <= 0 || g_date_time_compare (item->start, to) >= 0)
        continue;
      s = local_text (roster, item->start);
      e = local_text (roster, item->end);
      h = g_strdup_printf ("%.2f", g_date_time_difference (item->end, item->start) / (double) G_TIME_SPAN_HOUR);
      row (&page, s, item->call_id ? item->call_id : C_("roster", "manual entry"), e, h, FALSE);
    }
  next_line (&page, LINE);

  if (tally)
    {
      g_autofree char *a = g_strdup_printf (_("On call: %.2f h (nights %.2f h, weekends %.2f h, public holidays %.2f h)"),
                                            tally->oncall_hours, tally->night_hours, tally->weekend_hours,
                                            tally->holiday_hours);
      g_autofree char *b = g_strdup_printf (_("Interventions: %u, %.2f h of work"),
                                            tally->n_interventions, tally->intervention_hours);

      text_at (&page, MARGIN, C_("roster", "Totals"), 13, TRUE);
      next_line (&page, LINE + 4);
      text_at (&page, MARGIN, a, 10, FALSE);
      next_line (&page, LINE);
      text_at (&page, MARGIN, b, 10, FALSE);
      next_line (&page, LINE);
    }

  cairo_show_page (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, C_("roster", "Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
