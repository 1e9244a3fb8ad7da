/**
 * The page's side of the service worker (src/workers/service-worker.ts): register it, and where the host
 * sent no COOP/COEP, reload once when it takes control, so that the page is cross-origin isolated (WASM
 * threads). Never during a session: `canReload` says whether the visitor would lose anything. The dev
 * server sets the headers itself and has no service worker.
 */
const RELOADED = 'attend-first:isolation-reload';

export function registerServiceWorker(canReload: () => boolean): void {
  const sw = globalThis.navigator?.serviceWorker;
  if (import.meta.env.DEV || !sw || !globalThis.isSecureContext) return;
  const reload = () => {
    // Once per tab: if a reload did not isolate the page, another would not either.
    if (globalThis.crossOriginIsolated || !canReload() || sessionStorage.getItem(RELOADED)) return;
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
  };
  sw.addEventListener('controllerchange', reload);
  sw.register(`${import.meta.env.BASE_URL}service-worker.js`, { scope: import.meta.env.BASE_URL }).then(
    (registration: ServiceWorkerRegistration | undefined) => {
      // Active but not serving this page (a hard reload bypasses it): a plain reload lets it. (Blocked
      // service workers, as in most e2e tests, resolve to no registration.)
      if (registration?.active && !sw.controller) reload();
    },
    // No service worker (a private window, a test that blocks them): the page works, online and without isolation where the host sends no headers.
    () => undefined,
  );
}

/** How a cross-origin isolated page is isolated: the worker marks the responses it isolated itself. */
export async function isolationSource(): Promise<'headers' | 'service-worker'> {
  if (!globalThis.navigator?.serviceWorker?.controller) return 'headers';
  try {
    const page = await fetch(new URL(import.meta.env.BASE_URL, location.href), { method: 'GET' });
    return page.headers.get('X-Isolated-By') === 'service-worker' ? 'service-worker' : 'headers';
  } catch {
    return 'service-worker';
  }
}
