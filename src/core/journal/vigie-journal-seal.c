/* vigie-journal-seal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tamper evidence that holds against someone with the file and sqlite3 in
 * hand but without the key:
 *
 * - each event's hash is an HMAC-SHA-256 (key in a 0600 file beside the
 *   journal) of its content chained to the previous hash, so a rewritten
 *   and re-chained file fails;
 * - the rows that change in place (the calls summary, the outbox) carry a
 *   MAC each in row_seals, and a keyed multiset digest of each table (count
 *   and sum of the MACs) sits in the seal, so an edited, added or removed
 *   row shows;
 * - the seal (last event, its hash, the digests) is rewritten and MAC'd in
 *   every transaction: deleting the newest events leaves it pointing past
 *   the end (truncation);
 * - the anchor, a file beside the database written (fdatasync) after each
 *   commit, keeps the last sequence number and head outside the database:
 *   an older copy of the file put back holds fewer events than the anchor
 *   remembers (rollback).
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/random.h>
#include <unistd.h>

#include "vigie-journal-private.h"
#include "vigie-sqlite.h"

#define ANCHOR_SLOT 256

typedef struct {
  const char *name;
  const char *key;
  const char *columns;
} SealedTable;

/* The columns a row's MAC covers, in order: fixed lists, so a column added
 * later by someone else does not break every MAC. */
static const SealedTable sealed_tables[VIGIE_N_SEALED] = {
  { "calls", "call_id", VIGIE_JOURNAL_CALL_COLUMNS },
  { "outbox", "id",
    "id, dedup_key, action, call_id, client_id, target_id, recipient, recipient_phone, payload, "
    "created_at, due_at, next_attempt_at, state, attempts, last_status, last_error, last_attempt_at, "
    "delivered_at" },
};

char *
vigie_journal_anchor_path (const char *journal_path)
{
  return g_strconcat (journal_path, ".anchor", NULL);
}

char *
vigie_journal_key_path (const char *journal_path)
{
  return g_strconcat (journal_path, ".key", NULL);
}

static gboolean
fsync_dir_of (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* @what is "key" or "anchor": the sentence is whole for translators. */
static gboolean
set_errno_error (GError     **error,
                 const char  *what,
                 const char  *path)
{
  int saved = errno;

  if (g_str_equal (what, "key"))
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _("Cannot create the journal key %s: %s"), path, g_strerror (saved));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _("Cannot write the journal anchor %s: %s"), path, g_strerror (saved));
  return FALSE;
}

static gboolean
parse_key (const char *hex,
           guint8      key[VIGIE_JOURNAL_KEY_SIZE])
{
  if (strlen (hex) != VIGIE_JOURNAL_KEY_SIZE * 2)
    return FALSE;
  for (guint i = 0; i < VIGIE_JOURNAL_KEY_SIZE; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      key[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* A new random key in a new 0600 file, synced with its folder; errno
 * says why not. */
static gboolean
create_key (const char *path,
            guint8      key[VIGIE_JOURNAL_KEY_SIZE])
{
  GString *hex;
  gboolean ok;
  int fd;

  if (getrandom (key, VIGIE_JOURNAL_KEY_SIZE, 0) != VIGIE_JOURNAL_KEY_SIZE)
    return FALSE;
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return FALSE;
  hex = g_string_sized_new (VIGIE_JOURNAL_KEY_SIZE * 2 + 1);
  for (guint i = 0; i < VIGIE_JOURNAL_KEY_SIZE; i++)
    g_string_append_printf (hex, "%02x", key[i]);
  g_string_append_c (hex, '\n');
  ok = write (fd, hex->str, hex->len) == (ssize_t) hex->len && fsync (fd) == 0;
  g_string_free (hex, TRUE);
  close (fd);
  return ok && fsync_dir_of (path);
}

/**
 * vigie_journal_key_load:
 * @journal_path: the journal's file
 * @create: create the key if there is none
 * @key: (out caller-allocates): the key
 * @created: (out) (optional): whether it was created now
 * @error: return location for a #GError
 *
 * The key lives in `<journal>.key`, 0600, 64 hex digits.
 *
 * Returns: %TRUE if @key holds the key
 */
gboolean
vigie_journal_key_load (const char  *journal_path,
                        gboolean     create,
                        guint8       key[VIGIE_JOURNAL_KEY_SIZE],
                        gboolean    *created,
                        GError     **error)
{
  g_autofree char *path = vigie_journal_key_path (journal_path);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (created)
    *created = FALSE;

  if (g_file_get_contents (path, &contents, &length, NULL))
    {
      if (parse_key (g_strstrip (contents), key))
        return TRUE;
      g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_KEY,
                   _("Journal key %s is not 64 hexadecimal digits"), path);
      return FALSE;
    }

  if (!create)
    {
      g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_KEY,
                   _("Journal key %s is missing"), path);
      return FALSE;
    }

  if (!create_key (path, key))
    return set_errno_error (error, "key", path);
  if (created)
    *created = TRUE;
  return TRUE;
}

static void
hmac_field (GHmac      *hmac,
            const char *value)
{
  if (value == NULL)
    g_hmac_update (hmac, (const guchar *) "\x1e", 1);
  else
    g_hmac_update (hmac, (const guchar *) value, -1);
  g_hmac_update (hmac, (const guchar *) "\x1f", 1);
}

static void
hmac_hex (GHmac *hmac,
          char   out[65])
{
  g_strlcpy (out, g_hmac_get_string (hmac), 65);
}

/* An event's hash from its fields { prev_hash, seq, at, call_id, kind,
 * data } (NULL hashes as ""): keyed with @hmac, fresh from the key and used
 * up (the checker copies one per event instead of keying anew), or the
 * unkeyed SHA-256 of journals written before the key when %NULL. */
void
_vigie_journal_hash_fields (GHmac             *hmac,
                            const char * const fields[6],
                            char               out[65])
{
  g_autoptr(GChecksum) checksum = hmac ? NULL : g_checksum_new (G_CHECKSUM_SHA256);

  if (hmac != NULL)
    g_hmac_update (hmac, (const guchar *) "event\x1f", 6);
  for (guint i = 0; i < 6; i++)
    {
      const char *part = fields[i] ? fields[i] : "";

      if (hmac != NULL)
        {
          g_hmac_update (hmac, (const guchar *) part, -1);
          g_hmac_update (hmac, (const guchar *) "\x1f", 1);
        }
      else
        {
          g_checksum_update (checksum, (const guchar *) part, -1);
          g_checksum_update (checksum, (const guchar *) "\x1f", 1);
        }
    }
  g_strlcpy (out, hmac ? g_hmac_get_string (hmac) : g_checksum_get_string (checksum), 65);
}

/**
 * vigie_journal_hash_event:
 * @key: (nullable): the journal's key; %NULL for the unkeyed SHA-256 of
 *   journals written before the key existed
 *
 * Returns: (transfer full): the event's hash, 64 hex digits
 */
char *
vigie_journal_hash_event (const guint8 *key,
                          const char   *prev_hash,
                          gint64        seq,
                          const char   *at,
                          const char   *call_id,
                          const char   *kind,
                          const char   *data)
{
  g_autoptr(GHmac) hmac = key ? g_hmac_new (G_CHECKSUM_SHA256, key, VIGIE_JOURNAL_KEY_SIZE) : NULL;
  char seq_str[32];
  const char *fields[6] = { prev_hash, seq_str, at, call_id, kind, data };
  char out[65];

  g_snprintf (seq_str, sizeof seq_str, "%" G_GINT64_FORMAT, seq);
  _vigie_journal_hash_fields (hmac, fields, out);
  return g_strdup (out);
}

static void
seal_mac (const guint8           *key,
          const VigieJournalSeal *seal,
          char                    out[65])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, VIGIE_JOURNAL_KEY_SIZE);
  g_autofree char *text = g_strdup_printf ("seal\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%" G_GINT64_FORMAT
                                           "\x1f%" G_GINT64_FORMAT "\x1f%016" G_GINT64_MODIFIER "x"
                                           "\x1f%" G_GINT64_FORMAT "\x1f%016" G_GINT64_MODIFIER "x"
                                           "\x1f%" G_GINT64_FORMAT,
                                           seal->seq, seal->head, seal->keyed_from,
                                           seal->count[0], seal->sum[0], seal->count[1], seal->sum[1],
                                           seal->guard_restored);

  g_hmac_update (hmac, (const guchar *) text, -1);
  hmac_hex (hmac, out);
}

static gboolean
sql_error (sqlite3     *db,
           GError     **error,
           const char  *what)
{
  g_set_error (error, VIGIE_JOURNAL_ERROR, VIGIE_JOURNAL_ERROR_SQLITE,
               _("Journal: %s: %s"), what, sqlite3_errmsg (db));
  return FALSE;
}

gboolean
vigie_journal_table_exists (sqlite3    *db,
                            const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE name = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return exists;
}

gboolean
vigie_journal_seal_read (sqlite3           *db,
                         GHashTable        *stmts,
                         const guint8      *key,
                         VigieJournalSeal  *seal,
                         GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  memset (seal, 0, sizeof *seal);
  g_strlcpy (seal->head, VIGIE_JOURNAL_GENESIS_HASH, sizeof seal->head);
  seal->keyed_from = 1;

  if (!(stmt = vigie_sqlite_prepare_cached (stmts, db, "SELECT seq, head, keyed_from, calls_count, calls_sum, outbox_count, outbox_sum, mac, guard_restored "
                          "FROM journal_seal WHERE id = 1")))
    return sql_error (db, error, _("cannot read the seal"));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      char mac[65];

      seal->present = TRUE;
      seal->seq = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (seal->head, (const char *) sqlite3_column_text (stmt, 1) ?: "", sizeof seal->head);
      seal->keyed_from = sqlite3_column_int64 (stmt, 2);
      seal->count[0] = sqlite3_column_int64 (stmt, 3);
      seal->sum[0] = g_ascii_strtoull ((const char *) sqlite3_column_text (stmt, 4) ?: "", NULL, 16);
      seal->count[1] = sqlite3_column_int64 (stmt, 5);
      seal->sum[1] = g_ascii_strtoull ((const char *) sqlite3_column_text (stmt, 6) ?: "", NULL, 16);
      seal->guard_restored = sqlite3_column_int64 (stmt, 8);
      seal_mac (key, seal, mac);
      seal->valid = g_strcmp0 (mac, (const char *) sqlite3_column_text (stmt, 7)) == 0;
    }
  vigie_sqlite_release (stmts, stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_error (db, error, _("cannot read the seal"));
  return TRUE;
}

gboolean
vigie_journal_seal_write (sqlite3           *db,
                          GHashTable        *stmts,
                          const guint8      *key,
                          VigieJournalSeal  *seal,
                          GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  char mac[65];
  char sums[2][17];
  int rc;

  seal_mac (key, seal, mac);
  for (guint i = 0; i < 2; i++)
    g_snprintf (sums[i], sizeof sums[i], "%016" G_GINT64_MODIFIER "x", seal->sum[i]);

  if (!(stmt = vigie_sqlite_prepare_cached (stmts, db, "INSERT OR REPLACE INTO journal_seal (id, seq, head, keyed_from, calls_count, calls_sum, "
                          "outbox_count, outbox_sum, mac, guard_restored) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")))
    return sql_error (db, error, _("cannot write the seal"));
  sqlite3_bind_int64 (stmt, 1, seal->seq);
  sqlite3_bind_text (stmt, 2, seal->head, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, seal->keyed_from);
  sqlite3_bind_int64 (stmt, 4, seal->count[0]);
  sqlite3_bind_text (stmt, 5, sums[0], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, seal->count[1]);
  sqlite3_bind_text (stmt, 7, sums[1], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, mac, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, seal->guard_restored);
  rc = sqlite3_step (stmt);
  vigie_sqlite_release (stmts, stmt);

  if (rc != SQLITE_DONE)
    return sql_error (db, error, _("cannot write the seal"));
  seal->present = seal->valid = TRUE;
  return TRUE;
}

/* The MAC of the row @stmt is on (the table's columns, in order). */
static void
row_mac (const guint8     *key,
         VigieSealedTable  table,
         const char       *rid,
         sqlite3_stmt     *stmt,
         int               n_columns,
         char              out[65])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, VIGIE_JOURNAL_KEY_SIZE);

  hmac_field (hmac, "row");
  hmac_field (hmac, sealed_tables[table].name);
  hmac_field (hmac, rid);
  for (int i = 0; i < n_columns; i++)
    hmac_field (hmac, (const char *) sqlite3_column_text (stmt, i));
  hmac_hex (hmac, out);
}

static guint64
mac_value (const char *mac)
{
  char head[17];

  g_strlcpy (head, mac ? mac : "", sizeof head);
  return g_ascii_strtoull (head, NULL, 16);
}

static int
count_columns (VigieSealedTable table)
{
  int n = 1;

  for (const char *p = sealed_tables[table].columns; *p; p++)
    n += *p == ',';
  return n;
}

/* The row's old MAC leaves the table's digest. */
static gboolean
unseal_old (sqlite3          *db,
            GHashTable       *stmts,
            VigieJournalSeal *seal,
            VigieSealedTable  table,
            const char       *rid)
{
  sqlite3_stmt *stmt = vigie_sqlite_prepare_cached (stmts, db, "SELECT mac FROM row_seals WHERE tbl = ?1 AND rid = ?2");
  gboolean row = FALSE, ok;

  if (stmt == NULL)
    return FALSE;
  ok = vigie_sqlite_bind (stmt, "ss", sealed_tables[table].name, rid) && vigie_sqlite_step (stmt, &row);
  if (ok && row)
    {
      seal->count[table]--;
      seal->sum[table] -= mac_value ((const char *) sqlite3_column_text (stmt, 0));
    }
  vigie_sqlite_release (stmts, stmt);
  return ok;
}

/* The row's MAC as it is now; *@exists is FALSE when it is gone. */
static gboolean
mac_row (sqlite3          *db,
         GHashTable       *stmts,
         const guint8     *key,
         VigieSealedTable  table,
         const char       *rid,
         gboolean         *exists,
         char              mac[65])
{
  const SealedTable *t = &sealed_tables[table];
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ?1", t->columns, t->name, t->key);
  sqlite3_stmt *stmt = vigie_sqlite_prepare_cached (stmts, db, select);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ok = vigie_sqlite_bind (stmt, "s", rid) && vigie_sqlite_step (stmt, exists);
  if (ok && *exists)
    row_mac (key, table, rid, stmt, sqlite3_column_count (stmt), mac);
  vigie_sqlite_release (stmts, stmt);
  return ok;
}

/* A cached statement run to the end with three strings (NULL binds NULL). */
static gboolean
run_cached (GHashTable *stmts,
            sqlite3    *db,
            const char *sql,
            const char *a,
            const char *b,
            const char *c)
{
  sqlite3_stmt *stmt = vigie_sqlite_prepare_cached (stmts, db, sql);
  gboolean ok = stmt != NULL && vigie_sqlite_run (stmt, "sss", a, b, c);

  vigie_sqlite_release (stmts, stmt);
  return ok;
}

/**
 * vigie_journal_seal_row:
 *
 * Re-MACs one row of @table after it was written (or removed), and moves
 * the table's digest in @seal from the old MAC to the new one.
 */
gboolean
vigie_journal_seal_row (sqlite3           *db,
                        GHashTable        *stmts,
                        const guint8      *key,
                        VigieJournalSeal  *seal,
                        VigieSealedTable   table,
                        const char        *rid,
                        GError           **error)
{
  const SealedTable *t = &sealed_tables[table];
  char mac[65] = "";
  gboolean exists = FALSE;

  if (!unseal_old (db, stmts, seal, table, rid) ||
      !mac_row (db, stmts, key, table, rid, &exists, mac) ||
      !run_cached (stmts, db, exists ? "INSERT OR REPLACE INTO row_seals (tbl, rid, mac) VALUES (?1, ?2, ?3)"
                                     : "DELETE FROM row_seals WHERE tbl = ?1 AND rid = ?2 AND ?3 IS NULL",
                   t->name, rid, exists ? mac : NULL))
    return sql_error (db, error, _("cannot seal a row"));

  if (exists)
    {
      seal->count[table]++;
      seal->sum[table] += mac_value (mac);
    }
  return TRUE;
}

/**
 * vigie_journal_seal_all:
 *
 * Seals every row of the sealed tables from scratch: for journals written
 * before seals existed.
 */
gboolean
vigie_journal_seal_all (sqlite3           *db,
                        GHashTable        *stmts,
                        const guint8      *key,
                        VigieJournalSeal  *seal,
                        GError           **error)
{
  if (sqlite3_exec (db, "DELETE FROM row_seals", NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (db, error, _("cannot seal the tables"));

  for (guint table = 0; table < VIGIE_N_SEALED; table++)
    {
      const SealedTable *t = &sealed_tables[table];
      g_autofree char *select = NULL;
      g_autoptr(GPtrArray) rids = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = NULL;

      seal->count[table] = 0;
      seal->sum[table] = 0;
      if (!vigie_journal_table_exists (db, t->name))
        continue;

      select = g_strdup_printf ("SELECT %s FROM %s", t->key, t->name);
      if (!(stmt = vigie_sqlite_prepare_cached (stmts, db, select)))
        return sql_error (db, error, _("cannot seal the tables"));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (rids, vigie_sqlite_dup_column (stmt, 0));
      vigie_sqlite_release (stmts, stmt);

      for (guint i = 0; i < rids->len; i++)
        if (!vigie_journal_seal_row (db, stmts, key, seal, table, g_ptr_array_index (rids, i), error))
          return FALSE;
    }
  return TRUE;
}

static void
anchor_mac (const guint8 *key,
            gint64        seq,
            const char   *head,
            gint64        keyed_from,
            char          out[65])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, VIGIE_JOURNAL_KEY_SIZE);
  g_autofree char *text = g_strdup_printf ("anchor\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%" G_GINT64_FORMAT,
                                           seq, head, keyed_from);

  g_hmac_update (hmac, (const guchar *) text, -1);
  hmac_hex (hmac, out);
}

/* Two slots, written alternately, so a torn write loses at most the newer. */
static int
anchor_read_slots (const char         *journal_path,
                   const guint8       *key,
                   VigieJournalAnchor *anchor)
{
  g_autofree char *path = vigie_journal_anchor_path (journal_path);
  char buffer[2 * ANCHOR_SLOT + 1];
  ssize_t length;
  int best = -1;
  int fd;

  memset (anchor, 0, sizeof *anchor);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  anchor->present = TRUE;
  length = pread (fd, buffer, 2 * ANCHOR_SLOT, 0);
  close (fd);
  if (length < 0)
    return -1;
  buffer[length] = '\0';

  for (int slot = 0; slot < 2 && (slot + 1) * ANCHOR_SLOT <= length; slot++)
    {
      char text[ANCHOR_SLOT + 1];
      char head[65], mac[65], expected[65];
      gint64 seq, keyed_from;

      memcpy (text, buffer + slot * ANCHOR_SLOT, ANCHOR_SLOT);
      text[ANCHOR_SLOT] = '\0';
      if (sscanf (text, "VIGIE-ANCHOR 1 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %64s %64s",
                  &seq, &keyed_from, head, mac) != 4)
        continue;
      anchor_mac (key, seq, head, keyed_from, expected);
      if (!g_str_equal (expected, mac))
        continue;
      if (!anchor->valid || seq > anchor->seq)
        {
          anchor->valid = TRUE;
          anchor->seq = seq;
          anchor->keyed_from = keyed_from;
          g_strlcpy (anchor->head, head, sizeof anchor->head);
          best = slot;
        }
    }
  return best;
}

void
vigie_journal_anchor_read (const char         *journal_path,
                           const guint8       *key,
                           VigieJournalAnchor *anchor)
{
  anchor_read_slots (journal_path, key, anchor);
}

/* A new file gets the slot twice (so it always has its full size) and is
 * synced with its folder; else the slot goes at @offset. errno says why
 * not. */
static gboolean
write_slot (const char *path,
            const char *slot,
            gboolean    created,
            off_t       offset,
            gboolean    sync)
{
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  gboolean ok;
  int saved;

  if (fd < 0)
    return FALSE;
  ok = created ? pwrite (fd, slot, ANCHOR_SLOT, 0) == ANCHOR_SLOT &&
                 pwrite (fd, slot, ANCHOR_SLOT, ANCHOR_SLOT) == ANCHOR_SLOT
               : pwrite (fd, slot, ANCHOR_SLOT, offset) == ANCHOR_SLOT;
  ok = ok && (!(sync || created) || fdatasync (fd) == 0);
  saved = errno;
  close (fd);
  errno = saved;
  return ok && (!created || fsync_dir_of (path));
}

/**
 * vigie_journal_anchor_write:
 *
 * Moves the anchor forward to @seq; never back, so an older copy of the
 * database put back and written to keeps showing. Without @sync the new
 * slot is in the page cache (any process reading the file sees it) and
 * reaches the disk with the next synced write or
 * vigie_journal_anchor_sync(): after a power loss the anchor may be
 * behind the database, which check() accepts; never ahead.
 */
gboolean
vigie_journal_anchor_write (const char    *journal_path,
                            const guint8  *key,
                            gint64         seq,
                            const char    *head,
                            gint64         keyed_from,
                            gboolean       sync,
                            GError       **error)
{
  g_autofree char *path = vigie_journal_anchor_path (journal_path);
  VigieJournalAnchor current;
  char slot[ANCHOR_SLOT];
  char mac[65];
  int best, length;

  best = anchor_read_slots (journal_path, key, &current);
  /* An altered anchor is evidence: leave it for verify to report. */
  if ((current.valid && current.seq >= seq) || (current.present && !current.valid))
    return TRUE;

  anchor_mac (key, seq, head, keyed_from, mac);
  memset (slot, ' ', sizeof slot);
  length = g_snprintf (slot, sizeof slot, "VIGIE-ANCHOR 1 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %s",
                       seq, keyed_from, head, mac);
  slot[length] = ' ';
  slot[ANCHOR_SLOT - 1] = '\n';

  if (!write_slot (path, slot, !current.present, best == 0 ? ANCHOR_SLOT : 0, sync))
    return set_errno_error (error, "anchor", path);
  return TRUE;
}

/**
 * vigie_journal_anchor_sync:
 *
 * Flushes the anchor's unsynced slot to the disk.
 */
void
vigie_journal_anchor_sync (const char *journal_path)
{
  g_autofree char *path = vigie_journal_anchor_path (journal_path);
  int fd = open (path, O_RDWR | O_CLOEXEC);

  if (fd < 0)
    return;
  if (fdatasync (fd) != 0)
    g_debug ("Anchor %s: %s", path, g_strerror (errno));
  close (fd);
}

/**
 * vigie_journal_check_rows:
 * @bad_table: (out): where the damage is
 * @bad_row: (out) (transfer full): the row, when known
 * @what: (out): "edited", "added" or "removed"
 *
 * Recomputes every row MAC of the sealed tables and each table's digest.
 *
 * Returns: %FALSE on a read error only; *@what stays %NULL when all is well
 */
gboolean
vigie_journal_check_rows (sqlite3                 *db,
                          const guint8            *key,
                          const VigieJournalSeal  *seal,
                          GCancellable            *cancellable,
                          VigieSealedTable        *bad_table,
                          char                   **bad_row,
                          const char             **what,
                          GError                 **error)
{
  *what = NULL;
  *bad_row = NULL;

  for (guint table = 0; table < VIGIE_N_SEALED; table++)
    {
      const SealedTable *t = &sealed_tables[table];
      int n_columns = count_columns (table);
      g_autofree char *select = NULL;
      sqlite3_stmt *stmt = NULL;
      gint64 count = 0;
      guint64 sum = 0;
      int rc;

      *bad_table = table;
      if (!vigie_journal_table_exists (db, t->name))
        {
          if (seal->count[table] != 0)
            *what = "removed";
          if (*what)
            return TRUE;
          continue;
        }

      select = g_strdup_printf ("SELECT %s, s.mac FROM %s t LEFT JOIN row_seals s "
                                "ON s.tbl = '%s' AND s.rid = CAST (t.%s AS TEXT) ORDER BY t.rowid",
                                t->columns, t->name, t->name, t->key);
      if (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL) != SQLITE_OK)
        return sql_error (db, error, _("cannot read"));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *rid = (const char *) sqlite3_column_text (stmt, 0);
          const char *stored = (const char *) sqlite3_column_text (stmt, n_columns);
          char mac[65];

          if ((count & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
            break;
          row_mac (key, table, rid, stmt, n_columns, mac);
          if (stored == NULL || !g_str_equal (stored, mac))
            {
              *what = stored == NULL ? "added" : "edited";
              *bad_row = g_strdup (rid);
              break;
            }
          count++;
          sum += mac_value (mac);
        }
      sqlite3_finalize (stmt);
      if (*what)
        return TRUE;
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_error (db, error, _("cannot read"));

      if (count != seal->count[table] || sum != seal->sum[table])
        {
          g_autofree char *orphan = g_strdup_printf ("SELECT rid FROM row_seals WHERE tbl = '%s' AND NOT EXISTS "
                                                     "(SELECT 1 FROM %s WHERE CAST (%s AS TEXT) = rid) LIMIT 1",
                                                     t->name, t->name, t->key);

          *what = count < seal->count[table] ? "removed" : "edited";
          if (sqlite3_prepare_v2 (db, orphan, -1, &stmt, NULL) == SQLITE_OK)
            {
              if (sqlite3_step (stmt) == SQLITE_ROW)
                {
                  *bad_row = vigie_sqlite_dup_column (stmt, 0);
                  *what = "removed";
                }
              sqlite3_finalize (stmt);
            }
          return TRUE;
        }
    }
  return TRUE;
}
