/* vigie-context-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by vigie-context.c, vigie-context-demo.c and vigie-context-calls.c.
 */
#pragma once

#include "vigie-context.h"

G_BEGIN_DECLS

#define VIGIE_CONTEXT_DEMO_RESOURCE "/org/vigie/Vigie/demo"

struct _VigieContext
{
  GObject          parent_instance;

  char            *data_dir;
  VigieDirectory  *directory;
  VigieJournal    *journal;
  VigieOutbox     *outbox;
  VigieSecrets    *secrets;
  VigieDispatcher *dispatcher;
  VigieRosterStore *rosters;
  VigieEscalation *escalation;
  VigieRosterReminders *reminders;
  guint            reminders_timer;
  int              lock_fd;       /* -1: another process sends the alerts */
  char            *lock_holder;   /* who holds the lock, when not us */
  GHashTable      *scripts;       /* client id → VigieScript */
  GHashTable      *script_errors; /* client id → message */
  GHashTable      *script_sums;   /* client id → JsonNode: the files' SHA-256 */
  GPtrArray       *monitors;      /* GFileMonitor */
  guint            reload_id;
  VigieCallList   *open_calls;    /* those on the desk */
};

gboolean _vigie_context_copy_resource_tree (const char  *resource_path,
                                            GFile       *target,
                                            GError     **error);

G_END_DECLS
