/**
 * Hub files as the download cache knows them: a cached file's key is its hub
 * URL (`{host}/{owner/name}/resolve/{revision}/{path}`), which names the
 * manifest entry and file it belongs to, and so the sha256 it must have
 * where the manifest records one.
 */
import type { ModelEntry } from './manifest.ts';

export interface HubFileRef {
  readonly entry: ModelEntry;
  readonly path: string;
  /** The recorded digest, or null where the manifest has none for this file. */
  readonly sha256: string | null;
}

/** The parts of a hub file URL, or null when `key` is not one. */
export function parseHubKey(key: string): { id: string; revision: string; path: string } | null {
  let pathname: string;
  try {
    pathname = new URL(key).pathname;
  } catch {
    return null;
  }
  const parts = pathname.split('/').filter((p) => p !== '');
  const at = parts.indexOf('resolve');
  if (at < 1 || parts.length < at + 3) return null;
  return {
    id: parts.slice(0, at).map(decodeURIComponent).join('/'),
    revision: decodeURIComponent(parts[at + 1]!),
    path: parts
      .slice(at + 2)
      .map(decodeURIComponent)
      .join('/'),
  };
}

/** The manifest entry and file a cache key stands for, among `entries` (null when none matches). */
export function hubFileOf(entries: readonly ModelEntry[], key: string): HubFileRef | null {
  const parsed = parseHubKey(key);
  if (!parsed) return null;
  const entry = entries.find(
    (e) => e.source.kind === 'hub' && e.source.id === parsed.id && e.source.revision === parsed.revision,
  );
  if (!entry) return null;
  const file = entry.files.find((f) => f.path === parsed.path);
  return { entry, path: parsed.path, sha256: file?.sha256 ?? null };
}

/** Whether a cache key is one of `entry`'s files (at its pinned revision). */
export function isFileOf(entry: ModelEntry, key: string): boolean {
  const parsed = parseHubKey(key);
  return (
    parsed !== null &&
    entry.source.kind === 'hub' &&
    parsed.id === entry.source.id &&
    parsed.revision === entry.source.revision
  );
}

/** "12.3 MB", for storage figures. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/** What a hub worker's downloads left for the page to say. */
export interface CacheNotes {
  /** Files downloaded but not kept, the storage being full. */
  readonly notKept: readonly { readonly path: string; readonly bytes: number }[];
  /** Sentences about cached copies dropped and downloaded again (added by the page, which retried). */
  readonly recovered?: readonly string[];
}

/** The notes as what the page says (null when there is nothing to say). */
export function storageNotice(notes: CacheNotes): string | null {
  const said = [...(notes.recovered ?? [])];
  if (notes.notKept.length > 0) {
    const bytes = notes.notKept.reduce((sum, f) => sum + f.bytes, 0);
    const n = notes.notKept.length;
    said.push(
      `This browser's storage for the page is full: ${n} downloaded file${n === 1 ? '' : 's'} (${megabytes(bytes)}) could not be kept, ` +
        `so ${n === 1 ? 'it' : 'they'} will be downloaded again next visit. Free some space, or clear cached models below.`,
    );
  }
  return said.length > 0 ? said.join(' ') : null;
}

/**
 * The cached hub files that were kept without a check against a recorded sha256 (the manifest has none
 * for them, or does not list them), as "model: path" (or the URL where no model matches).
 */
export function unverifiedKeys(entries: readonly ModelEntry[], keys: readonly string[]): string[] {
  return keys.flatMap((key) => {
    const ref = hubFileOf(entries, key);
    if (ref?.sha256) return [];
    return [ref ? `${ref.entry.name}: ${ref.path}` : key];
  });
}
