/// <reference lib="webworker" />
/**
 * The app's one service worker (built by vite-plugin-pwa from this file, with Workbox):
 *
 * - **Offline after one visit**: it precaches the app shell, the ORT runtime the Lite workers load, the
 *   bundled models and the examples (the list is written in at build time, each file with its revision),
 *   and serves them from the cache; a navigation to the app is answered with the cached page.
 * - **Cross-origin isolation** where the host sends no COOP/COEP (what coi-serviceworker did before): every
 *   same-origin response it gives the page gets them, marked `X-Isolated-By: service-worker` so the page
 *   can say how it is isolated. A response that already has them is passed on unchanged.
 *
 * Cross-origin requests (hub downloads) are not touched: the page's own fetch handles them, CORS and all.
 * A new version waits until every tab of the old one is closed (no skipWaiting): an open page keeps the
 * files it was built with.
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

/** The response with COOP/COEP/CORP added where it has no COEP (opaque responses cannot be changed). */
function isolated(response: Response): Response {
  if (response.type === 'opaque' || response.status === 0 || response.headers.has('Cross-Origin-Embedder-Policy'))
    return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  headers.set('X-Isolated-By', 'service-worker');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Applied to what the page receives, not to what is cached (the cache keeps the host's copy). */
const isolation: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => isolated(response),
};

clientsClaim();
addPlugins([isolation]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The app is one page: a navigation to it (any query) is answered with the cached page. Other pages of
// the origin (the e2e harness) go to the network.
const scope = new URL(self.registration.scope).pathname;
const escaped = scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    allowlist: [new RegExp(`^${escaped}(index\\.html)?(\\?.*)?$`)],
  }),
);

// Every other same-origin GET: the network, isolated.
registerRoute(({ url }) => url.origin === self.location.origin, new NetworkOnly({ plugins: [isolation] }));
