/**
 * What the frame benchmarks share: the clip's frames (decoded once in the page), the drive loop with
 * its warm-up, the throughput summary, and the page's own WebGPU adapter.
 */
import manifestJson from '../../../models/manifest.json';
import { parseManifest } from '../../../src/core/manifest.ts';
import { probeCapabilities } from '../../../src/platform/probe.ts';

export const manifest = parseManifest(manifestJson);

/** The frames of the loaded clip and the warm-up every contender gets. */
export const shared = { warmupMs: 8000, frames: [] as ImageBitmap[] };

export interface Throughput {
  readonly fps: number;
  readonly ms_p50: number;
  readonly ms_p95: number;
  readonly frames: number;
}

export function summarise(latencies: number[], elapsedMs: number): Throughput {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { fps: (latencies.length * 1000) / elapsedMs, ms_p50: at(0.5), ms_p95: at(0.95), frames: latencies.length };
}

/** A transferable frame made on the main thread, as the app makes one from its <video>. */
export const take = (i: number) => new VideoFrame(shared.frames[i % shared.frames.length]!, { timestamp: i * 33_333 });

/**
 * Feeds frames to `consume` for `durationMs`, one at a time, as fast as it takes them, after
 * `warmupMs` of the same. The warm-up is long on purpose: V8 starts WASM in its baseline compiler
 * and tiers ORT's kernels up only after many calls (face_expression alone: 22 ms per run at first,
 * 15 ms after 100 runs, 6 ms with optimised code), and every contender gets the same.
 */
export async function drive(
  consume: (frame: VideoFrame) => Promise<unknown>,
  durationMs: number,
  warmupMs = shared.warmupMs,
): Promise<Throughput> {
  await warmUp(consume, warmupMs);
  let i = 0;
  const latencies: number[] = [];
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    const t = performance.now();
    await consume(take(i++));
    latencies.push(performance.now() - t);
  }
  return summarise(latencies, performance.now() - start);
}

export type Consumer = (frame: VideoFrame) => Promise<unknown>;

export const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;

/** The median over rounds of a / b within each round: paths compared side by side, not across spells. */
export const medianRatio = (a: readonly number[], b: readonly number[]) =>
  median(a.map((x, i) => x / (b[i] as number)));

/** Feeds `consume` frames for `ms`, untimed: V8 and the model runtimes tier up before anything counts. */
export async function warmUp(consume: Consumer, ms = shared.warmupMs): Promise<void> {
  let i = 0;
  const start = performance.now();
  while (performance.now() - start < ms) await consume(take(i++));
}

export interface Rounds {
  readonly rounds: number;
  readonly framesPerRound: number;
  readonly throughput: Record<string, Throughput>;
  /** Frames per second of each path in each round, in round order. */
  readonly perRound: Record<string, number[]>;
}

/**
 * Paths take turns on the same frames: each warmed up, then in every round each runs
 * `framesPerRound` frames (the same frames for all; who goes first rotates), so a noisy spell on the
 * shared machine hits every path alike. Throughput is over all rounds; ratios come from `perRound`.
 */
export async function interleaved(
  paths: Record<string, Consumer>,
  rounds: number,
  framesPerRound: number,
): Promise<Rounds> {
  const names = Object.keys(paths);
  for (const name of names) await warmUp(paths[name]!);
  const latencies = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const perRound = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const elapsed = Object.fromEntries(names.map((n) => [n, 0]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length]!;
      const start = performance.now();
      for (let f = 0; f < framesPerRound; f++) {
        const t = performance.now();
        await paths[name]!(take(r * framesPerRound + f));
        latencies[name]!.push(performance.now() - t);
      }
      const ms = performance.now() - start;
      elapsed[name]! += ms;
      perRound[name]!.push((framesPerRound * 1000) / ms);
    }
  }
  const throughput = Object.fromEntries(names.map((n) => [n, summarise(latencies[n]!, elapsed[n]!)]));
  return { rounds, framesPerRound, throughput, perRound };
}

export const framesBench = {
  /** Plays the clip once and keeps every frame it presents (seeking a paused video does not repaint here). */
  async loadFrames(url: string): Promise<{ width: number; height: number; frames: number }> {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.src = url;
    document.body.append(video);
    shared.frames = [];
    await new Promise<void>((resolve, reject) => {
      video.onerror = () => reject(new Error(`cannot load ${url}`));
      video.onended = () => resolve();
      const grab = () => {
        void createImageBitmap(video).then((b) => shared.frames.push(b));
        if (!video.ended) video.requestVideoFrameCallback(grab);
      };
      video.requestVideoFrameCallback(grab);
      video.play().catch(reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    video.remove();
    return { width: video.videoWidth, height: video.videoHeight, frames: shared.frames.length };
  },

  setWarmup(ms: number): void {
    shared.warmupMs = ms;
  },

  async adapter(): Promise<string | null> {
    const caps = await probeCapabilities();
    if (!caps.webgpu.available) return null;
    const { description, vendor, architecture, isFallbackAdapter } = caps.webgpu;
    return `${description || `${vendor} ${architecture}`.trim()}${isFallbackAdapter ? ' (software)' : ''}`;
  },
};
