import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { writeFamilies } from '../scripts/tiny-models/index.ts';
import { TINY_MODELS_DIR } from '../scripts/tiny-models/paths.ts';
import {
  ANGRY_SPEECH,
  CALM_FACE,
  FAKE_AUDIO,
  FAKE_AUDIO_ANGRY_RUN,
  FAKE_AUDIO_NEUTRAL,
  FAKE_AUDIO_REPEATING,
  FAKE_VIDEO,
  FAKE_VIDEO_CALM,
  FAKE_VIDEO_SMILING,
  GENERATED,
  NEUTRAL_SPEECH,
  SMILING_FACE,
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
  if (!fresh(FAKE_AUDIO_REPEATING))
    ffmpeg(['-vn', '-ac', '1', '-ar', '48000', '-af', 'apad=pad_dur=25', FAKE_AUDIO_REPEATING]);
  // The live cases: a still face with temporal noise (a camera is never still), and a sentence said
  // `times` times, 3 s apart, after a second of silence, then 25 s of silence (played in a loop).
  const run = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
  const still = (face: string, out: string) => {
    const vf = 'scale=-2:440,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x606060,noise=alls=8:allf=t,format=yuv420p';
    if (!fresh(out, face)) run(['-loop', '1', '-i', face, '-vf', vf, '-t', '4', '-r', '15', out]);
  };
  const said = (speech: string, times: number, out: string) => {
    if (fresh(out, speech)) return;
    const copies = Array.from({ length: times }, (_, i) => i);
    const split = `[0:a]aresample=48000,asplit=${times}${copies.map((i) => `[s${i}]`).join('')}`;
    const parts = copies.map(
      (i) => `[s${i}]adelay=${i === 0 ? 1000 : 0},apad=pad_dur=${i === times - 1 ? 25 : 3}[p${i}]`,
    );
    const concat = `${copies.map((i) => `[p${i}]`).join('')}concat=n=${times}:v=0:a=1[out]`;
    run([
      '-i',
      speech,
      '-filter_complex',
      [split, ...parts, concat].join(';'),
      '-map',
      '[out]',
      '-ac',
      '1',
      '-ar',
      '48000',
      out,
    ]);
  };
  still(CALM_FACE, FAKE_VIDEO_CALM);
  still(SMILING_FACE, FAKE_VIDEO_SMILING);
  said(ANGRY_SPEECH, 4, FAKE_AUDIO_ANGRY_RUN);
  said(NEUTRAL_SPEECH, 2, FAKE_AUDIO_NEUTRAL);
  writeFamilies(TINY_MODELS_DIR);
}
