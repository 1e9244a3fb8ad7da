/**
 * Fake parts for the live session's tests (session.test.ts): each records what the session asks of it,
 * around a real AnalysisSession (the real core: fusion, MI, template explanations).
 */
import type { Capabilities } from '../core/capabilities.ts';
import { EMOTIONS, type Distribution } from '../core/labels.ts';
import type { WordsReading } from '../core/mi/window.ts';
import { WindowPool } from '../core/vision/smoothing.ts';
import { AnalysisSession } from '../state/analysis.svelte.ts';
import type { Utterance } from '../state/audio.svelte.ts';
import type { SessionParts } from '../state/session-parts.ts';
import type { Tier } from '../state/tier.svelte.ts';

export const peaked = (emotion: string, p: number): Distribution =>
  EMOTIONS.map((e) => (e === emotion ? p : (1 - p) / 6));
export const caps = { wasmThreads: 1 } as Capabilities;
export const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

export function utterance(distribution = peaked('sad', 0.6)): Utterance {
  const now = performance.now();
  return {
    type: 'utterance',
    startMs: 0,
    endMs: 2000,
    startAt: now - 2000,
    endAt: now,
    decidedAt: now,
    distribution,
    reliability: 0.5,
    speechProbability: 0.9,
    abstained: null,
    notes: [],
    cues: ['pitch higher than usual (+2.0 semitones)'],
    prosody: {} as Utterance['prosody'],
    arousal: 0.6,
    split: false,
    voiceMs: 1,
    analysisMs: 1,
  };
}

/** Fake parts that record what the session asks of them. */
export function parts(
  options: { face?: boolean; hubVoice?: Distribution | null; words?: () => Promise<WordsReading | null> } = {},
) {
  const log: string[] = [];
  /** The samples each hub part was given. */
  const given: Float32Array[] = [];
  const pool = new WindowPool();
  const waiting: (() => void)[] = [];
  const vision = {
    result: null as unknown,
    pool,
    lastCrop: null,
    ready: true,
    bitmaps: false,
    keepCrops: false,
    standardClassifier: null,
    firstReading: (ms: number) => {
      log.push(`firstReading ${ms}`);
      return new Promise<void>((r) => waiting.push(r));
    },
    prepare: async () => undefined,
    start: async () => undefined,
    stop: () => log.push('vision.stop'),
  };
  /** The face's first reading arrives: a neutral face over the last few seconds. */
  const faceArrives = () => {
    const now = performance.now();
    for (let t = now - 3000; t <= now; t += 100) pool.add(t, peaked('neutral', 0.7), 0.9);
    vision.result = { evidence: [] };
    for (const r of waiting.splice(0)) r();
  };
  const analysis = new AnalysisSession();
  const all = {
    probe: { caps, run: async () => caps },
    models: {
      state: 'ready',
      load: async () => undefined,
      vision: null,
      audio: null,
      sessions: [
        {
          id: 'face-expression',
          name: 'x',
          device: 'webgpu',
          reason: 'NVIDIA GeForce RTX 4090 has shader-f16',
          inputNames: [],
          outputNames: [],
          bytes: 1,
          warmUpMs: 1,
        },
      ],
      dispose: () => log.push('models.dispose'),
    },
    tiers: {
      tier: 'lite' as Tier,
      wanted: 'standard' as const,
      choose: (tier: Tier) => void log.push(`tiers.choose ${tier}`),
    },
    standardFace: {
      ready: false,
      load: async () => void log.push('standardFace.load'),
      unload: () => log.push('standardFace.unload'),
      classifyFace: async () => null,
    },
    explainer: {
      ready: false,
      name: 'none',
      tier: 'standard',
      seesImage: false,
      hearsAudio: false,
      explain: async () => {
        throw new Error('not loaded');
      },
      stop: () => undefined,
      load: async (_c: Capabilities, tier: string) => void log.push(`explainer.load ${tier}`),
      unload: () => log.push('explainer.unload'),
    },
    speech: {
      ready: options.words !== undefined,
      hear: async (samples: Float32Array) => {
        given.push(samples);
        return options.words ? options.words() : null;
      },
      judge: async () => 'neutral' as const,
      load: async () => void log.push('speech.load'),
      unload: () => log.push('speech.unload'),
    },
    hubVoice: {
      ready: options.hubVoice !== undefined && options.hubVoice !== null,
      read: async (samples: Float32Array) => {
        given.push(samples);
        return options.hubVoice ? { distribution: options.hubVoice, certainty: 0.8, ms: 1 } : null;
      },
      load: async () => void log.push('hubVoice.load'),
      unload: () => log.push('hubVoice.unload'),
    },
    media: {
      state: 'live',
      stream: null,
      hasCamera: options.face ?? true,
      hasMicrophone: true,
      clip: null,
      playClip: async () => undefined,
      stop: () => log.push('media.stop'),
    },
    vision,
    storage: { refresh: async () => undefined, beforeDownload: async () => void log.push('storage.beforeDownload') },
    audio: {
      speaking: false,
      listening: true,
      start: async () => undefined,
      stop: () => undefined,
      prepare: async () => ({}) as AudioContext,
      onUtterance: null,
    },
    analysis,
  };
  return { parts: all as unknown as SessionParts, log, analysis, faceArrives, given };
}
