/**
 * `npm run soak -- --minutes N [--json FILE] [--tier lite|standard] [--warmup-seconds S]`: the app for N minutes on the
 * repeating fake media (the talking-face clip as camera; its sentence, then 25 s of silence, looping as microphone),
 * in Debian's headless Chromium, as a visitor who leaves the tab open. It records:
 * - the page's JS heap after warm-up and at the end (each after a forced garbage collection), and the memory of the
 *   page with its workers where the browser measures it (`performance.measureUserAgentSpecificMemory`);
 * - live workers after warm-up and at the end;
 * - analysis windows made, explained and left unexplained;
 * - main-thread long tasks (over 50 ms) after warm-up.
 * JSON: `soak.heap_growth_pct`, `soak.windows`, `soak.unexplained`, `soak.workers_end`, and the rest.
 * The Standard tier runs on the hub stand-ins (the hub is routed to the tiny models), so its figures are the app's
 * own growth, not a real model's.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMedia } from '../e2e/chromium.ts';
import globalSetup from '../e2e/global-setup.ts';
import { routeHubToFixtures } from '../e2e/hub-route.ts';
import { FAKE_AUDIO_REPEATING, FAKE_VIDEO } from '../e2e/media-paths.ts';
import { longTasks, observeLongTasks, root, round } from './bench/common.ts';

const PORT = 4191;
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    json: { type: 'string', default: 'soak-results.json' },
    tier: { type: 'string', default: 'lite' },
    'warmup-seconds': { type: 'string', default: '60' },
  },
});
const minutes = Number(values.minutes);
const warmupS = Number(values['warmup-seconds']);
const tier = values.tier as 'lite' | 'standard';
if (!(minutes > 0) || !['lite', 'standard'].includes(tier))
  throw new Error('usage: npm run soak -- --minutes N [--tier lite|standard] [--json FILE]');

interface Sample {
  /** Bytes, as the browser reported them (rounded only where shown). */
  readonly heap: number | null;
  readonly allMemory: number | null;
  readonly workers: number;
  readonly made: number;
  readonly explained: number;
}

/** Bytes as MB for display (1 decimal); figures are computed from the bytes. */
const mb = (b: number | null) => (b === null ? null : round(b / 2 ** 20, 1));

/** The page main thread's JS heap in bytes after a forced garbage collection (null where not reported). */
function heapAfterGc(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    (globalThis as unknown as { gc?: () => void }).gc?.();
    return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
  });
}

/** The page's heap after a forced GC, the measured memory of page + workers (if the browser answers in 30 s), counts. */
async function sample(page: Page): Promise<Sample> {
  const heap = await heapAfterGc(page);
  const memory = await page.evaluate(async () => {
    const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> })
      .measureUserAgentSpecificMemory;
    let all: number | null = null;
    if (measure && globalThis.crossOriginIsolated) {
      all = await Promise.race([
        measure.call(performance).then((m) => m.bytes),
        new Promise<null>((r) => setTimeout(() => r(null), 30_000)),
      ]);
    }
    return { all };
  });
  const live = page.getByTestId('live');
  const count = async (name: string) => Number((await live.getAttribute(name)) ?? 0);
  return {
    heap,
    allMemory: memory.all,
    workers: page.workers().length,
    made: await count('data-windows-made'),
    explained: await count('data-windows-explained'),
  };
}

async function main(): Promise<void> {
  globalSetup(); // the fake camera and microphone files, the tiny hub models
  const server = await preview({ root, mode: 'e2e', preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      ...fakeMedia(FAKE_VIDEO, FAKE_AUDIO_REPEATING),
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
      '--enable-blink-features=ForceEagerMeasureMemory',
    ],
  });
  try {
    const context = await browser.newContext();
    if (tier === 'standard') await routeHubToFixtures(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await observeLongTasks(page);
    await page.goto(`http://localhost:${PORT}/`);
    await page.getByTestId('model-backends').locator('tr[data-model]').nth(5).waitFor({ timeout: 120_000 });
    if (tier === 'standard') {
      await page.getByTestId('tier').selectOption('standard');
      await page.locator('[data-testid="explainer-state"][data-state="ready"]').waitFor({ timeout: 180_000 });
    }
    await page.getByTestId('start').click();
    await page.getByTestId('live').waitFor();
    console.log(`soak (${tier}): warming up for ${warmupS} s, then ${minutes} min…`);
    await page.waitForTimeout(warmupS * 1000);
    const warm = await sample(page);
    const warmAt = await page.evaluate(() => performance.now());
    console.log(
      `  after warm-up: heap ${mb(warm.heap)} MB · page + workers ${mb(warm.allMemory) ?? '–'} MB · ${warm.workers} workers · ${warm.made} windows`,
    );
    const end = Date.now() + minutes * 60_000;
    // The heap each minute (after a forced GC): a leak keeps growing; the session's bounded lists level off.
    const byMinute: (number | null)[] = [];
    while (Date.now() < end) {
      await page.waitForTimeout(Math.min(60_000, end - Date.now()));
      byMinute.push(await heapAfterGc(page));
      const made = await page.getByTestId('live').getAttribute('data-windows-made');
      process.stdout.write(`  ${byMinute.length} min: ${made} windows · heap ${mb(byMinute.at(-1) ?? null)} MB\n`);
    }
    // A window being written at the end is given a minute to be explained. (Polled from here: a
    // waitForFunction would put Playwright's injected script in the page's heap before the last reading.)
    const live = page.getByTestId('live');
    for (
      let i = 0;
      i < 60 && (await live.getAttribute('data-windows-made')) !== (await live.getAttribute('data-windows-explained'));
      i++
    ) {
      await page.waitForTimeout(1000);
    }
    const last = await sample(page);
    const tasks = (await longTasks(page)).filter((t) => t.start >= warmAt);
    // Growth from the raw byte counts; rounding is for display only.
    const growth = (a: number | null, b: number | null) =>
      a === null || b === null ? null : round(((b - a) / a) * 100, 2);
    const middle = byMinute[Math.floor(byMinute.length / 2) - 1] ?? warm.heap;
    const soak = {
      tier,
      minutes,
      warmup_seconds: warmupS,
      heap_bytes_warm: warm.heap,
      heap_bytes_end: last.heap,
      heap_growth_pct: growth(warm.heap, last.heap),
      heap_bytes_by_minute: byMinute,
      /** From the middle of the soak to its end: past the session's bounded lists (the last 100 windows) filling up. */
      heap_growth_pct_second_half: growth(middle, last.heap),
      memory_with_workers_bytes_warm: warm.allMemory,
      memory_with_workers_bytes_end: last.allMemory,
      memory_with_workers_growth_pct: growth(warm.allMemory, last.allMemory),
      windows: last.made,
      windows_during_soak: last.made - warm.made,
      explained: last.explained,
      unexplained: last.made - last.explained,
      /**
       * On Lite the template writes each explanation before the window is counted, so 0 unexplained holds by
       * construction there; on Standard the LLM writes it after, and a window can be skipped (the figure means something).
       */
      unexplained_by_construction: tier === 'lite',
      workers_warm: warm.workers,
      workers_end: last.workers,
      long_tasks: {
        count: tasks.length,
        longest_ms: tasks.length ? round(Math.max(...tasks.map((t) => t.duration)), 0) : 0,
      },
      page_errors: errors,
      note: 'heap = the page main thread after a forced GC; memory with workers = measureUserAgentSpecificMemory (null where the browser gave none in 30 s); long tasks after warm-up',
    };
    console.log(
      `  end: heap ${mb(warm.heap)} → ${mb(last.heap)} MB (${soak.heap_growth_pct}%) · page + workers ${mb(warm.allMemory) ?? '–'} → ${mb(last.allMemory) ?? '–'} MB (${soak.memory_with_workers_growth_pct ?? '–'}%)`,
    );
    console.log(
      `  windows ${soak.windows} (explained ${soak.explained}, unexplained ${soak.unexplained}${tier === 'lite' ? ', 0 by construction on Lite' : ''}) · workers ${soak.workers_warm} → ${soak.workers_end} · long tasks ${soak.long_tasks.count} (longest ${soak.long_tasks.longest_ms} ms) · page errors ${errors.length}`,
    );
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length },
      browser: `Chromium ${browser.version()}`,
      soak,
    };
    writeFileSync(values.json as string, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${values.json}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
