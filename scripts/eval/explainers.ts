/**
 * `npm run eval -- --explainer tiny|smollm2|smolvlm`: the LLM explainer the page's Standard tier runs,
 * through the same loaders and MI-guided decoding (src/platform/hub, src/core/mi/guided.ts), in Node on
 * the CPU, reasoning to its own answer. `tiny` is the random-weight stand-in in the SmolLM2 layout (the
 * hub cannot be reached here): it measures the path, not a model. `smollm2` and `smolvlm` download the
 * pinned hub models where the hub is reachable; the eval gives SmolVLM no image (text only).
 */
import { findModel } from '../../src/core/manifest.ts';
import { guidedExplanation } from '../../src/core/mi/guided.ts';
import { configureHub, loadCausalLM, loadVisionLM, sectionDecoder, type LoadedLM } from '../../src/platform/hub.ts';
import { cpuCaps, manifest, startTinyHub } from '../../src/test-support/tiny-hub.ts';
import { writeFamilies } from '../tiny-models/index.ts';
import { TINY_MODELS_DIR } from '../tiny-models/paths.ts';
import type { EvalExplainer } from './evaluate.ts';

export const EXPLAINERS = ['tiny', 'smollm2', 'smolvlm'] as const;
export type ExplainerChoice = (typeof EXPLAINERS)[number];

export async function llmExplainer(choice: ExplainerChoice): Promise<EvalExplainer & { close(): Promise<void> }> {
  let close = async () => {};
  if (choice === 'tiny') {
    // The same stand-in hub the Node tests use (src/test-support/tiny-hub.ts), its models written first.
    writeFamilies(TINY_MODELS_DIR);
    const hub = await startTinyHub();
    close = async () => hub.close();
  } else {
    configureHub({ appBase: 'http://127.0.0.1/', wasmThreads: 1 });
  }
  const entry = findModel(manifest, choice === 'smolvlm' ? 'smolvlm-256m' : 'smollm2-135m');
  const lm: LoadedLM = choice === 'smolvlm' ? await loadVisionLM(entry, cpuCaps) : await loadCausalLM(entry, cpuCaps);
  const name = choice === 'tiny' ? `${entry.name} (tiny random stand-in)` : entry.name;
  return {
    name,
    sameSentences: false,
    async explain(plan, evidence, mi, order) {
      const r = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm), { mode: 'reasoned', order });
      return { text: r.text, tokensPerSecond: r.tokensPerSecond };
    },
    close,
  };
}
