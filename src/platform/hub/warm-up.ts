/**
 * Warm-up runs of a hub model right after it loads, as the bundled models have: WebGPU compiles its
 * shaders on the first run and V8 tiers WASM up after a few, so the first window would otherwise pay.
 */
import { RawImage, type Message } from '@huggingface/transformers';
import { chatPromptIds, generateStreamed, idsInputs, omniChatInputs, visionChatInputs } from './generate.ts';
import type { LoadedLM } from './lm.ts';
import type { HubTask } from './load.ts';

/** A 64×64 grey image: the warm-up runs' picture. */
export function greyImage(): RawImage {
  return new RawImage(new Uint8ClampedArray(64 * 64 * 3).fill(128), 64, 64, 3);
}

/** A second of a 220 Hz tone at 16 kHz: the warm-up runs' sound. */
export function warmUpTone(): Float32Array {
  return Float32Array.from({ length: 16_000 }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
}

/** An input of the task's kind for warm-up runs: a short sentence, a grey image, a second of a 220 Hz tone. */
function warmUpInput(task: HubTask): unknown {
  if (task === 'text-classification') return 'I am fine, thank you.';
  if (task === 'image-classification') return greyImage();
  return warmUpTone();
}

/**
 * Runs a loaded pipeline on a dummy input before the first real one, as the bundled models are: WebGPU
 * compiles its shaders on the first run and V8 tiers WASM up after a few, so the first window would pay.
 */
export async function warmUp(run: (input: unknown) => Promise<unknown>, task: HubTask, runs = 2): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < runs; i++) await run(warmUpInput(task));
  return performance.now() - start;
}

/**
 * Runs a loaded explainer once on a short chat before the first real window, as the bundled models and
 * the hub pipelines are: two tokens from "Hello", with a grey image for a vision model and also a
 * second of tone for an Omni one, so each encoder compiles its shaders here rather than in the first
 * explanation. Returns the time it took.
 */
export async function warmUpLM(lm: LoadedLM): Promise<number> {
  const start = performance.now();
  const parts = (media: readonly string[]) =>
    [
      { role: 'user', content: [...media.map((type) => ({ type })), { type: 'text', text: 'Hello' }] },
    ] as unknown as Message[];
  const inputs =
    lm.kind === 'omni'
      ? await omniChatInputs(lm, parts(['image', 'audio']), greyImage(), warmUpTone())
      : lm.kind === 'vision'
        ? await visionChatInputs(lm, parts(['image']), [greyImage()])
        : idsInputs(chatPromptIds(lm, [{ role: 'user', content: 'Hello' }]));
  await generateStreamed(lm, inputs, { maxNewTokens: 2 });
  return performance.now() - start;
}
