/**
 * A loaded language model as generation sees it (the explainers: text-only, vision, Omni), whichever
 * loader made it (load.ts).
 */
import type { PreTrainedModel, PreTrainedTokenizer, Processor } from '@huggingface/transformers';
import type { BackendChoice } from '../../core/capabilities.ts';

/** What generation needs of a loaded model: its tokenizer and the model. */
export interface GenerativeModel {
  readonly tokenizer: PreTrainedTokenizer;
  readonly model: PreTrainedModel;
}

/** A text-only LLM. */
export interface CausalLM extends GenerativeModel {
  readonly kind: 'text';
  readonly choice: BackendChoice;
}

/** An image-text-to-text model: images through its processor. */
export interface VisionLM extends GenerativeModel {
  readonly kind: 'vision';
  readonly processor: Processor;
  readonly choice: BackendChoice;
}

/** A model that hears and sees (Gemma 4 / Gemma 3n layout): audio and images through its processor. */
export interface OmniLM extends GenerativeModel {
  readonly kind: 'omni';
  readonly processor: Processor;
  readonly choice: BackendChoice;
}

/** A loaded explainer model, told apart by its `kind`. */
export type LoadedLM = CausalLM | VisionLM | OmniLM;
