import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, findClips, markdown, summarise } from './run.ts';

const MEDIA = join(import.meta.dirname, '../../e2e/fixtures/media');

describe('npm run eval', () => {
  it('finds labelled clips from a labels.csv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    writeFileSync(join(dir, 'labels.csv'), 'a.mp4,happy\nb.mp4,angry\nc.mp4,contempt\n');
    expect(findClips(dir).map((c) => c.label)).toEqual(['happy', 'angry']);
  });

  it('runs the Lite pipeline over the two repo clips and reports every metric', async () => {
    const clips = [
      { path: join(MEDIA, 'cremad_1001_DFA_HAP_XX.mp4'), label: 'happy' as const },
      { path: join(MEDIA, 'cremad_1001_DFA_ANG_XX.mp4'), label: 'angry' as const },
    ];
    const results = await evaluate(clips);
    expect(results.length).toBe(2);
    for (const r of results) {
      expect(r.face).not.toBeNull(); // a face in every clip
      expect(r.voice).not.toBeNull(); // one voiced utterance in every clip
      expect(r.fused).not.toBeNull();
      expect(r.consistent.migr).not.toBeNull();
    }
    const summary = summarise(results);
    expect(summary.clips).toBe(2);
    for (const k of ['face', 'voice', 'fused'] as const) {
      expect(summary[k].war).toBeGreaterThanOrEqual(0);
      expect(summary[k].war).toBeLessThanOrEqual(1);
    }
    expect(markdown(summary)).toContain('| MIGR (MI order) |');
  }, 60_000);
});
