/**
 * The session saved as a file on this device (made here, never sent anywhere): JSON with everything (and
 * this browser, when the visitor ticks it), CSV with a row per window, or the timeline as a PNG.
 */
import { exportStamp } from '../core/mi/export.ts';
import { timelineMarks } from '../core/mi/timeline.ts';
import { timelinePng } from '../platform/timeline-png.ts';
import type { SessionParts } from './session-parts.ts';

export class SessionFiles {
  constructor(readonly parts: Pick<SessionParts, 'analysis' | 'tiers' | 'explainer' | 'speech' | 'models'>) {}

  /**
   * The session as JSON: windows, MI, explanations, verdicts (transcripts included), and which models
   * produced them. This browser (user agent) and how each model chose its device (which can name the
   * GPU) only with `device`: the visitor ticks it.
   */
  data(options: { device: boolean } = { device: false }) {
    const { analysis, tiers, explainer, speech, models } = this.parts;
    return analysis.exportData({
      tier: tiers.tier,
      explainer: explainer.ready ? explainer.name : 'template',
      words: speech.ready,
      backends: options.device ? models.sessions : models.sessions.map((s) => ({ id: s.id, device: s.device })),
      ...(options.device ? { userAgent: typeof navigator === 'undefined' ? 'node' : navigator.userAgent } : {}),
    });
  }

  /** What an export would hold, in words, for the visitor to read before saving. */
  contents(): { windows: number; withWords: number } {
    const windows = this.parts.analysis.windows;
    return {
      windows: windows.length,
      withWords: windows.filter((w) => w.evidence.words?.transcript !== undefined).length,
    };
  }

  /**
   * Saves the export as a file on this device (made here, never sent anywhere): JSON (everything, and this
   * browser when `device`), or CSV (one row per window, for a spreadsheet or a slide).
   */
  async download(options: { device: boolean; format?: 'json' | 'csv' | 'png' } = { device: false }): Promise<void> {
    const { file: stamp, shown } = exportStamp(Date.now());
    const windows = this.parts.analysis.windows;
    let blob: Blob;
    let ext: string;
    if (options.format === 'png') {
      const title = `Attend First · ${windows.length} window${windows.length === 1 ? '' : 's'} · ${shown}`;
      blob = await timelinePng(timelineMarks(windows), title);
      ext = 'png';
    } else if (options.format === 'csv') {
      blob = new Blob([this.parts.analysis.exportCsv()], { type: 'text/csv' });
      ext = 'csv';
    } else {
      blob = new Blob([JSON.stringify(this.data(options), null, 2)], { type: 'application/json' });
      ext = 'json';
    }
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `attend-first-${ext === 'png' ? 'timeline' : 'session'}-${stamp}.${ext}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
