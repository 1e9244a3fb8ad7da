import type { Locator } from '@playwright/test';

const TAG: Record<string, string> = { face: 'vis_desc', voice: 'aud_desc', words: 'txt_desc' };
const RANK: Record<string, number> = { face: 0, voice: 1, words: 2 };

export interface PanelEntry {
  readonly modality: string;
  /** The app's contribution measure (data-contribution carries the full value). */
  readonly contribution: number;
  /** The modality's own reading as the panel shows it ("angry 0.81" → angry). */
  readonly reading: string;
  /** Worked out here from what the panel shows: the modality's own reading is the fused emotion (the paper's unimodal test). */
  readonly alone: boolean;
  /** What the app flags as alone (data-alone), to be checked against `alone`, never used in its place. */
  readonly appSaysAlone: boolean;
}

/** Each modality's row as the MI panel shows it, with the fused emotion read from the same panel at the same moment. */
export async function panelEntries(mi: Locator): Promise<PanelEntry[]> {
  const { fused, rows } = await mi.evaluate((panel) => ({
    fused: panel.querySelector('[data-testid="fused"] strong')?.textContent?.trim().toLowerCase() ?? '',
    rows: [...panel.querySelectorAll('li[data-modality]')].map((x) => ({
      modality: x.getAttribute('data-modality')!,
      contribution: Number(x.getAttribute('data-contribution')),
      reading: x.querySelector('.reading')?.textContent?.trim().split(/\s+/)[0]?.toLowerCase() ?? '',
      appSaysAlone: x.getAttribute('data-alone') === 'true',
    })),
  }));
  if (!fused) throw new Error('the MI panel shows no fused emotion');
  return rows.map((r) => ({ ...r, alone: r.reading === fused }));
}

/** The paper's rule, written out in the test: exactly one modality alone reads the fused emotion → it; else multimodal. */
export function expectedDominant(entries: readonly PanelEntry[]): string {
  const alone = entries.filter((e) => e.alone);
  return alone.length === 1 ? alone[0]!.modality : 'multimodal';
}

/**
 * The MIGR plan the rows call for, independently of the app: the dominant modality's section first,
 * then by contribution, largest first, ties in face, voice, words order (src/core/mi/importance.ts),
 * then think and answer. Holds in the multimodal case too.
 */
export function expectedMigrPlan(entries: readonly PanelEntry[]): string[] {
  const dominant = expectedDominant(entries);
  const first = (m: string) => (m === dominant ? 0 : 1);
  const sorted = [...entries].sort(
    (a, b) =>
      first(a.modality) - first(b.modality) || b.contribution - a.contribution || RANK[a.modality]! - RANK[b.modality]!,
  );
  return [...sorted.map((s) => TAG[s.modality]!), 'think', 'answer'];
}
