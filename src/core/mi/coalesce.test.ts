import { describe, expect, it } from 'vitest';
import { coalesceEvents, coalesceText } from './coalesce.ts';
import type { ParseEvent } from './parser.ts';

describe('coalescing streamed text', () => {
  it('sends the first text at once, then at most once per interval, and all of it by the flush', () => {
    let t = 0;
    const now = () => t;
    const sent: string[] = [];
    const c = coalesceText((s) => sent.push(s), now, 16);
    c.push('A');
    for (const ch of 'bcdef') {
      t += 3;
      c.push(ch);
    }
    // 'b'…'f' arrive within 15 ms of 'A': held back.
    expect(sent).toEqual(['A']);
    t += 40;
    c.push('g');
    c.push('h');
    expect(sent).toEqual(['A', 'bcdefg']);
    c.flush();
    expect(sent).toEqual(['A', 'bcdefg', 'h']);
    c.flush();
    expect(sent.length).toBe(3);
  });

  it('keeps sections apart and in order: open and close are never delayed behind text', () => {
    let t = 0;
    const now = () => t;
    const sent: ParseEvent[] = [];
    const c = coalesceEvents((e) => sent.push(e), now, 16);
    const events: ParseEvent[] = [
      { type: 'open', section: 'aud_desc' },
      { type: 'text', section: 'aud_desc', text: 'The ' },
      { type: 'text', section: 'aud_desc', text: 'voice ' },
      { type: 'text', section: 'aud_desc', text: 'rises.' },
      { type: 'close', section: 'aud_desc' },
      { type: 'open', section: 'answer' },
      { type: 'text', section: 'answer', text: 'an' },
      { type: 'text', section: 'answer', text: 'gry' },
      { type: 'close', section: 'answer' },
    ];
    for (const e of events) {
      t += 1;
      c.push(e);
    }
    c.flush();
    expect(sent).toEqual([
      { type: 'open', section: 'aud_desc' },
      { type: 'text', section: 'aud_desc', text: 'The ' },
      { type: 'text', section: 'aud_desc', text: 'voice rises.' },
      { type: 'close', section: 'aud_desc' },
      { type: 'open', section: 'answer' },
      { type: 'text', section: 'answer', text: 'angry' },
      { type: 'close', section: 'answer' },
    ]);
  });
});
