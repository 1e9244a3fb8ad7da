/**
 * The explainer: the hub worker's streamed generation against a bare generate on the same tiny model,
 * round by round, and MI-guided decoding with and without the kept KV cache.
 */
import type { Bench } from '../../../e2e/harness/bench.ts';
import { round, type Page } from '../common.ts';

declare const bench: Bench;

export async function explainerScenario(page: Page): Promise<Record<string, unknown>> {
  process.stdout.write('explainer: the tiny causal-LM stand-in through the hub worker vs a bare generate (WASM)… ');
  const x = await page.evaluate((n) => bench.explainer(n), 64);
  console.log('done');
  const report = {
    ttft_ms: round(x.ttftMs, 1),
    tokens_per_s: round(x.tokensPerS, 1),
    bare_tokens_per_s: round(x.bareTokensPerS, 1),
    bare_streamed_tokens_per_s: round(x.bareStreamedTokensPerS, 1),
    worker_vs_bare: round(x.workerVsBare, 3),
    rounds: x.rounds,
    tokens: x.tokens,
    model:
      'tiny random-weight causal LM in the SmolLM2 layout (the hub cannot be reached here): measures the path, not a real model',
    guided_tokens_per_s: round(x.guided.tokensPerS, 1),
    guided_ttft_ms: round(x.guided.ttftMs, 1),
    guided_tokens: x.guided.tokens,
    guided_uncached_tokens_per_s: round(x.guidedUncachedTokensPerS, 1),
    guided_prompt_tokens: x.guided.promptTokens,
    guided_cached_prompt_tokens: x.guided.cachedPromptTokens,
    guided_sections: x.guided.sections,
  };
  console.log(
    `  worker path ${x.tokensPerS.toFixed(0)} tokens/s vs bare generate ${x.bareTokensPerS.toFixed(0)} tokens/s (medians of ${x.rounds} interleaved rounds; per-round ratio, median: ${(x.workerVsBare * 100).toFixed(1)}%), bare with a TextStreamer ${x.bareStreamedTokensPerS.toFixed(0)} tokens/s · first token ${x.ttftMs.toFixed(1)} ms`,
  );
  console.log(
    `  MI-guided decoding (${x.guided.sections} sections, each re-prompted with its evidence): ${x.guided.tokensPerS.toFixed(0)} tokens/s over ${x.guided.tokens} tokens, first token ${x.guided.ttftMs.toFixed(1)} ms; KV cache kept between sections: ${x.guided.cachedPromptTokens}/${x.guided.promptTokens} prompt tokens not read again (every prompt read in full: ${x.guidedUncachedTokensPerS.toFixed(0)} tokens/s)`,
  );
  return report;
}
