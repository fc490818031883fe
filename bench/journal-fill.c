/* journal-fill.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * journal-fill FILE N [--per-event M]
 *
 * Appends N events to the journal FILE as realistic calls (about 8 events
 * each: arrival, identification, answers, decision, override now and
 * then, alert attempt, acknowledgement, close) from varied clients,
 * callers and notes, spread over the year before now, through the real
 * append path (vigie_journal_append_many, sixteen calls per commit so a
 * million events take minutes, not an hour). Then appends M more (default
 * 2000) one commit each with vigie_journal_append, as the desk does, and
 * prints the durable append rate; then M more through
 * vigie_journal_append_async (group commit) from 1, 4 and 8 desks whose
 * calls (8 events each) interleave.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "vigie-journal.h"

static const char * const first_names[] = {
  "Claire", "Hélène", "Jérôme", "François", "Zoé", "Léa", "Gaëlle", "Noël", "Agnès", "Benoît",
  "Céline", "Loïc", "Mathéo", "Anaïs", "Émile", "Inès", "Raphaël", "Chloé", "Maël", "Solène",
};
static const char * const last_names[] = {
  "MOREAU", "LEFÈVRE", "GIRAUD", "FAURE", "BÉRANGER", "ROUSSEL", "CHÉRON", "DUVAL", "MÉNARD", "BOËL",
  "PÉRIER", "LECLERC", "FRANÇOIS", "MARTIN", "BERNARD", "DUPRÉ", "NOËL", "GAUTIER", "RENAUD", "LAMBERT",
};
static const char * const clients[][2] = {
  { "dupont-maintenance", "Dupont Maintenance" }, { "mairie-nantes", "Mairie de Nantes" },
  { "ehpad-les-tilleuls", "EHPAD Les Tilleuls" }, { "syndic-gare", "Syndic de la Gare" },
  { "chauffage-ouest", "Chauffage de l'Ouest" }, { "ascenseurs-reze", "Ascenseurs de Rezé" },
  { "clinique-erdre", "Clinique de l'Erdre" }, { "hlm-atlantique", "HLM Atlantique" },
  { "froid-service", "Froid Service" }, { "gardiennage-loire", "Gardiennage Loire" },
  { "eau-vendee", "Eau de Vendée" }, { "serrurerie-martin", "Serrurerie Martin" },
};
static const char * const operators[] = { "Sophie", "Karim", "Élodie", "Marc", "Nadia", "Thibault" };
static const char * const notes[] = {
  "Fuite d'eau sous l'évier, le locataire a coupé l'arrivée.",
  "Chaudière en panne, personne âgée seule, température 14 °C.",
  "Ascenseur bloqué entre deux étages, une personne à l'intérieur.",
  "Odeur de gaz signalée dans la cage d'escalier.",
  "Porte d'entrée forcée, la serrure ne ferme plus.",
  "Alarme incendie déclenchée sans fumée visible.",
  "Chambre froide à +9 °C, marchandises à risque.",
  "Dégât des eaux chez le voisin du dessous.",
  "Coupure d'électricité partielle, congélateur arrêté.",
  "Radiateur qui fuit, pas urgent d'après l'appelant.",
  "Appelant très inquiet, rappeler à 8 h.",
  "Vitre brisée au rez-de-chaussée, local sécurisé.",
};
static const char * const typed[] = {
  "bâtiment B, 3e étage", "cave n° 12", "appartement 24", "hall d'entrée", "local poubelles",
  "parking sous-sol", "chambre 108", "cuisine centrale", "toiture terrasse", "escalier C",
};

/* Each call queues its events' times; the journal reads them in order. */
typedef struct {
  gint64  now_us;
  GArray *queue;
  guint   next;
} Clock;

static gint64
clock_cb (gpointer user_data)
{
  Clock *clock = user_data;

  if (clock->next < clock->queue->len)
    return g_array_index (clock->queue, gint64, clock->next++);
  return clock->now_us;
}

static JsonNode *
object (const char *first, ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first);
  for (const char *name = first; name; name = va_arg (args, const char *))
    {
      char type = name[0];

      json_builder_set_member_name (builder, name + 1);
      if (type == 's')
        json_builder_add_string_value (builder, va_arg (args, const char *));
      else if (type == 'i')
        json_builder_add_int_value (builder, va_arg (args, int));
      else
        json_builder_add_boolean_value (builder, va_arg (args, int));
    }
  va_end (args);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* One call: its events, stamped a few seconds apart, added to @entries. */
static void
add_call (Clock     *clock,
          GRand     *rand,
          guint64    n,
          guint      budget,
          GArray    *entries,
          GPtrArray *nodes,
          GPtrArray *ids)
{
  char *call_id = g_strdup_printf ("fill-%08" G_GUINT64_FORMAT, n);
  guint client = g_rand_int_range (rand, 0, G_N_ELEMENTS (clients));
  guint caller = g_rand_int_range (rand, 0, 5000);
  g_autofree char *from = g_strdup_printf ("+336%08u", 10000000 + caller * 7919 % 89999999);
  g_autofree char *name = g_strdup_printf ("%s %s", first_names[caller % G_N_ELEMENTS (first_names)],
                                           last_names[(caller / 20) % G_N_ELEMENTS (last_names)]);
  g_autofree char *line = g_strdup_printf ("+338001002%02u", client);
  const char *op = operators[g_rand_int_range (rand, 0, G_N_ELEMENTS (operators))];
  int roll = g_rand_int_range (rand, 0, 100);
  const char *decision = roll < 30 ? "trigger" : roll < 45 ? "defer" : "log";
  gboolean override = g_rand_int_range (rand, 0, 100) < 8;
  const char *recommended = override ? (g_str_equal (decision, "log") ? "trigger" : "log") : decision;
  guint first = entries->len;
  gint64 at = clock->now_us;

  g_ptr_array_add (ids, call_id);
  clock->now_us += g_rand_int_range (rand, 60, 420) * G_USEC_PER_SEC;

#define ADD(kind, node) G_STMT_START { \
    VigieJournalEntry entry = { call_id, kind, node }; \
    g_ptr_array_add (nodes, entry.data); \
    if (entries->len - first < budget) \
      { \
        g_array_append_val (entries, entry); \
        g_array_append_val (clock->queue, at); \
        at += g_rand_int_range (rand, 2, 40) * G_USEC_PER_SEC; \
      } \
  } G_STMT_END

  ADD ("call-received", object ("sfrom", from, "sline", line, "sclient_id", clients[client][0],
                                "sclient_name", clients[client][1], "sscript", "nuit-v3",
                                "soperator", op, NULL));
  ADD ("caller-identified", object ("bknown", TRUE, "sname", name, "bvip", caller % 25 == 0,
                                    "scontract", "premium", NULL));
  ADD ("answer", object ("snode", "nature", "squestion", "Quelle est la nature du problème ?",
                         "sanswer", "Fuite d'eau", "ichoice", 1, NULL));
  ADD ("answer", object ("snode", "lieu", "squestion", "Où exactement ?", "sanswer", "Saisie libre",
                         "svalue", typed[g_rand_int_range (rand, 0, G_N_ELEMENTS (typed))], "ichoice", 0, NULL));
  if (override)
    ADD ("override", object ("srecommended", recommended, "sdecision", decision,
                             "sreason", "L'appelant rappelle qu'il s'agit d'une personne vulnérable", NULL));
  ADD ("decision", object ("srecommended", recommended, "sdecision", decision, "soutcome", "fuite",
                           "igravity", g_rand_int_range (rand, 1, 6), "snote",
                           notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))], NULL));
  if (g_str_equal (decision, "trigger"))
    {
      ADD ("alert-attempt", object ("sstatus", "delivered", "ihttp_status", 202, "starget", "webhook",
                                    "ilatency_ms", 180, NULL));
      if (g_rand_int_range (rand, 0, 100) < 85)
        ADD ("alert-acknowledged", object ("sstatus", "acknowledged", "ssource", "ntfy",
                                           "sby", first_names[g_rand_int_range (rand, 0, 20)], NULL));
    }
  ADD ("call-closed", object ("sstate", "decided", NULL));
#undef ADD

}

/* Sixteen calls, one commit: all events stamped at the batch's time (the
 * clock is read per event, so it moves between calls, not inside one). */
static guint
append_batch (VigieJournal *journal,
              Clock        *clock,
              GRand        *rand,
              guint64      *calls,
              guint64       budget,
              GError      **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (VigieJournalEntry));

  g_array_set_size (clock->queue, 0);
  clock->next = 0;
  for (guint i = 0; i < 16 && entries->len < budget; i++)
    add_call (clock, rand, (*calls)++, (guint) MIN (budget - entries->len, 64), entries, nodes, ids);

  if (!vigie_journal_append_many (journal, (VigieJournalEntry *) entries->data, entries->len, NULL, NULL, error))
    return 0;
  return entries->len;
}

/* Several desks' calls at once, each call's events one after the other:
 * the next event of a call is queued when the previous one is durable. */
typedef struct {
  VigieJournal *journal;
  guint         n_calls;
  guint         events_per_call;
  guint         remaining;   /* events still to append, all calls */
  guint         in_flight;
  guint         done;
  guint64       next_call;
  GMainLoop    *loop;
} Desks;

typedef struct {
  Desks *desks;
  char  *call_id;
  guint  step;
} Call;

static void next_event (Call *call);

static void
appended_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigie_journal_append_finish (VIGIE_JOURNAL (source), result, &error))
    g_error ("journal-fill: %s", error->message);
  call->desks->in_flight--;
  call->desks->done++;
  next_event (call);
}

static void
next_event (Call *call)
{
  Desks *desks = call->desks;
  static const char * const kinds[] = {
    "call-received", "caller-identified", "answer", "answer", "decision", "alert-attempt",
    "alert-acknowledged", "call-closed",
  };

  if (call->step == desks->events_per_call)
    {
      /* The desk takes its next call. */
      g_free (call->call_id);
      call->call_id = g_strdup_printf ("desk-%08" G_GUINT64_FORMAT, desks->next_call++);
      call->step = 0;
    }
  if (desks->remaining == 0)
    {
      if (desks->in_flight == 0)
        g_main_loop_quit (desks->loop);
      g_free (call->call_id);
      g_free (call);
      return;
    }
  {
    g_autoptr(JsonNode) data = object ("sfrom", "+33612345678", "snote", "Fuite d'eau sous l'évier",
                                       "svalue", "bâtiment B", "sstatus", "delivered", NULL);

    desks->remaining--;
    desks->in_flight++;
    vigie_journal_append_async (desks->journal, call->call_id, kinds[call->step++ % G_N_ELEMENTS (kinds)],
                                data, appended_cb, call);
  }
}

static double
run_desks (VigieJournal *journal,
           guint         n_desks,
           guint         n_events)
{
  Desks desks = { journal, n_desks, 8, n_events, 0, 0, 0, g_main_loop_new (NULL, FALSE) };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n_desks; i++)
    {
      Call *call = g_new0 (Call, 1);

      call->desks = &desks;
      call->step = desks.events_per_call;
      next_event (call);
    }
  g_main_loop_run (desks.loop);
  g_main_loop_unref (desks.loop);
  return desks.done / ((g_get_monotonic_time () - start) / 1e6);
}

/* N events as calls, sixteen calls per commit, stamped over the past year. */
static gboolean
fill (VigieJournal  *journal,
      guint64        target,
      GError       **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  Clock clock = { g_get_real_time () - (gint64) 365 * 24 * 3600 * G_USEC_PER_SEC,
                  g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
  guint64 done = 0, calls = 0;
  gint64 start = g_get_monotonic_time (), elapsed;

  vigie_journal_set_clock (journal, clock_cb, &clock);
  while (done < target)
    {
      guint n = append_batch (journal, &clock, rand, &calls, target - done, error);

      if (n == 0)
        break;
      done += n;
      if (calls % 8000 == 0)
        g_printerr ("\r%" G_GUINT64_FORMAT " events", done);
    }
  vigie_journal_set_clock (journal, NULL, NULL);
  g_array_unref (clock.queue);
  if (done < target)
    return FALSE;
  elapsed = g_get_monotonic_time () - start;
  g_printerr ("\r");
  printf ("filled: %" G_GUINT64_FORMAT " events in %" G_GUINT64_FORMAT " calls, %.1f s "
          "(%.0f events/s, sixteen calls per commit)\n",
          done, calls, elapsed / 1e6, done / (elapsed / 1e6));
  return TRUE;
}

/* Durable append, one event per commit, as the desk does. */
static gboolean
append_one_by_one (VigieJournal  *journal,
                   guint          n,
                   GError       **error)
{
  gint64 start = g_get_monotonic_time (), elapsed;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) data = object ("snode", "lieu", "sanswer", "Saisie libre", "svalue", "hall", NULL);

      if (!vigie_journal_append (journal, "fill-durable", "answer", data, error))
        return FALSE;
    }
  elapsed = g_get_monotonic_time () - start;
  printf ("durable append: %u events, one commit (fsync) each: %.0f events/s (%.2f ms each)\n",
          n, n / (elapsed / 1e6), elapsed / 1e3 / n);
  return TRUE;
}

/* The same events through the group commit, as 1, 4 and 8 desks each
 * on a call of 8 events, interleaved. */
static void
print_group_commit (VigieJournal *journal,
                    guint         n)
{
  static const guint desks[] = { 1, 4, 8 };

  for (guint i = 0; i < G_N_ELEMENTS (desks); i++)
    printf ("group commit, %u desk%s: %u events, each durable before its call's next: %.0f events/s\n",
            desks[i], desks[i] > 1 ? "s" : "", n, run_desks (journal, desks[i], n));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournal) journal = NULL;
  guint per_event = 2000;

  if (argc < 3)
    {
      g_printerr ("Usage: journal-fill FILE N [--per-event M]\n");
      return 2;
    }
  if (argc >= 5 && g_str_equal (argv[3], "--per-event"))
    per_event = (guint) g_ascii_strtoull (argv[4], NULL, 10);

  if (!(journal = vigie_journal_open (argv[1], &error)) ||
      !fill (journal, g_ascii_strtoull (argv[2], NULL, 10), &error) ||
      (per_event > 0 && !append_one_by_one (journal, per_event, &error)))
    {
      g_printerr ("journal-fill: %s\n", error->message);
      return 1;
    }

  if (per_event > 0)
    print_group_commit (journal, per_event);
  return 0;
}
