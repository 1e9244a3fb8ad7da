/**
 * The page half of `npm run check:hub`: one hub model loaded through the app's own hub worker (its loading
 * code, its download cache), run twice on a fixture input, and its downloaded files read back from the cache
 * with their size and sha256. The checks themselves run in Node (scripts/check-hub/checks.ts).
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../../src/core/capabilities.ts';
import { isFileOf, parseHubKey } from '../../src/core/hub-files.ts';
import { sha256Hex } from '../../src/core/integrity.ts';
import type { ModelEntry } from '../../src/core/manifest.ts';
import { planSections } from '../../src/core/mi/prompts.ts';
import { HUB_CACHE_NAME } from '../../src/platform/hub/model-cache.ts';
import { migrCase } from '../../src/test-support/migr-case.ts';
import type { HubWorkerApi, ImageInput } from '../../src/workers/protocol.ts';
import { checkKind, type CheckInputs, type PageResult } from '../../scripts/check-hub/kinds.ts';

async function decodeImage(jpeg: number[]): Promise<ImageInput> {
  const bitmap = await createImageBitmap(new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const rgba = new Uint8ClampedArray(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
  return { rgba, width: bitmap.width, height: bitmap.height };
}

/** The model's files the worker downloaded (at its pinned revision), read back from the cache. */
async function cachedFiles(entry: ModelEntry): Promise<PageResult['files']> {
  const cache = await caches.open(HUB_CACHE_NAME);
  const out: { path: string; bytes: number; sha256: string }[] = [];
  for (const request of await cache.keys()) {
    if (!isFileOf(entry, request.url)) continue;
    const bytes = new Uint8Array(await (await cache.match(request))!.arrayBuffer());
    out.push({ path: parseHubKey(request.url)!.path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Tokens per free-text section: enough to see each section written and closed, short enough for a small context. */
const SECTION_CAPS = { aud_desc: 24, vis_desc: 24, txt_desc: 24, think: 32 } as const;

const seconds = (from: number) => (performance.now() - from) / 1000;

export async function checkHubModel(
  entry: ModelEntry,
  caps: Capabilities,
  appBase: string,
  inputs: CheckInputs,
): Promise<PageResult> {
  const kind = checkKind(entry);
  const worker = new Worker(new URL('../../src/workers/hub.worker.ts', import.meta.url), {
    type: 'module',
    name: `check-${entry.id}`,
  });
  const w = Comlink.wrap<HubWorkerApi>(worker);
  const sentence = Float32Array.from(inputs.sentence);
  try {
    await w.configure({ appBase, wasmThreads: caps.wasmThreads });
    let t = performance.now();
    let run: () => Promise<unknown>;
    let choice: { device: string; reason: string };
    if (kind === 'explainer') {
      choice = entry.hears.includes('audio')
        ? await w.loadOmniLM(entry, caps)
        : entry.sees.includes('image')
          ? await w.loadVisionLM(entry, caps)
          : await w.loadCausalLM(entry, caps);
      const { mi, evidence } = migrCase({ words: true });
      const plan = planSections(mi, 'migr');
      const image = entry.sees.includes('image') ? await decodeImage(inputs.smilingFace) : undefined;
      run = async () => {
        const result = await w.explain(entry.id, {
          plan,
          evidence,
          mi,
          caps: SECTION_CAPS,
          ...(image ? { image } : {}),
          ...(entry.hears.includes('audio') ? { audio: sentence } : {}),
        });
        return {
          plan,
          text: result.text,
          sections: result.sections.map((s) => s.section),
          ttftMs: result.ttftMs,
          tokensPerSecond: result.tokensPerSecond,
          tokens: result.tokens,
        };
      };
    } else {
      const task = (
        {
          face: 'image-classification',
          'speech-to-text': 'automatic-speech-recognition',
          'text-emotion': 'text-classification',
          'speech-emotion': 'audio-classification',
        } as const
      )[kind];
      choice = await w.loadPipeline(task, entry, caps);
      const image = kind === 'face' ? await decodeImage(inputs.smilingFace) : null;
      run = () =>
        kind === 'speech-to-text'
          ? w.transcribe(entry.id, sentence)
          : kind === 'text-emotion'
            ? w.classify(entry.id, inputs.happyText)
            : kind === 'face'
              ? w.classify(entry.id, { ...image!, rgba: image!.rgba.slice() })
              : w.classify(entry.id, sentence);
    }
    const loadS = seconds(t);
    t = performance.now();
    const output = await run();
    const firstRunS = seconds(t);
    t = performance.now();
    await run();
    const warmRunMs = seconds(t) * 1000;
    const id2label =
      kind === 'speech-emotion' || kind === 'face' || kind === 'text-emotion'
        ? await w.pipelineId2Label(entry.id)
        : undefined;
    return {
      id: entry.id,
      kind,
      device: choice.device,
      reason: choice.reason,
      files: await cachedFiles(entry),
      loadS,
      firstRunS,
      warmRunMs,
      output,
      id2label,
    };
  } catch (e) {
    const files = await cachedFiles(entry).catch(() => []);
    return {
      id: entry.id,
      kind,
      device: '',
      reason: '',
      files,
      loadS: 0,
      firstRunS: 0,
      warmRunMs: 0,
      output: null,
      error: e instanceof Error ? e.message : String(e),
    };
  } finally {
    w[Comlink.releaseProxy]();
    worker.terminate();
  }
}
