import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../labels.ts';
import { modalityImportance } from './importance.ts';
import { SectionParser } from './parser.ts';
import {
  applyParseEvents,
  facePart,
  keepBest,
  templateExplanation,
  voicePart,
  windowInputs,
  withTemplateFallback,
  wordsPart,
  type StreamedSection,
} from './window.ts';
import { sessionCsv, sessionExport } from './export.ts';

const peaked = (emotion: string, p: number) => EMOTIONS.map((e) => (e === emotion ? p : (1 - p) / 6));
const pooled = (emotion: string) => ({
  distribution: peaked(emotion, 0.7),
  reliability: 0.9,
  frames: 10,
  framesWithFace: 10,
  cues: [],
});

describe("a window's parts", () => {
  it('face: mouth cues read while speaking carry a caveat; no face, no part', () => {
    const cues = [{ cue: 'mouthCornerLift' as const, phrase: 'mouth corners raised', delta: 0.06, strength: 2.4 }];
    const smiling = { ...pooled('happy'), cues };
    expect(facePart(smiling, true)?.evidence).toMatchObject({
      cues: ['mouth corners raised (clearly)'],
      notes: ['mouth cues were read while speaking'],
    });
    expect(facePart(smiling, false)?.evidence.notes).toBeUndefined();
    expect(facePart(null, true)).toBeNull();
    expect(facePart({ ...smiling, reliability: 0 }, true)).toBeNull();
  });

  it('voice and words: absent when the model abstained or gave no weight; the transcript stays data', () => {
    expect(voicePart({ distribution: [], reliability: 0, cues: [], notes: [] })).toBeNull();
    expect(voicePart({ distribution: peaked('angry', 0.8), reliability: 0, cues: [], notes: [] })).toBeNull();
    const v = voicePart({
      distribution: peaked('angry', 0.8),
      reliability: 0.7,
      cues: ['louder than usual (+6 decibels)'],
      notes: ['n'],
    });
    expect(v?.evidence).toMatchObject({
      reading: { emotion: 'angry' },
      cues: ['louder than usual (+6 decibels)'],
      notes: ['n'],
    });
    expect(wordsPart({ transcript: 'hi', distribution: null, reliability: 0.5 })).toBeNull();
    // The prosodic arousal goes with the voice's evidence where it was measured, and is absent where not.
    const measured = voicePart({
      distribution: peaked('angry', 0.8),
      reliability: 0.7,
      cues: [],
      notes: [],
      arousal: 0.4,
    });
    expect(measured?.evidence.arousal).toBe(0.4);
    expect(v?.evidence).not.toHaveProperty('arousal');
    const { readings, evidence } = windowInputs([
      facePart(pooled('sad'), false),
      v,
      wordsPart({ transcript: 'so sad', distribution: peaked('sad', 0.9), reliability: 0.6 }),
    ]);
    expect(readings.map((r) => r.modality)).toEqual(['face', 'voice', 'words']);
    expect(evidence.words?.transcript).toBe('so sad');
  });
});

describe('explanations of a window', () => {
  const { readings, evidence } = windowInputs([
    facePart(pooled('happy'), false),
    voicePart({ distribution: peaked('happy', 0.8), reliability: 0.8, cues: [], notes: [] }),
  ]);
  const mi = modalityImportance(readings)!;

  it('the template writes each order, scored; a failed model leaves a stopped one to the template too', async () => {
    const migr = await templateExplanation(mi, evidence, 'migr', null);
    expect(migr.source).toBe('template');
    // The template opens each section and is given ŷ: order and answer do not score.
    expect(migr.reward).toMatchObject({ orderCorrect: null, answerCorrect: null });
    expect(migr.reward.total).toBe(migr.reward.consistentShare);
    const stopped = { ...migr, source: 'LM', figures: { ttftMs: 1, tokensPerSecond: 1, tokens: 1, stopped: true } };
    const filled = await withTemplateFallback({ migr: stopped }, mi, evidence, null);
    expect(filled.migr?.source).toBe('template');
    expect(filled['visual-first']?.source).toBe('template');
    const kept = await withTemplateFallback(
      { migr: { ...stopped, figures: { ...stopped.figures, stopped: false } } },
      mi,
      evidence,
      null,
    );
    expect(kept.migr?.source).toBe('LM');
  });

  it('best of N keeps the best-rewarded text (the first on a tie) and records every total', async () => {
    const first = await templateExplanation(mi, evidence, 'migr', null);
    const worse = '<vis_desc>Nothing.</vis_desc><answer>sad</answer>';
    const kept = await keepBest(first, [worse, first.text], mi, evidence, null);
    expect(kept.bestOf?.index).toBe(1);
    expect(kept.text).toBe(first.text);
    expect(kept.bestOf?.totals).toHaveLength(2);
    expect((await keepBest(first, [first.text, first.text], mi, evidence, null)).bestOf?.index).toBe(0);
  });

  it("streamed sections follow the parser's events; the export carries fused and per-modality distributions", async () => {
    const sections: StreamedSection[] = [];
    const parser = new SectionParser();
    for (const piece of ['<aud_desc>Lou', 'd.</aud_desc><answer>an', 'gry</answer>'])
      applyParseEvents(sections, parser.feed(piece));
    applyParseEvents(sections, parser.end());
    expect(sections).toEqual([
      { section: 'aud_desc', text: 'Loud.', closed: true },
      { section: 'answer', text: 'angry', closed: true },
    ]);
    const window = {
      id: 1,
      kind: 'utterance' as const,
      startAt: 1000,
      endAt: 3000,
      mi,
      readings,
      evidence,
      explanations: {},
      latencyMs: 5,
      note: null,
    };
    const out = sessionExport([window], { tier: 'lite' }, new Date(0));
    expect(out).toMatchObject({
      format: 'attend-first-session/2',
      exportedAt: '1970-01-01T00:00:00.000Z',
      tier: 'lite',
      emotions: EMOTIONS,
    });
    const w = out.windows[0] as { startMs: number; fused: number[]; modalities: { distribution: number[] }[] };
    expect(w.startMs).toBe(0);
    expect(w.fused).toEqual(mi.fused);
    expect(w.modalities.map((m) => m.distribution)).toEqual(readings.map((r) => r.distribution));
    expect((out.windows[0] as { whatIf: unknown[] }).whatIf).toEqual([]);
    // The what-ifs shown go in too, recomputed: the JSON per window, the CSV in a column.
    const shown = new Map([[1, [['voice' as const]]]]);
    const withWhatIf = sessionExport([window], {}, new Date(0), shown).windows[0] as { whatIf: unknown[] };
    const faceOnly = modalityImportance(readings.filter((r) => r.modality === 'face'))!;
    expect(withWhatIf.whatIf).toEqual([
      expect.objectContaining({
        without: ['voice'],
        prediction: faceOnly.prediction,
        dominant: 'face',
        summary: `without the voice: ${faceOnly.prediction}, face-led`,
      }),
    ]);
    const csv = sessionCsv([window], shown).split('\r\n');
    expect(csv[0]!.split(',').at(-1)).toBe('what_if');
    expect(csv[1]!.endsWith(`,"without the voice: ${faceOnly.prediction}, face-led"`)).toBe(true);
  });
});
