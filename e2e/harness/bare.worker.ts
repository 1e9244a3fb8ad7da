/**
 * The benchmark's reference: a bare onnxruntime-web loop of BlazeFace 128 +
 * face_expression on the same frames — pixels read, a plain resize into each
 * input, both models run — with none of the app's decoding, tracking,
 * alignment, landmarks or messaging around it.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web';
import voiceMeta from '../../src/core/audio/voice-model.json';
import { normalise, readVoice, VoiceBaseline, type VoiceModelMeta } from '../../src/core/audio/voice-model.ts';
import { FEATURE_COUNT, voiceFeatures } from '../../src/core/audio/voice-features.ts';
import { ortRunner } from '../../src/platform/ort-session.ts';

let detector: ort.InferenceSession;
let voice: ort.InferenceSession;
let expression: ort.InferenceSession;

/** Nearest-neighbour resize of an RGBA region into an NHWC float tensor. */
function resize(
  rgba: Uint8ClampedArray,
  w: number,
  x0: number,
  y0: number,
  side: number,
  size: number,
  scale: (v: number) => number,
) {
  const out = new Float32Array(size * size * 3);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const sx = Math.min(w - 1, Math.max(0, Math.floor(x0 + ((c + 0.5) * side) / size)));
      const sy = Math.max(0, Math.floor(y0 + ((r + 0.5) * side) / size));
      const i = (sy * w + sx) * 4;
      const o = (r * size + c) * 3;
      out[o] = scale(rgba[i] ?? 0);
      out[o + 1] = scale(rgba[i + 1] ?? 0);
      out[o + 2] = scale(rgba[i + 2] ?? 0);
    }
  }
  return out;
}

const timing = { detect: 0, expression: 0, n: 0 };
let rgba = new Uint8ClampedArray(0);

const api = {
  timing(): { detectMs: number; expressionMs: number } {
    return { detectMs: timing.detect / timing.n, expressionMs: timing.expression / timing.n };
  },

  async load(appBase: string, threads: number): Promise<void> {
    ort.env.wasm.wasmPaths = new URL('ort/', appBase).href;
    ort.env.wasm.numThreads = threads;
    const get = async (path: string) =>
      new Uint8Array(await (await fetch(new URL(`models/${path}`, appBase))).arrayBuffer());
    const opts = { executionProviders: ['wasm'], logSeverityLevel: 3 as const };
    detector = await ort.InferenceSession.create(
      await get('lite/face/face_detection_front_128x128_barracuda.onnx'),
      opts,
    );
    expression = await ort.InferenceSession.create(await get('lite/face/face_expression.onnx'), opts);
  },

  async loadVoice(appBase: string): Promise<void> {
    ort.env.wasm.wasmPaths = new URL('ort/', appBase).href;
    ort.env.wasm.numThreads = 1;
    const bytes = new Uint8Array(
      await (await fetch(new URL('models/lite/voice/voice_emotion.onnx', appBase))).arrayBuffer(),
    );
    voice = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  },

  /**
   * The Lite voice reading of each utterance, `rounds` times after `warmup` rounds, on one WASM thread:
   * per round, ms per second of audio for the whole reading (features, speaker reference, graph), for the
   * feature front end alone, and for the graph alone (on the same features), measured side by side.
   */
  async timeVoice(utterances: Float32Array[], speakers: string[], rounds: number, warmup = 3) {
    const meta = voiceMeta as VoiceModelMeta;
    const runner = ortRunner(ort, voice);
    const seconds = utterances.reduce((a, u) => a + u.length / 16_000, 0);
    const out: { reading: number; features: number; graph: number }[] = [];
    for (let r = 0; r < warmup + rounds; r++) {
      const baselines = new Map<string, VoiceBaseline>();
      let reading = 0;
      let features = 0;
      let graph = 0;
      for (const [i, u] of utterances.entries()) {
        const baseline = baselines.get(speakers[i]!) ?? new VoiceBaseline(meta);
        baselines.set(speakers[i]!, baseline);
        let t = performance.now();
        await readVoice(u, baseline, runner, meta);
        reading += performance.now() - t;
        t = performance.now();
        const f = voiceFeatures(u);
        features += performance.now() - t;
        if (!f) continue;
        const input = normalise(f.features, baseline.reference());
        t = performance.now();
        await runner.run({ features: { data: input, dims: [1, FEATURE_COUNT] } });
        graph += performance.now() - t;
      }
      if (r >= warmup) out.push({ reading: reading / seconds, features: features / seconds, graph: graph / seconds });
    }
    return out;
  },

  async analyse(frame: VideoFrame): Promise<number> {
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    // The cheapest way to RGBA: the frame's own copy (BGRA bitmaps are read as if RGBA; colour order
    // does not change the cost).
    if (rgba.byteLength < frame.allocationSize()) rgba = new Uint8ClampedArray(frame.allocationSize());
    await frame.copyTo(rgba);
    frame.close();
    const side = Math.max(w, h);
    const t0 = performance.now();
    const det = await detector.run({
      'input:0': new ort.Tensor(
        'float32',
        resize(rgba, w, 0, (h - side) / 2, side, 128, (v) => v / 127.5 - 1),
        [1, 128, 128, 3],
      ),
    });
    // A fixed central crop: the reference runs both models, it does not decode boxes.
    const crop = Math.min(w, h) / 2;
    const t1 = performance.now();
    const out = await expression.run({
      input: new ort.Tensor(
        'float32',
        resize(rgba, w, (w - crop) / 2, (h - crop) / 4, crop, 112, (v) => v),
        [1, 112, 112, 3],
      ),
    });
    timing.detect += t1 - t0;
    timing.expression += performance.now() - t1;
    timing.n++;
    return (det['Identity:0']!.data as Float32Array).length + (out.expressions!.data as Float32Array).length;
  },
};

export type BareWorkerApi = typeof api;
Comlink.expose(api);
