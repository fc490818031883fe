/* fuzz-telephony.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for what a PBX or a softphone sends: the first byte
 * picks the AMI parser or the netstring reader, the second how the rest
 * is cut into TCP reads. Every whole message goes on to the connector
 * that reads it (AMI events after a successful login; baresip's JSON), so
 * the call tracking sees every shape the framing lets through. Any bytes
 * must give messages or a clean error, never a crash, a leak, an
 * unbounded buffer or a GLib critical.
 */
#include "config.h"

#include <stdint.h>

#include "vigie-ami-connector.h"
#include "vigie-ami-parser.h"
#include "vigie-baresip-connector.h"
#include "vigie-netstring.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define NETSTRING_MAX 16384

static void
fuzz_ami (const uint8_t *data,
          size_t         size,
          size_t         chunk)
{
  g_autoptr(VigieAmiParser) parser = vigie_ami_parser_new ();
  g_autoptr(VigieAmiConnector) connector = vigie_ami_connector_new ("fuzz", "127.0.0.1", 5038, "vigie", "x",
                                                                    "0800100200");
  g_autoptr(GHashTable) login = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean failed = FALSE;

  vigie_ami_connector_add_filter (connector, VIGIE_AMI_FILTER_EXTENSION, "201");
  vigie_ami_connector_add_filter (connector, VIGIE_AMI_FILTER_QUEUE, "astreinte");
  g_hash_table_insert (login, "response", "Success");
  g_hash_table_insert (login, "actionid", "vigie-login");
  vigie_ami_connector_handle_message (connector, login);

  for (size_t offset = 0; offset < size && !failed; offset += chunk)
    {
      vigie_ami_parser_feed (parser, data + offset, MIN (chunk, size - offset));
      for (;;)
        {
          g_autoptr(GHashTable) message = NULL;
          g_autofree char *banner = NULL;
          g_autoptr(GError) error = NULL;
          VigieAmiResult result = vigie_ami_parser_next (parser, &message, &banner, &error);

          if (result == VIGIE_AMI_MORE)
            break;
          if (result == VIGIE_AMI_ERROR)
            {
              g_assert (error != NULL);
              failed = TRUE;
              break;
            }
          if (result == VIGIE_AMI_MESSAGE)
            {
              g_assert (g_hash_table_size (message) <= VIGIE_AMI_MAX_FIELDS);
              vigie_ami_connector_handle_message (connector, message);
            }
        }
      /* What waits for the rest of a message stays bounded. */
      g_assert (vigie_ami_parser_pending (parser) <= VIGIE_AMI_MAX_MESSAGE + VIGIE_AMI_MAX_LINE + chunk);
    }
}

static void
fuzz_netstring (const uint8_t *data,
                size_t         size,
                size_t         chunk)
{
  g_autoptr(VigieNetstringReader) reader = vigie_netstring_reader_new (NETSTRING_MAX);
  g_autoptr(VigieBaresipConnector) connector = vigie_baresip_connector_new ("fuzz", "127.0.0.1", 4444,
                                                                            "0800100200");
  gboolean failed = FALSE;

  for (size_t offset = 0; offset < size && !failed; offset += chunk)
    {
      vigie_netstring_reader_feed (reader, data + offset, MIN (chunk, size - offset));
      for (;;)
        {
          g_autoptr(GBytes) message = NULL;
          g_autoptr(GError) error = NULL;
          VigieNetstringResult result = vigie_netstring_reader_next (reader, &message, &error);

          if (result == VIGIE_NETSTRING_MORE)
            break;
          if (result == VIGIE_NETSTRING_ERROR)
            {
              g_assert (error != NULL);
              failed = TRUE;
              break;
            }
          g_assert (g_bytes_get_size (message) <= NETSTRING_MAX);
          if (!vigie_baresip_connector_handle_message (connector, g_bytes_get_data (message, NULL),
                                                       g_bytes_get_size (message), &error))
            g_assert (error != NULL);
        }
      g_assert (vigie_netstring_reader_pending (reader) <= NETSTRING_MAX + 16 + chunk);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  size_t chunk;

  if (size < 2)
    return 0;
  chunk = 1 + data[1] % 64;
  if (data[0] & 1)
    fuzz_ami (data + 2, size - 2, chunk);
  else
    fuzz_netstring (data + 2, size - 2, chunk);
  return 0;
}
