/**
 * The LLM explainer: a model from the hub in its own worker, writing
 * explanations by MI-guided decoding (src/core/mi/guided.ts). Omni tier:
 * Gemma 4 E2B, which also hears the utterance and sees the face crop, where
 * omniOffer allows it. Standard: the vision LM where WebGPU runs models (it
 * also sees the face crop), else the text-only LM. Stop reaches the worker through shared memory when the page
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
import type { AnswerMode, ExplanationOrder } from '../core/mi/prompts.ts';
import type { ImageInput } from '../workers/protocol.ts';
import { HubPart } from './hub-part.svelte.ts';

/** What the analysis needs of an LLM explainer. */
export interface LlmExplainer {
  readonly name: string;
  readonly seesImage: boolean;
  /** It takes the utterance's samples itself (Omni). */
  readonly hearsAudio: boolean;
  explain(
    plan: readonly Section[],
    evidence: EvidenceSet,
    mi: ModalityImportance,
    onEvent: (e: ParseEvent) => void,
    image: ImageInput | null,
    sample?: boolean,
    audio?: Float32Array | null,
    /** The plan's order: the `visual-first` baseline is prompted with no Modality Importance. */
    order?: ExplanationOrder,
  ): Promise<GuidedResult>;
  stop(): void;
}

/** How the LLM reaches its answer, as the panel offers it: `hinted` is reasoned with the dominant modality named. */
export type AnswerChoice = AnswerMode | 'hinted';

export class ExplainerSession extends HubPart<never> implements LlmExplainer {
  /** Why this model was chosen. */
  choice: string | null = $state(null);
  name = $state('');
  /** Reason, then answer among the seven labels (default), or the dictated answer ŷ (an option, labelled where shown). */
  answerMode: AnswerMode = $state('reasoned');
  /**
   * Reasoned, with the MIGR reasoning prompt naming the dominant modality (a labelled option, off by default:
   * that modality alone reads ŷ, so the name hints at the answer). The baseline never gets it.
   */
  nameDominant = $state(false);

  /** The panel's one choice: reasoned, reasoned with the hint, or dictated. */
  get answerChoice(): AnswerChoice {
    return this.answerMode === 'reasoned' && this.nameDominant ? 'hinted' : this.answerMode;
  }

  set answerChoice(choice: AnswerChoice) {
    this.answerMode = choice === 'dictated' ? 'dictated' : 'reasoned';
    this.nameDominant = choice === 'hinted';
  }
  seesImage = $state(false);
  hearsAudio = $state(false);
  /** The tier the loaded (or loading) model belongs to. */
  tier: 'standard' | 'omni' = $state('standard');

  readonly #manifest: ModelManifest;
  #entry: ModelEntry | null = null;
  #flag: Int32Array | null = null;
  #generation = 0;

  constructor(manifest: ModelManifest) {
    super('explainer');
    this.#manifest = manifest;
  }

  async load(caps: Capabilities, tier: 'standard' | 'omni' = 'standard'): Promise<void> {
    if ((this.state === 'loading' || this.state === 'ready') && this.tier === tier) return;
    if (this.state !== 'idle') this.unload();
    // A load superseded by another (the tier changed meanwhile) must not touch the new one's state.
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    this.tier = tier;
    const chosen = chooseExplainer(caps, tier);
    const entry = findModel(this.#manifest, chosen.id);
    this.#entry = entry;
    this.name = entry.name.replace(/ \((Standard|Omni)\)$/, '');
    this.choice = chosen.reason;
    // What the model takes besides text is the manifest's to say, not its id's.
    this.seesImage = entry.sees.includes('image');
    this.hearsAudio = entry.hears.includes('audio');
    this.begin();
    try {
      // A crash rejects the explanation in flight at once (the handle does), and the explainer reports it.
      this.#flag = caps.sharedArrayBuffer && caps.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
      const onProgress = Comlink.proxy((p: FileProgress) => this.progress(p));
      const choice = await this.hub.load(
        caps,
        (why) => {
          if (current())
            this.fail(`The explainer's worker stopped unexpectedly (${why}); explanations fall back to the template.`);
        },
        (c) =>
          this.hub.call((api) =>
            this.hearsAudio
              ? api.loadOmniLM(entry, c, onProgress)
              : this.seesImage
                ? api.loadVisionLM(entry, c, onProgress)
                : api.loadCausalLM(entry, c, onProgress),
          ),
        () => {
          // The GPU device was lost: the explainer again, in a new worker (the template writes meanwhile).
          if (!current()) return;
          this.state = 'idle';
          void this.load(caps, tier);
        },
      );
      const notice = await this.hub.storageNotice();
      if (!current()) return;
      this.backend = choice.reason;
      this.notice = notice;
      this.state = 'ready';
    } catch (e) {
      if (current())
        this.fail(
          `The explainer could not be loaded from the Hugging Face hub (${e instanceof Error ? e.message : String(e)}). Explanations stay on the template.`,
        );
    }
  }

  async explain(
    plan: readonly Section[],
    evidence: EvidenceSet,
    mi: ModalityImportance,
    onEvent: (e: ParseEvent) => void,
    image: ImageInput | null,
    sample = false,
    audio: Float32Array | null = null,
    order: ExplanationOrder = 'migr',
  ): Promise<GuidedResult> {
    const entry = this.#entry;
    if (!this.hub.api || !entry || this.state !== 'ready') throw new Error('the explainer is not loaded');
    if (this.#flag) Atomics.store(this.#flag, 0, 0);
    const withImage = image !== null && this.seesImage;
    const withAudio = audio !== null && audio.length > 0 && this.hearsAudio;
    // Copies go to the worker: the caller's crop and samples serve the next explanation of the window too.
    const request = {
      plan,
      evidence,
      mi,
      sample,
      mode: this.answerMode,
      order,
      ...(this.nameDominant && this.answerMode === 'reasoned' && order === 'migr' ? { nameDominant: true } : {}),
      ...(withImage ? { image: { ...image, rgba: image.rgba.slice() } } : {}),
      ...(withAudio ? { audio: audio.slice() } : {}),
    };
    // Tracked: a crash, an unload or a tier switch rejects it at once instead of leaving it pending.
    return this.hub.call((api) =>
      api.explain(
        entry.id,
        Comlink.transfer(request, [
          ...(request.image ? [request.image.rgba.buffer] : []),
          ...(request.audio ? [request.audio.buffer] : []),
        ]),
        Comlink.proxy(onEvent),
        this.#flag ?? undefined,
      ),
    );
  }

  stop(): void {
    if (this.#flag) Atomics.store(this.#flag, 0, 1);
    void this.hub.api?.stop();
  }

  override unload(): void {
    this.#generation++;
    super.unload();
  }
}
