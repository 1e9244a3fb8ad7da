/**
 * The labelled fixture utterances as training samples for the Lite model:
 * features relative to each actor's own median (what a session learns about
 * its speaker). Node only (reads files); used by the fit script and tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Emotion } from '../labels.ts';
import { features, SpeakerBaseline, type FeatureVector } from './acoustic.ts';
import { prosody, type Prosody } from './prosody.ts';
import { decodeWav } from './wav.ts';

export interface FixtureUtterance {
  readonly file: string;
  readonly speaker: string;
  readonly label: Emotion;
  readonly prosody: Prosody;
}

export function fixtureUtterances(dir: string): FixtureUtterance[] {
  const out: FixtureUtterance[] = [];
  for (const label of readdirSync(dir).sort()) {
    for (const file of readdirSync(join(dir, label)).sort()) {
      if (!file.endsWith('.wav')) continue;
      const { samples } = decodeWav(new Uint8Array(readFileSync(join(dir, label, file))));
      out.push({ file, speaker: file.split('_')[1] ?? '', label: label as Emotion, prosody: prosody(samples) });
    }
  }
  return out;
}

export function fixtureSamples(dir: string, utterances = fixtureUtterances(dir)): { file: string; features: FeatureVector; label: Emotion }[] {
  const bySpeaker = new Map<string, SpeakerBaseline>();
  for (const u of utterances) {
    const b = bySpeaker.get(u.speaker) ?? new SpeakerBaseline();
    b.add(u.prosody);
    bySpeaker.set(u.speaker, b);
  }
  return utterances.map((u) => ({ file: u.file, label: u.label, features: features(u.prosody, bySpeaker.get(u.speaker)!.reference()) }));
}
