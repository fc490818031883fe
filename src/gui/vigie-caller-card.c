/* vigie-caller-card.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller card: the presented number, the identity the operator
 * captures (name, company, call-back number, site), the contract; then,
 * one frame after the screen pop, on call now, previous calls and the
 * operator's note.
 */
#define G_LOG_DOMAIN "vigie-caller-card"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-caller-card.h"
#include "vigie-journal.h"
#include "vigie-phone.h"
#include "vigie-roster-oncall.h"

struct _VigieCallerCard
{
  GtkBox               parent_instance;

  VigieCall           *call;
  GdkFrameClock       *more_clock;     /* the pop's frame, then the rest */
  gulong               more_handler;

  GtkLabel            *vip_label;
  GtkLabel            *known_label;
  AdwActionRow        *number_row;
  AdwEntryRow         *last_name_row;
  AdwEntryRow         *first_name_row;
  AdwEntryRow         *company_row;
  AdwEntryRow         *callback_row;
  AdwEntryRow         *site_row;
  GtkWidget           *site_full_row;
  GtkLabel            *site_full_label;
  AdwActionRow        *contract_row;
  GtkBox              *more_box;
  AdwPreferencesGroup *history_group;
  AdwEntryRow         *note_row;
};

static void section_iface_init (VigieCallSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigieCallerCard, vigie_caller_card, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIGIE_TYPE_CALL_SECTION, section_iface_init))

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean has_value = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, has_value ? value : "—");
}

/* On call now, previous calls and the note come one frame after the
 * caller card and the question: the screen pop paints what the operator
 * reads first without measuring the rest. */
static void
show_more (VigieCallerCard *self)
{
  if (self->more_handler != 0)
    g_clear_signal_handler (&self->more_handler, self->more_clock);
  g_clear_object (&self->more_clock);
  gtk_widget_set_visible (GTK_WIDGET (self->more_box), TRUE);
}

static void
more_after_paint_cb (GdkFrameClock   *clock,
                     VigieCallerCard *self)
{
  show_more (self);
}

static AdwEntryRow *
identity_row (VigieCallerCard  *self,
              VigieCallerField  field)
{
  switch (field)
    {
    case VIGIE_CALLER_LAST_NAME:  return self->last_name_row;
    case VIGIE_CALLER_FIRST_NAME: return self->first_name_row;
    case VIGIE_CALLER_COMPANY:    return self->company_row;
    case VIGIE_CALLER_CALLBACK:   return self->callback_row;
    case VIGIE_CALLER_SITE:       return self->site_row;
    case VIGIE_CALLER_N_FIELDS:
    default:                      g_assert_not_reached ();
    }
}

static void
identity_row_changed_cb (AdwEntryRow     *row,
                         VigieCallerCard *self)
{
  VigieCallerField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "field"));
  g_autoptr(GError) error = NULL;

  if (vigie_caller_identity_set (vigie_call_get_identity (self->call), field,
                                 gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
    }
  else
    {
      /* Keep what was typed on screen; the identity keeps its last valid
       * value until the operator fixes it. */
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), error->message);
    }
}

static gboolean
row_has_focus (VigieCallerCard *self,
               AdwEntryRow     *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row)));
}

/* The row already says @value (a call-back number, in any spelling). */
static gboolean
row_shows (AdwEntryRow *row,
           guint        field,
           const char  *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *typed = NULL;

  if (field != VIGIE_CALLER_CALLBACK)
    return g_strcmp0 (text, value ? value : "") == 0;
  typed = vigie_phone_normalize (text, NULL);
  return g_strcmp0 (typed, value) == 0;
}

/* Someone else (the command line, a test) changed the identity: show it,
 * unless the operator is typing in that field. */
static void
identity_changed_cb (VigieCallerIdentity *identity,
                     guint                field,
                     VigieCallerCard     *self)
{
  AdwEntryRow *row = identity_row (self, field);
  const char *value = vigie_caller_identity_get (identity, field);
  g_autofree char *shown = NULL;

  if (row_has_focus (self, row) || row_shows (row, field, value))
    return;
  if (field == VIGIE_CALLER_CALLBACK && value != NULL)
    shown = vigie_phone_format (value);

  g_signal_handlers_block_by_func (row, identity_row_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (row), shown ? shown : (value ? value : ""));
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_signal_handlers_unblock_by_func (row, identity_row_changed_cb, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* An entry scrolls: a long address (as narrow as 1024×600) would show cut
 * mid-postcode. Read in full, wrapped, under the field. */
#define SITE_FITS_CHARS 28

static void
site_changed_cb (VigieCallerCard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->site_row));

  gtk_label_set_label (self->site_full_label, text);
  gtk_widget_set_visible (self->site_full_row, g_utf8_strlen (text, -1) > SITE_FITS_CHARS);
}

static void
fill_identity (VigieCallerCard *self)
{
  VigieCallerIdentity *identity = vigie_call_get_identity (self->call);

  for (VigieCallerField field = 0; field < VIGIE_CALLER_N_FIELDS; field++)
    {
      AdwEntryRow *row = identity_row (self, field);
      const char *value = vigie_caller_identity_get (identity, field);
      g_autofree char *shown = NULL;

      if (value != NULL && field == VIGIE_CALLER_CALLBACK)
        value = shown = vigie_phone_format (value);
      g_object_set_data (G_OBJECT (row), "field", GUINT_TO_POINTER (field));
      gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
      g_signal_connect (row, "changed", G_CALLBACK (identity_row_changed_cb), self);
    }
  g_signal_connect (identity, "changed", G_CALLBACK (identity_changed_cb), self);
  g_signal_connect_swapped (self->site_row, "changed", G_CALLBACK (site_changed_cb), self);
  site_changed_cb (self);
}

static void
note_changed_cb (VigieCallerCard *self)
{
  vigie_call_set_note (self->call, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
}

static void
vigie_caller_card_set_call (VigieCallSection *section,
                            VigieCall        *call)
{
  VigieCallerCard *self = VIGIE_CALLER_CARD (section);
  VigieContact *caller = vigie_call_get_caller (call);
  const char *from = vigie_call_get_from (call);

  g_return_if_fail (self->call == NULL);

  self->call = g_object_ref (call);

  if (g_str_equal (from, "anonymous"))
    set_row (self->number_row, _("Hidden number — ask for a call-back number"));
  else
    {
      g_autofree char *shown = vigie_phone_format (from);
      set_row (self->number_row, shown);
    }

  if (caller != NULL)
    {
      gtk_label_set_label (self->known_label, _("In the directory"));
      set_row (self->contract_row, vigie_contact_get_contract (caller));
      gtk_widget_set_visible (GTK_WIDGET (self->vip_label), vigie_contact_get_vip (caller));
    }
  else
    {
      gtk_label_set_label (self->known_label, _("Not in the directory"));
      gtk_widget_set_visible (GTK_WIDGET (self->contract_row), FALSE);
    }
  fill_identity (self);
  vigie_caller_card_set_history (self, NULL);
  g_signal_connect_swapped (self->note_row, "changed", G_CALLBACK (note_changed_cb), self);
}

static void
section_iface_init (VigieCallSectionInterface *iface)
{
  iface->set_call = vigie_caller_card_set_call;
}

static void
vigie_caller_card_map (GtkWidget *widget)
{
  VigieCallerCard *self = VIGIE_CALLER_CARD (widget);

  GTK_WIDGET_CLASS (vigie_caller_card_parent_class)->map (widget);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->more_box)) && self->more_handler == 0)
    {
      self->more_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
      self->more_handler = g_signal_connect (self->more_clock, "after-paint",
                                             G_CALLBACK (more_after_paint_cb), self);
    }
}

static void
vigie_caller_card_dispose (GObject *object)
{
  VigieCallerCard *self = (VigieCallerCard *)object;

  if (self->more_handler != 0)
    g_clear_signal_handler (&self->more_handler, self->more_clock);
  g_clear_object (&self->more_clock);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (vigie_call_get_identity (self->call), self);
  g_clear_object (&self->call);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIE_TYPE_CALLER_CARD);

  G_OBJECT_CLASS (vigie_caller_card_parent_class)->dispose (object);
}

static void
vigie_caller_card_class_init (VigieCallerCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigie_caller_card_dispose;
  widget_class->map = vigie_caller_card_map;

  g_type_ensure (VIGIE_TYPE_ROSTER_ONCALL);

  /**
   * VigieCallerCard::changed:
   *
   * The identity shown changed from outside (for the list of calls).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigie/Vigie/ui/vigie-caller-card.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VigieCallerCard, name)
  BIND (vip_label);
  BIND (known_label);
  BIND (number_row);
  BIND (last_name_row);
  BIND (first_name_row);
  BIND (company_row);
  BIND (callback_row);
  BIND (site_row);
  BIND (site_full_row);
  BIND (site_full_label);
  BIND (contract_row);
  BIND (more_box);
  BIND (history_group);
  BIND (note_row);
#undef BIND
}

static void
vigie_caller_card_init (VigieCallerCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static const char *
history_decision (VigieJournalCall *call)
{
  if (call->decision == NULL)
    return _("not decided");
  if (g_str_equal (call->decision, "trigger"))
    return _("triggered");
  if (g_str_equal (call->decision, "defer"))
    return _("deferred");
  return _("logged");
}

/* "12/03 at 14:05 — Client": when, local time, and whose line. */
static char *
dup_history_title (VigieJournalCall *call)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (call->received_at, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, _("%d/%m at %H:%M")) : g_strdup (call->received_at);

  return g_strdup_printf ("%s — %s", when, call->client_name ? call->client_name : _("Unknown line"));
}

static char *
dup_history_subtitle (VigieJournalCall *call)
{
  const char *decision = history_decision (call);

  if (call->alert_status == NULL)
    return g_strdup (decision);
  return g_strdup_printf ("%s · %s", decision, g_str_equal (call->alert_status, "delivered")
                                               ? _("alert delivered") : _("alert NOT delivered"));
}

static GtkWidget *
new_history_row (VigieJournalCall *call)
{
  g_autofree char *title = dup_history_title (call);
  g_autofree char *subtitle = dup_history_subtitle (call);
  GtkWidget *history_row = adw_action_row_new ();

  /* Two lines at most: a freely wrapping row costs a binary search of
   * text layouts each time it is measured. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (history_row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (history_row), 2);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (history_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (history_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (history_row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (history_row), FALSE);
  gtk_widget_set_focusable (history_row, FALSE);
  return history_row;
}

/**
 * vigie_caller_card_set_history:
 * @self: a #VigieCallerCard
 * @calls: (nullable) (element-type VigieJournalCall): the caller's
 *   previous calls, newest first
 */
void
vigie_caller_card_set_history (VigieCallerCard *self,
                               GPtrArray       *calls)
{
  GtkWidget *group = GTK_WIDGET (self->history_group);
  GtkWidget *row;

  g_return_if_fail (VIGIE_IS_CALLER_CARD (self));

  /* Rows live in the group's list box; remove what we added. */
  while ((row = g_object_get_data (G_OBJECT (group), "vigie-history-first")))
    {
      GtkWidget *next = g_object_get_data (G_OBJECT (row), "vigie-history-next");

      adw_preferences_group_remove (self->history_group, row);
      g_object_set_data (G_OBJECT (group), "vigie-history-first", next);
    }

  if (calls == NULL || calls->len == 0)
    {
      adw_preferences_group_set_description (self->history_group, _("No call from this number in the last 30 days."));
      return;
    }

  adw_preferences_group_set_description (self->history_group, NULL);
  row = NULL;
  for (guint i = calls->len; i > 0; i--)
    {
      GtkWidget *history_row = new_history_row (g_ptr_array_index (calls, i - 1));

      adw_preferences_group_add (self->history_group, history_row);
      g_object_set_data (G_OBJECT (history_row), "vigie-history-next", row);
      row = history_row;
    }
  g_object_set_data (G_OBJECT (group), "vigie-history-first", row);
  {
    g_autofree char *title = g_strdup_printf (ngettext ("Previous Calls (30 Days): %u",
                                                        "Previous Calls (30 Days): %u", calls->len),
                                              calls->len);
    adw_preferences_group_set_title (self->history_group, title);
  }
}

/**
 * vigie_caller_card_check_identity:
 * @self: a #VigieCallerCard
 *
 * Refuses to decide on a call-back number the operator has not fixed;
 * otherwise keeps the identity captured so far with the call.
 *
 * Returns: %TRUE if the call can be decided
 */
gboolean
vigie_caller_card_check_identity (VigieCallerCard *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (VIGIE_IS_CALLER_CARD (self), FALSE);

  if (gtk_widget_has_css_class (GTK_WIDGET (self->callback_row), "error"))
    {
      vigie_call_section_show_error (GTK_WIDGET (self),
                                     gtk_widget_get_tooltip_text (GTK_WIDGET (self->callback_row)));
      gtk_widget_grab_focus (GTK_WIDGET (self->callback_row));
      return FALSE;
    }
  if (!vigie_call_commit_identity (self->call, &error))
    {
      vigie_call_section_show_error (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigie_caller_card_focus_note:
 * @self: a #VigieCallerCard
 *
 * Shows the note at once (even before the pop's frame) and focuses it.
 */
void
vigie_caller_card_focus_note (VigieCallerCard *self)
{
  g_return_if_fail (VIGIE_IS_CALLER_CARD (self));

  show_more (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
}

/**
 * vigie_caller_card_focus_identity:
 * @self: a #VigieCallerCard
 */
void
vigie_caller_card_focus_identity (VigieCallerCard *self)
{
  g_return_if_fail (VIGIE_IS_CALLER_CARD (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->last_name_row));
}
