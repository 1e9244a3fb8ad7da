/**
 * Hosts hub models (transformers.js) for one role: the app starts one
 * instance per role that must run concurrently (speech models, explainer),
 * since transformers.js serialises all inference inside a worker. A thin
 * adapter around src/platform/hub.ts.
 */
import { InterruptableStoppingCriteria, RawImage, type Message } from '@huggingface/transformers';
import * as Comlink from 'comlink';
import type { BackendChoice, Capabilities } from '../core/capabilities.ts';
import type { FileProgress } from '../core/loader.ts';
import type { ModelEntry } from '../core/manifest.ts';
import { coalesceEvents, coalesceText } from '../core/mi/coalesce.ts';
import { guidedExplanation, type GuidedResult } from '../core/mi/guided.ts';
import type { ParseEvent } from '../core/mi/parser.ts';
import {
  appendIds,
  cacheNotes,
  chatPromptIds,
  configureHub,
  generateStreamed,
  gpuLost,
  loseGpu,
  idsInputs,
  loadCausalLM,
  loadOmniLM,
  loadPipeline,
  loadVisionLM,
  sectionDecoder,
  SharedStopCriteria,
  visionChatInputs,
  warmUpLM,
  type LoadedLM,
  type HubSettings,
  type HubTask,
  type ModelInputs,
} from '../platform/hub.ts';
import type { ExplainRequest, GenerationStats, HubWorkerApi, ImageInput, Scored } from './protocol.ts';

type Pipeline = Awaited<ReturnType<typeof loadPipeline>>['run'];

function rawImage(input: ImageInput): RawImage {
  return new RawImage(input.rgba, input.width, input.height, 4);
}

/** How best-of-N candidates after the first (greedy) one are drawn. */
const CANDIDATE_SAMPLING = { temperature: 0.7, topK: 40 } as const;

const pipelines = new Map<string, Pipeline>();
const lms = new Map<string, LoadedLM>();
let stopping: InterruptableStoppingCriteria | null = null;

/**
 * Stop for one generation: `stop()` (a message, read between tokens when the event loop is free) or
 * `stopFlag[0]` (shared memory, honoured even mid-WASM-inference).
 */
function stopControl(stopFlag?: Int32Array) {
  const local = new InterruptableStoppingCriteria();
  stopping = local;
  return {
    criteria: stopFlag ? [local, new SharedStopCriteria(stopFlag)] : [local],
    stopped: () => local.interrupted || (stopFlag !== undefined && Atomics.load(stopFlag, 0) !== 0),
    done: () => {
      if (stopping === local) stopping = null;
    },
  };
}

/** Keeps a loaded explainer once it has run a warm-up chat (platform/hub/warm-up.ts warmUpLM). */
async function warmed(entry: ModelEntry, lm: LoadedLM): Promise<BackendChoice & { readonly warmUpMs: number }> {
  const warmUpMs = await warmUpLM(lm);
  lms.set(entry.id, lm);
  return { ...lm.choice, warmUpMs };
}

function need<T>(map: Map<string, T>, id: string): T {
  const value = map.get(id);
  if (!value) throw new Error(`model ${id} is not loaded in this worker`);
  return value;
}

const api = {
  configure(settings: HubSettings): void {
    configureHub(settings);
  },

  cacheNotes,
  gpuLost,
  loseGpu,

  async loadPipeline(task: HubTask, entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void) {
    const { run, choice, warmUpMs } = await loadPipeline(task, entry, caps, onProgress);
    pipelines.set(entry.id, run);
    return { ...choice, warmUpMs };
  },

  /** A loaded classifier's `config.json` id2label, as the model has it (the caller maps and refuses). */
  pipelineId2Label(id: string): unknown {
    const run = need(pipelines, id) as unknown as { model?: { config?: { id2label?: unknown } } };
    return run.model?.config?.id2label ?? null;
  },

  async classify(id: string, input: string | Float32Array | ImageInput): Promise<Scored> {
    const run = need(pipelines, id) as (input: unknown, options: Record<string, unknown>) => Promise<unknown>;
    const out = await run(typeof input === 'string' || input instanceof Float32Array ? input : rawImage(input), {
      top_k: null,
    });
    if (!Array.isArray(out) || !out.every((s) => typeof s?.label === 'string' && typeof s?.score === 'number')) {
      throw new Error(`model ${id} did not return label scores`);
    }
    return out as Scored;
  },

  async transcribe(id: string, samples: Float32Array): Promise<string> {
    const run = need(pipelines, id) as (input: unknown) => Promise<unknown>;
    const out = (await run(samples)) as { text?: unknown };
    if (typeof out?.text !== 'string') throw new Error(`model ${id} did not return a transcript`);
    return out.text;
  },

  async loadCausalLM(entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void) {
    return warmed(entry, await loadCausalLM(entry, caps, onProgress));
  },

  async loadVisionLM(entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void) {
    return warmed(entry, await loadVisionLM(entry, caps, onProgress));
  },

  async loadOmniLM(entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void) {
    return warmed(entry, await loadOmniLM(entry, caps, onProgress));
  },

  chatPromptIds(id: string, messages: Message[]): number[] {
    return chatPromptIds(need(lms, id), messages);
  },

  // Parameters typed by HubWorkerApi (protocol.ts), which the object satisfies.
  async generate(id, request, maxNewTokens, onText, onToken, stopFlag): Promise<GenerationStats> {
    const lm = need(lms, id);
    let inputs: ModelInputs;
    if ('ids' in request) {
      inputs = idsInputs(request.ids);
    } else {
      if (lm.kind !== 'vision') throw new Error(`model ${id} takes no images`);
      inputs = await visionChatInputs(lm, request.messages, request.images.map(rawImage));
      if (request.appendIds) inputs = appendIds(inputs, request.appendIds);
    }
    const control = stopControl(stopFlag);
    const start = performance.now();
    let first: number | null = null;
    let text = '';
    const streamed = onText ? coalesceText(onText) : null;
    const ids = await generateStreamed(lm, inputs, {
      maxNewTokens,
      stoppingCriteria: control.criteria,
      onToken: (token) => {
        first ??= performance.now();
        onToken?.(token);
      },
      onText: (t) => {
        text += t;
        streamed?.push(t);
      },
    });
    streamed?.flush();
    const end = performance.now();
    const stopped = control.stopped();
    control.done();
    const decodeSeconds = first === null ? 0 : (end - first) / 1000;
    return {
      ids,
      text,
      ttftMs: first === null ? null : first - start,
      tokensPerSecond: ids.length > 1 && decodeSeconds > 0 ? (ids.length - 1) / decodeSeconds : null,
      stopped,
    };
  },

  /**
   * An explanation by MI-guided decoding (src/core/mi/guided.ts): the sections of `plan` in that
   * order, each re-grounded in its evidence and capped; events stream as they form. A vision LM
   * also sees `image` (the face crop); an Omni model also hears `audio` (the utterance, 16 kHz).
   * Text events are merged to at most one call per frame. Stop: `stopFlag[0]` (shared memory) or `stop()`.
   */
  async explain(
    id: string,
    request: ExplainRequest,
    onEvent?: (event: ParseEvent) => void,
    stopFlag?: Int32Array,
  ): Promise<GuidedResult> {
    const lm = need(lms, id);
    const control = stopControl(stopFlag);
    const events = onEvent ? coalesceEvents(onEvent) : null;
    const decode = sectionDecoder(lm, {
      ...(request.image ? { images: [rawImage(request.image)] } : {}),
      ...(request.audio ? { audio: request.audio } : {}),
      ...(request.reuseCache === false ? { reuseCache: false } : {}),
      ...(request.sample ? { sample: CANDIDATE_SAMPLING } : {}),
      stoppingCriteria: control.criteria,
      interrupted: control.stopped,
    });
    try {
      return await guidedExplanation(request.plan, request.evidence, request.mi, decode, {
        ...(request.caps ? { caps: request.caps } : {}),
        ...(request.mode ? { mode: request.mode } : {}),
        ...(request.order ? { order: request.order } : {}),
        ...(request.nameDominant ? { nameDominant: true } : {}),
        ...(events ? { onEvent: (e: ParseEvent) => events.push(e) } : {}),
      });
    } finally {
      events?.flush();
      control.done();
    }
  },

  stop(): void {
    stopping?.interrupt();
  },
} satisfies HubWorkerApi;

Comlink.expose(api);
