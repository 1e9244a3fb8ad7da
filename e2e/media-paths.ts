import { join } from 'node:path';

/** Fake camera and microphone files, made from a CREMA-D clip by global-setup.ts. */
export const GENERATED = join(import.meta.dirname, '.generated');
export const SOURCE_CLIP = join(import.meta.dirname, 'fixtures/media/cremad_1001_DFA_HAP_XX.mp4');
export const FAKE_VIDEO = join(GENERATED, 'camera.y4m');
export const FAKE_AUDIO = join(GENERATED, 'microphone.wav');
/** The same sentence, then 25 s of silence, played in a loop: a visitor who speaks now and then. */
export const FAKE_AUDIO_REPEATING = join(GENERATED, 'microphone-repeating.wav');

/**
 * The MIGR case, face and voice disagreeing: actor 1001's neutral face with actor 1002's angry sentence
 * (the Lite voice model misreads actor 1001's own angry sentence: models/lite/voice/REPORT.md).
 */
export const NEUTRAL_CLIP = join(import.meta.dirname, 'fixtures/media/cremad_1001_DFA_NEU_XX.mp4');
export const ANGRY_SPEECH = join(import.meta.dirname, 'fixtures/speech/angry/cremad_1002_DFA_ANG_XX.wav');
export const FAKE_VIDEO_NEUTRAL = join(GENERATED, 'camera-neutral.y4m');
/** The angry sentence after 1 s, then 25 s of silence, played in a loop. */
export const FAKE_AUDIO_ANGRY = join(GENERATED, 'microphone-angry.wav');
