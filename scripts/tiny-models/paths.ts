import { join } from 'node:path';

/** Where the tiny hub-model families are written (git-ignored; regenerated at test setup). */
export const TINY_MODELS_DIR = join(import.meta.dirname, '../../e2e/.generated/hub');
