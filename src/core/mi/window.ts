/**
 * An analysis window as data, and the pure steps around it: each modality's
 * reading and evidence, the template's explanation scored by the verifier,
 * best of N, the template taking over from a failed model, the streamed
 * sections built from parser events (the export is core/mi/export.ts).
 * The rune class in src/state/analysis.svelte.ts only schedules these.
 */
import { EMOTIONS, topEmotion, type Distribution } from '../labels.ts';
import { cueStrength } from '../vision/landmarks.ts';
import type { PooledWindow } from '../vision/smoothing.ts';
import type { EvidenceSet, ModalityEvidence } from './evidence.ts';
import type { ModalityReading } from './fusion.ts';
import type { GuidedResult } from './guided.ts';
import type { ModalityImportance } from './importance.ts';
import type { ParseEvent, Section } from './parser.ts';
import { planSections, type AnswerMode, type ExplanationOrder } from './prompts.ts';
import { bestOf, scoreExplanation, type Reward } from './reward.ts';
import { composeExplanation } from './template.ts';
import type { SentenceJudge, Verdict } from './verifier.ts';

export interface GenerationFigures {
  readonly ttftMs: number | null;
  readonly tokensPerSecond: number | null;
  readonly tokens: number;
  readonly stopped: boolean;
}

export interface Explanation {
  readonly order: ExplanationOrder;
  readonly plan: readonly Section[];
  readonly text: string;
  readonly verdict: Verdict;
  /** The paper's reward: order, consistent sentences, evidence cited, answer. */
  readonly reward: Reward;
  /** 'template' or the LLM's name. */
  readonly source: string;
  /** `reasoned`: the model gave its own answer; `dictated`: the answer is the fused prediction (the template always). */
  readonly mode: AnswerMode;
  /** Reasoned with the dominant modality named in its prompt (a labelled option): a hint at the answer. */
  readonly hinted?: boolean;
  readonly figures: GenerationFigures | null;
  /** Best of N: which candidate was kept (0 = the greedy, streamed one) and every candidate's reward. */
  readonly bestOf: { readonly index: number; readonly totals: readonly number[] } | null;
}

export interface AnalysisWindow {
  readonly id: number;
  readonly kind: 'utterance' | 'sliding';
  readonly startAt: number;
  readonly endAt: number;
  readonly mi: ModalityImportance;
  /** What each modality read over the window, with its fusion weight. */
  readonly readings: readonly ModalityReading[];
  readonly evidence: EvidenceSet;
  /** Filled as they are written (an LLM writes the MI-ordered one first). */
  readonly explanations: Readonly<Partial<Record<ExplanationOrder, Explanation>>>;
  /** Utterance end → MI ready, ms. */
  readonly latencyMs: number;
  /** Why an LLM explanation is missing (failed, or the explainer stopped). */
  readonly note: string | null;
}

export interface StreamedSection {
  readonly section: Section;
  text: string;
  closed: boolean;
}

/** What the words modality adds to a window (Standard tier). */
export interface WordsReading {
  readonly transcript: string;
  readonly distribution: Distribution | null;
  readonly reliability: number;
}

/** What the voice modality adds to a window: the voice model's reading, and the prosody as evidence. */
export interface VoiceInput {
  readonly distribution: Distribution;
  readonly reliability: number;
  readonly cues: readonly string[];
  readonly notes: readonly string[];
  /** The voice's arousal from its prosody, relative to this speaker; null or absent where not measured. */
  readonly arousal?: number | null;
}

/** A modality's part of a window: its reading for fusion and its evidence for the explanation. */
export interface WindowPart {
  readonly reading: ModalityReading;
  readonly evidence: ModalityEvidence;
}

/**
 * The face pooled over the window, its cues pooled over the same frames; `speech`: the window spans speech,
 * so mouth cues come with a caveat.
 */
export function facePart(face: PooledWindow | null, speech: boolean): WindowPart | null {
  if (!face || face.reliability <= 0) return null;
  const cues = face.cues;
  const mouth = speech && cues.some((c) => c.cue.startsWith('mouth') || c.cue === 'lipPress');
  return {
    reading: { modality: 'face', distribution: face.distribution, reliability: face.reliability },
    evidence: {
      modality: 'face',
      reading: topEmotion(face.distribution),
      cues: cues.map((c) => `${c.phrase} (${cueStrength(c.strength)})`),
      ...(mouth ? { notes: ['mouth cues were read while speaking'] } : {}),
    },
  };
}

export function voicePart(voice: VoiceInput): WindowPart | null {
  if (voice.distribution.length !== EMOTIONS.length || voice.reliability <= 0) return null;
  return {
    reading: { modality: 'voice', distribution: voice.distribution, reliability: voice.reliability },
    evidence: {
      modality: 'voice',
      reading: topEmotion(voice.distribution),
      cues: voice.cues,
      notes: voice.notes,
      ...(voice.arousal != null ? { arousal: voice.arousal } : {}),
    },
  };
}

export function wordsPart(words: WordsReading | null): WindowPart | null {
  if (!words || !words.distribution || words.reliability <= 0) return null;
  return {
    reading: { modality: 'words', distribution: words.distribution, reliability: words.reliability },
    evidence: { modality: 'words', reading: topEmotion(words.distribution), cues: [], transcript: words.transcript },
  };
}

/** The readings and evidence of a window's parts (absent ones left out). */
export function windowInputs(parts: readonly (WindowPart | null)[]): {
  readings: ModalityReading[];
  evidence: EvidenceSet;
} {
  const readings: ModalityReading[] = [];
  const evidence: EvidenceSet = {};
  for (const p of parts) {
    if (!p) continue;
    readings.push(p.reading);
    evidence[p.reading.modality] = p.evidence;
  }
  return { readings, evidence };
}

/** The Lite template's explanation in `order`, read back by the verifier and scored. */
export async function templateExplanation(
  mi: ModalityImportance,
  evidence: EvidenceSet,
  order: ExplanationOrder,
  judge: SentenceJudge | null,
): Promise<Explanation> {
  const plan = planSections(mi, order);
  const text = composeExplanation(plan, evidence, mi, order);
  // The template opens each section itself and is given ŷ: neither the order nor the answer can be wrong.
  const reward = await scoreExplanation(text, plan, mi.prediction, evidence, {
    judge,
    dominant: mi.dominant,
    orderEnforced: true,
    answerDictated: true,
  });
  return {
    order,
    plan,
    text,
    verdict: reward.verdict,
    reward,
    source: 'template',
    mode: 'dictated',
    figures: null,
    bestOf: null,
  };
}

/**
 * An LLM's explanation of `window` in `order`, scored by the reward. MI-guided decoding opens each section
 * itself, so the order scores nothing; a dictated answer scores nothing either.
 */
export async function modelExplanation(
  result: GuidedResult,
  plan: readonly Section[],
  order: ExplanationOrder,
  window: Pick<AnalysisWindow, 'mi' | 'evidence'>,
  source: string,
  judge: SentenceJudge | null,
): Promise<Explanation> {
  const { ttftMs, tokensPerSecond, tokens, stopped } = result;
  const reward = await scoreExplanation(result.text, plan, window.mi.prediction, window.evidence, {
    judge,
    dominant: window.mi.dominant,
    orderEnforced: true,
    answerDictated: result.mode === 'dictated',
  });
  return {
    order,
    plan,
    text: result.text,
    verdict: reward.verdict,
    reward,
    source,
    mode: result.mode,
    hinted: result.hinted,
    figures: { ttftMs, tokensPerSecond, tokens, stopped },
    bestOf: null,
  };
}

/**
 * Best of N: the candidate texts (the first is `first`'s, each written by MI-guided decoding in `first`'s
 * mode) scored; the best kept, the first on a tie.
 */
export async function keepBest(
  first: Explanation,
  texts: readonly string[],
  mi: ModalityImportance,
  evidence: EvidenceSet,
  judge: SentenceJudge | null,
): Promise<Explanation> {
  const best = await bestOf(texts, first.plan, mi.prediction, evidence, {
    judge,
    dominant: mi.dominant,
    orderEnforced: true,
    answerDictated: first.mode === 'dictated',
  });
  if (!best) return first;
  const chosen = best.rewards[best.index]!;
  return {
    ...first,
    text: best.best,
    reward: chosen,
    verdict: chosen.verdict,
    bestOf: { index: best.index, totals: best.rewards.map((r) => r.total) },
  };
}

/** After a model failed: the template writes each order that has no explanation, or only a stopped one. */
export async function withTemplateFallback(
  explanations: Readonly<Partial<Record<ExplanationOrder, Explanation>>>,
  mi: ModalityImportance,
  evidence: EvidenceSet,
  judge: SentenceJudge | null,
): Promise<Partial<Record<ExplanationOrder, Explanation>>> {
  const out: Partial<Record<ExplanationOrder, Explanation>> = { ...explanations };
  for (const order of ['migr', 'visual-first'] as const) {
    if (!out[order] || out[order].figures?.stopped) out[order] = await templateExplanation(mi, evidence, order, judge);
  }
  return out;
}

/** The streamed sections, updated in place by parser events (a section opens, grows, closes). */
export function applyParseEvents(sections: StreamedSection[], events: readonly ParseEvent[]): void {
  for (const e of events) {
    if (e.type === 'open') sections.push({ section: e.section, text: '', closed: false });
    else if (e.type === 'text' && e.section) {
      const last = sections.at(-1);
      if (last && last.section === e.section) last.text += e.text;
    } else if (e.type === 'close') {
      const last = sections.at(-1);
      if (last) last.closed = true;
    }
  }
}
