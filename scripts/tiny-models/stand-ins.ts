/** Which tiny family stands in for each hub model the app knows (by hub id). */
import type { Family } from './index.ts';

export const STAND_INS: Readonly<Record<string, Family>> = {
  'HuggingFaceTB/SmolLM2-135M-Instruct': 'causal-lm',
  'HuggingFaceTB/SmolVLM-256M-Instruct': 'vision-lm',
  /** The hub's duplicate of onnx-community/gemma-4-E2B-it-ONNX, pinned at its duplication commit (docs/guide.md: Omni). */
  'FINAL-Bench/Darwin-2B-webgpu': 'omni-lm',
  'SamLowe/roberta-base-go_emotions-onnx': 'text-classifier',
  'Xenova/facial_emotions_image_detection': 'image-classifier',
  'onnx-community/moonshine-base-ONNX': 'speech-to-text',
  /** Pinned to `main` (no full revision could be confirmed offline; docs/guide.md: the Standard voice). */
  'onnx-community/Speech-Emotion-Classification-ONNX': 'audio-classifier',
};
