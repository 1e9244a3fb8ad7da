import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, findItems, markdown, summarise, UnknownLabelError, type Item } from './run.ts';

const FIXTURES = join(import.meta.dirname, '../../e2e/fixtures');
const MEDIA = join(FIXTURES, 'media');

describe('npm run eval', () => {
  it('maps labels by name from a labels.csv, counts unlabelled items, and refuses a label with no class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    for (const f of ['a.mp4', 'b.wav', 'c.jpg', 'd.wav', 'b.mp4', 'c.wav', 'notes.txt']) writeFileSync(join(dir, f), '');
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
    expect(items.find((i) => i.path.endsWith('cremad_1002_DFA_SAD_XX.wav'))).toMatchObject({ label: 'sad', speaker: '1002' });
  });

  it('reads images with the face only, audio with the voice only, clips with both, and reports n per modality', async () => {
    const items: Item[] = [
      { path: join(FIXTURES, 'faces/happy/london_001_smiling.jpg'), label: 'happy', kind: 'image', speaker: '' },
      { path: join(FIXTURES, 'faces/neutral/london_001_neutral.jpg'), label: 'neutral', kind: 'image', speaker: '' },
      { path: join(FIXTURES, 'speech/angry/cremad_1002_DFA_ANG_XX.wav'), label: 'angry', kind: 'audio', speaker: '1002' },
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
    expect([summary.items, summary.clips, summary.face.n, summary.voice.n, summary.words.n, summary.fused.n]).toEqual([5, 1, 3, 3, 0, 5]);
    for (const k of ['face', 'voice', 'fused'] as const) {
      expect(summary[k].war).toBeGreaterThanOrEqual(0);
      expect(summary[k].war).toBeLessThanOrEqual(1);
    }
    const table = markdown(summary);
    expect(table).toContain('| voice (Lite) | 3 |');
    expect(table).toContain('| MIGR (MI order) |');
  }, 60_000);
});
