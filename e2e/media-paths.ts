import { basename, join } from 'node:path';

/** Fake camera and microphone files, made from a CREMA-D clip by global-setup.ts. */
export const GENERATED = join(import.meta.dirname, '.generated');
export const SOURCE_CLIP = join(import.meta.dirname, 'fixtures/media/cremad_1001_DFA_HAP_XX.mp4');
export const FAKE_VIDEO = join(GENERATED, 'camera.y4m');
export const FAKE_AUDIO = join(GENERATED, 'microphone.wav');
/** The same sentence, then 25 s of silence, played in a loop: a visitor who speaks now and then. */
export const FAKE_AUDIO_REPEATING = join(GENERATED, 'microphone-repeating.wav');

/**
 * The live cases (the MIGR case and its counterparts): a still London face with temporal noise as the
 * camera, a calm one that the face model reads neutral at ≥ 0.9, or a smiling one; and CREMA-D actor
 * 1002's sentences (the Lite voice model misreads actor 1001's angry one: models/lite/voice/REPORT.md).
 */
export const CALM_FACE = join(import.meta.dirname, 'fixtures/faces/neutral/london_002_neutral.jpg');
export const SMILING_FACE = join(import.meta.dirname, 'fixtures/faces/happy/london_008_smiling.jpg');
export const ANGRY_SPEECH = join(import.meta.dirname, 'fixtures/speech/angry/cremad_1002_DFA_ANG_XX.wav');
export const NEUTRAL_SPEECH = join(import.meta.dirname, 'fixtures/speech/neutral/cremad_1002_DFA_NEU_XX.wav');
/** Named after the face, so that another face makes a new file. */
export const FAKE_VIDEO_CALM = join(GENERATED, `camera-${basename(CALM_FACE, '.jpg')}.y4m`);
export const FAKE_VIDEO_SMILING = join(GENERATED, `camera-${basename(SMILING_FACE, '.jpg')}.y4m`);
/** The angry sentence four times, 3 s apart, after 1 s, then 25 s of silence, in a loop: a run of one emotion. */
export const FAKE_AUDIO_ANGRY_RUN = join(GENERATED, 'microphone-angry-run.wav');
/** The neutral sentence twice, 3 s apart, after 1 s, then 25 s of silence, in a loop. */
export const FAKE_AUDIO_NEUTRAL = join(GENERATED, 'microphone-neutral.wav');
