/** What the benchmark scenarios share: the page type, rounding and the clip the vision bench decodes. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';

export type { Page };
export const root = join(import.meta.dirname, '../..');
export const PORT = 4190;
export const CLIP_SOURCE = join(root, 'e2e/fixtures/media/cremad_1001_DFA_HAP_XX.mp4');
const CLIP = join(root, 'e2e/.generated/clips/cremad-happy-640x480.webm');

/** The 640×480 VP9 clip the vision benchmarks decode (made once from the fixture clip). */
export function ensureClip(): void {
  if (existsSync(CLIP)) return;
  mkdirSync(dirname(CLIP), { recursive: true });
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    CLIP_SOURCE,
    '-vf',
    'scale=640:480',
    '-an',
    '-c:v',
    'libvpx-vp9',
    '-b:v',
    '1M',
    CLIP,
  ]);
}

/** The talking-face clip as fake camera (y4m) and microphone (wav) files, made once from the fixture clip. */
export function ensureLiveMedia(): { video: string; audio: string } {
  const generated = join(root, 'e2e/.generated');
  const video = join(generated, 'camera.y4m');
  const audio = join(generated, 'microphone.wav');
  if (!existsSync(video) || !existsSync(audio)) {
    mkdirSync(generated, { recursive: true });
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-i',
      CLIP_SOURCE,
      '-an',
      '-r',
      '15',
      '-pix_fmt',
      'yuv420p',
      video,
    ]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', CLIP_SOURCE, '-vn', '-ac', '1', '-ar', '48000', audio]);
  }
  return { video, audio };
}

export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Runs one step, saying so on the same line. */
export async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  process.stdout.write(`  ${label}… `);
  const result = await run();
  console.log('done');
  return result;
}

/** Records the page's main-thread long tasks (over 50 ms) from its first script on: call before `goto`. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks recorded so far (see observeLongTasks), with when they started. */
export function longTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(
    () => (globalThis as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks,
  );
}
