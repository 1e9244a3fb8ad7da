/**
 * The "What if?" toggles: which modalities the visitor has left out of the shown window. Leaving one out
 * is asked of the window on screen; another window starts with nothing left out. The counterfactual
 * itself is computed by the core (src/core/mi/what-if.ts).
 */
import { SvelteMap } from 'svelte/reactivity';
import type { Modality } from '../core/mi/modalities.ts';
import type { ParseEvent } from '../core/mi/parser.ts';
import { whatIf, withoutKey, type Counterfactual } from '../core/mi/what-if.ts';
import { applyParseEvents, type AnalysisWindow, type StreamedSection } from '../core/mi/window.ts';

/** A counterfactual explanation an LLM writes on request, streamed like any other. */
export interface WrittenWhatIf {
  /** Which window and which modalities left out it was written for. */
  readonly key: string;
  readonly source: string;
  sections: StreamedSection[];
  /** Asked for while the explainer was writing a window: it is written once that is done. */
  waiting: boolean;
  done: boolean;
  error: string | null;
}

export class WhatIfChoice {
  #windowId: number | null = $state(null);
  #without: Modality[] = $state([]);
  /** Every what-if shown, per window (the export can include them), as each set of modalities left out. */
  readonly #shown = new SvelteMap<number, Modality[][]>();

  /** What is left out of `window` (nothing, for a window other than the one the toggles were set on). */
  without(window: AnalysisWindow | null): readonly Modality[] {
    return window !== null && window.id === this.#windowId ? this.#without : [];
  }

  toggle(window: AnalysisWindow, modality: Modality): void {
    const current = this.without(window);
    this.#windowId = window.id;
    this.#without = current.includes(modality) ? current.filter((m) => m !== modality) : [...current, modality];
    if (this.#without.length === 0) return;
    const seen = this.#shown.get(window.id) ?? [];
    const key = withoutKey(this.#without);
    if (!seen.some((ms) => withoutKey(ms) === key)) this.#shown.set(window.id, [...seen, [...this.#without]]);
  }

  /** The LLM's counterfactual explanation, as written so far (one at a time: the latest asked for). */
  written: WrittenWhatIf | null = $state(null);

  /** The what-if `window` shows now, as a key ("3:voice"), or null while nothing is left out. */
  key(window: AnalysisWindow | null): string | null {
    const without = this.without(window);
    return window && without.length > 0 ? `${window.id}:${withoutKey(without)}` : null;
  }

  /** An LLM is asked for the shown what-if: it writes now, or once it is free (`waiting`). */
  begin(key: string, source: string, waiting = false): void {
    this.written = { key, source, sections: [], waiting, done: false, error: null };
  }

  /** The LLM starts writing it. */
  start(key: string): void {
    if (this.written?.key === key) this.written.waiting = false;
  }

  apply(key: string, events: readonly ParseEvent[]): void {
    if (this.written?.key === key) applyParseEvents(this.written.sections, events);
  }

  end(key: string, error: string | null = null): void {
    if (this.written?.key !== key) return;
    this.written.waiting = false;
    this.written.done = true;
    this.written.error = error;
  }

  /** The sets of modalities left out of each window while it was shown (for the export). */
  shown(): ReadonlyMap<number, readonly (readonly Modality[])[]> {
    return this.#shown;
  }

  /** The window recomputed without what is left out, or null while nothing is. */
  counterfactual(window: AnalysisWindow | null): Counterfactual | null {
    const without = this.without(window);
    if (!window || without.length === 0) return null;
    return whatIf(window, without, window.explanations.migr?.text ?? '');
  }
}
