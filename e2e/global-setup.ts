import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { writeFamilies } from '../scripts/tiny-models/index.ts';
import { TINY_MODELS_DIR } from '../scripts/tiny-models/paths.ts';
import {
  ANGRY_SPEECH,
  FAKE_AUDIO,
  FAKE_AUDIO_ANGRY,
  FAKE_AUDIO_REPEATING,
  FAKE_VIDEO,
  FAKE_VIDEO_NEUTRAL,
  GENERATED,
  NEUTRAL_CLIP,
  SOURCE_CLIP,
} from './media-paths.ts';

function fresh(target: string, source = SOURCE_CLIP): boolean {
  return existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs;
}

/** Turns the talking-face clip into the y4m + wav that Chromium's fake devices play, and writes the tiny hub models. */
export default function globalSetup(): void {
  mkdirSync(GENERATED, { recursive: true });
  const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', SOURCE_CLIP, ...args]);
  if (!fresh(FAKE_VIDEO)) ffmpeg(['-an', '-r', '15', '-pix_fmt', 'yuv420p', FAKE_VIDEO]);
  if (!fresh(FAKE_AUDIO)) ffmpeg(['-vn', '-ac', '1', '-ar', '48000', FAKE_AUDIO]);
  if (!fresh(FAKE_AUDIO_REPEATING)) ffmpeg(['-vn', '-ac', '1', '-ar', '48000', '-af', 'apad=pad_dur=25', FAKE_AUDIO_REPEATING]);
  // The incongruent case: a neutral face, and an angry sentence after a second of silence, played once.
  const run = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
  if (!fresh(FAKE_VIDEO_NEUTRAL, NEUTRAL_CLIP)) run(['-i', NEUTRAL_CLIP, '-an', '-r', '15', '-pix_fmt', 'yuv420p', FAKE_VIDEO_NEUTRAL]);
  if (!fresh(FAKE_AUDIO_ANGRY, ANGRY_SPEECH)) {
    run(['-i', ANGRY_SPEECH, '-ac', '1', '-ar', '48000', '-af', 'adelay=1000,apad=pad_dur=25', FAKE_AUDIO_ANGRY]);
  }
  writeFamilies(TINY_MODELS_DIR);
}
