/**
 * Generation on a loaded hub model: inputs from token ids or a chat (with images or sound for the
 * multimodal models), and streamed greedy or sampled decoding (its stopping criteria: stopping.ts).
 */
import {
  BaseStreamer,
  DynamicCache,
  LogitsProcessor,
  LogitsProcessorList,
  StoppingCriteria,
  Tensor,
  type Message,
  type PreTrainedTokenizer,
  type TextStreamer,
  RawImage,
} from '@huggingface/transformers';
import type { GenerativeModel, OmniLM, VisionLM } from './lm.ts';

/** Inputs of one generation call (batch 1): token ids and mask, plus pixels for a vision LM. */
export interface ModelInputs {
  readonly input_ids: Tensor;
  readonly attention_mask: Tensor;
  readonly [name: string]: Tensor;
}

function int64Row(values: readonly (number | bigint)[]): Tensor {
  return new Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
}

/** Inputs for a text-only prompt given as token ids. */
export function idsInputs(ids: readonly number[]): ModelInputs {
  return { input_ids: int64Row(ids), attention_mask: int64Row(ids.map(() => 1)) };
}

/** The same inputs with `ids` appended (the app's own continuation, e.g. an opened section tag). */
export function appendIds(inputs: ModelInputs, ids: readonly number[]): ModelInputs {
  const prev = Array.from(inputs.input_ids.data as BigInt64Array);
  const mask = Array.from(inputs.attention_mask.data as BigInt64Array);
  return {
    ...inputs,
    input_ids: int64Row([...prev, ...ids.map(BigInt)]),
    attention_mask: int64Row([...mask, ...ids.map(() => 1n)]),
  };
}

export function inputLength(inputs: ModelInputs): number {
  return inputs.input_ids.dims.at(-1) ?? 0;
}

/** Token ids of a chat rendered with the model's own template, ready for the assistant's turn. */
export function chatPromptIds(lm: GenerativeModel, messages: Message[]): number[] {
  const ids = lm.tokenizer.apply_chat_template(messages, {
    add_generation_prompt: true,
    tokenize: true,
    return_tensor: false,
    return_dict: false,
  });
  return (ids as unknown as (number | bigint)[]).map(Number);
}

/**
 * Inputs for a chat with images, through the model's processor. One 512-pixel frame per image
 * (no splitting): a face crop needs no more, and it keeps the image to 64 tokens.
 */
export async function visionChatInputs(lm: VisionLM, messages: Message[], images: RawImage[]): Promise<ModelInputs> {
  const text = lm.processor.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as string;
  return (await lm.processor(text, images, { do_image_splitting: false })) as ModelInputs;
}

/**
 * Inputs for a chat with an image and/or a sound, through an Omni model's processor (the audio is
 * 16 kHz mono; the processor takes one clip per prompt).
 */
export async function omniChatInputs(
  lm: OmniLM,
  messages: Message[],
  image: RawImage | null,
  audio: Float32Array | null,
): Promise<ModelInputs> {
  const text = lm.processor.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as string;
  return (await lm.processor(text, image, audio, { add_special_tokens: false })) as ModelInputs;
}

export interface GenerateOptions {
  readonly maxNewTokens: number;
  /** Called with each new token id as it is generated. */
  readonly onToken?: (id: number) => void;
  /** Called with decoded text as soon as it forms whole characters. */
  readonly onText?: (text: string) => void;
  /** E.g. an InterruptableStoppingCriteria or a SharedStopCriteria behind a Stop button. */
  readonly stoppingCriteria?: readonly StoppingCriteria[];
  /** Leave special tokens (end of turn…) out of the streamed text. */
  readonly skipSpecialTokens?: boolean;
  /** Sample instead of taking the most likely token (best-of-N candidates). */
  readonly sample?: { readonly temperature: number; readonly topK: number };
  /** A KV cache of the first tokens of `inputs` (generation reads only the rest of the prompt). */
  readonly past?: DynamicCache;
  /** Receives the cache after generation, and the whole sequence it belongs to (prompt + new tokens). */
  readonly onCache?: (cache: DynamicCache, sequence: number[]) => void;
  /** E.g. a ChoicesLogitsProcessor: the answer among the seven labels. */
  readonly logitsProcessors?: readonly LogitsProcessor[];
}

/**
 * Constrained decoding: after the prompt (`promptLength` tokens), only tokens that continue one of
 * `sequences` are allowed. Once the generated tokens complete a sequence, nothing more is constrained
 * (the sequences end with the section's closing tag, which stops generation).
 */
export class ChoicesLogitsProcessor extends LogitsProcessor {
  readonly #sequences: readonly (readonly number[])[];
  readonly #promptLength: number;

  constructor(sequences: readonly (readonly number[])[], promptLength: number) {
    super();
    this.#sequences = sequences;
    this.#promptLength = promptLength;
  }

  /** The token ids allowed after `generated` (empty when a sequence is complete or none fits). */
  allowed(generated: readonly number[]): Set<number> {
    const next = new Set<number>();
    for (const seq of this.#sequences) {
      if (seq.length > generated.length && generated.every((t, k) => seq[k] === t))
        next.add(seq[generated.length] as number);
    }
    return next;
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const rows = logits as unknown as Tensor[];
    for (let i = 0; i < inputIds.length; i++) {
      const allowed = this.allowed((inputIds[i] as bigint[]).slice(this.#promptLength).map(Number));
      if (allowed.size === 0) continue;
      const data = (rows[i] as Tensor).data as Float32Array;
      for (let v = 0; v < data.length; v++) if (!allowed.has(v)) data[v] = -Infinity;
    }
    return logits;
  }
}

/**
 * Streams the generated text as tokens arrive (the prompt is skipped), decoding only a short window
 * of recent tokens each time: the text of tokens [prefix, read) is already out, and whatever the
 * window [prefix, end) adds to it is new, once it no longer ends in a half-formed character. The
 * library's TextStreamer re-decodes every token since the last newline at each step, quadratic in a
 * section's length; measured in `npm run bench -- --only explainer`.
 */
export class WindowedTextStreamer extends BaseStreamer {
  readonly #tokenizer: PreTrainedTokenizer;
  readonly #skipSpecialTokens: boolean;
  readonly #onText: (text: string) => void;
  readonly #onToken: (id: number) => void;
  readonly #ids: number[] = [];
  #prompt = true;
  #prefix = 0;
  #read = 0;
  /** The text of [prefix, read), kept between tokens while it does not change. */
  #before = '';

  constructor(
    tokenizer: PreTrainedTokenizer,
    opts: { skipSpecialTokens: boolean; onText?: (text: string) => void; onToken?: (id: number) => void },
  ) {
    super();
    this.#tokenizer = tokenizer;
    this.#skipSpecialTokens = opts.skipSpecialTokens;
    this.#onText = opts.onText ?? (() => {});
    this.#onToken = opts.onToken ?? (() => {});
  }

  override put(value: bigint[][]): void {
    if (value.length !== 1) throw new Error('streaming takes one sequence at a time');
    if (this.#prompt) {
      this.#prompt = false;
      return;
    }
    for (const t of value[0] as bigint[]) {
      const id = Number(t);
      this.#onToken(id);
      this.#ids.push(id);
    }
    this.#emit(false);
  }

  override end(): void {
    this.#emit(true);
  }

  #emit(final: boolean): void {
    const decode = (from: number, to: number) =>
      this.#tokenizer.decode(this.#ids.slice(from, to), { skip_special_tokens: this.#skipSpecialTokens });
    const now = decode(this.#prefix, this.#ids.length);
    if (now.length > this.#before.length && (final || !now.endsWith('\uFFFD'))) {
      this.#onText(now.slice(this.#before.length));
      this.#prefix = this.#read;
      this.#read = this.#ids.length;
      this.#before = decode(this.#prefix, this.#read);
    }
  }
}

/** Generation (greedy unless `sample`), streamed; returns the new token ids. */
function processorList(processors: readonly LogitsProcessor[]): LogitsProcessorList {
  const list = new LogitsProcessorList();
  for (const p of processors) list.push(p);
  return list;
}

export async function generateStreamed(
  lm: GenerativeModel,
  inputs: ModelInputs,
  opts: GenerateOptions,
): Promise<number[]> {
  const n = inputLength(inputs);
  const streamer = new WindowedTextStreamer(lm.tokenizer, {
    skipSpecialTokens: opts.skipSpecialTokens ?? false,
    ...(opts.onText ? { onText: opts.onText } : {}),
    ...(opts.onToken ? { onToken: opts.onToken } : {}),
  });
  const output = (await lm.model.generate({
    ...inputs,
    ...(opts.past ? { past_key_values: opts.past } : {}),
    ...(opts.onCache ? { return_dict_in_generate: true } : {}),
    max_new_tokens: opts.maxNewTokens,
    ...(opts.sample
      ? { do_sample: true, temperature: opts.sample.temperature, top_k: opts.sample.topK }
      : { do_sample: false }),
    // The generate() typing asks for a TextStreamer; any BaseStreamer is what it calls.
    streamer: streamer as unknown as TextStreamer,
    ...(opts.stoppingCriteria ? { stopping_criteria: [...opts.stoppingCriteria] } : {}),
    ...(opts.logitsProcessors ? { logits_processor: processorList(opts.logitsProcessors) } : {}),
  })) as Tensor | { sequences: Tensor; past_key_values: DynamicCache };
  const sequences = output instanceof Tensor ? output : output.sequences;
  const sequence = Array.from(sequences.data as BigInt64Array, Number);
  if (!(output instanceof Tensor)) opts.onCache?.(output.past_key_values, sequence);
  return sequence.slice(n);
}
