/**
 * Fakes for the analysis session's tests: utterances of an angry voice, and an LLM explainer behind its
 * interface that records its calls (the real worker path is tested on the tiny models).
 */
import { EMOTIONS } from '../core/labels.ts';
import type { GuidedResult } from '../core/mi/guided.ts';
import type { Section } from '../core/mi/parser.ts';
import type { Utterance } from '../state/audio.svelte.ts';
import type { LlmExplainer } from '../state/explainer.svelte.ts';

export const angry = EMOTIONS.map((e) => (e === 'angry' ? 0.8 : 0.2 / 6));
let clock = 0;
export function utterance(): Utterance {
  clock += 5000;
  return {
    type: 'utterance',
    startMs: clock,
    endMs: clock + 2000,
    startAt: clock,
    endAt: clock + 2000,
    decidedAt: performance.now(),
    distribution: angry,
    reliability: 0.9,
    speechProbability: 0.9,
    cues: ['pitch high and variable'],
    abstained: null,
    notes: [],
    prosody: {} as Utterance['prosody'],
    arousal: 0.6,
    split: false,
    analysisMs: 1,
    voiceMs: 1,
  };
}

export function written(plan: readonly Section[], body: (s: Section) => string): GuidedResult {
  const sections = plan.map((section) => ({ section, text: body(section), closedByModel: true, tokens: 3 }));
  return {
    text: sections.map((s) => `<${s.section}>${s.text}</${s.section}>`).join(''),
    mode: 'reasoned',
    hinted: false,
    sections,
    stopped: false,
    tokens: sections.length * 3,
    ttftMs: 5,
    tokensPerSecond: 100,
  };
}

/** An explainer that records its calls and answers from `answer` (which may wait or throw). */
export function explainer(
  answer: (plan: readonly Section[], sample: boolean, call: number) => Promise<GuidedResult>,
  hearsAudio = false,
) {
  const calls: { plan: readonly Section[]; sample: boolean; audio: Float32Array | null }[] = [];
  const llm: LlmExplainer = {
    name: 'Test LM',
    seesImage: false,
    hearsAudio,
    async explain(plan, _evidence, _mi, onEvent, _image, sample = false, audio = null) {
      calls.push({ plan, sample, audio });
      const result = await answer(plan, sample, calls.length);
      for (const s of result.sections) {
        onEvent({ type: 'open', section: s.section });
        onEvent({ type: 'text', section: s.section, text: s.text });
        onEvent({ type: 'close', section: s.section });
      }
      return result;
    },
    stop() {},
  };
  return { llm, calls };
}

/** An explainer whose first call waits until `release()`; every call writes "x.". */
export function gatedExplainer(hearsAudio = false) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const made = explainer(async (plan, _s, call) => {
    if (call === 1) await gate;
    return written(plan, () => 'x.');
  }, hearsAudio);
  return { ...made, release };
}

export const settle = () => new Promise((r) => setTimeout(r, 20));
