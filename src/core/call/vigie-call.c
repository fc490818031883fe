/* vigie-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-call"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-call-private.h"
#include "vigie-catalog.h"
#include "vigie-caller-identity.h"
#include "vigie-escalation.h"
#include "vigie-phone.h"
#include "vigie-recipient.h"


typedef struct {
  char     *kind;
  JsonNode *data;
} Held;

static void
held_free (Held *held)
{
  g_free (held->kind);
  json_node_unref (held->data);
  g_free (held);
}

G_DEFINE_FINAL_TYPE (VigieCall, vigie_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ALERT_STATE,
  PROP_ALERT_OVERDUE,
  PROP_NOTE,
  PROP_DECISION,
  PROP_ONCALL_NAME,
  PROP_ONCALL_PHONE,
  PROP_RECIPIENT_SUMMARY,
  PROP_ESCALATION_STATUS,
  PROP_STATUS_TEXT,
  PROP_STATUS_STYLE,
  PROP_CAN_CLOSE,
  PROP_CAN_ACKNOWLEDGE,
  PROP_CAN_RESOLVE,
  PROP_NEEDS_ATTENTION,
  PROP_HUNG_UP,
  PROP_DEFAULT_DEFERRAL,
  PROP_ALERT_MESSAGE,
  PROP_JOURNAL_ERROR,
  N_PROPS
};

static void update_derived (VigieCall *self);

static GParamSpec *properties[N_PROPS];

JsonBuilder *
_vigie_call_begin_event (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  return builder;
}

void
_vigie_call_add_string (JsonBuilder *builder,
                        const char  *name,
                        const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void vigie_call_hold_rows_internal (VigieCall *self, const char *kind, JsonNode *data, const GError *why);

/* Journals a step of the call; when the journal cannot write (a full
 * disk), the row is held in memory, in order, and the call goes on: an
 * emergency is never stopped by the disk. */
static gboolean
journal_or_hold (VigieCall   *self,
                 const char  *kind,
                 JsonNode    *data,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->backlog != NULL && self->backlog->len > 0 && !vigie_call_flush_journal (self, &local_error))
    {
      vigie_call_hold_rows_internal (self, kind, data, local_error);
      return TRUE;
    }
  if (!vigie_journal_append (self->journal, self->id, kind, data, &local_error))
    {
      g_message ("Call %s: %s not journaled yet: %s", self->id, kind, local_error->message);
      vigie_call_hold_rows_internal (self, kind, data, local_error);
    }
  return TRUE;
}

gboolean
_vigie_call_end_event (VigieCall    *self,
                       JsonBuilder  *builder,
                       const char   *kind,
                       GError      **error)
{
  g_autoptr(JsonNode) data = NULL;

  /* Who did it: the operator signed in at the desk. */
  _vigie_call_add_string (builder, "operator", vigie_journal_get_operator (self->journal));
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  g_object_unref (builder);

  return journal_or_hold (self, kind, data, error);
}

/* @summary: (nullable): @message as the operator reads it, when it
 * holds details they need not (servers' codes). */
static void
set_alert_state_full (VigieCall       *self,
                      VigieAlertState  state,
                      const char      *message,
                      const char      *summary)
{
  g_free (self->alert_summary);
  self->alert_summary = g_strdup (summary);
  if (g_strcmp0 (self->alert_message, message) != 0)
    {
      g_free (self->alert_message);
      self->alert_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_MESSAGE]);
    }

  if (self->alert_state != state)
    {
      self->alert_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_STATE]);
    }
  update_derived (self);
}

static void
set_alert_state (VigieCall       *self,
                 VigieAlertState  state,
                 const char      *message)
{
  set_alert_state_full (self, state, message, NULL);
}

static void
set_state (VigieCall      *self,
           VigieCallState  state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  update_derived (self);
}

/* The desk's view of the alert, rebuilt from the outbox rows of the call
 * (one per target) each time one of them changes. */
static void
refresh_alert_state (VigieCall *self)
{
  VigieDispatcher *dispatcher = self->dispatcher;
  g_autofree char *dedup = vigie_call_dup_dedup_key (self);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) delivered = g_string_new (NULL);
  g_autoptr(GString) delivered_to = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *last_error = NULL;
  gint64 due_at = 0;
  guint n_pending = 0, n_tried = 0, n_rejected = 0, n_delivered = 0;

  if (self->alert_state == VIGIE_ALERT_ACKNOWLEDGED || self->alert_state == VIGIE_ALERT_RESOLVED ||
      self->alert_state == VIGIE_ALERT_NONE)
    return;

  if (!(rows = vigie_outbox_list_key (vigie_dispatcher_get_outbox (dispatcher), dedup, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      VigieOutboxEntry *row = g_ptr_array_index (rows, i);
      VigieTarget *target = self->client ? vigie_client_find_target (self->client, row->target_id) : NULL;

      if (row->action != VIGIE_ALERT_ACTION_TRIGGER)
        continue;
      switch (row->state)
        {
        case VIGIE_OUTBOX_DELIVERED:
          n_delivered++;
          g_string_append_printf (delivered, "%s%s (%u)", delivered->len ? ", " : "",
                                  target ? vigie_target_get_label (target) : row->target_id, row->last_status);
          g_string_append_printf (delivered_to, "%s%s", delivered_to->len ? ", " : "",
                                  target ? vigie_target_get_label (target) : row->target_id);
          break;
        case VIGIE_OUTBOX_PENDING:
          n_pending++;
          due_at = due_at ? MIN (due_at, row->due_at) : row->due_at;
          if (row->attempts > 0)
            {
              n_tried++;
              last_error = row->last_error ? row->last_error : last_error;
            }
          break;
        case VIGIE_OUTBOX_REJECTED:
          n_rejected++;
          last_error = row->last_error;
          break;
        case VIGIE_OUTBOX_CANCELLED:
        default:
          break;
        }
    }

  self->attempt_failed = FALSE;
  if (n_delivered > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Delivered to %s"), delivered->str);
      g_autofree char *summary = NULL;

      /* Delivered late is delivered: "not delivered" must not stay up. */
      if (self->alert_overdue)
        {
          self->alert_overdue = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_OVERDUE]);
        }
      /* The servers' codes are details (the tooltip): the operator reads
       * who got it. */
      summary = g_strdup_printf (_("Delivered to %s"), delivered_to->str);
      set_alert_state_full (self, VIGIE_ALERT_DELIVERED, message, summary);
    }
  else if (n_pending > 0 && n_tried == 0 && due_at > g_get_real_time () + G_USEC_PER_SEC)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due_at / G_USEC_PER_SEC);
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (self->client ? vigie_client_get_timezone (self->client) : "Europe/Paris");
      g_autoptr(GDateTime) local = tz ? g_date_time_to_timezone (utc, tz) : g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, _("%A %d %B at %H:%M"));
      g_autofree char *message = g_strdup_printf (_("Alert scheduled for %s"), when);

      set_alert_state (self, VIGIE_ALERT_SCHEDULED, message);
    }
  else if (n_pending > 0)
    {
      g_autofree char *message = NULL;

      /* The first failed attempt is news at once, in the server's words. */
      self->attempt_failed = n_tried > 0 && last_error != NULL;
      message = last_error
        ? g_strdup_printf (_("Not delivered yet, retrying: %s"), last_error)
        : g_strdup (_("Sending…"));
      set_alert_state (self, VIGIE_ALERT_SENDING, message);
    }
  else if (n_rejected > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Configuration error: %s"), last_error ? last_error : "");
      set_alert_state (self, VIGIE_ALERT_FAILED, message);
    }
}


/* --- The rules the desk presents, decided here once ------------------ */

static void
set_bool (VigieCall *self,
          gboolean  *field,
          gboolean   value,
          guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static char *
dup_status_text (VigieCall   *self,
                 const char **style)
{
  switch (self->state)
    {
    case VIGIE_CALL_QUALIFYING:
      *style = self->hung_up ? "hung-up" : "qualifying";
      if (self->hung_up)
        return g_strdup (_("Caller hung up"));
      return g_strdup (self->decision ? _("To decide") : _("Qualifying"));

    case VIGIE_CALL_DECIDED:
    case VIGIE_CALL_CLOSED:
      switch (self->alert_state)
        {
        case VIGIE_ALERT_NONE:
          *style = "decided";
          return g_strdup (self->state == VIGIE_CALL_CLOSED ? _("Closed") : _("Logged"));
        case VIGIE_ALERT_SCHEDULED:
          *style = "scheduled";
          if (self->decision && vigie_decision_get_defer_until (self->decision))
            {
              g_autoptr(GDateTime) local = g_date_time_to_local (vigie_decision_get_defer_until (self->decision));
              g_autofree char *when = g_date_time_format (local, _("%a %d %b %H:%M"));

              return g_strdup_printf (_("Alert scheduled: %s"), when);
            }
          return g_strdup (_("Alert scheduled"));
        case VIGIE_ALERT_SENDING:
          if (self->attempt_failed || self->alert_overdue)
            {
              *style = "warning";
              return g_strdup (_("Alert not delivered yet"));
            }
          *style = "sending";
          return g_strdup (_("Alerting…"));
        case VIGIE_ALERT_DELIVERED:
          *style = self->alert_overdue ? "warning" : "success";
          return g_strdup (_("Alert delivered"));
        case VIGIE_ALERT_FAILED:
          *style = "failed";
          return g_strdup (_("Alert failed"));
        case VIGIE_ALERT_ACKNOWLEDGED:
          *style = "success";
          return g_strdup (_("Alert acknowledged"));
        case VIGIE_ALERT_RESOLVED:
          *style = "success";
          return g_strdup (_("Incident resolved"));
        default:
          g_assert_not_reached ();
        }

    default:
      g_assert_not_reached ();
    }
}

/* Every rule the desk used to decide in the view: the view now binds or
 * reads these properties, so a state cannot be shown two ways. */
static void
update_derived (VigieCall *self)
{
  const char *style = "qualifying";
  g_autofree char *text = dup_status_text (self, &style);
  gboolean alerting = self->alert_state == VIGIE_ALERT_SENDING || self->alert_state == VIGIE_ALERT_DELIVERED ||
                      self->alert_state == VIGIE_ALERT_FAILED;

  if (g_strcmp0 (text, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
  if (g_strcmp0 (style, self->status_style) != 0)
    {
      g_free (self->status_style);
      self->status_style = g_strdup (style);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_STYLE]);
    }

  /* Enter closes a decided call unless its alert is still in doubt;
   * Ctrl+W closes anything (the call then waits in "needs attention"). */
  set_bool (self, &self->can_close,
            self->state == VIGIE_CALL_DECIDED && self->alert_state != VIGIE_ALERT_SENDING &&
            self->alert_state != VIGIE_ALERT_FAILED, PROP_CAN_CLOSE);
  /* Only an alert that went (or is going) out can be acknowledged; a
   * scheduled one has reached nobody yet. */
  set_bool (self, &self->can_acknowledge, self->state != VIGIE_CALL_QUALIFYING && alerting, PROP_CAN_ACKNOWLEDGE);
  set_bool (self, &self->can_resolve, self->alert_state == VIGIE_ALERT_ACKNOWLEDGED, PROP_CAN_RESOLVE);
  set_bool (self, &self->needs_attention,
            self->state != VIGIE_CALL_QUALIFYING &&
            (self->alert_state == VIGIE_ALERT_FAILED || self->alert_overdue ||
             (self->alert_state == VIGIE_ALERT_SENDING && self->attempt_failed) ||
             /* the whole cascade went by and nobody took it */
             (self->escalation_exhausted && self->alert_state != VIGIE_ALERT_ACKNOWLEDGED &&
              self->alert_state != VIGIE_ALERT_RESOLVED)),
            PROP_NEEDS_ATTENTION);
}

static void
outbox_changed_cb (VigieCall   *self,
                   const char  *call_id,
                   const char  *dedup_key,
                   VigieOutbox *outbox)
{
  if (dedup_key != NULL ? g_strcmp0 (dedup_key, self->alert_key) == 0
                        : (call_id == NULL || g_strcmp0 (call_id, self->id) == 0))
    refresh_alert_state (self);
}

static void
overdue_cb (VigieCall       *self,
            const char      *call_id,
            const char      *dedup_key,
            const char      *phone,
            const char      *last_error,
            VigieDispatcher *dispatcher)
{
  if (g_strcmp0 (call_id, self->id) != 0 || self->alert_overdue)
    return;
  if (dedup_key != NULL && g_strcmp0 (dedup_key, self->alert_key) != 0)
    return;
  if (self->alert_state == VIGIE_ALERT_ACKNOWLEDGED || self->alert_state == VIGIE_ALERT_RESOLVED)
    return;
  if (phone != NULL && g_strcmp0 (phone, self->oncall_phone) != 0)
    {
      g_free (self->oncall_phone);
      self->oncall_phone = g_strdup (phone);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONCALL_PHONE]);
    }
  self->alert_overdue = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_OVERDUE]);
  update_derived (self);
}

static void
acknowledged_cb (VigieCall       *self,
                 const char      *call_id,
                 const char      *dedup_key,
                 const char      *source,
                 const char      *by,
                 VigieDispatcher *dispatcher)
{
  g_autofree char *message = NULL;

  if (g_strcmp0 (call_id, self->id) != 0)
    return;
  /* A late acknowledgement of an earlier call with the same id. */
  if (dedup_key != NULL && g_strcmp0 (dedup_key, self->alert_key) != 0)
    return;

  if (g_strcmp0 (source, "operator") == 0)
    message = g_strdup (_("Acknowledged: the on-call person answered the operator"));
  else if (by != NULL)
    message = g_strdup_printf (_("Acknowledged by %s on %s"), by, source);
  else
    message = g_strdup_printf (_("Acknowledged on %s"), source);
  if (self->alert_overdue)
    {
      self->alert_overdue = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_OVERDUE]);
    }
  set_alert_state (self, VIGIE_ALERT_ACKNOWLEDGED, message);
}

static void
vigie_call_dispose (GObject *object)
{
  VigieCall *self = (VigieCall *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->backlog_retry_id, g_source_remove);
  if (self->dispatcher != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dispatcher, self);
      g_signal_handlers_disconnect_by_data (vigie_dispatcher_get_outbox (self->dispatcher), self);
    }
  if (self->escalation != NULL)
    g_signal_handlers_disconnect_by_data (self->escalation, self);

  G_OBJECT_CLASS (vigie_call_parent_class)->dispose (object);
}

static void
vigie_call_finalize (GObject *object)
{
  VigieCall *self = (VigieCall *)object;

  g_clear_object (&self->journal);
  g_clear_object (&self->dispatcher);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->caller);
  g_clear_object (&self->runner);
  g_clear_object (&self->decision);
  g_clear_pointer (&self->received_at, g_date_time_unref);
  g_clear_object (&self->identity);
  g_clear_pointer (&self->defer_override, g_date_time_unref);
  g_free (self->id);
  g_free (self->alert_key);
  g_clear_pointer (&self->backlog, g_ptr_array_unref);
  g_free (self->journal_error);
  g_free (self->from);
  g_free (self->line);
  g_free (self->script_error);
  g_free (self->note);
  g_free (self->alert_message);
  g_free (self->alert_summary);
  g_free (self->oncall_phone);
  g_free (self->oncall_name);
  g_clear_object (&self->rosters);
  g_clear_object (&self->escalation);
  g_clear_pointer (&self->recipient, vigie_recipient_free);
  g_free (self->recipient_summary);
  g_free (self->escalation_status);
  g_clear_pointer (&self->default_deferral, g_date_time_unref);
  g_free (self->status_text);
  g_free (self->status_style);

  G_OBJECT_CLASS (vigie_call_parent_class)->finalize (object);
}

static void
vigie_call_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigieCall *self = VIGIE_CALL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_ALERT_STATE:
      g_value_set_int (value, self->alert_state);
      break;
    case PROP_ALERT_OVERDUE:
      g_value_set_boolean (value, self->alert_overdue);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_DECISION:
      g_value_set_object (value, self->decision);
      break;
    case PROP_JOURNAL_ERROR:
      g_value_set_string (value, self->journal_error);
      break;
    case PROP_ONCALL_NAME:
      g_value_set_string (value, self->oncall_name);
      break;
    case PROP_ONCALL_PHONE:
      g_value_set_string (value, self->oncall_phone);
      break;
    case PROP_RECIPIENT_SUMMARY:
      g_value_set_string (value, self->recipient_summary);
      break;
    case PROP_ESCALATION_STATUS:
      g_value_set_string (value, self->escalation_status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_STATUS_STYLE:
      g_value_set_string (value, self->status_style);
      break;
    case PROP_CAN_CLOSE:
      g_value_set_boolean (value, self->can_close);
      break;
    case PROP_CAN_ACKNOWLEDGE:
      g_value_set_boolean (value, self->can_acknowledge);
      break;
    case PROP_CAN_RESOLVE:
      g_value_set_boolean (value, self->can_resolve);
      break;
    case PROP_NEEDS_ATTENTION:
      g_value_set_boolean (value, self->needs_attention);
      break;
    case PROP_HUNG_UP:
      g_value_set_boolean (value, self->hung_up);
      break;
    case PROP_DEFAULT_DEFERRAL:
      g_value_set_boxed (value, self->default_deferral);
      break;
    case PROP_ALERT_MESSAGE:
      g_value_set_string (value, self->alert_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigie_call_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VigieCall *self = VIGIE_CALL (object);

  switch (prop_id)
    {
    case PROP_NOTE:
      vigie_call_set_note (self, g_value_get_string (value));
      break;
    case PROP_HUNG_UP:
      vigie_call_set_hung_up (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigie_call_class_init (VigieCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_call_dispose;
  object_class->finalize = vigie_call_finalize;
  object_class->get_property = vigie_call_get_property;
  object_class->set_property = vigie_call_set_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, VIGIE_CALL_QUALIFYING, VIGIE_CALL_CLOSED,
                      VIGIE_CALL_QUALIFYING, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALERT_STATE] =
    g_param_spec_int ("alert-state", NULL, NULL, VIGIE_ALERT_NONE, VIGIE_ALERT_RESOLVED,
                      VIGIE_ALERT_NONE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* No target took the alert in time: the operator must phone. */
  properties[PROP_ALERT_OVERDUE] =
    g_param_spec_boolean ("alert-overdue", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:decision:
   *
   * The recommendation for the outcome reached, or %NULL while the script
   * runs. Notified after every answer, once the journal has it.
   */
  properties[PROP_DECISION] =
    g_param_spec_object ("decision", NULL, NULL, VIGIE_TYPE_DECISION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:journal-error:
   *
   * Why the journal could not record this call (a full disk), or %NULL.
   * The call goes on in memory; its rows are written when space returns.
   */
  properties[PROP_JOURNAL_ERROR] =
    g_param_spec_string ("journal-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:oncall-name:
   *
   * Who the alert went to (the roster's person at the decision), or the
   * client's last-resort contact; the "phone the on-call person" banner.
   */
  properties[PROP_ONCALL_NAME] =
    g_param_spec_string ("oncall-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONCALL_PHONE] =
    g_param_spec_string ("oncall-phone", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:recipient-summary:
   *
   * One line for the operator: who was alerted, from which roster, and
   * who the cascade tries next; says so at once on a coverage gap.
   */
  properties[PROP_RECIPIENT_SUMMARY] =
    g_param_spec_string ("recipient-summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:escalation-status:
   *
   * Where the alert's cascade is: who is tried now and who is next, or
   * who acknowledged.
   */
  properties[PROP_ESCALATION_STATUS] =
    g_param_spec_string ("escalation-status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:status-text:
   *
   * The call's state in a few words, as the header and the list show it:
   * acknowledged, resolved and scheduled (with its time) as what they are.
   */
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:status-style:
   *
   * How to show it: "qualifying", "hung-up", "decided", "scheduled",
   * "sending", "warning" (an attempt failed, retries pending, or the
   * alert is overdue), "failed" or "success"; a CSS class of the desk.
   */
  properties[PROP_STATUS_STYLE] =
    g_param_spec_string ("status-style", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_CLOSE] =
    g_param_spec_boolean ("can-close", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_ACKNOWLEDGE] =
    g_param_spec_boolean ("can-acknowledge", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RESOLVE] =
    g_param_spec_boolean ("can-resolve", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:needs-attention:
   *
   * The alert failed, is overdue or is being retried: the call stays in
   * sight, closed or not, until it is delivered or acknowledged.
   */
  properties[PROP_NEEDS_ATTENTION] =
    g_param_spec_boolean ("needs-attention", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HUNG_UP] =
    g_param_spec_boolean ("hung-up", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:default-deferral:
   *
   * The deferral the script recommends, kept when the operator overrides
   * it (the decision then carries the final choice).
   */
  properties[PROP_DEFAULT_DEFERRAL] =
    g_param_spec_boxed ("default-deferral", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALERT_MESSAGE] =
    g_param_spec_string ("alert-message", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigie_call_init (VigieCall *self)
{
  self->cancellable = g_cancellable_new ();
  self->status_text = g_strdup (_("Qualifying"));
  self->status_style = g_strdup ("qualifying");
}

/**
 * vigie_call_new:
 * @journal: the journal
 * @dispatcher: sends the alert on trigger
 * @call_id: (nullable): the PBX's call id; a UUID is made when %NULL
 * @from: the caller's number, normalised, or "anonymous"
 * @line: the dialled line, normalised
 * @client: (nullable): the client that owns @line
 * @caller: (nullable): the caller, if found in the directory
 * @script: (nullable): the client's script
 * @script_error: (nullable): why there is no script
 *
 * Use vigie_context_open_call(), which looks everything up and journals the
 * call's arrival.
 *
 * Returns: (transfer full): a call
 */
VigieCall *
vigie_call_new (VigieJournal    *journal,
                VigieDispatcher *dispatcher,
                const char      *call_id,
                const char      *from,
                const char      *line,
                VigieClient     *client,
                VigieContact    *caller,
                VigieScript     *script,
                const char      *script_error)
{
  VigieCall *self = g_object_new (VIGIE_TYPE_CALL, NULL);

  self->journal = g_object_ref (journal);
  self->dispatcher = g_object_ref (dispatcher);
  self->id = call_id ? g_strdup (call_id) : g_uuid_string_random ();
  self->from = g_strdup (from);
  self->line = g_strdup (line);
  self->received_at = g_date_time_new_now_utc ();
  /* Switchboards reuse call ids (their counters restart): the key names
   * this call's alert alone, so an earlier call with the same id can
   * neither absorb nor acknowledge it. */
  self->alert_key = g_strdup_printf ("vigie-%s-%" G_GINT64_FORMAT "-%08x", self->id,
                                     g_date_time_to_unix (self->received_at), g_random_int ());
  g_set_object (&self->client, client);
  g_set_object (&self->caller, caller);
  self->runner = script ? vigie_script_runner_new (script) : NULL;
  self->script_error = g_strdup (script_error);
  /* Until the decision names someone from the roster: the last resort. */
  self->oncall_name = client ? g_strdup (vigie_client_get_oncall_name (client)) : NULL;
  self->oncall_phone = client ? g_strdup (vigie_client_get_oncall_phone (client)) : NULL;

  g_signal_connect_object (vigie_dispatcher_get_outbox (dispatcher), "changed",
                           G_CALLBACK (outbox_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dispatcher, "overdue", G_CALLBACK (overdue_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dispatcher, "acknowledged", G_CALLBACK (acknowledged_cb), self, G_CONNECT_SWAPPED);

  return self;
}

const char *
vigie_call_get_id (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->id;
}

const char *
vigie_call_get_from (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->from;
}

const char *
vigie_call_get_line (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->line;
}

/**
 * vigie_call_get_received_at:
 * @self: a #VigieCall
 *
 * Returns: (transfer none): when the call arrived, in UTC
 */
GDateTime *
vigie_call_get_received_at (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->received_at;
}

/**
 * vigie_call_get_client:
 * @self: a #VigieCall
 *
 * Returns: (transfer none) (nullable): the client whose line was dialled
 */
VigieClient *
vigie_call_get_client (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->client;
}

/**
 * vigie_call_get_caller:
 * @self: a #VigieCall
 *
 * Returns: (transfer none) (nullable): the caller, or %NULL if unknown
 */
VigieContact *
vigie_call_get_caller (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->caller;
}

/**
 * vigie_call_get_runner:
 * @self: a #VigieCall
 *
 * Returns: (transfer none) (nullable): the script runner, %NULL without script
 */
VigieScriptRunner *
vigie_call_get_runner (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->runner;
}

/**
 * vigie_call_get_script_error:
 * @self: a #VigieCall
 *
 * Returns: (nullable): why the client's script could not be loaded
 */
const char *
vigie_call_get_script_error (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->script_error;
}

VigieCallState
vigie_call_get_state (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), VIGIE_CALL_QUALIFYING);
  return self->state;
}

VigieAlertState
vigie_call_get_alert_state (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), VIGIE_ALERT_NONE);
  return self->alert_state;
}

/**
 * vigie_call_get_alert_summary:
 * @self: a #VigieCall
 *
 * Returns: (nullable): the alert's news as the operator reads it: the
 *   alert message without the servers' status codes (those stay in
 *   vigie_call_get_alert_message(), the details)
 */
const char *
vigie_call_get_alert_summary (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->alert_summary ? self->alert_summary : self->alert_message;
}

/**
 * vigie_call_get_alert_message:
 * @self: a #VigieCall
 *
 * Returns: (nullable): what the target answered, for the operator
 */
const char *
vigie_call_get_alert_message (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->alert_message;
}

/**
 * vigie_call_get_decision:
 * @self: a #VigieCall
 *
 * Returns: (transfer none) (nullable): the recommendation once an outcome
 *   is reached, with the operator's final decision once taken
 */
VigieDecision *
vigie_call_get_decision (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->decision;
}

const char *
vigie_call_get_note (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->note;
}

static gboolean refresh_decision (VigieCall  *self,
                                  GError    **error);

void
vigie_call_set_note (VigieCall  *self,
                     const char *note)
{
  g_return_if_fail (VIGIE_IS_CALL (self));

  if (g_strcmp0 (self->note, note) == 0)
    return;
  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);

  /* Keyword rules read the note: a word typed after the outcome ("gaz",
   * "rançongiciel") must change the recommendation before the decision. */
  if (self->state == VIGIE_CALL_QUALIFYING && self->runner != NULL &&
      vigie_script_runner_get_outcome (self->runner) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!refresh_decision (self, &error))
        g_warning ("Cannot re-evaluate the decision of call %s: %s", self->id, error->message);
    }
}

static gboolean
refresh_decision (VigieCall  *self,
                  GError    **error)
{
  g_autofree char *caller_name = NULL;
  g_autoptr(GDateTime) now = NULL;
  VigieDecisionFacts facts = { 0 };
  gboolean has_outcome = vigie_script_runner_get_outcome (self->runner) != NULL;

  if (self->decision == NULL && !has_outcome)
    return TRUE;
  g_clear_object (&self->decision);
  if (!has_outcome)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
      update_derived (self);
      return TRUE;
    }

  /* The engine reads the instant in the client's zone itself. */
  now = g_date_time_new_now_utc ();
  facts.now = now;
  facts.timezone = self->client ? vigie_client_get_timezone (self->client) : NULL;
  facts.note = self->note;
  facts.caller_number = self->from;
  facts.client_name = self->client ? vigie_client_get_name (self->client) : NULL;
  if (self->caller != NULL)
    {
      caller_name = vigie_contact_dup_display_name (self->caller);
      facts.vip = vigie_contact_get_vip (self->caller);
      facts.contract = vigie_contact_get_contract (self->caller);
      facts.caller_name = caller_name;
      facts.company = vigie_contact_get_company (self->caller);
      facts.site = vigie_contact_get_site (self->caller);
    }
  self->decision = vigie_decision_evaluate (self->runner, &facts, error);
  {
    GDateTime *deferral = self->decision ? vigie_decision_get_defer_until (self->decision) : NULL;

    /* Kept apart from the decision, which an override changes. */
    if (deferral != self->default_deferral)
      {
        g_clear_pointer (&self->default_deferral, g_date_time_unref);
        self->default_deferral = deferral ? g_date_time_ref (deferral) : NULL;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_DEFERRAL]);
      }
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
  update_derived (self);

  return self->decision != NULL;
}

/* The script has moved on from @node: journal the answer, or take it
 * back if the journal refuses it. */
static gboolean
journal_answer (VigieCall              *self,
                const VigieScriptNode  *node,
                GError                **error)
{
  const VigieScriptStep *step =
    vigie_script_runner_get_step (self->runner, vigie_script_runner_get_n_steps (self->runner) - 1);
  JsonBuilder *builder = _vigie_call_begin_event ();

  _vigie_call_add_string (builder, "node", node->id);
  _vigie_call_add_string (builder, "question", node->text);
  _vigie_call_add_string (builder, "answer", vigie_script_step_get_label (step));
  if (step->value != NULL)
    _vigie_call_add_string (builder, "value", step->value);
  json_builder_set_member_name (builder, "choice");
  json_builder_add_int_value (builder, step->choice);
  if (!_vigie_call_end_event (self, builder, "answer", error))
    {
      vigie_script_runner_back (self->runner);
      return FALSE;
    }

  return refresh_decision (self, error);
}

static gboolean
check_qualifying (VigieCall  *self,
                  GError    **error)
{
  if (self->state == VIGIE_CALL_QUALIFYING)
    return TRUE;
  g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_ALREADY_DECIDED,
               _("This call has already been decided"));
  return FALSE;
}

/**
 * vigie_call_answer:
 * @self: a #VigieCall
 * @choice: index of the choice the operator took
 * @error: return location for a #GError
 *
 * Records the answer in the journal, then moves the script on.
 */
gboolean
vigie_call_answer (VigieCall  *self,
                   guint       choice,
                   GError    **error)
{
  const VigieScriptNode *node;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (self->runner != NULL, FALSE);

  if (!check_qualifying (self, error))
    return FALSE;
  node = vigie_script_runner_get_current (self->runner);
  if (!vigie_script_runner_answer (self->runner, choice, error))
    return FALSE;
  return journal_answer (self, node, error);
}

/**
 * vigie_call_answer_text:
 * @self: a #VigieCall
 * @value: what the operator typed: a number for a number question, the
 *   caller's words for a free-text question
 * @error: return location for a #GError
 *
 * Records the answer in the journal, then moves the script on. A value
 * the question refuses (not a number, out of range, empty) leaves the call
 * as it was.
 */
gboolean
vigie_call_answer_text (VigieCall   *self,
                        const char  *value,
                        GError     **error)
{
  const VigieScriptNode *node;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (self->runner != NULL, FALSE);

  if (!check_qualifying (self, error))
    return FALSE;
  node = vigie_script_runner_get_current (self->runner);
  if (!vigie_script_runner_answer_value (self->runner, value, error))
    return FALSE;
  return journal_answer (self, node, error);
}

/**
 * vigie_call_back:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * Takes back the last answer; the journal keeps both the answer and its
 * withdrawal.
 *
 * Returns: %FALSE if there was nothing to take back or on error
 */
gboolean
vigie_call_back (VigieCall  *self,
                 GError    **error)
{
  const VigieScriptStep *step;
  JsonBuilder *builder;
  guint n;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (self->runner != NULL, FALSE);

  n = vigie_script_runner_get_n_steps (self->runner);
  if (self->state != VIGIE_CALL_QUALIFYING || n == 0)
    return FALSE;

  step = vigie_script_runner_get_step (self->runner, n - 1);
  builder = _vigie_call_begin_event ();
  _vigie_call_add_string (builder, "node", step->node->id);
  if (!_vigie_call_end_event (self, builder, "answer-withdrawn", error))
    return FALSE;

  vigie_script_runner_back (self->runner);
  return refresh_decision (self, error);
}

static void
set_string_prop (VigieCall  *self,
                 char      **field,
                 const char *value,
                 guint       prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
resolve_recipient (VigieCall *self,
                   GDateTime *at)
{
  g_autofree char *summary = NULL;

  g_clear_pointer (&self->recipient, vigie_recipient_free);
  self->recipient = vigie_recipient_resolve (self->rosters,
                                             self->client ? vigie_client_get_id (self->client) : NULL,
                                             self->decision ? vigie_decision_get_roster (self->decision) : NULL,
                                             self->client ? vigie_client_get_oncall_name (self->client) : NULL,
                                             self->client ? vigie_client_get_oncall_phone (self->client) : NULL,
                                             at);
  summary = vigie_recipient_dup_summary (self->recipient);
  set_string_prop (self, &self->recipient_summary, summary, PROP_RECIPIENT_SUMMARY);
  if (self->recipient->source != VIGIE_RECIPIENT_NONE)
    {
      set_string_prop (self, &self->oncall_name, self->recipient->name, PROP_ONCALL_NAME);
      set_string_prop (self, &self->oncall_phone, self->recipient->phone, PROP_ONCALL_PHONE);
    }
}

/* The person's own "webhook:" channels, beside the client's targets. */
static void
add_person_entries (VigieCall  *self,
                    GPtrArray  *entries,
                    const char *dedup,
                    JsonNode   *alert,
                    gint64      due)
{
  VigieRecipient *r = self->recipient;

  for (guint i = 0; i < entries->len; i++)
    {
      VigieOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_free (entry->recipient);
      entry->recipient = g_strdup (r->name);
      g_free (entry->recipient_phone);
      entry->recipient_phone = g_strdup (r->phone);
    }
  for (guint i = 0; self->client && r->targets && r->targets[i]; i++)
    {
      VigieOutboxEntry *entry;

      if (!g_str_has_prefix (r->targets[i], "webhook:"))
        continue;
      entry = vigie_outbox_entry_new (dedup, VIGIE_ALERT_ACTION_TRIGGER, vigie_client_get_id (self->client),
                                      r->targets[i], alert);
      entry->call_id = g_strdup (self->id);
      entry->recipient = g_strdup (r->name);
      entry->recipient_phone = g_strdup (r->phone);
      entry->due_at = MAX (due, entry->created_at);
      entry->next_attempt_at = entry->due_at;
      g_ptr_array_add (entries, entry);
    }
}

/**
 * vigie_call_decide:
 * @self: a #VigieCall
 * @kind: the operator's decision
 * @reason: (nullable): required when @kind differs from the recommendation
 * @error: return location for a #GError
 *
 * Records the decision (and the override, if any) and, on trigger, sends
 * the alert to the client's webhook. The delivery result arrives later
 * through #VigieCall:alert-state.
 */
gboolean
vigie_call_decide (VigieCall          *self,
                   VigieDecisionKind   kind,
                   const char         *reason,
                   GError            **error)
{
  g_autoptr(JsonNode) decision_json = NULL;
  g_autofree char *callback = NULL;
  VigieDecisionKind final;
  gboolean override;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->decision == NULL)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("The script has not reached a decision yet"));
      return FALSE;
    }

  /* A defer time other than the computed one is an override too. */
  override = kind != vigie_decision_get_recommended (self->decision) ||
             (kind == VIGIE_DECISION_DEFER && self->defer_override != NULL);
  /* The on-call person must be able to call the caller back, or the
   * operator must have said it is not possible. */
  if (kind == VIGIE_DECISION_TRIGGER && (!override || (reason && *reason)) &&
      !(callback = vigie_call_dup_callback_number (self)) && !self->no_callback)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_CALLBACK,
                   _("No call-back number: type the caller's number, or record that no call-back is possible"));
      return FALSE;
    }

  if (override
      ? !vigie_decision_override (self->decision, kind, reason,
                                  kind == VIGIE_DECISION_DEFER ? self->defer_override : NULL, error)
      : !vigie_decision_confirm (self->decision, error))
    return FALSE;

  final = vigie_decision_get_final (self->decision);
  decision_json = vigie_decision_to_json (self->decision);
  if (self->note)
    json_object_set_string_member (json_node_get_object (decision_json), "note", self->note);
  if (vigie_journal_get_operator (self->journal))
    json_object_set_string_member (json_node_get_object (decision_json), "operator",
                                   vigie_journal_get_operator (self->journal));

  if (override)
    {
      JsonBuilder *builder = _vigie_call_begin_event ();

      _vigie_call_add_string (builder, "recommended",
                  vigie_decision_kind_to_string (vigie_decision_get_recommended (self->decision)));
      _vigie_call_add_string (builder, "decision", vigie_decision_kind_to_string (final));
      _vigie_call_add_string (builder, "reason", vigie_decision_get_reason (self->decision));
      if (!_vigie_call_end_event (self, builder, "override", error))
        return FALSE;
    }

  if (final == VIGIE_DECISION_TRIGGER || final == VIGIE_DECISION_DEFER)
    {
      g_autoptr(JsonNode) alert = NULL;
      g_autofree char *dedup = vigie_call_dup_dedup_key (self);
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GDateTime *at = now;
      gint64 due = g_get_real_time ();
      JsonNode *recipient_json;

      /* Escalation names the alert by this key, not by the reusable call id. */
      json_object_set_string_member (json_node_get_object (decision_json), "dedup_key", dedup);

      if (final == VIGIE_DECISION_DEFER && vigie_decision_get_defer_until (self->decision) != NULL)
        {
          at = vigie_decision_get_defer_until (self->decision);
          due = g_date_time_to_unix (at) * G_USEC_PER_SEC;
        }

      /* Addressing: whoever the outcome's roster names at the time the
       * alert leaves (the deferral's time for a deferred one). */
      resolve_recipient (self, at);
      alert = vigie_call_build_alert (self);
      entries = self->client
        ? vigie_dispatcher_plan_alerts (self->dispatcher, self->client, self->id, dedup, alert, due)
        : g_ptr_array_new_with_free_func ((GDestroyNotify) vigie_outbox_entry_free);
      add_person_entries (self, entries, dedup, alert, due);
      recipient_json = vigie_recipient_to_json (self->recipient);
      if (self->recipient->policy)
        json_object_set_member (json_node_get_object (recipient_json), "policy",
                                json_node_copy (self->recipient->policy));
      json_object_set_member (json_node_get_object (decision_json), "recipient", recipient_json);

      /* The decision and its alerts commit together, before any request
       * leaves: a crash now loses neither. */
      if (!vigie_outbox_commit (vigie_dispatcher_get_outbox (self->dispatcher), self->id, "decision",
                                decision_json, entries, error))
        return FALSE;

      set_state (self, VIGIE_CALL_DECIDED);
      if (entries->len == 0)
        {
          set_alert_state (self, VIGIE_ALERT_FAILED,
                           _("This client has no alert target: phone the on-call person"));
          self->alert_overdue = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_OVERDUE]);
          update_derived (self);
        }
      else
        {
          set_alert_state (self, final == VIGIE_DECISION_DEFER ? VIGIE_ALERT_SCHEDULED : VIGIE_ALERT_SENDING,
                           _("Sending…"));
          refresh_alert_state (self);
        }
      return TRUE;
    }

  if (!journal_or_hold (self, "decision", decision_json, error))
    return FALSE;

  set_state (self, VIGIE_CALL_DECIDED);
  return TRUE;
}

/**
 * vigie_call_decide_manual:
 * @self: a #VigieCall whose client has no usable script
 * @kind: trigger, defer or log
 * @defer_until: (nullable): when, for %VIGIE_DECISION_DEFER
 * @note: what the operator writes for the on-call person; required, it is
 *   all the alert says of the call
 * @error: return location for a #GError
 *
 * Degraded mode: a missing or invalid script never strands a caller. The
 * operator decides alone; the alert goes through the client's targets and
 * roster like any other, the note as its message.
 */
gboolean
vigie_call_decide_manual (VigieCall          *self,
                          VigieDecisionKind   kind,
                          GDateTime          *defer_until,
                          const char         *note,
                          GError            **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (kind != VIGIE_DECISION_NONE, FALSE);

  if (!check_qualifying (self, error))
    return FALSE;
  if (self->runner != NULL)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_BAD_RULE,
                   _("This call has a script: follow it to decide"));
      return FALSE;
    }
  stripped = g_strstrip (g_strdup (note ? note : ""));
  if (*stripped == '\0')
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("Without a script, the decision needs a note for the on-call person"));
      return FALSE;
    }

  vigie_call_set_note (self, stripped);
  g_clear_pointer (&self->defer_override, g_date_time_unref);
  g_clear_object (&self->decision);
  self->decision = vigie_decision_new_manual (kind, defer_until, stripped,
                                              self->client ? vigie_client_get_id (self->client) : NULL);
  if (!vigie_call_decide (self, kind, NULL, error))
    {
      g_clear_object (&self->decision);
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
  return TRUE;
}

/**
 * vigie_call_get_alert_overdue:
 * @self: a #VigieCall
 *
 * Returns: %TRUE when no target took the alert in time (or every target
 *   refused it): the operator must phone the on-call person
 */
gboolean
vigie_call_get_alert_overdue (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->alert_overdue;
}

/**
 * vigie_call_get_oncall_phone:
 * @self: a #VigieCall
 *
 * Returns: (nullable): the number to phone when the alert is not delivered
 */
const char *
vigie_call_get_oncall_phone (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->oncall_phone;
}

/**
 * vigie_call_acknowledge:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * The operator records that the on-call person answered: the alert is
 * acknowledged, its pending re-alerts are cancelled and PagerDuty is told.
 */
gboolean
vigie_call_acknowledge (VigieCall  *self,
                        GError    **error)
{
  g_autofree char *dedup = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->state == VIGIE_CALL_QUALIFYING)
    {
      g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_NO_REASON,
                   _("The call has not been decided yet"));
      return FALSE;
    }
  if (self->alert_state == VIGIE_ALERT_ACKNOWLEDGED || self->alert_state == VIGIE_ALERT_RESOLVED)
    return TRUE;

  dedup = vigie_call_dup_dedup_key (self);
  return vigie_dispatcher_acknowledge (self->dispatcher, self->id, dedup, "operator",
                                       vigie_journal_get_operator (self->journal), error);
}

/**
 * vigie_call_resolve:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * The incident is over: "resolve" goes to the platforms that support it.
 */
gboolean
vigie_call_resolve (VigieCall  *self,
                    GError    **error)
{
  g_autofree char *dedup = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->alert_state == VIGIE_ALERT_NONE || self->alert_state == VIGIE_ALERT_RESOLVED)
    return TRUE;

  dedup = vigie_call_dup_dedup_key (self);
  if (!vigie_dispatcher_resolve (self->dispatcher, self->id, dedup, error))
    return FALSE;
  if (self->alert_overdue)
    {
      self->alert_overdue = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_OVERDUE]);
    }
  set_alert_state (self, VIGIE_ALERT_RESOLVED, _("Resolved"));
  return TRUE;
}

/**
 * vigie_call_close:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * The operator hung up and moves to the next call.
 */
gboolean
vigie_call_close (VigieCall  *self,
                  GError    **error)
{
  JsonBuilder *builder;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->state == VIGIE_CALL_CLOSED)
    return TRUE;

  builder = _vigie_call_begin_event ();
  _vigie_call_add_string (builder, "state", self->state == VIGIE_CALL_DECIDED ? "decided" : "abandoned");
  if (!_vigie_call_end_event (self, builder, "call-closed", error))
    return FALSE;

  set_state (self, VIGIE_CALL_CLOSED);
  return TRUE;
}

/**
 * vigie_call_dup_dedup_key:
 * @self: a #VigieCall
 *
 * The same key on every retry and after a restart (the outbox keeps it),
 * so a target never shows the same alert twice; unique per call, never
 * derived from the switchboard's call id alone, which is reused.
 *
 * Returns: (transfer full): the alert's deduplication key
 */
char *
vigie_call_dup_dedup_key (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return g_strdup (self->alert_key);
}

/**
 * vigie_call_build_alert:
 * @self: a #VigieCall
 *
 * Returns: (transfer full): the alert as POSTed to the webhook
 */
JsonNode *
vigie_call_build_alert (VigieCall *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *dedup = vigie_call_dup_dedup_key (self);
  g_autofree char *received = g_date_time_format_iso8601 (self->received_at);
  g_autofree char *caller_name = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *summary = NULL;
  const VigieScriptNode *outcome = self->runner ? vigie_script_runner_get_outcome (self->runner) : NULL;
  VigieDecision *decision = self->decision;
  VigieCallerIdentity *identity;
  g_autoptr(VigieCatalog) catalog = NULL;

  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);

  /* The texts are the client's to read: in its language (French by
   * default), whatever the desk's locale. */
  catalog = vigie_catalog_new (self->client ? vigie_client_get_language (self->client) : NULL);

  /* What the operator typed wins over the directory and the presented
   * number: a hidden-number caller is reachable through it. */
  identity = vigie_call_get_identity (self);
  caller_name = vigie_caller_identity_dup_name (identity);
  if (caller_name == NULL && self->caller)
    caller_name = vigie_contact_dup_display_name (self->caller);
  callback = vigie_call_dup_callback_number (self);

  summary = g_strdup_printf ("[%s] %s — %s",
                             self->client ? vigie_client_get_name (self->client) : self->line,
                             outcome && outcome->nature ? outcome->nature
                             : self->runner == NULL ? vigie_catalog_gettext (catalog, N_("Call without a script"))
                             : "?",
                             caller_name ? caller_name : callback ? callback : self->from);

  json_builder_begin_object (builder);
  _vigie_call_add_string (builder, "dedup_key", dedup);
  _vigie_call_add_string (builder, "call_id", self->id);
  _vigie_call_add_string (builder, "received_at", received);
  _vigie_call_add_string (builder, "summary", summary);
  _vigie_call_add_string (builder, "language", vigie_catalog_get_language (catalog));

  json_builder_set_member_name (builder, "client");
  json_builder_begin_object (builder);
  _vigie_call_add_string (builder, "id", self->client ? vigie_client_get_id (self->client) : NULL);
  _vigie_call_add_string (builder, "name", self->client ? vigie_client_get_name (self->client) : NULL);
  _vigie_call_add_string (builder, "line", self->line);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "caller");
  json_builder_begin_object (builder);
  _vigie_call_add_string (builder, "number", callback);
  _vigie_call_add_string (builder, "presented", self->from);
  json_builder_set_member_name (builder, "known");
  json_builder_add_boolean_value (builder, self->caller != NULL);
  _vigie_call_add_string (builder, "name", caller_name);
  _vigie_call_add_string (builder, "company", vigie_caller_identity_get (identity, VIGIE_CALLER_COMPANY));
  _vigie_call_add_string (builder, "contract", self->caller ? vigie_contact_get_contract (self->caller) : NULL);
  _vigie_call_add_string (builder, "site", vigie_caller_identity_get (identity, VIGIE_CALLER_SITE));
  json_builder_set_member_name (builder, "vip");
  json_builder_add_boolean_value (builder, self->caller && vigie_contact_get_vip (self->caller));
  if (callback == NULL && self->no_callback)
    {
      json_builder_set_member_name (builder, "no_callback");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);

  if (self->recipient != NULL)
    {
      json_builder_set_member_name (builder, "recipient");
      json_builder_add_value (builder, vigie_recipient_to_json (self->recipient));
    }

  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; self->runner && i < vigie_script_runner_get_n_steps (self->runner); i++)
    {
      const VigieScriptStep *step = vigie_script_runner_get_step (self->runner, i);

      const char *answer = vigie_script_step_get_label (step);

      /* The engine's own words (yes/no, an information read out) are the
       * client's to read; a script's own choices are already its words. */
      if (step->node->kind == VIGIE_NODE_YESNO && answer != NULL)
        answer = vigie_catalog_gettext (catalog, answer);
      else if (step->node->kind == VIGIE_NODE_INFO)
        answer = vigie_catalog_gettext (catalog, N_("Read to the caller"));
      json_builder_begin_object (builder);
      _vigie_call_add_string (builder, "question", step->node->text);
      _vigie_call_add_string (builder, "answer", answer);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  _vigie_call_add_string (builder, "outcome", outcome ? outcome->id : NULL);
  _vigie_call_add_string (builder, "nature", outcome ? outcome->nature : NULL);
  _vigie_call_add_string (builder, "urgency", outcome ? outcome->urgency : NULL);
  json_builder_set_member_name (builder, "gravity");
  json_builder_add_int_value (builder, decision ? vigie_decision_get_gravity (decision) : 0);
  _vigie_call_add_string (builder, "decision",
              decision ? vigie_decision_kind_to_string (vigie_decision_get_final (decision)) : NULL);
  _vigie_call_add_string (builder, "override_reason", decision ? vigie_decision_get_reason (decision) : NULL);
  _vigie_call_add_string (builder, "note", self->note);
  _vigie_call_add_string (builder, "message", decision && vigie_decision_get_alert_text (decision)
                                  ? vigie_decision_get_alert_text (decision)
                                  : outcome ? outcome->alert : NULL);
  _vigie_call_add_string (builder, "roster", decision ? vigie_decision_get_roster (decision) : NULL);
  _vigie_call_add_string (builder, "escalation", decision ? vigie_decision_get_escalation (decision) : NULL);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * vigie_call_get_identity:
 * @self: a #VigieCall
 *
 * The caller's identity as the operator captures it, pre-filled from the
 * directory and the presented number.
 *
 * Returns: (transfer none): the identity
 */
VigieCallerIdentity *
vigie_call_get_identity (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);

  if (self->identity == NULL)
    self->identity = vigie_caller_identity_new (self->caller, self->from);
  return self->identity;
}

/**
 * vigie_call_commit_identity:
 * @self: a #VigieCall
 * @error: return location for a #GError
 *
 * Journals the caller's identity if it changed since last time.
 */
gboolean
vigie_call_commit_identity (VigieCall  *self,
                            GError    **error)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return vigie_caller_identity_commit (vigie_call_get_identity (self), self->journal, self->id, error);
}

/**
 * vigie_call_set_defer_until:
 * @self: a #VigieCall
 * @when: (nullable): the time the operator chose, or %NULL for the
 *   computed one
 *
 * The next vigie_call_decide() with %VIGIE_DECISION_DEFER uses @when; as
 * it departs from the script, it needs a reason like any override.
 */
void
vigie_call_set_defer_until (VigieCall *self,
                            GDateTime *when)
{
  g_return_if_fail (VIGIE_IS_CALL (self));

  g_clear_pointer (&self->defer_override, g_date_time_unref);
  if (when != NULL)
    self->defer_override = g_date_time_ref (when);
}

static gboolean
backlog_retry_cb (gpointer user_data)
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
    self->backlog = g_ptr_array_new_with_free_func ((GDestroyNotify) held_free);
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_ERROR]);
    }
  if (self->backlog_retry_id == 0)
    self->backlog_retry_id = g_timeout_add_seconds (1, backlog_retry_cb, self);
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
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_ERROR]);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_ptr_array_set_size (self->backlog, 0);
  g_clear_pointer (&self->journal_error, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_ERROR]);
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

static void
vigie_call_hold_rows_internal (VigieCall    *self,
                               const char   *kind,
                               JsonNode     *data,
                               const GError *why)
{
  VigieJournalEntry entry = { self->id, kind, data };

  vigie_call_hold_rows (self, &entry, 1, why);
}

static void
escalation_changed_cb (VigieCall       *self,
                       const char      *alert_id,
                       VigieEscalation *escalation)
{
  g_autoptr(VigieEscalationInfo) info = NULL;
  g_autofree char *text = NULL;
  JsonArray *steps;

  /* The cascade is named by the alert's key (call ids are reused). */
  if (self->alert_key == NULL || g_strcmp0 (alert_id, self->alert_key) != 0 ||
      !(info = vigie_escalation_get_info (escalation, alert_id, NULL)))
    return;
  steps = json_object_get_array_member (json_node_get_object (info->policy), "steps");

  switch (info->state)
    {
    case VIGIE_ESCALATION_RUNNING:
      {
        guint current = info->next_step == 0 ? info->n_steps - 1 : info->next_step - 1;
        JsonObject *now_step = info->n_steps ? json_array_get_object_element (steps, current) : NULL;
        JsonObject *next_step = info->next_step < info->n_steps
                                ? json_array_get_object_element (steps, info->next_step) : NULL;
        const char *now_name = now_step ? json_object_get_string_member_with_default (now_step, "name", NULL) : NULL;
        const char *next_name = next_step ? json_object_get_string_member_with_default (next_step, "name", NULL) : NULL;
        g_autoptr(GDateTime) local = info->next_due ? g_date_time_to_local (info->next_due) : NULL;
        g_autofree char *when = local ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");

        if (next_name != NULL)
          text = g_strdup_printf (_("Escalation step %u of %u: %s is being alerted; if nobody acknowledges, %s at %s"),
                                  current + 1, info->n_steps, now_name ? now_name : _("nobody"), next_name, when);
        else
          text = g_strdup_printf (_("Escalation step %u of %u: %s is being alerted; last step, it ends at %s"),
                                  current + 1, info->n_steps, now_name ? now_name : _("nobody"), when);
      }
      break;
    case VIGIE_ESCALATION_ACKNOWLEDGED:
      text = g_strdup_printf (_("Escalation stopped: acknowledged by %s"),
                              info->acknowledged_by ? info->acknowledged_by : _("the on-call person"));
      break;
    case VIGIE_ESCALATION_EXHAUSTED:
      text = g_strdup (_("Escalation exhausted: nobody acknowledged — phone the on-call people"));
      break;
    case VIGIE_ESCALATION_CANCELLED:
      text = g_strdup (_("Escalation cancelled"));
      break;
    default:
      break;
    }
  set_string_prop (self, &self->escalation_status, text, PROP_ESCALATION_STATUS);
  self->escalation_exhausted = info->state == VIGIE_ESCALATION_EXHAUSTED;
  update_derived (self);
}

/**
 * vigie_call_set_rosters:
 * @self: a #VigieCall
 * @rosters: (nullable): the rosters the alert is addressed through
 * @escalation: (nullable): the cascade engine, to follow the alert's one
 *
 * Without rosters, the alert goes to the client's last-resort contact.
 */
void
vigie_call_set_rosters (VigieCall        *self,
                        VigieRosterStore *rosters,
                        VigieEscalation  *escalation)
{
  g_return_if_fail (VIGIE_IS_CALL (self));

  g_set_object (&self->rosters, rosters);
  if (self->escalation != NULL)
    g_signal_handlers_disconnect_by_data (self->escalation, self);
  g_set_object (&self->escalation, escalation);
  if (escalation != NULL)
    g_signal_connect_object (escalation, "changed", G_CALLBACK (escalation_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * vigie_call_get_oncall_name:
 * @self: a #VigieCall
 *
 * Returns: (nullable): who the alert is for (see #VigieCall:oncall-name)
 */
const char *
vigie_call_get_oncall_name (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->oncall_name;
}

/**
 * vigie_call_get_recipient_summary:
 * @self: a #VigieCall
 *
 * Returns: (nullable): who was alerted and what comes next, once decided
 */
const char *
vigie_call_get_recipient_summary (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->recipient_summary;
}

/**
 * vigie_call_get_escalation_status:
 * @self: a #VigieCall
 *
 * Returns: (nullable): where the alert's cascade is
 */
const char *
vigie_call_get_escalation_status (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->escalation_status;
}

/**
 * vigie_call_dup_callback_number:
 * @self: a #VigieCall
 *
 * Returns: (transfer full) (nullable): the number the on-call person can
 *   call the caller back on: the one the operator typed, else the
 *   presented one when it is dialable; %NULL for a hidden number
 */
char *
vigie_call_dup_callback_number (VigieCall *self)
{
  const char *typed;

  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);

  typed = vigie_caller_identity_get (vigie_call_get_identity (self), VIGIE_CALLER_CALLBACK);
  if (typed != NULL && *typed != '\0')
    return g_strdup (typed);
  if (self->from != NULL && !vigie_phone_is_anonymous (self->from) && vigie_phone_is_dialable (self->from))
    return g_strdup (self->from);
  return NULL;
}

/**
 * vigie_call_set_no_callback:
 * @self: a #VigieCall
 * @reason: (nullable): why the caller cannot be called back
 * @error: return location for a #GError
 *
 * The operator records that the caller cannot be called back (hidden
 * number, none given): journaled, and the trigger is then accepted.
 */
gboolean
vigie_call_set_no_callback (VigieCall   *self,
                            const char  *reason,
                            GError     **error)
{
  JsonBuilder *builder;

  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->no_callback)
    return TRUE;
  builder = _vigie_call_begin_event ();
  _vigie_call_add_string (builder, "reason", reason);
  if (!_vigie_call_end_event (self, builder, "no-callback", error))
    return FALSE;
  self->no_callback = TRUE;
  return TRUE;
}

gboolean
vigie_call_get_no_callback (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->no_callback;
}

/**
 * vigie_call_set_hung_up:
 * @self: a #VigieCall
 * @hung_up: whether the caller hung up (from the switchboard)
 */
void
vigie_call_set_hung_up (VigieCall *self,
                        gboolean   hung_up)
{
  g_return_if_fail (VIGIE_IS_CALL (self));

  hung_up = !!hung_up;
  if (self->hung_up == hung_up)
    return;
  self->hung_up = hung_up;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUNG_UP]);
  update_derived (self);
}

const char *
vigie_call_get_status_text (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->status_text;
}

const char *
vigie_call_get_status_style (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->status_style;
}

gboolean
vigie_call_get_can_close (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->can_close;
}

gboolean
vigie_call_get_can_acknowledge (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->can_acknowledge;
}

gboolean
vigie_call_get_can_resolve (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->can_resolve;
}

gboolean
vigie_call_get_needs_attention (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  return self->needs_attention;
}

/**
 * vigie_call_get_default_deferral:
 * @self: a #VigieCall
 *
 * Returns: (transfer none) (nullable): the time the script recommends
 *   deferring to, whatever the operator chose
 */
GDateTime *
vigie_call_get_default_deferral (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), NULL);
  return self->default_deferral;
}

/**
 * vigie_call_needs_reason:
 * @self: a #VigieCall
 * @kind: the decision the operator is about to take
 * @deferral: (nullable): the time chosen for a deferral
 *
 * Returns: %TRUE when @kind (or a deferral to another time than the
 *   recommended one) departs from the script and needs a reason
 */
gboolean
vigie_call_needs_reason (VigieCall         *self,
                         VigieDecisionKind  kind,
                         GDateTime         *deferral)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);

  if (self->decision == NULL || kind == VIGIE_DECISION_NONE)
    return FALSE;
  if (kind != vigie_decision_get_recommended (self->decision))
    return TRUE;
  return kind == VIGIE_DECISION_DEFER && deferral != NULL &&
         (self->default_deferral == NULL || !g_date_time_equal (deferral, self->default_deferral));
}

/**
 * vigie_call_get_recipient_source:
 * @self: a #VigieCall
 *
 * Returns: how the alert's person was found; %VIGIE_RECIPIENT_NONE until
 *   an alert is decided
 */
VigieRecipientSource
vigie_call_get_recipient_source (VigieCall *self)
{
  g_return_val_if_fail (VIGIE_IS_CALL (self), VIGIE_RECIPIENT_NONE);
  return self->recipient ? self->recipient->source : VIGIE_RECIPIENT_NONE;
}
