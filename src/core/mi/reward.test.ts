import { describe, expect, it } from 'vitest';
import type { EvidenceSet } from './evidence.ts';
import type { Section } from './parser.ts';
import { REWARD_WEIGHTS, scoreExplanation } from './reward.ts';

const plan: Section[] = ['vis_desc', 'aud_desc', 'think', 'answer'];
const evidence: EvidenceSet = {
  face: { modality: 'face', reading: { emotion: 'happy', p: 0.8 }, cues: ['mouth corners raised (+0.05)'] },
  voice: { modality: 'voice', reading: { emotion: 'happy', p: 0.6 }, cues: ['pitch higher than usual (+2.1 st)'] },
};
const text = (face: string, voice: string) =>
  `<vis_desc>${face}</vis_desc><aud_desc>${voice}</aud_desc><think>She looks happy and sounds cheerful.</think><answer>happy</answer>`;

describe('scoreExplanation', () => {
  it("cites a cue only with its phrase and its direction, in one sentence (the earlier key matched a cue's first two words)", async () => {
    const score = async (face: string, voice: string) =>
      (await scoreExplanation(text(face, voice), plan, 'happy', evidence)).evidenceCited;
    expect(await score('The mouth corners are raised.', 'The pitch is higher than usual.')).toBe(1);
    // The opposite direction, or the subject alone, cites nothing.
    expect(await score('The mouth corners are pulled down.', 'The pitch is lower.')).toBe(0);
    expect(await score('Look at the mouth corners.', 'Pitch matters.')).toBe(0);
    // The words split across sentences do not make a citation.
    expect(await score('The mouth corners. Something raised.', 'The pitch is higher than usual.')).toBe(0.5);
    // A probability restated is not evidence.
    expect(await score('The face reads happy (0.80).', 'The voice reads happy (0.60).')).toBe(0);
  });

  it('a modality with nothing to cite is left out of the evidence term; the words cite by quoting what was said', async () => {
    const quiet: EvidenceSet = { ...evidence, face: { ...evidence.face!, cues: [] } };
    const r = await scoreExplanation(text('A calm face.', 'The pitch is higher.'), plan, 'happy', quiet);
    expect(r.evidenceCited).toBe(1);
    const words: EvidenceSet = {
      words: {
        modality: 'words',
        reading: { emotion: 'happy', p: 0.9 },
        cues: [],
        transcript: 'What a lovely day it is',
      },
    };
    const said = async (body: string) =>
      (
        await scoreExplanation(
          `<txt_desc>${body}</txt_desc><think>x</think><answer>happy</answer>`,
          ['txt_desc', 'think', 'answer'],
          'happy',
          words,
        )
      ).evidenceCited;
    expect(await said('She says "What a lovely day…", which reads happy.')).toBe(1);
    expect(await said('The words read happy.')).toBe(0);
    const none = await scoreExplanation(text('A face.', 'A voice.'), plan, 'happy', {
      face: { ...evidence.face!, cues: [] },
      voice: { ...evidence.voice!, cues: [] },
    });
    expect(none.evidenceCited).toBeNull();
  });

  it('scores the order only where the app did not open the sections, and the answer only where it was not given', async () => {
    const swapped = `<aud_desc>The pitch is higher than usual.</aud_desc><vis_desc>The mouth corners are raised.</vis_desc><think>She looks happy and sounds cheerful.</think><answer>sad</answer>`;
    const free = await scoreExplanation(swapped, plan, 'happy', evidence);
    expect(free).toMatchObject({ orderCorrect: false, answerCorrect: false, evidenceCited: 1 });
    const w = REWARD_WEIGHTS;
    expect(free.total).toBeCloseTo(w.consistency * free.consistentShare + w.evidence, 9);
    const enforced = await scoreExplanation(swapped, plan, 'happy', evidence, {
      orderEnforced: true,
      answerDictated: true,
    });
    expect(enforced).toMatchObject({ orderCorrect: null, answerCorrect: null });
    expect(enforced.total).toBeCloseTo(
      (w.consistency * enforced.consistentShare + w.evidence) / (w.consistency + w.evidence),
      9,
    );
  });

  it("the answer term is the explanation's own answer against ŷ", async () => {
    const body = text('The mouth corners are raised.', 'The pitch is higher than usual.');
    expect((await scoreExplanation(body, plan, 'happy', evidence)).answerCorrect).toBe(true);
    expect((await scoreExplanation(body, plan, 'sad', evidence)).answerCorrect).toBe(false);
    expect(
      (await scoreExplanation(body.replace('<answer>happy', '<answer>sad'), plan, 'happy', evidence)).answerCorrect,
    ).toBe(false);
  });
});
