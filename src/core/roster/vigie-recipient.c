/* vigie-recipient.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Addressing: at the decision, the alert goes to whoever the roster names
 * now for the outcome's roster (plumbing, lifts…), through that person's
 * own channels. The cascade is resolved and frozen here, once, so the
 * alert, the journal, the escalation and the desk's banner all name the
 * same person. clients.json's fixed `oncall` contact only serves when no
 * roster names anybody, and says so.
 */
#define G_LOG_DOMAIN "vigie-recipient"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-escalation.h"
#include "vigie-json.h"
#include "vigie-recipient.h"

void
vigie_recipient_free (VigieRecipient *self)
{
  if (self == NULL)
    return;
  g_free (self->client_id);
  g_free (self->roster_asked);
  g_free (self->roster_id);
  g_free (self->roster_name);
  g_free (self->person_id);
  g_free (self->name);
  g_free (self->phone);
  g_strfreev (self->targets);
  g_strfreev (self->channels);
  g_free (self->next_name);
  g_clear_pointer (&self->policy, json_node_unref);
  g_free (self);
}

const char *
vigie_recipient_source_to_string (VigieRecipientSource source)
{
  switch (source)
    {
    case VIGIE_RECIPIENT_ROSTER:
      return "roster";
    case VIGIE_RECIPIENT_GAP:
      return "gap";
    case VIGIE_RECIPIENT_FALLBACK:
      return "fallback";
    case VIGIE_RECIPIENT_NONE:
      return "none";
    default:
      return "none";
    }
}

static char **
json_strv (JsonObject *object,
           const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = object && json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    if (json_array_get_string_element (array, i))
      g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

static guint
step_delay (JsonObject *step)
{
  if (json_object_has_member (step, "delay_seconds"))
    return (guint) json_object_get_int_member (step, "delay_seconds");
  return (guint) json_object_get_int_member_with_default (step, "delay", 0) * 60;
}

static void
use_fallback (VigieRecipient *self,
              const char     *name,
              const char     *phone)
{
  if (name == NULL && phone == NULL)
    {
      self->source = VIGIE_RECIPIENT_NONE;
      return;
    }
  self->source = VIGIE_RECIPIENT_FALLBACK;
  self->name = g_strdup (name);
  self->phone = g_strdup (phone);
  g_clear_pointer (&self->targets, g_strfreev);
  self->targets = g_new0 (char *, 1);
  if (self->channels == NULL)
    self->channels = g_new0 (char *, 1);
}

/* The named roster's view, or the default one (said) when the client
 * has no such roster; %NULL if not even that. */
static VigieRoster *
roster_view (VigieRecipient *self,
             VigieRoster    *roster,
             const char     *roster_id)
{
  g_autoptr(GError) error = NULL;
  VigieRoster *view;

  if ((view = vigie_roster_dup_named (roster, roster_id, &error)))
    return view;
  /* An outcome naming a roster the client lacks: the default one, said. */
  g_debug ("%s", error->message);
  g_clear_error (&error);
  self->roster_missing = roster_id != NULL;
  if (!(view = vigie_roster_dup_named (roster, NULL, &error)))
    g_warning ("%s", error->message);
  return view;
}

/* No cascade: whoever is on call, on every channel they have. */
static gboolean
use_person_on_call (VigieRecipient *self,
                    VigieRoster    *view,
                    GDateTime      *at)
{
  const VigieRosterPerson *person = vigie_roster_who (view, at, NULL, NULL);

  if (person == NULL)
    return FALSE;
  self->source = VIGIE_RECIPIENT_ROSTER;
  self->person_id = g_strdup (person->id);
  self->name = g_strdup (person->name);
  self->phone = g_strdup (person->phone);
  self->targets = g_strdupv (person->targets);
  self->channels = g_new0 (char *, 1);
  return TRUE;
}

static void
use_step (VigieRecipient *self,
          JsonObject     *step,
          guint           i)
{
  self->step = i + 1;
  self->source = i == 0 ? VIGIE_RECIPIENT_ROSTER : VIGIE_RECIPIENT_GAP;
  self->person_id = g_strdup (json_object_get_string_member_with_default (step, "person_id", NULL));
  self->name = g_strdup (json_object_get_string_member_with_default (step, "name", NULL));
  self->phone = g_strdup (json_object_get_string_member_with_default (step, "phone", NULL));
  self->targets = json_strv (step, "targets");
  self->channels = json_strv (step, "channels");
  self->next_after_s = step_delay (step);
}

/* The first step with someone behind it, and who comes next; FALSE when
 * the whole cascade is empty now. */
static gboolean
use_first_step (VigieRecipient *self)
{
  JsonArray *steps = json_object_get_array_member (json_node_get_object (self->policy), "steps");

  self->n_steps = json_array_get_length (steps);
  for (guint i = 0; i < self->n_steps; i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      if (!json_object_has_member (step, "name"))
        continue;
      if (self->step != 0)
        {
          self->next_name = g_strdup (json_object_get_string_member_with_default (step, "name", NULL));
          break;
        }
      use_step (self, step, i);
    }
  return self->step != 0;
}

/**
 * vigie_recipient_resolve:
 * @store: (nullable): the rosters
 * @client_id: the client
 * @roster_id: (nullable): the roster the outcome names, %NULL for the
 *   client's default one
 * @fallback_name: (nullable): clients.json's `oncall` name
 * @fallback_phone: (nullable): and number
 * @at: the moment of the decision
 *
 * Never fails: the worst answer is %VIGIE_RECIPIENT_NONE, which the desk
 * shows as such.
 *
 * Returns: (transfer full): who the alert goes to
 */
VigieRecipient *
vigie_recipient_resolve (VigieRosterStore *store,
                         const char       *client_id,
                         const char       *roster_id,
                         const char       *fallback_name,
                         const char       *fallback_phone,
                         GDateTime        *at)
{
  g_autoptr(VigieRecipient) self = g_new0 (VigieRecipient, 1);
  g_autoptr(VigieRoster) view = NULL;
  VigieRoster *roster;
  gboolean found;

  self->client_id = g_strdup (client_id);
  self->roster_asked = g_strdup (roster_id);

  roster = store && client_id ? vigie_roster_store_get (store, client_id) : NULL;
  if (roster == NULL || !(view = roster_view (self, roster, roster_id)))
    {
      use_fallback (self, fallback_name, fallback_phone);
      return g_steal_pointer (&self);
    }
  self->roster_id = g_strdup (vigie_roster_get_roster_id (view));
  self->roster_name = g_strdup (vigie_roster_get_roster_name (view));

  if ((self->policy = vigie_escalation_resolve (view, at, NULL)))
    found = use_first_step (self);
  else
    found = use_person_on_call (self, view, at);
  if (!found)
    use_fallback (self, fallback_name, fallback_phone);
  return g_steal_pointer (&self);
}

/**
 * vigie_recipient_to_json:
 * @self: a recipient
 *
 * Returns: (transfer full): the recipient as the alert and the journal
 *   carry it (the frozen cascade in "policy")
 */
JsonNode *
vigie_recipient_to_json (const VigieRecipient *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  vigie_json_builder_add_nullable (builder, "source", vigie_recipient_source_to_string (self->source));
  vigie_json_builder_add_nullable (builder, "roster", self->roster_id);
  vigie_json_builder_add_nullable (builder, "roster_name", self->roster_name);
  if (self->roster_missing)
    {
      vigie_json_builder_add_nullable (builder, "roster_asked", self->roster_asked);
      json_builder_set_member_name (builder, "roster_missing");
      json_builder_add_boolean_value (builder, TRUE);
    }
  vigie_json_builder_add_nullable (builder, "person_id", self->person_id);
  vigie_json_builder_add_nullable (builder, "name", self->name);
  vigie_json_builder_add_nullable (builder, "phone", self->phone);
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, self->step);
  json_builder_set_member_name (builder, "n_steps");
  json_builder_add_int_value (builder, self->n_steps);
  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  for (guint i = 0; self->channels && self->channels[i]; i++)
    json_builder_add_string_value (builder, self->channels[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; self->targets && self->targets[i]; i++)
    json_builder_add_string_value (builder, self->targets[i]);
  json_builder_end_array (builder);
  vigie_json_builder_add_nullable (builder, "next", self->next_name);
  if (self->next_name)
    {
      json_builder_set_member_name (builder, "next_after_seconds");
      json_builder_add_int_value (builder, self->next_after_s);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * vigie_recipient_dup_summary:
 * @self: a recipient
 *
 * Returns: (transfer full): one line for the operator: who, from which
 *   roster, and what happens if nobody answers
 */
char *
vigie_recipient_dup_summary (const VigieRecipient *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *roster = self->roster_name ? self->roster_name : _("default roster");

  switch (self->source)
    {
    case VIGIE_RECIPIENT_ROSTER:
      g_string_append_printf (text, _("On call for %s: %s"), roster, self->name);
      break;
    case VIGIE_RECIPIENT_GAP:
      g_string_append_printf (text, _("Nobody on call for %s: step %u of the escalation, %s, is alerted now"),
                              roster, self->step, self->name);
      break;
    case VIGIE_RECIPIENT_FALLBACK:
      g_string_append_printf (text, _("Nobody on call in the roster: last-resort contact %s"), self->name);
      break;
    case VIGIE_RECIPIENT_NONE:
      g_string_append (text, _("Nobody on call and no last-resort contact: phone the client"));
      break;
    default:
      break;
    }
  if (self->roster_missing)
    g_string_append_printf (text, _(" (this client has no roster “%s”)"), self->roster_asked);
  if (self->next_name)
    {
      guint minutes = (self->next_after_s + 59) / 60;

      g_string_append_printf (text, ngettext ("; then %s after %u minute", "; then %s after %u minutes", minutes),
                              self->next_name, minutes);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
