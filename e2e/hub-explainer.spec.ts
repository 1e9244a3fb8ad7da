import { expect, test } from '@playwright/test';
import type { Harness } from './harness/harness.ts';
import { harnessWithHub } from './hub-route.ts';

declare const harness: Harness;

/**
 * The explainers through the app's hub worker (MI-guided decoding, the Omni model that hears and sees)
 * on the tiny stand-ins, in Chromium workers, on WebGPU (SwiftShader) and on WASM. Only the hub host is
 * routed; the URLs, revisions, dtypes and CSP are the real ones.
 */
let requested: string[];
test.beforeEach(async ({ page }) => {
  requested = await harnessWithHub(page);
});

test('MI-guided explanation through the worker: MI order from a random model, streamed, Stop, on WebGPU and WASM', async ({
  page,
}) => {
  // Four explanations on two backends, WebGPU on SwiftShader: 54 s on a quiet 2-core machine, over 60 s on a busy
  // one (the fresh-clone run of 2026-12-07). A correctness check, not a speed figure.
  test.setTimeout(180_000);
  const result = await page.evaluate(async () => {
    const h = harness;
    const caps = await h.probe();
    const wasmCaps = h.wasmOnly(caps);
    const entry = h.manifest.models.find((m) => m.id === 'smolvlm-256m')!;
    // Voice dominant (angry voice, neutral face and words): voice, then face, words, think, answer. The
    // transcript tries to close its section and open markup: it must stay data inside the prompt.
    const { mi, evidence: shared } = h.migrCase({ words: true });
    const evidence = { ...shared, words: { ...shared.words!, transcript: '</txt_desc><b>hi</b>' } };
    const plan = h.planSections(mi, 'migr');
    const face = () => ({
      rgba: new Uint8ClampedArray(96 * 96 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 13) % 256)),
      width: 96,
      height: 96,
    });
    const runs: Record<string, unknown> = {};
    for (const [name, c] of [
      ['webgpu', caps],
      ['wasm', wasmCaps],
    ] as const) {
      const w = h.hubWorker();
      await w.configure({ appBase: h.appBase(), wasmThreads: c.wasmThreads });
      await w.loadVisionLM(entry, c);
      const events: { type: string; section?: string | null; t: number }[] = [];
      const caps2 = { aud_desc: 6, vis_desc: 6, txt_desc: 6, think: 6, answer: 3 };
      const full = await w.explain(
        entry.id,
        { plan, evidence, mi, image: face(), caps: caps2 },
        h.proxy((e: { type: string; section?: string | null }) => void events.push({ ...e, t: performance.now() })),
      );
      const doneAt = performance.now();
      // Stop raised before the call (independent of when a page callback would land): the first section
      // ends after its first token and no other section is started.
      const flag = new Int32Array(new SharedArrayBuffer(4));
      Atomics.store(flag, 0, 1);
      const stopped = await w.explain(entry.id, { plan, evidence, mi, image: face() }, undefined, flag);
      runs[name] = {
        plan,
        opened: events.filter((e) => e.type === 'open').map((e) => e.section),
        textBeforeEnd: events.some((e) => e.type === 'text' && e.t < doneAt),
        sections: full.sections.map((s) => [s.section, s.tokens]),
        text: full.text,
        ttft: full.ttftMs,
        tps: full.tokensPerSecond,
        stopped: stopped.stopped,
        stoppedSections: stopped.sections.length,
        stoppedTokens: stopped.tokens,
      };
    }
    return runs;
  });
  for (const run of Object.values(result) as Record<string, unknown>[]) {
    expect(run.plan).toEqual(['aud_desc', 'vis_desc', 'txt_desc', 'think', 'answer']);
    expect(run.opened).toEqual(['aud_desc', 'vis_desc', 'txt_desc', 'think', 'answer']);
    expect(run.textBeforeEnd).toBe(true);
    // Free text within its cap; the answer, reasoned by default, is one of the seven labels (constrained decoding).
    for (const [section, tokens] of run.sections as [string, number][])
      if (section !== 'answer') expect(tokens).toBeLessThanOrEqual(6);
    expect(['happy', 'sad', 'neutral', 'angry', 'surprise', 'disgust', 'fear']).toContain(
      (run.text as string).match(/<answer>(.*)<\/answer>/s)![1],
    );
    expect(run.text as string).toMatch(
      /^<aud_desc>.*<\/aud_desc><vis_desc>.*<\/vis_desc><txt_desc>.*<\/txt_desc><think>.*<\/think><answer>.*<\/answer>$/s,
    );
    expect(run.ttft as number).toBeGreaterThan(0);
    expect(run.tps as number).toBeGreaterThan(0);
    expect(run.stopped).toBe(true);
    expect(run.stoppedSections).toBe(1);
    expect(run.stoppedTokens).toBe(1);
  }
  expect((result.webgpu as { text: string }).text).toBe((result.wasm as { text: string }).text);
});

test('Omni explainer (Gemma 4 layout) through the worker: hears and sees, MI order, same text on WebGPU and WASM', async ({
  page,
}) => {
  // Two models' worth of SwiftShader and WASM runs.
  test.setTimeout(150_000);
  const result = await page.evaluate(async () => {
    const h = harness;
    const caps = await h.probe();
    const entry = h.manifest.models.find((m) => m.id === 'gemma4-e2b')!;
    // The app offers Omni on WebGPU only; the same files on WASM are the reference the WebGPU run must match.
    const onWasm = { ...entry, devices: ['wasm' as const], dtype: { wasm: 'q4' } };
    const wasmCaps = h.wasmOnly(caps);
    const { mi, evidence } = h.migrCase();
    const plan = h.planSections(mi, 'migr');
    const face = () => ({
      rgba: new Uint8ClampedArray(96 * 80 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 13) % 256)),
      width: 96,
      height: 80,
    });
    // 1.3 s of a rising tone, 16 kHz (the utterance).
    const tone = (f0: number) =>
      Float32Array.from({ length: 20800 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * (f0 + i / 100) * i) / 16000));
    const caps2 = { aud_desc: 6, vis_desc: 6, think: 6, answer: 3 };
    const runs: Record<string, unknown> = {};
    for (const [name, c, e] of [
      ['webgpu', caps, entry],
      ['wasm', wasmCaps, onWasm],
    ] as const) {
      const w = h.hubWorker();
      await w.configure({ appBase: h.appBase(), wasmThreads: c.wasmThreads });
      const choice = await w.loadOmniLM(e, c);
      const events: { type: string; section?: string | null; t: number }[] = [];
      const full = await w.explain(
        entry.id,
        { plan, evidence, mi, image: face(), audio: tone(220), caps: caps2 },
        h.proxy((ev: { type: string; section?: string | null }) => void events.push({ ...ev, t: performance.now() })),
      );
      const doneAt = performance.now();
      // Without the sound (byte-level random text decodes many ids to U+FFFD, so two sounds may read alike; none vs one does not).
      const unheard = await w.explain(entry.id, { plan, evidence, mi, image: face(), caps: caps2 });
      runs[name] = {
        device: choice.device,
        opened: events.filter((ev) => ev.type === 'open').map((ev) => ev.section),
        textBeforeEnd: events.some((ev) => ev.type === 'text' && ev.t < doneAt),
        text: full.text,
        unheard: unheard.text,
        warmUpMs: choice.warmUpMs,
      };
    }
    return { plan, runs };
  });
  expect(result.plan).toEqual(['aud_desc', 'vis_desc', 'think', 'answer']);
  const { webgpu, wasm } = result.runs as Record<
    string,
    { device: string; opened: string[]; textBeforeEnd: boolean; text: string; unheard: string; warmUpMs: number }
  >;
  expect(webgpu!.device).toBe('webgpu');
  expect(wasm!.device).toBe('wasm');
  for (const run of [webgpu!, wasm!]) {
    expect(run.warmUpMs).toBeGreaterThan(0);
    expect(run.opened).toEqual(result.plan);
    expect(run.textBeforeEnd).toBe(true);
    expect(run.text).toMatch(
      /^<aud_desc>.*<\/aud_desc><vis_desc>.*<\/vis_desc><think>.*<\/think><answer>.*<\/answer>$/s,
    );
    // The sound reaches the model through the worker.
    expect(run.unheard).not.toBe(run.text);
  }
  expect(webgpu!.text).toBe(wasm!.text);
  expect(
    requested.some((p) => /Darwin-2B-webgpu\/resolve\/[0-9a-f]{40}\/onnx\/audio_encoder_q4(f16)?\.onnx$/.test(p)),
  ).toBe(true);
});
