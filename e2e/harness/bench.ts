/**
 * The benchmark page: decodes frames of a recorded 640×480 clip on the main
 * thread, then feeds them — as fast as each consumer takes them — to the
 * app's own vision worker (src/workers/vision.worker.ts), to a bare
 * onnxruntime-web loop, and to @vladmandic/face-api (TF.js WASM), and
 * measures frames per second and per-frame latency. Driven by
 * scripts/bench/run.ts.
 */
import * as faceapi from '@vladmandic/face-api';
import * as Comlink from 'comlink';
import manifestJson from '../../models/manifest.json';
import type { Capabilities } from '../../src/core/capabilities.ts';
import { parseManifest } from '../../src/core/manifest.ts';
import { appBase } from '../../src/platform/app-base.ts';
import { probeCapabilities } from '../../src/platform/probe.ts';
import { AutoModelForCausalLM, AutoTokenizer, Tensor, TextStreamer } from '@huggingface/transformers';
import { Resampler } from '../../src/core/audio/resample.ts';
import { decodeWav } from '../../src/core/audio/wav.ts';
import { EMOTIONS } from '../../src/core/labels.ts';
import { modalityImportance } from '../../src/core/mi/importance.ts';
import { planSections } from '../../src/core/mi/prompts.ts';
import { configureHub } from '../../src/platform/hub.ts';
import type { AudioEvent, AudioWorkerApi } from '../../src/workers/protocol.ts';
import type { HubWorkerApi } from '../../src/workers/protocol.ts';
import type { VisionWorkerApi } from '../../src/workers/protocol.ts';
import type { BareWorkerApi } from './bare.worker.ts';

const manifest = parseManifest(manifestJson);
let WARMUP_MS = 8000;
let frames: ImageBitmap[] = [];

export interface Throughput {
  readonly fps: number;
  readonly ms_p50: number;
  readonly ms_p95: number;
  readonly frames: number;
}

function summarise(latencies: number[], elapsedMs: number): Throughput {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { fps: (latencies.length * 1000) / elapsedMs, ms_p50: at(0.5), ms_p95: at(0.95), frames: latencies.length };
}

/** A transferable frame made on the main thread, as the app makes one from its <video>. */
const take = (i: number) => new VideoFrame(frames[i % frames.length]!, { timestamp: i * 33_333 });

/**
 * Feeds frames to `consume` for `durationMs`, one at a time, as fast as it takes them, after
 * `warmupMs` of the same. The warm-up is long on purpose: V8 starts WASM in its baseline compiler
 * and tiers ORT's kernels up only after many calls (face_expression alone: 22 ms per run at first,
 * 15 ms after 100 runs, 6 ms with optimised code), and every contender gets the same.
 */
async function drive(consume: (frame: VideoFrame) => Promise<unknown>, durationMs: number, warmupMs = WARMUP_MS): Promise<Throughput> {
  let i = 0;
  const warm = performance.now();
  while (performance.now() - warm < warmupMs) await consume(take(i++));
  const latencies: number[] = [];
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    const t = performance.now();
    await consume(take(i++));
    latencies.push(performance.now() - t);
  }
  return summarise(latencies, performance.now() - start);
}

async function appWorker(threads: number): Promise<Comlink.Remote<VisionWorkerApi>> {
  const probed = await probeCapabilities();
  // Speed figures come from WASM unless a hardware adapter exists (a software one is no speed).
  const caps: Capabilities = { ...probed, wasmThreads: threads };
  const api = Comlink.wrap<VisionWorkerApi>(
    new Worker(new URL('../../src/workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' }),
  );
  const ids = ['blazeface-front-128', 'blazeface-back-256', 'face-expression', 'face-landmarks-68'];
  await api.load(ids.map((id) => manifest.models.find((m) => m.id === id)!), caps, appBase(), Comlink.proxy(() => undefined));
  await api.startPipeline({ detector: ids[0]!, farDetector: ids[1]!, expression: ids[2]!, landmarks: ids[3]! });
  return api;
}

const bench = {
  /** Plays the clip once and keeps every frame it presents (seeking a paused video does not repaint here). */
  async loadFrames(url: string): Promise<{ width: number; height: number; frames: number }> {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.src = url;
    document.body.append(video);
    frames = [];
    await new Promise<void>((resolve, reject) => {
      video.onerror = () => reject(new Error(`cannot load ${url}`));
      video.onended = () => resolve();
      const grab = () => {
        void createImageBitmap(video).then((b) => frames.push(b));
        if (!video.ended) video.requestVideoFrameCallback(grab);
      };
      video.requestVideoFrameCallback(grab);
      video.play().catch(reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    video.remove();
    return { width: video.videoWidth, height: video.videoHeight, frames: frames.length };
  },

  setWarmup(ms: number): void {
    WARMUP_MS = ms;
  },

  async adapter(): Promise<string | null> {
    const caps = await probeCapabilities();
    if (!caps.webgpu.available) return null;
    const { description, vendor, architecture, isFallbackAdapter } = caps.webgpu;
    return `${description || `${vendor} ${architecture}`.trim()}${isFallbackAdapter ? ' (software)' : ''}`;
  },

  /** The app's vision path: transfer to the vision worker, full pipeline, result back. */
  async app(
    threads: number,
    durationMs: number,
  ): Promise<Throughput & { stages: Record<string, number>; states: Record<string, number> }> {
    const api = await appWorker(threads);
    const stages = { grabMs: 0, detectMs: 0, expressionMs: 0, landmarksMs: 0, workerMs: 0 };
    const states: Record<string, number> = {};
    let n = 0;
    const result = await drive(async (frame) => {
      const r = await api.analyse(Comlink.transfer(frame, [frame]), performance.now());
      states[r.state] = (states[r.state] ?? 0) + 1;
      stages.grabMs += r.grabMs;
      stages.detectMs += r.timings.detectMs;
      stages.expressionMs += r.timings.expressionMs;
      stages.landmarksMs += r.timings.landmarksMs;
      stages.workerMs += r.workerMs;
      n++;
    }, durationMs);
    for (const k of Object.keys(stages) as (keyof typeof stages)[]) stages[k] /= n;
    return { ...result, stages, states };
  },

  /** The app's vision worker fed at a live camera's 30 frames/s: the share of one core it keeps busy. */
  async appBusyAt30fps(durationMs: number): Promise<number> {
    const api = await appWorker(1);
    let busy = 0;
    const start = performance.now();
    let i = 0;
    while (performance.now() - start < durationMs) {
      const due = start + i * (1000 / 30);
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const frame = take(i++);
      busy += (await api.analyse(Comlink.transfer(frame, [frame]), performance.now())).workerMs;
    }
    return busy / (performance.now() - start);
  },

  async bare(threads: number, durationMs: number): Promise<Throughput & { stages: Record<string, number> }> {
    const api = Comlink.wrap<BareWorkerApi>(new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module' }));
    await api.load(appBase(), threads);
    const result = await drive((frame) => api.analyse(Comlink.transfer(frame, [frame])), durationMs);
    return { ...result, stages: await api.timing() };
  },

  async modelAlone(threads: number, n: number): Promise<number> {
    const api = Comlink.wrap<BareWorkerApi>(new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module' }));
    await api.load(appBase(), threads);
    return api.timeExpression(n);
  },

  /** The Lite voice reading on the fixture utterances, in a worker on one WASM thread (see bare.worker.ts). */
  async voiceModel(files: string[], rounds: number): Promise<{ reading: number; features: number; graph: number }[]> {
    const utterances: Float32Array[] = [];
    for (const f of files) utterances.push(decodeWav(new Uint8Array(await (await fetch(f)).arrayBuffer())).samples);
    const speakers = files.map((f) => /cremad_(\d+)_/.exec(f)?.[1] ?? '');
    const api = Comlink.wrap<BareWorkerApi>(new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module' }));
    await api.loadVoice(appBase());
    return api.timeVoice(utterances, speakers, rounds);
  },

  /**
   * The app's voice path on the fixture utterances (12 CREMA-D sentences with silence between them),
   * upsampled to 48 kHz as a microphone gives them: the capture worklet's resampling on 128-sample
   * blocks, chunks through a MessageChannel to the app's audio worker, VAD, segmentation, prosody and
   * the Lite model. Real-time factor = processing time / audio duration.
   */
  async audio(
    files: string[],
  ): Promise<{ rtf: number; utterances: number; analysisMs: number[]; seconds: number; voiceMsPerS: number[] }> {
    const parts: Float32Array[] = [];
    const gap = new Float32Array(16_000 * 0.8);
    for (const f of files) {
      parts.push(decodeWav(new Uint8Array(await (await fetch(f)).arrayBuffer())).samples, gap);
    }
    const at16 = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      at16.set(p, o);
      o += p.length;
    }
    const at48 = new Float32Array(at16.length * 3);
    for (let i = 0; i < at48.length; i++) {
      const x = i / 3;
      const j = Math.floor(x);
      at48[i] = (at16[j] ?? 0) + ((at16[j + 1] ?? 0) - (at16[j] ?? 0)) * (x - j);
    }
    const api = Comlink.wrap<AudioWorkerApi>(
      new Worker(new URL('../../src/workers/audio.worker.ts', import.meta.url), { type: 'module', name: 'audio' }),
    );
    const caps = { ...(await probeCapabilities()), wasmThreads: 1 };
    const ids = ['silero-vad-v5', 'voice-emotion-lite'];
    await api.load(
      manifest.models.filter((m) => ids.includes(m.id)),
      caps,
      appBase(),
      Comlink.proxy(() => undefined),
    );
    const channel = new MessageChannel();
    const analysisMs: number[] = [];
    const voiceMsPerS: number[] = [];
    const expected = files.length;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    let start = performance.now();
    await api.startStream(
      Comlink.transfer(channel.port2, [channel.port2]),
      Comlink.proxy((e: AudioEvent) => {
        if (e.type === 'utterance') {
          console.log(`utterance ${analysisMs.length} at ${(performance.now() - start).toFixed(0)} ms: ${e.startMs.toFixed(0)}–${e.endMs.toFixed(0)}`);
          analysisMs.push(e.analysisMs);
          voiceMsPerS.push(e.voiceMs / (e.samples.length / 16_000));
          if (analysisMs.length >= expected) done();
        }
      }),
    );
    start = performance.now();
    const resampler = new Resampler(48_000);
    for (let i = 0; i < at48.length; i += 128) {
      for (const chunk of resampler.push([at48.subarray(i, i + 128)])) channel.port1.postMessage(chunk, [chunk.buffer]);
    }
    await Promise.race([finished, new Promise((r) => setTimeout(r, 120_000))]);
    const seconds = at16.length / 16_000;
    return {
      rtf: (performance.now() - start) / 1000 / seconds,
      utterances: analysisMs.length,
      analysisMs,
      seconds,
      voiceMsPerS,
    };
  },

  /** Modality Importance for three modalities, mean ms per call. */
  miTiming(calls: number): number {
    const d = (k: number) => EMOTIONS.map((_, i) => (i === k ? 0.6 : 0.4 / 6));
    const readings = [
      { modality: 'face' as const, distribution: d(0), reliability: 0.9 },
      { modality: 'voice' as const, distribution: d(3), reliability: 0.8 },
      { modality: 'words' as const, distribution: d(2), reliability: 0.5 },
    ];
    for (let i = 0; i < 100; i++) modalityImportance(readings);
    const t = performance.now();
    for (let i = 0; i < calls; i++) modalityImportance(readings);
    return (performance.now() - t) / calls;
  },

  /**
   * The explainer path (hub worker: load, chat template, streamed greedy generation back to the page)
   * against a bare `model.generate` on the same model and prompt in this page, on WASM. The model is
   * the tiny causal-LM stand-in (the hub cannot be reached here), served as if from the hub.
   */
  async explainer(
    newTokens: number,
  ): Promise<{
    tokensPerS: number;
    bareTokensPerS: number;
    bareStreamedTokensPerS: number;
    /** Median over rounds of (worker path ÷ bare generate) within the same round. */
    workerVsBare: number;
    rounds: number;
    ttftMs: number;
    tokens: number;
    guided: { tokensPerS: number; ttftMs: number; tokens: number; sections: number; promptTokens: number; cachedPromptTokens: number };
    /** The same guided decoding with every section's prompt read in full. */
    guidedUncachedTokensPerS: number;
  }> {
    const entry = manifest.models.find((m) => m.id === 'smollm2-135m')!;
    if (entry.source.kind !== 'hub') throw new Error('the explainer is a hub model');
    const remoteHost = new URL('vendor/hub/', appBase()).href;
    const caps: Capabilities = {
      ...(await probeCapabilities()),
      wasmThreads: 1,
    };
    const wasmCaps: Capabilities = { ...caps, webgpu: { ...caps.webgpu, useForModels: false } };
    const api = Comlink.wrap<HubWorkerApi>(new Worker(new URL('../../src/workers/hub.worker.ts', import.meta.url), { type: 'module' }));
    await api.configure({ appBase: appBase(), wasmThreads: 1, remoteHost });
    await api.loadCausalLM(entry, wasmCaps);
    const prompt = await api.chatPromptIds(entry.id, [{ role: 'user', content: 'Describe the voice in one sentence.' }]);
    // Each path is warmed up alike (WASM tiers up per instance), then the paths are timed in turn,
    // round after round (so a noisy spell on the shared machine hits all of them); medians are reported.
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] as number;
    // A round is a few tens of ms per path, so noise on the shared machine is large: many rounds,
    // and the ratio is taken within each round (paths side by side) before the median.
    const ROUNDS = 31;
    const interleaved = async (runs: (() => Promise<number>)[], warmUp = 5, rounds = ROUNDS) => {
      for (let i = 0; i < warmUp; i++) for (const run of runs) await run();
      const rates = runs.map(() => [] as number[]);
      for (let i = 0; i < rounds; i++) for (const [k, run] of runs.entries()) rates[k]!.push(await run());
      return rates;
    };
    let ttft = 0;
    let tokens = 0;
    const workerPath = async () => {
      const t0 = performance.now();
      const stats = await api.generate(entry.id, { ids: prompt }, newTokens, Comlink.proxy(() => undefined));
      ttft = stats.ttftMs ?? 0;
      tokens = stats.ids.length;
      return stats.ids.length / ((performance.now() - t0) / 1000);
    };

    // MI-guided decoding through the same worker: five sections, each a fresh prompt with its evidence.
    const peaked = (i: number, p: number) => [0, 1, 2, 3, 4, 5, 6].map((j) => (j === i ? p : (1 - p) / 6));
    const mi = modalityImportance([
      { modality: 'face', distribution: peaked(2, 0.4), reliability: 0.9 },
      { modality: 'voice', distribution: peaked(3, 0.8), reliability: 0.9 },
      { modality: 'words', distribution: peaked(2, 0.35), reliability: 0.6 },
    ])!;
    const evidence = {
      face: { modality: 'face' as const, reading: { emotion: 'neutral' as const, p: 0.4 }, cues: ['brows lowered (−0.04)'] },
      voice: { modality: 'voice' as const, reading: { emotion: 'angry' as const, p: 0.8 }, cues: ['pitch high and variable'] },
      words: { modality: 'words' as const, reading: { emotion: 'neutral' as const, p: 0.35 }, cues: [], transcript: 'fine, whatever' },
    };
    const plan = planSections(mi, 'migr');
    let guided = { tokensPerS: 0, ttftMs: 0, tokens: 0, sections: 0, promptTokens: 0, cachedPromptTokens: 0 };
    const guidedPath = async () => {
      const r = await api.explain(entry.id, { plan, evidence, mi }, Comlink.proxy(() => undefined));
      guided = {
        tokensPerS: r.tokensPerSecond ?? 0,
        ttftMs: r.ttftMs ?? 0,
        tokens: r.tokens,
        sections: r.sections.length,
        promptTokens: r.promptTokens ?? 0,
        cachedPromptTokens: r.cachedPromptTokens ?? 0,
      };
      return r.tokensPerSecond ?? 0;
    };
    const guidedUncachedPath = async () =>
      (await api.explain(entry.id, { plan, evidence, mi, reuseCache: false }, Comlink.proxy(() => undefined))).tokensPerSecond ?? 0;

    configureHub({ appBase: appBase(), wasmThreads: 1, remoteHost });
    const { id, revision } = entry.source;
    const model = await AutoModelForCausalLM.from_pretrained(id, { revision, device: 'wasm', dtype: 'q4' });
    const tokenizer = await AutoTokenizer.from_pretrained(id, { revision });
    const input_ids = new Tensor('int64', BigInt64Array.from(prompt, BigInt), [1, prompt.length]);
    const attention_mask = new Tensor('int64', new BigInt64Array(prompt.length).fill(1n), [1, prompt.length]);
    const bare = (streamer?: TextStreamer) => async () => {
      const t = performance.now();
      const out = (await model.generate({
        input_ids,
        attention_mask,
        max_new_tokens: newTokens,
        min_new_tokens: newTokens,
        do_sample: false,
        ...(streamer ? { streamer } : {}),
      })) as Tensor;
      return (out.dims.at(-1)! - prompt.length) / ((performance.now() - t) / 1000);
    };
    // The bare call streaming its text as the app does (in this page, no worker boundary).
    const bareStreamed = bare(new TextStreamer(tokenizer, { skip_prompt: true, skip_special_tokens: false, callback_function: () => undefined }));
    const [workerRates, bareRates, bareStreamedRates, guidedRates, guidedUncachedRates] = await interleaved([
      workerPath,
      bare(),
      bareStreamed,
      guidedPath,
      guidedUncachedPath,
    ]);
    guided = { ...guided, tokensPerS: median(guidedRates!) };
    return {
      tokensPerS: median(workerRates!),
      bareTokensPerS: median(bareRates!),
      bareStreamedTokensPerS: median(bareStreamedRates!),
      workerVsBare: median(workerRates!.map((w, i) => w / bareRates![i]!)),
      rounds: ROUNDS,
      guidedUncachedTokensPerS: median(guidedUncachedRates!),
      ttftMs: ttft,
      tokens,
      guided,
    };
  },

  /** @vladmandic/face-api: TinyFaceDetector (inputSize 224) + face expression, TF.js WASM backend, one thread. */
  async anchor(durationMs: number): Promise<Throughput> {
    const tf = faceapi.tf as unknown as {
      setBackend(name: string): Promise<boolean>;
      ready(): Promise<void>;
      env(): { set(flag: string, value: unknown): void };
      getBackend(): string;
    };
    (faceapi.tf as unknown as { setWasmPaths(prefix: string): void }).setWasmPaths(new URL('vendor/tfjs-wasm/', appBase()).href);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await tf.setBackend('wasm');
    await tf.ready();
    if (tf.getBackend() !== 'wasm') throw new Error(`face-api runs on ${tf.getBackend()}, not wasm`);
    const models = new URL('vendor/face-api-model/', appBase()).href;
    await faceapi.nets.tinyFaceDetector.loadFromUri(models);
    await faceapi.nets.faceExpressionNet.loadFromUri(models);
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d')!;
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 224 });
    return drive(async (frame) => {
      canvas.width = frame.displayWidth;
      canvas.height = frame.displayHeight;
      ctx.drawImage(frame, 0, 0);
      frame.close();
      return faceapi.detectAllFaces(canvas, options).withFaceExpressions();
    }, durationMs);
  },
};

export type Bench = typeof bench;
(globalThis as unknown as { bench: Bench }).bench = bench;
