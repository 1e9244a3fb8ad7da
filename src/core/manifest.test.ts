import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './integrity.ts';
import { ManifestError, fileUrl, findModel, parseManifest } from './manifest.ts';
import { warmUpArrays } from './warm-up.ts';

const MODELS = join(import.meta.dirname, '../../models');
const raw = JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')) as { models: Record<string, unknown>[] };
const manifest = parseManifest(raw);
const bundled = manifest.models.filter((m) => m.source.kind === 'bundled');

function withModel(change: (m: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(raw);
  change(copy.models[0] as Record<string, unknown>);
  return copy;
}

describe('models/manifest.json', () => {
  it('describes the eight bundled models and the hub models with pinned revisions', () => {
    expect(bundled.map((m) => m.id).sort()).toEqual([
      'blazeface-back-256',
      'blazeface-front-128',
      'emotion-mini-xception',
      'face-expression',
      'face-landmarks-68',
      'face-landmarks-68-tiny',
      'silero-vad-v5',
      'voice-emotion-lite',
    ]);
    for (const m of manifest.models.filter((m) => m.source.kind === 'hub')) {
      if (m.source.kind !== 'hub') continue;
      // Pinned to a full commit, or (speech emotion only, no full revision confirmable offline) `main` with the commit seen.
      if (m.id === 'speech-emotion-wav2vec2')
        expect([m.source.revision, m.source.seenCommit]).toEqual(['main', '57f53c4']);
      else expect(m.source.revision).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it('gives every pinned hub file a sha256 with where it was read, or the reason none is recorded', () => {
    const hubFiles = manifest.models
      .filter((m) => m.source.kind === 'hub')
      .flatMap((m) => m.files.map((f) => [m.id, f] as const));
    expect(hubFiles.length).toBeGreaterThan(20);
    for (const [id, f] of hubFiles) {
      const what = `${id}: ${f.path}`;
      if (f.sha256 !== null) expect(f.digestSource, what).toMatch(/\S/);
      else expect(f.unverifiable, what).toMatch(/\S/);
    }
    // The model files whose digests could be read from stored copies of the hub pages (2026-12-07).
    const verified = hubFiles.filter(([, f]) => f.sha256 !== null).map(([id, f]) => `${id}: ${f.path}`);
    expect(verified).toEqual([
      'vit-facial-emotions: onnx/model_quantized.onnx',
      'smollm2-135m: onnx/model_q4.onnx',
      'smollm2-135m: onnx/model_q4f16.onnx',
      'roberta-go-emotions: onnx/model_quantized.onnx',
    ]);
  });

  it.each(bundled.map((m) => [m.id, m] as const))('%s: file on disk matches size and sha256', async (_id, m) => {
    for (const f of m.files) {
      const bytes = new Uint8Array(readFileSync(join(MODELS, f.path)));
      expect(bytes.byteLength).toBe(f.size);
      expect(await sha256Hex(bytes)).toBe(f.sha256);
    }
  });

  it.each(bundled.map((m) => [m.id, m] as const))('%s: inputs and labels match the real graph', async (_id, m) => {
    const session = await ort.InferenceSession.create(join(MODELS, m.files[0]!.path), { logSeverityLevel: 3 });
    try {
      expect([...session.inputNames].sort()).toEqual(Object.keys(m.inputs ?? {}).sort());
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, a] of Object.entries(warmUpArrays(m))) feeds[name] = new ort.Tensor(a.type, a.data, a.dims);
      const out = await session.run(feeds);
      if (m.labels) {
        const first = out[session.outputNames[0]!]!;
        expect(first.dims.at(-1)).toBe(m.labels.length);
      }
    } finally {
      await session.release();
    }
  });

  it('builds same-origin URLs for bundled files and pinned hub URLs for hub files', () => {
    const face = findModel(manifest, 'face-expression');
    expect(fileUrl(face, face.files[0]!, 'https://app.example/attend/')).toBe(
      'https://app.example/attend/models/lite/face/face_expression.onnx',
    );
    const vlm = findModel(manifest, 'smolvlm-256m');
    expect(fileUrl(vlm, vlm.files[0]!, 'https://app.example/')).toBe(
      'https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct/resolve/acc054744d60adea9d88214dab6e2219e6e512a7/config.json',
    );
  });
});

describe('what a model takes besides text', () => {
  it("is the manifest's to say: the vision LM sees, the Omni model sees and hears, the text LM neither", () => {
    expect(findModel(manifest, 'smolvlm-256m')).toMatchObject({ sees: ['image'], hears: [] });
    expect(findModel(manifest, 'gemma4-e2b')).toMatchObject({ sees: ['image'], hears: ['audio'] });
    expect(findModel(manifest, 'smollm2-135m')).toMatchObject({ sees: [], hears: [] });
    const bad = structuredClone(raw);
    (bad.models[0] as Record<string, unknown>).hears = ['smell'];
    expect(() => parseManifest(bad)).toThrow(/hears\[0\]: expected one of audio/);
  });
});

describe('parseManifest rejects', () => {
  it('a hub model pinned to a branch', () => {
    const bad = structuredClone(raw);
    const hub = bad.models.find((m) => (m.source as { kind: string }).kind === 'hub')!;
    (hub.source as { revision: string }).revision = 'main';
    expect(() => parseManifest(bad)).toThrow(/revision: pin a full 40-hex commit/);
    // `main` passes only with the short commit seen recorded beside it.
    (hub.source as { seenCommit?: string }).seenCommit = 'not-hex';
    expect(() => parseManifest(bad)).toThrow(/revision: pin a full 40-hex commit/);
    (hub.source as { seenCommit?: string }).seenCommit = '57f53c4';
    expect(() => parseManifest(bad)).not.toThrow();
  });

  it('a bundled file without sha256', () => {
    const bad = withModel((m) => {
      (m.files as { sha256?: string }[])[0]!.sha256 = undefined;
    });
    expect(() => parseManifest(bad)).toThrow(/a bundled file needs sha256 and size/);
  });

  it('a hub file with no sha256 and no reason, or with both', () => {
    const bad = structuredClone(raw);
    const hub = bad.models.find((m) => m.id === 'roberta-go-emotions')!;
    const config = (hub.files as Record<string, unknown>[]).find((f) => f.path === 'config.json')!;
    delete config.unverifiable;
    expect(() => parseManifest(bad)).toThrow(/a hub file needs a sha256, or `unverifiable` saying why there is none/);
    config.unverifiable = ' ';
    expect(() => parseManifest(bad)).toThrow(/unverifiable: expected the reason/);
    config.unverifiable = 'why';
    config.sha256 = 'a'.repeat(64);
    expect(() => parseManifest(bad)).toThrow(/a file with a sha256 is verified/);
  });

  it('an expression label with no emotion class', () => {
    const bad = structuredClone(raw);
    const face = bad.models.find((m) => m.id === 'face-expression')!;
    face.labels = ['neutral', 'contempt'];
    expect(() => parseManifest(bad)).toThrow(/no emotion class for contempt/);
  });

  it('a device without a dtype, a duplicate id, and a path leaving models/', () => {
    expect(() => parseManifest(withModel((m) => (m.dtype = { wasm: 'fp32' })))).toThrow(/no dtype for device webgpu/);
    const dup = structuredClone(raw);
    dup.models.push(structuredClone(dup.models[0]!));
    expect(() => parseManifest(dup)).toThrow(ManifestError);
    const escape = withModel((m) => ((m.files as { path: string }[])[0]!.path = '../secret.onnx'));
    expect(() => parseManifest(escape)).toThrow(/must be relative/);
  });
});
