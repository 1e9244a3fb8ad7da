import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { writeFamilies } from '../scripts/tiny-models/index.ts';
import { TINY_MODELS_DIR } from '../scripts/tiny-models/paths.ts';
import { FAKE_AUDIO, FAKE_AUDIO_REPEATING, FAKE_VIDEO, GENERATED, SOURCE_CLIP } from './media-paths.ts';

function fresh(target: string): boolean {
  return existsSync(target) && statSync(target).mtimeMs >= statSync(SOURCE_CLIP).mtimeMs;
}

/** Turns the talking-face clip into the y4m + wav that Chromium's fake devices play, and writes the tiny hub models. */
export default function globalSetup(): void {
  mkdirSync(GENERATED, { recursive: true });
  const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', SOURCE_CLIP, ...args]);
  if (!fresh(FAKE_VIDEO)) ffmpeg(['-an', '-r', '15', '-pix_fmt', 'yuv420p', FAKE_VIDEO]);
  if (!fresh(FAKE_AUDIO)) ffmpeg(['-vn', '-ac', '1', '-ar', '48000', FAKE_AUDIO]);
  if (!fresh(FAKE_AUDIO_REPEATING)) ffmpeg(['-vn', '-ac', '1', '-ar', '48000', '-af', 'apad=pad_dur=25', FAKE_AUDIO_REPEATING]);
  writeFamilies(TINY_MODELS_DIR);
}
