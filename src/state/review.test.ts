/**
 * Reviewing windows (WindowReview): the panels follow the newest window or the one chosen on the timeline.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { explainer, settle, utterance, written } from '../test-support/analysis-fakes.ts';
import { AnalysisSession } from './analysis.svelte.ts';

beforeAll(() => {
  // Node has no animation frames: the session only uses them to time its performance marks.
  globalThis.requestAnimationFrame ??= ((cb: FrameRequestCallback) =>
    setTimeout(() => cb(performance.now()), 0)) as unknown as typeof requestAnimationFrame;
});

describe('WindowReview', () => {
  it('follows the newest window, or the one reviewed; steps clamp; an unknown id follows the newest', async () => {
    const session = new AnalysisSession();
    const { llm } = explainer(async (plan) => written(plan, (s) => (s === 'answer' ? 'angry' : 'The voice is loud.')));
    session.explainer = llm;
    for (let i = 0; i < 3; i++) {
      await session.addUtterance(utterance(), null);
      await settle();
    }
    const [first, second, third] = session.windows;
    const { review } = session;
    expect(review.shown).toBe(third);
    expect(review.live).toBe(true);
    review.to(first!.id);
    expect(review.shown).toBe(first);
    expect(review.live).toBe(false);
    // A reviewed window shows its finished explanation, not the stream of the newest.
    expect(review.sections.map((s) => s.section)).toEqual(['aud_desc', 'think', 'answer']);
    review.step(-1);
    expect(review.shown).toBe(first);
    review.step(+1);
    expect(review.shown).toBe(second);
    review.step(+5);
    expect(review.shown).toBe(third);
    await session.addUtterance(utterance(), null);
    await settle();
    // New windows arrive while reviewing; the reviewed one stays shown.
    expect(review.shown).toBe(third);
    review.to(9999);
    expect(review.reviewing).toBeNull();
    expect(review.shown).toBe(session.current);
  });
});
