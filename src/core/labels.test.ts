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
