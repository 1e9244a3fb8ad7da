import { describe, expect, it } from 'vitest';
import {
  guidedExplanation,
  sanitizeSectionText,
  StopScanner,
  type SectionDecoder,
  type SectionRequest,
} from './guided.ts';
import { parseSections, sectionOrder, type ParseEvent } from './parser.ts';
import { planSections } from './prompts.ts';
import { migrCase } from '../../test-support/migr-case.ts';

const { mi, evidence } = migrCase({ words: true });

/** A decoder that replays a script per call, in chunks, honouring the stop string and the cap like a model host does. */
function scripted(outputs: readonly string[], chunk = 3): { decode: SectionDecoder; requests: SectionRequest[] } {
  const requests: SectionRequest[] = [];
  const decode: SectionDecoder = async (req, onText) => {
    requests.push(req);
    const script = outputs[requests.length - 1] ?? '';
    let text = '';
    let tokens = 0;
    for (let i = 0; i < script.length && tokens < req.maxNewTokens; i += chunk) {
      const piece = script.slice(i, i + chunk);
      text += piece;
      tokens++;
      onText(piece);
      if (text.includes(req.stop)) break;
    }
    return { text, tokens, interrupted: false, ttftMs: 1 };
  };
  return { decode, requests };
}

describe('MI-guided decoding (core)', () => {
  const plan = planSections(mi, 'migr');

  it('writes the sections in plan order whatever the model writes, and re-grounds each with its own evidence', async () => {
    // The model tries to reorder (answers first), opens other tags, never closes one, and injects markup.
    const { decode, requests } = scripted([
      '<answer>happy</answer> The pitch rises.</aud_desc> ignored after close',
      'The brows are lowered <b>slightly</b>.</vis_desc>',
      'x'.repeat(500),
      '<vis_desc>The voice carries it.</think>',
      'angry</answer>',
    ]);
    const events: ParseEvent[] = [];
    const result = await guidedExplanation(plan, evidence, mi, decode, { onEvent: (e) => events.push(e) });
    expect(sectionOrder(result.text)).toEqual(plan);
    expect(events.filter((e) => e.type === 'open').map((e) => (e as { section: string }).section)).toEqual(plan);
    const parsed = parseSections(result.text);
    expect(parsed.aud_desc).toBe('‹answer›happy‹/answer› The pitch rises.');
    expect(parsed.vis_desc).toBe('The brows are lowered ‹b›slightly‹/b›.');
    expect(parsed.answer).toBe('angry');
    // The never-closed section stopped at its cap and was closed by the app.
    const txt = result.sections.find((s) => s.section === 'txt_desc')!;
    expect(txt.closedByModel).toBe(false);
    expect(txt.tokens).toBe(72);
    expect(result.sections.find((s) => s.section === 'aud_desc')!.closedByModel).toBe(true);
    // Each request: the opened tag as prefix, its closing tag as stop, its own evidence in the last user turn.
    expect(requests.map((r) => r.prefix)).toEqual(plan.map((s) => `<${s}>`));
    expect(requests.map((r) => r.stop)).toEqual(plan.map((s) => `</${s}>`));
    expect(requests[0]!.turns.at(-1)!.content).toContain('pitch high and variable');
    expect(requests[1]!.turns.at(-1)!.content).toContain('brows lowered');
    expect(requests[2]!.turns.at(-1)!.content).toContain('"fine, whatever"');
    // Earlier sections stay in the conversation as the assistant's turns.
    expect(requests[1]!.turns.filter((t) => t.role === 'assistant').map((t) => t.content)).toEqual([
      '<aud_desc>‹answer›happy‹/answer› The pitch rises.</aud_desc>',
    ]);
    // Streamed text equals the final text, section by section.
    const streamed: Record<string, string> = {};
    let current = '';
    for (const e of events) {
      if (e.type === 'open') current = e.section;
      if (e.type === 'text') streamed[current] = (streamed[current] ?? '') + e.text;
    }
    for (const s of result.sections) expect(streamed[s.section]?.trim() ?? '').toBe(s.text);
  });

  it('reasoned (the default): no section prompt names ŷ, and the answer is asked among the seven labels; dictated names it', async () => {
    const reasoned = scripted(plan.map(() => 'x'));
    const r = await guidedExplanation(plan, evidence, mi, reasoned.decode);
    expect(r.mode).toBe('reasoned');
    const userTurns = reasoned.requests.map((q) => q.turns.at(-1)!.content);
    expect(mi.prediction).toBe('angry');
    // The voice's own evidence names its reading (a number with a label); the reasoning and answer prompts do not name ŷ.
    expect(userTurns.at(-2)).not.toContain('angry');
    expect(userTurns.at(-1)).toContain('one of happy, sad, neutral, angry, surprise, disgust, fear');
    expect(reasoned.requests.map((q) => q.choices ?? null)).toEqual([
      ...plan.slice(0, -1).map(() => null),
      ['happy', 'sad', 'neutral', 'angry', 'surprise', 'disgust', 'fear'],
    ]);

    const dictated = scripted(plan.map(() => 'x'));
    const d = await guidedExplanation(plan, evidence, mi, dictated.decode, { mode: 'dictated' });
    expect(d.mode).toBe('dictated');
    expect(dictated.requests.every((q) => q.choices === undefined)).toBe(true);
    expect(dictated.requests.at(-1)!.turns.at(-1)!.content).toContain('Give the emotion as one word: angry.');
    expect(dictated.requests.at(-2)!.turns.at(-1)!.content).toContain('carries the angry reading');
  });

  it('names the dominant modality only when asked, for MIGR reasoned, and says the result was hinted', async () => {
    const think = (requests: SectionRequest[]) => requests.at(-2)!.turns.at(-1)!.content;
    const plain = scripted(plan.map(() => 'x'));
    expect((await guidedExplanation(plan, evidence, mi, plain.decode)).hinted).toBe(false);
    expect(think(plain.requests)).not.toMatch(/voice/i);
    const hinted = scripted(plan.map(() => 'x'));
    expect((await guidedExplanation(plan, evidence, mi, hinted.decode, { nameDominant: true })).hinted).toBe(true);
    expect(think(hinted.requests)).toContain('starting from the voice, which carries it most');
    // The baseline and a dictated answer never take the hint.
    const baseline = scripted(plan.map(() => 'x'));
    const b = await guidedExplanation(planSections(mi, 'visual-first'), evidence, mi, baseline.decode, {
      nameDominant: true,
      order: 'visual-first',
    });
    expect(b.hinted).toBe(false);
    expect(think(baseline.requests)).not.toMatch(/carries/);
    const dictated = scripted(plan.map(() => 'x'));
    const d = await guidedExplanation(plan, evidence, mi, dictated.decode, { mode: 'dictated', nameDominant: true });
    expect(d.hinted).toBe(false);
  });

  it('stops after the section in which Stop was pressed', async () => {
    let calls = 0;
    const decode: SectionDecoder = async (_req, onText) => {
      calls++;
      onText('Some words');
      return { text: 'Some words', tokens: 4, interrupted: calls === 2, ttftMs: 2 };
    };
    const result = await guidedExplanation(plan, evidence, mi, decode);
    expect(result.stopped).toBe(true);
    expect(result.sections.map((s) => s.section)).toEqual(plan.slice(0, 2));
    expect(sectionOrder(result.text)).toEqual(plan.slice(0, 2));
  });

  it('closes the open section and reports a generation that fails half way', async () => {
    const events: ParseEvent[] = [];
    const decode: SectionDecoder = async (req) => {
      if (req.prefix === '<vis_desc>') throw new Error('device lost');
      return { text: 'ok</aud_desc>', tokens: 3, interrupted: false, ttftMs: 1 };
    };
    await expect(guidedExplanation(plan, evidence, mi, decode, { onEvent: (e) => events.push(e) })).rejects.toThrow(
      'device lost',
    );
    expect(events.at(-1)).toEqual({ type: 'close', section: 'vis_desc' });
  });
});

describe('StopScanner', () => {
  it('never shows part of a stop string split across chunks', () => {
    const s = new StopScanner('</think>');
    const shown = ['It is ang', 'ry <', '/thi', 'nk> trailing'].map((c) => s.feed(c));
    expect(shown.join('')).toBe('It is angry ');
    expect(s.done).toBe(true);
    expect(s.flush()).toBe('');
  });

  it('releases a held tail that turned out not to be the stop string', () => {
    const s = new StopScanner('</think>');
    expect(s.feed('a </th')).toBe('a ');
    expect(s.feed('ing')).toBe('</thing');
    expect(s.feed(' <')).toBe(' ');
    expect(s.flush()).toBe('<');
  });

  it('sanitises tags and control characters but keeps line breaks', () => {
    expect(sanitizeSectionText('a<script>\u0007b\nc')).toBe('a‹script›b\nc');
  });
});
