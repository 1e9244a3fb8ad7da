import { describe, expect, it } from 'vitest';
import { lexiconEmotion } from './lexicon.ts';
import { explanationSentences, verifyExplanation } from './verifier.ts';

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

  it('finds an explanation consistent when its emotional sentences imply the prediction', async () => {
    const v = await verifyExplanation(consistent, 'angry');
    expect(v.implied).toBe('angry');
    expect(v.consistent).toBe(true);
    expect(v.consistentShare).toBe(1);
    expect(v.judge).toBe('lexicon');
  });

  it('flags a correct prediction explained with another emotion (the paper\'s reliability failure)', async () => {
    const v = await verifyExplanation(
      '<vis_desc>The face is smiling warmly.</vis_desc><aud_desc>The voice is loud.</aud_desc><think>She looks happy and cheerful.</think><answer>angry</answer>',
      'angry',
    );
    expect(v.implied).toBe('happy');
    expect(v.consistent).toBe(false);
    expect(v.consistentShare).toBe(0);
  });

  it('uses a text-emotion model when one is given', async () => {
    const v = await verifyExplanation('<think>Whatever the words.</think>', 'sad', () => 'sad');
    expect(v).toMatchObject({ implied: 'sad', consistent: true, judge: 'model' });
  });
});
