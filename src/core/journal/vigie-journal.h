/* vigie-journal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigie-types.h"

G_BEGIN_DECLS

#define VIGIE_JOURNAL_ERROR (vigie_journal_error_quark ())

typedef enum {
  VIGIE_JOURNAL_ERROR_SQLITE,
  VIGIE_JOURNAL_ERROR_TAMPERED,
  VIGIE_JOURNAL_ERROR_KEY,
} VigieJournalError;

/**
 * VigieJournalDamage:
 * @VIGIE_JOURNAL_DAMAGE_NONE: nothing found
 * @VIGIE_JOURNAL_DAMAGE_EDITED: an event's content or hash was changed
 * @VIGIE_JOURNAL_DAMAGE_REMOVED: events were removed from the middle
 * @VIGIE_JOURNAL_DAMAGE_INSERTED: an event was added that the journal did not write
 * @VIGIE_JOURNAL_DAMAGE_TRUNCATED: the newest events were removed
 * @VIGIE_JOURNAL_DAMAGE_ROLLED_BACK: an older copy of the file was put back
 * @VIGIE_JOURNAL_DAMAGE_SUMMARY: a row of the calls summary was edited, added or removed
 * @VIGIE_JOURNAL_DAMAGE_OUTBOX: a row of the outbox was edited, added or removed
 * @VIGIE_JOURNAL_DAMAGE_TRIGGERS: the append-only triggers were dropped
 * @VIGIE_JOURNAL_DAMAGE_SEAL: the seal or the anchor beside the file is missing or forged
 * @VIGIE_JOURNAL_DAMAGE_PERSONAL: an event's personal data was edited, removed
 *   or added, or marked erased without an erasure
 *
 * The kind of damage vigie_journal_check() found first.
 */
typedef enum {
  VIGIE_JOURNAL_DAMAGE_NONE,
  VIGIE_JOURNAL_DAMAGE_EDITED,
  VIGIE_JOURNAL_DAMAGE_REMOVED,
  VIGIE_JOURNAL_DAMAGE_INSERTED,
  VIGIE_JOURNAL_DAMAGE_TRUNCATED,
  VIGIE_JOURNAL_DAMAGE_ROLLED_BACK,
  VIGIE_JOURNAL_DAMAGE_SUMMARY,
  VIGIE_JOURNAL_DAMAGE_OUTBOX,
  VIGIE_JOURNAL_DAMAGE_TRIGGERS,
  VIGIE_JOURNAL_DAMAGE_SEAL,
  VIGIE_JOURNAL_DAMAGE_PERSONAL,
} VigieJournalDamage;

/**
 * VigieJournalReport:
 * @n_events: the events checked (all of them in a full check)
 * @last_seq: the last event checked: pass it with @last_hash to the next
 *   vigie_journal_check() to check only what came after
 * @keyed_from: the first event chained with the key; earlier ones were
 *   written before the journal had a key
 * @damage: what was found first
 * @seq: the first bad event, 0 when the damage is not an event's
 * @row: (nullable): the summary or outbox row, for those damages
 * @message: (nullable): a sentence for people, naming event and kind
 */
typedef struct {
  gint64              n_events;
  gint64              last_seq;
  char               *last_hash;
  gint64              keyed_from;
  VigieJournalDamage  damage;
  gint64              seq;
  char               *row;
  char               *message;
} VigieJournalReport;

/**
 * VigieJournalEvent:
 *
 * One row of the journal, as written.
 */
typedef struct {
  gint64  seq;
  char   *at;       /* ISO 8601, UTC, microseconds */
  char   *call_id;
  char   *kind;
  char   *data;     /* a JSON object */
  char   *hash;
} VigieJournalEvent;

/**
 * VigieJournalCall:
 *
 * The summary of one call, for the journal page.
 */
typedef struct {
  char *call_id;
  char *received_at;
  char *client_id;
  char *client_name;
  char *caller_number;
  char *caller_name;
  char *decision;
  char *alert_status;
  /* Since the journal page's filters: */
  char    *line;
  char    *operator_name;
  char    *script;
  gboolean vip;
  char    *outcome;
  int      gravity;
  char    *recommended;
  gboolean overridden;
  char    *override_reason;
  char    *note;
  char    *answers;          /* typed answers, " · " between them */
  char    *decided_at;
  char    *alert_delivered_at;
  char    *acked_at;
  char    *acked_by;
  char    *closed_at;
  int      escalation_steps;
} VigieJournalCall;

/**
 * VigieJournalSort:
 *
 * The column calls are sorted by.
 */
typedef enum {
  VIGIE_JOURNAL_SORT_TIME,
  VIGIE_JOURNAL_SORT_CLIENT,
  VIGIE_JOURNAL_SORT_CALLER,
  VIGIE_JOURNAL_SORT_OPERATOR,
  VIGIE_JOURNAL_SORT_DECISION,
  VIGIE_JOURNAL_SORT_GRAVITY,
  VIGIE_JOURNAL_SORT_ALERT,
} VigieJournalSort;

/**
 * VigieJournalFilter:
 * @from: (nullable): calls received at or after (ISO 8601, UTC)
 * @to: (nullable): calls received before
 * @client_id: (nullable): one client
 * @operator_name: (nullable): one operator
 * @decision: (nullable): "trigger", "defer", "log" or "none" (undecided)
 * @min_gravity: at least this gravity; 0 for any
 * @overridden: only calls whose recommendation was overridden
 * @not_delivered_within: minutes; triggered calls whose alert was not
 *   delivered within that time after the decision (0: no such filter)
 * @not_acked_within: minutes; triggered calls not acknowledged within
 * @vip: only VIP callers
 * @search: (nullable): words to find in caller names, notes and typed
 *   answers (accents and case do not matter; the last word may be a prefix)
 * @sort: the column to sort by
 * @ascending: oldest / smallest first
 *
 * What the journal page, `vigie journal export` and `stats` ask for. A
 * zeroed struct selects every call, newest first.
 */
typedef struct {
  char             *from;
  char             *to;
  char             *client_id;
  char             *operator_name;
  char             *decision;
  int               min_gravity;
  gboolean          overridden;
  int               not_delivered_within;
  int               not_acked_within;
  gboolean          vip;
  char             *search;
  VigieJournalSort  sort;
  gboolean          ascending;
} VigieJournalFilter;

/**
 * VigieJournalEntry:
 *
 * One event to append with vigie_journal_append_many().
 */
typedef struct {
  const char *call_id;
  const char *kind;
  JsonNode   *data;
} VigieJournalEntry;

/**
 * VigieJournalDurations:
 * @n: how many calls had both times
 * @median: in seconds (nearest rank)
 * @p90: in seconds (nearest rank)
 */
typedef struct {
  gint64 n;
  double median;
  double p90;
} VigieJournalDurations;

/**
 * VigieJournalStats:
 *
 * The indicators of a period and client (vigie_journal_compute_stats()).
 * Hours and weekdays are local time; weekdays start on Monday (0).
 */
typedef struct {
  gint64                calls;
  gint64                triggered;
  gint64                deferred;
  gint64                logged;
  gint64                undecided;
  gint64                overridden;
  gint64                vip;
  gint64                by_hour[24];
  gint64                by_weekday[7];
  VigieJournalDurations to_decision;     /* received → decision */
  VigieJournalDurations to_delivery;     /* decision → first delivered alert (triggered calls) */
  VigieJournalDurations to_ack;          /* decision → acknowledgement (triggered calls) */
  gint64                not_acked;       /* triggered calls never acknowledged */
  gint64                escalated;       /* triggered calls whose escalation went past step 1 */
  gint64                repeat_callers;  /* numbers (not hidden) that called more than once */
  gint64                unanswered_rings; /* PBX calls that rang and were never answered */
  gint64                false_alarms;    /* acknowledged as "not urgent" by the on-call person */
  VigieJournalDurations intervention;    /* intervention-ended: start → end */
  gint64                satisfaction_n;  /* calls with a satisfaction score (the last one given) */
  double                satisfaction_mean; /* 1–5, 0 without any */
} VigieJournalStats;

/**
 * VigieJournalClock:
 * @user_data: the clock's data
 *
 * Returns: the time to stamp the next event with, µs since the epoch (UTC)
 */
typedef gint64 (*VigieJournalClock) (gpointer user_data);

struct sqlite3;

/**
 * VigieJournalHook:
 * @db: the journal's connection, inside the open transaction
 * @user_data: the hook's data
 * @error: return location for a #GError
 *
 * Returns: %FALSE to roll the whole transaction back
 */
typedef gboolean (*VigieJournalHook) (struct sqlite3  *db,
                                      gpointer         user_data,
                                      GError         **error);

#define VIGIE_TYPE_JOURNAL (vigie_journal_get_type ())

G_DECLARE_FINAL_TYPE (VigieJournal, vigie_journal, VIGIE, JOURNAL, GObject)

GQuark        vigie_journal_error_quark  (void);
VigieJournal *vigie_journal_open         (const char    *path,
                                          GError       **error);
const char   *vigie_journal_get_path     (VigieJournal  *self);
void          vigie_journal_set_clock    (VigieJournal      *self,
                                          VigieJournalClock  clock,
                                          gpointer           user_data);
void          vigie_journal_set_operator (VigieJournal  *self,
                                          const char    *name);
const char   *vigie_journal_get_operator (VigieJournal  *self);
gboolean      vigie_journal_append       (VigieJournal  *self,
                                          const char    *call_id,
                                          const char    *kind,
                                          JsonNode      *data,
                                          GError       **error);
gboolean      vigie_journal_append_built (VigieJournal  *self,
                                          JsonBuilder   *builder,
                                          const char    *call_id,
                                          const char    *kind,
                                          GError       **error);
void          vigie_journal_append_async (VigieJournal        *self,
                                          const char          *call_id,
                                          const char          *kind,
                                          JsonNode            *data,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      vigie_journal_append_finish (VigieJournal       *self,
                                          GAsyncResult        *result,
                                          GError             **error);
void          vigie_journal_flush        (VigieJournal        *self);
gboolean      vigie_journal_append_many  (VigieJournal             *self,
                                          const VigieJournalEntry  *entries,
                                          guint                     n_entries,
                                          VigieJournalHook          hook,
                                          gpointer                  user_data,
                                          GError                  **error);
GPtrArray    *vigie_journal_list_events  (VigieJournal  *self,
                                          const char    *call_id,
                                          GError       **error);
GPtrArray    *vigie_journal_list_calls   (VigieJournal  *self,
                                          guint          limit,
                                          GError       **error);
GPtrArray    *vigie_journal_list_calls_from (VigieJournal  *self,
                                          const char    *number,
                                          GDateTime     *since,
                                          const char    *except_call_id,
                                          guint          limit,
                                          GError       **error);
gboolean      vigie_journal_verify       (VigieJournal  *self,
                                          gint64        *n_events,
                                          GError       **error);

VigieJournalReport *vigie_journal_check (VigieJournal        *self,
                                          gint64               from_seq,
                                          const char          *from_hash,
                                          GCancellable        *cancellable,
                                          GError             **error);
void          vigie_journal_check_async  (VigieJournal        *self,
                                          gint64               from_seq,
                                          const char          *from_hash,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
VigieJournalReport *vigie_journal_check_finish (VigieJournal  *self,
                                          GAsyncResult        *result,
                                          GError             **error);
const char   *vigie_journal_damage_to_string (VigieJournalDamage damage);

void          vigie_journal_filter_clear (VigieJournalFilter  *filter);
char         *vigie_journal_filter_to_sql (const VigieJournalFilter *filter,
                                          gboolean             count,
                                          guint                offset,
                                          guint                limit);
GPtrArray    *vigie_journal_query_calls  (VigieJournal        *self,
                                          const VigieJournalFilter *filter,
                                          guint                offset,
                                          guint                limit,
                                          GError             **error);
gint64        vigie_journal_count_calls  (VigieJournal        *self,
                                          const VigieJournalFilter *filter,
                                          GError             **error);
VigieJournalStats *vigie_journal_compute_stats (VigieJournal   *self,
                                          const VigieJournalFilter *filter,
                                          GError             **error);
void          vigie_journal_count_calls_async (VigieJournal   *self,
                                          const VigieJournalFilter *filter,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gint64        vigie_journal_count_calls_finish (VigieJournal  *self,
                                          GAsyncResult        *result,
                                          GError             **error);
void          vigie_journal_export_csv   (GPtrArray           *calls,
                                          char                 separator,
                                          GString             *out);
void          vigie_journal_export_json  (GPtrArray           *calls,
                                          GString             *out);
GPtrArray    *vigie_journal_list_clients (VigieJournal        *self,
                                          GError             **error);
GStrv         vigie_journal_list_operators (VigieJournal      *self,
                                          GError             **error);
void          vigie_journal_compute_stats_async (VigieJournal *self,
                                          const VigieJournalFilter *filter,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
VigieJournalStats *vigie_journal_compute_stats_finish (VigieJournal *self,
                                          GAsyncResult        *result,
                                          GError             **error);
gboolean      vigie_journal_write_report (VigieJournal        *self,
                                          const char          *client_id,
                                          const char          *month,
                                          const char          *path,
                                          guint               *n_triggered,
                                          char               **verification,
                                          GError             **error);
VigieJournalCall *vigie_journal_get_call (VigieJournal        *self,
                                          const char          *call_id,
                                          GError             **error);
void          vigie_journal_report_free  (VigieJournalReport *report);

gboolean      vigie_journal_erase_caller (VigieJournal        *self,
                                          const char          *number,
                                          guint               *n_calls,
                                          GError             **error);
gboolean      vigie_journal_erase_call   (VigieJournal        *self,
                                          const char          *call_id,
                                          guint               *n_calls,
                                          GError             **error);
gboolean      vigie_journal_erase_expired (VigieJournal       *self,
                                          GHashTable          *retention,
                                          int                  default_days,
                                          GDateTime           *now,
                                          guint                limit,
                                          guint               *n_calls,
                                          GError             **error);
void          vigie_journal_set_retention (VigieJournal       *self,
                                          GHashTable          *retention,
                                          int                  default_days);

void          vigie_journal_event_free   (VigieJournalEvent *event);
void          vigie_journal_call_free    (VigieJournalCall  *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieJournalReport, vigie_journal_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieJournalCall, vigie_journal_call_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigieJournalEvent, vigie_journal_event_free)

G_END_DECLS
