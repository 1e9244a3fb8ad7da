import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binomialUpperTail } from '../../../scripts/eval/stats.ts';
import manifestJson from '../../../models/manifest.json';
import { EMOTIONS, topEmotion } from '../labels.ts';
import { findModel, parseManifest } from '../manifest.ts';
import type { ModelRunner } from '../runner.ts';
import { nodeRunner } from '../../test-support/node-models.ts';
import { fixtureUtterances } from '../../test-support/speech-fixtures.ts';
import { FEATURE_COUNT, VOICE_FEATURES, voiceFeatures } from './voice-features.ts';
import metaJson from './voice-model.json';
import {
  calibrateVoice,
  certainty,
  normalise,
  readVoice,
  segmentStarts,
  softmax,
  speakerNorm,
  temperatureFor,
  VoiceBaseline,
  voiceDistribution,
  type VoiceModelMeta,
} from './voice-model.ts';

const meta = metaJson as VoiceModelMeta;
const MODELS = join(import.meta.dirname, '../../../models');
const SPEECH = join(import.meta.dirname, '../../../e2e/fixtures/speech');
const utterances = fixtureUtterances(SPEECH);
const tone = (hz: number, seconds: number, gain = 0.3) =>
  Float32Array.from(
    { length: Math.round(seconds * 16_000) },
    (_, i) => gain * Math.sin((2 * Math.PI * hz * i) / 16_000),
  );
const noise = (seconds: number, gain: number, seed = 1) => {
  let a = seed;
  return Float32Array.from({ length: Math.round(seconds * 16_000) }, () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return gain * (a / 2 ** 30 - 1);
  });
};

let runner: ModelRunner;
beforeAll(async () => {
  runner = await nodeRunner('lite/voice/voice_emotion.onnx');
});

describe('the bundled voice model', () => {
  it('is the graph its metadata names, listed in the manifest with its size, labels and input', () => {
    const bytes = readFileSync(join(MODELS, 'lite/voice/voice_emotion.onnx'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(meta.onnxSha256).toBe(sha);
    const entry = findModel(parseManifest(manifestJson), 'voice-emotion-lite');
    expect(entry.files[0]).toEqual({ path: 'lite/voice/voice_emotion.onnx', sha256: sha, size: bytes.byteLength });
    expect(bytes.byteLength).toBeLessThan(2_000_000);
    expect(entry.labels).toEqual(meta.labels);
    expect(entry.inputs?.['features']?.shape).toEqual([1, FEATURE_COUNT]);
    expect(meta.features).toEqual(VOICE_FEATURES);
    expect(meta.prior).toHaveLength(FEATURE_COUNT);
    expect(meta.spread.every((s) => s > 0)).toBe(true);
    expect(meta.labels).not.toContain('surprise');
  });

  it('reads the 12 CREMA-D utterances (English, never trained on) above chance at p < 0.05 once it knows each actor', async () => {
    let right = 0;
    const rows: string[] = [];
    for (const speaker of ['1001', '1002']) {
      const mine = utterances.filter((u) => u.speaker === speaker);
      const feats = mine.map((u) => voiceFeatures(u.samples)!.features);
      const norm = speakerNorm(feats, meta);
      for (const [i, u] of mine.entries()) {
        const out = await runner.run({ features: { data: normalise(feats[i]!, norm), dims: [1, FEATURE_COUNT] } });
        const d = voiceDistribution(
          softmax(Array.from(out['logits']!.data), temperatureFor(meta, mine.length)),
          meta.labels,
        );
        const top = topEmotion(d).emotion;
        if (top === u.label) right++;
        rows.push(`${u.file}: ${top}`);
      }
    }
    console.info(`voice model on the CREMA-D fixtures, settled reference: ${right}/12`, rows);
    // The requirement, not today's score: better than a six-way guess, at p < 0.05 (one-sided binomial). That takes
    // 5 of 12 (p = 0.036; 4 of 12 has p = 0.125). REPORT.md gives today's figure (5/12), so this has no slack.
    const needed = Array.from({ length: 13 }, (_, k) => k).find((k) => binomialUpperTail(k, 12, 1 / 6) < 0.05)!;
    expect(needed).toBe(5);
    expect(right).toBeGreaterThanOrEqual(needed);
  });

  it("gives each actor's angry sentence more angry than chance, and reads actor 1002's as angry (1001's is a known miss)", async () => {
    const tops: Record<string, string> = {};
    for (const speaker of ['1001', '1002']) {
      const baseline = new VoiceBaseline(meta);
      const mine = utterances.filter((u) => u.speaker === speaker);
      // A session that has heard this actor's other sentences first.
      for (const u of mine.filter((x) => x.label !== 'angry')) await readVoice(u.samples, baseline, runner, meta);
      const angry = await readVoice(mine.find((u) => u.label === 'angry')!.samples, baseline, runner, meta);
      if (angry.kind !== 'read') throw new Error('expected a reading');
      expect(angry.distribution[EMOTIONS.indexOf('angry')]).toBeGreaterThan(1 / 6);
      tops[speaker] = topEmotion(angry.distribution).emotion;
    }
    // Actor 1001's angry sentence reads neutral once the model knows him (docs/models.md, "The Lite voice model"): a known miss, not asserted.
    expect(tops['1002']).toBe('angry');
  });
});

describe('the speaker reference (VoiceBaseline)', () => {
  const angry = utterances.find((u) => u.speaker === '1002' && u.label === 'angry')!;
  const neutral = utterances.find((u) => u.speaker === '1002' && u.label === 'neutral')!;

  it('is causal: an utterance is read against what was heard before it, never against itself', async () => {
    const first = await readVoice(angry.samples, new VoiceBaseline(meta), runner, meta);
    const f = voiceFeatures(angry.samples)!.features;
    const out = await runner.run({ features: { data: normalise(f, speakerNorm([], meta)), dims: [1, FEATURE_COUNT] } });
    const expected = voiceDistribution(softmax(Array.from(out['logits']!.data), temperatureFor(meta, 1)), meta.labels);
    if (first.kind !== 'read') throw new Error('expected a reading');
    first.distribution.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 5));
    expect(first.known).toBe(0);
  });

  it('does not absorb the emotion it reads: the same angry sentence six times stays angry', async () => {
    const baseline = new VoiceBaseline(meta);
    const tops: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await readVoice(angry.samples, baseline, runner, meta);
      if (r.kind !== 'read') throw new Error('expected a reading');
      tops.push(topEmotion(r.distribution).emotion);
    }
    expect(tops).toEqual(Array(6).fill('angry'));
    // Each angry reading joined the reference at its p(neutral): six of them weigh less than one sentence.
    expect(baseline.size).toBeLessThan(1);
  });

  it('a neutral sentence moves it more than an angry one', async () => {
    const a = new VoiceBaseline(meta);
    await readVoice(angry.samples, a, runner, meta);
    const n = new VoiceBaseline(meta);
    await readVoice(neutral.samples, n, runner, meta);
    expect(n.size).toBeGreaterThan(a.size);
  });

  it('refuses a calibration with no speech in it, and says why', () => {
    const b = new VoiceBaseline(meta);
    expect(calibrateVoice(noise(1.5, 0.1), b)).toEqual({
      ok: false,
      message: expect.stringMatching(/too little voiced sound/),
    });
    expect(calibrateVoice(new Float32Array(16_000 * 2), b)).toMatchObject({ ok: false });
    expect(calibrateVoice(neutral.samples.slice(0, 4000), b)).toEqual({
      ok: false,
      message: expect.stringMatching(/too short/),
    });
    expect(b.calibrated).toBe(false);
    expect(calibrateVoice(neutral.samples, b)).toMatchObject({ ok: true });
    expect(b.calibrated).toBe(true);
  });

  it('a calibration ("a sentence in your everyday voice") counts in full and can be reset', () => {
    const b = new VoiceBaseline(meta);
    const f = voiceFeatures(neutral.samples)!.features;
    b.calibrate([f]);
    expect(b.calibrated).toBe(true);
    expect(b.size).toBe(1);
    const centre = b.reference().centre;
    expect(centre[0]).toBeCloseTo((f[0]! + meta.priorWeight * meta.prior[0]!) / (1 + meta.priorWeight), 4);
    b.resetCalibration();
    expect(b.calibrated).toBe(false);
    expect(b.reference().centre[0]).toBeCloseTo(meta.prior[0]!, 4);
  });
});

describe('reading an utterance', () => {
  it('gives seven probabilities that sum to 1; surprise, never learnt, neither wins nor vetoes', async () => {
    const r = await readVoice(utterances[0]!.samples, new VoiceBaseline(meta), runner, meta);
    if (r.kind !== 'read') throw new Error('expected a reading');
    expect(r.distribution).toHaveLength(7);
    expect(r.distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const s = r.distribution[EMOTIONS.indexOf('surprise')]!;
    const others = r.distribution.filter((_, i) => i !== EMOTIONS.indexOf('surprise'));
    expect(s).toBeLessThan(Math.max(...others));
    expect(s).toBeGreaterThan(Math.min(...others) - 1e-9);
    expect(r.certainty).toBeGreaterThanOrEqual(0);
    expect(r.certainty).toBeLessThanOrEqual(1);
    expect(r.notes.join(' ')).toMatch(/typical voice/);
  });

  it('abstains on an utterance under 0.5 s and on sound with no voice in it', async () => {
    const short = await readVoice(utterances[0]!.samples.slice(0, 6000), new VoiceBaseline(meta), runner, meta);
    expect(short).toMatchObject({ kind: 'abstained', why: 'too-short' });
    const hiss = await readVoice(noise(1.5, 0.1), new VoiceBaseline(meta), runner, meta);
    expect(hiss).toMatchObject({ kind: 'abstained', why: 'no-voice' });
    expect(voiceFeatures(new Float32Array(16_000))).toBeNull();
  });

  it('says so when the input clips, and is less sure', async () => {
    const u = utterances.find((x) => x.label === 'angry')!.samples;
    const clipped = Float32Array.from(u, (v) => Math.max(-1, Math.min(1, v * 30)));
    const a = await readVoice(clipped, new VoiceBaseline(meta), runner, meta);
    if (a.kind !== 'read') throw new Error('expected a reading');
    expect(a.notes.join(' ')).toMatch(/clipping/);
    expect(a.certainty).toBeLessThanOrEqual(0.5);
  });

  it('reads long utterances in pooled segments', async () => {
    expect(segmentStarts(16_000 * 2)).toEqual([0]);
    const starts = segmentStarts(16_000 * 9);
    expect(starts[0]).toBe(0);
    // The last segment ends within a hop's half of the end.
    expect(16_000 * 9 - (starts.at(-1)! + 16_000 * 2.5)).toBeLessThanOrEqual(16_000);
    const long = new Float32Array(utterances.slice(0, 4).reduce((a, u) => a + u.samples.length, 0));
    let o = 0;
    for (const u of utterances.slice(0, 4)) {
      long.set(u.samples, o);
      o += u.samples.length;
    }
    const r = await readVoice(long, new VoiceBaseline(meta), runner, meta);
    if (r.kind !== 'read') throw new Error('expected a reading');
    expect(r.segments).toBeGreaterThan(1);
  });

  it('is calibrated toward flat when it knows nothing of the speaker, and a flat reading has no certainty', () => {
    expect(temperatureFor(meta, 1)).toBeCloseTo(meta.temperature.cold, 6);
    expect(temperatureFor(meta, 1000)).toBeCloseTo(meta.temperature.settled, 1);
    expect(certainty([1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6])).toBeCloseTo(0, 9);
    expect(certainty([1, 0, 0, 0, 0, 0])).toBeCloseTo(1, 9);
  });

  it('refuses a label set it cannot map', () => {
    expect(() => voiceDistribution([0.5, 0.5], ['happy', 'bored'])).toThrow(/bored/);
  });
});

describe('the feature front end', () => {
  it('gives the named features, finite, for speech; pitch and level follow the signal', () => {
    const f = voiceFeatures(utterances[0]!.samples)!;
    expect(f.features).toHaveLength(VOICE_FEATURES.length);
    expect(f.features.every(Number.isFinite)).toBe(true);
    const at = (name: string, x: Float32Array) => voiceFeatures(x)!.features[VOICE_FEATURES.indexOf(name)]!;
    // 220 Hz is 24 semitones above 55 Hz; 110 Hz is 12.
    expect(at('f0_mean', tone(220, 1))).toBeCloseTo(24, 0);
    expect(at('f0_mean', tone(110, 1))).toBeCloseTo(12, 0);
    expect(at('level_mean', tone(220, 1, 0.5)) - at('level_mean', tone(220, 1, 0.05))).toBeCloseTo(20, 0);
    expect(at('voiced_ratio', tone(220, 1))).toBeGreaterThan(0.9);
  });

  it('still reads telephone-band (8 kHz) speech: the features stay near the wide-band ones', () => {
    const u = utterances.find((x) => x.label === 'angry')!.samples;
    // Down to 8 kHz and back by dropping every other sample after a crude low-pass, then linear interpolation.
    const narrow = Float32Array.from(u, (_, i) => {
      const j = i - (i % 2);
      const a = ((u[j - 1] ?? 0) + 2 * (u[j] ?? 0) + (u[j + 1] ?? 0)) / 4;
      const b = ((u[j + 1] ?? 0) + 2 * (u[j + 2] ?? 0) + (u[j + 3] ?? 0)) / 4;
      return i % 2 ? (a + b) / 2 : a;
    });
    const wide = voiceFeatures(u)!.features;
    const tel = voiceFeatures(narrow)!.features;
    const f0 = VOICE_FEATURES.indexOf('f0_mean');
    expect(Math.abs(tel[f0]! - wide[f0]!)).toBeLessThan(1.5);
  });
});
