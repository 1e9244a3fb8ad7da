/**
 * The voice's evidence: prosody relative to the speaker's own usual (pitch,
 * loudness, brightness, rate), in plain words with numbers, for the Voice
 * card and the explanation to cite. Distinct from the voice model's reading
 * (voice-model.ts), which is what fusion uses.
 */
import type { Prosody } from './prosody.ts';

export type FeatureVector = readonly number[];

export interface SpeakerReference {
  readonly f0: number;
  readonly loudnessDb: number;
  readonly centroidHz: number;
  readonly tiltDb: number;
}

/** A typical adult reference, used until the speaker's own utterances are known. */
export const DEFAULT_REFERENCE: SpeakerReference = { f0: 170, loudnessDb: -38, centroidHz: 550, tiltDb: -13 };

export function features(p: Prosody, ref: SpeakerReference): FeatureVector {
  return [
    p.f0Median ? 12 * Math.log2(p.f0Median / ref.f0) : 0,
    p.loudnessDb - ref.loudnessDb,
    p.centroidHz > 0 ? Math.log2(p.centroidHz / ref.centroidHz) : 0,
    p.tiltDb - ref.tiltDb,
    p.f0StdSt,
    p.loudnessStdDb,
    p.voicedRatio,
    p.rate,
  ];
}

/** The speaker's running reference: medians over their utterances so far (this one included). */
export class SpeakerBaseline {
  readonly #seen: Prosody[] = [];

  add(p: Prosody): void {
    if (p.f0Median !== null) this.#seen.push(p);
    if (this.#seen.length > 50) this.#seen.shift();
  }

  reference(): SpeakerReference {
    if (this.#seen.length === 0) return DEFAULT_REFERENCE;
    const median = (f: (p: Prosody) => number) => {
      const v = this.#seen.map(f).sort((a, b) => a - b);
      return v[v.length >> 1] as number;
    };
    return {
      f0: median((p) => p.f0Median ?? DEFAULT_REFERENCE.f0),
      loudnessDb: median((p) => p.loudnessDb),
      centroidHz: median((p) => p.centroidHz || DEFAULT_REFERENCE.centroidHz),
      tiltDb: median((p) => p.tiltDb),
    };
  }
}

/**
 * The voice's arousal from its prosody alone, relative to this speaker's usual, from −1 (calm) to +1
 * (excited): higher pitch, more loudness and a faster rate all raise it (the arousal pattern of vocal
 * expression, as in src/core/mi/cue-meaning.ts). A rough index of the app's own: each feature is scaled by a
 * change that is clearly audible (4 semitones, 6 dB, 1.5 syllables per second from a typical 3.5), averaged,
 * and squashed. Null when the utterance had no pitch to read.
 */
export function prosodicArousal(p: Prosody, ref: SpeakerReference): number | null {
  if (!p.f0Median) return null;
  const [pitch, loud] = features(p, ref) as [number, number];
  const rate = p.rate > 0 ? (p.rate - 3.5) / 1.5 : 0;
  return Math.tanh((pitch / 4 + loud / 6 + rate) / 3);
}

/** The fixed words of the prosody cues below (the verifier's lexicon does not score the app's own wording). */
export const PROSODY_PHRASES: readonly string[] = [
  'pitch higher than usual',
  'pitch lower than usual',
  'pitch very variable',
  'pitch flat',
  'louder than usual',
  'quieter than usual',
  'voice bright and tense',
  'voice dark and soft',
];

/** The prosody worth saying, in words with numbers, relative to the speaker's reference. */
export function describeProsody(p: Prosody, ref: SpeakerReference): string[] {
  const out: string[] = [];
  const [pitch, loud, bright] = features(p, ref) as [number, number, number];
  if (p.f0Median) {
    if (pitch > 1.5) out.push(`pitch higher than usual (+${pitch.toFixed(1)} semitones)`);
    else if (pitch < -1.5) out.push(`pitch lower than usual (${pitch.toFixed(1)} semitones)`);
  }
  if (p.f0StdSt > 7) out.push(`pitch very variable (a spread of ${p.f0StdSt.toFixed(1)} semitones)`);
  else if (p.f0StdSt > 0 && p.f0StdSt < 4) out.push(`pitch flat (a spread of ${p.f0StdSt.toFixed(1)} semitones)`);
  if (loud > 4) out.push(`louder than usual (+${loud.toFixed(0)} decibels)`);
  else if (loud < -4) out.push(`quieter than usual (${loud.toFixed(0)} decibels)`);
  if (bright > 0.5) out.push('voice bright and tense');
  else if (bright < -0.5) out.push('voice dark and soft');
  if (p.rate > 4.5) out.push(`fast (about ${p.rate.toFixed(1)} syllables per second)`);
  else if (p.rate > 0 && p.rate < 2.5) out.push(`slow (about ${p.rate.toFixed(1)} syllables per second)`);
  return out;
}
