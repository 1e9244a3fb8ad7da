/**
 * The verifier: reads an explanation's reasoning back and judges it against the explanation's **own
 * answer** (its `<answer>` section), never against the fused prediction ŷ — the paper's reliability
 * check (a correct answer whose reasoning implies another emotion). Two judges, both reported:
 * - by sentence (the paper's reward and ERV): each sentence of the descriptive and reasoning sections is
 *   read on its own; the implied emotion is the most frequent non-neutral one (a tie implies none), and
 *   the share of emotional sentences that match the answer is kept;
 * - whole (the authors' judge prompt): the reasoning read as one text, one label among the seven.
 * Both read with the text-emotion model when one is loaded, the lexicon otherwise.
 */
import { orNull } from '../deadline.ts';
import { EMOTIONS, emotionForLabel, type Emotion } from '../labels.ts';
import { lexiconEmotion } from './lexicon.ts';
import { parseSections, SectionParser } from './parser.ts';

/** A sentence (or a whole reasoning) → the emotion it implies. */
export type SentenceJudge = (sentence: string) => Emotion | Promise<Emotion>;

export interface SentenceVerdict {
  readonly sentence: string;
  readonly emotion: Emotion;
  readonly matches: boolean;
}

export interface Verdict {
  /** The explanation's own answer, read from its answer section; null when it names no emotion. */
  readonly answer: Emotion | null;
  /** By sentence: the most frequent non-neutral sentence emotion (neutral when none); null on a tie. */
  readonly implied: Emotion | null;
  /** By sentence: the implied emotion is the answer. */
  readonly consistent: boolean;
  /** Share of emotional sentences that match the answer (for a neutral answer: share of neutral sentences). */
  readonly consistentShare: number;
  /** Whole: the reasoning read as one text. */
  readonly whole: Emotion;
  readonly wholeConsistent: boolean;
  readonly sentences: readonly SentenceVerdict[];
  readonly judge: 'model' | 'lexicon';
}

/**
 * A model judge that cannot hang the verifier: a sentence it has not read within `ms` (a worker that
 * is busy, closing or gone), or that it fails on, is read by the lexicon instead.
 */
export function judgeWithFallback(judge: SentenceJudge, ms = 3000): SentenceJudge {
  return async (sentence) => {
    try {
      return (await orNull(Promise.resolve(judge(sentence)), ms)) ?? lexiconEmotion(sentence);
    } catch {
      return lexiconEmotion(sentence);
    }
  };
}

/** Quoted text (a transcript, quoted as a JSON string by `quoteTranscript`, or quoted by a model) is data, not reasoning. */
const QUOTED = /"(?:[^"\\\n]|\\.)*"|“[^”\n]*”/g;

/**
 * Sentences of the explanation's descriptive and reasoning sections, in order (the answer is a label,
 * not a sentence). Quoted spans are blanked: what the person said is not what the explanation argues.
 */
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
    .join('')
    .replace(QUOTED, '"…"');
  return body
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
}

/** The emotion an answer section names: the first word that is one of the seven labels (or a name the label table maps). */
export function answerEmotion(explanation: string): Emotion | null {
  const answer = parseSections(explanation).answer;
  if (answer === undefined) return null;
  for (const word of answer.toLowerCase().match(/[a-z]+/g) ?? []) {
    const emotion = emotionForLabel(word);
    if (emotion) return emotion;
  }
  return null;
}

/** The most frequent non-neutral emotion; neutral when there is none; null when two or more share the top count. */
function majority(emotions: readonly Emotion[]): Emotion | null {
  const counts = new Map<Emotion, number>();
  for (const e of emotions) if (e !== 'neutral') counts.set(e, (counts.get(e) ?? 0) + 1);
  if (counts.size === 0) return 'neutral';
  const top = Math.max(...counts.values());
  const leaders = EMOTIONS.filter((e) => counts.get(e) === top);
  return leaders.length === 1 ? (leaders[0] as Emotion) : null;
}

export async function verifyExplanation(explanation: string, judge: SentenceJudge | null = null): Promise<Verdict> {
  const read = judge ?? lexiconEmotion;
  const answer = answerEmotion(explanation);
  const texts = explanationSentences(explanation);
  const sentences: SentenceVerdict[] = [];
  for (const sentence of texts) {
    const emotion = await read(sentence);
    sentences.push({ sentence, emotion, matches: emotion === answer });
  }
  const implied = majority(sentences.map((s) => s.emotion));
  const emotional = sentences.filter((s) => s.emotion !== 'neutral');
  const consistentShare =
    answer === null
      ? 0
      : answer === 'neutral'
        ? sentences.length > 0
          ? sentences.filter((s) => s.emotion === 'neutral').length / sentences.length
          : 0
        : emotional.length > 0
          ? emotional.filter((s) => s.matches).length / emotional.length
          : 0;
  const whole = texts.length > 0 ? await read(texts.join(' ')) : 'neutral';
  return {
    answer,
    implied,
    consistent: answer !== null && implied === answer,
    consistentShare,
    whole,
    wholeConsistent: answer !== null && whole === answer,
    sentences,
    judge: judge ? 'model' : 'lexicon',
  };
}
