import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMedia } from '../../../e2e/chromium.ts';
import { CLIP_SOURCE, PORT, root, round } from '../common.ts';

/**
 * The whole app for `seconds` with the talking-face clip looping as fake camera and microphone:
 * main-thread long tasks, JS heap at start and end, and utterance → MI / first token on screen
 * (the app records those as performance measures).
 */
export async function endToEnd(seconds: number): Promise<Record<string, unknown>> {
  const generated = join(root, 'e2e/.generated');
  const video = join(generated, 'camera.y4m');
  const audio = join(generated, 'microphone.wav');
  if (!existsSync(video) || !existsSync(audio)) {
    mkdirSync(generated, { recursive: true });
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', CLIP_SOURCE, '-an', '-r', '15', '-pix_fmt', 'yuv420p', video]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', CLIP_SOURCE, '-vn', '-ac', '1', '-ar', '48000', audio]);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...fakeMedia(video, audio), '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${PORT}/`);
    await page.getByTestId('model-backends').locator('tr[data-model]').nth(4).waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      const w = globalThis as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const heap = () => page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null);
    const heapStart = await heap();
    process.stdout.write(`e2e: the clip as camera and microphone for ${seconds} s… `);
    await page.getByTestId('start').click();
    await page.waitForTimeout(seconds * 1000);
    const heapEnd = await heap();
    const stats = await page.evaluate(() => ({
      longTasks: (globalThis as unknown as { __longTasks: number[] }).__longTasks,
      mi: performance.getEntriesByName('attend-first:utterance-to-mi').map((e) => e.duration),
      firstToken: performance.getEntriesByName('attend-first:utterance-to-first-token').map((e) => e.duration),
      windows: document.querySelectorAll('[data-testid="mi-panel"] li').length,
    }));
    console.log('done');
    const median = (v: number[]) => ([...v].sort((a, b) => a - b)[v.length >> 1] ?? null);
    const mb = (b: number | null) => (b === null ? null : round(b / 2 ** 20, 1));
    const result = {
      seconds,
      utterances: stats.mi.length,
      utterance_end_to_mi_ms: median(stats.mi) === null ? null : round(median(stats.mi)!, 1),
      utterance_end_to_first_token_ms: median(stats.firstToken) === null ? null : round(median(stats.firstToken)!, 1),
      long_tasks_over_50ms: stats.longTasks.length,
      longest_task_ms: stats.longTasks.length ? round(Math.max(...stats.longTasks), 0) : 0,
      js_heap_mb_start: mb(heapStart),
      js_heap_mb_end: mb(heapEnd),
      note: 'utterance end = when the voice-activity detector reports it (after its 320 ms hangover); first token = the Lite template\'s first streamed word',
    };
    console.log(`  ${result.utterances} utterances · utterance → MI on screen ${result.utterance_end_to_mi_ms} ms (median) · → first word ${result.utterance_end_to_first_token_ms} ms`);
    console.log(`  main-thread long tasks over 50 ms: ${result.long_tasks_over_50ms} (longest ${result.longest_task_ms} ms) · JS heap ${result.js_heap_mb_start} → ${result.js_heap_mb_end} MB\n`);
    return result;
  } finally {
    await browser.close();
  }
}
