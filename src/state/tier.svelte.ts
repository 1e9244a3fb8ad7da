/**
 * The tier the visitor chose: Lite (bundled, offline) needs nothing; Standard and Omni bring larger
 * models from the Hugging Face hub (the hub parts, each a HubPart). Omni is Standard with an explainer
 * that hears and sees. Where the Standard face model cannot be loaded, the page says so and stays on Lite.
 */
import type { Tier } from '../core/manifest.ts';

export type { Tier };

export class TierChoice {
  tier: Tier = $state('lite');
  /** The last tier asked for other than Lite (what Retry goes back to after a failure). */
  wanted: Exclude<Tier, 'lite'> = $state('standard');

  choose(tier: Tier): void {
    this.tier = tier;
    if (tier !== 'lite') this.wanted = tier;
  }

  /** What the tier needs could not be loaded: the page stays on Lite (Retry asks for `wanted` again). */
  fallBack(): void {
    this.tier = 'lite';
  }
}
