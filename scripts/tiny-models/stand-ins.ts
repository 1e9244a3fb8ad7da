/** Which tiny family stands in for each hub model the app knows (by hub id). */
import type { Family } from './index.ts';

export const STAND_INS: Readonly<Record<string, Family>> = {
  'HuggingFaceTB/SmolLM2-135M-Instruct': 'causal-lm',
};
