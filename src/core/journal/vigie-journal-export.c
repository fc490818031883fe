/* vigie-journal-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calls as CSV (RFC 4180, UTF-8, any one-character separator: ";" for
 * French spreadsheets) or JSON, times in local time: for `vigie journal
 * export` and the journal page's export button.
 */
#define G_LOG_DOMAIN "vigie-journal"

#include "config.h"

#include "vigie-journal.h"

static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static const char * const csv_header[] = {
  "call_id", "received_at", "client_id", "client_name", "caller_number", "caller_name", "vip",
  "operator", "script", "outcome", "gravity", "recommended", "decision", "overridden", "override_reason",
  "alert_status", "decided_at", "alert_delivered_at", "acked_at", "acked_by", "closed_at",
  "escalation_steps", "note", "answers", NULL
};

static void
call_fields (VigieJournalCall *call,
             GPtrArray        *fields)
{
  g_ptr_array_add (fields, g_strdup (call->call_id));
  g_ptr_array_add (fields, local_time (call->received_at));
  g_ptr_array_add (fields, g_strdup (call->client_id));
  g_ptr_array_add (fields, g_strdup (call->client_name));
  g_ptr_array_add (fields, g_strdup (call->caller_number));
  g_ptr_array_add (fields, g_strdup (call->caller_name));
  g_ptr_array_add (fields, g_strdup (call->vip ? "1" : "0"));
  g_ptr_array_add (fields, g_strdup (call->operator_name));
  g_ptr_array_add (fields, g_strdup (call->script));
  g_ptr_array_add (fields, g_strdup (call->outcome));
  g_ptr_array_add (fields, g_strdup_printf ("%d", call->gravity));
  g_ptr_array_add (fields, g_strdup (call->recommended));
  g_ptr_array_add (fields, g_strdup (call->decision));
  g_ptr_array_add (fields, g_strdup (call->overridden ? "1" : "0"));
  g_ptr_array_add (fields, g_strdup (call->override_reason));
  g_ptr_array_add (fields, g_strdup (call->alert_status));
  g_ptr_array_add (fields, call->decided_at ? local_time (call->decided_at) : NULL);
  g_ptr_array_add (fields, call->alert_delivered_at ? local_time (call->alert_delivered_at) : NULL);
  g_ptr_array_add (fields, call->acked_at ? local_time (call->acked_at) : NULL);
  g_ptr_array_add (fields, g_strdup (call->acked_by));
  g_ptr_array_add (fields, call->closed_at ? local_time (call->closed_at) : NULL);
  g_ptr_array_add (fields, g_strdup_printf ("%d", call->escalation_steps));
  g_ptr_array_add (fields, g_strdup (call->note));
  g_ptr_array_add (fields, g_strdup (call->answers));
}

/* RFC 4180: quoted when it holds the separator, a quote or a line break. */
static void
csv_field (GString    *out,
           const char *value,
           char        separator)
{
  if (value == NULL)
    return;
  if (strchr (value, separator) || strpbrk (value, "\"\r\n"))
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

/**
 * vigie_journal_export_csv:
 * @calls: (element-type VigieJournalCall): the calls
 * @separator: the field separator
 * @out: where the text goes
 */
void
vigie_journal_export_csv (GPtrArray *calls,
            char       separator,
            GString   *out)
{
  for (guint i = 0; csv_header[i]; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      g_string_append (out, csv_header[i]);
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < calls->len; i++)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

      call_fields (g_ptr_array_index (calls, i), fields);
      for (guint j = 0; j < fields->len; j++)
        {
          if (j > 0)
            g_string_append_c (out, separator);
          csv_field (out, g_ptr_array_index (fields, j), separator);
        }
      g_string_append (out, "\r\n");
    }
}

/**
 * vigie_journal_export_json:
 * @calls: (element-type VigieJournalCall): the calls
 * @out: where the text goes
 */
void
vigie_journal_export_json (GPtrArray *calls,
             GString   *out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < calls->len; i++)
    {
      VigieJournalCall *call = g_ptr_array_index (calls, i);
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

      call_fields (call, fields);
      json_builder_begin_object (builder);
      for (guint j = 0; csv_header[j]; j++)
        {
          const char *value = g_ptr_array_index (fields, j);

          json_builder_set_member_name (builder, csv_header[j]);
          if (g_str_equal (csv_header[j], "vip") || g_str_equal (csv_header[j], "overridden"))
            json_builder_add_boolean_value (builder, g_strcmp0 (value, "1") == 0);
          else if (g_str_equal (csv_header[j], "gravity") || g_str_equal (csv_header[j], "escalation_steps"))
            json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
          else if (value == NULL)
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, value);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

