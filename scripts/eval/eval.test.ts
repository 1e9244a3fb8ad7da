import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  findItems,
  mapLabel,
  markdown,
  mergeResults,
  shardItems,
  summarise,
  UnknownLabelError,
  type Item,
  type ItemResult,
} from './run.ts';

const FIXTURES = join(import.meta.dirname, '../../e2e/fixtures');
const MEDIA = join(FIXTURES, 'media');

describe('npm run eval', () => {
  it('maps labels by name from a labels.csv, counts unlabelled items, and refuses a label with no class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    for (const f of ['a.mp4', 'b.wav', 'c.jpg', 'd.wav', 'b.mp4', 'c.wav', 'notes.txt'])
      writeFileSync(join(dir, f), '');
    writeFileSync(join(dir, 'labels.csv'), 'a.mp4,happiness\nb.wav,anger\nc.jpg,calm\nd.wav,-\nnotes.txt,happy\n');
    const found = findItems(dir);
    expect(found.items.map((i) => [i.kind, i.label])).toEqual([
      ['clip', 'happy'],
      ['audio', 'angry'],
      ['image', 'neutral'],
    ]);
    expect(found.unlabelled).toBe(1);
    writeFileSync(join(dir, 'labels.csv'), 'a.mp4,happy\nb.mp4,contempt\nc.wav,boredom\n');
    expect(() => findItems(dir)).toThrow(UnknownLabelError);
    expect(() => findItems(dir)).toThrow('boredom, contempt');
  });

  it('finds the images, speech and clips of a MANIFEST.tsv, each with its kind and speaker', () => {
    const { items, missing } = findItems(FIXTURES);
    const count = (k: Item['kind']) => items.filter((i) => i.kind === k).length;
    expect([count('image'), count('audio'), count('clip')]).toEqual([24, 12, 3]);
    // The manifest also lists the six CREMA-D mp3s, which the repo does not copy: named, not silently dropped.
    expect(missing.filter((m) => m.endsWith('.mp3'))).toHaveLength(6);
    expect(items.find((i) => i.path.endsWith('cremad_1002_DFA_SAD_XX.wav'))).toMatchObject({
      label: 'sad',
      speaker: '1002',
    });
  });

  it('reads images with the face only, audio with the voice only, clips with both, and reports n per modality', async () => {
    const items: Item[] = [
      { path: join(FIXTURES, 'faces/happy/london_001_smiling.jpg'), label: 'happy', kind: 'image', speaker: '' },
      { path: join(FIXTURES, 'faces/neutral/london_001_neutral.jpg'), label: 'neutral', kind: 'image', speaker: '' },
      {
        path: join(FIXTURES, 'speech/angry/cremad_1002_DFA_ANG_XX.wav'),
        label: 'angry',
        kind: 'audio',
        speaker: '1002',
      },
      { path: join(FIXTURES, 'speech/sad/cremad_1002_DFA_SAD_XX.wav'), label: 'sad', kind: 'audio', speaker: '1002' },
      { path: join(MEDIA, 'cremad_1001_DFA_HAP_XX.mp4'), label: 'happy', kind: 'clip', speaker: '1001' },
    ];
    const results = await evaluate(items);
    expect(results.map((r) => [r.kind, r.face !== null, r.voice !== null])).toEqual([
      ['image', true, false],
      ['image', true, false],
      ['audio', false, true],
      ['audio', false, true],
      ['clip', true, true],
    ]);
    for (const r of results) expect(r.fused).not.toBeNull();
    expect(results[4]!.consistent.migr).not.toBeNull();
    const summary = summarise(results);
    expect([summary.items, summary.clips, summary.face.n, summary.voice.n, summary.words.n, summary.fused.n]).toEqual([
      5, 1, 3, 3, 0, 5,
    ]);
    const table = markdown(summary);
    expect(table).toContain('| voice (Lite) | 3 |');
    expect(table).toContain('| MIGR (MI order) |');
  }, 60_000);

  it('summarise: WAR, UAR and both inconsistency denominators, against figures worked by hand', () => {
    type Row = Parameters<typeof summarise>[0][number];
    const row = (
      label: Row['label'],
      fused: Row['fused'],
      face: Row['face'],
      voice: Row['voice'],
      migr: boolean | null,
      vf: boolean | null,
      answer: Row['fused'] = fused,
    ): Row => ({
      item: `${label}-${fused}`,
      kind: voice === null ? 'image' : face === null ? 'audio' : 'clip',
      label,
      face,
      voice,
      words: null,
      fused,
      dominant: face ? 'face' : 'voice',
      consistent: { migr, 'visual-first': vf },
      answer: { migr: migr === null ? null : answer, 'visual-first': vf === null ? null : answer },
      tokensPerSecond: { migr: migr === null ? null : 100, 'visual-first': vf === null ? null : 50 },
    });
    const s = summarise([
      row('happy', 'happy', 'happy', null, true, true), // image, correct, consistent
      row('happy', 'sad', 'sad', null, true, false), // image, wrong
      row('sad', 'sad', 'sad', null, false, false), // image, correct, inconsistent
      row('angry', 'angry', null, 'angry', true, false), // audio, correct; visual-first inconsistent
      row('angry', 'neutral', null, 'neutral', null, null), // audio, wrong, not judged
      row('sad', 'sad', 'neutral', 'sad', false, true, 'neutral'), // clip, correct, MIGR inconsistent; the model answered neutral
    ]);
    // Face over the 4 items with a face: happy ✓, sad ✗(happy), sad ✓, neutral ✗(sad) → WAR 2/4;
    // recall happy 1/2, sad 1/2 → UAR 0.5.
    expect(s.face).toEqual({ n: 4, war: 0.5, uar: 0.5 });
    // Voice over 3 items: angry ✓, neutral ✗(angry), sad ✓ → WAR 2/3; recall angry 1/2, sad 1/1 → UAR 0.75.
    expect(s.voice.n).toBe(3);
    expect(s.voice.war).toBeCloseTo(2 / 3, 12);
    expect(s.voice.uar).toBeCloseTo(0.75, 12);
    // Fused over all 6: 4 right; recall happy 1/2, sad 2/2, angry 1/2 → UAR 2/3.
    expect(s.fused.war).toBeCloseTo(4 / 6, 12);
    expect(s.fused.uar).toBeCloseTo(2 / 3, 12);
    // MIGR: judged 5, consistent 3; correct and judged 4, of which inconsistent 2.
    // Own answer = fused in 4 of the 5 judged (the clip's model answered neutral, fused sad).
    expect(s.orders.migr).toEqual({
      judged: 5,
      consistency: 3 / 5,
      correct_but_inconsistent_all: 2 / 6,
      correct: 4,
      correct_but_inconsistent_correct: 2 / 4,
      answer_agreement: 4 / 5,
      tokens_per_s: 100,
    });
    // Visual-first: judged 5, consistent 2; correct 4, inconsistent among them 2 (sad image, angry audio).
    expect(s.orders.visual_first).toEqual({
      judged: 5,
      consistency: 2 / 5,
      correct_but_inconsistent_all: 2 / 6,
      correct: 4,
      correct_but_inconsistent_correct: 2 / 4,
      answer_agreement: 4 / 5,
      tokens_per_s: 50,
    });
    expect(s.dominant).toEqual({ face: 4, voice: 2 });
  });

  it('label maps: DFEW numbers in its order; MAFW names and numbers, its four extra classes with no class', () => {
    expect(['1', '2', '3', '4', '5', '6', '7'].map((l) => mapLabel(l, 'dfew'))).toEqual([
      'happy',
      'sad',
      'neutral',
      'angry',
      'surprise',
      'disgust',
      'fear',
    ]);
    expect(mapLabel('0', 'dfew')).toBeNull();
    expect(mapLabel('8', 'dfew')).toBeNull();
    expect(mapLabel('happy', 'dfew')).toBeNull();
    expect(
      ['anger', 'disgust', 'fear', 'happiness', 'neutral', 'sadness', 'surprise'].map((l) => mapLabel(l, 'mafw')),
    ).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
    // The app's label table would read disappointment as sad (GoEmotions' Ekman map); MAFW's class has no DFEW class.
    expect(mapLabel('disappointment', 'names')).toBe('sad');
    expect(
      ['contempt', 'anxiety', 'helplessness', 'disappointment', '8', '11'].map((l) => mapLabel(l, 'mafw')),
    ).toEqual([null, null, null, null, null, null]);
    expect(mapLabel('4', 'mafw')).toBe('happy');
  });

  it('finds MAFW-labelled items: refuses the classes with no DFEW class, or leaves them out and counts them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-mafw-'));
    for (const f of ['a.wav', 'b.wav', 'c.wav', 'd.wav']) writeFileSync(join(dir, f), '');
    writeFileSync(
      join(dir, 'labels.csv'),
      'path,label\na.wav,happiness\nb.wav,contempt\nc.wav,anxiety\nd.wav,contempt\n',
    );
    expect(() => findItems(dir, { labelMap: 'mafw' })).toThrow(new UnknownLabelError(['anxiety', 'contempt']));
    const found = findItems(dir, { labelMap: 'mafw', dropUnmapped: true });
    expect(found.items.map((i) => [i.path.split('/').at(-1), i.label])).toEqual([['a.wav', 'happy']]);
    expect(found.dropped).toEqual({ contempt: 2, anxiety: 1 });
  });

  it('shards keep whole speakers together, cover every item once, and merge back', () => {
    const items = ['s1', 's2', 's1', 's3', '', 's2', ''].map((speaker, k): Item => ({
      path: `/x/${k}.wav`,
      label: 'happy',
      kind: 'audio',
      speaker,
    }));
    const shards = [1, 2, 3].map((i) => shardItems(items, i, 3));
    // Speakers dealt in order of first appearance: s1 → 1, s2 → 2, s3 → 3, no speaker → 1.
    expect(shards.map((s) => s.map((i) => i.path.slice(3, 4)).join(''))).toEqual(['0246', '15', '3']);
    const speakersOf = shards.map((s) => new Set(s.map((i) => i.speaker)));
    for (const speaker of ['s1', 's2', 's3', '']) expect(speakersOf.filter((set) => set.has(speaker)).length).toBe(1);
    expect(shards.flat().length).toBe(items.length);
    expect(() => shardItems(items, 0, 3)).toThrow('--shard takes i/n');
    expect(() => shardItems(items, 4, 3)).toThrow('--shard takes i/n');
    const rows = (paths: string[]) => ({ results: paths.map((item) => ({ item }) as unknown as ItemResult) });
    expect(mergeResults([rows(['a', 'b']), rows(['c'])]).map((r) => r.item)).toEqual(['a', 'b', 'c']);
    expect(() => mergeResults([rows(['a']), rows(['a'])])).toThrow('a is in more than one');
  });
});
