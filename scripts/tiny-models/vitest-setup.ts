import { writeFamilies } from './index.ts';
import { TINY_MODELS_DIR } from './paths.ts';

/** Vitest global setup: write the tiny hub-model families before any test loads them. */
export default function setup(): void {
  writeFamilies(TINY_MODELS_DIR);
}
