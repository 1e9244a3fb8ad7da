/**
 * Reviewing the session's windows: the panels show the newest window, or one the visitor chose on the
 * timeline (by click or keys) while new windows keep arriving.
 */
import { explanationSections } from '../core/mi/timeline.ts';
import type { AnalysisWindow, StreamedSection } from '../core/mi/window.ts';
import type { AnalysisSession } from './analysis.svelte.ts';

export class WindowReview {
  /** The window being reviewed (its id), or null: the panels follow the newest window. */
  reviewing: number | null = $state(null);

  constructor(private readonly analysis: Pick<AnalysisSession, 'windows' | 'current' | 'stream'>) {}

  /** The window the panels show: the one reviewed, else the current one. */
  get shown(): AnalysisWindow | null {
    const { windows, current } = this.analysis;
    if (this.reviewing === null) return current;
    return windows.find((w) => w.id === this.reviewing) ?? current;
  }

  /** The shown window's MI-ordered explanation by section: as streamed for the current window, finished for a reviewed one. */
  get sections(): readonly StreamedSection[] {
    const shown = this.shown;
    if (!shown || shown.id === this.analysis.current?.id) return this.analysis.stream.sections;
    return shown.explanations.migr ? explanationSections(shown.explanations.migr) : [];
  }

  /** The shown window is the current one, whose explanation may still be streaming. */
  get live(): boolean {
    return this.shown?.id === this.analysis.current?.id;
  }

  /** Review a window (null: follow the newest again). */
  to(id: number | null): void {
    this.reviewing = id !== null && this.analysis.windows.some((w) => w.id === id) ? id : null;
  }

  /** The window `delta` places before (−) or after (+) the one shown, clamped to the session's. */
  step(delta: number): void {
    const { windows } = this.analysis;
    if (windows.length === 0) return;
    const at = windows.findIndex((w) => w.id === this.shown?.id);
    const index = Math.min(windows.length - 1, Math.max(0, (at === -1 ? windows.length - 1 : at) + delta));
    this.to(windows[index]!.id);
  }
}
