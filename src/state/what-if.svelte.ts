/**
 * The "What if?" toggles: which modalities the visitor has left out of the shown window. Leaving one out
 * is asked of the window on screen; another window starts with nothing left out. The counterfactual
 * itself is computed by the core (src/core/mi/what-if.ts).
 */
import type { Modality } from '../core/mi/modalities.ts';
import { whatIf, type Counterfactual } from '../core/mi/what-if.ts';
import type { AnalysisWindow } from '../core/mi/window.ts';

export class WhatIfChoice {
  #windowId: number | null = $state(null);
  #without: Modality[] = $state([]);

  /** What is left out of `window` (nothing, for a window other than the one the toggles were set on). */
  without(window: AnalysisWindow | null): readonly Modality[] {
    return window !== null && window.id === this.#windowId ? this.#without : [];
  }

  toggle(window: AnalysisWindow, modality: Modality): void {
    const current = this.without(window);
    this.#windowId = window.id;
    this.#without = current.includes(modality) ? current.filter((m) => m !== modality) : [...current, modality];
  }

  /** The window recomputed without what is left out, or null while nothing is. */
  counterfactual(window: AnalysisWindow | null): Counterfactual | null {
    const without = this.without(window);
    if (!window || without.length === 0) return null;
    return whatIf(window, without, window.explanations.migr?.text ?? '');
  }
}
