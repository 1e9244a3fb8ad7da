/**
 * The evaluation's items: labelled clips (face and voice), still images (face only) and audio files
 * (voice only) found under a folder, their labels mapped to the seven classes (by name, or by the DFEW
 * and MAFW tables), whole speakers per shard.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { EMOTIONS, emotionForLabel, type Emotion } from '../../src/core/labels.ts';

const KINDS = {
  clip: new Set(['.mp4', '.webm', '.mkv', '.mov', '.avi']),
  image: new Set(['.jpg', '.jpeg', '.png']),
  audio: new Set(['.wav', '.mp3', '.flac', '.ogg']),
} as const;
export type ItemKind = keyof typeof KINDS;

export interface Item {
  readonly path: string;
  readonly label: Emotion;
  readonly kind: ItemKind;
  /** Whose voice: items of one speaker share a voice baseline, as a session would. */
  readonly speaker: string;
}

export interface FoundItems {
  readonly items: Item[];
  /** Items whose label was `-` or empty. */
  readonly unlabelled: number;
  /** Listed items whose file is not there. */
  readonly missing: readonly string[];
  /** Items left out because their label has no class, per label (with `dropUnmapped`). */
  readonly dropped: Readonly<Record<string, number>>;
}

export class UnknownLabelError extends Error {
  constructor(readonly labels: readonly string[]) {
    super(`labels with no emotion class (map them or remove them): ${labels.join(', ')}`);
  }
}

function kindOf(path: string): ItemKind | null {
  const ext = extname(path).toLowerCase();
  for (const [kind, exts] of Object.entries(KINDS)) if ((exts as Set<string>).has(ext)) return kind as ItemKind;
  return null;
}

/**
 * How a dataset's labels become the seven classes:
 * - `names`: by name with the app's label table (anger → angry, calm → neutral, …);
 * - `dfew`: DFEW's numbers 1–7 in its order (happy, sad, neutral, angry, surprise, disgust, fear);
 * - `mafw`: MAFW's 11 classes, by name or by number 1–11 (anger, disgust, fear, happiness, neutral,
 *   sadness, surprise, contempt, anxiety, helplessness, disappointment): the seven basic ones map,
 *   the four others have no class and are refused (or, with `dropUnmapped`, left out and counted).
 */
export type LabelMap = 'names' | 'dfew' | 'mafw';

const MAFW = [
  'anger',
  'disgust',
  'fear',
  'happiness',
  'neutral',
  'sadness',
  'surprise',
  'contempt',
  'anxiety',
  'helplessness',
  'disappointment',
];
const MAFW_BASIC: Readonly<Record<string, Emotion>> = {
  anger: 'angry',
  disgust: 'disgust',
  fear: 'fear',
  happiness: 'happy',
  neutral: 'neutral',
  sadness: 'sad',
  surprise: 'surprise',
};

/** The class a dataset label counts towards under `map`, or null (no class). */
export function mapLabel(label: string, map: LabelMap): Emotion | null {
  const l = label.trim().toLowerCase();
  if (map === 'dfew') return /^[1-7]$/.test(l) ? (EMOTIONS[Number(l) - 1] as Emotion) : null;
  if (map === 'mafw') return MAFW_BASIC[/^\d+$/.test(l) ? (MAFW[Number(l) - 1] ?? '') : l] ?? null;
  return emotionForLabel(l);
}

export interface FindOptions {
  readonly labelMap?: LabelMap;
  /** Leave out items whose label has no class (counted per label) instead of refusing the set. */
  readonly dropUnmapped?: boolean;
}

/** Items with their labels mapped; throws UnknownLabelError listing every label that maps to no class. */
export function findItems(dir: string, options: FindOptions = {}): FoundItems {
  const labelMap = options.labelMap ?? 'names';
  const raw: { path: string; label: string; speaker: string }[] = [];
  const manifest = join(dir, 'MANIFEST.tsv');
  const csv = join(dir, 'labels.csv');
  if (existsSync(manifest)) {
    const [head, ...rows] = readFileSync(manifest, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const col = (name: string) => head!.indexOf(name);
    for (const r of rows) {
      const file = r[col('file')] ?? '';
      const speaker = col('speaker') >= 0 ? (r[col('speaker')] ?? '') : '';
      raw.push({ path: join(dir, file), label: r[col('label')] ?? '', speaker });
    }
  } else if (existsSync(csv)) {
    for (const line of readFileSync(csv, 'utf8').trim().split('\n')) {
      const [file, label] = line.split(',').map((x) => x.trim());
      if (file && file !== 'path') raw.push({ path: join(dir, file), label: label ?? '', speaker: '' });
    }
  } else {
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (kindOf(p) && relative(dir, p).includes('/'))
          raw.push({ path: p, label: relative(dir, p).split('/').at(-2)!, speaker: '' });
      }
    };
    walk(dir);
  }
  const items: Item[] = [];
  const unknown = new Set<string>();
  const dropped: Record<string, number> = {};
  let unlabelled = 0;
  const missing: string[] = [];
  for (const r of raw) {
    const kind = kindOf(r.path);
    if (!kind) continue;
    if (!existsSync(r.path)) {
      missing.push(relative(dir, r.path));
      continue;
    }
    if (r.label === '' || r.label === '-') {
      unlabelled++;
      continue;
    }
    const label = mapLabel(r.label, labelMap);
    if (label === null) {
      if (options.dropUnmapped) dropped[r.label] = (dropped[r.label] ?? 0) + 1;
      else unknown.add(r.label);
    } else items.push({ path: r.path, label, kind, speaker: r.speaker || speakerFromName(r.path) });
  }
  if (unknown.size > 0) throw new UnknownLabelError([...unknown].sort());
  return { items, unlabelled, missing, dropped };
}

/**
 * Shard `index` (1-based) of `count`: whole speakers go to one shard (a speaker's voice baseline is built
 * in item order, so a shard reads each item as the whole run would), speakers dealt round-robin in the
 * order they first appear; items with no speaker count as one speaker.
 */
export function shardItems(items: readonly Item[], index: number, count: number): Item[] {
  if (!Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard takes i/n with 1 ≤ i ≤ n, not ${index}/${count}`);
  }
  const speakers = [...new Set(items.map((i) => i.speaker))];
  const shardOf = new Map(speakers.map((s, k) => [s, (k % count) + 1]));
  return items.filter((i) => shardOf.get(i.speaker) === index);
}

/** CREMA-D names carry the actor (cremad_1001_…); otherwise one speaker for the folder. */
function speakerFromName(path: string): string {
  return /cremad_(\d{4})_/.exec(path)?.[1] ?? '';
}
