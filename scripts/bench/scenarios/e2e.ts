import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMedia } from '../../../e2e/chromium.ts';
import { ensureLiveMedia, longTasks, observeLongTasks, PORT, round } from '../common.ts';

/**
 * The whole app for `seconds` with the talking-face clip looping as fake camera and microphone:
 * main-thread long tasks from page open (while loading, until Start; and live, after it), JS heap at
 * Start and at the end, and utterance → MI / first word on screen (the app records those as
 * performance measures from the voice detector's decision in the worker, both to the same paint).
 */
export async function endToEnd(seconds: number): Promise<Record<string, unknown>> {
  const { video, audio } = ensureLiveMedia();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...fakeMedia(video, audio), '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage();
    // Long tasks from the page's first script on, with when they started.
    await observeLongTasks(page);
    await page.goto(`http://localhost:${PORT}/`);
    await page.getByTestId('model-backends').locator('tr[data-model]').nth(4).waitFor({ timeout: 60_000 });
    const heap = () =>
      page.evaluate(
        () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
      );
    const heapStart = await heap();
    process.stdout.write(`e2e: the clip as camera and microphone for ${seconds} s… `);
    // Start → the first paint with a face box: checked every animation frame from the click on.
    // (A string, not a closure: tsx would wrap a named function in a helper the page does not have.)
    const liveFrom = await page.evaluate<number>(`(() => {
      globalThis.__faceAt = null;
      const look = () => {
        const box = document.querySelector('[data-testid="face-overlay"]')?.getAttribute('data-main-box');
        if (box) globalThis.__faceAt = performance.now();
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
      return performance.now();
    })()`);
    await page.getByTestId('start').click();
    await page.waitForTimeout(seconds * 1000);
    const heapEnd = await heap();
    const recorded = await longTasks(page);
    const stats = await page.evaluate(() => ({
      mi: performance.getEntriesByName('attend-first:utterance-to-mi').map((e) => e.duration),
      firstToken: performance.getEntriesByName('attend-first:utterance-to-first-token').map((e) => e.duration),
      windows: document.querySelectorAll('[data-testid="mi-panel"] li').length,
      faceAt: (globalThis as unknown as { __faceAt: number | null }).__faceAt,
    }));
    console.log('done');
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? null;
    const mb = (b: number | null) => (b === null ? null : round(b / 2 ** 20, 1));
    const loading = recorded.filter((t) => t.start < liveFrom);
    const live = recorded.filter((t) => t.start >= liveFrom);
    const tasks = (v: { duration: number }[]) => ({
      count: v.length,
      longest_ms: v.length ? round(Math.max(...v.map((t) => t.duration)), 0) : 0,
    });
    const result = {
      seconds,
      start_to_face_ms: stats.faceAt === null ? null : round(stats.faceAt - liveFrom, 0),
      utterances: stats.mi.length,
      utterance_end_to_mi_ms: median(stats.mi) === null ? null : round(median(stats.mi)!, 1),
      utterance_end_to_first_token_ms: median(stats.firstToken) === null ? null : round(median(stats.firstToken)!, 1),
      long_tasks_loading: tasks(loading),
      long_tasks_live: tasks(live),
      js_heap_mb_start: mb(heapStart),
      js_heap_mb_end: mb(heapEnd),
      note: "utterance end = the voice detector's decision in the audio worker (after its 320 ms hangover); MI and first word = the second animation frame after each is set (the paint that shows it); first word = the Lite template's; long tasks = main-thread tasks over 50 ms, loading = page open until Start, live = after Start",
    };
    console.log(`  Start → face box on screen ${result.start_to_face_ms ?? '–'} ms`);
    console.log(
      `  ${result.utterances} utterances · utterance → MI on screen ${result.utterance_end_to_mi_ms} ms (median) · → first word ${result.utterance_end_to_first_token_ms} ms`,
    );
    console.log(
      `  main-thread long tasks over 50 ms: loading ${result.long_tasks_loading.count} (longest ${result.long_tasks_loading.longest_ms} ms), live ${result.long_tasks_live.count} (longest ${result.long_tasks_live.longest_ms} ms) · JS heap ${result.js_heap_mb_start} → ${result.js_heap_mb_end} MB\n`,
    );
    return result;
  } finally {
    await browser.close();
  }
}
