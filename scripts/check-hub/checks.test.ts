import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../src/core/manifest.ts';
import { checksFor } from './checks.ts';
import type { PageResult } from './kinds.ts';

const entry = { id: 'm', name: 'M' } as ModelEntry;
const base = { id: 'm', device: 'wasm', reason: 'WASM', files: [], loadS: 1, firstRunS: 0.1, warmRunMs: 10 };
const result = (kind: PageResult['kind'], output: unknown, extra: Partial<PageResult> = {}): PageResult => ({
  ...base,
  kind,
  output,
  ...extra,
});
const verdicts = (r: PageResult) => checksFor(entry, r).map((c) => [c.name, c.ok]);

describe('check:hub checks', () => {
  it('face: the labels map, and the smiling face must read happy', () => {
    const scores = (happy: number) =>
      ['sad', 'disgust', 'angry', 'neutral', 'fear', 'surprise', 'happy'].map((label) => ({
        label,
        score: label === 'happy' ? happy : (1 - happy) / 6,
      }));
    expect(verdicts(result('face', scores(0.9)))).toEqual([
      ['loads and runs', true],
      ['labels map', true],
      ['smiling face reads happy', true],
    ]);
    expect(verdicts(result('face', scores(0.05)))[2]).toEqual(['smiling face reads happy', false]);
    expect(verdicts(result('face', [{ label: 'contempt', score: 1 }]))[1]).toEqual(['labels map', false]);
  });

  it('speech-to-text: a word error rate under 30% against the sentence', () => {
    expect(verdicts(result('speech-to-text', "Don't forget a jacket"))[1]).toEqual([
      'sentence transcribed (WER < 30%)',
      true,
    ]);
    expect(verdicts(result('speech-to-text', 'forget the packet'))[1]).toEqual([
      'sentence transcribed (WER < 30%)',
      false,
    ]);
  });

  it('speech emotion: labels from its config.json, and a top class', () => {
    const r = result(
      'speech-emotion',
      [
        { label: 'ang', score: 0.7 },
        { label: 'hap', score: 0.3 },
      ],
      { id2label: { 0: 'ang', 1: 'hap' } },
    );
    expect(verdicts(r)).toEqual([
      ['loads and runs', true],
      ['labels map', true],
      ['a top class comes out', true],
    ]);
    expect(verdicts({ ...r, id2label: { 0: 'ang', 1: 'boredom' } })[1]).toEqual(['labels map', false]);
  });

  it('explainer: every section in plan order, and an answer among the seven labels', () => {
    const plan = ['aud_desc', 'vis_desc', 'think', 'answer'];
    const ok = {
      plan,
      sections: plan,
      text: '<aud_desc>a</aud_desc><vis_desc>b</vis_desc><think>c</think><answer>angry</answer>',
      ttftMs: 5,
      tokensPerSecond: 9,
      tokens: 9,
    };
    expect(verdicts(result('explainer', ok)).every(([, v]) => v)).toBe(true);
    expect(verdicts(result('explainer', { ...ok, sections: ['vis_desc', 'aud_desc', 'think', 'answer'] }))[1]).toEqual([
      'every section, in MI order',
      false,
    ]);
    expect(verdicts(result('explainer', { ...ok, text: '<answer>furious</answer>' }))[2]).toEqual([
      'answer among the seven labels',
      false,
    ]);
  });

  it('a model that failed to load is one failed check with the error', () => {
    expect(checksFor(entry, result('face', null, { error: 'needs WebGPU' }))).toEqual([
      { name: 'loads and runs', ok: false, detail: 'needs WebGPU' },
    ]);
  });
});
