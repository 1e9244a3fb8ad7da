/**
 * The labelled fixture utterances (CREMA-D, two actors): samples, speaker
 * and prosody. Node only (reads files); used by the training report and tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Emotion } from '../core/labels.ts';
import { prosody, type Prosody } from '../core/audio/prosody.ts';
import { decodeWav } from '../core/audio/wav.ts';

export interface FixtureUtterance {
  readonly file: string;
  readonly speaker: string;
  readonly label: Emotion;
  readonly prosody: Prosody;
  readonly samples: Float32Array;
}

export function fixtureUtterances(dir: string): FixtureUtterance[] {
  const out: FixtureUtterance[] = [];
  for (const label of readdirSync(dir).sort()) {
    for (const file of readdirSync(join(dir, label)).sort()) {
      if (!file.endsWith('.wav')) continue;
      const { samples } = decodeWav(new Uint8Array(readFileSync(join(dir, label, file))));
      out.push({
        file,
        speaker: file.split('_')[1] ?? '',
        label: label as Emotion,
        prosody: prosody(samples),
        samples,
      });
    }
  }
  return out;
}
