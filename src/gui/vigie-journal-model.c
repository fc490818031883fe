/* vigie-journal-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal page's calls as a GListModel that never holds the whole
 * journal: it starts with the first 50 rows of the filter and grows a page
 * at a time as the list asks for rows near its end, and holds only the few
 * pages the list asked for last.
 */
#define G_LOG_DOMAIN "vigie-journal-model"

#include "config.h"

#include "vigie-journal-model.h"

#define FIRST_PAGE 50
#define PAGE 200
#define AHEAD 40
#define KEEP 6

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

/* Rows are kept by pages of PAGE (page p holds rows p × PAGE …); only the
 * KEEP pages read or asked for last stay in memory, the others are
 * dropped and read again when the list comes back to them, so a long
 * scroll through a million-call journal costs a few pages, not all it
 * passed. */
typedef struct {
  GPtrArray *items;   /* NULL once dropped */
  guint64    used;    /* the model's clock when last asked for */
} Page;

struct _VigieJournalModel
{
  GObject             parent_instance;

  VigieJournal       *journal;
  VigieJournalFilter  filter;
  GArray             *pages;      /* Page */
  guint               n_items;
  guint               n_held;
  guint64             clock;
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

static void
page_clear (gpointer data)
{
  g_clear_pointer (&((Page *) data)->items, g_ptr_array_unref);
}

static Page *
page_at (VigieJournalModel *self,
         guint              position)
{
  guint index = position / PAGE;

  if (index >= self->pages->len)
    g_array_set_size (self->pages, index + 1);
  return &g_array_index (self->pages, Page, index);
}

/* Drops the least recently asked-for pages beyond KEEP, never @keep. */
static void
drop_pages (VigieJournalModel *self,
            Page              *keep)
{
  while (self->n_held > KEEP)
    {
      Page *oldest = NULL;

      for (guint i = 0; i < self->pages->len; i++)
        {
          Page *page = &g_array_index (self->pages, Page, i);

          if (page->items != NULL && page != keep && (oldest == NULL || page->used < oldest->used))
            oldest = page;
        }
      if (oldest == NULL)
        return;
      g_clear_pointer (&oldest->items, g_ptr_array_unref);
      self->n_held--;
    }
}

/* Files @items, read from row @offset on, into their pages: @offset is the
 * start of a page not held, or the row after the last one its page holds. */
static void
store (VigieJournalModel *self,
       guint              offset,
       GPtrArray         *items)
{
  Page *page = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      guint position = offset + i;

      page = page_at (self, position);
      if (page->items == NULL)
        {
          g_assert (position % PAGE == 0);
          page->items = g_ptr_array_new_full (PAGE, g_object_unref);
          self->n_held++;
        }
      g_assert (page->items->len == position % PAGE);
      g_ptr_array_add (page->items, g_object_ref (g_ptr_array_index (items, i)));
      page->used = ++self->clock;
    }
  if (page != NULL)
    drop_pages (self, page);
}

/* Rows the journal no longer returns where it did (an erasure since) are
 * listed empty rather than missing: the list's count stands. */
static void
pad (GPtrArray *items,
     guint      length)
{
  while (items->len < length)
    g_ptr_array_add (items, g_object_new (VIGIE_TYPE_JOURNAL_ITEM, NULL));
}

static gboolean
grow_cb (gpointer user_data)
{
  VigieJournalModel *self = user_data;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GError) error = NULL;
  guint position = self->n_items;
  guint start = position;

  self->grow_id = 0;
  if (self->complete)
    return G_SOURCE_REMOVE;
  /* The last page was dropped: read it again with the next rows. */
  if (position % PAGE != 0 && page_at (self, position - 1)->items == NULL)
    start = position - position % PAGE;
  if (!(more = fetch (self, start, position - start + PAGE, &error)))
    {
      g_message ("%s", error->message);
      self->complete = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->complete = more->len < position - start + PAGE;
  pad (more, position - start);
  store (self, start, more);
  self->n_items = MAX (position, start + more->len);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->n_items - position);
  return G_SOURCE_REMOVE;
}

/* The rows of a dropped page, read again. */
static void
reread (VigieJournalModel *self,
        guint              position)
{
  guint start = position - position % PAGE;
  guint limit = MIN (PAGE, self->n_items - start);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = fetch (self, start, limit, &error);

  if (items == NULL)
    {
      g_message ("%s", error->message);
      items = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_ptr_array_set_size (items, MIN (items->len, limit));
  pad (items, limit);
  store (self, start, items);
}

static GType
get_item_type (GListModel *model)
{
  return VIGIE_TYPE_JOURNAL_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIE_JOURNAL_MODEL (model)->n_items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VigieJournalModel *self = VIGIE_JOURNAL_MODEL (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;
  /* The list reached near the end of what is loaded: the next page, once
   * this layout is done (a model must not change while it is read). */
  if (!self->complete && position + AHEAD >= self->n_items && self->grow_id == 0)
    self->grow_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, grow_cb, self, NULL);
  page = page_at (self, position);
  if (page->items == NULL)
    {
      reread (self, position);
      page = page_at (self, position);
    }
  page->used = ++self->clock;
  return g_object_ref (g_ptr_array_index (page->items, position % PAGE));
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
  g_clear_pointer (&self->pages, g_array_unref);
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
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_array_set_clear_func (self->pages, page_clear);
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

  removed = self->n_items;
  g_array_set_size (self->pages, 0);
  self->n_held = 0;
  self->n_items = 0;
  if (first)
    {
      store (self, 0, first);
      self->n_items = first->len;
    }
  self->complete = self->n_items < FIRST_PAGE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
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

/**
 * vigie_journal_model_get_n_pages_held:
 * @self: a #VigieJournalModel
 *
 * How many pages of rows the model holds in memory now (the others were
 * dropped and are read again when asked for): at most a handful, however
 * far the list was scrolled.
 *
 * Returns: the pages held
 */
guint
vigie_journal_model_get_n_pages_held (VigieJournalModel *self)
{
  g_return_val_if_fail (VIGIE_IS_JOURNAL_MODEL (self), 0);
  return self->n_held;
}
