import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureUtterances } from '../../test-support/speech-fixtures.ts';
import { DEFAULT_REFERENCE, prosodicArousal } from './acoustic.ts';
import { prosody, yinPitch, type Prosody } from './prosody.ts';
import { CHUNK, Resampler, rmsDb } from './resample.ts';
import { UtteranceSegmenter } from './segmenter.ts';

const SPEECH = join(import.meta.dirname, '../../../e2e/fixtures/speech');
const tone = (hz: number, seconds: number, rate = 16_000, gain = 0.5) =>
  Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => gain * Math.sin((2 * Math.PI * hz * i) / rate));

describe('resampling to 16 kHz', () => {
  it('turns 48 kHz blocks of 128 into seamless 512-sample chunks at a third of the count', () => {
    const r = new Resampler(48_000);
    const input = tone(440, 1, 48_000);
    const chunks: Float32Array[] = [];
    for (let i = 0; i < input.length; i += 128) chunks.push(...r.push([input.subarray(i, i + 128)]));
    const out = new Float32Array(chunks.length * CHUNK);
    chunks.forEach((c, i) => out.set(c, i * CHUNK));
    expect(Math.abs(out.length - 16_000)).toBeLessThanOrEqual(CHUNK);
    // Same tone at 16 kHz: compare with the ideal samples (linear interpolation error stays small).
    const ideal = tone(440, 1, 16_000);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs((out[i] as number) - (ideal[i] as number)));
    expect(worst).toBeLessThan(0.02);
  });

  it('downmixes stereo and accepts 44.1 kHz', () => {
    const r = new Resampler(44_100);
    const left = tone(300, 0.5, 44_100);
    const chunks = r.push([left, new Float32Array(left.length)]);
    expect(chunks.length).toBe(Math.floor((0.5 * 16_000) / CHUNK));
    expect(rmsDb(chunks[3]!)).toBeCloseTo(20 * Math.log10(0.25 / Math.SQRT2), 0);
    expect(rmsDb(new Float32Array(512))).toBe(-100);
  });
});

describe('prosody', () => {
  it('a 220 Hz tone gives F0 ≈ 220 Hz, fully voiced and flat', () => {
    expect(yinPitch(tone(220, 0.1), 0)).toBeCloseTo(220, 0);
    const p = prosody(tone(220, 1));
    expect(p.f0Median).toBeCloseTo(220, 0);
    expect(p.voicedRatio).toBeGreaterThan(0.95);
    expect(p.f0StdSt).toBeLessThan(0.1);
    expect(prosody(tone(110, 1)).f0Median).toBeCloseTo(110, 0);
  });

  it('silence has no pitch', () => {
    const p = prosody(new Float32Array(16_000));
    expect(p.f0Median).toBeNull();
    expect(p.voicedRatio).toBe(0);
  });

  it('reads the angry utterances louder and brighter than the sad ones, for both actors', () => {
    const u = fixtureUtterances(SPEECH);
    for (const speaker of ['1001', '1002']) {
      const of = (label: string) => u.find((x) => x.speaker === speaker && x.label === label)!.prosody;
      expect(of('angry').loudnessDb).toBeGreaterThan(of('sad').loudnessDb + 6);
      expect(of('angry').centroidHz).toBeGreaterThan(of('sad').centroidHz);
    }
  });
});

describe('utterance segmentation', () => {
  const chunks = (probs: number[]) => probs.map((p) => new Float32Array(CHUNK).fill(p));

  it('silence gives no utterance; speech gives one with its start and end', () => {
    const s = new UtteranceSegmenter();
    expect(chunks(new Array(100).fill(0.01)).flatMap((c) => s.push(c, 0.01))).toEqual([]);
    const t = new UtteranceSegmenter();
    const probs = [...new Array(10).fill(0.02), ...new Array(40).fill(0.9), ...new Array(20).fill(0.02)];
    const events = chunks(probs).flatMap((c, i) => t.push(c, probs[i]!));
    expect(events.map((e) => e.type)).toEqual(['start', 'end']);
    const end = events[1]!;
    if (end.type !== 'end') throw new Error('expected an end');
    expect(end.utterance.startMs).toBeCloseTo(320, 0);
    expect(end.utterance.endMs).toBeCloseTo(1600, 0);
    expect(end.utterance.speechProbability).toBeCloseTo(0.9, 2);
    expect(end.utterance.samples.length).toBeGreaterThanOrEqual(40 * CHUNK); // pre-roll included
  });

  it('drops bursts shorter than the minimum and splits speech longer than the maximum', () => {
    const s = new UtteranceSegmenter();
    const burst = [...new Array(3).fill(0.9), ...new Array(20).fill(0.01)];
    expect(
      chunks(burst)
        .flatMap((c, i) => s.push(c, burst[i]!))
        .filter((e) => e.type === 'end'),
    ).toEqual([]);
    const long = new UtteranceSegmenter({ maxUtteranceMs: 2000 });
    const speech = new Array(160).fill(0.9); // 5.1 s
    const ends = chunks(speech)
      .flatMap((c) => long.push(c, 0.9))
      .filter((e) => e.type === 'end');
    expect(ends.length).toBe(2);
    expect(ends.every((e) => e.type === 'end' && e.utterance.split)).toBe(true);
  });
});

describe('voice activity on the real Silero VAD (onnxruntime-node)', () => {
  it('finds each of the 12 fixture sentences, one after another with short pauses', async () => {
    const ort = await import('onnxruntime-node');
    const { decodeWav } = await import('./wav.ts');
    const { sileroStep, VoiceActivity } = await import('./vad.ts');
    const { readdirSync } = await import('node:fs');
    const session = await ort.InferenceSession.create(
      join(import.meta.dirname, '../../../models/lite/audio/silero_vad_v5.onnx'),
      {
        logSeverityLevel: 3,
      },
    );
    const parts: Float32Array[] = [];
    for (const label of readdirSync(SPEECH).sort()) {
      for (const file of readdirSync(join(SPEECH, label)).sort()) {
        parts.push(
          decodeWav(new Uint8Array(readFileSync(join(SPEECH, label, file)))).samples,
          new Float32Array(12_800),
        );
      }
    }
    const audio = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      audio.set(p, offset);
      offset += p.length;
    }
    const voice = new VoiceActivity(sileroStep(ort, session));
    const segmenter = new UtteranceSegmenter();
    let utterances = 0;
    for (let i = 0; i + CHUNK <= audio.length; i += CHUNK) {
      const chunk = audio.slice(i, i + CHUNK);
      for (const e of segmenter.push(chunk, await voice.next(chunk))) if (e.type === 'end') utterances++;
    }
    expect(utterances).toBe(12);
  });
});

describe('music with no voice in it', () => {
  it('a plucked melody (harmonic notes, 2 per second) through the real Silero VAD makes no utterance, so no voice reading', async () => {
    const ort = await import('onnxruntime-node');
    const { sileroStep, VoiceActivity } = await import('./vad.ts');
    const session = await ort.InferenceSession.create(
      join(import.meta.dirname, '../../../models/lite/audio/silero_vad_v5.onnx'),
      {
        logSeverityLevel: 3,
      },
    );
    const notes = [261.6, 329.6, 392, 523.3, 440, 349.2];
    const melody = Float32Array.from({ length: 16_000 * 6 }, (_, i) => {
      const t = i / 16_000;
      const f = notes[Math.floor(t * 2) % notes.length]!;
      let v = 0;
      for (let h = 1; h <= 6; h++) v += Math.sin(2 * Math.PI * f * h * t) / h;
      return 0.15 * v * Math.exp(-3 * (t % 0.5));
    });
    const voice = new VoiceActivity(sileroStep(ort, session));
    const segmenter = new UtteranceSegmenter();
    const events: string[] = [];
    for (let i = 0; i + CHUNK <= melody.length; i += CHUNK) {
      const chunk = melody.slice(i, i + CHUNK);
      for (const e of segmenter.push(chunk, await voice.next(chunk))) events.push(e.type);
    }
    expect(events.filter((e) => e === 'end')).toEqual([]);
  });
});

describe('prosodicArousal', () => {
  const ref = DEFAULT_REFERENCE;
  const usual: Prosody = {
    f0Median: ref.f0,
    f0RangeSt: 6,
    f0StdSt: 5,
    loudnessDb: ref.loudnessDb,
    loudnessStdDb: 5,
    voicedRatio: 0.6,
    rate: 3.5,
    centroidHz: ref.centroidHz,
    tiltDb: ref.tiltDb,
    durationS: 2,
  };

  it("is 0 at this speaker's usual, up when higher, louder and faster, down when lower, quieter and slower", () => {
    expect(prosodicArousal(usual, ref)).toBeCloseTo(0, 12);
    const excited = prosodicArousal(
      { ...usual, f0Median: ref.f0 * 2 ** (4 / 12), loudnessDb: ref.loudnessDb + 6, rate: 5 },
      ref,
    )!;
    const calm = prosodicArousal(
      { ...usual, f0Median: ref.f0 * 2 ** (-4 / 12), loudnessDb: ref.loudnessDb - 6, rate: 2 },
      ref,
    )!;
    expect(excited).toBeCloseTo(Math.tanh(1), 9);
    expect(calm).toBeCloseTo(-Math.tanh(1), 9);
    // Relative to the speaker: the same voice read against a higher, louder reference is calmer.
    expect(prosodicArousal(usual, { ...ref, f0: ref.f0 * 1.5, loudnessDb: ref.loudnessDb + 10 })!).toBeLessThan(0);
    expect(Math.abs(prosodicArousal({ ...usual, loudnessDb: 100, rate: 40 }, ref)!)).toBeLessThan(1);
  });

  it('is not measured without pitch', () => {
    expect(prosodicArousal({ ...usual, f0Median: null }, ref)).toBeNull();
  });
});
