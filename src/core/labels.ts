/**
 * The seven DFEW emotion classes, in the order used everywhere in the app
 * (bars, tables, exports), and the by-name mapping of every model's own
 * label set onto them. Never map by index: each model orders its labels
 * differently (see models/manifest.json).
 */
export const EMOTIONS = ['happy', 'sad', 'neutral', 'angry', 'surprise', 'disgust', 'fear'] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** Each model label (lower-cased) → the DFEW class it counts towards. */
const ALIASES: Readonly<Record<string, Emotion>> = {
  happy: 'happy',
  happiness: 'happy',
  joy: 'happy',
  hap: 'happy',
  sad: 'sad',
  sadness: 'sad',
  neutral: 'neutral',
  neu: 'neutral',
  calm: 'neutral',
  cal: 'neutral',
  angry: 'angry',
  anger: 'angry',
  ang: 'angry',
  surprise: 'surprise',
  surprised: 'surprise',
  sur: 'surprise',
  disgust: 'disgust',
  disgusted: 'disgust',
  dis: 'disgust',
  fear: 'fear',
  fearful: 'fear',
  fea: 'fear',
  // GoEmotions' 27 emotions → Ekman's six (the dataset authors' ekman_mapping.json, Demszky et al. 2020):
  // labels with no Ekman class in that table (none left) would be dropped, not guessed.
  amusement: 'happy',
  excitement: 'happy',
  love: 'happy',
  optimism: 'happy',
  caring: 'happy',
  pride: 'happy',
  admiration: 'happy',
  gratitude: 'happy',
  relief: 'happy',
  approval: 'happy',
  desire: 'happy',
  annoyance: 'angry',
  disapproval: 'angry',
  nervousness: 'fear',
  disappointment: 'sad',
  embarrassment: 'sad',
  grief: 'sad',
  remorse: 'sad',
  realization: 'surprise',
  confusion: 'surprise',
  curiosity: 'surprise',
};

/** The DFEW class a model label counts towards, or null when it has none. */
export function emotionForLabel(label: string): Emotion | null {
  return ALIASES[label.trim().toLowerCase()] ?? null;
}

export function isEmotion(value: string): value is Emotion {
  return (EMOTIONS as readonly string[]).includes(value);
}

/** Probabilities over the seven classes, in EMOTIONS order. */
export type Distribution = readonly number[];

export const UNIFORM: Distribution = EMOTIONS.map(() => 1 / EMOTIONS.length);

/**
 * A model's scores (in its own label order) as a distribution over the seven
 * classes, by label name: scores of labels that map to the same class add up,
 * labels with no class are left out, and the result is renormalised.
 */
export function toDistribution(scores: ArrayLike<number>, labels: readonly string[]): Distribution {
  const out = EMOTIONS.map(() => 0);
  for (let i = 0; i < labels.length; i++) {
    const emotion = emotionForLabel(labels[i] as string);
    const score = scores[i] as number;
    if (emotion !== null && Number.isFinite(score) && score > 0) out[EMOTIONS.indexOf(emotion)]! += score;
  }
  const total = out.reduce((a, b) => a + b, 0);
  return total > 0 ? out.map((v) => v / total) : UNIFORM;
}

export function topEmotion(d: Distribution): { emotion: Emotion; p: number } {
  let best = 0;
  for (let i = 1; i < d.length; i++) if ((d[i] as number) > (d[best] as number)) best = i;
  return { emotion: EMOTIONS[best] as Emotion, p: d[best] as number };
}

/**
 * A classifier's label order from its `config.json` `id2label` (ids as keys), and the labels that map to
 * no class. A model with any such label is refused rather than guessed at.
 */
export function labelsFromConfig(id2label: unknown): { labels: string[]; unmapped: string[] } {
  if (!id2label || typeof id2label !== 'object') return { labels: [], unmapped: ['(no id2label in config.json)'] };
  const entries = Object.entries(id2label as Record<string, unknown>)
    .map(([id, label]) => [Number(id), String(label)] as const)
    .sort((a, b) => a[0] - b[0]);
  const labels = entries.map(([, label]) => label);
  const ids = entries.map(([id]) => id);
  const unmapped = labels.filter((l) => emotionForLabel(l) === null);
  if (ids.some((id, i) => id !== i)) unmapped.push(`(ids not 0..${labels.length - 1})`);
  return { labels, unmapped };
}
