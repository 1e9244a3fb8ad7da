/**
 * The verifier: reads each explanation sentence on its own, names the
 * emotion it implies (a text-emotion model where loaded, else the lexicon),
 * and judges the explanation consistent when its aggregate emotion matches
 * the prediction ŷ — the paper's reliability check (a correct prediction
 * with an emotionally inconsistent explanation).
 */
import type { Emotion } from '../labels.ts';
import { lexiconEmotion } from './lexicon.ts';
import { SectionParser } from './parser.ts';

/** A sentence → the emotion it implies. */
export type SentenceJudge = (sentence: string) => Emotion | Promise<Emotion>;

export interface SentenceVerdict {
  readonly sentence: string;
  readonly emotion: Emotion;
  readonly matches: boolean;
}

export interface Verdict {
  readonly prediction: Emotion;
  /** The emotion the explanation implies as a whole: its most frequent non-neutral sentence emotion. */
  readonly implied: Emotion;
  readonly consistent: boolean;
  /** Share of emotional sentences that match ŷ (for ŷ = neutral: share of neutral sentences). */
  readonly consistentShare: number;
  readonly sentences: readonly SentenceVerdict[];
  readonly judge: 'model' | 'lexicon';
}

/** Sentences of the explanation's descriptive and reasoning sections, in order (the answer is a label, not a sentence). */
export function explanationSentences(explanation: string): string[] {
  const parser = new SectionParser();
  const events = [...parser.feed(explanation), ...parser.end()];
  const sectioned = events.some((e) => e.type === 'open');
  const body = events
    .map((e) => {
      if (e.type !== 'text') return '\n';
      if (sectioned && (e.section === null || e.section === 'answer')) return '';
      return e.text;
    })
    .join('');
  return body
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
}

export async function verifyExplanation(
  explanation: string,
  prediction: Emotion,
  judge: SentenceJudge | null = null,
): Promise<Verdict> {
  const sentences: SentenceVerdict[] = [];
  for (const sentence of explanationSentences(explanation)) {
    const emotion = await (judge ?? lexiconEmotion)(sentence);
    sentences.push({ sentence, emotion, matches: emotion === prediction });
  }
  const counts = new Map<Emotion, number>();
  for (const s of sentences) if (s.emotion !== 'neutral') counts.set(s.emotion, (counts.get(s.emotion) ?? 0) + 1);
  let implied: Emotion = 'neutral';
  let best = 0;
  for (const [emotion, n] of counts) {
    if (n > best || (n === best && emotion === prediction)) {
      implied = emotion;
      best = n;
    }
  }
  const emotional = sentences.filter((s) => s.emotion !== 'neutral');
  const consistentShare =
    prediction === 'neutral'
      ? sentences.length > 0
        ? sentences.filter((s) => s.emotion === 'neutral').length / sentences.length
        : 0
      : emotional.length > 0
        ? emotional.filter((s) => s.matches).length / emotional.length
        : 0;
  return {
    prediction,
    implied,
    consistent: implied === prediction,
    consistentShare,
    sentences,
    judge: judge ? 'model' : 'lexicon',
  };
}
