/**
 * The hub downloads' cache in a browser: the Cache API under transformers.js'
 * own name (files kept by earlier visits stay usable), handed to
 * transformers.js as its custom cache so that the app hears what it would
 * otherwise swallow:
 * - a download whose sha256 the manifest records is checked before it is
 *   kept; a mismatch is never cached, and the load then fails naming the file;
 * - a full storage quota (the file is used, but not kept: the page says it
 *   will be downloaded again next visit);
 * - a model's cached files can be dropped, when a cached copy fails to load.
 */
import { hubFileOf, isFileOf, type CacheNotes } from '../../core/hub-files.ts';
export type { CacheNotes };
import { sha256Hex } from '../../core/integrity.ts';
import type { ModelEntry } from '../../core/manifest.ts';

/** transformers.js' default cache name: the page's storage panel counts and clears it. */
export const HUB_CACHE_NAME = 'transformers-cache';

export interface Mismatch {
  readonly entry: ModelEntry;
  readonly path: string;
  readonly actual: string;
  readonly expected: string;
}

const isQuotaError = (e: unknown) => e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);

export class HubCache {
  readonly #entries: ModelEntry[] = [];
  #cache: Promise<Cache | null> | null = null;
  #mismatches: Mismatch[] = [];
  readonly #notKept: { path: string; bytes: number }[] = [];

  /** The manifest entries being loaded: their recorded digests are checked. */
  expect(entry: ModelEntry): void {
    if (!this.#entries.some((e) => e.id === entry.id)) this.#entries.push(entry);
  }

  #open(): Promise<Cache | null> {
    this.#cache ??= caches.open(HUB_CACHE_NAME).catch(() => null); // e.g. storage blocked: downloads each visit
    return this.#cache;
  }

  async match(key: string): Promise<Response | undefined> {
    return (await this.#open())?.match(key);
  }

  async put(key: string, response: Response): Promise<void> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const ref = hubFileOf(this.#entries, key);
    if (ref?.sha256) {
      const actual = await sha256Hex(bytes);
      if (actual !== ref.sha256) {
        this.#mismatches.push({ entry: ref.entry, path: ref.path, actual, expected: ref.sha256 });
        return; // never kept
      }
    }
    const cache = await this.#open();
    if (!cache) return;
    const headers = new Headers(response.headers);
    headers.set('content-length', String(bytes.byteLength));
    try {
      await cache.put(key, new Response(bytes, { headers }));
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      this.#notKept.push({ path: ref ? `${ref.entry.name}: ${ref.path}` : key, bytes: bytes.byteLength });
    }
  }

  async delete(key: string): Promise<boolean> {
    return (await this.#open())?.delete(key) ?? false;
  }

  /** Drops every cached file of `entry` (at its revision); the paths dropped. */
  async drop(entry: ModelEntry): Promise<string[]> {
    const cache = await this.#open();
    if (!cache) return [];
    const keys = (await cache.keys()).map((r) => r.url).filter((url) => isFileOf(entry, url));
    await Promise.all(keys.map((k) => cache.delete(k)));
    return keys;
  }

  /** The digest mismatches seen for `entry` since the last call (and forgets them). */
  takeMismatches(entry: ModelEntry): Mismatch[] {
    const mine = this.#mismatches.filter((m) => m.entry.id === entry.id);
    this.#mismatches = this.#mismatches.filter((m) => m.entry.id !== entry.id);
    return mine;
  }

  /** What the page should say about this worker's downloads (and forgets it). */
  takeNotes(): CacheNotes {
    return { notKept: this.#notKept.splice(0) };
  }
}
