/* vigie-mailer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client's summary mail, sent with Debian's libcurl over SMTP with
 * STARTTLS required and the certificate verified (never "opportunistic"
 * TLS). libcurl's easy interface blocks, so each mail runs in a GTask
 * worker thread and the desk never waits on it.
 *
 * libcurl is opened with GModule on the first mail, not linked: it brings
 * 26 libraries (GnuTLS, LDAP, Kerberos, SSH…) that cost the desk's cold
 * start about 8 ms for a mail sent once a night. Only its header is used
 * at build time, for the types and constants.
 */
#define G_LOG_DOMAIN "vigie-mailer"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include "vigie-library.h"
#include "vigie-mailer.h"

/* The few libcurl functions the mailer calls, found in the opened library. */
typedef struct {
  CURLcode           (*global_init)    (long flags);
  CURL              *(*easy_init)      (void);
  CURLcode           (*easy_setopt)    (CURL *curl, CURLoption option, ...);
  CURLcode           (*easy_perform)   (CURL *curl);
  CURLcode           (*easy_getinfo)   (CURL *curl, CURLINFO info, ...);
  void               (*easy_cleanup)   (CURL *curl);
  const char        *(*easy_strerror)  (CURLcode code);
  struct curl_slist *(*slist_append)   (struct curl_slist *list, const char *string);
  void               (*slist_free_all) (struct curl_slist *list);
} CurlApi;

struct _VigieMailer
{
  GObject  parent_instance;

  char    *library;  /* what to open: libcurl's soname, or $VIGIE_LIBCURL */
  GMutex   lock;     /* the first mails may start in several threads */
  gboolean loaded;   /* libcurl opened (it stays), curl filled */
  CurlApi  curl;
};

G_DEFINE_FINAL_TYPE (VigieMailer, vigie_mailer, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigie-mailer-error-quark, vigie_mailer_error)

typedef struct {
  const char *data;
  gsize       size;
  gsize       offset;
} Upload;

typedef struct {
  VigieMail *mail;
  guint      status;
} SendData;

void
vigie_mail_free (VigieMail *mail)
{
  if (mail == NULL)
    return;
  g_free (mail->url);
  g_free (mail->from);
  g_strfreev (mail->to);
  g_free (mail->username);
  if (mail->password)
    memset (mail->password, 0, strlen (mail->password));
  g_free (mail->password);
  g_free (mail->ca_file);
  g_free (mail->message);
  g_free (mail);
}

static void
send_data_free (SendData *data)
{
  vigie_mail_free (data->mail);
  g_free (data);
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  Upload *upload = user_data;
  gsize n = MIN (size * nitems, upload->size - upload->offset);

  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;
  return n;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* Where the server is, who sends to whom, how: STARTTLS or nothing, and
 * the certificate must verify. */
static void
set_options (const CurlApi      *api,
             CURL               *curl,
             VigieMail          *mail,
             const char         *from,
             struct curl_slist  *recipients,
             Upload             *upload,
             char               *errbuf,
             GCancellable       *cancellable)
{
  api->easy_setopt (curl, CURLOPT_URL, mail->url);
  api->easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  api->easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  api->easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  api->easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  api->easy_setopt (curl, CURLOPT_READDATA, upload);
  api->easy_setopt (curl, CURLOPT_INFILESIZE, (long) upload->size);
  api->easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  api->easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  api->easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (mail->ca_file)
    api->easy_setopt (curl, CURLOPT_CAINFO, mail->ca_file);
  if (mail->username)
    api->easy_setopt (curl, CURLOPT_USERNAME, mail->username);
  if (mail->password)
    api->easy_setopt (curl, CURLOPT_PASSWORD, mail->password);
  api->easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 10L);
  api->easy_setopt (curl, CURLOPT_TIMEOUT, (long) (mail->timeout_s ? mail->timeout_s : 30));
  api->easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  api->easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  api->easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  api->easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  api->easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
}

static gboolean
is_tls_failure (CURLcode res)
{
  return res == CURLE_USE_SSL_FAILED || res == CURLE_PEER_FAILED_VERIFICATION ||
         res == CURLE_SSL_CACERT_BADFILE || res == CURLE_SSL_CONNECT_ERROR;
}

/* A failed transfer as the error the dispatcher classifies: a refusal
 * (5xx, login, bad URL) is permanent, anything else may be retried. */
static GError *
transfer_error (const CurlApi *api,
                CURLcode       res,
                long           code,
                const char    *errbuf)
{
  const char *why = *errbuf ? errbuf : api->easy_strerror (res);

  if (res == CURLE_ABORTED_BY_CALLBACK)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  if (is_tls_failure (res))
    return g_error_new (VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_TLS, _("The mail server's TLS failed: %s"), why);
  if (code >= 500 || res == CURLE_LOGIN_DENIED || res == CURLE_URL_MALFORMAT)
    return g_error_new (VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_PERMANENT,
                        _("The mail server refused the mail (%ld): %s"), code, why);
  return g_error_new (VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_TEMPORARY,
                      _("The mail could not be sent (%ld): %s"), code, why);
}

/* Opens libcurl on the mailer's first mail (libcurl counts its
 * global_init calls); %NULL with @error when it cannot be used. */
static const CurlApi *
load_curl (VigieMailer  *self,
           GError      **error)
{
  const VigieLibrarySymbol symbols[] = {
    { "curl_global_init", (gpointer *) &self->curl.global_init },
    { "curl_easy_init", (gpointer *) &self->curl.easy_init },
    { "curl_easy_setopt", (gpointer *) &self->curl.easy_setopt },
    { "curl_easy_perform", (gpointer *) &self->curl.easy_perform },
    { "curl_easy_getinfo", (gpointer *) &self->curl.easy_getinfo },
    { "curl_easy_cleanup", (gpointer *) &self->curl.easy_cleanup },
    { "curl_easy_strerror", (gpointer *) &self->curl.easy_strerror },
    { "curl_slist_append", (gpointer *) &self->curl.slist_append },
    { "curl_slist_free_all", (gpointer *) &self->curl.slist_free_all },
  };
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GError) local_error = NULL;

  if (self->loaded)
    return &self->curl;
  if (!vigie_library_open (self->library, symbols, G_N_ELEMENTS (symbols), &local_error))
    {
      g_set_error (error, VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_UNAVAILABLE,
                   _("Mail cannot be sent: %s"), local_error->message);
      return NULL;
    }
  if (self->curl.global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
    {
      g_set_error (error, VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_UNAVAILABLE,
                   _("Mail cannot be sent: libcurl (%s) did not start"), self->library);
      return NULL;
    }
  self->loaded = TRUE;
  return &self->curl;
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *data = task_data;
  VigieMail *mail = data->mail;
  g_autofree char *from = g_strdup_printf ("<%s>", mail->from);
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *recipients = NULL;
  Upload upload = { mail->message, strlen (mail->message), 0 };
  GError *error = NULL;
  const CurlApi *api = load_curl (source_object, &error);
  CURL *curl;
  CURLcode res;
  long code = 0;

  if (api == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((curl = api->easy_init ()) == NULL)
    {
      g_task_return_new_error (task, VIGIE_MAILER_ERROR, VIGIE_MAILER_ERROR_TEMPORARY,
                               _("Cannot start libcurl"));
      return;
    }

  for (guint i = 0; mail->to[i]; i++)
    {
      g_autofree char *to = g_strdup_printf ("<%s>", mail->to[i]);
      recipients = api->slist_append (recipients, to);
    }
  set_options (api, curl, mail, from, recipients, &upload, errbuf, cancellable);

  res = api->easy_perform (curl);
  api->easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &code);
  data->status = (guint) code;
  api->slist_free_all (recipients);
  api->easy_cleanup (curl);

  if (res == CURLE_OK)
    g_task_return_int (task, code);
  else
    g_task_return_error (task, transfer_error (api, res, code, errbuf));
}

static void
vigie_mailer_finalize (GObject *object)
{
  VigieMailer *self = (VigieMailer *)object;

  g_mutex_clear (&self->lock);
  g_free (self->library);

  G_OBJECT_CLASS (vigie_mailer_parent_class)->finalize (object);
}

static void
vigie_mailer_class_init (VigieMailerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigie_mailer_finalize;
}

static void
vigie_mailer_init (VigieMailer *self)
{
  const char *library = g_getenv ("VIGIE_LIBCURL");

  /* libcurl's soname has been libcurl.so.4 since 2006; the variable lets
   * a test point the mailer at a library that is not there. */
  self->library = g_strdup (library && *library ? library : "libcurl.so.4");
  g_mutex_init (&self->lock);
}

VigieMailer *
vigie_mailer_new (void)
{
  return g_object_new (VIGIE_TYPE_MAILER, NULL);
}

/**
 * vigie_mailer_send_async:
 * @self: a #VigieMailer
 * @mail: (transfer full): the mail
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the server answered
 * @user_data: data for @callback
 *
 * Sends @mail in a worker thread.
 */
void
vigie_mailer_send_async (VigieMailer         *self,
                         VigieMail           *mail,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  g_return_if_fail (VIGIE_IS_MAILER (self));
  g_return_if_fail (mail != NULL && mail->to != NULL && mail->message != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigie_mailer_send_async);
  data = g_new0 (SendData, 1);
  data->mail = mail;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  g_task_run_in_thread (task, send_thread);
}

/**
 * vigie_mailer_send_finish:
 * @self: a #VigieMailer
 * @result: the #GAsyncResult
 * @smtp_status: (out) (optional): the server's last reply code, 0 if none
 * @error: return location for a #GError in %VIGIE_MAILER_ERROR
 *
 * Returns: %TRUE if the server accepted the mail
 */
gboolean
vigie_mailer_send_finish (VigieMailer   *self,
                          GAsyncResult  *result,
                          guint         *smtp_status,
                          GError       **error)
{
  SendData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (smtp_status)
    *smtp_status = data->status;
  return g_task_propagate_int (G_TASK (result), error) >= 0;
}
