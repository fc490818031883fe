/* vigie-pbx-route.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Extra paths on the switchboard endpoint for PBXs that post their own
 * event bodies (Wazo's webhooks on /wazo/…). The endpoint keeps its
 * checks — loopback only, bounded body, the token — and hands the
 * authenticated body to the route; the routes live here, as data on the
 * endpoint, so the endpoint itself only asks "is this a route?".
 */
#define G_LOG_DOMAIN "vigie-pbx-route"

#include "config.h"

#include <string.h>

#include "vigie-pbx-route.h"

typedef struct {
  char           *prefix;
  VigiePbxRoute   route;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Route;

static void
route_free (gpointer data)
{
  Route *route = data;

  if (route->destroy)
    route->destroy (route->user_data);
  g_free (route->prefix);
  g_free (route);
}

static GPtrArray *
get_routes (VigiePbxEndpoint *self)
{
  return g_object_get_data (G_OBJECT (self), "vigie-pbx-routes");
}

static Route *
find (VigiePbxEndpoint *self,
      const char       *path)
{
  GPtrArray *routes = get_routes (self);

  for (guint i = 0; routes && path && i < routes->len; i++)
    {
      Route *route = g_ptr_array_index (routes, i);
      gsize length = strlen (route->prefix);

      if (strncmp (path, route->prefix, length) == 0 && (path[length] == '\0' || path[length] == '/'))
        return route;
    }
  return NULL;
}

/**
 * vigie_pbx_endpoint_add_route:
 * @self: a #VigiePbxEndpoint
 * @prefix: a path ("/wazo"); it and everything under it go to @route
 * @route: called for every authenticated request on @prefix
 * @user_data: data for @route
 * @destroy: (nullable): frees @user_data with the endpoint
 */
void
vigie_pbx_endpoint_add_route (VigiePbxEndpoint *self,
                              const char       *prefix,
                              VigiePbxRoute     route,
                              gpointer          user_data,
                              GDestroyNotify    destroy)
{
  GPtrArray *routes;
  Route *entry;

  g_return_if_fail (VIGIE_IS_PBX_ENDPOINT (self));
  g_return_if_fail (prefix != NULL && prefix[0] == '/');

  if ((routes = get_routes (self)) == NULL)
    {
      routes = g_ptr_array_new_with_free_func (route_free);
      g_object_set_data_full (G_OBJECT (self), "vigie-pbx-routes", routes, (GDestroyNotify) g_ptr_array_unref);
    }
  entry = g_new0 (Route, 1);
  entry->prefix = g_strdup (prefix);
  entry->route = route;
  entry->user_data = user_data;
  entry->destroy = destroy;
  g_ptr_array_add (routes, entry);
}

gboolean
vigie_pbx_route_matches (VigiePbxEndpoint *self,
                         const char       *path)
{
  return find (self, path) != NULL;
}

/**
 * vigie_pbx_route_dispatch:
 * @self: a #VigiePbxEndpoint
 * @path: the request's path
 * @body: the request body
 * @length: its length
 * @call_id: (out) (transfer full) (optional): the call concerned
 * @error: return location for a #GError
 *
 * Returns: whether the route took the request
 */
gboolean
vigie_pbx_route_dispatch (VigiePbxEndpoint  *self,
                          const char        *path,
                          const char        *body,
                          gsize              length,
                          char             **call_id,
                          GError           **error)
{
  Route *route = find (self, path);

  if (route == NULL)
    {
      g_set_error (error, VIGIE_PBX_ERROR, VIGIE_PBX_ERROR_BAD_REQUEST, "No route for %.64s", path);
      return FALSE;
    }
  return route->route (self, path, body ? body : "", length, call_id, error, route->user_data);
}
