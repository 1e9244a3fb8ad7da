/**
 * Fetches model files with per-file progress, verifies bundled files against
 * their sha256 and size before anything uses them, and keeps hub files in a
 * cache. Every failure is a ModelLoadError whose message names the model and
 * the file. No DOM: fetch and the cache are passed in, so this runs in
 * workers, in the page and in Node tests alike.
 */
import { sha256Hex } from './integrity.ts';
import { fileUrl, type ModelEntry, type ModelFile } from './manifest.ts';

export type LoadFailure = 'not-found' | 'http' | 'network' | 'size' | 'integrity' | 'session' | 'aborted';

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly model: string,
    readonly file: string,
    readonly failure: LoadFailure,
    detail: string,
  ) {
    super(`Could not load ${model}: ${file} ${detail}`);
  }
}

export interface FileProgress {
  readonly model: string;
  readonly file: string;
  readonly loaded: number;
  /** Null while the size is unknown. */
  readonly total: number | null;
  readonly done: boolean;
  readonly fromCache: boolean;
}

/** The part of the Cache API the loader uses. */
export interface FileCache {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
}

export interface LoadOptions {
  /** The app's absolute base URL, e.g. `https://example.org/attend-first/`. */
  readonly appBase: string;
  readonly fetch?: (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;
  /** Cache for hub files; bundled files rely on the HTTP cache and their hash. */
  readonly cache?: FileCache | null;
  readonly hubBase?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FileProgress) => void;
}

async function readWithProgress(response: Response, report: (loaded: number) => void): Promise<Uint8Array> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.byteLength);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    report(loaded);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Fetch one file of a model, verified. */
export async function loadModelFile(entry: ModelEntry, file: ModelFile, opts: LoadOptions): Promise<Uint8Array> {
  const url = fileUrl(entry, file, opts.appBase, opts.hubBase);
  const doFetch = opts.fetch ?? ((u: string, init?: { signal?: AbortSignal }) => fetch(u, init));
  const cache = entry.source.kind === 'hub' ? (opts.cache ?? null) : null;
  const error = (failure: LoadFailure, detail: string) => new ModelLoadError(entry.name, file.path, failure, detail);
  const progress = (loaded: number, total: number | null, done: boolean, fromCache: boolean) =>
    opts.onProgress?.({ model: entry.id, file: file.path, loaded, total, done, fromCache });

  let response: Response | undefined;
  let fromCache = false;
  if (cache) {
    response = await cache.match(url).catch(() => undefined);
    fromCache = response !== undefined;
  }
  if (!response) {
    try {
      response = await doFetch(url, opts.signal ? { signal: opts.signal } : undefined);
    } catch (e) {
      if (opts.signal?.aborted) throw error('aborted', 'was cancelled');
      throw error(
        'network',
        `could not be fetched (${e instanceof Error ? e.message : String(e)}); check the connection and Retry`,
      );
    }
    if (response.status === 404) throw error('not-found', `is missing (404 at ${url})`);
    if (!response.ok) throw error('http', `answered HTTP ${response.status} ${response.statusText}`.trim());
  }
  const header = Number(response.headers.get('content-length'));
  const total = file.size ?? (Number.isFinite(header) && header > 0 ? header : null);
  progress(0, total, false, fromCache);
  let bytes: Uint8Array;
  try {
    bytes = await readWithProgress(response, (loaded) => progress(loaded, total, false, fromCache));
  } catch (e) {
    if (opts.signal?.aborted) throw error('aborted', 'was cancelled');
    throw error('network', `broke off while downloading (${e instanceof Error ? e.message : String(e)})`);
  }
  if (file.size !== null && bytes.byteLength !== file.size) {
    throw error('size', `has ${bytes.byteLength} bytes, expected ${file.size} (corrupt or truncated file)`);
  }
  if (file.sha256 !== null) {
    const actual = await sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw error(
        'integrity',
        `failed its integrity check (sha256 ${actual.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…)`,
      );
    }
  }
  if (cache && !fromCache) {
    await cache
      .put(
        url,
        new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength) } }),
      )
      .catch(() => undefined); // a full or unavailable cache only costs a later re-download
  }
  progress(bytes.byteLength, total ?? bytes.byteLength, true, fromCache);
  return bytes;
}

/** Fetch every file of a model, verified, keyed by path. */
export async function loadModelFiles(entry: ModelEntry, opts: LoadOptions): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const file of entry.files) out.set(file.path, await loadModelFile(entry, file, opts));
  return out;
}
