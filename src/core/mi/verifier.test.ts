import { describe, expect, it } from 'vitest';
import { PROSODY_PHRASES } from '../audio/acoustic.ts';
import { EMOTIONS } from '../labels.ts';
import { CUE_PHRASES } from '../vision/landmarks.ts';
import { CUE_MEANINGS } from './cue-meaning.ts';
import { modalityImportance } from './importance.ts';
import { planSections } from './prompts.ts';
import { composeExplanation } from './template.ts';
import { lexiconEmotion } from './lexicon.ts';
import {
  explanationSentences,
  judgeWithFallback,
  verdictDetail,
  verdictSentence,
  verifyExplanation,
} from './verifier.ts';

describe('lexicon', () => {
  it('names the emotion of plain sentences, and reads descriptions without emotion words as neutral', () => {
    expect(lexiconEmotion('The voice sounds angry and clipped.')).toBe('angry');
    expect(lexiconEmotion('She is smiling and laughing.')).toBe('happy');
    expect(lexiconEmotion('The eyes are wide, as if startled.')).toBe('surprise');
    expect(lexiconEmotion('A trembling, anxious voice.')).toBe('fear');
    expect(lexiconEmotion('The pitch is high and variable.')).toBe('neutral');
    expect(lexiconEmotion('He made a sandwich and downloaded a crystal file.')).toBe('neutral'); // no prefix traps
  });

  it('drops negated emotion words and calls a tie neutral', () => {
    expect(lexiconEmotion('The face does not look happy.')).toBe('neutral');
    expect(lexiconEmotion("The voice isn't angry at all.")).toBe('neutral');
    expect(lexiconEmotion('Happy words, angry voice.')).toBe('neutral');
  });
});

describe('verifyExplanation', () => {
  const consistent =
    '<aud_desc>The voice sounds angry: loud, with a harsh edge.</aud_desc>' +
    '<vis_desc>The brows are lowered. The mouth is relaxed.</vis_desc>' +
    '<think>The anger is carried by the voice.</think><answer>angry</answer>';

  it('splits the explanation into sentences of its sections, leaving out the answer', () => {
    expect(explanationSentences(consistent)).toEqual([
      'The voice sounds angry: loud, with a harsh edge.',
      'The brows are lowered.',
      'The mouth is relaxed.',
      'The anger is carried by the voice.',
    ]);
  });

  it("judges the reasoning against the explanation's own answer: by sentence over the dominant section and <think>, whole over <think>", async () => {
    // Dominant voice: its section and <think> are judged; the face's sentences are not.
    expect(await verifyExplanation(consistent, null, 'voice')).toMatchObject({
      answer: 'angry',
      status: 'consistent',
      implied: 'angry',
      conclusion: 'angry',
      consistent: true,
      consistentShare: 1,
      whole: 'angry',
      wholeConsistent: true,
      judgedSections: ['aud_desc', 'think'],
      judge: 'lexicon',
    });
    // No dominant modality: every section, and the share is over all of their sentences (2 of 4 say angry).
    expect(await verifyExplanation(consistent)).toMatchObject({ consistent: true, consistentShare: 0.5 });
  });

  it("flags an answer explained with another emotion (the paper's reliability failure)", async () => {
    const v = await verifyExplanation(
      '<vis_desc>The face is smiling warmly.</vis_desc><aud_desc>The voice is loud.</aud_desc><think>She looks happy and cheerful.</think><answer>angry</answer>',
    );
    expect(v).toMatchObject({
      answer: 'angry',
      implied: 'happy',
      consistent: false,
      consistentShare: 0,
      whole: 'happy',
      wholeConsistent: false,
    });
  });

  it('an answer of its own is what counts: the same reasoning is consistent with "happy", whatever ŷ was', async () => {
    const v = await verifyExplanation('<think>She looks happy and cheerful.</think><answer>Happy.</answer>');
    expect(v).toMatchObject({ answer: 'happy', implied: 'happy', consistent: true });
  });

  it('a tie implies no emotion and is never consistent, whichever side the answer is on', async () => {
    const text = (answer: string) =>
      `<think>The voice sounds angry. The face looks happy.</think><answer>${answer}</answer>`;
    for (const answer of ['angry', 'happy']) {
      const v = await verifyExplanation(text(answer));
      expect(v.implied).toBeNull();
      expect(v.consistent).toBe(false);
      expect(v.consistentShare).toBe(0.5);
    }
  });

  it('no emotion named in the answer: nothing to be consistent with', async () => {
    const v = await verifyExplanation('<think>The voice sounds angry.</think><answer>I cannot tell.</answer>');
    expect(v.answer).toBeNull();
    expect(v.consistent).toBe(false);
    expect(v.wholeConsistent).toBe(false);
  });

  it('uses a text-emotion model when one is given, for both judges', async () => {
    const seen: string[] = [];
    const v = await verifyExplanation(
      '<think>Whatever the words. Just more words.</think><answer>sad</answer>',
      (s) => (seen.push(s), 'sad'),
    );
    expect(v).toMatchObject({ implied: 'sad', whole: 'sad', consistent: true, wholeConsistent: true, judge: 'model' });
    expect(seen).toEqual(['Whatever the words.', 'Just more words.', 'Whatever the words. Just more words.']);
  });
});

describe('explanations that fooled the earlier verifier (each was scored consistent)', () => {
  it('a bare label in <think> is not reasoning: unjudged, by sentence and whole', async () => {
    const v = await verifyExplanation('<think>happy.</think><answer>happy</answer>');
    expect(v).toMatchObject({ status: 'unjudged', consistent: null, whole: null, wholeConsistent: null });
    expect(v.consistentShare).toBe(0);
  });

  it('an empty <think> with a neutral answer is unjudged, not consistent', async () => {
    for (const text of ['<think></think><answer>neutral</answer>', '<answer>neutral</answer>']) {
      expect(await verifyExplanation(text)).toMatchObject({ status: 'unjudged', consistent: null });
    }
  });

  it('reasoning that names no emotion at all is unjudged, whatever the answer', async () => {
    const v = await verifyExplanation(
      '<vis_desc>The brows moved a little.</vis_desc><think>The pitch was measured twice over the window.</think><answer>neutral</answer>',
    );
    expect(v).toMatchObject({ status: 'unjudged', consistent: null, whole: null });
    // A calm word is a claim about emotion: then it is judged.
    const calm = await verifyExplanation(
      '<think>The face stays calm throughout the window.</think><answer>neutral</answer>',
    );
    expect(calm).toMatchObject({ status: 'consistent', implied: 'neutral', whole: 'neutral', wholeConsistent: true });
  });

  it('a closing sentence that contradicts the rest makes it inconsistent', async () => {
    const v = await verifyExplanation(
      '<think>She is smiling broadly. She sounds cheerful. Overall the person is sad.</think><answer>happy</answer>',
    );
    expect(v).toMatchObject({ implied: 'happy', conclusion: 'sad', status: 'inconsistent', consistent: false });
    expect(v.consistentShare).toBeCloseTo(2 / 3, 9);
  });

  it('padding with one-word labels does not outvote the reasoning', async () => {
    const v = await verifyExplanation(
      '<vis_desc>Happy. Happy. Happy.</vis_desc><think>The voice sounds furious and hostile.</think><answer>happy</answer>',
    );
    expect(v).toMatchObject({ implied: 'angry', status: 'inconsistent', whole: 'angry', wholeConsistent: false });
  });

  it('emotional sentences in a section that is not the dominant one do not count', async () => {
    const text =
      '<vis_desc>She smiles, a happy and joyful face.</vis_desc><aud_desc>The voice sounds furious.</aud_desc>' +
      '<think>The voice leads: it sounds angry.</think><answer>angry</answer>';
    expect(await verifyExplanation(text, null, 'voice')).toMatchObject({ status: 'consistent', consistentShare: 1 });
    // Read over every section, the happy face counts against it.
    const all = await verifyExplanation(text, null, 'multimodal');
    expect(all.consistentShare).toBeCloseTo(2 / 3, 9);
  });
});

describe('verdictSentence', () => {
  it('says each verdict in one plain sentence', async () => {
    const say = async (text: string) => verdictSentence(await verifyExplanation(text));
    expect(await say('<think>She looks happy and cheerful.</think><answer>happy</answer>')).toBe(
      'The reasoning supports its answer, happy.',
    );
    expect(await say('<think>The voice sounds angry and hostile.</think><answer>happy</answer>')).toBe(
      'The reasoning points to angry, but the answer is happy.',
    );
    expect(
      await say(
        '<think>She is smiling broadly. She sounds cheerful. Overall the person is sad.</think><answer>happy</answer>',
      ),
    ).toBe('The reasoning ends on sad, but the answer is happy.');
    expect(await say('<think>The voice sounds angry. The face looks happy.</think><answer>angry</answer>')).toBe(
      'The reasoning points to no single emotion, but the answer is angry.',
    );
    expect(await say('<think>The voice sounds angry and hostile.</think><answer>I cannot tell.</answer>')).toBe(
      'The explanation gives no answer to check its reasoning against.',
    );
    expect(await say('<think>happy.</think><answer>happy</answer>')).toBe(
      'Not checked: the explanation gives no reasoning that names an emotion.',
    );
  });
});

describe('verdictDetail', () => {
  it('names the reader, the sections read and what they found', async () => {
    const v = await verifyExplanation(
      '<aud_desc>The voice sounds angry and loud.</aud_desc><think>She is smiling broadly. Overall the person is sad.</think><answer>angry</answer>',
      null,
      'voice',
    );
    // Smiling and sad tie in the reasoning, which the lexicon reads as neutral.
    expect(verdictDetail(v)).toBe(
      "The lexicon read 3 sentences of the voice's part and the reasoning: 1 of 3 read angry; the reasoning as a whole reads neutral, and ends on sad.",
    );
    expect(verdictDetail(await verifyExplanation('<think>happy.</think><answer>happy</answer>'))).toBe(
      "The lexicon read 0 sentences of the face's part, the voice's part, the words' part and the reasoning: sentences of fewer than 3 words are labels, not reasoning.",
    );
  });
});

describe("the lexicon and the app's own wording", () => {
  it("the app's cue phrases, notes, stock phrases and a quoted transcript read neutral; a neutral window's template is consistent", async () => {
    const neutral = EMOTIONS.map((e) => (e === 'neutral' ? 0.55 : 0.45 / 6));
    const mi = modalityImportance([
      { modality: 'face', distribution: neutral, reliability: 0.9 },
      { modality: 'voice', distribution: neutral, reliability: 0.6 },
      { modality: 'words', distribution: neutral, reliability: 0.5 },
    ])!;
    expect(mi.prediction).toBe('neutral');
    // A cue is a measurement, not an emotion: every phrase, with its plain units, reads neutral on its own.
    const cues = [
      ...CUE_PHRASES.map((c) => `${c} (clearly)`),
      ...PROSODY_PHRASES.map((c) => `${c} (+2.0 semitones)`),
      'fast (about 5.1 syllables per second)',
      'slow (about 2.0 syllables per second)',
    ];
    for (const c of cues) expect([c, lexiconEmotion(c)]).toEqual([c, 'neutral']);
    const evidence = {
      face: { modality: 'face' as const, reading: { emotion: 'neutral' as const, p: 0.55 }, cues: [] },
      voice: {
        modality: 'voice' as const,
        reading: { emotion: 'neutral' as const, p: 0.55 },
        cues: [],
        notes: [
          'the input is clipping (too loud): the reading is less sure',
          'read against a typical voice until this speaker has said a few everyday sentences (or calibrated)',
        ],
      },
      words: {
        modality: 'words' as const,
        reading: { emotion: 'neutral' as const, p: 0.55 },
        cues: [],
        transcript: 'I am so happy, I could cry with joy!',
      },
    };
    for (const order of ['migr', 'visual-first'] as const) {
      const text = composeExplanation(planSections(mi, order), evidence, mi, order);
      const sentences = explanationSentences(text);
      expect(sentences.length).toBeGreaterThanOrEqual(4);
      for (const s of sentences) expect([s, lexiconEmotion(s)]).toEqual([s, 'neutral']);
      expect(await verifyExplanation(text, null, mi.dominant)).toMatchObject({
        answer: 'neutral',
        status: 'consistent',
        whole: 'neutral',
        wholeConsistent: true,
      });
    }
  });

  it('a cue with its meaning is read as the emotion the table links it to (one of them, or none on a tie)', () => {
    for (const m of CUE_MEANINGS) {
      const clause = `${m.phrase} (clearly), ${m.meaning}`;
      const read = lexiconEmotion(clause);
      if (m.emotions.filter((e) => e !== 'neutral').length === 1)
        expect([clause, read]).toEqual([clause, m.emotions[0]]);
      else expect([...m.emotions, 'neutral']).toContain(read);
    }
  });
});

describe('judgeWithFallback', () => {
  it('a judge that never answers, or throws, falls back to the lexicon in time', async () => {
    const never = judgeWithFallback(() => new Promise(() => undefined), 30);
    const start = Date.now();
    expect(await never('The voice sounds angry.')).toBe('angry');
    expect(Date.now() - start).toBeLessThan(1000);
    const throws = judgeWithFallback(() => {
      throw new Error('worker closed');
    }, 30);
    expect(await throws('She is smiling.')).toBe('happy');
    const answers = judgeWithFallback(async () => 'sad' as const, 30);
    expect(await answers('She is smiling.')).toBe('sad');
  });
});
