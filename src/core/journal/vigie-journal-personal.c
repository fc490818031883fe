/* vigie-journal-personal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Personal data over time. What names or describes the caller (number,
 * name, address, typed answers, notes, free text) is kept out of the
 * chained event row, in the personal table; the event carries a salted
 * SHA-256 of it as its first member ({"personal":"<hash>", …}). Erasing
 * the personal row (salt included, so the hash cannot be tried against
 * guessed numbers) leaves the chain whole.
 *
 * Events written before this split hold their personal members inline.
 * Erasing them rewrites the event without those members and keeps its
 * stored hash as the chain link, vouched for by a redaction MAC (keyed):
 * someone without the key can neither redact nor forge.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "vigie-journal-private.h"

/* Members that name or describe the caller, in any event. */
static const char * const personal_any[] = {
  "from", "number", "presented", "caller_number", "caller_name", "caller", "callback",
  "value", "note", "address", "last_name", "first_name", "site",
};

typedef struct {
  const char *kind;
  const char *members[5];
} KindMembers;

/* Members personal in one kind of event only ("name" elsewhere is the
 * on-call person's, "reason" elsewhere the desk's). */
static const KindMembers personal_by_kind[] = {
  { "caller-identified", { "name", "company", "contract", "contact_id" } },
  { "caller-details", { "name", "company" } },
  { "override", { "reason" } },
  { "decision", { "override_reason", "reason" } },
};

/* Where the caller's number is, for vigie_journal_erase_caller(). */
static const char * const number_members[] = { "from", "number", "caller_number", "callback" };

static gboolean
is_personal (const char *kind,
             JsonObject *data,
             const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (personal_any); i++)
    if (g_str_equal (personal_any[i], name))
      return TRUE;
  /* A typed answer's label is what was typed. */
  if (g_str_equal (kind, "answer") && g_str_equal (name, "answer"))
    return json_object_has_member (data, "value");
  for (guint i = 0; i < G_N_ELEMENTS (personal_by_kind); i++)
    if (g_str_equal (personal_by_kind[i].kind, kind))
      for (guint j = 0; j < G_N_ELEMENTS (personal_by_kind[i].members) && personal_by_kind[i].members[j]; j++)
        if (g_str_equal (personal_by_kind[i].members[j], name))
          return TRUE;
  return FALSE;
}

/**
 * _vigie_journal_split:
 * @kind: the event kind
 * @data: (nullable): the event's object
 * @public_data: (out) (transfer full): @data without the personal members
 * @personal: (out) (transfer full) (nullable): the personal members, %NULL
 *   when there are none
 */
void
_vigie_journal_split (const char  *kind,
                      JsonObject  *data,
                      JsonObject **public_data,
                      JsonObject **personal)
{
  g_autoptr(JsonObject) pub = json_object_new ();
  g_autoptr(JsonObject) own = json_object_new ();
  g_autoptr(GList) names = data ? json_object_get_members (data) : NULL;

  for (GList *l = names; l; l = l->next)
    json_object_set_member (is_personal (kind, data, l->data) ? own : pub, l->data,
                            json_node_copy (json_object_get_member (data, l->data)));

  *public_data = g_steal_pointer (&pub);
  *personal = json_object_get_size (own) > 0 ? g_steal_pointer (&own) : NULL;
}

/**
 * _vigie_journal_personal_number:
 *
 * Returns: (nullable): the caller's number among @personal's members
 */
const char *
_vigie_journal_personal_number (JsonObject *personal)
{
  for (guint i = 0; personal && i < G_N_ELEMENTS (number_members); i++)
    {
      JsonNode *node = json_object_get_member (personal, number_members[i]);

      if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return json_node_get_string (node);
    }
  return NULL;
}

void
_vigie_journal_personal_hash (const char *salt,
                              const char *text,
                              char        out[65])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) "personal\x1f", -1);
  g_checksum_update (checksum, (const guchar *) (salt ? salt : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\x1f", 1);
  g_checksum_update (checksum, (const guchar *) (text ? text : ""), -1);
  g_strlcpy (out, g_checksum_get_string (checksum), 65);
}

/**
 * _vigie_journal_new_salt:
 *
 * Returns: (transfer full): 32 random hex digits
 */
char *
_vigie_journal_new_salt (void)
{
  guint8 bytes[16];
  GString *hex = g_string_sized_new (33);

  /* getrandom() on 16 bytes does not fail short once the pool is up;
   * GLib's generator covers a kernel without it. */
  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) g_random_int ();
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/* "{"personal":"<64>"" is 77 characters; then "}" or ",". */
#define PREFIX "{\"personal\":\""
#define PREFIX_LEN (sizeof PREFIX - 1)
#define HEADER_LEN (PREFIX_LEN + 64 + 1)

/**
 * _vigie_journal_personal_ref:
 * @data: an event's stored data
 * @hash: (out caller-allocates): the hash it carries
 *
 * Returns: whether @data carries a personal hash
 */
gboolean
_vigie_journal_personal_ref (const char *data,
                             char        hash[65])
{
  if (data == NULL || strncmp (data, PREFIX, PREFIX_LEN) != 0 || strlen (data) < HEADER_LEN + 1 ||
      data[HEADER_LEN - 1] != '"')
    return FALSE;
  memcpy (hash, data + PREFIX_LEN, 64);
  hash[64] = '\0';
  return TRUE;
}

/**
 * _vigie_journal_with_ref:
 * @public_data: the public members
 * @hash: the personal hash
 *
 * Returns: (transfer full): the stored text, the hash first
 */
char *
_vigie_journal_with_ref (JsonObject *public_data,
                         const char *hash)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), public_data);
  g_autofree char *rest = json_to_string (node, FALSE);

  /* rest is "{}" or "{…}" */
  return g_strdup_printf (PREFIX "%s\"%s%s", hash, rest[1] == '}' ? "" : ",", rest + 1);
}

/**
 * _vigie_journal_merge:
 * @stored: an event's stored data
 * @personal: (nullable): its personal row's data, %NULL once erased
 * @has_row: whether it has a personal row
 *
 * What readers get: the event as it was appended, or without the
 * personal members and `"erased": true` once they are erased.
 *
 * Returns: (transfer full): JSON text
 */
char *
_vigie_journal_merge (const char *stored,
                      const char *personal,
                      gboolean    has_row)
{
  char hash[65];
  const char *rest;

  if (!has_row || !_vigie_journal_personal_ref (stored, hash))
    return g_strdup (stored);
  rest = stored + HEADER_LEN;   /* "}" or ",…}" */
  if (personal == NULL)
    return g_strdup_printf ("{\"erased\":true%s", rest);
  /* personal is "{…}" with at least one member: both member lists join. */
  return g_strdup_printf ("%.*s%s", (int) strlen (personal) - 1, personal, *rest == '}' ? "}" : rest);
}

/**
 * _vigie_journal_redaction_mac:
 *
 * Vouches for an event written before the split whose personal members
 * were erased: its stored hash stays the chain link.
 */
void
_vigie_journal_redaction_mac (const guint8 *key,
                              gint64        seq,
                              const char   *prev_hash,
                              const char   *hash,
                              const char   *at,
                              const char   *call_id,
                              const char   *kind,
                              const char   *data,
                              gint64        erased_by,
                              char          out[65])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, VIGIE_JOURNAL_KEY_SIZE);
  g_autofree char *head = g_strdup_printf ("redacted\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f",
                                           seq, erased_by);
  const char *parts[] = { prev_hash, hash, at, call_id, kind, data };

  g_hmac_update (hmac, (const guchar *) head, -1);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_hmac_update (hmac, (const guchar *) (parts[i] ? parts[i] : ""), -1);
      g_hmac_update (hmac, (const guchar *) "\x1f", 1);
    }
  g_strlcpy (out, g_hmac_get_string (hmac), 65);
}
