/**
 * The Standard explainer: a small LLM from the hub in its own worker,
 * writing explanations by MI-guided decoding (src/core/mi/guided.ts). The
 * vision LM where WebGPU runs models (it also sees the face crop), else the
 * text-only LM. Stop reaches the worker through shared memory when the page
 * is cross-origin isolated (a message otherwise, read between sections).
 */
import * as Comlink from 'comlink';
import { chooseExplainer, type Capabilities } from '../core/capabilities.ts';
import type { FileProgress } from '../core/loader.ts';
import { findModel, type ModelEntry, type ModelManifest } from '../core/manifest.ts';
import type { EvidenceSet } from '../core/mi/evidence.ts';
import type { GuidedResult } from '../core/mi/guided.ts';
import type { ModalityImportance } from '../core/mi/importance.ts';
import type { ParseEvent, Section } from '../core/mi/parser.ts';
import type { ImageInput } from '../workers/hub.worker.ts';
import { HubWorkerHandle } from './hub-worker.ts';
import type { TierState } from './standard.svelte.ts';

/** What the analysis needs of an LLM explainer. */
export interface LlmExplainer {
  readonly name: string;
  readonly seesImage: boolean;
  explain(
    plan: readonly Section[],
    evidence: EvidenceSet,
    mi: ModalityImportance,
    onEvent: (e: ParseEvent) => void,
    image: ImageInput | null,
    sample?: boolean,
  ): Promise<GuidedResult>;
  stop(): void;
}

export class ExplainerSession implements LlmExplainer {
  state: TierState = $state('idle');
  error: string | null = $state(null);
  files: Record<string, FileProgress> = $state({});
  backend: string | null = $state(null);
  /** Why this model was chosen. */
  choice: string | null = $state(null);
  name = $state('');
  seesImage = $state(false);

  readonly #manifest: ModelManifest;
  #entry: ModelEntry | null = null;
  readonly #hub = new HubWorkerHandle();
  #flag: Int32Array | null = null;
  /** Set when the worker dies: the running explanation fails with this. */
  #crash: ((e: Error) => void) | null = null;

  constructor(manifest: ModelManifest) {
    this.#manifest = manifest;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  async load(caps: Capabilities): Promise<void> {
    if (this.state === 'loading' || this.state === 'ready') return;
    const chosen = chooseExplainer(caps);
    const entry = findModel(this.#manifest, chosen.id);
    this.#entry = entry;
    this.name = entry.name.replace(/ \(Standard\)$/, '');
    this.choice = chosen.reason;
    this.seesImage = chosen.id === 'smolvlm-256m';
    this.state = 'loading';
    this.error = null;
    this.files = {};
    try {
      const api = await this.#hub.open('explainer', caps, (why) => {
        const message = `The explainer's worker stopped unexpectedly (${why}); explanations fall back to the template.`;
        this.#crash?.(new Error(message));
        this.#fail(message);
      });
      this.#flag = caps.sharedArrayBuffer && caps.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
      const onProgress = Comlink.proxy((p: FileProgress) => {
        this.files[p.file] = p;
      });
      const choice = this.seesImage
        ? await api.loadVisionLM(entry, caps, onProgress)
        : await api.loadCausalLM(entry, caps, onProgress);
      this.backend = choice.reason;
      this.state = 'ready';
    } catch (e) {
      this.#fail(`The explainer could not be loaded from the Hugging Face hub (${e instanceof Error ? e.message : String(e)}). Explanations stay on the template.`);
    }
  }

  async explain(
    plan: readonly Section[],
    evidence: EvidenceSet,
    mi: ModalityImportance,
    onEvent: (e: ParseEvent) => void,
    image: ImageInput | null,
    sample = false,
  ): Promise<GuidedResult> {
    const api = this.#hub.api;
    const entry = this.#entry;
    if (!api || !entry || this.state !== 'ready') throw new Error('the explainer is not loaded');
    if (this.#flag) Atomics.store(this.#flag, 0, 0);
    const request = { plan, evidence, mi, sample, ...(image && this.seesImage ? { image } : {}) };
    const crashed = new Promise<never>((_, reject) => (this.#crash = reject));
    try {
      return await Promise.race([
        api.explain(
          entry.id,
          image && this.seesImage ? Comlink.transfer(request, [image.rgba.buffer]) : request,
          Comlink.proxy(onEvent),
          this.#flag ?? undefined,
        ),
        crashed,
      ]);
    } finally {
      this.#crash = null;
    }
  }

  stop(): void {
    if (this.#flag) Atomics.store(this.#flag, 0, 1);
    void this.#hub.api?.stop();
  }

  unload(): void {
    this.#hub.close();
    this.state = 'idle';
    this.error = null;
  }

  #fail(message: string): void {
    this.#hub.close();
    this.error = message;
    this.state = 'error';
  }
}
