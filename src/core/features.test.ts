import { describe, expect, it } from 'vitest';
import { ALL_FEATURES, canRun, featureGaps } from './features.ts';

describe('featureGaps', () => {
  it('a browser with every feature has no gap and runs every part', () => {
    expect(featureGaps(ALL_FEATURES)).toEqual([]);
    for (const part of ['face', 'voice', 'replay'] as const) expect(canRun(ALL_FEATURES, part)).toBe(true);
  });

  it('each missing feature says what fails and what still works, and blocks only its part', () => {
    const noCapture = { ...ALL_FEATURES, captureStream: false };
    expect(featureGaps(noCapture)).toEqual([
      expect.objectContaining({ api: 'HTMLMediaElement.captureStream', loses: 'replay' }),
    ]);
    expect(featureGaps(noCapture)[0]!.still).toBe('The camera and microphone work.');
    expect([canRun(noCapture, 'replay'), canRun(noCapture, 'face'), canRun(noCapture, 'voice')]).toEqual([
      false,
      true,
      true,
    ]);
    const noWorklet = { ...ALL_FEATURES, audioWorklet: false };
    expect([canRun(noWorklet, 'voice'), canRun(noWorklet, 'face')]).toEqual([false, true]);
    const noCanvas = { ...ALL_FEATURES, offscreenCanvas: false };
    expect([canRun(noCanvas, 'face'), canRun(noCanvas, 'voice')]).toEqual([false, true]);
  });

  it('a missing VideoFrame, Cache API or storage manager costs speed or keeping, never a part', () => {
    const old = { ...ALL_FEATURES, videoFrame: false, cacheApi: false, storageManager: false };
    expect(featureGaps(old).map((g) => [g.feature, g.loses])).toEqual([
      ['videoFrame', 'nothing'],
      ['cacheApi', 'nothing'],
      ['storageManager', 'nothing'],
    ]);
    for (const part of ['face', 'voice', 'replay'] as const) expect(canRun(old, part)).toBe(true);
  });

  it('lists the worst first: a lost part before a slower path', () => {
    const none = Object.fromEntries(Object.keys(ALL_FEATURES).map((k) => [k, false])) as unknown as typeof ALL_FEATURES;
    expect(featureGaps(none).map((g) => g.loses)).toEqual(['face', 'voice', 'replay', 'nothing', 'nothing', 'nothing']);
  });
});
