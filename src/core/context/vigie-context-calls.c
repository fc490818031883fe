/* vigie-context-calls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calls through the context: every way in (switchboard, command line,
 * tel: link) opens a call here; the calls open on the desk; who is at the
 * desk.
 */
#define G_LOG_DOMAIN "vigie-context"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-context-private.h"
#include "vigie-escalation-webhook.h"
#include "vigie-input.h"
#include "vigie-phone.h"

/**
 * vigie_context_get_open_calls:
 * @self: a #VigieContext
 *
 * The calls open on the desk: the desk adds a call when it shows it and
 * removes it when the operator closes it.
 *
 * Returns: (transfer none): the open calls
 */
VigieCallList *
vigie_context_get_open_calls (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  return self->open_calls;
}

/* What "call-received" records: the line's client and the script (with
 * the checksums of its files) the call will follow. */
static JsonNode *
received_data (VigieContext *self,
               const char   *from,
               const char   *line,
               VigieClient  *client,
               VigieScript  *script)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *sums_node = script != NULL
    ? g_hash_table_lookup (self->script_sums, vigie_client_get_id (client)) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "line");
  json_builder_add_string_value (builder, line);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, client ? vigie_client_get_id (client) : NULL);
  json_builder_set_member_name (builder, "client_name");
  json_builder_add_string_value (builder, client ? vigie_client_get_name (client) : NULL);
  json_builder_set_member_name (builder, "script");
  json_builder_add_string_value (builder, script ? vigie_script_get_id (script) : NULL);
  if (sums_node != NULL)
    {
      JsonObject *sums = json_node_get_object (sums_node);

      json_builder_set_member_name (builder, "script_sha256");
      json_builder_add_string_value (builder, json_object_get_string_member (sums, "script_sha256"));
      json_builder_set_member_name (builder, "script_files");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (sums, "script_files")));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* What "caller-identified" records: who the directory says is calling. */
static JsonNode *
identified_data (VigieContact *caller)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "known");
  json_builder_add_boolean_value (builder, caller != NULL);
  if (caller != NULL)
    {
      g_autofree char *caller_name = vigie_contact_dup_display_name (caller);

      json_builder_set_member_name (builder, "contact_id");
      json_builder_add_string_value (builder, vigie_contact_get_id (caller));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, caller_name);
      json_builder_set_member_name (builder, "company");
      json_builder_add_string_value (builder, vigie_contact_get_company (caller));
      json_builder_set_member_name (builder, "vip");
      json_builder_add_boolean_value (builder, vigie_contact_get_vip (caller));
      json_builder_set_member_name (builder, "contract");
      json_builder_add_string_value (builder, vigie_contact_get_contract (caller));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Every way in (switchboard, command line, tel: link) comes here: what
 * the journal records and the desk shows is checked once, now. */
static gboolean
check_call_input (const char  *from,
                  const char  *line,
                  const char  *call_id,
                  GError     **error)
{
  return vigie_input_check_number ("line", line, error) &&
         (from == NULL || vigie_input_check_number ("from", from, error)) &&
         (call_id == NULL || vigie_input_check_call_id (call_id, error));
}

/**
 * vigie_context_open_call:
 * @self: a #VigieContext
 * @from: the caller's number as the PBX gave it; may be "anonymous"
 * @line: the dialled number
 * @call_id: (nullable): the PBX's call id
 * @error: return location for a #GError
 *
 * The screen pop: finds the client that owns @line and the caller in the
 * directory, and journals both before the desk shows anything.
 *
 * Returns: (transfer full) (nullable): the call
 */
VigieCall *
vigie_context_open_call (VigieContext  *self,
                         const char    *from,
                         const char    *line,
                         const char    *call_id,
                         GError       **error)
{
  g_autoptr(VigieCall) call = NULL;
  g_autoptr(JsonNode) received = NULL;
  g_autoptr(JsonNode) identified = NULL;
  g_autofree char *from_normalized = NULL;
  g_autofree char *line_normalized = NULL;
  const char *script_error = NULL;
  VigieClient *client;
  VigieContact *caller;
  VigieScript *script = NULL;

  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (line != NULL, NULL);

  if (!check_call_input (from, line, call_id, error))
    return NULL;

  if (!(line_normalized = vigie_phone_normalize (line, error)))
    return NULL;
  if (vigie_phone_is_anonymous (from))
    from_normalized = g_strdup ("anonymous");
  else if (!(from_normalized = vigie_phone_normalize (from, NULL)))
    from_normalized = g_strdup (from);

  client = vigie_directory_lookup_line (self->directory, line_normalized);
  caller = vigie_directory_lookup_caller (self->directory, from_normalized, client);
  if (client != NULL)
    script = vigie_context_get_script (self, vigie_client_get_id (client), &script_error);
  else
    script_error = _("No client owns this line");

  call = vigie_call_new (self->journal, self->dispatcher, call_id, from_normalized,
                         line_normalized, client, caller, script, script_error);
  vigie_call_set_rosters (call, self->rosters, self->escalation);

  received = received_data (self, from_normalized, line_normalized, client, script);
  identified = identified_data (caller);

  /* Both rows in one transaction: one fsync on the screen pop's path, and
   * the arrival is never on disk without its identification. */
  {
    const VigieJournalEntry entries[] = {
      { vigie_call_get_id (call), "call-received", received },
      { vigie_call_get_id (call), "caller-identified", identified },
    };

    g_autoptr(GError) journal_error = NULL;

    /* A full disk must not hide an emergency: the call is shown, its rows
     * wait in memory and are written when space returns; the error is
     * the call's journal-error, for the desk to say it loudly. */
    if (!vigie_journal_append_many (self->journal, entries, G_N_ELEMENTS (entries), NULL, NULL, &journal_error))
      {
        g_message ("Call %s not journaled yet: %s", vigie_call_get_id (call), journal_error->message);
        vigie_call_hold_rows (call, entries, G_N_ELEMENTS (entries), journal_error);
      }
  }

  return g_steal_pointer (&call);
}

/**
 * vigie_context_sign_in:
 * @self: a #VigieContext
 * @operator_name: the operator taking the desk
 * @error: return location for a #GError
 *
 * Shift start, or a change of operator: journaled ("operator-signed-in",
 * with the previous operator when there was one); from then on, every
 * answer, decision, override, acknowledgement and roster change names
 * @operator_name.
 */
gboolean
vigie_context_sign_in (VigieContext  *self,
                       const char    *operator_name,
                       GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *name = NULL;
  const char *previous;

  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), FALSE);

  name = g_strstrip (g_strdup (operator_name ? operator_name : ""));
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 80)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Type your name (80 characters at most)"));
      return FALSE;
    }
  previous = vigie_journal_get_operator (self->journal);
  if (g_strcmp0 (previous, name) == 0)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operator");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "previous");
  if (previous != NULL)
    json_builder_add_string_value (builder, previous);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  if (!vigie_journal_append (self->journal, NULL, "operator-signed-in", data, error))
    return FALSE;

  vigie_journal_set_operator (self->journal, name);
  return TRUE;
}

/**
 * vigie_context_get_operator:
 * @self: a #VigieContext
 *
 * Returns: (nullable): the operator signed in, %NULL before sign-in
 */
const char *
vigie_context_get_operator (VigieContext *self)
{
  g_return_val_if_fail (VIGIE_IS_CONTEXT (self), NULL);

  return vigie_journal_get_operator (self->journal);
}
