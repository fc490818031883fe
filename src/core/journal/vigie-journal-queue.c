/* vigie-journal-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Group commit: vigie_journal_append_async() queues events; the next
 * main-loop turn commits them all in one transaction (one fsync) and only
 * then tells each caller. Several calls in progress share each fsync.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include "vigie-journal-private.h"

struct _VigieJournalQueue
{
  GPtrArray *pending;
  guint      flush_id;
};

typedef struct {
  char     *call_id;
  char     *kind;
  JsonNode *data;
  GTask    *task;
} Pending;

static void
pending_free (Pending *pending)
{
  g_free (pending->call_id);
  g_free (pending->kind);
  g_clear_pointer (&pending->data, json_node_unref);
  g_clear_object (&pending->task);
  g_free (pending);
}

/* What was queued, taken whole (the queue starts afresh): the commit
 * that writes it may queue more. NULL when nothing waits. */
GPtrArray *
_vigie_journal_queue_take (VigieJournalQueue **queue)
{
  g_autoptr(GPtrArray) batch = NULL;

  if (*queue == NULL)
    return NULL;
  batch = g_steal_pointer (&(*queue)->pending);
  g_clear_pointer (queue, _vigie_journal_queue_free);
  if (batch == NULL || batch->len == 0)
    return NULL;
  return g_steal_pointer (&batch);
}

/* The taken events as entries for vigie_journal_append_many(); they
 * point into @queued, which must outlive them. */
GArray *
_vigie_journal_queue_entries (GPtrArray *queued)
{
  GArray *entries = g_array_sized_new (FALSE, FALSE, sizeof (VigieJournalEntry), queued->len);

  for (guint i = 0; i < queued->len; i++)
    {
      Pending *pending = g_ptr_array_index (queued, i);
      VigieJournalEntry entry = { pending->call_id, pending->kind, pending->data };

      g_array_append_val (entries, entry);
    }
  return entries;
}

/* Tells every caller of the taken events the commit's outcome: each one
 * hears it, an error included; none is dropped. */
void
_vigie_journal_queue_complete (GPtrArray    *queued,
                               const GError *error)
{
  for (guint i = 0; i < queued->len; i++)
    {
      Pending *pending = g_ptr_array_index (queued, i);

      if (error == NULL)
        g_task_return_boolean (pending->task, TRUE);
      else
        g_task_return_error (pending->task, g_error_copy (error));
    }
}

/* Group commit: every event queued since the last commit goes in one
 * transaction, one fsync; then each caller hears its outcome. */
static void
queue_flush (VigieJournal *self)
{
  VigieJournalQueue **queue = _vigie_journal_get_queue (self);

  if (*queue != NULL && (*queue)->pending->len > 0)
    vigie_journal_append_many (self, NULL, 0, NULL, NULL, NULL);
}

static gboolean
flush_cb (gpointer user_data)
{
  VigieJournal *self = user_data;
  VigieJournalQueue **queue = _vigie_journal_get_queue (self);

  (*queue)->flush_id = 0;
  queue_flush (self);
  return G_SOURCE_REMOVE;
}

/**
 * vigie_journal_append_async:
 * @self: a #VigieJournal
 * @call_id: (nullable): the call the event belongs to
 * @kind: the event kind
 * @data: (nullable): a JSON object
 * @callback: (nullable): called once the event is committed (fsync'd)
 * @user_data: data for @callback
 *
 * Queues the event for the next commit, which takes every event queued
 * until the main loop is idle again (group commit: one fsync for all).
 * When @callback runs, the event survives a power loss. Events keep
 * their order, also against vigie_journal_append(), which commits what
 * is queued first.
 */
void
vigie_journal_append_async (VigieJournal        *self,
                            const char          *call_id,
                            const char          *kind,
                            JsonNode            *data,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  VigieJournalQueue **queue;
  Pending *pending;

  g_return_if_fail (VIGIE_IS_JOURNAL (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (data == NULL || JSON_NODE_HOLDS_OBJECT (data));

  pending = g_new0 (Pending, 1);
  pending->call_id = g_strdup (call_id);
  pending->kind = g_strdup (kind);
  pending->data = data ? json_node_copy (data) : NULL;
  pending->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (pending->task, vigie_journal_append_async);

  queue = _vigie_journal_get_queue (self);
  if (*queue == NULL)
    {
      *queue = g_new0 (VigieJournalQueue, 1);
      (*queue)->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
      /* The pending tasks hold the journal: the idle cannot outlive it. */
      (*queue)->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cb, self, NULL);
    }
  g_ptr_array_add ((*queue)->pending, pending);
}

gboolean
vigie_journal_append_finish (VigieJournal  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vigie_journal_flush:
 * @self: a #VigieJournal
 *
 * Commits what vigie_journal_append_async() queued, now.
 */
void
vigie_journal_flush (VigieJournal *self)
{
  g_return_if_fail (VIGIE_IS_JOURNAL (self));
  queue_flush (self);
}

void
_vigie_journal_queue_free (VigieJournalQueue *queue)
{
  g_clear_handle_id (&queue->flush_id, g_source_remove);
  g_clear_pointer (&queue->pending, g_ptr_array_unref);
  g_free (queue);
}
