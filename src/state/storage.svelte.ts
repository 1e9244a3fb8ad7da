/**
 * This origin's storage, as the visitor sees it in "This browser": how much
 * the browser lets the page keep (its estimate), how much of it is hub
 * models cached by earlier downloads, whether it is kept for good
 * (`navigator.storage.persist()`, asked before a large download), and a
 * control that clears the cached models.
 */
import { megabytes, unverifiedKeys } from '../core/hub-files.ts';
import type { ModelManifest } from '../core/manifest.ts';
import { HUB_CACHE_NAME } from '../platform/hub/model-cache.ts';

export class StorageState {
  /** Bytes this origin uses and may use, by the browser's estimate (null where it gives none). */
  usage: number | null = $state(null);
  quota: number | null = $state(null);
  /** Whether the browser keeps this origin's storage under pressure (null until asked or where unsupported). */
  persisted: boolean | null = $state(null);
  /**
   * Hub model files kept in the download cache; `unverified` names those kept without a check against a
   * recorded sha256 (the manifest has none for them).
   */
  cached: { files: number; bytes: number; unverified: string[] } | null = $state(null);
  /** What the last action did, or why it could not. */
  message: string | null = $state(null);
  #asked = false;
  readonly #manifest: ModelManifest;

  constructor(manifest: ModelManifest) {
    this.#manifest = manifest;
  }

  async refresh(): Promise<void> {
    const storage = globalThis.navigator?.storage;
    try {
      const estimate = await storage?.estimate?.();
      this.usage = estimate?.usage ?? null;
      this.quota = estimate?.quota ?? null;
      this.persisted = (await storage?.persisted?.()) ?? null;
      this.cached = await countCached(this.#manifest);
    } catch (e) {
      this.message = `The storage estimate is not available (${e instanceof Error ? e.message : String(e)}).`;
    }
  }

  /** Before a large download: asks the browser to keep this origin's storage (once per visit). */
  async beforeDownload(): Promise<void> {
    const storage = globalThis.navigator?.storage;
    if (!this.#asked && storage?.persist && !(await storage.persisted())) {
      this.#asked = true;
      this.persisted = await storage.persist().catch(() => false);
    }
    await this.refresh();
  }

  /** Deletes the cached hub models; they are downloaded again when next used. */
  async clear(): Promise<void> {
    try {
      const before = (await countCached(this.#manifest)) ?? { files: 0, bytes: 0 };
      await caches.delete(HUB_CACHE_NAME);
      this.message =
        before.files === 0
          ? 'No models were cached.'
          : `Cleared ${before.files} cached file${before.files === 1 ? '' : 's'} (${megabytes(before.bytes)}). Hub models are downloaded again when next used.`;
    } catch (e) {
      this.message = `The cached models could not be cleared (${e instanceof Error ? e.message : String(e)}).`;
    }
    await this.refresh();
  }
}

/** The files in the hub download cache, their size and the unverified ones (null where the Cache API is not available). */
async function countCached(
  manifest: ModelManifest,
): Promise<{ files: number; bytes: number; unverified: string[] } | null> {
  if (typeof caches === 'undefined') return null;
  if (!(await caches.has(HUB_CACHE_NAME))) return { files: 0, bytes: 0, unverified: [] };
  const cache = await caches.open(HUB_CACHE_NAME);
  const keys = await cache.keys();
  let bytes = 0;
  for (const key of keys) {
    const response = await cache.match(key);
    bytes += Number(response?.headers.get('content-length') ?? 0) || 0;
  }
  return {
    files: keys.length,
    bytes,
    unverified: unverifiedKeys(
      manifest.models,
      keys.map((k) => k.url),
    ),
  };
}
