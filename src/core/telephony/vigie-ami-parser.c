/* vigie-ami-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Asterisk Manager Interface's framing: the server greets with one
 * line ("Asterisk Call Manager/5.0.2"), then sends messages of
 * "Key: Value" lines ended by CR LF; an empty line ends a message.
 * Incremental and bounded: a line, a message or a field count beyond the
 * limits, a line without ':' or a NUL byte breaks the stream.
 */
#define G_LOG_DOMAIN "vigie-ami"

#include "config.h"

#include <string.h>

#include "vigie-ami-parser.h"
#include "vigie-frame-buffer.h"
#include "vigie-telephony-connector.h"

struct _VigieAmiParser
{
  VigieFrameBuffer in;
  gsize       scanned;      /* bytes of buffer already checked for '\n' */
  gboolean    greeted;
  GHashTable *fields;       /* the message being read, keys lower-case */
  gsize       message_size;
};

VigieAmiParser *
vigie_ami_parser_new (void)
{
  VigieAmiParser *self = g_new0 (VigieAmiParser, 1);

  vigie_frame_buffer_init (&self->in);
  return self;
}

void
vigie_ami_parser_free (VigieAmiParser *self)
{
  if (self == NULL)
    return;
  vigie_frame_buffer_clear (&self->in);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_free (self);
}

void
vigie_ami_parser_feed (VigieAmiParser *self,
                       const guint8   *data,
                       gsize           length)
{
  g_return_if_fail (self != NULL);
  vigie_frame_buffer_feed (&self->in, data, length);
}

/**
 * vigie_ami_parser_pending:
 * @self: a parser
 *
 * Returns: whether part of a message is waiting for the rest (in bytes)
 */
gsize
vigie_ami_parser_pending (VigieAmiParser *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->in.bytes->len + self->message_size;
}

static VigieAmiResult
fail (VigieAmiParser  *self,
      GError         **error,
      gint             code,
      const char      *message)
{
  g_clear_pointer (&self->fields, g_hash_table_unref);
  self->message_size = 0;
  vigie_frame_buffer_break (&self->in, error, code, message);
  return VIGIE_AMI_ERROR;
}

/* Takes the next whole line out of the buffer, without its CR LF:
 * VIGIE_AMI_MESSAGE when it did, else VIGIE_AMI_MORE or VIGIE_AMI_ERROR. */
static VigieAmiResult
take_line (VigieAmiParser  *self,
           char           **line,
           gsize           *line_length,
           GError         **error)
{
  const char *data = (const char *) self->in.bytes->data;
  const char *newline = memchr (data + self->scanned, '\n', self->in.bytes->len - self->scanned);
  gsize length;

  if (newline == NULL)
    {
      if (self->in.bytes->len > VIGIE_AMI_MAX_LINE)
        return fail (self, error, VIGIE_TELEPHONY_ERROR_TOO_LONG, "AMI line longer than the limit");
      self->scanned = self->in.bytes->len;
      return VIGIE_AMI_MORE;
    }
  length = newline - data;
  if (length > 0 && data[length - 1] == '\r')
    length--;
  if (length > VIGIE_AMI_MAX_LINE)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_TOO_LONG, "AMI line longer than the limit");
  if (memchr (data, '\0', length) != NULL)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "AMI line holds a NUL byte");
  *line = g_strndup (data, length);
  *line_length = length;
  g_byte_array_remove_range (self->in.bytes, 0, newline - data + 1);
  self->scanned = 0;
  if (!g_utf8_validate (*line, -1, NULL))
    {
      /* Asterisk passes caller names through as the PBX got them;
       * Latin-1 names are common. Keep the line, lose the bad bytes. */
      char *valid = g_utf8_make_valid (*line, -1);
      g_free (*line);
      *line = valid;
    }
  return VIGIE_AMI_MESSAGE;
}

/* The greeting line, once, before any "Key: Value". */
static gboolean
take_banner (VigieAmiParser  *self,
             char           **line,
             char           **banner)
{
  if (self->greeted)
    return FALSE;
  self->greeted = TRUE;
  if (strchr (*line, ':') != NULL && !g_str_has_prefix (*line, "Asterisk Call Manager"))
    return FALSE;
  if (banner)
    *banner = g_steal_pointer (line);
  return TRUE;
}

/* "Key: Value" into the message being read. */
static gboolean
add_field (VigieAmiParser  *self,
           const char      *line,
           gsize            line_length,
           GError         **error)
{
  const char *colon = strchr (line, ':');
  char *key, *value;

  if (colon == NULL || colon == line)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "AMI line is not “Key: Value”"), FALSE;
  self->message_size += line_length;
  if (self->message_size > VIGIE_AMI_MAX_MESSAGE)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_TOO_LONG, "AMI message larger than the limit"), FALSE;
  if (self->fields == NULL)
    self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_hash_table_size (self->fields) >= VIGIE_AMI_MAX_FIELDS)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_TOO_LONG, "AMI message with too many fields"), FALSE;

  key = g_ascii_strdown (line, colon - line);
  g_strstrip (key);
  value = g_strdup (colon + 1);
  g_strstrip (value);
  /* ChanVariable and friends repeat; the first one is kept. */
  if (*key == '\0' || g_hash_table_contains (self->fields, key))
    {
      g_free (key);
      g_free (value);
    }
  else
    g_hash_table_insert (self->fields, key, value);
  return TRUE;
}

/**
 * vigie_ami_parser_next:
 * @self: a parser
 * @message: (out) (transfer full): the fields (keys lower-case) of a whole message
 * @banner: (out) (transfer full) (optional): the greeting line
 * @error: return location for a #GError
 *
 * Returns: what was taken out, or that more bytes are needed, or that the
 *   stream is broken (then every later call fails)
 */
VigieAmiResult
vigie_ami_parser_next (VigieAmiParser  *self,
                       GHashTable     **message,
                       char           **banner,
                       GError         **error)
{
  g_return_val_if_fail (self != NULL, VIGIE_AMI_ERROR);
  g_return_val_if_fail (message != NULL, VIGIE_AMI_ERROR);

  *message = NULL;
  if (banner)
    *banner = NULL;
  if (self->in.failed)
    return fail (self, error, VIGIE_TELEPHONY_ERROR_PROTOCOL, "The AMI stream already failed");

  for (;;)
    {
      g_autofree char *line = NULL;
      gsize line_length = 0;
      VigieAmiResult result = take_line (self, &line, &line_length, error);

      if (result != VIGIE_AMI_MESSAGE)
        return result;
      if (take_banner (self, &line, banner))
        return VIGIE_AMI_BANNER;
      if (line_length == 0 && self->fields != NULL)
        {
          *message = g_steal_pointer (&self->fields);
          self->message_size = 0;
          return VIGIE_AMI_MESSAGE;
        }
      /* Stray blank lines between messages are skipped. */
      if (line_length > 0 && !add_field (self, line, line_length, error))
        return VIGIE_AMI_ERROR;
    }
}

/**
 * vigie_ami_format_action:
 * @action: the action's name
 * @...: key, value pairs, %NULL-terminated
 *
 * CR and LF in a value would start a new line, that is a new field: they
 * are dropped, so no value can smuggle a second action.
 *
 * Returns: (transfer full): the action as sent on the wire
 */
char *
vigie_ami_format_action (const char *action,
                         ...)
{
  GString *out = g_string_new ("Action: ");
  const char *key;
  va_list args;

  g_string_append (out, action);
  g_string_append (out, "\r\n");
  va_start (args, action);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_string_append (out, key);
      g_string_append (out, ": ");
      for (const char *p = value ? value : ""; *p; p++)
        if (*p != '\r' && *p != '\n')
          g_string_append_c (out, *p);
      g_string_append (out, "\r\n");
    }
  va_end (args);
  g_string_append (out, "\r\n");
  return g_string_free (out, FALSE);
}
