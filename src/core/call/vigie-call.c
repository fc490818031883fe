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

G_DEFINE_FINAL_TYPE (VigieCall, vigie_call, G_TYPE_OBJECT)

GParamSpec *_vigie_call_properties[N_PROPS];

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

  return _vigie_call_journal_or_hold (self, kind, data, error);
}

/* --- The rules the desk presents, decided here once ------------------ */

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

/* Read-only properties the desk binds to:
 * - oncall-name, oncall-phone: who the alert went to (the roster's person
 *   at the decision), or the client's last-resort contact; the "phone the
 *   on-call person" banner;
 * - recipient-summary: one line for the operator: who was alerted, from
 *   which roster, and who the cascade tries next; says so at once on a
 *   coverage gap;
 * - escalation-status: where the alert's cascade is: who is tried now and
 *   who is next, or who acknowledged;
 * - status-text: the call's state in a few words, as the header and the
 *   list show it: acknowledged, resolved and scheduled (with its time) as
 *   what they are;
 * - status-style: how to show it: "qualifying", "hung-up", "decided",
 *   "scheduled", "sending", "warning" (an attempt failed, retries pending,
 *   or the alert is overdue), "failed" or "success"; a CSS class of the desk;
 * - can-close, can-acknowledge, can-resolve: what the operator may do now;
 * - needs-attention: the alert failed, is overdue or is being retried: the
 *   call stays in sight, closed or not, until delivered or acknowledged. */
typedef struct {
  guint       prop;
  const char *name;
  gboolean    flag;
} ReadOnly;

static const ReadOnly read_only[] = {
  { PROP_ONCALL_NAME, "oncall-name", FALSE },
  { PROP_ONCALL_PHONE, "oncall-phone", FALSE },
  { PROP_RECIPIENT_SUMMARY, "recipient-summary", FALSE },
  { PROP_ESCALATION_STATUS, "escalation-status", FALSE },
  { PROP_STATUS_TEXT, "status-text", FALSE },
  { PROP_STATUS_STYLE, "status-style", FALSE },
  { PROP_CAN_CLOSE, "can-close", TRUE },
  { PROP_CAN_ACKNOWLEDGE, "can-acknowledge", TRUE },
  { PROP_CAN_RESOLVE, "can-resolve", TRUE },
  { PROP_NEEDS_ATTENTION, "needs-attention", TRUE },
};

static void
vigie_call_class_init (VigieCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigie_call_dispose;
  object_class->finalize = vigie_call_finalize;
  object_class->get_property = vigie_call_get_property;
  object_class->set_property = vigie_call_set_property;

  _vigie_call_properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, VIGIE_CALL_QUALIFYING, VIGIE_CALL_CLOSED,
                      VIGIE_CALL_QUALIFYING, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  _vigie_call_properties[PROP_ALERT_STATE] =
    g_param_spec_int ("alert-state", NULL, NULL, VIGIE_ALERT_NONE, VIGIE_ALERT_RESOLVED,
                      VIGIE_ALERT_NONE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* No target took the alert in time: the operator must phone. */
  _vigie_call_properties[PROP_ALERT_OVERDUE] =
    g_param_spec_boolean ("alert-overdue", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  _vigie_call_properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:decision:
   *
   * The recommendation for the outcome reached, or %NULL while the script
   * runs. Notified after every answer, once the journal has it.
   */
  _vigie_call_properties[PROP_DECISION] =
    g_param_spec_object ("decision", NULL, NULL, VIGIE_TYPE_DECISION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:journal-error:
   *
   * Why the journal could not record this call (a full disk), or %NULL.
   * The call goes on in memory; its rows are written when space returns.
   */
  _vigie_call_properties[PROP_JOURNAL_ERROR] =
    g_param_spec_string ("journal-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The read-only strings and flags the desk binds to (see ReadOnly). */
  for (guint i = 0; i < G_N_ELEMENTS (read_only); i++)
    _vigie_call_properties[read_only[i].prop] = read_only[i].flag
      ? g_param_spec_boolean (read_only[i].name, NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)
      : g_param_spec_string (read_only[i].name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  _vigie_call_properties[PROP_HUNG_UP] =
    g_param_spec_boolean ("hung-up", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigieCall:default-deferral:
   *
   * The deferral the script recommends, kept when the operator overrides
   * it (the decision then carries the final choice).
   */
  _vigie_call_properties[PROP_DEFAULT_DEFERRAL] =
    g_param_spec_boxed ("default-deferral", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  _vigie_call_properties[PROP_ALERT_MESSAGE] =
    g_param_spec_string ("alert-message", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, _vigie_call_properties);
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
                           G_CALLBACK (_vigie_call_outbox_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dispatcher, "overdue", G_CALLBACK (_vigie_call_overdue_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dispatcher, "acknowledged", G_CALLBACK (_vigie_call_acknowledged_cb), self, G_CONNECT_SWAPPED);

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

void
vigie_call_set_note (VigieCall  *self,
                     const char *note)
{
  g_return_if_fail (VIGIE_IS_CALL (self));

  if (g_strcmp0 (self->note, note) == 0)
    return;
  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_NOTE]);

  /* Keyword rules read the note: a word typed after the outcome ("gaz",
   * "rançongiciel") must change the recommendation before the decision. */
  if (self->state == VIGIE_CALL_QUALIFYING && self->runner != NULL &&
      vigie_script_runner_get_outcome (self->runner) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!_vigie_call_refresh_decision (self, &error))
        g_warning ("Cannot re-evaluate the decision of call %s: %s", self->id, error->message);
    }
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

  return _vigie_call_refresh_decision (self, error);
}

gboolean
_vigie_call_check_qualifying (VigieCall  *self,
                              GError    **error)
{
  if (self->state == VIGIE_CALL_QUALIFYING)
    return TRUE;
  g_set_error (error, VIGIE_DECISION_ERROR, VIGIE_DECISION_ERROR_ALREADY_DECIDED,
               _("This call has already been decided"));
  return FALSE;
}

/* The current question answered: a choice, or (@value non-%NULL) what
 * the operator typed; journaled, then the script moves on. */
static gboolean
answer_current (VigieCall   *self,
                guint        choice,
                const char  *value,
                GError     **error)
{
  const VigieScriptNode *node;
  gboolean answered;

  if (!_vigie_call_check_qualifying (self, error))
    return FALSE;
  node = vigie_script_runner_get_current (self->runner);
  answered = value != NULL ? vigie_script_runner_answer_value (self->runner, value, error)
                           : vigie_script_runner_answer (self->runner, choice, error);
  return answered && journal_answer (self, node, error);
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
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (self->runner != NULL, FALSE);

  return answer_current (self, choice, NULL, error);
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
  g_return_val_if_fail (VIGIE_IS_CALL (self), FALSE);
  g_return_val_if_fail (self->runner != NULL, FALSE);
  /* Nothing typed is an empty answer, which the question refuses. */
  return answer_current (self, 0, value ? value : "", error);
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
  return _vigie_call_refresh_decision (self, error);
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

  _vigie_call_set_state (self, VIGIE_CALL_CLOSED);
  return TRUE;
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
  g_object_notify_by_pspec (G_OBJECT (self), _vigie_call_properties[PROP_HUNG_UP]);
  _vigie_call_update_derived (self);
}

