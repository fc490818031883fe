/* vigie-journal-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal page's calls as a GListModel that never holds the whole
 * journal: it starts with the first 50 rows of the filter and grows a page
 * at a time as the list asks for rows near its end.
 */
#define G_LOG_DOMAIN "vigie-journal-model"

#include "config.h"

#include "vigie-journal-model.h"

#define FIRST_PAGE 50
#define PAGE 200
#define AHEAD 40

struct _VigieJournalItem
{
  GObject           parent_instance;
  VigieJournalCall *call;
};

G_DEFINE_FINAL_TYPE (VigieJournalItem, vigie_journal_item, G_TYPE_OBJECT)

static void
vigie_journal_item_finalize (GObject *object)
{
  g_clear_pointer (&VIGIE_JOURNAL_ITEM (object)->call, vigie_journal_call_free);
  G_OBJECT_CLASS (vigie_journal_item_parent_class)->finalize (object);
}

static void
vigie_journal_item_class_init (VigieJournalItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_journal_item_finalize;
}

static void
vigie_journal_item_init (VigieJournalItem *self)
{
}

/**
 * vigie_journal_item_get_call:
 *
 * Returns: (transfer none): the call's summary row
 */
const VigieJournalCall *
vigie_journal_item_get_call (VigieJournalItem *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL_ITEM (self), NULL);
  return self->call;
}

struct _VigieJournalModel
{
  GObject             parent_instance;

  VigieJournal       *journal;
  VigieJournalFilter  filter;
  GPtrArray          *items;
  gboolean            complete;
  guint               grow_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieJournalModel, vigie_journal_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GPtrArray *
fetch (VigieJournalModel  *self,
       guint               offset,
       guint               limit,
       GError            **error)
{
  g_autoptr(GPtrArray) calls = vigie_journal_query_calls (self->journal, &self->filter, offset, limit, error);
  GPtrArray *items;

  if (calls == NULL)
    return NULL;
  items = g_ptr_array_new_full (calls->len, g_object_unref);
  for (guint i = 0; i < calls->len; i++)
    {
      VigieJournalItem *item = g_object_new (VIGIE_TYPE_JOURNAL_ITEM, NULL);

      item->call = g_ptr_array_index (calls, i);
      g_ptr_array_index (calls, i) = NULL;
      g_ptr_array_add (items, item);
    }
  return items;
}

static gboolean
grow_cb (gpointer user_data)
{
  VigieJournalModel *self = user_data;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GError) error = NULL;
  guint position = self->items->len;

  self->grow_id = 0;
  if (self->complete)
    return G_SOURCE_REMOVE;
  if (!(more = fetch (self, position, PAGE, &error)))
    {
      g_message ("%s", error->message);
      self->complete = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->complete = more->len < PAGE;
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&more));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->items->len - position);
  return G_SOURCE_REMOVE;
}

static GType
get_item_type (GListModel *model)
{
  return VIGIE_TYPE_JOURNAL_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIE_JOURNAL_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VigieJournalModel *self = VIGIE_JOURNAL_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  /* The list reached near the end of what is loaded: the next page, once
   * this layout is done (a model must not change while it is read). */
  if (!self->complete && position + AHEAD >= self->items->len && self->grow_id == 0)
    self->grow_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, grow_cb, self, NULL);
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
vigie_journal_model_finalize (GObject *object)
{
  VigieJournalModel *self = VIGIE_JOURNAL_MODEL (object);

  g_clear_handle_id (&self->grow_id, g_source_remove);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  vigie_journal_filter_clear (&self->filter);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (vigie_journal_model_parent_class)->finalize (object);
}

static void
vigie_journal_model_class_init (VigieJournalModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_journal_model_finalize;
}

static void
vigie_journal_model_init (VigieJournalModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->complete = TRUE;
}

VigieJournalModel *
vigie_journal_model_new (VigieJournal *journal)
{
  VigieJournalModel *self = g_object_new (VIGIE_TYPE_JOURNAL_MODEL, NULL);

  self->journal = g_object_ref (journal);
  return self;
}

static void
copy_filter (VigieJournalFilter       *to,
             const VigieJournalFilter *from)
{
  vigie_journal_filter_clear (to);
  *to = *from;
  to->from = g_strdup (from->from);
  to->to = g_strdup (from->to);
  to->client_id = g_strdup (from->client_id);
  to->operator_name = g_strdup (from->operator_name);
  to->decision = g_strdup (from->decision);
  to->search = g_strdup (from->search);
}

/**
 * vigie_journal_model_set_filter:
 * @self: a #VigieJournalModel
 * @filter: what to list (copied)
 * @error: return location for a #GError
 *
 * Replaces the rows with the first page of @filter, read now.
 *
 * Returns: %TRUE if the rows could be read
 */
gboolean
vigie_journal_model_set_filter (VigieJournalModel         *self,
                                const VigieJournalFilter  *filter,
                                GError                   **error)
{
  g_autoptr(GPtrArray) first = NULL;
  guint removed;
  gboolean ok;

  g_return_val_if_fail (VIGIE_IS_JOURNAL_MODEL (self), FALSE);

  copy_filter (&self->filter, filter);
  g_clear_handle_id (&self->grow_id, g_source_remove);
  first = fetch (self, 0, FIRST_PAGE, error);
  ok = first != NULL;

  removed = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  if (first)
    g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&first));
  self->complete = self->items->len < FIRST_PAGE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
  return ok;
}

const VigieJournalFilter *
vigie_journal_model_get_filter (VigieJournalModel *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL_MODEL (self), NULL);
  return &self->filter;
}

gboolean
vigie_journal_model_get_complete (VigieJournalModel *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL_MODEL (self), FALSE);
  return self->complete;
}
