/**
 * The paper's stage-2 reward, used at inference time to pick the best of N
 * candidate explanations: sections in the planned order, sentences
 * consistent with ŷ, evidence actually cited, and the right answer.
 */
import type { Emotion } from '../labels.ts';
import type { EvidenceSet } from './evidence.ts';
import { modalityOfSection } from './prompts.ts';
import { parseSections, sectionOrder, type Section } from './parser.ts';
import { verifyExplanation, type SentenceJudge, type Verdict } from './verifier.ts';

export interface Reward {
  readonly orderCorrect: boolean;
  readonly consistentShare: number;
  /** Share of modality sections that cite at least one of their own cues or numbers. */
  readonly evidenceCited: number;
  readonly answerCorrect: boolean;
  readonly total: number;
  readonly verdict: Verdict;
}

export const REWARD_WEIGHTS = { order: 0.3, consistency: 0.4, evidence: 0.2, answer: 0.1 } as const;

/** Words of a cue worth finding in the text: its first two words ("mouth corners", "pitch high"). */
function cueKeys(cue: string): string[] {
  return [
    cue
      .toLowerCase()
      .replace(/\(.*\)/, '')
      .trim()
      .split(/\s+/)
      .slice(0, 2)
      .join(' '),
  ].filter(Boolean);
}

export async function scoreExplanation(
  explanation: string,
  plan: readonly Section[],
  prediction: Emotion,
  evidence: EvidenceSet,
  judge: SentenceJudge | null = null,
): Promise<Reward> {
  const order = sectionOrder(explanation);
  const orderCorrect = plan.every((s, i) => order[i] === s);
  const sections = parseSections(explanation);
  const modalSections = plan.filter((s) => modalityOfSection(s) !== null);
  const cited = modalSections.filter((s) => {
    const e = evidence[modalityOfSection(s)!];
    const text = (sections[s] ?? '').toLowerCase();
    if (!e || !text) return false;
    const keys = [...e.cues.flatMap(cueKeys), ...(e.reading ? [e.reading.p.toFixed(2)] : [])];
    return keys.some((k) => text.includes(k));
  }).length;
  const evidenceCited = modalSections.length > 0 ? cited / modalSections.length : 0;
  // The reasoning is judged against the explanation's own answer; the answer against ŷ.
  const verdict = await verifyExplanation(explanation, judge);
  const answerCorrect = verdict.answer === prediction;
  const w = REWARD_WEIGHTS;
  const total =
    w.order * Number(orderCorrect) +
    w.consistency * verdict.consistentShare +
    w.evidence * evidenceCited +
    w.answer * Number(answerCorrect);
  return { orderCorrect, consistentShare: verdict.consistentShare, evidenceCited, answerCorrect, total, verdict };
}

/** Best of N: the candidate with the highest reward (the first on a tie). */
export async function bestOf(
  candidates: readonly string[],
  plan: readonly Section[],
  prediction: Emotion,
  evidence: EvidenceSet,
  judge: SentenceJudge | null = null,
): Promise<{ best: string; index: number; rewards: Reward[] } | null> {
  if (candidates.length === 0) return null;
  const rewards: Reward[] = [];
  for (const c of candidates) rewards.push(await scoreExplanation(c, plan, prediction, evidence, judge));
  let index = 0;
  rewards.forEach((r, i) => {
    if (r.total > (rewards[index] as Reward).total) index = i;
  });
  return { best: candidates[index] as string, index, rewards };
}
