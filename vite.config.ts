import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions, defineConfig, type Connect, type Plugin, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import type { ServedDirs } from './scripts/e2e-vendor.ts';
import { LITE_MODELS } from './src/core/tiers.ts';

const root = import.meta.dirname;
const ortDist = join(root, 'node_modules/onnxruntime-web/dist');
/** ORT runtime files the app serves itself: JSEP (default import), plain (`/wasm`) and asyncify (transformers.js). */
const ORT_FILES = [
  'ort-wasm-simd-threaded.jsep.mjs',
  'ort-wasm-simd-threaded.jsep.wasm',
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];

/**
 * The ORT runtime files the Lite workers load (the JSEP build where the vision models run on WebGPU, the plain
 * one otherwise and in the audio worker); the service worker precaches both, so a first visit fetches both.
 */
const LITE_ORT = ORT_FILES.filter((f) => !f.includes('asyncify'));
/** The runtime transformers.js loads in the hub workers. */
const HUB_ORT = ORT_FILES.filter((f) => f.includes('asyncify'));

/** What a visitor's browser fetches of ORT's runtime: the Lite tier's builds, and transformers.js's. */
function runtimeBytes(): { lite: number; hub: number } {
  const size = (names: string[]) => names.reduce((sum, n) => sum + statSync(join(ortDist, n)).size, 0);
  return { lite: size(LITE_ORT), hub: size(HUB_ORT) };
}

/**
 * Where hub downloads go: `huggingface.co` answers `resolve/` URLs with a redirect to the file's
 * storage, and CSP applies to the redirect target too. The storage hosts, per the hub's documentation
 * for downloading behind a firewall (2026): the CDN edges (`us.aws.cdn.hf.co`, `us.gcp.cdn.hf.co`, …:
 * `*.cdn.hf.co`), the Xet bridges and transfer hosts (`*.xethub.hf.co`, `*.xethub-eu.hf.co`) and the LFS
 * CDNs (`cdn-lfs.hf.co`, `cdn-lfs-us-1.hf.co`, `cdn-lfs-eu-1.hf.co`). Every other host is refused,
 * other `hf.co` and `huggingface.co` subdomains included (e2e/app.spec.ts checks both ways).
 */
export const HUB_HOSTS = [
  'https://huggingface.co',
  'https://*.cdn.hf.co',
  'https://*.xethub.hf.co',
  'https://*.xethub-eu.hf.co',
  'https://cdn-lfs.hf.co',
  'https://cdn-lfs-us-1.hf.co',
  'https://cdn-lfs-eu-1.hf.co',
].join(' ');

/** The CSP; `meta` leaves out what a <meta> tag cannot carry (frame-ancestors). */
export function contentSecurityPolicy(dev: boolean, meta = false): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src 'self' ${HUB_HOSTS}${dev ? ' ws: wss:' : ''}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    ...(meta ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}

function securityHeaders(dev: boolean): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': contentSecurityPolicy(dev),
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

/**
 * `public/_headers`, for static hosts that read it (Netlify, Cloudflare Pages, …): the same headers as the
 * preview server. Committed, and checked against this at every build (which fails if it is stale).
 */
export function headersFile(): string {
  const lines = Object.entries(securityHeaders(false)).map(([name, value]) => `  ${name}: ${value}`);
  return ['/*', ...lines, ''].join('\n');
}

const TYPES: Record<string, string> = {
  '.onnx': 'application/octet-stream',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.webm': 'video/webm',
  '.bin': 'application/octet-stream',
  '.wav': 'audio/wav',
  '.js': 'text/javascript',
};

/**
 * Serves `models/` and `ort/` from disk with real 404s (never the SPA
 * fallback, so a missing model is reported as missing), sets the security
 * headers on every response, and copies both folders into the build.
 * `bench`: the e2e mode's extra folders (scripts/e2e-vendor.ts), empty otherwise.
 */
function localAssets(bench: ServedDirs): Plugin {
  let dev = true;
  const sendFile =
    (dirs: ServedDirs): Connect.NextHandleFunction =>
    (req: IncomingMessage, res: ServerResponse, next) => {
      for (const [name, value] of Object.entries(securityHeaders(dev))) res.setHeader(name, value);
      const [rawPath = '', query] = (req.url ?? '').split('?');
      const path = decodeURIComponent(rawPath);
      const prefix = Object.keys(dirs).find((p) => path.startsWith(p));
      // A query (`?import`, `?url`) is Vite's module request for the same file: Vite answers it.
      if (!prefix || query !== undefined) return next();
      const base = dirs[prefix];
      const file =
        typeof base === 'function'
          ? base(path.slice(prefix.length))
          : normalize(join(base as string, path.slice(prefix.length)));
      if (
        file === null ||
        (typeof base === 'string' && !file.startsWith(base + sep)) ||
        !existsSync(file) ||
        !statSync(file).isFile()
      ) {
        res.statusCode = 404;
        res.end(`Not found: ${path}`);
        return;
      }
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.setHeader('Content-Length', statSync(file).size);
      res.setHeader('Cache-Control', 'no-cache');
      createReadStream(file).pipe(res);
    };
  let outDir = resolve(root, 'dist');
  return {
    name: 'attend-first:local-assets',
    configResolved(config) {
      dev = config.command === 'serve' && !config.isProduction;
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      if (dev) return;
      const committed = readFileSync(join(root, 'public/_headers'), 'utf8');
      if (committed !== headersFile()) {
        this.error(
          `public/_headers no longer matches the headers in vite.config.ts; it should read:\n${headersFile()}`,
        );
      }
    },
    configureServer(server) {
      dev = true;
      server.middlewares.use(sendFile({ '/models/': join(root, 'models'), '/ort/': ortDist, ...bench }));
    },
    configurePreviewServer(server) {
      dev = false;
      server.middlewares.use(
        sendFile({
          '/models/': join(outDir, 'models'),
          '/ort/': join(outDir, 'ort'),
          ...bench,
        }),
      );
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.filename.endsWith(`${sep}index.html`) || ctx.filename.includes(`${sep}e2e${sep}`)) return html;
        // The CSP also as a <meta>, for hosts that send no headers (the service worker isolates the page there).
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(dev, true) },
            injectTo: 'head-prepend' as const,
          },
        ];
      },
    },
    async writeBundle() {
      await cp(join(root, 'models'), join(outDir, 'models'), { recursive: true });
      await mkdir(join(outDir, 'ort'), { recursive: true });
      for (const f of ORT_FILES) await cp(join(ortDist, f), join(outDir, 'ort', f));
    },
  };
}

/** The bundled files the Lite workers load, as paths in the build. */
function liteModelFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'models/manifest.json'), 'utf8')) as {
    models: { id: string; files: { path: string }[] }[];
  };
  const ids: readonly string[] = [...LITE_MODELS.vision, ...LITE_MODELS.audio];
  return manifest.models.filter((m) => ids.includes(m.id)).flatMap((m) => m.files.map((f) => `models/${f.path}`));
}

/**
 * The service worker (src/workers/service-worker.ts): the app shell, the Lite tier's ORT runtime, the bundled
 * models and the examples precached (offline after one visit), cross-origin isolation where the host sends
 * no headers; and the web app manifest, so the app can be installed. Registered by the page itself
 * (src/platform/service-worker.ts). Not in the dev server, which sends the headers.
 */
function offlineApp(): Plugin[] {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/workers',
    filename: 'service-worker.ts',
    injectRegister: false,
    injectManifest: {
      rollupFormat: 'iife',
      // (The manifest's icons and the web app manifest are added by the plugin.)
      globPatterns: [
        'index.html',
        'assets/**/*.{js,css}',
        'icons/icon.svg',
        'examples/*.{webm,json,wav}',
        'models/manifest.json',
        ...liteModelFiles(),
        ...LITE_ORT.map((f) => `ort/${f}`),
      ],
      // The JSEP runtime is 28 MB.
      maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
    },
    manifest: {
      name: 'Attend First',
      short_name: 'Attend First',
      description: 'Which modality carries an emotion — face, voice or words — and why, analysed on this device.',
      start_url: '.',
      scope: '.',
      display: 'standalone',
      background_color: '#f3f5f7',
      theme_color: '#1d2329',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
  });
}

/**
 * transformers.js carries a CDN URL as the default place of ORT's runtime. The app always sets
 * wasmPaths to its own `/ort/` first, so the default is dead code: rewrite it to the same local path,
 * so that no CDN URL ships at all.
 */
function transformersWithoutCdn(): Plugin {
  const cdn = /https:\/\/cdn\.jsdelivr\.net\/npm\/onnxruntime-web@\$\{[^}]+\}\/dist\//g;
  return {
    name: 'attend-first:transformers-without-cdn',
    transform(code, id) {
      if (!id.includes('@huggingface/transformers') || !cdn.test(code)) return null;
      cdn.lastIndex = 0;
      return { code: code.replace(cdn, '/ort/'), map: null };
    },
  };
}

export default defineConfig(async ({ mode }): Promise<UserConfig> => ({
  plugins: [
    svelte(),
    localAssets(mode === 'e2e' ? (await import('./scripts/e2e-vendor.ts')).e2eVendor(root) : {}),
    transformersWithoutCdn(),
    ...offlineApp(),
    // The e2e build records the hub stand-ins' digests, so the app's check of hub downloads runs in the tests.
    ...(mode === 'e2e' ? [(await import('./scripts/e2e-vendor.ts')).standInManifestPlugin()] : []),
  ],
  // The tier cards' download sizes include the runtime.
  define: { __ORT_RUNTIME_BYTES__: JSON.stringify(runtimeBytes()) },
  // The non-bundled ORT build: it loads its runtime from wasmPaths (/ort/) instead of emitting a second copy.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  // onnxruntime-web finds its runtime through wasmPaths (set to /ort/); pre-bundling would only rename it.
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
  worker: { format: 'es', plugins: () => [transformersWithoutCdn()] },
  build: {
    // The e2e build (with the test harness pages) has its own folder: `dist/` is only ever the app.
    outDir: mode === 'e2e' ? 'dist-e2e' : 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
    // `--mode e2e` adds the test harness page, which drives the app's workers directly.
    rollupOptions: {
      input: {
        main: join(root, 'index.html'),
        ...(mode === 'e2e'
          ? { harness: join(root, 'e2e/harness/index.html'), bench: join(root, 'e2e/harness/bench.html') }
          : {}),
      },
    },
  },
  server: { port: 5173, headers: securityHeaders(true) },
  preview: { port: 4173, headers: securityHeaders(false) },
}));
