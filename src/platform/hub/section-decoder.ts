/**
 * The section decoder of MI-guided decoding for a loaded hub model (the
 * core's `SectionDecoder`): chat template, opened tag, decoding to the
 * closing tag or cap, with the prompt cache where it helps.
 */
import { DynamicCache, StoppingCriteria, type Message, RawImage } from '@huggingface/transformers';
import type { ChatTurn, SectionDecoder } from '../../core/mi/guided.ts';
import {
  appendIds,
  ChoicesLogitsProcessor,
  chatPromptIds,
  generateStreamed,
  idsInputs,
  inputLength,
  omniChatInputs,
  visionChatInputs,
  type ModelInputs,
} from './generate.ts';
import { StopStringCriteria } from './stopping.ts';
import type { LoadedLM } from './lm.ts';
import { PromptCache } from './prompt-cache.ts';

export interface DecoderContext {
  /** Keep the KV cache from one section to the next (text-only LM on the CPU; default on). */
  readonly reuseCache?: boolean;
  /** Images for a vision LM: attached to the first user turn. */
  readonly images?: readonly RawImage[];
  /** The utterance's samples (16 kHz mono) for an Omni model: attached to the first user turn. */
  readonly audio?: Float32Array;
  /** E.g. the SharedStopCriteria behind the page's Stop button. */
  readonly stoppingCriteria?: readonly StoppingCriteria[];
  /** True once the user asked to stop (checked after each section's generation). */
  readonly interrupted?: () => boolean;
  /** Sample (a best-of-N candidate) rather than decode greedily. */
  readonly sample?: { readonly temperature: number; readonly topK: number };
}

/**
 * The turns as chat messages. A multimodal model's template wants content as parts; the image and
 * the sound, when there are, go first in the first user turn.
 */
function chatMessages(turns: readonly ChatTurn[], parts: boolean, media: readonly ('image' | 'audio')[]): Message[] {
  let placed = media.length === 0;
  return turns.map((t) => {
    if (!parts) return { role: t.role, content: t.content };
    const content: object[] = [{ type: 'text', text: t.content }];
    if (t.role === 'user' && !placed) {
      placed = true;
      content.unshift(...media.map((type) => ({ type })));
    }
    return { role: t.role, content } as unknown as Message;
  });
}

/**
 * The section decoder of MI-guided decoding (src/core/mi/guided.ts) for a loaded model: the
 * conversation through the model's chat template, the opened tag appended as the start of the
 * assistant's turn, greedy decoding until the closing tag, the cap, end of turn or Stop.
 */
export function sectionDecoder(lm: LoadedLM, context: DecoderContext = {}): SectionDecoder {
  const images = context.images ?? [];
  const audio = context.audio ?? null;
  const omni = lm.kind === 'omni';
  const vision = lm.kind !== 'text';
  const media = [...(images.length > 0 ? (['image'] as const) : []), ...(audio ? (['audio'] as const) : [])];
  const prompts = context.reuseCache !== false && media.length === 0 && !vision ? new PromptCache() : null;
  return async (request, onText) => {
    const start = performance.now();
    const prefix = lm.tokenizer.encode(request.prefix, { add_special_tokens: false });
    if (images.length > 0 && !vision) throw new Error('this model takes no images');
    if (audio && !omni) throw new Error('this model takes no audio');
    const messages = chatMessages(request.turns, vision, media);
    let inputs: ModelInputs;
    let hit: ReturnType<PromptCache['lookup']> = null;
    if (lm.kind === 'omni') inputs = appendIds(await omniChatInputs(lm, messages, images[0] ?? null, audio), prefix);
    else if (lm.kind === 'vision' && images.length > 0)
      inputs = appendIds(await visionChatInputs(lm, messages, [...images]), prefix);
    else {
      const ids = [...chatPromptIds(lm, messages), ...prefix];
      hit = prompts?.lookup(ids) ?? null;
      inputs = idsInputs(ids);
    }
    let first: number | null = null;
    // The reasoned answer: only the given choices, each followed by the closing tag.
    const stopIds = request.choices ? lm.tokenizer.encode(request.stop, { add_special_tokens: false }) : [];
    const sequences = (request.choices ?? []).map((c) => [
      ...lm.tokenizer.encode(c, { add_special_tokens: false }),
      ...stopIds,
    ]);
    const ids = await generateStreamed(lm, inputs, {
      ...(hit ? { past: hit.past } : {}),
      ...(prompts ? { onCache: (cache: DynamicCache, sequence: number[]) => prompts.store(cache, sequence) } : {}),
      maxNewTokens: Math.max(request.maxNewTokens, ...sequences.map((q) => q.length)),
      skipSpecialTokens: true,
      ...(request.choices ? { logitsProcessors: [new ChoicesLogitsProcessor(sequences, inputLength(inputs))] } : {}),
      ...(context.sample ? { sample: context.sample } : {}),
      stoppingCriteria: [
        new StopStringCriteria(lm.tokenizer, inputLength(inputs), request.stop),
        ...(context.stoppingCriteria ?? []),
      ],
      onToken: () => {
        first ??= performance.now();
      },
      onText,
    });
    return {
      text: lm.tokenizer.decode(ids, { skip_special_tokens: true }),
      tokens: ids.length,
      interrupted: context.interrupted?.() ?? false,
      ttftMs: first === null ? null : first - start,
      promptTokens: inputLength(inputs),
      cachedPromptTokens: hit?.length ?? 0,
    };
  };
}
