/* test-summary-period.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The morning summary's period, through the core (VigieSummary on the
 * context's outbox, the payload read back from the outbox): due at the
 * client's hour, that very minute included; each summary starts where the
 * previous one stopped, a call at that instant belonging to the new one;
 * a desk off for ten days carries at most a week. Mutation checks of
 * vigie-summary.c found all three passing test-summary (the real desk and
 * SMTP server, at hours away from these edges).
 */
#include "config.h"

#include "vigie-context.h"
#include "vigie-peer.h"
#include "vigie-summary.h"
#include "vigie-test-util.h"
#include "vigie-test-wait.h"

typedef struct {
  char         *data_dir;
  VigieContext *context;
  VigieSummary *summary;
  VigieClient  *client;
} Desk;

/* Hébergix wants its summary at 07:30 (Paris), by mail to a server that
 * is not there: the test reads the outbox, nothing is sent. */
static void
desk_open (Desk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *clients_path = NULL;
  JsonArray *clients;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  desk->data_dir = vigie_test_make_data_dir (NULL);
  vigie_peer_write_targets (desk->data_dir, "hebergix",
                            "[{\"id\": \"mail\", \"type\": \"mail\", \"url\": \"smtp://127.0.0.1:1\","
                            " \"from\": \"astreinte@vigie.example\", \"to\": [\"direction@hebergix.example\"]}]",
                            "+33612345678");
  clients_path = g_build_filename (desk->data_dir, "clients.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, clients_path, &error));
  g_assert_no_error (error);
  clients = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "clients");
  for (guint i = 0; i < json_array_get_length (clients); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (clients, i), "id"), "hebergix"))
      json_object_set_member (json_array_get_object_element (clients, i), "summary",
                              json_from_string ("{\"hour\": \"07:30\"}", NULL));
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, clients_path, &error));
  g_assert_no_error (error);

  desk->context = vigie_context_new (desk->data_dir, &error);
  g_assert_no_error (error);
  desk->summary = vigie_summary_new (vigie_context_get_outbox (desk->context),
                                     vigie_context_get_directory (desk->context), &error);
  g_assert_no_error (error);
  desk->client = g_object_ref (vigie_directory_find_client (vigie_context_get_directory (desk->context), "hebergix"));
}

static void
desk_close (Desk *desk)
{
  g_clear_object (&desk->client);
  g_clear_object (&desk->summary);
  g_clear_object (&desk->context);
  g_clear_pointer (&desk->data_dir, g_free);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **key = user_data;
  g_autoptr(GError) error = NULL;
  gboolean queued = FALSE;

  *key = vigie_summary_queue_finish (VIGIE_SUMMARY (object), result, &queued, &error);
  g_assert_no_error (error);
  g_assert_true (queued);
}

/* Queues the summary of the night ending at @end; its payload. */
static JsonObject *
queue_night (Desk      *desk,
             GDateTime *end)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  VigieOutboxEntry *entry;

  vigie_summary_queue_async (desk->summary, desk->client, end, NULL, queued_cb, &key);
  VIGIE_TEST_WAIT_FOR (key != NULL);
  rows = vigie_outbox_list_key (vigie_context_get_outbox (desk->context), key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = g_ptr_array_index (rows, 0);
  return json_object_ref (json_node_get_object (entry->payload));
}

static GDateTime *
period_from (JsonObject *payload)
{
  return g_date_time_new_from_iso8601 (json_object_get_string_member (json_object_get_object_member (payload, "period"),
                                                                      "from"), NULL);
}

static void
test_due_at_the_minute (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) at_hour = g_date_time_new (paris, 2026, 11, 28, 7, 30, 0);
  g_autoptr(GDateTime) before = g_date_time_new (paris, 2026, 11, 28, 7, 29, 59);
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) due_before = NULL;
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (at_hour, -1);
  Desk desk = { 0 };

  desk_open (&desk);
  due = vigie_summary_last_due (desk.client, at_hour);
  g_assert_nonnull (due);
  g_assert_true (g_date_time_equal (due, at_hour));
  due_before = vigie_summary_last_due (desk.client, before);
  g_assert_true (g_date_time_equal (due_before, yesterday));
  desk_close (&desk);
}

/* 2030-01-10 03:00 UTC: a night of its own, away from today's summary
 * the desk's dispatcher queues by itself. */
static gint64
fixed_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
test_period_carried_on (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJournalCall) call = NULL;
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) next_day = NULL;
  g_autoptr(GDateTime) ten_days = NULL;
  g_autoptr(GDateTime) week_before = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  static const struct { const char *kind, *json; } events[] = {
    { "call-received", "{\"client_id\": \"hebergix\", \"client_name\": \"Hébergix\", \"from\": \"+33698765432\"}" },
    { "decision", "{\"decision\": \"log\", \"outcome\": \"info\", \"gravity\": 1}" },
  };
  gint64 at = (gint64) 1894244400 * G_USEC_PER_SEC;
  Desk desk = { 0 };

  desk_open (&desk);
  vigie_journal_set_clock (vigie_context_get_journal (desk.context), fixed_clock, &at);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autoptr(JsonNode) data = json_from_string (events[i].json, &error);

      g_assert_no_error (error);
      g_assert_true (vigie_journal_append (vigie_context_get_journal (desk.context), "logged-1", events[i].kind,
                                           data, &error));
      g_assert_no_error (error);
    }
  vigie_journal_set_clock (vigie_context_get_journal (desk.context), NULL, NULL);
  call = vigie_journal_get_call (vigie_context_get_journal (desk.context), "logged-1", &error);
  g_assert_no_error (error);
  received = g_date_time_new_from_iso8601 (call->received_at, NULL);
  g_assert_nonnull (received);

  /* The night ending at the call's instant does not hold it... */
  first = queue_night (&desk, received);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "logged")), ==, 0);
  /* ...the next one, starting there, does. */
  next_day = g_date_time_add_days (received, 1);
  second = queue_night (&desk, next_day);
  from = period_from (second);
  g_assert_true (g_date_time_equal (from, received));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (second, "logged")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (second, "logged"), 0), ==, "logged-1");

  /* Ten days later: a week, not the nine days since the last summary. */
  ten_days = g_date_time_add_days (next_day, 10);
  third = queue_night (&desk, ten_days);
  g_clear_pointer (&from, g_date_time_unref);
  from = period_from (third);
  week_before = g_date_time_add_days (ten_days, -7);
  g_assert_true (g_date_time_equal (from, week_before));
  desk_close (&desk);
}

int
main (int   argc,
      char *argv[])
{
  vigie_test_init (&argc, &argv);

  g_test_add_func ("/summary-period/due-at-the-minute", test_due_at_the_minute);
  g_test_add_func ("/summary-period/carried-on", test_period_carried_on);

  return g_test_run ();
}
