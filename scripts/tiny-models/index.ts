/**
 * Writes every tiny model family into a folder, one sub-folder per family,
 * each in the exact layout transformers.js loads from the hub. Deterministic:
 * the same bytes every run, so tests can compare outputs across runs and
 * runtimes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { causalLmFiles } from './causal-lm.ts';
import { audioClassifierFiles, imageClassifierFiles, textClassifierFiles } from './classifiers.ts';
import { speechToTextFiles } from './speech-to-text.ts';
import { omniLmFiles } from './omni-lm.ts';
import { visionLmFiles } from './vision-lm.ts';

/** Family folder → files. The hub ids each family stands in for are in stand-ins.ts. */
export const FAMILIES = {
  'causal-lm': causalLmFiles,
  'audio-classifier': audioClassifierFiles,
  'text-classifier': textClassifierFiles,
  'image-classifier': imageClassifierFiles,
  'speech-to-text': speechToTextFiles,
  'vision-lm': visionLmFiles,
  'omni-lm': omniLmFiles,
} as const;

export type Family = keyof typeof FAMILIES;

export function writeFamilies(outDir: string): string[] {
  const written: string[] = [];
  for (const [family, make] of Object.entries(FAMILIES)) {
    for (const [path, content] of Object.entries(make())) {
      const file = join(outDir, family, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(
        file,
        content instanceof Uint8Array || typeof content === 'string'
          ? content
          : `${JSON.stringify(content, null, 2)}\n`,
      );
      written.push(file);
    }
  }
  return written;
}
