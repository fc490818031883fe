/* vigie-journal-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Verification: walks the chain, then compares its end with the seal and
 * the anchor, the sealed tables with their MACs, and looks for the
 * append-only triggers. It opens its own connection and reads one
 * snapshot, so it runs on any thread while the desk keeps appending.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

typedef struct {
  gint64  seq;
  char   *at;
  char   *call_id;
  char   *kind;
  char   *data;
  char   *prev;
  char   *hash;
} Row;

typedef struct {
  char               *path;
  guint8              key[VIGIE_JOURNAL_KEY_SIZE];
  gint64              from_seq;
  char               *from_hash;
} CheckData;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->at, g_free);
  g_clear_pointer (&row->call_id, g_free);
  g_clear_pointer (&row->kind, g_free);
  g_clear_pointer (&row->data, g_free);
  g_clear_pointer (&row->prev, g_free);
  g_clear_pointer (&row->hash, g_free);
  row->seq = 0;
}

static void
row_read (Row          *row,
          sqlite3_stmt *stmt)
{
  row->seq = sqlite3_column_int64 (stmt, 0);
  row->at = vigie_sqlite_dup_column (stmt, 1);
  row->call_id = vigie_sqlite_dup_column (stmt, 2);
  row->kind = vigie_sqlite_dup_column (stmt, 3);
  row->data = vigie_sqlite_dup_column (stmt, 4);
  row->prev = vigie_sqlite_dup_column (stmt, 5);
  row->hash = vigie_sqlite_dup_column (stmt, 6);
}

static gboolean
row_hashes_to (const guint8 *key,
               const Row    *row,
               gint64        seq)
{
  g_autofree char *hash = vigie_journal_hash_event (key, row->prev, seq, row->at, row->call_id,
                                                    row->kind, row->data);
  return g_strcmp0 (hash, row->hash) == 0;
}

const char *
vigie_journal_damage_to_string (VigieJournalDamage damage)
{
  static const char * const names[] = {
    "none", "edited", "removed", "inserted", "truncated", "rolled-back",
    "summary", "outbox", "triggers", "seal", "personal",
  };

  g_return_val_if_fail (damage <= VIGIE_JOURNAL_DAMAGE_PERSONAL, NULL);
  return names[damage];
}

void
vigie_journal_report_free (VigieJournalReport *report)
{
  if (report == NULL)
    return;
  g_free (report->last_hash);
  g_free (report->row);
  g_free (report->message);
  g_free (report);
}

static void
damage (VigieJournalReport *report,
        VigieJournalDamage  kind,
        gint64              seq,
        const char         *path,
        char               *sentence)
{
  report->damage = kind;
  report->seq = seq;
  report->message = g_strdup_printf (_("Journal %s: %s"), path, sentence);
  g_free (sentence);
}


/* Judges @row given what came before (@prev, @expected) and after (@next):
 * FALSE with the damage set in @report, or TRUE. */
/* The next event links past this one (or, last, it is past the seal):
 * this one was slipped in. */
static gboolean
slipped_in (const VigieJournalSeal *seal,
            const Row              *row,
            const Row              *next,
            const char             *prev)
{
  if (next != NULL)
    return g_strcmp0 (next->prev, prev) == 0;
  return seal->valid && row->seq > seal->seq;
}

static char *
gap_sentence (gint64 expected,
              gint64 seq)
{
  if (seq - expected == 1)
    return g_strdup_printf (_("event %lld was removed"), (long long) expected);
  return g_strdup_printf (_("events %lld to %lld were removed"), (long long) expected, (long long) seq - 1);
}

/* A row that hashes to nothing where it stands: renumbered, or edited. */
static void
judge_edit (const CheckData    *data,
            const guint8       *key,
            const Row          *row,
            VigieJournalReport *report)
{
  /* Valid under a later number: earlier events were removed and the rest
   * renumbered. */
  for (gint64 k = 1; k <= 16; k++)
    if (row_hashes_to (key, row, row->seq + k))
      {
        damage (report, VIGIE_JOURNAL_DAMAGE_REMOVED, row->seq, data->path,
                g_strdup_printf (_("events were removed before event %lld"
                                   " and the later ones renumbered"), (long long) row->seq));
        return;
      }

  if (key != NULL && row_hashes_to (NULL, row, row->seq))
    damage (report, VIGIE_JOURNAL_DAMAGE_EDITED, row->seq, data->path,
            g_strdup_printf (_("event %lld was edited: its hash was recomputed without "
                               "the journal's key"), (long long) row->seq));
  else
    damage (report, VIGIE_JOURNAL_DAMAGE_EDITED, row->seq, data->path,
            g_strdup_printf (_("event %lld was edited"), (long long) row->seq));
}

static gboolean
judge_row (const CheckData          *data,
           const VigieJournalSeal   *seal,
           const Row                *row,
           const Row                *next,
           const char               *prev,
           gint64                    expected,
           VigieJournalReport       *report)
{
  const guint8 *key = row->seq >= seal->keyed_from ? data->key : NULL;
  gboolean self_valid;

  if (row->seq != expected)
    {
      damage (report, VIGIE_JOURNAL_DAMAGE_REMOVED, expected, data->path, gap_sentence (expected, row->seq));
      return FALSE;
    }

  self_valid = row_hashes_to (key, row, row->seq);
  if (self_valid && g_strcmp0 (row->prev, prev) == 0)
    return TRUE;

  if (self_valid)
    {
      damage (report, VIGIE_JOURNAL_DAMAGE_REMOVED, row->seq, data->path,
              g_strdup_printf (_("the event before event %lld is not the one it was chained to: "
                                 "events were removed or replaced"), (long long) row->seq));
      return FALSE;
    }

  if (slipped_in (seal, row, next, prev))
    {
      damage (report, VIGIE_JOURNAL_DAMAGE_INSERTED, row->seq, data->path,
              g_strdup_printf (_("event %lld was inserted: the journal did not write it"),
                               (long long) row->seq));
      return FALSE;
    }

  judge_edit (data, key, row, report);
  return FALSE;
}

/* A redacted event (written before the split, personal members erased):
 * its stored hash is the link if the redaction MAC vouches for it. */
static void
redacted_hash (const guint8 *key,
               sqlite3_stmt *stmt,
               char          out[65])
{
  const char *stored = (const char *) sqlite3_column_text (stmt, 6);
  char mac[65];

  _vigie_journal_redaction_mac (key, sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 5),
                                stored, (const char *) sqlite3_column_text (stmt, 1),
                                (const char *) sqlite3_column_text (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
                                (const char *) sqlite3_column_text (stmt, 4), sqlite3_column_int64 (stmt, 12), mac);
  g_strlcpy (out, g_strcmp0 (mac, (const char *) sqlite3_column_text (stmt, 11)) == 0 && stored ? stored : "", 65);
}

/* Counts, per erasure event, the rows it erased (seq → count), and what
 * each erasure event says it erased (-seq → count). */
static void
count_erased (GHashTable *erasures,
              gint64      key,
              gint64      n)
{
  gint64 *count = g_hash_table_lookup (erasures, &key);

  if (count == NULL)
    {
      count = g_new0 (gint64, 2);
      count[0] = key;
      g_hash_table_insert (erasures, count, count);
    }
  count[1] += n;
}

/* A redaction counts for its erasure; an erasure event says how many
 * rows it erased. */
static void
note_erasures (sqlite3_stmt *stmt,
               GHashTable   *erasures)
{
  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    count_erased (erasures, sqlite3_column_int64 (stmt, 12), 1);
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "erasure") == 0)
    {
      g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 4), NULL);

      if (node && JSON_NODE_HOLDS_OBJECT (node))
        count_erased (erasures, -sqlite3_column_int64 (stmt, 0),
                      json_object_get_int_member_with_default (json_node_get_object (node), "events", 0));
    }
}

/* The row's personal data against the hash its event carries. */
static gboolean
check_personal (const CheckData    *data,
                sqlite3_stmt       *stmt,
                GHashTable         *erasures,
                VigieJournalReport *report)
{
  gint64 seq = sqlite3_column_int64 (stmt, 0);
  const char *text = (const char *) sqlite3_column_text (stmt, 4);
  gboolean has_row = sqlite3_column_int (stmt, 7) != 0;
  const char *personal = (const char *) sqlite3_column_text (stmt, 9);
  char ref[65], hash[65];
  gboolean has_ref = _vigie_journal_personal_ref (text, ref);

  note_erasures (stmt, erasures);

  if (has_ref && !has_row)
    damage (report, VIGIE_JOURNAL_DAMAGE_PERSONAL, seq, data->path,
            g_strdup_printf (_("the personal data of event %lld was removed"), (long long) seq));
  else if (!has_ref && has_row)
    damage (report, VIGIE_JOURNAL_DAMAGE_PERSONAL, seq, data->path,
            g_strdup_printf (_("personal data was added to event %lld"), (long long) seq));
  else if (has_row && personal != NULL)
    {
      _vigie_journal_personal_hash ((const char *) sqlite3_column_text (stmt, 8), personal, hash);
      if (!g_str_equal (hash, ref))
        damage (report, VIGIE_JOURNAL_DAMAGE_PERSONAL, seq, data->path,
                g_strdup_printf (_("the personal data of event %lld was edited"), (long long) seq));
    }
  else if (has_row)
    count_erased (erasures, sqlite3_column_int64 (stmt, 10), 1);
  return report->damage == VIGIE_JOURNAL_DAMAGE_NONE;
}

/* @count is what one erasure event erased (seq > 0) or says it erased
 * (-seq): the other side must agree. */
static gboolean
judge_erasure (const CheckData    *data,
               GHashTable         *erasures,
               const gint64       *count,
               VigieJournalReport *report)
{
  gint64 other = -count[0];
  gint64 *declared = g_hash_table_lookup (erasures, &other);
  gboolean agrees = declared != NULL && declared[1] == count[1];

  if (count[0] > 0 && !agrees)
    damage (report, VIGIE_JOURNAL_DAMAGE_PERSONAL, count[0], data->path,
            g_strdup_printf (_("personal data was erased without being journaled "
                               "(%lld rows marked erased by event %lld)"),
                             (long long) count[1], (long long) count[0]));
  else if (count[0] < 0 && count[1] > 0 && !agrees)
    damage (report, VIGIE_JOURNAL_DAMAGE_PERSONAL, -count[0], data->path,
            g_strdup_printf (_("the personal data erased by event %lld was restored or altered"),
                             (long long) -count[0]));
  return report->damage == VIGIE_JOURNAL_DAMAGE_NONE;
}

/* After a full walk: every row marked erased was erased by an erasure
 * event that says so, and no personal row is left without its event. */
static gboolean
check_erasures (const CheckData    *data,
                sqlite3            *db,
                GHashTable         *erasures,
                VigieJournalReport *report,
                GError            **error)
{
  GHashTableIter iter;
  gint64 *count;
  sqlite3_stmt *stmt = NULL;

  g_hash_table_iter_init (&iter, erasures);
  while (g_hash_table_iter_next (&iter, (gpointer *) &count, NULL))
    if (!judge_erasure (data, erasures, count, report))
      return TRUE;

  if (!vigie_journal_table_exists (db, "personal"))
    return TRUE;
  if (sqlite3_prepare_v2 (db, "SELECT p.seq FROM personal p WHERE NOT EXISTS "
                              "(SELECT 1 FROM events e WHERE e.seq = p.seq) LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_journal_read_error (db, error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    damage (report, VIGIE_JOURNAL_DAMAGE_PERSONAL, sqlite3_column_int64 (stmt, 0), data->path,
            g_strdup_printf (_("personal data was added for event %lld, which does not exist"),
                             (long long) sqlite3_column_int64 (stmt, 0)));
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
walk_chain (const CheckData         *data,
            sqlite3                 *db,
            const VigieJournalSeal  *seal,
            const VigieJournalAnchor *anchor,
            char                   **anchor_hash,
            GHashTable              *erasures,
            GCancellable            *cancellable,
            VigieJournalReport      *report,
            GError                 **error)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, data->key, VIGIE_JOURNAL_KEY_SIZE);
  char prev[65];
  gint64 expected = data->from_seq + 1;
  sqlite3_stmt *stmt = NULL;
  Row rows[2] = { { 0 }, { 0 } };
  Row *cur = &rows[0], *next = &rows[1];
  int rc;

  g_strlcpy (prev, data->from_seq > 0 ? data->from_hash : VIGIE_JOURNAL_GENESIS_HASH, sizeof prev);

  report->last_seq = data->from_seq;
  report->last_hash = g_strdup (prev);

  if (data->from_seq > 0)
    {
      gboolean same = FALSE;

      if (sqlite3_prepare_v2 (db, "SELECT hash FROM events WHERE seq = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return _vigie_journal_read_error (db, error);
      sqlite3_bind_int64 (stmt, 1, data->from_seq);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), data->from_hash) == 0;
      sqlite3_finalize (stmt);
      if (!same)
        {
          damage (report, VIGIE_JOURNAL_DAMAGE_ROLLED_BACK, data->from_seq, data->path,
                  g_strdup_printf (_("event %lld is no longer the one checked before: "
                                     "the file was replaced"), (long long) data->from_seq));
          return TRUE;
        }
    }

  if (sqlite3_prepare_v2 (db, "SELECT e.seq, e.at, e.call_id, e.kind, e.data, e.prev_hash, e.hash, "
                              "p.seq IS NOT NULL, p.salt, p.data, p.erased_by, r.mac, r.erased_by "
                              "FROM events e LEFT JOIN personal p ON p.seq = e.seq "
                              "LEFT JOIN redactions r ON r.seq = e.seq "
                              "WHERE e.seq > ?1 ORDER BY e.seq", -1, &stmt, NULL) != SQLITE_OK)
    return _vigie_journal_read_error (db, error);
  sqlite3_bind_int64 (stmt, 1, data->from_seq);

  /* The common case reads columns in place; a row that fails is copied
   * with the one after it, for judge_row() to say what happened. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 5);
      const char *stored = (const char *) sqlite3_column_text (stmt, 6);
      char hash[65];

      if ((seq & 0x3fff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }

      if (seq == expected && sqlite3_column_type (stmt, 11) != SQLITE_NULL)
        redacted_hash (data->key, stmt, hash);
      else if (seq == expected)
        {
          /* vigie_journal_hash_event() without keying anew per event. */
          g_autoptr(GHmac) keyed = seq >= seal->keyed_from ? g_hmac_copy (hmac) : NULL;
          char seq_str[32];
          const char *fields[6] = {
            stored_prev, seq_str, (const char *) sqlite3_column_text (stmt, 1),
            (const char *) sqlite3_column_text (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
            (const char *) sqlite3_column_text (stmt, 4),
          };

          g_snprintf (seq_str, sizeof seq_str, "%" G_GINT64_FORMAT, seq);
          _vigie_journal_hash_fields (keyed, fields, hash);
        }
      if (seq != expected || g_strcmp0 (stored_prev, prev) != 0 || g_strcmp0 (stored, hash) != 0)
        {
          gboolean have_next;

          row_read (cur, stmt);
          have_next = sqlite3_step (stmt) == SQLITE_ROW;
          if (have_next)
            row_read (next, stmt);
          judge_row (data, seal, cur, have_next ? next : NULL, prev, expected, report);
          row_clear (cur);
          row_clear (next);
          sqlite3_finalize (stmt);
          return TRUE;
        }

      if (!check_personal (data, stmt, erasures, report))
        {
          sqlite3_finalize (stmt);
          return TRUE;
        }
      if (anchor->valid && seq == anchor->seq)
        *anchor_hash = g_strdup (stored);
      g_strlcpy (prev, stored, sizeof prev);
      report->n_events++;
      report->last_seq = seq;
      expected = seq + 1;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _vigie_journal_read_error (db, error);

  g_free (report->last_hash);
  report->last_hash = g_strdup (prev);
  return TRUE;
}

static gboolean
trigger_exists (sqlite3    *db,
                const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return exists;
}

static char *
rows_sentence (VigieSealedTable  table,
               const char       *row,
               const char       *what)
{
  gboolean calls = table == VIGIE_SEALED_CALLS;

  if (row == NULL)
    return g_strdup (calls ? _("a row of the calls summary was removed")
                           : _("a row of the outbox was removed"));
  if (g_str_equal (what, "added"))
    return g_strdup_printf (calls ? _("call %s was added to the calls summary behind the journal's back")
                                  : _("outbox row %s was added behind the journal's back"), row);
  if (g_str_equal (what, "removed"))
    return g_strdup_printf (calls ? _("call %s was removed from the calls summary")
                                  : _("outbox row %s was removed"), row);
  return g_strdup_printf (calls ? _("the calls summary of call %s was edited")
                                : _("outbox row %s was edited"), row);
}

/* The end of the chain against the seal: FALSE once damage is found. */
static gboolean
judge_seal (const CheckData        *data,
            const VigieJournalSeal *seal,
            gboolean                anchor_present,
            VigieJournalReport     *report)
{
  if (!seal->present)
    {
      if (report->last_seq > 0 || anchor_present)
        damage (report, VIGIE_JOURNAL_DAMAGE_SEAL, 0, data->path, g_strdup (_("its seal was removed")));
      return FALSE;
    }
  if (!seal->valid)
    damage (report, VIGIE_JOURNAL_DAMAGE_SEAL, 0, data->path, g_strdup (_("its seal was altered")));
  else if (report->last_seq < seal->seq)
    damage (report, VIGIE_JOURNAL_DAMAGE_TRUNCATED, report->last_seq + 1, data->path,
            g_strdup_printf (_("the newest events were removed: it ends at event %lld"
                               " but was sealed at event %lld"),
                             (long long) report->last_seq, (long long) seal->seq));
  else if (report->last_seq > seal->seq)
    damage (report, VIGIE_JOURNAL_DAMAGE_INSERTED, seal->seq + 1, data->path,
            g_strdup_printf (_("event %lld was inserted: the journal did not write it"),
                             (long long) seal->seq + 1));
  else if (g_strcmp0 (report->last_hash, seal->head) != 0)
    damage (report, VIGIE_JOURNAL_DAMAGE_EDITED, report->last_seq, data->path,
            g_strdup_printf (_("event %lld was edited"), (long long) report->last_seq));
  return report->damage == VIGIE_JOURNAL_DAMAGE_NONE;
}

/* The chain against the anchor kept beside the file. */
static gboolean
judge_anchor (const CheckData          *data,
              const VigieJournalAnchor *anchor,
              const char               *anchor_hash,
              VigieJournalReport       *report)
{
  g_autofree char *anchor_path = vigie_journal_anchor_path (data->path);

  if (!anchor->present)
    damage (report, VIGIE_JOURNAL_DAMAGE_SEAL, 0, data->path,
            g_strdup_printf (_("its anchor %s is missing: truncation or rollback cannot be ruled out"),
                             anchor_path));
  else if (!anchor->valid)
    damage (report, VIGIE_JOURNAL_DAMAGE_SEAL, 0, data->path,
            g_strdup_printf (_("its anchor %s was altered"), anchor_path));
  else if (anchor->seq > report->last_seq)
    damage (report, VIGIE_JOURNAL_DAMAGE_ROLLED_BACK, report->last_seq + 1, data->path,
            g_strdup_printf (_("an older copy was put back: it ends at event %lld"
                               " but its anchor recorded event %lld"),
                             (long long) report->last_seq, (long long) anchor->seq));
  else if (anchor->seq > 0 && anchor->seq > data->from_seq && g_strcmp0 (anchor_hash, anchor->head) != 0)
    damage (report, VIGIE_JOURNAL_DAMAGE_ROLLED_BACK, anchor->seq, data->path,
            g_strdup_printf (_("event %lld is not the one its anchor recorded: "
                               "the history was replaced"), (long long) anchor->seq));
  return report->damage == VIGIE_JOURNAL_DAMAGE_NONE;
}

/* The sealed tables (calls summary, outbox), row by row: full checks. */
static gboolean
judge_rows (const CheckData        *data,
            sqlite3                *db,
            const VigieJournalSeal *seal,
            GCancellable           *cancellable,
            VigieJournalReport     *report,
            GError                **error)
{
  VigieSealedTable table = 0;
  const char *what = NULL;
  char *row = NULL;

  if (!vigie_journal_check_rows (db, data->key, seal, cancellable, &table, &row, &what, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_free (row);
      return FALSE;
    }
  if (what != NULL)
    {
      report->row = row;
      damage (report, table == VIGIE_SEALED_CALLS ? VIGIE_JOURNAL_DAMAGE_SUMMARY : VIGIE_JOURNAL_DAMAGE_OUTBOX,
              0, data->path, rows_sentence (table, row, what));
    }
  return TRUE;
}

static void
judge_triggers (const CheckData        *data,
                sqlite3                *db,
                const VigieJournalSeal *seal,
                VigieJournalReport     *report)
{
  if (!trigger_exists (db, "events_no_update") || !trigger_exists (db, "events_no_delete"))
    damage (report, VIGIE_JOURNAL_DAMAGE_TRIGGERS, 0, data->path,
            g_strdup (_("its append-only triggers were dropped")));
  else if (seal->guard_restored > 0)
    damage (report, VIGIE_JOURNAL_DAMAGE_TRIGGERS, 0, data->path,
            g_strdup_printf (_("its append-only triggers were dropped (found missing and put back after event %lld)"),
                             (long long) seal->guard_restored));
}

/* Everything after the walk, in order; FALSE on a read error only. */
static gboolean
judge (const CheckData          *data,
       sqlite3                  *db,
       const VigieJournalSeal   *seal,
       const VigieJournalAnchor *anchor,
       const char               *anchor_hash,
       GHashTable               *erasures,
       GCancellable             *cancellable,
       VigieJournalReport       *report,
       GError                  **error)
{
  gboolean full = data->from_seq == 0;

  if (!judge_seal (data, seal, anchor->present, report) || !judge_anchor (data, anchor, anchor_hash, report))
    return TRUE;
  if (full && !check_erasures (data, db, erasures, report, error))
    return FALSE;
  if (report->damage != VIGIE_JOURNAL_DAMAGE_NONE)
    return TRUE;
  if (full && !judge_rows (data, db, seal, cancellable, report, error))
    return FALSE;
  if (report->damage == VIGIE_JOURNAL_DAMAGE_NONE)
    judge_triggers (data, db, seal, report);
  return TRUE;
}

static VigieJournalReport *
check (const CheckData  *data,
       GCancellable     *cancellable,
       GError          **error)
{
  g_autoptr(VigieJournalReport) report = g_new0 (VigieJournalReport, 1);
  g_autofree char *anchor_hash = NULL;
  g_autoptr(GHashTable) erasures = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  VigieJournalAnchor anchor;
  VigieJournalSeal seal;
  sqlite3 *db;
  gboolean ok;

  /* The anchor first: it only moves after a commit, so the snapshot read
   * next holds at least what it names. */
  vigie_journal_anchor_read (data->path, data->key, &anchor);

  if (!(db = vigie_sqlite_open (data->path, FALSE, NULL, _("Journal"),
                                VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE, error)))
    return NULL;

  ok = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
       vigie_journal_seal_read (db, NULL, data->key, &seal, error);
  if (ok)
    {
      report->keyed_from = seal.keyed_from;
      if (!seal.valid && anchor.valid)
        seal.keyed_from = anchor.keyed_from;
      ok = walk_chain (data, db, &seal, &anchor, &anchor_hash, erasures, cancellable, report, error) &&
           (report->damage != VIGIE_JOURNAL_DAMAGE_NONE ||
            judge (data, db, &seal, &anchor, anchor_hash, erasures, cancellable, report, error));
    }

  sqlite3_exec (db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&report) : NULL;
}

static CheckData *
check_data_new (VigieJournal *self,
                gint64        from_seq,
                const char   *from_hash)
{
  CheckData *data = g_new0 (CheckData, 1);

  data->path = g_strdup (vigie_journal_get_path (self));
  memcpy (data->key, _vigie_journal_get_key (self), VIGIE_JOURNAL_KEY_SIZE);
  data->from_seq = from_hash != NULL ? MAX (from_seq, 0) : 0;
  data->from_hash = g_strdup (from_hash);
  return data;
}

static void
check_data_free (CheckData *data)
{
  g_free (data->path);
  g_free (data->from_hash);
  memset (data->key, 0, sizeof data->key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckData, check_data_free)

/**
 * vigie_journal_check:
 * @self: a #VigieJournal
 * @from_seq: 0 for a full check; else the @last_seq of an earlier report
 * @from_hash: (nullable): that report's @last_hash
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks the journal on its own connection (any thread). A full check
 * walks every event and every sealed row; an incremental one (@from_seq)
 * checks that event @from_seq is unchanged, the events after it, the
 * seal, the anchor and the triggers.
 *
 * Returns: (transfer full) (nullable): the report (damage or none); %NULL
 *   with @error set only when the file could not be read
 */
VigieJournalReport *
vigie_journal_check (VigieJournal  *self,
                     gint64         from_seq,
                     const char    *from_hash,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(CheckData) data = NULL;

  g_return_val_if_fail (VIGIE_IS_JOURNAL (self), NULL);

  data = check_data_new (self, from_seq, from_hash);
  return check (data, cancellable, error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  VigieJournalReport *report = check (task_data, cancellable, &error);

  if (report)
    g_task_return_pointer (task, report, (GDestroyNotify) vigie_journal_report_free);
  else
    g_task_return_error (task, error);
}

/* A full check of a year-old journal is seconds of CPU: on its own thread
 * at the lowest priority, so the desk's main thread and the X server keep
 * their frames (the pool's threads are shared, and an unprivileged thread
 * cannot take its priority back). */
static gpointer
check_own_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19) != 0)
    g_debug ("Journal check at normal priority: %s", g_strerror (errno));
  check_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
                g_task_get_cancellable (task));
  return NULL;
}

/**
 * vigie_journal_check_async:
 *
 * vigie_journal_check() in a worker thread of its own, at low priority.
 */
void
vigie_journal_check_async (VigieJournal        *self,
                           gint64               from_seq,
                           const char          *from_hash,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIGIE_IS_JOURNAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigie_journal_check_async);
  g_task_set_task_data (task, check_data_new (self, from_seq, from_hash), (GDestroyNotify) check_data_free);
  g_thread_unref (g_thread_new ("vigie-journal-check", check_own_thread, g_object_ref (task)));
}

VigieJournalReport *
vigie_journal_check_finish (VigieJournal  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
