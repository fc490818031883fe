/* journal-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hand-built journal whose indicators are computed by hand in the tests
 * (TZ=Europe/Paris: UTC+1 in November 2026; 2 November is a Monday).
 *
 * dupont-maintenance:
 *   call-a  Mon 22:00 local, Hélène FAURE (VIP) +33612345678, Sophie;
 *           trigger after 120 s, delivered 30 s later, acknowledged by Marc
 *           18 min after the decision, escalation 2 steps; a note with ; " and
 *           a line break; typed answer "bâtiment B"
 *   call-b  Tue 03:00, the same caller, Karim; recommended log, overridden
 *           to trigger ("Personne âgée seule") after 300 s; first attempt
 *           failed, delivered 100 s after the decision; never acknowledged
 *   call-d  Wed 23:15, hidden number, no decision
 *   call-e  Thu 02:00, Noël BOËL +33698765432, Sophie; trigger after 90 s,
 *           delivered 10 s later, acknowledged "not-urgent" 510 s after
 * mairie-nantes:
 *   call-c  Tue 09:30, Jérôme PÉRIER +33240506070, Sophie; log after 60 s
 * PBX: pbx-1 rang (Wed 23:00 UTC) and was never answered; pbx-2 was.
 */
#include "config.h"

#include "journal-sample.h"
#include "vigie-test-journal.h"

static void
at (VigieJournal   *journal,
    VigieTestClock *clock,
    const char     *iso,
    int             plus_s,
    const char     *call_id,
    const char     *kind,
    const char     *json)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) plus = NULL;

  g_assert_nonnull (time);
  plus = g_date_time_add_seconds (time, plus_s);
  vigie_test_journal_append_at (journal, clock, call_id, kind, json, plus);
}

void
journal_sample_write (VigieJournal *journal)
{
  VigieTestClock clock = { 0 };
  const char *a = "2026-11-02T21:00:00Z", *b = "2026-11-03T02:00:00Z", *c = "2026-11-03T08:30:00Z";
  const char *d = "2026-11-04T22:15:00Z", *e = "2026-11-05T01:00:00Z";

  vigie_journal_set_clock (journal, vigie_test_clock_now, &clock);

  at (journal, &clock, a, 0, "call-a", "call-received",
      "{\"from\":\"+33612345678\",\"line\":\"+33800100200\",\"client_id\":\"dupont-maintenance\","
      "\"client_name\":\"Dupont Maintenance\",\"script\":\"nuit-v3\",\"operator\":\"Sophie\"}");
  at (journal, &clock, a, 1, "call-a", "caller-identified", "{\"known\":true,\"name\":\"Hélène FAURE\",\"vip\":true}");
  at (journal, &clock, a, 30, "call-a", "answer", "{\"node\":\"nature\",\"answer\":\"Fuite d'eau\"}");
  at (journal, &clock, a, 60, "call-a", "answer", "{\"node\":\"lieu\",\"answer\":\"Autre\",\"value\":\"bâtiment B\"}");
  at (journal, &clock, a, 120, "call-a", "decision",
      "{\"recommended\":\"trigger\",\"decision\":\"trigger\",\"outcome\":\"fuite\",\"gravity\":4,"
      "\"note\":\"Fuite d'eau; sous l'évier \\\"urgent\\\"\\nligne 2\",\"explanation\":[\"Fuite active\"]}");
  at (journal, &clock, a, 150, "call-a", "alert-attempt", "{\"status\":\"delivered\",\"http_status\":202,\"target\":\"webhook\"}");
  at (journal, &clock, a, 700, "call-a", "escalation-step", "{\"step\":1,\"status\":\"sent\",\"name\":\"Marc\"}");
  at (journal, &clock, a, 1000, "call-a", "escalation-step", "{\"step\":2,\"status\":\"sent\",\"name\":\"Paul\"}");
  at (journal, &clock, a, 1200, "call-a", "alert-acknowledged", "{\"status\":\"acknowledged\",\"source\":\"ntfy\",\"by\":\"Marc\"}");
  at (journal, &clock, a, 1300, "call-a", "call-closed", "{\"state\":\"decided\"}");

  at (journal, &clock, b, 0, "call-b", "call-received",
      "{\"from\":\"+33612345678\",\"client_id\":\"dupont-maintenance\",\"client_name\":\"Dupont Maintenance\","
      "\"script\":\"nuit-v3\",\"operator\":\"Karim\"}");
  at (journal, &clock, b, 2, "call-b", "caller-identified", "{\"known\":true,\"name\":\"Hélène FAURE\",\"vip\":true}");
  at (journal, &clock, b, 299, "call-b", "override",
      "{\"recommended\":\"log\",\"decision\":\"trigger\",\"reason\":\"Personne âgée seule\"}");
  at (journal, &clock, b, 300, "call-b", "decision",
      "{\"recommended\":\"log\",\"decision\":\"trigger\",\"outcome\":\"chauffage\",\"gravity\":2,"
      "\"override_reason\":\"Personne âgée seule\"}");
  at (journal, &clock, b, 310, "call-b", "alert-attempt", "{\"status\":\"failed\",\"http_status\":503,\"error\":\"Service Unavailable\"}");
  at (journal, &clock, b, 400, "call-b", "alert-attempt", "{\"status\":\"delivered\",\"http_status\":202}");

  at (journal, &clock, c, 0, "call-c", "call-received",
      "{\"from\":\"+33240506070\",\"client_id\":\"mairie-nantes\",\"client_name\":\"Mairie de Nantes\","
      "\"script\":\"mairie-v1\",\"operator\":\"Sophie\"}");
  at (journal, &clock, c, 1, "call-c", "caller-identified", "{\"known\":true,\"name\":\"Jérôme PÉRIER\",\"vip\":false}");
  at (journal, &clock, c, 60, "call-c", "decision",
      "{\"recommended\":\"log\",\"decision\":\"log\",\"outcome\":\"info\",\"gravity\":1,\"note\":\"Horaires de la déchèterie\"}");
  at (journal, &clock, c, 90, "call-c", "call-closed", "{\"state\":\"decided\"}");

  at (journal, &clock, d, 0, "call-d", "call-received",
      "{\"from\":\"anonymous\",\"client_id\":\"dupont-maintenance\",\"client_name\":\"Dupont Maintenance\"}");
  at (journal, &clock, d, 1, "call-d", "caller-identified", "{\"known\":false}");

  at (journal, &clock, "2026-11-04T23:00:00Z", 0, "pbx-1", "pbx-event", "{\"event\":\"ring\",\"from\":\"+33611112222\"}");
  at (journal, &clock, "2026-11-04T23:00:00Z", 40, "pbx-1", "pbx-event", "{\"event\":\"hangup\"}");
  at (journal, &clock, "2026-11-04T23:10:00Z", 0, "pbx-2", "pbx-event", "{\"event\":\"ring\"}");
  at (journal, &clock, "2026-11-04T23:10:00Z", 5, "pbx-2", "pbx-event", "{\"event\":\"answer\"}");

  at (journal, &clock, e, 0, "call-e", "call-received",
      "{\"from\":\"+33698765432\",\"client_id\":\"dupont-maintenance\",\"client_name\":\"Dupont Maintenance\","
      "\"script\":\"nuit-v3\",\"operator\":\"Sophie\"}");
  at (journal, &clock, e, 1, "call-e", "caller-identified", "{\"known\":true,\"name\":\"Noël BOËL\",\"vip\":false}");
  at (journal, &clock, e, 90, "call-e", "decision",
      "{\"recommended\":\"trigger\",\"decision\":\"trigger\",\"outcome\":\"alarme\",\"gravity\":3}");
  at (journal, &clock, e, 100, "call-e", "alert-attempt", "{\"status\":\"delivered\",\"http_status\":200}");
  at (journal, &clock, e, 600, "call-e", "alert-acknowledged", "{\"status\":\"not-urgent\",\"source\":\"ntfy\",\"by\":\"Marc\"}");

  vigie_journal_set_clock (journal, NULL, NULL);
}
