/**
 * The README's three example explanations (agree, disagree, weak) are written by the template from these
 * windows: if the template's wording changes, this fails until the README shows what the code writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMOTIONS, type Distribution, type Emotion } from '../labels.ts';
import type { EvidenceSet } from './evidence.ts';
import { modalityImportance } from './importance.ts';
import { plainText } from './parser.ts';
import { planSections } from './prompts.ts';
import { composeExplanation } from './template.ts';
import { verifyExplanation } from './verifier.ts';

/** `p` on one emotion, optionally `q` on a second, the rest spread evenly. */
function reading(e: Emotion, p: number, second?: readonly [Emotion, number]): Distribution {
  const rest = (1 - p - (second?.[1] ?? 0)) / (second ? 5 : 6);
  return EMOTIONS.map((x) => (x === e ? p : second && x === second[0] ? second[1] : rest));
}

const WINDOWS = {
  agree: {
    face: reading('happy', 0.82),
    voice: reading('happy', 0.7),
    evidence: {
      face: {
        modality: 'face',
        reading: { emotion: 'happy', p: 0.82 },
        cues: ['mouth corners raised (clearly)', 'eyes narrowed (slightly)'],
      },
      voice: {
        modality: 'voice',
        reading: { emotion: 'happy', p: 0.7 },
        cues: ['pitch higher than usual (+2.4 semitones)', 'pitch very variable (a spread of 8.1 semitones)'],
      },
    },
  },
  disagree: {
    face: reading('neutral', 0.64),
    voice: reading('angry', 0.99),
    evidence: {
      face: { modality: 'face', reading: { emotion: 'neutral', p: 0.64 }, cues: [] },
      voice: {
        modality: 'voice',
        reading: { emotion: 'angry', p: 0.99 },
        cues: ['louder than usual (+7 decibels)', 'fast (about 5.2 syllables per second)'],
      },
    },
  },
  weak: {
    face: reading('sad', 0.22, ['neutral', 0.18]),
    voice: reading('fear', 0.2, ['sad', 0.19]),
    evidence: {
      face: { modality: 'face', reading: { emotion: 'sad', p: 0.22 }, cues: ['brows drawn together (slightly)'] },
      voice: { modality: 'voice', reading: { emotion: 'fear', p: 0.2 }, cues: ['quieter than usual (-5 decibels)'] },
    },
  },
} as const satisfies Record<string, { face: Distribution; voice: Distribution; evidence: EvidenceSet }>;

const README = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

describe("the README's example explanations", () => {
  for (const [name, w] of Object.entries(WINDOWS)) {
    it(`${name}: the README shows what the template writes, and the verifier finds it consistent`, async () => {
      const mi = modalityImportance([
        { modality: 'face', distribution: w.face, reliability: 0.8 },
        { modality: 'voice', distribution: w.voice, reliability: 0.6 },
      ])!;
      const text = composeExplanation(planSections(mi, 'migr'), w.evidence, mi, 'migr');
      const block = new RegExp(`<!-- golden:${name} -->\\n> (.*)\\n<!-- /golden -->`).exec(README);
      expect(block, `README has no golden:${name} block`).not.toBeNull();
      expect(block![1]).toBe(plainText(text));
      expect((await verifyExplanation(text, null, mi.dominant)).status).toBe('consistent');
    });
  }
});
