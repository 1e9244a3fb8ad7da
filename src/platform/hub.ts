/**
 * Loads hub models through transformers.js, the same way in a browser worker
 * and in Node tests: the id and pinned revision from the manifest, device and
 * dtype from chooseBackend, per-file progress as FileProgress, failures as
 * ModelLoadError naming the model. Only the host differs in tests (a local
 * server or a routed copy of the hub serving the tiny fixtures).
 */
import {
  AutoModelForCausalLM,
  AutoModelForVision2Seq,
  AutoProcessor,
  AutoTokenizer,
  BaseStreamer,
  DynamicCache,
  Gemma4ForConditionalGeneration,
  Gemma4Processor,
  StoppingCriteria,
  Tensor,
  env,
  pipeline,
  type DataType,
  type DeviceType,
  type Message,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Processor,
  type ProgressInfo,
  type TextStreamer,
  RawImage,
} from '@huggingface/transformers';
import { chooseBackend, type BackendChoice, type Capabilities } from '../core/capabilities.ts';
import { ModelLoadError, type FileProgress } from '../core/loader.ts';
import type { ChatTurn, SectionDecoder } from '../core/mi/guided.ts';
import type { Device, ModelEntry } from '../core/manifest.ts';

export interface HubSettings {
  /** The app's absolute base URL: ORT's runtime is served from `ort/` beneath it. */
  readonly appBase: string;
  readonly wasmThreads: number;
  /** Defaults to the Hugging Face hub; tests point it at their fixture server. */
  readonly remoteHost?: string;
}

export function configureHub(settings: HubSettings): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  if (settings.remoteHost) env.remoteHost = settings.remoteHost;
  // The runtime comes from the app's own origin (HTTP-cached); pre-loading it into a blob: factory
  // would need `blob:` in script-src for no gain.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = {
      mjs: new URL('ort/ort-wasm-simd-threaded.asyncify.mjs', settings.appBase).href,
      wasm: new URL('ort/ort-wasm-simd-threaded.asyncify.wasm', settings.appBase).href,
    };
    wasm.numThreads = settings.wasmThreads;
  }
}

const IN_NODE = typeof process !== 'undefined' && process.release?.name === 'node';

/** transformers.js calls the CPU provider `cpu` in Node and `wasm` in browsers. */
function runtimeDevice(device: Device): DeviceType {
  return device === 'wasm' && IN_NODE ? 'cpu' : device;
}

function hubSource(entry: ModelEntry): { id: string; revision: string } {
  if (entry.source.kind !== 'hub') throw new Error(`${entry.name} is bundled, not a hub model`);
  return entry.source;
}

function progressAdapter(entry: ModelEntry, onProgress?: (p: FileProgress) => void) {
  if (!onProgress) return undefined;
  return (info: ProgressInfo) => {
    if (info.status === 'progress') {
      onProgress({ model: entry.id, file: info.file, loaded: info.loaded, total: info.total || null, done: false, fromCache: false });
    } else if (info.status === 'done') {
      onProgress({ model: entry.id, file: info.file, loaded: 0, total: null, done: true, fromCache: false });
    }
  };
}

async function named<T>(entry: ModelEntry, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const { id, revision } = hubSource(entry);
    const message = e instanceof Error ? e.message : String(e);
    throw new ModelLoadError(entry.name, `${id}@${revision.slice(0, 7)}`, 'session', `could not be loaded (${message})`);
  }
}

function loadOptions(entry: ModelEntry, choice: BackendChoice, onProgress?: (p: FileProgress) => void) {
  const { revision } = hubSource(entry);
  const progress_callback = progressAdapter(entry, onProgress);
  return {
    revision,
    device: runtimeDevice(choice.device),
    dtype: choice.dtype as DataType | Record<string, DataType>,
    ...(progress_callback ? { progress_callback } : {}),
  };
}

/** What generation needs of a loaded model: its tokenizer and the model. */
export interface GenerativeModel {
  readonly tokenizer: PreTrainedTokenizer;
  readonly model: PreTrainedModel;
}

export interface CausalLM extends GenerativeModel {
  readonly choice: BackendChoice;
}

export interface VisionLM extends GenerativeModel {
  readonly processor: Processor;
  readonly choice: BackendChoice;
}

/** A model that hears and sees (Gemma 4 / Gemma 3n layout): audio and images through its processor. */
export interface OmniLM extends GenerativeModel {
  readonly processor: Processor;
  readonly choice: BackendChoice;
  readonly omni: true;
}

type HubLoad<T> = (id: string, options: Record<string, unknown>) => Promise<T>;

/**
 * A generative model and its tokenizer or processor, loaded side by side from the pinned revision on
 * the chosen device and dtype; any failure (the processor's included) names the model.
 */
async function loadGenerative<A, M>(
  entry: ModelEntry,
  caps: Capabilities,
  onProgress: ((p: FileProgress) => void) | undefined,
  loadAux: HubLoad<A>,
  loadModel: HubLoad<M>,
): Promise<{ aux: A; model: M; choice: BackendChoice }> {
  const choice = chooseBackend(entry, caps);
  const { id, revision } = hubSource(entry);
  return named(entry, async () => {
    const opts = loadOptions(entry, choice, onProgress);
    const [aux, model] = await Promise.all([
      loadAux(id, { revision, ...(opts.progress_callback ? { progress_callback: opts.progress_callback } : {}) }),
      loadModel(id, opts),
    ]);
    return { aux, model, choice };
  });
}

function withTokenizer(processor: Processor): Processor & { tokenizer: PreTrainedTokenizer } {
  if (!processor.tokenizer) throw new Error('the processor has no tokenizer');
  return processor as Processor & { tokenizer: PreTrainedTokenizer };
}

/** A decoder-only LLM and its tokenizer (the text-only explainer). */
export async function loadCausalLM(entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void): Promise<CausalLM> {
  const { aux, model, choice } = await loadGenerative(
    entry,
    caps,
    onProgress,
    (id, o) => AutoTokenizer.from_pretrained(id, o),
    (id, o) => AutoModelForCausalLM.from_pretrained(id, o),
  );
  return { tokenizer: aux, model, choice };
}

/** An image-text-to-text model (SmolVLM / Idefics3) with its processor: the multimodal explainer. */
export async function loadVisionLM(entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void): Promise<VisionLM> {
  const { aux, model, choice } = await loadGenerative(
    entry,
    caps,
    onProgress,
    async (id, o) => withTokenizer(await AutoProcessor.from_pretrained(id, o)),
    (id, o) => AutoModelForVision2Seq.from_pretrained(id, o),
  );
  return { processor: aux, tokenizer: aux.tokenizer, model, choice };
}

/**
 * The Omni explainer (Gemma 4 E2B): embed_tokens, vision_encoder, audio_encoder and the merged
 * decoder, with the processor that expands each image and audio placeholder to its soft tokens.
 */
export async function loadOmniLM(entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void): Promise<OmniLM> {
  const { aux, model, choice } = await loadGenerative(
    entry,
    caps,
    onProgress,
    // Its own class: it reads processor_config.json (image processor and audio feature extractor
    // nested), and needs no preprocessor_config.json to find out what it is.
    async (id, o) => withTokenizer(await Gemma4Processor.from_pretrained(id, o)),
    (id, o) => Gemma4ForConditionalGeneration.from_pretrained(id, o),
  );
  return { processor: aux, tokenizer: aux.tokenizer, model, choice, omni: true };
}

export type HubTask =
  | 'audio-classification'
  | 'text-classification'
  | 'image-classification'
  | 'automatic-speech-recognition';

/** A transformers.js pipeline: speech emotion, text emotion, facial expression, speech-to-text. */
export async function loadPipeline<T extends HubTask>(
  task: T,
  entry: ModelEntry,
  caps: Capabilities,
  onProgress?: (p: FileProgress) => void,
) {
  const choice = chooseBackend(entry, caps);
  const run = await named(entry, () => pipeline(task, hubSource(entry).id, loadOptions(entry, choice, onProgress)));
  const warmUpMs = await named(entry, () => warmUp(run as unknown as (input: unknown) => Promise<unknown>, task));
  return { run, choice, warmUpMs };
}

/** An input of the task's kind for warm-up runs: a short sentence, a grey image, a second of a 220 Hz tone. */
function warmUpInput(task: HubTask): unknown {
  if (task === 'text-classification') return 'I am fine, thank you.';
  if (task === 'image-classification') return new RawImage(new Uint8ClampedArray(64 * 64 * 3).fill(128), 64, 64, 3);
  return Float32Array.from({ length: 16_000 }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
}

/**
 * Runs a loaded pipeline on a dummy input before the first real one, as the bundled models are: WebGPU
 * compiles its shaders on the first run and V8 tiers WASM up after a few, so the first window would pay.
 */
async function warmUp(run: (input: unknown) => Promise<unknown>, task: HubTask, runs = 2): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < runs; i++) await run(warmUpInput(task));
  return performance.now() - start;
}

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

/**
 * Stops generation once `flag[0]` is non-zero. The flag lives in shared memory, so a Stop pressed in
 * the page lands between two tokens even while WASM inference keeps the worker's event loop busy
 * (a Stop *message* would only be read after generation had ended).
 */
export class SharedStopCriteria extends StoppingCriteria {
  readonly #flag: Int32Array;

  constructor(flag: Int32Array) {
    super();
    this.#flag = flag;
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = Atomics.load(this.#flag, 0) !== 0;
    return inputIds.map(() => stop);
  }
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
export async function generateStreamed(lm: GenerativeModel, inputs: ModelInputs, opts: GenerateOptions): Promise<number[]> {
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
    ...(opts.sample ? { do_sample: true, temperature: opts.sample.temperature, top_k: opts.sample.topK } : { do_sample: false }),
    // The generate() typing asks for a TextStreamer; any BaseStreamer is what it calls.
    streamer: streamer as unknown as TextStreamer,
    ...(opts.stoppingCriteria ? { stopping_criteria: [...opts.stoppingCriteria] } : {}),
  })) as Tensor | { sequences: Tensor; past_key_values: DynamicCache };
  const sequences = output instanceof Tensor ? output : output.sequences;
  const sequence = Array.from(sequences.data as BigInt64Array, Number);
  if (!(output instanceof Tensor)) opts.onCache?.(output.past_key_values, sequence);
  return sequence.slice(n);
}

/** The first `length` positions of a KV cache held in CPU memory; null if any entry lives on a GPU. */
export function cropCache(cache: DynamicCache, length: number): DynamicCache | null {
  const entries: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(cache)) {
    if (!(t instanceof Tensor) || t.location !== 'cpu') return null;
    entries[name] = t.dims.at(-2) === length ? t : t.slice(null, null, [0, length], null);
  }
  return new DynamicCache(entries);
}

/**
 * A prompt cache for MI-guided decoding with a text-only LM on the CPU: each section's prompt repeats
 * the previous section's prompt and answer, so the KV cache of the longest shared prefix of tokens is
 * kept and only the rest is read. Sharing is checked token by token, so a re-rendered or sanitised
 * earlier turn costs only what changed.
 */
export class PromptCache {
  #ids: number[] = [];
  #cache: DynamicCache | null = null;

  /** The cache for the longest prefix of `ids` already computed (always leaving a token to read). */
  lookup(ids: readonly number[]): { past: DynamicCache; length: number } | null {
    if (!this.#cache) return null;
    const cached = this.#cache.get_seq_length();
    const limit = Math.min(cached, this.#ids.length, ids.length - 1);
    let shared = 0;
    while (shared < limit && this.#ids[shared] === ids[shared]) shared++;
    if (shared === 0) return null;
    const past = cropCache(this.#cache, shared);
    return past ? { past, length: shared } : null;
  }

  store(cache: DynamicCache, sequence: number[]): void {
    this.#cache = cache;
    this.#ids = sequence;
  }
}

/**
 * Stops once the text generated after `promptLength` contains `stop`. A stop string may span several
 * tokens (e.g. `</aud_desc>` in SmolLM2's vocabulary), at most one per byte; since every step is
 * checked, only the newest tokens (as many as the stop string has bytes) need decoding.
 */
export class StopStringCriteria extends StoppingCriteria {
  readonly #tokenizer: PreTrainedTokenizer;
  readonly #promptLength: number;
  readonly #stop: string;
  readonly #span: number;

  constructor(tokenizer: PreTrainedTokenizer, promptLength: number, stop: string) {
    super();
    this.#tokenizer = tokenizer;
    this.#promptLength = promptLength;
    this.#stop = stop;
    this.#span = new TextEncoder().encode(stop).length;
  }

  override _call(inputIds: (number | bigint)[][]): boolean[] {
    return inputIds.map((row) => {
      const generated = row.slice(Math.max(this.#promptLength, row.length - this.#span)).map(Number);
      return this.#tokenizer.decode(generated, { skip_special_tokens: true }).includes(this.#stop);
    });
  }
}

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
export function sectionDecoder(lm: GenerativeModel, context: DecoderContext = {}): SectionDecoder {
  const images = context.images ?? [];
  const audio = context.audio ?? null;
  const omni = 'omni' in lm;
  const vision = 'processor' in lm;
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
    if (omni) inputs = appendIds(await omniChatInputs(lm as OmniLM, messages, images[0] ?? null, audio), prefix);
    else if (images.length > 0) inputs = appendIds(await visionChatInputs(lm as VisionLM, messages, [...images]), prefix);
    else {
      const ids = [...chatPromptIds(lm, messages), ...prefix];
      hit = prompts?.lookup(ids) ?? null;
      inputs = idsInputs(ids);
    }
    let first: number | null = null;
    const ids = await generateStreamed(lm, inputs, {
      ...(hit ? { past: hit.past } : {}),
      ...(prompts ? { onCache: (cache: DynamicCache, sequence: number[]) => prompts.store(cache, sequence) } : {}),
      maxNewTokens: request.maxNewTokens,
      skipSpecialTokens: true,
      ...(context.sample ? { sample: context.sample } : {}),
      stoppingCriteria: [new StopStringCriteria(lm.tokenizer, inputLength(inputs), request.stop), ...(context.stoppingCriteria ?? [])],
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
