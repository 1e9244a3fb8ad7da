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
import {
  chatPromptIds,
  configureHub,
  generateGreedy,
  loadCausalLM,
  SharedStopCriteria,
  loadPipeline,
  type CausalLM,
  type HubSettings,
  type HubTask,
} from '../platform/hub.ts';

type Pipeline = Awaited<ReturnType<typeof loadPipeline>>['run'];

/** Pixels that cross the worker boundary (transferred, not copied). */
export interface ImageInput {
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export type PipelineInput = string | Float32Array | ImageInput;

export interface GenerationStats {
  readonly ids: number[];
  readonly text: string;
  readonly ttftMs: number | null;
  readonly tokensPerSecond: number | null;
  readonly stopped: boolean;
}

const pipelines = new Map<string, Pipeline>();
const lms = new Map<string, CausalLM>();
let stopping: InterruptableStoppingCriteria | null = null;

function need<T>(map: Map<string, T>, id: string): T {
  const value = map.get(id);
  if (!value) throw new Error(`model ${id} is not loaded in this worker`);
  return value;
}

const api = {
  configure(settings: HubSettings): void {
    configureHub(settings);
  },

  async loadPipeline(task: HubTask, entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void): Promise<BackendChoice> {
    const { run, choice } = await loadPipeline(task, entry, caps, onProgress);
    pipelines.set(entry.id, run);
    return choice;
  },

  async runPipeline(id: string, input: PipelineInput, options: Record<string, unknown> = {}): Promise<unknown> {
    const run = need(pipelines, id) as (input: unknown, options: Record<string, unknown>) => Promise<unknown>;
    const value =
      typeof input === 'string' || input instanceof Float32Array ? input : new RawImage(input.rgba, input.width, input.height, 4);
    return run(value, options);
  },

  async loadCausalLM(entry: ModelEntry, caps: Capabilities, onProgress?: (p: FileProgress) => void): Promise<BackendChoice> {
    const lm = await loadCausalLM(entry, caps, onProgress);
    lms.set(entry.id, lm);
    return lm.choice;
  },

  chatPromptIds(id: string, messages: Message[]): number[] {
    return chatPromptIds(need(lms, id), messages);
  },

  /**
   * Greedy generation, streamed through `onText` (and `onToken` per token id). Stop ends it early:
   * set `stopFlag[0]` (shared memory, honoured even mid-WASM-inference) or call `stop()`.
   */
  async generate(
    id: string,
    promptIds: number[],
    maxNewTokens: number,
    onText?: (text: string) => void,
    onToken?: (id: number) => void,
    stopFlag?: Int32Array,
  ): Promise<GenerationStats> {
    const lm = need(lms, id);
    stopping = new InterruptableStoppingCriteria();
    const start = performance.now();
    let first: number | null = null;
    let text = '';
    const ids = await generateGreedy(lm, promptIds, {
      maxNewTokens,
      stoppingCriteria: stopFlag ? [stopping, new SharedStopCriteria(stopFlag)] : [stopping],
      onToken: (token) => {
        first ??= performance.now();
        onToken?.(token);
      },
      onText: (t) => {
        text += t;
        onText?.(t);
      },
    });
    const end = performance.now();
    const stopped = stopping.interrupted || (stopFlag !== undefined && Atomics.load(stopFlag, 0) !== 0);
    stopping = null;
    const decodeSeconds = first === null ? 0 : (end - first) / 1000;
    return {
      ids,
      text,
      ttftMs: first === null ? null : first - start,
      tokensPerSecond: ids.length > 1 && decodeSeconds > 0 ? (ids.length - 1) / decodeSeconds : null,
      stopped,
    };
  },

  stop(): void {
    stopping?.interrupt();
  },
};

export type HubWorkerApi = typeof api;
Comlink.expose(api);
