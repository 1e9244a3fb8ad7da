/**
 * The words modality from a transcript: whether the transcript can be used
 * at all, and how much to trust it. Moonshine transcribes English only and
 * gives no confidence; on other languages, noise or a hum it still writes
 * English-looking words. Rather than classify nonsense, a transcript is used
 * only when it reads like English: enough words, enough of them among the
 * most common English words, no runaway repetition, mostly Latin letters.
 * This is a plausibility check, not a language identifier: the page says
 * "not recognised as English" and leaves the words out.
 */
import { EMOTIONS, toDistribution, type Distribution } from '../labels.ts';

/** The most frequent English words: function words, pronouns, common verbs. */
const COMMON = new Set(
  (
    "a about after all also am an and any are as at be because been before being but by can could did do does don't " +
    'down even for from get go going got had has have he her here him his how i if in into is it its just know let like ' +
    "me more my no not now of off on one only or our out over really right said say see she so some than that that's the " +
    'their them then there these they think this those to too up us very want was we well were what when where which who ' +
    "why will with would yes you your i'm it's we're you're they're can't won't didn't isn't doesn't i'll i've okay oh " +
    'time today tomorrow day way thing things good great nice sorry please thank thanks never always again still back ' +
    'make made take come came look need feel tell give find call try use work left going gonna let’s'
  ).split(/\s+/),
);

export interface TranscriptAssessment {
  /** The transcript, whitespace folded. */
  readonly text: string;
  readonly words: number;
  /** Usable as the words modality. */
  readonly usable: boolean;
  /** Why not, in words for the page. */
  readonly reason: string | null;
  /** 0..1, for fusion: grows with the number of words (a two-word transcript is weak evidence). */
  readonly reliability: number;
}

const MIN_WORDS = 2;
const MIN_COMMON_SHARE = 0.25;

export function assessTranscript(raw: string): TranscriptAssessment {
  const text = raw.replace(/\s+/g, ' ').trim();
  const letters = text.match(/\p{L}/gu) ?? [];
  const latin = letters.filter((c) => /[a-z]/i.test(c)).length;
  const words = (text.toLowerCase().match(/[a-z’']+/g) ?? []).map((w) => w.replace(/’/g, "'"));
  const base = { text, words: words.length };
  if (letters.length > 0 && latin / letters.length < 0.8) {
    return {
      ...base,
      usable: false,
      reason: 'not recognised as English (the speech model transcribes English only)',
      reliability: 0,
    };
  }
  if (words.length < MIN_WORDS)
    return { ...base, usable: false, reason: 'too few words to read an emotion from', reliability: 0 };
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const most = Math.max(...counts.values());
  if (words.length >= 4 && most / words.length > 0.5) {
    return {
      ...base,
      usable: false,
      reason: 'the transcript repeats itself (noise or a hum, not speech)',
      reliability: 0,
    };
  }
  const common = words.filter((w) => COMMON.has(w)).length / words.length;
  if (common < MIN_COMMON_SHARE) {
    return {
      ...base,
      usable: false,
      reason: 'not recognised as English (the speech model transcribes English only)',
      reliability: 0,
    };
  }
  return { ...base, usable: true, reason: null, reliability: Math.min(1, 0.3 + words.length / 12) * 0.8 };
}

/**
 * A text-emotion model's scores (GoEmotions: 28 independent sigmoid scores) as the words modality's
 * seven-class distribution: scores mapped by label name and summed per class, then renormalised.
 * Null when the scores are unusable (none finite and positive).
 */
export function textDistribution(scored: readonly { label: string; score: number }[]): Distribution | null {
  const usable = scored.filter((s) => Number.isFinite(s.score) && s.score > 0);
  if (usable.length === 0) return null;
  const d = toDistribution(
    usable.map((s) => s.score),
    usable.map((s) => s.label),
  );
  return d.length === EMOTIONS.length ? d : null;
}

/** Words of a transcript for scoring: lower case, punctuation dropped (apostrophes kept). */
function scoringWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** Word error rate of `hypothesis` against `reference`: word-level edit distance over the reference's length. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = scoringWords(reference);
  const hyp = scoringWords(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = previous[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      row.push(Math.min(substitution, previous[j]! + 1, row[j - 1]! + 1));
    }
    previous = row;
  }
  return previous[hyp.length]! / ref.length;
}
