/**
 * The model manifest (models/manifest.json): every model the app knows, where
 * it comes from, its files with size and sha256, its dtype per device and its
 * output label order. Parsed and validated here, so a malformed manifest fails
 * loudly at start-up rather than as a wrong answer later.
 */
import { emotionForLabel } from './labels.ts';

export type Device = 'webgpu' | 'wasm';
export const DEVICES: readonly Device[] = ['webgpu', 'wasm'];

export type ModelRole =
  | 'face-detection'
  | 'facial-expression'
  | 'face-landmarks'
  | 'voice-activity'
  | 'speech-emotion'
  | 'speech-to-text'
  | 'text-emotion'
  | 'explainer';

const ROLES: readonly ModelRole[] = [
  'face-detection',
  'facial-expression',
  'face-landmarks',
  'voice-activity',
  'speech-emotion',
  'speech-to-text',
  'text-emotion',
  'explainer',
];

export type Tier = 'lite' | 'standard' | 'omni';
const TIERS: readonly Tier[] = ['lite', 'standard', 'omni'];

/** A dtype name as transformers.js spells it, or one per session of a multi-file model. */
export type DType = string | Readonly<Record<string, string>>;

export interface ModelFile {
  /** Relative to models/ for bundled models, to the repo root for hub models. */
  readonly path: string;
  /** Lower-case hex; null for hub files whose digest could not be recorded (then `unverifiable` says why). */
  readonly sha256: string | null;
  /** Hub files with a digest: where it was read (the hub page and the commit that wrote the file). */
  readonly digestSource?: string;
  /** Hub files without a digest: why none is recorded. Such a download is used unverified, and the page says so. */
  readonly unverifiable?: string;
  /** Bytes; null where the hub page did not give an exact size. */
  readonly size: number | null;
  /**
   * Hub files without an exact size: the size the hub page displayed (rounded, e.g. "87.5 MB"), in
   * bytes, so the tier cards can say roughly what a tier downloads. Absent where none was seen.
   */
  readonly shownSize?: number;
}

export type ModelSource =
  | { readonly kind: 'bundled' }
  | {
      readonly kind: 'hub';
      readonly id: string;
      /** A full 40-hex commit; or `main` where none could be confirmed, with the short commit seen recorded. */
      readonly revision: string;
      /** With revision `main` only: the short commit seen on the hub page when the entry was written. */
      readonly seenCommit?: string;
    };

/** An input of a bundled graph, enough to build a warm-up feed. */
export interface InputSpec {
  readonly type: 'float32' | 'int64';
  readonly shape: readonly number[];
  /** Value every element takes in a warm-up run (0 when absent). */
  readonly fill?: number;
}

export interface ModelEntry {
  readonly id: string;
  readonly name: string;
  readonly role: ModelRole;
  readonly tier: Tier;
  readonly source: ModelSource;
  readonly files: readonly ModelFile[];
  /** Devices the model may run on, in order of preference. */
  readonly devices: readonly Device[];
  /** Why the device list is what it is (shown in the capability panel). */
  readonly deviceNote?: string;
  /** dtype per device; `webgpu-f16` is used instead of `webgpu` when the adapter has shader-f16. */
  readonly dtype: Readonly<Partial<Record<Device | 'webgpu-f16', DType>>>;
  /** Output label order as the model emits it (classifiers only). */
  readonly labels: readonly string[] | null;
  /** Graph inputs (bundled models), keyed by name. */
  readonly inputs: Readonly<Record<string, InputSpec>> | null;
  /** What a generative model takes besides text: `image` (it sees the face crop). Empty when text only. */
  readonly sees: readonly 'image'[];
  /** What a generative model hears: `audio` (the utterance's 16 kHz samples). Empty when it hears nothing. */
  readonly hears: readonly 'audio'[];
  readonly license: string;
}

export interface ModelManifest {
  readonly version: 1;
  readonly models: readonly ModelEntry[];
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX40 = /^[0-9a-f]{40}$/;

function fail(where: string, what: string): never {
  throw new ManifestError(`models/manifest.json: ${where}: ${what}`);
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(where, 'expected a non-empty string');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(where, `expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function obj(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'expected an object');
  return value as Record<string, unknown>;
}

function parseFile(raw: unknown, where: string, bundled: boolean): ModelFile {
  const o = obj(raw, where);
  const path = str(o.path, `${where}.path`);
  if (path.includes('..') || path.startsWith('/')) fail(`${where}.path`, 'must be relative, without ..');
  const sha256 = o.sha256 ?? null;
  const size = o.size ?? null;
  if (sha256 !== null && (typeof sha256 !== 'string' || !HEX64.test(sha256))) {
    fail(`${where}.sha256`, 'expected 64 lower-case hex digits');
  }
  if (size !== null && (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)) {
    fail(`${where}.size`, 'expected a positive whole number of bytes');
  }
  if (bundled && (sha256 === null || size === null)) fail(where, 'a bundled file needs sha256 and size');
  const why = o.unverifiable;
  if (why !== undefined && (typeof why !== 'string' || why.trim() === ''))
    fail(`${where}.unverifiable`, 'expected the reason as a non-empty string');
  if (!bundled && sha256 === null && why === undefined)
    fail(where, 'a hub file needs a sha256, or `unverifiable` saying why there is none');
  if (sha256 !== null && why !== undefined)
    fail(`${where}.unverifiable`, 'a file with a sha256 is verified: drop the reason');
  const source = o.digestSource;
  if (source !== undefined && (typeof source !== 'string' || source.trim() === ''))
    fail(`${where}.digestSource`, 'expected a non-empty string');
  const shown = o.shownSize;
  if (shown !== undefined && (typeof shown !== 'number' || !Number.isInteger(shown) || shown <= 0)) {
    fail(`${where}.shownSize`, 'expected a positive whole number of bytes');
  }
  return {
    path,
    sha256: sha256 as string | null,
    size: size as number | null,
    ...(shown !== undefined ? { shownSize: shown as number } : {}),
    ...(source !== undefined ? { digestSource: source as string } : {}),
    ...(why !== undefined ? { unverifiable: why as string } : {}),
  };
}

function parseSource(raw: unknown, where: string): ModelSource {
  const o = obj(raw, where);
  const kind = oneOf(o.kind, ['bundled', 'hub'] as const, `${where}.kind`);
  if (kind === 'bundled') return { kind };
  const id = str(o.id, `${where}.id`);
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) fail(`${where}.id`, 'expected owner/name');
  const revision = str(o.revision, `${where}.revision`);
  if (HEX40.test(revision)) return { kind, id, revision };
  // The one exception: `main`, where no full revision could be confirmed, with the short commit seen recorded.
  if (revision === 'main' && typeof o.seenCommit === 'string' && /^[0-9a-f]{7,39}$/.test(o.seenCommit)) {
    return { kind, id, revision, seenCommit: o.seenCommit };
  }
  return fail(
    `${where}.revision`,
    'pin a full 40-hex commit, not a branch (or `main` with the short commit seen as seenCommit)',
  );
}

function parseDType(raw: unknown, where: string): DType {
  if (typeof raw === 'string' && raw.length > 0) return raw;
  const o = obj(raw, where);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = str(v, `${where}.${k}`);
  return out;
}

function parseInputs(raw: unknown, where: string): Record<string, InputSpec> | null {
  if (raw === undefined || raw === null) return null;
  const o = obj(raw, where);
  const out: Record<string, InputSpec> = {};
  for (const [name, value] of Object.entries(o)) {
    const spec = obj(value, `${where}.${name}`);
    const type = oneOf(spec.type, ['float32', 'int64'] as const, `${where}.${name}.type`);
    if (!Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 1)) {
      fail(`${where}.${name}.shape`, 'expected whole dimensions of at least 1 (an empty array for a scalar)');
    }
    if (spec.fill !== undefined && typeof spec.fill !== 'number') fail(`${where}.${name}.fill`, 'expected a number');
    out[name] = { type, shape: spec.shape as number[], ...(typeof spec.fill === 'number' ? { fill: spec.fill } : {}) };
  }
  return out;
}

function parseSenses<T extends string>(raw: unknown, allowed: readonly T[], where: string): T[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) fail(where, `expected a list of ${allowed.join(', ')}`);
  return raw.map((v, i) => oneOf(v, allowed, `${where}[${i}]`));
}

function parseEntry(raw: unknown, index: number): ModelEntry {
  const where = `models[${index}]`;
  const o = obj(raw, where);
  const id = str(o.id, `${where}.id`);
  const at = `model ${id}`;
  const source = parseSource(o.source, `${at}.source`);
  if (!Array.isArray(o.files) || o.files.length === 0) fail(`${at}.files`, 'expected at least one file');
  const files = o.files.map((f, i) => parseFile(f, `${at}.files[${i}]`, source.kind === 'bundled'));
  if (!Array.isArray(o.devices) || o.devices.length === 0) fail(`${at}.devices`, 'expected at least one device');
  const devices = o.devices.map((d, i) => oneOf(d, DEVICES, `${at}.devices[${i}]`));
  const dtypeRaw = obj(o.dtype, `${at}.dtype`);
  const dtype: Partial<Record<Device | 'webgpu-f16', DType>> = {};
  for (const [k, v] of Object.entries(dtypeRaw)) {
    const key = oneOf(k, ['webgpu', 'wasm', 'webgpu-f16'] as const, `${at}.dtype key`);
    dtype[key] = parseDType(v, `${at}.dtype.${k}`);
  }
  for (const d of devices) if (dtype[d] === undefined) fail(`${at}.dtype`, `no dtype for device ${d}`);
  let labels: string[] | null = null;
  if (o.labels !== undefined && o.labels !== null) {
    if (!Array.isArray(o.labels)) fail(`${at}.labels`, 'expected an array of names');
    labels = o.labels.map((l, i) => str(l, `${at}.labels[${i}]`));
  }
  const role = oneOf(o.role, ROLES, `${at}.role`);
  if ((role === 'facial-expression' || role === 'speech-emotion') && labels !== null) {
    const unmapped = labels.filter((l) => emotionForLabel(l) === null);
    if (unmapped.length > 0) fail(`${at}.labels`, `no emotion class for ${unmapped.join(', ')}`);
  }
  return {
    id,
    name: str(o.name, `${at}.name`),
    role,
    tier: oneOf(o.tier, TIERS, `${at}.tier`),
    source,
    files,
    devices,
    ...(typeof o.deviceNote === 'string' ? { deviceNote: o.deviceNote } : {}),
    dtype,
    labels,
    inputs: parseInputs(o.inputs, `${at}.inputs`),
    sees: parseSenses(o.sees, ['image'] as const, `${at}.sees`),
    hears: parseSenses(o.hears, ['audio'] as const, `${at}.hears`),
    license: str(o.license, `${at}.license`),
  };
}

export function parseManifest(raw: unknown): ModelManifest {
  const o = obj(raw, 'top level');
  if (o.version !== 1) fail('version', 'expected 1');
  if (!Array.isArray(o.models)) fail('models', 'expected an array');
  const models = o.models.map(parseEntry);
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.id)) fail(`model ${m.id}`, 'duplicate id');
    seen.add(m.id);
  }
  return { version: 1, models };
}

export function findModel(manifest: ModelManifest, id: string): ModelEntry {
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry) throw new ManifestError(`models/manifest.json has no model "${id}"`);
  return entry;
}

/** Where a model file is fetched from. `appBase` is the app's own absolute base URL. */
export function fileUrl(
  entry: ModelEntry,
  file: ModelFile,
  appBase: string,
  hubBase = 'https://huggingface.co',
): string {
  if (entry.source.kind === 'bundled') return new URL(`models/${file.path}`, appBase).href;
  return `${hubBase}/${entry.source.id}/resolve/${entry.source.revision}/${file.path}`;
}
