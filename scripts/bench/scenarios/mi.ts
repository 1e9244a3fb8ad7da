/** Modality Importance on the page: one window's MI for three modalities, and one window's what-if. */
import type { Bench } from '../../../e2e/harness/bench.ts';
import { round, type Page } from '../common.ts';

declare const bench: Bench;

export async function miScenario(page: Page): Promise<Record<string, unknown>> {
  const mi = await page.evaluate((n) => bench.miTiming(n), 20_000);
  const whatIf = await page.evaluate((n) => bench.whatIfTiming(n), 2_000);
  console.log(`mi: Modality Importance, three modalities: ${(mi * 1000).toFixed(1)} µs per window`);
  console.log(
    `  what if? (the voice left out: fusion, MI, plan, template, changed sentences): ${whatIf.toFixed(3)} ms\n`,
  );
  return { three_modalities_ms: round(mi, 4), what_if_ms: round(whatIf, 4) };
}
