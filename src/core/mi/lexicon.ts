/**
 * A small emotion lexicon the repo ships (written for this app, not copied
 * from a licensed list): word stems per class, matched at word starts (a
 * stem ending in `$` matches the whole word only), with simple negation. It stands in for a text-emotion model in the verifier
 * when none is loaded, and is deliberately conservative: a sentence with no
 * emotion word reads neutral.
 */
import { PROSODY_PHRASES } from '../audio/acoustic.ts';
import { EMOTIONS, type Emotion } from '../labels.ts';
import { CUE_PHRASES } from '../vision/landmarks.ts';

/**
 * The app's own fixed wording, which the lexicon never scores: the facial and prosody cue phrases
 * ("mouth corners pulled down" is a measurement, not sadness; "voice bright and tense" not happiness)
 * and the template's stock phrases.
 */
const APP_PHRASES: readonly string[] = [
  ...CUE_PHRASES,
  ...PROSODY_PHRASES,
  'no clear change from its neutral look',
  'prosody close to this speaker’s usual',
  'read against a typical voice until this speaker has said a few everyday sentences',
];
const APP_PHRASE_RE = new RegExp(APP_PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');

/** The sentence with the app's fixed phrases blanked out. */
export function withoutAppPhrases(sentence: string): string {
  return sentence.replace(APP_PHRASE_RE, ' ');
}

const STEMS: Readonly<Record<Exclude<Emotion, 'neutral'>, readonly string[]>> = {
  happy: [
    'happ',
    'joy',
    'glad',
    'cheer',
    'delight',
    'smil',
    'laugh',
    'pleased',
    'content$',
    'elat',
    'amus',
    'warm$',
    'bright$',
    'excit',
    'enthusias',
    'upbeat',
    'playful',
    'grin$',
    'grinning',
    'thrill',
    'love',
    'lovel',
    'wonderful',
  ],
  sad: [
    'sad$',
    'sadly',
    'sadness',
    'sorrow',
    'unhapp',
    'grief',
    'griev',
    'mourn',
    'tearful',
    'tears$',
    'cry$',
    'crying',
    'cried',
    'gloom',
    'melanchol',
    'depress',
    'down$',
    'dejected',
    'despair',
    'heartbr',
    'miser',
    'lonel',
    'disappoint',
    'downcast',
    'subdued',
    'weary',
  ],
  angry: [
    'angr',
    'anger',
    'furi',
    'fury',
    'rage$',
    'raging',
    'irrit',
    'annoy',
    'hostil',
    'mad$',
    'outrag',
    'resent',
    'frustrat',
    'indign',
    'bitter',
    'harsh',
    'clench',
    'glar',
    'scowl',
    'snapp',
    'aggress',
    'heated',
  ],
  surprise: [
    'surpris',
    'astonish',
    'amaz',
    'startl',
    'shock',
    'unexpect',
    'stunned',
    'wow$',
    'gasp',
    'bewilder',
    'incredul',
  ],
  disgust: [
    'disgust',
    'revuls',
    'repuls',
    'gross$',
    'nause',
    'sicken',
    'distaste',
    'loath',
    'abhor',
    'repugn',
    'contempt',
    'sneer',
    'yuck',
    'vile$',
    'foul$',
  ],
  fear: [
    'fear',
    'afraid',
    'scare',
    'frighten',
    'terrif',
    'anxi',
    'nervous',
    'panic',
    'dread',
    'worr',
    'alarm',
    'uneas',
    'apprehens',
    'tremb',
    'shaky',
    'shaking',
    'threat',
    'horror',
    'horrif',
    'timid',
  ],
};

/**
 * Words that say a display is calm or neutral. They never decide a sentence's emotion (a sentence with no
 * emotion word reads neutral anyway); they let the verifier tell "the face stays calm" (a claim about
 * emotion) from a sentence that says nothing about emotion at all.
 */
const NEUTRAL_STEMS: readonly string[] = [
  'neutral',
  'calm',
  'composed',
  'relaxed',
  'impassive',
  'expressionless',
  'unemotional',
  'placid',
  'unmoved',
  'deadpan',
];

const NEGATORS = new Set(['not', 'no', 'never', 'without', 'hardly', 'barely', 'nothing', 'neither', 'nor']);

const tokenise = (s: string) => s.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];

/** Counts of emotion words per class in one sentence (negated hits dropped); neutral counts calm words. */
export function lexiconCounts(sentence: string): Record<Emotion, number> {
  const words = tokenise(withoutAppPhrases(sentence));
  const counts = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<Emotion, number>;
  words.forEach((word, i) => {
    const negated = words.slice(Math.max(0, i - 3), i).some((w) => NEGATORS.has(w) || w.endsWith("n't"));
    for (const [emotion, stems] of Object.entries(STEMS) as [Exclude<Emotion, 'neutral'>, readonly string[]][]) {
      if (stems.some((stem) => (stem.endsWith('$') ? word === stem.slice(0, -1) : word.startsWith(stem)))) {
        if (!negated) counts[emotion]++;
        return;
      }
    }
    if (
      !negated &&
      NEUTRAL_STEMS.some((stem) => (stem.endsWith('$') ? word === stem.slice(0, -1) : word.startsWith(stem)))
    )
      counts.neutral++;
  });
  return counts;
}

/** Does the sentence say anything about emotion (a calm word counts)? */
export function namesEmotion(sentence: string): boolean {
  return Object.values(lexiconCounts(sentence)).some((n) => n > 0);
}

/** The emotion a sentence expresses by the lexicon: the class with most hits, neutral when none (or a tie). */
export function lexiconEmotion(sentence: string): Emotion {
  const counts = lexiconCounts(sentence);
  let best: Emotion = 'neutral';
  let bestCount = 0;
  let tie = false;
  for (const e of EMOTIONS) {
    if (e === 'neutral') continue;
    if (counts[e] > bestCount) {
      best = e;
      bestCount = counts[e];
      tie = false;
    } else if (counts[e] === bestCount && bestCount > 0) tie = true;
  }
  return tie ? 'neutral' : best;
}
