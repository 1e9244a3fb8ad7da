/**
 * The web features the page relies on besides WebGPU and WASM (src/core/capabilities.ts), and what a
 * missing one means for a visitor: what will not work in this browser, and what still will. Pure: the
 * probe (src/platform/probe.ts) fills `PageFeatures`.
 */
export interface PageFeatures {
  /** `VideoFrame`: camera frames go to the face worker without a copy. */
  readonly videoFrame: boolean;
  /** `AudioWorklet`: the microphone's samples reach the voice analysis. */
  readonly audioWorklet: boolean;
  /** `HTMLMediaElement.captureStream`: a replayed clip or an example becomes the live stream. */
  readonly captureStream: boolean;
  /** `OffscreenCanvas`: the face worker reads frames and cuts face crops. */
  readonly offscreenCanvas: boolean;
  /** The Cache API: hub models are kept between visits, and the page works offline. */
  readonly cacheApi: boolean;
  /** `navigator.storage`: how much the page stores, and whether it is kept. */
  readonly storageManager: boolean;
}

export const ALL_FEATURES: PageFeatures = {
  videoFrame: true,
  audioWorklet: true,
  captureStream: true,
  offscreenCanvas: true,
  cacheApi: true,
  storageManager: true,
};

/** What a missing feature takes away. */
export type Loss = 'face' | 'voice' | 'replay' | 'nothing';

export interface FeatureGap {
  readonly feature: keyof PageFeatures;
  /** The API's name, as a developer would search for it. */
  readonly api: string;
  readonly loses: Loss;
  /** What will not work (or works another way), in a sentence. */
  readonly fails: string;
  /** What still works, in a sentence. */
  readonly still: string;
}

const GAPS: readonly FeatureGap[] = [
  {
    feature: 'offscreenCanvas',
    api: 'OffscreenCanvas',
    loses: 'face',
    fails: 'The face cannot be read: the face worker draws each frame on an OffscreenCanvas.',
    still: 'The voice is read, and explained on its own.',
  },
  {
    feature: 'audioWorklet',
    api: 'AudioWorklet',
    loses: 'voice',
    fails: 'The voice cannot be read: the microphone reaches the analysis through an AudioWorklet.',
    still: 'The face is read, and explained on its own.',
  },
  {
    feature: 'captureStream',
    api: 'HTMLMediaElement.captureStream',
    loses: 'replay',
    fails: 'The examples and replaying a clip cannot start: a clip becomes the live stream through captureStream.',
    still: 'The camera and microphone work.',
  },
  {
    feature: 'videoFrame',
    api: 'VideoFrame',
    loses: 'nothing',
    fails: 'Camera frames go to the face worker as bitmaps (a copy each), so the face is read a little slower.',
    still: 'Everything works.',
  },
  {
    feature: 'cacheApi',
    api: 'Cache API',
    loses: 'nothing',
    fails: 'Hub models are downloaded again on each visit, and the page does not work offline.',
    still: 'Every tier runs.',
  },
  {
    feature: 'storageManager',
    api: 'navigator.storage',
    loses: 'nothing',
    fails: 'The page cannot say how much it stores, or ask to keep it.',
    still: 'Everything works.',
  },
];

/** The features this browser lacks, each with what it takes away and what still works; the worst first. */
export function featureGaps(features: PageFeatures): FeatureGap[] {
  return GAPS.filter((g) => !features[g.feature]);
}

/** Whether a part of the page can run here. */
export function canRun(features: PageFeatures, part: Exclude<Loss, 'nothing'>): boolean {
  return !featureGaps(features).some((g) => g.loses === part);
}
