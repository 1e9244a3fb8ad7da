/**
 * The verifier: reads an explanation's reasoning back and judges it against the explanation's **own
 * answer** (its `<answer>` section), never against the fused prediction ŷ — the paper's reliability
 * check (a correct answer whose reasoning implies another emotion). It follows the authors' draft code:
 * - by sentence (their explanation reward): the sentences of the dominant modality's section and of
 *   `<think>`, each read on its own; the share that match the answer is over all of them;
 * - whole (their judge prompt): `<think>` alone, read as one text, one label among the seven.
 * And it resists padding: a sentence of fewer than three words (a bare label) is not reasoning; reasoning
 * that is empty or names no emotion (not even "calm") is *unjudged*, never consistent; and a closing
 * sentence of `<think>` that names another emotion than the answer makes it inconsistent, whatever the
 * sentences before it say. Both judges read with the text-emotion model when one is loaded, the lexicon
 * otherwise.
 */
import { orNull } from '../deadline.ts';
import { EMOTIONS, emotionForLabel, type Emotion } from '../labels.ts';
import { lexiconEmotion, namesEmotion } from './lexicon.ts';
import { SECTION_TAG, type Modality } from './modalities.ts';
import { parseSections, SectionParser, type Section } from './parser.ts';

/** A sentence (or a whole reasoning) → the emotion it implies. */
export type SentenceJudge = (sentence: string) => Emotion | Promise<Emotion>;

export interface SentenceVerdict {
  readonly sentence: string;
  readonly section: Section | null;
  readonly emotion: Emotion;
  /** It says something about emotion: the judge reads an emotion, or it names one (a calm word counts). */
  readonly emotional: boolean;
  readonly matches: boolean;
}

/**
 * `unjudged`: there is nothing to check the answer against (no reasoning, or reasoning that names no
 * emotion); `inconsistent` includes an explanation that gives no answer.
 */
export type VerdictStatus = 'consistent' | 'inconsistent' | 'unjudged';

export interface Verdict {
  /** The explanation's own answer, read from its answer section; null when it names no emotion. */
  readonly answer: Emotion | null;
  readonly status: VerdictStatus;
  /** By sentence: the most frequent emotion among the emotional sentences (non-neutral first); null on a tie or when unjudged. */
  readonly implied: Emotion | null;
  /** The last emotional sentence of `<think>`, its emotion (null: none). */
  readonly conclusion: Emotion | null;
  /** By sentence: the implied emotion and the conclusion are the answer; null when unjudged. */
  readonly consistent: boolean | null;
  /** Share of the judged sentences (dominant section and `<think>`) that match the answer. */
  readonly consistentShare: number;
  /** Whole: `<think>` read as one text; null when it holds no reasoning that names an emotion. */
  readonly whole: Emotion | null;
  readonly wholeConsistent: boolean | null;
  /** The sections whose sentences were judged. */
  readonly judgedSections: readonly Section[];
  readonly sentences: readonly SentenceVerdict[];
  readonly judge: 'model' | 'lexicon';
}

/** The window's dominant modality, as the verifier needs it: which section carries the evidence to judge. */
export type DominantSection = Modality | 'multimodal' | null;

/** A sentence of fewer words is a label, not reasoning ("happy.", "Answer: sad."). */
export const MIN_REASONING_WORDS = 3;

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

/** Splits a section's text into sentences, quoted spans blanked. */
function sentencesOf(text: string): string[] {
  return text
    .replace(QUOTED, '"…"')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
}

/**
 * Sentences of the explanation's descriptive and reasoning sections, in order, each with its section (the
 * answer is a label, not a sentence; text outside any section has none). Quoted spans are blanked: what
 * the person said is not what the explanation argues.
 */
export function sectionSentences(explanation: string): { sentence: string; section: Section | null }[] {
  const parser = new SectionParser();
  const events = [...parser.feed(explanation), ...parser.end()];
  const sectioned = events.some((e) => e.type === 'open');
  const parts: { section: Section | null; text: string }[] = [];
  for (const e of events) {
    if (e.type !== 'text') parts.push({ section: null, text: '' });
    else if (!(sectioned && (e.section === null || e.section === 'answer'))) {
      const last = parts.at(-1);
      if (last && last.section === e.section) last.text += e.text;
      else parts.push({ section: e.section, text: e.text });
    }
  }
  return parts.flatMap((p) => sentencesOf(p.text).map((sentence) => ({ sentence, section: p.section })));
}

/** Sentences of the explanation's descriptive and reasoning sections, in order. */
export function explanationSentences(explanation: string): string[] {
  return sectionSentences(explanation).map((s) => s.sentence);
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

const wordCount = (s: string) => (s.match(/[a-z]+/gi) ?? []).length;

/** The sections judged by sentence: the dominant modality's (every modality's when none dominates) and `<think>`. */
function judgedSections(dominant: DominantSection): Section[] {
  if (dominant === null || dominant === 'multimodal') return [...Object.values(SECTION_TAG), 'think'];
  return [SECTION_TAG[dominant], 'think'];
}

/**
 * Judges `explanation` against its own answer. `dominant`: the window's dominant modality, whose section
 * is judged with `<think>` (null or multimodal: every modality's section). Text outside any section (an
 * unformatted reply) is read as reasoning.
 */
export async function verifyExplanation(
  explanation: string,
  judge: SentenceJudge | null = null,
  dominant: DominantSection = null,
): Promise<Verdict> {
  const read = judge ?? lexiconEmotion;
  const answer = answerEmotion(explanation);
  const sections = judgedSections(dominant);
  const reasoning = sectionSentences(explanation).filter(
    (s) => (s.section === null || sections.includes(s.section)) && wordCount(s.sentence) >= MIN_REASONING_WORDS,
  );
  const sentences: SentenceVerdict[] = [];
  for (const { sentence, section } of reasoning) {
    const emotion = await read(sentence);
    sentences.push({
      sentence,
      section,
      emotion,
      emotional: emotion !== 'neutral' || namesEmotion(sentence),
      matches: emotion === answer,
    });
  }
  const think = sentences.filter((s) => s.section === 'think' || s.section === null);
  const emotional = sentences.filter((s) => s.emotional);
  const thinkEmotional = think.filter((s) => s.emotional);
  // Unjudged: no reasoning in <think>, or nothing in the judged text says anything about emotion.
  const judged = think.length > 0 && emotional.length > 0;
  const implied = judged ? majority(emotional.map((s) => s.emotion)) : null;
  const conclusion = thinkEmotional.at(-1)?.emotion ?? null;
  // No answer: nothing to be consistent with, which is a failure, not a lack of evidence.
  const consistent = answer === null ? false : judged ? implied === answer && (conclusion ?? answer) === answer : null;
  const whole = thinkEmotional.length > 0 ? await read(think.map((s) => s.sentence).join(' ')) : null;
  return {
    answer,
    status: consistent === null ? 'unjudged' : consistent ? 'consistent' : 'inconsistent',
    implied,
    conclusion,
    consistent,
    consistentShare:
      answer === null || sentences.length === 0 ? 0 : sentences.filter((s) => s.matches).length / sentences.length,
    whole,
    wholeConsistent: answer === null ? false : whole === null ? null : whole === answer,
    judgedSections: sections,
    sentences,
    judge: judge ? 'model' : 'lexicon',
  };
}

/** The verdict in one plain sentence, for a visitor (the detail is shown on request). */
export function verdictSentence(v: Verdict): string {
  if (v.answer === null) return 'The explanation gives no answer to check its reasoning against.';
  if (v.status === 'unjudged') return 'Not checked: the explanation gives no reasoning that names an emotion.';
  if (v.status === 'consistent') return `The reasoning supports its answer, ${v.answer}.`;
  if (v.implied === null) return `The reasoning points to no single emotion, but the answer is ${v.answer}.`;
  if (v.implied !== v.answer) return `The reasoning points to ${v.implied}, but the answer is ${v.answer}.`;
  return `The reasoning ends on ${v.conclusion}, but the answer is ${v.answer}.`;
}

const PART: Readonly<Record<Section, string>> = {
  vis_desc: "the face's part",
  aud_desc: "the voice's part",
  txt_desc: "the words' part",
  think: 'the reasoning',
  answer: 'the answer',
};

/** How the verdict was reached, in one line: who read what, and what it found. */
export function verdictDetail(v: Verdict): string {
  const reader = v.judge === 'model' ? 'The text-emotion model' : 'The lexicon';
  const parts = v.judgedSections.map((s) => PART[s]);
  const where = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
  const n = v.sentences.length;
  const matched = v.sentences.filter((s) => s.matches).length;
  const read = `${reader} read ${n} sentence${n === 1 ? '' : 's'} of ${where}`;
  if (n === 0) return `${read}: sentences of fewer than ${MIN_REASONING_WORDS} words are labels, not reasoning.`;
  const share = v.answer === null ? '' : `: ${matched} of ${n} read ${v.answer}`;
  const whole = v.whole === null ? 'names no emotion' : `reads ${v.whole}`;
  const end = v.conclusion !== null && v.conclusion !== v.implied ? `, and ends on ${v.conclusion}` : '';
  return `${read}${share}; the reasoning as a whole ${whole}${end}.`;
}
