import { describe, expect, it } from 'vitest';
import {
  GAP_S,
  LEAD_S,
  matchWindows,
  rowFor,
  schedule,
  summarise,
  type ExportedWindow,
  type Scenario,
} from './live-core.ts';

const win = (
  startMs: number,
  prediction: ExportedWindow['prediction'],
  voice: [ExportedWindow['prediction'], number],
  dominant = 'voice',
  kind: ExportedWindow['kind'] = 'utterance',
): ExportedWindow => ({
  kind,
  startMs,
  endMs: startMs + 2000,
  prediction,
  pFused: 0.8,
  dominant,
  modalities: [
    { modality: 'face', distribution: null, reliability: 0.95, top: { emotion: 'neutral', p: 0.97 } },
    { modality: 'voice', distribution: null, reliability: 0.8, top: { emotion: voice[0], p: voice[1] } },
  ],
});

describe('eval:live, the pure half', () => {
  it('schedules each utterance after the lead, GAP_S after the end of the one before', () => {
    expect(schedule([2, 1.5, 2])).toEqual([LEAD_S, LEAD_S + 2 + GAP_S, LEAD_S + 2 + GAP_S + 1.5 + GAP_S]);
  });

  it('matches windows to onsets whatever the export counts from, skips sliding windows, and leaves a missed utterance empty', () => {
    const onsets = schedule([2, 2, 2, 2]); // 2, 7, 12, 17 s
    // The export counts from a sliding window 1.3 s before the first sentence; the third sentence was never cut.
    const windows = [
      win(0, 'neutral', ['neutral', 0.5], 'face', 'sliding'),
      win(1300, 'angry', ['angry', 0.9]),
      win(6350, 'angry', ['angry', 0.9]),
      win(16200, 'happy', ['happy', 0.7]),
    ];
    const matched = matchWindows(onsets, windows);
    expect(matched.map((w) => w?.startMs ?? null)).toEqual([1300, 6350, null, 16200]);
    expect(matchWindows(onsets, [])).toEqual([null, null, null, null]);
  });

  it('summarises the four figures: voice leads, fused correct per scenario, face holds, run stability', () => {
    const calm: Scenario = { name: 'a', kind: 'a', face: 'f', faceLabel: 'neutral', utterances: [] };
    const smiling: Scenario = { name: 'b', kind: 'b', face: 'f', faceLabel: 'happy', utterances: [] };
    const run: Scenario = { name: 'c', kind: 'c', face: 'f', faceLabel: 'neutral', utterances: [] };
    const u = (label: 'angry' | 'neutral') => ({
      path: `/x/${label}.wav`,
      label,
      corpus: 'cremad' as const,
      speaker: '1',
    });
    const rows = [
      rowFor(calm, u('angry'), win(0, 'angry', ['angry', 0.9])), // leads
      rowFor(calm, u('angry'), win(0, 'neutral', ['angry', 0.7], 'face')), // clear, but did not lead
      rowFor(calm, u('angry'), win(0, 'neutral', ['angry', 0.5], 'face')), // not clear enough to count
      rowFor(smiling, u('neutral'), win(0, 'happy', ['neutral', 0.8], 'face')), // holds
      rowFor(smiling, u('neutral'), win(0, 'sad', ['sad', 0.9])), // overturned
      rowFor(run, u('angry'), win(0, 'angry', ['angry', 0.8])),
      rowFor(run, u('angry'), null), // missed: counts against
    ];
    const s = summarise(rows);
    expect(s.voice_leads).toEqual({ n: 3, k: 2, share: 2 / 3 });
    expect(s.fused_correct.a).toEqual({ n: 3, k: 1, share: 1 / 3 });
    expect(s.face_holds).toEqual({ n: 2, k: 1, share: 0.5 });
    expect(s.run_stability).toEqual({ n: 2, k: 1, share: 0.5 });
    expect(s.missed).toBe(1);
    expect(s.fused_correct.d).toEqual({ n: 0, k: 0, share: null });
  });
});
