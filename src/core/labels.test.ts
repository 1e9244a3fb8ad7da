import { describe, expect, it } from 'vitest';
import { EMOTIONS, emotionForLabel, isEmotion } from './labels.ts';

describe('emotion labels', () => {
  it('keeps the DFEW order', () => {
    expect(EMOTIONS).toEqual(['happy', 'sad', 'neutral', 'angry', 'surprise', 'disgust', 'fear']);
  });

  it('maps each bundled and hub label set by name onto all seven classes', () => {
    const sets = {
      faceApi: ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'],
      miniXception: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'],
      vitFacial: ['sad', 'disgust', 'angry', 'neutral', 'fear', 'surprise', 'happy'],
    };
    for (const labels of Object.values(sets)) {
      const mapped = labels.map(emotionForLabel);
      expect(new Set(mapped)).toEqual(new Set(EMOTIONS));
    }
    expect(emotionForLabel('fearful')).toBe('fear');
    expect(emotionForLabel(' Surprised ')).toBe('surprise');
    expect(emotionForLabel('HAP')).toBe('happy');
  });

  it('returns null for labels with no class rather than guessing', () => {
    expect(emotionForLabel('contempt')).toBeNull();
    expect(emotionForLabel('')).toBeNull();
    expect(isEmotion('happy')).toBe(true);
    expect(isEmotion('joy')).toBe(false);
  });
});

describe('labels from a config.json id2label', () => {
  it('orders by id and maps RAVDESS-style short names; refuses a label with no class', async () => {
    const { labelsFromConfig, toDistribution } = await import('./labels.ts');
    const ravdess = { '2': 'DIS', '0': 'ANG', '1': 'CAL', '3': 'FEA', '4': 'HAP', '5': 'NEU', '6': 'SAD', '7': 'SUR' };
    const { labels, unmapped } = labelsFromConfig(ravdess);
    expect(labels).toEqual(['ANG', 'CAL', 'DIS', 'FEA', 'HAP', 'NEU', 'SAD', 'SUR']);
    expect(unmapped).toEqual([]);
    // Calm counts toward neutral.
    const d = toDistribution([0, 0.5, 0, 0, 0, 0.5, 0, 0], labels);
    expect(d[2]).toBeCloseTo(1, 9);
    expect(labelsFromConfig({ '0': 'angry', '1': 'bored' }).unmapped).toEqual(['bored']);
    expect(labelsFromConfig({ '0': 'angry', '2': 'sad' }).unmapped).toEqual(['(ids not 0..1)']);
    expect(labelsFromConfig(undefined).unmapped.length).toBe(1);
  });
});
