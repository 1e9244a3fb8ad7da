/** The app's own absolute base URL (origin + Vite base), for models/ and ort/. */
export function appBase(): string {
  return new URL(import.meta.env.BASE_URL, globalThis.location.href).href;
}

/** The absolute URL of a file the app serves (`examples/…`), under its base. */
export function appUrl(path: string): string {
  return new URL(path, appBase()).href;
}

/** One query parameter of the page's address (null when absent or outside a page). */
export function pageParam(name: string): string | null {
  return new URLSearchParams(globalThis.location?.search ?? '').get(name);
}
