/* vigie-labour.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-roster.h"
#include "vigie-roster-store.h"

G_BEGIN_DECLS

#define VIGIE_LABOUR_ERROR (vigie_labour_error_quark ())

typedef enum {
  VIGIE_LABOUR_ERROR_INVALID,
} VigieLabourError;

/**
 * VigieLabourRules:
 *
 * The thresholds of the Code du travail; a collective agreement may
 * change them, so each is a setting (see docs/labour-rules.md).
 */
typedef struct {
  guint notice_days;              /* L3121-12: 15 */
  guint notice_min_clear_days;    /* L3121-12: 1 */
  guint daily_rest_hours;         /* L3131-1: 11 */
  guint weekly_rest_hours;        /* L3132-2: 24 + 11 */
  guint max_daily_work_hours;     /* L3121-18: 10 */
  guint max_weekly_work_hours;    /* L3121-20: 48 */
  guint max_average_weekly_hours; /* L3121-22: 44 */
  guint average_weeks;            /* L3121-22: 12 */
  guint max_weekends_per_month;   /* agreement: 2 */
} VigieLabourRules;

typedef enum {
  VIGIE_LABOUR_WARNING,
  VIGIE_LABOUR_EXCEPTIONAL,
  VIGIE_LABOUR_NON_COMPLIANT,
} VigieLabourSeverity;

typedef struct {
  char                *rule;       /* "daily-rest", "weekly-rest", "notice", … */
  char                *article;    /* "L3131-1" */
  VigieLabourSeverity  severity;
  char                *person_id;
  GDateTime           *start;
  GDateTime           *end;
  char                *message;
} VigieLabourWarning;

/* A person's counters over a period, for the statement and fairness. */
typedef struct {
  char    *person_id;
  char    *name;
  double   oncall_hours;
  double   night_hours;
  double   weekend_hours;
  double   holiday_hours;
  guint    n_shifts;
  guint    nights;
  guint    weekends;
  guint    holidays;
  guint    n_interventions;
  double   intervention_hours;
} VigieLabourTally;

GQuark       vigie_labour_error_quark       (void);
void         vigie_labour_rules_init        (VigieLabourRules    *rules);
gboolean     vigie_labour_rules_load_json   (VigieLabourRules    *rules,
                                             JsonObject          *object,
                                             GError             **error);
GPtrArray   *vigie_labour_check             (VigieRoster         *roster,
                                             const VigieLabourRules *rules,
                                             GPtrArray           *interventions,
                                             GDateTime           *from,
                                             GDateTime           *to);
GPtrArray   *vigie_labour_check_store       (VigieRosterStore    *store,
                                             const char          *client_id,
                                             GDateTime           *from,
                                             GDateTime           *to,
                                             GError             **error);
JsonNode    *vigie_labour_warnings_to_json  (GPtrArray           *warnings);
GPtrArray   *vigie_labour_tally             (VigieRoster         *roster,
                                             GPtrArray           *interventions,
                                             GDateTime           *from,
                                             GDateTime           *to);
char        *vigie_labour_fairness_csv      (GPtrArray           *tallies);
char        *vigie_labour_statement_csv     (VigieRoster         *roster,
                                             const char          *person_id,
                                             GPtrArray           *interventions,
                                             int                  year,
                                             int                  month,
                                             GError             **error);
void         vigie_labour_month_bounds      (VigieRoster         *roster,
                                             int                  year,
                                             int                  month,
                                             GDateTime          **from,
                                             GDateTime          **to);

const char  *vigie_labour_severity_to_string (VigieLabourSeverity severity);
void         vigie_labour_warning_free      (VigieLabourWarning  *warning);
void         vigie_labour_tally_free        (VigieLabourTally    *tally);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieLabourWarning, vigie_labour_warning_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieLabourTally, vigie_labour_tally_free)

G_END_DECLS
