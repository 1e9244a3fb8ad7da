/**
 * The training corpus (EmoDB, six classes): utterances with their features under each recording
 * condition, the corpus statistics the speaker reference shrinks toward, the training set with speaker
 * references of every size, and the held-out rows of a fold.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../../src/core/audio/wav.ts';
import { FEATURE_COUNT, voiceFeatures } from '../../src/core/audio/voice-features.ts';
import { normalise, speakerNorm } from '../../src/core/audio/voice-model.ts';
import { CONDITIONS, seeded, type Rng } from './augment.ts';
import { logitsOf, train, type Dataset, type SoftmaxModel } from './softmax.ts';

/** Augmentation and stream orders draw from seeded generators: a run is reproducible. */
export const SEED = 20261130;

/** The model's classes, in its output order. EmoDB has no surprise. */
export const LABELS = ['happy', 'sad', 'neutral', 'angry', 'disgust', 'fear'] as const;
export const PRIOR_WEIGHT = 3;
const DRAWS = 2;
const BASELINE_SIZES = [1, 2, 4, 8, Infinity];
export const OPTS = { classes: LABELS.length, l2: 0.01, steps: 300, lr: 0.05 };

export interface Utterance {
  readonly file: string;
  readonly speaker: string;
  readonly y: number;
  /** Features per condition (null: nothing voiced). */
  readonly feats: (Float32Array | null)[];
}

/** The corpus under `dir` (its MANIFEST.tsv), each utterance's features under every recording condition. */
export function load(dir: string): Utterance[] {
  const lines = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const head = lines[0]!.split('\t');
  const col = (name: string) => head.indexOf(name);
  const rows = lines.slice(1).map((l) => l.split('\t'));
  console.log(`${rows.length} utterances in ${dir}`);
  const out: Utterance[] = [];
  const start = performance.now();
  for (const [ci, condition] of CONDITIONS.entries()) {
    const rng = seeded(SEED + ci);
    rows.forEach((r, i) => {
      const raw = r[col('raw_label')]!;
      const label = raw === 'boredom' ? 'neutral' : r[col('label')]!;
      const y = (LABELS as readonly string[]).indexOf(label);
      if (y < 0) throw new Error(`unknown label ${label} (${r[col('file')]})`);
      const { samples, sampleRate } = decodeWav(new Uint8Array(readFileSync(join(dir, r[col('file')]!))));
      if (sampleRate !== 16_000) throw new Error(`${r[col('file')]} is ${sampleRate} Hz, not 16 kHz`);
      // Within a condition, each utterance is a little louder or quieter (±3 dB), as a speaker moves.
      const jitter = ci === 0 ? 1 : 10 ** (((rng() * 2 - 1) * 3) / 20);
      const x = condition.apply(jitter === 1 ? samples : samples.map((v) => v * jitter), rng);
      const f = voiceFeatures(x)?.features ?? null;
      if (ci === 0) out.push({ file: r[col('file')]!, speaker: r[col('speaker')]!, y, feats: [f] });
      else out[i]!.feats.push(f);
    });
    console.log(`  features under "${condition.name}": ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return out;
}

export interface Corpus {
  readonly prior: number[];
  readonly spread: number[];
  readonly priorWeight: number;
}

/** The corpus mean of the raw features (every condition) and the pooled within-speaker spread (per condition). */
export function corpusOf(utts: readonly Utterance[]): Corpus {
  const sum = new Array<number>(FEATURE_COUNT).fill(0);
  const sq = new Array<number>(FEATURE_COUNT).fill(0);
  let n = 0;
  let m = 0;
  for (let c = 0; c < CONDITIONS.length; c++) {
    for (const s of new Set(utts.map((u) => u.speaker))) {
      const group = utts.filter((u) => u.speaker === s && u.feats[c]).map((u) => u.feats[c]!);
      const mean = new Array<number>(FEATURE_COUNT).fill(0);
      for (const f of group) for (let d = 0; d < FEATURE_COUNT; d++) mean[d]! += (f[d] as number) / group.length;
      for (const f of group) {
        for (let d = 0; d < FEATURE_COUNT; d++) {
          sum[d]! += f[d] as number;
          sq[d]! += ((f[d] as number) - (mean[d] as number)) ** 2;
        }
      }
      n += group.length;
      m += group.length - 1;
    }
  }
  return { prior: sum.map((s) => s / n), spread: sq.map((q) => Math.sqrt(q / m)), priorWeight: PRIOR_WEIGHT };
}

/** Training rows: every condition, each utterance read against DRAWS references of random size. */
export function trainingSet(utts: readonly Utterance[], corpus: Corpus, rng: Rng): Dataset {
  const x: Float32Array[] = [];
  const y: number[] = [];
  const speakers = [...new Set(utts.map((u) => u.speaker))];
  for (let c = 0; c < CONDITIONS.length; c++) {
    for (const s of speakers) {
      const group = utts.filter((u) => u.speaker === s && u.feats[c]);
      for (const u of group) {
        for (let r = 0; r < DRAWS; r++) {
          const size = Math.min(group.length, BASELINE_SIZES[Math.floor(rng() * BASELINE_SIZES.length)]!);
          const others = group.filter((o) => o !== u);
          for (let i = others.length - 1; i > 0; i--) {
            const j = Math.floor(rng() * (i + 1));
            [others[i], others[j]] = [others[j]!, others[i]!];
          }
          const seen = [u, ...others.slice(0, size - 1)].map((o) => o.feats[c]!);
          x.push(normalise(u.feats[c]!, speakerNorm(seen, corpus)));
          y.push(u.y);
        }
      }
    }
  }
  return { x, y };
}

export interface TestRows {
  readonly settled: number[][];
  readonly cold: number[][];
  readonly y: number[];
}

/** Logits for one speaker's clean utterances: against all of them (settled) and against itself alone (cold). */
export function testRows(model: SoftmaxModel, utts: readonly Utterance[], corpus: Corpus): TestRows {
  const clean = utts.filter((u) => u.feats[0]);
  const all = speakerNorm(
    clean.map((u) => u.feats[0]!),
    corpus,
  );
  return {
    settled: clean.map((u) => logitsOf(model, normalise(u.feats[0]!, all))),
    cold: clean.map((u) => logitsOf(model, normalise(u.feats[0]!, speakerNorm([u.feats[0]!], corpus)))),
    y: clean.map((u) => u.y),
  };
}

export function fit(utts: readonly Utterance[], seed: number): { model: SoftmaxModel; corpus: Corpus } {
  const corpus = corpusOf(utts);
  return { model: train(trainingSet(utts, corpus, seeded(seed)), OPTS), corpus };
}

export function concat(parts: readonly TestRows[]): TestRows {
  return { settled: parts.flatMap((p) => p.settled), cold: parts.flatMap((p) => p.cold), y: parts.flatMap((p) => p.y) };
}

/** How a session's speaker reference is kept, for the live-stream figures. */
