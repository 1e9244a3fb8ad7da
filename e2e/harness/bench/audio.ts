/**
 * Voice: the Lite voice reading alone on the fixture utterances, and the app's whole audio path in
 * stream (capture resampling, worker, VAD, segmentation, prosody, the model) as a real-time factor.
 */
import * as Comlink from 'comlink';
import { Resampler } from '../../../src/core/audio/resample.ts';
import { decodeWav } from '../../../src/core/audio/wav.ts';
import { appBase } from '../../../src/platform/app-base.ts';
import { probeCapabilities } from '../../../src/platform/probe.ts';
import type { AudioEvent, AudioWorkerApi } from '../../../src/workers/protocol.ts';
import type { BareWorkerApi } from '../bare.worker.ts';
import { manifest } from './frames.ts';

export const audioBench = {
  /** The Lite voice reading on the fixture utterances, in a worker on one WASM thread (see bare.worker.ts). */
  async voiceModel(files: string[], rounds: number): Promise<{ reading: number; features: number; graph: number }[]> {
    const utterances: Float32Array[] = [];
    for (const f of files) utterances.push(decodeWav(new Uint8Array(await (await fetch(f)).arrayBuffer())).samples);
    const speakers = files.map((f) => /cremad_(\d+)_/.exec(f)?.[1] ?? '');
    const api = Comlink.wrap<BareWorkerApi>(
      new Worker(new URL('../bare.worker.ts', import.meta.url), { type: 'module' }),
    );
    await api.loadVoice(appBase());
    return api.timeVoice(utterances, speakers, rounds);
  },

  /**
   * The app's voice path on the fixture utterances (12 CREMA-D sentences with silence between them),
   * upsampled to 48 kHz as a microphone gives them: the capture worklet's resampling on 128-sample
   * blocks, chunks through a MessageChannel to the app's audio worker, VAD, segmentation, prosody and
   * the Lite model. Real-time factor = processing time / audio duration.
   */
  async audio(files: string[]): Promise<{
    rtf: number;
    utterances: number;
    analysisMs: number[];
    toPageMs: number[];
    seconds: number;
    voiceMsPerS: number[];
  }> {
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
      new Worker(new URL('../../../src/workers/audio.worker.ts', import.meta.url), { type: 'module', name: 'audio' }),
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
    // The voice detector's decision in the worker → the distribution here, on one wall clock.
    const toPageMs: number[] = [];
    const voiceMsPerS: number[] = [];
    const expected = files.length;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    let start = performance.now();
    await api.startStream(
      Comlink.transfer(channel.port2, [channel.port2]),
      Comlink.proxy((e: AudioEvent) => {
        if (e.type === 'utterance') {
          console.log(
            `utterance ${analysisMs.length} at ${(performance.now() - start).toFixed(0)} ms: ${e.startMs.toFixed(0)}–${e.endMs.toFixed(0)}`,
          );
          analysisMs.push(e.analysisMs);
          toPageMs.push(performance.timeOrigin + performance.now() - e.decidedAtEpochMs);
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
      toPageMs,
      seconds,
      voiceMsPerS,
    };
  },
};
