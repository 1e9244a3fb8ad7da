import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { evaluate, type ItemResult } from './evaluate.ts';
import { findItems, mapLabel, shardItems, UnknownLabelError, type Item } from './items.ts';
import { markdown, mergeResults, summarise } from './summary.ts';
import { binomialUpperTail, mcnemarExact } from './stats.ts';
import type { Section } from '../../src/core/mi/parser.ts';

/** A fresh directory, removed when the test ends. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const FIXTURES = join(import.meta.dirname, '../../e2e/fixtures');
const MEDIA = join(FIXTURES, 'media');

describe('npm run eval', () => {
  it('maps labels by name from a labels.csv, counts unlabelled items, and refuses a label with no class', () => {
    const dir = tempDir('eval-');
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
    expect(results[4]!.explanations?.migr.answer).not.toBeNull();
    expect(results.map((r) => r.modalities)).toEqual([1, 1, 1, 1, 2]);
    const summary = summarise(results);
    expect([summary.items, summary.clips, summary.face.n, summary.voice.n, summary.words.n, summary.fused.n]).toEqual([
      5, 1, 3, 3, 0, 5,
    ]);
    const table = markdown(summary);
    expect(table).toContain('| voice (Lite) | 3 |');
    expect(table).toContain('| MIGR (MI order) |');
  }, 60_000);

  it("summarise: WAR, UAR, the paper's metric on the explanation's own answer, and the paired comparison, worked by hand", () => {
    type Row = Parameters<typeof summarise>[0][number];
    type Written = [answer: Row['fused'], whole: boolean | null, bySentence?: boolean | null];
    const FACE_FIRST: Section[] = ['vis_desc', 'aud_desc', 'think', 'answer'];
    const VOICE_FIRST: Section[] = ['aud_desc', 'vis_desc', 'think', 'answer'];
    const row = (
      label: Row['label'],
      fused: Row['fused'],
      face: Row['face'],
      voice: Row['voice'],
      migr: Written | null,
      vf: Written | null = migr,
      migrPlan: Section[] = face && voice ? VOICE_FIRST : ['vis_desc', 'think', 'answer'],
    ): Row => {
      const written = ([answer, whole, bySentence = whole]: Written, plan: Section[], speed: number) => ({
        plan,
        text: '',
        answer,
        wholeConsistent: whole,
        consistent: bySentence,
        tokensPerSecond: speed,
      });
      return {
        item: `${label}-${fused}-${Math.random()}`,
        kind: voice === null ? 'image' : face === null ? 'audio' : 'clip',
        label,
        face,
        voice,
        words: null,
        fused,
        dominant: face ? 'face' : 'voice',
        modalities: Number(face !== null) + Number(voice !== null),
        explanations:
          migr && vf
            ? {
                migr: written(migr, migrPlan, 100),
                'visual-first': written(vf, face && voice ? FACE_FIRST : migrPlan, 50),
              }
            : null,
      };
    };
    const s = summarise([
      row('happy', 'happy', 'happy', null, ['happy', true]), // image, right, consistent
      row('happy', 'sad', 'sad', null, ['sad', true]), // image, wrong
      row('sad', 'sad', 'sad', null, ['sad', false]), // image, right, inconsistent in both
      row('angry', 'angry', null, 'angry', ['angry', true], ['angry', false]), // audio, right; visual-first inconsistent
      row('angry', 'neutral', null, 'neutral', null), // audio, no window
      // Clips, voice-led (the plans differ): MIGR fails one that visual-first does not, and visual-first fails two.
      row('sad', 'sad', 'neutral', 'sad', ['sad', false], ['sad', true]),
      row('angry', 'angry', 'neutral', 'angry', ['angry', true], ['angry', false]),
      row('angry', 'angry', 'neutral', 'angry', ['angry', true], ['angry', false, true]),
      // A clip whose model answered neutral (fused sad): the own answer is wrong, whatever its reasoning.
      row('sad', 'sad', 'neutral', 'sad', ['neutral', false], ['sad', null]),
      // A face-led clip: same order in both.
      row('happy', 'happy', 'happy', 'neutral', ['happy', true], ['happy', false], FACE_FIRST),
    ]);
    // Face over the 8 items with a face: happy ✓, sad ✗, sad ✓, neutral ✗ ×4 (clips), happy ✓ → 3/8.
    expect(s.face.n).toBe(8);
    expect(s.face.war).toBeCloseTo(3 / 8, 12);
    // MIGR: 9 explained; own answer right in 7 (not the wrong image, not the neutral answer); whole judged 9,
    // consistent 6; correct and inconsistent: the sad image and the first sad clip → 2 of 10 items, 2 of 7.
    expect(s.orders.migr).toMatchObject({
      explained: 9,
      own_answer_war: 7 / 9,
      correct: 7,
      judged: 9,
      unjudged: 0,
      consistency: 6 / 9,
      correct_but_inconsistent_all: 2 / 10,
      correct_but_inconsistent_correct: 2 / 7,
      answer_agreement: 8 / 9,
      tokens_per_s: 100,
    });
    // Visual-first: own answer right in 8; one unjudged; inconsistent and right: sad image, angry audio, two
    // angry clips, the face-led clip → 5; by sentence the third clip is consistent → 4.
    expect(s.orders.visual_first).toMatchObject({
      explained: 9,
      correct: 8,
      judged: 8,
      unjudged: 1,
      correct_but_inconsistent_all: 5 / 10,
      correct_but_inconsistent_correct: 5 / 8,
      by_sentence: { judged: 8, correct_but_inconsistent_all: 4 / 10, correct_but_inconsistent_correct: 4 / 8 },
    });
    // Paired over the 4 voice-led clips: MIGR fails 1, visual-first 2; discordant 1 and 2 → p = 1.
    expect(s.paired).toEqual({ n: 4, migr: 1 / 4, visual_first: 2 / 4, migr_only: 1, visual_first_only: 2, p: 1 });
    expect(s.same_order).toMatchObject({ n: 1, migr: 0, visual_first: 1 });
    expect(s.one_modality).toMatchObject({
      n: 4,
      migr: 1 / 4,
      visual_first: 2 / 4,
      migr_only: 0,
      visual_first_only: 1,
    });
    expect(s.judge).toMatch(/^lexicon/);
    const table = markdown(s);
    expect(table).toContain('| paired: the plans differ in order | 4 | 25.0% | 50.0% | 1 | 2 | 1.000 |');
  });

  it("McNemar's exact test, two-sided, against values worked by hand", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(0, 6)).toBeCloseTo(2 / 64, 12);
    expect(mcnemarExact(6, 0)).toBeCloseTo(2 / 64, 12);
    expect(mcnemarExact(1, 5)).toBeCloseTo((2 * 7) / 64, 12);
    expect(mcnemarExact(3, 3)).toBe(1);
    expect(binomialUpperTail(5, 12, 1 / 6)).toBeCloseTo(0.0364, 4);
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
    const dir = tempDir('eval-mafw-');
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
