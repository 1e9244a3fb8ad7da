/**
 * 68-point landmarks (iBUG-300W order) from the bundled face-api model, and
 * the interpretable facial cues measured from them: geometry only, never the
 * expression label. Cues are reported relative to the person's own neutral
 * baseline, learnt over the first seconds of a session.
 */
import type { FaceDetection } from './blazeface.ts';
import { boxCentre, squareCropMap, type Point } from './geometry.ts';
import { sampleRgb, type Frame } from './image.ts';
import type { ModelRunner } from '../runner.ts';

const SIZE = 112;

/** The square face-api's own detector feeds: 1.05 × the larger box side, centred 0.11 × side above the box centre. */
export function landmarkCrop(face: FaceDetection): { centre: Point; side: number } {
  const s = Math.max(face.box.width, face.box.height);
  const c = boxCentre(face.box);
  return { centre: { x: c.x, y: c.y - 0.11 * s }, side: 1.05 * s };
}

export async function detectLandmarks(runner: ModelRunner, frame: Frame, face: FaceDetection): Promise<Point[]> {
  const { centre, side } = landmarkCrop(face);
  const data = sampleRgb(frame, squareCropMap(centre, side, 0, SIZE), SIZE, SIZE); // raw 0..255: the graph normalises
  const out = await runner.run({ input: { data, dims: [1, SIZE, SIZE, 3] } });
  const flat = out.landmarks?.data;
  if (!flat || flat.length !== 136) throw new Error('landmark model gave no 136-value output');
  const x0 = centre.x - side / 2;
  const y0 = centre.y - side / 2;
  const points: Point[] = [];
  for (let i = 0; i < 68; i++)
    points.push({ x: x0 + (flat[i * 2] as number) * side, y: y0 + (flat[i * 2 + 1] as number) * side });
  return points;
}

export interface FacialCues {
  /** Mouth centre minus mouth corners, vertical, / IOD: smile (+), frown (−). */
  readonly mouthCornerLift: number;
  /** Inner-lip gap 62–66 / IOD: jaw drop, speech. */
  readonly mouthOpening: number;
  /** Corner to corner 48–54 / IOD: stretch, smile. */
  readonly mouthWidth: number;
  /** Inner-lip gaps 61–67 + 63–65 / IOD; near 0 when pressed. */
  readonly lipPress: number;
  /** Eyes minus brows, vertical, / IOD: raised (+), lowered (−). */
  readonly browRaise: number;
  /** Inner brow ends 21–22 / IOD: knitted when small. */
  readonly browGap: number;
  /** Eye aspect ratio, both eyes: widened (+), narrowed (−). */
  readonly eyeOpening: number;
  /** Angle of the eye line, degrees (context only). */
  readonly headTilt: number;
}

export const CUE_NAMES = [
  'mouthCornerLift',
  'mouthOpening',
  'mouthWidth',
  'lipPress',
  'browRaise',
  'browGap',
  'eyeOpening',
  'headTilt',
] as const satisfies readonly (keyof FacialCues)[];

const mean = (pts: readonly Point[]): Point => ({
  x: pts.reduce((a, p) => a + p.x, 0) / pts.length,
  y: pts.reduce((a, p) => a + p.y, 0) / pts.length,
});
const dist = (p: Point, q: Point) => Math.hypot(p.x - q.x, p.y - q.y);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function measureCues(points: readonly Point[]): FacialCues {
  if (points.length !== 68) throw new Error(`expected 68 landmarks, got ${points.length}`);
  const at = (i: number) => points[i] as Point;
  const eyeA = mean(range(36, 41).map(at));
  const eyeB = mean(range(42, 47).map(at));
  const tilt = Math.atan2(eyeB.y - eyeA.y, eyeB.x - eyeA.x);
  const iod = dist(eyeA, eyeB);
  // Level the eye line: rotate every point by −tilt about the eyes' midpoint.
  const mid = { x: (eyeA.x + eyeB.x) / 2, y: (eyeA.y + eyeB.y) / 2 };
  const cos = Math.cos(-tilt);
  const sin = Math.sin(-tilt);
  const level = points.map((p) => {
    const dx = p.x - mid.x;
    const dy = p.y - mid.y;
    return { x: mid.x + cos * dx - sin * dy, y: mid.y + sin * dx + cos * dy };
  });
  const l = (i: number) => level[i] as Point;
  const ear = (a: number, b: number, c: number, d: number, e: number, f: number) =>
    (dist(l(b), l(f)) + dist(l(c), l(e))) / (2 * dist(l(a), l(d)));
  return {
    mouthCornerLift: (mean([l(51), l(57)]).y - mean([l(48), l(54)]).y) / iod,
    mouthOpening: dist(l(62), l(66)) / iod,
    mouthWidth: dist(l(48), l(54)) / iod,
    lipPress: (dist(l(61), l(67)) + dist(l(63), l(65))) / iod,
    browRaise: (mean(range(36, 47).map(l)).y - mean(range(17, 26).map(l)).y) / iod,
    browGap: dist(l(21), l(22)) / iod,
    eyeOpening: (ear(36, 37, 38, 39, 40, 41) + ear(42, 43, 44, 45, 46, 47)) / 2,
    headTilt: (tilt * 180) / Math.PI,
  };
}

export type CueDeltas = { readonly [K in keyof FacialCues]: number };

/** Each cue's median over the samples (cues or their changes): an odd frame, a blink or a word, does not move it. */
export function medianCues<T extends CueDeltas>(samples: readonly T[]): T {
  const median = (k: keyof FacialCues) => {
    const v = samples.map((s) => s[k]).sort((a, b) => a - b);
    const m = v.length >> 1;
    return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
  };
  return Object.fromEntries(CUE_NAMES.map((k) => [k, median(k)])) as unknown as T;
}

/**
 * The person's own neutral face: the median of each cue over samples taken
 * while the expression leans neutral and the voice is silent (speech moves
 * the mouth). Ready after `needed` such samples; if the face never looks
 * neutral, after `fallbackAfter` silent samples it settles for the `needed`
 * most neutral-leaning of them, and says it is approximate.
 */
export class CueBaseline {
  readonly #neutral: FacialCues[] = [];
  readonly #seen: { cues: FacialCues; neutrality: number }[] = [];
  #fixed: FacialCues | null = null;
  #approximate = false;

  constructor(
    readonly needed = 20,
    readonly fallbackAfter = 60,
  ) {}

  get ready(): boolean {
    return this.#fixed !== null;
  }

  /** Learnt from the calmest moments rather than from neutral ones. */
  get approximate(): boolean {
    return this.#approximate;
  }

  get progress(): number {
    if (this.#fixed) return 1;
    return Math.min(1, Math.max(this.#neutral.length / this.needed, this.#seen.length / this.fallbackAfter));
  }

  /**
   * A sample: `neutrality` is the probability of neutral (it counts as neutral-leaning when neutral
   * is the top class); samples taken while someone speaks are ignored.
   */
  offer(cues: FacialCues, neutrality: number, neutralIsTop: boolean, speaking = false): void {
    if (this.#fixed || speaking) return;
    if (neutralIsTop) this.#neutral.push(cues);
    this.#seen.push({ cues, neutrality });
    if (this.#neutral.length >= this.needed) {
      this.#fixed = medianCues(this.#neutral);
    } else if (this.#seen.length >= this.fallbackAfter) {
      const calmest = [...this.#seen].sort((a, b) => b.neutrality - a.neutrality).slice(0, this.needed);
      this.#fixed = medianCues(calmest.map((s) => s.cues));
      this.#approximate = true;
    }
  }

  baseline(): FacialCues | null {
    return this.#fixed;
  }

  /** Cue minus baseline (headTilt stays absolute), or null while the baseline is being learnt. */
  deltas(cues: FacialCues): CueDeltas | null {
    const base = this.#fixed;
    if (!base) return null;
    const out = Object.fromEntries(CUE_NAMES.map((k) => [k, cues[k] - base[k]])) as Record<keyof FacialCues, number>;
    out.headTilt = cues.headTilt;
    return out;
  }

  reset(): void {
    this.#neutral.length = 0;
    this.#seen.length = 0;
    this.#fixed = null;
    this.#approximate = false;
  }
}

export interface CueEvidence {
  readonly cue: keyof FacialCues;
  readonly phrase: string;
  readonly delta: number;
  /** How far past the threshold worth saying: |delta| / threshold (≥ 1). */
  readonly strength: number;
}

/** Thresholds (IOD units; eye opening in aspect-ratio units) above which a change is worth saying. */
const SAY: readonly { cue: keyof FacialCues; min: number; up: string; down: string }[] = [
  { cue: 'mouthCornerLift', min: 0.025, up: 'mouth corners raised', down: 'mouth corners pulled down' },
  { cue: 'mouthOpening', min: 0.06, up: 'mouth open', down: 'mouth closed' },
  { cue: 'mouthWidth', min: 0.06, up: 'mouth stretched wide', down: 'mouth narrowed' },
  { cue: 'lipPress', min: 0.05, up: 'lips parted', down: 'lips pressed together' },
  { cue: 'browRaise', min: 0.03, up: 'brows raised', down: 'brows lowered' },
  { cue: 'browGap', min: 0.03, up: 'brows spread apart', down: 'brows drawn together' },
  { cue: 'eyeOpening', min: 0.04, up: 'eyes widened', down: 'eyes narrowed' },
];

/** Every phrase a facial cue is said in (the verifier's lexicon does not score the app's own wording). */
export const CUE_PHRASES: readonly string[] = SAY.flatMap((c) => [c.up, c.down]);

/** A cue's size in words a class knows, from how far past its threshold it is. */
export function cueStrength(strength: number): 'slightly' | 'clearly' | 'strongly' {
  return strength < 2 ? 'slightly' : strength < 4 ? 'clearly' : 'strongly';
}

/** The cue changes worth citing, largest (relative to its threshold) first. */
export function describeCues(deltas: CueDeltas): CueEvidence[] {
  return SAY.filter(({ cue, min }) => Math.abs(deltas[cue]) >= min)
    .sort((p, q) => Math.abs(deltas[q.cue]) / q.min - Math.abs(deltas[p.cue]) / p.min)
    .map(({ cue, min, up, down }) => ({
      cue,
      phrase: deltas[cue] > 0 ? up : down,
      delta: deltas[cue],
      strength: Math.abs(deltas[cue]) / min,
    }));
}
