/**
 * A score of the app's own, inspired by the paper's stage-2 rewards, used at inference time to pick the best
 * of N candidate explanations. Only terms that can vary score: the order where the app did not open the
 * sections itself, the share of judged sentences consistent with the explanation's own answer, the evidence
 * actually cited (a cue's phrase with its direction), and the own answer against ŷ where the writer was not
 * given ŷ. The weights of the terms that score are renormalised to sum to 1.
 */
import type { Emotion } from '../labels.ts';
import type { EvidenceSet, ModalityEvidence } from './evidence.ts';
import { modalityOfSection } from './prompts.ts';
import { parseSections, sectionOrder, type Section } from './parser.ts';
import { verifyExplanation, type DominantSection, type SentenceJudge, type Verdict } from './verifier.ts';

export interface Reward {
  /** Sections in the planned order; null: not scored (the app opened each section itself). */
  readonly orderCorrect: boolean | null;
  readonly consistentShare: number;
  /** Share of modality sections with cues to cite that cite one; null: no section had any. */
  readonly evidenceCited: number | null;
  /** The explanation's own answer is ŷ; null: not scored (the writer was given ŷ). */
  readonly answerCorrect: boolean | null;
  readonly total: number;
  readonly verdict: Verdict;
}

export const REWARD_WEIGHTS = { order: 0.3, consistency: 0.4, evidence: 0.2, answer: 0.1 } as const;

export interface RewardOptions {
  readonly judge?: SentenceJudge | null;
  /** The window's dominant modality: its section and `<think>` are judged by sentence. */
  readonly dominant?: DominantSection;
  /** The app opened each section in the plan's order (the template, MI-guided decoding): order scores nothing. */
  readonly orderEnforced?: boolean;
  /** The writer was given ŷ as its answer (the template, dictated mode): the answer scores nothing. */
  readonly answerDictated?: boolean;
}

const FILLER = new Set(['than', 'usual', 'and', 'the', 'a', 'of']);
const words = (s: string) => s.toLowerCase().match(/[a-z]+/g) ?? [];

/** The words a cue is said in, its direction included ("mouth corners raised" → mouth, corners, raised). */
function cueWords(cue: string): string[] {
  return words(cue.replace(/\(.*?\)/g, '')).filter((w) => !FILLER.has(w));
}

/** Does one sentence of `text` say every word of the cue (a plural or singular form counts)? */
function citesCue(text: string, cue: string): boolean {
  const wanted = cueWords(cue);
  if (wanted.length === 0) return false;
  return text.split(/(?<=[.!?;])\s+/).some((sentence) => {
    const have = new Set(words(sentence));
    return wanted.every((w) => have.has(w) || have.has(`${w}s`) || (w.endsWith('s') && have.has(w.slice(0, -1))));
  });
}

/** Null when the modality has nothing to cite; otherwise whether the section cites a cue (or quotes the words). */
function cited(evidence: ModalityEvidence | undefined, text: string): boolean | null {
  if (!evidence) return null;
  if (evidence.transcript !== undefined) {
    const opening = words(evidence.transcript).slice(0, 3);
    return opening.length === 0 ? null : words(text).join(' ').includes(opening.join(' '));
  }
  if (evidence.cues.length === 0) return null;
  return evidence.cues.some((cue) => citesCue(text, cue));
}

export async function scoreExplanation(
  explanation: string,
  plan: readonly Section[],
  prediction: Emotion,
  evidence: EvidenceSet,
  options: RewardOptions = {},
): Promise<Reward> {
  const order = sectionOrder(explanation);
  const orderCorrect = options.orderEnforced ? null : plan.every((s, i) => order[i] === s);
  const sections = parseSections(explanation);
  const citable = plan.flatMap((s) => {
    const m = modalityOfSection(s);
    const c = m ? cited(evidence[m], sections[s] ?? '') : null;
    return c === null ? [] : [c];
  });
  const evidenceCited = citable.length > 0 ? citable.filter(Boolean).length / citable.length : null;
  // The reasoning is judged against the explanation's own answer; that answer against ŷ.
  const verdict = await verifyExplanation(explanation, options.judge ?? null, options.dominant ?? null);
  const answerCorrect = options.answerDictated ? null : verdict.answer === prediction;
  const w = REWARD_WEIGHTS;
  const terms: [number, number | null][] = [
    [w.order, orderCorrect === null ? null : Number(orderCorrect)],
    [w.consistency, verdict.consistentShare],
    [w.evidence, evidenceCited],
    [w.answer, answerCorrect === null ? null : Number(answerCorrect)],
  ];
  const scored = terms.filter((t): t is [number, number] => t[1] !== null);
  const total = scored.reduce((a, [wt, v]) => a + wt * v, 0) / scored.reduce((a, [wt]) => a + wt, 0);
  return { orderCorrect, consistentShare: verdict.consistentShare, evidenceCited, answerCorrect, total, verdict };
}

/** Best of N: the candidate with the highest reward (the first on a tie). */
export async function bestOf(
  candidates: readonly string[],
  plan: readonly Section[],
  prediction: Emotion,
  evidence: EvidenceSet,
  options: RewardOptions = {},
): Promise<{ best: string; index: number; rewards: Reward[] } | null> {
  if (candidates.length === 0) return null;
  const rewards: Reward[] = [];
  for (const c of candidates) rewards.push(await scoreExplanation(c, plan, prediction, evidence, options));
  let index = 0;
  rewards.forEach((r, i) => {
    if (r.total > (rewards[index] as Reward).total) index = i;
  });
  return { best: candidates[index] as string, index, rewards };
}
