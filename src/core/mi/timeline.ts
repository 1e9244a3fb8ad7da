/**
 * The session's windows for teaching: a timeline's marks (when each window was, each modality's top
 * emotion, the dominant modality) and a sentence that reads one window aloud. Pure: the timeline component
 * and the timeline PNG render these.
 */
import { parseSections, type Section } from './parser.ts';
import { MODALITIES, MODALITY_LABEL, type Modality } from './modalities.ts';
import type { Emotion } from '../labels.ts';
import { vaPoint, type VaPoint } from './valence-arousal.ts';
import type { AnalysisWindow, Explanation, StreamedSection } from './window.ts';

export interface TimelineMark {
  readonly id: number;
  readonly kind: AnalysisWindow['kind'];
  /** Seconds since the session's first window began. */
  readonly startS: number;
  readonly endS: number;
  /** Each modality that read this window: its top emotion and p; absent modalities are left out. */
  readonly tops: readonly { readonly modality: Modality; readonly emotion: Emotion; readonly p: number }[];
  readonly prediction: Emotion;
  readonly dominant: Modality | 'multimodal';
  /** The fused reading on the valence–arousal plane (derived from the category readings). */
  readonly va: VaPoint;
}

/** The marks of `windows`, their times from the first one's start (`t0`, ms, defaults to it). */
export function timelineMarks(windows: readonly AnalysisWindow[], t0 = windows[0]?.startAt ?? 0): TimelineMark[] {
  return windows.map((w) => ({
    id: w.id,
    kind: w.kind,
    startS: (w.startAt - t0) / 1000,
    endS: (w.endAt - t0) / 1000,
    tops: MODALITIES.flatMap((m) => {
      const entry = w.mi.entries.find((e) => e.modality === m);
      return entry ? [{ modality: m, emotion: entry.top.emotion, p: entry.top.p }] : [];
    }),
    prediction: w.mi.prediction,
    dominant: w.mi.dominant,
    va: vaPoint(w.mi.fused),
  }));
}

/** The time axis both drawings share: its length (at least 10 s, else the session so far) and its ticks, in seconds. */
export function timelineAxis(marks: readonly TimelineMark[]): {
  readonly span: number;
  readonly ticks: readonly number[];
} {
  const span = Math.max(10, ...marks.map((m) => m.endS));
  const step = span <= 30 ? 5 : span <= 120 ? 20 : 60;
  return { span, ticks: Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => i * step) };
}

/** The letter a window's dominant modality is marked with (M: multimodal). */
export function dominantLetter(dominant: Modality | 'multimodal'): string {
  return dominant === 'multimodal' ? 'M' : MODALITY_LABEL[dominant][0]!;
}

const seconds = (s: number) => `${s.toFixed(1)} s`;

/** One window as a screen reader hears it in the timeline's list. */
export function describeMark(mark: TimelineMark, index: number): string {
  const what = mark.kind === 'utterance' ? 'an utterance' : 'the face alone';
  const tops = mark.tops
    .map((t) => `${MODALITY_LABEL[t.modality].toLowerCase()} ${t.emotion} ${Math.round(t.p * 100)}%`)
    .join(', ');
  const dominant =
    mark.dominant === 'multimodal' ? 'multimodal' : `${MODALITY_LABEL[mark.dominant].toLowerCase()} dominant`;
  return `Window ${index + 1}, ${seconds(mark.startS)} to ${seconds(mark.endS)}, ${what}: ${tops}; fused ${mark.prediction}, ${dominant}`;
}

/** An explanation's sections as the panel shows them, in its plan's order (a finished one: every section closed). */
export function explanationSections(ex: Explanation): StreamedSection[] {
  const parsed = parseSections(ex.text);
  return ex.plan.map((section: Section) => ({ section, text: parsed[section] ?? '', closed: true }));
}

/** Windows whose MIGR explanation gave the model's own answer (reasoned mode), and how many agreed with the fusion. */
export function agreement(windows: readonly AnalysisWindow[]): { agreed: number; of: number } {
  const reasoned = windows.filter((w) => w.explanations.migr?.mode === 'reasoned');
  return {
    agreed: reasoned.filter((w) => w.explanations.migr!.verdict.answer === w.mi.prediction).length,
    of: reasoned.length,
  };
}
