import type { Locator } from '@playwright/test';

const TAG: Record<string, string> = { face: 'vis_desc', voice: 'aud_desc', words: 'txt_desc' };
const RANK: Record<string, number> = { face: 0, voice: 1, words: 2 };

/** Each modality's share as the MI panel shows it (data-share carries the full value). */
export async function panelShares(mi: Locator): Promise<{ modality: string; share: number }[]> {
  return mi
    .locator('li[data-modality]')
    .evaluateAll((li) => li.map((x) => ({ modality: x.getAttribute('data-modality')!, share: Number(x.getAttribute('data-share')) })));
}

/**
 * The MIGR plan these shares call for, written out independently of the app: sections by share,
 * largest first, ties in face, voice, words order (as documented in src/core/mi/importance.ts), then
 * think and answer. Holds in the multimodal case too.
 */
export function expectedMigrPlan(shares: readonly { modality: string; share: number }[]): string[] {
  const sorted = [...shares].sort((a, b) => b.share - a.share || RANK[a.modality]! - RANK[b.modality]!);
  return [...sorted.map((s) => TAG[s.modality]!), 'think', 'answer'];
}
