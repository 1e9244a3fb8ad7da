import { describe, expect, it } from 'vitest';
import { parseSections, plainText, SectionParser, sectionOrder, type ParseEvent, type Section } from './parser.ts';

function run(chunks: string[]): ParseEvent[] {
  const p = new SectionParser();
  return [...chunks.flatMap((c) => p.feed(c)), ...p.end()];
}

/** The three events of one section read whole. */
function whole(section: Section, text: string): ParseEvent[] {
  return [
    { type: 'open', section },
    { type: 'text', section, text },
    { type: 'close', section },
  ];
}

/** Merges consecutive text events, so chunking does not change the comparison. */
function merged(events: ParseEvent[]): ParseEvent[] {
  const out: ParseEvent[] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (e.type === 'text' && last?.type === 'text' && last.section === e.section) {
      out[out.length - 1] = { ...last, text: last.text + e.text };
    } else out.push(e);
  }
  return out;
}

const FULL =
  '<aud_desc>The voice is loud.</aud_desc><vis_desc>Brows lowered.</vis_desc><think>Voice wins.</think><answer>angry</answer>';

describe('SectionParser', () => {
  it('parses a whole explanation into opens, texts and closes', () => {
    expect(merged(run([FULL]))).toEqual([
      ...whole('aud_desc', 'The voice is loud.'),
      ...whole('vis_desc', 'Brows lowered.'),
      ...whole('think', 'Voice wins.'),
      ...whole('answer', 'angry'),
    ]);
  });

  it('gives the same result however the stream is cut, down to one character at a time', () => {
    const whole = merged(run([FULL]));
    expect(merged(run([...FULL]))).toEqual(whole);
    for (let cut = 1; cut < FULL.length; cut += 7)
      expect(merged(run([FULL.slice(0, cut), FULL.slice(cut)]))).toEqual(whole);
  });

  it('emits text before the stream ends (streaming), holding back only a possible tag', () => {
    const p = new SectionParser();
    expect(p.feed('<think>The vo')).toEqual([
      { type: 'open', section: 'think' },
      { type: 'text', section: 'think', text: 'The vo' },
    ]);
    expect(p.feed('ice</th')).toEqual([{ type: 'text', section: 'think', text: 'ice' }]);
    expect(p.feed('ink>')).toEqual([{ type: 'close', section: 'think' }]);
  });

  it('treats garbage, other markup and stray angle brackets as text', () => {
    const events = merged(run(['<vis_desc>a < b <b>bold</b> <script>x</script> <vis_des']));
    expect(events).toEqual([
      { type: 'open', section: 'vis_desc' },
      { type: 'text', section: 'vis_desc', text: 'a < b <b>bold</b> <script>x</script> <vis_des' },
    ]);
  });

  it('closes a section implicitly when another opens, and drops closes that match nothing', () => {
    expect(sectionOrder('<vis_desc>x<aud_desc>y</vis_desc>z</aud_desc>')).toEqual(['vis_desc', 'aud_desc']);
    expect(parseSections('<vis_desc>x<aud_desc>y</vis_desc>z</aud_desc>')).toEqual({ vis_desc: 'x', aud_desc: 'yz' });
    expect(merged(run(['outside <answer>sad']))).toEqual([
      { type: 'text', section: null, text: 'outside ' },
      { type: 'open', section: 'answer' },
      { type: 'text', section: 'answer', text: 'sad' },
    ]);
  });
});

describe('plainText', () => {
  it('reads the sections in their order as sentences, without tags', () => {
    expect(
      plainText('<aud_desc>The voice is loud</aud_desc><vis_desc>The face is still.</vis_desc><answer>angry</answer>'),
    ).toBe('The voice is loud. The face is still. Answer: angry.');
    expect(plainText('')).toBe('');
  });
});
