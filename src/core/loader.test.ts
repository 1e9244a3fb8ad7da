import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, loadModelFile, type FileCache, type FileProgress } from './loader.ts';
import { findModel, parseManifest, type ModelEntry } from './manifest.ts';

const MODELS = join(import.meta.dirname, '../../models');
const manifest = parseManifest(JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')));
const vad = findModel(manifest, 'silero-vad-v5');
const real = new Uint8Array(readFileSync(join(MODELS, vad.files[0]!.path)));

/** What the test server answers for /models/<path>: the real file unless overridden. */
let override: ((path: string) => { status: number; body?: Uint8Array }) | null = null;
let requests = 0;
let server: Server;
let appBase: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const path = decodeURIComponent(req.url ?? '').replace(/^\/(models|hub)\//, '');
    const answer = override?.(path) ?? { status: 200, body: new Uint8Array(readFileSync(join(MODELS, path))) };
    res.statusCode = answer.status;
    if (answer.body) res.setHeader('content-length', answer.body.byteLength);
    res.end(answer.body ? Buffer.from(answer.body) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Byte equality without vitest's element-by-element diffing of a 2 MB array. */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

async function failure(promise: Promise<unknown>): Promise<ModelLoadError> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelLoadError);
  return e as ModelLoadError;
}

describe('loadModelFile over real HTTP', () => {
  it('returns the verified bytes and reports monotonic progress to the total', async () => {
    override = null;
    const progress: FileProgress[] = [];
    const bytes = await loadModelFile(vad, vad.files[0]!, { appBase, onProgress: (p) => progress.push(p) });
    expect(same(bytes, real)).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p) => p.total === real.byteLength && p.file === vad.files[0]!.path)).toBe(true);
    const loaded = progress.map((p) => p.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ loaded: real.byteLength, done: true });
  });

  it('fails a file with one byte flipped, naming the model and the file', async () => {
    const flipped = real.slice();
    flipped[1000] = flipped[1000]! ^ 0x01;
    override = () => ({ status: 200, body: flipped });
    const e = await failure(loadModelFile(vad, vad.files[0]!, { appBase }));
    expect(e.failure).toBe('integrity');
    expect(e.message).toMatch(
      /^Could not load Silero voice activity v5: lite\/audio\/silero_vad_v5\.onnx failed its integrity check/,
    );
  });

  it('fails a truncated file on its size, a missing one as missing, a server error by status', async () => {
    override = () => ({ status: 200, body: real.slice(0, 1000) });
    expect((await failure(loadModelFile(vad, vad.files[0]!, { appBase }))).failure).toBe('size');
    override = () => ({ status: 404 });
    const missing = await failure(loadModelFile(vad, vad.files[0]!, { appBase }));
    expect(missing.failure).toBe('not-found');
    expect(missing.message).toContain('lite/audio/silero_vad_v5.onnx is missing (404');
    override = () => ({ status: 503 });
    expect((await failure(loadModelFile(vad, vad.files[0]!, { appBase }))).message).toContain('HTTP 503');
  });

  it('reports an unreachable host as a network failure', async () => {
    const e = await failure(loadModelFile(vad, vad.files[0]!, { appBase: 'http://127.0.0.1:9/' }));
    expect(e.failure).toBe('network');
  });

  it('keeps hub files in the cache and reads them from it the second time', async () => {
    const store = new Map<string, Response>();
    const cache: FileCache = {
      match: async (url) => store.get(url)?.clone(),
      put: async (url, response) => void store.set(url, response),
    };
    const hub: ModelEntry = {
      ...vad,
      id: 'hub-vad',
      source: { kind: 'hub', id: 'owner/vad', revision: 'f'.repeat(40) },
    };
    override = (path) => ({ status: 200, body: path.startsWith('owner/vad/resolve/') ? real : new Uint8Array() });
    const opts = { appBase, hubBase: `${appBase}hub`, cache };
    requests = 0;
    const first: FileProgress[] = [];
    expect(same(await loadModelFile(hub, hub.files[0]!, { ...opts, onProgress: (p) => first.push(p) }), real)).toBe(
      true,
    );
    expect(requests).toBe(1);
    expect(store.has(`${appBase}hub/owner/vad/resolve/${'f'.repeat(40)}/lite/audio/silero_vad_v5.onnx`)).toBe(true);
    const second: FileProgress[] = [];
    expect(same(await loadModelFile(hub, hub.files[0]!, { ...opts, onProgress: (p) => second.push(p) }), real)).toBe(
      true,
    );
    expect(requests).toBe(1);
    expect(first.at(-1)?.fromCache).toBe(false);
    expect(second.at(-1)?.fromCache).toBe(true);
  });
});
