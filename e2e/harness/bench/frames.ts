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
export async function drive(consume: (frame: VideoFrame) => Promise<unknown>, durationMs: number, warmupMs = shared.warmupMs): Promise<Throughput> {
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
