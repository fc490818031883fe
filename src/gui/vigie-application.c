/* vigie-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigie-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vigie-application.h"
#include "vigie-window.h"

struct _VigieApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  VigieContext   *context;
  GError         *context_error;
};

G_DEFINE_FINAL_TYPE (VigieApplication, vigie_application, ADW_TYPE_APPLICATION)

static char *
dup_data_dir (VigieApplication *self)
{
  g_autofree char *configured = g_settings_get_string (self->settings, "data-directory");

  if (configured[0] != '\0')
    return g_steal_pointer (&configured);
  return g_build_filename (g_get_user_data_dir (), "vigie", NULL);
}

static gboolean
ensure_context (VigieApplication  *self,
                GError           **error)
{
  g_autofree char *data_dir = NULL;
  gboolean installed = FALSE;

  if (self->context != NULL)
    return TRUE;

  data_dir = dup_data_dir (self);
  if (!vigie_context_install_demo (data_dir, &installed, error))
    return FALSE;
  if (installed)
    g_message ("Demo dataset installed in %s", data_dir);

  self->context = vigie_context_new (data_dir, error);
  return self->context != NULL;
}

static VigieWindow *
ensure_window (VigieApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (vigie_window_new (ADW_APPLICATION (self), self->context));
  return VIGIE_WINDOW (window);
}

static void
show_fatal_error (VigieApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Vigie Cannot Start"), self->context_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_application_quit), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vigie_application_activate (GApplication *app)
{
  VigieApplication *self = VIGIE_APPLICATION (app);

  if (self->context == NULL)
    {
      show_fatal_error (self);
      return;
    }
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

/* tel:+33612345678;line=0800100200 — RFC 3966 lets a softphone pass the
 * dialled line as a parameter. */
static gboolean
parse_tel_uri (const char  *uri,
               char       **from,
               char       **line,
               char       **call_id)
{
  g_auto(GStrv) parts = NULL;

  if (g_ascii_strncasecmp (uri, "tel:", 4) != 0)
    return FALSE;

  parts = g_strsplit (uri + 4, ";", -1);
  *from = g_uri_unescape_string (parts[0], NULL);
  for (guint i = 1; parts[i]; i++)
    {
      if (g_str_has_prefix (parts[i], "line="))
        *line = g_uri_unescape_string (parts[i] + 5, NULL);
      else if (g_str_has_prefix (parts[i], "call-id="))
        *call_id = g_uri_unescape_string (parts[i] + 8, NULL);
    }
  return *from != NULL;
}

static int
command_call (VigieApplication        *self,
              GApplicationCommandLine *command_line,
              int                      argc,
              char                   **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieCall) call = NULL;
  g_autofree char *from = NULL;
  g_autofree char *line = NULL;
  g_autofree char *call_id = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The caller's number"), N_("NUMBER") },
    { "line", 0, 0, G_OPTION_ARG_STRING, &line, N_("The number the caller dialled"), N_("NUMBER") },
    { "call-id", 0, 0, G_OPTION_ARG_STRING, &call_id, N_("The switchboard's call identifier"), N_("ID") },
    { NULL }
  };

  options = g_option_context_new (_("— open an incoming call on the desk"));
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (options, TRUE);

  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 2;
    }
  if (line == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("vigie call: --line is required"));
      return 2;
    }

  if (!(call = vigie_application_open_call (self, from ? from : "anonymous", line, call_id, &error)))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 1;
    }

  g_application_command_line_print (command_line, "%s\n", vigie_call_get_id (call));
  return 0;
}

static int
vigie_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
  VigieApplication *self = VIGIE_APPLICATION (app);
  g_auto(GStrv) argv = NULL;
  int argc;

  argv = g_application_command_line_get_arguments (command_line, &argc);

  if (self->context == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n", self->context_error->message);
      g_application_activate (app);
      return 1;
    }

  if (argc >= 2 && g_str_equal (argv[1], "call"))
    {
      /* GOptionContext wants the program name first. */
      g_autofree char **sub = g_new0 (char *, argc);
      int ret;

      sub[0] = argv[0];
      for (int i = 2; i < argc; i++)
        sub[i - 1] = argv[i];
      ret = command_call (self, command_line, argc - 1, sub);
      return ret;
    }

  if (argc >= 2 && g_ascii_strncasecmp (argv[1], "tel:", 4) == 0)
    {
      g_autofree char *from = NULL;
      g_autofree char *line = NULL;
      g_autofree char *call_id = NULL;
      g_autoptr(VigieCall) call = NULL;
      g_autoptr(GError) error = NULL;

      parse_tel_uri (argv[1], &from, &line, &call_id);
      /* Without a line, a tel: link is the operator calling someone back:
       * show the desk, there is no incoming call to qualify. */
      if (line == NULL)
        {
          g_application_activate (app);
          return 0;
        }
      if (!(call = vigie_application_open_call (self, from, line, call_id, &error)))
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return 1;
        }
      return 0;
    }

  if (argc >= 2)
    {
      g_application_command_line_printerr (command_line,
                                           _("Unknown command “%s”. Usage:\n"
                                             "  vigie\n"
                                             "  vigie call --from NUMBER --line NUMBER [--call-id ID]\n"
                                             "  vigie tel:NUMBER;line=NUMBER\n"),
                                           argv[1]);
      return 2;
    }

  g_application_activate (app);
  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  VigieApplication *self = user_data;
  const char *developers[] = { "Vigie contributors", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Vigie"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("On-call desk for answering services"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
vigie_application_startup (GApplication *app)
{
  VigieApplication *self = VIGIE_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (vigie_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  if (!ensure_context (self, &self->context_error))
    g_warning ("%s", self->context_error->message);
  else
    vigie_context_start_escalation (self->context);
}

static void
vigie_application_finalize (GObject *object)
{
  VigieApplication *self = (VigieApplication *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_error (&self->context_error);

  G_OBJECT_CLASS (vigie_application_parent_class)->finalize (object);
}

static void
vigie_application_class_init (VigieApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vigie_application_finalize;
  app_class->startup = vigie_application_startup;
  app_class->activate = vigie_application_activate;
  app_class->command_line = vigie_application_command_line;
}

static void
vigie_application_init (VigieApplication *self)
{
  self->settings = g_settings_new (APP_ID);
}

VigieApplication *
vigie_application_new (void)
{
  return g_object_new (VIGIE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/vigie/Vigie",
                       NULL);
}

/**
 * vigie_application_get_context:
 * @self: a #VigieApplication
 *
 * Returns: (transfer none) (nullable): the loaded data, after startup
 */
VigieContext *
vigie_application_get_context (VigieApplication *self)
{
  g_return_val_if_fail (VIGIE_IS_APPLICATION (self), NULL);
  return self->context;
}

/**
 * vigie_application_get_desk:
 * @self: a #VigieApplication
 *
 * Returns: (transfer none) (nullable): the desk window, if open
 */
GtkWindow *
vigie_application_get_desk (VigieApplication *self)
{
  g_return_val_if_fail (VIGIE_IS_APPLICATION (self), NULL);
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

/**
 * vigie_application_open_call:
 * @self: a #VigieApplication
 * @from: the caller's number
 * @line: the dialled line
 * @call_id: (nullable): the switchboard's call id
 * @error: return location for a #GError
 *
 * Opens an incoming call on the desk, opening the window if needed.
 *
 * Returns: (transfer full) (nullable): the call
 */
VigieCall *
vigie_application_open_call (VigieApplication  *self,
                             const char        *from,
                             const char        *line,
                             const char        *call_id,
                             GError           **error)
{
  g_autoptr(VigieCall) call = NULL;
  VigieWindow *window;

  g_return_val_if_fail (VIGIE_IS_APPLICATION (self), NULL);

  if (self->context == NULL)
    {
      g_propagate_error (error, g_error_copy (self->context_error));
      return NULL;
    }

  if (!(call = vigie_context_open_call (self->context, from, line, call_id, error)))
    return NULL;

  window = ensure_window (self);
  vigie_window_add_call (window, call);
  gtk_window_present (GTK_WINDOW (window));

  return g_steal_pointer (&call);
}
