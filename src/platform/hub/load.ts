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
  Gemma4ForConditionalGeneration,
  Gemma4Processor,
  env,
  pipeline,
  type DataType,
  type DeviceType,
  type PreTrainedTokenizer,
  type Processor,
  type ProgressInfo,
} from '@huggingface/transformers';
import { chooseBackend, type BackendChoice, type Capabilities } from '../../core/capabilities.ts';
import { ModelLoadError, type FileProgress } from '../../core/loader.ts';
import type { Device, ModelEntry } from '../../core/manifest.ts';
import { gpuLoss } from '../gpu-device.ts';
import { HubCache, type CacheNotes } from './model-cache.ts';
import type { CausalLM, OmniLM, VisionLM } from './lm.ts';
import { warmUp } from './warm-up.ts';

export interface HubSettings {
  /** The app's absolute base URL: ORT's runtime is served from `ort/` beneath it. */
  readonly appBase: string;
  readonly wasmThreads: number;
  /** Defaults to the Hugging Face hub; tests point it at their fixture server. */
  readonly remoteHost?: string;
}

const IN_NODE = typeof process !== 'undefined' && process.release?.name === 'node';

/** This worker's download cache (browsers only; Node tests keep transformers.js' file cache). */
let hubCache: HubCache | null = null;

export function configureHub(settings: HubSettings): void {
  if (typeof caches !== 'undefined' && !IN_NODE) {
    hubCache ??= new HubCache();
    env.useCustomCache = true;
    env.customCache = hubCache;
  }
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
      onProgress({
        model: entry.id,
        file: info.file,
        loaded: info.loaded,
        total: info.total || null,
        done: false,
        fromCache: false,
      });
    } else if (info.status === 'done') {
      onProgress({ model: entry.id, file: info.file, loaded: 0, total: null, done: true, fromCache: false });
    }
  };
}

async function named<T>(entry: ModelEntry, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof ModelLoadError) throw e;
    const { id, revision } = hubSource(entry);
    const message = e instanceof Error ? e.message : String(e);
    throw new ModelLoadError(
      entry.name,
      `${id}@${revision.slice(0, 7)}`,
      'session',
      `could not be loaded (${message})`,
    );
  }
}

/** A load whose downloads all matched the digests the manifest records (else an error naming the file). */
async function verified<T>(entry: ModelEntry, load: () => Promise<T>): Promise<T> {
  hubCache?.expect(entry);
  const result = await load();
  const mismatch = hubCache?.takeMismatches(entry)[0];
  if (mismatch) {
    throw new ModelLoadError(
      entry.name,
      mismatch.path,
      'integrity',
      `failed its integrity check (sha256 ${mismatch.actual.slice(0, 12)}…, expected ${mismatch.expected.slice(0, 12)}…); the download was not kept`,
    );
  }
  return result;
}

/**
 * A load that failed while some of the model's files came from the download cache: those cached files
 * were dropped, and the page tries once more in a fresh worker (from the network). A damaged cached copy
 * would otherwise fail again on every Retry. (Retrying inside the same worker does not recover: its
 * runtime keeps failing on the model after a failed session.)
 */
export class CachedCopyError extends Error {
  override name = 'CachedCopyError';
}

/**
 * Loads a hub model, named on failure. When it fails and some of its files were cached, they are dropped
 * and a CachedCopyError says so. A file that fails its digest is not (the host serves it so).
 */
async function loadNamed<T>(entry: ModelEntry, load: () => Promise<T>): Promise<T> {
  try {
    return await named(entry, () => verified(entry, load));
  } catch (e) {
    if (!hubCache || (e instanceof ModelLoadError && e.failure === 'integrity')) throw e;
    const dropped = await hubCache.drop(entry);
    if (dropped.length === 0) throw e;
    throw new CachedCopyError(
      `A cached copy of ${entry.name} could not be loaded (${e instanceof Error ? e.message : String(e)}); ` +
        `its ${dropped.length} cached file${dropped.length === 1 ? ' was' : 's were'} dropped and downloaded again.`,
    );
  }
}

/** What this worker's downloads left for the page to say (files not kept, cached copies replaced). */
export function cacheNotes(): CacheNotes {
  return hubCache?.takeNotes() ?? { notKept: [] };
}

/** Some model in this worker runs on WebGPU (its device's loss then matters). */
let onGpu = false;

/** The WebGPU device under this worker's sessions, or null when none runs on it. */
async function gpuDevice(): Promise<GPUDevice | null> {
  if (!onGpu) return null;
  return ((await env.backends.onnx.webgpu?.device) as GPUDevice | undefined) ?? null;
}

/** When the WebGPU device under this worker's models is lost (the page then loads them again), and a test hook. */
export const { gpuLost, loseGpu } = gpuLoss(gpuDevice);

function loadOptions(entry: ModelEntry, choice: BackendChoice, onProgress?: (p: FileProgress) => void) {
  if (choice.device === 'webgpu') onGpu = true;
  const { revision } = hubSource(entry);
  const progress_callback = progressAdapter(entry, onProgress);
  return {
    revision,
    device: runtimeDevice(choice.device),
    dtype: choice.dtype as DataType | Record<string, DataType>,
    ...(progress_callback ? { progress_callback } : {}),
  };
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
  return loadNamed(entry, async () => {
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
export async function loadCausalLM(
  entry: ModelEntry,
  caps: Capabilities,
  onProgress?: (p: FileProgress) => void,
): Promise<CausalLM> {
  const { aux, model, choice } = await loadGenerative(
    entry,
    caps,
    onProgress,
    (id, o) => AutoTokenizer.from_pretrained(id, o),
    (id, o) => AutoModelForCausalLM.from_pretrained(id, o),
  );
  return { kind: 'text', tokenizer: aux, model, choice };
}

/** An image-text-to-text model (SmolVLM / Idefics3) with its processor: the multimodal explainer. */
export async function loadVisionLM(
  entry: ModelEntry,
  caps: Capabilities,
  onProgress?: (p: FileProgress) => void,
): Promise<VisionLM> {
  const { aux, model, choice } = await loadGenerative(
    entry,
    caps,
    onProgress,
    async (id, o) => withTokenizer(await AutoProcessor.from_pretrained(id, o)),
    (id, o) => AutoModelForVision2Seq.from_pretrained(id, o),
  );
  return { kind: 'vision', processor: aux, tokenizer: aux.tokenizer, model, choice };
}

/**
 * The Omni explainer (Gemma 4 E2B): embed_tokens, vision_encoder, audio_encoder and the merged
 * decoder, with the processor that expands each image and audio placeholder to its soft tokens.
 */
export async function loadOmniLM(
  entry: ModelEntry,
  caps: Capabilities,
  onProgress?: (p: FileProgress) => void,
): Promise<OmniLM> {
  const { aux, model, choice } = await loadGenerative(
    entry,
    caps,
    onProgress,
    // Its own class: it reads processor_config.json (image processor and audio feature extractor
    // nested), and needs no preprocessor_config.json to find out what it is.
    async (id, o) => withTokenizer(await Gemma4Processor.from_pretrained(id, o)),
    (id, o) => Gemma4ForConditionalGeneration.from_pretrained(id, o),
  );
  return { kind: 'omni', processor: aux, tokenizer: aux.tokenizer, model, choice };
}

export type HubTask =
  'audio-classification' | 'text-classification' | 'image-classification' | 'automatic-speech-recognition';

/** A transformers.js pipeline: speech emotion, text emotion, facial expression, speech-to-text. */
export async function loadPipeline<T extends HubTask>(
  task: T,
  entry: ModelEntry,
  caps: Capabilities,
  onProgress?: (p: FileProgress) => void,
) {
  const choice = chooseBackend(entry, caps);
  const run = await loadNamed(entry, () => pipeline(task, hubSource(entry).id, loadOptions(entry, choice, onProgress)));
  const warmUpMs = await named(entry, () => warmUp(run as unknown as (input: unknown) => Promise<unknown>, task));
  return { run, choice, warmUpMs };
}
