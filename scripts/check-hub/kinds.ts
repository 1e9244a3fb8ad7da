/** What `npm run check:hub` runs for each hub model, by the role the manifest gives it (shared by page and Node). */
import type { ModelEntry } from '../../src/core/manifest.ts';

export type CheckKind = 'face' | 'speech-to-text' | 'text-emotion' | 'speech-emotion' | 'explainer';

export function checkKind(entry: ModelEntry): CheckKind {
  switch (entry.role) {
    case 'facial-expression':
      return 'face';
    case 'speech-to-text':
      return 'speech-to-text';
    case 'text-emotion':
      return 'text-emotion';
    case 'speech-emotion':
      return 'speech-emotion';
    case 'explainer':
      return 'explainer';
    default:
      throw new Error(`${entry.id}: no hub check for role ${entry.role}`);
  }
}

/** The fixture inputs, made in Node and handed to the page. */
export interface CheckInputs {
  /** A smiling face (JPEG bytes). */
  readonly smilingFace: number[];
  /** The CREMA-D sentence "Don't forget a jacket." at 16 kHz. */
  readonly sentence: number[];
  /** A clearly happy sentence for the text-emotion model. */
  readonly happyText: string;
}

/** What the page measured of one model: its files (from the download cache), timings and raw outputs. */
export interface PageResult {
  readonly id: string;
  readonly kind: CheckKind;
  readonly device: string;
  readonly reason: string;
  readonly files: { readonly path: string; readonly bytes: number; readonly sha256: string }[];
  readonly loadS: number;
  readonly firstRunS: number;
  readonly warmRunMs: number;
  /** Scores (classifiers), a transcript, or an explanation's text, sections and figures. */
  readonly output: unknown;
  readonly id2label?: unknown;
  readonly error?: string;
}
