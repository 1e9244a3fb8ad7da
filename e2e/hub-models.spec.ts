import { expect, test } from '@playwright/test';
import type { Harness } from './harness/harness.ts';
import { harnessWithHub } from './hub-route.ts';

declare const harness: Harness;

/**
 * The app's hub-model code (src/platform/hub.ts in src/workers/hub.worker.ts)
 * on the tiny stand-ins, in Chromium workers, on WebGPU (SwiftShader) and on
 * WASM. Only the hub host is routed; the URLs, revisions, dtypes and CSP are
 * the real ones.
 */
let requested: string[];
test.beforeEach(async ({ page }) => {
  requested = await harnessWithHub(page);
});

test('causal LM: streams tokens, stops on request, same greedy ids on WebGPU and WASM, cache = no cache', async ({
  page,
}) => {
  const result = await page.evaluate(async () => {
    const h = harness;
    const caps = await h.probe();
    const wasmCaps = h.wasmOnly(caps);
    const entry = h.manifest.models.find((m) => m.id === 'smollm2-135m')!;
    const runs: Record<string, unknown> = {};
    for (const [name, c] of [
      ['webgpu', caps],
      ['wasm', wasmCaps],
    ] as const) {
      const w = h.hubWorker();
      await w.configure({ appBase: h.appBase(), wasmThreads: c.wasmThreads });
      const choice = await w.loadCausalLM(entry, c);
      const prompt = await w.chatPromptIds(entry.id, [{ role: 'user', content: 'Describe the voice.' }]);
      const tokenTimes: number[] = [];
      const streamedIds: number[] = [];
      const onToken = h.proxy((token: number) => {
        tokenTimes.push(performance.now());
        streamedIds.push(token);
      });
      const stats = await w.generate(entry.id, { ids: prompt }, 16, undefined, onToken);
      const doneAt = performance.now();
      // Without a cache: one token per call, each call re-reading the whole sequence.
      const uncached: number[] = [];
      for (let i = 0; i < stats.ids.length; i++) {
        const step = await w.generate(entry.id, { ids: [...prompt, ...uncached] }, 1);
        uncached.push(step.ids[0]!);
      }
      // Stop through the shared flag (WASM inference keeps the worker busy, so a message would arrive too
      // late). The flag is raised before the call, so the result does not hang on when a callback lands:
      // generation reads it after its first token and ends there.
      const stopFlag = new Int32Array(new SharedArrayBuffer(4));
      Atomics.store(stopFlag, 0, 1);
      const long = await w.generate(entry.id, { ids: prompt }, 400, undefined, undefined, stopFlag);
      runs[name] = {
        device: choice.device,
        ids: stats.ids,
        uncached,
        streamedIds,
        firstTokenBeforeEnd: tokenTimes.length > 0 && tokenTimes[0]! < doneAt,
        text: stats.text,
        ttftMs: stats.ttftMs,
        stopped: long.stopped,
        longLength: long.ids.length,
        warmUpMs: choice.warmUpMs,
      };
    }
    return runs;
  });
  const webgpu = result.webgpu as Record<string, unknown>;
  const wasm = result.wasm as Record<string, unknown>;
  expect(webgpu.device).toBe('webgpu');
  expect(wasm.device).toBe('wasm');
  for (const run of [webgpu, wasm]) {
    // Warmed up on load, as the bundled models are.
    expect(run.warmUpMs as number).toBeGreaterThan(0);
    expect((run.ids as number[]).length).toBe(16);
    expect(run.uncached).toEqual(run.ids);
    expect(run.streamedIds).toEqual(run.ids);
    expect(run.firstTokenBeforeEnd).toBe(true);
    expect((run.text as string).length).toBeGreaterThan(0);
    expect(run.stopped).toBe(true);
    expect(run.longLength).toBe(1);
  }
  expect(webgpu.ids).toEqual(wasm.ids);
  expect(requested.some((p) => /SmolLM2-135M-Instruct\/resolve\/[0-9a-f]{40}\/onnx\/model_q4\.onnx$/.test(p))).toBe(
    true,
  );
});

test('classifiers and speech-to-text: same results on WebGPU and WASM', async ({ page }) => {
  const result = await page.evaluate(async () => {
    const h = harness;
    const caps = await h.probe();
    const wasmCaps = h.wasmOnly(caps);
    const find = (id: string) => h.manifest.models.find((m) => m.id === id)!;
    const tone = new Float32Array(32000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / 16000));
    const rgba = new Uint8ClampedArray(64 * 48 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256));
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, c] of [
      ['webgpu', caps],
      ['wasm', wasmCaps],
    ] as const) {
      const w = h.hubWorker();
      await w.configure({ appBase: h.appBase(), wasmThreads: c.wasmThreads });
      const text = await w.loadPipeline('text-classification', find('roberta-go-emotions'), c);
      const image = await w.loadPipeline('image-classification', find('vit-facial-emotions'), c);
      const stt = await w.loadPipeline('automatic-speech-recognition', find('moonshine-base'), c);
      // The Standard voice: pinned to `main`, its labels read from its own config.json.
      const voice = await w.loadPipeline('audio-classification', find('speech-emotion-wav2vec2'), c);
      out[name] = {
        devices: [text.device, image.device, stt.device, voice.device],
        warmUpMs: [text.warmUpMs, image.warmUpMs, stt.warmUpMs, voice.warmUpMs],
        voice: await w.classify('speech-emotion-wav2vec2', tone),
        id2label: await w.pipelineId2Label('speech-emotion-wav2vec2'),
        text: await w.classify('roberta-go-emotions', "Don't forget a jacket."),
        image: await w.classify('vit-facial-emotions', { rgba, width: 64, height: 48 }),
        transcript: await w.transcribe('moonshine-base', tone),
      };
    }
    return out;
  });
  type Scored = { label: string; score: number }[];
  const { webgpu, wasm } = result as Record<string, Record<string, unknown>>;
  expect(webgpu!.devices).toEqual(['wasm', 'webgpu', 'webgpu', 'webgpu']); // the text model is WASM-only by design
  expect(wasm!.devices).toEqual(['wasm', 'wasm', 'wasm', 'wasm']);
  // Each pipeline ran on a dummy input at load, as the bundled models do, before its first real one.
  for (const r of [webgpu!, wasm!]) for (const ms of r.warmUpMs as number[]) expect(ms).toBeGreaterThan(0);
  const voice = (r: Record<string, unknown>) => Object.fromEntries((r.voice as Scored).map((s) => [s.label, s.score]));
  expect(Object.keys(voice(webgpu!)).length).toBe(8);
  expect(Object.values(webgpu!.id2label as Record<string, string>).sort()).toEqual(Object.keys(voice(webgpu!)).sort());
  for (const [label, score] of Object.entries(voice(wasm!))) expect(voice(webgpu!)[label]).toBeCloseTo(score, 3);
  expect((webgpu!.text as Scored).length).toBe(28);
  const image = (r: Record<string, unknown>) => Object.fromEntries((r.image as Scored).map((s) => [s.label, s.score]));
  const [gpuScores, cpuScores] = [image(webgpu!), image(wasm!)];
  expect(Object.keys(gpuScores).sort()).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
  for (const label of Object.keys(cpuScores)) expect(gpuScores[label]).toBeCloseTo(cpuScores[label]!, 3);
  const transcript = (r: Record<string, unknown>) => r.transcript as string;
  expect(transcript(webgpu!).length).toBeGreaterThan(0);
  expect(transcript(webgpu!)).toBe(transcript(wasm!));
});

test('vision LM (SmolVLM layout): the image reaches the decoder, same ids on WebGPU and WASM, cache = no cache', async ({
  page,
}) => {
  const result = await page.evaluate(async () => {
    const h = harness;
    const caps = await h.probe();
    const wasmCaps = h.wasmOnly(caps);
    const entry = h.manifest.models.find((m) => m.id === 'smolvlm-256m')!;
    const face = (shade: number) => ({
      rgba: new Uint8ClampedArray(96 * 96 * 4).map((_, i) =>
        i % 4 === 3 ? 255 : i % 4 === 1 ? shade : 200 - shade / 2,
      ),
      width: 96,
      height: 96,
    });
    const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe the face.' }] }];
    const open = Array.from(new TextEncoder().encode('<vis_desc>'));
    const runs: Record<
      string,
      { device: string; ids: number[]; uncached: number[]; other: number[]; warmUpMs: number }
    > = {};
    for (const [name, c] of [
      ['webgpu', caps],
      ['wasm', wasmCaps],
    ] as const) {
      const w = h.hubWorker();
      await w.configure({ appBase: h.appBase(), wasmThreads: c.wasmThreads });
      const choice = await w.loadVisionLM(entry, c);
      const request = (shade: number, extra: number[] = []) =>
        ({ messages, images: [face(shade)], appendIds: [...open, ...extra] }) as unknown as Parameters<
          typeof w.generate
        >[1];
      const stats = await w.generate(entry.id, request(40), 8);
      const uncached: number[] = [];
      for (let i = 0; i < stats.ids.length; i++)
        uncached.push((await w.generate(entry.id, request(40, uncached), 1)).ids[0]!);
      const other = await w.generate(entry.id, request(220), 8);
      runs[name] = { device: choice.device, ids: stats.ids, uncached, other: other.ids, warmUpMs: choice.warmUpMs };
    }
    return runs;
  });
  expect(result.webgpu!.device).toBe('webgpu');
  expect(result.wasm!.device).toBe('wasm');
  for (const run of Object.values(result)) {
    expect(run.warmUpMs).toBeGreaterThan(0);
    expect(run.ids.length).toBe(8);
    expect(run.uncached).toEqual(run.ids);
    expect(run.other).not.toEqual(run.ids);
  }
  expect(result.webgpu!.ids).toEqual(result.wasm!.ids);
  expect(
    requested.some((p) => /SmolVLM-256M-Instruct\/resolve\/[0-9a-f]{40}\/onnx\/vision_encoder\.onnx$/.test(p)),
  ).toBe(true);
});
