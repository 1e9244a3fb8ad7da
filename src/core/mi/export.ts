/**
 * What the page saves when a session is exported, as pure data: the JSON (every window's Modality
 * Importance, readings, evidence and explanations), the CSV (one row per window, for a spreadsheet or a
 * slide) and the file's time stamp. The session state makes the file; nothing here touches the DOM.
 */
import { EMOTIONS } from '../labels.ts';
import { dominantReasonText } from './importance.ts';
import { MODALITIES, type Modality } from './modalities.ts';
import { timelineMarks } from './timeline.ts';
import { whatIf, whatIfSummary } from './what-if.ts';
import type { AnalysisWindow } from './window.ts';

/** The what-ifs a visitor looked at: per window id, each set of modalities left out. */
export type WhatIfsShown = ReadonlyMap<number, readonly (readonly Modality[])[]>;

/** A window's what-ifs, recomputed by the same core as the page showed them. */
function counterfactuals(w: AnalysisWindow, shown: WhatIfsShown) {
  return (shown.get(w.id) ?? []).map((without) => {
    const c = whatIf(w, without, w.explanations.migr?.text ?? '');
    return {
      without: c.without,
      summary: whatIfSummary(c),
      prediction: c.mi?.prediction ?? null,
      dominant: c.mi?.dominant ?? null,
      contributions: c.mi?.entries.map((e) => ({ modality: e.modality, contribution: e.contribution })) ?? [],
      text: c.text,
    };
  });
}

export interface SessionExport {
  readonly format: 'attend-first-session/2';
  readonly exportedAt: string;
  readonly windows: readonly Record<string, unknown>[];
  readonly [key: string]: unknown;
}

/** When an export is saved: a stamp for the file name (2026-12-07T05-30-00-000Z) and the time as the visitor reads it. */
export function exportStamp(at: number): { file: string; shown: string } {
  const d = new Date(at);
  return { file: d.toISOString().replace(/[:.]/g, '-'), shown: d.toLocaleString() };
}

/**
 * The session as plain data, for the page's export: every window's Modality Importance, readings,
 * evidence (the transcript included: the file stays on this device unless the visitor shares it) and
 * explanations with their verdicts, rewards and figures. Times are ms from the first window.
 */
export function sessionExport(
  windows: readonly AnalysisWindow[],
  meta: Record<string, unknown>,
  now = new Date(),
  whatIfs: WhatIfsShown = new Map(),
): SessionExport {
  const t0 = windows[0]?.startAt ?? 0;
  return {
    format: 'attend-first-session/2',
    exportedAt: now.toISOString(),
    ...meta,
    emotions: EMOTIONS,
    windows: windows.map((w) => ({
      id: w.id,
      kind: w.kind,
      startMs: Math.round(w.startAt - t0),
      endMs: Math.round(w.endAt - t0),
      prediction: w.mi.prediction,
      pFused: w.mi.pFused,
      fused: w.mi.fused,
      dominant: w.mi.dominant,
      /** The rule that decided and the modalities that alone read the prediction. */
      dominantReason: { ...w.mi.reason, text: dominantReasonText(w.mi) },
      modalities: w.mi.entries.map((e) => ({
        modality: e.modality,
        distribution: w.readings.find((r) => r.modality === e.modality)?.distribution ?? null,
        reliability: w.readings.find((r) => r.modality === e.modality)?.reliability ?? null,
        /** The app's contribution measure (share of the positive Shapley mass), not the paper's MI. */
        contribution: e.contribution,
        shapley: e.shapley,
        leaveOneOut: e.leaveOneOut,
        alonePredicts: e.alonePredicts,
        top: e.top,
      })),
      evidence: w.evidence,
      explanations: Object.values(w.explanations).map((x) => ({
        order: x.order,
        plan: x.plan,
        text: x.text,
        source: x.source,
        mode: x.mode,
        hinted: x.hinted ?? false,
        answer: x.verdict.answer,
        status: x.verdict.status,
        consistent: x.verdict.consistent,
        implied: x.verdict.implied,
        conclusion: x.verdict.conclusion,
        whole: x.verdict.whole,
        wholeConsistent: x.verdict.wholeConsistent,
        judge: x.verdict.judge,
        reward: {
          total: x.reward.total,
          orderCorrect: x.reward.orderCorrect,
          consistentShare: x.reward.consistentShare,
          evidenceCited: x.reward.evidenceCited,
          answerCorrect: x.reward.answerCorrect,
        },
        figures: x.figures,
        bestOf: x.bestOf,
      })),
      /** What if? Each set of modalities the visitor left out of this window, recomputed. */
      whatIf: counterfactuals(w, whatIfs),
      note: w.note,
    })),
  };
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'window',
  'start_s',
  'end_s',
  'kind',
  ...MODALITIES.flatMap((m) => [`${m}_top`, `${m}_p`]),
  'fused',
  'fused_p',
  'dominant',
  ...MODALITIES.map((m) => `${m}_contribution`),
  'migr_consistent',
  'visual_first_consistent',
  'what_if',
] as const;

/**
 * The session as CSV, one row per window (times from the first window's start; empty cells where a modality
 * or an explanation is missing; `what_if`: the what-ifs shown, "without the voice: neutral, face-led; …").
 */
export function sessionCsv(windows: readonly AnalysisWindow[], whatIfs: WhatIfsShown = new Map()): string {
  const marks = timelineMarks(windows);
  const rows = windows.map((w, i) => {
    const mark = marks[i]!;
    const top = (m: Modality) => mark.tops.find((t) => t.modality === m) ?? null;
    const contribution = (m: Modality) => w.mi.entries.find((e) => e.modality === m)?.contribution ?? null;
    return [
      i + 1,
      mark.startS,
      mark.endS,
      w.kind,
      ...MODALITIES.flatMap((m) => [top(m)?.emotion ?? null, top(m)?.p ?? null]),
      w.mi.prediction,
      w.mi.pFused,
      w.mi.dominant,
      ...MODALITIES.map(contribution),
      w.explanations.migr?.verdict.consistent ?? null,
      w.explanations['visual-first']?.verdict.consistent ?? null,
      counterfactuals(w, whatIfs)
        .map((c) => c.summary)
        .join('; ') || null,
    ].map(field);
  });
  return [CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}
