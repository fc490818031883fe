/* vigie-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's messages in one given language, whatever the desk's own
 * locale: an alert is written in the language of the client who reads it
 * (`language` in clients.json), while the operator's screen stays in
 * theirs. gettext() follows the process (or thread) locale and LANGUAGE
 * wins over it, so switching locales around a build is neither reliable
 * nor safe with the dispatcher's threads; instead the compiled catalog
 * (the .mo gettext itself reads) is mapped and looked up directly. Source
 * strings are English, so "en" — or a language without a catalog — reads
 * them as they are.
 */
#define G_LOG_DOMAIN "vigie-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigie-catalog.h"

#define MO_MAGIC 0x950412deU

struct _VigieCatalog
{
  char        *language;
  GMappedFile *file;   /* nullable: English, or no catalog installed */
  const char  *data;
  gsize        length;
  gboolean     swap;
  guint32      n_strings;
  guint32      originals;
  guint32      translations;
};

static guint32
read_u32 (VigieCatalog *self,
          gsize         offset)
{
  guint32 value;

  if (offset + 4 > self->length)
    return 0;
  memcpy (&value, self->data + offset, 4);
  return self->swap ? GUINT32_SWAP_LE_BE (value) : value;
}

/* The string of entry @index of the table at @table, or NULL when the
 * file lies about its bounds. */
static const char *
entry (VigieCatalog *self,
       guint32       table,
       guint32       index)
{
  guint32 length = read_u32 (self, (gsize) table + 8 * (gsize) index);
  guint32 offset = read_u32 (self, (gsize) table + 8 * (gsize) index + 4);

  if ((gsize) offset + length >= self->length || self->data[offset + length] != '\0')
    return NULL;
  return self->data + offset;
}

static gboolean
map_catalog (VigieCatalog *self,
             const char   *localedir)
{
  g_autofree char *path = NULL;
  guint32 magic;

  if (localedir == NULL)
    return FALSE;
  path = g_build_filename (localedir, self->language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!(self->file = g_mapped_file_new (path, FALSE, NULL)))
    return FALSE;
  self->data = g_mapped_file_get_contents (self->file);
  self->length = g_mapped_file_get_length (self->file);
  if (self->length < 20)
    goto invalid;
  memcpy (&magic, self->data, 4);
  if (magic != MO_MAGIC && GUINT32_SWAP_LE_BE (magic) != MO_MAGIC)
    goto invalid;
  self->swap = magic != MO_MAGIC;
  self->n_strings = read_u32 (self, 8);
  self->originals = read_u32 (self, 12);
  self->translations = read_u32 (self, 16);
  return TRUE;

invalid:
  g_clear_pointer (&self->file, g_mapped_file_unref);
  return FALSE;
}

/**
 * vigie_catalog_new:
 * @language: (nullable): a language code as in clients.json ("fr", "en");
 *   %NULL for French, the clients' default
 *
 * Maps the project's catalog for @language from where the messages are
 * bound (bindtextdomain), or from `VIGIE_LOCALEDIR` for an uninstalled
 * build. A language without a catalog reads the English source strings.
 *
 * Returns: (transfer full): the catalog
 */
VigieCatalog *
vigie_catalog_new (const char *language)
{
  VigieCatalog *self = g_new0 (VigieCatalog, 1);

  self->language = g_strdup (language && *language ? language : "fr");
  /* Only the base language: "fr_BE" reads the French catalog. */
  self->language[strcspn (self->language, "_-.@")] = '\0';
  if (!g_str_equal (self->language, "en") &&
      !map_catalog (self, bindtextdomain (GETTEXT_PACKAGE, NULL)))
    map_catalog (self, g_getenv ("VIGIE_LOCALEDIR"));
  return self;
}

/**
 * vigie_catalog_gettext:
 * @self: a #VigieCatalog
 * @msgid: an English source string (marked with N_())
 *
 * Returns: (transfer none): @msgid in the catalog's language, or @msgid
 */
const char *
vigie_catalog_gettext (VigieCatalog *self,
                       const char   *msgid)
{
  guint32 low = 0;
  guint32 high;

  g_return_val_if_fail (self != NULL, msgid);
  g_return_val_if_fail (msgid != NULL, NULL);

  if (self->file == NULL)
    return msgid;
  /* msgfmt sorts the originals: a binary search finds the entry. */
  high = self->n_strings;
  while (low < high)
    {
      guint32 middle = low + (high - low) / 2;
      const char *original = entry (self, self->originals, middle);
      int cmp;

      if (original == NULL)
        return msgid;
      cmp = strcmp (msgid, original);
      if (cmp == 0)
        {
          const char *translation = entry (self, self->translations, middle);

          return translation && *translation ? translation : msgid;
        }
      if (cmp < 0)
        high = middle;
      else
        low = middle + 1;
    }
  return msgid;
}

/**
 * vigie_catalog_get_language:
 * @self: a #VigieCatalog
 *
 * Returns: the base language code the catalog was asked for ("fr", "en")
 */
const char *
vigie_catalog_get_language (VigieCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

void
vigie_catalog_free (VigieCatalog *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->file, g_mapped_file_unref);
  g_free (self->language);
  g_free (self);
}
