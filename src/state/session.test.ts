/**
 * The live session's orchestration in Node, with fake parts around a real AnalysisSession (the real
 * core: fusion, MI, template explanations): utterance → window → explanation, the Standard voice and
 * words, a tier switch while a window waits for its words, the sliding windows, and dispose.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WordsReading } from '../core/mi/window.ts';
import { SLIDING_AFTER_SPEECH_MS, SLIDING_WINDOW_MS } from './analysis.svelte.ts';
import { LiveSession } from './session.svelte.ts';
import { parts, peaked, settle, utterance } from '../test-support/session-fakes.ts';

beforeAll(() => {
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) =>
    setTimeout(() => cb(performance.now()), 0)) as unknown as typeof requestAnimationFrame;
});

describe('LiveSession', () => {
  it("an utterance waits for the face's first reading, then makes a window with face and voice, MI and an explanation", async () => {
    const { parts: p, log, analysis, faceArrives } = parts();
    const session = new LiveSession(p);
    const done = session.utterance(utterance(), new Float32Array(16_000));
    await settle();
    expect(log).toContain('firstReading 3000');
    expect(analysis.windows).toHaveLength(0); // still waiting for the face
    faceArrives();
    await done;
    const w = analysis.windows.at(-1)!;
    expect(w.kind).toBe('utterance');
    expect(w.readings.map((r) => r.modality).sort()).toEqual(['face', 'voice']);
    expect(w.explanations.migr?.source).toBe('template');
    expect(w.mi.entries.length).toBe(2);
  });

  it('the Standard voice replaces the Lite reading in the window (weighted by speech probability × its certainty); words join', async () => {
    const words: WordsReading = { transcript: 'I am so angry', distribution: peaked('angry', 0.9), reliability: 0.6 };
    const {
      parts: p,
      analysis,
      given,
    } = parts({ face: false, hubVoice: peaked('angry', 0.8), words: async () => words });
    const samples = new Float32Array(16_000).fill(0.25);
    await new LiveSession(p).utterance(utterance(peaked('sad', 0.6)), samples);
    // Each hub part is given a copy of its own (it transfers it to its worker); the caller's stays whole.
    expect(given).toHaveLength(2);
    expect(new Set([samples.buffer, ...given.map((g) => g.buffer)]).size).toBe(3);
    expect(given.every((g) => g.length === samples.length && g[100] === 0.25)).toBe(true);
    const w = analysis.windows.at(-1)!;
    const voice = w.readings.find((r) => r.modality === 'voice')!;
    expect(voice.distribution).toEqual(peaked('angry', 0.8));
    expect(voice.reliability).toBeCloseTo(0.9 * 0.8, 9);
    expect(w.evidence.voice?.notes).toEqual(['read by the Standard voice model']);
    expect(w.readings.find((r) => r.modality === 'words')?.reliability).toBe(0.6);
  });

  it('a tier switch while a window waits for its words lets the window go on without them', async () => {
    let release: (v: WordsReading | null) => void = () => undefined;
    const { parts: p, log, analysis } = parts({ face: false, words: () => new Promise((r) => (release = r)) });
    // Unloading the speech models settles what they had in flight (the worker handle rejects it; hear() gives null).
    (p.speech as { unload: () => void }).unload = () => {
      log.push('speech.unload');
      release(null);
    };
    const session = new LiveSession(p);
    const done = session.utterance(utterance(), new Float32Array(16_000));
    await settle();
    expect(analysis.windows).toHaveLength(0);
    session.chooseTier('lite');
    await done;
    expect(log).toEqual(
      expect.arrayContaining([
        'tiers.choose lite',
        'standardFace.unload',
        'speech.unload',
        'hubVoice.unload',
        'explainer.unload',
      ]),
    );
    expect(analysis.windows.at(-1)!.readings.map((r) => r.modality)).toEqual(['voice']);
  });

  it('choosing Standard loads each hub part with the probed capabilities', () => {
    const { parts: p, log } = parts();
    new LiveSession(p).chooseTier('standard');
    expect(log).toEqual([
      'storage.beforeDownload',
      'tiers.choose standard',
      'standardFace.load',
      'speech.load',
      'hubVoice.load',
      'explainer.load standard',
    ]);
  });

  it('no face-only window while a replayed clip is held after a window (step by step); again once it goes on', () => {
    const { parts: p } = parts();
    const start = performance.now();
    const session = new LiveSession(p, () => start);
    const clock = start + SLIDING_AFTER_SPEECH_MS + 1;
    for (let t = clock - 3000; t <= clock; t += 100) p.vision.pool.add(t, peaked('happy', 0.7), 0.9);
    const clip = { name: 'c', paused: true, playing: true, ended: false };
    (p.media as { clip: unknown }).clip = clip;
    expect(session.slidingTick(clock)).toBe(false);
    clip.paused = false;
    expect(session.slidingTick(clock)).toBe(true);
  });

  it('while nobody speaks, a face-only window every few seconds; none while someone speaks', async () => {
    const { parts: p, analysis } = parts();
    const start = performance.now();
    const session = new LiveSession(p, () => start);
    expect(session.slidingTick(start + SLIDING_AFTER_SPEECH_MS - 1)).toBe(false);
    const clock = start + SLIDING_AFTER_SPEECH_MS + 1;
    for (let t = clock - 3000; t <= clock; t += 100) p.vision.pool.add(t, peaked('happy', 0.7), 0.9);
    expect(session.slidingTick(clock)).toBe(true);
    expect(session.slidingTick(clock + SLIDING_WINDOW_MS / 2)).toBe(false);
    (p.audio as { speaking: boolean }).speaking = true;
    expect(session.slidingTick(clock + SLIDING_WINDOW_MS + 1)).toBe(false);
    await settle();
    expect(analysis.windows.filter((w) => w.kind === 'sliding')).toHaveLength(1);
  });

  it('a hidden tab pauses the windows (utterances counted, no sliding window); shown again, they resume after a fresh stretch', async () => {
    const { parts: p, analysis, faceArrives } = parts();
    let clock = performance.now();
    const session = new LiveSession(p, () => clock);
    faceArrives();
    session.setHidden(true, clock);
    expect(session.paused).toBe(true);
    await session.utterance(utterance(), new Float32Array(16_000));
    clock += SLIDING_AFTER_SPEECH_MS + SLIDING_WINDOW_MS;
    expect(session.slidingTick(clock)).toBe(false);
    await settle();
    expect(analysis.windows).toHaveLength(0);
    expect(session.skippedWhilePaused).toBe(1);
    clock += 12_000;
    session.setHidden(false, clock);
    expect(session.lastPause).toEqual({
      seconds: Math.round((SLIDING_AFTER_SPEECH_MS + SLIDING_WINDOW_MS + 12_000) / 1000),
      skipped: 1,
    });
    expect(session.slidingTick(clock + 1)).toBe(false); // the face has to come back first
    for (let t = clock; t <= clock + SLIDING_AFTER_SPEECH_MS + 1; t += 100)
      p.vision.pool.add(t, peaked('happy', 0.7), 0.9);
    expect(session.slidingTick(clock + SLIDING_AFTER_SPEECH_MS + 1)).toBe(true);
    expect(session.lastPause).toBeNull();
    await session.utterance(utterance(), new Float32Array(16_000));
    await settle();
    expect(analysis.windows.map((w) => w.kind).sort()).toEqual(['sliding', 'utterance']);
  });

  it('the export holds the windows and says so; this browser and its GPU only when the visitor ticks it', async () => {
    const { parts: p, analysis, faceArrives } = parts();
    const session = new LiveSession(p);
    const done = session.utterance(utterance(), new Float32Array(16_000));
    faceArrives();
    await done;
    await settle();
    expect(analysis.windows).toHaveLength(1);
    expect(session.files.contents()).toEqual({ windows: 1, withWords: 0 });
    const plain = JSON.stringify(session.files.data());
    expect(plain).not.toContain('userAgent');
    expect(plain).not.toContain('RTX 4090');
    expect(session.files.data().backends).toEqual([{ id: 'face-expression', device: 'webgpu' }]);
    const full = session.files.data({ device: true });
    expect(full).toHaveProperty('userAgent');
    expect(JSON.stringify(full)).toContain('RTX 4090');
  });

  it('dispose stops the media, the analysis and every worker, and lets go of the audio', () => {
    const { parts: p, log } = parts();
    const session = new LiveSession(p);
    expect(p.audio.onUtterance).not.toBeNull();
    session.dispose();
    expect(log).toEqual(
      expect.arrayContaining(['media.stop', 'models.dispose', 'speech.unload', 'hubVoice.unload', 'explainer.unload']),
    );
    expect(p.audio.onUtterance).toBeNull();
  });
});
