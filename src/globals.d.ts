/** Bytes of ORT's runtime files a visitor fetches (vite.config.ts `define`): for the Lite models, and for the hub ones. */
declare const __ORT_RUNTIME_BYTES__: { readonly lite: number; readonly hub: number };
