/**
 * The hub-model adapters (transformers.js), one file per job:
 * loading (`hub/load.ts`), generation (`hub/generate.ts`, `hub/stopping.ts`), the prompt's KV
 * cache (`hub/prompt-cache.ts`) and MI-guided decoding's section decoder
 * (`hub/section-decoder.ts`).
 */
export * from './hub/load.ts';
export * from './hub/lm.ts';
export * from './hub/generate.ts';
export * from './hub/stopping.ts';
export * from './hub/warm-up.ts';
export * from './hub/prompt-cache.ts';
export * from './hub/section-decoder.ts';
export * from './hub/model-cache.ts';
