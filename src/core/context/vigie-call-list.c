/* vigie-call-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The calls open on the desk, in arrival order, as a #GListModel of
 * #VigieCall: the desk's list presents it (widgets for the visible rows
 * only) and everything about a call lives in the call, so a night of
 * calls costs what the calls cost, not what their widgets would.
 */
#define G_LOG_DOMAIN "vigie-call-list"

#include "config.h"

#include "vigie-call-list.h"

struct _VigieCallList
{
  GObject     parent_instance;

  GPtrArray  *calls;   /* VigieCall, arrival order */
  GHashTable *by_id;   /* call id → VigieCall (unowned) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieCallList, vigie_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return VIGIE_TYPE_CALL;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIE_CALL_LIST (model)->calls->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VigieCallList *self = VIGIE_CALL_LIST (model);

  if (position >= self->calls->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->calls, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
vigie_call_list_finalize (GObject *object)
{
  VigieCallList *self = VIGIE_CALL_LIST (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_ptr_array_unref);

  G_OBJECT_CLASS (vigie_call_list_parent_class)->finalize (object);
}

static void
vigie_call_list_class_init (VigieCallListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_call_list_finalize;
}

static void
vigie_call_list_init (VigieCallList *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

VigieCallList *
vigie_call_list_new (void)
{
  return g_object_new (VIGIE_TYPE_CALL_LIST, NULL);
}

/**
 * vigie_call_list_add:
 * @self: a #VigieCallList
 * @call: a call that arrived
 *
 * Appends @call, unless a call with its id is already open.
 *
 * Returns: whether it was added
 */
gboolean
vigie_call_list_add (VigieCallList *self,
                     VigieCall     *call)
{
  g_return_val_if_fail (VIGIE_IS_CALL_LIST (self), FALSE);
  g_return_val_if_fail (VIGIE_IS_CALL (call), FALSE);

  if (g_hash_table_contains (self->by_id, vigie_call_get_id (call)))
    return FALSE;
  g_ptr_array_add (self->calls, g_object_ref (call));
  g_hash_table_insert (self->by_id, (gpointer) vigie_call_get_id (call), call);
  g_list_model_items_changed (G_LIST_MODEL (self), self->calls->len - 1, 0, 1);
  return TRUE;
}

/**
 * vigie_call_list_find:
 * @self: a #VigieCallList
 * @call: a call
 *
 * Returns: the position of @call, or %G_MAXUINT
 */
guint
vigie_call_list_find (VigieCallList *self,
                      VigieCall     *call)
{
  guint position;

  g_return_val_if_fail (VIGIE_IS_CALL_LIST (self), G_MAXUINT);

  if (call == NULL || g_hash_table_lookup (self->by_id, vigie_call_get_id (call)) != call)
    return G_MAXUINT;
  return g_ptr_array_find (self->calls, call, &position) ? position : G_MAXUINT;
}

/**
 * vigie_call_list_remove:
 * @self: a #VigieCallList
 * @call: a call that was closed
 *
 * Drops @call: the list holds no reference to it any more.
 *
 * Returns: whether it was open
 */
gboolean
vigie_call_list_remove (VigieCallList *self,
                        VigieCall     *call)
{
  guint position = vigie_call_list_find (self, call);

  if (position == G_MAXUINT)
    return FALSE;
  g_hash_table_remove (self->by_id, vigie_call_get_id (call));
  g_ptr_array_remove_index (self->calls, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

/**
 * vigie_call_list_lookup:
 * @self: a #VigieCallList
 * @call_id: a switchboard call id
 *
 * Returns: (transfer none) (nullable): the open call with that id
 */
VigieCall *
vigie_call_list_lookup (VigieCallList *self,
                        const char    *call_id)
{
  g_return_val_if_fail (VIGIE_IS_CALL_LIST (self), NULL);

  return call_id ? g_hash_table_lookup (self->by_id, call_id) : NULL;
}
