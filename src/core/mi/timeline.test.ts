import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../labels.ts';
import { modalityImportance } from './importance.ts';
import { CSV_COLUMNS, sessionCsv } from './export.ts';
import { describeMark, explanationSections, timelineMarks } from './timeline.ts';
import { templateExplanation, type AnalysisWindow } from './window.ts';

const peaked = (emotion: string, p: number) => EMOTIONS.map((e) => (e === emotion ? p : (1 - p) / 6));

/** A window as the session makes it: readings → MI → the template's explanations in both orders. */
async function window(
  id: number,
  startAt: number,
  readings: { modality: 'face' | 'voice' | 'words'; emotion: string; p: number }[],
  kind: AnalysisWindow['kind'] = 'utterance',
): Promise<AnalysisWindow> {
  const rs = readings.map((r) => ({ modality: r.modality, distribution: peaked(r.emotion, r.p), reliability: 0.9 }));
  const mi = modalityImportance(rs)!;
  const evidence = Object.fromEntries(
    readings.map((r) => [r.modality, { modality: r.modality, reading: { emotion: r.emotion, p: r.p }, cues: [] }]),
  );
  const migr = await templateExplanation(mi, evidence, 'migr', null);
  const visual = await templateExplanation(mi, evidence, 'visual-first', null);
  return {
    id,
    kind,
    startAt,
    endAt: startAt + 2500,
    mi,
    readings: rs,
    evidence,
    explanations: { migr, 'visual-first': visual },
    latencyMs: 3,
    note: null,
  };
}

/** An utterance's window (a calm face, an angry voice), then a sliding one of a smiling face alone. */
async function calmFaceAngryVoiceThenSmile(id: number, startAt: number, smileAt: number, smile: number) {
  return [
    await window(id, startAt, [
      { modality: 'face', emotion: 'neutral', p: 0.8 },
      { modality: 'voice', emotion: 'angry', p: 0.9 },
    ]),
    await window(id + 1, smileAt, [{ modality: 'face', emotion: 'happy', p: smile }], 'sliding'),
  ];
}

describe('the session timeline', () => {
  it("marks each window from the first one's start, with each modality's top emotion and the dominant one", async () => {
    const windows = await calmFaceAngryVoiceThenSmile(1, 10_000, 16_000, 0.7);
    const marks = timelineMarks(windows);
    expect(marks[0]).toMatchObject({ id: 1, startS: 0, endS: 2.5, kind: 'utterance' });
    expect(marks[0]!.tops.map((t) => `${t.modality}:${t.emotion}`)).toEqual(['face:neutral', 'voice:angry']);
    expect(marks[0]!.dominant).toBe(windows[0]!.mi.dominant);
    expect(marks[1]).toMatchObject({ startS: 6, kind: 'sliding', prediction: 'happy', dominant: 'face' });
    expect(describeMark(marks[1]!, 1)).toBe(
      'Window 2, 6.0 s to 8.5 s, the face alone: face happy 70%; fused happy, face dominant',
    );
  });

  it("shows a finished explanation section by section, in its plan's order", async () => {
    const w = await window(1, 0, [
      { modality: 'face', emotion: 'sad', p: 0.8 },
      { modality: 'voice', emotion: 'sad', p: 0.7 },
    ]);
    const sections = explanationSections(w.explanations.migr!);
    expect(sections.map((s) => s.section)).toEqual(w.explanations.migr!.plan);
    expect(sections.every((s) => s.closed && s.text.length > 0)).toBe(true);
  });

  it('exports one CSV row per window that matches the window, quoting what needs it', async () => {
    const windows = await calmFaceAngryVoiceThenSmile(7, 5_000, 9_500, 0.75);
    const csv = sessionCsv(windows);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    const row = (i: number) =>
      Object.fromEntries(lines[0]!.split(',').map((name, j) => [name, lines[i]!.split(',')[j]]));
    const first = row(1);
    expect(first).toMatchObject({
      window: '1',
      start_s: '0',
      end_s: '2.5',
      kind: 'utterance',
      face_top: 'neutral',
      face_p: '0.8',
      voice_top: 'angry',
      voice_p: '0.9',
      words_top: '',
      words_p: '',
    });
    expect(first.fused).toBe(windows[0]!.mi.prediction);
    expect(first.dominant).toBe(windows[0]!.mi.dominant);
    expect(Number(first.voice_contribution)).toBeCloseTo(
      windows[0]!.mi.entries.find((e) => e.modality === 'voice')!.contribution,
      3,
    );
    expect(first.migr_consistent).toBe(String(windows[0]!.explanations.migr!.verdict.consistent));
    expect(row(2)).toMatchObject({
      window: '2',
      start_s: '4.5',
      kind: 'sliding',
      face_top: 'happy',
      voice_top: '',
      dominant: 'face',
    });
    // A field with a comma or a quote is quoted, its quotes doubled.
    const odd = { ...windows[1]!, kind: 'a "b", c' as unknown as 'sliding' };
    expect(sessionCsv([odd]).split('\r\n')[1]).toContain('"a ""b"", c"');
  });
});
