/** The app's own absolute base URL (origin + Vite base), for models/ and ort/. */
export function appBase(): string {
  return new URL(import.meta.env.BASE_URL, globalThis.location.href).href;
}
