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
};

/** The DFEW class a model label counts towards, or null when it has none. */
export function emotionForLabel(label: string): Emotion | null {
  return ALIASES[label.trim().toLowerCase()] ?? null;
}

export function isEmotion(value: string): value is Emotion {
  return (EMOTIONS as readonly string[]).includes(value);
}
