import { describe, expect, it } from 'vitest';
import { emotionForLabel, topEmotion } from '../labels.ts';
import { assessTranscript, textDistribution, wordErrorRate } from './transcript.ts';

/** The twelve CREMA-D sentences: what an English speaker in the fixtures says. */
const CREMA_D = [
  "It's eleven o'clock",
  'That is exactly what happened',
  "I'm on my way to the meeting",
  'I wonder what this is about',
  'The airplane is almost full',
  'Maybe tomorrow it will be cold',
  'I would like a new alarm clock',
  "I think I have a doctor's appointment",
  "Don't forget a jacket",
  "I think I've seen this before",
  'The surface is slick',
  "We'll stop in a couple of minutes",
];

describe('transcript assessment (the words modality is used only on plausible English)', () => {
  it('accepts every CREMA-D sentence, trusting longer ones more', () => {
    for (const s of CREMA_D) expect(assessTranscript(s), s).toMatchObject({ usable: true, reason: null });
    expect(assessTranscript("We'll stop in a couple of minutes").reliability).toBeGreaterThan(
      assessTranscript("Don't forget a jacket").reliability,
    );
  });

  it('leaves out other languages, repetition, and too few words — with the reason', () => {
    for (const s of [
      'Ich habe heute leider keine Zeit für dich',
      'No tengo tiempo para esto hoy',
      'Nous allons partir demain matin',
    ]) {
      expect(assessTranscript(s), s).toMatchObject({ usable: false, reliability: 0 });
      expect(assessTranscript(s).reason).toMatch(/not recognised as English/);
    }
    expect(assessTranscript('今日は時間がありません').reason).toMatch(/too few words|not recognised/);
    expect(assessTranscript('Привет, как у тебя дела сегодня').reason).toMatch(/not recognised as English/);
    expect(assessTranscript('the the the the the').reason).toMatch(/repeats itself/);
    expect(assessTranscript('Okay.').reason).toMatch(/too few words/);
    expect(assessTranscript('   ').usable).toBe(false);
  });
});

describe('GoEmotions scores → seven classes', () => {
  it('maps all 28 GoEmotions labels by name (the dataset authors’ Ekman mapping)', () => {
    const go =
      'admiration amusement anger annoyance approval caring confusion curiosity desire disappointment disapproval disgust embarrassment excitement fear gratitude grief joy love nervousness optimism pride realization relief remorse sadness surprise neutral'.split(
        ' ',
      );
    expect(go.filter((l) => emotionForLabel(l) === null)).toEqual([]);
    expect(emotionForLabel('annoyance')).toBe('angry');
    expect(emotionForLabel('nervousness')).toBe('fear');
    expect(emotionForLabel('remorse')).toBe('sad');
    expect(emotionForLabel('curiosity')).toBe('surprise');
  });

  it('sums independent scores per class and renormalises; unusable scores give no distribution', () => {
    const d = textDistribution([
      { label: 'annoyance', score: 0.5 },
      { label: 'anger', score: 0.2 },
      { label: 'neutral', score: 0.4 },
      { label: 'joy', score: 0.05 },
    ])!;
    expect(topEmotion(d)).toEqual({ emotion: 'angry', p: expect.closeTo(0.7 / 1.15, 6) });
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(textDistribution([{ label: 'joy', score: Number.NaN }])).toBeNull();
    expect(textDistribution([])).toBeNull();
  });
});

describe('wordErrorRate', () => {
  it('is 0 for the same words (case and punctuation aside), and counts substitutions, insertions and deletions', () => {
    expect(wordErrorRate("Don't forget a jacket.", 'don’t forget a jacket')).toBe(0);
    expect(wordErrorRate("Don't forget a jacket.", "Don't forget the jacket.")).toBe(0.25);
    expect(wordErrorRate("Don't forget a jacket.", "Don't forget a warm jacket now")).toBe(0.5);
    expect(wordErrorRate("Don't forget a jacket.", 'forget jacket')).toBe(0.5);
    expect(wordErrorRate("Don't forget a jacket.", '')).toBe(1);
    expect(wordErrorRate('', '')).toBe(0);
  });
});
