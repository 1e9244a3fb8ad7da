/**
 * What if a modality were left out of a window? The window recomputed without it, by the same core
 * functions as the original (fusion and Modality Importance, the plan, the Lite template): no second
 * implementation. The explanation's sentences that the change rewrote are marked.
 */
import type { EvidenceSet } from './evidence.ts';
import type { ModalityReading } from './fusion.ts';
import { modalityImportance, type ModalityImportance } from './importance.ts';
import type { Modality } from './modalities.ts';
import { plainText, type Section } from './parser.ts';
import { planSections } from './prompts.ts';
import { composeExplanation } from './template.ts';

/** What a window holds that a what-if needs: each modality's reading and evidence. */
export interface WindowInputs {
  readonly readings: readonly ModalityReading[];
  readonly evidence: EvidenceSet;
}

export interface Counterfactual {
  /** The modalities left out. */
  readonly without: readonly Modality[];
  /** Modality Importance without them; null when nothing is left. */
  readonly mi: ModalityImportance | null;
  /** The evidence without them (what an LLM writes the counterfactual from). */
  readonly evidence: EvidenceSet;
  /** The MIGR plan and the Lite template's explanation without them (empty when nothing is left). */
  readonly plan: readonly Section[];
  readonly text: string;
  /** The explanation's sentences, each marked when the original has no such sentence. */
  readonly sentences: readonly { readonly text: string; readonly changed: boolean }[];
}

/** A text's sentences (tags dropped), for comparing two explanations sentence by sentence. */
function sentencesOf(text: string): string[] {
  return plainText(text)
    .split(/(?<=[.!?])\s+/)
    .filter((s) => s.trim() !== '');
}

/** The window without `without`, recomputed; `original` is the window's own MIGR text (to mark what changed). */
export function whatIf(window: WindowInputs, without: readonly Modality[], original: string): Counterfactual {
  const out = new Set(without);
  const readings = window.readings.filter((r) => !out.has(r.modality));
  const evidence: EvidenceSet = Object.fromEntries(
    Object.entries(window.evidence).filter(([m]) => !out.has(m as Modality)),
  );
  const mi = modalityImportance(readings);
  if (!mi) return { without: [...out], mi: null, evidence, plan: [], text: '', sentences: [] };
  const plan = planSections(mi, 'migr');
  const text = composeExplanation(plan, evidence, mi, 'migr');
  const before = new Set(sentencesOf(original));
  return {
    without: [...out],
    mi,
    evidence,
    plan,
    text,
    sentences: sentencesOf(text).map((s) => ({ text: s, changed: !before.has(s) })),
  };
}

/** Which modality leads a reading, in two words: "voice-led", "multimodal". */
export function leadText(mi: Pick<ModalityImportance, 'dominant'>): string {
  return mi.dominant === 'multimodal' ? 'multimodal' : `${mi.dominant}-led`;
}

/** A set of modalities left out, as one key whatever the order they were chosen in ("face+voice"). */
export function withoutKey(without: readonly Modality[]): string {
  return [...without].sort().join('+');
}

/** "without the voice: neutral, face-led" — the counterfactual in a few words. */
export function whatIfSummary(c: Counterfactual): string {
  const left = c.without.map((m) => `the ${m}`).join(' and ');
  if (!c.mi) return `without ${left}: nothing left to read`;
  return `without ${left}: ${c.mi.prediction}, ${leadText(c.mi)}`;
}
