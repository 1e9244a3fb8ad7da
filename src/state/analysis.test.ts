/**
 * The analysis session's explainer logic (a rune class, compiled by the Svelte plugin): which
 * explanations an LLM writes for a window, the template taking over when it fails, the newest
 * window waiting while the LLM is busy, and best of N. The LLM sits behind its interface here; the
 * real worker path is tested on the tiny models (src/platform/hub.test.ts, e2e/hub-models.spec.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../core/labels.ts';
import { MAX_MEASURES, measureAtPaint } from '../platform/measure.ts';
import { agreement } from '../core/mi/timeline.ts';
import { AnalysisSession } from './analysis.svelte.ts';
import { explainer, gatedExplainer, settle, utterance, written } from '../test-support/analysis-fakes.ts';

beforeAll(() => {
  // Node has no animation frames: the session only uses them to time its performance marks.
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) =>
    setTimeout(() => cb(performance.now()), 0)) as unknown as typeof requestAnimationFrame;
});

describe('AnalysisSession timings', () => {
  it('keeps its performance measures bounded over a long session, newest kept', async () => {
    performance.clearMeasures('test:bounded');
    const starts: number[] = [];
    for (let i = 0; i < 2.5 * MAX_MEASURES; i++) {
      starts.push(performance.now());
      measureAtPaint('test:bounded', starts.at(-1)!);
    }
    await new Promise((r) => setTimeout(r, 100));
    const kept = performance.getEntriesByName('test:bounded', 'measure');
    expect(kept.length).toBeLessThanOrEqual(MAX_MEASURES);
    expect(kept.length).toBeGreaterThanOrEqual(MAX_MEASURES / 2);
    expect(kept.at(-1)!.startTime).toBe(starts.at(-1));
    performance.clearMeasures('test:bounded');
  });

  it("measures utterance → MI and → first word from the voice detector's decision, MI first", async () => {
    performance.clearMeasures();
    const session = new AnalysisSession();
    const decidedAt = performance.now();
    await new Promise((r) => setTimeout(r, 400));
    await session.addUtterance({ ...utterance(), decidedAt }, null);
    await new Promise((r) => setTimeout(r, 200));
    const [mi] = performance.getEntriesByName('attend-first:utterance-to-mi');
    const [word] = performance.getEntriesByName('attend-first:utterance-to-first-token');
    expect(mi!.startTime).toBe(decidedAt);
    expect(word!.startTime).toBe(decidedAt);
    expect(mi!.duration).toBeGreaterThanOrEqual(400);
    expect(word!.duration).toBeGreaterThanOrEqual(mi!.duration);
  });
});

describe('AnalysisSession with an LLM explainer', () => {
  it('writes the MI-ordered explanation (streamed) and then the visual-first one, with their figures', async () => {
    const session = new AnalysisSession();
    const { llm, calls } = explainer(async (plan) =>
      written(plan, (s) => (s === 'answer' ? 'angry' : 'The voice sounds angry.')),
    );
    session.explainer = llm;
    await session.addUtterance(utterance(), null);
    await settle();
    const w = session.current!;
    expect(calls.map((c) => c.plan.join(','))).toEqual(['aud_desc,think,answer', 'aud_desc,think,answer']);
    expect(w.explanations.migr!.source).toBe('Test LM');
    expect(w.explanations.migr!.figures).toMatchObject({ ttftMs: 5, tokensPerSecond: 100, tokens: 9, stopped: false });
    expect(w.explanations.migr!.verdict.consistent).toBe(true);
    expect(w.explanations['visual-first']).toBeDefined();
    expect(session.stream.sections.map((s) => s.section)).toEqual(['aud_desc', 'think', 'answer']);
    expect(session.stream.streaming).toBe(false);
    // The model's own answer (reasoned) agreed with the fused prediction.
    expect(w.explanations.migr!.mode).toBe('reasoned');
    expect(agreement(session.windows)).toEqual({ agreed: 1, of: 1 });
  });

  it('writes a what-if on request from the evidence left, streamed; while the explainer is busy it waits, says so, and comes next', async () => {
    const words = {
      transcript: 'It is eleven.',
      distribution: EMOTIONS.map((e) => (e === 'neutral' ? 0.8 : 0.2 / 6)),
      reliability: 0.6,
    };
    const session = new AnalysisSession();
    const { llm, calls } = explainer(async (plan) => written(plan, (s) => (s === 'answer' ? 'neutral' : 'x.')));
    session.explainer = llm;
    await session.addUtterance(utterance(), null, words);
    await settle();
    const w = session.current!;
    expect(w.mi.entries.map((e) => e.modality).sort()).toEqual(['voice', 'words']);
    const before = calls.length;
    session.whatIf.toggle(w, 'voice');
    await session.explainWhatIf(w);
    // One more call, on the plan of the window without the voice: only the words are left.
    expect(calls.length).toBe(before + 1);
    expect(calls.at(-1)!.plan).toEqual(['txt_desc', 'think', 'answer']);
    expect(session.whatIf.written).toMatchObject({ key: `${w.id}:voice`, source: 'Test LM', done: true, error: null });
    expect(session.whatIf.written!.sections.map((x) => x.section)).toEqual(['txt_desc', 'think', 'answer']);
    // Busy with a window: it waits and says so; once that window's explanation is written (its visual-first
    // one is skipped: a newer window waits), it is written next, before the window that arrived meanwhile.
    const gated = gatedExplainer();
    session.explainer = gated.llm;
    void session.addUtterance(utterance(), null, words);
    await settle();
    const busyCalls = gated.calls.length;
    await session.explainWhatIf(w);
    expect(gated.calls.length).toBe(busyCalls);
    expect(session.whatIf.written).toMatchObject({ waiting: true, done: false, sections: [] });
    void session.addUtterance(utterance(), null, words);
    await settle();
    gated.release();
    await settle();
    const plans = gated.calls.map((c) => c.plan.join(','));
    expect(plans[busyCalls]).toBe('txt_desc,think,answer');
    expect(session.whatIf.written).toMatchObject({ waiting: false, done: true, error: null });
    expect(session.whatIf.written!.sections.map((x) => x.section)).toEqual(['txt_desc', 'think', 'answer']);
    // …and the window that waited is written by the LLM after it.
    expect(plans.slice(busyCalls + 1)).toEqual(['aud_desc,txt_desc,think,answer', 'aud_desc,txt_desc,think,answer']);
    expect(session.current!.explanations.migr!.source).toBe('Test LM');
    // Stopped while waiting: it says so, and is never written.
    const again = gatedExplainer();
    session.explainer = again.llm;
    void session.addUtterance(utterance(), null, words);
    await settle();
    await session.explainWhatIf(w);
    session.stop();
    again.release();
    await settle();
    expect(session.whatIf.written).toMatchObject({ done: true, error: 'Stopped before it was written.' });
    expect(again.calls.every((c) => c.plan.join(',') !== 'txt_desc,think,answer')).toBe(true);
  });

  it('lets the template write a window whose generation failed, and says why', async () => {
    const session = new AnalysisSession();
    session.explainer = explainer(async () => {
      throw new Error('device lost');
    }).llm;
    await session.addUtterance(utterance(), null);
    await settle();
    const w = session.current!;
    expect(w.note).toBe('The explainer failed (device lost); the template wrote this explanation.');
    expect(w.explanations.migr!.source).toBe('template');
    expect(w.explanations['visual-first']!.source).toBe('template');
    expect(session.stream.sections.map((s) => s.section)).toEqual(['aud_desc', 'think', 'answer']);
  });

  it('while the LLM is busy, only the newest window waits; the ones in between are written by the template', async () => {
    const session = new AnalysisSession();
    const { llm, calls, release } = gatedExplainer();
    session.explainer = llm;
    await session.addUtterance(utterance(), null);
    await session.addUtterance(utterance(), null);
    await session.addUtterance(utterance(), null);
    const [first, second, third] = session.windows;
    release();
    await settle();
    // Window 1: its MI-ordered explanation, no baseline (a newer window was waiting); window 2 by the template; window 3 in full.
    expect(calls.length).toBe(3);
    const byId = (id: number) => session.windows.find((w) => w.id === id)!;
    expect(Object.keys(byId(first!.id).explanations)).toEqual(['migr']);
    expect(byId(second!.id).explanations.migr?.source).toBe('template');
    expect(byId(second!.id).note).toContain('A newer window came while the explainer was busy');
    expect(Object.keys(byId(third!.id).explanations).sort()).toEqual(['migr', 'visual-first']);
    expect(session.current!.id).toBe(third!.id);
    expect([session.made, session.explained]).toEqual([3, 3]);
  });

  it('best of N keeps the candidate with the highest reward and records every reward', async () => {
    const session = new AnalysisSession();
    session.candidates = 3;
    // The greedy candidate answers wrongly and reads happy; the second sampled one is right.
    const { llm, calls } = explainer(async (plan, sample, call) =>
      written(plan, (s) => {
        const good = sample && call % 3 === 0;
        if (s === 'answer') return good ? 'angry' : 'happy';
        return good ? 'The voice sounds angry: pitch high and variable.' : 'The voice sounds happy and cheerful.';
      }),
    );
    session.explainer = llm;
    await session.addUtterance(utterance(), null);
    await settle();
    const migr = session.current!.explanations.migr!;
    expect(calls.slice(0, 3).map((c) => c.sample)).toEqual([false, true, true]);
    expect(migr.bestOf!.totals.length).toBe(3);
    expect(migr.bestOf!.index).toBe(2);
    expect(migr.reward.total).toBe(Math.max(...migr.bestOf!.totals));
    expect(migr.text).toContain('pitch high and variable');
    // The page shows the kept candidate.
    expect(session.stream.sections.find((s) => s.section === 'aud_desc')!.text).toContain('pitch high and variable');
  });

  it('hands the utterance samples to an explainer that hears (Omni), and to no other', async () => {
    const samples = new Float32Array(16000).fill(0.1);
    for (const hears of [true, false]) {
      const session = new AnalysisSession();
      const { llm, calls } = explainer(async (plan) => written(plan, () => 'x.'), hears);
      session.explainer = llm;
      await session.addUtterance(utterance(), null, null, samples);
      await settle();
      expect(calls.length).toBe(2);
      for (const c of calls) expect(c.audio).toBe(hears ? samples : null);
    }
  });

  it('a waiting window keeps its own samples', async () => {
    const session = new AnalysisSession();
    const { llm, calls, release } = gatedExplainer(true);
    session.explainer = llm;
    const a = new Float32Array(100);
    const b = new Float32Array(200);
    await session.addUtterance(utterance(), null, null, a);
    await session.addUtterance(utterance(), null, null, b);
    release();
    await settle();
    expect(calls.map((c) => c.audio?.length)).toEqual([100, 200, 200]);
  });
});
