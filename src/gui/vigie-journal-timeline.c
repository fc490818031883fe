/* vigie-journal-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A call as its timeline, for the Journal page: the summary (caller,
 * operator, script, decision, override, acknowledgement), then every
 * event in a sentence.
 */
#define G_LOG_DOMAIN "vigie-journal-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-journal-timeline.h"

const char *
vigie_journal_decision_text (const char *decision)
{
  if (g_strcmp0 (decision, "trigger") == 0)
    return _("Triggered");
  if (g_strcmp0 (decision, "defer") == 0)
    return _("Deferred");
  if (g_strcmp0 (decision, "log") == 0)
    return _("Logged");
  return _("Not decided");
}

char *
vigie_journal_format_time (const char *iso,
             const char *format)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso ? iso : "");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, format);
}

/* The timeline: what one event says, in a sentence. */
static char *
event_title (const char *kind)
{
  static const struct { const char *kind; const char *title; } titles[] = {
    { "call-received", N_("Call received") },
    { "caller-identified", N_("Caller identified") },
    { "caller-details", N_("Caller details") },
    { "answer", N_("Answer") },
    { "answer-withdrawn", N_("Answer withdrawn") },
    { "override", N_("Override") },
    { "decision", N_("Decision") },
    { "alert-queued", N_("Alert queued") },
    { "alert-attempt", N_("Alert attempt") },
    { "alert-cancelled", N_("Alert cancelled") },
    { "alert-acknowledged", N_("Acknowledged") },
    { "escalation-started", N_("Escalation started") },
    { "escalation-step", N_("Escalation step") },
    { "escalation-exhausted", N_("Escalation exhausted") },
    { "escalation-acknowledged", N_("Escalation acknowledged") },
    { "escalation-cancelled", N_("Escalation cancelled") },
    { "intervention-started", N_("Intervention started") },
    { "intervention-ended", N_("Intervention ended") },
    { "satisfaction", N_("Caller's satisfaction") },
    { "call-closed", N_("Call closed") },
    { "screen-pop", N_("Screen pop") },
    { "pbx-event", N_("Switchboard") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].kind, kind))
      return g_strdup (_(titles[i].title));
  return g_strdup (kind);
}

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  if (sentence == NULL || *sentence == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, "\n");
  g_string_append (text, sentence);
}

/* The first of @names that @object has as a string, or "". */
static const char *
first_of (JsonObject *object,
          ...)
{
  const char *found = NULL;
  va_list args;

  va_start (args, object);
  for (const char *name = va_arg (args, const char *); name && !found; name = va_arg (args, const char *))
    found = member (object, name);
  va_end (args);
  return found ? found : "";
}

static void
answer_details (GString    *text,
                JsonObject *data)
{
  const char *answer = first_of (data, "value", "answer", NULL);
  g_autofree char *qa = NULL;

  /* The engine's own words are journaled in English ("Yes"): read in
   * the operator's language; a script's own choices are its words. */
  if (g_str_equal (answer, "Yes") || g_str_equal (answer, "No") || g_str_equal (answer, "Read to the caller"))
    answer = _(answer);
  qa = g_strdup_printf ("%s → %s", first_of (data, "question", "node", NULL), answer);
  append_sentence (text, qa);
}

/* Times as the operator typed them, in the desk's zone; no tokens. */
static void
intervention_details (GString    *text,
                      JsonObject *data)
{
  g_autoptr(GDateTime) start = member (data, "started_at") ? g_date_time_new_from_iso8601 (member (data, "started_at"), NULL) : NULL;
  g_autoptr(GDateTime) end = member (data, "ended_at") ? g_date_time_new_from_iso8601 (member (data, "ended_at"), NULL) : NULL;
  g_autoptr(GDateTime) local_start = start ? g_date_time_to_local (start) : NULL;
  g_autoptr(GDateTime) local_end = end ? g_date_time_to_local (end) : NULL;
  g_autofree char *from = local_start ? g_date_time_format (local_start, "%d/%m/%Y %H:%M") : NULL;
  g_autofree char *to = local_end ? g_date_time_format (local_end, "%d/%m/%Y %H:%M") : NULL;
  g_autofree char *line = NULL;

  if (from && to)
    line = g_strdup_printf (_("From %s to %s (%lld min)"), from, to,
                            (long long) (g_date_time_difference (end, start) / G_TIME_SPAN_MINUTE));
  else if (from)
    line = g_strdup_printf (_("Started at %s"), from);
  append_sentence (text, line);
  append_sentence (text, member (data, "person"));
}

static void
satisfaction_details (GString    *text,
                      JsonObject *data)
{
  g_autofree char *line = g_strdup_printf (_("Score: %lld/5"),
                                           (long long) json_object_get_int_member_with_default (data, "score", 0));
  append_sentence (text, line);
}

static void
decision_details (GString    *text,
                  JsonObject *data)
{
  g_autofree char *line = g_strdup_printf (_("%s (recommended: %s)"), vigie_journal_decision_text (member (data, "decision")),
                                           vigie_journal_decision_text (member (data, "recommended")));
  const char *reason = first_of (data, "reason", "override_reason", NULL);
  JsonNode *explanation = json_object_get_member (data, "explanation");

  append_sentence (text, line);
  if (*reason)
    {
      g_autofree char *sentence = g_strdup_printf (_("Reason: %s"), reason);
      append_sentence (text, sentence);
    }
  if (explanation && JSON_NODE_HOLDS_ARRAY (explanation))
    {
      JsonArray *lines = json_node_get_array (explanation);

      for (guint i = 0; i < json_array_get_length (lines); i++)
        append_sentence (text, json_array_get_string_element (lines, i));
    }
  if (member (data, "note"))
    {
      g_autofree char *note = g_strdup_printf (_("Note: %s"), member (data, "note"));
      append_sentence (text, note);
    }
}

static void
attempt_details (GString    *text,
                 JsonObject *data)
{
  gint64 http = json_object_get_int_member_with_default (data, "http_status", 0);
  const char *target = member (data, "target");
  g_autofree char *line = g_strdup_printf (_("%s: %s, server answered %lld"), target ? target : _("target"),
                                           g_strcmp0 (member (data, "status"), "delivered") == 0 ? _("delivered") : _("not delivered"),
                                           (long long) http);

  append_sentence (text, line);
  append_sentence (text, member (data, "error"));
  append_sentence (text, member (data, "message"));
}

static void
ack_details (GString    *text,
             JsonObject *data)
{
  const char *by = first_of (data, "by", "name", "person_id", NULL);
  g_autofree char *line = g_strdup_printf (_("By %s (%s)"), *by ? by : "?", first_of (data, "source", "status", NULL));

  append_sentence (text, line);
}

static void
step_details (GString    *text,
              JsonObject *data)
{
  g_autofree char *line = g_strdup_printf (_("Step %lld: %s (%s)"),
                                           (long long) json_object_get_int_member_with_default (data, "step", 0),
                                           first_of (data, "name", NULL), first_of (data, "status", NULL));
  append_sentence (text, line);
}

static void
received_details (GString    *text,
                  JsonObject *data)
{
  g_autofree char *line = g_strdup_printf (_("From %s on %s"), first_of (data, "from", NULL),
                                           first_of (data, "client_name", NULL));

  append_sentence (text, line);
  if (member (data, "script"))
    {
      const char *sum = member (data, "script_sha256");
      g_autofree char *script = g_strdup_printf (_("Script %s, SHA-256 %.12s…"), member (data, "script"), sum ? sum : "?");
      append_sentence (text, script);
    }
}

static void
caller_details (GString    *text,
                JsonObject *data)
{
  const char *name = member (data, "name");

  append_sentence (text, name ? name : _("Unknown caller"));
}

/* Events from other parts of the desk: their text members. */
static void
other_details (GString    *text,
               JsonObject *data)
{
  g_autoptr(GList) names = json_object_get_members (data);

  for (GList *l = names; l; l = l->next)
    if (member (data, l->data))
      {
        g_autofree char *line = g_strdup_printf ("%s: %s", (char *) l->data, member (data, l->data));
        append_sentence (text, line);
      }
}

static const struct {
  const char *kind;
  void      (*details) (GString *text, JsonObject *data);
} details_by_kind[] = {
  { "answer", answer_details },
  { "decision", decision_details },
  { "override", decision_details },
  { "alert-attempt", attempt_details },
  { "alert-acknowledged", ack_details },
  { "escalation-acknowledged", ack_details },
  { "escalation-step", step_details },
  { "call-received", received_details },
  { "caller-identified", caller_details },
  { "caller-details", caller_details },
  { "intervention-started", intervention_details },
  { "intervention-ended", intervention_details },
  { "satisfaction", satisfaction_details },
};

static char *
event_details (const char *kind,
               JsonObject *data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  void (*details) (GString *text, JsonObject *data) = other_details;

  if (data == NULL)
    return g_strdup ("");
  /* Once erased (GDPR), the event keeps what is not personal. */
  if (json_object_get_boolean_member_with_default (data, "erased", FALSE))
    append_sentence (text, _("Personal data erased"));
  for (guint i = 0; i < G_N_ELEMENTS (details_by_kind); i++)
    if (g_str_equal (details_by_kind[i].kind, kind))
      details = details_by_kind[i].details;
  details (text, data);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
summary_row (const char *title,
             const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static const char *
or_dash (const char *text)
{
  return text ? text : "—";
}

/* The call's summary: caller, operator, script, decision, override,
 * acknowledgement. */
static GtkWidget *
summary_group (const VigieJournalCall *call)
{
  g_autofree char *decision = NULL;
  GtkWidget *summary;
  const char *caller_name = call->caller_name ? call->caller_name : _("Unknown caller");
  g_autofree char *caller = g_strdup_printf ("%s %s%s", caller_name, call->caller_number ? call->caller_number : "",
                                             call->vip ? " · VIP" : "");

  summary = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (summary), _("Summary"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), summary_row (_("Caller"), caller));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), summary_row (_("Operator"), or_dash (call->operator_name)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), summary_row (_("Script version"), or_dash (call->script)));
  decision = call->overridden
    ? g_strdup_printf (_("%s, overriding the recommendation (%s)"), vigie_journal_decision_text (call->decision), vigie_journal_decision_text (call->recommended))
    : g_strdup (vigie_journal_decision_text (call->decision));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), summary_row (_("Decision"), decision));
  if (call->override_reason)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), summary_row (_("Override reason"), call->override_reason));
  if (call->acked_at)
    {
      g_autofree char *acked = vigie_journal_format_time (call->acked_at, "%H:%M:%S");
      g_autofree char *who = g_strdup_printf (_("%s at %s"), call->acked_by ? call->acked_by : "?", acked);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), summary_row (_("Acknowledged by"), who));
    }
  else if (g_strcmp0 (call->decision, "trigger") == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), summary_row (_("Acknowledged by"), _("Not acknowledged")));
  return summary;
}

static GtkWidget *
event_row (VigieJournalEvent *event)
{
  g_autoptr(JsonNode) node = json_from_string (event->data, NULL);
  g_autofree char *time = vigie_journal_format_time (event->at, "%H:%M:%S");
  g_autofree char *event_name = event_title (event->kind);
  g_autofree char *details = event_details (event->kind, node && JSON_NODE_HOLDS_OBJECT (node)
                                                           ? json_node_get_object (node) : NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *time_label = gtk_label_new (time);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), event_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_add_css_class (time_label, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), time_label);
  if (g_str_equal (event->kind, "alert-attempt") && strstr (event->data, "\"delivered\"") == NULL)
    gtk_widget_add_css_class (row, "error");
  return row;
}

/**
 * vigie_journal_timeline_new:
 * @call: the call's summary
 * @events: (element-type VigieJournalEvent): its events, oldest first
 *
 * Returns: (transfer floating): the summary group and the events' list
 */
GtkWidget *
vigie_journal_timeline_new (const VigieJournalCall *call,
                            GPtrArray              *events)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list;

  gtk_box_append (GTK_BOX (box), summary_group (call));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"), -1);
  for (guint i = 0; i < events->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), event_row (g_ptr_array_index (events, i)));
  gtk_box_append (GTK_BOX (box), list);
  return box;
}
