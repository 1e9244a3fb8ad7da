/**
 * Everything that crosses a worker boundary: each worker's API (what the
 * page may call, through comlink) and the messages and results it passes.
 * State and components import these types from here, never a `*.worker.ts`;
 * each worker declares `satisfies` its API, so the two cannot drift apart.
 */
import type { Message } from '@huggingface/transformers';
import type { Prosody } from '../core/audio/prosody.ts';
import type { BackendChoice, Capabilities } from '../core/capabilities.ts';
import type { Distribution } from '../core/labels.ts';
import type { FileProgress } from '../core/loader.ts';
import type { ModelEntry } from '../core/manifest.ts';
import type { EvidenceSet } from '../core/mi/evidence.ts';
import type { GuidedResult } from '../core/mi/guided.ts';
import type { ModalityImportance } from '../core/mi/importance.ts';
import type { ParseEvent, Section } from '../core/mi/parser.ts';
import type { AnswerMode, ExplanationOrder } from '../core/mi/prompts.ts';
import type { VisionOptions, VisionResult } from '../core/vision/pipeline.ts';
import type { CacheNotes, HubSettings, HubTask } from '../platform/hub.ts';
import type { WarmSessionInfo } from '../platform/ort-session.ts';

// ---- bundled-model workers (vision, audio) ----

/** What a worker reports of each session it loaded: the device it got and why, and its warm-up time. */
export type { WarmSessionInfo };

/** Loading and release, shared by every worker that hosts bundled ONNX models. */
export interface SessionWorkerApi {
  load(
    entries: ModelEntry[],
    caps: Capabilities,
    appBase: string,
    onProgress: (p: FileProgress) => void,
  ): Promise<WarmSessionInfo[]>;
  dispose(): Promise<void>;
  /** Resolves with the reason when the WebGPU device under the sessions is lost; null at once if none is on WebGPU. */
  gpuLost(): Promise<string | null>;
  /** Test hook: destroys the sessions' WebGPU device (false when there is none). */
  loseGpu(): Promise<boolean>;
}

export interface VisionModelIds {
  readonly detector: string;
  readonly farDetector?: string;
  readonly expression: string;
  readonly landmarks?: string;
}

export interface FrameResult extends VisionResult {
  /** Time to read the frame's pixels in the worker. */
  readonly grabMs: number;
  /** Whole analysis in the worker, grab included. */
  readonly workerMs: number;
}

export interface VisionWorkerApi extends SessionWorkerApi {
  /** Build the pipeline from models already loaded into this worker. */
  /** `options` change the pipeline's defaults (the benchmark's equal-work run detects and finds landmarks every frame). */
  startPipeline(ids: VisionModelIds, options?: Partial<VisionOptions>): void;
  /** Models loaded after the pipeline started join it. */
  addToPipeline(ids: Pick<VisionModelIds, 'farDetector' | 'landmarks'>): void;
  /** `cropSize` > 0 also returns the aligned face crop at that size (transferred, not copied). */
  analyse(source: VideoFrame | ImageBitmap, tMs: number, cropSize?: number): Promise<FrameResult>;
  /** While someone speaks, mouth cues are not learnt into the neutral baseline. */
  setSpeaking(speaking: boolean): void;
  resetPerson(): void;
}

export type AudioEvent =
  | { readonly type: 'speech-start'; readonly atMs: number }
  | {
      readonly type: 'utterance';
      readonly startMs: number;
      readonly endMs: number;
      /** The voice model's reading over seven classes; empty when it abstained. */
      readonly distribution: Distribution;
      /** Fusion weight: mean speech probability × the reading's calibrated certainty (0 when it abstained). */
      readonly reliability: number;
      /** Mean voice-activity probability over the utterance. */
      readonly speechProbability: number;
      /** Why the model gave no reading, in plain words, or null. */
      readonly abstained: string | null;
      /** Caveats of this reading (clipping, a speaker not yet known). */
      readonly notes: readonly string[];
      /** Prosody relative to this speaker's usual: the evidence an explanation cites. */
      readonly cues: string[];
      readonly prosody: Prosody;
      /** The voice's arousal from its prosody, relative to this speaker (−1 calm … +1 excited); null without pitch. */
      readonly arousal: number | null;
      readonly split: boolean;
      /** The voice model's share of analysisMs: features, speaker reference and the graph. */
      readonly voiceMs: number;
      /** From the end of the utterance's last chunk to this distribution. */
      readonly analysisMs: number;
      /**
       * When the voice detector decided the utterance had ended, as wall-clock ms (the worker's
       * performance.timeOrigin + now): the page turns it into its own clock for utterance-end timings.
       */
      readonly decidedAtEpochMs: number;
      /** The utterance's 16 kHz samples (for speech-to-text); the page drops them once used. */
      readonly samples: Float32Array;
    }
  /** The worker fell behind and dropped the oldest waiting chunks: how many so far. */
  | { readonly type: 'dropped'; readonly chunks: number }
  /** The utterance asked for as "my everyday voice" became the speaker's reference, or was refused (why). */
  | { readonly type: 'calibration'; readonly ok: boolean; readonly message: string }
  | { readonly type: 'error'; readonly message: string };

export interface AudioWorkerApi extends SessionWorkerApi {
  /** Listen on `port` for 512-sample chunks; report speech starts and analysed utterances. */
  startStream(port: MessagePort, onEvent: (e: AudioEvent) => void, vadId?: string, voiceId?: string): Promise<void>;
  /** The next utterance is the speaker's everyday voice: it calibrates the reference and makes no reading. */
  calibrateNext(): void;
  /** No utterance came: stop waiting for one. */
  cancelCalibration(): void;
  /** Calibrate the running stream's reference on these 16 kHz samples (an example actor's neutral sentence). */
  calibrateWith(samples: Float32Array): { readonly ok: boolean; readonly message: string };
  /** Back to the running reference alone. */
  resetCalibration(): void;
}

// ---- hub-model worker (transformers.js) ----

/** Pixels that cross the worker boundary (transferred, not copied). */
export interface ImageInput {
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** A classifier's scores, in its own label names, every label. */
export type Scored = { readonly label: string; readonly score: number }[];

/** What to generate from: token ids (text LM), or a chat with images (vision LM) plus ids the app appends. */
export type GenerateRequest =
  | { readonly ids: number[] }
  | { readonly messages: Message[]; readonly images: ImageInput[]; readonly appendIds?: number[] };

export interface GenerationStats {
  readonly ids: number[];
  readonly text: string;
  readonly ttftMs: number | null;
  readonly tokensPerSecond: number | null;
  readonly stopped: boolean;
}

export interface ExplainRequest {
  readonly plan: readonly Section[];
  readonly evidence: EvidenceSet;
  readonly mi: ModalityImportance;
  readonly image?: ImageInput;
  readonly audio?: Float32Array;
  readonly caps?: Partial<Record<Section, number>>;
  /** A best-of-N candidate: sampled (temperature 0.7, top-k 40) rather than greedy. */
  readonly sample?: boolean;
  /** Reason, then answer among the seven labels (the default), or the dictated answer ŷ. */
  readonly mode?: AnswerMode;
  /** The plan's order (`migr` unless given): the `visual-first` baseline's prompts carry no Modality Importance. */
  readonly order?: ExplanationOrder;
  /** MIGR only, a labelled option: the reasoning prompt names the dominant modality. */
  readonly nameDominant?: boolean;
  /** Keep the KV cache from section to section (text-only LM on the CPU); on unless false (the benchmark's comparison). */
  readonly reuseCache?: boolean;
}

export interface HubWorkerApi {
  configure(settings: HubSettings): void;
  /** What this worker's downloads left to say: files not kept (storage full), cached copies dropped and downloaded again. */
  cacheNotes(): CacheNotes;
  /** Resolves with the reason when the WebGPU device under this worker's models is lost; null at once if none is on WebGPU. */
  gpuLost(): Promise<string | null>;
  /** Test hook: destroys that device (false when there is none). */
  loseGpu(): Promise<boolean>;
  /** A transformers.js pipeline for `task`, kept by the entry's id, warmed up on a dummy input. */
  loadPipeline(
    task: HubTask,
    entry: ModelEntry,
    caps: Capabilities,
    onProgress?: (p: FileProgress) => void,
  ): Promise<BackendChoice & { readonly warmUpMs: number }>;
  /** A loaded classifier's `config.json` id2label, as the model has it (the caller maps and refuses). */
  pipelineId2Label(id: string): unknown;
  /** Every label's score for a text, 16 kHz audio or an image (classification pipelines). */
  classify(id: string, input: string | Float32Array | ImageInput): Promise<Scored>;
  /** Speech to text of 16 kHz audio (an automatic-speech-recognition pipeline). */
  transcribe(id: string, samples: Float32Array): Promise<string>;
  /** A text-only LM, warmed up by generating two tokens. */
  loadCausalLM(
    entry: ModelEntry,
    caps: Capabilities,
    onProgress?: (p: FileProgress) => void,
  ): Promise<BackendChoice & { readonly warmUpMs: number }>;
  loadVisionLM(
    entry: ModelEntry,
    caps: Capabilities,
    onProgress?: (p: FileProgress) => void,
  ): Promise<BackendChoice & { readonly warmUpMs: number }>;
  loadOmniLM(
    entry: ModelEntry,
    caps: Capabilities,
    onProgress?: (p: FileProgress) => void,
  ): Promise<BackendChoice & { readonly warmUpMs: number }>;
  chatPromptIds(id: string, messages: Message[]): number[];
  /**
   * Greedy generation, streamed through `onText` (merged to at most one call per frame) and `onToken`
   * (per token id). Stop ends it early: set `stopFlag[0]` (shared memory, honoured even mid-WASM-inference)
   * or call `stop()`.
   */
  generate(
    id: string,
    request: GenerateRequest,
    maxNewTokens: number,
    onText?: (text: string) => void,
    onToken?: (id: number) => void,
    stopFlag?: Int32Array,
  ): Promise<GenerationStats>;
  /**
   * An explanation by MI-guided decoding (src/core/mi/guided.ts): the sections of `plan` in that order,
   * each re-grounded in its evidence and capped; events stream as they form.
   */
  explain(
    id: string,
    request: ExplainRequest,
    onEvent?: (event: ParseEvent) => void,
    stopFlag?: Int32Array,
  ): Promise<GuidedResult>;
  stop(): void;
}
