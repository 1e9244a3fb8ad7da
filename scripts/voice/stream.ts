/**
 * The causal figures: a held-out speaker as a live session hears them, under each reference policy.
 */
import { normalise, softmax, temperatureFor, VoiceBaseline } from '../../src/core/audio/voice-model.ts';
import { type Rng } from './augment.ts';
import { logitsOf, type SoftmaxModel } from './softmax.ts';
import { LABELS, type Corpus, type Utterance } from './corpus.ts';

export const POLICIES = [
  'before: utterance included, every utterance in full',
  'causal, every utterance in full',
  'causal, weighted by p(neutral) (the app)',
  'the app, after a one-sentence calibration',
] as const;

export interface StreamFigures {
  /** Per policy: calibrated probabilities and labels of the speaker's utterances read in a stream. */
  readonly probs: number[][][];
  readonly y: number[][];
  /** Per policy: [read as the run's emotion, run length] for each run of one emotion. */
  readonly runs: [number, number][][];
}

/** Utterances of one emotion in a run read from a fresh reference. */
export const RUN = 5;
/** Shuffled orders per held-out speaker for the causal figures (each its own seed). */
export const ORDERS = 5;

/**
 * One held-out speaker as a live session hears them: their clean utterances in a shuffled order, each
 * read by the fold's model against the reference the policy keeps (VoiceBaseline, as in the app); and
 * runs of RUN utterances of one emotion from a fresh reference. The calibrated policy first hears one of
 * the speaker's neutral utterances as "my everyday voice" (left out of what is scored).
 */
export function streamFigures(
  model: SoftmaxModel,
  utts: readonly Utterance[],
  corpus: Corpus,
  temperature: { cold: number; settled: number },
  rng: Rng,
): StreamFigures {
  const clean = utts.filter((u) => u.feats[0]);
  const order = [...clean];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const meta = { ...corpus, temperature };
  const neutralAt = LABELS.indexOf('neutral');
  const calibration = order.find((u) => LABELS[u.y] === 'neutral');
  const read = (policy: number, baseline: VoiceBaseline, f: Float32Array): number[] => {
    if (policy === 0) baseline.add(f);
    const known = baseline.size;
    const probs = softmax(
      logitsOf(model, normalise(f, baseline.reference())),
      temperatureFor(meta, policy === 0 ? known : known + 1),
    );
    if (policy === 1) baseline.add(f);
    if (policy >= 2) baseline.add(f, probs[neutralAt]);
    return probs;
  };
  const fresh = (policy: number) => {
    const b = new VoiceBaseline(corpus);
    if (policy === 3 && calibration) b.calibrate([calibration.feats[0]!]);
    return b;
  };
  const probs: number[][][] = [];
  const y: number[][] = [];
  const runs: [number, number][][] = [];
  for (let policy = 0; policy < POLICIES.length; policy++) {
    const scored = order.filter((u) => policy !== 3 || u !== calibration);
    const baseline = fresh(policy);
    probs.push(scored.map((u) => read(policy, baseline, u.feats[0]!)));
    y.push(scored.map((u) => u.y));
    const mine: [number, number][] = [];
    for (const [c, label] of LABELS.entries()) {
      if (label === 'neutral') continue;
      const run = order.filter((u) => u.y === c).slice(0, RUN);
      if (run.length < RUN) continue;
      const b = fresh(policy);
      const right = run.filter((u) => {
        const p = read(policy, b, u.feats[0]!);
        return p.indexOf(Math.max(...p)) === c;
      }).length;
      mine.push([right, run.length]);
    }
    runs.push(mine);
  }
  return { probs, y, runs };
}
