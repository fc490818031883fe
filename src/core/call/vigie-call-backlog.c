/* vigie-call-backlog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal may refuse to write (a full disk): the call's rows wait
 * in memory, in order, and are written when space returns.
 */
#define G_LOG_DOMAIN "vigie-call"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-private.h"

void
_vigie_call_held_free (Held *held)
{
  g_free (held->kind);
  json_node_unref (held->data);
  g_free (held);
}

/* Journals a step of the call; when the journal cannot write (a full
 * disk), the row is held in memory, in order, and the call goes on: an
 * emergency is never stopped by the disk. */
gboolean
_vigie_call_journal_or_hold (VigieCall   *self,
                             const char  *kind,
                             JsonNode    *data,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->backlog != NULL && self->backlog->len > 0 && !vigie_call_flush_journal (self, &local_error))
    {
      _vigie_call_hold_rows_internal (self, kind, data, local_error);
      return TRUE;
    }
  if (!vigie_journal_append (self->journal, self->id, kind, data, &local_error))
    {
      g_message ("Call %s: %s not journaled yet: %s", self->id, kind, local_error->message);
      _vigie_call_hold_rows_internal (self, kind, data, local_error);
    }
  return TRUE;
}

gboolean
_vigie_call_backlog_retry_cb (gpointer user_data)
{
  VigieCall *self = user_data;

  if (vigie_call_flush_journal (self, NULL))
    {
      self->backlog_retry_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * vigie_call_hold_rows:
 * @self: a #VigieCall
 * @entries: rows the journal refused
 * @n_entries: their number
 * @why: (nullable): the journal's error
 *
 * Keeps the rows in memory, in order, and retries every second until the
 * journal takes them; meanwhile #VigieCall:journal-error says why.
 */
void
vigie_call_hold_rows (VigieCall               *self,
                      const VigieJournalEntry *entries,
                      guint                    n_entries,
                      const GError            *why)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);

  g_return_if_fail (VIGIE_IS_CALL (self));

  if (self->backlog == NULL)
    self->backlog = g_ptr_array_new_with_free_func ((GDestroyNotify) _vigie_call_held_free);
  for (guint i = 0; i < n_entries; i++)
    {
      Held *held = g_new0 (Held, 1);

      held->kind = g_strdup (entries[i].kind);
      held->data = entries[i].data ? json_node_copy (entries[i].data) : json_node_new (JSON_NODE_NULL);
      /* When it happened, the journal's own time being when it is written. */
      if (JSON_NODE_HOLDS_OBJECT (held->data))
        json_object_set_string_member (json_node_get_object (held->data), "held_since", at);
      g_ptr_array_add (self->backlog, held);
    }
  if (why != NULL && g_strcmp0 (self->journal_error, why->message) != 0)
    {
      g_free (self->journal_error);
      self->journal_error = g_strdup (why->message);
      g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_JOURNAL_ERROR]);
    }
  if (self->backlog_retry_id == 0)
    self->backlog_retry_id = g_timeout_add_seconds (1, _vigie_call_backlog_retry_cb, self);
}

/**
 * vigie_call_flush_journal:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * Writes the rows held since the journal failed, all in one transaction.
 *
 * Returns: %TRUE when nothing is left waiting
 */
gboolean
vigie_call_flush_journal (VigieCall  *self,
                          GError    **error)
{
  g_autofree VigieJournalEntry *entries = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->backlog == NULL || self->backlog->len == 0)
    return TRUE;
  entries = g_new0 (VigieJournalEntry, self->backlog->len);
  for (guint i = 0; i < self->backlog->len; i++)
    {
      Held *held = g_ptr_array_index (self->backlog, i);

      entries[i] = (VigieJournalEntry) { self->id, held->kind, held->data };
    }
  if (!vigie_journal_append_many (self->journal, entries, self->backlog->len, NULL, NULL, &local_error))
    {
      if (g_strcmp0 (self->journal_error, local_error->message) != 0)
        {
          g_free (self->journal_error);
          self->journal_error = g_strdup (local_error->message);
          g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_JOURNAL_ERROR]);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_ptr_array_set_size (self->backlog, 0);
  g_clear_pointer (&self->journal_error, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_JOURNAL_ERROR]);
  return TRUE;
}

/**
 * vigie_call_get_journal_error:
 * @self: a #VigieCall
 *
 * Returns: (nullable): why the journal has not recorded this call yet
 */
const char *
vigie_call_get_journal_error (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->journal_error;
}

void
_vigie_call_hold_rows_internal (VigieCall    *self,
                                const char   *kind,
                                JsonNode     *data,
                                const GError *why)
{
  VigieJournalEntry entry = { self->id, kind, data };

  vigie_call_hold_rows (self, &entry, 1, why);
}
