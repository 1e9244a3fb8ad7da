/**
 * The pure half of `npm run eval:live`: the scenarios (which face, which labelled utterances), the
 * stream's schedule, matching the page's exported windows to it, and the summary. The browser half is
 * live.ts.
 */
import type { Emotion } from '../../src/core/labels.ts';

/** (a) calm face + emotional voices, (b) expressive face + neutral voices, (c) one emotion several times, (d) calm + neutral. */
export type ScenarioKind = 'a' | 'b' | 'c' | 'd';

export interface Utterance {
  readonly path: string;
  readonly label: Emotion;
  /** `emodb` is the Lite voice model's training data (its voice readings are in-sample); `cremad` it never saw. */
  readonly corpus: 'emodb' | 'cremad';
  readonly speaker: string;
}

export interface Scenario {
  readonly name: string;
  readonly kind: ScenarioKind;
  readonly face: string;
  /** What the face shows: `neutral` (calm) or `happy` (smiling). */
  readonly faceLabel: Emotion;
  readonly utterances: readonly Utterance[];
}

/** Silence before the first utterance and after each one, s. */
export const LEAD_S = 2;
export const GAP_S = 3;

/** The onset of each utterance in the stream, s, from their durations. */
export function schedule(durations: readonly number[]): number[] {
  const onsets: number[] = [];
  let t = LEAD_S;
  for (const d of durations) {
    onsets.push(t);
    t += d + GAP_S;
  }
  return onsets;
}

/** What the scenario expects the window to fuse to: the face's display in (b), the voice's label otherwise. */
export function expected(s: Scenario, u: Utterance): Emotion {
  return s.kind === 'b' ? s.faceLabel : u.label;
}

export interface ExportedModality {
  readonly modality: string;
  readonly distribution: readonly number[] | null;
  readonly reliability: number | null;
  readonly top: { readonly emotion: Emotion; readonly p: number };
}

export interface ExportedWindow {
  readonly kind: 'utterance' | 'sliding';
  readonly startMs: number;
  readonly endMs: number;
  readonly prediction: Emotion;
  readonly pFused: number;
  readonly dominant: string;
  readonly modalities: readonly ExportedModality[];
}

/** Onsets (s) matched to utterance windows (startMs from the export): the window starting nearest each onset. */
export const MATCH_TOLERANCE_MS = 1500;

/**
 * The export's times count from its first window, the stream's from its own start: the offset between
 * them is the one that matches the most onsets (the first utterance window against each onset in turn).
 * Each onset gets the utterance window starting nearest it within the tolerance, or none.
 */
export function matchWindows(
  onsetsS: readonly number[],
  windows: readonly ExportedWindow[],
): (ExportedWindow | null)[] {
  const spoken = windows.filter((w) => w.kind === 'utterance');
  if (spoken.length === 0) return onsetsS.map(() => null);
  const onsets = onsetsS.map((s) => s * 1000);
  let best: (ExportedWindow | null)[] = onsets.map(() => null);
  let bestCount = -1;
  let bestError = Infinity;
  for (const w0 of spoken.slice(0, 3)) {
    for (const o0 of onsets) {
      const offset = o0 - w0.startMs;
      const used = new Set<ExportedWindow>();
      let error = 0;
      const matched = onsets.map((o) => {
        let pick: ExportedWindow | null = null;
        for (const w of spoken) {
          const d = Math.abs(w.startMs + offset - o);
          if (d <= MATCH_TOLERANCE_MS && !used.has(w) && (!pick || d < Math.abs(pick.startMs + offset - o))) pick = w;
        }
        if (pick) {
          used.add(pick);
          error += Math.abs(pick.startMs + offset - o);
        }
        return pick;
      });
      const count = matched.filter(Boolean).length;
      if (count > bestCount || (count === bestCount && error < bestError)) {
        best = matched;
        bestCount = count;
        bestError = error;
      }
    }
  }
  return best;
}

/** A modality's reading in a window: its top emotion, the whole distribution and its fusion weight. */
export interface Reading {
  readonly top: Emotion;
  readonly p: number;
  readonly weight: number;
  readonly distribution: readonly number[];
}

export interface Row {
  readonly scenario: string;
  readonly kind: ScenarioKind;
  readonly corpus: Utterance['corpus'];
  readonly file: string;
  readonly label: Emotion;
  readonly expected: Emotion;
  /** Null where no window was matched to the utterance. */
  readonly face: Reading | null;
  readonly voice: Reading | null;
  readonly fused: Emotion | null;
  readonly pFused: number | null;
  readonly dominant: string | null;
}

export function rowFor(s: Scenario, u: Utterance, w: ExportedWindow | null): Row {
  const part = (m: string) => {
    const e = w?.modalities.find((x) => x.modality === m);
    return e
      ? {
          top: e.top.emotion,
          p: e.top.p,
          weight: e.reliability ?? 0,
          distribution: (e.distribution ?? []).map((p) => Math.round(p * 1e4) / 1e4),
        }
      : null;
  };
  return {
    scenario: s.name,
    kind: s.kind,
    corpus: u.corpus,
    file: u.path.split('/').at(-1)!,
    label: u.label,
    expected: expected(s, u),
    face: part('face'),
    voice: part('voice'),
    fused: w?.prediction ?? null,
    pFused: w?.pFused ?? null,
    dominant: w?.dominant ?? null,
  };
}

export interface Share {
  readonly n: number;
  readonly k: number;
  readonly share: number | null;
}

const share = (rows: readonly Row[], ok: (r: Row) => boolean): Share => {
  const k = rows.filter(ok).length;
  return { n: rows.length, k, share: rows.length ? k / rows.length : null };
};

/** A voice reading clear enough that it should lead under a calm face. */
export const CLEAR_VOICE = 0.6;

/**
 * The four figures, over the rows given (one corpus, or all):
 * - `voice_leads`: under a calm face (a, c, d), of the windows where the voice reads a non-neutral label at
 *   p ≥ 0.6, the share that are voice-dominant and fused to that reading;
 * - `fused_correct`: fused = expected, per scenario kind;
 * - `face_holds`: in (b), the share fused to the face's display;
 * - `run_stability`: in (c), the share the voice reads as the run's emotion (and, beside it, the fused one).
 * Utterances with no matched window count as misses (`missed` says how many).
 */
export function summarise(rows: readonly Row[]) {
  const calm = rows.filter((r) => r.kind !== 'b');
  const clear = calm.filter((r) => r.voice && r.voice.top !== 'neutral' && r.voice.p >= CLEAR_VOICE);
  const kinds = ['a', 'b', 'c', 'd'] as const;
  return {
    windows: rows.length,
    missed: rows.filter((r) => r.fused === null).length,
    voice_leads: share(clear, (r) => r.dominant === 'voice' && r.fused === r.voice!.top),
    fused_correct: Object.fromEntries(
      kinds.map((k) => [
        k,
        share(
          rows.filter((r) => r.kind === k),
          (r) => r.fused === r.expected,
        ),
      ]),
    ) as Record<ScenarioKind, Share>,
    face_holds: share(
      rows.filter((r) => r.kind === 'b'),
      (r) => r.fused === r.expected,
    ),
    run_stability: share(
      rows.filter((r) => r.kind === 'c'),
      (r) => r.voice?.top === r.label,
    ),
    run_stability_fused: share(
      rows.filter((r) => r.kind === 'c'),
      (r) => r.fused === r.label,
    ),
    voice_correct: share(rows, (r) => r.voice?.top === r.label),
  };
}

export type Summary = ReturnType<typeof summarise>;

export const pct = (s: Share): string => (s.share === null ? '–' : `${(100 * s.share).toFixed(0)}% (${s.k}/${s.n})`);
